"""One search: typed query and filters to a page of ranked, highlighted hits with facets."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any

from whoosh import collectors, highlight, query, sorting
from whoosh.searching import Searcher

from indexer.schema import TEXT_ANALYZER

from .guard import QueryLimits, check_query
from .params import SearchParams
from .query import WORDS, build_filter, parse_query, resolve_terms

logger = logging.getLogger(__name__)

FACETS = ("section", "speaker", "year")
FACET_LIMIT = 20
SNIPPET_FRAGMENTS = 3
SNIPPET_CHARS = 160
DEFAULT_LIMITS = QueryLimits()


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, ready for JSON or a template."""

    id: str
    path: str
    url: str
    title: str
    title_html: str  # escaped, with <mark>
    date: str | None
    section: str | None
    source: str | None
    speakers: list[str]
    score: float | None
    snippet: str  # escaped, with <mark>

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "url": self.url, "title": self.title,
                "date": self.date, "section": self.section, "source": self.source,
                "speakers": self.speakers, "score": self.score, "snippet": self.snippet}


@dataclass(slots=True)
class SearchPage:
    """The answer to one SearchParams."""

    params: SearchParams
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    took_ms: float = 0.0
    partial: bool = False  # the time budget ran out before every match was collected

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.params.per_page))

    @property
    def has_next(self) -> bool:
        return self.params.page < self.page_count


class _MarkFormatter(highlight.HtmlFormatter):
    """Bare <mark> around matches; everything else HTML-escaped."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def snippet(text: str, words: set[str], top: int = SNIPPET_FRAGMENTS) -> str:
    """Fragments of `text` around `words` (analysed terms), escaped, matches in <mark>."""
    return highlight.highlight(
        text, frozenset(words), TEXT_ANALYZER,
        highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60), _MarkFormatter(),
        top=top,
    )


def _facets() -> dict[str, sorting.FacetType]:
    return {
        "section": sorting.FieldFacet("section"),
        "speaker": sorting.FieldFacet("speaker", allow_overlap=True),
        "year": sorting.FieldFacet("year"),
    }


def _facet_counts(results: Any, name: str) -> list[tuple[str, int]]:
    counts = results.groups(name)
    items = [(k.decode() if isinstance(k, bytes) else k, v) for k, v in counts.items() if k]
    if name == "year":
        return sorted(items, reverse=True)
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]


def search(searcher: Searcher, params: SearchParams,
           limits: QueryLimits = DEFAULT_LIMITS, time_budget: float = 2.0) -> SearchPage:
    """Run one search and build its page of hits, facets and suggestion."""
    started = time.perf_counter()
    page = SearchPage(params)
    user_query = parse_query(params.q)
    if user_query is not None:
        check_query(user_query, searcher, limits)
    q = resolve_terms(user_query, searcher) if user_query is not None else query.Every()
    sortedby = None
    if params.sort in ("newest", "oldest") or user_query is None:
        sortedby = sorting.FieldFacet("date", reverse=params.sort != "oldest")
    collector = searcher.collector(
        limit=params.page * params.per_page, sortedby=sortedby, groupedby=_facets(),
        filter=build_filter(searcher, params), terms=True, maptype=sorting.Count,
    )
    # No SIGALRM: searches run in server threads. The collector stops at the budget and
    # the hits found so far are returned, flagged partial.
    timed = collectors.TimeLimitCollector(collector, timelimit=time_budget, use_alarm=False)
    try:
        searcher.search_with_collector(q, timed)
    except collectors.TimeLimit:
        page.partial = True
        logger.warning("search over its %.1fs budget: %r", time_budget, params.q)
    results = timed.results()
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.formatter = _MarkFormatter()
    page.total = len(results)
    scored = user_query is not None and sortedby is None
    offset = (params.page - 1) * params.per_page
    for hit in results[offset:offset + params.per_page]:
        page.hits.append(_hit(hit, scored))
    for name in FACETS:
        page.facets[name] = _facet_counts(results, name)
    if user_query is not None and page.total < 3:
        page.suggestion = suggest(searcher, params.q)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


def _hit(hit: Any, scored: bool) -> Hit:
    stored = hit.fields()
    body = stored.get("body", "")
    snippet = hit.highlights("body", top=SNIPPET_FRAGMENTS) if body else ""
    if not snippet:
        snippet = escape(_lead(body), quote=False)
    title = stored.get("title", "")
    title_html = hit.highlights("title", text=title, top=1) if title else ""
    if not title_html or len(_strip_marks(title_html)) < len(title) - 3:
        title_html = escape(title, quote=False)
    date = stored.get("date")
    return Hit(
        id=stored.get("id", ""),
        path=stored.get("path", ""),
        url=stored.get("url", ""),
        title=title,
        title_html=title_html,
        date=date.date().isoformat() if date else None,
        section=stored.get("section"),
        source=stored.get("source"),
        speakers=[s for s in stored.get("speaker", "").split(",") if s],
        score=round(hit.score, 4) if scored and hit.score is not None else None,
        snippet=snippet,
    )


def _strip_marks(text: str) -> str:
    return text.replace("<mark>", "").replace("</mark>", "")


def _lead(body: str) -> str:
    """The first sentences of the body, for hits without matches in it."""
    if len(body) <= SNIPPET_CHARS * 2:
        return body
    cut = body.rfind(" ", 0, SNIPPET_CHARS * 2)
    return body[: cut if cut > 0 else SNIPPET_CHARS * 2] + " …"


def suggest(searcher: Searcher, text: str) -> str | None:
    """A respelling of the query from the index's own terms, or None."""
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
        fix = corrector.suggest(lowered, limit=1, maxdist=2)
        if fix:
            out.append(fix[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


def get_document(searcher: Searcher, doc_id: str) -> dict[str, Any] | None:
    """The stored fields of one document by its id, or None."""
    stored = searcher.document(id=doc_id)
    if not stored:
        return None
    date = stored.get("date")
    return {
        "id": stored.get("id"), "path": stored.get("path"), "url": stored.get("url"),
        "title": stored.get("title"), "body": stored.get("body", ""),
        "paragraphs": [p for p in stored.get("body", "").split("\n\n") if p],
        "date": date.date().isoformat() if date else None, "section": stored.get("section"),
        "source": stored.get("source"), "speakers": stored.get("speaker_quotes", []),
    }

