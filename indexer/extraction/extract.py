"""The only orchestrator of extraction: bytes in, Article out."""

from __future__ import annotations

import hashlib
import logging
import re

from lxml import etree, html

from .. import settings
from ..article import Article
from . import agency, authors, clean, language, metadata, pagekind, speakers, summary
from .decode import DecodeError, decode_html

logger = logging.getLogger(__name__)


class ExtractError(ValueError):
    """A page that cannot be read as an article; the builder skips and reports it."""


class NotAnArticle(ExtractError):
    """A page that reads well but is no article (a home page, a listing); the builder
    counts it with the pages that are not articles, not with the broken ones."""


def content_hash(raw: bytes) -> str:
    """Stable identity of a page's bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


# lxml refuses decoded text that still declares an encoding (XHTML pages).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(text: str) -> html.HtmlElement:
    """Text to an lxml tree; raises ExtractError when nothing parses."""
    try:
        tree = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from exc
    return tree


def extract(raw: bytes, path: str, digest: str | None = None,
            max_bytes: int = settings.MAX_FILE_BYTES, charset: str | None = None,
            known_url: str | None = None, content_language: str | None = None) -> Article:
    """Clean one page down to its article and metadata (`digest`: its content_hash, if known;
    `charset` and `content_language`: what its HTTP headers declare, if known; `known_url`:
    where it was fetched from, if known). Raises NotAnArticle for a home page or a listing."""
    if len(raw) > max_bytes:
        raise ExtractError(f"file over {max_bytes} bytes")
    if len(raw.strip()) < settings.MIN_FILE_BYTES:
        raise ExtractError("empty or nearly empty file")
    try:
        text = decode_html(raw, charset)
    except DecodeError as exc:
        raise ExtractError(str(exc)) from exc
    tree = parse_html(text)
    url = metadata.find_url(tree)
    title = metadata.find_title(tree)
    date = metadata.find_date(tree, url)
    section = metadata.find_section(tree, url)
    # JSON-LD and <meta> credits are read before clean drops <script>
    credited = agency.credited_source(tree)
    declared = summary.find_summary(tree)
    signs = pagekind.PageSigns.read(tree, url or known_url)
    bylines = authors.declared_authors(tree)
    declared_languages = language.declared_languages(tree, content_language)
    # the agency, and the body without the "Source: Xinhua" / "Enditem" tail that names it
    source, paragraphs = agency.settle_source(
        credited, clean.extract_paragraphs(tree, title), tree, declared)
    # a page of links is counted as such, even when clean found none of its text
    if reason := signs.not_article_reason(paragraphs):
        raise NotAnArticle(f"not an article: {reason}")
    if not paragraphs:
        raise ExtractError("no article text found")
    # the byline line ("By Camila Rojas") names the authors and is no article text
    written_by, paragraphs = authors.settle_authors(bylines, paragraphs)
    # the declaration is checked against the article's own text, not the page's chrome
    found_language = language.find_language(declared_languages, title, paragraphs)
    # the rules read English: the article's language, checked, decides
    found = speakers.find_speakers(paragraphs, title, orgs=True, language=found_language)
    return Article(
        path=path,
        content_hash=digest or content_hash(raw),
        url=url,
        title=title,
        paragraphs=tuple(paragraphs),
        section=section,
        date=date,
        speakers=tuple(found),
        source=source,
        authors=written_by,
        language=found_language,
    )
