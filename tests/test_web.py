"""HTML pages through the test client: search page, article view, OpenSearch, health."""

from __future__ import annotations

import re

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
