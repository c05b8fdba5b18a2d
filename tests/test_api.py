"""The JSON API: response shape, filters, facets, escaping, and one error shape."""

from __future__ import annotations

import html
import json
import re

import pytest

RESULT_KEYS = {"path", "url", "title", "date", "section", "speakers", "score", "snippet"}
TOP_KEYS = {"query", "total", "page", "per_page", "took_ms", "suggestion", "facets", "results"}


def test_search_shape_matches_the_contract(client):
    data = client.get("/api/search?q=Crimea").get_json()
    assert TOP_KEYS <= set(data)
    assert data["query"] == "Crimea"
    assert data["total"] >= 1 and data["results"]
    assert {"section", "speaker", "year"} <= set(data["facets"])
    for result in data["results"]:
        assert RESULT_KEYS <= set(result)
        assert isinstance(result["speakers"], list)
    assert all(isinstance(name, str) and isinstance(n, int)
               for items in data["facets"].values() for name, n in items)


def test_crimea_finds_the_kerry_story_highlighted(client):
    data = client.get("/api/search?q=Crimea").get_json()
    kerry = [r for r in data["results"] if "Kerry" in r["title"]]
    assert kerry, [r["title"] for r in data["results"]]
    story = kerry[0]
    assert story["date"] == "2016-03-23"
    assert story["section"] == "World"
    assert {"Chu Yin", "Feng Yujun"} <= set(story["speakers"])
    assert "<mark>Crimea</mark>" in story["snippet"]


def test_filters_narrow_and_facets_count_the_whole_result_set(client):
    everything = client.get("/api/search?q=said&per_page=1").get_json()
    sections = dict(everything["facets"]["section"])
    assert sum(sections.values()) <= everything["total"]
    name, count = everything["facets"]["section"][0]
    narrowed = client.get(f"/api/search?q=said&section={name}").get_json()
    assert narrowed["total"] == count
    assert {r["section"] for r in narrowed["results"]} == {name}


def test_speaker_filter_is_case_insensitive(client):
    a = client.get("/api/search?speaker=Chu+Yin").get_json()
    b = client.get("/api/search?speaker=chu+yin").get_json()
    assert a["total"] == b["total"] >= 1
    assert all("Chu Yin" in r["speakers"] for r in a["results"])


