"""Search benchmark: ~100 news queries in process, over HTTP and under load, against SQLite FTS5.

    python -m bench.search_bench --index DIR [--load-seconds 15] [--threads 8]

The queries are generated deterministically from the index's own frequent words, so they fit
any corpus: single words (frequent, middling and rare), 2-4 word queries, "two word" phrases
that occur in the text, title:word, words with a section filter, with a date range, and
sorted by date. Each is run

  (a) in process through web.search.search (total, facets, snippets, suggestion), one
      searcher and one match-set cache as the server keeps them: a first pass on fresh
      caches ("cold"), then --passes more ("warm"): p50 / p95 / max in ms;
  (b) over HTTP against a real `python -m web` server started as a child process on a free
      port: sequentially (cold pass, then warm), then under a closed-loop load of --threads
      client threads (keep-alive connections) for --load-seconds: requests/s, p50 / p95,
      errors, and the server's CPU-ms per request and peak RSS (Linux /proc);
  (c) the baseline: the same documents in an SQLite FTS5 table (tokenize='porter unicode61')
      in process, the same queries as MATCH expressions with the same filters, top 10 by
      bm25 with snippet(): p50 / p95.

Ratios are project / FTS5. FTS5 computes no total, facets or suggestion: the ratio is what
the whole search page costs over a bare top-10 in C.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_bench import FTS5_SCHEMA, read_documents
from bench.common import ROOT, child_env, free_port, log, machine, percentiles, ratio

STOP = frozenset("""a about after again all also an and any are as at be been before being
between both but by can could did do does during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now
of off on once only or other our out over own said same says she should so some such than that
the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your year years one two three new
told percent mr mrs ms""".split())
_WORD = re.compile(r"[a-z]{3,}")
_TOKENS = re.compile(r"\w+")
PER_PAGE = 10


@dataclass(slots=True)
class Query:
    """One benchmark query: API arguments, and the same search for FTS5."""

    kind: str
    args: dict[str, str]
    match: str  # FTS5 MATCH expression
    where: list[str] = field(default_factory=list)  # extra SQL conditions
    params: list[str] = field(default_factory=list)
    newest: bool = False

    def label(self) -> str:
        return "&".join(f"{k}={v}" for k, v in self.args.items())


# --------------------------------------------------------------------------- queries


def _quoted(words: list[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def make_queries(docs: list[tuple[str, str, str, str]], n: int = 100,
                 seed: int = 1) -> list[Query]:
    """About n queries from the documents' own frequent words, deterministically."""
    rng = random.Random(f"queries:{seed}")
    df: Counter[str] = Counter()
    title_df: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    sections: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for i, (title, body, section, date) in enumerate(docs):
        df.update({w for w in _WORD.findall(body.lower()) if w not in STOP})
        title_df.update({w for w in _WORD.findall(title.lower()) if w not in STOP})
        if section:
            sections[section] += 1
        if date:
            years[date[:4]] += 1
        if i < 3000:  # adjacent pairs of content words, from a bounded sample
            toks = _TOKENS.findall(body.lower())
            bigrams.update({(a, b) for a, b in zip(toks, toks[1:], strict=False)
                            if a in df and b in df and len(a) > 2 and len(b) > 2
                            and a.isalpha() and b.isalpha()})
    ranked = [w for w, _ in sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))]
    if len(ranked) < 20:
        raise SystemExit("error: the index has too few words to make benchmark queries")
    head, mid = ranked[:50], ranked[50:500] or ranked
    tail = ranked[500:5000] or mid
    titles = [w for w, _ in sorted(title_df.items(), key=lambda kv: (-kv[1], kv[0]))][:300]
    pairs = [p for p, c in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0])) if c > 1]
    pairs = pairs[:200] or [(head[0], head[1])]
    secs = [s for s, _ in sections.most_common()] or [""]
    yrs = sorted(years) or ["2020"]
    word = lambda pool: rng.choice(pool)  # noqa: E731
    out: list[Query] = []

    def add(kind: str, words: list[str], **extra: str) -> None:
        q = " ".join(words)
        out.append(Query(kind, {"q": q, **extra}, _quoted(words)))

    share = n / 100
    for _ in range(round(8 * share)):
        add("word-frequent", [word(head)])
    for _ in range(round(10 * share)):
        add("word-middling", [word(mid)])
    for _ in range(round(7 * share)):
        add("word-rare", [word(tail)])
    for _ in range(round(25 * share)):
        k = rng.randint(2, 4)
        add(f"words-{k}", [word(head if rng.random() < 0.4 else mid) for _ in range(k)])
    for _ in range(round(15 * share)):
        a, b = rng.choice(pairs)
        out.append(Query("phrase", {"q": f'"{a} {b}"'}, f'"{a} {b}"'))
    for _ in range(round(10 * share)):
        w = word(titles or head)
        out.append(Query("title", {"q": f"title:{w}"}, f'title:"{w}"'))
    for _ in range(round(10 * share)):
        w, sec = word(mid), rng.choice(secs[:10])
        out.append(Query("section", {"q": w, "section": sec}, _quoted([w]),
                         ["section = ?"], [sec]))
    for _ in range(round(10 * share)):
        w, year = word(head + mid), rng.choice(yrs)
        if rng.random() < 0.5:
            args = {"q": w, "from": year, "to": year}
            lo, hi = f"{year}-01-01", f"{year}-12-31T23:59:59"
        else:
            month = f"{rng.randint(1, 12):02d}"
            args = {"q": w, "from": f"{year}-{month}", "to": f"{year}-{month}"}
            lo, hi = f"{year}-{month}-01", f"{year}-{month}-31T23:59:59"
        out.append(Query("date-range", args, _quoted([w]), ["date >= ?", "date <= ?"],
                         [lo, hi]))
    for _ in range(round(5 * share)):
        w = word(head + mid)
        out.append(Query("newest", {"q": w, "sort": "newest"}, _quoted([w]), newest=True))
    return out


