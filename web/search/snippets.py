"""Snippets and marked titles: the text around the query's words, escaped, matches in <mark>.

A word matches when it analyses to one of the query's terms, exactly as the index analysed
it: in the analysis of the text's language (`key`; English by default: lowercase, stop
words, Porter stems). Running the analyzer's chain of
generators over every word of every hit cost more than the search itself, so a text's
distinct words are listed with the tokenizer's pattern (one C regex pass), each is analysed
once through a bounded cache, and only the forms that match are then located in the text.
Fragments follow Whoosh's ContextFragmenter: a match with up to SURROUND characters of
context on each side, later matches joining the fragment while it stays within
SNIPPET_CHARS; the best SNIPPET_FRAGMENTS fragments (most distinct terms, then most
matches) are shown in text order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from whoosh.support.charset import accent_map

from indexer.store.languages import ENGLISH, analyzer_for

SNIPPET_FRAGMENTS = 3
SNIPPET_CHARS = 160
SURROUND = 60
BETWEEN = " … "
# Paragraphs looked at for a snippet of a long body: the first ones that likely match.
SNIPPET_PARAGRAPHS = 6

# The analyzers' tokens (their RegexTokenizer, `[\w\*]+(\.?[\w\*]+)*`), written
# without the group so that findall gives whole words; a test holds the two equal.
TOKEN = re.compile(r"[\w*]+(?:\.[\w*]+)*")
_WORD_CHAR = re.compile(r"[\w*]")
# Distinct words whose analysed term is remembered; the cache is emptied when it is full.
_CACHE_WORDS = 200_000
_term_cache: dict[tuple[str, str], str | None] = {}


def term_of(word: str, key: str = ENGLISH) -> str | None:
    """The term the index holds for one token of text in the analysis `key` (None for a
    stop word)."""
    try:
        return _term_cache[key, word]
    except KeyError:
        pass
    term = next((t.text for t in analyzer_for(key)(word)), None)
    if len(_term_cache) >= _CACHE_WORDS:
        _term_cache.clear()
    _term_cache[key, word] = term
    return term


def matches(text: str, terms: frozenset[str],
            pairs: frozenset[tuple[str, str]] = frozenset(), key: str = ENGLISH
            ) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of `text` that analyses to one of `terms`, and of
    each two words that stand together (nothing but stop words between them) as one of
    `pairs`.

    The distinct words are analysed first (findall runs in C); only the forms that match
    are then looked for, as whole tokens, so the cost is in the matches, not the words.
    """
    wanted = terms | {word for pair in pairs for word in pair}
    forms = {w: t for w in set(TOKEN.findall(text)) if (t := term_of(w, key)) in wanted}
    found = []
    for form, term in forms.items():
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if _starts_token(text, at) and _ends_token(text, end):
                found.append((at, end, term))
            at = text.find(form, end)
    found.sort()
    if pairs:
        found = _phrases_only_together(text, found, terms, pairs, key)
    return found


def _phrases_only_together(text: str, found: list[tuple[int, int, str]],
                           terms: frozenset[str], pairs: frozenset[tuple[str, str]],
                           key: str) -> list[tuple[int, int, str]]:
    """`found` without the words that are only wanted as part of a phrase and do not stand
    next to their partner ("state" of "state department" is not marked in "United
    States")."""
    together = [False] * len(found)
    for i in range(len(found) - 1):
        (_a, end, first), (start, _b, second) = found[i], found[i + 1]
        if (first, second) in pairs and _only_stop_words(text[end:start], key):
            together[i] = together[i + 1] = True
    return [w for w, pair in zip(found, together, strict=True) if pair or w[2] in terms]


def _only_stop_words(gap: str, key: str) -> bool:
    """True when no indexed word stands in `gap` (word pairs skip stop words)."""
    return all(term_of(word, key) is None for word in TOKEN.findall(gap))


def _starts_token(text: str, at: int) -> bool:
    """No word character, nor a word character and a dot, just before `at`."""
    return at == 0 or not (_is_word(text[at - 1])
                           or (text[at - 1] == "." and at > 1 and _is_word(text[at - 2])))


def _ends_token(text: str, end: int) -> bool:
    """No word character, nor a dot and a word character, just after `end`."""
    return end == len(text) or not (_is_word(text[end]) or (
        text[end] == "." and end + 1 < len(text) and _is_word(text[end + 1])))


def _is_word(char: str) -> bool:
    return bool(_WORD_CHAR.match(char))


def _word_start(text: str, pos: int) -> int:
    """The start of the first word at or after `pos` (a word cut at pos is skipped)."""
    while 0 < pos < len(text) and _is_word(text[pos - 1]) and _is_word(text[pos]):
        pos += 1
    while pos < len(text) and not _is_word(text[pos]):
        pos += 1
    return pos


