"""Shards searched apart and merged answer as the index read as one: the same totals,
stories, order, scores, snippets, copies, facets and timeline (fanout.py, in process)."""

from __future__ import annotations

import logging

import pytest

from web import create_app

from .test_shards import _queries, archive  # noqa: F401 - the fixture

SHARDS = 4
# What the two paths may differ in: the time taken.
IGNORED = {"took_ms"}


@pytest.fixture(scope="module")
def both(archive, tmp_path_factory):  # noqa: F811 - the fixture
    from indexer.store import build

    index_dir = tmp_path_factory.mktemp("fanout")
    build.run(archive, index_dir, shard_count=SHARDS, workers=1, commit_every=60)
    whole = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "FANOUT": True})
    yield whole.test_client(), app.test_client()
    whole.extensions["index"].close()
    app.extensions["shards"].close()


def _comparable(body: dict) -> dict:
    out = {k: v for k, v in body.items() if k not in IGNORED}
    for hit in out["results"]:
        hit["score"] = round(hit["score"], 6) if hit["score"] is not None else None
    return out


def _differences(a: dict, b: dict) -> list[str]:
    out = [f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in sorted(set(a) | set(b))
           if k != "results" and a.get(k) != b.get(k)]
    if len(a["results"]) != len(b["results"]):
        out.append(f"{len(a['results'])} results != {len(b['results'])}")
    for n, (x, y) in enumerate(zip(a["results"], b["results"], strict=False)):
        out += [f"result {n} {k}: {x[k]!r} != {y.get(k)!r}" for k in x if x[k] != y.get(k)]
    return out


def test_shards_searched_apart_answer_as_the_whole_index(both) -> None:
    whole, apart = both
    queries = _queries(whole) + [{"q": "said", "collapse": "0"}, {"q": "said", "page": "3"},
                                 {"q": "said", "interval": "year"}, {"q": "prime mnister"}]
    compared = questions = 0
    for args in queries:
        a = whole.get("/api/search", query_string=args).get_json()
        b = apart.get("/api/search", query_string=args).get_json()
        assert a["ok"] and b["ok"], args
        assert _differences(_comparable(a), _comparable(b)) == [], args
        compared += 1
        questions += len(args.get("q", "").split()) >= 4
    assert compared >= 30
    # questions, ranked with feedback words from the whole index's best hits, are among them
    assert questions >= 3


def test_a_question_gets_the_feedback_words_of_the_whole_index(both, caplog) -> None:
    whole, apart = both
    question = {"q": "what did the minister say about the budget and the election"}
    chosen = []
    for client in (whole, apart):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="web.search.ranking"):
            assert client.get("/api/search", query_string=question).get_json()["ok"]
        chosen.append({r.getMessage() for r in caplog.records
                       if r.getMessage().startswith("feedback for")})
    # one choice, the same: made once on the whole index, handed to every shard
    assert len(chosen[0]) == 1 and chosen[1] == chosen[0], chosen


class _OneShardDown:
    """The shards of an index with one that fails every call, as a lost machine does."""

    def __init__(self, shards, down: int) -> None:
        self.shards, self.down, self.count = shards, down, shards.count

    def available(self) -> list[int]:
        return self.shards.available()

    def call(self, shard: int, method: str, *args):
        if shard == self.down:
            raise OSError("connection refused")
        return self.shards.call(shard, method, *args)

    def lost(self, shard: int, exc: BaseException) -> str:
        return self.shards.lost(shard, exc)


