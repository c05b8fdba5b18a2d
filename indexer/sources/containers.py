"""Files that hold many records (JSON Lines of articles, WARC archives): how a record is
named.

Each record is a document of its own, known as "<file path>#<number>": the line number
in a JSON Lines file (from 1), the byte offset of the record in a WARC file.
"""

from __future__ import annotations

import re

from .. import settings

_RECORD_PATH = re.compile(
    "^(.+(?:" + "|".join(re.escape(s) for s in settings.CONTAINER_SUFFIXES)
    + "))#(0|[1-9][0-9]*)$",
    re.IGNORECASE,
)


def is_container(path: str) -> bool:
    """True for a file of many records (by name)."""
    return path.lower().endswith(settings.CONTAINER_SUFFIXES)


def is_warc(path: str) -> bool:
    """True for a WARC file (by name)."""
    return path.lower().endswith(settings.WARC_SUFFIXES)


def record_path(container: str, number: int) -> str:
    """The path of record `number` of a container file."""
    return f"{container}#{number}"


def split_record_path(path: str) -> tuple[str, int] | None:
    """(file path, record number) of a record path, or None for a file's own path."""
    m = _RECORD_PATH.match(path)
    if not m or (m[2] == "0" and not is_warc(m[1])):  # lines count from 1, offsets from 0
        return None
    return m[1], int(m[2])
