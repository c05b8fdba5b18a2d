"""Snippets: matches in <mark>, everything else escaped, whatever the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.store.schema import TEXT_ANALYZER
from web.search.hits import snippet

TAG = re.compile(r"<[^>]*>")


def _terms(text: str) -> set[str]:
    return {t.text for t in TEXT_ANALYZER(text)}


def test_matches_are_marked_and_markup_escaped():
    text = 'Kerry said <script>alert("x")</script> the Crimea talks & more.'
    out = snippet(text, _terms("crimea"))
    assert "<mark>Crimea</mark>" in out
    assert "&lt;script&gt;" in out and "<script>" not in out
    assert "&amp;" in out


def test_stemmed_words_are_marked():
    assert "<mark>elections</mark>" in snippet("Two elections were held.", _terms("election"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400), query=st.text(max_size=30))
def test_snippet_never_contains_markup_but_mark(text, query):
    out = snippet(text, _terms(query) or {"x"})
    assert set(TAG.findall(out)) <= {"<mark>", "</mark>"}
    assert "<" not in TAG.sub("", out)
