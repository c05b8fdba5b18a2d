"""Title, canonical URL, publication date, section and source agency: pure functions, value or None.

Each `find_*` function reads the parsed page (and sometimes its URL) and returns a plain value,
or None when the page does not say. Sources are tried in order of trust, and `logger.debug`
says which one answered. They run before `clean`, which mutates the tree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html

from . import regions, sections, settings

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _text(value: Any) -> str | None:
    """Whitespace-collapsed text, or None when empty or not a string."""
    if not isinstance(value, str):
        return None
    value = _SPACE.sub(" ", value).strip()
    return value or None


def _fold(value: str) -> str:
    """Lower case without accents: "Août" and "aout" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Page access. The find_* functions read the same <meta>, JSON-LD and body index, so each is
# built once per tree: `_page` caches the last tree it saw. They treat the tree as read-only and
# must run before anything changes it (extract.py calls them before clean).


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
    try:
        # raw_decode stops after the first complete value and ignores what follows
        return _DECODER.raw_decode(_TRAILING_COMMA.sub(r"\1", raw))[0]
    except ValueError:
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


def _types(obj: dict[str, Any]) -> set[str]:
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


def _article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-LD objects about the article first, then web pages, then the rest."""
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    pages = [o for o in objects if _types(o) & _PAGE_TYPES and o not in articles]
    rest = [o for o in objects if o not in articles and o not in pages]
    return articles + pages + rest


class _BodyIndex(NamedTuple):
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


def _body_index(tree: html.HtmlElement) -> _BodyIndex:
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
    return _BodyIndex(elements, hints, "\n".join(hints), starts)


class _Page:
    """What the find_* functions read from one tree, each part built on first use."""

    def __init__(self, tree: html.HtmlElement) -> None:
        self.tree = tree
        self.meta = meta_values(tree)
        self.json_ld = _article_objects(json_ld_objects(tree))
        self._index: _BodyIndex | None = None

    @property
    def index(self) -> _BodyIndex:
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
def _page(tree: html.HtmlElement) -> _Page:
    return _Page(tree)


# ---------------------------------------------------------------------------------------------
# URL


def _rel(el: html.HtmlElement) -> list[str]:
    return (el.get("rel") or "").lower().split()


_SCHEMES = ("http://", "https://")


def find_url(tree: html.HtmlElement) -> str | None:
    """The canonical URL the page declares (rel=canonical, else og:url), normalised."""
    page = _page(tree)
    og_url = page.first_meta(("og:url", "twitter:url"))
    if og_url and not og_url.lower().startswith(_SCHEMES):
        og_url = None
    for link in tree.iter("link"):
        if "canonical" not in _rel(link):
            continue
        href = _text(link.get("href"))
        if not href:
            continue
        if href.startswith("//"):
            href = "https:" + href
        elif not href.lower().startswith(_SCHEMES):
            if not og_url:
                continue
            # a relative canonical is relative to the page, and og:url names the page
            href = urljoin(og_url, href)
        return normalise_url(href)
    return normalise_url(og_url) if og_url else None


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


# ---------------------------------------------------------------------------------------------
# Title

# " | ", " - ", " — ", " – ", " · ", " :: " between headline and site name
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\u2013\u2014\u00b7\u2022»]|-{1,2}|::)\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def _site_names(page: _Page) -> set[str]:
    """Ways the page names its site: og:site_name, application-name, the host's name."""
    names = {_NOT_WORD.sub("", v.casefold()) for v in
             (*page.meta.get("og:site_name", ()), *page.meta.get("application-name", ()))}
    url = page.first_meta(("og:url",)) or ""
    for link in page.tree.iter("link"):
        if "canonical" in _rel(link):
            url = link.get("href") or url
            break
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "edition")]
    if len(parts) > 1:
        names.add("".join(parts[:-1]))  # "spiegel" of spiegel.de, "bbcco" of bbc.co.uk
        names.add(parts[-2] if len(parts[-2]) > 3 or len(parts) == 2 else parts[-3])
    return {n for n in names if n}


def _is_site_name(part: str, names: set[str]) -> bool:
    squashed = _NOT_WORD.sub("", part.casefold())
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


def _title(page: _Page) -> str | None:
    tree = page.tree
    names = _site_names(page)
    h1_elements = [h for h in tree.iter("h1") if _text(h.text_content())]
    h1s = [_text(h.text_content()) or "" for h in h1_elements]
    # the h1 marked as the headline, or the only h1: the page's own headline
    marked = [t for h, t in zip(h1_elements, h1s, strict=True) if h.get("itemprop") == "headline"]
    if marked:
        return marked[0]
    if len(h1s) == 1 and len(h1s[0]) > 10:
        if not _is_banner(h1_elements[0]):
            return h1s[0]
        # a blog's name as its only <h1>: the part of <title> to drop, not the headline
        names.add(_NOT_WORD.sub("", h1s[0].casefold()))
    og = page.first_meta(("og:title", "twitter:title"))
    if og:
        title = _strip_site_name(_text(og) or og, names)
        # an h1 that repeats the og:title is the page's own spelling of it
        return next((h for h in h1s if h.casefold() == title.casefold()), title)
    title_el = tree.find(".//title")
    if title_el is not None and (text := _text(title_el.text_content())):
        return _strip_site_name(text, names)
    return h1s[0] if h1s else None


# a link to a site's home page: "/", "https://blog.example/", an archived "…/http://blog.example/"
_HOME_LINK = re.compile(r"^(?:(?:https?:)?//[^/]+)?/?$|https?://[^/]+/?$", re.IGNORECASE)


def _is_banner(h1: html.HtmlElement) -> bool:
    """An <h1> that is all one link to the home page: the site's name, not the headline."""
    links = [a for a in h1.iter("a") if _HOME_LINK.search((a.get("href") or "").strip())]
    return len(links) == 1 and _text(links[0].text_content()) == _text(h1.text_content())


def find_title(tree: html.HtmlElement) -> str | None:
    """The headline, without the site-name suffix."""
    return _title(_page(tree))


# ---------------------------------------------------------------------------------------------
# Dates: reading one date string

