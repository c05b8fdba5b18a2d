"""What the last builds saw of each file: stat, content hash, document key, status.

Kept in SQLite beside the index so that an unchanged file costs a stat and a look-up,
and so that every batch's bookkeeping commits atomically after the index commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

FILENAME = "manifest.sqlite"

# A file's status after a build.
INDEXED = "indexed"  # its article is the document for its key
DUPLICATE = "duplicate"  # same key as a newer scrape, which is the one indexed
SKIPPED = "skipped"  # unreadable or not an article; `reason` says why
# A JSON Lines or WARC file, read to its end; each of its records has a row
# "<path>#<line>" or "<path>#<offset>".
CONTAINER = "container"
# A WARC record that is not a page (a request, a revisit, an image, an HTTP error).
NOT_PAGE = "not-page"


@dataclass(frozen=True, slots=True)
class Row:
    """One file's entry."""

    path: str
    mtime_ns: int
    size: int
    content_hash: str
    key: str
    status: str
    reason: str = ""


class Manifest:
    """The table of files, opened on an index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(index_dir / FILENAME)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER,"
            " size INTEGER, content_hash TEXT, key TEXT, status TEXT, reason TEXT)"
        )
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS builds (id INTEGER PRIMARY KEY, finished TEXT,"
            " summary TEXT)"
        )
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self.db.commit()

    def get_meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def load(self) -> dict[str, Row]:
        """Every file's row, by path."""
        cursor = self.db.execute(
            "SELECT path, mtime_ns, size, content_hash, key, status, reason FROM files"
        )
        return {r[0]: Row(*r) for r in cursor}

    def apply(self, upserts: Iterable[Row], deletes: Iterable[str] = (),
              meta: dict[str, str] | None = None,
              also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Write rows, drop paths and set meta values in one transaction, with what `also`
        writes (the story state of the same batch)."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                (meta or {}).items())
            self.db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in deletes))
            self._write(upserts, also)

    def replace_all(self, rows: Iterable[Row],
                    also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Forget every file and write these rows (and what `also` writes), in one
        transaction."""
        with self.db:
            self.db.execute("DELETE FROM files")
            self._write(rows, also)

    def _write(self, rows: Iterable[Row],
               also: Callable[[sqlite3.Connection], None] | None) -> None:
        """Rows and what `also` writes, within the caller's transaction."""
        self.db.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((r.path, r.mtime_ns, r.size, r.content_hash, r.key, r.status, r.reason)
             for r in rows),
        )
        if also is not None:
            also(self.db)

    def record_build(self, finished: str, summary: str) -> None:
        with self.db:
            self.db.execute("INSERT INTO builds (finished, summary) VALUES (?, ?)",
                            (finished, summary))

    def last_build(self) -> tuple[str, str] | None:
        """(finished ISO time, summary JSON) of the last completed build."""
        row = self.db.execute(
            "SELECT finished, summary FROM builds ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else None

    def close(self) -> None:
        self.db.close()
