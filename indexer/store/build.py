"""Keep the index in step with raw/: add, update, remove; skip and report bad files.

A build walks raw/, compares each file's stat with the manifest (unchanged files cost a
stat and a look-up), extracts new and changed pages on every core, keeps one document
per key (the newest scrape of a canonical URL wins), and commits the index in batches.
Each batch's manifest rows are written after its index commit, and every index write is
an idempotent update by key, so a build killed at any moment leaves the last committed
index readable and the next build finishes the job.
"""

from __future__ import annotations

import copy
import ctypes
import datetime as dt
import itertools
import json
import logging
import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.filedb.filestore import FileStorage

from .. import settings
from ..article import Article
from ..extraction.extract import ExtractError, content_hash, extract
from ..sources.files import FileStat, scan
from .lock import BuildLock
from .manifest import DUPLICATE, INDEXED, SKIPPED, Manifest, Row
from .schema import SCHEMA, document_key, fingerprint, to_fields

logger = logging.getLogger(__name__)

# Below this many pages a process pool costs more than it saves.
_PARALLEL_MIN = 64
# Pages per task sent to a worker, and tasks in flight per worker.
_CHUNK = 16
_CHUNKS_PER_WORKER = 4
_PR_SET_PDEATHSIG = 1  # prctl(2) option


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
        if self.duplicates:
            text += f", duplicates {self.duplicates}"
        return text + f"; {self.documents} documents in {self.seconds:.1f}s"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["skipped"] = [asdict(s) for s in self.skipped]
        return data


@dataclass(frozen=True, slots=True)
class _Extracted:
    """A worker's answer for one file."""

    stat: FileStat
    content_hash: str = ""
    article: Article | None = None
    error: str | None = None


