"""The section a page is filed under: where pages name it, mapped through the alias table.

Sources in order of trust: JSON-LD articleSection, <meta> (article:section and kin),
breadcrumbs, category links and kickers near the headline, the current menu item, the URL path,
the parts of the <title> after the headline. Each wording goes through
`sections.canonical_section`; null when the page names none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree, html

from . import sections
from .page import Page, collapse, element_hint, page_for, rel_values, types_of
from .titles import WINDOW_AFTER, WINDOW_BEFORE, headline_index, site_names, squash

logger = logging.getLogger(__name__)

SECTION_META: tuple[str, ...] = (
    "article:section", "og:article:section", "section", "article-section", "parsely-section",
    "sailthru.section", "cxenseparse:recs:category", "category", "dc.subject",
    "page.section", "articlesection", "channel", "ressort", "rubrik",
)
# breadcrumb trails: "breadcrumb" classes, French "fil d'ariane", German "Brotkrumen"
_BREADCRUMB_WORDS = ("crumb", "bread", "ariane", "brotkrumen", "kruimel")
# category links, kickers above the headline, itemprop=articleSection
_CATEGORY_WORDS = ("categor", "cat-links", "kicker", "rubrik", "ressort", "section", "channel",
                   "overline", "dachzeile", "eyebrow", "articlesection")
_CATEGORY_HINT = re.compile(
    r"(?:^|[\s_-])(?:category|categories|cat-links|kicker|rubrik|ressort|section-name|"
    r"channel|overline|dachzeile|eyebrow)(?:$|[\s_-])|\barticlesection\b"
)
_CATEGORY_CLASS = re.compile(r"(?:^|\s)category-([a-z][\w-]*)", re.IGNORECASE)
_CATEGORY_LINKS = etree.XPath("//a[contains(@rel, 'category')]")
_MENU_HINT = re.compile(r"menu|nav|sidebar|footer|teaser|related|dropdown")
_LABEL_SPLIT = re.compile(r"\s*[>|»›/,;·•]\s*")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_MAX_LABEL_WORDS = 4
# menu entries marked as current read at most (nested menus mark the parent and the child)
_MAX_CURRENT = 3


def _label(value: Any) -> str | None:
    """A section wording fit to show: short, has letters, not generic ("Home", "News")."""
    text = collapse(value)
    if not text or len(text) > 40 or len(text.split()) > _MAX_LABEL_WORDS:
        return None
    if not _HAS_LETTER.search(text) or sections.is_generic(text):
        return None
    return text


def _parts(candidates: Iterable[str]) -> list[str]:
    """The wordings fit to show in candidates, each part of "News > World" apart."""
    return [label for c in candidates for part in _LABEL_SPLIT.split(c) if (label := _label(part))]


def known_section(
    wordings: Iterable[str], aliases: sections.Aliases = sections.ALIASES
) -> str | None:
    """The canonical label of the first wording the alias table holds, else of the first that
    is a held wording's kin (a compound ending in it, a word of its stem)."""
    wordings = list(wordings)
    for read in (aliases.exact, aliases.related):
        if label := next((label for w in wordings if (label := read(w))), None):
            return label
    return None


def _choose(candidates: Iterable[str]) -> str | None:
    """The first candidate (or part of "News > World") that the alias table knows."""
    return known_section(_parts(candidates))


def _json_ld_sections(page: Page) -> list[str]:
    found: list[str] = []
    for obj in page.json_ld:
        value = obj.get("articleSection")
        values = value if isinstance(value, list) else [value]
        found.extend(v for v in values if isinstance(v, str))
    return found


def _breadcrumb_names(page: Page) -> list[str]:
    """The trail's names without the page itself (the last crumb is often the headline)."""
    for obj in page.json_ld:
        if "breadcrumblist" not in types_of(obj):
            continue
        if not isinstance(obj.get("itemListElement"), list):
            continue
        items = [i for i in obj["itemListElement"] if isinstance(i, dict)]
        items.sort(key=lambda i: i["position"] if isinstance(i.get("position"), int) else 0)
        names = []
        for item in items:
            name = item.get("name")
            if not name and isinstance(item.get("item"), dict):
                name = item["item"].get("name")
            if isinstance(name, str):
                names.append(name)
        if names:
            return names[:-1] if len(names) > 2 else names
    index = page.index
    for i in index.matching(_BREADCRUMB_WORDS):
        names = [t for t in (collapse(a.text_content()) for a in index.elements[i].iter("a")) if t]
        if names:
            return names
    for el in page.tree.xpath("//*[contains(@itemtype, 'BreadcrumbList')]"):
        names = [t for t in (collapse(a.text_content()) for a in el.iter("a")) if t]
        if names:
            return names
    return []


