"""HTTP bodies as web archives keep them: chunked, compressed, with the charset in a
header. Pure functions over bytes; every decompression is bounded (a small gzip can stand
for gigabytes)."""

from __future__ import annotations

import re
import zlib

try:  # Brotli ("br") is what browsers are sent most; archives keep it as it came.
    import brotli
except ImportError:  # pragma: no cover - brotli is in requirements.txt
    brotli = None

_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s,]+)""", re.IGNORECASE)
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9a-fA-F]+)[ \t]*(?:;[^\r\n]*)?\r?\n")
_ZLIB_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 15}
# Bytes handed to a decompressor at a time, so that the output can be stopped at the limit.
_STEP = 64 * 1024


class PayloadError(ValueError):
    """A body that cannot be decoded; the reason is the skip reason."""


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value."""
    m = _CHARSET.search(content_type or "")
    return m[1] if m else None


def codings(header: str | None) -> list[str]:
    """The codings a Transfer-Encoding or Content-Encoding value lists, in the order they
    were applied; "identity" (no coding) is left out."""
    names = [c.strip().lower() for c in (header or "").split(",")]
    return [c for c in names if c and c != "identity"]


def dechunk(body: bytes) -> bytes:
    """A chunked body (RFC 9112 7.1) joined; a body cut short keeps the chunks it has, and
    a body that is not chunked at all comes back as it is (a crawler that stored it
    decoded but kept the header)."""
    parts: list[bytes] = []
    at = 0
    while True:
        m = _CHUNK_SIZE.match(body, at)
        if not m:
            return body if at == 0 else b"".join(parts)
        size = int(m[1], 16)
        if size == 0:
            return b"".join(parts)
        start = m.end()
        parts.append(body[start:start + size])
        at = start + size
        if body.startswith(b"\r\n", at):
            at += 2
        elif body.startswith(b"\n", at):
            at += 1


def decompress(body: bytes, coding: str, max_bytes: int) -> bytes:
    """The body with one content coding undone, at most max_bytes of it; raises
    PayloadError past the limit or when the coding is unknown or the data corrupt."""
    if coding == "br":
        return _unbrotli(body, max_bytes)
    wbits = _ZLIB_WBITS.get(coding)
    if wbits is None:
        raise PayloadError(f"unknown content encoding: {coding}")
    try:
        return _inflate(body, wbits, max_bytes)
    except zlib.error:
        if coding != "deflate":
            raise PayloadError(f"corrupt {coding} data") from None
    try:  # servers send raw deflate under "deflate" as often as the zlib format
        return _inflate(body, -15, max_bytes)
    except zlib.error:
        raise PayloadError("corrupt deflate data") from None


def _inflate(body: bytes, wbits: int, max_bytes: int) -> bytes:
    engine = zlib.decompressobj(wbits)
    out = bytearray()
    pending = body
    while pending and not engine.eof:
        out += engine.decompress(pending, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            raise PayloadError(f"over the size limit when decompressed ({max_bytes} bytes)")
        pending = engine.unconsumed_tail
    return bytes(out)  # a stream cut short keeps what it has, as a browser shows it


def _unbrotli(body: bytes, max_bytes: int) -> bytes:
    if brotli is None:  # pragma: no cover
        raise PayloadError("unknown content encoding: br (brotli is not installed)")
    engine = brotli.Decompressor()
    out = bytearray()
    try:
        for at in range(0, len(body), _STEP):
            out += engine.process(body[at:at + _STEP], output_buffer_limit=max_bytes + 1)
            while len(out) <= max_bytes and not engine.is_finished() \
                    and not engine.can_accept_more_data():
                out += engine.process(b"", output_buffer_limit=max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise PayloadError(
                    f"over the size limit when decompressed ({max_bytes} bytes)")
    except brotli.error:
        raise PayloadError("corrupt br data") from None
    return bytes(out)


def undo_encodings(body: bytes, transfer_encoding: str | None, content_encoding: str | None,
                   max_bytes: int) -> bytes:
    """The body as the server meant it: transfer codings, then content codings undone,
    last applied first. A coding the bytes do not carry (a crawler stored the body decoded
    but kept the header) is passed over."""
    for coding in reversed(codings(transfer_encoding)):
        if coding == "chunked":
            body = dechunk(body)
        elif not _carries(body, coding):
            continue
        else:
            body = decompress(body, coding, max_bytes)
    for coding in reversed(codings(content_encoding)):
        if _carries(body, coding):
            body = decompress(body, coding, max_bytes)
    return body


def _carries(body: bytes, coding: str) -> bool:
    """False when the body is visibly not in this coding: plain text where gzip or zlib
    data should start."""
    if coding in ("gzip", "x-gzip"):
        return body.startswith(b"\x1f\x8b")
    if coding == "deflate":
        return not body.lstrip()[:1] == b"<"
    if coding == "br":  # brotli has no magic number; markup is not brotli
        return not body.lstrip()[:1] == b"<"
    return True
