"""`extract` of pages read from a WARC: the pages given are packed into one WARC, as a
crawler would store them, and the WARC is extracted; each line names the page it came
from, so an evaluator that runs `extract FILE...` can compare the two routes.

    python -m bench.warc_extract PAGE.html [PAGE.html ...]
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent


def pack(pages: list[str], target: Path) -> dict[str, str]:
    """Write `pages` as response records into `target`; their target URI → page path."""
    uris = {}
    with open(target, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(pages):
            uri = f"http://pages.invalid/{n}"
            uris[uri] = page
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            body = Path(page).read_bytes()
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return uris


def main(pages: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "pages.warc.gz"
        uris = pack(pages, warc)
        run = subprocess.run([sys.executable, "-m", "indexer", "extract", str(warc)],
                             cwd=ROOT, capture_output=True, text=True)
    for line in run.stdout.splitlines():
        record = json.loads(line)
        capture = record.get("capture") or {}
        record["path"] = uris.get(capture.get("target_uri"), record["path"])
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main([os.path.abspath(p) for p in sys.argv[1:]]))
