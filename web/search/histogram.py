"""The date histogram of a result set: how many matches fall in each day, week, month or year.

Counted with numpy from the date column that ranking reads (one value per document), so
a histogram over any result set costs a few vector operations, not a pass over documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from ..params import INTERVALS, BadParam
from .ranking import NO_DATE, date_keys

# The date column holds microseconds since datetime.min, whose ordinal is 1.
_USECS_PER_DAY = 86_400_000_000
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Bars the automatic choice may draw: the finest interval that needs no more wins, which
# keeps a chart readable at 400 px (about 6 px a bar).
MAX_AUTO_BUCKETS = 60
# Bars a forced interval may ask for: a day per bar over decades would be a huge answer.
MAX_BUCKETS = 1000


@dataclass(frozen=True, slots=True)
class Bucket:
    """One period of the histogram: its label, first and last day, and count."""

    label: str  # 2016-03-23, 2016-W12, 2016-03 or 2016
    start: dt.date
    end: dt.date
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """The histogram of one result set, every period from the first to the last match."""

    interval: str | None = None  # None when no match has a date
    buckets: list[Bucket] = field(default_factory=list)

    def to_json(self) -> list[list]:
        return [[b.label, b.count] for b in self.buckets]


def _codes(days: np.ndarray, interval: str) -> np.ndarray:
    """Each day ordinal's period, as a number that grows by one per period (weeks by 7)."""
    if interval == "day":
        return days
    if interval == "week":  # ordinal 1 is a Monday: the Monday of each day's week
        return days - (days - 1) % 7
    as_days = (days - _EPOCH_ORDINAL).astype("datetime64[D]")
    unit = "datetime64[M]" if interval == "month" else "datetime64[Y]"
    return as_days.astype(unit).astype(np.int64)


def _step(interval: str) -> int:
    return 7 if interval == "week" else 1


def _bounds(code: int, interval: str) -> tuple[dt.date, dt.date]:
    if interval == "day":
        day = dt.date.fromordinal(code)
        return day, day
    if interval == "week":
        return dt.date.fromordinal(code), dt.date.fromordinal(code + 6)
    if interval == "month":
        year, month = 1970 + code // 12, code % 12 + 1
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    return dt.date(1970 + code, 1, 1), dt.date(1970 + code, 12, 31)


def _label(start: dt.date, interval: str) -> str:
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    width = {"day": 10, "month": 7, "year": 4}[interval]
    return start.isoformat()[:width]


def _bucket_count(first: int, last: int, interval: str) -> int:
    codes = _codes(np.array([first, last], dtype=np.int64), interval)
    return int(codes[1] - codes[0]) // _step(interval) + 1


def choose_interval(first: int, last: int) -> str:
    """The finest interval that covers the span (day ordinals) in MAX_AUTO_BUCKETS bars."""
    for interval in INTERVALS:
        if _bucket_count(first, last, interval) <= MAX_AUTO_BUCKETS:
            return interval
    return INTERVALS[-1]


def date_histogram(view, docs: np.ndarray, interval: str | None = None) -> Timeline:
    """The histogram of the documents of a mask (undated ones left out); `interval`
    forces the bucket width, else it follows the span of their dates."""
    return timeline_of(*day_counts(view, docs), interval)


def day_counts(view, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The days (ordinals) the dated documents of a mask fall on, and how many on each."""
    keys = date_keys(view)[docs]
    keys = keys[keys != NO_DATE]
    days = (keys // _USECS_PER_DAY).astype(np.int64) + 1
    return np.unique(days, return_counts=True)


def timeline_of(days: np.ndarray, counts: np.ndarray, interval: str | None = None
                ) -> Timeline:
    """The histogram of documents on `days` (ascending ordinals), `counts` on each."""
    if not len(days):
        return Timeline(interval)
    first, last = int(days[0]), int(days[-1])
    if interval is None:
        interval = choose_interval(first, last)
    elif (count := _bucket_count(first, last, interval)) > MAX_BUCKETS:
        raise BadParam("interval", f"{interval} would give {count:,} bars for these results"
                                   f" (at most {MAX_BUCKETS:,}); choose a longer interval"
                                   " or narrow the dates")
    periods = _codes(days, interval)
    codes, where = np.unique(periods, return_inverse=True)
    sums = np.bincount(where.reshape(-1), weights=counts, minlength=len(codes))
    tally = dict(zip(codes.tolist(), sums.astype(np.int64).tolist(), strict=True))
    step = _step(interval)
    buckets = []
    for code in range(int(codes[0]), int(codes[-1]) + 1, step):
        start, end = _bounds(code, interval)
        buckets.append(Bucket(_label(start, interval), start, end, tally.get(code, 0)))
    return Timeline(interval, buckets)
