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
# An article record that states an ISO date is believed back to this day: archives of
# digitised print (a 1987 wire story) come in as records.
MIN_RECORD_DATE: dt.date = dt.date(1800, 1, 1)
# JSON Lines of article records: one article per line, already text (no HTML).
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl", ".jsonl.gz")
# Web archives (wget --warc-file, Heritrix, Browsertrix, CC-NEWS): each HTML response
# record is a page.
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
# Files that hold many records, each a document of its own ("<file>#<number>"); the size
# limit applies to each record, not to the file.
CONTAINER_SUFFIXES: tuple[str, ...] = (*RECORD_SUFFIXES, *WARC_SUFFIXES)
# Pages saved gzipped; the size limit applies to their decompressed bytes.
GZIP_PAGE_SUFFIXES: tuple[str, ...] = (".html.gz", ".htm.gz", ".xhtml.gz")
# Extensions the builder picks up under raw/.
PAGE_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", *GZIP_PAGE_SUFFIXES,
                                  *CONTAINER_SUFFIXES)
# Bytes of a WARC read again to check that a grown file kept what was read before (its
# start, and the end of what was read): then only the appended records are read.
WARC_PREFIX_CHECK: int = 64 * 1024
# Documents per index commit: a crash loses at most one batch of work, never committed data.
COMMIT_EVERY: int = 2000
# More segments than this after a build are merged into one (searches visit every segment).
MAX_SEGMENTS: int = 8
