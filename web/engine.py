"""The app's search core: one Index per process, one view of it per request."""

from __future__ import annotations

from flask import Flask, current_app, g

from .params import SearchParams, is_doc_id
from .search import (
    Index,
    MarkedArticle,
    SearchPage,
    Selection,
    View,
    get_document,
    highlight,
    search,
)
from .search import select as select_matches


def init_app(app: Flask) -> None:
    app.extensions["index"] = Index(app.config["INDEX_DIR"])


def index() -> Index:
    return current_app.extensions["index"]


def view() -> View:
    """This request's view of the index (the same for every call in the request)."""
    if "view" not in g:
        g.view = index().view()
    return g.view


def run_search(params: SearchParams) -> SearchPage:
    """search() on this request's view, with the app's limits."""
    config = current_app.config
    return search(view(), params, config["QUERY_LIMITS"], config["SEARCH_TIME_BUDGET"])


def select(params: SearchParams) -> Selection:
    """What a search matches, unranked and without facets (exports count and walk it)."""
    return select_matches(view(), params, current_app.config["QUERY_LIMITS"], facets=())


def document(doc_id: str) -> dict | None:
    """The article with this id, or None (also for text that cannot be an id)."""
    return get_document(view(), doc_id) if is_doc_id(doc_id) else None


def marked(doc: dict, q: str) -> MarkedArticle:
    """The article with the words of the search `q` marked, with the app's limits."""
    return highlight(view(), doc, q, current_app.config["QUERY_LIMITS"])
