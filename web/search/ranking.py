"""How matches are ranked: BM25F weighting, feedback for questions, top k, date order.

Ranking: BM25F with k1=1.2, b=0.75 and a document-level idf (see `WEIGHTING`). A long
plain-words query (a question) gets pseudo-relevance feedback: the commonest distinctive
words of its best few hits are added at a lower weight. Flat word queries are scored with
numpy (fastrank.py, the same scores as Whoosh); anything else by Whoosh's collector.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable

import numpy as np
from whoosh import collectors, query, scoring
from whoosh.searching import Searcher

from indexer.store.languages import analysis_key, analyzer_for

from . import fastrank
from .docsets import Matches, StoryTable
from .parse import TEXT_FIELDS
from .stats import global_idf_inputs

logger = logging.getLogger(__name__)

class DocumentIdfBM25F(scoring.BM25F):
    """BM25F whose idf counts the documents that have a word in any text field.

    Whoosh's own idf, log(N / (df + 1)) + 1, never drops below 1, so a word in every second
    document still weighs a third of a rare one; a natural-language question then ranks on
    its commonest words. Robertson's idf, log(1 + (N - df + 0.5) / (df + 0.5)), falls to
    about zero for such words. And a word that is rare in titles but common in bodies is
    a common word: taking the largest df of the text fields keeps a title match from
    counting as a rarity.
    """

    def idf(self, searcher: Searcher, fieldname: str, text: str) -> float:
        fields = TEXT_FIELDS if fieldname in TEXT_FIELDS else (fieldname,)
        # A shard searched apart from the others is weighed by the whole index's counts.
        whole = global_idf_inputs(searcher, fields, text)
        if whole is not None:
            df, n = whole
        else:
            df = max(searcher.doc_frequency(f, text) for f in fields)
            n = searcher.doc_count_all()
        return robertson_idf(df, n)


def robertson_idf(df: int, n: int) -> float:
    """The idf of a word in df of n documents (DocumentIdfBM25F)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# The scoring model every searcher uses. k1 and b are the textbook values: on the Cranfield
# set k1 from 1.2 to 2.5 and b from 0.65 to 0.85 all score within 0.005 nDCG@10.
WEIGHTING = DocumentIdfBM25F(B=0.75, K1=1.2)

# Pseudo-relevance feedback for questions (plain words only, at least FEEDBACK_MIN_WORDS of
# them): the FEEDBACK_DOCS best hits propose FEEDBACK_TERMS body words, weighted by how much
# of each hit they make up, the hit's score and the word's idf; the best of them counts
# FEEDBACK_WEIGHT of a typed word. On the Cranfield set this adds about 0.015 nDCG@10;
# 5-10 docs, 10-20 terms and weights 0.3-0.8 all do. It costs one extra top-10 search and
# reading the start of 10 stored bodies (about a third more time for such a query).
FEEDBACK_MIN_WORDS = 4
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.5
FEEDBACK_CHARS = 2000  # of each hit's body: the lead says what an article is about
# Ranked hits beyond the k asked for, fetched to see ties at the k-th place through.
TIE_MARGIN = 16
SCORE_DIGITS = 9
# What the date column holds for a document without a date.
NO_DATE = 2**64 - 1
# Documents ranked per story asked for when results are collapsed by story: copies of one
# story rank together, so the first k stories need more than k documents.
STORY_OVERFETCH = 3


def _question_terms(q: query.Query) -> tuple[list[str], int] | None:
    """The terms of a plain-words query (an Or of text-field terms) and how many words
    they stand for (a word's terms in several languages are one word), else None."""
    subs = q.subqueries if isinstance(q, query.Or) else []
    if not subs or not all(isinstance(s, query.Term) and s.fieldname in TEXT_FIELDS
                           for s in subs):
        return None
    by_place: dict[object, set[str]] = {}
    for s in subs:
        place = (s.startchar, s.endchar) if s.startchar is not None else s.text
        by_place.setdefault(place, set()).add(s.text)
    words = {frozenset(texts) for texts in by_place.values()}
    return list(dict.fromkeys(s.text for s in subs)), len(words)


def question_words(q: query.Query | None) -> list[str] | None:
    """The typed terms of a question (plain words, at least FEEDBACK_MIN_WORDS), else None."""
    found = _question_terms(q) if q is not None else None
    if found is None or found[1] < FEEDBACK_MIN_WORDS:
        return None
    return found[0]


# A best hit of a question: its score, its document id, the words of its body's lead.
FeedbackHit = tuple[float, bytes, dict[str, int]]


