"""How a typed query and the filters become a Whoosh query (ranking lives here)."""

from __future__ import annotations

import datetime as dt
import re

from whoosh import query, scoring
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.searching import Searcher

from indexer.schema import SCHEMA

from .params import SearchParams

# Fields a bare word is looked up in, and their weights on top of the schema's boosts.
TEXT_FIELDS = ("title", "body", "quotes")
FIELD_WEIGHTS = {"title": 1.0, "body": 1.0, "quotes": 0.5}
WORDS = re.compile(r"\w+", re.UNICODE)
# The scoring model every searcher uses.
WEIGHTING = scoring.BM25F()


def _parser() -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), SCHEMA, fieldboosts=FIELD_WEIGHTS,
                              group=OrGroup.factory(0.9))
    return parser


PARSER = _parser()


def parse_query(text: str) -> query.Query | None:
    """The user's query as a Whoosh query; None for an empty one (match everything)."""
    if not text.strip():
        return None
    parsed = PARSER.parse(text)
    if parsed is query.NullQuery:
        # Junk syntax parses to nothing: fall back to its plain words.
        words = " ".join(WORDS.findall(text))
        if not words:
            return None
        parsed = PARSER.parse(words)
    return parsed.normalize()


def resolve_name(searcher: Searcher, fieldname: str, value: str) -> str:
    """A user's spelling of a section or speaker to the stored one (case-insensitive)."""
    lowered = value.casefold()
    for term in searcher.lexicon(fieldname):
        name = term.decode("utf-8")
        if name.casefold() == lowered:
            return name
    return value


def resolve_terms(q: query.Query, searcher: Searcher) -> query.Query:
    """Make `speaker:` and `section:` terms case-insensitive."""
    if isinstance(q, query.Term) and q.fieldname in ("speaker", "section", "source"):
        return query.Term(q.fieldname, resolve_name(searcher, q.fieldname, q.text),
                          boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: resolve_terms(sub, searcher))


def build_filter(searcher: Searcher, params: SearchParams) -> query.Query | None:
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


