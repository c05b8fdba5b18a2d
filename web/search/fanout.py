"""A search over shards searched apart, merged into the page a local search gives.

Each step of shard.py goes to every shard at once, and the answers are added up: the
statistics first (so each shard scores with the whole index's), then each shard's first k
in the order asked for, merged and collapsed by story, then the hits of the page shown.
What a shard cannot answer (its worker is lost, it times out) is left out: the page is
marked partial and names the shards missing, and the other shards still answer.

A question's feedback words (ranking.with_feedback) take two more steps: every shard's
best hits, then their words' frequencies; the words are chosen here, as the whole index
would choose them. A story with copies in several shards counts once in the story counts
of facet values: step 3 asks each shard which of those stories carry each value shown.
Totals, story totals, copies, scores, order, feedback words, facet counts and their story
counts, and the timeline are the whole index's.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from indexer.store.shards import read_layout, shard_of_id

from ..params import BadParam, SearchParams
from . import ranking
from .guard import QueryLimits
from .histogram import timeline_of
from .hits import ALSO_IN, SearchPage
from .index import IndexUnavailable
from .parse import TEXT_FIELDS
from .pipeline import SUGGEST_BELOW, mark_copies, sorted_facets
from .shard import Paged, Prepared, Ranked, ShardSearcher, merge_prepared, merged_keys
from .stats import GlobalStats

logger = logging.getLogger(__name__)

# Rounds of asking the shards for more when copies in several shards leave a page short
# of stories (each asks for 4 times as many).
MORE_ROUNDS = 3


class Shards(Protocol):
    """Where the shards are searched: in this process, or on a cluster's workers."""

    count: int

    def available(self) -> list[int]:
        """The shards that can be asked now."""

    def call(self, shard: int, method: str, *args: Any) -> Any:
        """Start `method` of a shard's ShardSearcher; a future (`.result(timeout)`)."""

    def lost(self, shard: int, exc: BaseException) -> str:
        """A call failed: what to say of the shard (and see that it is opened again)."""

    def resize(self, count: int) -> None:
        """The index now has `count` shards: open those."""


def _gather(shards: Shards, asked: list[int], method: str, args: Callable[[int], tuple],
            timeout: float, missing: dict[int, str]) -> dict[int, Any]:
    """Every asked shard's answer to `method`; those that fail go to `missing`."""
    futures = {}
    for s in asked:
        try:
            futures[s] = shards.call(s, method, *args(s))
        except Exception as exc:
            missing[s] = shards.lost(s, exc)
    answers = {}
    deadline = time.monotonic() + timeout
    for s, future in futures.items():
        try:
            answers[s] = future.result(max(0.1, deadline - time.monotonic()))
        except BadParam:
            raise
        except Exception as exc:
            missing[s] = shards.lost(s, exc)
    return answers


def _some_answered(answers: dict[int, Any], missing: dict[int, str]) -> None:
    if not answers:
        raise IndexUnavailable("no shard of the index answered: "
                               + "; ".join(f"shard {s + 1}: {why}"
                                           for s, why in sorted(missing.items())))