def test_a_shard_that_does_not_answer_is_left_out_and_named(both) -> None:
    whole, apart = both
    app = apart.application
    shards = app.extensions["shards"]
    app.extensions["shards"] = _OneShardDown(shards, down=1)
    try:
        full = whole.get("/api/search", query_string={"q": "said"}).get_json()
        body = apart.get("/api/search", query_string={"q": "said"}).get_json()
        assert body["ok"] and body["partial"]
        assert body["missing"] == [f"shard 2 of {SHARDS}: OSError: connection refused"]
        assert 0 < body["total"] < full["total"]
        page = apart.get("/search", query_string={"q": "said"})
        assert page.status_code == 200
        assert b"Part of the archive did not answer" in page.data
        health = apart.get("/healthz").get_json()
        assert health["ok"] and health["missing"] == body["missing"]
        from indexer.store.shards import shard_of_id

        lost = next(h["id"] for h in full["results"] if shard_of_id(h["id"], SHARDS) == 1)
        assert apart.get(f"/doc/{lost}").status_code == 503
        assert apart.get(f"/api/doc/{lost}").status_code == 503
    finally:
        app.extensions["shards"] = shards
    assert "missing" not in apart.get("/api/search", query_string={"q": "said"}).get_json()
    # Exports read the index as one here: only a front end on a cluster refuses them.
    export = apart.get("/api/export", query_string={"q": "said", "format": "jsonl"})
    assert export.status_code == 200
    assert len(export.data.decode().splitlines()) == full["total"]


@pytest.fixture(scope="module")
def stories_both(tmp_path_factory):
    """The syndication set in 3 shards: copies of one story land in different shards."""
    from indexer.store import build

    from .stories_set import write_pages

    folder = tmp_path_factory.mktemp("fanout-stories")
    write_pages(folder / "raw")
    build.run(folder / "raw", folder / "index", shard_count=3, workers=1)
    whole = create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")})
    app = create_app({"TESTING": True, "INDEX_DIR": str(folder / "index"), "FANOUT": True})
    yield whole.test_client(), app.test_client()
    whole.extensions["index"].close()
    app.extensions["shards"].close()


def test_copies_in_several_shards_collapse_and_count_as_in_the_whole_index(stories_both):
    from indexer.store.shards import shard_of_id

    whole, apart = stories_both
    spread = fewer = 0
    for args in ({"q": ""}, {"q": "", "sort": "oldest", "page": "2"}, {"q": "said"},
                 {"q": "said", "collapse": "0"}, {"q": "minister", "per_page": "50"},
                 {"q": "government", "sort": "newest"}):
        a = whole.get("/api/search", query_string=args).get_json()
        b = apart.get("/api/search", query_string=args).get_json()
        # story counts of facet values too: a story with copies in several shards is one
        assert _differences(_comparable(a), _comparable(b)) == [], args
        for name, values in a["facet_stories"].items():
            documents = dict(a["facets"][name])
            fewer += sum(n < documents[value] for value, n in values)
        for hit in a["results"]:
            homes = {shard_of_id(c["id"], 3) for c in hit["also_in"]}
            spread += bool(homes - {shard_of_id(hit["id"], 3)})
    assert spread >= 5  # the comparison covered stories whose copies are in other shards
    assert fewer >= 5  # and facet values carried by fewer stories than documents

    hit = next(h for h in whole.get("/api/search", query_string={"q": "said"}).get_json()
               ["results"] if h["copies"] > 2)
    a = whole.get(f"/api/doc/{hit['id']}").get_json()
    b = apart.get(f"/api/doc/{hit['id']}").get_json()
    assert len(a["copies"]) > 2 and a == b


def test_an_index_rebuilt_into_more_shards_is_searched_in_all_of_them(tmp_path) -> None:
    from indexer.store import build

    from .conftest import RAW

    build.run(RAW, tmp_path, shard_count=2, workers=1)
    whole = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path), "FANOUT": True})
    try:
        assert app.test_client().get("/api/search?q=said").get_json()["total"] > 0
        build.run(RAW, tmp_path, shard_count=3, rebuild=True, workers=1)
        a = whole.test_client().get("/api/search?q=said").get_json()
        b = app.test_client().get("/api/search?q=said").get_json()
        assert not b["partial"] and app.extensions["shards"].count == 3
        assert _differences(_comparable(a), _comparable(b)) == []
    finally:
        whole.extensions["index"].close()
        app.extensions["shards"].close()
