"""Shards searched apart and merged answer as the index read as one: the same totals,
stories, order, scores, snippets, copies, facets and timeline (fanout.py, in process)."""

from __future__ import annotations

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
    whole = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "FANOUT": True})
    yield whole, app.test_client()
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
    compared = 0
    for args in queries:
        a = whole.get("/api/search", query_string=args).get_json()
        b = apart.get("/api/search", query_string=args).get_json()
        assert a["ok"] and b["ok"], args
        if len(args.get("q", "").split()) >= 4:
            # A question's feedback words come from each shard's own best hits.
            assert a["total"] == b["total"], args
            continue
        assert _differences(_comparable(a), _comparable(b)) == [], args
        compared += 1
    assert compared >= 30
