"""How typed text becomes a Whoosh query (pure: no index needed).

Query semantics (README "Query syntax"):

- bare words are optional: a document needs one of them, and ranks higher the more (and the
  rarer) words it has, in the title as in the body;
- question words (`what`, `how`, `is there any`, ...) are dropped from the bare words, as
  natural-language questions carry them and they only add noise;
- `"phrases"`, `field:value` terms and `date:` ranges are required, unless the query spells
  out its own `AND` / `OR` / `NOT`; `-word` excludes and `+word` requires;
- `"phrases"` in the text fields are looked up as word pairs (the `pairs` field): a
  two-word phrase is one term, a longer one every pair of it;
- junk syntax never raises: it is searched as plain words;
- each word is analysed as the languages searched analyse it (`keys`, the analysis keys of
  indexer/store/languages.py): with no language filter, a word matches in every language
  the index holds, as any of the distinct stems those languages give it ("Wahlen" is
  English "wahlen" or German "wahl").

What a query then costs is checked by guard.py, its names resolved by filters.py, and its
ranking (BM25F, feedback for questions) is ranking.py's.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import query
from whoosh.qparser import (
    MultifieldPlugin,
    OrGroup,
    PhrasePlugin,
    PlusMinusPlugin,
    QueryParser,
    syntax,
)
from whoosh.qparser.plugins import EveryPlugin
from whoosh.support.charset import accent_map

from indexer.store.languages import ENGLISH, analyzer_for, marked
from indexer.store.schema import ANALYSED_FIELDS, SCHEMA, word_pairs

logger = logging.getLogger(__name__)

# Fields a bare word is looked up in, and their weights on top of the schema's field_boost
# (title 2.0: its words count twice inside BM25's saturation). Quotes are part of the body
# text already; `quotes:` still searches them alone. On the Cranfield set a title query
# weight of 0.5-1.0 scores the same (nDCG@10 within 0.005); 1.0 is the neutral choice.
TEXT_FIELDS = ("title", "body")
FIELD_WEIGHTS = {"title": 1.0, "body": 1.0}
WORDS = re.compile(r"\w+", re.UNICODE)
# In a query of several words a "?" that ends or starts a word is punctuation (a question
# mark, or the quotes of an old plain-text source), not a wildcard; `wom?n` still is one.
QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)]|$)|(?:^|(?<=[\s(]))\?+(?=\w)")

# Words that make a question rather than say what it is about: function words (NLTK's
# English list) plus the phrasing of requests ("is there any information available on",
# "has anyone found"). Dropped from bare words at query time only, so the index keeps them
# and "phrases" with them still match.
QUESTION_WORDS = frozenset("""
a about above after again against all also am among an and any anybody anyone anything are
as at available be because been before being below between both but by can could did do does
doing done down during each either etc exist existing exists few find for from further had has
have having he her here hers herself him himself his how however i if in information into is it
its itself just know known made may me might more most must my myself no nor not now of off on
once only or other our ours ourselves out over own paper papers possible same shall she should
so some someone such than that the their theirs them themselves then there these they this
those through thus to too under until up upon very was we were what when where whether which
while who whom why will with within without would yet you your yours yourself yourselves
""".split())


def _is_bare_word(node: syntax.SyntaxNode) -> bool:
    return isinstance(node, syntax.WordNode) and node.fieldname is None


def _has_operators(group: syntax.GroupNode) -> bool:
    return any(isinstance(node, syntax.Operator)
               or (isinstance(node, syntax.GroupNode) and _has_operators(node))
               for node in group)


class _QuestionWordsPlugin:
    """Drops question words from the bare words (not from phrases or `field:` terms) of a
    search that covers English."""

    def taggers(self, parser: QueryParser) -> list:
        return []

    def filters(self, parser: QueryParser) -> list:
        # After the fields plugin (100) names fielded words, before multifield (110).
        return [(self.drop_question_words, 105)]

    def drop_question_words(self, parser: QueryParser, group: syntax.GroupNode
                            ) -> syntax.GroupNode:
        if _has_operators(group):
            return group  # `what OR how` means what it says
        words = [node for node in _walk(group) if _is_bare_word(node)]
        asked = [node for node in words if _plain(node.text) in QUESTION_WORDS]
        if not asked or len(asked) == len(words):
            return group  # nothing to drop, or nothing would be left
        return _without(group, {id(node) for node in asked})


class _RequiredPlugin:
    """Makes `"phrases"` and `field:value` terms required in a query without operators."""

    def taggers(self, parser: QueryParser) -> list:
        return []

    def filters(self, parser: QueryParser) -> list:
        # After fieldnames (100), before plus/minus (510) reads the markers.
        return [(self.require, 106)]

    def require(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        if _has_operators(group):
            return group
        out = []
        for node in group:
            marked = out and isinstance(out[-1], (_PlusMinus.Plus, _PlusMinus.Minus))
            if not marked and (isinstance(node, syntax.RangeNode)
                               or (node.has_fieldname and node.fieldname is not None)
                               or type(node).__name__ == "PhraseNode"):
                out.append(_PlusMinus.Plus())
            out.append(node)
        return group.__class__(out)


class _PlusMinus(PlusMinusPlugin):
    """`+word` and `-word` only at the start of a word (`wind-tunnel` stays one word)."""

    def __init__(self) -> None:
        super().__init__(plusexpr=r"(?<![^\s(])\+(?=[^\s+])",
                         minusexpr=r"(?<![^\s(])-(?=[^\s-])")

    def do_plusminus(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        # The stock filter reads the top group only; a marker left inside brackets would
        # fail to build. Sort each bracketed group first.
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_plusminus(parser, node)
        if not any(isinstance(n, (self.Plus, self.Minus)) for n in group):
            return group
        if all(isinstance(n, (self.Minus, syntax.Whitespace)) or prev_minus
               for n, prev_minus in _after_minus(group, self.Minus)):
            # Only exclusions (`-crimea`): everything else.
            every = EveryPlugin.EveryNode()
            every.startchar = every.endchar = 0
            group.insert(0, every)
        return super().do_plusminus(parser, group)


def _after_minus(group: syntax.GroupNode, minus: type) -> list[tuple]:
    pairs, prev = [], False
    for node in group:
        pairs.append((node, prev))
        prev = isinstance(node, minus)
    return pairs


def _walk(group: syntax.GroupNode):
    for node in group:
        yield node
        if isinstance(node, syntax.GroupNode):
            yield from _walk(node)


def _without(group: syntax.GroupNode, drop: set[int]) -> syntax.GroupNode:
    kept = []
    for node in group:
        if id(node) in drop:
            continue
        kept.append(_without(node, drop) if isinstance(node, syntax.GroupNode) else node)
    clone = group.__class__(kept)
    clone.__dict__.update({k: v for k, v in group.__dict__.items() if k != "nodes"})
    return clone


def _plain(word: str) -> str:
    return "".join(WORDS.findall(word.lower()))


# A stemmed wildcard prefix shorter than this is not used ("ele*" stems to "el*").
MIN_STEMMED_PREFIX = 3


class _Parser(QueryParser):
    """Whoosh's parser, with text read in the analyses of `keys`, and wildcards in text
    fields read as typed.

    A word of a text field is analysed in each of `keys`; its distinct terms are one Or
    (one term when the analyses agree, as for an English-only index).

    Whoosh runs a wildcard's text through the field's analyzer, stemmer included: "ele*"
    became "el*", and a pattern like "cri?ea" was stemmed as if it were a word. A prefix
    is stemmed only when its stem keeps MIN_STEMMED_PREFIX letters ("sanctions*" is
    "sanction*", which the index's "sanction" matches); otherwise it is lower-cased and its
    accents folded, like every pattern.
    """

    def __init__(self, keys: tuple[str, ...], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True,
                   removestops=True):
        if fieldname not in ANALYSED_FIELDS:
            return super().term_query(fieldname, text, termclass, boost, tokenize,
                                      removestops)
        if termclass in (query.Prefix, query.Wildcard):
            lowered = text.lower().translate(accent_map)  # as every analysis folds accents
            patterns = ([_stemmed_prefix(lowered, key) for key in self.keys]
                        if termclass is query.Prefix else [lowered])
            return _any_of([termclass(fieldname, p, boost=boost)
                            for p in dict.fromkeys(patterns)])
        found: list[query.Query] = []
        for key in self.keys:
            q = super().term_query(fieldname, marked(key, text), termclass, boost, tokenize,
                                   removestops)
            if q is not None and q not in found:
                found.append(q)
        return _any_of(found) if found else None


def _stemmed_prefix(prefix: str, key: str) -> str:
    """A prefix as the analysis `key` stems it, when its stem is one word and keeps
    MIN_STEMMED_PREFIX letters; else as typed (lower-cased and folded)."""
    stems = [t.text for t in analyzer_for(key)(prefix, mode="query")]
    return stems[0] if len(stems) == 1 and len(stems[0]) >= MIN_STEMMED_PREFIX else prefix


def _any_of(queries: list[query.Query]) -> query.Query:
    """One word's queries in several analyses, as one query."""
    if len(queries) == 1:
        return queries[0]
    forms = query.Or(queries)
    forms.word_forms = True  # its parts take its place in the text (_spread_chars)
    return forms


class _LanguagePhrasePlugin(PhrasePlugin):
    """`"phrases"` in text fields read in each of the parser's analyses, as words are."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            keys = getattr(parser, "keys", (ENGLISH,))
            if fieldname not in ANALYSED_FIELDS or keys == (ENGLISH,):
                return super().query(parser)
            text, found = self.text, []
            try:
                for key in keys:
                    self.text = marked(key, text)
                    q = super().query(parser)
                    if q is not None and all(q.words != other.words for other in found):
                        found.append(q)
            finally:
                self.text = text
            return syntax.attach(_any_of(found), self) if found else None

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            node = super().create(parser, match)
            node.__class__ = _LanguagePhrasePlugin.PhraseNode
            return node


def positive_leaves(q: query.Query) -> Iterator[query.Query]:
    """The leaf queries `q` searches for; not those it excludes (`-word`, `NOT word`)."""
    if isinstance(q, query.AndNot):
        yield from positive_leaves(q.a)
    elif isinstance(q, query.Not):
        return
    elif q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from positive_leaves(child)


@functools.lru_cache(maxsize=64)
def parser_for(keys: tuple[str, ...] = (ENGLISH,)) -> QueryParser:
    """The query parser of a search in the analyses `keys` (one per set of keys)."""
    parser = _Parser(keys, None, SCHEMA, group=OrGroup)
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(_LanguagePhrasePlugin())
    parser.add_plugin(MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=FIELD_WEIGHTS,
                                       group=syntax.OrGroup))
    parser.add_plugin(_PlusMinus())
    if ENGLISH in keys:
        parser.add_plugin(_QuestionWordsPlugin())
    parser.add_plugin(_RequiredPlugin())
    return parser


PARSER = parser_for()


def _parse(text: str, keys: tuple[str, ...] = (ENGLISH,)) -> query.Query:
    try:
        parsed = parser_for(keys).parse(text, normalize=False)
        return _spread_chars(parsed).normalize()
    except Exception:  # whoosh raises assorted errors on odd syntax
        logger.debug("query did not parse: %r", text, exc_info=True)
        return query.NullQuery


def _spread_chars(q: query.Query) -> query.Query:
    """The query with a word's place in the text given to each of its forms: the Or of a
    word's terms in several languages is flattened away by normalize(), and what reads
    places (respelling, all-words matching) reads them on terms."""
    if q.is_leaf():
        return q
    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    for child in q.children():
        if (getattr(q, "word_forms", False) and start is not None
                and getattr(child, "startchar", None) is None):
            child.startchar, child.endchar = start, end
            child.word_form = True  # one of a word's forms: guard.py counts them once
        _spread_chars(child)
    return q


def clean_text(text: str) -> str:
    """The typed query without the question marks of a question (`why ... fail?`).

    In a query of one word a `?` is a wildcard (`?olitics`), and stays.
    """
    return QUESTION_MARK.sub("", text) if len(text.split()) > 1 else text


@dataclass(frozen=True, slots=True)
class Parsed:
    """A typed query, read."""

    text: str  # as typed, without the question marks of a question
    query: query.Query | None  # None: nothing typed, everything matches
    keys: tuple[str, ...] = (ENGLISH,)  # the analyses its words were read in


def parse(typed: str, keys: tuple[str, ...] = (ENGLISH,)) -> Parsed:
    """The typed query as a Whoosh query, its words analysed in each of `keys` (junk syntax
    falls back to its plain words)."""
    text = clean_text(typed)
    return Parsed(text, _to_query(text, keys), keys)


def _to_query(text: str, keys: tuple[str, ...]) -> query.Query | None:
    if not text.strip():
        return None
    parsed = _parse(text, keys)
    if parsed is query.NullQuery:
        # Junk syntax parses to nothing: fall back to its plain words, lowercased so that
        # `AND OR` are words, not operators.
        words = " ".join(WORDS.findall(text)).lower()
        if not words:
            return None
        parsed = _parse(words, keys)
    return as_pairs(parsed)


def as_pairs(q: query.Query) -> query.Query:
    """A phrase typed without a field (looked up in title and body) as `pairs` terms: the
    same documents for two words (pairs join words at consecutive positions, as a phrase
    does); for more words, the documents with every pair of the phrase."""
    if q.is_leaf():
        return q
    q = q.apply(as_pairs)
    if not isinstance(q, query.Or):
        return q
    fields_of: dict[tuple, set[str]] = {}
    for sub in q.subqueries:
        if isinstance(sub, query.Phrase) and sub.slop == 1 and len(sub.words) >= 2:
            fields_of.setdefault(tuple(sub.words), set()).add(sub.fieldname)
    paired = {words for words, fields in fields_of.items() if fields >= set(TEXT_FIELDS)}
    if not paired:
        return q
    out: list[query.Query] = []
    for sub in q.subqueries:
        words = tuple(sub.words) if isinstance(sub, query.Phrase) else None
        if words in paired:
            if sub.fieldname == TEXT_FIELDS[0]:  # once per phrase
                terms = [query.Term("pairs", p) for p in dict.fromkeys(word_pairs(list(words)))]
                out.append(terms[0] if len(terms) == 1 else query.And(terms))
        else:
            out.append(sub)
    return out[0] if len(out) == 1 else query.Or(out, boost=q.boost)
