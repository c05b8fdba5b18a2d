"""The service under attack: its index deleted or emptied under it, hostile Host headers,
script URLs in the pages it indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.store import build
from web import create_app

from .conftest import RAW

PAGE_PATHS = ("/healthz", "/api/search?q=crimea", "/search?q=crimea")


def _copy_raw(target: Path) -> Path:
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def test_an_index_deleted_under_the_server_is_503_everywhere(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    build.run(raw, tmp_path / "index", workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    client = app.test_client()
    doc = client.get("/api/search?q=crimea").get_json()["results"][0]["id"]
    assert client.get(f"/doc/{doc}").status_code == 200

    shutil.rmtree(tmp_path / "index")
    for path in (*PAGE_PATHS, f"/doc/{doc}"):
        response = client.get(path)
        assert response.status_code == 503, (path, response.get_data(as_text=True)[:300])
        assert "Traceback" not in response.get_data(as_text=True)
    assert "error" in client.get("/api/search?q=crimea").get_json()

    build.run(raw, tmp_path / "index", workers=1)  # rebuilt: the server answers again
    assert client.get("/api/search?q=crimea").get_json()["total"] > 0


def test_an_empty_index_that_gets_documents_answers_them(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "feed.jsonl.gz").write_bytes(b"")  # nothing a build can index
    build.run(raw, tmp_path / "index", workers=1)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    empty = client.get("/api/search?q=crimea")
    assert empty.status_code == 200 and empty.get_json()["total"] == 0

    _copy_raw(tmp_path / "more")
    for page in (tmp_path / "more").iterdir():
        shutil.move(page, raw / page.name)
    build.run(raw, tmp_path / "index", workers=1)
    for _ in range(3):
        response = client.get("/api/search?q=crimea")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.get_json()["total"] > 0


@pytest.mark.parametrize("host", ["a..b", "\u2603..com", "a" * 300 + ".com", "a.b\x80"])
def test_a_host_header_that_fails_idna_is_a_400_with_the_security_headers(client, host):
    response = client.get("/search?q=crimea", headers={"Host": host})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "Traceback" not in response.get_data(as_text=True)


SCRIPT_URLS = ["javascript://%0aalert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
               "vbscript:msgbox(1)", " javascript:alert(1)", "file:///etc/passwd", "http://"]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_only_http_urls_are_web_urls(url):
    from indexer.extraction.page import web_url

    assert web_url(url) is None
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"


def test_script_urls_are_never_stored_or_linked(tmp_path):
    import json

    raw = tmp_path / "raw"
    raw.mkdir()
    page = next(RAW.rglob("*.html")).read_text(encoding="utf-8", errors="replace")
    for i, url in enumerate(SCRIPT_URLS):
        head = (f'<link rel="canonical" href="{url}">'
                f'<meta property="og:url" content="https://news.example/p{i}">')
        (raw / f"p{i}.html").write_text(page.replace("<head>", "<head>" + head, 1))
        (raw / f"q{i}.html").write_text(
            page.replace("<head>", f'<head><meta property="og:url" content="{url}">', 1))
    (raw / "feed.jsonl").write_text("".join(
        json.dumps({"url": url, "title": f"Record {i}", "body": "Text of a record."}) + "\n"
        for i, url in enumerate(SCRIPT_URLS)))
    build.run(raw, tmp_path / "index", workers=1)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    results = client.get("/api/search?q=the+OR+said+OR+a&per_page=50").get_json()["results"]
    results += client.get("/api/search?q=record&per_page=50").get_json()["results"]
    assert len(results) > len(SCRIPT_URLS)
    for hit in results:
        assert hit["url"] == "" or hit["url"].startswith(("http://", "https://")), hit["url"]
        html = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
        assert "javascript:" not in html.lower() and "data:text" not in html
    page_html = client.get("/search?q=record").get_data(as_text=True).lower()
    assert "javascript:" not in page_html and "vbscript:" not in page_html


def test_the_opensearch_description_never_takes_urls_from_the_host_header(built_index):
    plain = create_app({"TESTING": True, "INDEX_DIR": str(built_index)}).test_client()
    body = plain.get("/opensearch.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and 'template="/search?q={searchTerms}"' in body
    public = create_app({"TESTING": True, "INDEX_DIR": str(built_index),
                         "PUBLIC_URL": "https://news.example.org/"}).test_client()
    body = public.get("/opensearch.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body
    assert 'template="https://news.example.org/api/search?q={searchTerms}"' in body


def _raw_request(port: int, data: bytes) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("workers", ["1", "2"], ids=["waitress", "gunicorn"])
def test_the_servers_own_error_answers_carry_the_security_headers(built_index, workers):
    import socket
    import subprocess
    import sys
    import time

    from .conftest import ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "web", "--index", str(built_index), "--port", str(port),
         "--workers", workers], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _raw_request(port, b"GET /healthz HTTP/1.0\r\n\r\n").startswith(b"HTTP/"):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        close = b"Host: x\r\nConnection: close\r\n"
        answers = [
            _raw_request(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n" + close + b"\r\n"),
            _raw_request(port, b"GET / HTTP/1.1\r\n" + close + b"X-A: b\r\n" * 200 + b"\r\n"),
            _raw_request(port, b"GET / HTTP/1.1\r\n" + close + b"Bad Header\r\n\r\n"),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    refused = [a for a in answers if a.split(b" ", 2)[1:2] != [b"200"]]
    assert refused, answers
    for answer in refused:
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin1")
        assert int(head.split(" ", 2)[1]) in (400, 404, 414, 431), head
        assert "Content-Security-Policy: default-src 'none'" in head, head
        assert "X-Content-Type-Options: nosniff" in head, head
