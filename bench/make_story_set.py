"""Write the syndication test set: real articles, each republished by 2 to 5 other sites.

    python -m bench.make_story_set --data ../shared/data/extraction \
        --out tests/data/stories.jsonl.gz

Run once; its output is committed, so the tests and bench/stories_bench.py never need the
data folder. The texts are the hand-checked article bodies (`articleBody`) of the dev
split of scrapinghub/article-extraction-benchmark (MIT licence, copyright 2020
Scrapinghub): 109 real pages from news sites and blogs in several languages.

Each article is its own story, published first by its own site (its real URL). Then 2 to 5
other sites republish it the next hours or days, each copy with one to three of the edits
syndication makes (below), always under another headline. Every fourth article is not
republished: its text is the follow-up of the article before it, a different article that
repeats some sentences of the first as background (at most a quarter of its words); it is
a story of its own, not a copy. The set also holds, as every news archive does, different
articles about the same news (three on a hunter's bubonic plague, three on Google Stadia,
two on "feather duvet lung", two on Asian markets on one day): they are different stories
too.

Edits of a copy:
- `drop_last`: the last paragraph left out (articles of 4 paragraphs or more);
- `dateline`: "CITY, Nov. 19 (Agency) --" put before the first paragraph;
- `agency_line`: a closing credit line ("(Reporting by ...; Editing by ...)");
- `sentence`: one sentence edited (a word changed and one added, or the sentence dropped);
- `reflow`: two paragraphs run together (another site's layout).

One record a line: {"id", "story", "kind" (original | copy | follow-up), "edits", "site",
"url", "title", "body" (paragraphs separated by blank lines), "date", "source"}; the fields
of an article record of `raw/*.jsonl`, plus the story label the set is scored against.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

SEED = 20261205
COPY_SITES = (
    "dailyledger.example", "northerncourier.example", "metropost.example",
    "valleygazette.example", "harbourtimes.example", "thewire.example",
    "eveningstar.example", "coastalherald.example",
)
AGENCIES = ("Xinhua", "Reuters", "AP", "AFP")
CITIES = ("BEIJING", "LONDON", "NEW YORK", "WASHINGTON", "PARIS", "SYDNEY", "NAIROBI")
EDITS = ("drop_last", "dateline", "agency_line", "sentence", "reflow")
FOLLOW_UP_EVERY = 4
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")
_WORD = re.compile(r"\b([A-Za-z]{5,})\b")
# Words a copy desk puts in or swaps when it retouches a sentence.
RETOUCH = ("reportedly", "officially", "also", "now", "still", "recently", "further")


def paragraphs(body: str) -> list[str]:
    """A ground-truth body's paragraphs (one per line there)."""
    return [" ".join(p.split()) for p in body.splitlines() if p.strip()]


def headline(paras: list[str], rng: random.Random, words: int) -> str:
    """A headline made of a sentence's first words (the set's pages have none)."""
    sentences = [s for p in paras[:3] for s in _SENTENCE.split(p) if len(s.split()) >= 4]
    sentence = rng.choice(sentences) if sentences else paras[0]
    return " ".join(sentence.split()[:words]).rstrip(",;:")


def edit_sentence(paras: list[str], rng: random.Random) -> list[str]:
    """One sentence retouched: a word replaced and one added, or the sentence dropped."""
    out = list(paras)
    i = rng.randrange(len(out))
    sentences = _SENTENCE.split(out[i])
    j = rng.randrange(len(sentences))
    if len(sentences) > 1 and rng.random() < 0.4:
        del sentences[j]
    else:
        words = sentences[j].split()
        k = rng.randrange(len(words))
        words.insert(k, rng.choice(RETOUCH))
        long = [n for n, w in enumerate(words) if _WORD.fullmatch(w)]
        if long:
            words[rng.choice(long)] = rng.choice(RETOUCH)
        sentences[j] = " ".join(words)
    out[i] = " ".join(sentences)
    return out


