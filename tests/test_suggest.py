""""Did you mean" on the shipped sample: only searched-for words are respelled, the rest
of the query comes back as typed, and a respelling must find more than the query did."""

from __future__ import annotations

import pytest

from web.search.suggest import max_edits

CASES = [
    # (typed, suggestion)
    ("sanctons", "sanctions"),  # the nearest word wins, not a commoner farther one
    ("Crimae", "crimea"),  # a swap of two letters is one edit
    ('"state departmnt"', '"state department"'),  # inside a phrase, quotes kept
    ("crimae AND kerry", "crimea AND kerry"),  # operators kept as typed
    ("sanctions -iran", None),  # known words: nothing to respell, exclusion untouched
    ("sanctions -irn", None),  # an excluded word is never respelled
    ("date:[2016 to", None),  # field syntax is not words
    ("speaker:putn", None),  # fielded values are not body words
    ("Stelle", None),  # German: the German page's "Stellen" has the same stem
    ("Stelen", "stellen"),  # one edit at most for a short word ("steel" is two)
    ("elecshun", None),  # too far from anything
    ("s" + "q" * 60, None),  # too long to be a typo
]


@pytest.mark.parametrize(("typed", "expected"), CASES, ids=[c[0][:20] for c in CASES])
def test_did_you_mean(client, typed, expected):
    data = client.get("/api/search", query_string={"q": typed}).get_json()
    assert data["suggestion"] == expected
    if expected is not None:
        again = client.get("/api/search", query_string={"q": expected}).get_json()
        assert again["total"] > data["total"]


@pytest.mark.parametrize(("word", "edits"), [
    ("ab", 0), ("abc", 1), ("crimae", 1), ("sanctons", 2), ("x" * 24, 2), ("x" * 25, 0)])
def test_edits_allowed_grow_with_the_word(word, edits):
    assert max_edits(word) == edits
