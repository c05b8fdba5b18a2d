"""Boilerplate removal on small real-shaped pages: what stays, what goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from indexer import clean

PAGES = Path(__file__).parent / "pages" / "clean"


def paragraphs_of(name: str, title: str | None = None, **kwargs: bool) -> list[str]:
    """Extract the body paragraphs of a fixture page."""
    tree = html.document_fromstring((PAGES / name).read_text(encoding="utf-8"))
    return clean.extract_paragraphs(tree, title, **kwargs)


def paragraphs_from(markup: str, title: str | None = None) -> list[str]:
    """Extract the body paragraphs of an inline page."""
    return clean.extract_paragraphs(html.document_fromstring(markup), title)


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
    assert clean.strip_agency_tail(paragraphs) == expected


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Story.", "It ended.", "Source: Xinhua"], "Xinhua"),
    (["Story.", "It ended. Source: Xinhua"], "Xinhua"),
    (["Story.", "Source: Reuters", "Enditem"], "Reuters"),
    (["Story.", "It ended.Enditem"], None),
    (["Story.", "It ended."], None),
    ([], None),
], ids=["own-line", "glued", "before-enditem", "enditem-only", "none", "empty"])
def test_find_agency_tail(paragraphs: list[str], expected: str | None) -> None:
    assert clean.find_agency_tail(paragraphs) == expected


def test_extract_paragraphs_can_keep_the_tail_for_find_agency_tail() -> None:
    paragraphs = paragraphs_of("captions.agency.html", strip_tail=False)
    assert paragraphs[-1].endswith("Enditem")
    assert clean.strip_agency_tail(paragraphs)[-1].endswith("the center added.")


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
