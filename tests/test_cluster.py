"""Builds on a real Dask cluster (a scheduler and two workers on 127.0.0.1): the same index
as a local build, incremental, and kill-safe when a worker, the client or the scheduler
dies."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.dask_cluster import LocalCluster
from bench.pages import Generator, write_pages
from indexer.store import build

from .conftest import RAW, ROOT, open_searcher
from .warcs import article_html

pytest.importorskip("distributed")

EXIT_UNAVAILABLE = 69
EXIT_WRITE_FAILED = 74
# Pages of the archive the kill tests interrupt, and documents per commit.
KILL_PAGES = 400
KILL_BATCH = 25


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    running = LocalCluster(tmp_path_factory.mktemp("dask")).start(workers=2)
    yield running
    running.stop()


@pytest.fixture
def fresh_cluster(tmp_path):
    """A cluster of its own, for a test that kills part of it."""
    running = LocalCluster(tmp_path / "dask").start(workers=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("archive")
    write_pages(raw, KILL_PAGES, Generator(seed=7, quiet=True))
    return raw


def _build(raw: Path, index: Path, *args: str, scheduler: str | None = None,
           wait: bool = True):
    argv = [sys.executable, "-m", "indexer", "build", "--raw", str(raw), "--index",
            str(index), *args]
    if scheduler:
        argv += ["--scheduler", scheduler]
    if not wait:
        return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _documents(index: Path) -> dict[str, tuple]:
    with open_searcher(index) as searcher:
        return {d["id"]: (d["content_hash"], d["title"], d["body"], d.get("published"),
                          d.get("section"))
                for d in searcher.all_stored_fields()}


def _answers(index: Path, queries: list[str]) -> list[tuple]:
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index)})
    out = []
    try:
        client = app.test_client()
        for q in queries:
            data = client.get("/api/search", query_string={"q": q, "per_page": 50}).get_json()
            out.append((q, data["total"], [(r["id"], round(r["score"] or 0, 6))
                                           for r in data["results"]], data["facets"]))
    finally:
        app.extensions["index"].close()
    return out


QUERIES = ["grid", "baltic power prices", '"central bank"', "speaker:Petrovic",
           "vaccine -flu", "section:Sport", "title:harbour", "date:2019"]


def test_a_cluster_build_is_the_local_build(cluster, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert _build(RAW, local, "--shards", "2").returncode == 0
    run = _build(RAW, remote, "--shards", "2", scheduler=cluster.address)
    assert run.returncode == 0, run.stderr
    assert _documents(remote) == _documents(local)
    assert _answers(remote, QUERIES) == _answers(local, QUERIES)
    assert "46 documents" in run.stdout


def test_a_cluster_build_is_incremental(cluster, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    index = tmp_path / "index"
    assert _build(raw, index, scheduler=cluster.address).returncode == 0
    again = _build(raw, index, scheduler=cluster.address)
    assert "added 0, updated 0, removed 0, unchanged 46" in again.stdout
    page = next(raw.rglob("*.html"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", "<p>A late correction was added to this"
                                 " report by the desk on Friday.</p></article>", 1),
                    encoding="utf-8")
    sorted(p for p in raw.rglob("*.html") if p != page)[0].unlink()
    (raw / "new-story.html").write_text(article_html(
        "Ferry operators agree winter timetable", "The ferry operators said the winter"
        " timetable keeps the night crossings.", canonical="https://news.example/ferry"))
    changed = _build(raw, index, scheduler=cluster.address)
    assert changed.returncode == 0, changed.stderr
    assert "added 1, updated 1, removed 1, unchanged 44" in changed.stdout
    local = tmp_path / "local"
    assert _build(raw, local).returncode == 0
    assert _documents(index) == _documents(local)


def test_a_scheduler_that_cannot_be_reached_is_a_clear_error(tmp_path):
    run = _build(RAW, tmp_path / "index", scheduler="tcp://127.0.0.1:9")
    assert run.returncode == EXIT_UNAVAILABLE
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in run.stderr
    assert "Traceback" not in run.stderr


def _wait_for_documents(index: Path, at_least: int, proc, timeout: float = 120) -> int:
    """Documents committed so far, once there are at least `at_least` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the build ended before it could be interrupted"
        try:
            count = build.document_count(index)
        except Exception:  # the layout is not written yet
            count = 0
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} documents after {timeout}s")


def _complete(archive: Path, index: Path, scheduler: str) -> None:
    """The next build finishes the work, and the index holds every page once."""
    run = _build(archive, index, scheduler=scheduler)
    assert run.returncode == 0, run.stderr
    assert f"{KILL_PAGES} documents" in run.stdout
    assert len(_documents(index)) == KILL_PAGES


def test_a_lost_worker_keeps_the_last_commit_and_the_next_build_finishes(fresh_cluster,
                                                                         archive, tmp_path):
    index = tmp_path / "index"
    proc = _build(archive, index, "--shards", "2", "--commit-every", str(KILL_BATCH),
                  scheduler=fresh_cluster.address, wait=False)
    _wait_for_documents(index, 2 * KILL_BATCH, proc)
    fresh_cluster.kill_worker("worker-1")
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_WRITE_FAILED, stderr
    assert "the index keeps its last commit" in stderr
    kept = _documents(index)  # readable, and whole batches only
    assert 2 * KILL_BATCH <= len(kept) <= KILL_PAGES
    fresh_cluster.add_worker()
    fresh_cluster.wait_for_workers(2)
    _complete(archive, index, fresh_cluster.address)


def test_a_killed_client_leaves_no_lock_and_the_next_build_finishes(fresh_cluster, archive,
                                                                    tmp_path):
    index = tmp_path / "index"
    proc = _build(archive, index, "--shards", "2", "--commit-every", str(KILL_BATCH),
                  scheduler=fresh_cluster.address, wait=False)
    _wait_for_documents(index, 2 * KILL_BATCH, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert 2 * KILL_BATCH <= len(_documents(index)) <= KILL_PAGES
    _complete(archive, index, fresh_cluster.address)


def test_a_killed_scheduler_keeps_the_last_commit_and_the_next_build_finishes(
        fresh_cluster, archive, tmp_path):
    index = tmp_path / "index"
    proc = _build(archive, index, "--shards", "2", "--commit-every", str(KILL_BATCH),
                  scheduler=fresh_cluster.address, wait=False)
    _wait_for_documents(index, 2 * KILL_BATCH, proc)
    fresh_cluster.kill_scheduler()
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode in (EXIT_UNAVAILABLE, EXIT_WRITE_FAILED), stderr
    assert "Traceback" not in stderr
    assert 2 * KILL_BATCH <= len(_documents(index)) <= KILL_PAGES
    fresh_cluster.stop()
    restarted = LocalCluster(tmp_path / "dask-again").start(workers=2)
    try:
        _complete(archive, index, restarted.address)
    finally:
        restarted.stop()