def search(shards: Shards, params: SearchParams, limits: QueryLimits, time_budget: float,
           timeout: float, resized: bool = False) -> SearchPage:
    """One search over every shard that answers (raises IndexUnavailable if none does)."""
    started = time.perf_counter()
    missing: dict[int, str] = {}
    alive = shards.available()
    for s in range(shards.count):
        if s not in alive:
            missing[s] = "not open; it is being opened again"
    prepared: dict[int, Prepared] = _gather(shards, alive, "prepare",
                                            lambda s: (params, limits), timeout, missing)
    _some_answered(prepared, missing)
    counts = {p.shards for p in prepared.values()}
    if counts != {shards.count} and not resized:  # rebuilt into another number of shards
        shards.resize(max(counts))
        return search(shards, params, limits, time_budget, timeout, resized=True)
    keys = merged_keys([prepared[s] for s in sorted(prepared)])
    if any(p.keys != keys for p in prepared.values()):
        # A shard without some language read the query without it: again, in the same
        # languages everywhere, so that every shard counts the same terms.
        prepared = _gather(shards, sorted(prepared), "prepare",
                           lambda s: (params, limits, keys), timeout, missing)
        _some_answered(prepared, missing)
    stats, every_word = merge_prepared(list(prepared.values()))
    feedback: list[tuple[float, str]] = []
    if (params.sort == "relevance" and not every_word
            and any(p.question for p in prepared.values())):
        stats, feedback = _feedback(shards, sorted(prepared), params, limits, stats, keys,
                                    timeout, missing)
    search_id = uuid.uuid4().hex
    ranked, order = _ranked(shards, sorted(prepared), search_id, params, limits, time_budget,
                            timeout, (stats, every_word, keys, feedback), missing)
    story_ids, copies_in = np.unique(np.concatenate([ranked[s].stories[0] for s in sorted(ranked)]),
                                     return_counts=True)
    shared = story_ids[copies_in > 1]  # stories matched in more than one shard
    page = _counted(params, [ranked[s] for s in sorted(ranked)], len(story_ids))

    offset = (params.page - 1) * params.per_page
    shown = order[offset:offset + params.per_page]
    copies = _story_copies(ranked, [story for _key, _s, _d, story, _score in shown])
    facet_values = {name: [value for value, _n in items] for name, items in page.facets.items()}
    suggest = page.total < SUGGEST_BELOW and bool(params.q)
    paged: dict[int, Paged] = _gather(
        shards, sorted(ranked), "page",
        lambda s: (search_id, params, limits,
                   [(doc, score) for _key, t, doc, _story, score in shown if t == s],
                   [story for story, per_shard in copies.items() if per_shard.get(s)],
                   facet_values, suggest, np.intersect1d(shared, ranked[s].stories[0])),
        timeout, missing)
    page.facet_stories = _facet_stories(paged.values(), page.facets)
    page.hits = _hits(shown, paged, copies)
    if suggest:
        page.suggestion = _suggestion(paged.values(), page.total)
    if missing:
        page.partial = True
        page.missing = [f"shard {s + 1} of {shards.count}: {why}"
                        for s, why in sorted(missing.items())]
        logger.warning("search %r answered without %s", params.q, page.missing)
    page.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return page


def _ranked(shards: Shards, asked: list[int], search_id: str, params: SearchParams,
            limits: QueryLimits, time_budget: float, timeout: float, prepared: tuple,
            missing: dict[int, str]) -> tuple[dict[int, Ranked], list[tuple]]:
    """Step 2 on the shards `asked` (those step 1 counted), and the merged order of their
    first results. When copies in several shards leave the page short of stories, the
    shards are asked for more."""
    stats, every_word, keys, feedback = prepared
    k = params.page * params.per_page
    for _round in range(MORE_ROUNDS + 1):
        ranked: dict[int, Ranked] = _gather(
            shards, asked, "rank",
            lambda s, k=k: (search_id, params, limits, time_budget, stats, every_word, k,
                            keys, feedback),
            timeout, missing)
        _some_answered(ranked, missing)
        order = _merged(ranked, params.collapse)
        if (not params.collapse or len(order) >= k
                or all(len(r.top) < k for r in ranked.values())):
            break
        k *= 4
    return ranked, order


def _feedback(shards: Shards, asked: list[int], params: SearchParams, limits: QueryLimits,
              stats: GlobalStats, keys: tuple[str, ...], timeout: float,
              missing: dict[int, str]) -> tuple[GlobalStats, list[tuple[float, str]]]:
    """A question's feedback words from the whole index's best hits, weighed by the whole
    index's idf (two more rounds: every shard's best hits, then the frequencies of their
    words), and the statistics with those words in them."""
    samples = _gather(shards, asked, "feedback_sample",
                      lambda s: (params, limits, stats, keys), timeout, missing)
    words = next((w for w, _sample in samples.values() if w), [])
    best = sorted((hit for _w, sample in samples.values() for hit in sample),
                  key=lambda hit: (-hit[0], hit[1]))[:ranking.FEEDBACK_DOCS]
    if not best:
        return stats, []
    proposed = sorted({text for _score, _id, found in best for text in found})
    counted = _gather(shards, sorted(samples), "frequencies", lambda s: (proposed,), timeout,
                      missing)
    df: dict[tuple[str, bytes], int] = {}
    for answer in counted.values():
        for term, n in answer.items():
            df[term] = df.get(term, 0) + n

    def terms(text: str) -> list[tuple[str, bytes]]:
        return [(f, text.encode("utf-8")) for f in TEXT_FIELDS]

    def idf(text: str) -> float:
        return ranking.robertson_idf(max(df.get(t, 0) for t in terms(text)), stats.documents)

    chosen = ranking.feedback_terms(best, set(words), idf)
    chosen_df = {t: df.get(t, 0) for _weight, text in chosen for t in terms(text)}
    return dataclasses.replace(stats, df={**stats.df, **chosen_df}), chosen