# --------------------------------------------------------------------------- in process


class InProcess:
    """web.search.search on one view of the index, as a server thread has it."""

    def __init__(self, index_dir: Path) -> None:
        from web.params import SearchParams
        from web.search import Index, search

        self._search = search
        self._params = SearchParams
        self.view = Index(index_dir).view()

    def params(self, q: Query):
        return self._params.from_args(q.args)

    def run(self, q: Query) -> tuple[int, int]:
        page = self._search(self.view, self.params(q))
        return page.total, len(page.hits)

    def close(self) -> None:
        self.view.searcher.close()


def time_queries(run, queries: list[Query]) -> tuple[list[float], list[str]]:
    """ms per query, and the errors."""
    times, errors = [], []
    for q in queries:
        t0 = time.perf_counter()
        try:
            run(q)
        except Exception as exc:  # a refused or failing query is a figure, not a crash
            errors.append(f"{q.label()}: {type(exc).__name__}: {exc}")
            continue
        times.append((time.perf_counter() - t0) * 1000)
    return times, errors


# --------------------------------------------------------------------------- FTS5


class Fts5:
    """The baseline: the same documents in SQLite FTS5, top 10 by bm25 with snippets."""

    def __init__(self, docs: list[tuple[str, str, str, str]], db_path: Path) -> None:
        db_path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        db = sqlite3.connect(db_path)
        db.execute(FTS5_SCHEMA)
        with db:
            db.executemany("INSERT INTO docs(title, body, section, date) VALUES (?, ?, ?, ?)",
                           docs)
        db.close()
        self.load_s = time.perf_counter() - t0
        self.db = sqlite3.connect(db_path, check_same_thread=False)

    def run(self, q: Query) -> int:
        where = " AND ".join(["docs MATCH ?", *q.where])
        order = "date DESC" if q.newest else "bm25(docs, 2.0, 1.0)"
        sql = (f"SELECT rowid, title, date, section, "
               f"snippet(docs, 1, '<mark>', '</mark>', ' … ', 24) "
               f"FROM docs WHERE {where} ORDER BY {order} LIMIT {PER_PAGE}")
        return len(self.db.execute(sql, [q.match, *q.params]).fetchall())


def _timed(run, q: Query) -> float | None:
    t0 = time.perf_counter()
    try:
        run(q)
    except Exception:
        return None
    return (time.perf_counter() - t0) * 1000