# Month names as pages write them (nominative and genitive forms), Latin, Greek, Cyrillic and
# Arabic script (Levantine names too, where they are one word).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari",
        "stycznia", "styczeń", "января", "январь", "ledna", "leden", "ocak", "ianuarie",
        "sausio", "tammikuuta", "siječnja", "ιανουαρίου", "januára", "január",
        "січня", "януари", "يناير"),
    2: ("february", "februar", "février", "febrero", "febbraio", "fevereiro", "februari",
        "lutego", "luty", "февраля", "февраль", "února", "únor", "şubat", "februarie",
        "vasario", "helmikuuta", "veljače", "φεβρουαρίου", "februára", "február",
        "лютого", "февруари", "فبراير", "شباط"),
    3: ("march", "märz", "maerz", "mars", "marzo", "março", "maart", "maret", "marca",
        "marzec", "марта", "март", "března", "březen", "mart", "martie", "kovo",
        "maaliskuuta", "ožujka", "μαρτίου", "marec", "március",
        "березня", "مارس", "آذار"),
    4: ("april", "avril", "abril", "aprile", "kwietnia", "kwiecień", "апреля", "апрель",
        "dubna", "duben", "nisan", "aprilie", "balandžio", "huhtikuuta", "travnja",
        "απριλίου", "apríla", "április",
        "квітня", "أبريل", "ابريل", "نيسان"),
    5: ("may", "mai", "mayo", "maggio", "maio", "mei", "maj", "maja", "мая", "май", "května",
        "květen", "mayıs", "gegužės", "toukokuuta", "svibnja", "μαΐου", "mája", "május",
        "травня", "مايو", "أيار"),
    6: ("june", "juni", "juin", "junio", "giugno", "junho", "czerwca", "czerwiec", "июня",
        "июнь", "června", "červen", "haziran", "iunie", "birželio", "kesäkuuta", "lipnja",
        "ιουνίου", "júna", "június",
        "червня", "юни", "يونيو", "يونيه", "حزيران"),
    7: ("july", "juli", "juillet", "julio", "luglio", "julho", "lipca", "lipiec", "июля",
        "июль", "července", "červenec", "temmuz", "iulie", "liepos", "heinäkuuta", "srpnja",
        "ιουλίου", "júla", "július",
        "липня", "юли", "يوليو", "يوليه", "تموز"),
    8: ("august", "août", "agosto", "augustus", "agustus", "augusti", "sierpnia", "sierpień",
        "августа", "август", "srpna", "srpen", "ağustos", "rugpjūčio", "elokuuta",
        "kolovoza", "αυγούστου", "augusztus",
        "серпня", "أغسطس"),
    9: ("september", "septembre", "septiembre", "setiembre", "settembre", "setembro",
        "września", "wrzesień", "сентября", "сентябрь", "září", "eylül", "septembrie",
        "rugsėjo", "syyskuuta", "rujna", "σεπτεμβρίου", "septembra", "szeptember",
        "вересня", "септември", "سبتمبر", "أيلول"),
    10: ("october", "oktober", "octobre", "octubre", "ottobre", "outubro", "października",
         "październik", "октября", "октябрь", "října", "říjen", "ekim", "octombrie",
         "spalio", "lokakuuta", "οκτωβρίου", "októbra", "október",
         "жовтня", "октомври", "أكتوبر"),
    11: ("november", "novembre", "noviembre", "novembro", "listopada", "listopad", "ноября",
         "ноябрь", "listopadu", "kasım", "noiembrie", "lapkričio", "marraskuuta",
         "studenoga", "νοεμβρίου", "novembra",
         "ноември", "نوفمبر"),
    12: ("december", "dezember", "décembre", "diciembre", "dicembre", "dezembro", "desember",
         "grudnia", "grudzień", "декабря", "декабрь", "prosince", "prosinec", "aralık",
         "decembrie", "gruodžio", "joulukuuta", "prosinca", "δεκεμβρίου", "decembra",
         "грудня", "декември", "ديسمبر"),
}
_MONTHS: dict[str, int] = {
    _fold(name): number for number, names in _MONTH_NAMES.items() for name in names
}
# Abbreviations ("Sept", "janv", "Okt") are prefixes of a name. Where two languages share a
# prefix ("mar": March, Finnish "marraskuuta"), the language listed first in the table wins.
_ABBREVIATIONS: dict[str, int] = {}
for _position in range(max(len(names) for names in _MONTH_NAMES.values())):
    for _number, _names in _MONTH_NAMES.items():
        if _position < len(_names):
            _name = _fold(_names[_position])
            for _size in (3, 4, 5):
                if len(_name) > _size and _name[:_size] not in _MONTHS:
                    _ABBREVIATIONS.setdefault(_name[:_size], _number)


def _month(word: str) -> int | None:
    word = _fold(word).rstrip(".")
    return _MONTHS.get(word) or _ABBREVIATIONS.get(word)


_WORD = r"([^\W\d_]{3,12})\.?"
_DAY = r"(3[01]|[12]\d|0?[1-9])"
_YEAR = r"((?:19|20)\d\d)"
# 2021-03-03, 2021/03/03, 2021.03.03; a time and zone after it are ignored: the day as written
_ISO = re.compile(rf"(?<!\d){_YEAR}([-/.])(1[0-2]|0?[1-9])\2{_DAY}(?!\d)")
# 20210303, 20210303T101500
_COMPACT = re.compile(rf"(?<!\d){_YEAR}(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])(?=T|\b|_)")
# 03.03.2021, 3/3/2021, 03-03-2021
_NUMERIC = re.compile(rf"(?<!\d)(\d{{1,2}})\s?([./-])\s?(\d{{1,2}})\s?\2\s?{_YEAR}(?!\d)")
# 3 March 2021, 3. März 2021, 3 de marzo de 2021, 03-Mar-2021, 3rd of March, 2021
_DMY_WORDS = re.compile(
    rf"(?<!\d){_DAY}(?:st|nd|rd|th|er|º|°)?\.?[\s-]*(?:de\s+|of\s+)?{_WORD}[\s,-]*(?:de\s+)?{_YEAR}(?!\d)",
    re.IGNORECASE,
)
# March 3, 2021; Mar. 3rd 2021
_MDY_WORDS = re.compile(
    rf"(?<!\w){_WORD}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)", re.IGNORECASE
)
# 2021 m. kovo 3 d. (Lithuanian), 2021. március 3. (Hungarian)
_YMD_WORDS = re.compile(rf"(?<!\d){_YEAR}\.?\s*(?:m\.\s*)?{_WORD}\s+{_DAY}(?!\d)", re.IGNORECASE)
# 28.01.22: only in an element that is marked as a date
_SHORT_YEAR = re.compile(r"(?<![\d.])(3[01]|[12]\d|0?[1-9])\.(1[0-2]|0?[1-9])\.(\d\d)(?![\d.])")
_WORD_ORDERS = ((_DMY_WORDS, (2, 1, 3)), (_MDY_WORDS, (1, 2, 3)), (_YMD_WORDS, (2, 3, 1)))
# 2020年7月3日 (Chinese, Japanese), 2020년 3월 4일 (Korean)
_CJK = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*[年년]\s*(1[0-2]|0?[1-9])\s*[月월]\s*(3[01]|[12]\d|0?[1-9])\s*[日일]"
)
_TIMESTAMP = re.compile(r"^\d{10}(?:\d{3})?$")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    # nothing on the web predates it, and nothing can be published after today
    if not settings.MIN_DATE <= value <= dt.date.today():
        return None
    return value


