"""The language a page is written in: what it declares, checked against what its text is.

A page declares its language in `<html lang>`, `og:locale`, `<meta http-equiv=
"Content-Language">` or the HTTP Content-Language header, in that order of trust (the first
is the page's own, the last the server's). Declarations are often a site-wide default (an
English template around a German article), so the article's text is read by a language
detector (py3langid) and the two are weighed:

  1. text too short to judge: the declaration, or no language;
  2. detector and declaration agree: that language;
  3. the detector is sure (OVERRULE) and disagrees, or nothing is declared: the detector;
  4. the detector is unsure: the declaration, or no language.

No language is ever guessed: a page that declares nothing and whose text the detector is
unsure of has none. Codes are ISO 639-1 (two letters).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import NamedTuple

from lxml import html

from .page import collapse
from .pagekind import page_language

logger = logging.getLogger(__name__)

# Text shorter than this many words is not given to the detector: a headline or a caption
# is too little to tell, and its declaration stands.
MIN_DETECT_WORDS = 20
# Characters of text the detector reads: more costs time and decides nothing more (on the
# evaluation pages its verdicts on 2,000 characters were those on 5,000, every one).
DETECT_CHARS = 2000
# How sure the detector must be (py3langid's normalised probability) to overrule a
# declaration, or to give a language to a page that declares none. On the evaluation pages
# the detector gave 1.0 to nearly every article of 20 words or more; the pages it was
# unsure of were link lists and boilerplate.
OVERRULE = 0.9

# "de", "de-AT", "pt_BR", "en-GB-oxendict": the primary subtag is the language.
_CODE = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]{1,8})*", re.IGNORECASE)
# Retired codes that pages still declare, by the code that replaced them.
_RETIRED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
_WORD = re.compile(r"\w+")


class Detection(NamedTuple):
    """What the detector says of a text: a language code and how sure it is (0-1)."""

    code: str | None  # None: not a language an ISO 639-1 code names
    confidence: float


def language_code(value: str | None) -> str | None:
    """The ISO 639-1 code a language tag names ("de-AT" -> "de"), or None."""
    value = collapse(value)
    if not value:
        return None
    match = _CODE.fullmatch(value.split(",")[0].strip())
    if not match:
        return None  # "x-default", "und", "mul", "deu": not a two-letter code
    code = match.group(1).lower()
    return _RETIRED.get(code, code)


def declared_languages(tree: html.HtmlElement, header: str | None = None) -> list[str]:
    """The languages the page declares, most trusted first: <html lang>, og:locale,
    <meta http-equiv="Content-Language">, then the HTTP header (`header`)."""
    found = [page_language(tree)]
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:locale":
            found.insert(1, meta.get("content"))
        elif (meta.get("http-equiv") or "").strip().lower() == "content-language":
            found.append(meta.get("content"))
    found.append(header)
    return list(dict.fromkeys(code for code in map(language_code, found) if code))


@functools.cache
def _identifier():
    # Loaded once per process, on first use: extraction that never asks pays nothing.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detection | None:
    """The detector's reading of a text, or None when it is too short to judge."""
    text = text[:DETECT_CHARS]
    if len(_WORD.findall(text)) < MIN_DETECT_WORDS:
        return None
    code, confidence = _identifier().classify(text)
    # py3langid also knows languages with no two-letter code ("yue"): not one we name.
    return Detection(code if len(code) == 2 else None, confidence)


def decide(declared: str | None, detected: Detection | None) -> tuple[str | None, str]:
    """The page's language from its declaration and the detector's reading, and why."""
    if detected is None:
        return declared, "text too short to check" if declared else "nothing to go by"
    if detected.code == declared:
        return declared, "declaration confirmed by the text"
    if detected.confidence >= OVERRULE and detected.code:
        return detected.code, "text overrules the declaration" if declared else "text"
    if declared:
        return declared, "declaration kept: the detector is unsure"
    return None, "unknown: nothing declared and the detector is unsure"


def find_language(declared: Iterable[str], title: str | None,
                  paragraphs: Iterable[str]) -> str | None:
    """The language of an article: its first declaration, checked against its text."""
    first = next(iter(declared), None)
    parts, size = [title or ""], len(title or "")
    for paragraph in paragraphs:  # only as much text as the detector reads
        if size >= DETECT_CHARS:
            break
        parts.append(paragraph)
        size += len(paragraph) + 1
    text = "\n".join(parts)
    language, reason = decide(first, detect(text))
    logger.debug("language %s (declared %s): %s", language, first, reason)
    return language
