"""Stories: the copies of one text that sites republish (wire stories) share a story id.

A text's signature is a MinHash (datasketch) of its word shingles; copies are texts whose
signatures agree on at least THRESHOLD of their values (an estimate of the Jaccard
similarity of their shingle sets). Candidates come from locality-sensitive hashing: the
signature cut into BANDS bands of ROWS values, two texts being candidates when one band is
the same. A new text joins the story of its most similar copy, else starts a story.

The state (each indexed key's story, signature and band hashes) lives in the manifest's
SQLite file and is written in the same transaction as the manifest rows of the batch it
belongs to, so it follows the index commits exactly as the manifest does; until then a
build sees its own assignments in memory. A rebuild writes fresh tables beside the current
ones and switches to them with the manifest at the end.

Thresholds (chosen on tests/data/stories.jsonl.gz, README "Stories"): copies there agree on
0.44 to 1.0 of their shingles, different articles (follow-ups, other articles on the same
news) on at most 0.13, and any threshold from 0.2 to 0.4 groups the set without a fault.
0.35 keeps apart a follow-up that repeats up to half of a story (Jaccard about 0.33) and
stays two standard errors of the 128-value estimate below the lowest pair of copies; 42
bands of 3 rows make a pair at 0.35 a candidate 84 times in 100, at 0.44 98 times in 100.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

logger = logging.getLogger(__name__)

# Words per shingle: five words seldom repeat by chance between different articles, and an
# edited word changes five shingles only.
SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS, ROWS = 42, 3  # 126 of the 128 values are banded
SEED = 1
# Estimated Jaccard similarity from which two texts are copies of one story.
THRESHOLD = 0.35
# Texts with fewer words (after boilerplate) never group: below this, one edited sentence
# changes a third of the shingles, and template-made briefs (results, weather, market
# notes) share most of their words while being different news.
MIN_WORDS = 50
# Paragraphs that are site furniture, not the story: left out of the shingles, so that a
# body made only of them (a paywall, a cookie notice) never groups.
BOILERPLATE = re.compile(
    r"cookie|javascript|subscri|sign (?:up|in)|log ?in|newsletter|all rights reserved|"
    r"copyright|©|\bad(?:vertisement)?\b|click here|read more|share this|follow us|"
    r"terms of (?:use|service)|privacy policy|your browser|enable|not available in your",
    re.IGNORECASE)
BOILERPLATE_MAX_CHARS = 250  # a longer paragraph that mentions such words is text
# Bump when signatures or bands change: the index is then rebuilt (schema.fingerprint).
VERSION = 1

_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
# Odd multipliers, one per word of a shingle: the same words in another order hash apart.
_SHINGLE_FACTORS = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1],
                            dtype=np.uint32)[:SHINGLE_WORDS]


def text_words(body: str) -> list[str]:
    """The words a body's story is recognised by: case folded, boilerplate left out."""
    kept = [para for para in body.split("\n\n")
            if not (len(para) <= BOILERPLATE_MAX_CHARS and BOILERPLATE.search(para))]
    return _WORD.findall("\n".join(kept).casefold())


def shingle_hashes(words: list[str]) -> np.ndarray:
    """The distinct 32-bit hashes of a text's SHINGLE_WORDS-word shingles.

    Each word is hashed once (CRC-32) and a shingle's hash combines its words' in numpy:
    hashing every shingle's string in Python would cost the build twice as much.
    datasketch premixes these values (MurmurHash3's finalizer) before its permutations.
    """
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint32,
                         count=len(words))
    n = len(words) - SHINGLE_WORDS + 1
    out = np.zeros(n, dtype=np.uint32)
    for i, factor in enumerate(_SHINGLE_FACTORS):
        out = (out * np.uint32(0x01000193)) ^ (hashes[i:i + n] * factor)
    return np.unique(out)


def signature(body: str) -> bytes | None:
    """The MinHash of a body's word shingles, or None when it is too short to group."""
    words = text_words(body)
    if len(words) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS, scheme="affine32",
                      hashfunc=int)
    minhash.update_batch(shingle_hashes(words).tolist())
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """The share of MinHash values two signatures agree on (estimated Jaccard)."""
    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))
                 / NUM_PERM)


def bands(sig: bytes) -> list[int]:
    """The LSH bucket of each band of a signature, as signed 64-bit integers."""
    width = ROWS * 4
    return [int.from_bytes(hashlib.blake2b(bytes((band,)) + sig[band * width:(band + 1) * width],
                                           digest_size=8).digest(), "little", signed=True)
            for band in range(BANDS)]