def feedback_sample(view, q: query.Query) -> list[FeedbackHit]:
    """The FEEDBACK_DOCS best hits of a question, best first (ties by document id, so that
    shards searched apart pick the same ones), with the words of each one's lead."""
    searcher = view.searcher
    want = FEEDBACK_DOCS + TIE_MARGIN
    best_hits = fastrank.rank(searcher, view.caches.rank, q, want)
    if best_hits is None:  # a weighting fastrank does not model: Whoosh ranks them
        best_hits = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=want)]
    ids = doc_ids(view)
    best = sorted(best_hits, key=lambda hit: (-hit[1], bytes(ids[hit[0]])))[:FEEDBACK_DOCS]
    sample = []
    for docnum, score in best:
        stored = searcher.stored_fields(docnum)
        # The words as the index holds them: in the hit's own language's analysis.
        analyzer = analyzer_for(analysis_key(stored.get("language")))
        words = Counter(t.text for t in analyzer(stored.get("body", "")[:FEEDBACK_CHARS]))
        sample.append((score, bytes(ids[docnum]), dict(words)))
    return sample


def feedback_terms(sample: list[FeedbackHit], asked: set[str],
                   idf: Callable[[str], float]) -> list[tuple[float, str]]:
    """The FEEDBACK_TERMS words the best hits propose, (weight, word) best first: how much
    of each hit a word makes up, times the hit's score and the word's idf."""
    if not sample:
        return []
    top = sample[0][0] or 1.0
    mass: Counter[str] = Counter()
    for score, _id, words in sample:
        length = sum(words.values())
        for text, count in words.items():
            mass[text] += count / length * score / top
    candidates = sorted(((weight * idf(text), text) for text, weight in mass.items()
                         if text not in asked and not text.isdigit()), reverse=True)
    chosen = candidates[:FEEDBACK_TERMS]
    return chosen if chosen and chosen[0][0] > 0 else []


def with_feedback(view, q: query.Query,
                  chosen: list[tuple[float, str]] | None = None) -> query.Query:
    """A question re-ranked by the distinctive words of its best hits (see FEEDBACK_*):
    `chosen` (from feedback_terms) when they were found on the whole index, else found
    here."""
    words = question_words(q)
    if words is None:
        return q
    if chosen is None:
        searcher = view.searcher
        chosen = feedback_terms(feedback_sample(view, q), set(words),
                                lambda text: WEIGHTING.idf(searcher, "body", text))
    if not chosen:
        return q
    best = chosen[0][0]
    extra = [query.Term("body", text, boost=FEEDBACK_WEIGHT * weight / best)
             for weight, text in chosen]
    logger.debug("feedback for %s: %s", words, [text for _, text in chosen])
    # One flat Or: Whoosh scores it fastest. Only the search's matches are ranked, so the
    # feedback words re-rank them and bring in no document without a typed word.
    return query.Or([*q.subqueries, *extra])


def tree_unions(q: query.Query, root: bool = True) -> query.Query:
    """Or nodes below the root matched as trees of unions.

    On small indexes (up to 5000 documents) Whoosh matches an Or by pre-reading its scores
    into an array; nested inside another matcher, that loses hits from the top k (whoosh3
    3.54). The array matcher is right, and faster, at the root.
    """
    if q.is_leaf():
        return q
    q = q.apply(lambda sub: tree_unions(sub, root=False))
    if isinstance(q, query.Or) and not root:
        q.matcher_type = query.Or.DEFAULT_MATCHER
    return q


def top_scored(view, q: query.Query, allowed: np.ndarray | None, k: int,
               time_budget: float, fast: bool = True) -> tuple[list[tuple[int, float]], bool]:
    """The k best-scoring matches as (docnum, score), and whether time ran out.

    Ties go by document id, not docnum: docnums depend on how the index is split into
    shards and segments, ids do not. Scores are compared to SCORE_DIGITS decimals, as
    summing the same terms in another segment order can differ in the last bits.
    `fast=False` ranks with Whoosh's collector only.
    """
    ranks = id_ranks(view)
    want = k + TIE_MARGIN
    while True:
        scored, partial = _top(view, q, allowed, want, time_budget, fast)
        ranked = sorted(scored, key=lambda ds: (-round(ds[1], SCORE_DIGITS), ranks[ds[0]]))
        # More may tie with the k-th: look further unless everything was seen.
        if (partial or len(scored) < want or len(ranked) <= k
                or round(ranked[k - 1][1], SCORE_DIGITS) > round(ranked[-1][1], SCORE_DIGITS)):
            return ranked[:k], partial
        want *= 4


def _top(view, q: query.Query, allowed: np.ndarray | None, k: int,
         time_budget: float, fast: bool) -> tuple[list[tuple[int, float]], bool]:
    """The k best by Whoosh's order: numpy (`fastrank`) for flat word queries, else
    Whoosh's collector within the time budget."""
    searcher = view.searcher
    if fast:
        try:
            ranked = fastrank.rank(searcher, view.caches.rank, q, k, allowed)
        except Exception:  # never worse than Whoosh: log and fall back
            logger.exception("fastrank failed for %r", q)
            ranked = None
        if ranked is not None:
            return ranked, False
    only = set(np.flatnonzero(allowed).tolist()) if allowed is not None else None
    collector = searcher.collector(limit=k, filter=only)
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


