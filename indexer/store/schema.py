"""The Whoosh schema, defined once for the builder and the searcher.

This is the only place field names live: `to_fields` maps an Article onto them, and
`from_stored` (its inverse) and `names_from_column` read them back, for hits, the article
view and the facet tables alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from whoosh import analysis, columns, fields

from ..article import Article, Capture, Speaker
from ..extraction.page import web_url
from . import stories
from .languages import (
    ENGLISH,
    ENGLISH_ANALYZER,
    TextAnalyzer,
    analysis_key,
    analyzer_for,
    marked,
    split_mark,
)

# English text's analysis (languages.py): what queries and English pages go through.
TEXT_ANALYZER = ENGLISH_ANALYZER
# The text fields' analyzer: each value analysed in the language it is marked with.
LANGUAGE_ANALYZER = TextAnalyzer()
# What separates the parts of a `pairs` value (title, body) so that no pair spans two.
PAIR_PARTS = "\x1e"
PAIR_JOIN = "|"


class WordPairAnalyzer(analysis.Analyzer):
    """Each two words next to each other in the text fields' stream, as one token (in the
    language the value is marked with).

    "the State Department said" gives "state|depart" and "depart|said": the words as the
    text fields index them, paired only when their positions are consecutive, which is
    what a two-word phrase query asks of positions. A phrase is then one posting list
    instead of a position check in every document that has both words.
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any):
        out = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        out.boost, out.stopped = 1.0, False
        pos = start_pos
        key, value = split_mark(value)
        analyzer = analyzer_for(key)
        for part in value.split(PAIR_PARTS):
            before, before_pos = None, -2
            for token in analyzer(part, positions=True, mode=mode):
                if before is not None and token.pos == before_pos + 1:
                    out.text = before + PAIR_JOIN + token.text
                    if positions:
                        out.pos = pos
                        pos += 1
                    yield out
                before, before_pos = token.text, token.pos


def word_pairs(words: list[str]) -> list[str]:
    """The `pairs` terms of a phrase's analysed words."""
    return [a + PAIR_JOIN + b for a, b in itertools.pairwise(words)]


# Bump when analysis or to_fields changes in a way the field list does not show: existing
# indexes are then rebuilt by the next build.
# 4: story ids. 5: speakers without titles, with roles, and no places or firms as persons;
# bylines. 6: languages: each page's text stemmed and stopped in its own language.
ANALYSIS_VERSION = 6

SCHEMA = fields.Schema(
    # Identity: the canonical URL when the page declares one, else the file path, so the
    # same article scraped twice is one document.
    key=fields.ID(stored=True, unique=True),
    # Short stable id of the key, for /doc/<id> links. Its column orders tied results the
    # same way whatever the number of shards (docnums depend on it).
    id=fields.ID(stored=True, sortable=True),
    path=fields.ID(stored=True),
    url=fields.STORED(),
    # Text fields hold every language: to_fields marks a value with its language's
    # analysis, and stores it without the mark (languages.py).
    title=fields.TEXT(stored=True, analyzer=LANGUAGE_ANALYZER, field_boost=2.0,
                      spelling=True),
    # spelling=True keeps unstemmed words for "did you mean".
    body=fields.TEXT(stored=True, analyzer=LANGUAGE_ANALYZER, spelling=True),
    # Adjacent word pairs of title and body: phrase queries look these up.
    pairs=fields.TEXT(analyzer=WordPairAnalyzer(), phrase=False),
    # What the article's speakers said, so `speaker:"X" word` can match and show it.
    quotes=fields.TEXT(stored=True, analyzer=LANGUAGE_ANALYZER),
    section=fields.ID(stored=True, sortable=True),
    # ISO 639-1 code ("de"), absent when not known: a filter, a facet, and which analysis
    # the text fields had.
    language=fields.ID(stored=True, sortable=True),
    # People quoted, by display name ("Chu Yin"), comma separated: facets show them as
    # written. Organisations quoted ("U.S. State Department") are kept apart in `org`.
    speaker=fields.KEYWORD(commas=True, scorable=True),
    org=fields.KEYWORD(commas=True, scorable=True),
    # The same names as one column value per document: facet tables read it in one pass
    # instead of one posting list per name.
    speaker_column=fields.COLUMN(columns.VarBytesColumn()),
    org_column=fields.COLUMN(columns.VarBytesColumn()),
    # Who wrote it, by the bylines ("Camila Rojas"), comma separated and stored: a filter, a
    # facet (author_column) and `author:` in the query, names matched by part as speakers'.
    author=fields.KEYWORD(stored=True, commas=True, scorable=True),
    author_column=fields.COLUMN(columns.VarBytesColumn()),
    source=fields.ID(stored=True, sortable=True),
    # Indexed for ranges and sorting; the article's own ISO text is stored in `published`.
    date=fields.DATETIME(sortable=True),
    published=fields.STORED(),
    year=fields.ID(stored=True, sortable=True),
    content_hash=fields.ID(stored=True),
    # [{"name", "kind", "quotes", "role"}]: every speaker, person or organisation, with its
    # quotes and the role the article gives a person.
    speaker_quotes=fields.STORED(),
    # {"warc", "offset", "target_uri", "captured"}: the WARC record a page was read from.
    capture=fields.STORED(),
    # The story the article is a copy of (stories.py): the same id on every copy of a
    # syndicated text. Its column is what searches collapse by.
    story=fields.ID(stored=True, sortable=True),
    # Where the copy was published: the host of its URL, else the first folder of its path.
    site=fields.ID(stored=True, sortable=True),
    # The URL again as a column: the other copies listed with a result are read from
    # columns, not from their whole stored documents.
    url_column=fields.COLUMN(columns.VarBytesColumn()),
)

