"""Keep the index in step with raw/: add, update, remove; skip and report bad files.

A build walks raw/, compares each file's stat with the manifest (unchanged files cost a
stat and a look-up), extracts new and changed pages on every core, keeps one document
per key (the newest scrape of a canonical URL wins), routes each document to the shard
its key names, and commits every shard in batches. Each batch's manifest rows are written
after every shard committed it, and every index write is an idempotent update by key, so
a build killed at any moment leaves each shard readable at its last commit and the next
build finishes the job. A rebuild writes a new set of shards and switches to it at the end.

A file named as no page (what crawlers leave: `story.html?id=4602`, `index.html.1`) is
sniffed here when its stat is new: a page if its first bytes are HTML, else a row of its
own, not a page, with its kind; the row's stat keeps the verdict for the next builds.

A JSON Lines file of article records is a container: each line is a record of its own, with
the path "<file>#<line>", its own content hash and its own manifest row, plus one row for
the file itself (status CONTAINER, or SKIPPED when it cannot be read to its end), written
with the build's last commit, when its lines' rows are complete (new, changed and gone).
That row's stat is what makes an unchanged file cost a stat: then every line row is
unchanged without opening the file. A changed file is read as a stream in this process,
each line hashed; lines with their known hash are not mapped again, the others are mapped
to articles on the worker processes, a few chunks at a time.

A WARC file is a container too, of records "<file>#<offset>": each HTML response record is
a page, extracted on a worker; the other records (requests, revisits, metadata, non-HTML
and error responses) have rows of their own, counted as not pages. A record's row carries
its capture time as its mtime, so the newest capture of an article wins. A WARC that grew
is read from the last record read before (the container row's hash says which, with a
digest of the bytes before it), so a crawl still writing costs only what it appended.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import multiprocessing
import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .. import settings
from ..article import Article
from ..extraction.extract import ExtractError, NotAnArticle, content_hash, extract
from ..sources import articles, warc
from ..sources.containers import is_container, is_warc, record_path, split_record_path
from ..sources.files import FileStat, PageError, is_gzip_page, read_page, scan, sniff_file
from . import shards, stories
from .cluster import Cluster, check_shared
from .lock import BuildLock
from .manifest import CONTAINER, DUPLICATE, INDEXED, NOT_PAGE, SKIPPED, Manifest, Row
from .schema import document_key, fingerprint, to_fields
from .writers import ShardIndexer, ShardWriters, end_with_parent

logger = logging.getLogger(__name__)

# Below this many pages a process pool costs more than it saves.
_PARALLEL_MIN = 64
# Pages per task sent to a worker, and tasks in flight per worker. A cluster's task costs
# its scheduler and its client far more than a local process pool's: it gets more pages.
_CHUNK = 16
_CLUSTER_CHUNK = 64
_CHUNKS_PER_WORKER = 4
# Answers known without a worker (unchanged lines of a changed JSON Lines file) kept in one
# slot of the window at most: they wait there for the tasks before them.
_READY_PER_SLOT = 4096
# Bytes of a JSON Lines file (and of a WARC file) counted as one page of work, to choose
# processes before the file is read.
_RECORD_BYTES = 2048
_WARC_RECORD_BYTES = 8192


class LayoutError(ValueError):
    """A build asked for a shard count the index was not created with."""


@dataclass(frozen=True, slots=True)
class Skip:
    """A file the build could not index, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class BuildSummary:
    """What a build did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    # Records of WARC files and files under raw/ that are not pages, by reason
    # ("request record": 40, "image": 3)
    not_pages: dict[str, int] = field(default_factory=dict)
    # The files among them, each with its reason ("sitemap.xml": "not HTML: sitemap")
    not_page_files: list[Skip] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """The one-line summary printed at the end of a build."""
        text = (
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}"
        )
        if self.skipped:
            reasons = Counter(s.reason for s in self.skipped)
            text += " (" + "; ".join(f"{n} {r}" for r, n in reasons.most_common()) + ")"
        if self.not_pages:
            counts = sorted(self.not_pages.items(), key=lambda item: (-item[1], item[0]))
            text += (f", not pages {sum(self.not_pages.values())} ("
                     + "; ".join(f"{n} {r}" for r, n in counts) + ")")
        if self.duplicates:
            text += f", duplicates {self.duplicates}"
        return text + f"; {self.documents} documents in {self.seconds:.1f}s"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["skipped"] = [asdict(s) for s in self.skipped]
        data["not_page_files"] = [asdict(s) for s in self.not_page_files]
        return data


@dataclass(frozen=True, slots=True)
class _Extracted:
    """A worker's answer for one file, or one record of a container (its stat's path is the
    record's, "<file>#<number>"); `container`: the answer for a container file itself,
    after all of its records (error: why it could not be read to the end; content_hash:
    where a WARC can be read on from); `not_page`: why a record or file is no page, or no
    article (a home page, a listing)."""

    stat: FileStat
    content_hash: str = ""
    article: Article | None = None
    error: str | None = None
    container: bool = False
    not_page: str | None = None
    signature: bytes | None = None  # of the article's text, for its story (stories.py)


@dataclass(frozen=True, slots=True)
class _Records:
    """A container file to read: the record hashes the manifest knows, the records wanted."""

    stat: FileStat
    known: dict[int, str]  # line number (WARC: offset) -> content hash of its row
    max_bytes: int  # per record
    only: frozenset[int] | None = None  # these records only, mapped again (orphaned winners)
    start: int = 0  # a grown WARC: the offset to read on from


# A page (stat, known hash, size limit) or a JSON Lines file.
_Job = tuple[FileStat, str | None, int] | _Records


def _extract_one(stat: FileStat, known_hash: str | None, max_bytes: int) -> _Extracted:
    """Read, hash and (when the bytes changed) extract one file; never raises."""
    try:
        raw = read_page(stat.abspath, max_bytes, gzipped=is_gzip_page(stat.path))
    except PageError as exc:
        return _Extracted(stat, error=str(exc))
    digest = content_hash(raw)
    if digest == known_hash:
        return _Extracted(stat, digest)
    try:
        return _Extracted(stat, digest, article=extract(raw, stat.path, digest, max_bytes))
    except NotAnArticle as exc:
        return _Extracted(stat, digest, not_page=str(exc))
    except ExtractError as exc:
        return _Extracted(stat, digest, error=str(exc))
    except Exception as exc:  # a heuristic bug must cost one page, not the build
        logger.exception("extraction failed on %s", stat.path)
        return _Extracted(stat, digest, error=f"extraction error: {type(exc).__name__}")


def _map_record(stat: FileStat, data: bytes, digest: str) -> _Extracted:
    """Map one line of a JSON Lines file to its article; never raises."""
    try:
        return _Extracted(stat, digest, article=articles.article_from_line(data, stat.path,
                                                                           digest))
    except articles.RecordError as exc:
        return _Extracted(stat, digest, error=str(exc))
    except Exception as exc:  # a heuristic bug must cost one record, not the build
        logger.exception("mapping failed on %s", stat.path)
        return _Extracted(stat, digest, error=f"mapping error: {type(exc).__name__}")


def _map_capture(stat: FileStat, record: warc.PageRecord, max_bytes: int) -> _Extracted:
    """Extract the page of one WARC response record; never raises."""
    try:
        return _Extracted(stat, record.digest,
                          article=warc.page_article(record, stat.path, max_bytes))
    except (warc.NotAPage, NotAnArticle) as exc:
        return _Extracted(stat, record.digest, not_page=str(exc))
    except ExtractError as exc:
        return _Extracted(stat, record.digest, error=str(exc))
    except Exception as exc:  # a heuristic bug must cost one record, not the build
        logger.exception("extraction failed on %s", stat.path)
        return _Extracted(stat, record.digest, error=f"extraction error: {type(exc).__name__}")


# A task for a worker: a function of this module and its arguments.
_Task = tuple[Callable[..., _Extracted], tuple]


def _run_tasks(tasks: list[_Task], signatures: bool = True) -> list[_Extracted]:
    return [_signed(function(*args), signatures) for function, args in tasks]


def _signed(res: _Extracted, signatures: bool) -> _Extracted:
    """An answer with its article's story signature, made where it was extracted (on the
    worker processes: the main process assigns stories, one article after the other)."""
    if not signatures or res.article is None:
        return res
    return replace(res, signature=stories.signature(res.article.body))


def _record_units(job: _Records) -> Iterator[_Extracted | _Task]:
    """A JSON Lines file, streamed: answers known here (unchanged or oversized lines) and
    tasks for the lines to map, in line order, then the answer for the file itself."""
    stat, error, lines = job.stat, None, 0
    try:
        for line in articles.read_lines(stat.abspath, job.max_bytes):
            if job.only is not None and line.number not in job.only:
                continue
            lines += 1
            record = replace(stat, path=record_path(stat.path, line.number))
            if line.data is None:
                yield _Extracted(record, line.digest,
                                 error=f"line over the size limit ({job.max_bytes} bytes)")
            elif job.known.get(line.number) == line.digest:
                yield _Extracted(record, line.digest)  # same bytes: not mapped again
            else:
                yield (_map_record, (record, line.data, line.digest))
    except articles.ContainerError as exc:
        error = str(exc)
    if job.only is None:
        yield _Extracted(stat, error=error or (None if lines else "no article records"),
                         container=True)


def _warc_units(job: _Records) -> Iterator[_Extracted | _Task]:
    """A WARC file, streamed: answers known here (records that are not pages, pages with
    their known hash) and tasks for the pages to extract, in file order, then the answer
    for the file itself."""
    stat = job.stat
    reader = warc.WarcReader(stat.abspath, stat.path, job.start, job.max_bytes)
    for item in reader.records():
        if job.only is not None and item.offset not in job.only:
            continue
        path = record_path(stat.path, item.offset)
        if isinstance(item, warc.OtherRecord):
            yield _Extracted(replace(stat, path=path), not_page=item.reason)
            continue
        # the capture time orders captures of one article: the newest wins
        record = replace(stat, path=path, mtime_ns=item.captured_ns or stat.mtime_ns)
        if job.known.get(item.offset) == item.digest:
            yield _Extracted(record, item.digest)  # same record: not extracted again
        else:
            yield (_map_capture, (record, item, job.max_bytes))
    if job.only is None:
        error = reader.damage or (None if reader.count or job.start else "no WARC records")
        yield _Extracted(stat, reader.state, error=error, container=True)


def _units(jobs: Iterable[_Job]) -> Iterator[_Extracted | _Task]:
    for job in jobs:
        if isinstance(job, _Records) and is_warc(job.stat.path):
            yield from _warc_units(job)
        elif isinstance(job, _Records):
            yield from _record_units(job)
        else:
            yield (_extract_one, job)


def _work(jobs: list[_Job]) -> int:
    """Pages of work the jobs stand for, before container files are read."""
    return sum(max(1, (job.stat.size - job.start) // (
        _WARC_RECORD_BYTES if is_warc(job.stat.path) else _RECORD_BYTES))
        if isinstance(job, _Records) else 1 for job in jobs)


def _slots(units: Iterator[_Extracted | _Task], chunk: int = _CHUNK
           ) -> Iterator[list[_Extracted | _Task]]:
    """Units in runs of at most `chunk` tasks (and _READY_PER_SLOT known answers)."""
    slot: list[_Extracted | _Task] = []
    tasks = 0
    for unit in units:
        slot.append(unit)
        if not isinstance(unit, _Extracted):
            tasks += 1
        if tasks >= chunk or len(slot) >= _READY_PER_SLOT:
            yield slot
            slot, tasks = [], 0
    if slot:
        yield slot


def extract_all(jobs: list[_Job], workers: int, signatures: bool = True,
                executor: Executor | None = None) -> Iterator[_Extracted]:
    """Extract files (and map the lines of JSON Lines files) on `workers` processes, or as
    tasks of `executor` (a cluster's, with `workers` task slots), yielding answers in
    order; `signatures`: with each article's story signature.

    At most a few chunks are in flight: extraction outruns the index writer, and results
    left waiting would hold whole articles in memory. JSON Lines files are read here, one
    line at a time, as the window moves on.
    """
    if executor is None and (workers <= 1 or _work(jobs) < _PARALLEL_MIN):
        for unit in _units(jobs):
            yield unit if isinstance(unit, _Extracted) else _signed(unit[0](*unit[1]),
                                                                     signatures)
        return
    if executor is not None:
        yield from _windowed(_slots(_units(jobs), _CLUSTER_CHUNK), executor, workers,
                             signatures)
        return
    # Spawned, not forked, workers: a forked one would inherit the build lock and keep it
    # after the build is killed.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from _windowed(_slots(_units(jobs)), pool, workers, signatures)


def _windowed(slots: Iterator[list[_Extracted | _Task]], pool: Executor, workers: int,
              signatures: bool) -> Iterator[_Extracted]:
    """The answers of every slot, in order, with a few slots per worker in flight."""

    def submit(slot: list[_Extracted | _Task]):
        tasks = [u for u in slot if not isinstance(u, _Extracted)]
        return slot, pool.submit(_run_tasks, tasks, signatures) if tasks else None

    window = deque(submit(s) for s in itertools.islice(slots, workers * _CHUNKS_PER_WORKER))
    while window:
        slot, future = window.popleft()
        done = iter(future.result() if future is not None else ())
        following = next(slots, None)
        if following is not None:
            window.append(submit(following))
        for unit in slot:
            yield unit if isinstance(unit, _Extracted) else next(done)


def _row(stat: FileStat, digest: str, key: str, status: str, reason: str = "") -> Row:
    return Row(stat.path, stat.mtime_ns, stat.size, digest, key, status, reason)


def run(
    raw_dir: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    shard_count: int | None = None,
    workers: int | None = None,
    lock_wait: float = 0.0,
    commit_every: int = settings.COMMIT_EVERY,
    max_bytes: int = settings.MAX_FILE_BYTES,
    progress: Callable[[Iterable[_Extracted], int | None], Iterable[_Extracted]] | None = None,
    group_stories: bool = True,
    cluster: Cluster | None = None,
) -> BuildSummary:
    """Bring the index in index_dir up to date with the pages in raw_dir.

    `shard_count` applies when the index is created or rebuilt (None: one per core, or
    the count the index has); asking an existing index for another count without
    `rebuild` raises LayoutError. `group_stories=False` gives every article a story of
    its own and keeps no story state: what grouping costs is measured against it
    (bench/stories_bench.py), on an index thrown away after. `cluster`: extract and
    write on a Dask cluster's workers, which see raw_dir and index_dir at the same paths
    (else ClusterError).
    """
    started = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = BuildLock(index_dir)
    lock.acquire(wait=lock_wait)
    try:
        summary = _run_locked(raw_dir, index_dir, rebuild, shard_count,
                              workers or os.cpu_count() or 1, commit_every, max_bytes,
                              progress, group_stories, cluster)
    finally:
        lock.release()
    summary.seconds = time.monotonic() - started
    return summary


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which shards a build writes, and how."""

    layout: shards.Layout
    rebuild: bool  # a new set of shards, switched to at the end
    empty: bool  # the shards hold nothing yet: every key is new


def _plan(index_dir: Path, manifest: Manifest, rebuild: bool,
          shard_count: int | None) -> _Plan:
    current = shards.read_layout(index_dir) if shards.exists(index_dir) else None
    if current and shard_count and shard_count != current.count and not rebuild:
        raise LayoutError(f"the index has {current.count} shard(s); changing it to"
                          f" {shard_count} needs --rebuild")
    if current is not None and not rebuild and manifest.get_meta("schema") == fingerprint():
        return _Plan(current, rebuild=False, empty=False)
    count = shard_count or (current.count if current else shards.default_shard_count())
    layout = shards.new_layout(count)
    shards.create_shards(index_dir, layout)
    if current is not None:
        # A new schema cannot be patched in, and --rebuild re-extracts everything: the
        # old set serves until the new one is complete.
        return _Plan(layout, rebuild=True, empty=True)
    # A first build commits in batches, so that a kill keeps what was done.
    stories.create_tables(manifest.db)
    manifest.replace_all([], also=stories.clear)
    shards.write_layout(index_dir, layout)
    shards.remove_stale(index_dir)
    return _Plan(layout, rebuild=False, empty=True)


def _run_locked(raw_dir, index_dir, rebuild, shard_count, workers, commit_every, max_bytes,
                progress, group_stories, cluster) -> BuildSummary:
    summary = BuildSummary()
    if cluster is not None:
        check_shared(cluster.client, raw_dir, index_dir)
    manifest = Manifest(index_dir)
    try:
        plan = _plan(index_dir, manifest, rebuild, shard_count)
        old = {} if plan.rebuild else manifest.load()
        found = scan(raw_dir, max_bytes)
        stats = found.files
        on_disk = {s.path: s for s in stats}

        # Files whose stat matches the manifest are not read at all.
        unchanged: list[Row] = []
        decided: list[Row] = []  # files named as no page, sniffed now: not pages, or skips
        jobs: list[_Job] = []
        records = _records_by_file(old)
        # What the index holds from a folder that cannot be listed now stays as it is.
        for path, row in old.items():
            if any(_is_under(path, folder.path) for folder in found.unlisted):
                unchanged.append(row)
        for stat in stats:
            prev = old.get(stat.path)
            same = prev is not None and (prev.mtime_ns, prev.size) == (stat.mtime_ns, stat.size)
            if is_container(stat.path):
                lines = records.get(stat.path, {})
                if same and prev.status in (CONTAINER, SKIPPED):
                    unchanged.append(prev)
                    unchanged.extend(lines.values())
                    continue
                start = _resume_point(stat, prev)
                # records before the one read on from are as they were
                unchanged.extend(r for n, r in lines.items() if n < start)
                jobs.append(_Records(stat, {n: r.content_hash for n, r in lines.items()
                                            if n >= start}, max_bytes, start=start))
            elif same:
                unchanged.append(prev)  # a file sniffed before keeps its verdict
            elif stat.by_content and (row := _sniffed(stat, max_bytes)) is not None:
                decided.append(row)
            else:
                jobs.append((stat, prev.content_hash if prev else None, max_bytes))

        dirs = plan.layout.shard_dirs(index_dir)
        generations = [shards.open_shard(d).latest_generation() for d in dirs]
        # The manifest follows every commit; if it missed the last one (a kill in between),
        # it cannot say which keys the index holds: replace by key everywhere this time.
        trusted = plan.empty or manifest.get_meta("generations") == json.dumps(generations)
        indexed = {r.key for r in old.values() if r.status == INDEXED}
        # Shard processes pay off when there is work for them; small builds write here.
        parallel = plan.layout.count > 1 and workers > 1 and _work(jobs) >= _PARALLEL_MIN
        writers = (cluster.shard_writers(dirs) if cluster is not None
                   else ShardWriters(dirs, processes=parallel))
        assigner = (stories.Stories(manifest.db, rebuild=plan.rebuild) if group_stories
                    else None)
        writer = _BatchWriter(writers, manifest, plan, commit_every,
                              maybe_indexed=set(indexed) if trusted else None,
                              stories=assigner)
        try:
            run = _Reconcile(old, writer, summary)
            for skip in found.skips:
                run.skipped(Row(skip.path, 0, 0, "", "", SKIPPED, skip.reason))
            for folder in found.unlisted:
                summary.skipped.append(Skip(folder.path + "/", folder.reason))
            for row in unchanged:
                run.unchanged(row)
            for row in decided:
                run.unchanged(row)
            results = (extract_all(jobs, cluster.slots(), group_stories, cluster.executor())
                       if cluster is not None
                       else extract_all(jobs, workers, signatures=group_stories))
            if progress:
                # a JSON Lines file is as many answers as it has lines: unknown before
                records_jobs = any(isinstance(job, _Records) for job in jobs)
                results = progress(results, None if records_jobs else len(jobs))
            for res in results:
                run.extracted(res)
                writer.settle()

            # Keys whose document lost its file: the next newest scrape takes over, or it
            # goes.
            for res in extract_all(_reread_jobs(run.orphaned_winners(), on_disk, max_bytes),
                                   1, signatures=group_stories):
                run.extracted(res, reread=True)
            run.delete_lost_keys()
            run.record_containers()
            writer.finish(index_dir, gone=[p for p in old if p not in run.rows])
        except BaseException:
            writers.abort()
            raise
        summary.duplicates = sum(r.status == DUPLICATE for r in run.rows.values())
        summary.documents = document_count(index_dir)
        manifest.record_build(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              json.dumps(summary.to_json()))
    finally:
        manifest.close()
    return summary


def _sniffed(stat: FileStat, max_bytes: int) -> Row | None:
    """A file named as no page, by its first bytes: None for a page (to extract), else its
    row: not a page, with its kind, or skipped when it cannot be read (stat 0: the next
    build tries again)."""
    try:
        reason = sniff_file(stat, max_bytes)
    except PageError as exc:
        return Row(stat.path, 0, 0, "", "", SKIPPED, str(exc))
    return None if reason is None else _row(stat, "", "", NOT_PAGE, reason)


def _resume_point(stat: FileStat, prev: Row | None) -> int:
    """Where to read a changed container from: a WARC that grew, from the last record read
    before; anything else from its start."""
    if prev is None or not prev.content_hash or not is_warc(stat.path):
        return 0
    return warc.resume_point(stat.abspath, prev.content_hash, stat.size) or 0


def _is_under(path: str, folder: str) -> bool:
    return folder in ("", ".") or path.startswith(folder + "/")


def _records_by_file(rows: dict[str, Row]) -> dict[str, dict[int, Row]]:
    """The rows of container records, by file path and record number."""
    found: dict[str, dict[int, Row]] = defaultdict(dict)
    for path, row in rows.items():
        if "#" in path and (where := split_record_path(path)):
            found[where[0]][where[1]] = row
    return found


def _reread_jobs(paths: list[str], on_disk: dict[str, FileStat], max_bytes: int
                 ) -> list[_Job]:
    """Jobs that extract these paths again: pages, and lines of JSON Lines files (each file
    read once for all its lines)."""
    jobs: list[_Job] = []
    lines: dict[str, set[int]] = defaultdict(set)
    for path in paths:
        if path in on_disk:
            jobs.append((on_disk[path], None, max_bytes))
        elif where := split_record_path(path):
            lines[where[0]].add(where[1])
    jobs.extend(_Records(on_disk[file], {}, max_bytes, only=frozenset(numbers))
                for file, numbers in lines.items())
    return jobs


def _newness(row: Row) -> tuple[int, str, int]:
    """Order of scrapes of one key: mtime (of a WARC record: its capture time), then path;
    records of one file by number (a later line is the newer record)."""
    where = split_record_path(row.path) if "#" in row.path else None
    return (row.mtime_ns, *where) if where else (row.mtime_ns, row.path, 0)


class _Reconcile:
    """Decides, file by file as extraction streams in, what the index must hold.

    One document per key: the newest scrape (mtime, then path) wins; the others are
    recorded as duplicates, and one of them takes over if the winner's file goes.
    """

    def __init__(self, old: dict[str, Row], writer: _BatchWriter, summary: BuildSummary) -> None:
        self.old = old
        self.writer = writer
        self.summary = summary
        self.rows: dict[str, Row] = {}
        self.best: dict[str, Row] = {}  # key -> the winning file's row
        self.indexed = {r.key: r.path for r in old.values() if r.status == INDEXED}
        self.written: set[str] = set()
        self.containers: list[Row] = []  # rows of JSON Lines files read, to note last

    def _compete(self, row: Row) -> bool:
        """Register a candidate for its key; True if it is now the winner."""
        current = self.best.get(row.key)
        if current is not None and current.path == row.path:
            return True
        if current is not None and _newness(row) < _newness(current):
            self._set(replace(row, status=DUPLICATE))
            return False
        if current is not None and current.path != row.path:
            self._set(replace(self.rows[current.path], status=DUPLICATE))
        self.best[row.key] = row
        return True

    def _set(self, row: Row) -> None:
        changed = self.rows.get(row.path) != row
        self.rows[row.path] = row
        if changed and self.old.get(row.path) != row:
            self.writer.note(row)

    def skipped(self, row: Row) -> None:
        self.rows[row.path] = row
        self.summary.skipped.append(Skip(row.path, row.reason))
        if self.old.get(row.path) != row:
            self.writer.note(row)

    def not_page(self, row: Row) -> None:
        self.rows[row.path] = row
        self.summary.not_pages[row.reason] = self.summary.not_pages.get(row.reason, 0) + 1
        if "#" not in row.path or split_record_path(row.path) is None:  # a file, not a record
            self.summary.not_page_files.append(Skip(row.path, row.reason))
        if self.old.get(row.path) != row:
            self.writer.note(row)

    def unchanged(self, row: Row) -> None:
        if row.status == SKIPPED:
            self.skipped(row)
            return
        if row.status == NOT_PAGE:
            self.not_page(row)
            return
        if row.status == CONTAINER:  # a JSON Lines file: its lines are the documents
            self.rows[row.path] = row
            return
        self.summary.unchanged += 1
        self.rows[row.path] = row
        self._compete(row)

    def extracted(self, res: _Extracted, reread: bool = False) -> None:
        prev = self.old.get(res.stat.path)
        if res.container:
            self._container(res)
            return
        if res.not_page:
            self.not_page(_row(res.stat, res.content_hash, "", NOT_PAGE, res.not_page))
            return
        if res.error:
            self.skipped(_row(res.stat, res.content_hash, "", SKIPPED, res.error))
            return
        if res.article is None and prev:  # same bytes under a new stat
            self.unchanged(_row(res.stat, res.content_hash, prev.key, prev.status,
                                prev.reason))
            # the new stat is recorded, or the file would be read again by every build
            row = self.rows[res.stat.path]
            if row.status != SKIPPED and self.old.get(row.path) != row:
                self.writer.note(row)
            return
        row = _row(res.stat, res.content_hash, document_key(res.article), INDEXED)
        if reread:
            self.summary.unchanged -= 1  # counted when it was first seen, unchanged
        if self._compete(row):
            self.rows[row.path] = row
            self.writer.put(res.article, row, res.signature)
            if row.key not in self.written:
                self.written.add(row.key)
                if row.key in self.indexed:
                    self.summary.updated += 1
                else:
                    self.summary.added += 1

    def _container(self, res: _Extracted) -> None:
        """A container file read to its end (or as far as it could be read)."""
        row = _row(res.stat, res.content_hash, "", SKIPPED if res.error else CONTAINER,
                   res.error or "")
        self.rows[row.path] = row
        if res.error:
            self.summary.skipped.append(Skip(row.path, row.reason))
        if self.old.get(row.path) != row:
            self.containers.append(row)

    def record_containers(self) -> None:
        """Note the rows of the JSON Lines files read, for the build's last commit: the one
        that drops the rows of their lines that are gone and deletes the keys lost. A
        file's row with its new stat says that its line rows are complete; before that
        commit they are not, and a build killed earlier reads the file again."""
        for row in self.containers:
            self.writer.note(row)
        self.containers.clear()

    def orphaned_winners(self) -> list[str]:
        """Winning files that are not indexed yet although unchanged (former duplicates)."""
        return [row.path for key, row in self.best.items()
                if key not in self.written and self.indexed.get(key) != row.path]

    def delete_lost_keys(self) -> None:
        for key in self.indexed:
            if key not in self.best:
                self.writer.delete(key)
                self.summary.removed += 1


class _BatchWriter:
    """Index writes in committed batches, routed to shards; the manifest follows commits.

    A rebuild writes new shards with one writer each and commits once at the end; the
    layout then switches to them, so the old set serves until the new one is complete.
    """

    def __init__(self, writers: ShardWriters, manifest: Manifest, plan: _Plan,
                 commit_every: int, maybe_indexed: set[str] | None,
                 stories: stories.Stories | None = None) -> None:
        self.writers = writers
        # Story assignment, before a document is routed to its shard; None: every article
        # a story of its own.
        self.stories = stories
        self.manifest = manifest
        self.plan = plan
        self.commit_every = commit_every
        # Keys that may be in the index already (None: any may be); any other key is added
        # without the look-up update_document makes in every segment.
        self._maybe_indexed = maybe_indexed
        # key -> (article, its story); a newer scrape replaces
        self.batch: dict[str, tuple[Article, str | None]] = {}
        self.rows: list[Row] = []  # manifest rows that go with the next commit
        self.deletes: list[str] = []
        # batch -> its manifest rows, paths gone and story changes
        self._waiting: dict[int, tuple[list[Row], list[str], list]] = {}
        self._in_writer: set[str] = set()  # keys added to a rebuild's writers
        self._fixups: dict[str, tuple[Article, str | None]] = {}
        self._all_rows: dict[str, Row] = {}

    def _shard(self, key: str) -> int:
        return shards.shard_of(key, self.plan.layout.count)

    def put(self, article: Article, row: Row, signature: bytes | None = None) -> None:
        story = self.stories.assign(row.key, signature) if self.stories else None
        self.batch[row.key] = (article, story)
        self.rows.append(row)
        if len(self.batch) >= self.commit_every:
            self.flush()

    def note(self, row: Row) -> None:
        self.rows.append(row)

    def settle(self) -> None:
        """Commit when rows alone fill a batch (a changed JSON Lines file of a million
        unchanged lines notes a million new stats). Called between two answers only: the
        rows one answer changes go with one commit."""
        if len(self.rows) >= self.commit_every:
            self.flush()

    def delete(self, key: str) -> None:
        self.deletes.append(key)
        if self.stories:
            self.stories.forget(key)

    def flush(self, gone: list[str] = ()) -> None:
        if self.plan.rebuild:
            for key, (article, story) in self.batch.items():
                # update_document cannot replace what this same writer added: fix after.
                if key in self._in_writer:
                    self._fixups[key] = (article, story)
                else:
                    self.writers.send(self._shard(key), "add", to_fields(article, story))
                    self._in_writer.add(key)
            self._all_rows.update((r.path, r) for r in self.rows)
            if self.stories:
                # A rebuild's story tables are its own until the switch: written as it goes.
                with self.manifest.db:
                    self.stories.write(self.manifest.db, self.stories.take())
        elif self.batch or self.deletes:
            for key in self.deletes:
                self.writers.send(self._shard(key), "delete", key)
            maybe = self._maybe_indexed
            for key, (article, story) in self.batch.items():
                op = "update" if maybe is None or key in maybe else "add"
                self.writers.send(self._shard(key), op, to_fields(article, story))
            if maybe is not None:
                maybe.update(self.batch)
            changes = self.stories.take() if self.stories else []
            self._waiting[self.writers.commit()] = (list(self.rows), list(gone), changes)
        elif self._waiting:
            # Rows with no index change still follow the commits before them.
            rows, pending_gone, _changes = self._waiting[max(self._waiting)]
            rows.extend(self.rows)
            pending_gone.extend(gone)
        else:
            self.manifest.apply(self.rows, gone)
        self._record(wait=False)
        self.batch.clear()
        self.rows.clear()
        self.deletes.clear()

    def _record(self, wait: bool) -> None:
        """Manifest rows of every batch that all shards have committed."""
        for batch, generations in self.writers.committed(wait=wait):
            rows, gone, changes = self._waiting.pop(batch)
            # The batch's story changes go in the manifest's transaction: both follow the
            # index commits, so a kill leaves them as the shards are.
            write_stories = ((lambda db, c=changes: self.stories.write(db, c))
                             if changes else None)
            self.manifest.apply(rows, gone, meta={"generations": json.dumps(generations),
                                                  "schema": fingerprint()},
                                also=write_stories)

    def finish(self, index_dir: Path, gone: list[str]) -> None:
        self.flush(gone)
        if not self.plan.rebuild:
            self._record(wait=True)
            generations = self.writers.close()  # merges fragmented shards
            self.manifest.set_meta("generations", json.dumps(generations))
            return
        generations = self.writers.close()
        if self._fixups:
            generations = self._apply_fixups(index_dir)
        shards.write_layout(index_dir, self.plan.layout)
        self.manifest.replace_all(self._all_rows.values(),
                                  also=self.stories.promote if self.stories else stories.clear)
        self.manifest.apply((), meta={"schema": fingerprint(),
                                      "generations": json.dumps(generations)})
        shards.remove_stale(index_dir)

    def _apply_fixups(self, index_dir: Path) -> list[int]:
        dirs = self.plan.layout.shard_dirs(index_dir)
        for number, shard_dir in enumerate(dirs):
            ops = [op for key, (article, story) in self._fixups.items()
                   if self._shard(key) == number
                   for op in (("delete", key), ("add", to_fields(article, story)))]
            if ops:
                shard = ShardIndexer(shard_dir)
                shard.apply(ops)
                shard.commit()
        return [shards.open_shard(d).latest_generation() for d in dirs]


def document_count(index_dir: Path) -> int:
    """Documents in every shard of the index."""
    layout = shards.read_layout(index_dir)
    if layout is None:
        return 0
    return sum(shards.open_shard(d).doc_count() for d in layout.shard_dirs(index_dir))
