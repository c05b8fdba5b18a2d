"""The app's search core: the index read as one in this process (one view of it per
request), or its shards searched apart and merged (`SCHEDULER`: on a Dask cluster's
workers; `FANOUT`: here, the same steps without a cluster)."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, g

from indexer.store.shards import shard_of_id

from .params import BadParam, SearchParams, is_doc_id
from .search import (
    Index,
    IndexUnavailable,
    MarkedArticle,
    SearchPage,
    Selection,
    View,
    fanout,
    get_document,
    highlight,
    search,
)
from .search import select as select_matches


def init_app(app: Flask) -> None:
    app.extensions["index"] = Index(app.config["INDEX_DIR"])
    app.extensions["shards"] = None
    app.extensions["shards_lock"] = threading.Lock()


def index() -> Index:
    return current_app.extensions["index"]


def shards() -> fanout.Shards | None:
    """The shards searched apart, opened at the first request that needs them; None when
    the index is read as one here."""
    config, extensions = current_app.config, current_app.extensions
    if not (config["SCHEDULER"] or config["FANOUT"]):
        return None
    with extensions["shards_lock"]:
        if extensions["shards"] is None:
            if config["SCHEDULER"]:
                from .cluster import ClusterShards

                extensions["shards"] = ClusterShards(config["SCHEDULER"], config["INDEX_DIR"],
                                                     config["SHARD_TIMEOUT"])
            else:
                extensions["shards"] = fanout.InProcessShards.of(config["INDEX_DIR"])
        return extensions["shards"]


def view() -> View:
    """This request's view of the index (the same for every call in the request)."""
    if "view" not in g:
        g.view = index().view()
    return g.view


def run_search(params: SearchParams) -> SearchPage:
    """search() on this request's view, with the app's limits."""
    config = current_app.config
    apart = shards()
    if apart is not None:
        return fanout.search(apart, params, config["QUERY_LIMITS"],
                             config["SEARCH_TIME_BUDGET"], config["SHARD_TIMEOUT"])
    return search(view(), params, config["QUERY_LIMITS"], config["SEARCH_TIME_BUDGET"])


def select(params: SearchParams) -> Selection:
    """What a search matches, unranked and without facets (exports count and walk it)."""
    if current_app.config["SCHEDULER"]:
        raise BadParam("format", "exports are served where the index is read as one"
                                 " (python -m web without --scheduler), not on the cluster")
    return select_matches(view(), params, current_app.config["QUERY_LIMITS"], facets=())


def _on_shard(doc_id: str, method: str, *args: Any) -> Any:
    """`method` of the shard that holds the document (IndexUnavailable if it is lost)."""
    apart = shards()
    shard = shard_of_id(doc_id, apart.count)
    try:
        return apart.call(shard, method, *args).result(current_app.config["SHARD_TIMEOUT"])
    except (BadParam, IndexUnavailable):
        raise
    except Exception as exc:  # its worker is gone, or it did not answer in time
        raise IndexUnavailable(f"shard {shard + 1} of {apart.count}:"
                               f" {apart.lost(shard, exc)}") from exc


def document(doc_id: str) -> dict | None:
    """The article with this id, or None (also for text that cannot be an id)."""
    if not is_doc_id(doc_id):
        return None
    apart = shards()
    if apart is not None:
        return fanout.document(apart, doc_id, current_app.config["SHARD_TIMEOUT"])
    return get_document(view(), doc_id)


def marked(doc: dict, q: str) -> MarkedArticle:
    """The article with the words of the search `q` marked, with the app's limits."""
    limits = current_app.config["QUERY_LIMITS"]
    if shards() is not None:
        return _on_shard(doc["id"], "marked", doc, q, limits)
    return highlight(view(), doc, q, limits)


def health() -> dict[str, Any]:
    """Documents, shards and the last commit (seconds since the epoch, or None)."""
    apart = shards()
    if apart is not None:
        return fanout.health(apart, current_app.config["SHARD_TIMEOUT"])
    found = view()
    return {"documents": found.searcher.doc_count(), "shards": found.shard_count,
            "last_commit": index().last_commit(), "generation": found.caches.key}
