"""What story ids cost and how well they group, on the same pages in one run.

    python -m bench.stories_bench --n 10000 [--repeat 2] [--baseline REV] [--workdir DIR]

The pages: the syndication set (tests/data/stories.jsonl.gz as pages, tests/stories_set.py)
and bench/pages.py's synthetic pages up to N. Then:

1. **Build CPU per page**, with and without story assignment: full builds of the same pages
   into fresh indexes, each a child process timed by getrusage (its worker and shard
   processes included), alternating `group_stories=False` and `True` `--repeat` times; the
   lowest CPU of each is compared.
2. **Pair precision and recall** of the stories found for the set's pages.
3. **Search p95**, in process (web.search.search, one view as a server thread has it) over
   bench/search_bench.py's queries: this tree on its index against the code of `--baseline`
   (a git revision, by default where this branch left main, checked out in a temporary
   worktree) on an index it builds of the same
   pages; each side in a child process of its own, both running, each query on one side
   then the other (so that both see the same background load), 1 cold and `--passes` warm
   passes, p95 of the warm passes.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, child_env, log, percentiles

_BUILD = """
import json, sys, time
from pathlib import Path
from indexer.store import build
kwargs = {} if sys.argv[3] == "default" else {"group_stories": sys.argv[3] == "on"}
summary = build.run(Path(sys.argv[1]), Path(sys.argv[2]), **kwargs)
print(json.dumps({"documents": summary.documents, "skipped": len(summary.skipped)}))
"""

# A search server for the benchmark: runs the query whose number it reads, answers its ms.
_SEARCH = """
import json, sys, time
from pathlib import Path
from web.params import SearchParams
from web.search import Index, search
view = Index(Path(sys.argv[1])).view()
queries = json.loads(Path(sys.argv[2]).read_text())
print("ready", flush=True)
for line in sys.stdin:
    args = queries[int(line)]
    start = time.perf_counter()
    search(view, SearchParams.from_args(args))
    print((time.perf_counter() - start) * 1000, flush=True)
"""


def write_pages(raw: Path, n: int) -> dict[str, str]:
    """The set's pages and synthetic ones up to n; the set's labels by page path."""
    sys.path.insert(0, str(ROOT))
    from bench import pages
    from tests.stories_set import write_pages as write_set

    labels = write_set(raw / "syndicated")
    labels = {f"syndicated/{path}": story for path, story in labels.items()}
    rest = max(0, n - len(labels))
    if rest:
        pages.write_pages(raw / "archive", rest, pages.Generator(seed=1, quiet=True))
    return labels


def timed_build(tree: Path, raw: Path, index: Path, stories: str) -> dict:
    """One full build in a child process: CPU seconds (with its children), wall seconds."""
    shutil.rmtree(index, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", _BUILD, str(raw), str(index), stories],
                         cwd=tree, env=_env(tree), check=True, capture_output=True, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "cpu_s": cpu, "wall_s": wall}


def _env(tree: Path) -> dict[str, str]:
    env = child_env()
    env["PYTHONPATH"] = str(tree)
    return env


class SearchServer:
    """One tree's search in a child process, one query at a time."""

    def __init__(self, tree: Path, index: Path, queries: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _SEARCH, str(index), str(queries)],
                                     cwd=tree, env=_env(tree), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def run(self, number: int) -> float:
        self.proc.stdin.write(f"{number}\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def found_stories(index: Path) -> dict[str, str]:
    from whoosh.searching import Searcher

    from indexer.store.shards import open_reader

    with Searcher(open_reader(index)) as searcher:
        return {d["path"]: d["story"] for d in searcher.all_stored_fields()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="pages in all (default 10000)")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind (default 2)")
    parser.add_argument("--passes", type=int, default=3, help="warm search passes (default 3)")
    parser.add_argument("--queries", type=int, default=100, help="about this many queries")
    parser.add_argument("--baseline", default="",
                        help="git revision whose search is the baseline (default: where this"
                             " branch left main, `git merge-base HEAD main`); 'none' skips"
                             " the comparison")
    parser.add_argument("--workdir", type=Path, help="keep the pages and indexes here")
    parser.add_argument("--search-only", action="store_true",
                        help="time searches only, on the indexes a run left in --workdir")
    args = parser.parse_args(argv)
    if args.search_only and not args.workdir:
        parser.error("--search-only needs --workdir")
    if not args.baseline:
        args.baseline = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT,
                                       check=True, capture_output=True,
                                       text=True).stdout.strip()

    from bench.build_bench import read_documents
    from bench.search_bench import make_queries
    from tests.stories_set import precision_recall

    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="bench-stories-")
    work = args.workdir or Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        raw = work / "raw"
        if args.search_only:
            result = compare_search(args, work, raw, read_documents, make_queries)
            print(json.dumps(result, indent=1))
            return 0
        shutil.rmtree(raw, ignore_errors=True)
        labels = write_pages(raw, args.n)
        pages_count = sum(1 for p in raw.rglob("*.html"))
        log(f"stories_bench: {pages_count} pages ({len(labels)} from the syndication set)")

        builds: dict[str, list[dict]] = {"off": [], "on": []}
        for round_no in range(args.repeat):
            for kind in ("off", "on"):
                result = timed_build(ROOT, raw, work / f"index-{kind}", kind)
                builds[kind].append(result)
                log(f"  build {round_no + 1} stories {kind}: {result['cpu_s']:.1f} s CPU, "
                    f"{result['wall_s']:.1f} s wall, {result['documents']} documents")
        cpu = {kind: min(r["cpu_s"] for r in runs) / pages_count * 1000
               for kind, runs in builds.items()}
        precision, recall = precision_recall(found_stories(work / "index-on"), labels)

        all_stories = found_stories(work / "index-on")
        report = {"pages": pages_count, "set_pages": len(labels),
                  "stories_in_index": len(set(all_stories.values())),
                  "build_cpu_ms_per_page": cpu, "build_cpu_ratio": cpu["on"] / cpu["off"],
                  "precision": precision, "recall": recall}
        if args.baseline != "none":
            report["search"] = compare_search(args, work, raw, read_documents, make_queries)
        print(json.dumps(report, indent=1))
        print(summary_line(report))
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


