"""One search, in order: parse → guard → filter → match → rank → hits.

Each step is one module, entered once: parse.py reads the typed text, guard.py bounds its
cost, filters.py resolves names and builds the filters, docsets.py finds the matching
documents and counts the facets, ranking.py orders them, hits.py makes the page.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query

from indexer.store.languages import analysis_key
from indexer.store.schema import from_stored

from ..params import BadParam, SearchParams
from . import guard, ranking
from .docsets import Matches, match
from .filters import analysis_keys, build_filter, known_names, resolve_name, resolve_names
from .guard import QueryLimits
from .histogram import date_histogram
from .hits import (
    ALSO_IN,
    CopyRefs,
    MarkedArticle,
    Marks,
    SearchPage,
    make_hit,
    make_record,
    mark_article,
)
from .index import View
from .parse import Parsed, parse
from .suggest import respell

logger = logging.getLogger(__name__)

FACETS = ("section", "speaker", "org", "author", "year", "source", "language")
# Values of a facet listed: its commonest FACET_LIMIT, or FACET_MORE for the one the search
# asks to see in full (`more`): past that a page of links is too long to read, and the
# search should be narrowed.
FACET_LIMIT = 20
FACET_MORE = 1000
DEFAULT_LIMITS = QueryLimits()
# A query that finds fewer documents than this gets a "did you mean".
SUGGEST_BELOW = 3


@dataclass(frozen=True, slots=True)
class Selection:
    """What a search matches before anything is ranked: the query and the documents."""

    parsed: Parsed
    typed: query.Query | None  # None: no words, only filters
    matches: Matches


def select(view: View, params: SearchParams, limits: QueryLimits = DEFAULT_LIMITS,
           facets: Iterable[str] = FACETS) -> Selection:
    """The first steps of every search: parse → guard → filter → match."""
    parsed = parse(params.q, analysis_keys(view, params.language))
    typed = typed_query(view, parsed, limits)
    filter_query = build_filter(view, params)
    return Selection(parsed, typed, match(view, typed, filter_query, facets))


def typed_query(view: View, parsed: Parsed, limits: QueryLimits) -> query.Query | None:
    """The typed query within its limits and with its names resolved; None for no words."""
    bounded = guard.check(parsed, view.searcher.reader(), limits)
    return resolve_names(view, bounded) if bounded is not None else None


def search(view: View, params: SearchParams, limits: QueryLimits = DEFAULT_LIMITS,
           time_budget: float = 2.0) -> SearchPage:
    """Run one search and build its page of hits, facets, timeline and suggestion."""
    started = time.perf_counter()
    searcher = view.searcher
    page = SearchPage(params)

    selection = select(view, params, limits)
    parsed, typed, matches = selection.parsed, selection.typed, selection.matches
    page.total = matches.total
    page.stories = matches.story_total
    page.facets = sorted_facets(matches.facets, params.more)
    page.facet_sizes = {name: len(values) for name, values in matches.facets.items()}
    # Story counts for the values shown only.
    page.facet_stories = {name: {value: matches.facet_stories(name, value, count)
                                 for value, count in items}
                          for name, items in page.facets.items()}
    page.timeline = date_histogram(view, matches.docs, params.interval)
    scored, page.partial = ranking.rank(view, typed, matches, params.sort,
                                        params.page * params.per_page, time_budget,
                                        collapse=params.collapse)
    if page.partial:
        logger.warning("search over its %.1fs budget: %r", time_budget, params.q)
    # What the user typed is marked in snippets, not the feedback words; and snippets are
    # made for the page shown only.
    marks = Marks.of(typed, resolve_name(view, "speaker", params.speaker)
                     if params.speaker else ())
    page.asked_speakers = asked_speakers(view, typed, params)
    offset = (params.page - 1) * params.per_page
    refs = CopyRefs(searcher)
    page.hits = [make_hit(searcher, doc, score, marks, *_copies(view, matches, doc), refs=refs)
                 for doc, score in scored[offset:]]
    # A respelling only while the budget lasts: it is help, not the answer.
    if (typed is not None and page.total < SUGGEST_BELOW
            and time.perf_counter() - started < time_budget / 2):
        page.suggestion = suggest(view, parsed, page.total, limits)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


def _copies(view: View, matches: Matches, docnum: int) -> tuple[int, list[int]]:
    """How many copies of a document's story the search matched, and the others to list
    with it: the earliest first (undated last), at most ALSO_IN."""
    stories = matches.stories
    if stories is None or stories.alone[docnum]:
        return 1, []
    copies = stories.copies(int(stories.codes[docnum]), matches.docs)
    return len(copies), _earliest_first(view, copies[copies != docnum])[:ALSO_IN]


def _earliest_first(view: View, docs: np.ndarray) -> list[int]:
    dates = ranking.date_keys(view)[docs]
    return docs[np.lexsort((ranking.id_ranks(view)[docs], dates, dates == ranking.NO_DATE))
                ].tolist()


def asked_speakers(view: View, typed: query.Query | None,
                    params: SearchParams) -> tuple[str, ...]:
    """The people the search asks about (the speaker filter, `speaker:` terms) that the
    index knows, as it spells them: the page links to each one's quotes."""
    asked = [params.speaker] if params.speaker else []
    if typed is not None:
        for fieldname, text in typed.iter_all_terms():
            if fieldname == "speaker":
                asked.append(text if isinstance(text, str) else text.decode("utf-8"))
    found = (known for name in asked for known in known_names(view, "speaker", name))
    return tuple(dict.fromkeys(found))


