"""The open index: its shards read as one, a searcher per thread, caches per generation.

Every shard's segments go into one Whoosh MultiReader, so document frequencies, field
lengths and document counts are those of the whole index: scores, totals and facets do not
depend on how many shards there are. The caches that make searches fast (match sets and
facet tables, posting arrays, name look-ups) belong to one generation of that view, named
by `generation_key`; a commit to any shard starts a new one.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.reading import IndexReader, ReaderClosed
from whoosh.searching import Searcher

from indexer.store import shards

from . import fastrank
from .docsets import DocSets
from .ranking import WEIGHTING

# Generations whose caches are kept: the current one, and the previous one while the
# searches that started on it finish.
KEPT_GENERATIONS = 2


class IndexUnavailable(RuntimeError):
    """The index directory holds no index yet (or it cannot be opened)."""


@dataclass(slots=True)
class Caches:
    """What one generation of the index remembers between searches (thread-safe parts)."""

    key: tuple
    docsets: DocSets
    rank: fastrank.RankCache
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> folded -> name
    tables: dict[str, object] = field(default_factory=dict)  # ranking's sort columns
    # The analyses of the languages the index holds (filters.analysis_keys).
    analysis_keys: tuple[str, ...] | None = None
    names_lock: threading.Lock = field(default_factory=threading.Lock)


def new_caches(key: tuple) -> Caches:
    return Caches(key, DocSets(key), fastrank.RankCache(key))


@dataclass(frozen=True, slots=True)
class View:
    """One consistent view of the index for one search: a searcher and its caches."""

    searcher: Searcher
    caches: Caches
    shard_count: int = 1
    # What opened the searcher: a view keeps it, so its files stay open while in use.
    opened: object = None

    @classmethod
    def over(cls, searcher: Searcher) -> View:
        """A view of any searcher with caches of its own (tests, tools, benchmarks)."""
        return cls(searcher, new_caches(generation_key("", searcher.reader())))


class KeptCaches:
    """The caches of the last KEPT_GENERATIONS keys asked for (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._caches: OrderedDict[tuple, Caches] = OrderedDict()

    def get(self, key: tuple) -> Caches:
        with self._lock:
            caches = self._caches.get(key)
            if caches is None:
                caches = self._caches[key] = new_caches(key)
                while len(self._caches) > KEPT_GENERATIONS:
                    self._caches.popitem(last=False)
            else:
                self._caches.move_to_end(key)
            return caches

    def clear(self) -> None:
        with self._lock:
            self._caches.clear()


def generation_key(set_name: str, reader: IndexReader) -> tuple:
    """What identifies a view of the index: its set and every segment, in order."""
    segments = []
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment()
        segments.append((segment.segment_id() if segment else None, offset,
                         leaf.doc_count()))
    return (set_name, tuple(segments))


class _Open:
    """One thread's open shards and the searcher over them."""

    def __init__(self, layout: shards.Layout, index_dir: Path, only: int | None = None) -> None:
        self.layout = layout
        dirs = layout.shard_dirs(index_dir)
        if only is not None:
            dirs = dirs[only:only + 1]
        try:
            # No mmap: every page of the index a process touches would count as its own
            # memory, once per worker process; read through the OS page cache instead, which
            # the processes share (a 3,000-page index: 56 MB per worker instead of 167).
            self.indexes = [shards.open_shard(d, mmap=False) for d in dirs]
        except Exception as exc:  # missing, corrupt or unreadable files
            raise IndexUnavailable(f"cannot open the index: {exc}") from exc
        self.generations: list[int] = []
        self.searcher: Searcher | None = None

    def close(self) -> None:
        if self.searcher is not None:
            with contextlib.suppress(ReaderClosed):
                self.searcher.close()
            self.searcher = None

    def __del__(self) -> None:
        # A thread that ends drops its view: close its files rather than leave them to GC.
        self.close()

    def current(self) -> bool:
        try:
            return self.generations == [ix.latest_generation() for ix in self.indexes]
        except OSError:  # a shard went away: refresh() says so
            return False

    def refresh(self) -> Searcher:
        """A searcher over every shard's latest commit (the thread's old one is closed)."""
        readers = []
        try:
            generations = [ix.latest_generation() for ix in self.indexes]
            # Not reader(reuse=...): whoosh3 3.54 then keeps segments that a merge removed.
            for ix in self.indexes:
                readers.append(ix.reader())
        except Exception as exc:  # the files went away under the server
            for reader in readers:  # the shards opened before the one that failed
                reader.close()
            raise IndexUnavailable(f"cannot open the index: {exc}") from exc
        self.close()
        self.generations = generations
        self.searcher = Searcher(shards.combined(readers), weighting=WEIGHTING)
        return self.searcher


class Index:
    """The sharded index of a directory, shared by a process's threads; with `shard`, that
    one shard of it only (searched apart, as a cluster does: shard.py)."""

    def __init__(self, index_dir: Path | str, shard: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.shard = shard
        self._local = threading.local()
        self._caches = KeptCaches()
        self._opened: weakref.WeakSet[_Open] = weakref.WeakSet()

    def close(self) -> None:
        """Close every thread's files (the index stays usable: views reopen it)."""
        for opened in list(self._opened):
            opened.close()

    def view(self) -> View:
        """This thread's view, refreshed if a build committed since it was opened."""
        layout = shards.read_layout(self.index_dir)
        if layout is None:
            raise IndexUnavailable(f"no index in {self.index_dir}; run `python -m indexer"
                                   " build`")
        if self.shard is not None and self.shard >= layout.count:
            raise IndexUnavailable(f"the index in {self.index_dir} has {layout.count} shards"
                                   f" now, not shard {self.shard}")
        opened: _Open | None = getattr(self._local, "open", None)
        if opened is None or opened.layout != layout:
            opened = self._local.open = _Open(layout, self.index_dir, self.shard)
            self._opened.add(opened)
        searcher = opened.searcher
        if searcher is None or not opened.current():
            searcher = opened.refresh()
        return View(searcher, self._caches_for(layout.set_name, searcher), layout.count,
                    opened)

    def _caches_for(self, set_name: str, searcher: Searcher) -> Caches:
        return self._caches.get(generation_key(set_name, searcher.reader()))

    def last_commit(self) -> float | None:
        """When a shard last committed (seconds since the epoch), or None."""
        layout = shards.read_layout(self.index_dir)
        if layout is None:
            return None
        times = [toc.stat().st_mtime for d in layout.shard_dirs(self.index_dir)
                 for toc in d.glob("*.toc")]
        return max(times, default=None)
