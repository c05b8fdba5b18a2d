"""The text a story page declares of itself, for when its visible text cannot be found.

A video story is a player and a caption; a script-rendered page may have its text only in
JSON-LD. Such a page still says what it is about: JSON-LD `articleBody`, else the description
in its metadata. Only pages that declare themselves a story (og:type article or video, an
article or video object in JSON-LD) are read: an index page's description is no story.
"""

from __future__ import annotations

import re

from lxml import html

from .page import collapse, page_for, types_of
from .pagekind import STORY_TYPES, declares_story

_DESCRIPTION_META = ("og:description", "description", "twitter:description")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A description shorter than this is a slogan, not a summary.
MIN_SUMMARY_CHARS = 80


def find_summary(tree: html.HtmlElement) -> list[str]:
    """Paragraphs the page declares as its story's text, or [] (read before `clean`)."""
    page = page_for(tree)
    if not declares_story(tree):
        return []
    stories = [obj for obj in page.json_ld if types_of(obj) & STORY_TYPES]
    for obj in stories:
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) >= MIN_SUMMARY_CHARS:
            return [p for chunk in _PARAGRAPH_BREAK.split(body) if (p := collapse(chunk))]
    for obj in stories:
        if (text := collapse(obj.get("description"))) and len(text) >= MIN_SUMMARY_CHARS:
            return [text]
    text = collapse(page.first_meta(_DESCRIPTION_META))
    return [text] if text and len(text) >= MIN_SUMMARY_CHARS else []
