"""One search, in order: parse → guard → filter → match → rank → hits.

Each step is one module, entered once: parse.py reads the typed text, guard.py bounds its
cost, filters.py resolves names and builds the filters, docsets.py finds the matching
documents and counts the facets, ranking.py orders them, hits.py makes the page.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from indexer.store.schema import from_stored

from ..params import BadParam, SearchParams
from . import guard, ranking
from .docsets import match
from .filters import build_filter, resolve_name, resolve_names
from .guard import QueryLimits
from .hits import Marks, SearchPage, make_hit
from .index import View
from .parse import Parsed, parse
from .suggest import respell

logger = logging.getLogger(__name__)

FACETS = ("section", "speaker", "org", "year", "source")
FACET_LIMIT = 20
DEFAULT_LIMITS = QueryLimits()
# A query that finds fewer documents than this gets a "did you mean".
SUGGEST_BELOW = 3


def search(view: View, params: SearchParams, limits: QueryLimits = DEFAULT_LIMITS,
           time_budget: float = 2.0) -> SearchPage:
    """Run one search and build its page of hits, facets and suggestion."""
    started = time.perf_counter()
    searcher = view.searcher
    page = SearchPage(params)

    parsed = parse(params.q)
    bounded = guard.check(parsed, searcher.reader(), limits)
    typed = resolve_names(view, bounded) if bounded is not None else None
    filter_query = build_filter(view, params)
    matches = match(view, typed, filter_query, FACETS)
    page.total = matches.total
    page.facets = _sorted_facets(matches.facets)
    scored, page.partial = ranking.rank(view, typed, matches, params.sort,
                                        params.page * params.per_page, time_budget)
    if page.partial:
        logger.warning("search over its %.1fs budget: %r", time_budget, params.q)
    # What the user typed is marked in snippets, not the feedback words; and snippets are
    # made for the page shown only.
    marks = Marks.of(typed, resolve_name(view, "speaker", params.speaker)
                     if params.speaker else ())
    offset = (params.page - 1) * params.per_page
    page.hits = [make_hit(searcher, doc, score, marks) for doc, score in scored[offset:]]
    # A respelling only while the budget lasts: it is help, not the answer.
    if (typed is not None and page.total < SUGGEST_BELOW
            and time.perf_counter() - started < time_budget / 2):
        page.suggestion = suggest(view, parsed, page.total, limits)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


def _sorted_facets(counts: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Facet values by count (years newest first), at most FACET_LIMIT of each."""
    facets = {}
    for name, values in counts.items():
        if name == "year":
            facets[name] = sorted(values.items(), reverse=True)
        else:
            facets[name] = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
    return facets


def suggest(view: View, parsed: Parsed, total: int, limits: QueryLimits) -> str | None:
    """A respelling of the query that finds more than it did, or None."""

    def count(text: str) -> int:
        try:
            bounded = guard.check(parse(text), view.searcher.reader(), limits)
        except BadParam:
            return 0
        if bounded is None:
            return 0
        return match(view, resolve_names(view, bounded), None, ()).total

    respelled = respell(view.searcher, parsed, count)
    return respelled if respelled is not None and count(respelled) > total else None


def get_document(view: View, doc_id: str) -> dict[str, Any] | None:
    """One document by its id, for the article view, or None."""
    stored = view.searcher.document(id=doc_id)
    if not stored:
        return None
    article = from_stored(stored)
    return {
        "id": doc_id, "path": article.path, "url": article.url, "title": article.title,
        "body": article.body, "paragraphs": list(article.paragraphs),
        "date": article.date[:10] if article.date else None, "section": article.section,
        "source": article.source,
        "speakers": [{"name": s.name, "kind": s.kind, "quotes": list(s.quotes)}
                     for s in article.speakers],
        "capture": article.capture.to_json() if article.capture else None,
    }
