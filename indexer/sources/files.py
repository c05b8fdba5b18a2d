"""Page files under the raw folder: which ones are candidates, which cannot be read, and
how one is opened safely.

A file is checked twice: when the folder is scanned (links that leave raw/, sizes, types)
and again when it is opened, because it can be swapped between the two. The open is of the
path the scan resolved, with O_NOFOLLOW (a link put in its place is refused) and
O_NONBLOCK (a FIFO put in its place does not hang the build), and what was opened must be
a regular file.

A file named as no page (`story.html?id=4602`, `index.html.1`, `.php`, no extension: what
crawlers leave) is a page when its first bytes are HTML; the build sniffs it only when its
stat is new, and anything else is a file that is not a page, with its kind as the reason.

File names are bytes to the file system. A name that is not UTF-8 is still read through
its real name; the path the index keeps is its display form, each undecodable byte as
`\\xNN`.
"""

from __future__ import annotations

import gzip
import os
import stat as st
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .. import settings
from . import sniff


@dataclass(frozen=True, slots=True)
class FileStat:
    """A candidate page under raw/."""

    path: str  # relative to raw/, with forward slashes; always valid UTF-8
    abspath: str  # the real file (links resolved), as the file system names it
    mtime_ns: int
    size: int
    # named as no page: a page only if its first bytes are HTML (see sniff_file)
    by_content: bool = False


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file or folder under raw/ that cannot be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Scan:
    """What a walk of raw/ found."""

    files: list[FileStat]
    skips: list[Unreadable]  # files that cannot be read as pages
    # Folders that could not be listed: what the index holds from them is kept.
    unlisted: list[Unreadable]


class PageError(ValueError):
    """A page file that cannot be read; the reason is the skip reason."""


class NotAPage(OSError):
    """What was opened is not a regular file (a FIFO, a device, a folder, a link)."""


