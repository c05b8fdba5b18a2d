"""Matching documents as numpy masks, and facet counts, from cached posting lists.

Whoosh computes facets by visiting every match through its collectors, in Python, on every
search. Here each index generation has one `DocSets`: a term's posting list is read once
into a sorted int32 array of docnums (4 bytes a posting, the cache bounded in bytes), a
query's matches are a boolean mask over all docnums (set algebra is then a vector
operation), and each facet becomes a table of value codes built once, so counting a facet
over any result set is one `bincount`. Searchers are not shared between threads, so
every method takes the caller's searcher; within one generation all of them see the same
documents under the same numbers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from whoosh import query
from whoosh.searching import Searcher

from indexer.store.schema import FACET_COLUMNS, names_from_column

from .fastrank import read_docnums
from .parse import TEXT_FIELDS

# Bytes of cached posting arrays per generation: bounds the cache whatever the index size.
MAX_CACHED_BYTES = 64 * 1024 * 1024
# Fewer documents than this with every typed word: the search finds those with any.
MIN_ALL_WORDS = 10
_NULL = type(query.NullQuery)


@dataclass(frozen=True, slots=True)
class FacetTable:
    """A facet's values per document: `codes[offsets[d]:offsets[d + 1]]` index `values`."""

    values: list[str]
    codes: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than there are documents
    per_doc: np.ndarray  # int64: values of each document

    def counts(self, mask: np.ndarray) -> dict[str, int]:
        picked = self.codes[np.repeat(mask, self.per_doc)]
        tally = np.bincount(picked, minlength=len(self.values))
        return {self.values[i]: int(tally[i]) for i in np.flatnonzero(tally)}

    def story_deficits(self, grouped: np.ndarray, stories: StoryTable) -> dict[str, int]:
        """How many fewer stories than documents carry each value, among documents of
        stories with several copies (`grouped`, docnums): the values not named count as
        many stories as documents. Reads the entries of those documents only: most
        documents are the only copy of their story, and a search must not pay for them.
        """
        if not len(grouped):
            return {}
        lengths = self.per_doc[grouped]
        total = int(lengths.sum())
        if not total:
            return {}
        firsts = np.cumsum(lengths) - lengths  # where each document's entries start, packed
        entries = np.repeat(self.offsets[grouped] - firsts, lengths) + np.arange(total)
        values = self.codes[entries]
        pairs = values.astype(np.int64) * stories.count + np.repeat(stories.codes[grouped],
                                                                   lengths)
        width = int(values.max()) + 1
        deficit = (np.bincount(values, minlength=width)
                   - np.bincount(np.unique(pairs) // stories.count, minlength=width))
        return {self.values[i]: int(deficit[i]) for i in np.flatnonzero(deficit)}

    def stories_by_value(self, docs: np.ndarray, stories: StoryTable, wanted: set[str]
                         ) -> dict[str, np.ndarray]:
        """For each value in `wanted`, the ids of the stories whose documents among `docs`
        (docnums) carry it."""
        lengths = self.per_doc[docs]
        total = int(lengths.sum())
        if not total:
            return {}
        firsts = np.cumsum(lengths) - lengths
        entries = np.repeat(self.offsets[docs] - firsts, lengths) + np.arange(total)
        pairs = np.unique(self.codes[entries].astype(np.int64) * stories.count
                          + np.repeat(stories.codes[docs], lengths))
        values, story_codes = pairs // stories.count, pairs % stories.count
        bounds = np.flatnonzero(np.diff(values)) + 1
        out = {}
        for start, end in zip(np.r_[0, bounds], np.r_[bounds, len(pairs)], strict=True):
            value = self.values[int(values[start])]
            if value in wanted:
                out[value] = stories.ids[story_codes[start:end]]
        return out


@dataclass(frozen=True, slots=True)
class StoryTable:
    """Every document's story as a code, and each story's documents (all of its copies,
    live or deleted: masks say which count)."""

    ids: np.ndarray  # story ids (bytes), by code
    codes: np.ndarray  # int64, per docnum
    alone: np.ndarray  # bool, per docnum: the only document of its story
    members: np.ndarray  # docnums ordered by story code
    starts: np.ndarray  # int64: members[starts[c]:starts[c + 1]] are story c's

    @property
    def count(self) -> int:
        return max(1, len(self.ids))

    def copies(self, code: int, mask: np.ndarray) -> np.ndarray:
        """The documents of a story that the mask holds."""
        docs = self.members[self.starts[code]:self.starts[code + 1]]
        return docs[mask[docs]]

    def copies_of(self, story: bytes, mask: np.ndarray) -> np.ndarray:
        """The documents of the story with this id that the mask holds (none for an id
        the index does not know)."""
        code = int(np.searchsorted(self.ids, story)) if story else len(self.ids)
        if code >= len(self.ids) or self.ids[code] != story:
            return np.array([], dtype=np.int64)
        return self.copies(code, mask)

    def codes_of(self, stories: np.ndarray) -> np.ndarray:
        """The codes of the story ids (sorted, unique) that the index knows."""
        if not len(self.ids):
            return np.array([], dtype=np.int64)
        codes = np.searchsorted(self.ids, stories)
        found = codes < len(self.ids)
        found[found] = self.ids[codes[found]] == stories[found]
        return codes[found]

    def grouped(self, mask: np.ndarray) -> np.ndarray:
        """The mask's documents whose story has other copies in the index (docnums)."""
        return np.flatnonzero(mask & ~self.alone)

    def total(self, documents: int, grouped: np.ndarray) -> int:
        """How many stories a set of `documents` documents belongs to, `grouped` (docnums)
        being those whose story has other copies."""
        return documents - len(grouped) + len(np.unique(self.codes[grouped]))

    def first_of_each(self, ordered: np.ndarray, k: int | None = None) -> np.ndarray:
        """Documents in the order given, each story's first one only (the first k of
        them: only as much of the order is read as they need)."""
        want = len(ordered) if k is None else 4 * k
        while True:
            head = ordered[:want]
            keys = np.where(self.alone[head], -1 - head, self.codes[head])
            _, first = np.unique(keys, return_index=True)
            kept = head[np.sort(first)]
            if k is None or len(kept) >= k or want >= len(ordered):
                return kept if k is None else kept[:k]
            want *= 4


class DocSets:
    """Match masks and facet tables of one index generation (thread-safe)."""

    def __init__(self, generation: tuple) -> None:
        self.generation = generation
        self._lock = threading.Lock()
        self._arrays: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._cached_bytes = 0
        self._tables: dict[str, object] = {}

    # Posting arrays

    def _cached(self, key: tuple, compute: Callable[[], Iterable[int]]) -> np.ndarray:
        with self._lock:
            found = self._arrays.get(key)
            if found is not None:
                self._arrays.move_to_end(key)
                return found
        found_docs = compute()
        if isinstance(found_docs, np.ndarray):
            value = found_docs.astype(np.int32)
        else:
            value = np.fromiter(found_docs, dtype=np.int32)
        value.sort()
        with self._lock:
            if key not in self._arrays:
                self._arrays[key] = value
                self._cached_bytes += value.nbytes
            while self._cached_bytes > MAX_CACHED_BYTES and len(self._arrays) > 1:
                _, evicted = self._arrays.popitem(last=False)
                self._cached_bytes -= evicted.nbytes
        return value

    @property
    def cached_bytes(self) -> int:
        return self._cached_bytes

    def _mask(self, searcher: Searcher, docs: np.ndarray) -> np.ndarray:
        mask = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
        mask[docs] = True
        return mask

    def all_docs(self, searcher: Searcher) -> np.ndarray:
        """Every live document, as a mask."""
        live = self._cached(("all",), lambda: searcher.reader().all_doc_ids())
        return self._mask(searcher, live)

    def term_docs(self, searcher: Searcher, fieldname: str, text: str) -> np.ndarray:
        """Documents containing one term, as a mask."""

        def compute() -> Iterable[int] | np.ndarray:
            if (fieldname, text) not in searcher.reader():
                return ()
            # Whole blocks of postings at a time (as the numpy scorer reads them), not one
            # posting per Python step: a frequent word has tens of thousands.
            return read_docnums(searcher, fieldname, searcher.schema[fieldname].to_bytes(text))

        return self._mask(searcher, self._cached(("term", fieldname, text), compute))

    def query_docs(self, searcher: Searcher, q: query.Query) -> np.ndarray:
        """Documents matching a query, as a mask, by set algebra where the query allows."""
        if isinstance(q, query.Term):
            return self.term_docs(searcher, q.fieldname, q.text)
        if isinstance(q, query.Every):
            return self.all_docs(searcher)
        if isinstance(q, _NULL):
            return np.zeros(searcher.reader().doc_count_all(), dtype=bool)
        if isinstance(q, query.Or):
            out = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
            for sub in q.subqueries:
                out |= self.query_docs(searcher, sub)
            return out
        if isinstance(q, query.And):
            if not q.subqueries:
                return np.zeros(searcher.reader().doc_count_all(), dtype=bool)
            out = self.query_docs(searcher, q.subqueries[0])
            for sub in q.subqueries[1:]:
                out &= self.query_docs(searcher, sub)
            return out
        if isinstance(q, query.AndNot):
            return self.query_docs(searcher, q.a) & ~self.query_docs(searcher, q.b)
        if isinstance(q, query.Not):
            return self.all_docs(searcher) & ~self.query_docs(searcher, q.query)
        if isinstance(q, query.AndMaybe):
            return self.query_docs(searcher, q.a)
        # Phrases, ranges, wildcards: Whoosh's own matcher, cached by the query's text.
        docs = self._cached(("query", repr(q)), lambda: searcher.docs_for_query(q))
        return self._mask(searcher, docs)

    # Tables built once per generation

    def _table(self, name: str, build: Callable[[], object]):
        table = self._tables.get(name)
        if table is None:
            table = build()
            with self._lock:
                table = self._tables.setdefault(name, table)
        return table

    def facet_counts(self, searcher: Searcher, facet: str, mask: np.ndarray) -> dict[str, int]:
        """How many documents of the mask carry each value of the facet."""
        table = self._table(f"facet:{facet}", lambda: _facet_table(searcher, facet))
        return table.counts(mask)

    def facet_story_deficits(self, searcher: Searcher, facet: str, grouped: np.ndarray
                             ) -> dict[str, int]:
        """Per value of the facet, how many fewer stories than documents carry it
        (FacetTable.story_deficits); values not named: none fewer."""
        table = self._table(f"facet:{facet}", lambda: _facet_table(searcher, facet))
        return table.story_deficits(grouped, self.stories(searcher))

    def facet_stories_by_value(self, searcher: Searcher, facet: str, docs: np.ndarray,
                               wanted: set[str]) -> dict[str, np.ndarray]:
        """The stories of `docs` carrying each wanted value of the facet
        (FacetTable.stories_by_value)."""
        table = self._table(f"facet:{facet}", lambda: _facet_table(searcher, facet))
        return table.stories_by_value(docs, self.stories(searcher), wanted)

    def stories(self, searcher: Searcher) -> StoryTable:
        """The story of every document, read from its column once per generation."""
        return self._table("stories", lambda: _story_table(searcher))


@dataclass(frozen=True, slots=True)
class Matches:
    """What one search finds: the documents totals and facets count, and how."""

    docs: np.ndarray  # a mask over docnums
    every_word: bool  # narrowed to the documents with every typed word
    facets: dict[str, dict[str, int]]
    stories: StoryTable | None = None
    story_total: int = 0  # how many stories the matches are copies of
    # facet -> value -> how many fewer stories than documents carry it (0 when not named)
    story_deficits: dict[str, dict[str, int]] | None = None

    @property
    def total(self) -> int:
        return int(np.count_nonzero(self.docs))

    def facet_stories(self, facet: str, value: str, documents: int) -> int:
        """How many stories have a match carrying a facet value `documents` matches carry."""
        return documents - (self.story_deficits or {}).get(facet, {}).get(value, 0)


def match(view, q: query.Query | None, filter_query: query.Query | None,
          facets: Iterable[str], every_word: bool | None = None) -> Matches:
    """The documents a search finds, with their facet counts.

    Bare words are optional (a document needs one of them), but when at least
    MIN_ALL_WORDS documents have every typed word, the search finds those: they are what a
    short query asks for, and scoring a union is the slowest thing a search does.
    `every_word` decides it instead of the count here (a shard of a larger index is told
    what the whole index's count decided).
    """
    searcher, docsets = view.searcher, view.caches.docsets
    allowed = docsets.query_docs(searcher, filter_query) if filter_query is not None else None
    if q is None:
        q = query.Every()
    docs = every_word_docs(searcher, docsets, q, allowed) if every_word is not False else None
    # A fixed threshold, not the page asked for: every page of a search has the same total.
    if docs is not None and every_word is None and np.count_nonzero(docs) < MIN_ALL_WORDS:
        docs = None
    every_word = docs is not None
    if docs is None:
        docs = docsets.query_docs(searcher, q)
        if allowed is not None:
            docs &= allowed
    counts = {name: docsets.facet_counts(searcher, name, docs) for name in facets}
    stories = docsets.stories(searcher)
    grouped = stories.grouped(docs)
    deficits = {name: docsets.facet_story_deficits(searcher, name, grouped) for name in facets}
    return Matches(docs, every_word, counts, stories,
                   stories.total(int(np.count_nonzero(docs)), grouped), deficits)


def every_word_docs(searcher: Searcher, docsets: DocSets, q: query.Query,
                    allowed: np.ndarray | None) -> np.ndarray | None:
    """The documents with every typed word (a mask); None when the query is not a set of
    plain words (of two or more)."""
    if not isinstance(q, query.Or) or len(q.subqueries) < 2:
        return None
    # The parser gives one clause per word, field and language: title:bank, body:bank,
    # title:rate... A word's terms are those at its place in the typed text (in several
    # languages they differ); words with the same terms are one word ("bank banks").
    at: dict[object, list[query.Query]] = {}
    for sub in q.subqueries:
        word = getattr(sub, "text", None) or tuple(getattr(sub, "words", ()))
        if not word or sub.fieldname not in TEXT_FIELDS:
            return None
        place = (sub.startchar, sub.endchar) if sub.startchar is not None else word
        at.setdefault(place, []).append(sub)
    words: dict[frozenset, list[query.Query]] = {}
    for subs in at.values():
        texts = frozenset(getattr(s, "text", None) or tuple(getattr(s, "words", ()))
                          for s in subs)
        words.setdefault(texts, []).extend(subs)
    if len(words) < 2:
        return None
    docs = allowed.copy() if allowed is not None else None
    for subs in words.values():
        found = docsets.query_docs(searcher, query.Or(subs))
        docs = found if docs is None else docs & found
    return docs


def _story_table(searcher: Searcher) -> StoryTable:
    ids: list[bytes] = []
    for leaf, _offset in searcher.reader().leaf_readers():
        if leaf.has_column("story"):
            ids.extend(leaf.column_reader("story", translate=False))
        else:
            ids.extend([b""] * leaf.doc_count_all())
    values, codes = np.unique(np.array(ids, dtype="S16"), return_inverse=True)
    codes = codes.astype(np.int64).reshape(-1)
    sizes = np.bincount(codes, minlength=len(values))
    starts = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    # A document without a story (none should be) is a story of its own.
    alone = (sizes[codes] == 1) | (values[codes] == b"")
    return StoryTable(values, codes, alone, np.argsort(codes, kind="stable"), starts)


def _facet_table(searcher: Searcher, facet: str) -> FacetTable:
    """A facet's table, read from its column (schema.FACET_COLUMNS) in one pass."""
    column, multi = FACET_COLUMNS[facet]
    index: dict[str, int] = {}
    codes: list[int] = []
    counts: list[int] = []
    # Segment by segment: a segment where no document has the field has no column.
    for leaf, _offset in searcher.reader().leaf_readers():
        n = leaf.doc_count_all()
        if not leaf.has_column(column):
            counts.extend([0] * n)
            continue
        for value in leaf.column_reader(column):
            names = names_from_column(value) if multi else ((value,) if value else ())
            counts.append(len(names))
            codes.extend(index.setdefault(name, len(index)) for name in names)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    per_doc = np.diff(offsets)
    return FacetTable(list(index), np.array(codes, dtype=np.int32), offsets, per_doc)
