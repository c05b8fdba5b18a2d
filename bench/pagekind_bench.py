"""How well pages that are no articles are kept out, and articles kept in.

    python -m bench.pagekind_bench --articles DIR [DIR ...] --listings DIR [DIR ...]

Extracts every .html/.htm file under the given folders (labelled by the folder they are
in: articles, or home pages, listings and other pages of links) and counts the verdicts:
an article is kept when extract returns it (a page with no article text found is counted
apart: it is not in the index either, but for another reason); a listing is kept out when
extract says it is not an article, or finds no text in it. Prints each page dropped or let
in by mistake, then one line:
`pagekind: listings out L of N (P), articles kept A of M (Q)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extraction.extract import ExtractError, NotAnArticle, extract


def verdict(path: Path) -> str:
    """"article", "not an article: <reason>" or "no text: <reason>"."""
    try:
        extract(path.read_bytes(), path.name)
    except NotAnArticle as exc:
        return str(exc)
    except ExtractError as exc:
        return f"no text: {exc}"
    return "article"


def pages(folders: list[str]) -> list[Path]:
    return sorted(p for folder in folders for p in Path(folder).rglob("*")
                  if p.suffix.lower() in (".html", ".htm") and p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", nargs="+", default=[], help="folders of article pages")
    ap.add_argument("--listings", nargs="+", default=[],
                    help="folders of home pages, listings and other pages of links")
    args = ap.parse_args(argv)
    articles, listings = pages(args.articles), pages(args.listings)
    kept = 0
    for path in articles:
        found = verdict(path)
        if found == "article":
            kept += 1
        else:
            print(f"article dropped: {path} ({found})")
    out = 0
    for path in listings:
        found = verdict(path)
        if found == "article":
            print(f"listing kept: {path}")
        else:
            out += 1
    def share(n: int, total: int) -> str:
        return f"{n / total:.3f}" if total else "n/a"
    print(f"pagekind: listings out {out} of {len(listings)} ({share(out, len(listings))}), "
          f"articles kept {kept} of {len(articles)} ({share(kept, len(articles))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
