"""Cluster build benchmark: the same pages built on one Dask worker and on two.

    python -m bench.cluster_bench [--n 10000] [--shards 2] [--workdir DIR]

Writes N pages (bench.pages), starts a real `dask scheduler` and one `dask worker` (one
thread, no nanny) on 127.0.0.1, and times `python -m indexer build --scheduler ...` into a
fresh index; then adds a second worker and times the same build into another fresh index.
Each build is a child process timed by wall clock; the workers' CPU is theirs, not the
client's. Prints one line per run and then
`cluster: N=... 1 worker P1 pages/s, 2 workers P2 pages/s, speed-up S`.
The baseline is the one-worker run of the same pages, in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages
from bench.common import ROOT, log
from bench.dask_cluster import LocalCluster


def timed_build(raw: Path, index: Path, scheduler: str, shards: int) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(raw),
                          "--index", str(index), "--shards", str(shards),
                          "--scheduler", scheduler],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"build failed ({run.returncode}): {run.stderr[-2000:]}")
    return seconds, run.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="pages (default 10000)")
    ap.add_argument("--shards", type=int, default=2, help="shards (default 2)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep the pages, indexes and logs here")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    raw = work / "raw"
    if not raw.exists():
        log(f"writing {args.n} pages into {raw}")
        pages.write_pages(raw, args.n, pages.Generator(quiet=True))
    cluster = LocalCluster(work / "dask")
    rates = {}
    try:
        cluster.start(workers=1)
        for workers in (1, 2):
            if workers == 2:
                cluster.add_worker()
                cluster.wait_for_workers(2)
            index = work / f"index-{workers}"
            shutil.rmtree(index, ignore_errors=True)
            seconds, summary = timed_build(raw, index, cluster.address, args.shards)
            rates[workers] = args.n / seconds
            print(f"{workers} worker(s): {seconds:.1f} s, {rates[workers]:.0f} pages/s;"
                  f" {summary}")
    finally:
        cluster.stop()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"cluster: N={args.n} 1 worker {rates[1]:.0f} pages/s, 2 workers {rates[2]:.0f}"
          f" pages/s, speed-up {rates[2] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
