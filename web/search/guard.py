"""Bounds on what one query may cost: wildcards, fuzzy terms, word ranges, clause count.

Each refusal is a BadParam (HTTP 400) whose message says why, so a user can fix the query.
The terms a wildcard, fuzzy term or range stands for are counted here, against limits, and
the query that goes on holds those terms in their place: the later steps look up postings
they can cache instead of expanding again, and the words found are what snippets mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query
from whoosh.reading import IndexReader

from ..params import BadParam
from .parse import Parsed


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """How expensive a parsed query may be (from the app's config)."""

    min_prefix: int = 3  # letters before a wildcard: `elec*` yes, `a*` no
    max_expansions: int = 500  # index terms a wildcard or fuzzy term may stand for
    max_clauses: int = 64  # leaf terms in the whole query
    # index terms all of a query's wildcards, fuzzy terms and ranges may stand for together
    max_total_expansions: int = 1000


# A typed word, after an optional `field:` prefix and opening quotes or brackets.
_TYPED_WORDS = re.compile(r"""(?:^|[\s(\[{])(?:[\w]+:)?["'(]*([^\s"'()]+)""")
_EXPANDING = (query.Wildcard, query.Prefix, query.FuzzyTerm, query.Regex, query.TermRange)
STORY_ID = re.compile(r"[0-9a-fA-F]{16}")


def _leaves(q: query.Query) -> list[query.Query]:
    if q.is_leaf():
        return [q]
    out: list[query.Query] = []
    for child in q.children():
        out.extend(_leaves(child))
    return out


def _clauses(leaves: list[query.Query]) -> int:
    """The leaf terms a query counts against max_clauses: a word's forms in the several
    languages it is read in count once per field, as the word would in one language."""
    forms = {(leaf.fieldname, leaf.startchar, leaf.endchar) for leaf in leaves
             if getattr(leaf, "word_form", False)}
    return sum(not getattr(leaf, "word_form", False) for leaf in leaves) + len(forms)


def _literal_prefix(q: query.Query) -> str:
    if isinstance(q, query.Prefix):
        return q.text
    if isinstance(q, query.FuzzyTerm):
        return q.text[: q.prefixlength]
    text = q.text
    for i, ch in enumerate(text):
        if ch in "*?[":
            return text[:i]
    return text


def check(parsed: Parsed, reader: IndexReader, limits: QueryLimits) -> query.Query | None:
    """The parsed query with its expansions spelled out; BadParam when it would cost more
    than the limits allow."""
    check_text(parsed.text)
    if parsed.query is None:
        return None
    return check_query(parsed.query, reader, limits)


def check_text(text: str) -> None:
    """Refuse a typed query whose words start with a wildcard (`*`, `*ment`, `?olitics`).

    Checked on the text because the parser turns a bare `*` into match-everything.
    """
    for word in _TYPED_WORDS.findall(text):
        if word[0] in "*?":
            raise BadParam("q", f"leading wildcards are not allowed ('{word}'): they would scan"
                                " every word in the index")


def check_query(q: query.Query, reader: IndexReader, limits: QueryLimits) -> query.Query:
    """`q` with each expanding leaf replaced by the terms it stands for; BadParam when it
    would cost more than the limits allow."""
    leaves = _leaves(q)
    clauses = _clauses(leaves)
    if clauses > limits.max_clauses:
        raise BadParam("q", f"too many terms ({clauses}); the limit is {limits.max_clauses}")
    for leaf in leaves:
        if getattr(leaf, "fieldname", None) == "story":
            _check_story(leaf)
    q = _stories_lowered(q)
    budget = [limits.max_total_expansions]  # what the query's expansions may still use
    expansions: dict[int, list[tuple[str, bytes]]] = {}
    for leaf in leaves:
        if not isinstance(leaf, _EXPANDING):
            continue
        if isinstance(leaf, query.Regex):
            raise BadParam("q", "regular expressions are not supported")
        if isinstance(leaf, query.TermRange):  # `[a TO z]` over words: no prefix to check
            expansions[id(leaf)] = _check_expansions(
                leaf, reader, limits, budget, f"[{leaf.start or ''} TO {leaf.end or ''}]",
                "narrow it")
            continue
        prefix = _literal_prefix(leaf)
        typed = leaf.text + "*" if isinstance(leaf, query.Prefix) else leaf.text
        if isinstance(leaf, query.FuzzyTerm):
            if len(leaf.text) < limits.min_prefix:
                raise BadParam("q", f"fuzzy terms need at least {limits.min_prefix} letters")
        elif not prefix:
            raise BadParam("q", f"leading wildcards are not allowed ('{typed}'): they"
                                " would scan every word in the index")
        elif len(prefix) < limits.min_prefix:
            raise BadParam("q", f"wildcards need at least {limits.min_prefix} letters before"
                                f" them ('{typed}')")
        expansions[id(leaf)] = _check_expansions(leaf, reader, limits, budget, typed,
                                                 "make it longer")
    return _spelled_out(q, expansions)


def _check_story(leaf: query.Query) -> None:
    """`story:` takes one story id, as results give it."""
    text = getattr(leaf, "text", None)
    if not isinstance(leaf, query.Term) or not isinstance(text, str) or not STORY_ID.fullmatch(
            text):
        typed = text if isinstance(text, str) else " ".join(getattr(leaf, "words", ()))
        raise BadParam("q", f"story: takes a story id, 16 hexadecimal digits as in a"
                            f" result's \"story\" ('{typed[:40]}' is not one)")


def _stories_lowered(q: query.Query) -> query.Query:
    """Story ids as the index holds them (lower case)."""
    if isinstance(q, query.Term) and q.fieldname == "story":
        return query.Term("story", q.text.lower(), boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(_stories_lowered)


def _spelled_out(q: query.Query, expansions: dict[int, list[tuple[str, bytes]]]
                 ) -> query.Query:
    """`q` with the leaves in `expansions` replaced by an OR of their terms."""
    if id(q) in expansions:
        terms = [query.Term(name, text, boost=q.boost) for name, text in expansions[id(q)]]
        return query.Or(terms) if terms else query.NullQuery
    if q.is_leaf():
        return q
    return q.apply(lambda child: _spelled_out(child, expansions))


def _check_expansions(leaf: query.Query, reader: IndexReader, limits: QueryLimits,
                      budget: list[int], typed: str, advice: str) -> list[tuple[str, bytes]]:
    """The (field, term) pairs one leaf stands for, counted against its limit and the
    query's."""
    count = 0
    found = []
    for term in leaf.expanded_terms(reader):
        found.append(term)
        count += 1
        if count > limits.max_expansions:
            raise BadParam("q", f"'{typed}' matches more than {limits.max_expansions}"
                                f" different words; {advice}")
        budget[0] -= 1
        if budget[0] < 0:
            raise BadParam("q", "the query's wildcards together match more than"
                                f" {limits.max_total_expansions} different words; use fewer"
                                " or longer ones")
    return found
