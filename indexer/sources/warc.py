"""WARC files (web archives) as a source: each HTML response record is a page.

A WARC is a container, like a JSON Lines file: each record is known as "<file>#<offset>"
(its byte offset in the file), and keeps where it was captured as the page's `capture`.
The file is read as a stream with warcio, one record at a time, in the building process;
only what a page needs travels to the worker that extracts it: the raw body (still
chunked or compressed, as it was captured), its HTTP headers and the capture. The body is
decoded on the worker, so that reading stays a small part of a build.

Records are gzipped one member each (as wget and warcio write them) or the whole file is
one gzip stream; offsets are of the file in the first case and of the decompressed
stream in the second. A damaged archive (truncated, corrupt, not a WARC) keeps the records
before the damage; the damage is the container's skip reason.

A grown archive (a crawl still writing) is read from its last record on: what was read is
known by the offset of the last record and a digest of the bytes before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from .. import settings
from ..article import Article, Capture
from ..extraction.extract import ExtractError, extract
from ..extraction.page import normalise_url, web_url
from . import payload, sniff
from .files import open_page, open_reason

logger = logging.getLogger(__name__)

# Bytes read at a time from a record body past the size limit, to reach its end.
_SPILL = 1 << 20


class NotAPage(ValueError):
    """A record that holds no HTML page (found once its body was decoded)."""


@dataclass(frozen=True, slots=True)
class PageRecord:
    """An HTML response record as read: its raw body, decoded later by page_article."""

    offset: int
    capture: Capture
    body: bytes | None  # None: over the size limit, not kept
    content_type: str | None
    transfer_encoding: str | None
    content_encoding: str | None
    digest: str  # of the body and everything page_article reads besides
    content_language: str | None = None  # the HTTP Content-Language header

    @property
    def captured_ns(self) -> int | None:
        """The capture time in nanoseconds since the epoch (which capture is newest)."""
        return capture_ns(self.capture.captured)


@dataclass(frozen=True, slots=True)
class OtherRecord:
    """A record that is not a page (request, revisit, metadata, not HTML, HTTP error)."""

    offset: int
    reason: str


def verdict(rec_type: str, status: str | None, content_type: str | None) -> str | None:
    """Why a record is not a page, or None when it is one (an HTML type, or none declared:
    then its bytes are sniffed)."""
    if rec_type != "response":
        return f"{rec_type} record"
    if status is None:
        return "response without HTTP headers"
    if status != "200":
        return f"HTTP {status}"
    if sniff.is_html_type(content_type) is False:
        return f"not HTML: {sniff.media_type(content_type)}"
    return None


def capture_ns(date: str | None) -> int | None:
    """A WARC-Date (W3C ISO 8601, `Z` or an offset, with or without a fraction) in
    nanoseconds since the epoch, or None."""
    if not date:
        return None
    try:
        when = dt.datetime.fromisoformat(date.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp()) * 1_000_000_000 + when.microsecond * 1000


def target_url(target_uri: str | None) -> str | None:
    """The URL a page without a canonical URL is known by: its target URI, normalised."""
    if target_uri and target_uri.startswith("<") and target_uri.endswith(">"):
        target_uri = target_uri[1:-1]  # WARC 1.0 as some writers read it: <uri>
    return normalise_url(target_uri) if web_url(target_uri) else None


def page_article(record: PageRecord, path: str,
                 max_bytes: int = settings.MAX_FILE_BYTES) -> Article:
    """The Article of one page record (`path`: its record path). Raises NotAPage when its
    bytes are not HTML, ExtractError when they hold no article."""
    if record.body is None:
        raise ExtractError(f"record over the size limit ({max_bytes} bytes)")
    try:
        html = payload.undo_encodings(record.body, record.transfer_encoding,
                                      record.content_encoding, max_bytes)
    except payload.PayloadError as exc:
        raise ExtractError(str(exc)) from None
    if sniff.is_html_type(record.content_type) is None and not sniff.looks_like_html(html):
        raise NotAPage("not HTML: " + (sniff.media_type(record.content_type) or "no type"))
    fetched_from = target_url(record.capture.target_uri)
    article = extract(html, path, record.digest, max_bytes,
                      charset=payload.charset_of(record.content_type), known_url=fetched_from,
                      content_language=record.content_language)
    # the capture says where the page was; when it was published is the page's to say
    return replace(article, url=article.url or fetched_from, capture=record.capture)


# ---------------------------------------------------------------------------------------------
# Reading


class WarcReader:
    """The records of one WARC file, from `start` (an offset resume_point gave) on.

    After `records()` is exhausted, `damage` says why the file could not be read to its
    end (None: it was), and `state` is what resume_point needs to read only what is
    appended later ("" when the file cannot be resumed: a whole-file gzip).
    """

    def __init__(self, abspath: str, name: str, start: int = 0,
                 max_bytes: int = settings.MAX_FILE_BYTES) -> None:
        self.abspath = abspath
        self.name = name  # the container's path, as the captures name it
        self.start = start
        self.max_bytes = max_bytes
        self.damage: str | None = None
        self.state = ""
        self.count = 0  # records read completely
        self._last = -1  # offset of the last record read completely

    def records(self) -> Iterator[PageRecord | OtherRecord]:
        """Every record read completely, in file order; damage stops the stream."""
        whole_gzip = False
        try:
            with open_page(self.abspath) as fh:
                try:
                    fh.seek(self.start)
                    yield from self._iterate(fh, skip_to=-1)
                except ArchiveLoadFailed as exc:
                    if "non-chunked gzip" not in str(exc) or self._last != 0:
                        raise
                    # one gzip stream for the whole file: read it decompressed, from the
                    # second record on (the first, at offset 0, was read)
                    whole_gzip = True
                    fh.seek(0)
                    yield from self._iterate(_Gunzip(fh), skip_to=0)
        except OSError as exc:  # open or read errors, gzip.BadGzipFile
            self.damage = self._stop(open_reason(exc) if exc.errno else f"corrupt gzip: {exc}")
        except (EOFError, _GzipCut):
            self.damage = self._stop("truncated gzip stream")
        except zlib.error as exc:
            self.damage = self._stop(f"corrupt gzip data: {exc}")
        except _Truncated as exc:
            self.damage = self._stop(str(exc), exc.offset)
        except ArchiveLoadFailed as exc:
            self.damage = self._stop(_first_line(str(exc)) or "not a WARC record")
        except Exception as exc:  # warcio on a header cut short, and kin: one file's loss
            logger.debug("WARC reader failed on %s", self.name, exc_info=True)
            self.damage = self._stop(f"unreadable record ({type(exc).__name__})")
        # offsets of a decompressed stream cannot be sought to in the file
        if not whole_gzip and self._last >= 0:
            try:
                with open_page(self.abspath) as fh:
                    self.state = f"{self._last}:{_prefix_digest(fh, self._last)}"
            except OSError:
                self.state = ""

    def _stop(self, reason: str, at: int | None = None) -> str:
        """The skip reason of a file read up to some damage."""
        if self.count == 0 and self.start == 0 and not at:
            return f"not a readable WARC file: {reason}"
        if at is None:
            reason += f" after the record at offset {max(self._last, self.start)}"
        return reason + "; the records after it are not read"

    def _iterate(self, stream: BinaryIO, skip_to: int) -> Iterator[PageRecord | OtherRecord]:
        records = _Records(stream)
        for record in records:
            offset = records.offset  # of this record: read_to_end moves it past
            if offset <= skip_to:
                continue
            item = self._read(record, offset)
            if record.raw_stream.limit > 0:
                # the stream ended (or its gzip broke) inside the record
                raise _Truncated(offset)
            self.count += 1
            self._last = offset
            yield item
        if records.cut_short:
            raise EOFError("gzip member cut short")

    def _read(self, record, offset: int) -> PageRecord | OtherRecord:
        headers = record.http_headers
        status = headers.get_statuscode() if headers is not None else None
        content_type = headers.get_header("Content-Type") if headers is not None else None
        reason = verdict(record.rec_type, status, content_type)
        if reason is not None:
            _drain(record.raw_stream)
            return OtherRecord(offset, reason)
        body = record.raw_stream.read(self.max_bytes + 1)
        digest = hashlib.blake2b(body, digest_size=16)
        if len(body) > self.max_bytes:
            digest.update(_drain(record.raw_stream, hashed=True))
            body = None
        warc = record.rec_headers
        capture = Capture(self.name, offset, warc.get_header("WARC-Target-URI"),
                          warc.get_header("WARC-Date"))
        transfer = headers.get_header("Transfer-Encoding")
        content = headers.get_header("Content-Encoding")
        language = headers.get_header("Content-Language")
        for part in (content_type, transfer, content, capture.target_uri, capture.captured):
            digest.update(b"\x00" + (part or "").encode("utf-8", "surrogateescape"))
        if language:  # hashed only when present: records without one keep their digests
            digest.update(b"\x00" + language.encode("utf-8", "surrogateescape"))
        return PageRecord(offset, capture, body, content_type, transfer, content,
                          digest.hexdigest(), language)


class _GzipCut(Exception):
    """A whole-file gzip stream ended inside its data."""


class _Gunzip:
    """A gzip stream (of one member or many) decompressed as it is read, for warcio. Unlike
    GzipFile, a stream cut short gives every byte it holds before it raises (the records
    before the cut are kept)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.pos = 0
        self._engine = zlib.decompressobj(31)
        self._input = b""
        self._fed = False  # the current member has begun

    def tell(self) -> int:
        return self.pos

    def read(self, size: int = -1) -> bytes:
        size = size if size is not None and size > 0 else _SPILL
        while True:
            if not self._input:
                self._input = self.fh.read(_SPILL)
                if not self._input:
                    if self._fed:  # not EOFError: warcio takes that for the end
                        raise _GzipCut("gzip stream cut short")
                    return b""
            out = self._engine.decompress(self._input, size)
            self._fed = True
            self._input = self._engine.unconsumed_tail
            if self._engine.eof:  # the next member, if any, starts in what is left
                self._input = self._engine.unused_data
                self._engine = zlib.decompressobj(31)
                self._fed = False
            if out:
                self.pos += len(out)
                return out