def _category_names(page: Page) -> list[str]:
    """Category links and kickers of the article itself, not of the site's menus."""
    index = page.index
    found: list[str] = []
    # WordPress marks its category links rel="category tag"
    for a in _CATEGORY_LINKS(page.tree):
        if "category" in rel_values(a) and (text := collapse(a.text_content())):
            found.append(text)
    headline = headline_index(page)
    shared = set(index.elements[headline].iterancestors()) if headline is not None else set()
    # WordPress writes the post's categories into its container's class: "category-politik"
    for ancestor in index.elements[headline].iterancestors() if headline is not None else ():
        slugs = _CATEGORY_CLASS.findall(ancestor.get("class") or "")
        found.extend(slug.replace("-", " ") for slug in slugs)
    # ...and marks the menu entry of the current post's category
    for i in index.matching(("current-post-ancestor", "current-menu-parent", "current-category")):
        if text := collapse(index.elements[i].text_content()):
            found.append(text)
    for i in index.matching(_CATEGORY_WORDS, _CATEGORY_HINT):
        el = index.elements[i]
        if headline is not None and not -WINDOW_BEFORE <= i - headline <= WINDOW_AFTER:
            continue
        if _MENU_HINT.search(index.hints[i]) or _in_menu(el, shared):
            continue
        text = el.text_content()
        if len(text) < 60 and (text := collapse(text)):
            found.append(text)
            if len(found) >= 3:
                break
    return found


def _in_menu(el: html.HtmlElement, shared: set[html.HtmlElement]) -> bool:
    for ancestor in el.iterancestors():
        if ancestor in shared or ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag in ("nav", "header", "footer", "aside"):
            return True
        if _MENU_HINT.search(element_hint(ancestor)):
            return True
    return False


_CURRENT_ITEM = re.compile(r"(?:^|[\s_-])(?:curr|current|active|selected|on)(?:$|[\s_-])")


# aria-current marks the current page's entry in a menu (WAI-ARIA)
_ARIA_CURRENT = frozenset({"page", "true", "location"})


def _current_menu_item(page: Page) -> list[str]:
    """The menu entries the site marks as current ("<li class="curr">World</li>",
    aria-current="page"), the first few."""
    found: list[str] = []
    for nav in page.tree.iter("nav", "ul"):
        for item in nav.iter("li", "a"):
            current = (item.get("aria-current") or "").lower() in _ARIA_CURRENT
            if current or _CURRENT_ITEM.search((item.get("class") or "").lower()):
                text = collapse(item.text_content())
                if text and len(text) < 40:
                    found.append(text)
                    if len(found) >= _MAX_CURRENT:
                        return found
    return found


# "Headline | Environment | The Guardian", "Headline - Esporte - Folha": the parts after
# the headline may name the section
_TITLE_PARTS = re.compile(r"\s+[|\-\u2013\u2014:·•»]\s+")


def _title_parts(page: Page) -> list[str]:
    """The parts of the page's <title> after the headline."""
    title = page.tree.find(".//title")
    text = collapse(title.text_content()) if title is not None else None
    return _TITLE_PARTS.split(text)[1:] if text else []


def _not_the_site(page: Page, wordings: list[str]) -> list[str]:
    """Wordings without the site's own name, as the title's last part or the trail's first
    crumb write it: "Sport und Freizeit" is no section Sport. Only the whole name: a desk
    "Sport" on sportwelt.example stays."""
    names = site_names(page)
    return [w for w in wordings if squash(w) not in names]


def _url_segments(url: str | None) -> list[str]:
    """The folders of a URL path; the last segment is the article's slug."""
    if not url:
        return []
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    return [s.replace("-", " ").replace("_", " ") for s in segments[:-1]]


# The signals, most trusted first. The last two keep a section that the alias table does not
# know as the site writes it, tidied: one the page declares outright (JSON-LD, <meta>:
# "Energy", "Markets"), else a desk of its breadcrumb trail that a folder of its address
# names too ("Verslas" and /verslas/). Menus, URL folders and titles alone are not trusted
# that far.
SIGNALS: tuple[str, ...] = (
    "json-ld", "meta", "breadcrumb", "category", "menu", "url", "title", "declared",
    "breadcrumb as written",
)
# ...those two, which do not go through the alias table
AS_WRITTEN: frozenset[str] = frozenset({"declared", "breadcrumb as written"})


