"""Title, URL, date, section and agency extraction: one table per source, small real-shaped HTML."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from lxml import html

from indexer.extraction import agency, clean, dates, htmldate_stages, metadata, regions, sections

PAGES = Path(__file__).parent / "pages" / "metadata"


def rows(cases: list[tuple]) -> list[tuple]:
    """A table's rows without their ids."""
    return [case[1:] for case in cases]


def ids(cases: list[tuple]) -> list[str]:
    """A table's ids: the first column."""
    return [case[0] for case in cases]


def tree(body: str = "", head: str = "", lang: str = "") -> html.HtmlElement:
    """A parsed page from a head and a body fragment."""
    attr = f' lang="{lang}"' if lang else ""
    return html.document_fromstring(f"<html{attr}><head>{head}</head><body>{body}</body></html>")


def ld(data: str, kind: str = "application/ld+json") -> str:
    return f'<script type="{kind}">{data}</script>'


def meta(name: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{name}" content="{content}">'


H1 = "<h1>Council approves the new cycle lane plan</h1>"
PARA = "<p>The council voted late on Thursday to build the lane along the high street.</p>"

# ---------------------------------------------------------------------------------------------
# Dates: (id, head, body, url, expected)

DATE_CASES = [
    ("json-ld datePublished",
     ld('{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2021-03-03T10:15:00+01:00"}'),
     H1 + PARA, None, "2021-03-03"),
    ("json-ld @graph",
     ld('{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},'
        '{"@type":"Article","datePublished":"2019-07-01"}]}'),
     H1 + PARA, None, "2019-07-01"),
    ("json-ld article before web page",
     ld('[{"@type":"WebPage","datePublished":"2018-01-01"},'
        '{"@type":"BlogPosting","datePublished":"2018-05-06"}]'),
     H1 + PARA, None, "2018-05-06"),
    ("json-ld in CDATA with trailing comma",
     ld('//<![CDATA[\n{"@type":"NewsArticle","datePublished":"2020-02-02",}\n//]]>'),
     H1 + PARA, None, "2020-02-02"),
    ("json-ld untyped script",
     '<script>{"@context":"https://schema.org","@type":"NewsArticle",'
     '"datePublished":"2022-01-28T06:00:00+01:00"}</script>',
     H1 + PARA, None, "2022-01-28"),
    ("json-ld extra closing brace",
     ld('{"@type":"NewsArticle","datePublished":"2020-10-26T18:10:00+01:00"}}'),
     H1 + PARA, None, "2020-10-26"),
    ("json-ld nested 100,000 deep is ignored, the meta date stands",
     ld('{"a":' * 100_000 + "1" + "}" * 100_000)
     + meta("article:published_time", "2017-04-05T08:00:00Z"), H1 + PARA, None, "2017-04-05"),
    ("meta article:published_time",
     meta("article:published_time", "2016-03-23T08:00:00-04:00"), H1 + PARA, None, "2016-03-23"),
    ("meta og:article:published_time",
     meta("og:article:published_time", "2017-11-02"), H1 + PARA, None, "2017-11-02"),
    ("meta parsely-pub-date",
     meta("parsely-pub-date", "2015-06-30T14:00:00Z", "name"), H1 + PARA, None, "2015-06-30"),
    ("meta sailthru.date",
     meta("sailthru.date", "2014-09-09 12:00:00", "name"), H1 + PARA, None, "2014-09-09"),
    ("meta dc.date.issued",
     meta("DC.date.issued", "2022-02-04T15:33:00+01:00", "name"), H1 + PARA, None, "2022-02-04"),
    ("meta pubdate compact",
     meta("pubdate", "20200413", "name"), H1 + PARA, None, "2020-04-13"),
    ("meta parsely-page json",
     "<meta name=\"parsely-page\" "
     "content='{\"title\": \"x\", \"pub_date\": \"2013-08-12T00:30:00Z\"}'>",
     H1 + PARA, None, "2013-08-12"),
    ("meta itemprop datePublished",
     meta("datePublished", "2012-12-12", "itemprop"), H1 + PARA, None, "2012-12-12"),
    ("microdata itemprop in body",
     "", H1 + '<span itemprop="datePublished" content="2011-04-05">5 April</span>' + PARA,
     None, "2011-04-05"),
    ("time element next to headline",
     "", H1 + '<div class="meta"><time datetime="2023-10-18T09:00">18/10/2023</time></div>' + PARA,
     None, "2023-10-18"),
    ("published label, English month",
     "", H1 + "<p>Published: March 3, 2021</p>" + PARA, None, "2021-03-03"),
    ("label in its own element",
     "", H1 + '<div><h5 class="label">Datum:</h5>03.11.2021</div>' + PARA, None, "2021-11-03"),
    ("numeric dateline with time",
     "", H1 + '<p class="dateline">03.03.2021 10:15</p>' + PARA, None, "2021-03-03"),
    ("German month name",
     "", H1 + '<span class="date">Freitag, 5. März 2021</span>' + PARA, None, "2021-03-05"),
    ("Spanish month name",
     "", H1 + '<span class="fecha">3 de marzo de 2021</span>' + PARA, None, "2021-03-03"),
    ("Russian genitive month",
     "", H1 + '<p class="date">15 августа 2016, 13:43</p>' + PARA, None, "2016-08-15"),
    ("French abbreviated month",
     "", H1 + '<span class="date">le 3 janv. 2021</span>' + PARA, None, "2021-01-03"),
    ("two-digit year in a date element",
     "", H1 + '<span class="post-created"> 28.01.22</span>' + PARA, None, "2022-01-28"),
    ("unmarked date right below the headline",
     "", H1 + "<p><small>Handball &bull; 02.02.2022</small></p>" + PARA, None, "2022-02-02"),
    ("url /yyyy/mm/dd/",
     "", H1 + PARA, "https://news.example/2016/03/23/some-story/", "2016-03-23"),
    ("url /yyyymmdd/",
     "", H1 + PARA, "https://news.example/news/20160323/some-story", "2016-03-23"),
    ("url -yyyy-mm-dd",
     "", H1 + PARA, "https://news.example/story-2016-03-23.html", "2016-03-23"),
    ("published wins over modified",
     meta("article:modified_time", "2022-03-01") + meta("article:published_time", "2022-01-14"),
     H1 + PARA, None, "2022-01-14"),
    ("modified date alone is not a publication date",
     meta("article:modified_time", "2022-03-01"), H1 + PARA, None, None),
    ("updated label loses to the published dateline",
     "", H1 + '<p class="date">Updated: 4 May 2021</p><p class="date">3 May 2021</p>' + PARA,
     None, "2021-05-03"),
    ("updated label alone is the last resort",
     "", H1 + '<p class="date">Updated: 4 May 2021</p>' + PARA, None, "2021-05-04"),
    ("future date rejected", meta("article:published_time", "2099-01-01"), H1 + PARA, None, None),
    ("date before the web rejected",
     meta("article:published_time", "1989-11-09"), H1 + PARA, None, None),
    ("comment dates are not the article's (htmldate's reading of them is no date either)",
     "",
     H1 + PARA * 8 + '<ol class="comment-list"><li><span class="date">15.01.2022</span></li></ol>',
     None, None),
    ("sidebar and site header dates are not the article's",
     "",
     '<header class="site-header"><nav>menu</nav><span class="date">Monday, 28 November 2022</span>'
     "</header>" + H1 + PARA
     + '<aside><span class="post-date">2 February 2022</span></aside>',
     None, None),
    ("UTC stamp late in the day: the page's own day",
     ld('{"@type":"NewsArticle","datePublished":"2020-12-05T23:15:00Z"}'),
     H1 + '<p class="data_articolo">06 Dicembre 2020</p>' + PARA, None, "2020-12-06"),
    ("UTC stamp early in the day: the day in the URL",
     ld('{"@type":"NewsArticle","datePublished":"2020-02-18T02:18:11Z"}'),
     H1 + PARA, "https://news.example/2020/02/17/story/", "2020-02-17"),
    ("local offset is the day as written",
     ld('{"@type":"NewsArticle","datePublished":"2020-06-29T00:16:15+03:00"}'),
     H1 + '<span class="date">28.06.2020</span>' + PARA, None, "2020-06-29"),
    ("visible dateline beats a generic meta date",
     meta("date", "2021-10-15", "name"),
     H1 + '<p class="meta">Erschienen am: 13.10.2021</p>' + PARA, None, "2021-10-13"),
    ("generic meta date when nothing else",
     meta("dcterms.date", "2021-12-20", "name"), H1 + PARA, None, "2021-12-20"),
    ("byline next to the headline, whatever its class",
     "", '<article>' + H1 + '<div class="teaser__meta"><p class="byline">By Ann Smith on '
     "21 April 2020</p></div>" + PARA + "</article>", None, "2020-04-21"),
    ("nothing to go on", "", H1 + PARA, None, None),
    # round 2: republished stories, time zones, wikis and the last-resort sources
    ("visible date equal to dateModified: the page shows its revision",
     meta("article:published_time", "2021-11-29T14:13:37+00:00")
     + meta("article:modified_time", "2022-01-12T14:27:30+00:00"),
     H1 + '<div class="author-box"><span class="icon-calendar"></span> 12.01.2022</div>' + PARA,
     None, "2022-01-12"),
    ("visible published date kept when the page also shows an update",
     meta("article:published_time", "2020-09-26T22:00:27+0100")
     + meta("article:modified_time", "2020-09-28T08:39:12+0100"),
     H1 + '<p class="byline"><span class="ts ts-published"><span>Published:</span> '
     '<time datetime="2020-09-26T22:00:27+0100">22:00, 26 September 2020</time></span> | '
     '<span class="ts ts-updated"><span>Updated:</span> '
     '<time datetime="2020-09-28T08:39:12+0100">08:39, 28 September 2020</time></span></p>' + PARA,
     None, "2020-09-26"),
    ("only an Updated dateline, confirmed by dateModified",
     ld('{"@type":"NewsArticle","datePublished":"2019-10-15T16:59:59.000Z",'
        '"dateModified":"2020-03-12T14:42:17.000Z"}'),
     H1 + '<div class="timestamp">\n   Updated Mar 12, 2020 @ 10:42 am\n</div>' + PARA,
     None, "2020-03-12"),
    ("visible dateline confirms JSON-LD against the URL",
     ld('{"@type":"NewsArticle","datePublished":"2020-07-09T03:10:00Z"}'),
     H1 + '<span class="date">09.07.2020</span>' + PARA,
     "https://news.example/2020/07/08/story/", "2020-07-09"),
    ("UTC evening stamp: not yet tomorrow",
     ld('{"@type":"NewsArticle","datePublished":"2020-08-18T19:35:33+00:00"}'),
     H1 + '<div class="info-line">2020. augusztus 19. 08:12</div>' + PARA, None, "2020-08-18"),
    ("wiki page: its last revision",
     meta("generator", "MediaWiki 1.31.1", "name")
     + ld('{"@type":"Article","datePublished":"2005-07-26T16:22:26-07:00",'
          '"dateModified":"2020-01-29T12:33:32-07:00"}'),
     H1 + PARA + '<ul id="footer-info"><li id="footer-info-lastmod"> This page was last edited '
     "on 29 January 2020, at 13:22.</li></ul>", None, "2020-01-29"),
    ("article footer with the byline is the article's",
     "", '<article>' + H1 + '<footer class="node__meta"><span class="post-created">28.01.22</span>'
     "</footer>" + PARA + "</article>", None, "2022-01-28"),
    ("headline in a lower heading",
     "<title>Efficient hybrid battery for home storage</title>",
     '<p><em>01.11.2023 11:35</em></p><h4>Efficient hybrid battery for home storage</h4>' + PARA,
     None, "2023-11-01"),
    ("Japanese date",
     "", H1 + '<div class="entry-top-info"><span class="time">2020年07月03日</span></div>' + PARA,
     None, "2020-07-03"),
    ("url day-first segment",
     "", H1 + PARA, "https://news.example/media/meldungen/29-10-2021", "2021-10-29"),
    ("last resort: the page's own teaser in a list",
     "", H1 + PARA * 14 + '<div class="list"><a href="/human-rights"><div class="teaser">'
     '<div class="authored">10.11.2021</div><h2>Respect human rights, says the council</h2>'
     "</div></a></div>", "https://news.example/human-rights", "2021-11-10"),
    ("no rules date: htmldate's timestamp in the page's text stands",
     "", H1 + PARA + '<div data-x="1">Stand 2019-03-02T10:15:00+01:00</div>', None, "2019-03-02"),
    ("no rules date: a generic meta date, read by htmldate",
     meta("dc.date", "2011-07-25", "name"), H1 + PARA, None, "2011-07-25"),
    ("last resort: labelled date in the page footer",
     "", H1 + PARA * 14 + '<div class="footer"><p class="footer-line">Erschienen am: 01.11.2023'
     "</p></div>", None, "2023-11-01"),
    ("last resort: press release 'vom'",
     "", H1 + PARA * 14 + "<div>Pressemitteilung vom 20.01.2022</div>", None, "2022-01-20"),
    ("last resort: unmarked date a little further from the headline",
     "", H1 + "<h3>Page 1 of 2</h3><img src='a.jpg'><h2>Stars</h2><div><p>x</p><p>y</p></div>"
     "<span>06.11.2023 13:30 by Olga</span>" + PARA, None, "2023-11-06"),
    ("last resort: paragraph opening with its date",
     "", '<h1 class="title">Remembering the persecuted</h1>'
     + '<p>By Claudia Lindner</p>' * 14 + "<p>27.1.2022 - When the victims are remembered ...</p>",
     None, "2022-01-27"),
    ("last resort: no headline, a paragraph opening with its date",
     "<title>Union of associations</title>", "<div><p>2021-10-16 | Message<br>"
     "<b>The night of the birth</b></p></div>", None, "2021-10-16"),
    # round 3: the publisher's local day, teasers, microdata revisions, invisible text
    ("UTC stamp early in the day, US site: the evening before",
     meta("article:published_time", "2020-05-02T02:54:29.000Z") + meta("og:locale", "en_US"),
     H1 + PARA, "https://abc7.example/penn-station-cleaning/6144149/", "2020-05-01"),
    ("UTC stamp early in the day, Canadian domain: the evening before",
     ld('{"@type":"NewsArticle","datePublished":"2020-08-25T00:23:33.312Z"}'),
     H1 + PARA, "https://ici.radio.ca/nouvelle/1728875/transport-scolaire", "2020-08-24"),
    ("UTC midnight on a US site: a day, not a moment",
     meta("article:published_time", "2020-05-02T00:00:00Z") + meta("og:locale", "en_US"),
     H1 + PARA, "https://abc7.example/penn-station-cleaning/6144149/", "2020-05-02"),
    ("UTC stamp early in the day, German site: the same day",
     meta("article:published_time", "2020-05-02T02:54:29Z"),
     H1 + PARA, "https://zeitung.de/politik/story", "2020-05-02"),
    ("UTC stamp late in the day, US site: never tomorrow",
     meta("article:published_time", "2018-06-12T23:00:00.000Z") + meta("og:locale", "en_US"),
     H1 + '<ul class="metaList"><li>June 13, 2018</li></ul>' + PARA,
     "https://blog.example/content-depth", "2018-06-12"),
    ("a UTC time on the page does not confirm the UTC day",
     ld('{"@type":"NewsArticle","datePublished":"2020-08-25T00:23:33.312Z"}'),
     H1 + '<div class="published-date-time"><time dateTime="Tue Aug 25 2020 00:23:33 GMT+0000 '
     '(Coordinated Universal Time)">Publié à 0 h 23</time></div>' + PARA,
     "https://ici.radio.ca/nouvelle/1728875/transport-scolaire", "2020-08-24"),
    ("a teaser's date is another page's",
     meta("date", "2020-04-20T14:57:27+02:00", "name"),
     H1 + PARA * 3 + '<div class="box cssArticleRelated"><ul class="list"><li>'
     '<a href="/news/other-story-102.html"><span class="date">01. Mai 2020</span> Other</a>'
     "</li></ul></div>", "https://mdr.example/news/this-story-100.html", "2020-04-20"),
    ("a permalink around the page's own date",
     "", H1 + '<a href="/2014/05/18/new-in-may/" rel="bookmark"><time class="entry-date">'
     "18. Mai 2014</time></a>" + PARA, "https://blog.example/2014/05/18/new-in-may/",
     "2014-05-18"),
    ("a byline date that links to its day's archive",
     "", H1 + "<p><b>x</b></p>" * 8 + '<span class="by"><a href="/2020/04/20/">'
     '<time class="entry-date">20. April 2020</time></a></span>' + PARA,
     "https://blog.example/mein-beitrag/", "2020-04-20"),
    ("microdata dateModified and a visible dateline on that day",
     meta("date", "2021-10-28T13:21:30+01:00", "name"),
     H1 + '<p class="dateline">Berlin, 28.10.2021, 058/21</p>'
     '<time itemprop="datePublished" datetime="2021-10-27T20:35:36+01:00"></time>'
     '<time itemprop="dateModified" datetime="2021-10-28T13:21:30+01:00"></time>' + PARA,
     None, "2021-10-28"),
    ("Updated dateline far below the headline, confirmed by the modified date",
     meta("datecreated", "01/01/2004", "itemprop") + meta("datemodified", "06/13/2019", "itemprop"),
     H1 + PARA * 70 + '<div class="recipeDate">Updated June 13, 2019</div>', None, "2019-06-13"),
    ("date in the text after an HTML comment",
     "", H1 + "<div><span>Reporter | </span><!--span>mail</span--> 2020-03-04 16:52:59</div>"
     + PARA, None, "2020-03-04"),
    ("JSON-LD in the body is not a labelled dateline",
     "", H1 + ld('{"@type":"NewsArticle","datePublished":"2020-08-25T00:23:33Z"}')
     + '<p class="meta">Veröffentlicht am 24.08.2020</p>' + PARA, None, "2020-08-24"),
    ("Arabic month name in meta",
     meta("article:published_time", "الأربعاء، 07 أكتوبر 2020 - 12:09 م"), H1 + PARA, None,
     "2020-10-07"),
    ("a blog banner h1 does not hide the post's dateline",
     "<title>Liver with apple and onion | Love goes through the stomach</title>",
     '<div id="sidebar"><h1><a href="/">Love goes through the stomach</a></h1><div id="content">'
     '<h2>Liver with apple and onion</h2><p class="postmetadata">8.<a href="/date/2010/12/">'
     "Dezember 2010</a> um 09:43</p>" + PARA + "</div></div>", None, "2010-12-08"),
    ("last resort: CMS JSON in a script",
     "", H1 + PARA * 60 + '<script>window.__STATE__={"product":{"title":"x",'
     '"published_at":"2019-03-02T06:22:28+01:00"}}</script>', None, "2019-03-02"),
]


@pytest.mark.parametrize(
    ("head", "body", "url", "expected"), rows(DATE_CASES), ids=ids(DATE_CASES)
)
def test_find_date(head: str, body: str, url: str | None, expected: str | None) -> None:
    assert metadata.find_date(tree(body, head), url) == expected


# The rules' date against htmldate's: (id, rules tier and day, htmldate stage and day,
# choice, day). Days are days of March 2021; None: that side found nothing.
CHOICE_CASES = [
    ("they agree", ("guess", 3), ("page text", 3), "agree", 3),
    ("the rules' declared date over htmldate's", ("declared", 3), ("header", 4), "rules", 3),
    ("the rules' dateline over htmldate's header", ("dateline", 3), ("header", 4), "rules", 3),
    ("htmldate's header over the rules' guess", ("guess", 3), ("json", 4), "library", 4),
    ("the rules' guess over htmldate's marked element", ("guess", 3), ("elements", 4), "rules",
     3),
    ("htmldate's header alone", None, ("header", 4), "library", 4),
    ("htmldate's timestamp alone", None, ("timestamp", 4), "library", 4),
    ("htmldate's marked element alone: none", None, ("elements", 4), "none", None),
    ("htmldate's most frequent date alone: none", None, ("free text", 4), "none", None),
    ("the only date the page writes, alone", None, ("only date in page text", 4), "library", 4),
    ("the rules' guess over the page's only date", ("guess", 3),
     ("only date in free text", 4), "rules", 3),
    ("nothing on either side", None, None, "none", None),
]


@pytest.mark.parametrize(
    ("rules", "library", "choice", "day"), rows(CHOICE_CASES), ids=ids(CHOICE_CASES)
)
def test_choose_between_rules_and_htmldate(
    rules: tuple[str, int] | None, library: tuple[str, int] | None, choice: str, day: int | None
) -> None:
    def march(d: int) -> dt.date:
        return dt.date(2021, 3, d)

    found = dates.RulesDate(rules[0], dates.Found("test", march(rules[1]))) if rules else None
    other = htmldate_stages.LibraryDate(library[0], march(library[1])) if library else None
    assert dates.choose(found, other) == (choice, march(day) if day else None)


def test_htmldate_runs_only_where_its_answer_can_count() -> None:
    declared = dates.RulesDate("declared", dates.Found("test", dt.date(2021, 3, 3)))
    guess = dates.RulesDate("guess", dates.Found("test", dt.date(2021, 3, 3)))
    assert not dates.library_needed(declared)
    assert dates.library_needed(guess)
    assert dates.library_needed(None)


def test_htmldate_stages_name_where_the_date_was() -> None:
    head = meta("dc.date", "2011-07-25", "name")
    assert htmldate_stages.find_date(tree(H1 + PARA, head)) == htmldate_stages.LibraryDate(
        "header", dt.date(2011, 7, 25))
    url = "https://news.example/2020/02/17/story/"
    assert htmldate_stages.find_date(tree(H1 + PARA), url).stage == "url"


# A forum thread: every post has its day; htmldate picks the most frequent one, a guess.
FORUM_POSTS = "".join(
    f'<div class="post"><span>reader{i} {day}.09.19 12:44</span>'
    "<p>Same problem here since the update on my phone.</p></div>"
    for i, day in enumerate((28, 29, 30, 30, 30))
)
# (id, body, htmldate's stage, its tier)
ONE_DATE_CASES = [
    ("one date in a short line",
     H1 + PARA * 6 + "<p>Handbook for coaches, 01.02.2022, in stock</p>",
     "only date in free text", "sole"),
    ("one date in a link",
     H1 + PARA * 6 + '<ul><li><a href="/h">Handbook 01.02.2022</a></li></ul>',
     "only date in page text", "sole"),
    ("a forum's posts", H1 + PARA + FORUM_POSTS, "free text", "frequency"),
]


@pytest.mark.parametrize(("body", "stage", "tier"), rows(ONE_DATE_CASES), ids=ids(ONE_DATE_CASES))
def test_htmldate_guess_among_dates_is_told_from_the_only_date(
    body: str, stage: str, tier: str
) -> None:
    found = htmldate_stages.find_date(tree(body))
    assert (found.stage, htmldate_stages.library_tier(found)) == (stage, tier)


def test_a_forum_thread_without_a_dateline_gets_no_date() -> None:
    assert dates.find_rules_date(tree(H1 + PARA + FORUM_POSTS)) is None
    assert metadata.find_date(tree(H1 + PARA + FORUM_POSTS)) is None


def test_a_first_of_january_from_htmldate_alone_is_no_day() -> None:
    # a date field's default, padded out as htmldate pads a year alone
    default = '<meta itemprop="dateCreated" content="01/01/2004">'
    assert htmldate_stages.find_date(tree(H1 + PARA, default)) is None
    assert metadata.find_date(tree(H1 + PARA, default)) is None
    # the rules' own reading of a New Year's Day story stands
    stamped = meta("article:published_time", "2016-01-01T10:12:00+01:00")
    url = "https://blog.example/2016/01/01/start/"
    assert metadata.find_date(tree(H1 + PARA, stamped), url) == "2016-01-01"


def test_a_year_alone_is_no_day() -> None:
    # htmldate would fall back to the copyright year as its first of January
    body = H1 + PARA + "<footer>© 2016 Example Media</footer>"
    assert htmldate_stages.find_date(tree(body)) is None


# A page with a machine-readable date: which settle step decides, one row per step in the
# order find_date tries them ("strong": none does, the machine-readable date stands).
# (id, head, body, url, step, expected)
SETTLE_CASES = [
    ("dateline on the modified day",
     meta("article:published_time", "2021-11-29T14:13:37+00:00")
     + meta("article:modified_time", "2022-01-12T14:27:30+00:00"),
     H1 + '<div class="author-box"><span class="icon-calendar"></span> 12.01.2022</div>' + PARA,
     None, "_shown_revision", "2022-01-12"),
    ("JSON-LD and meta disagree, the dateline sides with meta",
     ld('{"@type":"NewsArticle","datePublished":"2021-03-01"}')
     + meta("article:published_time", "2021-03-02"),
     H1 + '<span class="date">02.03.2021</span>' + PARA, None, "_meta_over_json_ld",
     "2021-03-02"),
    ("dateline confirms the JSON-LD day against the URL",
     ld('{"@type":"NewsArticle","datePublished":"2020-07-09T03:10:00Z"}'),
     H1 + '<span class="date">09.07.2020</span>' + PARA,
     "https://news.example/2020/07/08/story/", "_confirmed", "2020-07-09"),
    ("early UTC stamp, the URL has the local day",
     ld('{"@type":"NewsArticle","datePublished":"2020-02-18T02:18:11Z"}'),
     H1 + PARA, "https://news.example/2020/02/17/story/", "_local_day_from_url", "2020-02-17"),
    ("late UTC stamp, the dateline has the local day",
     ld('{"@type":"NewsArticle","datePublished":"2020-12-05T23:15:00Z"}'),
     H1 + '<p class="data_articolo">06 Dicembre 2020</p>' + PARA, None, "_local_day_from_text",
     "2020-12-06"),
    ("URL and dateline outvote the meta date",
     meta("article:published_time", "2021-03-01"),
     H1 + '<span class="date">05.03.2021</span>' + PARA,
     "https://news.example/2021/03/05/story/", "_outvoted", "2021-03-05"),
    ("early UTC stamp on a US site",
     meta("article:published_time", "2020-05-02T02:54:29.000Z") + meta("og:locale", "en_US"),
     H1 + PARA, "https://abc7.example/penn-station-cleaning/6144149/",
     "_evening_in_the_americas", "2020-05-01"),
    ("no doubt to settle",
     meta("article:published_time", "2016-03-23T08:00:00-04:00"), H1 + PARA, None, "strong",
     "2016-03-23"),
]


@pytest.mark.parametrize(
    ("head", "body", "url", "step", "expected"), rows(SETTLE_CASES), ids=ids(SETTLE_CASES)
)
def test_settle_steps(head: str, body: str, url: str | None, step: str, expected: str,
                      caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="indexer.extraction.dates"):
        assert metadata.find_date(tree(body, head), url) == expected
    settled = [r.args[0] for r in caplog.records if r.msg == "date settled by %s"]
    assert settled == ([] if step == "strong" else [step])


PARSE_CASES = [
    ("iso with zone", "2021-03-03T23:59:59-05:00", False, dt.date(2021, 3, 3)),
    ("iso slashes", "2021/03/04", False, dt.date(2021, 3, 4)),
    ("day first", "04.03.2021", False, dt.date(2021, 3, 4)),
    ("American slash", "3/4/2021", True, dt.date(2021, 3, 4)),
    ("European slash", "3/4/2021", False, dt.date(2021, 4, 3)),
    ("day over 12 settles the order", "13/4/2021", True, dt.date(2021, 4, 13)),
    ("month name first", "Mar. 3rd, 2021", False, dt.date(2021, 3, 3)),
    ("Italian", "6 dicembre 2020", False, dt.date(2020, 12, 6)),
    ("Polish genitive", "12 października 2020", False, dt.date(2020, 10, 12)),
    ("Lithuanian year first", "2020 m. spalio 5 d.", False, dt.date(2020, 10, 5)),
    ("Unix timestamp", "1587481447", False, dt.date(2020, 4, 21)),
    ("earliest written wins", "Posted 2 May 2019, updated 2019-06-01", False, dt.date(2019, 5, 2)),
    ("Japanese", "2020年7月3日 17:16", False, dt.date(2020, 7, 3)),
    ("Korean", "2020년 3월 4일", False, dt.date(2020, 3, 4)),
    ("Arabic", "07 أكتوبر 2020", False, dt.date(2020, 10, 7)),
    ("Levantine Arabic", "15 آذار 2019", False, dt.date(2019, 3, 15)),
    ("Ukrainian genitive", "15 серпня 2016", False, dt.date(2016, 8, 15)),
    ("Bulgarian", "3 октомври 2020", False, dt.date(2020, 10, 3)),
    ("Hindi", "13 अप्रैल 2020", False, dt.date(2020, 4, 13)),
    ("Catalan", "3 de gener de 2021", False, dt.date(2021, 1, 3)),
    ("Albanian", "5 nëntor 2020", False, dt.date(2020, 11, 5)),
    ("Malay", "12 Ogos 2020", False, dt.date(2020, 8, 12)),
    ("Estonian", "15. märts 2021", False, dt.date(2021, 3, 15)),
    ("Tagalog month first", "Oktubre 3, 2020", False, dt.date(2020, 10, 3)),
    ("impossible day", "2021-02-30", False, None),
    ("no date", "Bundesliga: 3 Tore in 12 Minuten", False, None),
]


@pytest.mark.parametrize(
    ("value", "month_first", "expected"), rows(PARSE_CASES), ids=ids(PARSE_CASES)
)
def test_parse_date(value: str, month_first: bool, expected: dt.date | None) -> None:
    assert metadata.parse_date(value, month_first) == expected


# ---------------------------------------------------------------------------------------------
# Sections: (id, head, body, url, expected)

SECTION_CASES = [
    ("menu entry marked aria-current",
     "", '<nav><ul><li><a href="/">Start</a></li><li><a href="/kultur" aria-current="page">'
     "Kultur</a></li></ul></nav>" + H1, None, "Culture"),
    ("the part of the title after the headline",
     "<title>Sea temperatures rise again | Environment | The Daily Example</title>", H1, None,
     "Environment"),
    ("the site's name in the title is no section",
     '<title>Cup final tonight - Sport und Freizeit</title>'
     '<link rel="canonical" href="https://www.sportundfreizeit.example/story_1">', H1, None,
     None),
    ("the site's name as the trail's first crumb is no section",
     '<meta property="og:site_name" content="Sport und Freizeit">',
     '<ul class="breadcrumb"><li><a href="/">Sport und Freizeit</a></li><li><a href="/m">'
     "Marktplatz</a></li></ul>" + H1, None, None),
    ("a desk that starts the site's name stays",
     "<title>Cup final tonight | Sport | Sportwelt</title>"
     '<link rel="canonical" href="https://www.sportwelt.example/cup-final">', H1, None, "Sport"),
    ("a compound of a known wording, in the URL",
     "", H1, "https://zeitung.example/innenpolitik/2020/corona-regeln-123.html", "Politics"),
    ("a breadcrumb desk the table does not know, confirmed by the URL, as written",
     "", '<ul class="breadcrumbs"><li><a href="/">www.amt.example</a></li><li><a href="/p">'
     "Pressemitteilungen</a></li></ul>" + H1,
     "https://www.amt.example/pressemitteilungen/2022/story.html", "Pressemitteilungen"),
    ("a breadcrumb the URL does not confirm is no section",
     "", '<ul class="breadcrumbs"><li><a href="/">Zurück zur Startseite</a></li></ul>' + H1,
     "https://verein.example/aktuelles/2022/story.html", None),
    ("a cognate of a known wording, in a breadcrumb",
     "", '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/k">Kultura</a></li>'
     "</ol>" + H1, None, "Culture"),
    ("json-ld articleSection, German",
     ld('{"@type":"NewsArticle","articleSection":"Wirtschaft"}'), H1, None, "Business"),
    ("json-ld articleSection list, Spanish",
     ld('{"@type":"NewsArticle","articleSection":["Deportes","Fútbol"]}'), H1, None, "Sport"),
    ("json-ld articleSection path",
     ld('{"@type":"NewsArticle","articleSection":"News > World"}'), H1, None, "World"),
    ("meta article:section, French", meta("article:section", "Politique"), H1, None, "Politics"),
    ("meta article:section, shouting", meta("article:section", "GESUNDHEIT"), H1, None, "Health"),
    ("json-ld BreadcrumbList, Italian",
     ld('{"@type":"BreadcrumbList","itemListElement":['
        '{"@type":"ListItem","position":1,"name":"Home"},'
        '{"@type":"ListItem","position":2,"name":"Esteri"},'
        '{"@type":"ListItem","position":3,"name":"Council approves the new cycle lane plan"}]}'),
     H1, None, "World"),
    ("breadcrumb links",
     "",
     '<nav class="breadcrumb"><a href="/">Accueil</a> &gt; <a href="/monde/">Monde</a></nav>' + H1,
     None, "World"),
    ("microdata BreadcrumbList",
     "", '<ol itemscope itemtype="https://schema.org/BreadcrumbList"><li><a href="/">Start</a></li>'
         '<li><a href="/kultur/">Kultur</a></li></ol>' + H1, None, "Culture"),
    ("rel=category link",
     "",
     H1 + PARA + '<span class="cat-links"><a href="/c/op/" rel="category tag">Opinion</a></span>',
     None, "Opinion"),
    ("WordPress category class on the post",
     "", '<article class="post type-post category-sport">' + H1 + PARA + "</article>",
     None, "Sport"),
    ("kicker above the headline",
     "", '<div class="article"><span class="kicker">Science</span>' + H1 + PARA + "</div>",
     None, "Science"),
    ("current menu entry",
     "", '<ul class="nav"><li><a href="/">Home</a></li><li class="curr"><a href="/tech/">Tech</a>'
         "</li></ul>" + H1, None, "Technology"),
    ("url folder, Polish", "", H1, "https://news.example/swiat/story-4668753", "World"),
    ("url folder, nested",
     "", H1, "https://news.example/news/business/news/story.html", "Business"),
    ("site menus are not the article's section",
     "", '<nav><ul class="menu"><li class="menu-item-object-category"><a href="/sport/">Sport</a>'
         "</li></ul></nav>" + H1 + PARA, None, None),
    ("a declared wording outside the table is kept as the site's own desk",
     meta("article:section", "Bundeskanzleramt"), H1, None, "Bundeskanzleramt"),
    ("generic wording is left out", meta("article:section", "News"), H1, None, None),
    ("nothing to go on", "", H1 + PARA, "https://news.example/story-123", None),
]


@pytest.mark.parametrize(
    ("head", "body", "url", "expected"),
    rows(SECTION_CASES), ids=ids(SECTION_CASES),
)
def test_find_section(head: str, body: str, url: str | None, expected: str | None) -> None:
    assert metadata.find_section(tree(body, head), url) == expected


ALIAS_CASES = [
    ("Wirtschaft", "Business"), ("Deportes", "Sport"), ("Politique", "Politics"),
    ("Esteri", "World"), ("Sanità", "Health"), ("Companies & Markets", "Business"),
    ("Higher education", "Education"), ("Ideas", "Opinion"), ("LOKALES", "Local"),
    ("Ciência", "Science"), ("Umwelt", "Environment"), ("Société", "Society"),
    ("ARTS", "Arts"), ("Unterhaltung", "Entertainment"), ("Reise", "Travel"),
    ("Startseite", None), ("Mietenstreik in den USA", None),
]


@pytest.mark.parametrize(("wording", "expected"), ALIAS_CASES, ids=[c[0] for c in ALIAS_CASES])
def test_section_alias_table(wording: str, expected: str | None) -> None:
    assert sections.canonical_section(wording) == expected


# Wordings the table does not hold, read as a held one's kin (or not): (wording, expected)
RELATED_CASES = [
    ("Innenpolitik", "Politics"), ("Weltwirtschaft", "Business"), ("Kultura", "Culture"),
    ("Finanzas", "Business"), ("Technologien", "Technology"),
    ("Politik und Gesellschaft", "Politics"), ("Companies & Markets", "Business"),
    # English words ending in a label mean something else
    ("Agriculture", None), ("Geopolitics", None),
    # a shared first element is no shared stem; a short head no compound
    ("Bundeskanzleramt", None), ("Transport", None), ("Polizeibericht", "Crime"),
    ("Sex and the City", None), ("Startseite", None),
]


@pytest.mark.parametrize(("wording", "expected"), RELATED_CASES,
                         ids=[c[0] for c in RELATED_CASES])
def test_section_kin(wording: str, expected: str | None) -> None:
    assert (sections.canonical_section(wording) or sections.related_section(wording)) == expected


# ---------------------------------------------------------------------------------------------
# Titles and URLs

TITLE_CASES = [
    ("single h1", "<title>Ignored | Site</title>", H1, "Council approves the new cycle lane plan"),
    ("og:title without the site name, several h1",
     meta("og:site_name", "Example Times") + meta("og:title", "Rates rise again | Example Times"),
     "<h1>Example Times</h1><h1>Markets</h1>", "Rates rise again"),
    ("title split on the domain",
     '<title>Rates rise again - Example News</title><link rel="canonical" '
     'href="https://www.examplenews.example/a/1">', "<h1>Menu</h1><h1>Markets</h1>",
     "Rates rise again"),
    ("site name first",
     meta("og:site_name", "Example Times") + "<title>Example Times — Rates rise again</title>",
     "", "Rates rise again"),
    ("headline itemprop wins", "", '<h1>Site</h1><h1 itemprop="headline">Rates rise again</h1>',
     "Rates rise again"),
    ("an h1 still names the page when it is not a home link",
     "<title>Cycle lane approved | Example News</title>",
     '<h1><a href="/news/cycle-lane">Cycle lane approved</a></h1>', "Cycle lane approved"),
    ("the only h1 is the blog's banner",
     "<title>Liver with apple and onion | Love goes through the stomach</title>",
     '<h1><a href="https://blog.example/">Love goes through the stomach</a></h1>'
     "<h2>Liver with apple and onion</h2>",
     "Liver with apple and onion"),
]


@pytest.mark.parametrize(
    ("head", "body", "expected"), rows(TITLE_CASES), ids=ids(TITLE_CASES)
)
def test_find_title(head: str, body: str, expected: str) -> None:
    assert metadata.find_title(tree(body, head)) == expected


URL_CASES = [
    ("canonical, tracking dropped, host lower-cased",
     '<link rel="canonical" href="https://WWW.News.Example/a/story?utm_source=rss&id=7#top">',
     "https://www.news.example/a/story?id=7#top"),
    ("relative canonical resolved against og:url",
     '<link rel="canonical" href="/a/story.html">' + meta("og:url", "https://news.example/b/x.html"),
     "https://news.example/a/story.html"),
    ("og:url alone", meta("og:url", "https://news.example/c/story"), "https://news.example/c/story"),
    ("protocol-relative canonical", '<link rel="canonical" href="//news.example/d">',
     "https://news.example/d"),
    ("archive path kept as written",
     '<link rel="canonical" href="https://web.archive.org/web/2016/http://a.example/b/">',
     "https://web.archive.org/web/2016/http://a.example/b/"),
    ("default port dropped", '<link rel="canonical" href="HTTP://News.Example:80/e">',
     "http://news.example/e"),
    ("none", "", None),
]


@pytest.mark.parametrize(("head", "expected"), rows(URL_CASES), ids=ids(URL_CASES))
def test_find_url(head: str, expected: str | None) -> None:
    assert metadata.find_url(tree(H1, head)) == expected


# ---------------------------------------------------------------------------------------------
# Source agency: (id, head, paragraphs, expected)

SOURCE_CASES = [
    ("json-ld sourceOrganization",
     ld('{"@type":"NewsArticle","sourceOrganization":{"@type":"Organization","name":"Reuters"}}'),
     ["Text."], "Reuters"),
    ("json-ld author is an agency",
     ld('{"@type":"NewsArticle","author":[{"@type":"Organization","name":"Associated Press"}]}'),
     ["Text."], "AP"),
    ("meta source", meta("source", "dpa", "name"), ["Text."], "dpa"),
    ("Reuters dateline", "", ["LONDON (Reuters) - Oil prices rose on Monday.", "More."], "Reuters"),
    ("Xinhua dateline", "",
     ["BEIJING, March 23 (Xinhua) -- China's exports rose 5 percent.", "More."], "Xinhua"),
    ("AP dateline with em dash", "", ["WASHINGTON (AP) — The Senate voted.", "More."], "AP"),
    ("German agency dateline",
     "", ["Berlin (dpa) - Die Regierung hat beschlossen.", "Mehr."], "dpa"),
    ("closing credit", "", ["The ministry said so.", "Source: Xinhua"], "Xinhua"),
    ("inputs credit", "", ["The court adjourned.", "(With inputs from PTI)"], "PTI"),
    ("agency only mentioned", "", ["The minister told Reuters the plan was final.", "More."], None),
    ("no agency", "", ["The council voted on Thursday.", "It was close."], None),
]


@pytest.mark.parametrize(
    ("head", "paragraphs", "expected"), rows(SOURCE_CASES), ids=ids(SOURCE_CASES)
)
def test_find_source(head: str, paragraphs: list[str], expected: str | None) -> None:
    assert metadata.find_source(tree(H1, head), paragraphs) == expected


def test_find_source_text_only() -> None:
    assert metadata.find_source(None, "MOSCOW, June 1 (Reuters) - Markets fell.") == "Reuters"


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Story.", "It ended.Enditem"], ["Story.", "It ended."]),
    (["Story.", "It ended. Enditem"], ["Story.", "It ended."]),
    (["Story.", "It ended.", "Enditem"], ["Story.", "It ended."]),
    (["Story.", "It ended.", "(Enditem)"], ["Story.", "It ended."]),
    (["Story.", "It ended.", "Source: Xinhua"], ["Story.", "It ended."]),
    (["Story.", "It ended. Source: Xinhua"], ["Story.", "It ended."]),
    (["Story.", "It ended.", "Source: Xinhua", "Enditem"], ["Story.", "It ended."]),
    (["Story.", "The source: a leaked memo, he said."],
     ["Story.", "The source: a leaked memo, he said."]),
    (["Enditem is a word in the first line.", "Last."],
     ["Enditem is a word in the first line.", "Last."]),
    ([], []),
], ids=["glued", "spaced", "own-line", "bracketed", "source-line", "source-glued",
        "source-then-enditem", "source-in-prose", "not-at-end", "empty"])
