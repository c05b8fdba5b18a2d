"""One Whoosh writer per shard, in this process or each in a process of its own.

The build sends every shard its documents (`add` for keys that cannot be indexed yet,
`update` for keys that may be, `delete`), then `commit`. Shard processes index in parallel
with extraction and with each other: analysing text and merging segments is most of a
build's CPU after extraction, and one writer on one core is what bounded the build before.
A commit is acknowledged with the shard's new generation; the build writes the manifest
rows of a batch only after every shard acknowledged it.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import traceback
from pathlib import Path
from typing import Any

from whoosh import writing

from .. import settings
from .shards import open_shard

logger = logging.getLogger(__name__)

# Documents per message to a shard process, and messages waiting per shard: enough to keep
# a writer busy, few enough that queued documents never hold much memory.
_DOCS_PER_MESSAGE = 32
_QUEUED_MESSAGES = 16
# Seconds between checks that a shard process is still alive while waiting on it.
_POLL_SECONDS = 1.0
# Whoosh's in-memory pool per writer before it spills a sub-segment to disk.
WRITER_LIMIT_MB = 128
_PR_SET_PDEATHSIG = 1  # prctl(2) option


class ShardWriteError(RuntimeError):
    """A shard writer failed or died; nothing after its last commit was kept."""


def end_with_parent(parent: int) -> None:
    """Make a child process die with the build (pid `parent`) that started it, even on
    SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: children end when their queue closes
        pass
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(0)


class ShardIndexer:
    """The writer of one shard: documents in, commits out (runs where it is created)."""

    def __init__(self, shard_dir: Path, lock_wait: float = 0.0) -> None:
        # No mmap: merging reads whole segments, and mapped pages would count as the
        # build's memory; plain reads release them.
        self.ix = open_shard(shard_dir, mmap=False)
        self._writer: writing.IndexWriter | None = None
        self._lock_wait = lock_wait  # seconds to wait for the shard's write lock

    def _open(self) -> writing.IndexWriter:
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=WRITER_LIMIT_MB, timeout=self._lock_wait,
                                          delay=0.25)
        return self._writer

    def apply(self, ops: list[tuple[str, Any]]) -> None:
        writer = self._open()
        for op, payload in ops:
            if op == "add":
                writer.add_document(**payload)
            elif op == "update":
                writer.update_document(**payload)
            else:
                writer.delete_by_term("key", payload)

    def commit(self) -> int:
        """Commit what was sent; the shard's generation after it."""
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
        return self.ix.latest_generation()

    def close(self) -> int:
        """Final commit, and a merge when batch commits left many segments."""
        generation = self.commit()
        with self.ix.reader() as reader:
            segments = len(reader.leaf_readers())
        if segments > settings.MAX_SEGMENTS:
            logger.info("merging %d segments of %s", segments, self.ix.storage.folder)
            self.ix.writer(limitmb=WRITER_LIMIT_MB, timeout=self._lock_wait,
                           delay=0.25).commit(optimize=True)
            generation = self.ix.latest_generation()
        return generation


def _serve(shard_dir: str, inbox, outbox, number: int, parent: int) -> None:
    """A shard process: apply messages from the build until it says close."""
    end_with_parent(parent)
    try:
        shard = ShardIndexer(Path(shard_dir))
        while True:
            op, payload = inbox.get()
            if op == "ops":
                shard.apply(payload)
            elif op == "commit":
                outbox.put(("committed", number, payload, shard.commit()))
            elif op == "close":
                outbox.put(("closed", number, None, shard.close()))
                return
    except BaseException:  # report, then die: the build stops and keeps the last commit
        outbox.put(("error", number, None, traceback.format_exc()))


