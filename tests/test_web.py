"""HTML pages through the test client: search page, article view, OpenSearch, health."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest

from web import create_app


def test_home_page_has_a_labelled_search_form(client):
    html = client.get("/").get_data(as_text=True)
    assert '<label for="q"' in html and 'name="q"' in html
    assert 'rel="search"' in html and "/opensearch.xml" in html


def test_results_page_shows_highlighted_hits_with_metadata_and_facets(client):
    html = client.get("/search?q=Crimea").get_data(as_text=True)
    assert "<mark>Crimea</mark>" in html
    assert "2016-03-23" in html
    assert 'aria-label="Refine results"' in html
    assert re.search(r'href="[^"]*speaker=Chu\+Yin', html)


def test_document_view_shows_clean_text_and_quotes(client):
    data = client.get("/api/search?q=Crimea+Kerry").get_json()
    doc_id = data["results"][0]["id"]
    html = client.get(f"/doc/{doc_id}").get_data(as_text=True)
    assert "Please enter your comment" not in html
    assert "Who is quoted" in html


def test_document_ids_that_are_not_hex_are_404(client):
    for path in ["/doc/../../etc/passwd", "/doc/%2e%2e%2fraw", "/doc/ZZZ", "/doc/" + "a" * 40]:
        assert client.get(path).status_code == 404, path


def test_bad_parameter_on_the_page_is_a_friendly_400(client):
    response = client.get("/search?q=x&page=nope")
    assert response.status_code == 400
    assert "page: must be a whole number" in response.get_data(as_text=True)


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    body = response.get_data(as_text=True)
    assert "<ShortName>" in body and "{searchTerms}" in body


def test_healthz_reports_documents(client):
    data = client.get("/healthz").get_json()
    assert data["ok"] is True and data["documents"] > 0


def test_healthz_is_503_without_an_index(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    search = app.test_client().get("/api/search?q=x")
    assert search.status_code == 503 and "indexer build" in search.get_json()["error"]


MARKS = re.compile(r"<mark( id=\"m1\")?>([^<]*)</mark>")
KERRY = "kerrys-visit-to-moscow"


def _kerry_link(client, q: str) -> str:
    html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    links = re.findall(r'href="(/doc/[0-9a-f]+\?q=[^"]*)"', html)
    doc_id = next(r["id"] for r in client.get("/api/search", query_string={"q": q})
                  .get_json()["results"] if KERRY in r["path"])
    return next(link for link in links if link.startswith(f"/doc/{doc_id}?"))


def test_result_links_carry_the_query_and_jump_to_the_first_match(client):
    link = _kerry_link(client, '"ownership of crimea"')
    assert link.endswith("?q=%22ownership+of+crimea%22#m1")
    html = client.get(link.split("#")[0]).get_data(as_text=True)
    marks = MARKS.findall(html)
    # The phrase is marked where its words stand together, and only there.
    assert {word for _id, word in marks} == {"ownership", "Crimea"}
    assert "annexation of <mark>Crimea" not in html and "annexation of Crimea" in html
    assert html.count('id="m1"') == 1 and marks[0] == (' id="m1"', "ownership")
    assert 'href="#m1"' in html
    assert 'value="&#34;ownership of crimea&#34;"' in html  # the query stays in the box


def test_the_article_marks_a_wildcards_words_and_without_a_query_marks_nothing(client):
    html = client.get(_kerry_link(client, "annex*").split("#")[0]).get_data(as_text=True)
    assert {word for _id, word in MARKS.findall(html)} == {"annexation"}
    plain = client.get(_kerry_link(client, "annex*").split("?")[0]).get_data(as_text=True)
    assert "<mark" not in plain and 'class="found"' not in plain


def test_the_article_page_refuses_what_a_search_refuses(client):
    doc = _kerry_link(client, "crimea").split("?")[0]
    for args, message in [("q=*ment", "leading wildcards"), ("page=2", "unknown parameter")]:
        response = client.get(f"{doc}?{args}")
        assert response.status_code == 400, args
        assert message in response.get_data(as_text=True)


def test_a_query_on_the_article_page_is_escaped(client):
    doc = _kerry_link(client, "crimea").split("?")[0]
    html = client.get(doc, query_string={"q": "<script>crimea</script>"}).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;crimea&lt;/script&gt;" in html
    assert "<mark" in html


def _hits(html: str) -> list[tuple[str, str]]:
    """(title, date) of each result on a results page."""
    return re.findall(r'<li class="hit">\s*<h2[^>]*><a href="[^"]*">(.*?)</a></h2>\s*'
                      r'<p class="meta">\s*(?:<time datetime="([^"]*)")?', html, re.S)


def test_an_empty_query_with_a_sort_lists_articles_by_date(client):
    everything = client.get("/api/search?sort=newest&per_page=100").get_json()
    for sort, newest in [("newest", True), ("oldest", False)]:
        html = client.get(f"/search?sort={sort}").get_data(as_text=True)
        assert 'class="intro"' not in html
        hits = _hits(html)
        assert len(hits) == 10
        dates = [d for _t, d in hits]
        assert dates == sorted(dates, reverse=newest)
        assert f"{everything['total']} results" in html
    shown = _hits(client.get("/search?sort=newest").get_data(as_text=True))
    assert [d for _t, d in shown] == [r["date"] for r in everything["results"][:10]]


def test_an_empty_query_with_a_filter_lists_that_filters_articles_newest_first(client):
    html = client.get("/search?section=World").get_data(as_text=True)
    dates = [d for _t, d in _hits(html)]
    world = client.get("/api/search?section=World").get_json()["total"]
    assert len(dates) == world and dates == sorted(dates, reverse=True)
    # Nothing to rank by: the order offered is by date, newest first.
    assert re.search(r'<strong aria-current="true">newest</strong>', html)
    assert ">relevance<" not in html


def test_the_home_page_shows_the_latest_articles_and_how_many_are_indexed(client):
    documents = client.get("/healthz").get_json()["documents"]
    html = client.get("/").get_data(as_text=True)
    assert f"{documents} articles indexed" in html
    latest = re.findall(r'<li><a href="/doc/([0-9a-f]+)">', html)
    newest = client.get("/api/search?sort=newest").get_json()["results"]
    assert latest == [r["id"] for r in newest] and len(latest) == 10
    assert 'href="/search?sort=newest"' in html
    assert client.get("/search?q=+").get_data(as_text=True).count('<li><a href="/doc/') == 10


def _form(html: str) -> dict[str, str]:
    """The name and value of every input of the page's search form."""
    form = lxml.html.fromstring(html).get_element_by_id("q").getparent()
    return {i.get("name"): i.get("value") or "" for i in form.iter("input")}