def bench_local(index_dir: Path, docs, queries: list[Query], passes: int,
                workdir: Path) -> tuple[dict, dict]:
    """The project in process and FTS5: a cold pass of each, then warm passes in which each
    query runs on both, one after the other, so that both see the same background load."""
    engine = InProcess(index_dir)
    fts = Fts5(docs, workdir / "search-fts5.sqlite")
    try:
        cold, errors = time_queries(engine.run, queries)
        fts_cold, fts_errors = time_queries(fts.run, queries)
        warm: dict[str, list[float]] = {"project": [], "fts5": []}
        kinds: dict[str, dict[str, list[float]]] = {"project": defaultdict(list),
                                                    "fts5": defaultdict(list)}
        for _ in range(passes):
            for q in queries:
                for name, run in (("project", engine.run), ("fts5", fts.run)):
                    ms = _timed(run, q)
                    if ms is not None:
                        warm[name].append(ms)
                        kinds[name][q.kind.split("-")[0]].append(ms)
        totals = {}
        for q in queries:
            try:
                totals[q.label()] = engine.run(q)[0]
            except Exception:
                pass
    finally:
        engine.close()
        fts.db.close()

    def by_kind(name: str) -> dict:
        return {k: percentiles(v) for k, v in sorted(kinds[name].items())}

    inproc = {"cold": percentiles(cold), "warm": percentiles(warm["project"]),
              "errors": errors, "by_kind": by_kind("project"), "totals": totals}
    base = {"load_s": fts.load_s, "cold": percentiles(fts_cold),
            "warm": percentiles(warm["fts5"]), "errors": fts_errors, "by_kind": by_kind("fts5")}
    return inproc, base


# --------------------------------------------------------------------------- HTTP


def _tree(root: int) -> list[int]:
    """root and its live descendants (Linux /proc), or [root]."""
    children: dict[int, list[int]] = defaultdict(list)
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    except OSError:
        return [root]
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


class Server:
    """`python -m web` on a free port, as a child process, with its own defaults (worker
    processes and threads); extra command-line arguments may be given."""

    def __init__(self, index_dir: Path, log_path: Path, extra: list[str] | None = None) -> None:
        self.port = free_port()
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        cmd = [sys.executable, "-m", "web", "--index", str(index_dir), "--port", str(self.port),
               *(extra or [])]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env(), stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.log_path = log_path

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds until GET /healthz answered 200."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: "
                                   f"{self.log_path.read_text(errors='replace')[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return time.perf_counter() - t0
                conn.close()
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout}s")

    def processes(self) -> int:
        return len(_tree(self.proc.pid))

    def cpu_s(self) -> float | None:
        """CPU seconds of the server and its worker processes so far (Linux), or None."""
        total = 0.0
        try:
            for pid in _tree(self.proc.pid):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None
        return total

    def peak_mb(self) -> float | None:
        """Sum over the server's processes of each one's peak RSS (VmHWM), or None."""
        total = 0
        try:
            for pid in _tree(self.proc.pid):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except (OSError, ValueError):
            return None
        return total / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _path(q: Query) -> str:
    return "/api/search?" + urllib.parse.urlencode(q.args)


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", path)
            resp = self.conn.getresponse()
            return resp.status, resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise

    def close(self) -> None:
        self.conn.close()


