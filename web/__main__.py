"""`python -m web`: serve the app with a production WSGI server.

One worker process: waitress (threads). Several: gunicorn's threaded workers, so that
searches, which are CPU-bound Python, use every core.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from indexer.store.cluster import ClusterError, connect, workers_of

from . import create_app

# sysexits' EX_UNAVAILABLE, as `python -m indexer build --scheduler` exits.
EXIT_UNAVAILABLE = 69


def _check_cluster(address: str) -> None:
    """Fail before serving when the scheduler cannot be reached or has no workers."""
    client = connect(address)
    try:
        workers_of(client)
    finally:
        client.close()


def _serve_gunicorn(config: dict[str, Any], host: str, port: int, workers: int,
                    threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "web.servers.SecureThreadWorker")
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", None)
            self.cfg.set("graceful_timeout", 5)
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            # Each worker builds its own app: index handles and caches are per process.
            return create_app(config)

    Server().run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web", description="Serve the search app.")
    parser.add_argument("--index", default="index", help="index directory (default: index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per CPU); 1 serves with waitress")
    # Searches are CPU-bound: threads only overlap I/O, and each keeps its own searcher
    # (Whoosh searchers are not shared between threads), which costs memory.
    parser.add_argument("--threads", type=int, default=2,
                        help="threads per worker (default: 2)")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                        help="search the index's shards on this Dask cluster's workers"
                             " (serves with one process: the workers do the searching)")
    parser.add_argument("--rate-limit", default=None, metavar="LIMIT",
                        help="per-client limit on /api/ requests, e.g. '600/minute' (default: off)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config: dict[str, Any] = {"INDEX_DIR": os.path.abspath(args.index)}
    if args.rate_limit:
        config["RATELIMIT_API"] = args.rate_limit
    if args.scheduler:
        # One process: each would hold a client and an actor per shard on the cluster.
        config["SCHEDULER"] = args.scheduler
        args.workers = 1
        try:
            _check_cluster(args.scheduler)
        except ClusterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_UNAVAILABLE
    app = create_app(config)  # fail fast on bad settings, before any worker starts
    where = f" on the cluster at {args.scheduler}" if args.scheduler else ""
    print(f"serving {app.config['INDEX_DIR']}{where} on http://{args.host}:{args.port}"
          f" ({args.workers} worker{'s' if args.workers > 1 else ''})", flush=True)
    if args.workers > 1:
        _serve_gunicorn(config, args.host, args.port, args.workers, args.threads)
    else:
        from .servers import serve_waitress

        serve_waitress(app, args.host, args.port, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
