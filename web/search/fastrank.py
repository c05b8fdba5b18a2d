"""Top-k ranking of flat word queries with numpy instead of Whoosh's matchers.

Whoosh scores an Or of terms in pure Python: a tree of union matchers and one BM25 scorer
call per posting, about 200 ms for a 4-word query matching 7,000 of 10,000 documents.
Here each index generation has one `RankCache` (kept with its other caches in index.py)
holding, per term, its postings as arrays
(global docnums, term weights; read once, block by block) and per text field the array
of document field lengths. A query then costs a few vector operations per term.

Only queries made of `query.Term`s in scorable fields, alone or under one flat `Or` or
`And` (no boost, scale or minmatch on it), are ranked here, and only with a plain BM25F
weighting (`scoring.BM25F` or a subclass that overrides nothing but `idf`); `rank`
returns None for anything else and the caller runs Whoosh.

Scores are Whoosh's, bit for bit: the same BM25 expression in float64 on the same
float32 weights and byte-quantised field lengths, the idf and average field length from
the searcher, term boosts applied to each term's score, and the per-document sums taken
in the order Whoosh's matchers add them (per segment: a Huffman-like tree of
union/intersection matchers weighted by document frequency, or, for an Or over a
segment of at most 5000 documents, the array matcher's left-to-right sum). Ties are
broken by docnum ascending, as Whoosh's top collector does.
"""

from __future__ import annotations

import bisect
import logging
import threading
from collections import OrderedDict

import numpy as np
from whoosh import query, scoring
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

logger = logging.getLogger(__name__)

# Posting arrays kept per generation, in bytes (docnums int32/int64 + weights float32 +
# cached float64 scores: ~16-20 bytes a posting).
MAX_CACHE_BYTES = 128 * 1024 * 1024
# Generations kept (the current one, and the previous one while its searchers finish).
MAX_GENERATIONS = 2
# Whoosh's Or picks its array matcher (a plain left-to-right sum) on segments of at most
# this many documents when the search does not need the current match (query.Or).
_ARRAY_MATCHER_DOCS = 5000

_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


def _byte_to_length_table() -> np.ndarray:
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


_LENGTHS = _byte_to_length_table()


class _Posting:
    """One term's postings over the whole index (global docnums, ascending)."""

    __slots__ = ("docs", "weights", "scores", "nbytes")

    def __init__(self, docs: np.ndarray, weights: np.ndarray) -> None:
        self.docs = docs
        self.weights = weights
        self.scores: dict[tuple, np.ndarray] = {}  # weighting signature -> BM25 scores
        self.nbytes = docs.nbytes + weights.nbytes


