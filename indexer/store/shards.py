"""The index as N Whoosh shards: which shard holds a key, and where the shards live.

An index directory holds a layout file naming the current set of shards and their count:

    index/shards.json          {"set": "set-20261202T171501-4f2a", "shards": 2}
    index/set-.../shard-00/    one Whoosh index per shard, each with its own writer
    index/set-.../shard-01/
    index/manifest.sqlite      what the builds saw of each file (manifest.py)

A document's shard follows from its key, so an update or a delete goes to the shard that
holds it. A rebuild writes a new set beside the current one and switches the layout file
in one rename, so searches see the old set until the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import IndexReader, MultiReader

from .schema import SCHEMA, doc_id

LAYOUT_FILE = "shards.json"
# Shards beyond this gain nothing on one machine: each writer wants a core of its own.
MAX_DEFAULT_SHARDS = 8


def default_shard_count() -> int:
    """One shard per core (README "Shards"): every core then writes a shard of its own."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_SHARDS))


def shard_of(key: str, count: int) -> int:
    """The shard that holds a document key (from the same digest as its id)."""
    return shard_of_id(doc_id(key), count)


def shard_of_id(document_id: str, count: int) -> int:
    """The shard that holds a document, from its id."""
    return int(document_id, 16) % count


@dataclass(frozen=True, slots=True)
class Layout:
    """The current set of shards in an index directory."""

    set_name: str
    count: int

    def shard_dirs(self, index_dir: Path) -> list[Path]:
        return [index_dir / self.set_name / f"shard-{i:02d}" for i in range(self.count)]


def new_layout(count: int) -> Layout:
    """A fresh set name (time-ordered and unique) for `count` shards."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return Layout(f"set-{stamp}-{secrets.token_hex(2)}", count)


def read_layout(index_dir: Path) -> Layout | None:
    """The layout the index directory names, or None when it holds no sharded index."""
    try:
        data = json.loads((index_dir / LAYOUT_FILE).read_text())
        return Layout(str(data["set"]), int(data["shards"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_layout(index_dir: Path, layout: Layout) -> None:
    """Make `layout` current in one atomic rename (readers see the old or the new one)."""
    tmp = index_dir / (LAYOUT_FILE + ".tmp")
    with open(tmp, "w") as fh:
        json.dump({"set": layout.set_name, "shards": layout.count}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / LAYOUT_FILE)
    _fsync_dir(index_dir)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_shards(index_dir: Path, layout: Layout) -> None:
    """Empty Whoosh indexes for every shard of a layout that is not current yet."""
    for shard_dir in layout.shard_dirs(index_dir):
        shard_dir.mkdir(parents=True, exist_ok=True)
        if not whoosh_index.exists_in(str(shard_dir)):
            FileStorage(str(shard_dir)).create_index(SCHEMA)


def open_shard(shard_dir: Path, *, mmap: bool = True) -> whoosh_index.Index:
    """One shard's Whoosh index (writers pass mmap=False: see build.open_for_writing)."""
    return FileStorage(str(shard_dir), supports_mmap=mmap).open_index()


def open_reader(index_dir: Path) -> IndexReader:
    """Every shard's latest commit as one reader (whole-index statistics)."""
    layout = read_layout(index_dir)
    if layout is None:
        raise FileNotFoundError(f"no index in {index_dir}")
    return combined([open_shard(d).reader() for d in layout.shard_dirs(index_dir)])


def combined(readers: list[IndexReader]) -> IndexReader:
    """The shards' readers as one: their segments in shard order, so docnums, document
    counts and field lengths are those of the whole index."""
    # Empty shards add nothing; an index with no documents at all still needs a schema.
    leaves = [leaf for reader in readers for leaf, _ in reader.leaf_readers()
              if leaf.doc_count_all()] or [readers[0]]
    return MultiReader(leaves)


def exists(index_dir: Path) -> bool:
    """Whether the directory holds a sharded index: a layout and a commit in every shard.

    Listed, not opened: a commit may replace a shard's table of contents at any moment.
    """
    layout = read_layout(index_dir)
    if layout is None:
        return False
    try:
        return all(any(name.endswith(".toc") for name in os.listdir(d))
                   for d in layout.shard_dirs(index_dir))
    except OSError:
        return False


def remove_stale(index_dir: Path) -> None:
    """Delete sets the layout does not name (left by a rebuild that was replaced or killed),
    and the files of an index written before shards existed."""
    layout = read_layout(index_dir)
    for entry in index_dir.iterdir():
        if entry.is_dir() and entry.name.startswith("set-") and (
                layout is None or entry.name != layout.set_name):
            shutil.rmtree(entry, ignore_errors=True)
        elif layout is not None and entry.is_file() and entry.name.startswith(("MAIN_",
                                                                              "_MAIN_")):
            entry.unlink(missing_ok=True)
