"""Search internals on the real sample index: match sets and facets agree with Whoosh."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import sorting
from whoosh.searching import Searcher

from indexer.store.shards import open_reader
from web.params import CUT_FACETS, SearchParams
from web.search import View, search
from web.search.filters import resolve_names
from web.search.parse import parse
from web.search.pipeline import FACET_LIMIT, FACET_MORE, FACETS, sorted_facets
from web.search.ranking import WEIGHTING

QUERIES = ["crimea", "grid prices", "said", '"state department"', "kerry -moscow",
           "syria OR ukraine", "title:vaccine", "section:world sanctions", "date:2016",
           'speaker:"Chu Yin"', "bank* rates"]


@pytest.fixture(scope="module")
def searcher(built_index):
    with Searcher(open_reader(built_index), weighting=WEIGHTING) as s:
        yield s


@pytest.fixture(scope="module")
def view(searcher):
    return View.over(searcher)


@pytest.mark.parametrize("typed", QUERIES)
def test_match_sets_equal_whoosh_matches(searcher, view, typed):
    q = resolve_names(view, parse(typed).query)
    mask = view.caches.docsets.query_docs(searcher, q)
    assert set(np.flatnonzero(mask).tolist()) == set(searcher.docs_for_query(q))


@pytest.mark.parametrize("typed", ["said", "grid", "crimea OR vaccine"])
def test_facet_counts_equal_whoosh_grouping(searcher, view, typed):
    page = search(view, SearchParams(q=typed, per_page=1))
    q = resolve_names(view, parse(typed).query)
    facets = {"section": sorting.FieldFacet("section"), "year": sorting.FieldFacet("year"),
              "speaker": sorting.FieldFacet("speaker", allow_overlap=True)}
    results = searcher.search(q, limit=None, groupedby=facets, maptype=sorting.Count)
    assert page.total == len(results)
    for name in ("section", "year"):
        whoosh_counts = {k: v for k, v in results.groups(name).items() if k}
        assert dict(page.facets[name]) == whoosh_counts
    speakers = {(k.decode() if isinstance(k, bytes) else k): v
                for k, v in results.groups("speaker").items() if k}
    assert all(speakers[name] == n for name, n in page.facets["speaker"])


def test_every_word_results_come_first_when_there_are_enough(searcher, view):
    page = search(view, SearchParams(q="baltic grid", per_page=50))
    assert page.total >= 1
    def has_both(hit) -> bool:
        text = searcher.stored_fields(searcher.document_number(id=hit.id))
        words = (text["title"] + " " + text["body"]).lower()
        return "grid" in words and "baltic" in words

    flags = [has_both(h) for h in page.hits]
    # documents with both words rank before documents with one of them
    assert flags[0] and flags == sorted(flags, reverse=True)


def test_newest_and_oldest_sort_by_date_with_undated_last(view):
    newest = [h.date for h in search(view, SearchParams(sort="newest", per_page=100)).hits]
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True) and newest[: len(dated)] == dated


def test_a_two_word_phrase_finds_what_a_position_check_finds(searcher, view):
    """The pairs field answers phrases as Whoosh's positional phrase query does."""
    from whoosh.query import Or, Phrase, Term

    from indexer.store.schema import TEXT_ANALYZER

    rng = __import__("random").Random(4)
    bodies = [f["body"] for f in searcher.all_stored_fields()]
    checked = 0
    for body in rng.sample(bodies, 12):
        tokens = [(t.text, body[t.startchar:t.endchar]) for t in TEXT_ANALYZER(body, chars=True)]
        for i in rng.sample(range(len(tokens) - 1), 4):
            pair = [tokens[i][0], tokens[i + 1][0]]
            typed = f'"{tokens[i][1]} {tokens[i + 1][1]}"'  # the words as written
            q = parse(typed).query
            if not isinstance(q, Term) or q.fieldname != "pairs":
                continue  # a word the parser reads as syntax (AND, OR, NOT)
            positional = Or([Phrase("title", pair), Phrase("body", pair)])
            wanted = set(searcher.docs_for_query(positional))
            mask = view.caches.docsets.query_docs(searcher, q)
            assert set(np.flatnonzero(mask).tolist()) == wanted, typed
            checked += 1
    assert checked >= 40


def test_a_view_keeps_its_files_open_after_its_index_object_is_gone(built_index):
    import gc

    from web.search import Index

    view = Index(built_index).view()
    gc.collect()
    assert search(view, SearchParams(q="crimea")).total >= 1


def test_facets_list_their_commonest_values_and_one_asked_for_is_listed_further(view):
    cut = search(view, SearchParams())
    assert cut.facet_sizes["speaker"] > FACET_LIMIT == len(cut.facets["speaker"])
    assert len(cut.facets["year"]) == cut.facet_sizes["year"]  # years are never cut
    whole = search(view, SearchParams(more="speaker"))
    assert len(whole.facets["speaker"]) == whole.facet_sizes["speaker"]
    assert whole.facets["speaker"][:FACET_LIMIT] == cut.facets["speaker"]
    assert whole.facets["section"] == cut.facets["section"]
    many = {"speaker": {f"Name {i:04}": 1 + i % 3 for i in range(FACET_MORE + 50)}}
    listed = sorted_facets(many, more="speaker")["speaker"]
    assert len(listed) == FACET_MORE and listed[0] == ("Name 0002", 3)


def test_the_facets_that_can_be_listed_further_are_those_that_are_cut():
    assert set(CUT_FACETS) == set(FACETS) - {"year"}
