"""One search: typed query and filters to a page of ranked, highlighted hits with facets."""

from __future__ import annotations

import heapq
import logging
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any

from whoosh import collectors, highlight, query
from whoosh.searching import Searcher

from indexer.store.schema import TEXT_ANALYZER

from . import fastrank
from .docsets import DocSets
from .guard import QueryLimits, check_query, check_text
from .params import SearchParams
from .query import (
    TEXT_FIELDS,
    WORDS,
    build_filter,
    clean_text,
    parse_query,
    resolve_names,
    tree_unions,
    with_feedback,
)

logger = logging.getLogger(__name__)

FACETS = ("section", "speaker", "year", "source")
MULTI_VALUED = ("speaker",)
FACET_LIMIT = 20
SNIPPET_FRAGMENTS = 3
SNIPPET_CHARS = 160
# Paragraphs looked at for a snippet: highlighting re-analyses text, so not the whole body.
SNIPPET_PARAGRAPHS = 6
DEFAULT_LIMITS = QueryLimits()
_NO_DATE = 2**64 - 1  # what the date column holds for a document without a date
# Fewer documents than this with every query word: rank the documents with any of them.
MIN_ALL_WORDS = 10
_HIGHLIGHTED = ("title", "body", "quotes")


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
    partial: bool = False  # the time budget ran out before every match was scored

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


def _highlight(text: str, terms: frozenset[str], fragmenter: highlight.Fragmenter,
               top: int) -> str:
    return highlight.highlight(text, terms, TEXT_ANALYZER, fragmenter, _MarkFormatter(),
                               top=top)


def snippet(text: str, words: set[str] | frozenset[str], top: int = SNIPPET_FRAGMENTS) -> str:
    """Fragments of `text` around `words` (analysed terms), escaped, matches in <mark>."""
    terms = frozenset(words)
    paragraphs = text.split("\n\n")
    if len(paragraphs) > SNIPPET_PARAGRAPHS:
        # Porter stems are nearly always prefixes of the word: a cheap pre-filter.
        stems = [t[:4] for t in terms]
        likely = [p for p in paragraphs if any(s in p.lower() for s in stems)]
        text = "\n\n".join(likely[:SNIPPET_PARAGRAPHS]) or text
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    return _highlight(text, terms, fragmenter, top)


def highlight_title(title: str, terms: frozenset[str]) -> str:
    """The whole title, escaped, with matches in <mark>."""
    marked = _highlight(title, terms, highlight.WholeFragmenter(), 1) if terms else ""
    return marked or escape(title, quote=False)


def _lead(body: str) -> str:
    """The first sentences of the body, for hits without matches in it."""
    if len(body) <= SNIPPET_CHARS * 2:
        return escape(body, quote=False)
    cut = body.rfind(" ", 0, SNIPPET_CHARS * 2)
    return escape(body[: cut if cut > 0 else SNIPPET_CHARS * 2], quote=False) + " …"


def _query_terms(q: query.Query | None) -> frozenset[str]:
    """The analysed words of the query's text fields (what snippets mark)."""
    if q is None:
        return frozenset()
    return frozenset(text if isinstance(text, str) else text.decode("utf-8")
                     for fieldname, text in q.iter_all_terms() if fieldname in _HIGHLIGHTED)


def _speaker_names(q: query.Query | None, params: SearchParams) -> frozenset[str]:
    """Speakers the search is about (`speaker:` terms and the speaker filter)."""
    names = {params.speaker.casefold()} if params.speaker else set()
    if q is not None:
        names.update(text.casefold() for fieldname, text in q.iter_all_terms()
                     if fieldname == "speaker" and isinstance(text, str))
    return frozenset(names)


def _quote_snippet(stored: dict[str, Any], speakers: frozenset[str],
                   terms: frozenset[str]) -> str:
    """What the searched-for speakers said, with the query's words marked."""
    for speaker in stored.get("speaker_quotes", []):
        if speaker["name"].casefold() in speakers and speaker["quotes"]:
            said = "\n\n".join(speaker["quotes"])
            marked = snippet(said, terms) if terms else ""
            return escape(speaker["name"], quote=False) + ": " + (marked or _lead(said))
    return ""


def _hit(searcher: Searcher, docnum: int, score: float | None,
         terms: frozenset[str], speakers: frozenset[str] = frozenset()) -> Hit:
    stored = searcher.stored_fields(docnum)
    body = stored.get("body", "")
    quoted = _quote_snippet(stored, speakers, terms) if speakers else ""
    title = stored.get("title", "")
    date = stored.get("date")
    return Hit(
        id=stored.get("id", ""),
        path=stored.get("path", ""),
        url=stored.get("url", ""),
        title=title,
        title_html=highlight_title(title, terms),
        date=date.date().isoformat() if date else None,
        section=stored.get("section"),
        source=stored.get("source"),
        speakers=[s for s in stored.get("speaker", "").split(",") if s],
        score=round(score, 4) if score is not None else None,
        snippet=quoted or (snippet(body, terms) if terms and body else "") or _lead(body),
    )


def _by_date(searcher: Searcher, docs: frozenset[int], k: int, newest: bool) -> list[int]:
    """The k newest (or oldest) of docs; undated documents last."""
    column = searcher.reader().column_reader("date", translate=False)
    if newest:
        return heapq.nlargest(k, docs, key=lambda d: (v if (v := column[d]) != _NO_DATE else -1,
                                                      -d))
    return heapq.nsmallest(k, docs, key=lambda d: (column[d], d))


