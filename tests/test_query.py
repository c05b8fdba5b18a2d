"""Typed queries to Whoosh queries, and the ranking they give on a small in-memory index."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import query
from whoosh.filedb.filestore import RamStorage

from indexer.store.schema import SCHEMA
from web.params import SearchParams
from web.search import View, search
from web.search.parse import parse
from web.search.ranking import WEIGHTING


def parse_query(text: str) -> query.Query | None:
    return parse(text).query


def _terms(q: query.Query | None) -> set[tuple[str, str]]:
    """(field, word) of every term; a phrase's word pairs count as their words."""
    if q is None:
        return set()
    out = set()
    for f, t in q.iter_all_terms():
        t = t if isinstance(t, str) else t.decode()
        out.update((f, w) for w in t.split("|")) if f == "pairs" else out.add((f, t))
    return out


def _banned(q: query.Query) -> set[tuple[str, str]]:
    """Terms under a NOT (AndNot's second side, Not's child)."""
    if isinstance(q, query.AndNot):
        return _terms(q.b) | _banned(q.a)
    if isinstance(q, query.Not):
        return _terms(q.query)
    if q.is_leaf():
        return set()
    return set().union(*(_banned(c) for c in q.children()))


def _required(q: query.Query) -> query.Query | None:
    """The required side of the top of the query (AndMaybe's first side), if any."""
    if isinstance(q, query.AndNot):
        return _required(q.a)
    return q.a if isinstance(q, query.AndMaybe) else None


# (typed, words that must be searched, words that must not be)
WORD_CASES = [
    ("plain words", "kerry moscow", {"kerri", "moscow"}, set()),
    ("stemmed", "elections talks", {"elect", "talk"}, set()),
    ("question words dropped", "what are the effects of sanctions", {"effect", "sanction"},
     {"what", "are"}),
    ("all question words kept", "what is", {"what"}, set()),
    ("question mark is punctuation", "is there a ceasefire?", {"ceasefir"}, set()),
    ("hyphenated word is one word", "wind-tunnel x-15", {"wind", "tunnel", "x", "15"}, set()),
    ("phrase keeps its words", '"what it takes"', {"what", "take"}, set()),
]


@pytest.mark.parametrize(("typed", "searched", "absent"),
                         [c[1:] for c in WORD_CASES], ids=[c[0] for c in WORD_CASES])
def test_words(typed: str, searched: set[str], absent: set[str]) -> None:
    words = {t for _, t in _terms(parse_query(typed))}
    assert searched <= words
    assert not absent & words


def test_phrase_is_a_word_pair_and_required() -> None:
    q = parse_query('"state department" sanctions')
    required = _required(q)
    assert required == query.Term("pairs", "state|depart")
    assert ("body", "sanction") in _terms(q.b)


@pytest.mark.parametrize(("typed", "expected"), [
    ('"new york city"', query.And([query.Term("pairs", "new|york"),
                                   query.Term("pairs", "york|citi")])),
    ('title:"state department"', query.Phrase("title", ["state", "depart"])),
    ('crimea OR "state department"', query.Or([query.Term("title", "crimea"),
                                              query.Term("body", "crimea"),
                                              query.Term("pairs", "state|depart")])),
])
def test_phrases_in_title_and_body_become_pairs_and_fielded_ones_stay(typed, expected):
    assert parse_query(typed) == expected


def test_exclusion() -> None:
    q = parse_query("sanctions -iran")
    assert ("body", "iran") in _banned(q)
    assert ("body", "sanction") in _terms(q) - _banned(q)


def test_exclusion_alone_matches_everything_else() -> None:
    q = parse_query("-iran")
    assert isinstance(q, query.AndNot) and isinstance(q.a, query.Every)


def test_or_and_and() -> None:
    q = parse_query("syria OR ukraine")
    assert isinstance(q, query.Or) and {"syria", "ukrain"} <= {t for _, t in _terms(q)}
    q = parse_query("syria AND ukraine")
    assert isinstance(q, query.And)


FIELD_CASES = [
    ("title", "title:breakthrough vaccine", ("title", "breakthrough")),
    ("speaker", 'speaker:"Chu Yin" crimea', ("speaker", "Chu Yin")),
    ("section", "section:World crimea", ("section", "World")),
]


@pytest.mark.parametrize(("typed", "term"), [c[1:] for c in FIELD_CASES],
                         ids=[c[0] for c in FIELD_CASES])
def test_field_prefix_is_required(typed: str, term: tuple[str, str]) -> None:
    q = parse_query(typed)
    required = _required(q)
    assert required is not None and term in _terms(required)


