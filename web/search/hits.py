"""A page of results: hits with highlighted titles and snippets, from stored documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from whoosh import highlight, query
from whoosh.searching import Searcher

from indexer.article import Article
from indexer.store.schema import PAIR_JOIN, TEXT_ANALYZER, doc_id, document_key, from_stored

from ..params import SearchParams

SNIPPET_FRAGMENTS = 3
SNIPPET_CHARS = 160
# Paragraphs looked at for a snippet: highlighting re-analyses text, so not the whole body.
SNIPPET_PARAGRAPHS = 6
_HIGHLIGHTED = ("title", "body", "quotes")


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
    score: float | None
    snippet: str  # escaped, with <mark>

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "url": self.url, "title": self.title,
                "date": self.date, "section": self.section, "source": self.source,
                "speakers": self.speakers, "orgs": self.orgs, "score": self.score,
                "snippet": self.snippet}


@dataclass(slots=True)
class SearchPage:
    """The answer to one SearchParams."""

    params: SearchParams
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    took_ms: float = 0.0
    partial: bool = False  # the time budget ran out before every match was scored

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.params.per_page))

    @property
    def has_next(self) -> bool:
        return self.params.page < self.page_count


@dataclass(frozen=True, slots=True)
class Marks:
    """What a page of hits highlights: the typed words, and the speakers asked about."""

    terms: frozenset[str] = frozenset()  # analysed words of the text fields
    speakers: frozenset[str] = frozenset()  # casefolded names

    @classmethod
    def of(cls, typed: query.Query | None, params: SearchParams) -> Marks:
        speakers = {params.speaker.casefold()} if params.speaker else set()
        if typed is None:
            return cls(frozenset(), frozenset(speakers))
        terms = set()
        for fieldname, text in typed.iter_all_terms():
            text = text if isinstance(text, str) else text.decode("utf-8")
            if fieldname in _HIGHLIGHTED:
                terms.add(text)
            elif fieldname == "pairs":  # a phrase: mark its words
                terms.update(text.split(PAIR_JOIN))
            elif fieldname == "speaker":
                speakers.add(text.casefold())
        return cls(frozenset(terms), frozenset(speakers))


class _MarkFormatter(highlight.HtmlFormatter):
    """Bare <mark> around matches; everything else HTML-escaped."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def _highlight(text: str, terms: frozenset[str], fragmenter: highlight.Fragmenter,
               top: int) -> str:
    return highlight.highlight(text, terms, TEXT_ANALYZER, fragmenter, _MarkFormatter(),
                               top=top)


def snippet(text: str, words: set[str] | frozenset[str], top: int = SNIPPET_FRAGMENTS) -> str:
    """Fragments of `text` around `words` (analysed terms), escaped, matches in <mark>."""
    terms = frozenset(words)
    paragraphs = text.split("\n\n")
    if len(paragraphs) > SNIPPET_PARAGRAPHS:
        # Porter stems are nearly always prefixes of the word: a cheap pre-filter.
        stems = [t[:4] for t in terms]
        likely = [p for p in paragraphs if any(s in p.lower() for s in stems)]
        text = "\n\n".join(likely[:SNIPPET_PARAGRAPHS]) or text
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    return _highlight(text, terms, fragmenter, top)


def highlight_title(title: str, terms: frozenset[str]) -> str:
    """The whole title, escaped, with matches in <mark>."""
    marked = _highlight(title, terms, highlight.WholeFragmenter(), 1) if terms else ""
    return marked or escape(title, quote=False)


def _lead(body: str) -> str:
    """The first sentences of the body, for hits without matches in it."""
    if len(body) <= SNIPPET_CHARS * 2:
        return escape(body, quote=False)
    cut = body.rfind(" ", 0, SNIPPET_CHARS * 2)
    return escape(body[: cut if cut > 0 else SNIPPET_CHARS * 2], quote=False) + " …"


def _quote_snippet(article: Article, marks: Marks) -> str:
    """What the searched-for speakers said, with the query's words marked."""
    for speaker in article.speakers:
        if speaker.name.casefold() in marks.speakers and speaker.quotes:
            said = "\n\n".join(speaker.quotes)
            marked = snippet(said, marks.terms) if marks.terms else ""
            return escape(speaker.name, quote=False) + ": " + (marked or _lead(said))
    return ""


def make_hit(searcher: Searcher, docnum: int, score: float | None, marks: Marks) -> Hit:
    """The result for one document, its title and snippet marked."""
    article = from_stored(searcher.stored_fields(docnum))
    body = article.body
    quoted = _quote_snippet(article, marks) if marks.speakers else ""
    title = article.title or ""
    return Hit(
        id=doc_id(document_key(article)),
        path=article.path,
        url=article.url or "",
        title=title,
        title_html=highlight_title(title, marks.terms),
        date=article.date[:10] if article.date else None,
        section=article.section,
        source=article.source,
        speakers=article.speaker_names,
        orgs=[s.name for s in article.speakers if s.kind == "org"],
        score=round(score, 4) if score is not None else None,
        snippet=quoted or (snippet(body, marks.terms) if marks.terms and body else "")
        or _lead(body),
    )