def _chips(html: str) -> dict[str, dict[str, str]]:
    """Each filter chip's text, and the arguments of the link that removes it."""
    links = lxml.html.fromstring(html).xpath("//ul[@class='chips']//a")
    return {" ".join(a.text_content().replace("×", "").split()):
            dict(parse_qsl(urlsplit(a.get("href")).query)) for a in links}


FILTERED = {"q": "said", "section": "World", "speaker": "Chu Yin", "source": "Xinhua",
            "from": "2016", "to": "2017-06", "sort": "oldest", "per_page": "5"}
AS_LINKED = {**FILTERED, "from": "2016-01-01", "to": "2017-06-30"}


def test_every_filter_is_a_chip_whose_link_takes_off_just_that_filter(client):
    html = client.get("/search", query_string=FILTERED).get_data(as_text=True)
    chips = _chips(html)
    names = {"Section: World": "section", "Speaker: Chu Yin": "speaker",
             "Agency: Xinhua": "source", "From: 2016-01-01": "from", "To: 2017-06-30": "to"}
    assert set(chips) == set(names)
    for text, args in chips.items():
        assert args == {k: v for k, v in AS_LINKED.items() if k != names[text]}, text
        after = _chips(client.get("/search", query_string=args).get_data(as_text=True))
        assert set(after) == set(names) - {text}
    assert _chips(client.get("/search?q=said").get_data(as_text=True)) == {}


def test_the_form_keeps_every_filter_and_choice_of_the_search(client):
    html = client.get("/search", query_string=FILTERED).get_data(as_text=True)
    assert _form(html) == AS_LINKED
    again = client.get("/search", query_string=_form(html)).get_data(as_text=True)
    assert _hits(again) == _hits(html) and _hits(html)


