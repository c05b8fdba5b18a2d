"""Bytes to text: byte-order mark and declared charset first, detection last."""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers (WHATWG Encoding) read these labels as windows-1252, and so do we: pages that
# say latin-1 routinely carry curly quotes in 0x80-0x9F.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii",
                         "iso_8859-1", "l1", "cp819", "ibm819", "windows-1252"}
# A page's bytes are ASCII-compatible if it got this far, so a UTF-16/32 label is wrong
# (WHATWG reads it as UTF-8), and UTF-7 is refused by browsers for safety.
_IGNORED_LABELS = {"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "utf-7"}
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">,
# and <?xml encoding="x"?>, searched in the bytes before decoding.
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_:.+-]+)""")
_HTML_LANG = re.compile(rb"""<html[^>]*\slang\s*=\s*["']?([a-zA-Z]{2,3})""", re.IGNORECASE)
# Declarations belong in <head>; a long head of inline scripts can push them far down.
_DECLARATION_SCAN = 65_536
# Detection is slow on big pages and a sample decides as well as the whole.
_DETECTION_SAMPLE = 15_000
# Languages written in windows-1250 (Central Europe): for them cp1250 is no misdetection.
_CP1250_LANGS = {"pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sr", "sq"}
_CP1250_FAMILY = {"cp1250", "iso8859_2"}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_SINGLE_BYTE_LEGACY = {"cp1252", "iso8859_15", "cp1250", "iso8859_2"}


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def codec_name(label: str | None) -> str | None:
    """A charset label to a Python text codec name, or None when unknown or unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if label in _IGNORED_LABELS:
        return None
    try:
        info = codecs.lookup(label)
    except LookupError:
        logger.debug("unknown charset label %r", label)
        return None
    # "base64", "rot13", "zlib" are codecs too, but not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def sniff_bom(raw: bytes) -> tuple[str, int] | None:
    """The encoding named by a byte-order mark at the start and the mark's length."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, len(bom)
    return None


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its XML declaration or a <meta> tag."""
    head = raw[:_DECLARATION_SCAN]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match:
        return match[1].decode("ascii", "replace")
    return None


def looks_binary(raw: bytes) -> bool:
    """More than a few NUL bytes, or mostly control characters: not an HTML page (a stray
    NUL in a page is dropped, not taken for binary; UTF-16 is told apart before this)."""
    sample = raw[:4096]
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.1


def utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text with no byte-order mark, told by where its NUL bytes fall: ASCII markup
    in UTF-16 has a NUL as every other byte (the odd ones little-endian, the even ones
    big-endian); None when the bytes do not look so."""
    sample = raw[:4096]
    if len(sample) < 64:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd > 0.3 and nul_even < 0.02:
        codec = "utf-16-le"
    elif nul_even > 0.3 and nul_odd < 0.02:
        codec = "utf-16-be"
    else:
        return None
    text = raw[: len(raw) - len(raw) % 2].decode(codec, errors="replace")
    return text if "<" in text[:4096] else None


def _utf8(raw: bytes) -> str | None:
    """The bytes as UTF-8, tolerating a multi-byte character cut off at the very end."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(raw) - 3:
            logger.debug("UTF-8 truncated mid-character; dropping the last bytes")
            return raw[: exc.start].decode("utf-8", errors="replace")
        return None


def _page_lang(raw: bytes) -> str | None:
    match = _HTML_LANG.search(raw[:_DECLARATION_SCAN])
    return match[1].decode("ascii").lower() if match else None


def _detect(raw: bytes) -> str | None:
    """Guess the charset of undeclared, non-UTF-8 bytes."""
    # bs4's UnicodeDammit runs charset-normalizer; imported here because detection is the
    # rare path and the import costs every process ~60 ms.
    from bs4.dammit import UnicodeDammit

    guess = UnicodeDammit(raw[:_DETECTION_SAMPLE], is_html=True).original_encoding
    codec = codec_name(guess)
    if codec is None:
        return None
    if codec in _CP1250_FAMILY and _page_lang(raw) not in _CP1250_LANGS:
        # Short Western pages come back as cp1250; cp1252 is far more common on the web.
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            return codec
        logger.debug("detected %s, but cp1252 fits too and is likelier", codec)
        return "cp1252"
    return codec


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Decode an HTML page; `declared` is a charset from an HTTP header, if known."""
    if not raw:
        raise DecodeError("empty file")
    return _decode(raw, declared).replace("\x00", "")


def _decode(raw: bytes, declared: str | None) -> str:
    bom = sniff_bom(raw)
    if bom:
        name, length = bom
        return raw[length:].decode(name, errors="replace")
    if (wide := utf16_without_bom(raw)) is not None:
        return wide
    if looks_binary(raw):
        raise DecodeError("binary content (NUL or control bytes)")
    utf8 = _utf8(raw)
    misfit: str | None = None
    for label in (declared, declared_charset(raw)):
        codec = codec_name(label)
        if not codec:
            continue
        if codec == "utf-8" and utf8 is not None:
            return utf8
        if codec in _SINGLE_BYTE_LEGACY and utf8 is not None and not raw.isascii():
            # Valid UTF-8 with non-ASCII bytes is almost never legacy text by accident:
            # the label is the stale one (the commonest mislabel on the web).
            logger.debug("declared %s but the bytes are UTF-8", codec)
            return utf8
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            logger.debug("declared charset %s does not fit the bytes", codec)
            misfit = misfit or codec
    if utf8 is not None:
        return utf8
    # A declared charset with a few stray bytes still beats a guess from nothing.
    codec = _detect(raw) or misfit
    if codec is None:
        raise DecodeError("undecodable bytes (no charset fits)")
    logger.debug("detected charset %s", codec)
    return raw.decode(codec, errors="replace")
