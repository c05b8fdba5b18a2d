"""Title, canonical URL, publication date and section: pure functions, value or None."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from dateutil import parser as dateparser
from lxml import html

from . import settings

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|\b)")
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s+::\s+")


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = _SPACE.sub(" ", value).strip()
    return value or None


def _meta(tree: html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for el in tree.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'):
            value = _text(el.get("content"))
            if value:
                return value
    return None


def json_ld_objects(tree: html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


def find_title(tree: html.HtmlElement) -> str | None:
    """The headline, without the site-name suffix."""
    h1s = [t for t in (_text(h.text_content()) for h in tree.iter("h1")) if t]
    if len(h1s) == 1:
        return h1s[0]
    og = _meta(tree, "og:title", "twitter:title")
    if og:
        return og
    title = tree.find(".//title")
    if title is not None and _text(title.text_content()):
        return _TITLE_SEPARATORS.split(_text(title.text_content()))[0]
    return h1s[0] if h1s else None


def find_url(tree: html.HtmlElement) -> str | None:
    """The canonical URL the page declares."""
    for link in tree.xpath('//link[@rel="canonical"]'):
        href = _text(link.get("href"))
        if href and href.startswith("http"):
            return href
    return _meta(tree, "og:url")


def parse_date(value: str) -> dt.date | None:
    """A date string to a date, or None when it is unreadable or impossible."""
    try:
        parsed = dateparser.parse(value, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    day = parsed.date()
    if not settings.MIN_DATE <= day <= dt.date.today():
        return None
    return day


def find_date(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """The original publication date as YYYY-MM-DD."""
    for obj in json_ld_objects(tree):
        value = obj.get("datePublished")
        if isinstance(value, str) and (day := parse_date(value)):
            return day.isoformat()
    value = _meta(tree, "article:published_time", "datePublished", "pubdate", "publishdate")
    if value and (day := parse_date(value)):
        return day.isoformat()
    for el in tree.xpath("//time[@datetime]"):
        if day := parse_date(el.get("datetime")):
            return day.isoformat()
    if url and (m := _URL_DATE.search(url)):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return None


def find_section(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """A short title-case section label."""
    for obj in json_ld_objects(tree):
        value = obj.get("articleSection")
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and _text(value):
            return _text(value).title()
    value = _meta(tree, "article:section")
    return value.title() if value else None
