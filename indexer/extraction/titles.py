"""The headline: the page's title without the site name, and where its heading sits in the body."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from lxml import html

from .page import Page, collapse, page_for, rel_values

# " | ", " - ", " — ", " – ", " · ", " :: " between headline and site name
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\u2013\u2014\u00b7\u2022»]|-{1,2}|::)\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """Text as site names are compared: "Sport und Freizeit" is "sportundfreizeit"."""
    return _NOT_WORD.sub("", text.casefold())


# Cached like title_of: the headline and the section both ask for the same page's.
@functools.lru_cache(maxsize=1)
def site_names(page: Page) -> frozenset[str]:
    """Ways the page names its site (squashed): og:site_name, application-name, the host's name."""
    names = {squash(v) for v in
             (*page.meta.get("og:site_name", ()), *page.meta.get("application-name", ()))}
    url = page.first_meta(("og:url",)) or ""
    for link in page.tree.iter("link"):
        if "canonical" in rel_values(link):
            url = link.get("href") or url
            break
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "edition")]
    if len(parts) > 1:
        names.add("".join(parts[:-1]))  # "spiegel" of spiegel.de, "bbcco" of bbc.co.uk
        names.add(parts[-2] if len(parts[-2]) > 3 or len(parts) == 2 else parts[-3])
    return frozenset(n for n in names if n)


def _is_site_name(part: str, names: set[str]) -> bool:
    """The part of a title names the site, or starts its name ("Example" of "examplenews")."""
    squashed = squash(part)
    if not squashed:
        return True
    return any(
        squashed == n or squashed.startswith(n) or (n.startswith(squashed) and len(squashed) > 2)
        for n in names
    )


def _strip_site_name(title: str, names: set[str]) -> str:
    """The part of a "Headline | Site" title that is not the site name."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    kept = [p for p in parts if not _is_site_name(p, names)]
    if kept and len(kept) < len(parts):
        # "Headline - Section - Site": the headline is the longest part left
        return max(kept, key=len)
    # no part names the site: drop a short last part ("Headline | Example News")
    if len(parts[-1]) <= 30 and len(parts[0]) > len(parts[-1]):
        return title[: title.rindex(parts[-1])].rstrip(" |-\u2013\u2014\u00b7\u2022»:")
    return title


# Cached like page_for: the dates, the section and the title all ask for the same page.
@functools.lru_cache(maxsize=1)
def title_of(page: Page) -> str | None:
    tree = page.tree
    names = set(site_names(page))  # a blog name in the <h1> may join them
    h1_elements = [h for h in tree.iter("h1") if collapse(h.text_content())]
    h1s = [collapse(h.text_content()) or "" for h in h1_elements]
    # the h1 marked as the headline, or the only h1: the page's own headline
    marked = [t for h, t in zip(h1_elements, h1s, strict=True) if h.get("itemprop") == "headline"]
    if marked:
        return marked[0]
    if len(h1s) == 1 and len(h1s[0]) > 10:
        if not _is_banner(h1_elements[0]):
            return h1s[0]
        # a blog's name as its only <h1>: the part of <title> to drop, not the headline
        names.add(squash(h1s[0]))
    og = page.first_meta(("og:title", "twitter:title"))
    if og:
        title = _strip_site_name(collapse(og) or og, names)
        # an h1 that repeats the og:title is the page's own spelling of it
        return next((h for h in h1s if h.casefold() == title.casefold()), title)
    title_el = tree.find(".//title")
    if title_el is not None and (text := collapse(title_el.text_content())):
        return _strip_site_name(text, names)
    return h1s[0] if h1s else None


# a link to a site's home page: "/", "https://blog.example/", an archived "…/http://blog.example/"
_HOME_LINK = re.compile(r"^(?:(?:https?:)?//[^/]+)?/?$|https?://[^/]+/?$", re.IGNORECASE)


def _is_banner(h1: html.HtmlElement) -> bool:
    """An <h1> that is all one link to the home page: the site's name, not the headline."""
    links = [a for a in h1.iter("a") if _HOME_LINK.search((a.get("href") or "").strip())]
    return len(links) == 1 and collapse(links[0].text_content()) == collapse(h1.text_content())


def find_title(tree: html.HtmlElement) -> str | None:
    """The headline, without the site-name suffix."""
    return title_of(page_for(tree))


# Datelines and kickers sit next to the headline: how many elements before and after it to read.
WINDOW_BEFORE, WINDOW_AFTER = 25, 60


@functools.lru_cache(maxsize=1)
def headline_index(page: Page) -> int | None:
    """Body-index position of the article's <h1>: the one matching the title, else the first."""
    title = (title_of(page) or "").casefold()
    first = None
    for h1 in page.tree.iter("h1"):
        text = (collapse(h1.text_content()) or "").casefold()
        if not text:
            continue
        if title and (title in text or text in title):
            first = h1
            break
        first = first if first is not None else h1
    first_text = (collapse(first.text_content()) or "").casefold() if first is not None else ""
    if len(title) >= 20 and title not in first_text:
        # no <h1> carries the title: a lower heading that does is the article's headline
        for heading in page.tree.iter("h2", "h3", "h4"):
            text = (collapse(heading.text_content()) or "").casefold()
            if len(text) >= 20 and (title in text or text in title):
                first = heading
                break
    if first is None:
        return None
    try:
        return page.index.elements.index(first)
    except ValueError:
        return None
