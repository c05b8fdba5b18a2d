"""Names as the index stores them, and the search's filters as one query.

`speaker:putin`, `section=markets` and `source=xinhua` are typed by people, not copied
from the index: a value resolves case- and accent-insensitively to the stored spelling
("fernandez" to "Fernández"), and a section wording the alias table knows (`markets`,
`Wirtschaft`) to the label pages are indexed under (`Business`), through the same table the
indexer uses. A person, organisation or author is also found by part of the name, as people
search for them: `speaker:Putin` is every speaker whose name has the word Putin,
`author=Rojas` every author whose name has the word Rojas.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from whoosh import query
from whoosh.reading import TermNotFound

from indexer.extraction.sections import canonical_section
from indexer.store.languages import ENGLISH, analysis_key
from indexer.store.schema import NAME_FIELDS

from ..params import SearchParams
from .index import View

# Fields whose values are names of people or organisations, found by part of the name.
PART_FIELDS = ("speaker", "org", "author")
# Names one typed name part may stand for (a common first name matches many people).
MAX_NAMES_PER_PART = 50


def fold(text: str) -> str:
    """Case and accents folded away: "Fernández" and "FERNANDEZ" are "fernandez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names(view: View, fieldname: str) -> dict[str, list[str]]:
    """folded name -> the stored names of a field's values, read once per generation."""
    caches = view.caches
    found = caches.names.get(fieldname)
    if found is not None:
        return found
    names: dict[str, list[str]] = {}
    for term in view.searcher.lexicon(fieldname):
        name = term.decode("utf-8")
        names.setdefault(fold(name), []).append(name)
    with caches.names_lock:
        return caches.names.setdefault(fieldname, names)


def _words(folded: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", folded))


def _with_part(view: View, fieldname: str, value: str) -> list[str]:
    """Stored names in which the typed words stand as consecutive whole words."""
    wanted = _words(fold(value))
    if not wanted:
        return []
    found = []
    for folded, stored in _names(view, fieldname).items():
        words = _words(folded)
        if any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)):
            found.extend(stored)
            if len(found) >= MAX_NAMES_PER_PART:
                break
    return sorted(found)


def resolve_name(view: View, fieldname: str, value: str) -> list[str]:
    """The stored names a user's spelling of a section, speaker, organisation or agency
    stands for (the value itself when none is found, so that it matches nothing)."""
    names = _names(view, fieldname)
    found = names.get(fold(value))
    if found is None and fieldname == "section":
        label = canonical_section(value)
        found = names.get(fold(label)) if label else None
    if found is None and fieldname in PART_FIELDS:
        found = _with_part(view, fieldname, value)
    return found or [value]


def known_names(view: View, fieldname: str, value: str) -> list[str]:
    """The stored names a typed name stands for that the index holds; [] for none."""
    stored = _names(view, fieldname)
    return [name for name in resolve_name(view, fieldname, value) if fold(name) in stored]


def name_query(view: View, fieldname: str, value: str, boost: float = 1.0) -> query.Query:
    """The query for a typed name: its stored spellings, any of them."""
    names = resolve_name(view, fieldname, value)
    terms = [query.Term(fieldname, name, boost=boost) for name in names]
    return terms[0] if len(terms) == 1 else query.Or(terms)


def resolve_names(view: View, q: query.Query) -> query.Query:
    """`speaker:`, `org:`, `author:`, `section:` and `source:` values spelled as the index
    stores them."""
    if isinstance(q, query.Term) and q.fieldname in NAME_FIELDS:
        return name_query(view, q.fieldname, q.text, q.boost)
    if isinstance(q, query.Phrase) and q.fieldname in NAME_FIELDS:  # author:"Camila Rojas"
        return name_query(view, q.fieldname, " ".join(q.words), q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: resolve_names(view, sub))


def analysis_keys(view: View, language: str | None = None) -> tuple[str, ...]:
    """The analyses a search reads its words in: its language's with a language filter;
    else those of every language the index holds, English first (it is also the analysis
    of pages of no known language)."""
    if language:
        return (analysis_key(language),)
    caches = view.caches
    if caches.analysis_keys is None:
        try:
            held = {analysis_key(code.decode("utf-8"))
                    for code in view.searcher.lexicon("language")}
        except TermNotFound:  # an index written before languages, until it is rebuilt
            held = set()
        caches.analysis_keys = (ENGLISH, *sorted(held - {ENGLISH}))
    return caches.analysis_keys


def build_filter(view: View, params: SearchParams) -> query.Query | None:
    """The section, speaker, author, source, language and date filters as one query, or
    None."""
    parts: list[query.Query] = []
    for fieldname, value in (("section", params.section), ("speaker", params.speaker),
                             ("author", params.author), ("source", params.source)):
        if value:
            parts.append(name_query(view, fieldname, value))
    if params.language:
        parts.append(query.Term("language", params.language))
    if params.date_from or params.date_to:
        start = dt.datetime.combine(params.date_from, dt.time.min) if params.date_from else None
        end = dt.datetime.combine(params.date_to, dt.time.max) if params.date_to else None
        parts.append(query.DateRange("date", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)
