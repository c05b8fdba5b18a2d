"""Build benchmark: full, no-op and 1%-changed builds of generated pages, against SQLite FTS5.

    python -m bench.build_bench [--sizes 1000,10000] [--corpus FILE] [--workdir DIR]

For each size N: write N pages (bench.pages), then time three runs of the real command
`python -m indexer build` as child processes -- a full build into a fresh index, a no-op build
(nothing changed) and a build after 1% of the pages were modified, 1% touched and 1% added --
each by wall clock and by CPU (resource.getrusage(RUSAGE_CHILDREN) deltas, which include the
build's worker processes), with the peak RSS of the largest of those processes (ru_maxrss).
Each build runs under a small fresh Python wrapper, so that ru_maxrss is that build's own.

Baseline, in the same run: the documents' cleaned text (title, body, section, date, read back
from the built index) loaded in process into SQLite FTS5 (stdlib sqlite3,
tokenize='porter unicode61') in one transaction: documents per second. FTS5 gets the text
already extracted, so the ratio is what HTML cleaning, metadata and speaker heuristics, the
process pool and Whoosh cost together over a C full-text indexer. Also shown: the project's
extraction alone (indexer.extraction.extract.extract, in process, one core) in pages per CPU-second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages
from bench.common import (
    ROOT,
    child_env,
    dir_bytes,
    log,
    machine,
    mb,
    parse_sizes,
    ratio,
    work_dir,
)

# Runs one command and reports its children's resource use as JSON on stdout. A fresh
# process per build, so that ru_maxrss (a maximum, not a sum) is this build's own peak.
_MEASURE = r"""
import json, resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": proc.returncode, "wall": wall,
           "user": after.ru_utime - before.ru_utime, "sys": after.ru_stime - before.ru_stime,
           "maxrss_kb": after.ru_maxrss,
           "stdout": proc.stdout[-4000:], "stderr": proc.stderr[-4000:]}, sys.stdout)
"""

EXTRACT_SAMPLE = 300  # pages timed for the extraction-only figure


def run_build(raw: Path, index: Path, workers: int | None = None,
              extra: tuple[str, ...] = ()) -> dict:
    """Run `python -m indexer build` once as a child; its timings and summary."""
    report = index.parent / f"report-{time.time_ns()}.json"
    cmd = [sys.executable, "-m", "indexer", "build", "--raw", str(raw), "--index", str(index),
           "--report", str(report), *extra]
    if workers:
        cmd += ["--workers", str(workers)]
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True,
                         text=True, cwd=ROOT, env=child_env(), check=True)
    res = json.loads(out.stdout)
    if res["rc"] != 0:
        raise RuntimeError(f"build failed ({res['rc']}): {res['stderr']}")
    res["cpu"] = res["user"] + res["sys"]
    res["peak_mb"] = res["maxrss_kb"] / 1024  # Linux reports kilobytes
    res["summary"] = json.loads(report.read_text()) if report.exists() else {}
    report.unlink(missing_ok=True)
    res["line"] = res["stdout"].strip().splitlines()[-1] if res["stdout"].strip() else ""
    return res


def read_documents(index: Path) -> list[tuple[str, str, str, str]]:
    """(title, body, section, date) of every document in a built index."""
    from whoosh.searching import Searcher

    from indexer.store.shards import open_reader

    with Searcher(open_reader(index)) as s:
        return [(f.get("title", ""), f.get("body", ""), f.get("section") or "",
                 f.get("published") or "")
                for f in s.all_stored_fields()]


FTS5_SCHEMA = ("CREATE VIRTUAL TABLE docs USING fts5(title, body, section UNINDEXED, "
               "date UNINDEXED, tokenize='porter unicode61')")


def fts5_load(docs: list[tuple[str, str, str, str]], db_path: Path) -> dict:
    """Load the documents into a fresh on-disk FTS5 table in one transaction, timed."""
    for suffix in ("", "-wal", "-journal"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    db = sqlite3.connect(db_path)
    db.execute(FTS5_SCHEMA)
    with db:
        db.executemany("INSERT INTO docs(title, body, section, date) VALUES (?, ?, ?, ?)", docs)
    db.close()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"docs": len(docs), "wall": wall, "cpu": cpu, "docs_per_s": ratio(len(docs), wall),
            "docs_per_cpu_s": ratio(len(docs), cpu), "db_mb": mb(db_path.stat().st_size)}


def extract_rate(raw: Path, limit: int = EXTRACT_SAMPLE) -> dict:
    """The project's extractor alone, in process on one core: pages per CPU-second."""
    from indexer.extraction.extract import extract

    files = pages.existing_pages(raw)[:limit]
    blobs = [(p.read_bytes(), p.name) for p in files]
    cpu0 = time.process_time()
    for raw_bytes, name in blobs:
        extract(raw_bytes, name)
    cpu = time.process_time() - cpu0
    return {"pages": len(blobs), "cpu": cpu, "pages_per_cpu_s": ratio(len(blobs), cpu)}