@pytest.mark.parametrize(("args", "refused"), [
    ({"q": "crimea", "section": "World", "page": "nope"}, "page"),
    ({"q": "*ment", "section": "World"}, "q"),
    ({"q": "crimea", "from": "yesterday", "to": "2017"}, "from"),
    ({"q": "crimea", "per_page": "1000", "sort": "newest", "page": "x"}, "page"),
], ids=["bad-page", "refused-query", "bad-date", "two-bad"])
def test_an_error_page_keeps_the_query_and_the_valid_rest_of_the_search(client, args, refused):
    response = client.get("/search", query_string=args)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"{refused}: " in html
    form = _form(html)
    assert form.pop("q") == args["q"]  # as typed, to be put right
    assert form.pop("from") == "" and form.pop("to", "") == ("2017-12-31" if "to" in args else "")
    assert form == {k: v for k, v in args.items()
                    if k in ("section", "sort")}, form


def _pages(html: str) -> dict[str, str]:
    """The pagination's links by their text (and the current page as "current")."""
    nav = lxml.html.fromstring(html).xpath("//nav[@class='pagination']")[0]
    links = {a.text_content().strip(): dict(parse_qsl(urlsplit(a.get("href")).query))
             .get("page", "1") for a in nav.iter("a")}
    return {**links, "current": nav.xpath(".//strong[@aria-current='page']")[0].text}


def test_paging_shows_the_first_and_the_last_page(client):
    total = client.get("/api/search?sort=newest").get_json()["total"]
    last = str(-(-total // 2))
    middle = _pages(client.get("/search?sort=newest&per_page=2&page=8").get_data(as_text=True))
    assert middle == {"← Previous": "7", "1": "1", **{str(n): str(n) for n in (5, 6, 7, 9, 10, 11)},
                      last: last, "Next →": "9", "current": "8"}
    first = _pages(client.get("/search?sort=newest&per_page=2").get_data(as_text=True))
    assert first["current"] == "1" and first[last] == last and "← Previous" not in first
    at_end = _pages(client.get(f"/search?sort=newest&per_page=2&page={last}")
                    .get_data(as_text=True))
    assert at_end["1"] == "1" and at_end["current"] == last and "Next →" not in at_end


def test_paging_links_stop_at_the_result_window(built_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(built_index), "MAX_RESULT_WINDOW": 10})
    try:
        client = app.test_client()
        pages = _pages(client.get("/search?sort=newest&per_page=2&page=4").get_data(as_text=True))
        assert max(int(p) for p in pages.values()) == 5 and "Next →" in pages
        at_edge = _pages(client.get("/search?sort=newest&per_page=2&page=5").get_data(as_text=True))
        assert "Next →" not in at_edge
        assert client.get("/search?sort=newest&per_page=2&page=6").status_code == 400
        api = client.get("/api/search?sort=newest&per_page=2&page=4").get_json()
        assert api["next_url"] and client.get(api["next_url"]).get_json()["next_url"] is None
    finally:
        app.extensions["index"].close()


def _facet(html: str, name: str) -> tuple[list[str], dict[str, str]]:
    """A facet's values, and its "more"/"fewer" links (text -> href)."""
    box = lxml.html.fromstring(html).get_element_by_id(f"facet-{name}")
    values = [a.text_content() for a in box.xpath("./ul/li/a")]
    return values, {a.text_content(): a.get("href") for a in box.xpath("./p[@class='more']/a")}


def test_a_long_facet_has_a_link_that_lists_it_whole_and_one_back(client):
    sizes = client.get("/api/search?sort=newest").get_json()["facet_sizes"]
    values, links = _facet(client.get("/search?sort=newest").get_data(as_text=True), "speaker")
    assert len(values) == 20 < sizes["speaker"]
    more = links[f"{sizes['speaker'] - 20} more"]
    assert more == "/search?sort=newest&more=speaker#facet-speaker"
    whole, links = _facet(client.get(more.split("#")[0]).get_data(as_text=True), "speaker")
    assert len(whole) == sizes["speaker"] and whole[:20] == values
    assert links == {"fewer": "/search?sort=newest#facet-speaker"}
    # A facet that is whole already has no such link.
    assert _facet(client.get("/search?sort=newest").get_data(as_text=True), "section")[1] == {}


def test_the_facets_come_first_folded_in_a_details_and_a_new_search_lists_them_anew(client):
    html = client.get("/search?q=said&more=speaker").get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    refine = tree.xpath("//aside[@class='facets']/details[@class='refine']")[0]
    assert refine.get("open") is None and refine[0].tag == "summary"
    assert refine.xpath(".//section[@id='facet-speaker']")
    # In the page's order the facets stand before the first result.
    order = [e for e in tree.iter() if e.get("class") in ("refine", "hit")]
    assert order[0].get("class") == "refine" and len(order) == 11
    assert "more" not in _form(html)
