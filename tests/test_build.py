"""Incremental builds on a real on-disk index: add, update, remove, skip, one writer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.query import Term

from indexer.store import build
from indexer.store.lock import BuildLock, BuildLocked

from .conftest import RAW, ROOT, build_unprivileged, open_searcher, sample_key, sample_pages


def _pages(raw: Path) -> list[Path]:
    return sorted(raw.rglob("*.html"))


def _docs(index_dir: Path) -> list[dict]:
    with open_searcher(index_dir) as searcher:
        return list(searcher.all_stored_fields())


def _hits(index_dir: Path, field: str, text: str) -> list[dict]:
    with open_searcher(index_dir) as searcher:
        return [hit.fields() for hit in searcher.search(Term(field, text), limit=None)]


def _add_paragraph(page: Path, raw: Path, text: str, target: Path | None = None) -> None:
    """Write `page` with one more article paragraph (after its first one) to `target`."""
    key = sample_key(page.relative_to(raw).as_posix())
    anchor = sample_pages()[key]["body_contains"][0][:40]
    html = page.read_bytes().decode("utf-8", errors="surrogateescape")
    at = html.index("</p>", html.index(anchor, html.index("<body"))) + len("</p>")
    html = html[:at] + f"<p>{text}</p>" + html[at:]
    (target or page).write_bytes(html.encode("utf-8", errors="surrogateescape"))


def _utf8_pages(raw: Path) -> list[Path]:
    """Sample pages whose anchor sentence appears verbatim in their UTF-8 bytes."""
    pages = []
    for page in _pages(raw):
        key = sample_key(page.relative_to(raw).as_posix())
        anchor = sample_pages()[key]["body_contains"][0][:40].encode()
        if anchor in page.read_bytes():
            pages.append(page)
    return pages


def _bump_mtime(path: Path, seconds: int = 10) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_first_build_adds_every_page_and_second_changes_nothing(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    pages = _pages(raw_copy)
    first = build.run(raw_copy, index_dir, workers=1)
    assert first.added == len(pages) - first.duplicates
    assert (first.updated, first.removed, first.skipped) == (0, 0, [])
    assert first.documents == len(_docs(index_dir)) == first.added

    second = build.run(raw_copy, index_dir, workers=1)
    assert (second.added, second.updated, second.removed) == (0, 0, 0)
    assert second.unchanged == len(pages)
    assert second.documents == first.documents


def test_changed_page_is_updated_and_touched_page_is_not(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    changed, touched = _utf8_pages(raw_copy)[:2]
    _add_paragraph(changed, raw_copy,
                   "Zanzibarite quorum readings were confirmed on Tuesday by the panel.")
    _bump_mtime(changed)
    _bump_mtime(touched)  # same bytes, new stat: hashed, not re-extracted

    summary = build.run(raw_copy, index_dir, workers=1)
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)
    hits = _hits(index_dir, "body", "zanzibarit")
    assert [h["path"] for h in hits] == [changed.relative_to(raw_copy).as_posix()]
    assert summary.documents == len(_docs(index_dir))


def test_deleted_page_is_removed(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    first = build.run(raw_copy, index_dir, workers=1)
    victim = _pages(raw_copy)[0]
    rel = victim.relative_to(raw_copy).as_posix()
    victim.unlink()
    summary = build.run(raw_copy, index_dir, workers=1)
    assert summary.removed == 1
    assert summary.documents == first.documents - 1
    assert rel not in {d["path"] for d in _docs(index_dir)}


def test_same_canonical_url_twice_is_one_document_and_newest_wins(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    first = build.run(raw_copy, index_dir, workers=1)
    original = _utf8_pages(raw_copy)[0]
    rescrape = raw_copy / "rescrape" / "again.html"
    rescrape.parent.mkdir()
    _add_paragraph(original, raw_copy, "Quokkaplex auditors published a correction to this story.",
                   target=rescrape)
    _bump_mtime(rescrape, 60)

    summary = build.run(raw_copy, index_dir, workers=1)
    assert summary.documents == first.documents
    assert summary.duplicates == first.duplicates + 1
    assert [h["path"] for h in _hits(index_dir, "body", "quokkaplex")] == ["rescrape/again.html"]

    # The newest scrape gone, the older one is the document again.
    rescrape.unlink()
    summary = build.run(raw_copy, index_dir, workers=1)
    assert summary.documents == first.documents
    assert _hits(index_dir, "body", "quokkaplex") == []
    rel = original.relative_to(raw_copy).as_posix()
    assert rel in {d["path"] for d in _docs(index_dir)}


BAD_FILES = [
    ("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    ("empty.html", b"", "empty"),
    ("whitespace.html", b"   \n\n  ", "empty"),
    ("no-article.html",
     b"<html><head><title>x</title></head><body>" + b" " * 100 + b"</body></html>",
     "no article text"),
]


def test_bad_files_are_skipped_with_reasons_and_never_stop_the_build(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    for name, data, _ in BAD_FILES:
        (raw_copy / name).write_bytes(data)
    big = raw_copy / "huge.html"
    big.write_bytes(b"<html><body><p>" + b"word " * 1000 + b"</p></body></html>")
    outside = tmp_path / "outside.html"
    outside.write_bytes(_pages(raw_copy)[0].read_bytes())
    (raw_copy / "link.html").symlink_to(outside)
    truncated = raw_copy / "truncated.html"
    truncated.write_bytes(_pages(raw_copy)[1].read_bytes()[:3000])

    summary = build.run(raw_copy, index_dir, workers=1, max_bytes=4000)
    reasons = {s.path: s.reason for s in summary.skipped}
    for name, _, reason in BAD_FILES:
        assert reason in reasons[name], (name, reasons.get(name))
    assert "size limit" in reasons["huge.html"]
    assert "outside" in reasons["link.html"]
    assert "truncated.html" not in reasons  # a cut-off page still yields its text
    assert summary.added >= len(_pages(raw_copy)) - len(reasons) - summary.duplicates - 1


def test_unreadable_file_is_skipped(shared_tmp):
    raw = shared_tmp / "raw"
    shutil.copytree(RAW, raw, ignore=shutil.ignore_patterns("README.md"))
    for path in [shared_tmp, *shared_tmp.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    page = _pages(raw)[0]
    page.chmod(0)
    summary = build_unprivileged(raw, shared_tmp / "index")
    assert [s["reason"] for s in summary["skipped"]] == ["unreadable: permission denied"]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_cli_prints_one_summary_line_and_writes_the_report(raw_copy, tmp_path):
    (raw_copy / "empty.html").write_bytes(b"")
    report = tmp_path / "report.json"
    proc = _cli("build", "--raw", str(raw_copy), "--index", str(tmp_path / "index"),
                "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("build: added ")
    assert "skipped 1 (1 empty file)" in lines[0]
    data = json.loads(report.read_text())
    assert data["skipped"] == [{"path": "empty.html", "reason": "empty file"}]

    strict = _cli("build", "--raw", str(raw_copy), "--index", str(tmp_path / "index"), "--strict")
    assert strict.returncode == 1
    assert "unchanged" in strict.stdout


def test_second_builder_gets_a_clear_error_and_its_own_exit_code(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    lock = BuildLock(index_dir)
    lock.acquire()
    try:
        with pytest.raises(BuildLocked, match="another build is running"):
            build.run(raw_copy, index_dir)
        proc = _cli("build", "--raw", str(raw_copy), "--index", str(index_dir))
        assert proc.returncode == 75
        assert "another build is running" in proc.stderr
    finally:
        lock.release()
    assert build.run(raw_copy, index_dir, workers=1).added > 0


def test_rebuild_reextracts_everything_into_the_same_documents(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    first = build.run(raw_copy, index_dir, workers=1)
    again = build.run(raw_copy, index_dir, rebuild=True, workers=1)
    assert again.added == first.added
    assert again.documents == first.documents


def test_parallel_build_matches_serial_build(raw_copy, tmp_path):
    serial = build.run(raw_copy, tmp_path / "serial", workers=1)
    # Enough pages to go through the process pool.
    for i, page in enumerate(_pages(raw_copy) * 2):
        target = raw_copy / "copies" / f"{i}.html"
        target.parent.mkdir(exist_ok=True)
        html = page.read_bytes().replace(b'rel="canonical"', b'rel="x-canonical"')
        target.write_bytes(html.replace(b"og:url", b"x-og-url"))
    parallel = build.run(raw_copy, tmp_path / "parallel", workers=2)
    assert parallel.added >= serial.added
    assert not parallel.skipped


def test_stats_reports_documents_sections_dates_and_skips(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    (raw_copy / "empty.html").write_bytes(b"")
    build.run(raw_copy, index_dir, workers=1)
    proc = _cli("stats", "--index", str(index_dir), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["documents"] == len(_docs(index_dir))
    assert dict(report["sections"])["World"] >= 1
    assert report["date_range"][0] < report["date_range"][1]
    assert report["skipped"] == [["empty.html", "empty file"]]
    assert report["last_build"]["added"] == report["documents"]
    text = _cli("stats", "--index", str(index_dir)).stdout
    assert "documents" in text and "skipped     empty.html: empty file" in text


def test_stats_without_an_index_is_a_clear_error(tmp_path):
    proc = _cli("stats", "--index", str(tmp_path / "nothing"))
    assert proc.returncode == 2 and "no index" in proc.stderr


def test_a_manifest_that_missed_a_commit_never_doubles_a_document(raw_copy, tmp_path):
    from indexer.store.manifest import Manifest

    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    page = _utf8_pages(raw_copy)[0]
    copy = raw_copy / "late" / "copy.html"
    copy.parent.mkdir()
    copy.write_bytes(page.read_bytes().replace(b'rel="canonical" href="',
                                               b'rel="canonical" href="https://late.example'))
    build.run(raw_copy, index_dir, workers=1)
    # As if the build was killed between its index commit and its manifest write.
    manifest = Manifest(index_dir)
    manifest.apply([], ["late/copy.html"], meta={"generations": "[0]"})
    manifest.close()
    summary = build.run(raw_copy, index_dir, workers=1)
    assert summary.added == 1
    keys = [d["key"] for d in _docs(index_dir)]
    assert len(keys) == len(set(keys)) == summary.documents
