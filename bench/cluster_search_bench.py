"""Cluster search benchmark: what searching the shards on Dask workers costs per search.

    python -m bench.cluster_search_bench [--n 10000] [--shards 4] [--queries 100]
        [--passes 3] [--workdir DIR]

Writes N pages (bench.pages) and builds them into a sharded index here, then answers the
same queries (bench.search_bench's mix) three ways, query by query in turn, in this
process:
- whole: the index read as one (what `python -m web` does);
- fan-out: each shard searched apart in this process and merged (FANOUT);
- cluster: each shard searched by an actor on a real `dask worker` (two of one thread,
  beside a `dask scheduler`, on 127.0.0.1) and merged here (`python -m web --scheduler`).
The first pass warms every path's caches and is not counted. Prints p50/p95 of each path
and then `cluster search: N=... fan-out p50 A ms p95 B ms, cluster p50 C ms p95 D ms,
overhead p50 +E ms p95 +F ms`: the cluster path's over the local fan-out, both of this run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages
from bench.build_bench import read_documents, run_build
from bench.common import log, percentiles
from bench.dask_cluster import LocalCluster
from bench.search_bench import make_queries, time_queries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="pages (default 10000)")
    ap.add_argument("--shards", type=int, default=4, help="shards (default 4)")
    ap.add_argument("--queries", type=int, default=100, help="queries (default 100)")
    ap.add_argument("--passes", type=int, default=3, help="timed passes (default 3)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="keep the pages, the index and the logs here")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cluster-search-bench-"))
    raw, index = work / "raw", work / "index"
    if not raw.exists():
        log(f"writing {args.n} pages into {raw}")
        pages.write_pages(raw, args.n, pages.Generator(quiet=True))
    if not index.exists():
        log(f"building {index} with {args.shards} shards")
        run_build(raw, index, extra=("--shards", str(args.shards)))
    queries = make_queries(read_documents(index), args.queries)

    from web.params import SearchParams
    from web.search import Index, fanout, search
    from web.search.guard import QueryLimits

    limits, budget, timeout = QueryLimits(), 2.0, 30.0
    cluster = LocalCluster(work / "dask")
    try:
        cluster.start(workers=2)
        from web.cluster import ClusterShards

        whole = Index(index)
        local = fanout.InProcessShards.of(str(index))
        remote = ClusterShards(cluster.address, str(index), timeout)
        paths = {
            "whole": lambda q: search(whole.view(), SearchParams.from_args(q.args), limits,
                                      budget),
            "fan-out": lambda q: fanout.search(local, SearchParams.from_args(q.args), limits,
                                               budget, timeout),
            "cluster": lambda q: fanout.search(remote, SearchParams.from_args(q.args),
                                               limits, budget, timeout),
        }
        times: dict[str, list[float]] = {name: [] for name in paths}
        for number in range(args.passes + 1):
            for q in queries:
                for name, run in paths.items():
                    took, errors = time_queries(run, [q])
                    if errors:
                        raise SystemExit(f"{name} failed: {errors[0]}")
                    if number:  # the first pass warms the caches
                        times[name] += took
            log(f"pass {number} done")
        for q in queries:  # the paths agree on what they find
            totals = {name: run(q).total for name, run in paths.items()}
            if len(set(totals.values())) != 1:
                raise SystemExit(f"the paths disagree on {q.label()}: {totals}")
        remote.close()
        local.close()
        whole.close()
    finally:
        cluster.stop()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    stats = {name: percentiles(samples) for name, samples in times.items()}
    for name, s in stats.items():
        print(f"{name}: {s['n']} searches, p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms,"
              f" mean {s['mean']:.1f} ms")
    fan, clu = stats["fan-out"], stats["cluster"]
    print(f"cluster search: N={args.n} shards={args.shards} fan-out p50 {fan['p50']:.1f} ms"
          f" p95 {fan['p95']:.1f} ms, cluster p50 {clu['p50']:.1f} ms p95 {clu['p95']:.1f} ms,"
          f" overhead p50 +{clu['p50'] - fan['p50']:.1f} ms p95 +{clu['p95'] - fan['p95']:.1f}"
          " ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