def _extract_one(stat: FileStat, known_hash: str | None, max_bytes: int) -> _Extracted:
    """Read, hash and (when the bytes changed) extract one file; never raises."""
    try:
        with open(stat.abspath, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return _Extracted(stat, error=f"unreadable: {exc.strerror}")
    digest = content_hash(raw)
    if digest == known_hash:
        return _Extracted(stat, digest)
    try:
        return _Extracted(stat, digest, article=extract(raw, stat.path, digest, max_bytes))
    except ExtractError as exc:
        return _Extracted(stat, digest, error=str(exc))
    except Exception as exc:  # a heuristic bug must cost one page, not the build
        logger.exception("extraction failed on %s", stat.path)
        return _Extracted(stat, digest, error=f"extraction error: {type(exc).__name__}")


def _extract_chunk(jobs: list[tuple[FileStat, str | None, int]]) -> list[_Extracted]:
    return [_extract_one(*job) for job in jobs]


def _end_with_parent() -> None:
    """Make an extraction worker die with the build that started it, even on SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass
    if os.getppid() == 1:  # the build died before prctl took effect
        os._exit(0)


def extract_all(
    jobs: list[tuple[FileStat, str | None, int]], workers: int
) -> Iterator[_Extracted]:
    """Extract files on `workers` processes, yielding answers in order.

    At most a few chunks are in flight: extraction outruns the index writer, and results
    left waiting would hold whole articles in memory.
    """
    if workers <= 1 or len(jobs) < _PARALLEL_MIN:
        yield from (_extract_one(*job) for job in jobs)
        return
    chunks = iter([jobs[i:i + _CHUNK] for i in range(0, len(jobs), _CHUNK)])
    # Spawned, not forked, workers: a forked one would inherit the build lock and keep it
    # after the build is killed.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_end_with_parent) as pool:
        window = deque(pool.submit(_extract_chunk, c)
                       for c in itertools.islice(chunks, workers * _CHUNKS_PER_WORKER))
        while window:
            done = window.popleft().result()
            following = next(chunks, None)
            if following is not None:
                window.append(pool.submit(_extract_chunk, following))
            yield from done


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open the index for writing, creating an empty one if the directory holds none."""
    index_dir.mkdir(parents=True, exist_ok=True)
    # No mmap: merging reads whole segments, and mapped pages would count as the build's
    # memory; plain reads release them.
    storage = FileStorage(str(index_dir), supports_mmap=False)
    if whoosh_index.exists_in(str(index_dir)):
        return storage.open_index()
    return storage.create_index(SCHEMA)


def _row(stat: FileStat, digest: str, key: str, status: str, reason: str = "") -> Row:
    return Row(stat.path, stat.mtime_ns, stat.size, digest, key, status, reason)


def run(
    raw_dir: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    lock_wait: float = 0.0,
    commit_every: int = settings.COMMIT_EVERY,
    max_bytes: int = settings.MAX_FILE_BYTES,
    progress: Callable[[Iterable[_Extracted], int], Iterable[_Extracted]] | None = None,
) -> BuildSummary:
    """Bring the index in index_dir up to date with the pages in raw_dir."""
    started = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = BuildLock(index_dir)
    lock.acquire(wait=lock_wait)
    try:
        summary = _run_locked(raw_dir, index_dir, rebuild, workers or os.cpu_count() or 1,
                              commit_every, max_bytes, progress)
    finally:
        lock.release()
    summary.seconds = time.monotonic() - started
    return summary


def _run_locked(raw_dir, index_dir, rebuild, workers, commit_every, max_bytes,
                progress) -> BuildSummary:
    summary = BuildSummary()
    manifest = Manifest(index_dir)
    try:
        if not rebuild and manifest.get_meta("schema") != fingerprint():
            # A new schema (or a first build) cannot be patched in: re-extract everything.
            rebuild = whoosh_index.exists_in(str(index_dir))
        old = {} if rebuild else manifest.load()
        stats, scan_skips = scan(raw_dir, max_bytes)
        on_disk = {s.path: s for s in stats}
        ix = open_index(index_dir)
        indexed = {r.key for r in old.values() if r.status == INDEXED}
        # The manifest follows every commit; if it missed the last one (a kill in between),
        # it cannot say which keys the index holds: replace by key everywhere this time.
        trusted = manifest.get_meta("generation") == str(ix.latest_generation())
        writer = _BatchWriter(ix, manifest, rebuild, commit_every,
                              new_keys_are_new=trusted, indexed_keys=indexed)
        run = _Reconcile(old, writer, summary)
        for skip in scan_skips:
            run.skipped(Row(skip.path, 0, 0, "", "", SKIPPED, skip.reason))

        # Files whose stat matches the manifest are not read at all.
        jobs: list[tuple[FileStat, str | None, int]] = []
        for stat in stats:
            prev = old.get(stat.path)
            if prev and (prev.mtime_ns, prev.size) == (stat.mtime_ns, stat.size):
                run.unchanged(prev)
            else:
                jobs.append((stat, prev.content_hash if prev else None, max_bytes))

        results = extract_all(jobs, workers)
        if progress:
            results = progress(results, len(jobs))
        for res in results:
            run.extracted(res)

        # Keys whose document lost its file: the next newest scrape takes over, or it goes.
        for path in run.orphaned_winners():
            for res in extract_all([(on_disk[path], None, max_bytes)], 1):
                run.extracted(res, reread=True)
        run.delete_lost_keys()
        writer.finish(gone=[p for p in old if p not in run.rows])
        summary.duplicates = sum(r.status == DUPLICATE for r in run.rows.values())
        summary.documents = _doc_count(index_dir)
        manifest.record_build(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              json.dumps(summary.to_json()))
    finally:
        manifest.close()
    return summary


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

    def _compete(self, row: Row) -> bool:
        """Register a candidate for its key; True if it is now the winner."""
        current = self.best.get(row.key)
        if current is not None and current.path == row.path:
            return True
        if current is not None and (row.mtime_ns, row.path) < (current.mtime_ns, current.path):
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

    def unchanged(self, row: Row) -> None:
        if row.status == SKIPPED:
            self.skipped(row)
            return
        self.summary.unchanged += 1
        self.rows[row.path] = row
        self._compete(row)

    def extracted(self, res: _Extracted, reread: bool = False) -> None:
        prev = self.old.get(res.stat.path)
        if res.error:
            self.skipped(_row(res.stat, res.content_hash, "", SKIPPED, res.error))
            return
        if res.article is None and prev:  # same bytes under a new stat
            self.unchanged(_row(res.stat, res.content_hash, prev.key, prev.status,
                                prev.reason))
            self._set(self.rows[res.stat.path])
            return
        row = _row(res.stat, res.content_hash, document_key(res.article), INDEXED)
        if reread:
            self.summary.unchanged -= 1  # counted when it was first seen, unchanged
        if self._compete(row):
            self.rows[row.path] = row
            self.writer.put(res.article, row)
            if row.key not in self.written:
                self.written.add(row.key)
                if row.key in self.indexed:
                    self.summary.updated += 1
                else:
                    self.summary.added += 1

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
    """Index writes in committed batches; the manifest follows each commit.

    A rebuild uses one writer and commits once with CLEAR, so the old index serves until
    the new one is complete.
    """

    def __init__(self, ix: whoosh_index.Index, manifest: Manifest, rebuild: bool,
                 commit_every: int, new_keys_are_new: bool = False,
                 indexed_keys: set[str] | None = None) -> None:
        self.ix = ix
        # Keys that may be in the index already; any other key is added without the
        # look-up update_document makes in every segment (most of a first build's writes).
        self._maybe_indexed = None if not new_keys_are_new else set(indexed_keys or ())
        self.manifest = manifest
        self.rebuild = rebuild
        self.commit_every = commit_every
        self.batch: dict[str, Article] = {}  # key -> article; a newer scrape replaces
        self.rows: list[Row] = []  # manifest rows that go with the next commit
        self.deletes: list[str] = []
        self._writer: writing.IndexWriter | None = None
        self._in_writer: set[str] = set()  # keys added to the long rebuild writer
        self._fixups: dict[str, Article] = {}
        self._all_rows: dict[str, Row] = {}

    def put(self, article: Article, row: Row) -> None:
        self.batch[row.key] = article
        self.rows.append(row)
        if len(self.batch) >= self.commit_every:
            self.flush()

    def note(self, row: Row) -> None:
        self.rows.append(row)

    def delete(self, key: str) -> None:
        self.deletes.append(key)

    def flush(self, gone: list[str] = ()) -> None:
        if self.rebuild:
            if self._writer is None:
                self._writer = self.ix.writer(limitmb=128)
                _set_schema(self._writer)
            for key, article in self.batch.items():
                # update_document cannot replace what this same writer added: fix after.
                if key in self._in_writer:
                    self._fixups[key] = article
                else:
                    self._writer.add_document(**to_fields(article))
                    self._in_writer.add(key)
            self._all_rows.update((r.path, r) for r in self.rows)
        elif self.batch or self.deletes:
            writer = self.ix.writer(limitmb=128)
            for key in self.deletes:
                writer.delete_by_term("key", key)
            for key, article in self.batch.items():
                if self._maybe_indexed is None or key in self._maybe_indexed:
                    writer.update_document(**to_fields(article))
                else:
                    writer.add_document(**to_fields(article))
            writer.commit()
            if self._maybe_indexed is not None:
                self._maybe_indexed.update(self.batch)
            if self.manifest.get_meta("schema") is None:
                self.manifest.set_meta("schema", fingerprint())
        if not self.rebuild:
            self.manifest.apply(self.rows, gone,
                                meta={"generation": str(self.ix.latest_generation())})
        self.batch.clear()
        self.rows.clear()
        self.deletes.clear()

    def finish(self, gone: list[str]) -> None:
        self.flush(gone)
        if not self.rebuild:
            self._merge_if_fragmented()
            return
        if self._writer is None:
            self._writer = self.ix.writer()
            _set_schema(self._writer)
        self._writer.commit(mergetype=writing.CLEAR)
        if self._fixups:
            writer = self.ix.writer()
            for key, article in self._fixups.items():
                writer.delete_by_term("key", key)
                writer.add_document(**to_fields(article))
            writer.commit()
        self.manifest.replace_all(self._all_rows.values())
        self.manifest.set_meta("schema", fingerprint())
        self.manifest.set_meta("generation", str(self.ix.latest_generation()))

    def _merge_if_fragmented(self) -> None:
        """Merge segments when batch commits left many: every search visits each one."""
        with self.ix.reader() as reader:
            segments = len(reader.leaf_readers())
        if segments > settings.MAX_SEGMENTS:
            logger.info("merging %d segments", segments)
            self.ix.writer(limitmb=128).commit(optimize=True)
            self.manifest.set_meta("generation", str(self.ix.latest_generation()))


def _set_schema(writer: writing.IndexWriter) -> None:
    """Give the writer the current schema (committed with CLEAR, it replaces the old)."""
    writer.schema = copy.deepcopy(SCHEMA)


def _doc_count(index_dir: Path) -> int:
    ix = whoosh_index.open_dir(str(index_dir))
    return ix.doc_count()
