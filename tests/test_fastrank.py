"""fastrank ranks flat word queries exactly as Whoosh does: same docs, order and scores."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from whoosh import query
from whoosh.filedb.filestore import RamStorage
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE

from indexer.store.schema import SCHEMA, TEXT_ANALYZER
from indexer.store.shards import open_reader
from web.search import View, fastrank
from web.search.parse import parse
from web.search.ranking import WEIGHTING, top_scored, tree_unions, with_feedback

WORDS = ("bank market oil price trade election minister vote government crisis "
         "rate interest report company share stock growth budget tax court police "
         "football season coach team city harbour river festival music film").split()


# One cache per searcher (kept alive with it, so that its id is never reused).
_CACHES: dict[int, tuple[Searcher, fastrank.RankCache]] = {}


def parse_query(text: str) -> query.Query | None:
    return parse(text).query


def _mask(searcher, docs) -> np.ndarray:
    mask = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
    mask[list(docs)] = True
    return mask


def _rank(searcher, q, k, allowed=None):
    """fastrank.rank with one cache per searcher, as a generation has (`allowed`: docnums)."""
    _, cache = _CACHES.setdefault(id(searcher),
                                  (searcher, fastrank.RankCache((id(searcher),))))
    mask = _mask(searcher, allowed) if allowed is not None else None
    return fastrank.rank(searcher, cache, q, k, mask)


def _whoosh_top(searcher, q, k=10, allowed=None):
    hits = searcher.search(q, limit=k, filter=set(allowed) if allowed is not None else None)
    return [(hit.docnum, hit.score) for hit in hits]


def _word_terms(searcher, n: int, seed: int) -> list[str]:
    """n indexed body words, from frequent to rare, picked deterministically: words that
    a query analyses to themselves (a stem stemmed again can be another word)."""
    terms = [t.decode() for t in searcher.lexicon("body") if t.isalpha() and len(t) > 3]
    terms = [t for t in terms if [tok.text for tok in TEXT_ANALYZER(t)] == [t]]
    rng = random.Random(seed)
    return rng.sample(terms, min(n, len(terms)))


def _queries(searcher) -> list[query.Query]:
    """~30 queries: single words, several words, And, feedback-style boosted terms."""
    out: list[query.Query] = []
    words = _word_terms(searcher, 60, seed=7)
    frequent = sorted(words, key=lambda w: -searcher.doc_frequency("body", w))
    for word in frequent[:6] + words[-3:]:
        out.append(parse_query(word))
    for i in range(0, 24, 3):
        q = parse_query(" ".join(frequent[i:i + 2] + words[i:i + 2]))
        out.append(q)
        if isinstance(q, query.Or):
            out.append(query.And(q.subqueries))
            out.append(query.And([s for s in q.subqueries if s.fieldname == "body"]))
    for i in range(3):
        q = parse_query(" ".join(frequent[i * 4:i * 4 + 4] + words[20 + i:22 + i]))
        fed = tree_unions(with_feedback(View.over(searcher), q))
        out.append(fed)
        # Feedback-style boosted body terms, written out.
        out.append(query.Or([*q.subqueries,
                             *(query.Term("body", w, boost=0.5 / (j + 1))
                               for j, w in enumerate(words[30 + i * 5:35 + i * 5]))]))
    # The binary tree of union matchers (what large segments use), forced.
    forced = parse_query(" ".join(frequent[:5]))
    forced.matcher_type = query.Or.DEFAULT_MATCHER
    out.append(forced)
    out.append(parse_query("zzzznotaword"))
    return [q for q in out if q is not None]


def _assert_same(searcher, queries, k=10, allowed=None) -> int:
    checked = 0
    for q in queries:
        fast = _rank(searcher, q, k, allowed)
        assert fast is not None, q
        slow = _whoosh_top(searcher, q, k, allowed)
        assert [d for d, _ in fast] == [d for d, _ in slow], q
        for (_, a), (_, b) in zip(fast, slow, strict=True):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-12), q
        checked += bool(slow)
    return checked


@pytest.fixture(scope="module")
def searcher(built_index: Path):
    with Searcher(open_reader(built_index), weighting=WEIGHTING) as s:
        yield s


def _synthetic_index(docs: int, segments: int, delete_every: int = 0):
    """A RamStorage index with the real schema, in several segments, some deletions."""
    rng = random.Random(3)
    ix = RamStorage().create_index(SCHEMA)
    per = docs // segments
    n = 0
    for _ in range(segments):
        with ix.writer() as w:
            w.mergetype = NO_MERGE
            for _ in range(per):
                body_len = rng.choice((3, 8, 20, 60, 200))
                body = " ".join(rng.choices(WORDS, weights=range(len(WORDS), 0, -1),
                                            k=body_len))
                title = " ".join(rng.sample(WORDS, rng.randint(1, 5)))
                w.add_document(key=f"k{n}", id=f"{n}", title=title, body=body)
                n += 1
    if delete_every:
        with ix.writer() as w:
            w.mergetype = NO_MERGE
            for d in range(0, n, delete_every):
                w.delete_by_term("key", f"k{d}")
    return ix


def test_same_top10_as_whoosh_on_the_sample_index(searcher) -> None:
    queries = _queries(searcher)
    assert len(queries) >= 30
    # Most queries must find something, so that rankings are compared, not empty lists
    # (an AND of random words often finds nothing).
    assert _assert_same(searcher, queries) >= 20


def test_same_top_k_with_a_filter_and_deeper_pages(searcher) -> None:
    queries = _queries(searcher)[:12]
    every = sorted(searcher.reader().all_doc_ids())
    few = frozenset(every[::7])
    most = frozenset(d for d in every if d % 5)
    _assert_same(searcher, queries, k=30)
    _assert_same(searcher, queries, k=10, allowed=few)
    _assert_same(searcher, queries, k=20, allowed=most)
    # (Whoosh takes an empty filter set for no filter; no document is allowed here.)
    assert all(_rank(searcher, q, 10, frozenset()) == [] for q in queries)


@pytest.mark.parametrize("segments, delete_every", [(1, 0), (4, 9)])
def test_same_top10_on_segments_with_deletions_and_ties(segments, delete_every) -> None:
    ix = _synthetic_index(1200, segments, delete_every)
    with ix.searcher(weighting=WEIGHTING) as s:
        assert len(s.reader().leaf_readers()) == segments
        qs = [parse_query(w) for w in WORDS[:8]]
        qs += [parse_query(" ".join(WORDS[i:i + 4])) for i in range(0, 24, 4)]
        qs += [query.And([t for t in q.subqueries if t.fieldname == "body"]) for q in qs[8:11]]
        qs += [query.Or([query.Term("body", w, boost=0.3) for w in WORDS[5:12]])]
        tree = parse_query(" ".join(WORDS[2:7]))
        tree.matcher_type = query.Or.DEFAULT_MATCHER
        qs.append(tree)
        # Short synthetic documents tie a lot: the order of ties must be Whoosh's too.
        assert _assert_same(s, qs, k=25) == len(qs)


def test_field_lengths_read_in_bulk_match_whoosh(searcher) -> None:
    cache = fastrank.RankCache(("test",))
    reader = searcher.reader()
    for field in ("title", "body"):
        lengths = cache.lengths(searcher, field)
        for d in range(reader.doc_count_all()):
            assert lengths[d] == (reader.doc_field_length(d, field) or 0)


def test_postings_read_in_blocks_match_the_matcher(searcher) -> None:
    cache = fastrank.RankCache(("test",))
    for word in _word_terms(searcher, 20, seed=1):
        posting = cache.posting(searcher, "body", word.encode())
        m = searcher.postings("body", word)
        items = []
        while m.is_active():
            items.append((m.id(), m.weight()))
            m.next()
        pairs = zip(posting.docs, posting.weights, strict=True)
        assert [(int(d), float(w)) for d, w in pairs] == items


@pytest.mark.parametrize("text", ['"new york" bank', "bank -york", "bank*", "ban?",
                                  "(bank OR oil) AND price", "date:2020", "year:2020"])
def test_other_shapes_fall_back(searcher, text) -> None:
    q = parse_query(text)
    assert _rank(searcher, q, 10) is None
    nested = query.Or([q, query.Term("body", "bank"), query.Term("title", "bank")])
    assert _rank(searcher, nested, 10) is None


def test_single_fielded_term_is_ranked(searcher) -> None:
    q = parse_query("title:" + _word_terms(searcher, 1, seed=2)[0])
    assert isinstance(q, query.Term)
    assert _rank(searcher, q, 10) == _whoosh_top(searcher, q)


def test_ranked_uses_fastrank_and_agrees_with_the_collector(searcher) -> None:
    view = View.over(searcher)
    for q in _queries(searcher)[:15]:
        fast, partial = top_scored(view, q, None, 10, 2.0)
        slow, _ = top_scored(view, q, None, 10, 2.0, fast=False)
        assert not partial
        assert [d for d, _ in fast] == [d for d, _ in slow]
        assert [s for _, s in fast] == pytest.approx([s for _, s in slow], rel=1e-12)


def test_cache_is_bounded() -> None:
    ix = _synthetic_index(300, 1)
    with ix.searcher(weighting=WEIGHTING) as s:
        cache = fastrank.RankCache(("small",), max_bytes=4000)
        for w in WORDS:
            cache.scores(s, s.weighting, ("sig",), "body", w.encode())
        assert cache.cached_bytes <= 4000 or len(cache._postings) == 1
