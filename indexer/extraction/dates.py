"""The original publication date of a page, from the places pages write it, in order of trust.

Strong sources first (JSON-LD datePublished, <meta> article:published_time and kin, parse.ly,
microdata); the address (/2016/03/23/) and the visible dateline next to the headline settle
doubts about them (a UTC time, a republished story, fields that disagree). A page with none of
them falls back to its dateline and, last, weaker visible hints. htmldate (htmldate_stages)
reads the page too: where it and the rules disagree, DECISIONS says whose date stands, by
where each found it; generic date fields (dc.date, dateCreated) are left to it. Dates in the
future or before the web are refused (settings.MIN_DATE).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from . import htmldate_stages, regions
from .dateparse import YEAR, parse_date, valid_date
from .htmldate_stages import LIBRARY_TIERS, LibraryDate, library_tier
from .page import SPACE, Page, collapse, element_hint, page_for
from .titles import WINDOW_AFTER, WINDOW_BEFORE, headline_index

logger = logging.getLogger(__name__)

# <meta> names of the original publication date, most trusted first.
PUBLISHED_META: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "article:published_date", "article:publication_date",
    "article:post_date", "article.published", "article_date_original",
    "datepublished", "date_published", "date-published", "published_time", "published-date",
    "publish-date", "publish_date", "publishdate", "publish_time", "publication_date",
    "publicationdate", "publication-date", "pubdate", "pub_date", "originalpublicationdate",
    "original-publish-date", "parsely-pub-date", "sailthru.date", "rnews:datepublished",
    "cxenseparse:recs:publishtime", "citation_publication_date", "dc.date.issued",
    "dcterms.issued", "dcterms:issued", "dc.date.publication", "bt:pubdate", "ptime",
)
MODIFIED_META: tuple[str, ...] = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified",
)
class Found(NamedTuple):
    """A date and where it came from."""

    source: str
    day: dt.date
    # hour of a UTC timestamp: the local day the page shows may be the day before or after
    utc_hour: int | None = None


_UTC_TIME = re.compile(
    r"(?:T|\s)(\d{1,2}):?(\d{2})(?::?(\d{1,2})(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|\s?GMT|\s?UTC)\b"
)


def _utc_hour(value: str) -> int | None:
    """The hour of a time written in UTC ("...T02:54:29Z", "00:23:33 GMT+0000"), else None."""
    utc = _UTC_TIME.search(value)
    if not utc:
        return None
    if int(utc[1]) == int(utc[2]) == int(utc[3] or 0) == 0:
        # "2020-05-02T00:00:00Z": a day stored as its midnight, not a moment in UTC
        return None
    return int(utc[1])


def _found(source: str, value: str, month_first: bool = False) -> Found | None:
    day = parse_date(value, month_first)
    if day is None:
        return None
    return Found(source, day, _utc_hour(value))


def _from_json_ld(page: Page, key: str) -> Found | None:
    for obj in page.json_ld:
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and (found := _found(f"json-ld {key}", value)):
            return found
    return None


def _from_meta(page: Page, names: tuple[str, ...]) -> Found | None:
    for name in names:
        for value in page.meta.get(name, ()):
            if found := _found(f"meta {name}", value):
                return found
    return None


def _from_parsely(page: Page) -> Found | None:
    """parse.ly keeps its metadata as JSON in one <meta>."""
    for value in page.meta.get("parsely-page", ()):
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict) and isinstance(data.get("pub_date"), str):
            return _found("meta parsely-page", data["pub_date"])
    return None


_STRONG_MARKUP = (("datepublished",), re.compile(r" datepublished$"))
_MODIFIED_MARKUP = (("datemodified",), re.compile(r" datemodified$"))

def _from_markup(page: Page, hint: tuple[tuple[str, ...], re.Pattern[str]]) -> Found | None:
    """Microdata and microformats in the body: itemprop=datePublished, class=published."""
    index = page.index
    for i in index.matching(*hint):
        el = index.elements[i]
        for value in (el.get("content"), el.get("datetime"), el.get("title"), el.text_content()):
            if value and (found := _found(f"markup {el.tag}", value)):
                return found
    return None


# URL paths with the date in them: /2016/03/23/, /20160323/, -2016-03-23
_URL_DATE = re.compile(
    rf"(?<!\d)(?:{YEAR}[/-](1[0-2]|0?[1-9])[/-](3[01]|[12]\d|0?[1-9])(?=[/_.-]|$)"
    rf"|{YEAR}(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])(?=[/_.-]|$)"
    # /meldungen/29-10-2021: a whole path segment, day first
    rf"|(?<=/)(3[01]|[12]\d|0[1-9])-(1[0-2]|0[1-9])-{YEAR}(?=[/.]|$))"
)


def _from_url(url: str | None) -> Found | None:
    if not url:
        return None
    for m in _URL_DATE.finditer(urlsplit(url).path):
        if m[1]:
            year, month, day_s = m[1], m[2], m[3]
        elif m[4]:
            year, month, day_s = m[4], m[5], m[6]
        else:
            year, month, day_s = m[9], m[8], m[7]
        day = valid_date(int(year), int(month), int(day_s))
        if day:
            return Found("url", day)
    return None


# Hint words of elements holding a visible dateline (tag, class or id).
_DATE_WORDS: tuple[str, ...] = (
    "time", "date", "publi", "posted", "datum", "fecha", "byline", "meta", "stamp", "info",
    "author", "zeit", "submitted", "created",
)
# ...and of those holding someone else's date: comments, teasers, today's date in the header.
# Matched at a word start, so that "layoutRightSidebar" on a wrapper does not count.
_OTHER_HINT = re.compile(
    r"(?:^|[\s_-])(?:comment|related|recommend|teaser|sidebar|footer|copyright|weather|"
    r"today|current|latest|popular|archive|calendar|newsletter|repl(?:y|ies)|respon|kommentar|"
    r"more-|next|prev|most-|trending|similar|read-also|see-also)"
)
# a date marked as modified, unless the same element also says it is the published one
_MODIFIED_HINT = re.compile(r"updat|modif|aktualisiert|edited")
_PUBLISHED_HINT = re.compile(r"publi|post|entry|created|submitted")
# a page header with the site navigation shows today's date, not the article's
_SITE_HEADER_HINT = re.compile(r"site|masthead|global|top|page-header|main-header")
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})
_SKIP_TAGS = frozenset({"nav", "footer", "aside"}) | _INVISIBLE_TAGS
# Labels that introduce the publication date in the visible text.
_PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|first published|publication date|date published|erstellt|"
    r"veröffentlicht|veroeffentlicht|erschienen|publié|publie|publicado|publicada|"
    r"pubblicato|pubblicata|gepubliceerd|opublikowano|publikováno|publicerad|julkaistu|"
    r"опубликовано|publicat|yayınlanma|datum:|fecha:|date:)(?:\s+(?:on|am|le|el|il|op|em))?"
    r"\s*[:\-\u2013|]?\s*",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|bijgewerkt|"
    r"zaktualizowano|stand\b", re.IGNORECASE,
)
# An unmarked date counts only this close to the headline (in elements).
_NEXT_TO = 6
# Weights of the dateline near the headline, in elements of distance from it:
# the dateline sits just above or below the headline, and below wins a tie (above it sit
# the site's header, breadcrumbs and the kicker, which carry other dates) ...
_ABOVE_HEADLINE = 0.5
# ... and a date with no mark (class, id, <time>) ranks as if this much farther: behind
# marked dates up to two elements farther below the headline, since a mark says "date"
# and a bare one may be any date the page shows.
_UNMARKED = 2.25
# A date-marked element with more text than this is a block (a teaser, the story), not a
# dateline: "Published 3 March 2021 by Jane Doe | 5 min read" is far shorter.
_MAX_DATELINE_CHARS = 200
# An "Updated" label opens the dateline it marks: within this many characters of its start,
# room for a dash or a bullet ("— Updated 3 March").
_LABEL_LEAD = 5


def _month_first(tree: html.HtmlElement) -> bool:
    """American pages write 3/23/2016; the rest of the world 23/3/2016."""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").lower().replace("_", "-")
    return lang in ("en-us", "en")


def _is_site_header(el: html.HtmlElement) -> bool:
    if el.tag != "header":
        return False
    return bool(_SITE_HEADER_HINT.search(element_hint(el))) or el.find(".//nav") is not None


def _in_other_container(
    el: html.HtmlElement, shared: set[html.HtmlElement], near: bool = False
) -> bool:
    """Inside navigation, comments, related links or a sidebar: not the article's date."""
    # `shared` holds the headline's ancestors: a container that also holds the headline is the
    # article's own, whatever its class says about the layout. Right next to the headline
    # (`near`) class names are not trusted either: "teaser__meta" may be the article's byline.
    for ancestor in el.iterancestors():
        if ancestor in shared or ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag in ("footer", "header") and _in_article(ancestor):
            # <article><footer class="meta">: the article's own byline, not the site's
            continue
        if ancestor.tag in _SKIP_TAGS or _is_site_header(ancestor):
            return True
        if not near and _OTHER_HINT.search(element_hint(ancestor)):
            return True
    return False