class _Records(WARCIterator):
    """warcio's record iterator, telling whether the stream ended inside a gzip member.

    warcio takes a gzip member cut short before any of its record decompressed as the end
    of the file; the decompressor still waiting for the rest says otherwise.
    """

    cut_short = False

    def close(self) -> None:
        engine = getattr(self.reader, "decompressor", None)
        self.cut_short = engine is not None and not getattr(engine, "eof", True)
        super().close()


class _Truncated(ArchiveLoadFailed):
    """The stream ended, or its gzip data broke, inside a record."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"truncated or corrupt record at offset {offset}")
        self.offset = offset


def _drain(stream, hashed: bool = False) -> bytes:
    """Read a record body to its end without keeping it (a digest of it when hashed)."""
    digest = hashlib.blake2b(digest_size=16) if hashed else None
    while chunk := stream.read(_SPILL):
        if digest is not None:
            digest.update(chunk)
    return digest.digest() if digest is not None else b""


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]


def _prefix_digest(fh: BinaryIO, end: int) -> str:
    """A digest of the start of the file and of the bytes before `end`: what a file that
    only grew has kept."""
    check = settings.WARC_PREFIX_CHECK
    digest = hashlib.blake2b(digest_size=16)
    fh.seek(0)
    digest.update(fh.read(min(check, end)))
    fh.seek(max(0, end - check))
    digest.update(fh.read(end - max(0, end - check)))
    return digest.hexdigest()


def resume_point(abspath: str, state: str, size: int) -> int | None:
    """The offset to read a changed WARC from: that of the last record read before, when
    the file still holds what was read up to it (it grew); None to read it all."""
    head, _, digest = state.partition(":")
    if not head.isdigit() or not digest or int(head) > size:
        return None
    offset = int(head)
    try:
        with open_page(abspath) as fh:
            same = _prefix_digest(fh, offset) == digest
    except OSError:
        return None
    return offset if same else None
