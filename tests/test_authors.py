"""Bylines: who wrote an article, from its JSON-LD, <meta>, rel=author and byline lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extraction import authors
from indexer.extraction.extract import extract

PAGES = Path(__file__).parent / "pages" / "bylines"

# (page, authors, a byline line that must not be left in the body, or None)
PAGE_CASES = [
    pytest.param("courier.byline-line.html", ("Camila Rojas",), "By Camila Rojas",
                 id="byline-line-is-no-body"),
    pytest.param("newsroom.jsonld-authors.html", ("Ben Ortiz", "Lena Park"), None,
                 id="json-ld-persons-and-graph-reference-not-the-photographer"),
    pytest.param("blog.meta-author.html", ("Priya Raman",), None,
                 id="meta-author-not-the-commenters"),
    pytest.param("wire.rel-author.html", ("Jon Weiss",), None,
                 id="rel-author-not-the-site-or-a-teaser"),
    pytest.param("agency.no-person.html", (), "By Courier Staff",
                 id="organisation-and-staff-are-no-author"),
    pytest.param("zeitung.von-byline.html", ("Max Mustermann", "Erika Musterfrau"), None,
                 id="german-byline-two-names"),
]


@pytest.mark.parametrize(("page", "expected", "byline"), PAGE_CASES)
def test_authors_of_pages(page: str, expected: tuple[str, ...], byline: str | None) -> None:
    article = extract((PAGES / page).read_bytes(), page)
    assert article.authors == expected
    assert article.to_json()["author"] == (list(expected) or None)
    if byline:
        assert byline not in article.body


# (byline as written, the names in it)
NAME_CASES = [
    pytest.param("By Camila Rojas", ["Camila Rojas"], id="by"),
    pytest.param("By CAMILA ROJAS | The Courier", ["Camila Rojas"], id="capitals-and-site"),
    pytest.param("By Ann Lee and Bo Chan, Staff Writers", ["Ann Lee", "Bo Chan"],
                 id="two-names-and-a-role"),
    pytest.param("By Carrie ArnoldNovember 15, 2019", ["Carrie Arnold"], id="glued-date"),
    pytest.param("Kevin Johnson and Kevin McCoy USA TODAY", ["Kevin Johnson", "Kevin McCoy"],
                 id="glued-credit"),
    pytest.param("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"],
                 id="lead-word"),
    pytest.param("Von Tomas Spahn Fr, 18. Oktober 2019", ["Tomas Spahn"], id="von-and-date"),
    pytest.param("Por Juan Pérez y Ana Gómez", ["Juan Pérez", "Ana Gómez"], id="por-y"),
    pytest.param("Ilana Muhlstein, MS, RDN", ["Ilana Muhlstein"], id="degrees"),
    pytest.param("Leah C. Stokes", ["Leah C. Stokes"], id="initial"),
    pytest.param("Alexa von Heyden", ["Alexa von Heyden"], id="particle"),
    pytest.param("Photo by Ann Lee", [], id="photo-credit"),
    pytest.param("Staff", [], id="staff"),
    pytest.param("The Editorial Board", [], id="board"),
    pytest.param("Associated Press", [], id="agency"),
    pytest.param("European Space Agency", [], id="organisation"),
    pytest.param("Deutsche Welle", [], id="national-institution"),
    pytest.param("J. Smith", [], id="too-little-to-go-on"),
    pytest.param("https://www.facebook.com/courier", [], id="url"),
]


@pytest.mark.parametrize(("text", "expected"), NAME_CASES)
def test_person_names(text: str, expected: list[str]) -> None:
    assert authors.person_names(text) == expected


def test_site_name_is_no_author() -> None:
    assert authors.person_names("Miami Today", site="Miami Today") == []


@pytest.mark.parametrize(("paragraphs", "names", "left"), [
    pytest.param(["By Camila Rojas", "Rents rose."], ["Camila Rojas"], ["Rents rose."],
                 id="taken-out"),
    pytest.param(["By Tuesday, the council had voted.", "Rents rose."], [],
                 ["By Tuesday, the council had voted.", "Rents rose."], id="sentence-stays"),
    pytest.param(["Rents rose.", "More text.", "Even more.", "By Ann Lee"], [],
                 ["Rents rose.", "More text.", "Even more.", "By Ann Lee"],
                 id="only-at-the-start"),
])
def test_take_byline(paragraphs: list[str], names: list[str], left: list[str]) -> None:
    assert authors.take_byline(paragraphs) == (names, left)
