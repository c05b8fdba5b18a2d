"""Search internals on the real sample index: match sets and facets agree with Whoosh."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh import sorting

from web.docsets import DocSets
from web.params import SearchParams
from web.query import parse_query, resolve_names
from web.search import MULTI_VALUED, search

QUERIES = ["crimea", "grid prices", "said", '"state department"', "kerry -moscow",
           "syria OR ukraine", "title:vaccine", "section:world sanctions", "date:2016",
           'speaker:"Chu Yin"', "bank* rates"]


@pytest.fixture(scope="module")
def searcher(built_index):
    with whoosh_index.open_dir(str(built_index)).searcher() as s:
        yield s


@pytest.mark.parametrize("typed", QUERIES)
def test_match_sets_equal_whoosh_matches(searcher, typed):
    q = resolve_names(parse_query(typed), searcher)
    docsets = DocSets(searcher.reader().generation(), MULTI_VALUED)
    assert docsets.query_docs(searcher, q) == frozenset(searcher.docs_for_query(q))


@pytest.mark.parametrize("typed", ["said", "grid", "crimea OR vaccine"])
def test_facet_counts_equal_whoosh_grouping(searcher, typed):
    page = search(searcher, SearchParams(q=typed, per_page=1))
    q = resolve_names(parse_query(typed), searcher)
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


def test_every_word_results_come_first_when_there_are_enough(searcher):
    page = search(searcher, SearchParams(q="baltic grid", per_page=50))
    assert page.total >= 1
    def has_both(hit) -> bool:
        text = searcher.stored_fields(searcher.document_number(id=hit.id))
        words = (text["title"] + " " + text["body"]).lower()
        return "grid" in words and "baltic" in words

    flags = [has_both(h) for h in page.hits]
    # documents with both words rank before documents with one of them
    assert flags[0] and flags == sorted(flags, reverse=True)


def test_newest_and_oldest_sort_by_date_with_undated_last(searcher):
    newest = [h.date for h in search(searcher, SearchParams(sort="newest", per_page=100)).hits]
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True) and newest[: len(dated)] == dated