def _every_word_docs(searcher: Searcher, docsets: DocSets, q: query.Query,
                     allowed: frozenset[int] | None) -> frozenset[int] | None:
    """The documents with every typed word, when there are enough of them; else None.

    Any-word matching keeps long natural-language questions from failing, but scoring a
    union is the slowest thing a search does, and documents with every typed word are
    what a short query asks for. The query stays as it is (the same scores); only the
    documents it may rank are narrowed.
    """
    if not isinstance(q, query.Or) or len(q.subqueries) < 2:
        return None
    # The parser gives one clause per word and field: title:bank, body:bank, title:rate...
    words: dict[object, list[query.Query]] = {}
    for sub in q.subqueries:
        word = getattr(sub, "text", None) or tuple(getattr(sub, "words", ()))
        if not word or sub.fieldname not in TEXT_FIELDS:
            return None
        words.setdefault(word, []).append(sub)
    if len(words) < 2:
        return None
    sets = sorted((docsets.query_docs(searcher, query.Or(subs)) for subs in words.values()),
                  key=len)
    docs = sets[0].intersection(*sets[1:])
    if allowed is not None:
        docs = docs & allowed
    # A fixed threshold, not the page asked for: every page of a search has the same total.
    return docs if len(docs) >= MIN_ALL_WORDS else None


def _ranked(searcher: Searcher, q: query.Query, allowed: frozenset[int] | None, k: int,
            time_budget: float, fast: bool = True) -> tuple[list[tuple[int, float]], bool]:
    """The k best-scoring matches as (docnum, score), and whether time ran out.

    Flat word queries are ranked with numpy (`fastrank`, the same scores as Whoosh);
    anything else, or `fast=False`, by Whoosh's collector.
    """
    if fast:
        try:
            ranked = fastrank.rank(searcher, q, k, allowed)
        except Exception:  # never worse than Whoosh: log and fall back
            logger.exception("fastrank failed for %r", q)
            ranked = None
        if ranked is not None:
            return ranked, False
    collector = searcher.collector(limit=k, filter=set(allowed) if allowed is not None else None)
    # No SIGALRM: searches run in server threads. At the budget the collector stops and the
    # hits scored so far are returned, flagged partial.
    timed = collectors.TimeLimitCollector(collector, timelimit=time_budget, use_alarm=False)
    partial = False
    try:
        searcher.search_with_collector(q, timed)
    except collectors.TimeLimit:
        partial = True
    results = timed.results()
    return [(hit.docnum, hit.score) for hit in results[:k]], partial


def search(searcher: Searcher, params: SearchParams, limits: QueryLimits = DEFAULT_LIMITS,
           time_budget: float = 2.0, docsets: DocSets | None = None) -> SearchPage:
    """Run one search and build its page of hits, facets and suggestion."""
    started = time.perf_counter()
    if docsets is None:
        docsets = DocSets(searcher.reader().generation(), MULTI_VALUED)
    page = SearchPage(params)
    check_text(clean_text(params.q))
    user_query = parse_query(params.q)
    if user_query is not None:
        check_query(user_query, searcher, limits)
    q = resolve_names(user_query, searcher) if user_query is not None else query.Every()

    filter_query = build_filter(searcher, params)
    allowed = docsets.query_docs(searcher, filter_query) if filter_query is not None else None
    typed = q
    matched = _every_word_docs(searcher, docsets, q, allowed)
    if matched is not None:
        allowed = matched  # rank among them only
    else:
        if user_query is not None:
            # Questions get feedback words from their best hits; they may add a few matches.
            q = with_feedback(q, searcher)
        matched = docsets.query_docs(searcher, q)
        if allowed is not None:
            matched = matched & allowed
    q = tree_unions(q)
    page.total = len(matched)
    for name in FACETS:
        counts = docsets.facet_counts(searcher, name, matched)
        if name == "year":
            page.facets[name] = sorted(counts.items(), reverse=True)
        else:
            page.facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
                :FACET_LIMIT]

    k = params.page * params.per_page
    offset = (params.page - 1) * params.per_page
    if user_query is None or params.sort != "relevance":
        docs = _by_date(searcher, matched, k, newest=params.sort != "oldest")
        scored: list[tuple[int, float | None]] = [(d, None) for d in docs]
    elif page.total:
        scored, page.partial = _ranked(searcher, q, allowed, k, time_budget)
        if page.partial:
            logger.warning("search over its %.1fs budget: %r", time_budget, params.q)
    else:
        scored = []
    # what the user typed is marked in snippets, not the feedback words
    terms = _query_terms(typed if user_query is not None else None)
    speakers = _speaker_names(typed if user_query is not None else None, params)
    page.hits = [_hit(searcher, doc, score, terms, speakers) for doc, score in scored[offset:]]
    if user_query is not None and page.total < 3:
        page.suggestion = suggest(searcher, params.q)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


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
        # prefix=1: only words with the same first letter; scanning the whole vocabulary
        # costs seconds on a large index.
        fix = corrector.suggest(lowered, limit=1, maxdist=2, prefix=1)
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
    body = stored.get("body", "")
    return {
        "id": stored.get("id"), "path": stored.get("path"), "url": stored.get("url"),
        "title": stored.get("title"), "body": body,
        "paragraphs": [p for p in body.split("\n\n") if p],
        "date": date.date().isoformat() if date else None, "section": stored.get("section"),
        "source": stored.get("source"), "speakers": stored.get("speaker_quotes", []),
    }