def display_path(path: str) -> str:
    """`path` as valid UTF-8: bytes the file system gave that are not UTF-8 become \\xNN."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def scan(raw_dir: Path, max_bytes: int = settings.MAX_FILE_BYTES) -> Scan:
    """Every page file under raw_dir, the files that cannot be read as pages, and the
    folders that cannot be listed.

    Container files (JSON Lines of article records, WARC archives) are picked up too; the
    size limit applies to each of their records when they are read, not to the file. Every
    other file is a candidate by content (hidden files and folders are not part of a
    scrape and are passed over); its size limit is checked when it is sniffed as HTML.
    """
    root = raw_dir.resolve()
    found: list[FileStat] = []
    skips: list[Unreadable] = []
    unlisted: list[Unreadable] = []

    def unlistable(exc: OSError) -> None:
        rel = os.path.relpath(exc.filename, root).replace(os.sep, "/")
        unlisted.append(Unreadable(display_path(rel), f"unreadable folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            abspath = os.path.join(dirpath, name)
            rel = display_path(os.path.relpath(abspath, root).replace(os.sep, "/"))
            named = name.lower().endswith(settings.PAGE_SUFFIXES)
            records = name.lower().endswith(settings.CONTAINER_SUFFIXES)
            checked = _check_file(root, abspath, max_bytes if named and not records else None,
                                  empty_ok=not named)
            if isinstance(checked, str):
                skips.append(Unreadable(rel, checked))
            else:
                real, info = checked
                found.append(FileStat(rel, str(real), info.st_mtime_ns, info.st_size,
                                      by_content=not named))
    return Scan(found, skips, unlisted)


def _check_file(root: Path, abspath: str, max_bytes: int | None, empty_ok: bool = False
                ) -> str | tuple[Path, os.stat_result]:
    """Why a file cannot be read as a page, or its real path and stat (`empty_ok`: an empty
    file named as no page is not a page, said when it is sniffed)."""
    try:
        real = Path(abspath).resolve(strict=True)
    except FileNotFoundError:
        return "broken link" if os.path.islink(abspath) else "vanished during the build"
    except (OSError, RuntimeError):
        return "broken link"
    if not real.is_relative_to(root):
        return "link points outside the raw directory"
    try:
        info = real.stat()
    except FileNotFoundError:
        return "vanished during the build"
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    if not st.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size == 0 and not empty_ok:
        return "empty file"
    if max_bytes is not None and info.st_size > max_bytes:
        return f"over the size limit ({max_bytes} bytes)"
    if not os.access(real, os.R_OK):
        return "unreadable: permission denied"
    return real, info


def open_page(abspath: str) -> BinaryIO:
    """Open a scanned file for reading, refusing what was swapped in since the scan: a
    link (O_NOFOLLOW), and anything but a regular file (a FIFO opens without blocking,
    then is refused). Raises OSError; NotAPage for what is not a regular file."""
    try:
        fd = os.open(abspath, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == getattr(os, "ELOOP", 40):
            raise NotAPage(exc.errno, "replaced by a link during the build") from None
        raise
    try:
        if not st.S_ISREG(os.fstat(fd).st_mode):
            raise NotAPage(0, "not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def open_reason(exc: OSError) -> str:
    """The skip reason for a file that could not be opened or read."""
    if isinstance(exc, NotAPage):
        return exc.strerror
    if isinstance(exc, FileNotFoundError):
        return "vanished during the build"
    return f"unreadable: {exc.strerror or exc}"


def is_gzip_page(path: str) -> bool:
    """True for a page saved gzipped (by name)."""
    return path.lower().endswith(settings.GZIP_PAGE_SUFFIXES)


def read_page(abspath: str, max_bytes: int = settings.MAX_FILE_BYTES,
              gzipped: bool | None = None) -> bytes:
    """The bytes of a page file, gunzipped when it is a gzipped page (`gzipped`, by
    default its name) or its bytes are gzip (a crawler that saved a gzip-coded response as
    it came), at most max_bytes + 1 of them (more means over the limit); raises PageError
    with the reason."""
    try:
        with open_page(abspath) as fh:
            named = is_gzip_page(abspath) if gzipped is None else gzipped
            if not named and fh.peek(2)[:2] != sniff.GZIP_MAGIC:
                return fh.read(max_bytes + 1)
            with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
                raw = unzipped.read(max_bytes + 1)
    except gzip.BadGzipFile as exc:
        raise PageError(f"not a gzip file: {exc}") from None
    except EOFError:
        raise PageError("truncated gzip file") from None
    except zlib.error as exc:
        raise PageError(f"corrupt gzip data: {exc}") from None
    except OSError as exc:
        raise PageError(open_reason(exc)) from None
    if len(raw) > max_bytes:  # said here: extract would only see "file over N bytes"
        raise PageError(f"over the size limit when decompressed ({max_bytes} bytes)")
    return raw


# Compressed bytes read to sniff what a gzip file holds: enough for SNIFF_BYTES of it.
_GZIP_SNIFF_READ = 16 * 1024


def sniff_file(stat: FileStat, max_bytes: int = settings.MAX_FILE_BYTES) -> str | None:
    """Why a file named as no page is not a page (its kind: "image", "not HTML: sitemap",
    "compressed: zip"), or None when its first bytes are HTML (plain or gzipped). Raises
    PageError when it cannot be read, or is HTML over the size limit."""
    try:
        with open_page(stat.abspath) as fh:
            head = fh.read(sniff.SNIFF_BYTES)
            if head.startswith(sniff.GZIP_MAGIC):
                return _sniff_gzip(head + fh.read(_GZIP_SNIFF_READ))
    except OSError as exc:
        raise PageError(open_reason(exc)) from None
    if not head:
        return "empty file"
    if not sniff.looks_like_html(head):
        return sniff.not_page_reason(sniff.not_html_kind(head))
    if stat.size > max_bytes:
        raise PageError(f"over the size limit ({max_bytes} bytes)")
    return None


def _sniff_gzip(data: bytes) -> str | None:
    """None when a gzip file's start holds HTML, else what it holds ("compressed: ...")."""
    try:
        head = zlib.decompressobj(wbits=31).decompress(data, sniff.SNIFF_BYTES)
    except zlib.error:
        return "compressed: unknown format"
    if sniff.looks_like_html(head):
        return None
    kind = sniff.not_html_kind(head) if head else "unknown format"
    return kind if kind.startswith("compressed") else f"compressed: {kind}"
