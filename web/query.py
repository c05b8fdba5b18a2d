"""How a typed query and the filters become a Whoosh query (ranking lives here).

Query semantics (README "Query syntax"):

- bare words are optional: a document needs one of them, and ranks higher the more (and the
  rarer) words it has, in the title as in the body;
- question words (`what`, `how`, `is there any`, ...) are dropped from the bare words, as
  natural-language questions carry them and they only add noise;
- `"phrases"`, `field:value` terms and `date:` ranges are required, unless the query spells
  out its own `AND` / `OR` / `NOT`; `-word` excludes and `+word` requires;
- a long plain-words query (a question) gets pseudo-relevance feedback in `resolve_terms`:
  the commonest distinctive words of its best few hits are added at a lower weight;
- junk syntax never raises: it is searched as plain words.

Ranking: BM25F with k1=1.2, b=0.75 and a document-level idf (see `WEIGHTING`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import threading
from collections import Counter, OrderedDict

from whoosh import query, scoring
from whoosh.qparser import MultifieldPlugin, OrGroup, PlusMinusPlugin, QueryParser, syntax
from whoosh.qparser.plugins import EveryPlugin
from whoosh.searching import Searcher

from indexer.store.schema import SCHEMA

from . import fastrank
from .params import SearchParams

logger = logging.getLogger(__name__)

# Fields a bare word is looked up in, and their weights on top of the schema's field_boost
# (title 2.0: its words count twice inside BM25's saturation). Quotes are part of the body
# text already; `quotes:` still searches them alone. On the Cranfield set a title query
# weight of 0.5-1.0 scores the same (nDCG@10 within 0.005); 1.0 is the neutral choice.
TEXT_FIELDS = ("title", "body")
FIELD_WEIGHTS = {"title": 1.0, "body": 1.0}
# Fields whose typed values resolve case-insensitively to the stored spelling.
NAME_FIELDS = ("speaker", "section", "source")
WORDS = re.compile(r"\w+", re.UNICODE)
# Name look-ups (speaker, section, source) by index generation: scanning a lexicon of
# thousands of speakers on every filtered search is what this saves.
_NAMES: OrderedDict[tuple, dict[str, str]] = OrderedDict()
_NAMES_LOCK = threading.Lock()
_NAMES_KEPT = 8
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


class DocumentIdfBM25F(scoring.BM25F):
    """BM25F whose idf counts the documents that have a word in any text field.

    Whoosh's own idf, log(N / (df + 1)) + 1, never drops below 1, so a word in every second
    document still weighs a third of a rare one; a natural-language question then ranks on
    its commonest words. Robertson's idf, log(1 + (N - df + 0.5) / (df + 0.5)), falls to
    about zero for such words. And a word that is rare in titles but common in bodies is
    a common word: taking the largest df of the text fields keeps a title match from
    counting as a rarity.
    """

    def idf(self, searcher: Searcher, fieldname: str, text: str) -> float:
        fields = TEXT_FIELDS if fieldname in TEXT_FIELDS else (fieldname,)
        df = max(searcher.doc_frequency(f, text) for f in fields)
        n = searcher.doc_count_all()
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


# The scoring model every searcher uses. k1 and b are the textbook values: on the Cranfield
# set k1 from 1.2 to 2.5 and b from 0.65 to 0.85 all score within 0.005 nDCG@10.
WEIGHTING = DocumentIdfBM25F(B=0.75, K1=1.2)

# Pseudo-relevance feedback for questions (plain words only, at least FEEDBACK_MIN_WORDS of
# them): the FEEDBACK_DOCS best hits propose FEEDBACK_TERMS body words, weighted by how much
# of each hit they make up, the hit's score and the word's idf; the best of them counts
# FEEDBACK_WEIGHT of a typed word. On the Cranfield set this adds about 0.015 nDCG@10;
# 5-10 docs, 10-20 terms and weights 0.3-0.8 all do. It costs one extra top-10 search and
# reading the start of 10 stored bodies (about a third more time for such a query).
FEEDBACK_MIN_WORDS = 4
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 10
FEEDBACK_WEIGHT = 0.5
FEEDBACK_CHARS = 2000  # of each hit's body: the lead says what an article is about


def _is_bare_word(node: syntax.SyntaxNode) -> bool:
    return isinstance(node, syntax.WordNode) and node.fieldname is None


def _has_operators(group: syntax.GroupNode) -> bool:
    return any(isinstance(node, syntax.Operator)
               or (isinstance(node, syntax.GroupNode) and _has_operators(node))
               for node in group)


class _QuestionWordsPlugin:
    """Drops question words from the bare words (not from phrases or `field:` terms)."""

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


def _parser() -> QueryParser:
    parser = QueryParser(None, SCHEMA, group=OrGroup)
    parser.add_plugin(MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=FIELD_WEIGHTS,
                                       group=syntax.OrGroup))
    parser.add_plugin(_PlusMinus())
    parser.add_plugin(_QuestionWordsPlugin())
    parser.add_plugin(_RequiredPlugin())
    return parser


PARSER = _parser()


def _parse(text: str) -> query.Query:
    try:
        return PARSER.parse(text).normalize()
    except Exception:  # whoosh raises assorted errors on odd syntax
        logger.debug("query did not parse: %r", text, exc_info=True)
        return query.NullQuery


def clean_text(text: str) -> str:
    """The typed query without the question marks of a question (`why ... fail?`).

    In a query of one word a `?` is a wildcard (`?olitics`), and stays.
    """
    return QUESTION_MARK.sub("", text) if len(text.split()) > 1 else text


def parse_query(text: str) -> query.Query | None:
    """The user's query as a Whoosh query; None for an empty one (match everything)."""
    if not text.strip():
        return None
    text = clean_text(text)
    parsed = _parse(text)
    if parsed is query.NullQuery:
        # Junk syntax parses to nothing: fall back to its plain words, lowercased so that
        # `AND OR` are words, not operators.
        words = " ".join(WORDS.findall(text)).lower()
        if not words:
            return None
        parsed = _parse(words)
    return parsed