def test_strip_agency_tail(paragraphs: list[str], expected: list[str]) -> None:
    assert agency.strip_agency_tail(paragraphs) == expected


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Story.", "It ended.", "Source: Xinhua"], "Xinhua"),
    (["Story.", "It ended. Source: Xinhua"], "Xinhua"),
    (["Story.", "Source: Reuters", "Enditem"], "Reuters"),
    (["Story.", "It ended.Enditem"], None),
    (["Story.", "It ended."], None),
    ([], None),
], ids=["own-line", "glued", "before-enditem", "enditem-only", "none", "empty"])
def test_find_agency_tail(paragraphs: list[str], expected: str | None) -> None:
    assert agency.find_agency_tail(paragraphs) == expected


CREDIT_LINES = [
    ("<div><p>Story text.</p><p>Source: Xinhua</p></div>", ["Source: Xinhua"]),
    ("<div><p>Story text.</p><p><b>Source:</b> Reuters</p></div>", ["Source: Reuters"]),
    ("<div><p>Sources say the talks will resume on Monday in Geneva.</p></div>", []),
    ("<div><p>Story text.</p></div>", []),
]


@pytest.mark.parametrize(("markup", "expected"), CREDIT_LINES,
                         ids=["plain", "bold-label", "sentence", "none"])
