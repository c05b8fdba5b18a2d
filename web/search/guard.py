"""Bounds on what one query may cost: wildcards, fuzzy terms, clause count (pure checks).

Each refusal is a BadParam (HTTP 400) whose message says why, so a user can fix the query.
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


# A typed word, after an optional `field:` prefix and opening quotes or brackets.
_TYPED_WORDS = re.compile(r"""(?:^|[\s(\[{])(?:[\w]+:)?["'(]*([^\s"'()]+)""")
_EXPANDING = (query.Wildcard, query.Prefix, query.FuzzyTerm, query.Regex, query.TermRange)


def _leaves(q: query.Query) -> list[query.Query]:
    if q.is_leaf():
        return [q]
    out: list[query.Query] = []
    for child in q.children():
        out.extend(_leaves(child))
    return out


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


def check(parsed: Parsed, reader: IndexReader, limits: QueryLimits) -> None:
    """Raise BadParam when the typed query would cost more than the limits allow."""
    check_text(parsed.text)
    if parsed.query is not None:
        check_query(parsed.query, reader, limits)


def check_text(text: str) -> None:
    """Refuse a typed query whose words start with a wildcard (`*`, `*ment`, `?olitics`).

    Checked on the text because the parser turns a bare `*` into match-everything.
    """
    for word in _TYPED_WORDS.findall(text):
        if word[0] in "*?":
            raise BadParam("q", f"leading wildcards are not allowed ('{word}'): they would scan"
                                " every word in the index")


def check_query(q: query.Query, reader: IndexReader, limits: QueryLimits) -> None:
    """Raise BadParam when the query would cost more than the limits allow."""
    leaves = _leaves(q)
    if len(leaves) > limits.max_clauses:
        raise BadParam("q", f"too many terms ({len(leaves)}); the limit is {limits.max_clauses}")
    for leaf in leaves:
        if not isinstance(leaf, _EXPANDING):
            continue
        if isinstance(leaf, query.Regex):
            raise BadParam("q", "regular expressions are not supported")
        if isinstance(leaf, query.TermRange):  # `[a TO z]` over words: no prefix to check
            _check_expansions(leaf, reader, limits,
                              f"[{leaf.start or ''} TO {leaf.end or ''}]", "narrow it")
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
        _check_expansions(leaf, reader, limits, typed, "make it longer")


def _check_expansions(leaf: query.Query, reader: IndexReader, limits: QueryLimits,
                      typed: str, advice: str) -> None:
    count = 0
    for _ in leaf.expanded_terms(reader):
        count += 1
        if count > limits.max_expansions:
            raise BadParam("q", f"'{typed}' matches more than {limits.max_expansions}"
                                f" different words; {advice}")
