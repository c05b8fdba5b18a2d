"""Atom feeds of searches: a feed reader polling one is an alert for new matching articles."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import replace
from html import unescape

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for

from . import engine
from .params import SearchParams
from .search import Hit, SearchPage

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 50
ATOM = "application/atom+xml"
# Entry and feed ids are UUIDs derived from what they name: the same document (or search)
# keeps its id across rebuilds, processes and hosts, as RFC 4287 asks of atom:id.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:news-search")


class _LinkAttributes(BaseEntryExtension):
    """feedgen 1.0.0 writes an entry's links with their href only (python-feedgen #135):
    this feedgen extension puts back the rel, type and title that entry.link() was given."""

    def __init__(self) -> None:
        self.links: list[dict] = []

    def extend_atom(self, entry):
        elements = [el for el in entry if isinstance(el.tag, str) and el.tag.endswith("link")]
        for element, link in zip(elements, self.links, strict=False):
            for name in ("rel", "type", "hreflang", "title", "length"):
                if link.get(name):
                    element.set(name, link[name])
        return entry


def _urn(kind: str, name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{name}')}"


def feed_params(params: SearchParams) -> SearchParams:
    """What a feed answers: the newest matches, whatever page or order was asked for."""
    return replace(params, sort="newest", page=1, per_page=FEED_ENTRIES, interval=None,
                   more=None)


def etag(params: SearchParams) -> str:
    """Changes with the search and with every commit to the index, and only then: it is
    known before the search runs, so an unchanged feed costs no search."""
    generation = engine.health()["generation"]
    args = sorted(params.query_args().items())
    return hashlib.blake2b(repr((generation, args)).encode(), digest_size=12).hexdigest()


def _title(params: SearchParams) -> str:
    parts = [params.q] if params.q else []
    parts += [f"{name} {value}" for name, value in (
        ("section", params.section), ("speaker", params.speaker), ("author", params.author),
        ("agency", params.source), ("language", params.language),
        ("from", params.date_from), ("to", params.date_to)) if value]
    return " · ".join(str(p) for p in parts) or "all articles"


def _plain(snippet: str) -> str:
    """A snippet (escaped HTML, with <mark>) as the text it shows."""
    return unescape(snippet.replace("<mark>", "").replace("</mark>", ""))


def _add_entry(feed: FeedGenerator, hit: Hit, base: str) -> None:
    day = dt.date.fromisoformat(hit.date)
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    entry = feed.add_entry(order="append")
    entry.id(_urn("doc", hit.id))
    entry.title(hit.title or "(untitled)")
    cleaned = base + url_for("views.document", doc_id=hit.id)
    if hit.url:
        entry.link(href=hit.url, rel="alternate", type="text/html")
        entry.link(href=cleaned, rel="related", type="text/html", title="cleaned text")
    else:
        entry.link(href=cleaned, rel="alternate", type="text/html")
    entry.linkattrs.links = entry.link()
    entry.published(when)
    entry.updated(when)
    entry.summary(_plain(hit.snippet))
    if hit.section:
        entry.category(term=hit.section, label=hit.section)
    # who wrote it, by its bylines; an article without one is known by who speaks in it
    for name in hit.authors or hit.speakers:
        entry.author(name=name)


def build_feed(page: SearchPage, updated: dt.datetime) -> bytes:
    """The Atom document of a page of newest-first hits."""
    config = current_app.config
    base = (config.get("PUBLIC_URL") or "").rstrip("/")
    args = page.params.query_args()
    feed = FeedGenerator()
    feed.register_extension("linkattrs", BaseExtension, _LinkAttributes, atom=True, rss=False)
    feed.id(_urn("search", repr(sorted(args.items()))))
    feed.title(f"{config['SITE_NAME']}: {_title(page.params)}")
    # Relative links resolve against the feed's own URL unless PUBLIC_URL says where
    # users reach the service; never the request's Host header.
    feed.link(href=base + url_for("feeds.search_feed", **args), rel="self", type=ATOM)
    feed.link(href=base + url_for("views.search_page", **args), rel="alternate",
              type="text/html")
    feed.author(name=config["SITE_NAME"])
    feed.updated(updated)
    # Atom requires each entry's `updated`: an undated article has none to give, and a
    # made-up one would move it in readers' lists. Dated ones come first when newest first.
    for hit in page.hits:
        if hit.date:
            _add_entry(feed, hit, base)
    return feed.atom_str(pretty=True)


@bp.get("/search.atom")
def search_feed() -> Response:
    params = feed_params(SearchParams.from_args(request.args, current_app.config["LIMITS"]))
    tag = etag(params)
    committed = engine.health()["last_commit"]
    updated = (dt.datetime.fromtimestamp(committed, dt.UTC) if committed
               else dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if request.if_none_match.contains_weak(tag):
        response = Response(status=304)
    else:
        response = Response(build_feed(engine.run_search(params), updated), mimetype=ATOM)
    response.set_etag(tag)
    response.last_modified = updated
    # Readers may keep it, but must ask again: the ETag makes asking cheap.
    response.cache_control.no_cache = True
    return response