def test_credit_lines(markup: str, expected: list[str]) -> None:
    assert agency.credit_lines(html.fromstring(markup)) == expected


# settle_source, in its order of trust: (id, credited, paragraphs, markup left in the tree,
# fallback, expected source, expected body)
STORY = "The port handled more containers than in any month before."
SETTLE_SOURCE_CASES = [
    ("the page's metadata first", "AFP", [STORY, "Source: Xinhua"], "", [],
     "AFP", [STORY]),
    ("then a closing Source line", None, [STORY, "Source: Xinhua"], "", [],
     "Xinhua", [STORY]),
    ("then a dateline in the body", None, [f"LONDON (Reuters) - {STORY}", "Enditem"],
     "<p>Source: Xinhua</p>", [], "Reuters", [f"LONDON (Reuters) - {STORY}"]),
    ("last, a credit line the cleaner dropped", None, [STORY], "<p>Source: Xinhua</p>", [],
     "Xinhua", [STORY]),
    ("an unknown credit line names no agency", None, [STORY], "<p>Source: Port Authority</p>",
     [], None, [STORY]),
    ("a body that is only its tail falls back to the declared text", None, ["Enditem"], "",
     [STORY], None, [STORY]),
]


@pytest.mark.parametrize(
    ("credited", "paragraphs", "markup", "fallback", "source", "body"),
    rows(SETTLE_SOURCE_CASES), ids=ids(SETTLE_SOURCE_CASES),
)
def test_settle_source(credited: str | None, paragraphs: list[str], markup: str,
                       fallback: list[str], source: str | None, body: list[str]) -> None:
    page = tree(f"<p>{STORY}</p>{markup}")
    assert agency.settle_source(credited, paragraphs, page, fallback) == (source, body)


