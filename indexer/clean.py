"""Parsed page to the article's body paragraphs (boilerplate removal)."""

from __future__ import annotations

import logging
import re

from lxml import html

from . import rules

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _is_boilerplate(el: html.HtmlElement) -> bool:
    hint = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return any(h in hint for h in rules.BOILERPLATE_HINTS)


def _strip_boilerplate(tree: html.HtmlElement) -> None:
    for el in list(tree.iter(*rules.DROP_TAGS)):
        el.drop_tree()
    for el in [e for e in tree.iter() if isinstance(e.tag, str) and _is_boilerplate(e)]:
        if el.getparent() is not None and el.tag not in ("html", "body"):
            el.drop_tree()


def _best_container(tree: html.HtmlElement) -> html.HtmlElement:
    """The element whose direct <p> children hold the most text."""
    scores: dict[html.HtmlElement, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(p.text_content())
    if not scores:
        return tree
    return max(scores, key=scores.__getitem__)


def extract_paragraphs(tree: html.HtmlElement, title: str | None = None) -> list[str]:
    """The article's body as a list of paragraphs, boilerplate removed."""
    _strip_boilerplate(tree)
    container = _best_container(tree)
    paragraphs: list[str] = []
    seen: set[str] = set()
    for el in container.iter(*_BLOCK_TAGS):
        text = _normalise(el.text_content())
        if not text or text in seen or (title and text == title):
            continue
        seen.add(text)
        paragraphs.append(text)
    return strip_agency_tail(paragraphs)


def strip_agency_tail(paragraphs: list[str]) -> list[str]:
    """Remove trailing "Enditem" / "Source: Xinhua" lines and glued tails."""
    out = list(paragraphs)
    while out:
        last = rules.AGENCY_TAIL.sub("", out[-1]).rstrip()
        if last == out[-1]:
            break
        if last:
            out[-1] = last
            if not rules.AGENCY_TAIL.search(last):
                break
        else:
            out.pop()
    return out
