"""How often "did you mean" is right: one-letter misspellings of the index's own words.

    python -m bench.suggest_bench [--raw raw] [--index DIR] [--words 300] [--seed 1]

Takes the --words commonest body words of five letters or more that the index holds, makes
one misspelling of each (a letter dropped, doubled, swapped with the next, or replaced by
a neighbour), keeps those that are not words of the index themselves, and asks the search
for each: the respelling is right when it gives back the word. The same words spelled
right are asked too: they must be left alone (no suggestion). Prints one line:
`suggest: right R of N (P%), left alone A of M (Q%)`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT
from indexer.store import build
from indexer.store.schema import SCHEMA
from web.params import SearchParams
from web.search import search
from web.search.index import Index

_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def misspell(word: str, rng: random.Random) -> str:
    """One plausible typo of `word`: drop, double, swap or replace one letter."""
    i = rng.randrange(1, len(word))  # the first letter stays, as the corrector assumes
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    at = _NEIGHBOURS.find(word[i])
    other = _NEIGHBOURS[(at + 1) % len(_NEIGHBOURS)] if at >= 0 else "e"
    return word[:i] + other + word[i + 1:]


def common_words(view, n: int) -> list[str]:
    reader = view.searcher.reader()
    field = SCHEMA["body"].spelling_fieldname("body")
    words = [t.decode() for t in reader.lexicon(field)]
    words = [w for w in words if len(w) >= 5 and w.isalpha() and w.isascii()]
    freq = {w: reader.doc_frequency(field, w) for w in words}
    return sorted(words, key=lambda w: (-freq[w], w))[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.suggest_bench", description=__doc__)
    ap.add_argument("--raw", default=str(ROOT / "raw"), help="pages to index (default: raw)")
    ap.add_argument("--index", help="an existing index to use instead of building one")
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(args.index) if args.index else Path(tmp) / "index"
        if not args.index:
            build.run(Path(args.raw), index_dir, workers=1)
        index = Index(index_dir)
        view = index.view()
        reader = view.searcher.reader()
        spell_field = SCHEMA["body"].spelling_fieldname("body")
        rng = random.Random(args.seed)
        words = common_words(view, args.words)
        right = asked = alone = 0
        for word in words:
            if search(view, SearchParams(q=word)).suggestion is None:
                alone += 1
            typo = misspell(word, rng)
            if typo == word or reader.doc_frequency(spell_field, typo):
                continue  # a word of the index: not a misspelling here
            asked += 1
            right += search(view, SearchParams(q=typo)).suggestion == word
        index.close()
    print(f"suggest: right {right} of {asked} ({100 * right / max(asked, 1):.0f}%), "
          f"left alone {alone} of {len(words)} ({100 * alone / max(len(words), 1):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
