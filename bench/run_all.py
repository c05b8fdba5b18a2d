"""Run the build and search benchmarks and append a row per size to bench/README.md.

    python -m bench.run_all [--n 10000 | --sizes 1000,10000] [--corpus FILE]   (project root)

For each N: generate N pages in a temporary directory (bench.pages), time the full, no-op and
1%-changed builds and the FTS5 load (bench.build_bench), then the in-process, HTTP and load
searches and the FTS5 searches on the built index (bench.search_bench). Prints both reports,
appends one row per N to the results table of bench/README.md (unless --no-readme) and, with
--profile, rewrites bench/profile.txt from the largest index (bench.profile_search).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import build_bench, pages, profile_search, search_bench
from bench.common import BENCH, cpu_model, log, parse_sizes, today, work_dir

README = BENCH / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
COLUMNS = (
    "date", "machine", "N (text)", "build pages/s", "pages/CPU-s", "peak MB",
    "no-op s", "1% s (% of full)", "search p50/p95 ms in-process", "HTTP p50/p95 ms",
    "load req/s (8 threads)", "FTS5 load docs/s", "FTS5 p50/p95 ms",
    "ratios: build · search p50 · HTTP p50",
)


def table_header() -> str:
    return ("| " + " | ".join(COLUMNS) + " |\n"
            + "|" + "|".join("---" for _ in COLUMNS) + "|\n")


def row(build: dict, search: dict, text: str) -> str:
    """One Markdown table row of a size's figures."""
    f, inc = build["full"], build["incremental"]
    ip, fts, web = search["inproc"]["warm"], search["fts5"]["warm"], search["http"]
    rt = search["ratios"]
    machine = (f"{cpu_model()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}")
    http = f"{web['warm']['p50']:.1f} / {web['warm']['p95']:.1f}" if web else "–"
    load = f"{web['load']['rps']:.0f}" if web else "–"
    http_ratio = f"{rt['http_p50']:.1f}×" if web else "–"
    cells = [
        today(), machine, f"{build['n']} ({text})", f"{f['pages_per_s']:.0f}",
        f"{f['pages_per_cpu_s']:.0f}", f"{f['peak_mb']:.0f}",
        f"{build['noop']['wall_s']:.2f}", f"{inc['wall_s']:.2f} ({inc['pct_of_full']:.1f}%)",
        f"{ip['p50']:.1f} / {ip['p95']:.1f}", http, load,
        f"{build['fts5']['docs_per_s']:.0f}", f"{fts['p50']:.2f} / {fts['p95']:.2f}",
        f"{build['ratio_docs_per_s']:.3f}× · {rt['inproc_p50']:.1f}× · {http_ratio}",
    ]
    return "| " + " | ".join(cells) + " |\n"


def append_rows(rows: list[str], readme: Path = README) -> None:
    """Add rows at the end of the results table (a new table when the markers are gone)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(END, 1)
        if not head.rstrip().endswith("|"):  # the table has no header yet
            head = head.rstrip() + "\n\n" + table_header()
        text = head.rstrip("\n") + "\n" + "".join(rows) + END + rest
    else:
        text = (text.rstrip("\n") + "\n\n## Results\n\n" + BEGIN + "\n" + table_header()
                + "".join(rows) + END + "\n")
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_all",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000,
                        help="pages to generate (default: 10000)")
    parser.add_argument("--sizes", help="several N, comma separated (overrides --n)")
    parser.add_argument("--corpus", type=Path, help="JSON Lines corpus for the pages")
    parser.add_argument("--seed", type=int, default=1, help="page and query seed (default: 1)")
    parser.add_argument("--load-seconds", type=float, default=15.0,
                        help="length of the HTTP load test (default: 15)")
    parser.add_argument("--threads", type=int, default=8,
                        help="client threads of the load test (default: 8)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP server runs")
    parser.add_argument("--workdir", type=Path,
                        help="keep pages and indexes here (default: a temporary directory)")
    parser.add_argument("--no-readme", action="store_true",
                        help="do not append the results to bench/README.md")
    parser.add_argument("--profile", action="store_true",
                        help="also rewrite bench/profile.txt from the largest index")
    parser.add_argument("--json", type=Path, help="also write all figures as JSON here")
    args = parser.parse_args(argv)

    sizes = parse_sizes(args.sizes) if args.sizes else [args.n]
    text = args.corpus.name if args.corpus else "sample"
    started = time.perf_counter()
    gen = pages.Generator(args.seed, args.corpus)
    results, rows = [], []
    with work_dir(args.workdir, "bench-") as workdir:
        for n in sizes:
            build = build_bench.bench_size(n, workdir, gen, seed=args.seed)
            index = workdir / f"n{n}" / "index"
            search = search_bench.run(index, passes=3, load_seconds=args.load_seconds,
                                      threads=args.threads, http=not args.no_http,
                                      seed=args.seed, workdir=workdir / f"n{n}")
            print(f"\n== build, N={n} ==")
            print(build_bench.report([build]))
            print(f"\n== search, N={n} ==")
            print(search_bench.report(search))
            results.append({"build": build, "search": search})
            rows.append(row(build, search, text))
        if len(results) > 1:
            print("\n== growth ==")
            print(build_bench.report([r["build"] for r in results]))
        if args.profile:
            out = BENCH / "profile.txt"
            out.write_text(profile_search.profile(workdir / f"n{sizes[-1]}" / "index",
                                                  seed=args.seed))
            log(f"run_all: wrote {out}")
    if not args.no_readme:
        append_rows(rows)
        log(f"run_all: appended {len(rows)} row(s) to {README}")
    print("\n" + table_header() + "".join(rows), end="")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    log(f"run_all: done in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