def _numeric(first: int, second: int, year: int, month_first: bool) -> dt.date | None:
    """d.m.Y or m/d/Y: a value over 12 settles the order, else the page's habit does."""
    if first > 12 or (second <= 12 and not month_first):
        return _valid(year, second, first)
    return _valid(year, first, second)


def parse_date(value: str, month_first: bool = False, short_year: bool = False) -> dt.date | None:
    """The earliest-written date in a string (ISO, numeric or with a month name), or None."""
    if not value:
        return None
    value = value.strip()
    if _TIMESTAMP.match(value):
        # a Unix timestamp in seconds or milliseconds
        stamp = dt.datetime.fromtimestamp(int(value[:10]), tz=dt.UTC)
        return _valid(stamp.year, stamp.month, stamp.day)
    found: list[tuple[int, dt.date]] = []
    if (m := _ISO.search(value)) and (day := _valid(int(m[1]), int(m[3]), int(m[4]))):
        found.append((m.start(), day))
    if (m := _COMPACT.search(value)) and (day := _valid(int(m[1]), int(m[2]), int(m[3]))):
        found.append((m.start(), day))
    if (m := _CJK.search(value)) and (day := _valid(int(m[1]), int(m[2]), int(m[3]))):
        found.append((m.start(), day))
    for m in _NUMERIC.finditer(value):
        # only the slash is the American habit: 03.04.2021 is the 3rd of April everywhere
        if day := _numeric(int(m[1]), int(m[3]), int(m[4]), month_first and m[2] == "/"):
            found.append((m.start(), day))
            break
    # (pattern, group numbers of month, day and year)
    for pattern, order in _WORD_ORDERS:
        for m in pattern.finditer(value):
            month = _month(m[order[0]])
            if month and (day := _valid(int(m[order[2]]), month, int(m[order[1]]))):
                found.append((m.start(), day))
                break
    if not found and short_year and (m := _SHORT_YEAR.search(value)):
        year = 2000 + int(m[3])
        year = year if year <= dt.date.today().year else year - 100
        return _valid(year, int(m[2]), int(m[1]))
    if not found:
        return None
    return min(found)[1]


# ---------------------------------------------------------------------------------------------
# Dates: where pages write them

# <meta> names of the original publication date, most trusted first.
PUBLISHED_META: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "article:published_date", "article:publication_date",
    "article:post_date", "article.published", "article_date_original",
    "datepublished", "date_published", "date-published", "published_time", "published-date",
    "publish-date", "publish_date", "publishdate", "publish_time", "publication_date",
    "publicationdate", "publication-date", "pubdate", "pub_date", "originalpublicationdate",
    "original-publish-date", "parsely-pub-date", "sailthru.date", "rnews:datepublished",
    "cxenseparse:recs:publishtime", "citation_publication_date", "dc.date.issued",
    "dcterms.issued", "dcterms:issued", "dc.date.publication", "bt:pubdate", "ptime",
)
MODIFIED_META: tuple[str, ...] = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified",
)
# Generic date names: often the last change or the day the page was generated, so a
# visible dateline outranks them.
WEAK_META: tuple[str, ...] = (
    "dc.date.created", "dcterms.created", "dcterms:created", "dc.created", "dc:created",
    "datecreated", "date_created", "article.created", "article:created", "created",
    "dateposted", "displaydate", "citation_date", "dc.date", "dcterms.date", "dc:date",
    "dcterms:date", "date", "og:pubdate", "nv:date", "zc:date",
)


class Found(NamedTuple):
    """A date and where it came from."""

    source: str
    day: dt.date
    # hour of a UTC timestamp: the local day the page shows may be the day before or after
    utc_hour: int | None = None


_UTC_TIME = re.compile(
    r"(?:T|\s)(\d{1,2}):?\d{2}(?::?\d{1,2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|\s?GMT|\s?UTC)\b"
)


def _utc_hour(value: str) -> int | None:
    """The hour of a time written in UTC ("...T02:54:29Z", "00:23:33 GMT+0000"), else None."""
    utc = _UTC_TIME.search(value)
    return int(utc[1]) if utc else None


def _found(source: str, value: str, month_first: bool = False) -> Found | None:
    day = parse_date(value, month_first)
    if day is None:
        return None
    return Found(source, day, _utc_hour(value))


def _from_json_ld(page: _Page, key: str) -> Found | None:
    for obj in page.json_ld:
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and (found := _found(f"json-ld {key}", value)):
            return found
    return None


def _from_meta(page: _Page, names: tuple[str, ...]) -> Found | None:
    for name in names:
        for value in page.meta.get(name, ()):
            if found := _found(f"meta {name}", value):
                return found
    return None


def _from_parsely(page: _Page) -> Found | None:
    """parse.ly keeps its metadata as JSON in one <meta>."""
    for value in page.meta.get("parsely-page", ()):
        try:
            data = json.loads(value)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("pub_date"), str):
            return _found("meta parsely-page", data["pub_date"])
    return None


_STRONG_MARKUP = (("datepublished",), re.compile(r" datepublished$"))
_MODIFIED_MARKUP = (("datemodified",), re.compile(r" datemodified$"))
# hAtom's class="published": WordPress themes mark the modified date "published updated" too,
# so this counts as weak
_WEAK_MARKUP = (
    ("datecreated", "published"),
    re.compile(r" datecreated$|^(?:time|abbr) .*\bpublished\b"),
)


def _from_markup(page: _Page, hint: tuple[tuple[str, ...], re.Pattern[str]]) -> Found | None:
    """Microdata and microformats in the body: itemprop=datePublished, class=published."""
    index = page.index
    for i in index.matching(*hint):
        el = index.elements[i]
        for value in (el.get("content"), el.get("datetime"), el.get("title"), el.text_content()):
            if value and (found := _found(f"markup {el.tag}", value)):
                return found
    return None


# URL paths with the date in them: /2016/03/23/, /20160323/, -2016-03-23
_URL_DATE = re.compile(
    rf"(?<!\d)(?:{_YEAR}[/-](1[0-2]|0?[1-9])[/-](3[01]|[12]\d|0?[1-9])(?=[/_.-]|$)"
    rf"|{_YEAR}(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])(?=[/_.-]|$)"
    # /meldungen/29-10-2021: a whole path segment, day first
    rf"|(?<=/)(3[01]|[12]\d|0[1-9])-(1[0-2]|0[1-9])-{_YEAR}(?=[/.]|$))"
)


