"""Is the page an article? Home pages, archives, tag and section listings and search pages
are not, and stay out of the index.

A page is judged by what it says of itself and by what it is, in that order:
  1. a page that declares itself a story (og:type article or video, an article object in
     JSON-LD) is an article, unless its URL is the site's root and it holds almost no text
     (some CMSs stamp og:type article on every page, the home page included);
  2. its URL: the site's root, a run of dates with no slug (/2011/05/), or a listing path
     (/tag/x, /category/x, /search?q=, /page/2) names a page of links; a section's path
     (/world/) does when the page holds many headline links;
  3. its JSON-LD: a CollectionPage or SearchResultsPage with no article in it;
  4. its shape: many headline links around little running text.
Each step only ever says "not an article"; when none does, the page is an article. Keeping
a listing costs a poor search hit; dropping an article loses it, so the rules ask for
strong evidence.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

from lxml import html

from .page import collapse, page_for, rel_values, types_of

# schema.org types a story page declares itself with, and og:type prefixes that do the same
STORY_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
    "liveblogposting", "techarticle", "scholarlyarticle", "report", "socialmediaposting",
    "videoobject", "audioobject", "podcastepisode",
})
STORY_OG_TYPES = ("article", "video", "blog")
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})

# URL path segments that CMSs give to pages of links: /tag/baltic, /category/world/page/2
LISTING_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "topic", "topics", "author", "authors",
    "archive", "archives", "search", "page",
})
# query parameters of search and paging: ?s=grid, ?q=grid, ?page=2
LISTING_PARAMETERS = frozenset({"s", "q", "query", "search", "page", "paged", "tag"})
_LANGUAGE_CODE = re.compile(r"([a-z]{2})(?:[-_][a-z]{2})?")
# /2019, /2019/05, /2019/05/12: a year's, month's or day's archive (an id is no year)
_DATE_PATH = re.compile(r"(?:19|20)\d\d(?:/[01]?\d(?:/[0-3]?\d)?)?")
_NAME_SEGMENT = re.compile(r"[^\W\d_]{2,20}")
_INDEX_FILE = re.compile(r"(?:index|default|home)\.(?:html?|php|aspx?|jsp)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# a session id (forums put one in ?s=), not the words of a search
_TOKEN = re.compile(r"[0-9a-f]{16,}", re.IGNORECASE)

# A page at the site's root is its home page when it holds less running text than this, or
# (when it does not declare itself a story) at least this many headline links: a small
# site's root may be the one page it has.
MIN_ROOT_STORY_WORDS = 150
ROOT_HEADLINES = 10
# A page under a section's URL (/world/) that does not declare itself a story is the
# section's page when it holds at least this many headline links.
SECTION_HEADLINES = 20
# A headline link: an anchor of at least this many words.
HEADLINE_WORDS = 4
# A page of links anywhere: at least this many headline links, and less running text than
# this. A story whose text clean could not find is short too, but has a few related links.
LISTING_HEADLINES = 25
LISTING_MAX_WORDS = 50


def declares_listing(tree: html.HtmlElement) -> bool:
    """Whether JSON-LD calls the page a collection, search results or a profile."""
    return any(types_of(obj) & LISTING_TYPES for obj in page_for(tree).json_ld)


def declares_story(tree: html.HtmlElement) -> bool:
    """Whether the page's metadata calls it a story: a JSON-LD story object, or og:type
    when JSON-LD does not call the page a listing (CMSs stamp og:type article on their
    tag pages too)."""
    page = page_for(tree)
    if any(types_of(obj) & STORY_TYPES for obj in page.json_ld):
        return True
    og_type = (page.first_meta(("og:type",)) or "").lower()
    return og_type.startswith(STORY_OG_TYPES) and not declares_listing(tree)


def url_kind(url: str | None, language: str | None = None) -> str | None:
    """What a URL says the page is, when it names a page of links: "home page", "archive"
    or "listing"; "section" when it may (a word or two, no slug); None for anything else
    (an article's URL among them). `language`: the page's own (<html lang>), whose code
    alone as the path (/de/) is the root of the site in that language."""
    if not url:
        return None
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and _INDEX_FILE.fullmatch(segments[-1]):
        segments.pop()
    query = parse_qsl(parts.query)
    if any(name.lower() in LISTING_PARAMETERS and not _TOKEN.fullmatch(value)
           for name, value in query):
        return "listing"
    if not segments or (len(segments) == 1 and _is_language(segments[0], language)):
        # the root with a query is a post's short link (WordPress's /?p=5031)
        return None if query else "home page"
    if _DATE_PATH.fullmatch("/".join(segments)):
        return "archive"
    lowered = [s.lower() for s in segments]
    for i, segment in enumerate(lowered):
        # /tag/baltic and /category/world/page/2 list; /category/world/2019/05/a-story
        # does not: what follows the listing word is a name, and perhaps a page number.
        rest = lowered[i + 1:]
        if segment == "page" and rest and rest[0].isdigit():
            return "listing"
        if segment in LISTING_SEGMENTS and len(rest) <= 1 + 2 * ("page" in rest):
            return "listing"
    # /world/ or /sport/football: a section's page, or a page of a small site (/about/)
    if len(segments) <= 2 and all(_NAME_SEGMENT.fullmatch(s) for s in segments):
        return "section"
    return None


def _is_language(segment: str, language: str | None) -> bool:
    code = _LANGUAGE_CODE.fullmatch(segment.lower())
    return bool(code and language and language.lower().startswith(code.group(1)))


def page_language(tree: html.HtmlElement) -> str | None:
    """The language the page declares on its <html> element."""
    return collapse(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang"))


def relative_canonical(tree: html.HtmlElement) -> str | None:
    """A canonical URL given as a path ("/"), which find_url cannot make absolute: it still
    says where on its site the page is."""
    for link in tree.iter("link"):
        if "canonical" in rel_values(link):
            href = collapse(link.get("href"))
            if href and href.startswith("/") and not href.startswith("//"):
                return href
    return None


def headline_links(tree: html.HtmlElement) -> int:
    """How many distinct anchors on the page read like headlines."""
    seen: set[str] = set()
    for anchor in tree.iter("a"):
        text = collapse(anchor.text_content())
        if text and len(_WORD.findall(text)) >= HEADLINE_WORDS:
            seen.add(text)
    return len(seen)


class PageSigns(NamedTuple):
    """What a page says of itself and how it is made, read before clean changes the tree."""

    story: bool  # declares itself a story
    listing: bool  # declares itself a collection or search results
    url_kind: str | None
    headlines: int

    @classmethod
    def read(cls, tree: html.HtmlElement, url: str | None) -> PageSigns:
        return cls(declares_story(tree), declares_listing(tree),
                   url_kind(url or relative_canonical(tree), page_language(tree)),
                   headline_links(tree))

    def not_article_reason(self, paragraphs: list[str]) -> str | None:
        """Why the page is not an article ("home page", "listing", ...), or None when it
        is one (`paragraphs`: the running text clean found, perhaps none)."""
        words = sum(len(_WORD.findall(p)) for p in paragraphs)
        if self.url_kind == "home page":
            linked = not self.story and self.headlines >= ROOT_HEADLINES
            return "home page" if words < MIN_ROOT_STORY_WORDS or linked else None
        if self.story:
            return None
        if self.url_kind == "section":
            return "section page" if self.headlines >= SECTION_HEADLINES else None
        if self.url_kind:
            return self.url_kind
        if self.listing:
            return "listing"
        if words < LISTING_MAX_WORDS and self.headlines >= LISTING_HEADLINES:
            return "listing"
        return None
