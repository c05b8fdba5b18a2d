"""Atom feeds of searches: parsed as XML, new articles show up, unchanged feeds are 304."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from indexer.store import build
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"

NEW_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Crimea grain corridor reopens after talks | Test Wire</title>
<link rel="canonical" href="https://wire.example/world/2024/05/02/crimea-grain-corridor">
<meta property="article:published_time" content="2024-05-02T09:00:00Z">
<meta property="article:section" content="World">
</head><body><article>
<h1>Crimea grain corridor reopens after talks</h1>
<p>Ships carrying grain left ports near Crimea on Thursday after two days of talks in
Istanbul, officials said, ending a month-long halt to the shipments.</p>
<p>"The corridor is open again and we expect the first convoy within days," said
Maria Hollis, a spokeswoman for the port authority.</p>
<p>Traders welcomed the news, though insurers said premiums for the route would stay high
for the rest of the season.</p>
</article></body></html>
"""


def _feed(response) -> ET.Element:
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    return root


def _entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def test_feed_is_atom_with_every_entry_field(client):
    root = _feed(client.get("/search.atom?q=Crimea"))
    assert root.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert "Crimea" in root.findtext(f"{ATOM}title")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # required unless every entry has one
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "/search.atom?q=Crimea"
    entries = _entries(root)
    api = client.get("/api/search?q=Crimea&sort=newest&per_page=50").get_json()
    dated = [r for r in api["results"] if r["date"]]
    assert len(entries) == len(dated) >= 2
    for entry, result in zip(entries, dated, strict=True):
        assert entry.findtext(f"{ATOM}title") == result["title"]
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}published").startswith(result["date"])
        assert entry.findtext(f"{ATOM}updated").startswith(result["date"])
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        assert links["alternate"] == result["url"]
        assert links["related"] == f"/doc/{result['id']}"
        summary = entry.find(f"{ATOM}summary")
        assert summary.text and "<mark>" not in summary.text and "Crimea" in summary.text
        assert summary.get("type") in (None, "text")
        assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [result["section"]]
        authors = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
        assert authors == (result["author"] or result["speakers"])
    dates = [e.findtext(f"{ATOM}published") for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_ids_are_stable_and_per_document(client):
    first = [e.findtext(f"{ATOM}id") for e in _entries(_feed(client.get("/search.atom?q=said")))]
    again = [e.findtext(f"{ATOM}id") for e in _entries(_feed(client.get("/search.atom?q=said")))]
    assert first == again and len(set(first)) == len(first)


def test_feed_holds_at_most_fifty_newest_whatever_the_page_asks(client):
    entries = _entries(_feed(client.get("/search.atom?sort=oldest&page=3&per_page=5")))
    assert 0 < len(entries) <= 50
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_unchanged_feed_is_304_and_another_search_is_not(client):
    first = client.get("/search.atom?q=Crimea")
    tag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get("/search.atom?q=Crimea", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag
    other = client.get("/search.atom?q=sanctions", headers={"If-None-Match": tag})
    assert other.status_code == 200


@pytest.mark.parametrize("args", ["page=x", "from=2016-13-01", "sort=best", "nope=1",
                                  "interval=hour"])
def test_bad_feed_parameters_are_400(client, args):
    response = client.get(f"/search.atom?{args}")
    assert response.status_code == 400
    assert args.split("=")[0] in response.get_data(as_text=True)


def test_results_page_links_to_its_feed(client):
    html = client.get("/search?q=Crimea&sort=newest&page=1").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml"' in html
            and 'href="/search.atom?q=Crimea"' in html)
    assert ">Follow this search</a>" in html


def test_newly_indexed_matching_page_appears_in_the_feed(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    client = app.test_client()
    try:
        before = client.get("/search.atom?q=Crimea")
        titles = [e.findtext(f"{ATOM}title") for e in _entries(_feed(before))]
        assert "Crimea grain corridor reopens after talks" not in titles

        (raw_copy / "test-wire").mkdir()
        (raw_copy / "test-wire" / "crimea-grain-corridor.html").write_text(NEW_PAGE)
        summary = build.run(raw_copy, index_dir, workers=1)
        assert summary.added == 1

        after = client.get("/search.atom?q=Crimea",
                           headers={"If-None-Match": before.headers["ETag"]})
        assert after.headers["ETag"] != before.headers["ETag"]
        newest = _entries(_feed(after))[0]  # newest first: the 2024 page leads
        assert newest.findtext(f"{ATOM}title") == "Crimea grain corridor reopens after talks"
        assert newest.findtext(f"{ATOM}published").startswith("2024-05-02")
        links = {link.get("rel"): link.get("href") for link in newest.findall(f"{ATOM}link")}
        assert links["alternate"] == "https://wire.example/world/2024/05/02/crimea-grain-corridor"
        assert "Maria Hollis" in [a.findtext(f"{ATOM}name")
                                  for a in newest.findall(f"{ATOM}author")]
        # Nothing indexed since: the reader's copy is current.
        unchanged = client.get("/search.atom?q=Crimea",
                               headers={"If-None-Match": after.headers["ETag"]})
        assert unchanged.status_code == 304
    finally:
        app.extensions["index"].close()