def _from_url(url: str | None) -> Found | None:
    if not url:
        return None
    for m in _URL_DATE.finditer(urlsplit(url).path):
        if m[1]:
            year, month, day_s = m[1], m[2], m[3]
        elif m[4]:
            year, month, day_s = m[4], m[5], m[6]
        else:
            year, month, day_s = m[9], m[8], m[7]
        day = _valid(int(year), int(month), int(day_s))
        if day:
            return Found("url", day)
    return None


# Hint words of elements holding a visible dateline (tag, class or id).
_DATE_WORDS: tuple[str, ...] = (
    "time", "date", "publi", "posted", "datum", "fecha", "byline", "meta", "stamp", "info",
    "author", "zeit", "submitted", "created",
)
# ...and of those holding someone else's date: comments, teasers, today's date in the header.
# Matched at a word start, so that "layoutRightSidebar" on a wrapper does not count.
_OTHER_HINT = re.compile(
    r"(?:^|[\s_-])(?:comment|related|recommend|teaser|sidebar|footer|copyright|weather|"
    r"today|current|latest|popular|archive|calendar|newsletter|repl(?:y|ies)|respon|kommentar|"
    r"more-|next|prev|most-|trending|similar|read-also|see-also)"
)
# a date marked as modified, unless the same element also says it is the published one
_MODIFIED_HINT = re.compile(r"updat|modif|aktualisiert|edited")
_PUBLISHED_HINT = re.compile(r"publi|post|entry|created|submitted")
# a page header with the site navigation shows today's date, not the article's
_SITE_HEADER_HINT = re.compile(r"site|masthead|global|top|page-header|main-header")
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})
_SKIP_TAGS = frozenset({"nav", "footer", "aside"}) | _INVISIBLE_TAGS
# Labels that introduce the publication date in the visible text.
_PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|first published|publication date|date published|erstellt|"
    r"veröffentlicht|veroeffentlicht|erschienen|publié|publie|publicado|publicada|"
    r"pubblicato|pubblicata|gepubliceerd|opublikowano|publikováno|publicerad|julkaistu|"
    r"опубликовано|publicat|yayınlanma|datum:|fecha:|date:)(?:\s+(?:on|am|le|el|il|op|em))?"
    r"\s*[:\-\u2013|]?\s*",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|bijgewerkt|"
    r"zaktualizowano|stand\b", re.IGNORECASE,
)
# Datelines sit next to the headline: how many elements before and after it to read.
_WINDOW_BEFORE, _WINDOW_AFTER = 25, 60
# An unmarked date counts only this close to the headline (in elements).
_NEXT_TO = 6


def _month_first(tree: html.HtmlElement) -> bool:
    """American pages write 3/23/2016; the rest of the world 23/3/2016."""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").lower().replace("_", "-")
    return lang in ("en-us", "en")


def _hint(el: html.HtmlElement) -> str:
    return f"{el.tag} {el.get('class') or ''} {el.get('id') or ''}".lower()


def _is_site_header(el: html.HtmlElement) -> bool:
    if el.tag != "header":
        return False
    return bool(_SITE_HEADER_HINT.search(_hint(el))) or el.find(".//nav") is not None


def _in_other_container(
    el: html.HtmlElement, shared: set[html.HtmlElement], near: bool = False
) -> bool:
    """Inside navigation, comments, related links or a sidebar: not the article's date."""
    # `shared` holds the headline's ancestors: a container that also holds the headline is the
    # article's own, whatever its class says about the layout. Right next to the headline
    # (`near`) class names are not trusted either: "teaser__meta" may be the article's byline.
    for ancestor in el.iterancestors():
        if ancestor in shared or ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag in ("footer", "header") and _in_article(ancestor):
            # <article><footer class="meta">: the article's own byline, not the site's
            continue
        if ancestor.tag in _SKIP_TAGS or _is_site_header(ancestor):
            return True
        if not near and _OTHER_HINT.search(_hint(ancestor)):
            return True
    return False


def _in_article(el: html.HtmlElement) -> bool:
    return any(a.tag == "article" for a in el.iterancestors())


def _modified_only(hint: str) -> bool:
    return bool(_MODIFIED_HINT.search(hint)) and not _PUBLISHED_HINT.search(hint)


def _headline_index(page: _Page) -> int | None:
    """Body-index position of the article's <h1>: the one matching the title, else the first."""
    title = (_title(page) or "").casefold()
    first = None
    for h1 in page.tree.iter("h1"):
        text = (_text(h1.text_content()) or "").casefold()
        if not text:
            continue
        if title and (title in text or text in title):
            first = h1
            break
        first = first if first is not None else h1
    first_text = (_text(first.text_content()) or "").casefold() if first is not None else ""
    if len(title) >= 20 and title not in first_text:
        # no <h1> carries the title: a lower heading that does is the article's headline
        for heading in page.tree.iter("h2", "h3", "h4"):
            text = (_text(heading.text_content()) or "").casefold()
            if len(text) >= 20 and (title in text or text in title):
                first = heading
                break
    if first is None:
        return None
    try:
        return page.index.elements.index(first)
    except ValueError:
        return None


def _labelled(el: html.HtmlElement, month_first: bool) -> dt.date | None:
    """A date after a "Published:" label in the element's own text or tail."""
    for chunk, following in ((el.text, el), (el.tail, el.getnext())):
        if not chunk or not (label := _PUBLISHED_LABEL.search(chunk)):
            continue
        after = chunk[label.end():]
        if not any(c.isdigit() for c in after):
            # the date is in the next node: "<b>Published:</b> 3 March 2021"
            if following is el:
                after += " " + (_own_text(el[0]) if len(el) else (el.tail or ""))
            else:
                after += " " + _own_text(following)
        if day := parse_date(after[:80], month_first):
            return day
    return None


def _own_text(el: html.HtmlElement | None) -> str:
    """The start of an element's text; nothing for comments and processing instructions."""
    if el is None or not isinstance(el.tag, str):
        return ""
    return el.text_content()[:80]


def _updated_parent(parent: html.HtmlElement) -> bool:
    """A wrapper marked, or labelled in its own words, as the modified date."""
    if _modified_only(_hint(parent)):
        return True
    own = (parent.text or "").strip()
    return bool(own) and bool(_UPDATED_LABEL.match(own))


def _path(url: str | None) -> str | None:
    """A URL's path without the trailing slash ("" for the site root), None without a URL."""
    return urlsplit(url).path.rstrip("/") if url else None


