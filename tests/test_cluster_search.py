"""Search on a real Dask cluster (a scheduler and two workers on 127.0.0.1): each shard
opened by an actor on a worker, the answers merged by the front end. The same answers as
the index read as one; a worker lost mid-search leaves partial answers, never a 5xx, and
its shards are opened again on the worker left."""

from __future__ import annotations

import threading
import time

import pytest

from bench.dask_cluster import LocalCluster
from indexer.store import build
from web import create_app

from .test_fanout import _comparable, _differences
from .test_shards import _queries, archive  # noqa: F401 - the fixture

pytest.importorskip("distributed")

SHARDS = 4
# Seconds for the lost shards to be opened again on the worker left.
REOPEN_WITHIN = 60


@pytest.fixture(scope="module")
def index_dir(archive, tmp_path_factory):  # noqa: F811 - the fixture
    out = tmp_path_factory.mktemp("cluster-search")
    build.run(archive, out, shard_count=SHARDS, workers=1, commit_every=60)
    return out


@pytest.fixture(scope="module")
def whole(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    yield app.test_client()
    app.extensions["index"].close()


def _cluster_app(index_dir, address: str):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "SCHEDULER": address,
                       "SHARD_TIMEOUT": 20.0})


@pytest.fixture
def cluster(tmp_path):
    running = LocalCluster(tmp_path / "dask").start(workers=2)
    yield running
    running.stop()


def _close(app) -> None:
    shards = app.extensions["shards"]
    if shards is not None:
        shards.close()
    app.extensions["index"].close()


def test_the_cluster_answers_as_the_whole_index(cluster, index_dir, whole):
    app = _cluster_app(index_dir, cluster.address)
    try:
        remote = app.test_client()
        compared = 0
        for args in _queries(whole) + [{"q": "said", "collapse": "0"},
                                       {"q": "said", "page": "3"}]:
            a = whole.get("/api/search", query_string=args).get_json()
            b = remote.get("/api/search", query_string=args).get_json()
            assert b["ok"] and not b["partial"], (args, b.get("missing"))
            assert _differences(_comparable(a), _comparable(b)) == [], args
            compared += 1
        assert compared >= 30
        # Every shard is searched by an actor, spread over both workers.
        actors = app.extensions["shards"]._actors
        assert len({a._address for a in actors}) == 2

        first = a["results"][0]["id"]
        assert remote.get(f"/api/doc/{first}").get_json() == \
            whole.get(f"/api/doc/{first}").get_json()
        page = remote.get(f"/doc/{first}", query_string={"q": "said"})
        assert page.status_code == 200 and b'id="m1"' in page.data
        assert remote.get("/api/doc/0123456789abcdef").status_code == 404
        health = remote.get("/healthz").get_json()
        assert (health["documents"], health["shards"]) == \
            (whole.get("/healthz").get_json()["documents"], SHARDS)
        assert remote.get("/search", query_string={"q": "said"}).status_code == 200
        export = remote.get("/api/export", query_string={"q": "said"})
        assert export.status_code == 400 and "not on the cluster" in export.get_json()["error"]
        bad = remote.get("/api/search", query_string={"q": "a*"})
        assert bad.status_code == 400 and "q" in bad.get_json()["error"]
    finally:
        _close(app)


def test_a_worker_lost_mid_search_gives_partial_answers_then_complete_ones(
        cluster, index_dir, whole):
    app = _cluster_app(index_dir, cluster.address)
    try:
        remote = app.test_client()
        expected = whole.get("/api/search", query_string={"q": "said"}).get_json()
        assert remote.get("/api/search", query_string={"q": "said"}).get_json()["total"] \
            == expected["total"]
        statuses: list[int] = []
        partial: list[dict] = []
        stop = threading.Event()

        def searching() -> None:
            client = app.test_client()
            while not stop.is_set():
                response = client.get("/api/search", query_string={"q": "said"})
                statuses.append(response.status_code)
                body = response.get_json()
                if body.get("partial"):
                    partial.append(body)

        thread = threading.Thread(target=searching)
        thread.start()
        time.sleep(0.5)
        cluster.kill_worker("worker-1")
        deadline = time.monotonic() + REOPEN_WITHIN
        complete = None
        while time.monotonic() < deadline:
            time.sleep(0.5)
            body = remote.get("/api/search", query_string={"q": "said"}).get_json()
            if body["partial"]:
                partial.append(body)
            elif partial:
                complete = body
                break
        stop.set()
        thread.join(timeout=60)

        assert statuses and set(statuses) == {200}, sorted(set(statuses))
        assert partial, "no search saw the lost worker"
        # Lost before its shards counted, a search counts fewer; lost after, it lists fewer.
        assert all(p["total"] <= expected["total"] for p in partial)
        assert all(p["missing"] and all(m.startswith("shard ") for m in p["missing"])
                   for p in partial)
        # the search that met the loss says so; those after it, that the shard is reopening
        reasons = " ".join(m for p in partial for m in p["missing"])
        assert "worker was lost" in reasons, reasons
        assert complete is not None, "the lost shards were not opened again"
        assert _differences(_comparable(expected), _comparable(complete)) == []
        # Both shards of the lost worker now live on the one left.
        actors = app.extensions["shards"]._actors
        assert len({a._address for a in actors}) == 1
    finally:
        _close(app)


def test_a_cluster_front_end_without_an_index_is_503_with_a_message(cluster, tmp_path):
    app = _cluster_app(tmp_path, cluster.address)
    try:
        response = app.test_client().get("/api/search", query_string={"q": "said"})
        assert response.status_code == 503
        assert "no index in" in response.get_json()["error"]
        assert app.test_client().get("/healthz").status_code == 503
    finally:
        _close(app)
