"""Search on a Dask cluster: each shard opened by an actor on a worker, near its files.

The front end (this process) keeps no index: it asks the shards' actors (shard.py's
ShardSearcher, one per shard, spread over the workers) and merges what they answer
(fanout.py). A worker that is lost takes its actors with it: the searches that needed them
answer from the other shards, marked partial, and the lost shards are opened again on the
workers left, in the background, so that later searches are complete again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from indexer.store.cluster import ClusterError, connect, workers_of
from indexer.store.shards import read_layout

from .search import IndexUnavailable
from .search.shard import ShardSearcher

logger = logging.getLogger(__name__)

# Seconds between attempts to open a lost shard again.
REOPEN_EVERY = 1.0


def _shard_count(index_dir: str) -> int | None:
    """Run on a worker: the number of shards of the index it sees, or None."""
    layout = read_layout(Path(index_dir))
    return layout.count if layout is not None else None


class ClusterShards:
    """fanout.Shards over actors on a cluster's workers."""

    def __init__(self, address: str, index_dir: str, timeout: float) -> None:
        try:
            self.client = connect(address)
        except ClusterError as exc:
            raise IndexUnavailable(str(exc)) from None
        self.index_dir = str(index_dir)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._reopening: set[int] = set()
        self._opened = 0
        try:
            count = self.client.submit(_shard_count, self.index_dir, pure=False).result(timeout)
            if count is None:
                raise IndexUnavailable(f"no index in {self.index_dir} on the cluster's"
                                       " workers; run `python -m indexer build`")
            self.count = count
            self._actors: list[Any] = [None] * count
            for shard in range(count):
                self._actors[shard] = self._open(shard)
        except Exception as exc:  # no workers, a timeout, the scheduler gone: a 503, not a 500
            self.client.close()
            if isinstance(exc, IndexUnavailable):
                raise
            raise IndexUnavailable(f"cannot open the index on the cluster: "
                                   f"{type(exc).__name__}: {exc}") from exc

    def _open(self, shard: int) -> Any:
        """A new actor for the shard, on the worker holding the fewest."""
        workers = workers_of(self.client)
        held = {w: 0 for w in workers}
        for actor in self._actors:
            if actor is not None and getattr(actor, "_address", None) in held:
                held[actor._address] += 1
        worker = min(workers, key=lambda w: (held[w], (workers.index(w) - shard) % len(workers)))
        self._opened += 1
        future = self.client.submit(ShardSearcher, self.index_dir, shard, actor=True,
                                    pure=False, workers=[worker], allow_other_workers=False,
                                    key=f"shard-{shard:02d}-searcher-{os.getpid()}"
                                        f"-{id(self)}-{self._opened}")
        return future.result(self.timeout)

    def available(self) -> list[int]:
        with self._lock:
            return [s for s, actor in enumerate(self._actors) if actor is not None]

    def call(self, shard: int, method: str, *args: Any) -> Any:
        with self._lock:
            actor = self._actors[shard]
        if actor is None:
            raise IndexUnavailable(f"shard {shard + 1} is being opened again")
        return getattr(actor, method)(*args)

    def lost(self, shard: int, exc: BaseException) -> str:
        logger.warning("shard %d did not answer: %s: %s", shard + 1, type(exc).__name__, exc)
        with self._lock:
            self._actors[shard] = None
            if shard not in self._reopening:
                self._reopening.add(shard)
                threading.Thread(target=self._reopen, args=(shard,), daemon=True,
                                 name=f"reopen-shard-{shard + 1}").start()
        if isinstance(exc, TimeoutError):
            return "did not answer in time; it is being opened again"
        return f"its worker was lost ({type(exc).__name__}); it is being opened again"

    def _reopen(self, shard: int) -> None:
        while shard < self.count:
            try:
                actor = self._open(shard)
            except Exception as exc:  # no worker yet, or the scheduler is away
                logger.info("shard %d not opened again yet: %s", shard + 1, exc)
                time.sleep(REOPEN_EVERY)
                continue
            with self._lock:
                if shard < self.count:
                    self._actors[shard] = actor
                self._reopening.discard(shard)
            logger.warning("shard %d opened again", shard + 1)
            return
        self._reopening.discard(shard)

    def resize(self, count: int) -> None:
        with self._lock:
            if count == self.count:
                return
            logger.warning("the index has %d shards now, not %d: opening them", count,
                           self.count)
            self._actors = (self._actors + [None] * count)[:count]
            self.count = count
        for shard in range(count):
            if self._actors[shard] is None:
                self._actors[shard] = self._open(shard)

    def close(self) -> None:
        self.client.close()