CLEAN = Path(__file__).parent / "pages" / "clean"
# Whole pages through the cleaner and settle_source: (fixture, directory, title, source,
# how the body ends)
AGENCY_PAGES = [
    ("captions.agency.html", CLEAN, "China launches new weather satellite", "Xinhua",
     "the center added."),
    ("wire.column.html", CLEAN, "Port handles record cargo", None,
     "add several days to delivery times."),
    ("agency.dateline.html", PAGES, None, "Xinhua", "the General Administration of Customs said."),
    ("newsroom.jsonld-graph.html", PAGES, None, "ANSA", "per l'esame definitivo."),
]


@pytest.mark.parametrize(("name", "folder", "title", "source", "last"), AGENCY_PAGES,
                         ids=[c[0].removesuffix(".html") for c in AGENCY_PAGES])
def test_agency_of_whole_pages(name: str, folder: Path, title: str | None, source: str | None,
                               last: str) -> None:
    page = html.document_fromstring((folder / name).read_bytes())
    credited = agency.credited_source(page)  # before clean drops <script>
    paragraphs = clean.extract_paragraphs(page, title)
    found, body = agency.settle_source(credited, paragraphs, page)
    assert (found, body[-1][-len(last):]) == (source, last)
    # the cleaner leaves wire tails to settle_source
    assert agency.strip_agency_tail(paragraphs) == body


