"""JSON API: /api/search, /api/doc/<id>."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for

from . import engine
from .engine import run_search
from .params import BadParam, SearchParams
from .search import SearchPage

bp = Blueprint("api", __name__, url_prefix="/api")


def page_json(page: SearchPage) -> dict:
    """The search contract's JSON for a page of results."""
    params = page.params
    # No link to a page past the result window: it would be refused.
    reachable = (params.page + 1) * params.per_page <= current_app.config["MAX_RESULT_WINDOW"]
    next_url = (url_for("api.search_json", **params.to_args(page=params.page + 1))
                if page.has_next and reachable else None)
    return {
        "ok": True,
        "query": params.q,
        "total": page.total,
        "stories": page.stories,
        "collapse": params.collapse,
        "page": params.page,
        "per_page": params.per_page,
        "page_count": page.page_count,
        "took_ms": page.took_ms,
        "partial": page.partial,
        # Present when shards did not answer: which ones, and why.
        **({"missing": page.missing} if page.missing else {}),
        "suggestion": page.suggestion,
        "facets": {**{name: [list(item) for item in items]
                      for name, items in page.facets.items()},
                   "date_histogram": page.timeline.to_json()},
        "facet_sizes": page.facet_sizes,
        # The same values as "facets", each with the stories it has a matched copy in.
        "facet_stories": {name: [[value, page.facet_stories.get(name, {}).get(value, count)]
                                 for value, count in items]
                          for name, items in page.facets.items()},
        "interval": page.timeline.interval,
        "results": [hit.to_json() for hit in page.hits],
        "next_url": next_url,
    }


@bp.get("/search")
def search_json() -> Response:
    params = SearchParams.from_args(request.args, current_app.config["LIMITS"])
    body = page_json(run_search(params))
    response = jsonify(body)
    if body["next_url"]:
        response.headers["Link"] = f'<{body["next_url"]}>; rel="next"'
    return response


@bp.get("/doc/<doc_id>")
def doc_json(doc_id: str) -> Response:
    """One article as the index holds it (the ids of /api/search and /doc/<id>)."""
    if request.args:
        raise BadParam(sorted(request.args)[0], "unknown parameter (this endpoint takes none)")
    doc = engine.document(doc_id)
    if doc is None:
        abort(404, "No such document.")
    return jsonify({"ok": True, **doc})
