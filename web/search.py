"""One search: typed query and filters to a page of ranked, highlighted hits with facets."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any

from whoosh import highlight, query, sorting
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.searching import Searcher

from indexer.schema import SCHEMA, TEXT_ANALYZER

from .params import SearchParams

logger = logging.getLogger(__name__)

# Fields a bare word is looked up in, and their weights on top of the schema's boosts.
TEXT_FIELDS = ("title", "body", "quotes")
FIELD_WEIGHTS = {"title": 1.0, "body": 1.0, "quotes": 0.5}
FACETS = ("section", "speaker", "year")
FACET_LIMIT = 20
SNIPPET_FRAGMENTS = 3
SNIPPET_CHARS = 160


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


def _parser() -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), SCHEMA, fieldboosts=FIELD_WEIGHTS,
                              group=OrGroup.factory(0.9))
    return parser


_PARSER = _parser()
_WORDS = re.compile(r"\w+", re.UNICODE)


def parse_query(text: str) -> query.Query | None:
    """The user's query as a Whoosh query; None for an empty one (match everything)."""
    if not text.strip():
        return None
    parsed = _PARSER.parse(text)
    if parsed is query.NullQuery:
        # Junk syntax parses to nothing: fall back to its plain words.
        words = " ".join(_WORDS.findall(text))
        if not words:
            return None
        parsed = _PARSER.parse(words)
    return parsed.normalize()


def _resolve_names(searcher: Searcher, fieldname: str, value: str) -> str:
    """A user's spelling of a section or speaker to the stored one (case-insensitive)."""
    lowered = value.casefold()
    for term in searcher.lexicon(fieldname):
        name = term.decode("utf-8")
        if name.casefold() == lowered:
            return name
    return value


def _rewrite_terms(q: query.Query, searcher: Searcher) -> query.Query:
    """Make `speaker:` and `section:` terms case-insensitive."""
    if isinstance(q, query.Term) and q.fieldname in ("speaker", "section", "source"):
        return query.Term(q.fieldname, _resolve_names(searcher, q.fieldname, q.text),
                          boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _rewrite_terms(sub, searcher))


def _filter(searcher: Searcher, params: SearchParams) -> query.Query | None:
    parts: list[query.Query] = []
    for fieldname, value in (("section", params.section), ("speaker", params.speaker),
                             ("source", params.source)):
        if value:
            parts.append(query.Term(fieldname, _resolve_names(searcher, fieldname, value)))
    if params.date_from or params.date_to:
        start = dt.datetime.combine(params.date_from, dt.time.min) if params.date_from else None
        end = dt.datetime.combine(params.date_to, dt.time.max) if params.date_to else None
        parts.append(query.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


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


def search(searcher: Searcher, params: SearchParams) -> SearchPage:
    """Run one search and build its page of hits, facets and suggestion."""
    started = time.perf_counter()
    page = SearchPage(params)
    user_query = parse_query(params.q)
    q = _rewrite_terms(user_query, searcher) if user_query is not None else query.Every()
    sortedby = None
    reverse = False
    if params.sort in ("newest", "oldest") or user_query is None:
        sortedby = sorting.FieldFacet("date", reverse=params.sort != "oldest")
    results = searcher.search_page(
        q, params.page, pagelen=params.per_page, filter=_filter(searcher, params),
        sortedby=sortedby, reverse=reverse, groupedby=_facets(), maptype=sorting.Count,
        terms=True,
    )
    page.total = results.total
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.results.fragmenter = fragmenter
    results.results.formatter = _MarkFormatter()
    for hit in results:
        page.hits.append(_hit(hit, user_query is not None and sortedby is None))
    raw = results.results
    for name in FACETS:
        page.facets[name] = _facet_counts(raw, name)
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
    words = _WORDS.findall(text)
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
