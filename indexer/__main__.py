"""Command line: `python -m indexer build | extract | stats`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from . import settings
from .extraction.extract import ExtractError, extract

# `build` and `stats` import Whoosh; they are imported by their commands only, so that
# `extract` (run once per batch of files by pipelines) starts fast.

# Exit codes beyond 0/1, so that cron jobs and scripts can tell what happened.
EXIT_SKIPPED = 1  # --strict and some files were skipped
EXIT_USAGE = 2  # argparse's own
EXIT_LOCKED = 75  # EX_TEMPFAIL: another build holds the index; try again later
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the Dask cluster cannot be reached or used
EXIT_WRITE_FAILED = 74  # EX_IOERR: a shard writer died or was lost; the last commit stays


def _records(name: str):
    """(path, article JSON or the error) of each line of a JSON Lines file, then of the file
    itself when it cannot be read to its end."""
    from .sources import articles

    try:
        for line in articles.read_lines(name):
            path = articles.record_path(name, line.number)
            if line.data is None:
                yield path, f"line over the size limit ({settings.MAX_FILE_BYTES} bytes)"
                continue
            try:
                yield path, articles.article_from_line(line.data, path, line.digest).to_json()
            except articles.RecordError as exc:
                yield path, str(exc)
    except articles.ContainerError as exc:
        yield name, str(exc)


def _captures(name: str):
    """(path, article JSON or the error) of each HTML response record of a WARC file, then
    of the file itself when it cannot be read to its end. Other records are left out."""
    from .sources import warc

    # a name given on the command line may be a link: read what it points to
    reader = warc.WarcReader(os.path.realpath(name), name)
    for record in reader.records():
        if isinstance(record, warc.OtherRecord):
            continue
        path = f"{name}#{record.offset}"
        try:
            yield path, warc.page_article(record, path).to_json()
        except warc.NotAPage:
            continue
        except ExtractError as exc:
            yield path, str(exc)
    if reader.damage:
        yield name, reader.damage


def _pages(name: str):
    lowered = name.lower()
    if lowered.endswith(settings.RECORD_SUFFIXES):
        yield from _records(name)
        return
    if lowered.endswith(settings.WARC_SUFFIXES):
        yield from _captures(name)
        return
    from .sources.files import PageError, is_gzip_page, read_page

    try:
        raw = read_page(os.path.realpath(name), gzipped=is_gzip_page(name))
        yield name, extract(raw, name).to_json()
    except (PageError, ExtractError) as exc:
        yield name, str(exc)


def _cmd_extract(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        for path, record in _pages(name):
            if isinstance(record, str):
                print(f"skipped {path}: {record}", file=sys.stderr)
                record = {"path": path, "url": None, "title": None, "body": "",
                          "section": None, "date": None, "speakers": [], "error": record}
                if args.strict:
                    status = EXIT_SKIPPED
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


def _progress(results, total):
    from tqdm import tqdm  # only on the build path: tqdm is not needed to extract

    # disable=None: no bar when stderr is not a terminal (cron, CI logs).
    return tqdm(results, total=total, unit="page", disable=None, leave=False)


def _cmd_build(args: argparse.Namespace) -> int:
    from .store import build
    from .store.cluster import ClusterError
    from .store.lock import BuildLocked
    from .store.writers import ShardWriteError

    raw = Path(args.raw)
    if not raw.is_dir():
        print(f"error: raw directory {raw} does not exist", file=sys.stderr)
        return EXIT_USAGE
    cluster = None
    try:
        if args.scheduler:
            from .store.cluster import Cluster

            cluster = Cluster.at(args.scheduler)
            # A lost scheduler or worker is reported here in one line; Dask's own log of
            # it (tracebacks of its reconnection attempts, and of its event loop's
            # callbacks, which are tornado's) only with --verbose.
            quiet = logging.INFO if args.verbose else logging.CRITICAL
            for name in ["distributed", "tornado", *logging.root.manager.loggerDict]:
                if name.startswith(("distributed", "tornado")):
                    logging.getLogger(name).setLevel(quiet)
        summary = build.run(raw, Path(args.index), rebuild=args.rebuild,
                            shard_count=args.shards, workers=args.workers,
                            lock_wait=args.wait, commit_every=args.commit_every,
                            max_bytes=args.max_bytes or settings.MAX_FILE_BYTES,
                            progress=_progress, cluster=cluster)
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except ShardWriteError as exc:
        print(f"error: {exc}; the index keeps its last commit, and the next build goes on"
              " from there", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except BuildLocked as exc:
        print(f"error: {exc}; use --wait SECONDS to wait for it", file=sys.stderr)
        return EXIT_LOCKED
    except build.LayoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if cluster is not None:
            cluster.close()
    print(f"build: {summary.line()}")
    if args.report:
        Path(args.report).write_text(json.dumps(summary.to_json(), indent=2) + "\n")
    if summary.skipped and args.verbose:
        for skip in summary.skipped:
            print(f"  skipped {skip.path}: {skip.reason}", file=sys.stderr)
    return EXIT_SKIPPED if args.strict and summary.skipped else 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .store import stats

    index_dir = Path(args.index)
    if not stats.index_exists(index_dir):
        print(f"error: no index in {index_dir}; run `python -m indexer build`", file=sys.stderr)
        return EXIT_USAGE
    report = stats.collect(index_dir)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(stats.format_report(report))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("must be between 1 and 256")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer",
                                     description="Clean scraped news pages and index them.")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log heuristic decisions and list skipped files")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="bring the index up to date with the raw pages")
    p.add_argument("--raw", default="raw", help="directory of scraped pages (default: raw)")
    p.add_argument("--index", default="index", help="index directory (default: index)")
    p.add_argument("--rebuild", action="store_true",
                   help="re-extract every page; the old index serves until the new one commits")
    p.add_argument("--shards", type=_positive, default=None, metavar="N",
                   help="split the index into N shards when it is created or rebuilt"
                   " (default: one per CPU; later builds keep the count)")
    p.add_argument("--workers", type=int, default=None,
                   help="extraction processes (default: one per CPU)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                   help="build on the Dask cluster of this scheduler: pages are extracted"
                   " on its workers and each shard is written by one of them (raw and index"
                   " folders on a file system they all share)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for a running build to finish (default: exit at once)")
    p.add_argument("--commit-every", type=int, default=settings.COMMIT_EVERY, metavar="N",
                   help="commit the index every N documents; a crash loses at most one batch"
                   f" (default: {settings.COMMIT_EVERY})")
    p.add_argument("--report", metavar="FILE", help="write the build summary as JSON to FILE")
    p.add_argument("--strict", action="store_true", help="exit 1 if any file was skipped")
    p.add_argument("--max-bytes", type=int, default=None,
                   help=f"skip files larger than this (default: {settings.MAX_FILE_BYTES})")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("extract", help="print one JSON object per page (JSON Lines)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="exit 1 if any page is skipped")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("stats", help="documents, sections, date range, last build")
    p.add_argument("--index", default="index", help="index directory (default: index)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
