"""Publication dates and sections on sources and sites the choices were not made on.

    python -m bench.metadata_loso --data ../shared/data/metadata [--table] [--json OUT]

The data folder is an evaluation set (`gold.json` and `pages/<id>.html`, as
shared/tools/eval_metadata.py reads it). Every page is read once, in process: the
project's date rules (with their tier, and without each rule in turn), htmldate's stages
(htmldate_stages), htmldate alone as its users call it (`find_date(bytes,
original_date=True)`) and every section signal. What can be tuned is then chosen on some
pages and scored on others:

- which date rules are kept: a rule (dates.RULES) stays when, on the pages it is learned
  on, it is worth more than nothing against the same rules without it and htmldate behind
  them (right - WRONG_COST x wrong), on at least --min-sites sites;
- the decision table (dates.DECISIONS): for each pair of tiers where the rules and htmldate
  disagree, which answer stands, or none: the choice that does best by the same measure
  (at least MIN_CELL pages, and by more than DEFAULT_MARGIN over dates' default choice,
  else the default stands);
- sections: which signals (section_finder.SIGNALS, in their order) are read: a signal is
  left out where, deciding, it is wrong more often than right against the signals after it;
  and the alias table (sections.SECTION_ALIASES): held out, a fold is read without the
  wordings that no page of another fold offers.

Leave one source out: learned on two of the data set's sources (the id prefixes), scored on
the third. Leave one site out: learned on all other sites, scored on the site (its registered
domain): a rule only that site justifies is left out when it is scored. Figures per source
and per group of sites (by top-level domain), beside htmldate alone and the rules without
htmldate, held out the same way. The rules were written on these pages: a rule that other
sites justify too may still have been shaped by the held-out one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from indexer.extraction import dates, htmldate_stages, section_finder, sections
from indexer.extraction.decode import decode_html
from indexer.extraction.extract import parse_html
from indexer.extraction.page import find_url

# A wrong date costs this many missing ones: a confident wrong date is worse than none.
WRONG_COST = 2.0
# A table cell is learned from at least this many pages; with fewer, the default stands.
MIN_CELL = 2
# ...and the default stands unless another choice beats it by more than this (in pages):
# one page more or less does not overturn it.
DEFAULT_MARGIN = 1.0
# A rule is kept when it is worth something on at least this many sites of the pages it is
# learned on (--min-sites); held out, a site is scored without the rules only it justifies.
MIN_SITES = 1
CHOICES = ("rules", "library", "none")

# Site groups, by top-level domain: the evaluation pages are mostly German-language and
# other European sites, then generic domains (.com, .org: English news, blogs, firms).
GERMAN_TLDS = frozenset({"de", "at", "ch", "li"})
EUROPEAN_TLDS = frozenset(
    "fr it es pt nl be lu uk ie pl cz sk hu ro bg gr si hr rs ba me mk al dk se no fi is ee "
    "lv lt by ua ru md eu tn".split()
)
GENERIC_TLDS = frozenset("com org net info biz io media co news blog online tv fm".split())
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})


def site_of(url: str | None, fallback: str) -> str:
    """A page's site: its registered domain ("spiegel.de", "bbc.co.uk"); archived pages by
    the archived address."""
    if not url:
        return fallback
    if m := re.search(r"web\.archive\.org/web/[^/]+/(.+)$", url):
        url = m[1] if "://" in m[1] else "http://" + m[1]
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if len(labels) < 2:
        return host or fallback
    keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def site_group(site: str) -> str:
    """German-speaking, other European, generic or other top-level domain."""
    tld = site.rsplit(".", 1)[-1] if "." in site else ""
    if tld in GERMAN_TLDS:
        return "de/at/ch"
    if tld in EUROPEAN_TLDS:
        return "other Europe"
    if tld in GENERIC_TLDS:
        return "generic (.com ...)"
    return "rest of world" if tld else "no address"


# --- reading the pages ----------------------------------------------------------------------


def read_pages(data: Path, limit: int = 0) -> tuple[list[dict], dict[str, float]]:
    """Every page's gold and what each extractor says, with the seconds each took."""
    import htmldate  # the peer as its users call it

    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    seconds: Counter[str] = Counter()

    def timed(name: str, call: Callable[..., object], *args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        value = call(*args, **kwargs)
        seconds[name] += time.perf_counter() - start
        return value

    pages = []
    for pid in ids:
        g = gold[pid]
        raw = (data / "pages" / f"{pid}.html").read_bytes()
        tree = timed("parse", parse_html, timed("parse", decode_html, raw, None))
        url = find_url(tree)
        rules = timed("date rules", dates.find_rules_date, tree, url)
        library = timed("htmldate stages", dates.find_library_date, tree, url, rules)
        shipped = timed("date as shipped", dates.find_date, tree, url)
        signals = timed("section signals", section_finder.section_signals, tree, url)
        wordings = section_finder.section_wordings(tree, url)
        alone = timed("htmldate alone", htmldate.find_date, raw, original_date=True)
        # what the rules say without each one of them, where that differs
        ablated = {}
        for name in dates.RULES:
            without = dates.find_rules_date(tree, url, frozenset({name}))
            if without != rules:
                ablated[name] = without
        site = site_of(g.get("url") or url, pid)
        pages.append({
            "id": pid, "source": pid.split("-", 1)[0], "site": site, "group": site_group(site),
            "gold_date": g.get("date"), "gold": g, "rules": rules, "library": library,
            "ablated": ablated, "shipped": shipped, "alone": alone[:10] if alone else None,
            "signals": signals,
            "wordings": wordings,
        })
    return pages, dict(seconds)


# --- dates ----------------------------------------------------------------------------------


def outcome(pred: str | None, gold: str) -> str:
    return "null" if pred is None else "ok" if pred == gold else "wrong"


def value(pred: str | None, gold: str) -> float:
    """What a prediction is worth: 1 right, 0 none, -WRONG_COST wrong."""
    result = outcome(pred, gold)
    return 1.0 if result == "ok" else -WRONG_COST if result == "wrong" else 0.0


# pages whose rules without several rules at once were read as without the first of them
APPROXIMATED: set[str] = set()


def rules_with(page: dict, skip: frozenset[str]) -> dates.RulesDate | None:
    """The rules' date without the rules in `skip`."""
    hit = [name for name in dates.RULES if name in skip and name in page["ablated"]]
    if not hit:
        return page["rules"]
    if len(hit) > 1:
        APPROXIMATED.add(page["id"])
    return page["ablated"][hit[0]]


def _day(found: object) -> str | None:
    if found is None:
        return None
    day = found.found.day if isinstance(found, dates.RulesDate) else found.day
    return day.isoformat()


def learn_decisions(
    pages: Iterable[dict], skip: frozenset[str] = frozenset()
) -> dict[tuple[str | None, str | None], str]:
    """The decision table that does best on `pages` (see the module's docstring)."""
    tally: dict[tuple, Counter[str]] = defaultdict(Counter)
    for page in pages:
        rules = rules_with(page, skip)
        choice, _ = dates.choose(rules, page["library"], {})
        if choice == "agree":
            continue
        cell = (rules.tier if rules else None, htmldate_stages.library_tier(page["library"]))
        tally[cell]["pages"] += 1
        tally[cell]["rules"] += value(_day(rules), page["gold_date"])
        tally[cell]["library"] += value(_day(page["library"]), page["gold_date"])
    table = {}
    for cell, gains in tally.items():
        if gains["pages"] < MIN_CELL:
            continue
        default = dates._default_choice(*cell)
        # only a side that has an answer can be chosen; the default wins ties
        offered = [c for c, side in zip(CHOICES, (*cell, "none"), strict=True) if side]
        best = max(offered, key=lambda c: (gains[c] + DEFAULT_MARGIN * (c == default),
                                           c == default))
        if best != default:
            table[cell] = best
    return table


Learned = tuple[frozenset[str], dict]


def decide(page: dict, learned: Learned) -> str | None:
    skip, table = learned
    _, day = dates.choose(rules_with(page, skip), page["library"], table)
    return day.isoformat() if day else None


def rule_gains(pages: list[dict], table: dict) -> dict[str, tuple[float, int]]:
    """Each rule's worth on `pages` against the same rules without it (and htmldate behind
    them), with the number of sites where it is worth something."""
    gains = {}
    for name in dates.RULES:
        total, sites = 0.0, set()
        for page in pages:
            if name in page["ablated"]:
                delta = (value(decide(page, (frozenset(), table)), page["gold_date"])
                         - value(decide(page, (frozenset({name}), table)), page["gold_date"]))
                total += delta
                if delta > 0:
                    sites.add(page["site"])
        gains[name] = (total, len(sites))
    return gains


def learn(pages: list[dict], min_sites: int = MIN_SITES) -> Learned:
    """Which rules earn their place on `pages`, and the decision table with the rest."""
    gains = rule_gains(pages, learn_decisions(pages))
    # a rule has to be worth something on these pages: on a tie htmldate's answer stands
    skip = frozenset(name for name, (gain, sites) in gains.items()
                     if gain <= 0 or sites < min_sites)
    return skip, learn_decisions(pages, skip)


def rules_alone(page: dict) -> str | None:
    return _day(page["rules"])


def date_figures(pages: list[dict], preds: dict[str, str | None]) -> dict:
    counts = Counter(outcome(preds[p["id"]], p["gold_date"]) for p in pages if p["gold_date"])
    n = sum(counts.values())
    return {"n": n, **{k: round(counts[k] / n, 3) if n else None for k in ("ok", "null", "wrong")}}


def held_out(pages: list[dict], key: Callable[[dict], str],
             learn: Callable[[list[dict]], object],
             predict: Callable[[dict, object], object]) -> dict[str, object]:
    """Predictions for every page by what was learned on the pages of the other folds."""
    folds: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        folds[key(page)].append(page)
    preds = {}
    for fold, members in folds.items():
        learned = learn([p for p in pages if key(p) != fold])
        for page in members:
            preds[page["id"]] = predict(page, learned)
    return preds


# --- sections -------------------------------------------------------------------------------


def section_matcher(evaluator: Path | None) -> Callable[[str | None, dict], bool]:
    """The evaluator's own comparison (its synonyms, aliases and label parts) when it is
    there, else the project's alias table."""
    if evaluator and evaluator.exists():
        spec = importlib.util.spec_from_file_location("eval_metadata", evaluator)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return lambda pred, g: bool(set(module.section_parts(pred)) & module.gold_sections(g))

    def matches(pred: str | None, g: dict) -> bool:
        labels = [g.get("section"), g.get("section_raw"), *(g.get("section_aliases") or [])]
        wanted = {sections.canonical_section(x) or x for x in labels if x}
        return pred is not None and (sections.canonical_section(pred) or pred) in wanted
    return matches


def _section_value(page: dict, order: Iterable[str]) -> int:
    """1 for the gold section, -1 for another, 0 for none."""
    for signal in order:
        if page["signals"][signal]:
            return 1 if page["signal_ok"][signal] else -1
    return 0


def learn_order(pages: list[dict], matches: Callable) -> tuple[str, ...]:
    """The shipped order of the signals without those that do harm on `pages`: where a
    signal decides, it is wrong more often than right against the signals after it. A signal
    that decides nothing there is kept: no section stands behind it."""
    scored = [p for p in pages if p["gold"].get("section")]
    for page in scored:
        if "signal_ok" not in page:
            page["signal_ok"] = {
                s: matches(v, page["gold"]) for s, v in page["signals"].items() if v
            }
    order = list(section_finder.SIGNALS)
    for signal in section_finder.SIGNALS:
        without = [s for s in order if s != signal]
        gain = sum(_section_value(p, order) - _section_value(p, without) for p in scored)
        if gain < 0:
            order = without
    return tuple(order)


def first(page: dict, order: Iterable[str]) -> str | None:
    return next((page["signals"][s] for s in order if page["signals"][s]), None)


def vocabulary_sites(pages: list[dict]) -> dict[str, set[str]]:
    """For each wording the alias table knows, the sites whose pages offer it (any signal)."""
    used: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for signal, wordings in page["wordings"].items():
            for wording in wordings if signal not in section_finder.AS_WRITTEN else ():
                if sections.canonical_section(wording):
                    used[sections.normalise_label(wording)].add(page["site"])
    return used


def held_out_sections(pages: list[dict], key: Callable[[dict], str], matches: Callable) -> dict:
    """Sections of every page with the signals learned on the other folds, and an alias
    table without the wordings that only the held-out fold's pages use: those may have been
    written for it (what is left still reads their kin: compounds and stems)."""
    used = vocabulary_sites(pages)
    fold_of_site = {p["site"]: key(p) for p in pages}
    preds = {}
    for fold in {key(p) for p in pages}:
        order = learn_order([p for p in pages if key(p) != fold], matches)
        only_here = {w for w, sites in used.items()
                     if all(fold_of_site[site] == fold for site in sites)}

        aliases = sections.Aliases(
            {w: label for w, label in sections.ALIASES.lookup.items() if w not in only_here}
        )
        for page in (p for p in pages if key(p) == fold):
            readings = {
                signal: (wordings[0] if wordings else None)
                if signal in section_finder.AS_WRITTEN
                else section_finder.known_section(wordings, aliases)
                for signal, wordings in page["wordings"].items()
            }
            preds[page["id"]] = next((readings[s] for s in order if readings[s]), None)
    return preds


def section_figures(pages: list[dict], preds: dict, matches: Callable) -> dict:
    scored = [p for p in pages if p["gold"].get("section")]
    n = len(scored)
    ok = sum(matches(preds[p["id"]], p["gold"]) for p in scored)
    null = sum(preds[p["id"]] is None for p in scored)
    share = lambda k: round(k / n, 3) if n else None  # noqa: E731
    return {"n": n, "ok": share(ok), "null": share(null)}


# --- report ---------------------------------------------------------------------------------


def _date_line(label: str, fig: dict) -> str:
    if not fig["n"]:
        return f"  {label:<34} n=0"
    return (f"  {label:<34} n={fig['n']:<4} acc {fig['ok']:.3f}  null {fig['null']:.3f}  "
            f"wrong {fig['wrong']:.3f}")


def _by(pages: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        groups[page[key]].append(page)
    return dict(sorted(groups.items()))


def report(pages: list[dict], matches: Callable, show_table: bool,
           min_sites: int = MIN_SITES) -> dict:
    """Print the figures; return them as one JSON-able dict."""
    fit = lambda train: learn(train, min_sites)  # noqa: E731
    all_skip, all_table = learned = fit(pages)
    # the rules without htmldate behind them, held out the same way
    bare = [dict(p, library=None) for p in pages]
    by_source, by_site = (lambda p: p["source"]), (lambda p: p["site"])
    systems = {
        "htmldate alone": {p["id"]: p["alone"] for p in pages},
        "rules alone: all rules": {p["id"]: rules_alone(p) for p in pages},
        "rules alone: one source out": held_out(bare, by_source, fit, decide),
        "rules alone: one site out": held_out(bare, by_site, fit, decide),
        "as shipped (dates.DECISIONS)": {p["id"]: p["shipped"] for p in pages},
        "with htmldate: learned on all": {p["id"]: decide(p, learned) for p in pages},
        "with htmldate: one source out": held_out(pages, by_source, fit, decide),
        "with htmldate: one site out": held_out(pages, by_site, fit, decide),
    }
    out: dict = {"dates": {}, "sections": {}}
    print(f"dates: {len(pages)} pages, {len({p['site'] for p in pages})} sites "
          f"(WRONG_COST {WRONG_COST}, MIN_CELL {MIN_CELL}, DEFAULT_MARGIN {DEFAULT_MARGIN}, "
          f"min sites {min_sites})")
    for name, preds in systems.items():
        fig = date_figures(pages, preds)
        print(_date_line(name, fig))
        entry = {"all": fig, "by source": {}, "by site group": {}}
        for key, label in (("source", "by source"), ("group", "by site group")):
            for value, members in _by(pages, key).items():
                entry[label][value] = sub = date_figures(members, preds)
                print(_date_line(f"  {value}", sub))
        out["dates"][name] = entry
    if show_table:
        print("rules on all pages: worth (right - WRONG_COST x wrong against the same rules "
              "without it), sites where it helps")
        for name, (gain, sites) in rule_gains(pages, learn_decisions(pages)).items():
            print(f"    {name:<28} {gain:+5.1f}  {sites:>3} sites"
                  + ("  (left out)" if name in all_skip else ""))
        print("decision table learned on all pages (cells not listed: dates._default_choice):")
        for cell, choice in sorted(all_table.items(), key=str):
            print(f"    {cell!r}: {choice!r},")
    if APPROXIMATED:
        print(f"  ({len(APPROXIMATED)} pages depend on several left-out rules: read as "
              "without the first)")

    orders = {
        "as shipped (all signals)": {p["id"]: first(p, section_finder.SIGNALS) for p in pages},
        "signals learned on all pages": {p["id"]: first(p, learn_order(pages, matches))
                                       for p in pages},
    }
    orders["leave one source out"] = held_out_sections(pages, by_source, matches)
    orders["leave one site out"] = held_out_sections(pages, by_site, matches)
    print(f"sections: {sum(bool(p['gold'].get('section')) for p in pages)} pages with a gold "
          f"section; signals learned on all: {' > '.join(learn_order(pages, matches))}")
    for name, preds in orders.items():
        fig = section_figures(pages, preds, matches)
        entry = {"all": fig, "by source": {}, "by site group": {}}
        print(f"  {name:<34} n={fig['n']:<4} acc {fig['ok']:.3f}  null {fig['null']:.3f}")
        for key, label in (("source", "by source"), ("group", "by site group")):
            for value, members in _by(pages, key).items():
                sub = section_figures(members, preds, matches)
                if sub["n"]:
                    entry[label][value] = sub
                    print(f"    {value:<32} n={sub['n']:<4} acc {sub['ok']:.3f}  "
                          f"null {sub['null']:.3f}")
        out["sections"][name] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, type=Path, help="folder with gold.json and pages/")
    ap.add_argument("--evaluator", type=Path,
                    help="eval_metadata.py whose section matching to use "
                         "(default: tools/eval_metadata.py two folders above --data)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (by id)")
    ap.add_argument("--table", action="store_true",
                    help="print each rule's worth and the learned decision table")
    ap.add_argument("--min-sites", type=int, default=MIN_SITES,
                    help="sites a rule must help on to be kept (default %(default)s)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args(argv)
    evaluator = args.evaluator or args.data.resolve().parent.parent / "tools" / "eval_metadata.py"
    pages, seconds = read_pages(args.data, args.limit)
    out = report(pages, section_matcher(evaluator), args.table, args.min_sites)
    out["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
    print("seconds for", len(pages), "pages:",
          ", ".join(f"{k} {v:.2f}" for k, v in out["seconds"].items()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
