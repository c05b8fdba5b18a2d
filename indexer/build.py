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
import datetime as dt
import json
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing

from . import settings
from .article import Article
from .extract import ExtractError, content_hash, extract
from .lock import BuildLock
from .manifest import DUPLICATE, INDEXED, SKIPPED, Manifest, Row
from .schema import SCHEMA, document_key, fingerprint, to_fields

logger = logging.getLogger(__name__)

# Below this many pages a process pool costs more than it saves.
_PARALLEL_MIN = 64


@dataclass(frozen=True, slots=True)
class FileStat:
    """A candidate page under raw/."""

    path: str  # relative to raw/, with forward slashes
    abspath: str
    mtime_ns: int
    size: int


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


def scan(raw_dir: Path) -> tuple[list[FileStat], list[Skip]]:
    """Every page file under raw_dir, and the files that cannot be read as pages."""
    root = raw_dir.resolve()
    found: list[FileStat] = []
    skips: list[Skip] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(settings.PAGE_SUFFIXES):
                continue
            abspath = os.path.join(dirpath, name)
            rel = os.path.relpath(abspath, root).replace(os.sep, "/")
            skip = _check_file(root, abspath)
            if skip:
                skips.append(Skip(rel, skip))
                continue
            st = os.stat(abspath)
            found.append(FileStat(rel, abspath, st.st_mtime_ns, st.st_size))
    return found, skips


def _check_file(root: Path, abspath: str) -> str | None:
    """Why a file cannot be read as a page, or None."""
    try:
        real = Path(abspath).resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken link"
    if not real.is_relative_to(root):
        return "link points outside the raw directory"
    try:
        st = real.stat()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if not real.is_file():
        return "not a regular file"
    if st.st_size == 0:
        return "empty file"
    if st.st_size > settings.MAX_FILE_BYTES:
        return f"over the size limit ({settings.MAX_FILE_BYTES} bytes)"
    if not os.access(real, os.R_OK):
        return "unreadable: permission denied"
    return None


def _extract_one(stat: FileStat, known_hash: str | None) -> _Extracted:
    """Read, hash and (when the bytes changed) extract one file; never raises."""
    try:
        with open(stat.abspath, "rb") as fh:
            raw = fh.read(settings.MAX_FILE_BYTES + 1)
    except OSError as exc:
        return _Extracted(stat, error=f"unreadable: {exc.strerror}")
    digest = content_hash(raw)
    if digest == known_hash:
        return _Extracted(stat, digest)
    try:
        return _Extracted(stat, digest, article=extract(raw, stat.path))
    except ExtractError as exc:
        return _Extracted(stat, digest, error=str(exc))
    except Exception as exc:  # a heuristic bug must cost one page, not the build
        logger.exception("extraction failed on %s", stat.path)
        return _Extracted(stat, digest, error=f"extraction error: {type(exc).__name__}")


def _extract_star(job: tuple[FileStat, str | None]) -> _Extracted:
    return _extract_one(*job)


