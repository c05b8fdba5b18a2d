"""Bytes to text: byte-order mark and declared charset first, detection last."""

from __future__ import annotations

import codecs
import logging

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

# Browsers (WHATWG Encoding) read these labels as windows-1252, and so do we: pages that
# say latin-1 routinely carry curly quotes in 0x80-0x9F.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii"}
# Detection is slow on big pages and a sample decides as well as the whole.
_DETECTION_SAMPLE = 15_000


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        logger.debug("unknown charset label %r", label)
        return None


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    # UTF-16/32 text has NULs too, but it starts with a BOM, handled before this check.
    return b"\x00" in sample


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Decode an HTML page; `declared` is a charset from an HTTP header, if known."""
    if not raw:
        raise DecodeError("empty file")
    body, bom_encoding = EncodingDetector.strip_byte_order_mark(raw)
    if bom_encoding:
        return body.decode(bom_encoding, errors="replace")
    if _looks_binary(raw):
        raise DecodeError("binary content (NUL bytes)")
    for label in (declared, EncodingDetector.find_declared_encoding(raw, is_html=True)):
        codec = _codec(label)
        if codec:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                logger.debug("declared charset %s does not fit the bytes", codec)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[:_DETECTION_SAMPLE]).best()
    if best is None:
        raise DecodeError("undecodable bytes (no charset fits)")
    logger.debug("detected charset %s", best.encoding)
    return raw.decode(best.encoding, errors="replace")
