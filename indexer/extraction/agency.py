"""The news agency a page credits (Xinhua, Reuters, AP, AFP...): metadata, dateline, credit line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from lxml import html

from .page import page_for

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
