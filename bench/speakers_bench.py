"""The most frequent speakers of an archive of article records, for judging them by hand.

    python -m bench.speakers_bench --raw DIR [--top 200] [--kind person|org|author]
                                   [--limit N] [--json FILE]

Reads every JSON Lines file of article records under --raw (`articles-*.jsonl.gz`, as
`shared/tools/bench_service.py --articles --keep` writes them, or any `.jsonl[.gz]`),
finds the speakers of each record as the indexer does (`indexer.sources.articles`), in one
process, and prints the --top names of the kind asked for by the number of records that
quote them, one `count<TAB>name` a line, then one summary line on stderr: `speakers: R
records, D distinct person names, top 200 in M record mentions; Ts`. The list is what the
speaker facet of an index of these records would show first; whether each is a person's
name is for a reader to say (bench/README.md gives the count of non-names).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.sources.articles import RecordError, article_from_line, is_records_file, read_lines


def records_files(raw: Path) -> list[Path]:
    """The JSON Lines files under raw, in name order."""
    return sorted(p for p in raw.rglob("*") if p.is_file() and is_records_file(str(p)))


def count_names(files: list[Path], kind: str, limit: int | None) -> tuple[Counter[str], int]:
    """Records per name of the kind asked for, and how many records were read."""
    counts: Counter[str] = Counter()
    seen = 0
    for path in files:
        for line in read_lines(str(path)):
            if limit is not None and seen >= limit:
                return counts, seen
            data = getattr(line, "data", None)
            if not data or not data.strip():
                continue
            try:
                article = article_from_line(data, f"{path.name}#{line.number}")
            except RecordError:
                continue
            seen += 1
            if kind == "author":
                names = set(article.authors)
            else:
                names = {s.name for s in article.speakers if s.kind == kind}
            counts.update(names)
    return counts, seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.speakers_bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", required=True, help="folder of article records (.jsonl[.gz])")
    ap.add_argument("--top", type=int, default=200, help="names to list (default 200)")
    ap.add_argument("--kind", choices=("person", "org", "author"), default="person")
    ap.add_argument("--limit", type=int, default=None, help="read at most this many records")
    ap.add_argument("--json", help="also write [[name, count], ...] to this file")
    args = ap.parse_args(argv)
    files = records_files(Path(args.raw))
    if not files:
        print(f"no .jsonl or .jsonl.gz files under {args.raw}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    counts, seen = count_names(files, args.kind, args.limit)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: args.top]
    for name, count in top:
        print(f"{count}\t{name}")
    if args.json:
        Path(args.json).write_text(json.dumps(top, ensure_ascii=False, indent=0) + "\n")
    print(f"speakers: {seen} records, {len(counts)} distinct {args.kind} names, top {len(top)} "
          f"in {sum(c for _, c in top)} record mentions; {time.perf_counter() - started:.0f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