def extract_all(
    jobs: list[tuple[FileStat, str | None]], workers: int
) -> Iterator[_Extracted]:
    """Extract files on `workers` processes, yielding answers as they come."""
    if workers <= 1 or len(jobs) < _PARALLEL_MIN:
        yield from (_extract_one(*job) for job in jobs)
        return
    # Workers come from a fork server, not from this process: a forked worker would inherit
    # the build lock and hold it after this process is killed.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["indexer.extract"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_extract_star, jobs, chunksize=16)


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open the index, creating an empty one if the directory holds none."""
    index_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(index_dir)):
        return whoosh_index.open_dir(str(index_dir))
    return whoosh_index.create_in(str(index_dir), SCHEMA)


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
    progress: Callable[[Iterable[_Extracted], int], Iterable[_Extracted]] | None = None,
) -> BuildSummary:
    """Bring the index in index_dir up to date with the pages in raw_dir."""
    started = time.monotonic()
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = BuildLock(index_dir)
    lock.acquire(wait=lock_wait)
    try:
        summary = _run_locked(raw_dir, index_dir, rebuild, workers or os.cpu_count() or 1,
                              commit_every, progress)
    finally:
        lock.release()
    summary.seconds = time.monotonic() - started
    return summary


def _run_locked(raw_dir, index_dir, rebuild, workers, commit_every, progress) -> BuildSummary:
    summary = BuildSummary()
    manifest = Manifest(index_dir)
    try:
        if not rebuild and manifest.get_meta("schema") != fingerprint():
            # A new schema (or a first build) cannot be patched in: re-extract everything.
            rebuild = whoosh_index.exists_in(str(index_dir))
        old = {} if rebuild else manifest.load()
        stats, scan_skips = scan(raw_dir)
        on_disk = {s.path: s for s in stats}

        # Files whose stat matches the manifest are not read at all.
        jobs: list[tuple[FileStat, str | None]] = []
        rows: dict[str, Row] = {
            skip.path: Row(skip.path, 0, 0, "", "", SKIPPED, skip.reason) for skip in scan_skips
        }
        for stat in stats:
            prev = old.get(stat.path)
            if prev and (prev.mtime_ns, prev.size) == (stat.mtime_ns, stat.size):
                rows[stat.path] = prev
            else:
                jobs.append((stat, prev.content_hash if prev else None))

        results = extract_all(jobs, workers)
        if progress:
            results = progress(results, len(jobs))
        fresh: dict[str, Article] = {}
        for res in results:
            prev = old.get(res.stat.path)
            if res.error:
                rows[res.stat.path] = _row(res.stat, res.content_hash, "", SKIPPED, res.error)
            elif res.article is None and prev:  # same bytes, new stat
                rows[res.stat.path] = _row(res.stat, res.content_hash, prev.key, prev.status,
                                           prev.reason)
            else:
                fresh[res.stat.path] = res.article
                rows[res.stat.path] = _row(res.stat, res.content_hash,
                                           document_key(res.article), INDEXED)

        for row in rows.values():
            if row.status == SKIPPED:
                summary.skipped.append(Skip(row.path, row.reason))

        # One document per key: the newest scrape wins.
        winners: dict[str, str] = {}
        for row in rows.values():
            if row.status == SKIPPED:
                continue
            best = winners.get(row.key)
            if best is None or (row.mtime_ns, row.path) > (rows[best].mtime_ns, best):
                winners[row.key] = row.path
        for path, row in rows.items():
            if row.status != SKIPPED:
                status = INDEXED if winners[row.key] == path else DUPLICATE
                if status != row.status:
                    rows[path] = replace(row, status=status)
        summary.duplicates = sum(r.status == DUPLICATE for r in rows.values())

        # What the index holds now, by key (as the manifest knows it) and what it should.
        current = {r.key: p for p, r in old.items() if r.status == INDEXED}
        to_delete = sorted(k for k in current if k not in winners)
        to_write: list[str] = []  # paths whose article must be (re)written
        for key, path in winners.items():
            if path in fresh or current.get(key) != path:
                to_write.append(path)
                if key in current:
                    summary.updated += 1
                else:
                    summary.added += 1
        summary.removed = len(to_delete)
        summary.unchanged = sum(
            1 for p in on_disk if p in rows and p not in fresh and rows[p].status != SKIPPED
            and p not in to_write
        )

        # A winner not extracted in this run (it was a duplicate before) is read again.
        missing = [p for p in to_write if p not in fresh]
        for res in extract_all([(on_disk[p], None) for p in missing], workers):
            if res.article is not None:
                fresh[res.stat.path] = res.article
            else:
                rows[res.stat.path] = _row(res.stat, res.content_hash, "", SKIPPED,
                                           res.error or "unreadable")
                summary.skipped.append(Skip(res.stat.path, rows[res.stat.path].reason))
                to_write.remove(res.stat.path)

        gone = [p for p in old if p not in rows]  # deleted, or now refused by the scan
        _write_index(index_dir, manifest, rebuild, to_delete, to_write, fresh, rows, gone,
                     commit_every)
        summary.documents = _doc_count(index_dir)
        manifest.record_build(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                              json.dumps(summary.to_json()))
    finally:
        manifest.close()
    return summary


def _write_index(index_dir, manifest, rebuild, to_delete, to_write, fresh, rows, gone,
                 commit_every) -> None:
    """Delete and write documents in committed batches, manifest rows after each commit."""
    ix = open_index(index_dir)
    pending_paths = set(to_write)
    untouched = [r for p, r in rows.items() if p not in pending_paths]
    if rebuild:
        # One writer for everything: until its commit the previous index stays live.
        writer = ix.writer(limitmb=256)
        _set_schema(writer)
        for path in to_write:
            writer.add_document(**to_fields(fresh[path]))
        writer.commit(mergetype=writing.CLEAR)
        manifest.replace_all(rows.values())
        manifest.set_meta("schema", fingerprint())
        return
    if to_delete:
        writer = ix.writer(limitmb=256)
        for key in to_delete:
            writer.delete_by_term("key", key)
        writer.commit()
    # Bookkeeping that needs no index change (skips, duplicates, refreshed stats).
    manifest.apply(untouched, gone)
    if manifest.get_meta("schema") is None:
        manifest.set_meta("schema", fingerprint())
    for start in range(0, len(to_write), commit_every):
        batch = to_write[start:start + commit_every]
        writer = ix.writer(limitmb=256)
        for path in batch:
            writer.update_document(**to_fields(fresh[path]))
        writer.commit()
        manifest.apply(rows[p] for p in batch)


def _set_schema(writer: writing.IndexWriter) -> None:
    """Give the writer the current schema (committed with CLEAR, it replaces the old)."""
    writer.schema = copy.deepcopy(SCHEMA)


def _doc_count(index_dir: Path) -> int:
    ix = whoosh_index.open_dir(str(index_dir))
    return ix.doc_count()
