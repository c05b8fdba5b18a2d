"""Exports: every document a search matches, streamed as CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import engine
from .params import KNOWN, BadParam, SearchParams
from .search import RECORD_FIELDS, ordered, records

bp = Blueprint("export", __name__, url_prefix="/api")

FORMATS = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
EXTRA_FIELDS = ("body",)
ARGS = KNOWN | {"format", "fields"}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such a cell gets a leading apostrophe, which makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows written per chunk sent: few enough to keep memory flat, enough to keep the
# per-chunk overhead of the server small.
ROWS_PER_CHUNK = 200


def safe_cell(value: object) -> str:
    """A CSV cell's text, with an apostrophe in front of anything a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """The header line at once (before any ranking), then the rows in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    count = 0
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in columns])
        count += 1
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def jsonl_chunks(rows: Iterable[dict[str, Any]], dumps: Callable[..., str]) -> Iterator[str]:
    """One JSON object a line, in chunks."""
    lines: list[str] = []
    for row in rows:
        lines.append(dumps(row, sort_keys=False, separators=(",", ":")) + "\n")
        if len(lines) == ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _fields(raw: str) -> list[str]:
    asked = [f.strip() for f in raw.split(",") if f.strip()]
    for name in asked:
        if name not in EXTRA_FIELDS:
            raise BadParam("fields", f"unknown field '{name[:40]}' (known: "
                                     f"{', '.join(EXTRA_FIELDS)}; the others are always there)")
    return [f for f in EXTRA_FIELDS if f in asked]


@bp.get("/export")
def export_search() -> Response:
    config = current_app.config
    params = SearchParams.from_args(request.args, config["LIMITS"], known=ARGS)
    fmt = request.args.get("format") or "csv"
    if fmt not in FORMATS:
        raise BadParam("format", f"must be one of {', '.join(FORMATS)}")
    extra = _fields(request.args.get("fields") or "")
    # Counted before anything is sent: a refusal is still a 400 with its message.
    selection = engine.select(params)
    total = selection.matches.total
    limit = int(config["MAX_EXPORT"])
    if total > limit:
        raise BadParam("q", f"{total:,} documents match, more than the {limit:,} an export"
                            " may hold; narrow the search")
    view = engine.view()
    # Lazily: ranking runs when the first row is wanted, and each stored document is read
    # as its row is written, so memory stays flat whatever the count.
    scored = ordered(view, selection, params.sort, config["SEARCH_TIME_BUDGET"])
    rows = records(view, scored, body="body" in extra)
    columns = [*RECORD_FIELDS, *extra]
    # The app's JSON for lines: <, >, & and ' escaped, inert if pasted into HTML.
    body = (csv_chunks(rows, columns) if fmt == "csv"
            else jsonl_chunks(rows, current_app.json.dumps))
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="news-export.{fmt}"'
    response.headers["X-Total-Count"] = str(total)
    return response