def bench_http(index_dir: Path, queries: list[Query], load_seconds: float, threads: int,
               workdir: Path, expected: dict[str, int],
               server_args: list[str] | None = None) -> dict:
    server = Server(index_dir, workdir / "server.log", server_args)
    try:
        ready_s = server.wait_ready()
        procs = server.processes()
        client = Client(server.port)
        mismatches: list[str] = []

        def once(q: Query) -> None:
            status, body = client.get(_path(q))
            if status != 200:
                raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
            total = json.loads(body).get("total")
            want = expected.get(q.label())
            if want is not None and total != want:
                mismatches.append(f"{q.label()}: HTTP total {total}, in process {want}")

        cold, errors = time_queries(once, queries)
        mismatches.clear()
        warm, _ = time_queries(once, queries)
        client.close()

        # Closed loop: each thread sends its next request when the last one answered.
        latencies: list[list[float]] = [[] for _ in range(threads)]
        failures = [0] * threads
        reasons: Counter[str] = Counter()
        stop = threading.Event()
        paths = [_path(q) for q in queries]

        def worker(t: int) -> None:
            c = Client(server.port)
            i = t * len(paths) // threads
            while not stop.is_set():
                path = paths[i % len(paths)]
                i += 1
                t0 = time.perf_counter()
                try:
                    status, _body = c.get(path)
                    ok = status == 200
                    why = f"HTTP {status}"
                except (OSError, http.client.HTTPException) as exc:
                    ok, why = False, type(exc).__name__
                if ok:
                    latencies[t].append((time.perf_counter() - t0) * 1000)
                else:
                    failures[t] += 1
                    reasons[why] += 1
            c.close()

        cpu0 = server.cpu_s()
        pool = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
        t0 = time.perf_counter()
        for th in pool:
            th.start()
        time.sleep(load_seconds)
        stop.set()
        for th in pool:
            th.join(60)
        elapsed = time.perf_counter() - t0
        cpu1 = server.cpu_s()
        done = [ms for per in latencies for ms in per]
        requests = len(done) + sum(failures)
        load = {"threads": threads, "seconds": elapsed, "requests": requests,
                "errors": sum(failures), "error_kinds": dict(reasons),
                "rps": ratio(len(done), elapsed),
                **{k: v for k, v in percentiles(done).items() if k != "n"}}
        if cpu0 is not None and cpu1 is not None and requests:
            load["server_cpu_ms_per_request"] = 1000 * (cpu1 - cpu0) / requests
            load["server_cpu_cores_busy"] = (cpu1 - cpu0) / elapsed
        peak = server.peak_mb()
    finally:
        server.stop()
    log_lines = server.log_path.read_text(errors="replace").splitlines()
    notable = [ln for ln in log_lines if any(w in ln for w in ("ERROR", "CRITICAL", "WARNING",
                                                               "Traceback", "TIMEOUT"))]
    return {"ready_s": ready_s, "cold": percentiles(cold), "warm": percentiles(warm),
            "errors": errors, "mismatches": mismatches, "load": load, "server_peak_mb": peak,
            "server_processes": procs, "server_args": server_args or [],
            "server_log": notable[:20]}


# --------------------------------------------------------------------------- all