class RankCache:
    """Posting arrays and field lengths of one index generation (thread-safe)."""

    def __init__(self, key: tuple, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.key = key
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._postings: OrderedDict[tuple[str, bytes], _Posting] = OrderedDict()
        self._bytes = 0
        self._lengths: dict[str, np.ndarray] = {}

    # Field lengths

    def lengths(self, searcher: Searcher, fieldname: str) -> np.ndarray:
        """Every document's length in the field as Whoosh's scorer sees it (float64)."""
        found = self._lengths.get(fieldname)
        if found is not None:
            return found
        reader = searcher.reader()
        out = np.zeros(reader.doc_count_all(), dtype=np.float64)
        for leaf, offset in reader.leaf_readers():
            n = leaf.doc_count_all()
            out[offset:offset + n] = _leaf_lengths(leaf, fieldname, n)
        with self._lock:
            self._lengths.setdefault(fieldname, out)
            return self._lengths[fieldname]

    # Postings

    def posting(self, searcher: Searcher, fieldname: str, btext: bytes) -> _Posting:
        key = (fieldname, btext)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        posting = _read_posting(searcher, fieldname, btext)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = posting
                self._bytes += posting.nbytes
                self._evict()
            return self._postings.get(key, posting)

    def scores(self, searcher: Searcher, weighting: scoring.BM25F, signature: tuple,
               fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """The term's docnums and its unboosted BM25F score in each (float64)."""
        posting = self.posting(searcher, fieldname, btext)
        idf = searcher.idf(fieldname, btext)
        avgfl = searcher.avg_field_length(fieldname) or 1
        # Keyed by the statistics too: a shard searched apart may weigh a term by the whole
        # index's counts in one search and by its own in another (a feedback word).
        signature = (*signature, idf, avgfl)
        found = posting.scores.get(signature)
        if found is not None:
            return posting.docs, found
        B = weighting._field_B.get(fieldname, weighting.B)
        K1 = weighting.K1
        tf = posting.weights.astype(np.float64)
        fl = self.lengths(searcher, fieldname)[posting.docs]
        # scoring.bm25, operation for operation, so the float64 results are identical.
        scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
        with self._lock:
            if signature not in posting.scores:
                posting.scores[signature] = scores
                if (fieldname, btext) in self._postings:
                    posting.nbytes += scores.nbytes
                    self._bytes += scores.nbytes
                    self._evict()
            return posting.docs, posting.scores[signature]

    def _evict(self) -> None:
        while self._bytes > self.max_bytes and len(self._postings) > 1:
            _, old = self._postings.popitem(last=False)
            self._bytes -= old.nbytes

    @property
    def cached_bytes(self) -> int:
        return self._bytes


def _leaf_lengths(leaf, fieldname: str, n: int) -> np.ndarray:
    """A segment's field lengths, read in one piece from its length column if possible."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return np.zeros(n, dtype=np.float64)
        count = min(column._count, n)
        if column._fixedlen != 1 or column._typecode != "B":
            raise TypeError("not a byte column")
        raw = bytes(column._dbfile.get(column._basepos, count)) if count else b""
        codes = np.zeros(n, dtype=np.uint8)
        codes[:count] = np.frombuffer(raw, dtype=np.uint8)
        default = column._default or 0
        if count < n and default:
            codes[count:] = default
        return _LENGTHS[codes]
    except Exception:  # another codec or layout: ask per document (slow, once)
        logger.debug("reading %s lengths one by one", fieldname, exc_info=True)
        return np.array([leaf.doc_field_length(d, fieldname) or 0 for d in range(n)],
                        dtype=np.float64)


def read_docnums(searcher: Searcher, fieldname: str, btext: bytes) -> np.ndarray:
    """The live documents that hold a term (global docnums, ascending)."""
    return _read_posting(searcher, fieldname, btext).docs


def _read_posting(searcher: Searcher, fieldname: str, btext: bytes) -> _Posting:
    docs_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for leaf, offset in searcher.reader().leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        ids, weights = _leaf_postings(leaf, fieldname, btext)
        if leaf.has_deletions() and len(ids):
            deleted = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
            keep = ~np.isin(ids, deleted)
            ids, weights = ids[keep], weights[keep]
        docs_parts.append(ids + offset)
        weight_parts.append(weights)
    docs = np.concatenate(docs_parts) if docs_parts else _EMPTY_DOCS
    weights = np.concatenate(weight_parts) if weight_parts else _EMPTY_WEIGHTS
    if len(docs) and docs[-1] < 2**31:
        docs = docs.astype(np.int32)
    return _Posting(docs, weights.astype(np.float32, copy=False))


def _leaf_postings(leaf, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """One segment's postings of a term: local docnums (int64), weights (float32)."""
    matcher = leaf.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions: dropped by the caller
    try:
        return _block_postings(matcher)
    except Exception:  # not a whoosh3 block matcher: step through it
        matcher = leaf.postings(fieldname, btext)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        ids: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


def _block_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Whole blocks of a whoosh3 `W3LeafMatcher`, without stepping posting by posting."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    if type(matcher) is not W3LeafMatcher or matcher._byteids:
        raise TypeError(type(matcher).__name__)
    ids_parts = []
    weight_parts = []
    while not matcher._atend:
        count = matcher._blocklength
        matcher._read_data()
        deltas, weights = matcher._data[0], matcher._data[1]
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
        if len(ids) != count:
            raise ValueError("block length mismatch")
        if weights is None:
            w = np.ones(count, dtype=np.float32)
        elif isinstance(weights, float):
            w = np.full(count, weights, dtype=np.float32)
        else:
            w = np.asarray(weights, dtype=np.float32)
        ids_parts.append(ids)
        weight_parts.append(w)
        matcher._next_block()
    if not ids_parts:
        return _EMPTY_DOCS, _EMPTY_WEIGHTS
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


# Queries


def _weighting_signature(weighting) -> tuple | None:
    """A key for the scores a weighting gives, or None if it is not a plain BM25F."""
    cls = type(weighting)
    if (not isinstance(weighting, scoring.BM25F) or weighting.use_final
            or cls.scorer is not scoring.BM25F.scorer):
        return None
    return (cls, weighting.B, weighting.K1, tuple(sorted(weighting._field_B.items())))


def _plan(q: query.Query, searcher: Searcher) -> tuple[str, list[tuple[str, bytes, float]]] | None:
    """("or" | "and", [(fieldname, term bytes, boost)]) for a supported query, else None."""
    if type(q) is query.Term:
        kind, subs = "or", [q]
    elif type(q) in (query.Or, query.compound.DefaultOr):
        if (q.boost != 1.0 or q.scale or q.minmatch
                or q.matcher_type not in (query.Or.AUTO_MATCHER, query.Or.DEFAULT_MATCHER)):
            return None
        kind, subs = "or", list(q.subqueries)
    elif type(q) is query.And:
        if q.boost != 1.0:
            return None
        kind, subs = "and", list(q.subqueries)
    else:
        return None
    if not subs:
        return None
    schema = searcher.schema
    terms = []
    for sub in subs:
        if type(sub) is not query.Term or sub.minquality or not sub.boost > 0:
            return None
        if sub.fieldname not in schema or not schema[sub.fieldname].scorable:
            return None
        try:
            btext = schema[sub.fieldname].to_bytes(sub.text)
        except ValueError:
            return None
        terms.append((sub.fieldname, btext, float(sub.boost)))
    return kind, terms


def _tree_order(weights: list[int]) -> list:
    """The pairing order of whoosh.util.make_weighted_tree, as a nested tuple of indexes.

    The list is sorted by weight only (Whoosh's matchers never compare smaller), stably,
    and each combined pair goes after the items of equal weight (bisect.insort).
    """
    items = sorted(((w, i) for i, w in enumerate(weights)), key=lambda item: item[0])
    keys = [w for w, _ in items]
    nodes: list = [i for _, i in items]
    while len(nodes) > 1:
        wa, a = keys.pop(0), nodes.pop(0)
        wb, b = keys.pop(0), nodes.pop(0)
        w = wa + wb
        pos = bisect.bisect_right(keys, w)
        keys.insert(pos, w)
        nodes.insert(pos, (a, b))
    return nodes[0]


def _tree_sum(node, arrays: list[np.ndarray]) -> np.ndarray:
    if isinstance(node, int):
        return arrays[node].copy()
    left = _tree_sum(node[0], arrays)
    left += _tree_sum(node[1], arrays)
    return left


def rank(searcher: Searcher, cache: RankCache, q: query.Query, k: int,
         allowed: np.ndarray | None = None) -> list[tuple[int, float]] | None:
    """The k best (docnum, score) of q among `allowed` (a mask; None: all), as Whoosh
    ranks them.

    `cache` is the one of the searcher's generation. None when the query's shape or the
    weighting is not supported here.
    """
    signature = _weighting_signature(searcher.weighting)
    if signature is None or k <= 0:
        return None if signature is None else []
    plan = _plan(q, searcher)
    if plan is None:
        return None
    kind, terms = plan
    # query.Or._matcher: the array matcher on small segments, unless the Or says otherwise.
    array_or = (kind == "or" and len(terms) != 2 and type(q) is not query.compound.DefaultOr
                and getattr(q, "matcher_type", None) == query.Or.AUTO_MATCHER)
    reader = searcher.reader()
    n = reader.doc_count_all()
    per_term = []
    for fieldname, btext, boost in terms:
        docs, scores = cache.scores(searcher, searcher.weighting, signature, fieldname, btext)
        if boost != 1.0:
            scores = scores * boost  # WrappingMatcher: the term's score times its boost
        if len(scores) and not scores.min() > 0:
            return None  # the array matcher would drop documents: leave it to Whoosh
        per_term.append((docs, scores))
    if kind == "and" and any(len(docs) == 0 for docs, _ in per_term):
        return []

    dense = []
    for docs, scores in per_term:
        a = np.zeros(n, dtype=np.float64)
        a[docs] = scores
        dense.append(a)
    total = np.zeros(n, dtype=np.float64)
    if kind == "or":
        matched = np.zeros(n, dtype=bool)
        for docs, _ in per_term:
            matched[docs] = True
    else:
        count = np.zeros(n, dtype=np.int32)
        for docs, _ in per_term:
            count[docs] += 1
        matched = count == len(per_term)

    for leaf, offset in reader.leaf_readers():
        size = leaf.doc_count_all()
        part = slice(offset, offset + size)
        if len(dense) == 1:
            total[part] = dense[0][part]
            continue
        if array_or and (size <= _ARRAY_MATCHER_DOCS or len(dense) >= query.Or.TOO_MANY_CLAUSES):
            # ArrayUnionMatcher: a[i] += score, sub-matcher by sub-matcher.
            acc = np.zeros(size, dtype=np.float64)
            for a in dense:
                acc += a[part]
            total[part] = acc
            continue
        sizes = [leaf.doc_frequency(fieldname, btext) if (fieldname, btext) in leaf else 0
                 for fieldname, btext, _ in terms]
        if kind == "and":
            sizes = [0 - s for s in sizes]
        total[part] = _tree_sum(_tree_order(sizes), [a[part] for a in dense])

    docs = np.flatnonzero(matched)
    scores = total[docs]
    return _top_k(docs, scores, k, allowed)


def _best(docs: np.ndarray, scores: np.ndarray, m: int) -> np.ndarray:
    """Indexes of the m best (highest score, then lowest docnum), best first."""
    if m < len(scores):
        part = np.argpartition(-scores, m - 1)[:m]
        threshold = scores[part].min()
        above = np.flatnonzero(scores > threshold)
        ties = np.flatnonzero(scores == threshold)[: m - len(above)]  # docs ascend
        idx = np.concatenate([above, ties])
    else:
        idx = np.arange(len(scores))
    order = np.lexsort((docs[idx], -scores[idx]))
    return idx[order]


def _top_k(docs: np.ndarray, scores: np.ndarray, k: int,
           allowed: np.ndarray | None) -> list[tuple[int, float]]:
    if allowed is not None and len(docs):
        keep = allowed[docs]
        docs, scores = docs[keep], scores[keep]
    if not len(docs):
        return []
    idx = _best(docs, scores, min(k, len(docs)))
    return [(int(docs[i]), float(scores[i])) for i in idx.tolist()]
