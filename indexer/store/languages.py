"""Text analysed per language: each page's words stemmed and stopped by its own language.

One text field holds every language. `to_fields` puts a marker in front of a value that is
not English ("\\x02de\\x02Die Wahlen..."), and the fields' analyzer (`TextAnalyzer`) reads it
and runs that language's chain. Terms of all languages then share the field: its ranking
statistics, its word pairs and its spelling words stay one set, and a query looks each
word up as every language the search covers analyses it (`terms`).

The chains:
- English, and a page of no known language: ENGLISH, as the index always analysed text
  (Porter stems, English stop words, accents folded first);
- a language with a Snowball stemmer in Whoosh (German, French, Spanish, ...): its stop
  words, its stemmer, then accents folded (the stemmer and the stop words read accents:
  "élections" -> "élect" -> "elect");
- any other language (Japanese, Polish, ...): lower-cased and accents folded, unstemmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import analysis
from whoosh.lang import NoStopWords, has_stemmer, stopwords_for_language
from whoosh.support.charset import accent_map

# The analysis key of English text: the index's analysis before it had languages.
ENGLISH = "en"
# The analysis key of a language Whoosh has no stemmer for: words as written.
UNSTEMMED = "unstemmed"
# Stemmers Whoosh files under another code than the one pages declare.
_STEMMER_CODES = {"nb": "no", "nn": "no"}
MARK = "\x02"
# Stop words missing from Whoosh's lists, added to them: its French list has "le" and
# "la" but not "les" (which would be indexed as the stem "le").
MORE_STOP_WORDS = {"fr": frozenset({"les", "ils", "elles", "cette", "cet", "leurs"})}

# Stemmed English text with stop words removed and accents folded: natural-language queries
# match "elections" to "election", "Fernandez" to "Fernández", and do not rank on "the".
ENGLISH_ANALYZER = (analysis.RegexTokenizer() | analysis.LowercaseFilter()
                    | analysis.CharsetFilter(accent_map) | analysis.StopFilter(minsize=1)
                    | analysis.StemFilter())


def analysis_key(language: str | None) -> str:
    """How text of a language is analysed: ENGLISH (also for no language), the code of a
    language with a stemmer, or UNSTEMMED."""
    if language is None or language == ENGLISH:
        return ENGLISH
    code = _STEMMER_CODES.get(language, language)
    return code if has_stemmer(code) else UNSTEMMED


_CHAINS: dict[str, analysis.Analyzer] = {ENGLISH: ENGLISH_ANALYZER}


def analyzer_for(key: str) -> analysis.Analyzer:
    """The analyzer chain of an analysis key (see analysis_key), built once."""
    found = _CHAINS.get(key)
    if found is None:
        found = _CHAINS.setdefault(key, _chain(key))
    return found


def _chain(key: str) -> analysis.Analyzer:
    chain = analysis.RegexTokenizer() | analysis.LowercaseFilter()
    if key == UNSTEMMED or not has_stemmer(key):  # (a key this version does not know)
        return chain | analysis.CharsetFilter(accent_map)
    try:
        chain = chain | analysis.StopFilter(
            stoplist=stopwords_for_language(key) | MORE_STOP_WORDS.get(key, frozenset()),
            minsize=1)
    except NoStopWords:
        pass
    return chain | analysis.StemFilter(lang=key) | analysis.CharsetFilter(accent_map)


def marked(key: str, text: str) -> str:
    """A field value that TextAnalyzer analyses with the chain of `key`."""
    return text if key == ENGLISH else f"{MARK}{key}{MARK}{text}"


def split_mark(value: str) -> tuple[str, str]:
    """(analysis key, text) of a field value."""
    if value.startswith(MARK):
        end = value.find(MARK, 1)
        if end > 0:
            return value[1:end], value[end + 1:]
    return ENGLISH, value


class TextAnalyzer(analysis.Analyzer):
    """The text fields' analyzer: the chain of the language the value is marked with
    (ENGLISH for an unmarked value: queries and English pages)."""

    def __call__(self, value: str, start_char: int = 0, **kwargs: Any
                 ) -> Iterator[analysis.Token]:
        # Character offsets count from the text, not the marker: they point into the
        # stored value, which has none.
        key, text = split_mark(value)
        return analyzer_for(key)(text, start_char=start_char, **kwargs)

    def has_morph(self) -> bool:
        # Stems: Whoosh then keeps the unstemmed words apart for "did you mean".
        return True

    def clean(self) -> None:
        for chain in list(_CHAINS.values()):
            chain.clean()


def terms(text: str, keys: Iterable[str], mode: str = "query") -> list[list[str]]:
    """The terms `text` gives in each analysis of `keys` (one list per key, in order)."""
    return [[t.text for t in analyzer_for(key)(text, mode=mode)] for key in keys]
