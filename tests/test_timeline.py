"""The date histogram: buckets from the result set's span, a forced interval, the chart."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl

import pytest

from web.search.histogram import MAX_AUTO_BUCKETS, choose_interval

SVG = "{http://www.w3.org/2000/svg}"


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


def _svg(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def test_results_page_draws_the_histogram_as_inline_svg(client):
    html = client.get("/search?q=said").get_data(as_text=True)
    svg = _svg(html)
    assert "style=" not in html.split("<body>", 1)[1]  # the CSP allows no inline style
    assert svg.get("role") == "group" and svg.findtext(f"{SVG}title").startswith("44 articles")
    histogram = client.get("/api/search?q=said").get_json()["facets"]["date_histogram"]
    bars = svg.findall(f"{SVG}a")
    assert len(bars) == sum(1 for _, n in histogram if n)
    for bar, (label, count) in zip(bars, [b for b in histogram if b[1]], strict=True):
        assert bar.findtext(f"{SVG}title") == f"{label}: {count} article{'s' * (count != 1)}"
        assert bar.find(f"{SVG}rect[@class='bar']") is not None


def test_each_bar_narrows_the_search_to_its_period(client):
    svg = _svg(client.get("/search?q=said&section=Sport&sort=newest").get_data(as_text=True))
    for bar in svg.findall(f"{SVG}a"):
        label, count = bar.findtext(f"{SVG}title").split(": ")
        href = bar.get("href")
        assert href.startswith("/search?") and "section=Sport" in href and "sort=newest" in href
        args = dict(parse_qsl(href.split("?", 1)[1]))
        assert args["from"].startswith(label) and args["to"].startswith(label)  # a year
        narrowed = client.get("/api/search", query_string={**args, "per_page": 1}).get_json()
        assert narrowed["total"] == int(count.split()[0])


def test_a_week_bar_spans_monday_to_sunday(client):
    svg = _svg(client.get("/search?q=said&interval=week").get_data(as_text=True))
    href = svg.find(f"{SVG}a").get("href")
    args = dict(parse_qsl(href.split("?", 1)[1]))
    start, end = dt.date.fromisoformat(args["from"]), dt.date.fromisoformat(args["to"])
    assert start.weekday() == 0 and (end - start).days == 6
    assert "interval" not in args  # narrowed, the chart zooms in


def test_no_chart_without_dated_matches(client):
    assert "<svg" not in client.get("/search?q=zzzqqqxx").get_data(as_text=True)


def test_date_inputs_sit_in_the_form_and_links_keep_them(client):
    html_text = client.get("/search?q=said&from=2017&to=2020-06").get_data(as_text=True)
    assert re.search(r'<input id="from" name="from" type="date"\s+value="2017-01-01">', html_text)
    assert re.search(r'<input id="to" name="to" type="date"\s+value="2020-06-30">', html_text)
    assert '<label for="from">' in html_text and '<label for="to">' in html_text
    main = html_text.split('<main id="main">', 1)[1]
    links = [html.unescape(h) for h in re.findall(r'href="(/(?:search|api/export)[^"]*)"', main)]
    ranges = {}
    for href in links:
        args = dict(parse_qsl(href.split("?", 1)[1])) if "?" in href else {}
        ranges.setdefault((args.get("from"), args.get("to")), []).append(href)
    # The one link that drops them is "clear filters"; year facets and bars set their own.
    assert ranges.pop((None, None)) == ["/search?q=said"]
    assert ("2020-01-01", "2020-12-31") in ranges  # the 2020 facet: a year is a year
    ours = ranges.pop(("2017-01-01", "2020-06-30"))
    assert any(h.startswith("/search.atom?") for h in ours)
    assert any(h.startswith("/api/export?") for h in ours)
    assert any("sort=newest" in h for h in ours) and any("section=" in h for h in ours)
    # A bar narrows within the range: by year, the 2020 bar stops at its end.
    yearly = client.get("/search?q=said&from=2017&to=2020-06&interval=year")
    bars = [dict(parse_qsl(a.get("href").split("?", 1)[1]))
            for a in _svg(yearly.get_data(as_text=True)).findall(f"{SVG}a")]
    assert (bars[0]["from"], bars[-1]["from"], bars[-1]["to"]) == (
        "2017-01-01", "2020-01-01", "2020-06-30")
    assert all("2017-01-01" <= b["from"] <= b["to"] <= "2020-06-30" for b in bars)