def _names(searcher: Searcher, fieldname: str) -> dict[str, str]:
    """casefolded -> stored name of a field's values, read once per index generation."""
    key = (fastrank.generation_key(searcher), fieldname)
    with _NAMES_LOCK:
        found = _NAMES.get(key) if key[0] is not None else None
    if found is not None:
        return found
    # setdefault: the first spelling in the lexicon wins, as a scan would find it
    names: dict[str, str] = {}
    for term in searcher.lexicon(fieldname):
        name = term.decode("utf-8")
        names.setdefault(name.casefold(), name)
    if key[0] is not None:
        with _NAMES_LOCK:
            _NAMES[key] = names
            while len(_NAMES) > _NAMES_KEPT:
                _NAMES.popitem(last=False)
    return names


def resolve_name(searcher: Searcher, fieldname: str, value: str) -> str:
    """A user's spelling of a section or speaker to the stored one (case-insensitive)."""
    return _names(searcher, fieldname).get(value.casefold(), value)


def resolve_names(q: query.Query, searcher: Searcher) -> query.Query:
    """`speaker:`, `section:` and `source:` values spelled as the index stores them."""
    if isinstance(q, query.Term) and q.fieldname in NAME_FIELDS:
        return query.Term(q.fieldname, resolve_name(searcher, q.fieldname, q.text),
                          boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: resolve_names(sub, searcher))


def resolve_terms(q: query.Query, searcher: Searcher) -> query.Query:
    """The query as searched: names case-insensitive, feedback words added to questions."""
    q = resolve_names(q, searcher)
    q = with_feedback(q, searcher)
    return tree_unions(q)


def _question_terms(q: query.Query) -> list[str] | None:
    """The words of a plain-words query (an Or of text-field terms), else None."""
    subs = q.subqueries if isinstance(q, query.Or) else []
    if not subs or not all(isinstance(s, query.Term) and s.fieldname in TEXT_FIELDS
                           for s in subs):
        return None
    return list(dict.fromkeys(s.text for s in subs))


def with_feedback(q: query.Query, searcher: Searcher) -> query.Query:
    """A question re-ranked by the distinctive words of its best hits (see FEEDBACK_*)."""
    words = _question_terms(q)
    if words is None or len(words) < FEEDBACK_MIN_WORDS:
        return q
    best_hits = fastrank.rank(searcher, q, FEEDBACK_DOCS)
    if best_hits is None:  # a weighting fastrank does not model: Whoosh ranks them
        best_hits = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=FEEDBACK_DOCS)]
    if not best_hits:
        return q
    analyzer = SCHEMA["body"].analyzer
    top = best_hits[0][1] or 1.0
    mass: Counter[str] = Counter()
    for docnum, score in best_hits:
        body = searcher.stored_fields(docnum).get("body", "")
        tokens = [t.text for t in analyzer(body[:FEEDBACK_CHARS])]
        for text, count in Counter(tokens).items():
            mass[text] += count / len(tokens) * score / top
    asked = set(words)
    candidates = sorted(((weight * WEIGHTING.idf(searcher, "body", text), text)
                         for text, weight in mass.items()
                         if text not in asked and not text.isdigit()), reverse=True)
    chosen = candidates[:FEEDBACK_TERMS]
    if not chosen or chosen[0][0] <= 0:
        return q
    best = chosen[0][0]
    extra = [query.Term("body", text, boost=FEEDBACK_WEIGHT * weight / best)
             for weight, text in chosen]
    logger.debug("feedback for %s: %s", words, [text for _, text in chosen])
    # One flat Or: Whoosh scores it fastest. The feedback words may add a few documents
    # at the bottom of the ranking that have none of the typed words.
    return query.Or([*q.subqueries, *extra])


def tree_unions(q: query.Query, root: bool = True) -> query.Query:
    """Or nodes below the root matched as trees of unions.

    On small indexes (up to 5000 documents) Whoosh matches an Or by pre-reading its scores
    into an array; nested inside another matcher, that loses hits from the top k (whoosh3
    3.54). The array matcher is right, and faster, at the root.
    """
    if q.is_leaf():
        return q
    q = q.apply(lambda sub: tree_unions(sub, root=False))
    if isinstance(q, query.Or) and not root:
        q.matcher_type = query.Or.DEFAULT_MATCHER
    return q


def build_filter(searcher: Searcher, params: SearchParams) -> query.Query | None:
    """The section, speaker, source and date filters as one query, or None."""
    parts: list[query.Query] = []
    for fieldname, value in (("section", params.section), ("speaker", params.speaker),
                             ("source", params.source)):
        if value:
            parts.append(query.Term(fieldname, resolve_name(searcher, fieldname, value)))
    if params.date_from or params.date_to:
        start = dt.datetime.combine(params.date_from, dt.time.min) if params.date_from else None
        end = dt.datetime.combine(params.date_to, dt.time.max) if params.date_to else None
        parts.append(query.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)
