"""Profile the in-process search over the benchmark queries; top functions by cumulative time.

    python -m bench.profile_search --index DIR [--out bench/profile.txt] [--top 30]

Runs cProfile over web.search.search (through bench.search_bench's in-process engine) on the
same ~100 queries as bench/search_bench.py: one pass on fresh caches and --passes - 1 more, and
writes the top --top functions by cumulative time, with paths relative to the project, the
virtualenv's site-packages or the standard library, to --out (short enough to commit).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import site
import sys
import sysconfig
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_bench import read_documents
from bench.common import BENCH, ROOT, machine, today
from bench.search_bench import InProcess, make_queries


def _prefixes() -> list[str]:
    found = [str(ROOT) + "/"]
    for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"],
              sysconfig.get_paths()["stdlib"]]:
        found.append(str(Path(p)) + "/")
    return sorted(set(found), key=len, reverse=True)


def _where(key: tuple[str, int, str], prefixes: list[str]) -> str:
    filename, line, func = key
    if filename == "~":
        return func  # a built-in: "{method 'join' of 'str' objects}"
    for prefix in prefixes:
        if filename.startswith(prefix):
            filename = filename[len(prefix):]
            break
    return f"{filename}:{line}({func})"


def format_top(stats: pstats.Stats, top: int) -> list[str]:
    prefixes = _prefixes()
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)[:top]  # type: ignore[attr-defined]
    lines = [f"{'ncalls':>10} {'tottime':>8} {'cumtime':>8} {'percall':>8}  function",
             f"{'':>10} {'s':>8} {'s':>8} {'ms':>8}"]
    for key, (cc, nc, tt, ct, _callers) in rows:
        calls = f"{nc}/{cc}" if nc != cc else str(nc)
        lines.append(f"{calls:>10} {tt:8.3f} {ct:8.3f} {1000 * ct / max(cc, 1):8.3f}  "
                     f"{_where(key, prefixes)}")
    return lines


def profile(index_dir: Path, passes: int = 3, n_queries: int = 100, seed: int = 1,
            top: int = 30) -> str:
    docs = read_documents(index_dir)
    queries = make_queries(docs, n_queries, seed)
    engine = InProcess(index_dir)
    profiler = cProfile.Profile()
    errors = 0
    started = time.perf_counter()
    try:
        profiler.enable()
        for _ in range(passes):
            for q in queries:
                try:
                    engine.run(q)
                except Exception:
                    errors += 1
        profiler.disable()
    finally:
        engine.close()
    seconds = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    header = [
        f"# cProfile of web.search.search: {len(queries)} benchmark queries x {passes} passes "
        f"(the first on fresh caches) on {len(docs)} documents",
        f"# {today()}, {machine()}; {seconds:.2f}s under the profiler, "
        f"{stats.total_tt:.2f}s profiled, {errors} errors",  # type: ignore[attr-defined]
        "# made by `python -m bench.profile_search --index DIR`; top "
        f"{top} by cumulative time",
        "",
    ]
    return "\n".join(header + format_top(stats, top)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile_search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path, help="a built index directory")
    parser.add_argument("--out", type=Path, default=BENCH / "profile.txt",
                        help="where to write the table (default: bench/profile.txt)")
    parser.add_argument("--top", type=int, default=30, help="functions listed (default: 30)")
    parser.add_argument("--passes", type=int, default=3,
                        help="passes over the queries (default: 3)")
    parser.add_argument("--queries", type=int, default=100, help="about this many (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="query generator seed (default: 1)")
    args = parser.parse_args(argv)
    text = profile(args.index, args.passes, args.queries, args.seed, args.top)
    args.out.write_text(text)
    print(text, end="")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