def apply_edits(paras: list[str], edits: list[str], rng: random.Random, agency: str,
                date: dt.date) -> list[str]:
    out = list(paras)
    for edit in edits:
        if edit == "drop_last" and len(out) >= 4:
            out = out[:-1]
        elif edit == "dateline":
            out[0] = f"{rng.choice(CITIES)}, {date:%b}. {date.day} ({agency}) -- {out[0]}"
        elif edit == "agency_line":
            out.append(rng.choice((f"(Reporting by the {agency} desk; Editing by staff)",
                                   f"Source: {agency}",
                                   f"-- {agency} contributed to this report.")))
        elif edit == "sentence":
            out = edit_sentence(out, rng)
        elif edit == "reflow" and len(out) >= 2:
            i = rng.randrange(len(out) - 1)
            out[i:i + 2] = [out[i] + " " + out[i + 1]]
    return out


def copy_id(url: str) -> str:
    return hashlib.blake2b(url.encode(), digest_size=6).hexdigest()


def follow_up(original: list[str], other: list[str], rng: random.Random) -> list[str]:
    """A new article (another one's text) that repeats some sentences of the first as
    background, as a follow-up story does: at most a quarter of its words."""
    middle = original[1:-1] or original
    sentences = _SENTENCE.split(rng.choice(middle))
    budget = sum(len(p.split()) for p in other) // 3
    background: list[str] = []
    for sentence in sentences:
        if sum(len(s.split()) for s in background) + len(sentence.split()) > budget:
            break
        background.append(sentence)
    background = background or [" ".join(sentences[0].split()[:budget])]
    return [*other[:2], " ".join(background), *other[2:]]


def make_set(truth: dict[str, dict]) -> list[dict]:
    rng = random.Random(SEED)
    ids = sorted(truth)
    records: list[dict] = []
    base_day = dt.date(2019, 11, 1)
    for n, key in enumerate(ids):
        if n % FOLLOW_UP_EVERY == FOLLOW_UP_EVERY - 1:
            continue  # this article's text is the follow-up of the one before
        paras = paragraphs(truth[key]["articleBody"])
        url = truth[key]["url"]
        story = f"s{n:03d}"
        day = base_day + dt.timedelta(days=rng.randrange(40))
        host = urlsplit(url).hostname or "unknown"
        records.append({"id": copy_id(url), "story": story, "kind": "original", "edits": [],
                        "site": host.removeprefix("www."), "url": url,
                        "title": headline(paras, rng, 9), "body": "\n\n".join(paras),
                        "date": day.isoformat(), "source": None})
        agency = rng.choice(AGENCIES)
        for site in rng.sample(COPY_SITES, rng.randint(2, 5)):
            edits = sorted(rng.sample(EDITS, rng.randint(1, 3)), key=EDITS.index)
            copy_day = day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 5)))
            copy_url = f"https://{site}/news/{copy_day:%Y/%m/%d}/{copy_id(url + site)}.html"
            text = apply_edits(paras, edits, rng, agency, copy_day)
            records.append({"id": copy_id(copy_url), "story": story, "kind": "copy",
                            "edits": edits, "site": site, "url": copy_url,
                            "title": headline(paras, rng, rng.randint(6, 11)),
                            "body": "\n\n".join(text), "date": copy_day.isoformat(),
                            "source": agency if "dateline" in edits or rng.random() < 0.3
                            else None})
        if n % FOLLOW_UP_EVERY == FOLLOW_UP_EVERY - 2 and n + 1 < len(ids):
            other = paragraphs(truth[ids[n + 1]]["articleBody"])
            site = rng.choice(COPY_SITES)
            later = day + dt.timedelta(days=rng.randint(1, 6))
            fu_url = f"https://{site}/news/{later:%Y/%m/%d}/{copy_id(url + 'follow-up')}.html"
            text = follow_up(paras, other, rng)
            records.append({"id": copy_id(fu_url), "story": f"{story}f", "kind": "follow-up",
                            "edits": [], "site": site, "url": fu_url,
                            "title": headline(text, rng, 9), "body": "\n\n".join(text),
                            "date": later.isoformat(), "source": None})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="the extraction data folder (ground-truth.json)")
    parser.add_argument("--out", type=Path, default=Path("tests/data/stories.jsonl.gz"))
    args = parser.parse_args(argv)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    records = make_set(truth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same input gives the same bytes
    with gzip.GzipFile(args.out, "wb", mtime=0) as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    kinds = {k: sum(r["kind"] == k for r in records) for k in ("original", "copy", "follow-up")}
    print(f"{len(records)} records ({kinds}) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
