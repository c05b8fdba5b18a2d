"""A page per speaker: every quote of one person, newest first, with their timeline."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest

from indexer.store.schema import from_stored

from .conftest import open_searcher


@pytest.fixture(scope="module")
def quoted(built_index) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Every person in the index: (date, title, quotes) of each article quoting them."""
    searcher = open_searcher(built_index)
    people: dict[str, list] = {}
    try:
        for stored in searcher.all_stored_fields():
            article = from_stored(stored)
            for s in article.speakers:
                if s.kind == "person":
                    people.setdefault(s.name, []).append(
                        ((article.date or "")[:10], article.title, list(s.quotes)))
    finally:
        searcher.close()
    return people


def _most_quoted(quoted) -> str:
    return max(sorted(quoted), key=lambda name: len(quoted[name]))


def test_api_lists_every_quote_of_the_person_newest_first(client, quoted):
    name = _most_quoted(quoted)
    expected = quoted[name]
    data = client.get(f"/api/speaker/{quote(name)}?per_page=100").get_json()
    assert data["ok"] is True and data["name"] == name
    assert data["total"] == len(expected) >= 2
    results = data["results"]
    assert {r["title"] for r in results} == {title for _, title, _ in expected}
    dates = [r["date"] for r in results if r["date"]]
    assert dates == sorted(dates, reverse=True)
    for result in results:
        assert {"id", "title", "url", "date", "section", "quotes"} <= set(result)
        wanted = next(q for _, title, q in expected if title == result["title"])
        assert result["quotes"] == wanted
    assert sum(len(r["quotes"]) for r in results) == sum(len(q) for _, _, q in expected)


def test_api_gives_sections_co_quoted_people_and_timeline(client, quoted):
    data = client.get("/api/speaker/Chu%20Yin").get_json()
    facets = data["facets"]
    assert facets["section"] == [["World", 1]]
    co = dict(facets["co_quoted"])
    assert "Chu Yin" not in co and co["Feng Yujun"] == 1
    assert facets["date_histogram"] == [["2016-03-23", 1]] and data["interval"] == "day"


def test_names_are_case_insensitive_and_paged(client, quoted):
    name = _most_quoted(quoted)
    lower = client.get(f"/api/speaker/{quote(name.lower())}?per_page=1").get_json()
    assert lower["name"] == name and len(lower["results"]) == 1
    assert lower["next_url"] and "per_page=1" in lower["next_url"]
    second = client.get(lower["next_url"]).get_json()
    assert second["page"] == 2 and second["results"][0]["id"] != lower["results"][0]["id"]


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/api/speaker/Nobody%20Quoted%20Here", 404, "No quotes are attributed to"),
    ("/api/speaker/Chu%20Yin?page=zero", 400, "page: must be a whole number"),
    ("/api/speaker/Chu%20Yin?q=crimea", 400, "q: unknown parameter"),
    ("/api/speaker/Chu%20Yin?from=2016-02-31", 400, "from: must be a date"),
    ("/api/speaker/Chu%20Yin?interval=century", 400, "interval: must be one of"),
    ("/api/speaker/" + "x" * 201, 400, "name: longer than 200 characters"),
    ("/api/speaker/Chu%20Yin?from=2020", 404, "in these dates"),
])
def test_bad_speaker_requests_say_why(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    body = response.get_json()
    assert body["ok"] is False and body["status"] == status and message in body["error"]


def test_speaker_page_shows_quotes_timeline_sections_and_co_quoted(client):
    response = client.get("/speaker/Chu%20Yin")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Chu Yin</h1>" in page
    assert "ownership of Crimea" in page  # one of the quotes
    assert "<svg" in page and "<title>2016-03-23: 1 article</title>" in page
    assert re.search(r"<h2>Sections</h2>\s*<ul>\s*<li><a href=\"/search\?section=World&amp;"
                     r"speaker=Chu\+Yin\">World</a>", page)
    assert '<a href="/speaker/Feng%20Yujun">Feng Yujun</a>' in page
    assert 'type="application/atom+xml"' in page


def test_speaker_page_is_404_for_an_unknown_person(client):
    response = client.get("/speaker/Nobody%20Quoted%20Here")
    assert response.status_code == 404 and "No quotes are attributed" in response.get_data(
        as_text=True)


def test_results_and_articles_link_speakers_to_their_page(client):
    page = client.get("/search?q=Crimea&from=2016").get_data(as_text=True)
    assert 'href="/speaker/Chu%20Yin?from=2016-01-01">Chu Yin</a>' in page
    # The facet still filters the search.
    assert re.search(r'href="/search\?[^"]*speaker=Chu\+Yin', page)
    doc_id = client.get("/api/search?q=Crimea+Kerry").get_json()["results"][0]["id"]
    article = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert '<a href="/speaker/Chu%20Yin">Chu Yin</a>' in article


@pytest.mark.parametrize("args", ['q=speaker:"chu yin" crimea', "q=crimea&speaker=chu+yin"])
def test_a_search_about_a_speaker_links_to_their_page(client, args):
    page = client.get(f"/search?{args}").get_data(as_text=True)
    assert re.search(r'Every quote by <a href="/speaker/Chu%20Yin">Chu Yin</a>', page)


def test_a_search_about_nobody_known_has_no_speaker_link(client):
    page = client.get('/search?q=speaker:"nobody here"').get_data(as_text=True)
    assert "Every quote by" not in html.unescape(page)


def test_the_role_an_article_gives_a_person_is_beside_their_quotes(client):
    data = client.get("/api/speaker/Annika%20Berg").get_json()
    assert {r["role"] for r in data["results"]} == {"Governor"}
    page = client.get("/speaker/Annika%20Berg").get_data(as_text=True)
    assert '<p class="role">Governor</p>' in page
    found = client.get('/api/search?q=speaker:"Annika Berg"').get_json()
    assert found["results"] and all(r["snippet"].startswith("Annika Berg (Governor): ")
                                    for r in found["results"])
    doc = client.get(f"/doc/{found['results'][0]['id']}").get_data(as_text=True)
    assert "Annika Berg</a>" in doc and '<span class="role">Governor</span>' in doc


def test_a_title_is_no_part_of_a_name(client):
    facet = dict(client.get("/api/search?q=vaccination").get_json()["facets"]["speaker"])
    assert "Kofi Asante" in facet and not any(name.startswith("Dr.") for name in facet)
