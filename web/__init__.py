"""Flask front end of the search service: create_app(config) -> Flask."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from .params import Limits
from .search import QueryLimits

# Every setting with its default; README documents each (tests check that).
DEFAULTS: dict[str, Any] = {
    "INDEX_DIR": "index",
    "RAW_DIR": "raw",
    "REINDEX_TOKEN": None,
    "SITE_NAME": "News search",
    # Where users reach the service (https://news.example.org): the OpenSearch description's
    # absolute URLs start with it. Unset, they are relative, never taken from the Host header.
    "PUBLIC_URL": None,
    "PER_PAGE": 10,
    "MAX_PER_PAGE": 100,
    "MAX_QUERY_CHARS": 500,
    "MAX_RESULT_WINDOW": 10_000,
    "MIN_WILDCARD_PREFIX": 3,
    "MAX_EXPANSIONS": 500,
    "MAX_CLAUSES": 64,
    "MAX_TOTAL_EXPANSIONS": 1000,
    "SEARCH_TIME_BUDGET": 2.0,
    # Most documents one export may hold: past it the export is refused with a 400.
    "MAX_EXPORT": 100_000,
    "RATELIMIT_API": None,
    # A Dask scheduler (tcp://HOST:PORT): each shard is searched by an actor on one of its
    # workers, and the answers merged here (python -m web --scheduler).
    "SCHEDULER": None,
    # Search each shard apart in this process and merge, as on a cluster (to compare).
    "FANOUT": False,
    # Seconds a shard has to answer one step of a search before it is left out.
    "SHARD_TIMEOUT": 10.0,
    "RATELIMIT_STORAGE_URI": "memory://",
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory: defaults, then FLASK_* environment variables, then `config`."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    app.config["INDEX_DIR"] = os.path.abspath(app.config["INDEX_DIR"])
    app.config["RAW_DIR"] = os.path.abspath(app.config["RAW_DIR"])
    app.config["LIMITS"] = Limits(
        per_page=int(app.config["PER_PAGE"]),
        max_per_page=int(app.config["MAX_PER_PAGE"]),
        max_query_chars=int(app.config["MAX_QUERY_CHARS"]),
        max_result_window=int(app.config["MAX_RESULT_WINDOW"]),
    )

    app.config["QUERY_LIMITS"] = QueryLimits(
        min_prefix=int(app.config["MIN_WILDCARD_PREFIX"]),
        max_expansions=int(app.config["MAX_EXPANSIONS"]),
        max_clauses=int(app.config["MAX_CLAUSES"]),
        max_total_expansions=int(app.config["MAX_TOTAL_EXPANSIONS"]),
    )
    app.config["SEARCH_TIME_BUDGET"] = float(app.config["SEARCH_TIME_BUDGET"])
    app.config["SHARD_TIMEOUT"] = float(app.config["SHARD_TIMEOUT"])

    from . import api, engine, errors, export, feeds, reindex, security, speakers, views

    engine.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(speakers.bp)
    reindex.init_app(app)
    security.init_app(app)
    return app