def _in_article(el: html.HtmlElement) -> bool:
    return any(a.tag == "article" for a in el.iterancestors())


def _modified_only(hint: str) -> bool:
    return bool(_MODIFIED_HINT.search(hint)) and not _PUBLISHED_HINT.search(hint)


def _labelled(el: html.HtmlElement, month_first: bool) -> dt.date | None:
    """A date after a "Published:" label in the element's own text or tail."""
    for chunk, following in ((el.text, el), (el.tail, el.getnext())):
        if not chunk or not (label := _PUBLISHED_LABEL.search(chunk)):
            continue
        after = chunk[label.end():]
        if not any(c.isdigit() for c in after):
            # the date is in the next node: "<b>Published:</b> 3 March 2021"
            if following is el:
                after += " " + (_own_text(el[0]) if len(el) else (el.tail or ""))
            else:
                after += " " + _own_text(following)
        if day := parse_date(after[:80], month_first):
            return day
    return None


def _own_text(el: html.HtmlElement | None) -> str:
    """The start of an element's text; nothing for comments and processing instructions."""
    if el is None or not isinstance(el.tag, str):
        return ""
    return el.text_content()[:80]


def _updated_parent(parent: html.HtmlElement) -> bool:
    """A wrapper marked, or labelled in its own words, as the modified date."""
    if _modified_only(element_hint(parent)):
        return True
    own = (parent.text or "").strip()
    return bool(own) and bool(_UPDATED_LABEL.match(own))


