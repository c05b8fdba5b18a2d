"""Names as the index stores them, and the search's filters as one query.

`speaker:putin`, `section=markets` and `source=xinhua` are typed by people, not copied
from the index: a value resolves case-insensitively to the stored spelling, and a section
wording the alias table knows (`markets`, `Wirtschaft`) to the label pages are indexed
under (`Business`), through the same table the indexer uses.
"""

from __future__ import annotations

import datetime as dt

from whoosh import query

from indexer.extraction.sections import canonical_section
from indexer.store.schema import NAME_FIELDS

from ..params import SearchParams
from .index import View


def _names(view: View, fieldname: str) -> dict[str, str]:
    """casefolded -> stored name of a field's values, read once per index generation."""
    caches = view.caches
    found = caches.names.get(fieldname)
    if found is not None:
        return found
    names: dict[str, str] = {}
    # setdefault: the first spelling in the lexicon wins, as a scan would find it
    for term in view.searcher.lexicon(fieldname):
        name = term.decode("utf-8")
        names.setdefault(name.casefold(), name)
    with caches.names_lock:
        return caches.names.setdefault(fieldname, names)


def known_name(view: View, fieldname: str, value: str) -> str | None:
    """The stored spelling of a name the index holds (any case), or None."""
    return _names(view, fieldname).get(value.casefold())


def resolve_name(view: View, fieldname: str, value: str) -> str:
    """A user's spelling of a section, speaker, organisation or agency to the stored one."""
    names = _names(view, fieldname)
    found = names.get(value.casefold())
    if found is None and fieldname == "section":
        label = canonical_section(value)
        found = names.get(label.casefold()) if label else None
    return found or value


def resolve_names(view: View, q: query.Query) -> query.Query:
    """`speaker:`, `org:`, `section:` and `source:` values spelled as the index stores them."""
    if isinstance(q, query.Term) and q.fieldname in NAME_FIELDS:
        return query.Term(q.fieldname, resolve_name(view, q.fieldname, q.text), boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: resolve_names(view, sub))


def build_filter(view: View, params: SearchParams) -> query.Query | None:
    """The section, speaker, source and date filters as one query, or None."""
    parts: list[query.Query] = []
    for fieldname, value in (("section", params.section), ("speaker", params.speaker),
                             ("source", params.source)):
        if value:
            parts.append(query.Term(fieldname, resolve_name(view, fieldname, value)))
    if params.date_from or params.date_to:
        start = dt.datetime.combine(params.date_from, dt.time.min) if params.date_from else None
        end = dt.datetime.combine(params.date_to, dt.time.max) if params.date_to else None
        parts.append(query.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)