def test_field_prefix_alone() -> None:
    assert parse_query("section:World") == query.Term("section", "World")


DATE_CASES = [
    ("year", "date:2016 election", dt.datetime(2016, 1, 1), dt.datetime(2016, 12, 31, 23)),
    ("range", "date:[2016-01-01 to 2016-06-30] election", dt.datetime(2016, 1, 1),
     dt.datetime(2016, 6, 30, 23)),
]


@pytest.mark.parametrize(("typed", "first", "last"), [c[1:] for c in DATE_CASES],
                         ids=[c[0] for c in DATE_CASES])
def test_date_filters(typed: str, first: dt.datetime, last: dt.datetime) -> None:
    q = parse_query(typed)
    required = _required(q)
    assert isinstance(required, query.NumericRange) and required.fieldname == "date"
    field = SCHEMA["date"]  # bounds are in the field's integer units
    assert required.start == field.prepare_datetime(first)
    assert required.end >= field.prepare_datetime(last)


JUNK_CASES = [
    ("field with open bracket", "title:("),
    ("unclosed quote", '"unclosed'),
    ("operators only", "AND OR"),
    ("brackets only", "(((("),
    ("star", "*"),
    ("nested minus", "crimea AND (syria OR (ukraine AND -x))"),
    ("double minus", "--"),
    ("bare plus", "+"),
    ("caret", "crimea^abc"),
    ("unclosed range", "date:[2016 to"),
    ("bad date", "date:notadate"),
    ("empty field", "speaker:"),
    ("many brackets", "(" * 50 + "crimea" + ")" * 50),
]


@pytest.mark.parametrize("typed", [c[1] for c in JUNK_CASES], ids=[c[0] for c in JUNK_CASES])
def test_junk_never_raises(typed: str) -> None:
    q = parse_query(typed)
    assert q is None or isinstance(q, query.Query)


def test_junk_falls_back_to_plain_words() -> None:
    assert ("body", "unclos") in _terms(parse_query('"unclosed'))


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_empty_query_is_none(typed: str) -> None:
    assert parse_query(typed) is None


# --------------------------------------------------------------------------- ranking

DOCS = [
    {"key": "one-word", "path": "one-word.html",
     "title": "Weather report for the weekend",
     "body": "Budget budget budget. The budget was mentioned again and again in the report; "
             "budget talk filled the weekend. " * 3},
    {"key": "all-words", "path": "all-words.html",
     "title": "Parliament passes the budget",
     "body": "Lawmakers voted late on Tuesday after a long debate in the chamber."},
    {"key": "neither", "path": "neither.html",
     "title": "Football results",
     "body": "The home side won two nil on Saturday."},
    {"key": "speaker", "path": "speaker.html",
     "title": "Talks in Moscow",
     "body": "Kerry met Lavrov in Moscow.", "speaker": "John Kerry", "section": "World",
     "speaker_quotes": [{"name": "John Kerry", "kind": "person", "quotes": []}]},
]


@pytest.fixture(scope="module")
def searcher():
    ix = RamStorage().create_index(SCHEMA)
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_document(**doc)
    with ix.searcher(weighting=WEIGHTING) as s:
        yield s


def _ranked(searcher, typed: str) -> list[str]:
    """The paths the search pipeline ranks for a typed query."""
    return [hit.path for hit in search(View.over(searcher), SearchParams(q=typed)).hits]


def test_all_words_in_the_title_beat_one_word_many_times(searcher) -> None:
    ranked = _ranked(searcher, "parliament budget")
    assert ranked[0] == "all-words.html"
    assert "one-word.html" in ranked and "neither.html" not in ranked


def test_question_ranks_like_its_keywords(searcher) -> None:
    assert _ranked(searcher, "has the parliament passed a budget?")[0] == "all-words.html"


def test_exclusion_removes_documents(searcher) -> None:
    assert "one-word.html" not in _ranked(searcher, "budget -weekend")


@pytest.mark.parametrize("typed", ['speaker:"john kerry" moscow', "section:world moscow",
                                   'speaker:"JOHN KERRY"'])
def test_names_are_case_insensitive(searcher, typed: str) -> None:
    assert _ranked(searcher, typed) == ["speaker.html"]


def test_required_field_restricts(searcher) -> None:
    assert _ranked(searcher, "section:World budget") == ["speaker.html"]


def test_feedback_keeps_the_typed_words_first(searcher) -> None:
    assert _ranked(searcher, "why did parliament pass the budget after a long debate")[0] \
        == "all-words.html"