# ---------------------------------------------------------------------------------------------
# Whole pages under tests/pages/metadata/

FILE_CASES = [
    ("wordpress.category.html", "date", "2022-01-14"),
    ("wordpress.category.html", "section", "Politics"),
    ("wordpress.category.html", "title", "Stadtrat beschließt neuen Radweg"),
    ("wordpress.category.html", "url",
     "https://www.beispielblatt.example/2022/01/14/stadtrat-beschliesst-radweg/"),
    ("newsroom.jsonld-graph.html", "date", "2020-12-06"),
    ("newsroom.jsonld-graph.html", "section", "Politics"),
    ("newsroom.jsonld-graph.html", "url",
     "https://www.gazzettaesempio.example/news/politica/123456/il-governo-approva-la-manovra.html"),
    ("newsroom.jsonld-graph.html", "source", "ANSA"),
    ("agency.dateline.html", "date", "2018-03-23"),
    ("agency.dateline.html", "section", "Business"),
    ("agency.dateline.html", "title", "China's exports rise 5 pct in first two months"),
]


def _field(page: html.HtmlElement, field: str) -> str | None:
    url = metadata.find_url(page)
    paragraphs = [p.text_content() for p in page.iter("p")]
    return {
        "url": lambda: url,
        "title": lambda: metadata.find_title(page),
        "date": lambda: metadata.find_date(page, url),
        "section": lambda: metadata.find_section(page, url),
        "source": lambda: metadata.find_source(page, paragraphs),
    }[field]()


