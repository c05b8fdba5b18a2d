"""A build on a Dask cluster: pages extracted as tasks on its workers, each shard written by
an actor on one worker.

The cluster is Dask's (`distributed`): its scheduler, transport and failure detection are
used as they are. The build itself does not change: it scans, decides what to extract,
routes documents to shards and writes the manifest, here, in the client; only where the
work runs does. So the index is the one a local build makes of the same pages.

Every worker must see the raw folder and the index folder at the same paths as the client
(a shared file system): a task reads its page files itself, and an actor writes its shard
in place.

A shard actor is sent each batch whole, and opens a Whoosh writer only to apply and commit
it: a worker that dies takes the open writer (and its lock) with it, and a client or
scheduler that dies leaves no writer open on a worker. What was committed stays; the next
build finishes the work.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from .writers import ShardIndexer, ShardWriteError

logger = logging.getLogger(__name__)

# Seconds to reach the scheduler before giving up.
CONNECT_TIMEOUT = 10
# Operations a shard's batch holds before they are committed on their own: a rebuild
# commits once at the end, and its documents must not pile up in memory meanwhile (its
# new shards serve nothing until it switches to them; the manifest check makes any
# build after a kill replace by key).
OPS_PER_COMMIT = 1000
# Seconds a shard actor waits for its shard's write lock: the commit of a build that was
# killed may still be running on its worker.
LOCK_WAIT = 120
# Batches a shard may have sent and not yet committed. Writing a batch of OPS_PER_COMMIT
# takes its worker seconds: with one in flight the client waits for it, the extraction
# tasks run dry, and half the workers' time goes idle (a 2-worker build of 3,000 pages
# waited 31 of its 47 s). The worker's actor thread writes while its task thread extracts.
COMMITS_IN_FLIGHT = 3


class ClusterError(RuntimeError):
    """The cluster cannot be reached or used for this build; the message says why."""


def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask client of the scheduler at `address` (tcp://HOST:PORT)."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - distributed is in requirements.txt
        raise ClusterError("the cluster needs the `distributed` package") from exc
    try:
        # the default client: actor proxies find their event loop through it
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def workers_of(client) -> list[str]:
    """The addresses of the cluster's workers, in a stable order."""
    workers = sorted(client.scheduler_info()["workers"])
    if not workers:
        raise ClusterError("the Dask scheduler has no workers")
    return workers


def threads_of(client) -> int:
    """Task slots of the cluster: the sum of its workers' threads."""
    return max(1, sum(client.nthreads().values()))


def check_shared(client, *folders: Path) -> None:
    """Fail early, naming the folder, when a worker does not see one of `folders`."""
    wanted = [str(Path(f).resolve()) for f in folders]
    seen = client.run(_visible, wanted)
    for worker, missing in sorted(seen.items()):
        if missing:
            raise ClusterError(f"worker {worker} does not see {missing[0]}: the raw and"
                               " index folders must be on a file system every worker shares,"
                               " at the same path")


def _visible(folders: list[str]) -> list[str]:
    return [f for f in folders if not os.path.isdir(f)]


class Cluster:
    """What a build runs on when it runs on a cluster: an executor for extraction tasks,
    and shard writers as actors."""

    def __init__(self, client) -> None:
        self.client = client

    @classmethod
    def at(cls, address: str) -> Cluster:
        return cls(connect(address))

    def executor(self) -> Executor:
        # pure=False: two files with the same stat are still two tasks
        return _ClusterExecutor(self.client.get_executor(pure=False))

    def slots(self) -> int:
        return threads_of(self.client)

    def shard_writers(self, shard_dirs: list[Path]) -> ClusterShardWriters:
        return ClusterShardWriters(self.client, shard_dirs)

    def close(self) -> None:
        self.client.close(timeout=CONNECT_TIMEOUT)


class _ClusterExecutor(Executor):
    """The client's executor, whose futures fail with ClusterError: extraction tasks never
    raise, so a failed one means the cluster failed (its scheduler, or every worker)."""

    def __init__(self, executor: Executor) -> None:
        self._executor = executor

    def submit(self, fn, /, *args, **kwargs):
        return _ClusterFuture(self._executor.submit(fn, *args, **kwargs))


class _ClusterFuture:
    def __init__(self, future) -> None:
        self._future = future

    def result(self, timeout: float | None = None):
        try:
            return self._future.result(timeout)
        except Exception as exc:
            raise ClusterError(f"extraction on the cluster failed: {type(exc).__name__}:"
                               f" {exc}") from exc


