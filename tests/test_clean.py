"""Boilerplate removal on small real-shaped pages: what stays, what goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from indexer.extraction import agency, clean

PAGES = Path(__file__).parent / "pages" / "clean"


def paragraphs_of(name: str, title: str | None = None) -> list[str]:
    """The body paragraphs of a fixture page, as extract keeps them (agency tail stripped)."""
    tree = html.document_fromstring((PAGES / name).read_text(encoding="utf-8"))
    return agency.strip_agency_tail(clean.extract_paragraphs(tree, title))


def paragraphs_from(markup: str, title: str | None = None) -> list[str]:
    """The body paragraphs of an inline page, as extract keeps them (agency tail stripped)."""
    tree = html.document_fromstring(markup)
    return agency.strip_agency_tail(clean.extract_paragraphs(tree, title))


# (fixture, headline, first paragraph, last paragraph, phrases that must not appear)
PAGE_CASES = [
    (
        "wordpress.comments.html",
        "City council approves new bike lanes",
        "The city council voted 7-2 on Tuesday",
        "according to the transport department.",
        ["Leave a Reply", "Your email address will not be published", "Required fields",
         "Post Comment", "thoughts on", "Finally! I have been waiting", "Share this",
         "Click to share", "Related", "Bridge repairs", "About Jane Doe", "covers city hall",
         "Previous article", "Next article", "Tagged", "Most Popular", "All rights reserved",
         "newsletter", "cookies", "Skip to content", "Home", "by Jane Doe"],
    ),
    (
        "tagdiv.newspaper.html",
        "Six arrested in drug investigation",
        "Police arrested six people on Tuesday",
        "will appear in court next week.",
        ["Please enter your comment", "Please enter your name here",
         "You have entered an incorrect email address", "Please enter your email address here",
         "LEAVE A REPLY", "Advertisement", "TAGS", "Share on Facebook", "Previous article",
         "Next article", "RELATED ARTICLES", "MORE FROM AUTHOR", "newsroom staff",
         "MOST POPULAR", "All rights reserved", "Facebook", "Local News"],
    ),
    (
        "disqus.newsletter.html",
        "Ocean heat hits a record high, scientists say",
        "The world's oceans were hotter in 2018",
        "with the next report due in January.",
        ["Share on Facebook", "Sign up for our newsletter", "best science stories",
         "Most popular", "Volcano erupts", "Great article", "Disqus", "Subscribe today",
         "All rights reserved", "Published 18 November", "absorbed more energy last year",
         "Science"],
    ),
    (
        "facebook.thread.html",
        "Local bakery wins national bread award",
        "A family bakery on Elm Street",
        "next autumn in the capital.",
        ["Facebook comments", "12 comments", "Congratulations", "every Saturday morning",
         "Previous story", "Next story", "You may also like", "Farmers market",
         "Contact us"],
    ),
    (
        "captions.agency.html",
        "China launches new weather satellite",
        "China launched a new meteorological satellite",
        "the center added.",
        ["lifts off", "Engineers check", "Photo: Xinhua", "Enditem", "Editor"],
    ),
    (
        "blogspot.br.html",
        "Actress stuns in new photos",
        "Photos released online show",
        "support over the years.",
        ["My Celebrity Blog", "Share to Twitter", "Labels", "Popular Posts",
         "Singer releases", "Copyright"],
    ),
    (
        # A wire portal: the story sits in a layout column named "main" beside its info line.
        "wire.column.html",
        "Port handles record cargo",
        "PORT CITY, Nov. 6 (Wire)",
        "add several days to delivery times.",
        ["Source: Wire Agency", "Editor", "Font size", "Container ships wait", "Enditem",
         "Related", "Exports of farm produce", "Most viewed", "Home"],
    ),
    (
        # An old table layout: the photo and its cutline in a table of their own.
        "table.cutline.html",
        "Rovers keep cup dream alive",
        "Mill Creek Rovers scored twice",
        "at the county association offices.",
        ["celebrates his winning header", "Staff photo", "Subscribe", "More Sports stories",
         "Bypass approved", "Most Read", "Bin collections"],
    ),
    (
        # Every paragraph a "card" of its own: the hint in the shared name drops no card.
        "cards.paragraphs.html",
        "Court rules on river dam permit",
        "A federal judge ruled on Thursday",
        "The agency has 90 days to appeal.",
        ["Skip to content", "Ann Example", "Newsletter", "start your day", "Most Read",
         "School board", "Storm knocks", "Fans poured", "All rights reserved"],
    ),
    (
        # Generated CSS-in-JS classes ("tagStyle_z4kqwb") on every paragraph.
        "generated.classes.html",
        "So sähe die Tabelle ohne Fehlentscheidungen aus",
        "Die ersten zehn Spieltage sind gespielt.",
        "einige Plätze weiter unten stünden.",
        ["Anzeige", "Foto: Agentur", "Verwandte Themen", "Eintracht Frankfurt", "Meistgelesen",
         "Transfergerüchte", "Impressum", "Startseite"],
    ),
    (
        # A slideshow story, one section per item, all but the first "hidden" until clicked.
        "slideshow.sections.html",
        "Gadgets we never knew we wanted",
        "Online shopping has changed the way",
        "everyone has a chair like that.",
        ["example-shop.com", "Posted on", "Jo Writer", "Previous article", "Next article",
         "Popular", "houseplants", "All rights reserved"],
    ),
    (
        # The story in <article class="author-article">, beside a longer list of teasers
        # whose blocks sit inside links.
        "linked.teasers.html",
        "Ветеран завершил карьеру в сборной",
        "Ветеран сборной принял решение",
        "заявил другой ее ветеран.",
        ["Германия", "15 августа", "Facebook", "Твитнуть", "Материалы авторов", "Легенда",
         "Бразилии", "Наполи", "Комментарии", "Все права"],
    ),
    (
        # A paywalled story: a standfirst and a preview, against teaser cards wrapped in
        # links that outscore it and a subscription box.
        "paywall.preview.html",
        "Viele Studierende suchen noch eine Wohnung",
        "Die Vorlesungen starten.",
        '"Das ist echt ...',
        ["Semesterstart", "Lisa Beispiel", "Abonnent", "weiterlesen", "kündbar",
         "Weitere Artikel", "Blasmusik", "Bergwacht", "Ein Unternehmen"],
    ),
]
PAGE_IDS = [case[0].removesuffix(".html") for case in PAGE_CASES]


@pytest.mark.parametrize(("page", "title", "first", "last", "banned"), PAGE_CASES, ids=PAGE_IDS)
def test_article_text_is_kept_from_first_to_last_paragraph(
        page: str, title: str, first: str, last: str, banned: list[str]) -> None:
    paragraphs = paragraphs_of(page, title)
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)


@pytest.mark.parametrize(("page", "title", "first", "last", "banned"), PAGE_CASES, ids=PAGE_IDS)
def test_boilerplate_is_removed(page: str, title: str, first: str, last: str,
                                banned: list[str]) -> None:
    body = "\n\n".join(paragraphs_of(page, title))
    leaked = [phrase for phrase in banned if phrase.lower() in body.lower()]
    assert leaked == []


@pytest.mark.parametrize(("page", "title", "first", "last", "banned"), PAGE_CASES, ids=PAGE_IDS)
def test_headline_is_not_repeated_in_the_body(page: str, title: str, first: str, last: str,
                                              banned: list[str]) -> None:
    assert title not in "\n".join(paragraphs_of(page, title))


@pytest.mark.parametrize(("page", "expected"), [
    ("wordpress.comments.html", 4),
    ("tagdiv.newspaper.html", 3),
    # The subheading inside the story stays, as a paragraph of its own.
    ("disqus.newsletter.html", 5),
    ("facebook.thread.html", 3),
    ("captions.agency.html", 3),
    # <br><br> and text standing directly in the post's <div> make paragraphs too.
    ("blogspot.br.html", 4),
    ("wire.column.html", 4),
    ("table.cutline.html", 4),
    # The card that holds only a newsletter sign-up is no paragraph.
    ("cards.paragraphs.html", 5),
    ("generated.classes.html", 4),
    # The items' headings are part of the story: four sections, seven paragraphs.
    ("slideshow.sections.html", 8),
    ("linked.teasers.html", 4),
    ("paywall.preview.html", 2),
    # Only a video player and its teaser: no article text is made up.
    ("video.only.html", 0),
], ids=lambda value: str(value).removesuffix(".html"))
def test_paragraph_count(page: str, expected: int) -> None:
    assert len(paragraphs_of(page)) == expected


def test_text_directly_in_a_div_becomes_its_own_paragraph() -> None:
    paragraphs = paragraphs_of("blogspot.br.html")
    assert paragraphs[1] == ("Text written straight into the post body, with no paragraph "
                             "tags around it at all, still belongs to the article.")
    assert paragraphs[2].startswith("The actress won the best actress prize in 2008")


CAPTION_CASES = [
    ("figcaption", '<figure><img src="a.jpg"><figcaption>{c}</figcaption></figure>'),
    ("wp-caption",
     '<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">{c}</p></div>'),
    ("caption-div", '<div class="image-caption">{c}</div>'),
    ("credit-span", '<p><span class="credit">{c}</span></p>'),
    ("photo-line", "<p>Photo: {c}</p>"),
]
STORY = "".join(
    f"<p>Paragraph {n} of the story says something long enough to count as prose, "
    f"with commas, clauses and a full stop.</p>" for n in range(1, 5)
)


@pytest.mark.parametrize(("markup",), [(m,) for _, m in CAPTION_CASES],
                         ids=[name for name, _ in CAPTION_CASES])
def test_captions_and_credits_stay_out_of_the_body(markup: str) -> None:
    caption = "Firefighters on the roof of the burning warehouse (Jane Roe)"
    page = f"<html><body><article>{STORY[:len(STORY) // 2]}{markup.format(c=caption)}" \
           f"{STORY[len(STORY) // 2:]}</article></body></html>"
    body = "\n".join(paragraphs_from(page))
    assert "Firefighters" not in body
    assert body.count("Paragraph 1 of the story") == 1


@pytest.mark.parametrize(("markup",), [
    ('<h1 class="entry-title">Dam bursts after heavy rain</h1>',),
    ('<h2 class="entry-title">Dam bursts after heavy rain</h2>',),
    ("<p><strong>Dam bursts after heavy rain</strong></p>",),
], ids=["h1", "h2-title-class", "bold-paragraph"])
def test_headline_inside_the_container_is_dropped(markup: str) -> None:
    page = f"<html><body><article>{markup}{STORY}</article></body></html>"
    paragraphs = paragraphs_from(page, "Dam bursts after heavy rain")
    assert paragraphs[0].startswith("Paragraph 1")
    assert len(paragraphs) == 4


@pytest.mark.parametrize(("markup",), [
    ('<p class="subtitle">Thousands are evacuated from the valley overnight</p>',),
    ('<div class="standfirst">Thousands are evacuated from the valley overnight</div>',),
    ('<h2 class="sub-headline">Thousands are evacuated from the valley overnight</h2>',),
], ids=["subtitle", "standfirst", "sub-headline"])
def test_sub_headline_is_dropped(markup: str) -> None:
    page = f"<html><body><article><h1>Dam bursts</h1>{markup}{STORY}</article></body></html>"
    assert "evacuated" not in "\n".join(paragraphs_from(page, "Dam bursts"))


@pytest.mark.parametrize(("hint", "expected"), [
    ("comment-list ", "comment"),
    (" disqus_thread", "comment"),
    ("fb-comments ", "comment"),
    ("comment-respond respond", "comment"),
    ("td-post-sharing td-ps-bg", "negative"),
    ("jp-relatedposts jp-relatedposts", "negative"),
    ("relatedArticles ", "negative"),
    ("breadcrumbs ", "negative"),
    ("newsletter-signup ", "negative"),
    ("ad ", "negative"),
    ("entry-content ", None),
    ("td-post-content ", None),
    ("story-body articleBody", None),
    ("header-ad-free shadow", "negative"),
    ("post-4 post type-post hentry tag-social-media author-jane", None),
    ("twitter-tweet ", None),
    ("social-media-embed ", None),
    ("badge ", None),
    ("commentary-body ", None),
    # Comment hints name the block itself, at the start of a word, never a BEM modifier.
    ("content content--article tonal--comment section-opinion article", None),
    ("article__comments ", "comment"),
    ("comments comments--open", "comment"),
    ("postComments ", "comment"),
    ("rail rail--trending ", "negative"),
    # Layout utilities clip a box and hide nothing; "hidden" on its own still hides.
    ("ArticleContent md:common-container -lg:overflow-hidden", None),
    ("wrapper overflow-x-hidden", None),
    ("hidden ", "negative"),
], ids=lambda value: str(value).strip() or "none")
def test_hint_kind(hint: str, expected: str | None) -> None:
    assert clean.hint_kind(hint) == expected


def test_whole_page_wrapped_in_a_form_is_not_dropped() -> None:
    page = (f"<html><body><form id='aspnetForm'><div class='story'>{STORY}</div></form>"
            "</body></html>")
    assert len(paragraphs_from(page)) == 4


def test_wrapper_with_a_boilerplate_name_is_kept_when_it_holds_the_story() -> None:
    page = (f"<html><body><div class='page-wrap has-sidebar advert-free'><div class='x'>{STORY}"
            "</div><div class='sidebar'><p>Short sidebar teaser.</p></div></div></body></html>")
    assert len(paragraphs_from(page)) == 4


def test_table_rows_read_as_lines() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>Driver {n}</td><td>{5000 - n}</td></tr>" for n in (1, 2))
    page = f"<html><body><article>{STORY}<table>{rows}</table></article></body></html>"
    assert paragraphs_from(page)[-2:] == ["1 Driver 1 4999", "2 Driver 2 4998"]


def test_repeated_lines_far_apart_are_kept() -> None:
    page = ("<html><body><article><p>Eat every 2-3 hours</p>" + STORY
            + "<p>Eat every 2-3 hours</p></article></body></html>")
    assert paragraphs_from(page).count("Eat every 2-3 hours") == 2


def test_empty_page_gives_no_paragraphs() -> None:
    assert paragraphs_from("<html><body><nav><a href='/'>Home</a></nav></body></html>") == []


COMMENT_TEXT = ("Reader {n} writes a long reply, disagreeing with every word of the story, at "
                "length, with commas and clauses, and signs off twice.")
THREAD = ("<div id='comments' class='comments-area'><ol class='comment-list'>"
          + "".join(f"<li class='comment'><p>{COMMENT_TEXT.format(n=n)}</p></li>"
                    for n in range(1, 9)) + "</ol></div>")
# Each comment an <article> of its own: one <article> among many is no main article.
ARTICLE_THREAD = ("<section>" + "".join(
    f"<article class='comment'><p>{COMMENT_TEXT.format(n=n)}</p></article>"
    for n in range(1, 9)) + "</section>")


@pytest.mark.parametrize(("article", "thread"), [
    # A comment hint on the container of the page's article is its tone or section name.
    ("<article class='content tonal--comment'><h1>Rents rise</h1>{story}</article>", THREAD),
    ("<article class='comment-is-free'><h1>Rents rise</h1>{story}</article>", THREAD),
    ("<h1>Rents rise</h1><div class='commentisfree' itemprop='articleBody'>{story}</div>",
     THREAD),
    ("<div class='comment-is-free'><h1>Rents rise</h1><div>{story}</div></div>", THREAD),
    # The thread itself goes, however long it is.
    ("<h1>Rents rise</h1><div class='story'>{story}</div>", THREAD),
    ("<h1>Rents rise</h1><div class='story'>{story}</div>", ARTICLE_THREAD),
], ids=["bem-modifier", "article-tag", "article-body", "holds-the-headline", "plain-story",
        "comment-articles"])
def test_comment_hint_never_drops_the_article(article: str, thread: str) -> None:
    page = f"<html><body>{article.format(story=STORY)}{thread}</body></html>"
    body = "\n".join(paragraphs_from(page, "Rents rise"))
    assert body.count("Paragraph") == 4
    assert "Reader" not in body


@pytest.mark.parametrize(("column", "expected"), [
    # A layout column with a promising name ("main") that adds only furniture to the story.
    ("<div class='main-col'><div class='info'><span>2018-11-06 19:58</span> | "
     "<span>Source: Wire Agency</span> | <span>By staff</span></div>"
     "<div id='detail'>{story}</div><ul><li><a href='/a'>Another story</a></li></ul></div>",
     ["Paragraph 1", "Paragraph 2", "Paragraph 3", "Paragraph 4"]),
    # A sibling with a promising name ("story-head") is picked for its text, not its name.
    ("<div><div class='story-head'><div>2018-11-06 19:58 | Source: Wire Agency | By staff"
     "</div></div><div id='detail'>{story}</div></div>",
     ["Paragraph 1", "Paragraph 2", "Paragraph 3", "Paragraph 4"]),
    # Paragraphs beside the child: the column holds more of the story.
    ("<div class='main-col'><p>The lead paragraph stands on its own above the rest, long "
     "enough and with a comma, so it counts.</p><div id='detail'>{story}</div></div>",
     ["The lead", "Paragraph 1", "Paragraph 2", "Paragraph 3", "Paragraph 4"]),
], ids=["furniture-column", "promising-sibling", "lead-beside-child"])
def test_container_is_chosen_by_its_text_not_its_name(column: str, expected: list[str]) -> None:
    page = f"<html><body>{column.format(story=STORY)}</body></html>"
    paragraphs = paragraphs_from(page)
    assert [p.split(" of the story")[0].split(" paragraph")[0] for p in paragraphs] == expected


IMAGE = '<p align="center"><img src="a.jpg" border="0"></p>'
CAPTION = "Firefighters on the roof of the burning warehouse. (Agency/Jane Roe)"
PARAGRAPHS = [f"<p>Paragraph {n} of the story says something long enough to count as prose, "
              f"with commas, clauses and a full stop.</p>" for n in range(1, 5)]


@pytest.mark.parametrize(("markup", "dropped"), [
    # Set apart from the story's paragraphs right under an image-only block: a caption.
    (f'{IMAGE}<p align="center"><font color="navy">{CAPTION}</font></p>', True),
    (f'<div><a href="a.jpg"><img src="a.jpg"></a></div><p style="text-align: center">'
     f'{CAPTION}</p>', True),
    (f'<img src="a.jpg"><p><small>{CAPTION}</small></p>', True),
    (f'<table align="right" width="220"><tr><td><img src="a.jpg"><br><span>{CAPTION}</span>'
     "</td></tr></table>", True),
    # Like the story's own paragraphs, or not set apart, or too long: more of the story.
    (f"{IMAGE}<p>{CAPTION}</p>", False),
    (f"{IMAGE}<p><i>{CAPTION}</i></p>", False),
    (f'{IMAGE}<p align="center">{CAPTION * 5}</p>', False),
    (f'<p align="center">{CAPTION}</p>', False),
], ids=["centred-font", "centred-style", "small", "photo-table", "plain", "italic", "long",
        "no-image"])
def test_caption_under_a_picture_is_dropped(markup: str, dropped: bool) -> None:
    page = (f"<html><body><div class='story'>{''.join(PARAGRAPHS[:2])}{markup}"
            f"{''.join(PARAGRAPHS[2:])}</div></body></html>")
    body = "\n".join(paragraphs_from(page))
    assert ("Firefighters" not in body) is dropped
    assert body.count("Paragraph") == 4


def test_centred_story_keeps_its_centred_lines_under_pictures() -> None:
    centred = [p.replace("<p>", '<p style="text-align: center;">') for p in PARAGRAPHS]
    page = (f"<html><body><div class='story'>{''.join(centred[:2])}{IMAGE}"
            f'<p style="text-align: center;">{CAPTION}</p>{"".join(centred[2:])}</div>'
            "</body></html>")
    assert "Firefighters" in "\n".join(paragraphs_from(page))


def test_layout_table_around_the_whole_page_is_not_a_photo_box() -> None:
    page = (f"<html><body><table><tr><td><img src='logo.gif'></td></tr><tr><td>{STORY}</td>"
            "</tr></table></body></html>")
    assert len(paragraphs_from(page)) == 4


@pytest.mark.parametrize(("line", "dropped"), [
    ("[Editor: Jane Roe]", True),
    ("Editor: Jane Roe", True),
    ("Editors: Jane Roe, John Doe", True),
    ("Editor's note: This story was updated at 5:45 p.m. to add details.", False),
    ("The editor: a man who never said no, they recalled.", False),
    ("Editor: he said the paper would close. It did.", False),
], ids=["bracketed", "plain", "plural", "editors-note", "prose", "sentence"])
def test_editor_credit_lines_are_furniture(line: str, dropped: bool) -> None:
    assert clean.filter_paragraphs([("Story text.", 0.0), (line, 0.0)], None) == (
        ["Story text."] if dropped else ["Story text.", line])


def test_enditem_before_an_editor_line_is_stripped() -> None:
    page = (f"<html><body><div class='story'>{STORY}<p>Enditem</p><p>[Editor: Jane Roe]</p>"
            "</div></body></html>")
    paragraphs = paragraphs_from(page)
    assert len(paragraphs) == 4 and paragraphs[-1].endswith("a full stop.")


def test_small_table_of_data_with_pictures_is_kept() -> None:
    rows = "".join(f"<tr><td><img src='flag{n}.png'></td><td>Team {n}</td><td>{n}</td></tr>"
                   for n in (1, 2, 3))
    page = f"<html><body><article>{STORY}<table>{rows}</table></article></body></html>"
    assert paragraphs_from(page)[-3:] == ["Team 1 1", "Team 2 2", "Team 3 3"]


PROSE = ("Sentence {n} of the story is long enough to count as prose, with commas, clauses "
         "and, at the end of it, a full stop.")
LINKS = "".join(f"<li><a href='/s{n}'>Another section of the site, number {n}</a></li>"
                for n in range(12))
NAV = f"<nav><ul>{LINKS}</ul></nav>"


@pytest.mark.parametrize(("body", "kept"), [
    # Alike hinted blocks that together hold the story are kept, and what is inside them.
    ("<div class='story'>" + "".join(
        f"<div class='card item'><div class='card-body'>{PROSE.format(n=n)}</div></div>"
        for n in range(1, 5)) + "</div>", 4),
    ("<div class='story'>" + "".join(
        f"<p class='tagStyle_x1y2'>{PROSE.format(n=n)}</p>" for n in range(1, 5)) + "</div>", 4),
    # Teasers are no story, however much of the page they hold: each has a linked headline.
    ("<div class='story'><p>" + PROSE.format(n=1) + "</p></div><div class='list'>" + "".join(
        f"<div class='card'><h3><a href='/t{n}'>Teaser {n}</a></h3><p>{PROSE.format(n=n)}</p>"
        "</div>" for n in range(2, 6)) + "</div>", 1),
    # Fewer than three blocks, or three short lines on a page of links, are not the story.
    ("<div class='story'><p>" + PROSE.format(n=1) + "</p><p>" + PROSE.format(n=2) + "</p>"
     "</div><div class='promo x'><p>" + PROSE.format(n=3) + "</p></div><div class='promo y'>"
     "<p>" + PROSE.format(n=4) + "</p></div>", 2),
    (NAV * 4 + "".join("<p class='copyright'>Copyright 2020, the publisher, all rights "
                       "reserved.</p>" for _ in range(3)), 0),
], ids=["cards", "generated-class", "teaser-cards", "two-promos", "copyright-lines"])
def test_story_split_in_hinted_blocks(body: str, kept: int) -> None:
    page = f"<html><body>{NAV}<h1>Headline</h1>{body}</body></html>"
    assert sum("of the story" in p for p in paragraphs_from(page, "Headline")) == kept


def test_sidebar_beside_the_main_cell_of_a_grid_still_goes() -> None:
    story = "".join(f"<p>{PROSE.format(n=n)}</p>" for n in range(1, 5))
    sidebar = "".join(f"<p>Sidebar teaser {n} says a few words, with a comma.</p>"
                      for n in range(1, 5))
    page = (f"<html><body>{NAV}<div class='grid'><div class='cell main'>{story}</div>"
            f"<div class='cell sidebar'>{sidebar}</div><div class='cell ad'>{sidebar}</div>"
            "</div></body></html>")
    assert "Sidebar" not in "\n".join(paragraphs_from(page))


def test_story_beside_longer_teasers_in_links_is_kept_despite_its_name() -> None:
    story = "".join(f"<p>{PROSE.format(n=n)}</p>" for n in range(1, 4))
    teasers = "".join(f"<a href='/t{n}'><div class='text'><p>{PROSE.format(n=n)} {PROSE}</p>"
                      "</div></a>" for n in range(10, 16))
    page = (f"<html><body>{NAV}<article class='author-article'><h1>Headline</h1>{story}"
            f"</article><div class='feed'>{teasers}</div></body></html>")
    paragraphs = paragraphs_from(page, "Headline")
    assert [p[:10] for p in paragraphs] == ["Sentence 1", "Sentence 2", "Sentence 3"]


def test_teaser_wrapped_in_a_link_does_not_outscore_the_story() -> None:
    story = f"<p>{PROSE.format(n=1)}</p>"
    teasers = "".join(f"<a href='/t{n}'><div class='summary'>{PROSE.format(n=n)} More, and "
                      f"more, and more, with commas, commas, commas.</div></a>"
                      for n in range(2, 7))
    page = (f"<html><body>{NAV}<article><h1>Headline</h1>{story}</article>"
            f"<div class='more'>{teasers}</div></body></html>")
    assert paragraphs_from(page, "Headline") == [PROSE.format(n=1)]


def test_overflow_hidden_container_is_not_hidden() -> None:
    story = "".join(f"<p>{PROSE.format(n=n)}</p>" for n in range(1, 4))
    # Neither the story nor a rail holds most of the page's paragraphs.
    rails = "".join(f"<div class='{name}'><p>{PROSE.format(n=4)}</p><p>{PROSE.format(n=5)}</p>"
                    "</div>" for name in ("sidebar", "related"))
    page = (f"<html><body>{NAV * 3}<h1>Headline</h1><div class='ArticleContent "
            f"-lg:overflow-hidden'>{story}</div>{rails}</body></html>")
    assert [p[:10] for p in paragraphs_from(page, "Headline")] == [
        "Sentence 1", "Sentence 2", "Sentence 3"]


@pytest.mark.parametrize(("line", "credit"), [
    # picture credits and gallery counters, in the languages of the archive
    ("Foto: MDR/Bernd Cramer", True),
    ("Fotos: Berliner Feuerwehr", True),
    ("Bildquelle: SWR", True),
    ("Bild: Screenshot Youtube-Video", True),
    ("Crédit photo : KB / Bondy Blog", True),
    ("Crédits photos : Bestimage", True),
    ("Photo (cc) : svenwerk", True),
    ("Créditos: EFE", True),
    ("Bild 3 von 10", True),
    ("Photo 2 of 12", True),
    ("Rescuers search the rubble in Antakya on Tuesday. (AP Photo/Jane Roe)", True),
    ("Die Feuerwehr am Einsatzort in Halle. (Foto: dpa)", True),
    ("Birgit Kelle (Bild: Facebook)", True),
    # the story's own sentences, even about pictures
    ("Photos released online show the actress at an awards dinner on Saturday night.", False),
    ("Fotografen warteten stundenlang vor dem Gericht.", False),
    ("The image: a city under water, seen from the air by the rescue crews.", False),
    ("Bild am Sonntag reported the deal first, citing people close to the club.", False),
    ("The agency released 12 photos of the site (see below).", False),
])
def test_picture_credits_are_not_article_text(line: str, credit: bool) -> None:
    assert clean._is_furniture(line, 0.0) is credit


def test_captions_repeated_in_several_forms_leave_no_credit_in_the_body() -> None:
    caption = "Rescuers search the rubble of the market hall on Tuesday."
    page = ("<html><body><article><h1>Market hall collapses</h1>"
            f"{PARAGRAPHS[0]}<figure><img src='a.jpg'><figcaption>{caption} "
            "(AP Photo/Jane Roe)</figcaption></figure>"
            f"<p class='caption'>{caption}</p><p>Foto: AP/Jane Roe</p>"
            f"{PARAGRAPHS[1]}<div class='gallery__caption'>{caption}</div>"
            f"<p>{caption} (AP Photo/Jane Roe)</p>{''.join(PARAGRAPHS[2:])}"
            "</article></body></html>")
    body = "\n".join(paragraphs_from(page))
    assert "Jane Roe" not in body
    assert "Rescuers" not in body
    assert body.count("Paragraph") == 4
