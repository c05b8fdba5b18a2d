"""The news agency a page credits (Xinhua, Reuters, AP, AFP...), and the tail that names it.

The page says it in its metadata (JSON-LD, <meta>), in a dateline opening the story
("BEIJING, March 23 (Xinhua) --") or in a credit closing it ("Source: Xinhua", "Enditem").
A closing credit is wire furniture: the body loses it (`settle_source`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from lxml import html

from .page import SPACE, page_for

logger = logging.getLogger(__name__)

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

# Lines that end an article on agency copy: "Enditem", "Source: Xinhua".
AGENCY_TAIL = re.compile(
    r"\s*(?:[\(\[]?\s*(?:Enditem|End\s*item)\s*[\)\]]?|"
    r"\(?\s*Source\s*:\s*[A-Z][\w .&-]{1,40}\)?)\s*$",
    re.IGNORECASE,
)
# "Source: Xinhua" names the agency.
AGENCY_SOURCE = re.compile(r"\bSource\s*:\s*([A-Z][\w .&-]{1,40}?)\s*\)?\s*$")
# The credit closes the story: only its last lines are read for one.
AGENCY_TAIL_LINES = 2
# A credit line the cleaner dropped is read back from the tree: an element that opens on
# this label, shorter than MAX_CREDIT_LINE_CHARS ("Source: Xinhua News Agency" and some
# room), not a paragraph that mentions a source.
CREDIT_LABEL = "source"
MAX_CREDIT_LINE_CHARS = 60
# Where such a line sits: a paragraph or block, or the inline tag that sets it apart.
CREDIT_TAGS: tuple[str, ...] = ("p", "div", "span", "font", "strong", "em", "b", "i")


def _agency(value: str | None) -> str | None:
    if not value:
        return None
    return _AGENCY_LOOKUP.get(value.strip().casefold())


def is_agency(value: str) -> bool:
    """Whether a name is one of a news agency's ("Agence France-Presse", "AP")."""
    return _agency(value) is not None


def find_source(
    tree: html.HtmlElement | None, text: Iterable[str] | str | None = None
) -> str | None:
    """The news agency the page credits (Xinhua, Reuters, AP...), or None."""
    # JSON-LD and <meta> of `tree` first (None skips them); then `text`, the article's
    # paragraphs, for a dateline ("BEIJING, March 23 (Xinhua) --") or a credit ("Source: Xinhua")
    return (credited_source(tree) if tree is not None else None) or text_source(text)


def credited_source(tree: html.HtmlElement) -> str | None:
    """The agency the page's JSON-LD or <meta> credits (read before `clean` drops <script>)."""
    page = page_for(tree)
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
    return None


def text_source(text: Iterable[str] | str | None) -> str | None:
    """The agency a dateline opening the text, or a credit closing it, names."""
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


def find_agency_tail(paragraphs: list[str]) -> str | None:
    """The agency named by a closing "Source: Xinhua" line, if the article ends on one."""
    for text in reversed(paragraphs[-AGENCY_TAIL_LINES:]):
        match = AGENCY_SOURCE.search(text)
        if match:
            return match[1].strip()
    return None


def strip_agency_tail(paragraphs: list[str]) -> list[str]:
    """Remove trailing "Enditem" / "Source: Xinhua" lines and glued tails."""
    out = list(paragraphs)
    while out:
        last = AGENCY_TAIL.sub("", out[-1]).rstrip()
        if last == out[-1]:
            break
        if last:
            out[-1] = last
            if not AGENCY_TAIL.search(last):
                break
        else:
            out.pop()
    return out


def _opens_on_credit_label(text: str) -> bool:
    return text[:len(CREDIT_LABEL)].lower() == CREDIT_LABEL


def credit_lines(tree: html.HtmlElement) -> list[str]:
    """Short "Source: X" lines left in the tree, in order (clean drops them as furniture)."""
    lines = []
    for el in tree.iter(*CREDIT_TAGS):
        # the label opens the element's own text, or its first child's ("<b>Source:</b> X"):
        # no text_content() of every container
        head = (el.text or "").strip() or (el[0].text or "" if len(el) else "")
        if not _opens_on_credit_label(head.lstrip()):
            continue
        text = SPACE.sub(" ", el.text_content()).strip()
        if (len(text) < MAX_CREDIT_LINE_CHARS and _opens_on_credit_label(text)
                and AGENCY_SOURCE.search(text)):
            lines.append(text)
    return lines


def settle_source(credited: str | None, paragraphs: list[str], tree: html.HtmlElement,
                  fallback: list[str] | None = None) -> tuple[str | None, list[str]]:
    """The agency the page credits, and the body without the tail that names it.

    In order of trust: `credited`, what the page's JSON-LD or <meta> says (`credited_source`,
    read before `clean` drops <script>); a closing "Source: Xinhua" line of the cleaned
    `paragraphs`; a dateline or credit in the body; the last credit line the cleaner dropped
    as furniture, still in `tree`. A body that is only its tail is `fallback` instead (the
    text the page declares of itself).
    """
    source = credited or find_agency_tail(paragraphs)
    body = strip_agency_tail(paragraphs) or list(fallback or ())
    if not source and body:
        source = text_source(body + credit_lines(tree)[-1:])
    return source, body
