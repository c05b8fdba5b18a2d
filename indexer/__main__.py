"""Command line: `python -m indexer build | extract | stats`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .extract import ExtractError, extract


def _cmd_extract(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            article = extract(path.read_bytes(), name)
            record = article.to_json()
        except (OSError, ExtractError) as exc:
            record = {"path": name, "url": None, "title": None, "body": "", "section": None,
                      "date": None, "speakers": [], "error": str(exc)}
            print(f"skipped {name}: {exc}", file=sys.stderr)
            if args.strict:
                status = 1
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log heuristic decisions")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print one JSON object per page (JSON Lines)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="exit 1 if any page is skipped")
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
