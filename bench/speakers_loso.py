"""Speaker extraction on publishers it has not seen: strict person F1, leaving one out.

    python -m bench.speakers_loso --data DIR [--json FILE] [--details]

DIR holds a gold set of speakers (`articles/<id>.html` and `gold.json`, as laid out by
shared/data/speakers/README.md). The publisher of an article is the prefix of its id
before the first "_" ("nyt", "wash-post"). Each page goes through the indexer's own
extraction (`indexer.extraction.extract`) once; its paragraphs are then given to
`find_speakers` under every `Tuning` of the grid below.

The rules' word lists and patterns are written by hand and fitted to no data; their only
choices are the numbers of `speakers.Tuning` (how many paragraphs the last speaker and a
pronoun's antecedent reach). For each held-out publisher the tuning with the best strict
person F1 on the other publishers is chosen, then scored on the held-out one: the rows
give that figure, and "pooled" sums the held-out counts of every fold. The same rows at
the default tuning, and the whole set at the default tuning (what
shared/tools/eval_speakers.py reports as "persons strict"), follow.

Scoring follows shared/tools/eval_speakers.py (re-written here so that nothing outside
the project is imported): names are normalised (case, accents, punctuation, leading
honorifics, possessive), matched one-to-one per article against the gold name or one of
its multi-word aliases; gold organisations and "optional" names are neither rewarded nor
penalised, nor is a second spelling of a matched speaker; a name that matches a gold
person only leniently ("Doe" for "Jane Doe") is a miss, and counts twice among the
predictions (the evaluator's strict count).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extraction.decode import DecodeError, decode_html
from indexer.extraction.extract import ExtractError, extract, parse_html
from indexer.extraction.pagekind import page_language
from indexer.extraction.speakers import DEFAULT_TUNING, Tuning, find_speakers

# The tunings tried in each fold: every pair of reaches from 0 to 2 paragraphs.
GRID: tuple[Tuning, ...] = tuple(Tuning(a, b) for a, b in itertools.product(range(3), repeat=2))

# Words dropped from the front of a name before matching, and suffixes a lenient match
# looks past (the evaluator's lists).
HONORIFICS = frozenset("""
mr mrs ms miss mx dr prof professor sen senator rep representative gov governor president
vice gen general lt col maj capt sgt adm rev reverend sir dame lord lady judge justice chief
secretary minister prime mayor the former then sens reps st
""".split())
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


# ------------------------------------------------------------------ scoring
def norm_tokens(name: str) -> tuple[str, ...]:
    """A name as matching sees it: lower case, no accents, punctuation or honorifics."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2019`]s\b", "", s)
    s = re.sub(r"['\u2019`.]", "", s)
    toks = re.findall(r"[a-z0-9]+", s)
    while len(toks) > 1 and toks[0] in HONORIFICS:
        toks = toks[1:]
    return tuple(toks)