def run(index_dir: Path, n_queries: int = 100, passes: int = 3, load_seconds: float = 15.0,
        threads: int = 8, http: bool = True, seed: int = 1,
        workdir: Path | None = None, server_args: list[str] | None = None) -> dict:
    """Every search figure for one index."""
    docs = read_documents(index_dir)
    queries = make_queries(docs, n_queries, seed)
    log(f"search_bench: {len(docs)} documents, {len(queries)} queries")
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        workdir = Path(tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        inproc, fts = bench_local(index_dir, docs, queries, passes, workdir)
        log(f"  in process: warm p50 {inproc['warm']['p50']:.1f} ms; "
            f"FTS5: warm p50 {fts['warm']['p50']:.2f} ms")
        web = None
        if http:
            web = bench_http(index_dir, queries, load_seconds, threads, workdir,
                             inproc["totals"], server_args)
            log(f"  HTTP: warm p50 {web['warm']['p50']:.1f} ms, "
                f"{web['load']['rps']:.0f} requests/s under load")
    finally:
        if tmp is not None:
            tmp.cleanup()
    kinds = Counter(q.kind for q in queries)
    result = {
        "documents": len(docs), "queries": len(queries), "kinds": dict(sorted(kinds.items())),
        "passes": passes, "inproc": inproc, "http": web, "fts5": fts,
        "ratios": {
            "inproc_p50": ratio(inproc["warm"]["p50"], fts["warm"]["p50"]),
            "inproc_p95": ratio(inproc["warm"]["p95"], fts["warm"]["p95"]),
            "cold_p50": ratio(inproc["cold"]["p50"], fts["cold"]["p50"]),
        },
        "query_list": [q.label() for q in queries],
    }
    if web:
        result["ratios"]["http_p50"] = ratio(web["warm"]["p50"], fts["warm"]["p50"])
        result["ratios"]["http_p95"] = ratio(web["warm"]["p95"], fts["warm"]["p95"])
    inproc.pop("totals", None)
    return result


def report(r: dict) -> str:
    def row(name: str, p: dict) -> str:
        return (f"  {name:<28} p50 {p['p50']:8.2f}  p95 {p['p95']:8.2f}  max {p['max']:8.2f} ms"
                f"  (n={p['n']})")

    lines = [f"machine: {machine()}",
             f"{r['documents']} documents, {r['queries']} queries "
             f"({', '.join(f'{k} {v}' for k, v in r['kinds'].items())})", ""]
    ip, fts, web = r["inproc"], r["fts5"], r["http"]
    lines.append(row("in process, cold pass", ip["cold"]))
    lines.append(row(f"in process, warm x{r['passes']}", ip["warm"]))
    if web:
        lines.append(row("HTTP sequential, cold", web["cold"]))
        lines.append(row("HTTP sequential, warm", web["warm"]))
        ld = web["load"]
        lines.append(f"  HTTP load, {ld['threads']} threads, {ld['seconds']:.0f}s: "
                     f"{ld['rps']:.1f} requests/s, p50 {ld['p50']:.1f} ms, p95 {ld['p95']:.1f}"
                     f" ms, {ld['errors']} errors of {ld['requests']}"
                     + (f" {ld['error_kinds']}" if ld["errors"] else ""))
        if "server_cpu_ms_per_request" in ld:
            lines.append(f"  server: {ld['server_cpu_ms_per_request']:.1f} CPU-ms per request, "
                         f"{ld['server_cpu_cores_busy']:.2f} cores busy; "
                         f"{web['server_processes']} processes, peak RSS "
                         f"{web['server_peak_mb'] or 0:.0f} MB in all; ready in "
                         f"{web['ready_s']:.1f}s")
    lines.append(row("FTS5, cold pass", fts["cold"]))
    lines.append(row(f"FTS5, warm x{r['passes']}", fts["warm"]))
    lines.append("")
    lines.append("  by kind (warm p50 ms):   project      FTS5    ratio")
    for kind, p in ip["by_kind"].items():
        f = fts["by_kind"].get(kind, {"p50": float("nan")})
        lines.append(f"    {kind:<20} {p['p50']:10.2f} {f['p50']:9.2f} "
                     f"{ratio(p['p50'], f['p50']):8.1f}")
    lines.append("")
    rt = r["ratios"]
    lines.append("  ratios project / FTS5: in process p50 x{:.1f}, p95 x{:.1f}; cold p50 x{:.1f}"
                 .format(rt["inproc_p50"], rt["inproc_p95"], rt["cold_p50"]))
    if web:
        lines.append(f"                         HTTP p50 x{rt['http_p50']:.1f}, "
                     f"p95 x{rt['http_p95']:.1f}")
    errs = ip["errors"] + fts["errors"] + (web["errors"] + web["mismatches"] if web else [])
    for e in errs[:10]:
        lines.append(f"  ERROR {e}")
    if web and web["server_log"]:
        lines.append(f"  server log ({len(web['server_log'])} notable lines, first ones):")
        lines += [f"    {ln[:200]}" for ln in web["server_log"][:5]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search_bench", description=__doc__.split("\n\n")[0],
        epilog="See bench/README.md for what each figure means.")
    parser.add_argument("--index", required=True, type=Path, help="a built index directory")
    parser.add_argument("--queries", type=int, default=100, help="about this many (default 100)")
    parser.add_argument("--passes", type=int, default=3,
                        help="warm passes over the queries (default: 3)")
    parser.add_argument("--load-seconds", type=float, default=15.0,
                        help="length of the HTTP load test (default: 15)")
    parser.add_argument("--threads", type=int, default=8,
                        help="client threads of the load test (default: 8)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP server runs")
    parser.add_argument("--server-args", default="",
                        help="extra arguments for `python -m web`, e.g. '--workers 1' "
                        "(default: none, the server's own defaults)")
    parser.add_argument("--seed", type=int, default=1, help="query generator seed (default: 1)")
    parser.add_argument("--list", action="store_true", help="print the queries and stop")
    parser.add_argument("--workdir", type=Path,
                        help="keep the FTS5 database and the server's log here "
                        "(default: a temporary directory)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)

    if args.list:
        for q in make_queries(read_documents(args.index), args.queries, args.seed):
            print(f"{q.kind:<14} {q.label()}")
        return 0
    result = run(args.index, args.queries, args.passes, args.load_seconds, args.threads,
                 not args.no_http, args.seed, args.workdir, args.server_args.split())
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
