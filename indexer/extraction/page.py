"""Reading a parsed page: its <meta>, JSON-LD, body elements and canonical URL.

The metadata finders (titles, dates, sections, agency) read the same <meta>, JSON-LD and body
index, so `page_for` builds them once per tree and caches the last tree it saw. They treat the
tree as read-only and must run before anything changes it (extract.py calls them before clean).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

SPACE = re.compile(r"\s+")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def collapse(value: Any) -> str | None:
    """Whitespace-collapsed text, or None when empty or not a string."""
    if not isinstance(value, str):
        return None
    value = SPACE.sub(" ", value).strip()
    return value or None


def fold(value: str) -> str:
    """Lower case without accents: "Août" and "aout" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Page access


def meta_values(tree: html.HtmlElement) -> dict[str, list[str]]:
    """<meta> contents keyed by lower-cased name, property or itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if not content or not (content := content.strip()):
            continue
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key:
                found.setdefault(key.strip().lower(), []).append(content)
    return found


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_DECODER = json.JSONDecoder(strict=False)


def _load_json(raw: str) -> Any:
    """JSON as CMSs write it: CDATA-wrapped, trailing commas, raw newlines, extra braces."""
    raw = _CDATA.sub("", raw).strip()
    try:
        return json.loads(raw)
    except ValueError:
        pass
    except RecursionError:  # nested deeper than any real metadata
        return None
    try:
        # raw_decode stops after the first complete value and ignores what follows
        return _DECODER.raw_decode(_TRAILING_COMMA.sub(r"\1", raw))[0]
    except (ValueError, RecursionError):
        return None


def json_ld_objects(tree: html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph flattened, in page order."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind not in ("application/ld+json", ""):
            continue
        raw = (script.text or "").strip()
        # some CMSs leave out the type: take an untyped script only if it is schema.org JSON
        if not raw or (not kind and not (raw.startswith("{") and "@context" in raw[:100])):
            continue
        data = _load_json(raw)
        if data is None:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]
    return found


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


# schema.org types that describe the page's own article
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "socialmediaposting", "liveblogposting", "techarticle", "scholarlyarticle", "report",
    "creativework", "medicalwebpage", "review", "recipe", "howto", "posting",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage", "faqpage"})


def is_article(obj: dict[str, Any]) -> bool:
    """A JSON-LD object about an article (NewsArticle, BlogPosting...) or its web page."""
    return bool(types_of(obj) & (_ARTICLE_TYPES | _PAGE_TYPES))


def _article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-LD objects about the article first, then web pages, then the rest."""
    articles = [o for o in objects if types_of(o) & _ARTICLE_TYPES]
    pages = [o for o in objects if types_of(o) & _PAGE_TYPES and o not in articles]
    rest = [o for o in objects if o not in articles and o not in pages]
    return articles + pages + rest


class BodyIndex(NamedTuple):
    """The body's elements in document order, each with a lower-cased hint line."""

    # hint = "tag class id itemprop"; one search over the joined lines is far faster than a
    # regex per element

    elements: list[html.HtmlElement]
    hints: list[str]
    joined: str
    starts: list[int]

    def matching(self, words: Iterable[str], pattern: re.Pattern[str] | None = None) -> list[int]:
        """Indices (in document order) of elements whose hint has one of `words` and `pattern`."""
        # str.find per word: Python's re is slow on alternations
        hits: set[int] = set()
        for word in words:
            pos = self.joined.find(word)
            while pos != -1:
                hits.add(bisect.bisect_right(self.starts, pos) - 1)
                pos = self.joined.find(word, pos + 1)
        found = sorted(hits)
        if pattern is not None:
            found = [i for i in found if pattern.search(self.hints[i])]
        return found


def _body_index(tree: html.HtmlElement) -> BodyIndex:
    body = tree.find("body")
    elements = list(body.iter(etree.Element)) if body is not None else []
    hints = [
        f"{el.tag} {el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}".lower()
        for el in elements
    ]
    starts, offset = [], 0
    for hint in hints:
        starts.append(offset)
        offset += len(hint) + 1
    return BodyIndex(elements, hints, "\n".join(hints), starts)


class Page:
    """What the find_* functions read from one tree, each part built on first use."""

    def __init__(self, tree: html.HtmlElement) -> None:
        self.tree = tree
        self.meta = meta_values(tree)
        self.json_ld = _article_objects(json_ld_objects(tree))
        self._index: BodyIndex | None = None

    @property
    def index(self) -> BodyIndex:
        """The body index, built on first use (only some pages need it)."""
        if self._index is None:
            self._index = _body_index(self.tree)
        return self._index

    def first_meta(self, names: Iterable[str]) -> str | None:
        """The first <meta> value under any of `names`, in the order given."""
        for name in names:
            for value in self.meta.get(name, ()):
                return value
        return None


@functools.lru_cache(maxsize=1)
def page_for(tree: html.HtmlElement) -> Page:
    """The tree's Page, built once: every finder of one page reads the same one."""
    return Page(tree)


def element_hint(el: html.HtmlElement) -> str:
    """ "tag class id", lower-cased: what class-name heuristics match against."""
    return f"{el.tag} {el.get('class') or ''} {el.get('id') or ''}".lower()


# ---------------------------------------------------------------------------------------------
# URL


def rel_values(el: html.HtmlElement) -> list[str]:
    """The words of a <link rel> / <a rel> attribute, lower-cased."""
    return (el.get("rel") or "").lower().split()


_SCHEMES = ("http://", "https://")


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL with a host, else None: nothing else (javascript:,
    data:, vbscript:, file:) is ever stored or linked as an article's URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def find_url(tree: html.HtmlElement) -> str | None:
    """The canonical URL the page declares (rel=canonical, else og:url), normalised."""
    page = page_for(tree)
    og_url = page.first_meta(("og:url", "twitter:url"))
    if og_url and not og_url.lower().startswith(_SCHEMES):
        og_url = None
    for link in tree.iter("link"):
        if "canonical" not in rel_values(link):
            continue
        href = collapse(link.get("href"))
        if not href:
            continue
        if href.startswith("//"):
            href = "https:" + href
        elif not href.lower().startswith(_SCHEMES):
            if not og_url:
                continue
            # a relative canonical is relative to the page, and og:url names the page
            href = urljoin(og_url, href)  # keeps any other scheme, as in "javascript:..."
        if url := web_url(href):
            return normalise_url(url)
    return normalise_url(og_url) if web_url(og_url) else None


_DEFAULT_PORT = re.compile(r":(?:80|443)$")


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, default port dropped; tracking parameters dropped (courlan)."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        # imported only here: courlan pulls in urllib3 and tld (50-80 ms per process), and
        # only URLs with a query or fragment can carry tracking parameters
        from courlan import normalize_url

        try:
            return normalize_url(url)
        except ValueError:
            return url
    # courlan would also rewrite the path ("/web/2016/http://..." to "http:/", "@" to "%40")
    netloc = _DEFAULT_PORT.sub("", parts.netloc.lower())
    return f"{parts.scheme.lower()}://{netloc}{parts.path}"