def _wording_steps(page: Page, url: str | None) -> dict[str, Callable[[], list[str]]]:
    """The wordings each signal that goes through the alias table offers, in order."""
    return {
        "json-ld": lambda: _parts(_json_ld_sections(page)),
        "meta": lambda: _parts(_declared(page)),
        "breadcrumb": lambda: _parts(_not_the_site(page, _breadcrumb_names(page))),
        "category": lambda: _parts(_category_names(page)),
        "menu": lambda: _parts(_current_menu_item(page)),
        "url": lambda: _url_segments(url),
        "title": lambda: _parts(_not_the_site(page, _title_parts(page))),
    }


def _declared(page: Page) -> list[str]:
    return [v for name in SECTION_META for v in page.meta.get(name, ())]


def _signal_steps(page: Page, url: str | None) -> dict[str, Callable[[], str | None]]:
    """Each signal's reading, run only when asked for."""
    steps: dict[str, Callable[[], str | None]] = {
        name: (lambda wordings=wordings: known_section(wordings()))
        for name, wordings in _wording_steps(page, url).items()
    }
    steps["declared"] = lambda: _as_declared(_json_ld_sections(page) + _declared(page))
    steps["breadcrumb as written"] = lambda: _as_written(_breadcrumb_names(page), url)
    return steps


def section_wordings(tree: html.HtmlElement, url: str | None = None) -> dict[str, list[str]]:
    """The wordings each signal offers before the alias table, and the declared label: what
    section_signals reads, for measuring the table itself."""
    page = page_for(tree)
    found = {name: step() for name, step in _wording_steps(page, url).items()}
    steps = _signal_steps(page, url)
    for name in AS_WRITTEN:
        label = steps[name]()
        found[name] = [label] if label else []
    return found


def section_signals(tree: html.HtmlElement, url: str | None = None) -> dict[str, str | None]:
    """What each signal (SIGNALS) says the page's section is, None where it says nothing."""
    return {name: step() for name, step in _signal_steps(page_for(tree), url).items()}


def first_signal(
    signals: Mapping[str, Callable[[], str | None]], order: Iterable[str] = SIGNALS
) -> str | None:
    """The section of the first signal in `order` that names one (each read when reached)."""
    for signal in order:
        if chosen := signals[signal]():
            logger.debug("section from %s: %s", signal, chosen)
            return chosen
    return None


def find_section(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """A canonical section label ("World", "Sport"...) from the alias table, or None."""
    return first_signal(_signal_steps(page_for(tree), url))


def _from_url(url: str | None) -> str | None:
    """A URL folder that names a section: /sport/, /wirtschaft/, /news/world/."""
    return known_section(_url_segments(url))


def _as_declared(values: Iterable[str]) -> str | None:
    for value in values:
        label = _label(_LABEL_SPLIT.split(value)[-1])
        if label:
            return label if any(c.isupper() for c in label) else label.title()
    return None


# a breadcrumb entry naming a host ("www.lrt.lt") is the site, not a desk
_HOST_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def _as_written(names: Iterable[str], url: str | None) -> str | None:
    """The first desk of a breadcrumb trail that a folder of the page's URL names too
    ("Verslas" and /naujienos/verslas/), tidied: a crumb the address does not confirm may be
    "Back", "About us" or the site's name."""
    folders = {sections.normalise_label(f) for f in _url_segments(url)}
    for name in names:
        label = _label(name)
        if label and not _HOST_LIKE.match(label) and _folder_form(label) in folders:
            return label if any(c.isupper() for c in label) else label.title()
    return None


def _folder_form(label: str) -> str:
    """A wording as a URL folder writes it: "Companies & Markets" as "companies markets"."""
    return sections.normalise_label(re.sub(r"[^\w\s-]+", " ", label))


def declared_section(labels: Iterable[str], url: str | None = None) -> str | None:
    """The section of an article that states its labels outright (a record, not a page):
    the first label the alias table knows, else a URL folder it knows, else the first
    label as written, tidied, like a section a page declares."""
    labels = [label for label in labels if isinstance(label, str)]
    return _choose(labels) or _from_url(url) or _as_declared(labels)
