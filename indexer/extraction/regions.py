"""Where a page is published, as far as its address and language tags say: pure functions.

A timestamp in UTC ("2020-05-02T02:54:29Z") is not the day the newsroom printed: at 02:54 UTC
it is still the evening before everywhere in the Americas. The country tells which way the
local day can lie.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Country-code domains that many sites use as a generic name ("example.co", "example.tv").
_GENERIC_CCTLDS = frozenset({
    "co", "io", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg", "am", "la", "nu", "sh",
    "so", "st", "vc",
})
# Countries of the Americas: their clocks run at least three hours behind UTC (Newfoundland's
# summer time, UTC-2:30, is the one exception, and close enough).
_AMERICAS = frozenset({
    "us", "ca", "mx", "gt", "bz", "sv", "hn", "ni", "cr", "pa", "cu", "jm", "ht", "do", "pr",
    "bs", "tt", "bb", "co", "ve", "ec", "pe", "bo", "br", "py", "uy", "ar", "cl", "gy", "sr",
})
# Hours behind UTC that every one of those countries is, all year.
AMERICAS_MIN_BEHIND = 3

_LANGUAGE_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}))?(?:[-_]|$)")


def _tag_parts(tag: str | None) -> tuple[str | None, str | None]:
    """("en", "us") from "en-US", "en_US" or "EN-us"; (None, None) when it is not a tag."""
    m = _LANGUAGE_TAG.match((tag or "").strip().lower())
    return (m[1], m[2]) if m else (None, None)


def country(url: str | None, lang: str | None, locale: str | None) -> str | None:
    """The two-letter country a page is published in, or None when nothing says.

    `lang` is the page's language tag (`<html lang>`), `locale` its og:locale. A national
    domain is the strongest sign; then the region of the language tag; then og:locale, which
    CMSs often leave at their "en_US" default, so only when it agrees with the page's language.
    """
    if url:
        host = (urlsplit(url).hostname or "").rstrip(".")
        tld = host.rsplit(".", 1)[-1]
        if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_CCTLDS:
            return "gb" if tld == "uk" else tld
    language, region = _tag_parts(lang)
    if region:
        return region
    locale_language, locale_region = _tag_parts(locale)
    if locale_region and (language is None or language == locale_language):
        return locale_region
    return None


def behind_utc(code: str | None) -> bool:
    """True for a country whose local day starts at least AMERICAS_MIN_BEHIND hours after UTC's."""
    return code in _AMERICAS