def _path(url: str | None) -> str | None:
    """A URL's path without the trailing slash ("" for the site root), None without a URL."""
    return urlsplit(url).path.rstrip("/") if url else None


_DAY_ARCHIVE = re.compile(r"^(?:/[a-z]+)?/(?:19|20)\d\d(?:/\d{1,2}){0,2}$")


def _in_teaser(el: html.HtmlElement, own_path: str | None, base: str | None) -> bool:
    """Inside a link to another page: a teaser's date ("related", "more from"), not this page's."""
    if own_path is None:
        # without the page's own address a permalink cannot be told from a teaser
        return False
    for ancestor in el.iterancestors("a"):
        href = (ancestor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        path = _path(urljoin(base or "", href)) or ""
        # a byline's date may link to the archive of its day: "/2020/04/20/", "/date/2010/12/"
        return path != own_path and not _DAY_ARCHIVE.search(path)
    return False


def _from_text(page: Page, url: str | None = None) -> Found | None:
    """A visible dateline near the headline: labelled, else in a date-marked element."""
    # "Published: ..." first; else the date nearest the headline in an element marked as a date
    # (class, id or <time>), or an unmarked one right next to the headline
    index = page.index
    if not index.elements:
        return None
    month_first = _month_first(page.tree)
    own_path = _path(url)
    headline = headline_index(page)
    shared = set(index.elements[headline].iterancestors()) if headline is not None else set()
    centre = headline if headline is not None else 0
    window = [
        el for el in index.elements[max(0, centre - WINDOW_BEFORE): centre + WINDOW_AFTER]
        if el.tag not in _INVISIBLE_TAGS
    ]
    # one search over the window's text first: most pages have no label at all
    if _PUBLISHED_LABEL.search(" ".join(f"{el.text or ''} {el.tail or ''}" for el in window)):
        for el in window:
            if (day := _labelled(el, month_first)) and not _in_other_container(el, shared):
                return Found("text label", day)
    marked: list[tuple[float, Found]] = []
    for i in index.matching(_DATE_WORDS):
        hint = index.hints[i]
        if _OTHER_HINT.search(hint) or _modified_only(hint):
            continue
        el = index.elements[i]
        text = el.text_content()
        if len(text) > _MAX_DATELINE_CHARS:
            continue
        text = SPACE.sub(" ", text)
        if (updated := _UPDATED_LABEL.search(text)) and updated.start() < _LABEL_LEAD:
            continue
        parent = el.getparent()
        if parent is not None and parent.tag != "body" and _updated_parent(parent):
            # <span class="timestamp-updated">Updated: <time>...</time></span>
            continue
        stamp = text
        if not (day := parse_date(text, month_first, short_year=True)):
            stamp = el.get("datetime") or ""
            day = parse_date(stamp, month_first)
        near = headline is not None and abs(i - headline) <= _NEXT_TO
        if day and not _in_other_container(el, shared, near) and not _in_teaser(el, own_path, url):
            # the dateline sits just above or below the headline; below wins a tie
            distance = i if headline is None else (
                abs(i - headline) + (_ABOVE_HEADLINE if i < headline else 0))
            source = f"text {el.tag}.{(el.get('class') or '')[:30]}"
            marked.append((distance, Found(source, day, _utc_hour(stamp))))
    if headline is not None:
        # an unmarked date right above or below the headline: "<small>02.02.2022</small>"
        last = min(len(index.elements), headline + _NEXT_TO + 1)
        for i in range(max(0, headline - _NEXT_TO), last):
            el = index.elements[i]
            own = _own_words(el)
            if any(c.isdigit() for c in own) and (day := parse_date(own, month_first)):
                if not _UPDATED_LABEL.search(own) and not _in_other_container(el, shared, True):
                    # behind any marked date at the same distance
                    source = f"text near headline {el.tag}"
                    marked.append((abs(i - headline) + _UNMARKED, Found(source, day)))
    if not marked:
        return None
    return min(marked, key=lambda m: m[0])[1]


_WIKI_LASTMOD = etree.XPath("//*[@id='footer-info-lastmod']")


def _from_wiki(page: Page) -> Found | None:
    """A wiki page is dated by its last revision: there is no other publication."""
    if not any(v.lower().startswith("mediawiki") for v in page.meta.get("generator", ())):
        return None
    if found := _from_json_ld(page, "dateModified"):
        return found
    for el in _WIKI_LASTMOD(page.tree):
        if day := parse_date(SPACE.sub(" ", el.text_content())):
            return Found("wiki last revision", day)
    return None


def _updated_datelines(page: Page, anywhere: bool = False) -> Iterator[Found]:
    """ "Updated <day>" datelines near the headline (`anywhere`: in the whole body), in order."""
    index = page.index
    headline = headline_index(page)
    if anywhere:
        elements = index.elements
    elif headline is None:
        return
    else:
        elements = index.elements[max(0, headline - WINDOW_BEFORE): headline + WINDOW_AFTER]
    month_first = _month_first(page.tree)
    for el in elements:
        own = (el.text or "").lstrip()
        if (label := _UPDATED_LABEL.search(own)) and label.start() < _LABEL_LEAD:
            after = SPACE.sub(" ", el.text_content())[:120]
            if day := parse_date(after, month_first):
                yield Found("text updated label", day)


def _from_updated_text(page: Page) -> Found | None:
    """The first "Updated <day>" dateline near the headline."""
    return next(_updated_datelines(page), None)


def _confirmed_update(page: Page, modified: Found) -> Found | None:
    """A visible "Updated <day>" anywhere in the body that the page's modified date confirms."""
    return next((u for u in _updated_datelines(page, True) if u.day == modified.day), None)


def _local_day(stamp: Found, local: Found | None, americas: bool) -> bool:
    """True when `local` is the day a UTC `stamp` falls on in the page's own time zone."""
    if local is None or stamp.utc_hour is None:
        return False
    shift = (local.day - stamp.day).days
    # late in the UTC evening it is already tomorrow east of Greenwich (Europe, Asia), never in
    # the Americas; early in the UTC morning still yesterday in the Americas
    ahead = shift == 1 and stamp.utc_hour >= 20 and not americas
    return ahead or (shift == -1 and stamp.utc_hour < 8)


def _in_americas(page: Page, url: str | None) -> bool:
    """Published in the Americas, by the page's domain or language tags (see regions.country)."""
    lang = page.tree.get("lang") or page.tree.get("xml:lang")
    return regions.behind_utc(regions.country(url, lang, page.first_meta(("og:locale",))))


def _evening_before(stamp: Found, americas: bool) -> bool:
    """A UTC time so early that the publisher's day, in the Americas, was still the one before."""
    return americas and stamp.utc_hour is not None and stamp.utc_hour < regions.AMERICAS_MIN_BEHIND


def _modified(page: Page) -> Found | None:
    """The page's own last-modified date: JSON-LD, <meta>, then microdata."""
    return (
        _from_json_ld(page, "dateModified")
        or _from_meta(page, MODIFIED_META)
        or _from_markup(page, _MODIFIED_MARKUP)
    )


class _Evidence(NamedTuple):
    """What a page with a machine-readable publication date says about its day, read once."""

    strong: Found  # the most trusted publication date: JSON-LD, <meta>, parse.ly, microdata
    json_ld: Found | None  # JSON-LD datePublished
    meta: Found | None  # <meta> published time
    url: Found | None  # the date in the address
    modified: Found | None  # the page's own last-modified date
    text: Found | None  # the visible dateline, read only where it can settle a doubt
    americas: bool  # a UTC stamp on a page published in the Americas


def _disagree(json_ld: Found | None, meta: Found | None) -> bool:
    """JSON-LD and <meta> both date the page, to different days."""
    return bool(json_ld and meta and json_ld.day != meta.day)


def _evidence(
    page: Page, url: str | None, from_url: Found | None, skip: frozenset[str] = frozenset()
) -> _Evidence | None:
    """The page's dates, or None when it has no machine-readable publication date."""
    json_ld = _from_json_ld(page, "datePublished")
    meta = _from_meta(page, PUBLISHED_META)
    strong = json_ld or meta or _from_parsely(page) or _from_markup(page, _STRONG_MARKUP)
    if strong is None:
        return None
    modified = _modified(page)
    utc = strong.utc_hour is not None
    # the visible dateline is only read where it can settle a doubt
    doubt = utc or from_url or _disagree(json_ld, meta) or modified
    text = _from_text(page, url) if doubt and "dateline" not in skip else None
    if modified and not text and "updated dateline" not in skip:
        # the page shows only "Updated <day>": the revision rule applies to it too
        text = _from_updated_text(page)
    return _Evidence(strong, json_ld, meta, from_url, modified, text,
                     utc and _in_americas(page, url))


# Settle steps: each reads the evidence and returns the date it settles on, or None to leave
# the decision to the next one; when none settles, the strong date stands.


def _shown_revision(ev: _Evidence) -> Found | None:
    """The dateline shows the day of the last revision: a republished or reworked story.

    Readers, and archives, know the story by the day the page shows.
    """
    text, modified = ev.text, ev.modified
    if text and modified and text.day == modified.day != ev.strong.day:
        return text
    return None


def _meta_over_json_ld(ev: _Evidence) -> Found | None:
    """JSON-LD and <meta> disagree: the visible dateline sides with <meta>."""
    if _disagree(ev.json_ld, ev.meta) and ev.text and ev.meta and ev.text.day == ev.meta.day:
        return ev.meta
    return None


def _confirmed(ev: _Evidence) -> Found | None:
    """The visible dateline confirms the machine-readable date: it stands.

    A UTC time on the page is the same clock again, not a confirmation of the local day.
    """
    if ev.text and ev.text.day == ev.strong.day and ev.text.utc_hour is None:
        return ev.strong
    return None


def _local_day_from_url(ev: _Evidence) -> Found | None:
    """The address gives the day a UTC stamp falls on in the publisher's time zone."""
    return ev.url if _local_day(ev.strong, ev.url, ev.americas) else None


def _local_day_from_text(ev: _Evidence) -> Found | None:
    """The visible dateline gives the day a UTC stamp falls on in the publisher's time zone."""
    return ev.text if _local_day(ev.strong, ev.text, ev.americas) else None


def _outvoted(ev: _Evidence) -> Found | None:
    """The address and the visible dateline outvote one machine-readable field."""
    if ev.url and ev.text and ev.url.day == ev.text.day != ev.strong.day:
        return ev.url
    return None


def _evening_in_the_americas(ev: _Evidence) -> Found | None:
    """A UTC time so early that the publisher's day, in the Americas, was the one before."""
    if _evening_before(ev.strong, ev.americas):
        return Found(f"{ev.strong.source} (local day)", ev.strong.day - dt.timedelta(days=1))
    return None


_SETTLE_STEPS = (
    _shown_revision,
    _meta_over_json_ld,
    _confirmed,
    _local_day_from_url,
    _local_day_from_text,
    _outvoted,
    _evening_in_the_americas,
)


def _settle(ev: _Evidence, skip: frozenset[str] = frozenset()) -> Found:
    """The publication date, the strong one unless a settle step decides otherwise."""
    for step in _SETTLE_STEPS:
        if step.__name__.lstrip("_") not in skip and (found := step(ev)):
            logger.debug("date settled by %s", step.__name__)
            return found
    return ev.strong


def _confirmed_modified(page: Page) -> Found | None:
    """A visible "Updated <day>" that the page's own modified date confirms."""
    modified = _modified(page)
    return _confirmed_update(page, modified) if modified else None


# Last resort, for pages with no date where dates usually are. Each source here is weak alone,
# so they are tried from the most to the least specific.

# weaker labels, believed only when nothing else dates the page: "Pressemitteilung vom ...",
# "<b>Date</b> 23.05.2011"
_WEAK_LABEL = re.compile(r"(?:\bvom|\bdate|\bdatum|\bfecha|\bdata)\s*:?\s*(?=\d|$)", re.IGNORECASE)
# a numeric date opening a paragraph: "01.02.2022 Der Arbeitsmarkt ...", "27.1.2022 - Bei ..."
_LEADING_DATE = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?:\s|$|[-\u2013|,:])"
)
# an unmarked date within this many elements of the headline (the `_NEXT_TO` ones are read first)
_NEAR = 12
# comments and replies: someone else's date, wherever they are
_COMMENT_HINT = re.compile(r"comment|repl(?:y|ies)|kommentar|disqus|respon")


