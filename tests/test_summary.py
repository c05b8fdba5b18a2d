"""The text a story page declares of itself, for pages whose visible text is only a player."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from indexer.extraction import summary
from indexer.extraction.extract import ExtractError, extract

VIDEO_PAGE = Path(__file__).parent / "pages" / "clean" / "video.only.html"
DESCRIPTION = ("New York is the centre of the pandemic in the United States. Sport has come to a "
               "standstill, and nobody can say when the leagues will play again.")


def tree(head: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><head>{head}</head><body><h1>x</h1></body></html>")


def meta(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{content}">'


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


SUMMARY_CASES = [
    # (id, head, paragraphs)
    ("og:type article with its description",
     meta("og:type", "article") + meta("og:description", DESCRIPTION), [DESCRIPTION]),
    ("video object's own description",
     ld(f'{{"@type":"VideoObject","name":"Sport","description":"{DESCRIPTION}"}}'),
     [DESCRIPTION]),
    ("JSON-LD articleBody in paragraphs",
     ld('{"@type":"NewsArticle","articleBody":"' + "First paragraph of the story. " * 3
        + '\\n\\n' + "Second paragraph of the story. " * 3 + '"}'),
     ["First paragraph of the story. " * 3, "Second paragraph of the story. " * 3]),
    ("an index page's description is no story",
     meta("og:type", "website") + meta("og:description", DESCRIPTION), []),
    ("a slogan is no summary",
     meta("og:type", "article") + meta("og:description", "All the news, all day."), []),
    ("nothing declared", "", []),
]


@pytest.mark.parametrize(
    ("head", "expected"), [c[1:] for c in SUMMARY_CASES], ids=[c[0] for c in SUMMARY_CASES]
)
def test_find_summary(head: str, expected: list[str]) -> None:
    assert summary.find_summary(tree(head)) == [p.strip() for p in expected]


def test_a_video_story_is_kept_with_its_description():
    page = VIDEO_PAGE.read_bytes().replace(
        b"<title>", (meta("og:type", "article") + meta("og:description", DESCRIPTION)
                     ).encode() + b"<title>")
    article = extract(page, "video.html")
    assert article.paragraphs == (DESCRIPTION,)
    assert article.title == "Sport in Zeiten von Corona"


def test_a_player_without_a_declared_story_is_still_skipped():
    with pytest.raises(ExtractError, match="no article text"):
        extract(VIDEO_PAGE.read_bytes(), "video.html")