def merge_key(sort: str, score: float | None, day: int, doc_id: bytes) -> tuple:
    """Where a document goes among others ranked apart (another shard's), in the order
    this module gives within an index: by score then id, or by date (undated last) then
    id."""
    if sort == "relevance" and score is not None:
        return (-round(score, SCORE_DIGITS), doc_id)
    undated = day == NO_DATE
    return (undated, (~np.uint64(day) if sort != "oldest" else np.uint64(day)).item(), doc_id)


def by_date(view, matched: np.ndarray, k: int, newest: bool,
            stories: StoryTable | None = None) -> list[int]:
    """The k newest (or oldest) of the matches, ties by id; undated documents last.
    With `stories`, each story's first copy in that order stands for it."""
    docs = np.flatnonzero(matched)
    dates = date_keys(view)[docs]
    undated = dates == NO_DATE
    # Sort keys, smallest first: undated after dated either way, then the date (bitwise
    # negated for newest first: exact, unlike a float), then the id.
    by_day = ~dates if newest else dates
    ordered = docs[np.lexsort((id_ranks(view)[docs], by_day, undated))]
    if stories is not None:
        ordered = stories.first_of_each(ordered, k)
    return ordered[:k].tolist()


def top_stories(view, q: query.Query, allowed: np.ndarray, k: int, time_budget: float,
                stories: StoryTable) -> tuple[list[tuple[int, float]], bool]:
    """The k best-scoring stories, each as its best-scoring copy, and whether time ran out.

    The k best documents are ranked as top_scored ranks them; when they are k stories
    they are the answer (each is its story's best copy, and no other story can rank
    higher), which is the common case and costs nothing more. When copies leave fewer,
    more documents are ranked, and each story keeps its first copy.
    """
    want = k
    while True:
        scored, partial = top_scored(view, q, allowed, want, time_budget)
        docs = np.array([d for d, _ in scored], dtype=np.int64)
        kept = set(stories.first_of_each(docs).tolist()) if len(docs) else set()
        best = [(d, s) for d, s in scored if d in kept]
        if partial or len(best) >= k or len(scored) < want:
            return best[:k], partial
        want = want * 4 if want > k else k * STORY_OVERFETCH


def rank(view, q: query.Query | None, matches: Matches, sort: str, k: int,
         time_budget: float, collapse: bool = False,
         feedback: list[tuple[float, str]] | None = None
         ) -> tuple[list[tuple[int, float | None]], bool]:
    """The first k of the matches in the order asked for, and whether time ran out;
    `collapse`: the first k stories, each as its first copy in that order.

    By relevance, a question (not narrowed to every word) is scored with feedback words
    from its best hits; they re-rank the matches, they add none. `feedback`: those words
    as the whole index gave them, for a shard searched apart; None: found here.
    """
    stories = matches.stories if collapse else None
    if q is None or sort != "relevance":
        docs = by_date(view, matches.docs, k, newest=sort != "oldest", stories=stories)
        return [(d, None) for d in docs], False
    if not matches.total:
        return [], False
    if not matches.every_word:
        q = with_feedback(view, q, feedback)
    if stories is not None:
        return top_stories(view, tree_unions(q), matches.docs, k, time_budget, stories)
    return top_scored(view, tree_unions(q), matches.docs, k, time_budget)


# Sort columns, read once per index generation

def _column(view, name: str, build):
    tables = view.caches.tables
    found = tables.get(name)
    if found is None:
        found = tables.setdefault(name, build())
    return found


def date_keys(view) -> np.ndarray:
    """Every document's date as the column stores it (uint64; NO_DATE when none)."""
    return _column(view, "dates", lambda: _column_array(view.searcher, "date", np.uint64,
                                                        NO_DATE))


def id_ranks(view) -> np.ndarray:
    """Every document's place in the order of document ids: ties are broken by it,
    because docnums depend on how the index is split and ids do not."""

    def build() -> np.ndarray:
        ids = doc_ids(view)
        ranks = np.empty(len(ids), dtype=np.int64)
        ranks[np.argsort(ids, kind="stable")] = np.arange(len(ids))
        return ranks

    return _column(view, "id_ranks", build)


def doc_ids(view) -> np.ndarray:
    """Every document's id (bytes)."""
    return _column(view, "ids", lambda: _column_array(view.searcher, "id", "S32", b""))


def _column_array(searcher: Searcher, column: str, dtype, missing) -> np.ndarray:
    out = []
    for leaf, _offset in searcher.reader().leaf_readers():
        if leaf.has_column(column):
            out.extend(leaf.column_reader(column, translate=False))
        else:
            out.extend([missing] * leaf.doc_count_all())
    return np.array(out, dtype=dtype)