def _own_words(el: html.HtmlElement) -> str:
    """An element's own text and tail, with the text that follows its HTML comments."""
    # "<span>By X | </span><!-- old markup --> 2020-03-04 16:52": the date is a comment's tail
    comments = " ".join(c.tail or "" for c in el if not isinstance(c.tag, str))
    return SPACE.sub(" ", f"{el.text or ''} {comments} {el.tail or ''}").strip()


def _in_comments(el: html.HtmlElement) -> bool:
    return any(_COMMENT_HINT.search(element_hint(a)) for a in el.iterancestors())


def _from_self_link(page: Page, url: str | None) -> Found | None:
    """A teaser of the page itself (a list on the page that links to it) with its date."""
    path = urlsplit(url).path.rstrip("/") if url else ""
    if len(path) < 2:
        return None
    month_first = _month_first(page.tree)
    for a in page.tree.iter("a"):
        href = a.get("href")
        # "#content" skip links and language switchers name the page too: a teaser has a title
        if not href or "#" in href or urlsplit(href).path.rstrip("/") != path:
            continue
        if len(collapse(a.text_content()) or "") < 20:
            continue
        box: html.HtmlElement | None = a
        for _ in range(3):
            if box is None:
                break
            text = box.text_content()
            if len(text) > 400:
                break
            text = SPACE.sub(" ", text)
            if any(c.isdigit() for c in text) and (day := parse_date(text, month_first)):
                return Found("self link", day)
            box = box.getparent()
    return None


