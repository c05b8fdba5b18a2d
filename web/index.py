"""The open index and one up-to-date searcher per request (like flaskr's get_db)."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g
from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from .docsets import DocSets
from .params import SearchParams
from .query import WEIGHTING
from .search import MULTI_VALUED, SearchPage, search


class IndexUnavailable(RuntimeError):
    """The index directory holds no index yet (or cannot be opened)."""


class IndexHolder:
    """One shared FileIndex; each thread keeps its own searcher and refreshes it on commit."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._ix: whoosh_index.Index | None = None
        self._open_lock = threading.Lock()
        self._local = threading.local()
        self._docsets: DocSets | None = None

    def _index(self) -> whoosh_index.Index:
        if self._ix is None:
            with self._open_lock:
                if self._ix is None:
                    if not whoosh_index.exists_in(str(self.index_dir)):
                        raise IndexUnavailable(
                            f"no index in {self.index_dir}; run `python -m indexer build`"
                        )
                    try:
                        self._ix = whoosh_index.open_dir(str(self.index_dir))
                    except Exception as exc:  # corrupt or unreadable files
                        raise IndexUnavailable(f"cannot open the index: {exc}") from exc
        return self._ix

    def docsets(self, searcher: Searcher) -> DocSets:
        """The shared match-set cache of the searcher's generation."""
        generation = searcher.reader().generation()
        current = self._docsets
        if current is None or current.generation != generation:
            with self._open_lock:
                current = self._docsets
                if current is None or current.generation != generation:
                    current = self._docsets = DocSets(generation, MULTI_VALUED)
        return current

    def searcher(self) -> Searcher:
        """This thread's searcher, refreshed if a build committed since it was opened."""
        current = getattr(self._local, "searcher", None)
        if current is None:
            current = self._index().searcher(weighting=WEIGHTING)
        elif not current.up_to_date():
            # refresh() opens the new generation and shares unchanged segments.
            current = current.refresh()
        self._local.searcher = current
        return current


def init_app(app: Flask) -> None:
    app.extensions["index"] = IndexHolder(Path(app.config["INDEX_DIR"]))


def get_searcher() -> Searcher:
    """The searcher for this request."""
    if "searcher" not in g:
        g.searcher = current_app.extensions["index"].searcher()
    return g.searcher


def run_search(params: SearchParams) -> SearchPage:
    """search() with this request's searcher and the app's limits."""
    config = current_app.config
    searcher = get_searcher()
    docsets = current_app.extensions["index"].docsets(searcher)
    return search(searcher, params, config["QUERY_LIMITS"], config["SEARCH_TIME_BUDGET"],
                  docsets)