class ShardWriters:
    """Writers for every shard of an index: routing is the caller's, order is kept."""

    def __init__(self, shard_dirs: list[Path], *, processes: bool) -> None:
        self.count = len(shard_dirs)
        self._pending: list[list[tuple[str, Any]]] = [[] for _ in shard_dirs]
        self._batches = 0
        self._acks: dict[int, dict[int, int]] = {}  # batch asked for -> shard -> generation
        if not processes:
            self._local = [ShardIndexer(d) for d in shard_dirs]
            self._procs = []
            return
        self._local = []
        # Spawned, not forked: a forked child would inherit the build lock.
        context = multiprocessing.get_context("spawn")
        self._outbox = context.Queue()
        self._inboxes = [context.Queue(maxsize=_QUEUED_MESSAGES) for _ in shard_dirs]
        self._procs = [context.Process(target=_serve, name=f"shard-{i:02d}", daemon=True,
                                       args=(str(d), self._inboxes[i], self._outbox, i,
                                             os.getpid()))
                       for i, d in enumerate(shard_dirs)]
        for proc in self._procs:
            proc.start()

    # Documents

    def send(self, shard: int, op: str, payload: Any) -> None:
        pending = self._pending[shard]
        pending.append((op, payload))
        if len(pending) >= _DOCS_PER_MESSAGE:
            self._flush(shard)

    def _flush(self, shard: int) -> None:
        ops, self._pending[shard] = self._pending[shard], []
        if not ops:
            return
        if self._local:
            self._local[shard].apply(ops)
        else:
            self._put(shard, ("ops", ops))

    def _put(self, shard: int, message: tuple) -> None:
        while True:
            try:
                self._inboxes[shard].put(message, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                self._check_alive()
                self._drain(block=False)

    # Commits

    def commit(self) -> int:
        """Ask every shard to commit what it was sent; returns the batch's number."""
        self._batches += 1
        batch = self._batches
        for shard in range(self.count):
            self._flush(shard)
        self._acks[batch] = {}
        if self._local:
            self._acks[batch] = {i: w.commit() for i, w in enumerate(self._local)}
        else:
            for shard in range(self.count):
                self._put(shard, ("commit", batch))
        return batch

    def committed(self, wait: bool = False) -> list[tuple[int, list[int]]]:
        """Batches every shard has committed since the last call, oldest first, each with
        the shards' generations; `wait`: until all batches asked for are in."""
        self._drain(block=False)
        while wait and len(self._complete()) < len(self._acks):
            self._drain(block=True)
        done = []
        for batch in self._complete():
            acks = self._acks.pop(batch)
            done.append((batch, [acks[i] for i in range(self.count)]))
        return done

    def _complete(self) -> list[int]:
        return sorted(b for b, acks in self._acks.items() if len(acks) == self.count)

    def close(self) -> list[int]:
        """Final commits (and merges); every shard's generation after them.

        Call `committed(wait=True)` first: batches still unacknowledged here are an error.
        """
        for shard in range(self.count):
            self._flush(shard)
        if self._acks:
            raise ShardWriteError(f"closing with batches {sorted(self._acks)} not recorded")
        if self._local:
            return [w.close() for w in self._local]
        for shard in range(self.count):
            self._put(shard, ("close", None))
        closed: dict[int, int] = {}
        while len(closed) < self.count:
            kind, shard, _, value = self._receive(block=True)
            if kind == "closed":
                closed[shard] = value
        for proc in self._procs:
            proc.join()
        return [closed[i] for i in range(self.count)]

    def abort(self) -> None:
        """Stop shard processes without committing (their last commits stay)."""
        for proc in self._procs:
            if proc.is_alive():
                proc.kill()
            proc.join()

    # Messages from the shard processes

    def _drain(self, block: bool) -> None:
        if self._local:
            return  # local commits are acknowledged as they are made
        message = self._receive(block)
        while message is not None:
            kind, shard, batch, generation = message
            if kind == "committed":
                self._acks[batch][shard] = generation
            if block:
                return
            message = self._receive(False)

    def _receive(self, block: bool) -> tuple | None:
        while True:
            try:
                if block:
                    message = self._outbox.get(timeout=_POLL_SECONDS)
                else:
                    message = self._outbox.get_nowait()
            except queue.Empty:
                if not block:
                    return None
                self._check_alive()
                continue
            if message[0] == "error":
                raise ShardWriteError(f"shard {message[1]} writer failed:\n{message[3]}")
            return message

    def _check_alive(self) -> None:
        for i, proc in enumerate(self._procs):
            if not proc.is_alive() and proc.exitcode not in (0, None):
                raise ShardWriteError(f"shard {i} writer died (exit code {proc.exitcode})")