def _from_weak_text(page: Page) -> Found | None:
    """A labelled date anywhere in the body, else an unmarked one close to the headline."""
    index = page.index
    if not index.elements:
        return None
    month_first = _month_first(page.tree)
    for el in index.elements:
        if el.tag in _INVISIBLE_TAGS:
            continue
        own = _own_words(el)
        if not own or _in_comments(el):
            continue
        if day := _labelled(el, month_first) or _weakly_labelled(el, month_first):
            return Found("text label (anywhere)", day)
    headline = headline_index(page)
    if headline is None:
        # no headline to stand next to: only a paragraph that opens with its date
        return _leading_date(page, 0, set(), month_first, len(index.elements))
    shared = set(index.elements[headline].iterancestors())
    start, stop = max(0, headline - _NEAR), min(len(index.elements), headline + _NEAR + 1)
    # nearest first; below the headline wins a tie
    near = sorted(range(start, stop),
                  key=lambda i: abs(i - headline) + (_ABOVE_HEADLINE * (i < headline)))
    for i in near:
        el = index.elements[i]
        own = _own_words(el)
        if el.tag in _INVISIBLE_TAGS or not any(c.isdigit() for c in own):
            continue
        if _UPDATED_LABEL.search(own) or _in_other_container(el, shared):
            continue
        if (day := parse_date(own, month_first)) is not None:
            return Found("text near headline (wide)", day)
    return _leading_date(page, headline, shared, month_first)


