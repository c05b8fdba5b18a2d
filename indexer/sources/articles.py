"""JSON Lines of article records: one JSON object per line, each line one article.

Two shapes of record are read: the project's own `python -m indexer extract` output and
news-please's fields (`maintext`, `date_publish`, ...). The text is taken as clean, so no
HTML cleaning runs, but a record goes through the same finders a page does for what it
does not state outright: speakers are found in its text, its authors are checked as
bylines are, its section goes through the alias table, its date is validated (future
dates are refused, and so are dates before settings.MIN_RECORD_DATE, or MIN_DATE for dates
not written in ISO 8601) and its URL is normalised like a page's canonical URL.

A record's path is "<file path>#<line number>" (1-based); its content hash is the hash of
the line's bytes (without the line break). Reading is streamed: one line at a time, gzip
or plain, and a line over the size limit is hashed but not kept.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from .. import settings
from ..article import Article
from ..extraction.authors import person_names
from ..extraction.dateparse import parse_date
from ..extraction.extract import content_hash
from ..extraction.language import find_language, language_code
from ..extraction.page import collapse, normalise_url, web_url
from ..extraction.section_finder import declared_section
from ..extraction.speakers import find_speakers
from .containers import record_path, split_record_path  # noqa: F401  (the names of lines)
from .files import open_page, open_reason

# Record fields read for each Article field, most specific first: the project's own name,
# then news-please's (`text` is the main text in news-please before 1.5).
TEXT_FIELDS: tuple[str, ...] = ("body", "maintext", "text")
TITLE_FIELDS: tuple[str, ...] = ("title", "title_page", "title_rss")
# A record that gives only the day it was last changed is known by that day, as a page is.
DATE_FIELDS: tuple[str, ...] = ("date", "date_publish", "date_modify")
URL_FIELDS: tuple[str, ...] = ("url",)
SECTION_FIELDS: tuple[str, ...] = ("section",)
# The news agency the article credits (news-please's `source_domain` is the site, not it).
SOURCE_FIELDS: tuple[str, ...] = ("source",)
# Who wrote it: the extract output's `author`, news-please's `authors` (a list of names).
AUTHOR_FIELDS: tuple[str, ...] = ("author", "authors")
# The language the record states (both name it `language`), checked against its text.
LANGUAGE_FIELDS: tuple[str, ...] = ("language",)

_LINE_BREAKS = re.compile(r"\s*\n\s*")
_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}
# Bytes read at a time from a line over the size limit, to hash it without keeping it.
_SPILL = 1 << 20


class RecordError(ValueError):
    """A line that is not an article record; the build skips it and reports its number."""


class ContainerError(ValueError):
    """A JSON Lines file that cannot be read (further); the lines read before stay."""


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a JSON Lines file."""

    number: int  # 1-based, counting blank lines too
    data: bytes | None  # None: over the size limit, not kept
    digest: str  # content_hash of the line's bytes, without the line break


def is_records_file(path: str) -> bool:
    """True for a JSON Lines file of article records (by name)."""
    return path.lower().endswith(settings.RECORD_SUFFIXES)


# ---------------------------------------------------------------------------------------------
# Reading


def read_lines(path: str, max_bytes: int = settings.MAX_FILE_BYTES) -> Iterator[Line]:
    """The non-blank lines of a JSON Lines file (gzipped when its name ends in .gz), one at a
    time; raises ContainerError, after the lines read so far, when the file cannot be read."""
    try:
        with open_page(path) as raw:
            if path.lower().endswith(".gz"):
                with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                    yield from lines_of(fh, max_bytes)
            else:
                yield from lines_of(raw, max_bytes)
    except gzip.BadGzipFile as exc:
        raise ContainerError(f"not a gzip file: {exc}") from exc
    except EOFError as exc:
        raise ContainerError("truncated gzip file") from exc
    except zlib.error as exc:
        raise ContainerError(f"corrupt gzip data: {exc}") from exc
    except OSError as exc:
        raise ContainerError(open_reason(exc)) from exc


