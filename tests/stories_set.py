"""The syndication set (tests/data/stories.jsonl.gz) as pages, and how a build scores on it.

Shared by tests/test_stories.py and bench/stories_bench.py: each record becomes an HTML
page in one of bench/pages.py's three site templates (navigation, share bars, comments,
related links and footer around the text), so that story ids are measured on what
extraction makes of real pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
from collections import defaultdict
from pathlib import Path

from bench.pages import Doc, page_url, render

SET_FILE = Path(__file__).resolve().parent / "data" / "stories.jsonl.gz"


def records() -> list[dict]:
    """The set's records, in order (each story's original first, then its copies)."""
    with gzip.open(SET_FILE, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _doc(record: dict) -> Doc:
    return Doc(id=record["id"], title=record["title"],
               paragraphs=record["body"].split("\n\n"),
               date=dt.datetime.fromisoformat(record["date"]) + dt.timedelta(hours=9),
               section="World")


def page_path(raw: Path, record: dict) -> Path:
    """Where write_pages puts a record's page."""
    return raw / record["site"] / f"{record['id']}.html"


def write_pages(raw: Path, chosen: list[dict] | None = None) -> dict[str, str]:
    """Each record as a page under raw/<site>/, with the record's URL as its canonical
    URL; returns page path (relative to raw) -> story label."""
    labels = {}
    for i, record in enumerate(chosen if chosen is not None else records()):
        doc = _doc(record)
        html = render(doc, i, related=["More news"], author="Staff")
        path = page_path(raw, record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html.replace(page_url(doc, i), record["url"]), encoding="utf-8")
        labels[path.relative_to(raw).as_posix()] = record["story"]
    return labels


def pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    """Every pair of items that share a group (item -> group)."""
    members: dict[str, list[str]] = defaultdict(list)
    for item, group in groups.items():
        members[group].append(item)
    return {frozenset(p) for m in members.values() for p in itertools.combinations(m, 2)}


def precision_recall(found: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Pair precision and recall of the stories found (path -> story) against the labels
    (path -> story label): of the pairs put in one story, how many are copies of one; of
    the pairs of copies, how many were put in one story."""
    got, want = pairs({u: s for u, s in found.items() if u in truth}), pairs(truth)
    both = len(got & want)
    return (both / len(got) if got else 1.0), (both / len(want) if want else 1.0)
