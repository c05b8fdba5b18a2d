"""The raw folder under attack during a build: odd names, files swapped after the scan,
folders that cannot be listed. Each case is staged for real on the file system, at the
moment it hurts: between the scan and the read (the build's progress hook runs there)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from indexer.store import build
from indexer.store.manifest import Manifest

from .conftest import RAW, ROOT, build_unprivileged, open_searcher


def _pages(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*.html"))


def _paths(index_dir: Path) -> set[str]:
    with open_searcher(index_dir) as s:
        return {d["path"] for d in s.all_stored_fields()}


def _build_with(raw: Path, index_dir: Path, between_scan_and_read, label: str
                ) -> build.BuildSummary:
    """A real build in which `between_scan_and_read()` runs after the scan, before any
    file is read; it must finish within a minute (a hang fails the test, not the run)."""
    def progress(results, _total):
        between_scan_and_read()
        return results

    out: dict[str, object] = {}

    def target():
        try:
            out["summary"] = build.run(raw, index_dir, workers=1, progress=progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            out["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the build hangs"
    if "error" in out:
        raise out["error"]
    print(f"\n{label}: {out['summary'].line()}")
    return out["summary"]


def _reasons(summary: build.BuildSummary) -> dict[str, str]:
    return {s.path: s.reason for s in summary.skipped}


def test_a_name_that_is_not_utf8_is_indexed_under_its_display_form(raw_copy, tmp_path):
    page = _pages(raw_copy)[0]
    odd = os.fsencode(page.parent) + b"/bad\xff name.html"
    with open(odd, "wb") as fh:
        fh.write(page.read_bytes().replace(b"<title>", b"<title>Odd name: "))
    page.unlink()
    shown = f"{page.parent.relative_to(raw_copy)}/bad\\xff name.html"

    proc = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(raw_copy),
                           "--index", str(tmp_path / "index")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    print("\nnon-UTF-8 name:", proc.stdout.strip().splitlines()[-1])
    assert "skipped 0" in proc.stdout
    assert shown in _paths(tmp_path / "index")
    assert not list((tmp_path / "index").rglob("*.tmp"))

    again = build.run(raw_copy, tmp_path / "index", workers=1)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    os.unlink(odd)
    gone = build.run(raw_copy, tmp_path / "index", workers=1)
    assert gone.removed == 1 and shown not in _paths(tmp_path / "index")


def test_a_file_deleted_after_the_scan_is_a_skip_with_a_reason(raw_copy, tmp_path):
    victim = _pages(raw_copy)[1]
    summary = _build_with(raw_copy, tmp_path / "index", victim.unlink,
                          "file deleted after the scan")
    rel = victim.relative_to(raw_copy).as_posix()
    assert _reasons(summary)[rel] == "vanished during the build"
    assert summary.added == len(_pages(raw_copy)) - summary.duplicates


def test_a_link_swapped_in_after_the_scan_is_not_followed(raw_copy, tmp_path):
    secret = tmp_path / "outside" / "secret.html"
    secret.parent.mkdir()
    secret.write_bytes(_pages(raw_copy)[0].read_bytes().replace(b"<title>", b"<title>SECRET "))
    victim = _pages(raw_copy)[2]

    def swap():
        victim.unlink()
        victim.symlink_to(secret)

    summary = _build_with(raw_copy, tmp_path / "index", swap, "link swapped in after the scan")
    rel = victim.relative_to(raw_copy).as_posix()
    assert _reasons(summary)[rel] == "replaced by a link during the build"
    with open_searcher(tmp_path / "index") as s:
        assert not any("SECRET" in (d.get("title") or "") for d in s.all_stored_fields())


def test_a_fifo_swapped_in_after_the_scan_does_not_hang_the_build(raw_copy, tmp_path):
    victim = _pages(raw_copy)[3]

    def swap():
        victim.unlink()
        os.mkfifo(victim)

    summary = _build_with(raw_copy, tmp_path / "index", swap, "FIFO swapped in after the scan")
    assert _reasons(summary)[victim.relative_to(raw_copy).as_posix()] == "not a regular file"


def test_a_fifo_in_a_records_file_place_does_not_hang_the_build(raw_copy, tmp_path):
    feed = raw_copy / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://example.org/a", "title": "A",
                                "body": "Some text of an article."}) + "\n")

    def swap():
        feed.unlink()
        os.mkfifo(feed)

    summary = _build_with(raw_copy, tmp_path / "index", swap, "FIFO in place of a .jsonl")
    assert _reasons(summary)["feed.jsonl"] == "not a regular file"


def test_an_unreadable_folder_keeps_its_documents_and_is_reported(shared_tmp):
    raw = shared_tmp / "raw"
    shutil.copytree(RAW, raw, ignore=shutil.ignore_patterns("README.md"))
    index_dir = shared_tmp / "index"
    for path in [shared_tmp, *shared_tmp.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    first = build_unprivileged(raw, index_dir)
    assert first["skipped"] == []
    before = _paths(index_dir)
    folder = sorted(p for p in raw.iterdir() if p.is_dir())[0]
    kept = {p for p in before if p.startswith(folder.name + "/")}
    assert kept

    folder.chmod(0)
    try:
        second = build_unprivileged(raw, index_dir)
    finally:
        folder.chmod(0o777)
    assert second["removed"] == 0 and second["added"] == 0
    assert second["skipped"] == [{"path": folder.name + "/",
                                  "reason": "unreadable folder: Permission denied"}]
    assert _paths(index_dir) == before
    manifest = Manifest(index_dir)
    try:
        assert kept <= set(manifest.load())
    finally:
        manifest.close()
    again = build_unprivileged(raw, index_dir)  # readable again: nothing to do
    assert (again["added"], again["updated"], again["removed"], again["skipped"]) == (
        0, 0, 0, [])