# Facet name -> the column its values are read from, and whether it holds a list of names.
FACET_COLUMNS = {"section": ("section", False), "year": ("year", False),
                 "language": ("language", False),
                 "source": ("source", False), "speaker": ("speaker_column", True),
                 "org": ("org_column", True), "author": ("author_column", True)}
# Fields whose typed values name something ("speaker:putin"), matched case-insensitively.
NAME_FIELDS = ("speaker", "org", "author", "section", "source")

SPEAKER_SEPARATOR = "\x1f"


def document_key(article: Article) -> str:
    """The document's identity in the index."""
    return article.url or f"file:{article.path}"


def fingerprint(schema: fields.Schema = SCHEMA) -> str:
    """A digest of the fields, ANALYSIS_VERSION and the story parameters; a change means a
    full rebuild."""
    parts: list[Any] = [ANALYSIS_VERSION, stories.VERSION, stories.SHINGLE_WORDS,
                        stories.NUM_PERM, stories.BANDS, stories.ROWS, stories.THRESHOLD,
                        stories.MIN_WORDS]
    for name, field in schema.items():
        parts.append((name, type(field).__name__, field.stored, field.unique, field.scorable,
                      getattr(field, "field_boost", 1.0)))
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def doc_id(key: str) -> str:
    """A short, URL-safe, stable id for a document key."""
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def parse_iso_date(value: str | None) -> dt.datetime | None:
    """ISO 8601 date or datetime string to a naive datetime (for DATETIME fields)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def _names_field(names: Iterable[str]) -> str:
    """Names as a comma-separated KEYWORD value (a comma inside a name becomes a space)."""
    return ",".join(name.replace(",", " ") for name in names)


def site_of(url: str | None, path: str) -> str:
    """Where an article was published: its URL's host without "www.", else the first
    folder of its path under raw/ (a scrape is often kept in one folder per site)."""
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        return host.removeprefix("www.")
    head, _, rest = path.partition("/")
    return head if rest else ""


# The fields analysed by language.
ANALYSED_FIELDS = ("title", "body", "quotes")


def to_fields(article: Article, story: str | None = None) -> dict[str, Any]:
    """The Whoosh document for an article, a copy of `story` (None: a story of its own)."""
    key = analysis_key(article.language)
    doc: dict[str, Any] = {
        "key": document_key(article),
        "id": doc_id(document_key(article)),
        "path": article.path,
        "url": article.url or "",
        "url_column": (article.url or "").encode(),
        "title": article.title or "",
        "body": article.body,
        "pairs": marked(key, (article.title or "") + PAIR_PARTS + article.body),
        "quotes": "\n\n".join(q for s in article.speakers for q in s.quotes),
        "content_hash": article.content_hash,
        "story": story or stories.fresh_story(document_key(article), None),
    }
    if key != ENGLISH:
        # Indexed in the language's analysis, stored as written.
        for name in ANALYSED_FIELDS:
            doc[f"_stored_{name}"] = doc[name]
            doc[name] = marked(key, doc[name])
    if article.language:
        doc["language"] = article.language
    site = site_of(article.url, article.path)
    if site:
        doc["site"] = site
    for kind, field in (("person", "speaker"), ("org", "org")):
        names = [s.name for s in article.speakers if s.kind == kind]
        doc[field] = _names_field(names)
        doc[f"{field}_column"] = SPEAKER_SEPARATOR.join(names).encode()
    doc["author"] = _names_field(article.authors)
    doc["author_column"] = SPEAKER_SEPARATOR.join(article.authors).encode()
    if article.section:
        doc["section"] = article.section
    if article.source:
        doc["source"] = article.source
    date = parse_iso_date(article.date)
    if date:
        doc["date"] = date
        doc["year"] = f"{date.year:04d}"
        doc["published"] = article.date
    doc["speaker_quotes"] = [s.to_json() for s in article.speakers]
    if article.capture:
        doc["capture"] = article.capture.to_json()
    return doc


def from_stored(stored: dict[str, Any]) -> Article:
    """The Article that `to_fields` stored (the inverse of to_fields on stored fields)."""
    body = stored.get("body", "")
    return Article(
        path=stored.get("path", ""),
        content_hash=stored.get("content_hash", ""),
        url=web_url(stored.get("url")),  # an index written before URLs were checked
        title=stored.get("title") or None,
        paragraphs=tuple(p for p in body.split("\n\n") if p),
        section=stored.get("section"),
        date=stored.get("published"),
        speakers=tuple(Speaker.from_json(s) for s in stored.get("speaker_quotes", ())),
        source=stored.get("source"),
        capture=Capture.from_json(stored.get("capture")),
        authors=tuple(name for name in (stored.get("author") or "").split(",") if name),
        language=stored.get("language"),
    )


def names_from_column(value: bytes | None) -> tuple[str, ...]:
    """The names a `*_column` value holds (as to_fields joined them)."""
    return tuple(value.decode("utf-8").split(SPEAKER_SEPARATOR)) if value else ()