def _leading_date(
    page: Page, start: int, shared: set[html.HtmlElement], month_first: bool,
    span: int = WINDOW_AFTER,
) -> Found | None:
    """A paragraph after the headline that opens with its date: "27.1.2022 - Bei ..."."""
    for el in page.index.elements[start:start + span]:
        if _LEADING_DATE.match(el.text or "") and not _in_other_container(el, shared):
            if day := parse_date((el.text or "")[:20], month_first):
                return Found("text leading date", day)
    return None


def _weakly_labelled(el: html.HtmlElement, month_first: bool) -> dt.date | None:
    """ "Pressemitteilung vom 20.01.2022", "<b>Date</b> 23.05.2011"."""
    text = el.text or ""
    if not (label := _WEAK_LABEL.search(text)):
        return None
    after = text[label.end():].strip()
    if not after:
        # the date follows the label's element: "<b>Date</b> 23.05.2011"
        after = el.tail or _own_text(el.getnext())
    return parse_date(after[:40], month_first) if after and after[0].isdigit() else None


# How far a rules date is trusted, by where it came from:
# "declared": what the page declares for machines (JSON-LD, <meta>, microdata, its address);
# "dateline": the visible dateline next to the headline;
# "guess": the last resorts, read where pages do not usually write their date.
TIERS: tuple[str, ...] = ("declared", "dateline", "guess")


