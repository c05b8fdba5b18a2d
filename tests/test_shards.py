"""A sharded index answers as one index: the same ids, order, scores, totals and facets
whatever the number of shards, and every update or delete goes to the shard of its key."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from whoosh.query import Term

from bench.pages import Generator, write_pages
from indexer.store import build, shards
from web import create_app

from .conftest import RAW, open_searcher

GENERATED_PAGES = 240
SHARD_COUNTS = (1, 4)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample plus generated news pages (enough for ties and many segments)."""
    raw = tmp_path_factory.mktemp("archive") / "raw"
    shutil.copytree(RAW, raw, ignore=shutil.ignore_patterns("README.md"))
    write_pages(raw / "generated", GENERATED_PAGES, Generator(seed=5))
    return raw


@pytest.fixture(scope="module")
def clients(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, object]:
    out = {}
    for count in SHARD_COUNTS:
        index_dir = tmp_path_factory.mktemp(f"shards{count}")
        # Small batches: many segments per shard, as a long-lived archive has.
        build.run(archive, index_dir, shard_count=count, workers=1, commit_every=60)
        assert shards.read_layout(index_dir).count == count
        out[count] = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    return out


def _queries(client) -> list[dict[str, str]]:
    """Queries of every kind, made from the index's own words and facet values."""
    rng = random.Random(11)
    first = client.get("/api/search?per_page=100&sort=newest").get_json()
    words = sorted({w.strip(".,;:\"'()").lower() for hit in first["results"]
                    for w in hit["title"].split() if len(w) > 4 and w.isalpha()})
    picked = rng.sample(words, 24)
    facets = first["facets"]
    out = [{"q": w} for w in picked[:10]]
    out += [{"q": " ".join(picked[i:i + 2])} for i in range(10, 16, 2)]
    out += [{"q": " ".join(picked[i:i + 4])} for i in range(16, 24, 4)]
    out += [{"q": "what did the minister say about the budget and the election"},
            {"q": '"state department"'}, {"q": "sanction* rates"}, {"q": "crimea -kerry"},
            {"q": "syria OR ukraine"}, {"q": f"title:{picked[0]}"}, {"q": "said"},
            {"q": "said", "sort": "newest"}, {"q": "said", "sort": "oldest", "page": "2"},
            {"q": "", "sort": "newest"}, {"q": "the", "per_page": "50"}]
    for name, values in (("section", facets["section"]), ("speaker", facets["speaker"][:3])):
        out += [{"q": "said", name: value} for value, _ in values]
    out += [{"q": f'speaker:"{facets["speaker"][0][0]}"'},
            {"q": "said", "from": "2016", "to": "2020"}]
    return out


def test_every_shard_count_gives_the_same_answers(clients) -> None:
    one, many = clients[SHARD_COUNTS[0]], clients[SHARD_COUNTS[1]]
    queries = _queries(one)
    assert len(queries) >= 35
    for args in queries:
        a = one.get("/api/search", query_string=args).get_json()
        b = many.get("/api/search", query_string=args).get_json()
        assert a["ok"] and b["ok"], args
        assert a["total"] == b["total"], args
        assert a["facets"] == b["facets"], args
        assert [h["id"] for h in a["results"]] == [h["id"] for h in b["results"]], args
        for x, y in zip(a["results"], b["results"], strict=True):
            assert (x["score"] is None) == (y["score"] is None), args
            if x["score"] is not None:
                assert x["score"] == pytest.approx(y["score"], rel=1e-6), args
            assert x["snippet"] == y["snippet"], args
    assert sum(bool(one.get("/api/search", query_string=q).get_json()["total"])
               for q in queries) >= 30


def test_a_document_lives_in_the_shard_its_key_names(archive, tmp_path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(archive, raw)
    index_dir = tmp_path / "index"
    build.run(raw, index_dir, shard_count=3, workers=1)
    layout = shards.read_layout(index_dir)
    seen = 0
    for number, shard_dir in enumerate(layout.shard_dirs(index_dir)):
        with shards.open_shard(shard_dir).searcher() as s:
            for fields in s.all_stored_fields():
                assert shards.shard_of(fields["key"], 3) == number
                seen += 1
    assert seen > GENERATED_PAGES

    # An update and a delete reach the document's own shard: never two copies of a key.
    pages = sorted((raw / "generated").rglob("*.html"))
    pages[0].write_text(pages[0].read_text().replace("</p>", " A late correction.</p>", 1))
    pages[1].unlink()
    summary = build.run(raw, index_dir, workers=1)
    assert (summary.updated, summary.removed) == (1, 1)
    with open_searcher(index_dir) as s:
        keys = [f["key"] for f in s.all_stored_fields()]
        assert len(keys) == len(set(keys)) == summary.documents == seen - 1
        assert s.search(Term("body", "correct"), limit=None).scored_length() >= 1


def test_the_shard_count_is_kept_and_changed_only_by_a_rebuild(archive, tmp_path) -> None:
    index_dir = tmp_path / "index"
    build.run(archive, index_dir, shard_count=2, workers=1)
    first = shards.read_layout(index_dir)
    build.run(archive, index_dir, workers=1)
    assert shards.read_layout(index_dir) == first
    with pytest.raises(build.LayoutError, match="--rebuild"):
        build.run(archive, index_dir, shard_count=3, workers=1)
    summary = build.run(archive, index_dir, shard_count=3, rebuild=True, workers=1)
    layout = shards.read_layout(index_dir)
    assert layout.count == 3 and layout.set_name != first.set_name
    # The old set is gone once the new one serves.
    assert not (index_dir / first.set_name).exists()
    with open_searcher(index_dir) as s:
        assert s.doc_count() == summary.documents


def test_a_build_on_shard_processes_records_every_batch(archive, tmp_path) -> None:
    """Shard writer processes (several shards, several workers, many batches): the next
    build finds nothing to do, and the index holds each page once."""
    index_dir = tmp_path / "index"
    pages = len(list(archive.rglob("*.html")))
    first = build.run(archive, index_dir, shard_count=2, workers=2, commit_every=50)
    again = build.run(archive, index_dir, workers=2)
    assert first.added + first.duplicates == pages
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == pages
    assert first.documents == again.documents == first.added
    with open_searcher(index_dir) as s:
        keys = [f["key"] for f in s.all_stored_fields()]
    assert len(keys) == len(set(keys)) == first.documents
