"""Did you mean: a respelling of the words the index does not know, the rest as typed.

Only words the query searches for are respelled: not excluded words (`-iran`, `NOT x`),
not fielded values (`speaker:`, `date:`), not operators or brackets; their place in the
typed text comes from the parsed query, so everything else is given back exactly as typed.
A word gets the nearest spelling the index holds (true Damerau-Levenshtein distance, then
the commonest), at most one edit away for words up to AUTO_ONE_EDIT letters and two for
longer ones, as Elasticsearch's AUTO fuzziness does: short words are too easily turned into
other words ("Stelle" is not "still").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import query
from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from indexer.store.languages import ENGLISH, terms
from indexer.store.schema import SCHEMA

from .parse import Parsed, positive_leaves

# Respelled from the body's words (its spelling field keeps them unstemmed).
SPELL_FIELD = "body"
RESPELLED_FIELDS = ("title", "body")
# Words longer than this get no respelling: the corrector's cost grows with the word, and
# a word this long is not a typo of one the index holds.
MAX_CHARS = 24
MIN_CHARS = 3
AUTO_ONE_EDIT = 6
# Candidates looked at per word, nearest first as the index lists them.
MAX_CANDIDATES = 50
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W\d_]+")


def _phrase_words(text: str) -> set[tuple[int, int]]:
    """Spans of the words inside quoted phrases (phrases are looked up as word pairs, whose
    parts carry no place in the text)."""
    return {(m.start(), m.end()) for phrase in _PHRASE.finditer(text)
            for m in _WORD.finditer(text, phrase.start(1), phrase.end(1))}


def respellable(parsed: Parsed) -> list[tuple[int, int]]:
    """Spans of `parsed.text` that a respelling may replace, in order."""
    spans = _phrase_words(parsed.text)
    for leaf in positive_leaves(parsed.query) if parsed.query is not None else ():
        start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
        if (isinstance(leaf, query.Term) and leaf.fieldname in RESPELLED_FIELDS
                and start is not None and end is not None):
            spans.add((start, end))
    return sorted(spans)


def max_edits(word: str) -> int:
    if len(word) < MIN_CHARS or len(word) > MAX_CHARS:
        return 0
    return 1 if len(word) <= AUTO_ONE_EDIT else 2


def _stems(word: str, keys: tuple[str, ...]) -> set[str]:
    """The terms a word is looked up as in the analyses `keys`."""
    return {term for found in terms(word, keys, mode="") for term in found}


def _known(searcher: Searcher, word: str, keys: tuple[str, ...] = (ENGLISH,)) -> bool | None:
    """Whether the index holds the word in one of the analyses `keys`; None for a stop
    word of any of them (nothing to respell: "the" is English's, whatever German makes of
    it)."""
    found = terms(word, keys, mode="")
    if not all(found):
        return None
    return any(searcher.doc_frequency(SPELL_FIELD, t) for stems in found for t in stems)


def nearest_spellings(searcher: Searcher, word: str, limit: int = 3,
                      keys: tuple[str, ...] = (ENGLISH,)) -> list[str]:
    """The index's spellings nearest to `word` (lower-cased), within max_edits: nearest
    first, then commonest (as the analyses `keys` count it); at most `limit`."""
    edits = max_edits(word)
    if not edits:
        return []
    reader = searcher.reader()
    spell_field = SCHEMA[SPELL_FIELD].spelling_fieldname(SPELL_FIELD)
    ranked = []
    # prefix=1: only words with the same first letter; scanning the whole vocabulary
    # costs seconds on a large index.
    for n, candidate in enumerate(reader.terms_within(spell_field, word, edits, prefix=1)):
        if n >= MAX_CANDIDATES:
            break
        distance = damerau_levenshtein(word, candidate)
        if candidate == word or distance > edits:
            continue
        frequency = sum(searcher.doc_frequency(SPELL_FIELD, t) for t in _stems(candidate, keys))
        ranked.append((distance, -frequency, candidate))
    ranked.sort()
    return [candidate for distance, _f, candidate in ranked if distance == ranked[0][0]][:limit]


def respell(searcher: Searcher, parsed: Parsed, count: Callable[[str], int]) -> str | None:
    """The typed text with its unknown words respelled, or None when none can be.

    Where several spellings are as near, the one whose query finds most (`count`) wins:
    "kery lavrov" is "kerry lavrov", not "key lavrov"."""
    text = parsed.text
    shift, changed = 0, False
    for start, end in respellable(parsed):
        start, end = start + shift, end + shift
        word = text[start:end]
        if not _WORD.fullmatch(word) or _known(searcher, word.lower(), parsed.keys) is not False:
            continue
        options = [text[:start] + fix + text[end:]
                   for fix in nearest_spellings(searcher, word.lower(), keys=parsed.keys)]
        if not options:
            continue
        best = options[0] if len(options) == 1 else max(options, key=count)
        shift += len(best) - len(text)
        text, changed = best, True
    return text if changed else None