def lines_of(fh: BinaryIO, max_bytes: int = settings.MAX_FILE_BYTES) -> Iterator[Line]:
    """The non-blank lines of an open binary stream; a line over max_bytes has no data."""
    number = 0
    while chunk := fh.readline(max_bytes + 1):
        number += 1
        if chunk.endswith(b"\n") or len(chunk) <= max_bytes:
            data = chunk.rstrip(b"\r\n")
            if data.strip():
                yield Line(number, data, content_hash(data))
            continue
        # Longer than the limit: hash the rest as it goes by, keep none of it.
        digest = hashlib.blake2b(digest_size=16)
        while not chunk.endswith(b"\n"):
            digest.update(chunk)
            if not (chunk := fh.readline(_SPILL)):
                break
        digest.update(chunk.rstrip(b"\r\n"))
        yield Line(number, None, digest.hexdigest())


# ---------------------------------------------------------------------------------------------
# Mapping


def parse_record(data: bytes) -> dict[str, Any]:
    """The JSON object on one line; raises RecordError when it is not one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # one stray byte must not lose the article: it shows as U+FFFD
        text = data.decode("utf-8", errors="replace")
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise RecordError("invalid JSON: nested too deep") from None
    if not isinstance(value, dict):
        raise RecordError(f"not a JSON object ({_JSON_TYPES.get(type(value), 'a value')})")
    return value


def _first_text(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        if text := collapse(record.get(name)):
            return text
    return None


def _paragraphs(value: Any) -> list[str]:
    """Paragraphs of a text field: a string with line breaks between paragraphs (blank lines
    in the project's format, one break in news-please's), or a list of strings."""
    parts = value if isinstance(value, list) else [value]
    found: list[str] = []
    for part in parts:
        if isinstance(part, str):
            found.extend(p for p in (collapse(s) for s in _LINE_BREAKS.split(part)) if p)
    return found


def _url(record: dict[str, Any]) -> str | None:
    """The record's URL, normalised like a page's canonical URL; None unless http(s)."""
    url = _first_text(record, URL_FIELDS)
    if url and url.startswith("//"):
        url = "https:" + url
    return normalise_url(url) if web_url(url) else None


def _stated_day(value: str) -> dt.date | None:
    """The day of an ISO 8601 date or datetime that a record states, if it is one between
    settings.MIN_RECORD_DATE and today."""
    try:
        day = dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
    return day if settings.MIN_RECORD_DATE <= day <= dt.date.today() else None


def _date(record: dict[str, Any]) -> str | None:
    """The first date field that holds a valid date, as YYYY-MM-DD (the day as written).

    An ISO date a record states is taken back to settings.MIN_RECORD_DATE: archives of
    print hold articles from before the web. Other wordings are read as a page's are."""
    for name in DATE_FIELDS:
        value = record.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value))  # a Unix timestamp
        if isinstance(value, str) and (day := _stated_day(value) or parse_date(value)):
            return day.isoformat()
    return None


def _labels(record: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for name in names:
        value = record.get(name)
        found.extend(v for v in (value if isinstance(value, list) else [value])
                     if isinstance(v, str))
    return found


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    """The names a record gives its authors, checked as a page's bylines are ("Reuters
    Staff" is no one)."""
    for name in AUTHOR_FIELDS:
        if names := [n for value in _labels(record, (name,)) for n in person_names(value)]:
            return tuple(dict.fromkeys(names))
    return ()


def to_article(record: dict[str, Any], path: str, digest: str) -> Article:
    """The Article of one record; raises RecordError when it holds no text."""
    paragraphs: list[str] = []
    for name in TEXT_FIELDS:
        if paragraphs := _paragraphs(record.get(name)):
            break
    if not paragraphs:
        raise RecordError("no article text")
    title = _first_text(record, TITLE_FIELDS)
    url = _url(record)
    stated = [code for code in map(language_code, _labels(record, LANGUAGE_FIELDS)) if code]
    return Article(
        path=path,
        content_hash=digest,
        url=url,
        title=title,
        paragraphs=tuple(paragraphs),
        section=declared_section(_labels(record, SECTION_FIELDS), url),
        date=_date(record),
        speakers=tuple(find_speakers(paragraphs, title, orgs=True)),
        source=_first_text(record, SOURCE_FIELDS),
        authors=_authors(record),
        language=find_language(stated, title, paragraphs),
    )


def article_from_line(data: bytes, path: str, digest: str | None = None) -> Article:
    """The Article of one line's bytes (`digest`: its content_hash, if known)."""
    return to_article(parse_record(data), path, digest or content_hash(data))