def _counted(params: SearchParams, answered: list[Ranked], stories: int) -> SearchPage:
    """The page's totals, facets and timeline: the shards' counts added up (`stories`:
    the distinct story ids they matched)."""
    page = SearchPage(params)
    page.total = sum(r.total for r in answered)
    page.stories = stories + sum(r.alone for r in answered)
    counts = _summed_facets(answered)
    page.facets = sorted_facets(counts, params.more)
    page.facet_sizes = {name: len(values) for name, values in counts.items()}
    page.timeline = _timeline(answered, params.interval)
    page.asked_speakers = tuple(dict.fromkeys(n for r in answered for n in r.asked_speakers))
    page.partial = any(r.partial for r in answered)
    return page


def document(shards: Shards, doc_id: str, timeout: float) -> dict[str, Any] | None:
    """An article from the shard its id names, with the copies of its story from every
    shard (raises IndexUnavailable when its shard does not answer)."""
    missing: dict[int, str] = {}
    home = shard_of_id(doc_id, shards.count)
    found = _gather(shards, [home], "document", lambda s: (doc_id,), timeout, missing)
    if home not in found:
        raise IndexUnavailable(f"the shard of article {doc_id} did not answer:"
                               f" {missing[home]}")
    doc = found[home]
    if doc is None or not doc.get("story"):
        return doc
    story = doc["story"].encode()
    members = _gather(shards, shards.available(), "story_members", lambda s: (story,),
                      timeout, missing)
    rows = sorted((row for found in members.values() for row in found), key=lambda r: r[0])
    doc["copies"] = mark_copies([row for _key, row in rows], doc_id)
    return doc


def health(shards: Shards, timeout: float) -> dict[str, Any]:
    """What /healthz says of shards searched apart: their documents added up, their last
    commit, their generations (a commit to any of them changes it) and who is missing."""
    missing: dict[int, str] = {}
    answers = _gather(shards, shards.available(), "health", lambda s: (), timeout, missing)
    for s in range(shards.count):
        if s not in answers and s not in missing:
            missing[s] = "not open; it is being opened again"
    _some_answered(answers, missing)
    commits = [commit for _key, _n, commit in answers.values() if commit is not None]
    return {"documents": sum(n for _key, n, _commit in answers.values()),
            "shards": shards.count, "last_commit": max(commits, default=None),
            "generation": tuple(answers[s][0] if s in answers else None
                                for s in range(shards.count)),
            "missing": [f"shard {s + 1} of {shards.count}: {why}"
                        for s, why in sorted(missing.items())]}


def _merged(ranked: dict[int, Ranked], collapse: bool) -> list[tuple]:
    """Every shard's first k in one order, as (key, shard, docnum, story, score); with
    `collapse`, each story's first copy only."""
    rows = sorted((key, s, doc, story, score) for s, r in ranked.items()
                  for key, doc, story, score in r.top)
    if not collapse:
        return rows
    seen: set[bytes] = set()
    kept = []
    for row in rows:
        story = row[3]
        if story:
            if story in seen:
                continue
            seen.add(story)
        kept.append(row)
    return kept


def _story_copies(ranked: dict[int, Ranked], stories: list[bytes]
                  ) -> dict[bytes, dict[int, int]]:
    """For each story shown, how many of its copies each shard matched."""
    out: dict[bytes, dict[int, int]] = {story: {} for story in stories if story}
    for s, r in ranked.items():
        values, counts = r.stories
        if not len(values) or not out:
            continue
        wanted = np.array(list(out), dtype=values.dtype)
        where = np.searchsorted(values, wanted)
        for story, i in zip(out, where.tolist(), strict=True):
            if i < len(values) and values[i] == story:
                out[story][s] = int(counts[i])
    return out


