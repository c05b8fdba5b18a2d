"""`make cluster-demo`: a Dask cluster on this machine, the sample built and served on it.

    python -m bench.cluster_demo [--raw raw] [--index index-cluster] [--workers 2]
        [--shards 2] [--host 127.0.0.1] [--port 8000]

Starts a `dask scheduler` and `--workers` `dask worker` processes (one thread each) on
127.0.0.1, builds `--raw` into `--index` on them (`python -m indexer build --scheduler`),
then serves it with `python -m web --scheduler` until Ctrl-C, which stops the cluster too.
The same commands, run on several machines, are the README's recipe.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT
from bench.dask_cluster import LocalCluster


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", default="raw")
    ap.add_argument("--index", default="index-cluster")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    cluster = LocalCluster(ROOT / ".cluster")
    # A `kill` stops the cluster as Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cluster.start(workers=args.workers)
        print(f"scheduler at {cluster.address}, {args.workers} workers"
              f" (logs in {cluster.workdir})", flush=True)
        raw, index = Path(args.raw).resolve(), Path(args.index).resolve()
        build = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(raw),
                                "--index", str(index), "--shards", str(args.shards),
                                "--scheduler", cluster.address], cwd=ROOT, check=False)
        if build.returncode != 0:
            return build.returncode
        serve = subprocess.run([sys.executable, "-m", "web", "--index", str(index),
                                "--scheduler", cluster.address, "--host", args.host,
                                "--port", str(args.port)], cwd=ROOT, check=False)
        return serve.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