def lenient_eq(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other with words added at either end, or initials between."""
    if not a or not b:
        return False
    while len(a) > 1 and a[-1] in SUFFIXES:
        a = a[:-1]
    while len(b) > 1 and b[-1] in SUFFIXES:
        b = b[:-1]
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if long_[:n] == short or long_[-n:] == short:
        return True
    return len(short) >= 2 and short[0] == long_[0] and short[-1] == long_[-1]


def gold_forms(item: dict) -> list[tuple[str, ...]]:
    """The gold name and its multi-word aliases, normalised."""
    forms = [norm_tokens(item["name"])]
    forms += [t for t in map(norm_tokens, item.get("aliases", [])) if len(t) >= 2]
    return [f for f in forms if f]


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, predictions and gold speakers, strict, persons only."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.pred + other.pred, self.gold + other.gold)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_article(predicted: Iterable[str], entry: dict) -> Counts:
    """Strict person counts of one article."""
    preds = list(dict.fromkeys(t for t in map(norm_tokens, predicted) if t))
    gold = [gold_forms(x) for x in entry.get("speakers", []) if x.get("kind") == "person"]
    ignored = [gold_forms(x) for x in entry.get("speakers", []) if x.get("kind") != "person"]
    ignored += [gold_forms(x) for x in entry.get("optional", [])]
    used: set[int] = set()
    tp = 0
    unmatched = []
    for p in preds:
        gi = next((i for i, forms in enumerate(gold) if i not in used and p in forms), None)
        if gi is None:
            unmatched.append(p)
        else:
            used.add(gi)
            tp += 1
    # an optional name, an organisation or a second spelling of a matched speaker is not
    # counted; one that only leniently matches an unmatched gold person is
    pred = tp
    for p in unmatched:
        gi = next((i for i, forms in enumerate(gold)
                   if i not in used and any(lenient_eq(p, f) for f in forms)), None)
        if gi is not None:
            used.add(gi)
            pred += 2  # as the evaluator counts it: a false positive beside the miss
        elif not any(lenient_eq(p, f) for forms in gold + ignored for f in forms):
            pred += 1
    return Counts(tp, pred, len(gold))


# ------------------------------------------------------------------ running
def publisher(article_id: str) -> str:
    """The publisher of an article: its id up to the first underscore."""
    return article_id.split("_", 1)[0]


Page = tuple[list[str], str | None, str | None]  # paragraphs, title, declared language


def read_articles(data: Path) -> dict[str, Page]:
    """Paragraphs, title and declared language of each gold article, as `extract` has
    them when it looks for speakers."""
    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    pages: dict[str, Page] = {}
    for aid in sorted(gold):
        path = data / "articles" / f"{aid}.html"
        try:
            raw = path.read_bytes()
            article = extract(raw, str(path))
            language = page_language(parse_html(decode_html(raw)))
        except (OSError, ExtractError, DecodeError) as exc:
            print(f"warning: {aid}: {exc}", file=sys.stderr)
            pages[aid] = ([], None, None)
            continue
        pages[aid] = (list(article.paragraphs), article.title, language)
    return pages


def person_names(page: Page, tuning: Tuning) -> list[str]:
    """The person speakers `extract` reports, under a tuning."""
    paragraphs, title, language = page
    found = find_speakers(paragraphs, title, orgs=True, tuning=tuning, language=language)
    return [s.name for s in found if s.kind == "person"]


def fmt(counts: Counts) -> str:
    """F1, P and R with their counts."""
    p, r, f = counts.prf()
    return (f"F1 {f:.3f}  P {p:.3f}  R {r:.3f}  "
            f"(tp {counts.tp}, pred {counts.pred}, gold {counts.gold})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.speakers_loso", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder with articles/ and gold.json")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--details", action="store_true",
                    help="print each article's predicted names at the default tuning")
    args = ap.parse_args(argv)
    data = Path(args.data)
    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    pages = read_articles(data)
    # counts[tuning][publisher]
    counts: dict[Tuning, dict[str, Counts]] = {}
    for tuning in GRID:
        by_pub: dict[str, Counts] = {}
        for aid, page in pages.items():
            names = person_names(page, tuning)
            if args.details and tuning == DEFAULT_TUNING:
                print(f"{aid}\t{json.dumps(names, ensure_ascii=False)}")
            pub = publisher(aid)
            by_pub[pub] = by_pub.get(pub, Counts()) + score_article(names, gold[aid])
        counts[tuning] = by_pub
    pubs = sorted({publisher(a) for a in gold})

    def pooled(tuning: Tuning, keep: Iterable[str]) -> Counts:
        return sum((counts[tuning][p] for p in keep), Counts())

    rows = []
    loso = Counts()
    print("held out       articles  tuning  strict person (tuning chosen on the others)")
    for pub in pubs:
        others = [p for p in pubs if p != pub]
        # best F1 on the other publishers; ties go to the default, then to the smaller reach
        best = max(GRID, key=lambda t: (round(pooled(t, others).prf()[2], 6),
                                        t == DEFAULT_TUNING, -sum(t)))
        held = counts[best][pub]
        loso += held
        n = sum(1 for a in gold if publisher(a) == pub)
        print(f"{pub:<14} {n:>8}  {best.last_speaker_reach},{best.pronoun_reach}     {fmt(held)}")
        rows.append({"publisher": pub, "articles": n, "tuning": list(best),
                     "loso": held.prf(), "default": counts[DEFAULT_TUNING][pub].prf()})
    print(f"{'pooled LOSO':<14} {len(gold):>8}          {fmt(loso)}")
    print("at the default tuning "
          f"({DEFAULT_TUNING.last_speaker_reach},{DEFAULT_TUNING.pronoun_reach}):")
    for pub in pubs:
        print(f"  {pub:<14} {fmt(counts[DEFAULT_TUNING][pub])}")
    dev = pooled(DEFAULT_TUNING, pubs)
    print(f"  {'all (dev)':<14} {fmt(dev)}")
    worst = min(rows, key=lambda r: r["loso"][2])
    print(f"speakers LOSO: pooled F1 {loso.prf()[2]:.3f}, lowest {worst['publisher']} "
          f"{worst['loso'][2]:.3f}; dev F1 {dev.prf()[2]:.3f}; "
          f"{time.perf_counter() - started:.1f}s", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"publishers": rows, "pooled_loso": loso.prf(), "dev": dev.prf()}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
