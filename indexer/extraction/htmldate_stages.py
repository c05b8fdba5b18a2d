"""htmldate's publication-date search, one named stage at a time.

htmldate (adbar/htmldate, pinned in requirements.txt) tries the places pages write their
date in a fixed order and returns the first answer. `find_date` here runs the same
extractors in the same order but also says which stage answered, so that `dates` can weigh
the answer: a date from the page's header or JSON is as good as the project's own reading
of them, a date picked from free text by frequency is a guess. The stages are htmldate's own
functions, some of them internal to it: requirements.txt pins the version they were read in.
"""

from __future__ import annotations

import datetime as dt
import logging
from copy import deepcopy
from functools import partial
from typing import NamedTuple

from htmldate import core as hd
from htmldate.extractors import (
    FREE_TEXT_EXPRESSIONS,
    discard_unwanted,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
    regex_parse,
)
from htmldate.settings import CLEANING_LIST, MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor, clean_html
from htmldate.validators import (
    check_extracted_reference,
    get_max_date,
    get_min_date,
    is_valid_date,
)
from lxml import html

from .. import settings

logger = logging.getLogger(__name__)

# htmldate's stages in its order, each with how far its answer is trusted. The first four read
# what the page declares for machines (its address, <meta>, JSON, <abbr> microformats): as good
# as the project's own reading of them. The rest read the visible page: a date in an element
# marked as one, a date-shaped pattern anywhere, and the most frequent plausible date of the
# short text segments or of the whole page. That last one is a guess among the page's dates
# (a forum's posts, a list of related stories), unless the page writes one date only.
LIBRARY_TIERS: tuple[str, ...] = ("declared", "visible", "pattern", "sole", "frequency")
_STAGE_TIERS: dict[str, str] = {
    "url": "declared", "header": "declared", "json": "declared", "abbr": "declared",
    "elements": "visible", "title": "visible", "time": "visible",
    "timestamp": "pattern", "img": "pattern", "idiosyncrasies": "pattern",
    "free text": "frequency", "page text": "frequency",
    "only date in free text": "sole", "only date in page text": "sole",
}


class LibraryDate(NamedTuple):
    """htmldate's answer and the stage that gave it."""

    stage: str
    day: dt.date


def _options() -> Extractor:
    """htmldate's options: the original date; its own date parser only (`extensive=False`).

    Where its parser gives up htmldate would hand the string to dateparser, whose first
    call in a process loads its language data for about a second, for a few pages' sake.
    The stages themselves run as in htmldate's extensive search.
    """
    min_date = dt.datetime.combine(settings.MIN_DATE, dt.time())
    return Extractor(False, get_max_date(None), get_min_date(min_date), True, "%Y-%m-%d")


def _visible_stages(tree: html.HtmlElement, options: Extractor) -> tuple[str, str | None]:
    """The stages that read the visible page, on a pruned copy of it (the caller's tree stays)."""
    try:
        search_tree = discard_unwanted(clean_html(deepcopy(tree), CLEANING_LIST))
    except ValueError:  # lxml refuses control characters in rare pages
        return "elements", None
    for stage, step in (
        ("elements", lambda: hd.examine_elements(hd.date_candidates(search_tree, True), options)),
        ("title", lambda: hd.examine_elements(search_tree.xpath(".//title|.//h1"), options)),
        ("time", lambda: hd.examine_time_elements(search_tree, options)),
    ):
        if found := step():
            return stage, found
    text = hd.serialize(search_tree)
    for stage, step in (
        ("timestamp", lambda: pattern_search(text, hd.TIMESTAMP_PATTERN, options)),
        ("img", lambda: img_search(search_tree, options)),
        ("idiosyncrasies", lambda: idiosyncrasies_search(text, options)),
    ):
        if found := step():
            return stage, found
    # the most frequent date of the short text segments, then of the whole serialized page
    reference, days = None, set()
    for segment in FREE_TEXT_EXPRESSIONS(search_tree):
        segment = segment.strip()
        if MIN_SEGMENT_LEN < len(segment) < MAX_SEGMENT_LEN:
            # hd.compare_reference, keeping each segment's date
            attempt = hd.try_date_expr(
                segment, hd.REFERENCE_FORMAT, options.extensive, options.min, options.max
            )
            if attempt is not None:
                days.add(attempt[:10])
                reference = hd.compare_values(reference, attempt, options)
    if found := check_extracted_reference(reference, options):
        return ("only date in free text" if len(days) == 1 else "free text"), found
    found = _full_date_in_page(text, options)
    return ("only date in page text" if found and _one_date(text, options) else "page text"), found


