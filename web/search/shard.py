"""One search on one shard of the index, in the three steps a fan-out over shards needs.

A shard that ranks with its own statistics ranks differently from the whole index: a word
rare in one shard is common in another. So a search that runs on each shard apart (on a
cluster, each shard opened near its files) goes in three steps, each sent to every shard
at once:

1. `prepare`: what the query asks of the statistics: each of its terms' document
   frequencies, the documents and the field lengths, and how many documents have every
   typed word. The caller adds these up into GlobalStats.
2. `rank`: the matches with the whole index's statistics (`StatsSearcher`), so each
   document scores what it scores in the whole index; the shard's first k in the order
   asked for, its facet counts, its matched stories and its matches' days.
3. `page`: the hits for the documents the merge kept, the copies of their stories, the
   story counts of the facet values shown, a respelling.

A question (ranking.with_feedback) asks two more between 1 and 2: `feedback_sample`, the
shard's best hits with the words of their leads, and `frequencies`, those words' document
frequencies. fanout.py chooses the feedback words from them, as the whole index would, and
hands them to `rank`.

fanout.py adds the answers up. The same pipeline steps run here as in a local search.
Every shard reads the query in the same languages (`keys`): those of every language some
shard holds, which step 1 reports and fanout.py passes on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query

from indexer.store.schema import SCHEMA

from ..params import SearchParams
from . import pipeline, ranking
from .docsets import MIN_ALL_WORDS, Matches, every_word_docs, match
from .filters import analysis_keys, build_filter, resolve_name
from .guard import QueryLimits
from .histogram import day_counts
from .hits import CopyRefs, Marks, make_hit
from .index import Index, IndexUnavailable, View
from .parse import TEXT_FIELDS, Parsed, parse
from .ranking import WEIGHTING
from .stats import GlobalStats, StatsSearcher

_SCORED_FIELDS = tuple(name for name, f in SCHEMA.items() if f.scorable)
# Searches between a step 2 and its step 3 that a shard keeps the view of.
KEPT_SEARCHES = 64


# Step 1

@dataclass(frozen=True, slots=True)
class Prepared:
    """What one shard tells about a query before anything is ranked."""

    key: tuple  # the shard's generation
    shards: int  # how many shards its layout has (a rebuild may change it)
    documents: int
    lengths: dict[str, int]
    df: dict[tuple[str, bytes], int]
    every_word: int | None  # documents with every typed word; None: not that kind of query
    keys: tuple[str, ...] = ()  # the analyses the query was read in
    held: tuple[str, ...] = ()  # the analyses of the languages this shard holds
    question: bool = False  # a question: ranked with feedback words (ranking.with_feedback)


def prepare(view: View, params: SearchParams, limits: QueryLimits, shards: int,
            keys: tuple[str, ...] | None = None) -> Prepared:
    """The statistics of the query's terms in this shard, read in the analyses `keys`
    (None: those of the shard's own languages) (raises BadParam)."""
    searcher = view.searcher
    reader = searcher.reader()
    held = analysis_keys(view, params.language)
    keys = held if keys is None else keys
    typed = pipeline.typed_query(view, parse(params.q, keys), limits)
    df: dict[tuple[str, bytes], int] = {}
    every = None
    if typed is not None:
        df = frequencies(view, typed.iter_all_terms())
        filter_query = build_filter(view, params)
        allowed = (view.caches.docsets.query_docs(searcher, filter_query)
                   if filter_query is not None else None)
        found = every_word_docs(searcher, view.caches.docsets, typed, allowed)
        every = int(np.count_nonzero(found)) if found is not None else None
    return Prepared(view.caches.key, shards, reader.doc_count_all(),
                    {f: reader.field_length(f) for f in _SCORED_FIELDS}, df, every, keys, held,
                    ranking.question_words(typed) is not None)


def frequencies(view: View, terms: Iterable[tuple[str, str | bytes]]
                ) -> dict[tuple[str, bytes], int]:
    """This shard's document frequency of each term, in every text field for a text
    field's term (the idf reads the largest of them)."""
    reader = view.searcher.reader()
    df: dict[tuple[str, bytes], int] = {}
    for fieldname, text in terms:
        btext = text if isinstance(text, bytes) else text.encode("utf-8")
        for f in TEXT_FIELDS if fieldname in TEXT_FIELDS else (fieldname,):
            if (f, btext) not in df:
                df[(f, btext)] = reader.doc_frequency(f, btext)
    return df


def merged_keys(answers: list[Prepared]) -> tuple[str, ...]:
    """The analyses of every language some shard holds, English first (as
    filters.analysis_keys orders them)."""
    held = {key for answer in answers for key in answer.held}
    first = list(answers[0].held[:1]) if answers else []
    return (*first, *sorted(held - set(first)))


def merge_prepared(answers: list[Prepared]) -> tuple[GlobalStats, bool | None]:
    """The whole index's statistics, and whether the search keeps to documents with every
    typed word (as a local search decides it, on the whole index's count)."""
    df: dict[tuple[str, bytes], int] = {}
    lengths: dict[str, int] = {}
    for answer in answers:
        for term, n in answer.df.items():
            df[term] = df.get(term, 0) + n
        for f, n in answer.lengths.items():
            lengths[f] = lengths.get(f, 0) + n
    stats = GlobalStats(tuple(a.key for a in answers), sum(a.documents for a in answers),
                        lengths, df)
    counts = [a.every_word for a in answers if a.every_word is not None]
    every_word = sum(counts) >= MIN_ALL_WORDS if counts else None
    return stats, every_word


def stats_view(view: View, stats: GlobalStats) -> View:
    """The shard's view, scored with the whole index's statistics. It keeps the shard's
    caches: none of them depends on the statistics (fastrank keys its scores by the idf
    and the average length they were made with)."""
    searcher = StatsSearcher(view.searcher.reader(), WEIGHTING, stats=stats)
    return View(searcher, view.caches, 1, view.opened)


# Step 2

@dataclass(slots=True)
class Ranked:
    """One shard's answer to a search, before its hits are made."""

    total: int
    # The shard's first k in the order asked for: (sort key, docnum, story id, score)
    top: list[tuple[tuple, int, bytes, float | None]]
    facets: dict[str, dict[str, int]]
    stories: tuple[np.ndarray, np.ndarray]  # matched story ids (S16) and copies of each
    alone: int  # matched documents without a story id
    days: tuple[np.ndarray, np.ndarray]  # day ordinals of dated matches and their counts
    asked_speakers: tuple[str, ...]
    partial: bool  # the time budget ran out


@dataclass(frozen=True, slots=True)
class Matched:
    """What step 2 found, which step 3 reads again: the view, the query, the matches."""

    view: View
    parsed: Parsed
    typed: query.Query | None
    matches: Matches


def feedback_sample(view: View, params: SearchParams, limits: QueryLimits,
                    keys: tuple[str, ...]) -> tuple[list[str], list[ranking.FeedbackHit]]:
    """A question's typed words and this shard's best hits for its feedback words (its
    view scored with global statistics); nothing for another query."""
    typed = pipeline.typed_query(view, parse(params.q, keys), limits)
    words = ranking.question_words(typed)
    if words is None:
        return [], []
    return words, ranking.feedback_sample(view, typed)


def rank(view: View, params: SearchParams, limits: QueryLimits, time_budget: float,
         every_word: bool | None, k: int, keys: tuple[str, ...],
         feedback: list[tuple[float, str]] | None = None) -> tuple[Ranked, Matched]:
    """Match and rank on this shard (its view scored with global statistics); a question
    with the whole index's `feedback` words (ranking.with_feedback)."""
    parsed = parse(params.q, keys)
    typed = pipeline.typed_query(view, parsed, limits)
    matches = match(view, typed, build_filter(view, params), pipeline.FACETS,
                    every_word=every_word)
    scored, partial = ranking.rank(view, typed, matches, params.sort, k, time_budget,
                                   collapse=params.collapse, feedback=feedback)
    days = ranking.date_keys(view)
    ids = ranking.doc_ids(view)
    table = matches.stories
    top = []
    for docnum, score in scored:
        story = bytes(table.ids[table.codes[docnum]])
        top.append((ranking.merge_key(params.sort, score, int(days[docnum]), bytes(ids[docnum])),
                    docnum, story, score))
    docs = np.flatnonzero(matches.docs)
    story_ids = table.ids[table.codes[docs]]
    named = story_ids != b""
    values, counts = np.unique(story_ids[named], return_counts=True)
    return Ranked(
        total=len(docs), top=top, facets=matches.facets, stories=(values, counts),
        alone=int(np.count_nonzero(~named)),
        days=day_counts(view, matches.docs),
        asked_speakers=pipeline.asked_speakers(view, typed, params),
        partial=partial), Matched(view, parsed, typed, matches)


# Step 3

@dataclass(slots=True)
class Paged:
    """One shard's part of the page: hits, its copies of their stories, facet stories."""

    hits: dict[int, Any] = field(default_factory=dict)  # docnum -> Hit
    copies: dict[bytes, list[tuple[tuple, dict[str, Any]]]] = field(default_factory=dict)
    facet_stories: dict[str, dict[str, int]] = field(default_factory=dict)
    # of the stories with copies in other shards too, those carrying each facet value shown
    shared_stories: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    suggestion: str | None = None
    suggestion_total: int = 0


def page(matched: Matched, params: SearchParams, limits: QueryLimits,
         docs: list[tuple[int, float | None]], stories: list[bytes],
         facet_values: dict[str, list[str]], suggest: bool,
         shared: np.ndarray | None = None) -> Paged:
    """The hits of `docs` (docnum, score), every matched copy of `stories` here (sort key by
    date, ref), the story counts of the facet values shown, and a respelling if asked.
    `shared`: the ids of the matched stories that other shards have copies of too, whose
    facet values the caller needs to count each story once."""
    view, typed, matches = matched.view, matched.typed, matched.matches
    searcher = view.searcher
    out = Paged()
    marks = Marks.of(typed, resolve_name(view, "speaker", params.speaker)
                     if params.speaker else ())
    for docnum, score in docs:
        out.hits[docnum] = make_hit(searcher, docnum, score, marks)
    out.copies = _copies(view, matches, stories)
    out.facet_stories = {name: {value: matches.facet_stories(
        name, value, matches.facets.get(name, {}).get(value, 0)) for value in values}
        for name, values in facet_values.items()}
    if shared is not None and len(shared):
        table = matches.stories
        in_shared = np.flatnonzero(matches.docs & np.isin(table.codes, table.codes_of(shared)))
        out.shared_stories = {name: view.caches.docsets.facet_stories_by_value(
            searcher, name, in_shared, set(values)) for name, values in facet_values.items()}
    if suggest and typed is not None:
        out.suggestion = pipeline.suggest(view, matched.parsed, 0, limits)
        if out.suggestion is not None:
            out.suggestion_total = pipeline.count_of(view, out.suggestion, limits,
                                                     matched.parsed.keys)
    return out


def _copies(view: View, matches: Matches, stories: list[bytes]) -> dict[bytes, list]:
    refs = CopyRefs(view.searcher)
    days, ids = ranking.date_keys(view), ranking.doc_ids(view)
    out = {}
    for story in stories:
        docs = matches.stories.copies_of(story, matches.docs)
        if len(docs):
            out[story] = [(ranking.merge_key("oldest", None, int(days[d]), bytes(ids[d])),
                           refs(int(d))) for d in docs.tolist()]
    return out


class ShardSearcher:
    """One shard of an index, searched apart: the three steps, an article, its marks.

    A search's steps 2 and 3 must see the same commit (step 3 names documents by the
    numbers step 2 gave), so what step 2 matched is kept, by the search's id, for step 3.
    """

    def __init__(self, index_dir: str, shard: int) -> None:
        self.shard = shard
        self.index = Index(index_dir, shard=shard)
        self._matched: OrderedDict[str, Matched] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(self, params: SearchParams, limits: QueryLimits,
                keys: tuple[str, ...] | None = None) -> Prepared:
        view = self.index.view()
        return prepare(view, params, limits, view.shard_count, keys)

    def feedback_sample(self, params: SearchParams, limits: QueryLimits, stats: GlobalStats,
                        keys: tuple[str, ...]) -> tuple[list[str], list[ranking.FeedbackHit]]:
        return feedback_sample(stats_view(self.index.view(), stats), params, limits, keys)

    def frequencies(self, words: list[str]) -> dict[tuple[str, bytes], int]:
        return frequencies(self.index.view(), (("body", word) for word in words))

    def rank(self, search_id: str, params: SearchParams, limits: QueryLimits,
             time_budget: float, stats: GlobalStats, every_word: bool | None,
             k: int, keys: tuple[str, ...],
             feedback: list[tuple[float, str]] | None = None) -> Ranked:
        ranked, matched = rank(stats_view(self.index.view(), stats), params, limits,
                               time_budget, every_word, k, keys, feedback)
        with self._lock:
            self._matched[search_id] = matched
            while len(self._matched) > KEPT_SEARCHES:
                self._matched.popitem(last=False)
        return ranked

    def page(self, search_id: str, params: SearchParams, limits: QueryLimits,
             docs: list[tuple[int, float | None]], stories: list[bytes],
             facet_values: dict[str, list[str]], suggest: bool,
             shared: np.ndarray | None = None) -> Paged:
        with self._lock:
            matched = self._matched.pop(search_id, None)
        if matched is None:  # step 2 ran too long ago
            raise IndexUnavailable(f"shard {self.shard} no longer holds search {search_id}")
        return page(matched, params, limits, docs, stories, facet_values, suggest, shared)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return pipeline.get_document(self.index.view(), doc_id)

    def story_members(self, story: bytes) -> list[tuple[tuple, dict[str, Any]]]:
        return pipeline.story_members(self.index.view(), story)

    def marked(self, doc: dict[str, Any], q: str, limits: QueryLimits):
        return pipeline.highlight(self.index.view(), doc, q, limits)

    def health(self) -> tuple[tuple, int, float | None]:
        """The shard's generation, its live documents and its last commit."""
        view = self.index.view()
        return view.caches.key, view.searcher.doc_count(), self.index.last_commit()

    def close(self) -> None:
        with self._lock:
            self._matched.clear()
        self.index.close()