def _in_teaser(el: html.HtmlElement, own_path: str | None, base: str | None) -> bool:
    """Inside a link to another page: a teaser's date ("related", "more from"), not this page's."""
    if own_path is None:
        # without the page's own address a permalink cannot be told from a teaser
        return False
    for ancestor in el.iterancestors("a"):
        href = (ancestor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        return _path(urljoin(base or "", href)) != own_path
    return False


def _from_text(page: _Page, url: str | None = None) -> Found | None:
    """A visible dateline near the headline: labelled, else in a date-marked element."""
    # "Published: ..." first; else the date nearest the headline in an element marked as a date
    # (class, id or <time>), or an unmarked one right next to the headline
    index = page.index
    if not index.elements:
        return None
    month_first = _month_first(page.tree)
    own = _path(url)
    headline = _headline_index(page)
    shared = set(index.elements[headline].iterancestors()) if headline is not None else set()
    centre = headline if headline is not None else 0
    window = [
        el for el in index.elements[max(0, centre - _WINDOW_BEFORE): centre + _WINDOW_AFTER]
        if el.tag not in _INVISIBLE_TAGS
    ]
    # one search over the window's text first: most pages have no label at all
    if _PUBLISHED_LABEL.search(" ".join(f"{el.text or ''} {el.tail or ''}" for el in window)):
        for el in window:
            if (day := _labelled(el, month_first)) and not _in_other_container(el, shared):
                return Found("text label", day)
    marked: list[tuple[float, Found]] = []
    for i in index.matching(_DATE_WORDS):
        hint = index.hints[i]
        if _OTHER_HINT.search(hint) or _modified_only(hint):
            continue
        el = index.elements[i]
        text = el.text_content()
        if len(text) > 200:
            continue
        text = _SPACE.sub(" ", text)
        if (updated := _UPDATED_LABEL.search(text)) and updated.start() < 5:
            continue
        parent = el.getparent()
        if parent is not None and parent.tag != "body" and _updated_parent(parent):
            # <span class="timestamp-updated">Updated: <time>...</time></span>
            continue
        stamp = text
        if not (day := parse_date(text, month_first, short_year=True)):
            stamp = el.get("datetime") or ""
            day = parse_date(stamp, month_first)
        near = headline is not None and abs(i - headline) <= _NEXT_TO
        if day and not _in_other_container(el, shared, near) and not _in_teaser(el, own, url):
            # the dateline sits just above or below the headline; below wins a tie
            distance = i if headline is None else abs(i - headline) + (0.5 if i < headline else 0)
            source = f"text {el.tag}.{(el.get('class') or '')[:30]}"
            marked.append((distance, Found(source, day, _utc_hour(stamp))))
    if headline is not None:
        # an unmarked date right above or below the headline: "<small>02.02.2022</small>"
        last = min(len(index.elements), headline + _NEXT_TO + 1)
        for i in range(max(0, headline - _NEXT_TO), last):
            el = index.elements[i]
            own = _own_words(el)
            if any(c.isdigit() for c in own) and (day := parse_date(own, month_first)):
                if not _UPDATED_LABEL.search(own) and not _in_other_container(el, shared, True):
                    # behind any marked date at the same distance
                    source = f"text near headline {el.tag}"
                    marked.append((abs(i - headline) + 2.25, Found(source, day)))
    if not marked:
        return None
    return min(marked, key=lambda m: m[0])[1]


_WIKI_LASTMOD = etree.XPath("//*[@id='footer-info-lastmod']")


def _from_wiki(page: _Page) -> Found | None:
    """A wiki page is dated by its last revision: there is no other publication."""
    if not any(v.lower().startswith("mediawiki") for v in page.meta.get("generator", ())):
        return None
    if found := _from_json_ld(page, "dateModified"):
        return found
    for el in _WIKI_LASTMOD(page.tree):
        if day := parse_date(_SPACE.sub(" ", el.text_content())):
            return Found("wiki last revision", day)
    return None


def _updated_datelines(page: _Page, anywhere: bool = False) -> Iterator[Found]:
    """ "Updated <day>" datelines near the headline (`anywhere`: in the whole body), in order."""
    index = page.index
    headline = _headline_index(page)
    if anywhere:
        elements = index.elements
    elif headline is None:
        return
    else:
        elements = index.elements[max(0, headline - _WINDOW_BEFORE): headline + _WINDOW_AFTER]
    month_first = _month_first(page.tree)
    for el in elements:
        own = (el.text or "").lstrip()
        if (label := _UPDATED_LABEL.search(own)) and label.start() < 5:
            after = _SPACE.sub(" ", el.text_content())[:120]
            if day := parse_date(after, month_first):
                yield Found("text updated label", day)


def _from_updated_text(page: _Page) -> Found | None:
    """The first "Updated <day>" dateline near the headline."""
    return next(_updated_datelines(page), None)


def _confirmed_update(page: _Page, modified: Found) -> Found | None:
    """A visible "Updated <day>" anywhere in the body that the page's modified date confirms."""
    return next((u for u in _updated_datelines(page, True) if u.day == modified.day), None)


def _local_day(stamp: Found, local: Found | None, americas: bool) -> bool:
    """True when `local` is the day a UTC `stamp` falls on in the page's own time zone."""
    if local is None or stamp.utc_hour is None:
        return False
    shift = (local.day - stamp.day).days
    # late in the UTC evening it is already tomorrow east of Greenwich (Europe, Asia), never in
    # the Americas; early in the UTC morning still yesterday in the Americas
    ahead = shift == 1 and stamp.utc_hour >= 20 and not americas
    return ahead or (shift == -1 and stamp.utc_hour < 8)


def _in_americas(page: _Page, url: str | None) -> bool:
    """Published in the Americas, by the page's domain or language tags (see regions.country)."""
    lang = page.tree.get("lang") or page.tree.get("xml:lang")
    return regions.behind_utc(regions.country(url, lang, page.first_meta(("og:locale",))))


def _evening_before(stamp: Found, americas: bool) -> bool:
    """A UTC time so early that the publisher's day, in the Americas, was still the one before."""
    return americas and stamp.utc_hour is not None and stamp.utc_hour < regions.AMERICAS_MIN_BEHIND


def _modified(page: _Page) -> Found | None:
    """The page's own last-modified date: JSON-LD, <meta>, then microdata."""
    return (
        _from_json_ld(page, "dateModified")
        or _from_meta(page, MODIFIED_META)
        or _from_markup(page, _MODIFIED_MARKUP)
    )


def find_date(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """The original publication date as YYYY-MM-DD."""
    page = _page(tree)
    if wiki := _from_wiki(page):
        logger.debug("date from %s: %s", wiki.source, wiki.day)
        return wiki.day.isoformat()
    from_json_ld = _from_json_ld(page, "datePublished")
    from_meta = _from_meta(page, PUBLISHED_META)
    strong = (
        from_json_ld
        or from_meta
        or _from_parsely(page)
        or _from_markup(page, _STRONG_MARKUP)
    )
    from_url = _from_url(url)
    # JSON-LD and <meta> that disagree: the visible dateline decides
    disagree = from_json_ld and from_meta and from_json_ld.day != from_meta.day
    found: Found | None
    if strong:
        found = strong
        modified = _modified(page)
        americas = strong.utc_hour is not None and _in_americas(page, url)
        # the visible dateline is only read where it can settle a doubt
        doubt = strong.utc_hour is not None or from_url or disagree or modified
        text = _from_text(page, url) if doubt else None
        if modified and not text and (updated := _from_updated_text(page)):
            # the page shows only "Updated <day>": the same rule as below
            text = updated
        if text and modified and text.day == modified.day != strong.day:
            # the page shows its last revision as its date (a republished or reworked story):
            # readers, and archives, know it by that day
            found = text
        elif disagree and text and from_meta and text.day == from_meta.day:
            found = from_meta
        elif text and text.day == strong.day and text.utc_hour is None:
            # the visible dateline confirms the machine-readable date (a UTC time on the page
            # is the same clock again, not a confirmation of the local day)
            pass
        elif _local_day(strong, from_url, americas):
            found = from_url
        elif _local_day(strong, text, americas):
            found = text
        elif from_url and text and from_url.day == text.day != strong.day:
            # the address and the visible dateline outvote one machine-readable field
            found = from_url
        elif _evening_before(strong, americas):
            found = Found(f"{strong.source} (local day)", strong.day - dt.timedelta(days=1))
    elif from_url:
        found = from_url
    else:
        found = _from_text(page, url)
        if not found and (modified := _modified(page)):
            # a visible "Updated <day>" that the page's own modified date confirms
            found = _confirmed_update(page, modified)
        found = (
            found
            or _from_json_ld(page, "dateCreated")
            or _from_meta(page, WEAK_META)
            or _from_markup(page, _WEAK_MARKUP)
            or _from_last_resort(page, url)
            # a page that shows only when it was last updated is known by that day
            or _from_updated_text(page)
        )
    if found is None:
        return None
    logger.debug("date from %s: %s", found.source, found.day)
    return found.day.isoformat()


# Last resort, for pages with no date where dates usually are. Each source here is weak alone,
# so they are tried from the most to the least specific.

# JSON that is not schema.org (app state, CMS payloads) under a publication key
_SCRIPT_DATE = re.compile(
    r'"(?:datePublished|date_published|publishedAt|published_at|publishDate|publish_date|'
    r'publicationDate|pubDate|firstPublished|uploadDate|createdAt|created_at|dateCreated)"'
    r'\s*:\s*"([^"]{8,40})"'
)
# weaker labels, believed only when nothing else dates the page: "Pressemitteilung vom ...",
# "<b>Date</b> 23.05.2011"
_WEAK_LABEL = re.compile(r"(?:\bvom|\bdate|\bdatum|\bfecha|\bdata)\s*:?\s*(?=\d|$)", re.IGNORECASE)
# a numeric date opening a paragraph: "01.02.2022 Der Arbeitsmarkt ...", "27.1.2022 - Bei ..."
_LEADING_DATE = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?:\s|$|[-\u2013|,:])"
)
# an unmarked date within this many elements of the headline (the `_NEXT_TO` ones are read first)
_NEAR = 12
# comments and replies: someone else's date, wherever they are
_COMMENT_HINT = re.compile(r"comment|repl(?:y|ies)|kommentar|disqus|respon")


