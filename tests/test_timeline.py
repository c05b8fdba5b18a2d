"""The date histogram: buckets from the result set's span, a forced interval, the chart."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from web.search.histogram import MAX_AUTO_BUCKETS, choose_interval


def _dated(client, args: str) -> list[str]:
    results = client.get(f"/api/search?{args}&per_page=100").get_json()["results"]
    return [r["date"] for r in results if r["date"]]


@pytest.mark.parametrize(("days", "expected"), [
    (0, "day"), (59, "day"), (60, "week"), (7 * 59, "week"), (7 * 70, "month"),
    (365 * 4, "month"), (365 * 6, "year"), (365 * 30, "year"),
], ids=lambda v: str(v))
def test_the_interval_follows_the_span(days, expected):
    first = dt.date(2016, 1, 4).toordinal()
    assert choose_interval(first, first + days) == expected


def test_buckets_count_every_dated_match_across_the_span(client):
    data = client.get("/api/search?q=said&per_page=1").get_json()
    histogram = data["facets"]["date_histogram"]
    dates = _dated(client, "q=said")
    assert sum(n for _, n in histogram) == len(dates)
    assert data["interval"] == "year"  # the sample spans more than five years
    labels = [label for label, _ in histogram]
    assert labels == [str(y) for y in range(int(min(dates)[:4]), int(max(dates)[:4]) + 1)]
    assert len(labels) <= MAX_AUTO_BUCKETS


def test_a_short_span_gets_months_with_empty_ones_between(client):
    data = client.get("/api/search?q=crimea").get_json()
    histogram = dict(data["facets"]["date_histogram"])
    assert data["interval"] == "month"
    assert histogram["2016-03"] == 1 and histogram["2017-06"] == 1 and histogram["2016-04"] == 0
    assert list(histogram) == sorted(histogram) and len(histogram) == 16


@pytest.mark.parametrize(("interval", "pattern"), [
    ("year", r"\d{4}"), ("month", r"\d{4}-\d{2}"), ("week", r"\d{4}-W\d{2}"),
])
def test_interval_forces_the_bucket(client, interval, pattern):
    data = client.get(f"/api/search?q=said&interval={interval}").get_json()
    assert data["interval"] == interval
    histogram = data["facets"]["date_histogram"]
    assert all(re.fullmatch(pattern, label) for label, _ in histogram)
    assert sum(n for _, n in histogram) == len(_dated(client, "q=said"))


def test_a_day_bucket_on_one_day(client):
    data = client.get("/api/search?q=crimea&from=2016-03-23&to=2016-03-23").get_json()
    assert data["interval"] == "day"
    assert data["facets"]["date_histogram"] == [["2016-03-23", 1]]


def test_no_dated_match_no_buckets(client):
    data = client.get("/api/search?q=zzzqqqxx").get_json()
    assert data["facets"]["date_histogram"] == [] and data["interval"] is None


@pytest.mark.parametrize(("args", "message"), [
    ("interval=hour", "interval: must be one of day, week, month, year"),
    ("interval=DAY", "interval: must be one of"),
    ("q=said&interval=day", "interval: day would give"),  # a decade of days
])
def test_bad_interval_is_400(client, args, message):
    response = client.get(f"/api/search?{args}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["error"].startswith(message)
