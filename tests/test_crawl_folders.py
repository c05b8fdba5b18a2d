"""Crawl folders as wget leaves them: pages under any name, found by their first bytes;
every other file counted with its reason."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.sources import sniff
from indexer.store import build

from .conftest import RAW, ROOT, open_searcher
from .warcs import serve, wget_mirror

KINDS = [
    # (first bytes of a file, its reason when it is not a page)
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
    (b"GIF89a\x01\x00", "image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">', "image"),
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/">',
     "not HTML: sitemap"),
    (b'<?xml version="1.0"?><sitemapindex>', "not HTML: sitemap"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel>', "not HTML: feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', "not HTML: feed"),
    (b'<?xml version="1.0"?><catalog>', "not HTML: XML"),
    (b'{"title": "json"}', "not HTML: JSON"),
    (b"%PDF-1.7\n", "not HTML: PDF"),
    (b"User-agent: *\nDisallow: /private/\n", "not HTML: text"),
    (b"body { color: red }", "not HTML: text"),
    (b"wOF2\x00\x01", "font"),
    (b"\x00\x00\x00\x18ftypmp42", "audio or video"),
    (b"PK\x03\x04\x14\x00", "compressed: zip"),
    (b"BZh91AY&SY", "compressed: bzip2"),
    (b"\xfd7zXZ\x00\x00", "compressed: xz"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo", "WARC archive not named .warc or .warc.gz"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
]


@pytest.mark.parametrize(("head", "expected"), KINDS)
def test_what_a_file_that_is_not_html_is(head, expected) -> None:
    assert not sniff.looks_like_html(head)
    assert sniff.not_page_reason(sniff.not_html_kind(head)) == expected


def _docs(index_dir: Path) -> list[dict]:
    with open_searcher(index_dir) as searcher:
        return list(searcher.all_stored_fields())


def _sample(n: int) -> list[Path]:
    return sorted(RAW.rglob("*.html"))[:n]


def test_files_named_as_no_page_are_sniffed_once(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    first, second, third = _sample(3)
    shutil.copy(first, raw / "story")
    (raw / "saved.gz").write_bytes(gzip.compress(second.read_bytes()))
    shutil.copy(third, raw / "page.html")  # gzip bytes in a .html are read too
    (raw / "page.html").write_bytes(gzip.compress(third.read_bytes()))
    (raw / "sitemap.xml.gz").write_bytes(gzip.compress(b'<?xml version="1.0"?><urlset/>'))
    (raw / "notes.gz").write_bytes(b"\x1f\x8b\x08\x00garbage that does not inflate")
    (raw / "blank").write_bytes(b"")
    index_dir = tmp_path / "index"
    summary = build.run(raw, index_dir, workers=1)
    assert (summary.added, summary.skipped) == (3, [])
    assert {s.path: s.reason for s in summary.not_page_files} == {
        "sitemap.xml.gz": "compressed: sitemap", "notes.gz": "compressed: unknown format",
        "blank": "empty file"}
    assert sorted(d["path"] for d in _docs(index_dir)) == ["page.html", "saved.gz", "story"]

    # unchanged files cost a stat: what was sniffed keeps its verdict
    def refuse(*args):
        raise AssertionError("an unchanged file was sniffed again")

    monkeypatch.setattr(build, "sniff_file", refuse)
    again = build.run(raw, index_dir, workers=1)
    assert (again.added, again.unchanged, again.skipped) == (0, 3, [])
    assert len(again.not_page_files) == 3

    # a file that changes is sniffed again: now a page
    monkeypatch.undo()
    (raw / "blank").write_bytes(first.read_bytes().replace(b"<title>", b"<title>New: ", 1))
    os.utime(raw / "blank", ns=(1, 10**18))
    later = build.run(raw, index_dir, workers=1)
    assert later.added + later.duplicates == 1
    assert [s.path for s in later.not_page_files] == ["notes.gz", "sitemap.xml.gz"]


def _site(target: Path) -> Path:
    """A small news site as a server shows it: pages under the names sites give them,
    a sitemap, an image, a style sheet, robots.txt."""
    pages = _sample(6)
    odd = ["story.html", "news.shtml", "feature.php", "view.aspx", "article", "opinion.htm"]
    target.mkdir(parents=True)
    for name, page in zip(odd, pages, strict=True):
        shutil.copy(page, target / name)
    links = ['<a href="story.html?id=4602">one</a>', '<a href="story.html?id=4603">again</a>',
             *(f'<a href="{name}">{name}</a>' for name in odd[1:]),
             '<a href="sitemap.xml">sitemap</a>', '<img src="logo.png" alt="">',
             '<link rel="stylesheet" href="site.css">']
    (target / "index.html").write_text(
        "<!doctype html><html><head><title>Front page</title></head><body>"
        + "".join(links) + "</body></html>")
    (target / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9"><url><loc>http://example.org/article</loc></url></urlset>')
    (target / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (target / "site.css").write_text("body { font-family: serif }\n")
    (target / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return target


@pytest.fixture(scope="module")
def wget_folder(tmp_path_factory) -> Path:
    """A crawl folder that wget left: `--recursive` of the site, then the front page
    fetched once more (wget keeps the first as index.html and writes index.html.1)."""
    work = tmp_path_factory.mktemp("crawl")
    site = _site(work / "site")
    with serve(site) as url:
        host = wget_mirror(url, work)
        subprocess.run(["wget", "--quiet", "--tries=3", url], cwd=host, check=False,
                       timeout=60)
    return host


def test_every_file_of_a_wget_crawl_is_indexed_or_counted_with_a_reason(wget_folder,
                                                                         tmp_path):
    names = {p.relative_to(wget_folder).as_posix() for p in wget_folder.rglob("*")
             if p.is_file()}
    wanted = {"story.html?id=4602", "index.html.1", "news.shtml", "feature.php", "view.aspx",
              "article", "sitemap.xml", "logo.png", "robots.txt"}
    assert wanted <= names, sorted(wanted - names)
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(wget_folder),
                          "--index", str(tmp_path / "index"), "--report", str(report)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(report.read_text())
    indexed = {d["path"] for d in _docs(tmp_path / "index")}
    # both story.html?id=… are one story; the newest scrape of it is the document
    assert len(indexed & {"story.html?id=4602", "story.html?id=4603"}) == 1
    assert {"news.shtml", "feature.php", "view.aspx", "article", "opinion.htm"} <= indexed
    not_pages = {s["path"]: s["reason"] for s in data["not_page_files"]}
    assert not_pages == {"sitemap.xml": "not HTML: sitemap", "logo.png": "image",
                         "robots.txt": "not HTML: text", "site.css": "not HTML: text"}
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    # the front pages are links only: no article in them
    assert set(skipped) == {"index.html", "index.html.1"}
    accounted = len(indexed) + data["duplicates"] + len(skipped) + len(not_pages)
    assert accounted == len(names)
    assert "not pages 4" in run.stdout