class RulesDate(NamedTuple):
    """The date the project's rules find, with its tier (one of TIERS)."""

    tier: str
    found: Found


Finder = Callable[[Page, "str | None"], "Found | None"]

# For a page with no machine-readable publication date and none in its address: its visible
# dateline, then the last resorts, in that order: (name, tier, finder). Generic date fields
# (dc.date, dateCreated, class="published") are left to htmldate, whose header and <abbr>
# stages read them.
FALLBACKS: tuple[tuple[str, str, Finder], ...] = (
    ("dateline", "dateline", _from_text),
    ("confirmed update", "dateline", lambda page, url: _confirmed_modified(page)),
    # last resorts, for pages with no date where dates usually are, each weak alone
    ("self link", "guess", _from_self_link),
    ("weak text", "guess", lambda page, url: _from_weak_text(page)),
    # a page that shows only when it was last updated is known by that day
    ("updated dateline", "guess", lambda page, url: _from_updated_text(page)),
)
# Every rule find_rules_date can be asked to leave out (bench/metadata_loso.py measures what
# each is worth on pages of sites it was not written on).
RULES: tuple[str, ...] = (
    "wiki", *(step.__name__.lstrip("_") for step in _SETTLE_STEPS), "address",
    *(name for name, _, _ in FALLBACKS),
)


