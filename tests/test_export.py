"""Exports: every match as CSV or JSON Lines, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import pytest

from indexer.store import build
from web import create_app
from web.export import safe_cell

COLUMNS = ["id", "url", "title", "date", "section", "source", "speakers", "author", "score",
           "story", "language"]
SEARCHES = ["q=said", "q=crimea", "section=World", "q=said&sort=newest", "", "q=zzzqqqxx",
            "speaker=Chu+Yin", "q=said&from=2018&to=2021"]


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == COLUMNS or rows[0] == [*COLUMNS, "body"]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _total(client, args: str) -> int:
    return client.get(f"/api/search?{args}&per_page=1").get_json()["total"]


@pytest.mark.parametrize("args", SEARCHES)
def test_csv_has_one_row_per_match(client, args):
    response = client.get(f"/api/export?{args}&format=csv")
    assert response.is_streamed
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = _csv(response)
    total = _total(client, args)
    assert len(rows) == total == int(response.headers["X-Total-Count"])
    assert len({r["id"] for r in rows}) == total


@pytest.mark.parametrize("args", SEARCHES)
def test_jsonl_has_one_line_per_match(client, args):
    response = client.get(f"/api/export?{args}&format=jsonl")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(lines) == _total(client, args)
    assert all(list(line) == COLUMNS for line in lines)


def test_export_keeps_the_search_order_and_fields(client):
    api = client.get("/api/search?q=said&sort=newest&per_page=100").get_json()["results"]
    rows = _csv(client.get("/api/export?q=said&sort=newest"))
    assert [r["id"] for r in rows] == [r["id"] for r in api]
    first, result = rows[0], api[0]
    assert (first["url"], first["title"], first["date"], first["section"]) == (
        result["url"], result["title"], result["date"], result["section"])
    assert first["speakers"] == "; ".join(result["speakers"])
    assert first["score"] == ""  # date order has no score
    ranked = _csv(client.get("/api/export?q=crimea"))
    scores = [float(r["score"]) for r in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_fields_body_adds_the_text(client):
    rows = _csv(client.get("/api/export?q=crimea+kerry&fields=body"))
    assert "Crimea" in rows[0]["body"]
    lines = client.get("/api/export?q=crimea&format=jsonl&fields=body").get_data(as_text=True)
    assert all("body" in json.loads(line) for line in lines.splitlines())


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555", "'+1 555"), ("-30% in a day", "'-30% in a day"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Plain title", "Plain title"),
    ("a = b", "a = b"), (None, ""), (1.5, "1.5"), (["A", "=B"], "A; =B"), (["=A"], "'=A"),
], ids=repr)
def test_formula_cells_get_an_apostrophe(value, expected):
    assert safe_cell(value) == expected


def test_a_page_whose_title_is_a_formula_exports_as_text(raw_copy, tmp_path):
    record = {"url": "https://wire.example/2024/formula", "date": "2024-05-03",
              "title": "=HYPERLINK(\"http://evil.example\",\"Click\")",
              "section": "World",
              "body": "Crimea talks resumed, officials said.\n\nNothing else changed."}
    (raw_copy / "records.jsonl").write_text(json.dumps(record) + "\n")
    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    try:
        client = app.test_client()
        rows = _csv(client.get("/api/export?q=crimea&sort=newest"))
        assert len(rows) == _total(client, "q=crimea")
        row = next(r for r in rows if r["url"] == record["url"])
        assert row["title"] == "'" + record["title"]
        lines = client.get("/api/export?q=crimea&format=jsonl").get_data(as_text=True)
        exported = [json.loads(line) for line in lines.splitlines()]
        line = next(e for e in exported if e["url"] == record["url"])
        assert line["title"] == record["title"]  # JSON is data, not a spreadsheet
    finally:
        app.extensions["index"].close()


def test_past_max_export_is_a_400_with_a_message(built_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(built_index), "MAX_EXPORT": 5})
    try:
        client = app.test_client()
        response = client.get("/api/export?q=said")
        assert response.status_code == 400
        body = response.get_json()
        assert body["ok"] is False and body["status"] == 400
        assert "more than the 5 an export may hold" in body["error"]
        assert client.get("/api/export?q=crimea").status_code == 200  # 2 matches
        page = client.get("/search?q=said").get_data(as_text=True)
        assert "Download CSV" not in page and "too many to download" in page
    finally:
        app.extensions["index"].close()


@pytest.mark.parametrize(("args", "name"), [
    ("format=xls", "format"), ("fields=secret", "fields"), ("page=0", "page"),
    ("from=2016-02-30", "from"), ("sort=random", "sort"), ("columns=id", "columns"),
    ("q=*ment", "q"), ("interval=hour", "interval"),
])
def test_bad_export_parameters_are_400(client, args, name):
    response = client.get(f"/api/export?{args}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["error"].startswith(f"{name}: ")


def test_results_page_offers_the_download(client):
    html = client.get("/search?q=crimea&sort=newest&page=1").get_data(as_text=True)
    link = 'href="/api/export?format=csv&amp;q=crimea&amp;sort=newest" download>Download CSV'
    assert link in html