def _word_end(text: str, pos: int, floor: int) -> int:
    """The end of the last word that ends at or before `pos`, and not before `floor`."""
    pos = min(pos, len(text))
    while floor < pos < len(text) and _is_word(text[pos - 1]) and _is_word(text[pos]):
        pos -= 1
    while pos > floor and not _is_word(text[pos - 1]):
        pos -= 1
    return pos


def _marked(text: str, start: int, end: int, spans: Iterable[tuple[int, int, str]],
            first_id: str | None = None) -> str:
    out, at = [], start
    for a, b, _term in spans:
        out.append(escape(text[at:a], quote=False))
        # The id is the page's own constant (an anchor to jump to), never text of a page.
        opening = f'<mark id="{first_id}">' if first_id else "<mark>"
        out.append(opening + escape(text[a:b], quote=False) + "</mark>")
        first_id = None
        at = b
    out.append(escape(text[at:end], quote=False))
    return "".join(out)


def _fragments(text: str, found: list[tuple[int, int, str]], maxchars: int, surround: int
               ) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """(start, end, matches) windows of at most maxchars around runs of matches, with up
    to `surround` characters of context either side; they start and end at whole words."""
    out = []
    i = 0
    while i < len(found):
        first = found[i]
        start = min(_word_start(text, max(0, first[0] - surround)), first[0])
        j = i + 1
        while j < len(found) and found[j][1] - start <= maxchars:
            j += 1
        last_end = found[j - 1][1]
        end = _word_end(text, max(last_end, min(last_end + surround, start + maxchars)), last_end)
        out.append((start, end, found[i:j]))
        i = j
    return out


def snippet(text: str, terms: Iterable[str], top: int = SNIPPET_FRAGMENTS,
            maxchars: int = SNIPPET_CHARS, surround: int = SURROUND,
            pairs: frozenset[tuple[str, str]] = frozenset(), key: str = ENGLISH) -> str:
    """Fragments of `text` (analysed as `key`) around `terms` and `pairs`, escaped, matches
    in <mark>; "" when no word matches."""
    terms = frozenset(terms)
    if not (terms or pairs) or not text:
        return ""
    paragraphs = text.split("\n\n")
    if len(paragraphs) > SNIPPET_PARAGRAPHS:
        # Stems are nearly always prefixes of the word: a cheap pre-filter. Other
        # languages fold accents after stemming, so their text is folded too.
        stems = [t[:4] for t in terms | {w for pair in pairs for w in pair}]
        fold = (str.lower if key == ENGLISH
                else lambda p: p.lower().translate(accent_map))
        likely = [p for p in paragraphs if any(s in fold(p) for s in stems)]
        text = "\n\n".join(likely[:SNIPPET_PARAGRAPHS]) or text
    found = matches(text, terms, pairs, key)
    if not found:
        return ""
    frags = _fragments(text, found, maxchars, surround)
    best = sorted(frags, key=lambda f: (-len({t for _a, _b, t in f[2]}), -len(f[2]), f[0]))
    shown = sorted(best[:top], key=lambda f: f[0])
    return BETWEEN.join(_marked(text, a, b, spans) for a, b, spans in shown)


def mark_all(text: str, terms: Iterable[str],
             pairs: frozenset[tuple[str, str]] = frozenset(), first_id: str | None = None,
             key: str = ENGLISH) -> str:
    """The whole text (analysed as `key`), escaped, with every match in <mark> (for titles
    and articles); the first mark gets the id `first_id` when one is given."""
    terms = frozenset(terms)
    found = matches(text, terms, pairs, key) if terms or pairs else []
    return _marked(text, 0, len(text), found, first_id)


def mark_texts(texts: Iterable[str], terms: Iterable[str],
               pairs: frozenset[tuple[str, str]] = frozenset(),
               first_id: str | None = None, key: str = ENGLISH) -> tuple[list[str], int]:
    """Each text (analysed as `key`) whole and escaped, every match in <mark> (an article's
    paragraphs), and how many matches there are; the first mark of all gets the id
    `first_id`."""
    terms = frozenset(terms)
    out, count = [], 0
    for text in texts:
        found = matches(text, terms, pairs, key) if terms or pairs else []
        out.append(_marked(text, 0, len(text), found, None if count else first_id))
        count += len(found)
    return out, count


def lead(body: str, chars: int = SNIPPET_CHARS * 2) -> str:
    """The start of the body, escaped, cut at a word, for hits without matches in it."""
    if len(body) <= chars:
        return escape(body, quote=False)
    cut = body.rfind(" ", 0, chars)
    return escape(body[: cut if cut > 0 else chars], quote=False) + " …"
