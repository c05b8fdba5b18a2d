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


# What a crawl folder holds besides pages, by the first bytes: (magic, at offset, kind).
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image"), (b"\xff\xd8\xff", 0, "image"),
    (b"GIF87a", 0, "image"), (b"GIF89a", 0, "image"), (b"WEBP", 8, "image"),
    (b"\x00\x00\x01\x00", 0, "image"), (b"II*\x00", 0, "image"), (b"MM\x00*", 0, "image"),
    (b"%PDF-", 0, "PDF"),
    (b"wOFF", 0, "font"), (b"wOF2", 0, "font"), (b"\x00\x01\x00\x00\x00", 0, "font"),
    (b"OTTO", 0, "font"),
    (b"ftyp", 4, "audio or video"), (b"ID3", 0, "audio or video"),
    (b"OggS", 0, "audio or video"), (b"\x1aE\xdf\xa3", 0, "audio or video"),
    (b"fLaC", 0, "audio or video"),
    (b"PK\x03\x04", 0, "compressed: zip"), (b"BZh", 0, "compressed: bzip2"),
    (b"\xfd7zXZ\x00", 0, "compressed: xz"), (b"\x28\xb5\x2f\xfd", 0, "compressed: zstd"),
    (b"7z\xbc\xaf\x27\x1c", 0, "compressed: 7z"),
    (b"WARC/", 0, "WARC archive not named .warc or .warc.gz"),
)
GZIP_MAGIC: bytes = b"\x1f\x8b"
# The root element of an XML document that is not a page: sitemaps and feeds by name.
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_XML_KINDS: dict[bytes, str] = {b"urlset": "sitemap", b"sitemapindex": "sitemap",
                                b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed",
                                b"svg": "image"}


# Kinds that are their own reason: no one would take them for a page's text.
_OWN_REASONS = frozenset({"image", "font", "audio or video", "binary"})


def not_html_kind(head: bytes) -> str:
    """What a file that does not start like HTML is, from its first bytes: "image",
    "sitemap", "feed", "XML", "JSON", "PDF", "text", "binary", "compressed: zip", ..."""
    for magic, at, kind in _MAGIC:
        if head[at:at + len(magic)] == magic:
            return kind
    if head.startswith(GZIP_MAGIC):
        return "compressed: gzip"
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    rest = head[_LEADING.match(head).end():]
    if b"\x00" in rest:
        return "binary"
    if rest.startswith(b"<"):
        root = _XML_ROOT.match(rest)
        return _XML_KINDS.get(root[1].lower(), "XML") if root else "XML"
    if rest[:1] in (b"{", b"["):
        return "JSON"
    return "text"


def not_page_reason(kind: str) -> str:
    """The build summary's reason for a file of this kind: "image", "not HTML: sitemap"."""
    if kind in _OWN_REASONS or kind.startswith(("compressed", "WARC")):
        return kind
    return f"not HTML: {kind}"
