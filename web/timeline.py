"""The date histogram as an SVG bar chart, laid out on the server (the CSP allows no script).

Only geometry is computed here; `_timeline.html` writes it out as SVG elements whose looks
are presentation attributes and classes of the stylesheet, never `style` attributes (the
CSP's style-src allows the stylesheet alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .search import Bucket, Timeline

# The viewBox. The stylesheet stretches it to its column and a fixed height, so a unit is
# a pixel at 400 px wide, the narrowest the chart is made for.
WIDTH = 400
HEIGHT = 100
TOP = 4  # the tallest bar stops short of the edge
MIN_BAR = 2  # a bucket of one article among thousands still shows


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
        x = round(i * slot + gap / 2, 2)
        bars.append(Bar(x=x, y=round(HEIGHT - height, 2), width=round(slot - gap, 2),
                        height=round(height, 2), slot_x=round(i * slot, 2),
                        slot_width=round(slot, 2), href=link(bucket),
                        title=f"{bucket.label}: {_articles(bucket.count)}"))
    unit = timeline.interval or "period"
    total = sum(b.count for b in buckets)
    title = (f"{_articles(total)} per {unit}, {buckets[0].label} to {buckets[-1].label};"
             " each bar narrows the search to its period")
    caption = f"Articles per {unit}"
    return Chart(bars, title, caption, buckets[0].label, buckets[-1].label, peak)
