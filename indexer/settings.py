"""Limits and defaults of the indexer, as typed constants."""

from __future__ import annotations

import datetime as dt

# Pages larger than this are skipped, not parsed: no real article needs 20 MB of HTML.
# In a JSON Lines file the limit applies to each line (one article), not to the file.
MAX_FILE_BYTES: int = 20 * 1024 * 1024
# Files under this size cannot hold an article.
MIN_FILE_BYTES: int = 64
# Dates before the web existed cannot be a web page's publication date.
MIN_DATE: dt.date = dt.date(1993, 1, 1)
# JSON Lines of article records: one article per line, already text (no HTML).
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl", ".jsonl.gz")
# Extensions the builder picks up under raw/.
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", *RECORD_SUFFIXES)
# Documents per index commit: a crash loses at most one batch of work, never committed data.
COMMIT_EVERY: int = 2000
# More segments than this after a build are merged into one (searches visit every segment).
MAX_SEGMENTS: int = 8