def bench_size(n: int, workdir: Path, gen: pages.Generator, workers: int | None = None,
               seed: int = 1) -> dict:
    """All build figures for one N; leaves workdir/n{N}/{raw,index} behind for search."""
    base = workdir / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    raw, index = base / "raw", base / "index"
    t0 = time.perf_counter()
    pages.write_pages(raw, n, gen)
    gen_s = time.perf_counter() - t0
    raw_mb = mb(dir_bytes(raw))
    log(f"build_bench: N={n}: wrote {raw_mb:.0f} MB of pages in {gen_s:.1f}s; full build ...")

    full = run_build(raw, index, workers)
    index_mb = mb(dir_bytes(index))
    log(f"  full    {full['wall']:.1f}s  {full['line']}")
    noop = run_build(raw, index, workers)
    log(f"  no-op   {noop['wall']:.2f}s  {noop['line']}")
    changed = pages.churn(raw, gen, 0.01, seed)
    inc = run_build(raw, index, workers)
    log(f"  1%      {inc['wall']:.2f}s  {inc['line']}")

    ext = extract_rate(raw)
    docs = read_documents(index)
    fts = fts5_load(docs, base / "fts5.sqlite")
    log(f"  fts5    {fts['wall']:.2f}s for {fts['docs']} docs")

    checks = []
    s = full["summary"]
    if s and s.get("added") != n:
        checks.append(f"full build added {s.get('added')} of {n} pages")
    s = noop["summary"]
    if s and (s.get("added") or s.get("updated") or s.get("removed")):
        checks.append(f"no-op build changed something: {noop['line']}")
    s = inc["summary"]
    k = len(changed["modified"])
    if s and (s.get("added") != len(changed["added"]) or s.get("updated") != k):
        checks.append(f"1% build: expected {len(changed['added'])} added and {k} updated: "
                      f"{inc['line']}")
    for c in checks:
        log(f"  WARNING: {c}")

    return {
        "n": n, "raw_mb": raw_mb, "generate_s": gen_s, "index_mb": index_mb,
        "documents": len(docs), "workers": workers or os.cpu_count(),
        "full": _phase(full, n), "noop": _phase(noop, n),
        "incremental": {**_phase(inc, n), "changed": {k: len(v) for k, v in changed.items()},
                        "pct_of_full": 100 * ratio(inc["wall"], full["wall"])},
        "extract_only": ext, "fts5": fts,
        "ratio_docs_per_s": ratio(n / full["wall"], fts["docs_per_s"]),
        "ratio_docs_per_cpu_s": ratio(n / full["cpu"], fts["docs_per_cpu_s"]),
        "warnings": checks,
    }


def _phase(res: dict, n: int) -> dict:
    return {"wall_s": res["wall"], "cpu_s": res["cpu"], "user_s": res["user"],
            "sys_s": res["sys"], "peak_mb": res["peak_mb"],
            "pages_per_s": ratio(n, res["wall"]), "pages_per_cpu_s": ratio(n, res["cpu"]),
            "line": res["line"]}


def report(results: list[dict]) -> str:
    """A plain-text table of the results."""
    lines = [f"machine: {machine()}", ""]
    hdr = (f"{'N':>7} {'full s':>7} {'pages/s':>8} {'pages/CPU-s':>11} {'peak MB':>8} "
           f"{'index MB':>8} {'no-op s':>8} {'1% s':>6} {'% full':>7} {'extract/CPU-s':>13} "
           f"{'FTS5 docs/s':>11} {'ratio':>7}")
    lines += [hdr, "-" * len(hdr)]
    for r in results:
        f, i = r["full"], r["incremental"]
        lines.append(
            f"{r['n']:>7} {f['wall_s']:>7.1f} {f['pages_per_s']:>8.0f} "
            f"{f['pages_per_cpu_s']:>11.0f} {f['peak_mb']:>8.0f} {r['index_mb']:>8.1f} "
            f"{r['noop']['wall_s']:>8.2f} {i['wall_s']:>6.2f} {i['pct_of_full']:>6.1f}% "
            f"{r['extract_only']['pages_per_cpu_s']:>13.0f} {r['fts5']['docs_per_s']:>11.0f} "
            f"{r['ratio_docs_per_s']:>7.3f}")
    lines += ["", "ratio = project pages/s (full build, all cores) / FTS5 docs/s (one core, "
              "pre-extracted text)"]
    if len(results) > 1:
        a, b = results[0], results[-1]
        grow = b["n"] / a["n"]
        lines.append(f"growth {a['n']} -> {b['n']} pages (x{grow:g}): full build time "
                     f"x{ratio(b['full']['wall_s'], a['full']['wall_s']):.2f}, no-op "
                     f"x{ratio(b['noop']['wall_s'], a['noop']['wall_s']):.2f}, 1% build "
                     f"x{ratio(b['incremental']['wall_s'], a['incremental']['wall_s']):.2f}, "
                     f"peak RSS x{ratio(b['full']['peak_mb'], a['full']['peak_mb']):.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.build_bench", description=__doc__.split("\n\n")[0],
        epilog="See bench/README.md for what each figure means.")
    parser.add_argument("--sizes", default="2000",
                        help="comma-separated page counts, e.g. 1000,10000 (default: 2000)")
    parser.add_argument("--corpus", type=Path, help="JSON Lines corpus for the pages")
    parser.add_argument("--seed", type=int, default=1, help="page generator seed (default: 1)")
    parser.add_argument("--workers", type=int, default=None,
                        help="--workers passed to the build (default: the build's own: all CPUs)")
    parser.add_argument("--workdir", type=Path,
                        help="where pages and indexes go (default: a temporary directory, "
                        "removed at the end)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)

    gen = pages.Generator(args.seed, args.corpus)
    with work_dir(args.workdir, "bench-build-") as workdir:
        results = [bench_size(n, workdir, gen, args.workers, args.seed)
                   for n in parse_sizes(args.sizes)]
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
