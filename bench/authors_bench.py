"""Bylines on real pages: which declare an author, and what the extractor makes of them.

    python -m bench.authors_bench DIR [DIR ...] [--sample 50] [--seed 1] [--json FILE]

Reads every .html page under each DIR (the evaluation sets' `pages/` folders), notes what
each page declares about its author (JSON-LD `author`, `<meta name="author">` and kin,
`rel=author` links, byline elements, a "By ..." line in the first paragraphs of the
extracted text) and runs the extractor on it. Prints the counts (pages, pages that declare
something, pages given an author, pages given one that declare none) and a seeded random
sample of the pages that declare one, each with what it declares and the author found,
for a reader to judge: no gold exists for authors, so precision is a judgement by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import html

from indexer.extraction import authors
from indexer.extraction.extract import ExtractError, extract, parse_html
from indexer.extraction.page import collapse, page_for, rel_values

_BY_LINE = re.compile(rf"^\s*{authors.BYLINE_WORD}\s+\S", re.IGNORECASE)


def declarations(tree: html.HtmlElement) -> list[str]:
    """What the page says about its author, as written (short), source by source."""
    found: list[str] = []
    page = page_for(tree)
    for obj in page.json_ld:
        if "author" in obj:
            found.append("json-ld: " + json.dumps(obj["author"], ensure_ascii=False)[:100])
            break
    for name in authors.AUTHOR_META:
        for value in page.meta.get(name, ())[:1]:
            found.append(f"meta {name}: {value[:80]}")
    for el in tree.iter("a", "link"):
        if "author" in rel_values(el):
            text = collapse(el.text_content()) or el.get("href") or ""
            found.append("rel=author: " + text[:80])
            break
    body = tree.find("body")
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str):
            continue
        classes = (el.get("class") or "").lower()
        if el.get("itemprop") == "author" or authors.BYLINE_CLASS.search(classes):
            text = collapse(el.text_content()) or ""
            if text and len(text) <= authors.MAX_BYLINE_CHARS:
                found.append(f"byline element <{el.tag}>: {text[:80]}")
                break
    return found


def survey(dirs: list[Path]) -> list[dict]:
    """One row per page: its path, what it declares, the authors found."""
    rows = []
    for folder in dirs:
        for path in sorted(folder.rglob("*.html")):
            raw = path.read_bytes()
            try:
                article = extract(raw, str(path))
            except ExtractError:
                continue
            declared = declarations(parse_html(raw.decode("utf-8", "replace")))
            lines = [p for p in article.paragraphs[:3] if _BY_LINE.match(p) and len(p) < 120]
            rows.append({"path": str(path), "declared": declared, "by_lines": lines,
                         "authors": list(article.authors)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.authors_bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of .html pages")
    ap.add_argument("--sample", type=int, default=50, help="pages to list for judging")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write every row to this file")
    args = ap.parse_args(argv)
    rows = survey(args.dirs)
    declaring = [r for r in rows if r["declared"]]
    given = [r for r in rows if r["authors"]]
    print(f"authors: {len(rows)} pages, {len(declaring)} declare an author, "
          f"{sum(1 for r in declaring if r['authors'])} of those given one, "
          f"{sum(1 for r in given if not r['declared'])} given one without a declaration")
    sample = random.Random(args.seed).sample(declaring, min(args.sample, len(declaring)))
    for row in sorted(sample, key=lambda r: r["path"]):
        print(f"\n{Path(row['path']).name}\n  found: {row['authors'] or None}")
        for line in row["declared"]:
            print(f"  {line}")
        if row["by_lines"]:
            print(f"  (line left in the text: {row['by_lines'][0][:80]})")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
