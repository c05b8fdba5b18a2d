"""The Whoosh schema, defined once for the builder and the searcher.

This is the only place field names live; `to_fields` maps an Article onto them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from whoosh import analysis, columns, fields

from ..article import Article

# Stemmed English text with stop words removed: natural-language queries match
# "elections" to "election" and do not rank on "the".
TEXT_ANALYZER = analysis.StemmingAnalyzer(minsize=1)
# Bump when analysis or to_fields changes in a way the field list does not show: existing
# indexes are then rebuilt by the next build.
ANALYSIS_VERSION = 1

SCHEMA = fields.Schema(
    # Identity: the canonical URL when the page declares one, else the file path, so the
    # same article scraped twice is one document.
    key=fields.ID(stored=True, unique=True),
    # Short stable id of the key, for /doc/<id> links.
    id=fields.ID(stored=True),
    path=fields.ID(stored=True),
    url=fields.STORED(),
    title=fields.TEXT(stored=True, analyzer=TEXT_ANALYZER, field_boost=2.0, spelling=True),
    # spelling=True keeps unstemmed words for "did you mean".
    body=fields.TEXT(stored=True, analyzer=TEXT_ANALYZER, spelling=True),
    # What the article's speakers said, so `speaker:"X" word` can match and show it.
    quotes=fields.TEXT(stored=True, analyzer=TEXT_ANALYZER),
    section=fields.ID(stored=True, sortable=True),
    # Display names as tokens ("Chu Yin"), comma separated: facets show them as written.
    speaker=fields.KEYWORD(stored=True, commas=True, scorable=True),
    # The same names as one column value per document: facet tables read it in one pass
    # instead of one posting list per speaker.
    speaker_column=fields.COLUMN(columns.VarBytesColumn()),
    source=fields.ID(stored=True, sortable=True),
    date=fields.DATETIME(stored=True, sortable=True),
    year=fields.ID(stored=True, sortable=True),
    content_hash=fields.ID(stored=True),
    # [{"name", "kind", "quotes"}] for the article view; stored, not searched.
    speaker_quotes=fields.STORED(),
)

SPEAKER_SEPARATOR = "\x1f"


def document_key(article: Article) -> str:
    """The document's identity in the index."""
    return article.url or f"file:{article.path}"


def fingerprint(schema: fields.Schema = SCHEMA) -> str:
    """A digest of the fields and ANALYSIS_VERSION; a change means a full rebuild."""
    parts = [ANALYSIS_VERSION]
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


def to_fields(article: Article) -> dict[str, Any]:
    """The Whoosh document for an article."""
    doc: dict[str, Any] = {
        "key": document_key(article),
        "id": doc_id(document_key(article)),
        "path": article.path,
        "url": article.url or "",
        "title": article.title or "",
        "body": article.body,
        "quotes": "\n\n".join(q for s in article.speakers for q in s.quotes),
        "speaker": ",".join(s.name.replace(",", " ") for s in article.speakers),
        "speaker_column": SPEAKER_SEPARATOR.join(s.name for s in article.speakers).encode(),
        "content_hash": article.content_hash,
    }
    if article.section:
        doc["section"] = article.section
    if article.source:
        doc["source"] = article.source
    date = parse_iso_date(article.date)
    if date:
        doc["date"] = date
        doc["year"] = f"{date.year:04d}"
    doc["speaker_quotes"] = [
        {"name": s.name, "kind": s.kind, "quotes": list(s.quotes)} for s in article.speakers
    ]
    return doc