def ordered(view: View, selection: Selection, sort: str,
            time_budget: float = 2.0) -> Iterator[tuple[int, float | None]]:
    """Every match of a selection in the order asked for, as (docnum, score).

    Matches the time budget left unscored come last, newest first, with no score: an
    export holds the whole result set even when ranking all of it takes too long.
    """
    matches = selection.matches
    scored, _partial = ranking.rank(view, selection.typed, matches, sort, matches.total,
                                    time_budget)
    yield from scored
    if len(scored) < matches.total:
        rest = matches.docs.copy()
        rest[np.fromiter((d for d, _ in scored), dtype=np.int64, count=len(scored))] = False
        for docnum in ranking.by_date(view, rest, int(np.count_nonzero(rest)), newest=True):
            yield docnum, None


def records(view: View, scored: Iterable[tuple[int, float | None]],
            body: bool = False) -> Iterator[dict[str, Any]]:
    """One flat record per document, its stored fields read as it comes (for exports)."""
    searcher = view.searcher
    for docnum, score in scored:
        yield make_record(searcher, docnum, score, body)


def sorted_facets(counts: dict[str, dict[str, int]],
                   more: str | None = None) -> dict[str, list[tuple[str, int]]]:
    """Facet values by count (years newest first, all of them), at most FACET_LIMIT of
    each, or FACET_MORE of the facet `more`."""
    facets = {}
    for name, values in counts.items():
        if name == "year":
            facets[name] = sorted(values.items(), reverse=True)
        else:
            limit = FACET_MORE if name == more else FACET_LIMIT
            facets[name] = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return facets


def suggest(view: View, parsed: Parsed, total: int, limits: QueryLimits) -> str | None:
    """A respelling of the query that finds more than it did, or None."""

    @functools.cache  # respell weighs options; the winner is not counted again
    def count(text: str) -> int:
        return count_of(view, text, limits, parsed.keys)

    respelled = respell(view.searcher, parsed, count)
    return respelled if respelled is not None and count(respelled) > total else None


def count_of(view: View, text: str, limits: QueryLimits,
             keys: tuple[str, ...] | None = None) -> int:
    """How many documents the query `text` matches (0 for one it cannot run), its words
    read in the analyses `keys` (by default those of every language the index holds)."""
    keys = analysis_keys(view) if keys is None else keys
    try:
        bounded = guard.check(parse(text, keys), view.searcher.reader(), limits)
    except BadParam:
        return 0
    if bounded is None:
        return 0
    return match(view, resolve_names(view, bounded), None, ()).total


def get_document(view: View, doc_id: str) -> dict[str, Any] | None:
    """One document by its id, for the article view, or None."""
    searcher = view.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    article = from_stored(stored)
    return {
        "id": doc_id, "path": article.path, "url": article.url, "title": article.title,
        "body": article.body, "paragraphs": list(article.paragraphs),
        "date": article.date[:10] if article.date else None, "section": article.section,
        "source": article.source, "language": article.language,
        "author": list(article.authors),
        "speakers": [s.to_json() for s in article.speakers],
        "capture": article.capture.to_json() if article.capture else None,
        "story": stored.get("story", ""),
        "site": stored.get("site", ""),
        "copies": story_copies(view, docnum),
    }


def highlight(view: View, doc: dict[str, Any], q: str,
              limits: QueryLimits = DEFAULT_LIMITS) -> MarkedArticle:
    """An article of get_document() with the words of the search `q` marked, as its
    results mark them (phrases where their words stand together, wildcards' words), the
    words read in the article's language."""
    keys = (analysis_key(doc.get("language")),)
    return mark_article(doc, Marks.of(typed_query(view, parse(q, keys), limits)))


def story_copies(view: View, docnum: int) -> list[dict[str, Any]]:
    """Every copy of a document's story in the index, earliest first (this one included),
    each with its length in words, how it differs from this one's, and whether it is the
    earliest (the likely origin: the first dated, and of those the longest, as copies
    drop paragraphs more often than they add them). [] for a story of one copy."""
    stories = view.caches.docsets.stories(view.searcher)
    if stories.alone[docnum]:
        return []
    rows = story_members(view, bytes(stories.ids[stories.codes[docnum]]))
    return mark_copies([row for _key, row in rows],
                       view.searcher.stored_fields(docnum)["id"])


def story_members(view: View, story: bytes) -> list[tuple[tuple, dict[str, Any]]]:
    """The documents of a story, earliest first (undated last, then by id), each as
    (its place in that order, {"id", "url", "site", "date", "title", "words"})."""
    docsets, searcher = view.caches.docsets, view.searcher
    docs = docsets.stories(searcher).copies_of(story, docsets.all_docs(searcher))
    refs = CopyRefs(searcher)
    dates, ids = ranking.date_keys(view), ranking.doc_ids(view)
    rows = []
    for other in docs.tolist():
        stored = searcher.stored_fields(other)
        rows.append((ranking.merge_key("oldest", None, int(dates[other]), bytes(ids[other])),
                     {**refs(other), "title": stored.get("title") or "",
                      "words": len(stored.get("body", "").split())}))
    return sorted(rows, key=lambda row: row[0])


def mark_copies(rows: list[dict[str, Any]], this_id: str) -> list[dict[str, Any]]:
    """Copies of a story, earliest first, marked: which is this one, how many words each
    has more or fewer than it, and which is the likely origin. [] for fewer than two."""
    if len(rows) < 2 or not any(row["id"] == this_id for row in rows):
        return []
    copies = [{**row, "this": row["id"] == this_id} for row in rows]
    words = next(c["words"] for c in copies if c["this"])
    dated = [c for c in copies if c["date"]] or copies
    first_day = dated[0]["date"]
    origin = max((c for c in dated if c["date"] == first_day), key=lambda c: c["words"])
    for c in copies:
        c["difference"] = c["words"] - words
        c["earliest"] = c is origin
    return copies
