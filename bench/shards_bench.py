"""Shard benchmark: the same pages built into 1 shard and into N, on every core.

    python -m bench.shards_bench [--n 10000] [--shards 2] [--corpus FILE] [--workdir DIR]

Writes N pages (bench.pages), then times `python -m indexer build --shards 1` and
`--shards N` into fresh indexes, one after the other, each as a child process (wall clock
and the CPU of the build and all its processes). The baseline is the one-shard build of the
same run: the ratio of pages/s says what the shard writers running beside extraction add,
and pages per CPU-second says whether a page costs more CPU to get there.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages
from bench.build_bench import run_build
from bench.common import log, machine, work_dir


def bench(n: int, shard_counts: list[int], workdir: Path, gen: pages.Generator) -> list[dict]:
    raw = workdir / f"raw-{n}"
    if not raw.exists():
        pages.write_pages(raw, n, gen)
    rows = []
    for count in shard_counts:
        index = workdir / f"index-{n}-{count}"
        shutil.rmtree(index, ignore_errors=True)
        index.mkdir(parents=True)
        res = run_build(raw, index, extra=("--shards", str(count)))
        row = {"n": n, "shards": count, "wall_s": round(res["wall"], 1),
               "cpu_s": round(res["cpu"], 1), "pages_per_s": round(n / res["wall"], 1),
               "pages_per_cpu_s": round(n / res["cpu"], 1), "peak_mb": round(res["peak_mb"])}
        log(f"shards {count}: {row['wall_s']} s wall, {row['cpu_s']} s CPU, "
            f"{row['pages_per_s']} pages/s, {row['pages_per_cpu_s']} pages/CPU-s")
        rows.append(row)
    base = rows[0]
    for row in rows:
        row["speedup"] = round(row["pages_per_s"] / base["pages_per_s"], 2)
        row["cpu_per_page_ratio"] = round(base["pages_per_cpu_s"] / row["pages_per_cpu_s"], 2)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shards_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="pages (default: 10000)")
    parser.add_argument("--shards", type=int, default=2,
                        help="shard count compared with 1 (default: 2)")
    parser.add_argument("--corpus", type=Path, help="JSON Lines corpus for the pages")
    parser.add_argument("--seed", type=int, default=1, help="page generator seed (default: 1)")
    parser.add_argument("--workdir", type=Path, help="keep pages and indexes here")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    with work_dir(args.workdir, "shards-bench-") as workdir:
        rows = bench(args.n, [1, args.shards], workdir, pages.Generator(args.seed, args.corpus))
    for row in rows:
        print(f"N={row['n']} shards={row['shards']}: {row['pages_per_s']} pages/s "
              f"({row['speedup']}x of 1 shard), {row['pages_per_cpu_s']} pages/CPU-s "
              f"(CPU per page {row['cpu_per_page_ratio']}x), peak {row['peak_mb']} MB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
