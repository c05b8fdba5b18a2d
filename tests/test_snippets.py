"""Snippets: matches in <mark>, everything else escaped, whatever the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.store.schema import TEXT_ANALYZER
from web.search.snippets import TOKEN, mark_all, mark_texts, matches, snippet, term_of

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


WORDY = st.text(alphabet=st.sampled_from(list("aAbé_*.1 ,-\u00df\u0130")) | st.characters(),
                max_size=200)


@settings(max_examples=400, deadline=None)
@given(text=WORDY, pick=st.integers(min_value=0, max_value=5))
def test_matches_are_the_tokens_the_index_analyses_to_the_terms(text, pick):
    tokens = [(t.startchar, t.endchar, t.text)
              for t in TEXT_ANALYZER(text, chars=True, removestops=False)]
    terms = frozenset(t for _a, _b, t in tokens[pick::3])
    expected = [tok for tok in tokens if tok[2] in terms and term_of(text[tok[0]:tok[1]])]
    assert matches(text, terms) == expected


@settings(max_examples=300, deadline=None)
@given(text=WORDY)
def test_the_token_pattern_is_the_analyzers(text):
    tokenizer = TEXT_ANALYZER.items[0]
    assert [m.span() for m in TOKEN.finditer(text)] == [
        m.span() for m in tokenizer.expression.finditer(text)]


def test_fragments_keep_context_and_cut_at_words():
    text = ("The minister opened the session early on Monday. " * 4
            + "Talks on the Crimea question resumed after a long pause in Geneva. "
            + "Nothing else of note happened. " * 6)
    out = snippet(text, _terms("crimea"))
    plain = TAG.sub("", out)
    assert out.count("<mark>") == 1
    assert len(plain) <= 160 and plain in text  # one fragment, a piece of the text
    assert plain.split()[0] in text.split() and plain.split()[-1] in text.split()


def test_best_fragments_are_those_with_most_distinct_terms_shown_in_text_order():
    filler = "Nothing else of note happened that day in the city. " * 4
    text = ("Oil rose. " + filler + "Oil and wheat prices rose together. " + filler
            + "Wheat fell. " + filler)
    out = snippet(text, _terms("oil wheat"), top=1)
    assert "<mark>Oil</mark> and <mark>wheat</mark>" in out
    both = snippet(text, _terms("oil wheat"), top=3)
    assert both.index("Oil</mark> rose") < both.index("<mark>Oil</mark> and")
    assert both.count(" … ") == 2


def test_no_match_gives_nothing_and_titles_are_marked_whole():
    assert snippet("Nothing to see here.", _terms("crimea")) == ""
    assert mark_all("Kerry & Lavrov meet on Crimea", _terms("crimea")) == (
        "Kerry &amp; Lavrov meet on <mark>Crimea</mark>")


PHRASE = frozenset({("state", "depart")})


def test_phrase_words_are_marked_only_where_they_stand_together():
    text = ("The United States said little. Later the State Department said more, and "
            "a department store in the state closed.")
    out = snippet(text, frozenset(), pairs=PHRASE)
    assert "<mark>State</mark> <mark>Department</mark>" in out
    assert "United <mark>States" not in out and "<mark>department</mark> store" not in out


def test_stop_words_between_phrase_words_keep_them_together():
    out = mark_all("The state of the department", frozenset(), PHRASE)
    assert out == "The <mark>state</mark> of the <mark>department</mark>"


def test_a_word_typed_alone_is_marked_everywhere_even_if_also_in_a_phrase():
    out = snippet("States and the State Department", _terms("states"), pairs=PHRASE)
    assert out.count("<mark>") == 3


def test_an_article_is_marked_whole_and_only_its_first_match_has_the_anchor():
    paragraphs = ["Nothing here <b>yet</b>.", "Crimea talks & Crimea votes.", "More on Crimea."]
    out, count = mark_texts(paragraphs, _terms("crimea"), first_id="m1")
    assert count == 3
    assert out == ["Nothing here &lt;b&gt;yet&lt;/b&gt;.",
                   '<mark id="m1">Crimea</mark> talks &amp; <mark>Crimea</mark> votes.',
                   "More on <mark>Crimea</mark>."]
    assert mark_texts(paragraphs, frozenset(), first_id="m1") == (
        ["Nothing here &lt;b&gt;yet&lt;/b&gt;.", "Crimea talks &amp; Crimea votes.",
         "More on Crimea."], 0)
