"""Page files under the raw folder: which ones are candidates, and which cannot be read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import settings


@dataclass(frozen=True, slots=True)
class FileStat:
    """A candidate page under raw/."""

    path: str  # relative to raw/, with forward slashes
    abspath: str
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file under raw/ that cannot be read as a page, and why."""

    path: str
    reason: str


def scan(raw_dir: Path, max_bytes: int = settings.MAX_FILE_BYTES
         ) -> tuple[list[FileStat], list[Unreadable]]:
    """Every page file under raw_dir, and the files that cannot be read as pages.

    JSON Lines files of article records (settings.RECORD_SUFFIXES) are picked up too; the
    size limit applies to each of their lines when they are read, not to the file.
    """
    root = raw_dir.resolve()
    found: list[FileStat] = []
    skips: list[Unreadable] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(settings.PAGE_SUFFIXES):
                continue
            abspath = os.path.join(dirpath, name)
            rel = os.path.relpath(abspath, root).replace(os.sep, "/")
            records = name.lower().endswith(settings.RECORD_SUFFIXES)
            skip = _check_file(root, abspath, None if records else max_bytes)
            if skip:
                skips.append(Unreadable(rel, skip))
                continue
            st = os.stat(abspath)
            found.append(FileStat(rel, abspath, st.st_mtime_ns, st.st_size))
    return found, skips


def _check_file(root: Path, abspath: str, max_bytes: int | None) -> str | None:
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
    if max_bytes is not None and st.st_size > max_bytes:
        return f"over the size limit ({max_bytes} bytes)"
    if not os.access(real, os.R_OK):
        return "unreadable: permission denied"
    return None