def _summed_facets(answered: list[Ranked]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = {}
    for r in answered:
        for name, values in r.facets.items():
            counts.setdefault(name, Counter()).update(values)
    return {name: dict(c) for name, c in counts.items()}


def _timeline(answered: list[Ranked], interval: str | None):
    days = np.concatenate([r.days[0] for r in answered]) if answered else np.array([])
    counts = np.concatenate([r.days[1] for r in answered]) if answered else np.array([])
    if not len(days):
        return timeline_of(np.array([], dtype=np.int64), np.array([]), interval)
    unique, where = np.unique(days, return_inverse=True)
    summed = np.bincount(where.reshape(-1), weights=counts, minlength=len(unique))
    return timeline_of(unique, summed, interval)


def _facet_stories(paged, facets: dict[str, list[tuple[str, int]]]
                   ) -> dict[str, dict[str, int]]:
    out = {name: dict.fromkeys((v for v, _n in items), 0) for name, items in facets.items()}
    shared: dict[tuple[str, str], list[np.ndarray]] = {}
    for answer in paged:
        for name, values in answer.facet_stories.items():
            for value, n in values.items():
                if value in out.get(name, {}):
                    out[name][value] += n
        for name, values in answer.shared_stories.items():
            for value, ids in values.items():
                shared.setdefault((name, value), []).append(ids)
    # Each shard counted its copies of a story once: a story carrying the value in several
    # shards counts once.
    for (name, value), found in shared.items():
        if value in out.get(name, {}):
            together = np.concatenate(found)
            out[name][value] -= len(together) - len(np.unique(together))
    return out


def _hits(shown: list[tuple], paged: dict[int, Paged],
          copies: dict[bytes, dict[int, int]]) -> list:
    refs: dict[bytes, list[tuple[tuple, dict]]] = {}
    for answer in paged.values():
        for story, found in answer.copies.items():
            refs.setdefault(story, []).extend(found)
    hits = []
    for _key, s, doc, story, _score in shown:
        answer = paged.get(s)
        if answer is None or doc not in answer.hits:
            continue  # its shard was lost between the steps
        hit = answer.hits[doc]
        count = sum(copies.get(story, {}).values()) if story else 1
        if count > 1:
            others = [ref for _k, ref in sorted(refs.get(story, []), key=lambda r: r[0])
                      if ref["id"] != hit.id]
            hit = dataclasses.replace(hit, copies=count, also_in=tuple(others[:ALSO_IN]))
        hits.append(hit)
    return hits


def _suggestion(paged, total: int) -> str | None:
    """The respelling most shards propose, if it finds more than the search did."""
    found: Counter = Counter()
    for answer in paged:
        if answer.suggestion is not None:
            found[answer.suggestion] += answer.suggestion_total
    if not found:
        return None
    best, count = found.most_common(1)[0]
    return best if count > total else None


class InProcessShards:
    """Every shard of an index searched apart in this process, one after the other: the
    fan-out without a cluster (to compare with one, and with the index read as a whole)."""

    def __init__(self, index_dir: str, count: int) -> None:
        self.index_dir = index_dir
        self.count = count
        self.searchers = [ShardSearcher(index_dir, s) for s in range(count)]

    @classmethod
    def of(cls, index_dir: str) -> InProcessShards:
        layout = read_layout(Path(index_dir))
        if layout is None:
            raise IndexUnavailable(f"no index in {index_dir}; run `python -m indexer build`")
        return cls(index_dir, layout.count)

    def available(self) -> list[int]:
        return list(range(self.count))

    def call(self, shard: int, method: str, *args: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(getattr(self.searchers[shard], method)(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def lost(self, shard: int, exc: BaseException) -> str:
        return f"{type(exc).__name__}: {exc}"

    def resize(self, count: int) -> None:
        self.close()
        self.count = count
        self.searchers = [ShardSearcher(self.index_dir, s) for s in range(count)]

    def close(self) -> None:
        for searcher in self.searchers:
            searcher.close()