class ShardActor:
    """The writer of one shard, living on a worker: each call writes and commits a batch."""

    def __init__(self, shard_dir: str) -> None:
        self.shard_dir = shard_dir

    def commit(self, ops: list[tuple[str, Any]]) -> int:
        """Apply a batch and commit it; the shard's generation after it."""
        shard = ShardIndexer(Path(self.shard_dir), lock_wait=LOCK_WAIT)
        if ops:
            shard.apply(ops)
        return shard.commit()

    def close(self, ops: list[tuple[str, Any]]) -> int:
        """The last batch, then a merge when batch commits left many segments."""
        shard = ShardIndexer(Path(self.shard_dir), lock_wait=LOCK_WAIT)
        if ops:
            shard.apply(ops)
        return shard.close()


class ClusterShardWriters:
    """ShardWriters' interface over one actor per shard, spread over the workers.

    At most COMMITS_IN_FLIGHT batches per shard are sent and not yet committed: a slow
    shard holds the build back as a full queue does locally. A shard's actor writes its
    batches one at a time; the manifest records a batch once every shard has committed it
    and all batches before it. An actor holds no Whoosh writer between calls: a client,
    scheduler or worker that dies leaves no lock behind.
    """

    def __init__(self, client, shard_dirs: list[Path]) -> None:
        self.count = len(shard_dirs)
        workers = workers_of(client)
        self._actors = [
            client.submit(ShardActor, str(d), actor=True, pure=False,
                          workers=[workers[i % len(workers)]], allow_other_workers=False,
                          key=f"shard-{i:02d}-writer-{os.getpid()}-{id(self)}").result()
            for i, d in enumerate(shard_dirs)]
        self._pending: list[list[tuple[str, Any]]] = [[] for _ in shard_dirs]
        # each shard's ActorFutures of commits sent and not yet seen done, oldest first
        self._in_flight: list[deque] = [deque() for _ in shard_dirs]
        self._batches = 0
        self._futures: dict[int, list[Any]] = {}  # batch -> each shard's ActorFuture

    def send(self, shard: int, op: str, payload: Any) -> None:
        self._pending[shard].append((op, payload))
        if len(self._pending[shard]) >= OPS_PER_COMMIT:
            self._settle(shard, COMMITS_IN_FLIGHT - 1)
            ops, self._pending[shard] = self._pending[shard], []
            self._in_flight[shard].append(self._call(lambda a, ops=ops: a.commit(ops), shard))

    def commit(self) -> int:
        self._batches += 1
        batch = self._batches
        futures = []
        for shard in range(self.count):
            self._settle(shard, COMMITS_IN_FLIGHT - 1)
            ops, self._pending[shard] = self._pending[shard], []
            future = self._call(lambda a, ops=ops: a.commit(ops), shard)
            self._in_flight[shard].append(future)
            futures.append(future)
        self._futures[batch] = futures
        return batch

    def committed(self, wait: bool = False) -> list[tuple[int, list[int]]]:
        done = []
        for batch in sorted(self._futures):
            futures = self._futures[batch]
            if not wait and not all(f.done() for f in futures):
                break
            generations = [self._result(f, shard) for shard, f in enumerate(futures)]
            del self._futures[batch]
            done.append((batch, generations))
        return done

    def close(self) -> list[int]:
        if self._futures:
            raise ShardWriteError(f"closing with batches {sorted(self._futures)} not recorded")
        futures = []
        for shard in range(self.count):
            self._settle(shard, 0)
            ops, self._pending[shard] = self._pending[shard], []
            futures.append(self._call(lambda a, ops=ops: a.close(ops), shard))
        generations = [self._result(f, shard) for shard, f in enumerate(futures)]
        self._actors = []
        return generations

    def abort(self) -> None:
        """Drop the actors; a batch that was being written finishes or dies with its
        worker, and what was committed before stays."""
        self._actors = []

    def _settle(self, shard: int, keep: int) -> None:
        """Wait until at most `keep` of the shard's commits are in flight."""
        waiting = self._in_flight[shard]
        while waiting and (len(waiting) > keep or waiting[0].done()):
            self._result(waiting.popleft(), shard)

    def _call(self, method: Callable[[Any], Any], shard: int):
        try:
            return method(self._actors[shard])
        except Exception as exc:  # the worker holding the actor is gone
            raise ShardWriteError(f"shard {shard} writer is lost: {exc}") from exc

    @staticmethod
    def _result(future, shard: int) -> int:
        try:
            return future.result()
        except Exception as exc:  # the worker died, or the scheduler did
            raise ShardWriteError(f"shard {shard} writer failed: {type(exc).__name__}:"
                                  f" {exc}") from exc
