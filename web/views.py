"""HTML pages: search form and results, the article view, OpenSearch, health."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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
from .errors import json_error
from .params import DOC_ARGS, SearchParams
from .search import FIRST_MARK, IndexUnavailable

bp = Blueprint("views", __name__)

# What a filter is called on its chip, by SearchParams field.
FILTER_LABELS = {"section": "Section", "speaker": "Speaker", "author": "Author",
                 "source": "Agency", "language": "Language", "date_from": "From",
                 "date_to": "To"}


# Languages by name, as pages show them (facets, results, articles); another code shows as
# written.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}


def language_name(code: str | None) -> str:
    """A language's name for a page ("de" -> "German")."""
    return LANGUAGE_NAMES.get(code, code) if code else ""


@bp.app_context_processor
def article_links() -> dict:
    def doc_url(doc_id: str, q: str = "") -> str:
        """An article's page; for a search, with its words marked and the first in view."""
        if q:
            return url_for("views.document", doc_id=doc_id, q=q, _anchor=FIRST_MARK)
        return url_for("views.document", doc_id=doc_id)

    return {"doc_url": doc_url, "first_mark": FIRST_MARK, "language_name": language_name}


@bp.get("/")
@bp.get("/search")
def search_page() -> str:
    params = SearchParams.from_args(request.args, current_app.config["LIMITS"])
    # With no words, filters or sort, the page is the home page: the latest articles.
    home = not params.to_args()
    page = engine.run_search(replace(params, sort="newest") if home else params)

    def url_with(**changes: object) -> str:
        return url_for("views.search_page", **params.to_args(**changes))

    def facet_link(name: str, value: str) -> tuple[str, bool]:
        """The URL that toggles a facet value as a filter, and whether it is active."""
        if name == "year":
            start, end = dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
            active = (params.date_from, params.date_to) == (start, end)
            changes = {"date_from": None, "date_to": None} if active else {
                "date_from": start, "date_to": end}
        else:
            active = getattr(params, name) == value
            changes = {name: None if active else value}
        return url_with(page=1, **changes), active

    def speaker_url(name: str) -> str:
        """A person's page, within the dates of this search."""
        dates = {k: v for k, v in params.to_args().items() if k in ("from", "to")}
        return url_for("speakers.speaker_page", name=name, **dates)

    # Each filter in force, and the link that takes off just that one.
    chips = [(FILTER_LABELS[name], language_name(value) if name == "language" else value,
              url_with(page=1, **{name: None}))
             for name, value in params.filters()]
    feed_url = url_for("feeds.search_feed", **params.query_args())
    # The export keeps the order shown; it holds every match, so no page.
    export_url = url_for("export.export_search", format="csv",
                         **params.query_args(sort=params.sort))
    chart = timeline.chart(page.timeline, timeline.narrow_link(params, url_with))
    return render_template("search.html", params=params, page=page, home=home, url_with=url_with,
                           facet_link=facet_link, feed_url=feed_url, export_url=export_url,
                           chart=chart, speaker_url=speaker_url, chips=chips)


@bp.get("/doc/<doc_id>")
def document(doc_id: str) -> str:
    params = SearchParams.from_args(request.args, current_app.config["LIMITS"], known=DOC_ARGS)
    doc = engine.document(doc_id)
    if doc is None:
        abort(404, "No such document.")
    return render_template("document.html", doc=doc, params=params,
                           marked=engine.marked(doc, params.q))


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    xml = render_template("opensearch.xml", name=current_app.config["SITE_NAME"],
                          html_url=base + url_for("views.search_page"),
                          json_url=base + url_for("api.search_json"))
    return Response(xml, mimetype="application/opensearchdescription+xml")


@bp.get("/healthz")
def healthz() -> Response | tuple[Response, int]:
    try:
        health = engine.health()
    except IndexUnavailable as exc:
        return json_error(503, str(exc))
    committed = health["last_commit"]
    body = {
        "ok": True,
        "documents": health["documents"],
        "shards": health["shards"],
        "last_commit": dt.datetime.fromtimestamp(committed, dt.UTC)
        .isoformat(timespec="seconds") if committed else None,
    }
    if health.get("missing"):
        body["missing"] = health["missing"]
    return jsonify(body), 200
