"""Is it HTML? From a declared media type, and from the first bytes (as browsers sniff)."""

from __future__ import annotations

import re

# Media types that are HTML pages.
HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
# Media types that say nothing about the content: the bytes decide.
UNTYPED: frozenset[str] = frozenset({"", "application/octet-stream", "unknown/unknown",
                                     "application/unknown", "*/*", "binary/octet-stream"})
# How far into the bytes an HTML start is looked for (WHATWG MIME sniffing reads 512 bytes;
# a long XML declaration or comment before <html> needs a little more).
SNIFF_BYTES: int = 1024
# WHATWG MIME sniffing's HTML patterns: a tag that only HTML starts with, after leading
# white space and comments, followed by a space or ">".
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b"
    rb"|br|p|meta|link)[\s>/]",
    re.IGNORECASE,
)
_LEADING = re.compile(rb"^(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type value, lower-cased, without its parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html_type(content_type: str | None) -> bool | None:
    """True for an HTML media type, False for any other, None when it says nothing."""
    kind = media_type(content_type)
    if kind in UNTYPED:
        return None
    return kind in HTML_TYPES


def looks_like_html(head: bytes) -> bool:
    """True when the bytes start like an HTML page (white space, comments and an XML
    declaration before the first tag are passed over)."""
    head = head[:SNIFF_BYTES]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head[:2] in (b"\x00<", b"<\x00"):  # UTF-16 without a mark: look at every other byte
        head = head.replace(b"\x00", b"")
    rest = head[_LEADING.match(head).end():]
    return bool(_HTML_START.match(rest))
