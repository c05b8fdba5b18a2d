"""Query-string parameters to a validated SearchParams, or BadParam (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

SORTS = ("relevance", "newest", "oldest")
# Bucket widths of the date histogram, finest first.
INTERVALS = ("day", "week", "month", "year")
# Results per page when the request does not say; links leave it out.
DEFAULT_PER_PAGE = 10
KNOWN = frozenset({"q", "section", "speaker", "author", "source", "lang", "from", "to",
                   "sort", "page", "per_page", "interval", "more", "collapse"})
# Facets listed only as far as their commonest values: `more` names one to list in full.
# (Years are listed whole.)
CUT_FACETS = ("section", "speaker", "org", "author", "source", "language")
# What an article's page takes: the search whose words it marks.
DOC_ARGS = frozenset({"q"})
_HEX = frozenset("0123456789abcdef")
# An ISO 639-1 language code, as the `lang` filter takes it (any case).
_LANGUAGE = re.compile(r"[a-zA-Z]{2}")


class BadParam(ValueError):
    """A query parameter with a value we cannot use; becomes HTTP 400."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message

    def __reduce__(self):
        # Raised where a shard runs the search, re-raised where the request came in.
        return BadParam, (self.name, self.message)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one request may ask for (from the app's config)."""

    per_page: int = DEFAULT_PER_PAGE
    max_per_page: int = 100
    max_query_chars: int = 500
    max_result_window: int = 10_000


@dataclass(frozen=True, slots=True)
class SearchParams:
    """One validated search request."""

    q: str = ""
    section: str | None = None
    speaker: str | None = None
    source: str | None = None
    author: str | None = None  # who wrote it: a byline name, or part of one
    language: str | None = None  # ISO 639-1 code (`lang=de`), lower case
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    interval: str | None = None  # the date histogram's bucket; None: chosen from the span
    more: str | None = None  # the facet listed in full (one of CUT_FACETS)
    collapse: bool = True  # one result per story (its first copy in the order asked for)

    @classmethod
    def from_args(cls, args: Mapping[str, str], limits: Limits = Limits(),
                  known: frozenset[str] = KNOWN) -> SearchParams:
        """Validate request arguments; raises BadParam for the first bad one.

        `known` is what the endpoint accepts: a subset of KNOWN, plus names of its own
        that it validates itself."""
        unknown = sorted(set(args) - known)
        if unknown:
            raise BadParam(unknown[0], f"unknown parameter (known: {', '.join(sorted(known))})")
        q = (args.get("q") or "").strip()
        if len(q) > limits.max_query_chars:
            raise BadParam("q", f"query longer than {limits.max_query_chars} characters")
        sort = args.get("sort") or "relevance"
        if sort not in SORTS:
            raise BadParam("sort", f"must be one of {', '.join(SORTS)}")
        page = _int(args, "page", 1, minimum=1)
        per_page = _int(args, "per_page", limits.per_page, minimum=1)
        if per_page > limits.max_per_page:
            raise BadParam("per_page", f"at most {limits.max_per_page}")
        if page * per_page > limits.max_result_window:
            raise BadParam("page", f"results beyond the first {limits.max_result_window}"
                                   " cannot be paged to; narrow the query")
        date_from = _date(args, "from")
        date_to = _date(args, "to")
        if date_from and date_to and date_from > date_to:
            raise BadParam("from", "must not be after 'to'")
        interval = args.get("interval") or None
        if interval is not None and interval not in INTERVALS:
            raise BadParam("interval", f"must be one of {', '.join(INTERVALS)}")
        more = args.get("more") or None
        if more is not None and more not in CUT_FACETS:
            raise BadParam("more", f"must be one of {', '.join(CUT_FACETS)}")
        collapse = (args.get("collapse") or "1").strip()
        if collapse not in ("0", "1"):
            raise BadParam("collapse", "must be 1 (one result per story, the default) or 0"
                                       " (every copy)")
        return cls(
            q=q,
            section=_text(args, "section"),
            speaker=_text(args, "speaker"),
            source=_text(args, "source"),
            author=_text(args, "author"),
            language=_language(args),
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            per_page=per_page,
            interval=interval,
            more=more,
            collapse=collapse == "1",
        )

    def to_args(self, **changes: object) -> dict[str, str]:
        """Query-string arguments for this search (with changes), defaults left out."""
        p = replace(self, **changes) if changes else self
        args = {
            "q": p.q, "section": p.section, "speaker": p.speaker, "author": p.author,
            "source": p.source, "lang": p.language,
            "from": p.date_from.isoformat() if p.date_from else None,
            "to": p.date_to.isoformat() if p.date_to else None,
            "sort": p.sort if p.sort != "relevance" else None,
            "page": str(p.page) if p.page != 1 else None,
            "per_page": str(p.per_page) if p.per_page != DEFAULT_PER_PAGE else None,
            "interval": p.interval,
            "more": p.more,
            "collapse": None if p.collapse else "0",
        }
        return {k: v for k, v in args.items() if v}

    def query_args(self, **changes: object) -> dict[str, str]:
        """The arguments that choose the result set (words and filters): no page, order,
        interval or facet listed in full. Feeds, exports and the timeline's links start from
        these."""
        reset = {"page": 1, "per_page": DEFAULT_PER_PAGE, "sort": "relevance", "interval": None,
                 "more": None}
        return self.to_args(**{**reset, **changes})

    @property
    def filtered(self) -> bool:
        return any(value for _name, value in self.filters())

    def filters(self) -> list[tuple[str, str]]:
        """The filters in force, as (field, value as shown): what the page lists as chips."""
        values = (("section", self.section), ("speaker", self.speaker),
                  ("author", self.author), ("source", self.source),
                  ("language", self.language), ("date_from", self.date_from),
                  ("date_to", self.date_to))
        return [(name, str(value)) for name, value in values if value]


def is_doc_id(text: str) -> bool:
    """Whether `text` can name a document: ids are hex digests of at most 32 digits."""
    return 0 < len(text) <= 32 and set(text) <= _HEX


def _text(args: Mapping[str, str], name: str) -> str | None:
    value = (args.get(name) or "").strip()
    if len(value) > 200:
        raise BadParam(name, "longer than 200 characters")
    return value or None


def _language(args: Mapping[str, str]) -> str | None:
    value = (args.get("lang") or "").strip()
    if not value:
        return None
    if not _LANGUAGE.fullmatch(value):
        raise BadParam("lang", "must be an ISO 639-1 language code: two letters, like de")
    return value.lower()


def _int(args: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise BadParam(name, "must be a whole number")
    value = int(raw)
    if value < minimum:
        raise BadParam(name, f"must be at least {minimum}")
    return value


def _date(args: Mapping[str, str], name: str) -> dt.date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    for fmt, fill in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if name == "to" and fill:  # "to=2016" means through the end of 2016
            day = _period_end(day, fill)
        return day
    raise BadParam(name, "must be a date: YYYY-MM-DD, YYYY-MM or YYYY")


def _period_end(day: dt.date, fill: str) -> dt.date:
    if fill == "-01-01":
        return dt.date(day.year, 12, 31)
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
