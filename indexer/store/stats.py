"""What an index holds: documents, sections, date range, stories, last build, skips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from ..sources.containers import split_record_path
from . import shards
from .manifest import FILENAME, SKIPPED, Manifest


def index_exists(index_dir: Path) -> bool:
    return shards.exists(index_dir) and (index_dir / FILENAME).exists()


def collect(index_dir: Path) -> dict[str, Any]:
    """A summary of the index, as plain data."""
    layout = shards.read_layout(index_dir)
    with Searcher(shards.open_reader(index_dir)) as searcher:
        sections = sorted(
            ((term.decode(), searcher.doc_frequency("section", term))
             for term in searcher.lexicon("section")),
            key=lambda item: (-item[1], item[0]),
        )
        dates = [d[:10] for d in (f.get("published") for f in searcher.all_stored_fields())
                 if d]
        report: dict[str, Any] = {
            "documents": searcher.doc_count(),
            "shards": layout.count,
            "sections": sections,
            "speakers": len(list(searcher.lexicon("speaker"))),
            # stories the documents are copies of (syndicated copies share one)
            "stories": len(list(searcher.lexicon("story"))),
            "date_range": [min(dates), max(dates)] if dates else None,
        }
    manifest = Manifest(index_dir)
    try:
        rows = manifest.load()
        last = manifest.last_build()
    finally:
        manifest.close()
    # a JSON Lines or WARC file is one file, whatever its number of records ("<file>#<n>")
    report["files"] = sum("#" not in path or split_record_path(path) is None for path in rows)
    report["skipped"] = sorted((r.path, r.reason) for r in rows.values() if r.status == SKIPPED)
    report["last_build"] = {"finished": last[0], **json.loads(last[1])} if last else None
    return report


def format_report(report: dict[str, Any]) -> str:
    """The report as lines of text."""
    lines = [f"documents   {report['documents']} (from {report['files']} files,"
             f" {report['shards']} shard{'s' if report['shards'] != 1 else ''})"]
    if report["date_range"]:
        lines.append(f"dates       {report['date_range'][0]} .. {report['date_range'][1]}")
    lines.append("sections    " + ", ".join(f"{s} {n}" for s, n in report["sections"]))
    lines.append(f"speakers    {report['speakers']}")
    lines.append(f"stories     {report['stories']}")
    last = report["last_build"]
    if last:
        lines.append(
            f"last build  {last['finished']}: added {last['added']}, updated {last['updated']},"
            f" removed {last['removed']}, unchanged {last['unchanged']},"
            f" skipped {len(last['skipped'])}"
        )
    for path, reason in report["skipped"]:
        lines.append(f"skipped     {path}: {reason}")
    return "\n".join(lines)
