"""A page of results: hits with highlighted titles and snippets, from stored documents."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from whoosh import query
from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime

from indexer.article import Article, Speaker
from indexer.store.languages import ENGLISH, analysis_key
from indexer.store.schema import PAIR_JOIN, doc_id, document_key, from_stored

from ..params import SearchParams
from .histogram import Timeline
from .parse import positive_leaves
from .ranking import NO_DATE
from .snippets import lead, mark_all, mark_texts, snippet

_HIGHLIGHTED = ("title", "body", "quotes")
# The id of an article's first match: links from results end with #FIRST_MARK, so the
# browser scrolls to it with no script.
FIRST_MARK = "m1"


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, ready for JSON or a template."""

    id: str
    path: str
    url: str
    title: str
    title_html: str  # escaped, with <mark>
    date: str | None
    section: str | None
    source: str | None
    speakers: list[str]  # people only
    orgs: list[str]
    authors: list[str]  # who wrote it, by its bylines
    score: float | None
    snippet: str  # escaped, with <mark>
    capture: dict[str, Any] | None = None  # the WARC record a page was read from
    # What the speakers searched for said here, in full (plain text); empty otherwise.
    quotes: tuple[str, ...] = ()
    story: str = ""  # the story this article is a copy of (the same id on every copy)
    site: str = ""  # where it was published: its URL's host, else its folder
    copies: int = 1  # copies of the story the search matched, this one included
    # The other matched copies, earliest first, at most ALSO_IN: {"id", "url", "site", "date"}
    also_in: tuple[dict[str, Any], ...] = ()
    quote_role: str | None = None  # the role this article gives the first of them
    language: str | None = None  # ISO 639-1 code; None when not known

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "url": self.url, "title": self.title,
                "date": self.date, "section": self.section, "source": self.source,
                "language": self.language,
                "speakers": self.speakers, "orgs": self.orgs, "author": self.authors,
                "score": self.score, "snippet": self.snippet, "capture": self.capture,
                "story": self.story, "site": self.site, "copies": self.copies,
                "also_in": list(self.also_in)}