def compare_search(args, work: Path, raw: Path, read_documents, make_queries) -> dict:
    """Search p95 of this tree against the baseline revision's, on the same pages."""
    base = work / "baseline-tree"
    if base.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                       check=False, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(base), args.baseline], cwd=ROOT,
                   check=True, capture_output=True)
    try:
        if not args.search_only:
            log(f"  baseline {args.baseline}: building its index")
            timed_build(base, raw, work / "index-baseline", "default")
        queries = make_queries(read_documents(work / "index-on"), args.queries, 1)
        query_file = work / "queries.json"
        query_file.write_text(json.dumps([q.args for q in queries]))
        # Both sides at once, each query on one then the other: they share the machine's
        # background load, query by query (it is a shared machine).
        servers = {"baseline": SearchServer(base, work / "index-baseline", query_file),
                   "stories": SearchServer(ROOT, work / "index-on", query_file)}
        samples: dict[str, list[float]] = {"baseline": [], "stories": []}
        try:
            for number in range(len(queries)):  # the cold pass, not counted
                for server in servers.values():
                    server.run(number)
            for pass_no in range(args.passes):
                for number in range(len(queries)):
                    order = list(servers.items())
                    if (number + pass_no) % 2:
                        order.reverse()
                    for name, server in order:
                        samples[name].append(server.run(number))
        finally:
            for server in servers.values():
                server.close()
        stats = {name: percentiles(v) for name, v in samples.items()}
        for name, p in stats.items():
            log(f"  search {name}: p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms")
        return {"queries": len(queries), "baseline": args.baseline, **stats,
                "p95_ratio": stats["stories"]["p95"] / stats["baseline"]["p95"],
                "p50_ratio": stats["stories"]["p50"] / stats["baseline"]["p50"]}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                       check=False, capture_output=True)


def summary_line(report: dict) -> str:
    cpu = report["build_cpu_ms_per_page"]
    line = (f"stories: {report['pages']} pages in {report['stories_in_index']} stories; pair"
            f" precision {report['precision']:.4f}, "
            f"recall {report['recall']:.4f}; build CPU {cpu['on']:.2f} ms/page with stories, "
            f"{cpu['off']:.2f} without ({report['build_cpu_ratio']:.3f}x)")
    if "search" in report:
        s = report["search"]
        line += (f"; search p95 {s['stories']['p95']:.1f} ms against {s['baseline']['p95']:.1f}"
                 f" ({s['p95_ratio']:.3f}x), p50 {s['p50_ratio']:.3f}x")
    return line


if __name__ == "__main__":
    raise SystemExit(main())