def find_rules_date(
    tree: html.HtmlElement, url: str | None = None, skip: frozenset[str] = frozenset()
) -> RulesDate | None:
    """The publication date the project's own rules find (without the rules named in `skip`),
    with how far it is trusted."""
    page = page_for(tree)
    if "wiki" not in skip and (found := _from_wiki(page)):
        return RulesDate("declared", found)
    from_url = _from_url(url) if "address" not in skip else None
    if (evidence := _evidence(page, url, from_url, skip)) is not None:
        return RulesDate("declared", _settle(evidence, skip))
    if from_url:
        return RulesDate("declared", from_url)
    for name, tier, finder in FALLBACKS:
        if name not in skip and (found := finder(page, url)):
            return RulesDate(tier, found)
    return None


# Which answer stands when the rules and htmldate (htmldate_stages) disagree, by the tier of
# each (None: that side found nothing): "rules", "library", or "none" for no date at all.
# Where they agree the date stands. Learned on the evaluation pages by bench/metadata_loso.py
# (which prints this table), scored there on held-out sources and sites.
DECISIONS: dict[tuple[str | None, str | None], str] = {
    # no rules date, and htmldate has a timestamp or an image's date: it stands
    (None, "pattern"): "library",
    # no rules date, and the page writes one date only: it stands
    (None, "sole"): "library",
}


def _default_choice(rules_tier: str | None, library_tier: str | None) -> str:
    """A pair no page taught anything: the rules' dateline or declared date, else htmldate's
    declared one, else the rules' guess, else none.

    htmldate alone reading a visible date is no better than a guess: where the rules, which
    know comments, sidebars and site headers, found no dateline, it is often one of theirs.
    """
    if rules_tier in ("declared", "dateline"):
        return "rules"
    if library_tier == "declared":
        return "library"
    return "rules" if rules_tier is not None else "none"


def choose(
    rules: RulesDate | None,
    library: LibraryDate | None,
    decisions: Mapping[tuple[str | None, str | None], str] = DECISIONS,
) -> tuple[str, dt.date | None]:
    """The choice made between the rules' date and htmldate's, and the day it gives."""
    rules_day = rules.found.day if rules else None
    library_day = library.day if library else None
    if rules_day is not None and rules_day == library_day:
        return "agree", rules_day
    key = (rules.tier if rules else None, library_tier(library))
    choice = decisions.get(key) or _default_choice(*key)
    return choice, {"rules": rules_day, "library": library_day}.get(choice)


def library_needed(
    rules: RulesDate | None,
    decisions: Mapping[tuple[str | None, str | None], str] = DECISIONS,
) -> bool:
    """False when the rules' answer stands whatever htmldate says: it need not run."""
    tier = rules.tier if rules else None
    return any(
        (decisions.get((tier, lib)) or _default_choice(tier, lib)) != "rules"
        for lib in (*LIBRARY_TIERS, None)
    )


def find_library_date(
    tree: html.HtmlElement, url: str | None = None, rules: RulesDate | None = None
) -> LibraryDate | None:
    """htmldate's date, unless it is only the page's declared last-modified date (a day the
    rules' date, if any, is not)."""
    found = htmldate_stages.find_date(tree, url)
    if found and found.stage == "header" and (modified := _modified(page_for(tree))):
        # with no publication date in the header htmldate falls back to the modified one
        if modified.day == found.day and (rules is None or rules.found.day != found.day):
            logger.debug("htmldate's date is the modified date: %s", found.day)
            return None
    return found


def find_date(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """The original publication date as YYYY-MM-DD."""
    rules = find_rules_date(tree, url)
    library = find_library_date(tree, url, rules) if library_needed(rules) else None
    choice, day = choose(rules, library)
    if day is None:
        logger.debug("no date (%s)", choice)
        return None
    source = rules.found.source if rules and day == rules.found.day else f"htmldate {library.stage}"
    logger.debug("date from %s (%s): %s", source, choice, day)
    return day.isoformat()


