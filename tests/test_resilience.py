"""Builds killed at random moments, searches during builds, re-indexing from the web."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh.query import Every

from indexer.store import build, shards
from web import create_app

from .conftest import ROOT, open_searcher

KILLS = 20


def _corpus(raw: Path, copies: int) -> list[Path]:
    """`copies` distinct articles per sample page (own canonical URLs), under raw/copies."""
    pages = sorted(p for p in raw.rglob("*.html") if "copies" not in p.parts)
    made = []
    for n in range(copies):
        for i, page in enumerate(pages):
            target = raw / "copies" / f"{n:03d}-{i:03d}.html"
            target.parent.mkdir(exist_ok=True)
            html = page.read_bytes()
            html = re.sub(rb'(href|content)="(https?://[^"]+)"', rb'\1="\2?copy=%d"' % n, html)
            target.write_bytes(html)
            made.append(target)
    return made


def _snapshot(index_dir: Path) -> dict[str, str]:
    """key -> content hash of every document; fails if the index cannot be opened."""
    with open_searcher(index_dir) as searcher:
        docs = list(searcher.all_stored_fields())
        assert searcher.search(Every(), limit=1).scored_length() <= 1
    keys = [d["key"] for d in docs]
    assert len(keys) == len(set(keys)), "a key is indexed twice"
    return {d["key"]: d["content_hash"] for d in docs}


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_lose_committed_documents(raw_copy, tmp_path):
    rng = random.Random(20161123)
    index_dir = tmp_path / "index"
    copies = _corpus(raw_copy, 6)
    committed: dict[str, str] = {}
    finished = killed = 0
    round_no = 0
    # Some builds finish before their kill: go on until KILLS of them were killed mid-way.
    while killed < KILLS and round_no < KILLS * 3:
        round_no += 1
        # Every round brings new and changed pages, so each build has work to lose.
        for page in rng.sample(copies, 8):
            page.write_bytes(page.read_bytes().replace(
                b"</p>", b" Revision %d.</p>" % round_no, 1))
        proc = subprocess.Popen(
            [sys.executable, "-m", "indexer", "build", "--raw", str(raw_copy), "--index",
             str(index_dir), "--commit-every", "20", "--workers", "2", "--shards", "3"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 2.0))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        if code == 0:
            finished += 1
        else:
            killed += 1
        if not shards.exists(index_dir):
            assert not committed  # killed before its first commit
            continue
        now = _snapshot(index_dir)
        missing = set(committed) - set(now)
        assert not missing, f"round {round_no}: lost {len(missing)} committed documents"
        if code == 0:
            committed = now
        else:
            committed.update({k: now[k] for k in now if k not in committed})
    assert killed >= 20, f"only {killed} builds were killed mid-way"
    print(f"\nkill test: {killed} builds killed, {finished} finished, "
          f"{len(committed)} documents kept")

    # The next build finishes the job: same documents as a clean build of the same pages.
    summary = build.run(raw_copy, index_dir)
    clean = build.run(raw_copy, tmp_path / "clean")
    assert _snapshot(index_dir) == _snapshot(tmp_path / "clean")
    assert summary.documents == clean.documents


@pytest.mark.slow
# A reader opened while a commit deletes merged segments: whoosh3 3.54 (FileIndex.reader)
# retries, and drops without closing the segments it had opened before the one that was
# gone. Only segment files are let go, and only in this test: an unclosed file anywhere else
# fails.
@pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io.FileIO name='[^']*\.seg' mode='rb'"
    ":pytest.PytestUnraisableExceptionWarning")
def test_search_stays_up_and_consistent_during_a_build(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    before = app.test_client().get("/api/search?q=said&per_page=1").get_json()["total"]
    _corpus(raw_copy, 4)

    errors: list[str] = []
    # Per thread: each thread has its own searcher, and two threads' answers interleave.
    totals: list[list[int]] = [[], []]
    # Searches that started after the build ended, per thread: the last answers must see it.
    after_build = [0, 0]
    stop, built = threading.Event(), threading.Event()

    def search_forever(seen: list[int], number: int) -> None:
        client = app.test_client()
        while not stop.is_set():
            started_after_build = built.is_set()
            response = client.get("/api/search?q=said&per_page=5")
            if response.status_code != 200:
                errors.append(response.get_data(as_text=True))
                continue
            data = response.get_json()
            seen.append(data["total"])
            after_build[number] += started_after_build
            for hit in data["results"]:
                if not (hit["title"] and hit["snippet"] and hit["path"]):
                    errors.append(f"incomplete hit {hit}")

    threads = [threading.Thread(target=search_forever, args=(seen, n))
               for n, seen in enumerate(totals)]
    for t in threads:
        t.start()
    proc = subprocess.run(
        [sys.executable, "-m", "indexer", "build", "--raw", str(raw_copy), "--index",
         str(index_dir), "--commit-every", "25"], cwd=ROOT, capture_output=True, text=True)
    built.set()
    deadline = time.monotonic() + 60
    while min(after_build) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join()
    assert proc.returncode == 0, proc.stderr
    assert not errors, errors[:3]
    after = app.test_client().get("/api/search?q=said&per_page=1").get_json()["total"]
    assert after > before
    for seen in totals:
        assert seen and seen == sorted(seen), "a search saw documents disappear"
        assert seen[-1] == after  # picked up the new index without a restart
    app.extensions["index"].close()


def test_reindex_endpoint_is_off_without_a_token(built_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(built_index)}).test_client()
    assert client.post("/api/reindex").status_code == 404
    assert client.get("/api/reindex").status_code == 404


def test_reindex_endpoint_checks_the_token_and_runs_a_build(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "RAW_DIR": str(raw_copy),
                      "REINDEX_TOKEN": "s3cret-token"})
    client = app.test_client()
    assert client.post("/api/reindex").status_code == 401
    wrong = client.post("/api/reindex", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.get_json()["ok"] is False
    auth = {"Authorization": "Bearer s3cret-token"}
    started = client.post("/api/reindex", headers=auth)
    assert started.status_code == 202 and started.get_json()["state"] == "running"
    assert client.post("/api/reindex", headers=auth).status_code == 409
    deadline = time.monotonic() + 120
    while (state := client.get("/api/reindex", headers=auth).get_json())["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert state["state"] == "finished", state
    assert state["summary"]["added"] > 0
    assert client.get("/api/search?q=said").get_json()["total"] > 0
    app.extensions["index"].close()  # its files, not left to the garbage collector


def test_reindex_state_is_the_same_from_every_worker(raw_copy, tmp_path):
    """Two apps on one index stand for two server worker processes: what one starts the
    other sees, and neither starts a second build."""
    config = {"TESTING": True, "INDEX_DIR": str(tmp_path / "index"), "RAW_DIR": str(raw_copy),
              "REINDEX_TOKEN": "s3cret-token"}
    one, two = create_app(config).test_client(), create_app(config).test_client()
    auth = {"Authorization": "Bearer s3cret-token"}
    assert two.get("/api/reindex", headers=auth).get_json()["state"] == "idle"
    assert one.post("/api/reindex", headers=auth).status_code == 202
    refused = two.post("/api/reindex", headers=auth)
    assert refused.status_code == 409 and refused.get_json()["state"] == "running"
    assert two.get("/api/reindex", headers=auth).get_json()["state"] == "running"
    deadline = time.monotonic() + 120
    while (state := two.get("/api/reindex", headers=auth).get_json())["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert state["state"] == "finished" and state["summary"]["added"] > 0, state
    assert one.get("/api/reindex", headers=auth).get_json() == state


def test_reindex_refuses_while_a_command_line_build_holds_the_index(raw_copy, tmp_path):
    from indexer.store.lock import BuildLock

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "RAW_DIR": str(raw_copy),
                         "REINDEX_TOKEN": "t0ken"}).test_client()
    with BuildLock(index_dir):
        response = client.post("/api/reindex", headers={"Authorization": "Bearer t0ken"})
    assert response.status_code == 409


@pytest.mark.parametrize("header", ["s3cret-token", "Basic s3cret-token", "Bearers3cret-token",
                                    "Bearer s3cret-token-and-more", "Bearer"])
def test_reindex_needs_the_bearer_scheme_and_the_exact_token(tmp_path, header):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"),
                         "REINDEX_TOKEN": "s3cret-token"}).test_client()
    assert client.get("/api/reindex", headers={"Authorization": header}).status_code == 401
    assert client.get("/api/reindex", headers={
        "Authorization": "bearer s3cret-token"}).status_code == 200


def test_kill_leaves_no_stale_lock(raw_copy, tmp_path):
    index_dir = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", "--raw", str(raw_copy), "--index",
         str(index_dir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # The kernel dropped the dead builder's lock: a new build starts straight away.
    assert build.run(raw_copy, index_dir, workers=1).documents > 0