def _own_words(el: html.HtmlElement) -> str:
    """An element's own text and tail, with the text that follows its HTML comments."""
    # "<span>By X | </span><!-- old markup --> 2020-03-04 16:52": the date is a comment's tail
    comments = " ".join(c.tail or "" for c in el if not isinstance(c.tag, str))
    return _SPACE.sub(" ", f"{el.text or ''} {comments} {el.tail or ''}").strip()


def _in_comments(el: html.HtmlElement) -> bool:
    return any(_COMMENT_HINT.search(_hint(a)) for a in el.iterancestors())


def _from_title_text(page: _Page) -> Found | None:
    """A date in the title: "Headline | Site | 23.05.2011"."""
    title_el = page.tree.find(".//title")
    for value in (
        title_el.text_content() if title_el is not None else None,
        page.first_meta(("og:title", "twitter:title")),
    ):
        if value and any(c.isdigit() for c in value) and (day := parse_date(value)):
            return Found("title", day)
    return None


def _from_self_link(page: _Page, url: str | None) -> Found | None:
    """A teaser of the page itself (a list on the page that links to it) with its date."""
    path = urlsplit(url).path.rstrip("/") if url else ""
    if len(path) < 2:
        return None
    month_first = _month_first(page.tree)
    for a in page.tree.iter("a"):
        href = a.get("href")
        # "#content" skip links and language switchers name the page too: a teaser has a title
        if not href or "#" in href or urlsplit(href).path.rstrip("/") != path:
            continue
        if len(_text(a.text_content()) or "") < 20:
            continue
        box: html.HtmlElement | None = a
        for _ in range(3):
            if box is None:
                break
            text = box.text_content()
            if len(text) > 400:
                break
            text = _SPACE.sub(" ", text)
            if any(c.isdigit() for c in text) and (day := parse_date(text, month_first)):
                return Found("self link", day)
            box = box.getparent()
    return None


def _from_weak_text(page: _Page) -> Found | None:
    """A labelled date anywhere in the body, else an unmarked one close to the headline."""
    index = page.index
    if not index.elements:
        return None
    month_first = _month_first(page.tree)
    for el in index.elements:
        if el.tag in _INVISIBLE_TAGS:
            continue
        own = _own_words(el)
        if not own or _in_comments(el):
            continue
        if day := _labelled(el, month_first) or _weakly_labelled(el, month_first):
            return Found("text label (anywhere)", day)
    headline = _headline_index(page)
    if headline is None:
        # no headline to stand next to: only a paragraph that opens with its date
        return _leading_date(page, 0, set(), month_first, len(index.elements))
    shared = set(index.elements[headline].iterancestors())
    start, stop = max(0, headline - _NEAR), min(len(index.elements), headline + _NEAR + 1)
    # nearest first; below the headline wins a tie
    near = sorted(range(start, stop), key=lambda i: abs(i - headline) + (0.5 * (i < headline)))
    for i in near:
        el = index.elements[i]
        own = _own_words(el)
        if el.tag in _INVISIBLE_TAGS or not any(c.isdigit() for c in own):
            continue
        if _UPDATED_LABEL.search(own) or _in_other_container(el, shared):
            continue
        if (day := parse_date(own, month_first)) is not None:
            return Found("text near headline (wide)", day)
    return _leading_date(page, headline, shared, month_first)


