"""Real crawls for the tests: WARC files and mirror folders made by Debian's wget from a
local http.server, and WARC files written record by record with warcio."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """http.server over `folder` on a free local port; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def wget_crawl(url: str, workdir: Path, name: str = "crawl") -> Path:
    """`wget --recursive --warc-file` of `url`; the WARC it wrote (name.warc.gz)."""
    if shutil.which("wget") is None:
        pytest.skip("Debian's wget is needed for the crawl tests (apt-get install wget)")
    workdir.mkdir(parents=True, exist_ok=True)
    # --tries=3: http.server closes each connection, and wget may lose the race to reuse
    # one; a 404 is not retried.
    subprocess.run(
        ["wget", "--quiet", "--recursive", "--level=inf", "--no-parent", "--tries=3",
         "--timeout=10", f"--warc-file={name}", "--directory-prefix=mirror", url],
        cwd=workdir, check=False, timeout=120,  # exit 8: some links were 404, as in life
    )
    warc = workdir / f"{name}.warc.gz"
    assert warc.exists(), "wget wrote no WARC"
    return warc


def wget_mirror(url: str, workdir: Path) -> Path:
    """`wget --recursive` of `url` into workdir/mirror, as a crawl folder is left: the
    folder of the site's host."""
    if shutil.which("wget") is None:
        pytest.skip("Debian's wget is needed for the crawl tests (apt-get install wget)")
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        # --tries=3: http.server closes each connection, and wget may lose the race to reuse
        # one (it does not retry a 404)
        ["wget", "--quiet", "--recursive", "--level=inf", "--no-parent", "--tries=3",
         "--timeout=10", "--directory-prefix=mirror", url],
        cwd=workdir, check=False, timeout=120,
    )
    (host,) = (workdir / "mirror").iterdir()
    return host


def site_with_index(pages: list[Path], root: Path, target: Path) -> Path:
    """A copy of `pages` (paths under `root`) in `target`, with an index.html linking to
    every one, so that a recursive crawl finds them all."""
    links = []
    for page in pages:
        rel = page.relative_to(root).as_posix()
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target / rel)
        links.append(f'<li><a href="{rel}">{rel}</a></li>')
    (target / "index.html").write_text(
        "<!doctype html><html><head><title>Pages</title></head><body><ul>"
        + "".join(links) + "</ul></body></html>")
    return target


@dataclass(frozen=True)
class Rec:
    """One record to write: a response unless `kind` says otherwise."""

    uri: str
    body: bytes = b""
    kind: str = "response"
    status: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    date: str = "2024-05-01T10:00:00Z"


def warc_bytes(records: list[Rec], compress: bool = True) -> bytes:
    """A WARC of these records, each its own gzip member (as warcio and wget write)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for rec in records:
        warc_headers = {"WARC-Date": rec.date}
        if rec.kind in ("response", "revisit"):
            http = StatusAndHeaders(rec.status, list(rec.headers), protocol="HTTP/1.1")
            if rec.kind == "revisit":
                record = writer.create_revisit_record(
                    rec.uri, "sha1:AAAA", rec.uri, rec.date, http_headers=http)
            else:
                record = writer.create_warc_record(
                    rec.uri, "response", payload=io.BytesIO(rec.body), http_headers=http,
                    warc_headers_dict=warc_headers)
        elif rec.kind == "request":
            record = writer.create_warc_record(
                rec.uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                warc_headers_dict=warc_headers)
        else:
            record = writer.create_warc_record(
                rec.uri, rec.kind, payload=io.BytesIO(rec.body or b"x: y\r\n"),
                warc_content_type="application/warc-fields", warc_headers_dict=warc_headers)
        writer.write_record(record)
        record.raw_stream.close()  # warcio buffers what it digests in a temporary file
    return out.getvalue()


def whole_gzip(records: list[Rec]) -> bytes:
    """The same WARC as one gzip stream for the whole file."""
    return gzip.compress(warc_bytes(records, compress=False))


def article_html(title: str, text: str, canonical: str | None = None,
                 charset: str | None = "utf-8") -> str:
    """A small article page: a headline and three paragraphs of `text`."""
    head = f'<meta charset="{charset}">' if charset else ""
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    paragraphs = "".join(
        f"<p>{text} This is paragraph {n} of the report, which goes on for a while so that "
        f"it reads as running text and not as a caption.</p>" for n in (1, 2, 3))
    return (f"<!doctype html><html><head>{head}<title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>")