@dataclass(slots=True)
class SearchPage:
    """The answer to one SearchParams."""

    params: SearchParams
    total: int = 0  # documents (copies) matched
    stories: int = 0  # stories they are copies of
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facet_sizes: dict[str, int] = field(default_factory=dict)  # distinct values of each facet
    # facet -> value -> stories with a matched copy of that value (the same values as facets)
    facet_stories: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    timeline: Timeline = field(default_factory=Timeline)
    asked_speakers: tuple[str, ...] = ()  # people the search is about, as the index spells them
    took_ms: float = 0.0
    partial: bool = False  # the time budget ran out, or shards did not answer (missing)
    missing: list[str] = field(default_factory=list)  # the shards left out, and why

    @property
    def shown(self) -> int:
        """What the pages list: stories, or every copy without collapsing."""
        return self.stories if self.params.collapse else self.total

    @property
    def page_count(self) -> int:
        return max(1, -(-self.shown // self.params.per_page))

    @property
    def has_next(self) -> bool:
        return self.params.page < self.page_count


@dataclass(frozen=True, slots=True)
class Marks:
    """What a page of hits highlights: the words searched for (not those excluded), the
    phrases' word pairs (marked only where the words stand together), the speakers."""

    terms: frozenset[str] = frozenset()  # analysed words of the text fields
    pairs: frozenset[tuple[str, str]] = frozenset()  # analysed words of phrases, in order
    speakers: frozenset[str] = frozenset()  # casefolded names

    @classmethod
    def of(cls, typed: query.Query | None, filtered_speakers: Iterable[str] = ()) -> Marks:
        """The marks of a resolved query and of the speakers a filter stands for."""
        speakers = {name.casefold() for name in filtered_speakers}
        terms: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for leaf in positive_leaves(typed) if typed is not None else ():
            for fieldname, text in leaf.iter_all_terms():
                text = text if isinstance(text, str) else text.decode("utf-8")
                if fieldname in _HIGHLIGHTED:
                    terms.add(text)
                elif fieldname == "pairs":
                    first, _, second = text.partition(PAIR_JOIN)
                    pairs.add((first, second))
                elif fieldname == "speaker":
                    speakers.add(text.casefold())
        return cls(frozenset(terms), frozenset(pairs), frozenset(speakers))


def _quotes_of(article: Article, marks: Marks) -> tuple[str, ...]:
    return tuple(q for s in article.speakers if s.name.casefold() in marks.speakers
                 for q in s.quotes)


def _quoted(article: Article, marks: Marks) -> Speaker | None:
    """The first searched-for speaker who said something here."""
    return next((s for s in article.speakers
                 if s.name.casefold() in marks.speakers and s.quotes), None)


def _quote_snippet(speaker: Speaker | None, marks: Marks, key: str = ENGLISH) -> str:
    """What a searched-for speaker said, with the query's words marked, after their name
    and role ("Teresa Alvarado (Councilmember): ...")."""
    if speaker is None:
        return ""
    said = "\n\n".join(speaker.quotes)
    marked = snippet(said, marks.terms, pairs=marks.pairs, key=key)
    who = f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name
    return escape(who, quote=False) + ": " + (marked or lead(said))


# Other copies listed with a result.
ALSO_IN = 10
# What a copy is listed with, and the column it is read from.
_COPY_COLUMNS = {"id": "id", "url": "url_column", "site": "site", "date": "date"}


class CopyRefs:
    """{"id", "url", "site", "date"} of copies, read from columns: a result lists up to
    ALSO_IN other copies, and reading their whole stored documents would cost the page
    a quarter of its time."""

    def __init__(self, searcher: Searcher) -> None:
        self._leaves = searcher.reader().leaf_readers()
        self._starts = [offset for _leaf, offset in self._leaves]
        self._readers: dict[tuple[int, str], Any] = {}

    def _value(self, docnum: int, column: str) -> Any:
        n = bisect.bisect_right(self._starts, docnum) - 1
        leaf, offset = self._leaves[n]
        key = (n, column)
        if key not in self._readers:
            self._readers[key] = (leaf.column_reader(column, translate=False)
                                  if leaf.has_column(column) else None)
        reader = self._readers[key]
        return reader[docnum - offset] if reader is not None else None

    def __call__(self, docnum: int) -> dict[str, Any]:
        found = {name: self._value(docnum, column) for name, column in _COPY_COLUMNS.items()}
        day = found["date"]
        # An undated copy holds the column's default, past any date a datetime can hold.
        dated = day is not None and day != NO_DATE
        return {"id": (found["id"] or b"").decode(), "url": (found["url"] or b"").decode(),
                "site": (found["site"] or b"").decode(),
                "date": long_to_datetime(day).date().isoformat() if dated else None}


def make_hit(searcher: Searcher, docnum: int, score: float | None, marks: Marks,
             copies: int = 1, others: Iterable[int] = (), refs: CopyRefs | None = None
             ) -> Hit:
    """The result for one document, its title and snippet marked; `copies` of its story
    matched, `others` the other copies to list (docnums, in order, read by `refs`)."""
    stored = searcher.stored_fields(docnum)
    article = from_stored(stored)
    body = article.body
    key = analysis_key(article.language)  # the words are marked as the index read them
    speaker = _quoted(article, marks) if marks.speakers else None
    quoted = _quote_snippet(speaker, marks, key)
    title = article.title or ""
    return Hit(
        id=doc_id(document_key(article)),
        path=article.path,
        url=article.url or "",
        title=title,
        title_html=mark_all(title, marks.terms, marks.pairs, key=key),
        date=article.date[:10] if article.date else None,
        section=article.section,
        source=article.source,
        speakers=article.speaker_names,
        orgs=[s.name for s in article.speakers if s.kind == "org"],
        authors=list(article.authors),
        score=round(score, 4) if score is not None else None,
        snippet=quoted or snippet(body, marks.terms, pairs=marks.pairs, key=key) or lead(body),
        capture=article.capture.to_json() if article.capture else None,
        quotes=_quotes_of(article, marks) if marks.speakers else (),
        story=stored.get("story", ""),
        site=stored.get("site", ""),
        copies=copies,
        also_in=tuple(refs(other) for other in others) if refs is not None else (),
        quote_role=speaker.role if speaker is not None else None,
        language=article.language,
    )


@dataclass(frozen=True, slots=True)
class MarkedArticle:
    """An article's text with a search's words marked (escaped HTML). The first match of
    the body, else of the quotes, carries the id FIRST_MARK."""

    title_html: str
    paragraphs_html: list[str]
    quotes_html: list[list[str]]  # per speaker, in the order of the article's speakers
    matches: int  # marks in the body


def mark_article(doc: dict[str, Any], marks: Marks) -> MarkedArticle:
    """The article of get_document() with the words of `marks` marked."""
    key = analysis_key(doc.get("language"))
    paragraphs, in_body = mark_texts(doc["paragraphs"], marks.terms, marks.pairs, FIRST_MARK,
                                     key)
    quotes, anchor = [], None if in_body else FIRST_MARK
    for speaker in doc["speakers"]:
        marked, count = mark_texts(speaker["quotes"], marks.terms, marks.pairs, anchor, key)
        quotes.append(marked)
        anchor = None if count else anchor
    return MarkedArticle(
        title_html=mark_all(doc["title"] or "", marks.terms, marks.pairs, key=key),
        paragraphs_html=paragraphs,
        quotes_html=quotes,
        matches=in_body,
    )


# The columns of an exported record, in order ("body" only when asked for).
RECORD_FIELDS = ("id", "url", "title", "date", "section", "source", "speakers", "author",
                 "score", "story", "language")


def make_record(searcher: Searcher, docnum: int, score: float | None,
                body: bool = False) -> dict[str, Any]:
    """One document as a flat record (RECORD_FIELDS, and its text when `body`)."""
    stored = searcher.stored_fields(docnum)
    article = from_stored(stored)
    record = {
        "id": doc_id(document_key(article)),
        "url": article.url or "",
        "title": article.title or "",
        "date": article.date[:10] if article.date else None,
        "section": article.section,
        "source": article.source,
        "speakers": article.speaker_names,
        "author": list(article.authors),
        "score": round(score, 4) if score is not None else None,
        "story": stored.get("story", ""),
        "language": article.language,
    }
    if body:
        record["body"] = article.body
    return record
