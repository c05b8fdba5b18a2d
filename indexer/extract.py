"""The only orchestrator of extraction: bytes in, Article out."""

from __future__ import annotations

import hashlib
import logging

from lxml import etree, html

from . import clean, metadata, settings, speakers
from .article import Article
from .decode import DecodeError, decode_html

logger = logging.getLogger(__name__)


class ExtractError(ValueError):
    """A page that cannot be read as an article; the builder skips and reports it."""


def content_hash(raw: bytes) -> str:
    """Stable identity of a page's bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_html(text: str) -> html.HtmlElement:
    """Text to an lxml tree; raises ExtractError when nothing parses."""
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from exc
    return tree


def extract(raw: bytes, path: str) -> Article:
    """Clean one page down to its article and metadata."""
    if len(raw) > settings.MAX_FILE_BYTES:
        raise ExtractError(f"file over {settings.MAX_FILE_BYTES} bytes")
    if len(raw.strip()) < settings.MIN_FILE_BYTES:
        raise ExtractError("empty or nearly empty file")
    try:
        text = decode_html(raw)
    except DecodeError as exc:
        raise ExtractError(str(exc)) from exc
    tree = parse_html(text)
    url = metadata.find_url(tree)
    title = metadata.find_title(tree)
    date = metadata.find_date(tree, url)
    section = metadata.find_section(tree, url)
    paragraphs = clean.extract_paragraphs(tree, title)
    if not paragraphs:
        raise ExtractError("no article text found")
    found = speakers.find_speakers(paragraphs)
    return Article(
        path=path,
        content_hash=content_hash(raw),
        url=url,
        title=title,
        paragraphs=tuple(paragraphs),
        section=section,
        date=date,
        speakers=tuple(found),
        source=None,
    )