def _leading_date(
    page: _Page, start: int, shared: set[html.HtmlElement], month_first: bool,
    span: int = _WINDOW_AFTER,
) -> Found | None:
    """A paragraph after the headline that opens with its date: "27.1.2022 - Bei ..."."""
    for el in page.index.elements[start:start + span]:
        if _LEADING_DATE.match(el.text or "") and not _in_other_container(el, shared):
            if day := parse_date((el.text or "")[:20], month_first):
                return Found("text leading date", day)
    return None


def _weakly_labelled(el: html.HtmlElement, month_first: bool) -> dt.date | None:
    """ "Pressemitteilung vom 20.01.2022", "<b>Date</b> 23.05.2011"."""
    text = el.text or ""
    if not (label := _WEAK_LABEL.search(text)):
        return None
    after = text[label.end():].strip()
    if not after:
        # the date follows the label's element: "<b>Date</b> 23.05.2011"
        after = el.tail or _own_text(el.getnext())
    return parse_date(after[:40], month_first) if after and after[0].isdigit() else None


def _from_scripts(page: _Page) -> Found | None:
    for script in page.tree.iter("script"):
        raw = script.text or ""
        if "ate" not in raw and "At" not in raw and "_at" not in raw:
            continue
        if m := _SCRIPT_DATE.search(raw):
            if found := _found("script json", m[1]):
                return found
    return None


def _from_last_resort(page: _Page, url: str | None) -> Found | None:
    return (
        _from_self_link(page, url)
        or _from_title_text(page)
        or _from_weak_text(page)
        or _from_scripts(page)
    )


# ---------------------------------------------------------------------------------------------
# Section

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


def _label(value: Any) -> str | None:
    """A section wording fit to show: short, has letters, not generic ("Home", "News")."""
    text = _text(value)
    if not text or len(text) > 40 or len(text.split()) > _MAX_LABEL_WORDS:
        return None
    if not _HAS_LETTER.search(text) or sections.is_generic(text):
        return None
    return text


def _choose(candidates: Iterable[str]) -> str | None:
    """The first candidate (or part of "News > World") that the alias table knows."""
    for candidate in candidates:
        for part in _LABEL_SPLIT.split(candidate):
            label = _label(part)
            if label and (canonical := sections.canonical_section(label)):
                return canonical
    return None


def _json_ld_sections(page: _Page) -> list[str]:
    found: list[str] = []
    for obj in page.json_ld:
        value = obj.get("articleSection")
        values = value if isinstance(value, list) else [value]
        found.extend(v for v in values if isinstance(v, str))
    return found


def _breadcrumb_names(page: _Page) -> list[str]:
    """The trail's names without the page itself (the last crumb is often the headline)."""
    for obj in page.json_ld:
        if "breadcrumblist" not in _types(obj) or not isinstance(obj.get("itemListElement"), list):
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
        names = [t for t in (_text(a.text_content()) for a in index.elements[i].iter("a")) if t]
        if names:
            return names
    for el in page.tree.xpath("//*[contains(@itemtype, 'BreadcrumbList')]"):
        names = [t for t in (_text(a.text_content()) for a in el.iter("a")) if t]
        if names:
            return names
    return []


def _category_names(page: _Page) -> list[str]:
    """Category links and kickers of the article itself, not of the site's menus."""
    index = page.index
    found: list[str] = []
    # WordPress marks its category links rel="category tag"
    for a in _CATEGORY_LINKS(page.tree):
        if "category" in _rel(a) and (text := _text(a.text_content())):
            found.append(text)
    headline = _headline_index(page)
    shared = set(index.elements[headline].iterancestors()) if headline is not None else set()
    # WordPress writes the post's categories into its container's class: "category-politik"
    for ancestor in index.elements[headline].iterancestors() if headline is not None else ():
        slugs = _CATEGORY_CLASS.findall(ancestor.get("class") or "")
        found.extend(slug.replace("-", " ") for slug in slugs)
    # ...and marks the menu entry of the current post's category
    for i in index.matching(("current-post-ancestor", "current-menu-parent", "current-category")):
        if text := _text(index.elements[i].text_content()):
            found.append(text)
    for i in index.matching(_CATEGORY_WORDS, _CATEGORY_HINT):
        el = index.elements[i]
        if headline is not None and not -_WINDOW_BEFORE <= i - headline <= _WINDOW_AFTER:
            continue
        if _MENU_HINT.search(index.hints[i]) or _in_menu(el, shared):
            continue
        text = el.text_content()
        if len(text) < 60 and (text := _text(text)):
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
        if _MENU_HINT.search(_hint(ancestor)):
            return True
    return False


_CURRENT_ITEM = re.compile(r"(?:^|[\s_-])(?:curr|current|active|selected|on)(?:$|[\s_-])")


def _current_menu_item(page: _Page) -> list[str]:
    """The menu entry the site marks as the current one ("<li class="curr">World</li>")."""
    for nav in page.tree.iter("nav", "ul"):
        for item in nav.iter("li", "a"):
            if _CURRENT_ITEM.search((item.get("class") or "").lower()):
                text = _text(item.text_content())
                if text and len(text) < 40:
                    return [text]
    return []


def _url_segments(url: str | None) -> list[str]:
    """The folders of a URL path; the last segment is the article's slug."""
    if not url:
        return []
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    return [s.replace("-", " ").replace("_", " ") for s in segments[:-1]]


def find_section(tree: html.HtmlElement, url: str | None = None) -> str | None:
    """A canonical section label ("World", "Sport"...) from the alias table, or None."""
    page = _page(tree)
    steps = (
        ("json-ld articleSection", lambda: _json_ld_sections(page)),
        ("meta", lambda: [v for name in SECTION_META for v in page.meta.get(name, ())]),
        ("breadcrumb", lambda: _breadcrumb_names(page)),
        ("category", lambda: _category_names(page)),
        ("current menu item", lambda: _current_menu_item(page)),
    )
    for source, step in steps:
        if chosen := _choose(step()):
            logger.debug("section from %s: %s", source, chosen)
            return chosen
    # a URL folder names the section too: /sport/, /wirtschaft/, /news/world/
    for segment in _url_segments(url):
        if canonical := sections.canonical_section(segment):
            logger.debug("section from url: %s", canonical)
            return canonical
    # A section the page declares outright but the table does not know ("Energy",
    # "Markets") is the site's own desk: keep it, tidied. Breadcrumbs, menus and URL
    # folders are not trusted this far.
    for value in steps[0][1]() + steps[1][1]():
        label = _label(_LABEL_SPLIT.split(value)[-1])
        if label:
            label = label if any(c.isupper() for c in label) else label.title()
            logger.debug("section as declared: %s", label)
            return label
    return None


