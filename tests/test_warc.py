"""WARC archives as a source: which records are pages, how their bodies are decoded, where
they came from (capture), damaged archives, and incremental builds over WARC files; with
WARCs crawled by Debian's wget and written with warcio."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import brotli
import pytest

from indexer.sources import payload, sniff, warc
from indexer.sources.containers import split_record_path
from indexer.store import build

from .conftest import RAW, ROOT, open_searcher
from .warcs import Rec, article_html, serve, site_with_index, warc_bytes, wget_crawl, whole_gzip


def _docs(index_dir: Path) -> list[dict]:
    with open_searcher(index_dir) as searcher:
        return list(searcher.all_stored_fields())


def _by_title(index_dir: Path) -> dict[str, dict]:
    return {d["title"]: d for d in _docs(index_dir)}


def _page(title: str, text: str, **kw) -> bytes:
    return article_html(title, text, **kw).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Pure parts: tables

VERDICTS = [
    # (record type, HTTP status, Content-Type, reason or None for a page)
    ("response", "200", "text/html; charset=utf-8", None),
    ("response", "200", "application/xhtml+xml", None),
    ("response", "200", None, None),  # nothing declared: the bytes are sniffed
    ("response", "200", "application/octet-stream", None),
    ("response", "200", "image/png", "not HTML: image/png"),
    ("response", "200", "application/json", "not HTML: application/json"),
    ("response", "404", "text/html", "HTTP 404"),
    ("response", "301", "text/html", "HTTP 301"),
    ("response", None, None, "response without HTTP headers"),
    ("request", None, None, "request record"),
    ("revisit", "200", "text/html", "revisit record"),
    ("metadata", None, None, "metadata record"),
    ("warcinfo", None, None, "warcinfo record"),
]


@pytest.mark.parametrize(("rec_type", "status", "content_type", "expected"), VERDICTS)
def test_which_records_are_pages(rec_type, status, content_type, expected) -> None:
    assert warc.verdict(rec_type, status, content_type) == expected


SNIFFS = [
    (b"<!DOCTYPE html><html>", True),
    (b"\xef\xbb\xbf  \n<html lang=en>", True),
    (b"<!-- saved by a crawler --><head><title>x", True),
    (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
    (b"<p>Just a paragraph", True),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/">', False),
    (b'<?xml version="1.0"?><rss version="2.0">', False),
    (b"\x89PNG\r\n\x1a\n", False),
    (b'{"title": "json"}', False),
    (b"<htmlish>", False),
    (b"", False),
]


@pytest.mark.parametrize(("head", "expected"), SNIFFS)
def test_html_is_sniffed_from_the_first_bytes(head: bytes, expected: bool) -> None:
    assert sniff.looks_like_html(head) is expected


HTML = b"<html><body><p>" + "caf\u00e9 ".encode() * 200 + b"</p></body></html>"
_raw_deflate = zlib.compressobj(wbits=-15)
RAW_DEFLATE = _raw_deflate.compress(HTML) + _raw_deflate.flush()
ENCODINGS = [
    # (body as stored, Transfer-Encoding, Content-Encoding)
    (HTML, None, None),
    (b"10\r\n" + HTML[:16] + b"\r\n" + f"{len(HTML) - 16:x}".encode() + b";ext=1\r\n"
     + HTML[16:] + b"\r\n0\r\n\r\n", "chunked", None),
    (gzip.compress(HTML), None, "gzip"),
    (gzip.compress(HTML), None, "x-gzip"),
    (zlib.compress(HTML), None, "deflate"),
    (RAW_DEFLATE, None, "deflate"),
    (brotli.compress(HTML), None, "br"),
    (gzip.compress(HTML), "gzip, chunked", None),
    (b"5\r\n" + gzip.compress(HTML)[:5] + b"\r\n" + f"{len(gzip.compress(HTML)) - 5:x}".encode()
     + b"\r\n" + gzip.compress(HTML)[5:] + b"\r\n0\r\n\r\n", "chunked", "gzip"),
    # stored decoded, the headers kept: nothing to undo
    (HTML, "chunked", "gzip"),
]


@pytest.mark.parametrize(("body", "transfer", "content"), ENCODINGS,
                         ids=[f"{t}-{c}" for _, t, c in ENCODINGS])
def test_transfer_and_content_encodings_are_undone(body, transfer, content) -> None:
    assert payload.undo_encodings(body, transfer, content, 10**6) == HTML


def test_decompression_stops_at_the_size_limit() -> None:
    bomb = b"<p>" + b"a" * 5_000_000
    for coding, data in (("gzip", gzip.compress(bomb)), ("br", brotli.compress(bomb))):
        with pytest.raises(payload.PayloadError, match="size limit"):
            payload.undo_encodings(data, None, coding, 100_000)
    with pytest.raises(payload.PayloadError, match="unknown content encoding"):
        payload.undo_encodings(b"\x00\x01", None, "compress", 100)


@pytest.mark.parametrize(("content_type", "expected"), [
    ("text/html; charset=windows-1252", "windows-1252"),
    ('text/html;charset="UTF-8"', "UTF-8"),
    ("text/html", None),
    (None, None),
])
def test_charset_of_a_content_type(content_type, expected) -> None:
    assert payload.charset_of(content_type) == expected


@pytest.mark.parametrize(("date", "expected"), [
    ("2024-05-01T10:00:00Z", 1714557600 * 10**9),
    ("2024-05-01T10:00:00.250Z", 1714557600 * 10**9 + 250_000_000),
    ("2024-05-01T12:00:00+02:00", 1714557600 * 10**9),
    ("yesterday", None),
    (None, None),
])
def test_capture_time(date, expected) -> None:
    assert warc.capture_ns(date) == expected


@pytest.mark.parametrize(("path", "expected"), [
    ("crawls/a.warc.gz#0", ("crawls/a.warc.gz", 0)),
    ("crawls/a.WARC#1234", ("crawls/a.WARC", 1234)),
    ("crawls/a.warc.gz#012", None),
    ("a.jsonl#0", None),
    ("a.html#3", None),
])
def test_record_paths_of_warc_files(path, expected) -> None:
    assert split_record_path(path) == expected


# ---------------------------------------------------------------------------------------------
# WARCs written with warcio

STORY = "Harbour pilots agreed a new rota with the port authority on Monday."


def _records() -> list[Rec]:
    cp1252 = article_html("Caf\u00e9 owners protest", "The caf\u00e9 owners said the "
                          "new rules would cost them dearly.", charset=None).encode("cp1252")
    gz = gzip.compress(_page("Gzipped story", STORY))
    return [
        Rec("http://news.example/a", kind="request"),
        Rec("http://news.example/a", _page("Plain story", STORY,
                                          canonical="https://news.example/plain-story")),
        Rec("http://news.example/cafe", cp1252,
            headers=(("Content-Type", "text/html; charset=windows-1252"),)),
        Rec("http://news.example/gz", gz, headers=(
            ("Content-Type", "text/html"), ("Content-Encoding", "gzip"))),
        Rec("http://news.example/untyped", _page("Untyped story", STORY), headers=()),
        Rec("http://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300),
            headers=(("Content-Type", "image/png"),)),
        Rec("http://news.example/gone", _page("Gone", STORY), status="404 Not Found"),
        Rec("http://news.example/a", kind="revisit"),
        Rec("http://news.example/a", kind="metadata"),
    ]


def test_warcio_archive_pages_captures_and_counted_records(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(warc_bytes(_records()))
    summary = build.run(raw, tmp_path / "index", workers=1)

    assert summary.skipped == []
    assert summary.not_pages == {"request record": 1, "not HTML: image/png": 1,
                                 "HTTP 404": 1, "revisit record": 1, "metadata record": 1}
    assert "not pages 5" in summary.line()
    docs = _by_title(tmp_path / "index")
    assert set(docs) == {"Plain story", "Café owners protest", "Gzipped story",
                         "Untyped story"}
    # the HTTP header's charset decoded the page that declares none itself
    assert "café owners said" in docs["Café owners protest"]["body"]
    plain = docs["Plain story"]
    assert plain["url"] == "https://news.example/plain-story"
    assert plain["capture"]["warc"] == "crawl.warc.gz"
    assert plain["capture"]["target_uri"] == "http://news.example/a"
    assert plain["capture"]["captured"] == "2024-05-01T10:00:00Z"
    # no canonical URL: the target URI is the URL; the capture time is not a date
    assert docs["Gzipped story"]["url"] == "http://news.example/gz"
    assert all("published" not in d for d in docs.values())
    # the offset names the record: reading from it gives that record
    with open(raw / "crawl.warc.gz", "rb") as fh:
        fh.seek(plain["capture"]["offset"])
        assert b"http://news.example/a" in gzip.GzipFile(fileobj=fh).read(2000)
    assert plain["path"] == f"crawl.warc.gz#{plain['capture']['offset']}"


def test_whole_file_gzip_and_plain_warc_give_the_same_pages(tmp_path) -> None:
    titles = {}
    for name, data in (("members.warc.gz", warc_bytes(_records())),
                       ("whole.warc.gz", whole_gzip(_records())),
                       ("plain.warc", warc_bytes(_records(), compress=False))):
        raw = tmp_path / name / "raw"
        raw.mkdir(parents=True)
        (raw / name).write_bytes(data)
        summary = build.run(raw, tmp_path / name / "index", workers=1)
        assert summary.skipped == [], name
        assert sum(summary.not_pages.values()) == 5, name
        titles[name] = {t: d["body"] for t, d in _by_title(tmp_path / name / "index").items()}
    assert titles["members.warc.gz"] == titles["whole.warc.gz"] == titles["plain.warc"]


def test_extract_prints_one_line_per_html_record(tmp_path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(_records()))
    out = subprocess.run([sys.executable, "-m", "indexer", "extract", str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["title"] for r in lines] == ["Plain story", "Café owners protest",
                                           "Gzipped story", "Untyped story"]
    for record in lines:
        assert record["path"] == f"{path}#{record['capture']['offset']}"
        assert record["capture"]["warc"] == str(path)
        assert record["date"] is None  # the capture time is never the publication date


# ---------------------------------------------------------------------------------------------
# Damaged archives

def _damaged(records: list[Rec]) -> dict[str, bytes]:
    data, whole = warc_bytes(records), whole_gzip(records)
    cut = len(data) * 2 // 3
    while data.startswith(b"\x1f\x8b", cut):  # a cut between two members is a clean end
        cut += 7
    corrupt = bytearray(data)
    corrupt[cut:cut + 64] = bytes(64)
    return {"truncated.warc.gz": data[:cut], "corrupt.warc.gz": bytes(corrupt),
            "whole-truncated.warc.gz": whole[:len(whole) * 2 // 3],
            "not-a-warc.warc.gz": gzip.compress(b"just some text\n" * 200),
            "html-named.warc": _page("Not an archive", STORY)}


def test_damaged_archives_keep_the_records_before_the_damage(tmp_path, capfd) -> None:
    records = [Rec(f"http://news.example/{n}", _page(f"Story number {n}", STORY))
               for n in range(12)]
    data = warc_bytes(records)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, damaged in _damaged(records).items():
        (raw / name).write_bytes(damaged)
    (raw / "good.warc.gz").write_bytes(data)

    summary = build.run(raw, tmp_path / "index", workers=1)
    reasons = {s.path: s.reason for s in summary.skipped}
    assert set(reasons) == {"truncated.warc.gz", "corrupt.warc.gz", "whole-truncated.warc.gz",
                            "not-a-warc.warc.gz", "html-named.warc"}
    for name in ("truncated.warc.gz", "corrupt.warc.gz", "whole-truncated.warc.gz"):
        assert reasons[name].endswith("; the records after it are not read"), name
    assert reasons["not-a-warc.warc.gz"].startswith("not a readable WARC file")
    assert reasons["html-named.warc"].startswith("not a readable WARC file")
    # the good copy has all 12; the damaged ones kept their first records (same URLs:
    # duplicates of the good copy's)
    assert summary.documents == 12
    kept = {row_path.split("#")[0] for row_path in _manifest_paths(tmp_path / "index")
            if "#" in row_path}
    assert {"truncated.warc.gz", "corrupt.warc.gz", "whole-truncated.warc.gz"} <= kept
    capfd.readouterr()  # warcio reports the broken gzip on stderr


def _manifest_paths(index_dir: Path) -> list[str]:
    from indexer.store.manifest import Manifest

    manifest = Manifest(index_dir)
    try:
        return list(manifest.load())
    finally:
        manifest.close()


# ---------------------------------------------------------------------------------------------
# Incremental builds

class _Spy:
    """Counts the records every WarcReader reads, and where each starts."""

    def __init__(self, monkeypatch) -> None:
        self.reads: list[tuple[str, int, int]] = []  # (name, start, records read)
        real = warc.WarcReader.records
        spy = self

        def records(reader):
            yield from real(reader)
            spy.reads.append((reader.name, reader.start, reader.count))

        monkeypatch.setattr(warc.WarcReader, "records", records)


def test_unchanged_warc_is_not_read_and_a_new_one_adds_its_pages(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    index_dir = tmp_path / "index"
    (raw / "one.warc.gz").write_bytes(warc_bytes(_records()))
    build.run(raw, index_dir, workers=1)

    spy = _Spy(monkeypatch)
    again = build.run(raw, index_dir, workers=1)
    assert spy.reads == []
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
    assert sum(again.not_pages.values()) == 5  # still counted, from the manifest

    (raw / "two.warc.gz").write_bytes(warc_bytes(
        [Rec("http://news.example/new", _page("New story", STORY))]))
    more = build.run(raw, index_dir, workers=1)
    assert spy.reads == [("two.warc.gz", 0, 1)]
    assert (more.added, more.unchanged) == (1, 4)


def test_grown_warc_is_read_from_its_last_record_on(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    index_dir = tmp_path / "index"
    first = [Rec(f"http://news.example/{n}", _page(f"Story number {n}", STORY))
             for n in range(5)]
    path = raw / "live.warc.gz"
    path.write_bytes(warc_bytes(first))
    build.run(raw, index_dir, workers=1)
    last_offset = max(d["capture"]["offset"] for d in _docs(index_dir))

    spy = _Spy(monkeypatch)
    appended = [Rec(f"http://news.example/{n}", _page(f"Story number {n}", STORY))
                for n in range(5, 8)]
    with open(path, "ab") as fh:
        fh.write(warc_bytes(appended))
    summary = build.run(raw, index_dir, workers=1)
    # read from the last record read before (it is compared, not extracted again)
    assert spy.reads == [("live.warc.gz", last_offset, 4)]
    assert (summary.added, summary.updated, summary.removed) == (3, 0, 0)
    assert summary.unchanged == 5
    assert summary.documents == 8

    # a rewritten file is not taken for a grown one: all of it is read again
    path.write_bytes(warc_bytes(list(reversed(first + appended)) + first[:1]))
    spy.reads.clear()
    build.run(raw, index_dir, workers=1)
    assert spy.reads == [("live.warc.gz", 0, 9)]
    assert len(_docs(index_dir)) == 8


def test_newest_capture_wins_and_removing_it_brings_back_the_older(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    index_dir = tmp_path / "index"
    url = "http://news.example/story"
    old = Rec(url, _page("Rota deal", STORY + " Early version."), date="2024-05-01T10:00:00Z")
    new = Rec(url, _page("Rota deal", STORY + " Corrected version."),
              date="2024-05-02T08:30:00Z")
    # the newer capture in the file that sorts first: capture time decides, not names
    (raw / "a-second-crawl.warc.gz").write_bytes(warc_bytes([new]))
    (raw / "b-first-crawl.warc.gz").write_bytes(warc_bytes([old]))
    summary = build.run(raw, index_dir, workers=1)
    assert (summary.documents, summary.duplicates) == (1, 1)
    (doc,) = _docs(index_dir)
    assert "Corrected version." in doc["body"]
    assert doc["capture"]["warc"] == "a-second-crawl.warc.gz"

    (raw / "a-second-crawl.warc.gz").unlink()
    summary = build.run(raw, index_dir, workers=1)
    (doc,) = _docs(index_dir)
    assert "Early version." in doc["body"]
    assert doc["capture"]["captured"] == "2024-05-01T10:00:00Z"
    assert summary.documents == 1


# ---------------------------------------------------------------------------------------------
# Gzipped pages

def test_gzipped_pages_are_read_within_the_size_limit(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "story.html.gz").write_bytes(gzip.compress(_page("Zipped page", STORY)))
    (raw / "bomb.htm.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 200_000))
    (raw / "broken.html.gz").write_bytes(b"not gzip at all, just text" * 10)
    summary = build.run(raw, tmp_path / "index", workers=1, max_bytes=100_000)
    reasons = {s.path: s.reason for s in summary.skipped}
    assert reasons == {"bomb.htm.gz": "over the size limit when decompressed (100000 bytes)",
                       "broken.html.gz": reasons["broken.html.gz"]}
    assert reasons["broken.html.gz"].startswith("not a gzip file")
    assert [d["title"] for d in _docs(tmp_path / "index")] == ["Zipped page"]


# ---------------------------------------------------------------------------------------------
# A crawl by Debian's wget

@pytest.fixture(scope="session")
def wget_sample(tmp_path_factory) -> Path:
    """A WARC that wget made by crawling the shipped sample over HTTP."""
    work = tmp_path_factory.mktemp("wget")
    pages = sorted(RAW.rglob("*.html"))
    site = site_with_index(pages, RAW, work / "site")
    with serve(site) as url:
        return wget_crawl(url, work / "crawl", "sample")


def _comparable(doc: dict) -> tuple:
    return (doc["body"], doc.get("published"), doc.get("section"), doc.get("source"),
            tuple(s["name"] for s in doc.get("speaker_quotes", ())))


def test_wget_crawl_of_the_sample_gives_the_same_documents(wget_sample, built_index,
                                                          tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.link(wget_sample, raw / "sample.warc.gz")
    summary = build.run(raw, tmp_path / "index", workers=1)
    from_files = _by_title(built_index)
    from_warc = _by_title(tmp_path / "index")
    assert set(from_warc) == set(from_files)
    for title, doc in from_files.items():
        assert _comparable(from_warc[title]) == _comparable(doc), title
        capture = from_warc[title]["capture"]
        assert capture["target_uri"].endswith("/" + doc["path"])
        if doc["url"]:
            assert from_warc[title]["url"] == doc["url"]
    # wget's own records and the crawl's dead links are counted, not indexed
    assert summary.not_pages["request record"] >= len(from_files)
    assert "warcinfo record" in summary.not_pages
    assert summary.documents == len(from_files)


def test_wget_crawl_through_the_cli_report(wget_sample, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.link(wget_sample, raw / "sample.warc.gz")
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(raw),
                          "--index", str(tmp_path / "index"), "--report", str(report)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "not pages" in run.stdout
    data = json.loads(report.read_text())
    assert data["not_pages"]["request record"] >= 46
    assert data["documents"] == 46


def test_capture_is_in_the_api_result_and_on_the_document_page(tmp_path):
    from web import create_app

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(warc_bytes(_records()))
    build.run(raw, tmp_path / "index", workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    try:
        client = app.test_client()
        data = client.get("/api/search?q=gzipped").get_json()
        (hit,) = data["results"]
        assert hit["capture"]["target_uri"] == "http://news.example/gz"
        assert hit["capture"]["warc"] == "crawl.warc.gz"
        assert hit["date"] is None
        page = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
        assert "http://news.example/gz" in page and "2024-05-01T10:00:00Z" in page
        assert f"at offset {hit['capture']['offset']}" in page
    finally:
        app.extensions["index"].close()