# htmldate's date shapes in the whole page, each with where its year is
_PAGE_DATE_SHAPES = (
    *((pattern, hd.YEAR_PATTERN) for pattern in hd.THREE_COMP_PATTERNS),
    (hd.SELECT_YMD_PATTERN, hd.SELECT_YMD_YEAR),
    (hd.DATESTRINGS_PATTERN, hd.YEAR_PATTERN),
    (hd.SLASHES_PATTERN, hd.SLASHES_YEAR),
)


def _one_date(text: str, options: Extractor) -> bool:
    """The page writes one plausible date, in one way: htmldate's pick is no choice among many."""
    written: set[str] = set()
    for pattern, year in _PAGE_DATE_SHAPES:
        written.update(hd.plausible_year_filter(
            text, pattern=pattern, yearpat=year, earliest=options.min, latest=options.max
        ))
        if len(written) > 1:
            return False
    return len(written) == 1


def _full_date_in_page(text: str, options: Extractor) -> str | None:
    """htmldate's search of the whole page for a date, up to its dates with a day in them.

    Past them htmldate falls back to a year and month, the copyright year or any year,
    given as the first of the month or of January: not a day the page was published.
    """
    copyright_year = 0
    if match := hd.search_pattern(
        text, hd.COPYRIGHT_PATTERN, hd.YEAR_PATTERN, hd.YEAR_PATTERN, options
    ):
        year = int(match[1])
        if is_valid_date(dt.datetime(year, 1, 1), "%Y", earliest=options.min, latest=options.max):
            copyright_year = year
    searches = (
        *(partial(hd._search_and_filter, text, pattern, hd.THREE_LOOSE_CATCH)
          for pattern in hd.THREE_COMP_PATTERNS),
        partial(hd.search_normalized, text, hd.SELECT_YMD_PATTERN, hd.SELECT_YMD_YEAR,
                partial(hd.normalize_match, hd.THREE_COMP_REGEX_A)),
        partial(hd._search_and_filter, text, hd.DATESTRINGS_PATTERN, hd.DATESTRINGS_CATCH),
        partial(hd.search_normalized, text, hd.SLASHES_PATTERN, hd.SLASHES_YEAR,
                partial(hd.normalize_match, hd.THREE_COMP_REGEX_B)),
    )
    for search in searches:
        if found := search(copyright_year, options):
            return found
    # a date written out in words ("3. März 2021"), read by htmldate's text parser
    return hd._finalize_candidate(regex_parse(text), copyright_year, options)


def find_date(tree: html.HtmlElement, url: str | None = None) -> LibraryDate | None:
    """htmldate's original publication date (`original_date=True`) and its stage, or None."""
    options = _options()
    stage, found = "url", extract_url_date(url, options) if url else None
    for declared, step in (
        ("header", hd.examine_header),
        ("json", json_search),
        ("abbr", hd.examine_abbr_elements),
    ):
        if found:
            break
        stage, found = declared, step(tree, options)
    if not found:
        stage, found = _visible_stages(tree, options)
    if not found:
        return None
    try:
        day = dt.date.fromisoformat(found[:10])
    except ValueError:
        return None
    if (day.month, day.day) == (1, 1):
        # what htmldate makes of a year alone, and what date fields hold by default
        # ("01/01/2004"): a first of January without the rules' word for it is no day
        logger.debug("htmldate: %s from %s, a year alone", day, stage)
        return None
    logger.debug("htmldate: %s from %s", day, stage)
    return LibraryDate(stage, day)


def library_tier(found: LibraryDate | None) -> str | None:
    """The tier (one of LIBRARY_TIERS) of htmldate's answer, None without one."""
    return _STAGE_TIERS[found.stage] if found else None
