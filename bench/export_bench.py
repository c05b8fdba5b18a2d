"""Export benchmark: the first byte and the whole of /api/export over a real server.

    python -m bench.export_bench --index DIR [--query 'from=1900-01-01'] [--format csv]

Starts `python -m web` on the index (MAX_EXPORT raised to fit the whole index), then, over
HTTP on one connection: `/api/export` of every match, on cold caches, read as a stream;
then `/api/search` with the same parameters (the baseline: one page of ten results,
facets and snippets, on the caches the export warmed). Prints the time to the export's
first byte, to its first row and to its last, the rows received against the search's
`total`, and the server's peak RSS before and after the export (memory flat: the export
streams). Last line: `export: N matches, first byte F ms, first row G ms, all R rows in
S s (X rows/s), search T ms, peak RSS A -> B MB`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_bench import Server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--query", default="from=1900-01-01",
                    help="search parameters, URL-encoded (default: every dated article)")
    ap.add_argument("--format", default="csv", choices=("csv", "jsonl"))
    args = ap.parse_args(argv)
    params = dict(parse_qsl(args.query, keep_blank_values=True))
    os.environ["FLASK_MAX_EXPORT"] = "10000000"  # the server inherits it
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(args.index, Path(tmp) / "server.log")
        try:
            server.wait_ready()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
            before = server.peak_mb()
            # the export first, on cold caches: what a user who exports at once waits
            started = time.perf_counter()
            conn.request("GET", "/api/export?" + urlencode({**params, "format": args.format}))
            response = conn.getresponse()
            if response.status != 200:
                raise SystemExit(f"export: HTTP {response.status}: {response.read()[:500]!r}")
            head = response.read(1)
            first_ms = (time.perf_counter() - started) * 1000
            lines = head.count(b"\n")
            first_row_ms = None
            while chunk := response.read1(1 << 16):
                lines += chunk.count(b"\n")
                if first_row_ms is None and lines >= 2:
                    first_row_ms = (time.perf_counter() - started) * 1000
            seconds = time.perf_counter() - started
            after = server.peak_mb()
            started = time.perf_counter()
            conn.request("GET", "/api/search?" + urlencode(params))
            search = json.loads(conn.getresponse().read())
            search_ms = (time.perf_counter() - started) * 1000
            total = search["total"]
        finally:
            server.stop()
    # CSV: a header line, and bodies may hold newlines (not asked for here)
    rows = lines - 1 if args.format == "csv" else lines
    print(f"export: {total} matches, first byte {first_ms:.0f} ms, first row"
          f" {first_row_ms or 0:.0f} ms, all {rows} rows in"
          f" {seconds:.1f} s ({rows / seconds:.0f} rows/s), search {search_ms:.0f} ms,"
          f" peak RSS {before:.0f} -> {after:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