def fresh_story(key: str, sig: bytes | None) -> str:
    """The id of a story that starts with this text (unique to the key and the text)."""
    return hashlib.blake2b(key.encode() + b"\n" + (sig or b""), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One indexed key's story and signature (None: too short to group)."""

    story: str
    signature: bytes | None


TABLES = ("stories", "story_bands")


def create_tables(db: sqlite3.Connection, suffix: str = "") -> None:
    """The state's tables, if missing: each key's story and signature, and its bands."""
    db.execute(f"CREATE TABLE IF NOT EXISTS stories{suffix} (doc INTEGER PRIMARY KEY,"
               " key TEXT UNIQUE NOT NULL, story TEXT NOT NULL, signature BLOB)")
    db.execute(f"CREATE TABLE IF NOT EXISTS story_bands{suffix} (band INTEGER NOT NULL,"
               " doc INTEGER NOT NULL, PRIMARY KEY (band, doc)) WITHOUT ROWID")


def clear(db: sqlite3.Connection) -> None:
    """Forget every story (inside the caller's transaction)."""
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")


class Stories:
    """Story assignment during one build, over the state of the builds before it.

    `assign` and `forget` change what this build sees at once; `take` hands the changes
    made since the last call to the caller, who writes them with `write` in the
    transaction that records their batch.
    """

    def __init__(self, db: sqlite3.Connection, *, rebuild: bool = False) -> None:
        self.db = db
        # A rebuild starts from nothing, in tables of its own until it is complete.
        self.suffix = "_next" if rebuild else ""
        create_tables(db)
        if rebuild:
            with db:
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}_next")
            create_tables(db, "_next")
        self._overlay: dict[str, tuple[int, Entry | None]] = {}  # key -> (seq, entry)
        self._overlay_bands: dict[int, set[str]] = {}
        self._staged: list[tuple[int, str, Entry | None]] = []
        self._seq = 0

    # What the build sees

    def _stored(self, key: str) -> Entry | None:
        row = self.db.execute(f"SELECT story, signature FROM stories{self.suffix} WHERE key = ?",
                              (key,)).fetchone()
        return Entry(row[0], row[1]) if row else None

    def entry(self, key: str) -> Entry | None:
        """The key's current entry: this build's change, else the stored one."""
        if key in self._overlay:
            return self._overlay[key][1]
        return self._stored(key)

    def _candidates(self, sig: bytes) -> dict[str, Entry]:
        buckets = bands(sig)
        found: dict[str, Entry] = {}
        marks = ",".join("?" * len(buckets))
        rows = self.db.execute(
            f"SELECT s.key, s.story, s.signature FROM stories{self.suffix} s WHERE s.doc IN"
            f" (SELECT doc FROM story_bands{self.suffix} WHERE band IN ({marks}))", buckets)
        for key, story, stored_sig in rows:
            if key not in self._overlay:  # this build changed it: the overlay says how
                found[key] = Entry(story, stored_sig)
        for band in buckets:
            for key in self._overlay_bands.get(band, ()):
                entry = self._overlay[key][1]
                if entry is not None:
                    found[key] = entry
        return found

    def match(self, key: str, sig: bytes) -> tuple[str, float] | None:
        """The story of the text's most similar copy (and the similarity), or None."""
        best: tuple[float, str, str] | None = None
        for other, entry in self._candidates(sig).items():
            if other == key or entry.signature is None:
                continue
            score = similarity(sig, entry.signature)
            if score >= THRESHOLD and (best is None or (score, other) > best[:2]):
                best = (score, other, entry.story)
        return (best[2], best[0]) if best else None

    # Changes

    def assign(self, key: str, sig: bytes | None) -> str:
        """The story of a key's (new or changed) text; the build sees it at once."""
        current = self.entry(key)
        if current is not None and current.signature == sig:
            return current.story  # the same text again
        found = self.match(key, sig) if sig is not None else None
        if found is not None:
            story = found[0]
            logger.debug("%s joins story %s (similarity %.2f)", key, story, found[1])
        else:
            story = fresh_story(key, sig)
        self._change(key, Entry(story, sig))
        return story

    def forget(self, key: str) -> None:
        """A key left the index; the story stays with its other copies."""
        if self.entry(key) is not None:
            self._change(key, None)

    def _change(self, key: str, entry: Entry | None) -> None:
        self._drop_overlay(key)
        self._seq += 1
        self._overlay[key] = (self._seq, entry)
        if entry is not None and entry.signature is not None:
            for band in bands(entry.signature):
                self._overlay_bands.setdefault(band, set()).add(key)
        self._staged.append((self._seq, key, entry))

    def _drop_overlay(self, key: str) -> None:
        old = self._overlay.pop(key, None)
        if old is not None and old[1] is not None and old[1].signature is not None:
            for band in bands(old[1].signature):
                keys = self._overlay_bands.get(band)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del self._overlay_bands[band]

    def take(self) -> list[tuple[int, str, Entry | None]]:
        """The changes since the last call, in order, for the caller to write."""
        staged, self._staged = self._staged, []
        return staged

    def write(self, db: sqlite3.Connection, changes: Iterable[tuple[int, str, Entry | None]]
              ) -> None:
        """Store changes (inside the caller's transaction); the overlay then forgets them."""
        s = self.suffix
        for seq, key, entry in changes:
            row = db.execute(f"SELECT doc, signature FROM stories{s} WHERE key = ?",
                             (key,)).fetchone()
            if row is not None:
                doc, old_sig = row
                if old_sig is not None:
                    db.executemany(f"DELETE FROM story_bands{s} WHERE band = ? AND doc = ?",
                                   ((band, doc) for band in bands(old_sig)))
                db.execute(f"DELETE FROM stories{s} WHERE doc = ?", (doc,))
            if entry is not None:
                doc = db.execute(f"INSERT INTO stories{s} (key, story, signature) VALUES"
                                 " (?, ?, ?)", (key, entry.story, entry.signature)).lastrowid
                if entry.signature is not None:
                    db.executemany(f"INSERT INTO story_bands{s} VALUES (?, ?)",
                                   ((band, doc) for band in bands(entry.signature)))
            if self._overlay.get(key, (None,))[0] == seq:
                self._drop_overlay(key)

    def promote(self, db: sqlite3.Connection) -> None:
        """A rebuild's tables become the current ones (inside the caller's transaction)."""
        if not self.suffix:
            return
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(f"ALTER TABLE {table}_next RENAME TO {table}")
        self.suffix = ""
