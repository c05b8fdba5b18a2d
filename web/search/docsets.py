"""Sets of matching documents and facet counts, from cached posting lists.

Whoosh computes facets by visiting every match through its collectors, in Python, on every
search. Here each index generation gets one `DocSets`: posting lists become Python sets
(cached, so set algebra runs at C speed), and each facet field becomes a doc -> values
table built once, so counting a facet is one pass of `Counter` over the matching docnums.
Searchers are not shared between threads, so every method takes the caller's searcher;
all of them see the same documents with the same numbers within one generation.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from itertools import chain

from whoosh import query
from whoosh.searching import Searcher

from indexer.store.schema import FACET_COLUMNS, names_from_column

# Docnums kept in cached sets per generation (a frozenset costs ~60 bytes per docnum):
# bounds the cache at ~120 MB per process whatever the size of the index.
MAX_CACHED_DOCNUMS = 2_000_000
_NULL = type(query.NullQuery)


class DocSets:
    """Match sets and facet tables of one index generation (thread-safe)."""

    def __init__(self, generation: tuple) -> None:
        self.generation = generation
        self._lock = threading.Lock()
        self._sets: OrderedDict[tuple, frozenset[int]] = OrderedDict()
        self._cached_docnums = 0
        self._tables: dict[str, list] = {}

    def _cached(self, key: tuple, compute: Callable[[], Iterable[int]]) -> frozenset[int]:
        with self._lock:
            found = self._sets.get(key)
            if found is not None:
                self._sets.move_to_end(key)
                return found
        value = frozenset(compute())
        with self._lock:
            if key not in self._sets:
                self._sets[key] = value
                self._cached_docnums += len(value)
            while self._cached_docnums > MAX_CACHED_DOCNUMS and len(self._sets) > 1:
                _, evicted = self._sets.popitem(last=False)
                self._cached_docnums -= len(evicted)
        return value

    def all_docs(self, searcher: Searcher) -> frozenset[int]:
        """Every live document."""
        return self._cached(("all",), lambda: searcher.reader().all_doc_ids())

    def term_docs(self, searcher: Searcher, fieldname: str, text: str) -> frozenset[int]:
        """Documents containing one term."""

        def compute() -> Iterable[int]:
            if (fieldname, text) not in searcher.reader():
                return ()
            return searcher.postings(fieldname, text).all_ids()

        return self._cached(("term", fieldname, text), compute)

    def query_docs(self, searcher: Searcher, q: query.Query) -> frozenset[int]:
        """Documents matching a query, by set algebra where the query allows it."""
        if isinstance(q, query.Term):
            return self.term_docs(searcher, q.fieldname, q.text)
        if isinstance(q, query.Every):
            return self.all_docs(searcher)
        if isinstance(q, _NULL):
            return frozenset()
        if isinstance(q, query.Or):
            return frozenset().union(*(self.query_docs(searcher, s) for s in q.subqueries))
        if isinstance(q, query.And):
            subs = sorted((self.query_docs(searcher, s) for s in q.subqueries), key=len)
            return subs[0].intersection(*subs[1:]) if subs else frozenset()
        if isinstance(q, query.AndNot):
            return self.query_docs(searcher, q.a) - self.query_docs(searcher, q.b)
        if isinstance(q, query.Not):
            return self.all_docs(searcher) - self.query_docs(searcher, q.query)
        if isinstance(q, query.AndMaybe):
            return self.query_docs(searcher, q.a)
        # Phrases, ranges, wildcards: Whoosh's own matcher, cached by the query's text.
        return self._cached(("query", repr(q)), lambda: searcher.docs_for_query(q))

    def _table(self, searcher: Searcher, facet: str) -> list:
        """docnum -> value (a tuple of names for a list of names), built once.

        Read from the facet's column (schema.FACET_COLUMNS): one pass over the documents,
        not one posting list per value.
        """
        table = self._tables.get(facet)
        if table is not None:
            return table
        column, multi = FACET_COLUMNS[facet]
        table = []
        # Segment by segment: a segment where no document has the field has no column.
        for leaf, _offset in searcher.reader().leaf_readers():
            if not leaf.has_column(column):
                table.extend([() if multi else None] * leaf.doc_count_all())
            elif multi:
                table.extend(map(names_from_column, leaf.column_reader(column)))
            else:
                table.extend(v or None for v in leaf.column_reader(column))
        with self._lock:
            self._tables[facet] = table
        return table

    def facet_counts(self, searcher: Searcher, facet: str,
                     docs: Iterable[int]) -> Counter[str]:
        """How many of `docs` carry each value of the facet."""
        table = self._table(searcher, facet)
        if FACET_COLUMNS[facet][1]:
            return Counter(chain.from_iterable(map(table.__getitem__, docs)))
        counts = Counter(map(table.__getitem__, docs))
        counts.pop(None, None)
        return counts
