"""A page per speaker: every quote attributed to one person, newest first, with their
timeline, the sections they appear in and the people quoted beside them.

It is the search for `speaker=<name>` by date, through the same pipeline as /search: the
hits carry that person's quotes, the facets give the sections and the co-quoted people.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from . import engine, timeline
from .params import BadParam, SearchParams
from .search import SearchPage

bp = Blueprint("speakers", __name__)

ARGS = frozenset({"page", "per_page", "from", "to", "interval"})
MAX_NAME_CHARS = 200
CO_QUOTED = 15


def _quotes_page(name: str) -> tuple[str, SearchPage]:
    """The person's name as the index spells it, and the page of their articles."""
    if len(name) > MAX_NAME_CHARS:
        raise BadParam("name", f"longer than {MAX_NAME_CHARS} characters")
    asked = SearchParams.from_args(request.args, current_app.config["LIMITS"], known=ARGS)
    # Every article quoting the person, copies of one story too: each is counted and paged.
    params = replace(asked, q="", speaker=name.strip(), sort="newest", collapse=False)
    page = engine.run_search(params)
    spelled = page.asked_speakers[0] if page.asked_speakers else None
    if spelled is None or not page.total:
        abort(404, f"No quotes are attributed to {name[:MAX_NAME_CHARS]!r} in this archive"
                   + (" in these dates." if params.date_from or params.date_to else "."))
    return spelled, page


def _co_quoted(name: str, page: SearchPage) -> list[tuple[str, int]]:
    return [(other, n) for other, n in page.facets.get("speaker", []) if other != name][
        :CO_QUOTED]


def _args(found: SearchPage, /, **changes: Any) -> dict[str, str]:
    """This page's arguments (dates, paging), with changes; the name is in the path."""
    args = found.params.to_args(**changes)
    for fixed in ("speaker", "sort", "collapse"):
        args.pop(fixed, None)
    return args


@bp.get("/api/speaker/<path:name>")
def speaker_json(name: str) -> Response:
    spelled, page = _quotes_page(name)
    params = page.params
    next_url = (url_for("speakers.speaker_json", name=spelled, **_args(page, page=params.page + 1))
                if page.has_next else None)
    response = jsonify({
        "ok": True,
        "name": spelled,
        "total": page.total,
        "page": params.page,
        "per_page": params.per_page,
        "page_count": page.page_count,
        "took_ms": page.took_ms,
        "facets": {"section": [list(kv) for kv in page.facets.get("section", [])],
                   "co_quoted": [list(kv) for kv in _co_quoted(spelled, page)],
                   "date_histogram": page.timeline.to_json()},
        "interval": page.timeline.interval,
        "results": [{"id": hit.id, "title": hit.title, "url": hit.url, "date": hit.date,
                     "section": hit.section, "role": hit.quote_role, "quotes": list(hit.quotes),
                     "story": hit.story}
                    for hit in page.hits],
        "next_url": next_url,
    })
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/speaker/<path:name>")
def speaker_page(name: str) -> str:
    spelled, page = _quotes_page(name)
    params = page.params

    def url_with(**changes: object) -> str:
        return url_for("speakers.speaker_page", name=spelled, **_args(page, **changes))

    def search_url(**changes: object) -> str:
        """The search of this person's articles (with the page's dates)."""
        return url_for("views.search_page", **params.query_args(collapse=True, **changes))

    chart = timeline.chart(page.timeline, timeline.narrow_link(params, url_with))
    return render_template("speaker.html", name=spelled, page=page, params=params,
                           url_with=url_with, search_url=search_url, chart=chart,
                           co_quoted=_co_quoted(spelled, page),
                           feed_url=url_for("feeds.search_feed",
                                            **params.query_args(collapse=True)))