# ---------------------------------------------------------------------------------------------
# Source agency

AGENCIES: dict[str, tuple[str, ...]] = {
    "Xinhua": ("xinhua", "xinhua news agency", "新华社"),
    "Reuters": ("reuters", "thomson reuters"),
    "AP": ("ap", "associated press", "the associated press"),
    "AFP": ("afp", "agence france-presse", "agence france presse"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "ANSA": ("ansa",),
    "EFE": ("efe", "agencia efe"),
    "Kyodo": ("kyodo", "kyodo news"),
    "PTI": ("pti", "press trust of india"),
    "IANS": ("ians", "indo-asian news service"),
    "Yonhap": ("yonhap", "yonhap news agency"),
    "ANI": ("ani", "asian news international"),
    "UPI": ("upi", "united press international"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "TASS": ("tass", "итар-тасс", "тасс"),
    "RIA Novosti": ("ria novosti", "риа новости"),
    "Interfax": ("interfax", "интерфакс"),
    "Anadolu": ("anadolu", "anadolu agency", "aa"),
    "APA": ("apa",),
    "KNA": ("kna",),
    "epd": ("epd",),
    "SDA": ("sda", "keystone-sda"),
    "Belga": ("belga",),
    "ANP": ("anp",),
    "PAP": ("pap",),
    "CTK": ("ctk", "čtk"),
    "Lusa": ("lusa",),
    "Europa Press": ("europa press",),
    "Agência Brasil": ("agencia brasil", "agência brasil"),
    "CNA": ("cna", "central news agency"),
    "Bernama": ("bernama",),
    "Antara": ("antara",),
    "WAM": ("wam",),
    "SPA": ("spa", "saudi press agency"),
    "IRNA": ("irna",),
    "KCNA": ("kcna",),
    "CP": ("the canadian press", "canadian press"),
    "AAP": ("aap", "australian associated press"),
    "PA": ("pa media", "press association"),
    "NTB": ("ntb",),
    "TT": ("tt nyhetsbyrån",),
    "STT": ("stt",),
    "Ritzau": ("ritzau",),
    "MTI": ("mti",),
    "BTA": ("bta",),
    "Hina": ("hina",),
    "Tanjug": ("tanjug",),
    "Ukrinform": ("ukrinform",),
    "Notimex": ("notimex",),
    "Prensa Latina": ("prensa latina",),
    "NAN": ("news agency of nigeria",),
    "APP": ("app", "associated press of pakistan"),
    "UNI": ("uni", "united news of india"),
    "Jiji": ("jiji", "jiji press"),
    "Agerpres": ("agerpres",),
}
_AGENCY_LOOKUP: dict[str, str] = {
    alias: name for name, aliases in AGENCIES.items() for alias in (name.casefold(), *aliases)
}
# Abbreviations short enough to be ordinary words are only believed in upper case.
_AGENCY_NAMES = "|".join(
    sorted((re.escape(a) for a in _AGENCY_LOOKUP if len(a) > 3), key=len, reverse=True)
)
_AGENCY_ABBREVIATIONS = "|".join(
    sorted((re.escape(a.upper()) for a in _AGENCY_LOOKUP if len(a) <= 3), key=len, reverse=True)
)
_AGENCY = rf"(?:(?i:{_AGENCY_NAMES})|{_AGENCY_ABBREVIATIONS}|dpa|epd)"
# "BEIJING, March 23 (Xinhua) --", "(Reuters) -", "LONDON (AP) —", "Berlin (dpa) -"
_DATELINE = re.compile(
    rf"^.{{0,80}}?\(\s*({_AGENCY})(?:\s*/\s*[\w ]+)?\s*\)\s*(?:[-\u2013\u2014:|]|--)"
)
# "Source: Xinhua", "Quelle: dpa", "(With inputs from PTI)", "— AFP", "/AP"
_TAIL = re.compile(
    rf"(?:(?:source|quelle|fuente|fonte|bron|källa|kilde|źródło)\s*:\s*|with inputs? from\s+|"
    rf"^\s*[-\u2013\u2014/©]\s*|\b(?:\(c\)|copyright|©)\s*\d{{0,4}}\s*|"
    rf"\bagencies\s*[/,&]\s*|\bmit material von\s+)({_AGENCY})\b\W{{0,3}}$",
    re.IGNORECASE,
)
_BYLINE_ONLY = re.compile(rf"^\s*(?:by\s+|von\s+|par\s+|por\s+|di\s+)?({_AGENCY})\s*$")
SOURCE_META: tuple[str, ...] = ("source", "dc.source", "original-source", "syndication-source",
                                "article:source", "news_source", "agency", "dcterms.source")


def _agency(value: str | None) -> str | None:
    if not value:
        return None
    return _AGENCY_LOOKUP.get(value.strip().casefold())


def find_source(
    tree: html.HtmlElement | None, text: Iterable[str] | str | None = None
) -> str | None:
    """The news agency the page credits (Xinhua, Reuters, AP...), or None."""
    # JSON-LD and <meta> of `tree` first (None skips them); then `text`, the article's
    # paragraphs, for a dateline ("BEIJING, March 23 (Xinhua) --") or a credit ("Source: Xinhua")
    if tree is not None:
        page = _page(tree)
        for obj in page.json_ld:
            for key in ("sourceOrganization", "provider", "author", "publisher"):
                value = obj.get(key)
                for item in value if isinstance(value, list) else [value]:
                    name = item.get("name") if isinstance(item, dict) else item
                    if isinstance(name, str) and (agency := _agency(name)):
                        logger.debug("source from json-ld %s: %s", key, agency)
                        return agency
        for name in SOURCE_META:
            for value in page.meta.get(name, ()):
                if agency := _agency(value):
                    logger.debug("source from meta %s: %s", name, agency)
                    return agency
    paragraphs = [text] if isinstance(text, str) else [p for p in text or () if p]
    # the dateline opens the article; credits close it
    for para in paragraphs[:3]:
        if m := _DATELINE.match(para):
            logger.debug("source from dateline: %s", m[1])
            return _agency(m[1])
    for para in reversed(paragraphs[-3:]):
        if (m := _TAIL.search(para)) or (m := _BYLINE_ONLY.match(para)):
            logger.debug("source from credit line: %s", m[1])
            return _agency(m[1])
    return None
