"""One search, in order: parse → guard → filter → match → rank → hits.

Each step is one module, entered once: parse.py reads the typed text, guard.py bounds its
cost, filters.py resolves names and builds the filters, docsets.py finds the matching
documents and counts the facets, ranking.py orders them, hits.py makes the page.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
from whoosh import query

from indexer.store.schema import TEXT_ANALYZER, from_stored

from ..params import SearchParams
from . import guard, ranking
from .filters import build_filter, resolve_names
from .guard import QueryLimits
from .hits import Marks, SearchPage, make_hit
from .index import View
from .parse import WORDS, parse

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
    searcher, docsets = view.searcher, view.caches.docsets
    page = SearchPage(params)

    parsed = parse(params.q)
    guard.check(parsed, searcher.reader(), limits)
    typed = resolve_names(view, parsed.query) if parsed.query is not None else None

    filter_query = build_filter(view, params)
    allowed = docsets.query_docs(searcher, filter_query) if filter_query is not None else None

    q = typed if typed is not None else query.Every()
    matched = ranking.every_word_docs(view, q, allowed)
    if matched is not None:
        allowed = matched  # rank among them only
    else:
        if typed is not None:
            # Questions get feedback words from their best hits; they may add a few matches.
            q = ranking.with_feedback(view, q)
        matched = docsets.query_docs(searcher, q)
        if allowed is not None:
            matched &= allowed
    page.total = int(np.count_nonzero(matched))
    page.facets = _facets(view, matched)

    k = params.page * params.per_page
    if typed is None or params.sort != "relevance":
        docs = ranking.by_date(view, matched, k, newest=params.sort != "oldest")
        scored: list[tuple[int, float | None]] = [(d, None) for d in docs]
    elif page.total:
        scored, page.partial = ranking.top_scored(view, ranking.tree_unions(q), allowed, k,
                                                  time_budget)
        if page.partial:
            logger.warning("search over its %.1fs budget: %r", time_budget, params.q)
    else:
        scored = []
    # What the user typed is marked in snippets, not the feedback words; and snippets are
    # made for the page shown only.
    marks = Marks.of(typed, params)
    offset = (params.page - 1) * params.per_page
    page.hits = [make_hit(searcher, doc, score, marks) for doc, score in scored[offset:]]
    if typed is not None and page.total < SUGGEST_BELOW:
        page.suggestion = suggest(view, parsed.text)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


def _facets(view: View, matched: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    """Counts of each facet's values over the whole result set (years newest first)."""
    facets = {}
    for name in FACETS:
        counts = view.caches.docsets.facet_counts(view.searcher, name, matched)
        if name == "year":
            facets[name] = sorted(counts.items(), reverse=True)
        else:
            facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]
    return facets


def suggest(view: View, text: str) -> str | None:
    """A respelling of the query from the index's own terms, or None."""
    searcher = view.searcher
    words = WORDS.findall(text)
    if not words or len(words) > 8:
        return None
    corrector = searcher.corrector("body")
    changed = False
    out = []
    for word in words:
        lowered = word.lower()
        terms = [t.text for t in TEXT_ANALYZER(lowered)]
        if not terms or any(searcher.doc_frequency("body", t) for t in terms):
            out.append(word)  # a stop word, or a word the index knows
            continue
        # prefix=1: only words with the same first letter; scanning the whole vocabulary
        # costs seconds on a large index.
        fix = corrector.suggest(lowered, limit=1, maxdist=2, prefix=1)
        if fix:
            out.append(fix[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


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
    }
