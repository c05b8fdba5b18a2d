"""`python -m web`: serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import argparse
import logging
import sys

import waitress

from . import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web", description="Serve the search app.")
    parser.add_argument("--index", default="index", help="index directory (default: index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default: 8)")
    parser.add_argument("--rate-limit", default=None, metavar="LIMIT",
                        help="per-client limit on /api/ requests, e.g. '600/minute' (default: off)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = {"INDEX_DIR": args.index}
    if args.rate_limit:
        config["RATELIMIT_API"] = args.rate_limit
    app = create_app(config)
    print(f"serving {app.config['INDEX_DIR']} on http://{args.host}:{args.port}", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="news-search")
    return 0


if __name__ == "__main__":
    sys.exit(main())