def test_date_range_and_sort(client):
    newest = client.get("/api/search?q=said&sort=newest&per_page=50").get_json()["results"]
    dates = [r["date"] for r in newest if r["date"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/search?q=said&sort=oldest&per_page=50").get_json()["results"]
    dates = [r["date"] for r in oldest if r["date"]]
    assert dates == sorted(dates)
    year = dates[0][:4]
    ranged = client.get(f"/api/search?q=said&from={year}&to={year}&per_page=50").get_json()
    assert ranged["results"] and all(r["date"].startswith(year) for r in ranged["results"])


def test_pagination_gives_next_url_until_the_last_page(client):
    first = client.get("/api/search?q=said&per_page=2").get_json()
    assert first["total"] > 2 and first["next_url"]
    second = client.get(first["next_url"]).get_json()
    assert second["page"] == 2
    assert {r["path"] for r in first["results"]}.isdisjoint(r["path"] for r in second["results"])
    last_page = -(-first["total"] // 2)
    last = client.get(f"/api/search?q=said&per_page=2&page={last_page}").get_json()
    assert last["next_url"] is None


def test_snippets_escape_everything_but_mark(client):
    data = client.get('/api/search?q=said&per_page=50').get_json()
    for result in data["results"]:
        stripped = result["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


def test_a_query_that_cannot_parse_falls_back_to_words(client):
    for q in ['title:(', '"unclosed phrase', 'AND OR NOT', 'date:notadate', '((((']:
        response = client.get("/api/search", query_string={"q": q})
        assert response.status_code == 200, q


BAD = [
    ("page=0", "page"),
    ("page=abc", "page"),
    ("per_page=1000", "per_page"),
    ("per_page=-1", "per_page"),
    ("sort=random", "sort"),
    ("from=yesterday", "from"),
    ("from=2020-01-01&to=2019-01-01", "from"),
    ("page=999999999", "page"),
    ("color=red", "color"),
    ("more=year", "more"),
    ("more=everything", "more"),
]


@pytest.mark.parametrize(("query", "param"), BAD, ids=[b[0] for b in BAD])
def test_every_bad_parameter_is_a_400_with_one_error_shape(client, query, param):
    response = client.get(f"/api/search?q=x&{query}")
    assert response.status_code == 400
    data = response.get_json()
    assert data["ok"] is False and data["status"] == 400
    assert data["error"].startswith(param + ":")


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_speaker_search_shows_what_the_speaker_said(client):
    data = client.get('/api/search', query_string={"q": 'speaker:"Chu Yin" Crimea'}).get_json()
    assert [r["title"] for r in data["results"]] == [
        "Kerry's visit to Moscow unlikely to yield breakthrough: experts"]
    snippet = data["results"][0]["snippet"]
    assert snippet.startswith("Chu Yin: ") and "<mark>Crimea</mark>" in snippet
    assert "ownership of <mark>Crimea</mark>" in snippet


def test_speakers_are_people_and_organisations_have_their_own_field(client):
    data = client.get("/api/search?q=kerry moscow&per_page=100").get_json()
    story = next(r for r in data["results"] if "Kerry" in r["title"])
    assert "U.S. State Department" not in story["speakers"]
    assert "U.S. State Department" in story["orgs"]
    speaker_facet = {name for name, _ in data["facets"]["speaker"]}
    org_facet = {name for name, _ in data["facets"]["org"]}
    assert "U.S. State Department" in org_facet and "U.S. State Department" not in speaker_facet
    assert all(not set(r["speakers"]) & set(r["orgs"]) for r in data["results"])
    assert client.get('/api/search?q=org:"U.S. State Department"').get_json()["total"] >= 1


@pytest.mark.parametrize("wording", ["markets", "Markets", "companies", "economy",
                                     "Wirtschaft"])
def test_section_words_as_pages_use_them_find_their_label(client, wording):
    business = client.get("/api/search?section=Business&per_page=1").get_json()["total"]
    assert business >= 1
    by_query = client.get(f"/api/search?q=section:{wording}&per_page=1").get_json()
    by_filter = client.get(f"/api/search?section={wording}&per_page=1").get_json()
    assert by_query["total"] == by_filter["total"] == business
    # facets keep the short label
    assert [name for name, _ in by_filter["facets"]["section"]] == ["Business"]


def test_excluded_words_are_not_marked_and_phrases_only_where_whole(client):
    data = client.get("/api/search", query_string={"q": "crimea -title:annexation"}).get_json()
    assert data["total"] > 0
    assert any("annexation" in h["snippet"] for h in data["results"])  # shown, not marked
    assert all("<mark>annexation" not in h["snippet"] for h in data["results"])
    phrase = client.get("/api/search", query_string={"q": '"state department"'}).get_json()
    for hit in phrase["results"]:
        marked = [m.lower() for m in re.findall(r"<mark>([^<]*)</mark>", hit["snippet"])]
        assert "states" not in marked and "united" not in marked


@pytest.mark.parametrize(("typed", "stored"), [
    ("Chu", "Chu Yin"), ("yin", "Chu Yin"), ('"chu yin"', "Chu Yin"),
    ("Petrovic", "Ana Petrović"), ("kalnins", "Andris Kalniņš"), ("FOURNIER", "Amélie Fournier"),
])
def test_speakers_are_found_by_any_name_part_and_without_accents(client, typed, stored):
    by_query = client.get("/api/search", query_string={"q": f"speaker:{typed}"}).get_json()
    by_filter = client.get("/api/search", query_string={
        "q": "", "speaker": typed.strip('"')}).get_json()
    for data in (by_query, by_filter):
        assert data["total"] >= 1, data
        assert all(stored in hit["speakers"] for hit in data["results"])


def test_a_name_part_filter_shows_what_the_speaker_said(client):
    data = client.get("/api/search", query_string={"q": "crimea", "speaker": "chu"}).get_json()
    assert data["results"][0]["snippet"].startswith("Chu Yin: ")


def test_a_name_part_matches_whole_words_only(client):
    data = client.get("/api/search", query_string={"q": "speaker:ch"}).get_json()
    assert data["total"] == 0


@pytest.mark.parametrize(("typed", "written"), [
    ("Petrovic", "Petrović"), ("kalnins", "Kalniņš"), ("Fournier Amelie", "Amélie")])
def test_words_are_found_without_their_accents(client, typed, written):
    data = client.get("/api/search", query_string={"q": typed}).get_json()
    assert data["total"] >= 1
    assert any(f"<mark>{written}</mark>" in h["snippet"] + h["title"] for h in data["results"])


def test_an_article_as_json(client):
    hit = client.get('/api/search?q="ownership of crimea"').get_json()["results"][0]
    response = client.get(f"/api/doc/{hit['id']}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.get_json()
    assert set(doc) == {"ok", "id", "path", "url", "title", "body", "paragraphs", "date",
                        "section", "source", "speakers", "capture", "story", "site", "copies",
                        "author", "language"}
    assert doc["ok"] is True and doc["id"] == hit["id"]
    assert {k: doc[k] for k in ("path", "url", "title", "date", "section", "source")} == {
        k: hit[k] for k in ("path", "url", "title", "date", "section", "source")}
    assert "ownership of Crimea" in doc["body"] and doc["body"] == "\n\n".join(doc["paragraphs"])
    chu = next(s for s in doc["speakers"] if s["name"] == "Chu Yin")
    assert chu["kind"] == "person" and any("Crimea" in q for q in chu["quotes"])
    assert [s["name"] for s in doc["speakers"] if s["kind"] == "person"] == hit["speakers"]


@pytest.mark.parametrize("doc_id", ["0123456789abcdef", "ZZZ", "a" * 40, "%2e%2e", "7468BBBF"])
def test_an_unknown_or_impossible_article_id_is_a_json_404(client, doc_id):
    response = client.get(f"/api/doc/{doc_id}")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "error": "No such document.", "status": 404}
    # The page of the article says the same.
    assert client.get(f"/doc/{doc_id}").status_code == 404


def test_the_article_endpoint_takes_no_parameters(client):
    hit = client.get("/api/search?q=crimea").get_json()["results"][0]
    response = client.get(f"/api/doc/{hit['id']}?q=crimea")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("q: unknown parameter")


def test_facet_sizes_say_which_facets_are_cut_and_more_lists_one_whole(client):
    cut = client.get("/api/search?q=said").get_json()
    sizes = cut["facet_sizes"]
    assert set(sizes) == {"section", "speaker", "org", "author", "year", "source", "language"}
    assert sizes["speaker"] > len(cut["facets"]["speaker"]) == 20
    assert all(sizes[name] == len(cut["facets"][name]) for name in ("section", "year"))
    whole = client.get("/api/search?q=said&more=speaker").get_json()
    assert len(whole["facets"]["speaker"]) == sizes["speaker"]
    assert whole["facets"]["speaker"][:20] == cut["facets"]["speaker"]
    assert whole["total"] == cut["total"] and whole["results"] == cut["results"]


# ---------------------------------------------------------------------------------------------
# Authors: a filter, a facet and `author:` in the query, names matched by part

def _titles(client, **args) -> set[str]:
    data = client.get("/api/search", query_string={"per_page": 100, **args}).get_json()
    assert "error" not in data, data
    return {r["title"] for r in data["results"]}


def test_author_filter_query_and_facet_find_the_same_articles(client):
    written = _titles(client, author="Rob Kellner")
    assert len(written) >= 2
    assert _titles(client, q='author:"Rob Kellner"') == written
    assert _titles(client, q="author:Kellner") == written  # a part of the name
    assert _titles(client, author="kellner") == written  # case-insensitive
    everything = client.get("/api/search?q=&section=Sport&per_page=100").get_json()
    facet = dict(everything["facets"]["author"])
    sport = _titles(client, section="Sport", author="Rob Kellner")
    assert facet["Rob Kellner"] == len(sport) >= 1
    data = client.get("/api/search", query_string={"author": "Rob Kellner"}).get_json()
    assert all(r["author"] == ["Rob Kellner"] for r in data["results"])


def test_author_and_speaker_are_apart(client):
    # Priya Raman is quoted in one sample article and writes none
    assert _titles(client, speaker="Priya Raman")
    assert not _titles(client, author="Priya Raman")
    assert not _titles(client, author="Nobody Atall")


def test_author_filter_reaches_the_results_page_feed_and_export(client):
    written = _titles(client, author="Rob Kellner")
    page = client.get("/search?author=Rob+Kellner").get_data(as_text=True)
    assert all(html.escape(t, quote=False) in page for t in written)
    assert '<span class="author">by <a href="/search?author=Rob+Kellner' in page
    assert '<input type="hidden" name="author" value="Rob Kellner">' in page
    feed = client.get("/search.atom?author=Rob+Kellner").get_data(as_text=True)
    assert feed.count("<entry>") == len(written) and "<name>Rob Kellner</name>" in feed
    rows = client.get("/api/export?author=Rob+Kellner&format=jsonl").get_data(as_text=True)
    assert len(rows.splitlines()) == len(written)
    assert all(json.loads(row)["author"] == ["Rob Kellner"] for row in rows.splitlines())


def test_the_article_page_names_its_authors(client):
    data = client.get("/api/search?author=Rob+Kellner&per_page=1").get_json()
    doc = client.get(f"/doc/{data['results'][0]['id']}").get_data(as_text=True)
    assert '<span class="author">by <a href="/search?author=Rob+Kellner">Rob Kellner</a>' in doc