@pytest.mark.parametrize(
    ("name", "field", "expected"), FILE_CASES, ids=[f"{c[0]}:{c[1]}" for c in FILE_CASES]
)
def test_whole_page(name: str, field: str, expected: str) -> None:
    page = html.document_fromstring((PAGES / name).read_bytes())
    assert _field(page, field) == expected


DECLARED_SECTIONS = [
    ('<meta property="article:section" content="Energy">', "Energy"),
    ('<meta property="article:section" content="obituaries">', "Obituaries"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": "Agriculture"}'
     "</script>", "Agriculture"),
    ('<meta property="article:section" content="News">', None),
    ('<meta property="article:section" content="2016">', None),
]


@pytest.mark.parametrize(("head", "expected"), DECLARED_SECTIONS,
                         ids=[e or "none" for _, e in DECLARED_SECTIONS])
def test_a_declared_section_outside_the_table_is_kept(head, expected):
    tree = html.document_fromstring(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    assert metadata.find_section(tree) == expected


REGION_CASES = [
    # (id, url, lang, og:locale, country, behind UTC)
    ("national domain", "https://ici.radio.ca/nouvelle/1", "fr", None, "ca", True),
    ("UK domain", "https://www.news.co.uk/story", "en", None, "gb", False),
    ("language tag region", "https://news.example.com/a", "en-US", None, "us", True),
    ("og:locale when the page's language agrees", "https://abc7.example.com/a", "en", "en_US",
     "us", True),
    ("og:locale left at the CMS default on a German page", "https://blog.example.com/a", "de",
     "en_US", None, False),
    ("generic country domain", "https://startup.io/post", "pt-BR", None, "br", True),
    ("German domain over an English tag", "https://zeitung.de/a", "en-US", None, "de", False),
    ("nothing to go on", None, None, None, None, False),
]


@pytest.mark.parametrize(
    ("url", "lang", "locale", "country", "behind"), rows(REGION_CASES), ids=ids(REGION_CASES)
)
def test_country(
    url: str | None, lang: str | None, locale: str | None, country: str | None, behind: bool
) -> None:
    assert regions.country(url, lang, locale) == country
    assert regions.behind_utc(country) is behind
