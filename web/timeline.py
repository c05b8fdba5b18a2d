"""The date histogram as an SVG bar chart, laid out on the server (the CSP allows no script).

Only geometry is computed here; `_timeline.html` writes it out as SVG elements whose looks
are presentation attributes and classes of the stylesheet, never `style` attributes (the
CSP's style-src allows the stylesheet alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .params import SearchParams
from .search import Bucket, Timeline

# The viewBox. The stylesheet stretches it to its column and a fixed height, so a unit is
# a pixel at 400 px wide, the narrowest the chart is made for.
WIDTH = 400
HEIGHT = 100
TOP = 4  # the tallest bar stops short of the edge
MIN_BAR = 2  # a bucket of one article among thousands still shows
MAX_BAR_WIDTH = 24  # a few buckets make bars, not a wall of colour


@dataclass(frozen=True, slots=True)
class Bar:
    """One bucket's bar: where it is drawn, what it says, where it leads."""

    x: float
    y: float
    width: float
    height: float
    slot_x: float  # the bar's column, the whole chart's height: its click target
    slot_width: float
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    bars: list[Bar]
    title: str
    caption: str
    first: str
    last: str
    peak: int
    width: int = WIDTH
    height: int = HEIGHT


def _articles(n: int) -> str:
    return f"{n:,} article{'' if n == 1 else 's'}"


def chart(timeline: Timeline, link: Callable[[Bucket], str]) -> Chart | None:
    """The chart of a histogram, each bar linking to `link(bucket)`; None without dates."""
    buckets = timeline.buckets
    if not buckets:
        return None
    peak = max(b.count for b in buckets)
    slot = WIDTH / len(buckets)
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, bucket in enumerate(buckets):
        if not bucket.count:
            continue  # nothing to narrow to: no bar, no link
        height = max(MIN_BAR, (HEIGHT - TOP) * bucket.count / peak)
        width = min(slot - gap, MAX_BAR_WIDTH)
        x = round(i * slot + (slot - width) / 2, 2)
        bars.append(Bar(x=x, y=round(HEIGHT - height, 2), width=round(width, 2),
                        height=round(height, 2), slot_x=round(i * slot, 2),
                        slot_width=round(slot, 2), href=link(bucket),
                        title=f"{bucket.label}: {_articles(bucket.count)}"))
    unit = timeline.interval or "period"
    total = sum(b.count for b in buckets)
    title = (f"{_articles(total)} per {unit}, {buckets[0].label} to {buckets[-1].label};"
             " each bar narrows the search to its period")
    caption = f"Articles per {unit}"
    return Chart(bars, title, caption, buckets[0].label, buckets[-1].label, peak)


def narrow_link(params: SearchParams, url_with: Callable[..., str]) -> Callable[[Bucket], str]:
    """A bar's link: `url_with` the bar's period, within the range already asked for; the
    interval is dropped, so that the narrowed chart follows the shorter span (it zooms in)."""

    def link(bucket: Bucket) -> str:
        start = max(bucket.start, params.date_from) if params.date_from else bucket.start
        end = min(bucket.end, params.date_to) if params.date_to else bucket.end
        return url_with(date_from=start, date_to=end, page=1, interval=None)

    return link
