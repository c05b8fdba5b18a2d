"""Write N realistic news-article HTML pages into a raw directory, deterministically.

    python -m bench.pages --out /tmp/raw --n 10000 [--corpus news.jsonl.gz] [--seed 1]
    python -m bench.pages --out /tmp/raw --churn            # modify, touch and add 1%

Text comes from `--corpus FILE.jsonl[.gz]` (one {"id","title","body","date","section"} per
line, body paragraphs separated by blank lines): the corpus documents first, then, when N
exceeds the corpus, new documents that recombine paragraphs of documents of the same section,
with fresh ids and dates. Without a corpus the text is synthesised from the project's shipped
sample pages (raw/, else tests/pages/clean/): their paragraphs are extracted with the project's
own extractor, split into sentences and recombined, and part of the words are swapped for
words of a seeded Zipf-distributed vocabulary (proper names for capitalised words), so that the
vocabulary grows with N as a real archive's does instead of repeating a few hundred words.

Each page is wrapped in one of three site templates with a <title>Headline | Site</title>,
og:title, article:published_time, article:section, a unique rel=canonical, a navigation
header, <article><h1><time><p>...</article>, a share bar, a newsletter box, a related list,
a comment thread and form, scripts and a footer, so that extraction does real work.
Pages go 1000 to a sub-folder: DIR/0000/0000000.html, DIR/0001/0001000.html, ...
Page i is the same whatever N is (each page has its own seeded random generator).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `bench` and the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, log

PER_FOLDER = 1000
WORDS = 100_000  # synthetic vocabulary (sample mode)
NAMES = 20_000  # synthetic name parts
DATE_FROM = dt.datetime(2015, 1, 1)
DATE_SPAN_S = int((dt.datetime(2024, 12, 31) - DATE_FROM).total_seconds())
SECTIONS = {  # section -> weight, for documents that do not bring their own
    "World": 20, "Politics": 15, "Business": 15, "Sport": 12, "Technology": 8, "Science": 6,
    "Health": 6, "Culture": 6, "Local": 7, "Opinion": 5,
}
SITES = (
    ("The Daily Ledger", "www.dailyledger.example"),
    ("Northern Courier", "northerncourier.example"),
    ("Metro Post", "www.metropost.example"),
)
STOP = frozenset("""a an and are as at be but by for from has have he her his i if in into is it
its of on or our she so that the their them there they this to was we were what when which who
will with would you your not no said says one two new also after over than then been more about
""".split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])|(?<=[.!?][\"”])\s+")
_TOKEN = re.compile(r"\w+|[^\w]+")


@dataclass(slots=True)
class Doc:
    """One article's text and metadata."""

    id: str
    title: str
    paragraphs: list[str]
    date: dt.datetime
    section: str
    extra_comments: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- sources


def _parse_date(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:19], text[:10]):
        try:
            parsed = dt.datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed.replace(tzinfo=None)
    return None


def split_paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", body or "") if p.strip()]


def load_corpus(path: Path) -> list[Doc]:
    """Documents of a JSON Lines corpus (gzip when the name ends in .gz)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    docs: list[Doc] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            paragraphs = split_paragraphs(rec.get("body") or "")
            title = " ".join(str(rec.get("title") or "").split())
            if not paragraphs or not title:
                continue
            date = _parse_date(rec.get("date")) or _fresh_date(random.Random(f"date:{lineno}"))
            docs.append(Doc(id=str(rec.get("id") or lineno), title=title,
                            paragraphs=paragraphs, date=date,
                            section=str(rec.get("section") or "World")))
    if not docs:
        raise SystemExit(f"error: no usable documents in {path}")
    return docs


def sample_pages() -> list[Path]:
    """The project's shipped sample pages: raw/, else the cleaning fixtures of the tests."""
    for folder in (ROOT / "raw", ROOT / "tests" / "pages" / "clean"):
        found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".html", ".htm"))
        if found:
            return found
    return []


def sample_docs() -> list[Doc]:
    """The sample pages' articles, extracted by the project's own extractor."""
    from indexer.extraction.extract import ExtractError, extract

    docs = []
    for path in sample_pages():
        try:
            art = extract(path.read_bytes(), str(path))
        except (OSError, ExtractError):
            continue
        if art.paragraphs:
            docs.append(Doc(id=path.stem, title=art.title or path.stem,
                            paragraphs=list(art.paragraphs),
                            date=_parse_date(art.date) or DATE_FROM,
                            section=art.section or "World"))
    if not docs:
        raise SystemExit("error: no sample pages found in raw/ or tests/pages/clean/; "
                         "pass --corpus FILE.jsonl")
    return docs


def _fresh_date(rng: random.Random) -> dt.datetime:
    return DATE_FROM + dt.timedelta(seconds=rng.randrange(DATE_SPAN_S))


# --------------------------------------------------------------------------- vocabulary

_ONSETS = ("b c d f g h j k l m n p r s t v w z br cl dr fl gr pl st tr sh ch th kr sl "
           "bl pr sp").split()
_VOWELS = "a e i o u a e i o ai ea ou ie".split()
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "nd", "st", "rt", "ck", "x"]
_SUFFIXES = ["", "", "", "", "tion", "ment", "ing", "er", "ity", "al", "ed", "s", "ness"]


def _zipf(words: list[str], exponent: float = 1.0,
          offset: int = 0) -> tuple[list[str], list[float]]:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+offset)^exponent: the offset flattens the
    head, which the sample's own common words already fill."""
    return words, list(accumulate(1.0 / ((rank + offset) ** exponent)
                                  for rank in range(1, len(words) + 1)))


def _lexicon(rng: random.Random, size: int, syllables: tuple[int, int], suffix: bool) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < size:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.randint(*syllables)))
        if suffix:
            word += rng.choice(_SUFFIXES)
        if 4 <= len(word) <= 16 and word not in seen and word not in STOP:
            seen.add(word)
            out.append(word)
    return out


@dataclass(slots=True)
class _Template:
    tokens: list[str]
    names: list[int]  # capitalised words inside the sentence
    words: list[int]  # lower-case content words
    numbers: list[int]


def _template(sentence: str) -> _Template:
    tokens = _TOKEN.findall(sentence)
    names, words, numbers = [], [], []
    first = True
    for i, tok in enumerate(tokens):
        if not tok[0].isalnum() and tok[0] != "_":
            if any(c in tok for c in ".!?:"):
                first = True
            continue
        if tok.isdigit():
            numbers.append(i)
        elif tok[0].isupper() and not first and len(tok) > 1 and not tok.isupper():
            names.append(i)
        elif tok.isalpha() and tok.islower() and len(tok) >= 5 and tok not in STOP:
            words.append(i)
        first = False
    return _Template(tokens, names, words, numbers)


# --------------------------------------------------------------------------- generator


class Generator:
    """Document i of a synthetic archive, the same for any N (seeded per document)."""

    def __init__(self, seed: int = 1, corpus: Path | None = None, *,
                 quiet: bool = False) -> None:
        self.seed = seed
        if corpus is not None:
            self.base = load_corpus(corpus)
            self.mode = "corpus"
        else:
            self.base = sample_docs()
            self.mode = "sample"
        if not quiet:
            what = str(corpus) if corpus else f"{len(sample_pages())} sample pages"
            log(f"pages: text from {what} ({len(self.base)} documents, {self.mode} mode)")
        self.by_section: dict[str, list[Doc]] = defaultdict(list)
        for doc in self.base:
            self.by_section[doc.section].append(doc)
        self.sections = sorted(self.by_section)
        rng = random.Random(f"lexicon:{seed}")
        # Fixed lexicons with a long Zipf tail: the words an archive uses grow with its size
        # (Heaps' law), and page i does not depend on N.
        self.words = _zipf(_lexicon(rng, WORDS, (2, 3), True), 1.0, 50)
        self.names = _zipf([w.capitalize() for w in _lexicon(rng, NAMES, (1, 3), False)],
                           0.9, 10)
        self.templates = [_template(s) for d in self.base for p in d.paragraphs
                          for s in _SENTENCE.split(p) if len(s.split()) >= 4]
        self.titles = [d.title for d in self.base]
        self.author_names = self.names[0][:200]
        self._sec_names, self._sec_cum = zip(*SECTIONS.items(), strict=True)
        self._sec_cum = list(accumulate(self._sec_cum))

    # -- text

    def _sentence(self, rng: random.Random) -> str:
        t = rng.choice(self.templates)
        tokens = list(t.tokens)
        if t.names:
            picks = rng.choices(self.names[0], cum_weights=self.names[1], k=len(t.names))
            for i, name in zip(t.names, picks, strict=True):
                if rng.random() < 0.8:
                    tokens[i] = name
        if t.words:
            picks = rng.choices(self.words[0], cum_weights=self.words[1], k=len(t.words))
            for i, word in zip(t.words, picks, strict=True):
                if rng.random() < 0.35:
                    tokens[i] = word
        for i in t.numbers:
            digits = len(tokens[i])
            tokens[i] = str(rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))
        return "".join(tokens).strip()

    def paragraph(self, rng: random.Random) -> str:
        """A fresh paragraph of 1-3 sentences."""
        if self.mode == "corpus":
            return rng.choice(rng.choice(self.base).paragraphs)
        return " ".join(self._sentence(rng) for _ in range(rng.randint(1, 3)))

    def _headline(self, rng: random.Random) -> str:
        words = [w for w in re.findall(r"[\w'’-]+", self._sentence(rng)) if w[0].isalnum()]
        cut = rng.randint(6, 11)
        words = words[:cut]
        while len(words) > 3 and words[-1].lower() in STOP:
            words.pop()
        text = " ".join(words)
        return text[:1].upper() + text[1:]

    def headline(self, rng: random.Random) -> str:
        if self.mode == "corpus":
            return rng.choice(self.titles)
        return self._headline(rng)

    # -- documents

    def doc(self, i: int) -> Doc:
        """Document i: corpus document i while there are any, then a recombination."""
        rng = random.Random(f"doc:{self.seed}:{i}")
        if self.mode == "corpus":
            if i < len(self.base):
                base = self.base[i]
                doc = Doc(base.id, base.title, list(base.paragraphs), base.date, base.section)
            else:
                section = rng.choice(self.base).section
                pool = self.by_section[section]
                paragraphs: list[str] = []
                for _ in range(rng.randint(3, 10)):
                    para = rng.choice(rng.choice(pool).paragraphs)
                    if para not in paragraphs:
                        paragraphs.append(para)
                doc = Doc(f"r{i}", rng.choice(pool).title, paragraphs, _fresh_date(rng),
                          section)
        else:
            section = rng.choices(self._sec_names, cum_weights=self._sec_cum)[0]
            paragraphs = [self.paragraph(rng) for _ in range(rng.randint(4, 14))]
            doc = Doc(f"s{i}", self._headline(rng), paragraphs, _fresh_date(rng), section)
        doc.extra_comments = [self.paragraph(rng) for _ in range(rng.randint(0, 3))]
        return doc

    # -- pages

    def page(self, i: int, doc: Doc | None = None) -> str:
        """The HTML of page i."""
        doc = doc or self.doc(i)
        rng = random.Random(f"page:{self.seed}:{i}")
        related = [self.headline(rng) for _ in range(5)]
        author = rng.choice(self.author_names) + " " + rng.choice(self.author_names)
        return render(doc, i, related, author)


# --------------------------------------------------------------------------- HTML


def _slug(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "article"


def page_url(doc: Doc, i: int) -> str:
    _site, host = SITES[i % len(SITES)]
    d = doc.date
    return (f"https://{host}/{_slug(doc.section, 20)}/{d:%Y/%m/%d}/"
            f"{_slug(doc.title)}-{_slug(doc.id, 30)}-{i}.html")


def render(doc: Doc, i: int, related: list[str], author: str) -> str:
    """One page in one of three site templates."""
    e = html.escape
    site, host = SITES[i % len(SITES)]
    variant = i % len(SITES)
    url = page_url(doc, i)
    iso = doc.date.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    human = f"{doc.date:%B} {doc.date.day}, {doc.date.year}"
    sec_slug = _slug(doc.section, 20)
    nav = "".join(f'<li><a href="/{_slug(s, 20)}/">{s}</a></li>' for s in SECTIONS)
    paras = [f"<p>{e(p)}</p>" for p in doc.paragraphs]
    if len(paras) > 3:  # an ad and a newsletter box in the middle of the story
        paras.insert(2, '<div class="ad-slot ad-inline"><span>Advertisement</span></div>')
        paras.insert(4, '<aside class="newsletter-signup"><h3>Sign up for our morning '
                        'briefing</h3><form action="/newsletter"><input type="email" '
                        'name="email" placeholder="Your email"><button>Subscribe</button>'
                        "</form></aside>")
    body = "\n".join(paras)
    related_html = "".join(f'<li><a href="/{sec_slug}/{_slug(t)}-{i}-{k}.html">{e(t)}</a></li>'
                           for k, t in enumerate(related))
    comments = "".join(
        f'<li class="comment" id="comment-{i}-{k}"><div class="comment-author">reader{k}</div>'
        f'<div class="comment-body"><p>{e(c)}</p></div><a class="reply" href="#">Reply</a></li>'
        for k, c in enumerate(doc.extra_comments))
    share = ('<div class="share-bar social-share"><span>Share this article</span>'
             '<a href="https://facebook.example/share">Facebook</a>'
             '<a href="https://twitter.example/share">Twitter</a>'
             '<a href="mailto:?subject=news">Email</a></div>')
    json_ld = ""
    if variant == 2:
        json_ld = ('<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": doc.title,
            "datePublished": iso, "articleSection": doc.section, "mainEntityOfPage": url,
            "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": site}}).replace("</", "<\\/")
            + "</script>")
    cls = ("story", "entry-content post-body", "article-body")[variant]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(doc.title)} | {e(site)}</title>
<meta name="description" content="{e(doc.paragraphs[0][:150])}">
<meta property="og:site_name" content="{e(site)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(doc.title)}">
<meta property="og:url" content="{e(url)}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{e(doc.section)}">
<link rel="canonical" href="{e(url)}">
<link rel="stylesheet" href="/static/css/site.{variant}.css">
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"page":"article","id":{i}}});</script>
{json_ld}
</head>
<body class="single single-post site-{variant}">
<div class="cookie-consent" role="dialog">We use cookies to improve your experience.
<button>Accept</button></div>
<header class="site-header">
<a class="logo" href="https://{host}/">{e(site)}</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li>{nav}</ul></nav>
<form class="search-form" action="/search"><input type="search" name="s"
 placeholder="Search"></form>
</header>
<main id="main" class="site-main">
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/{sec_slug}/">{e(doc.section)}</a>
</div>
<article class="{cls}" id="post-{i}">
<header class="entry-header">
<span class="category-label"><a href="/{sec_slug}/">{e(doc.section)}</a></span>
<h1 class="entry-title">{e(doc.title)}</h1>
<div class="byline">By <a class="author" href="/author/{_slug(author)}">{e(author)}</a>
 &middot; <time datetime="{iso}">{human}</time></div>
</header>
{share}
<figure class="lead-image"><img src="/img/{i}.jpg" alt=""><figcaption>Photo: {e(site)}
</figcaption></figure>
{body}
<div class="tags"><span>Tags:</span> <a href="/tag/{sec_slug}">{e(doc.section)}</a></div>
{share}
</article>
<section class="related-articles"><h2>Related articles</h2><ul>{related_html}</ul></section>
<section id="comments" class="comments-area">
<h3>{len(doc.extra_comments)} Comments</h3>
<ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" class="comment-form">
<p>Your email address will not be published.</p>
<textarea name="comment" rows="8"></textarea><input name="author"><input name="email">
<button type="submit">Post Comment</button></form></div>
</section>
</main>
<aside class="sidebar"><h3>Most read</h3><ol>{related_html}</ol></aside>
<footer class="site-footer">
<ul class="footer-links"><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a>
</li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>&copy; {doc.date.year} {e(site)}. All rights reserved.</p>
</footer>
<script src="/static/js/site.{variant}.js" async></script>
</body>
</html>
"""


# --------------------------------------------------------------------------- files


def page_path(raw_dir: Path, i: int) -> Path:
    return raw_dir / f"{i // PER_FOLDER:04d}" / f"{i:07d}.html"


def write_pages(raw_dir: Path, n: int, gen: Generator, start: int = 0) -> list[Path]:
    """Write pages start..start+n-1; returns their paths."""
    paths = []
    for i in range(start, start + n):
        path = page_path(raw_dir, i)
        if i % PER_FOLDER == 0 or i == start:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(gen.page(i), encoding="utf-8")
        paths.append(path)
    return paths


# Article records per .jsonl.gz file, for the articles path.
RECORDS_PER_FILE = 10_000


def article_record(doc: Doc, i: int) -> dict:
    """Document i as an article record (the fields of `python -m indexer extract`)."""
    return {"url": page_url(doc, i), "title": doc.title, "body": "\n\n".join(doc.paragraphs),
            "section": doc.section, "date": doc.date.date().isoformat()}


def write_articles(raw_dir: Path, n: int, gen: Generator) -> list[Path]:
    """Documents 0..n-1 as article records in .jsonl.gz files: the articles path, which
    indexes without HTML extraction (a 1M-document archive in minutes of writing)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, n, RECORDS_PER_FILE):
        path = raw_dir / f"articles-{start // RECORDS_PER_FILE:05d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as fh:
            for i in range(start, min(n, start + RECORDS_PER_FILE)):
                fh.write(json.dumps(article_record(gen.doc(i), i), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def existing_pages(raw_dir: Path) -> list[Path]:
    return sorted(raw_dir.glob(f"*/{'[0-9]' * 7}.html"))


def churn(raw_dir: Path, gen: Generator, fraction: float = 0.01,
          seed: int = 1) -> dict[str, list[str]]:
    """Modify `fraction` of the pages (one more paragraph), touch as many (mtime only) and
    add as many new pages. Returns the relative paths of each kind."""
    pages = existing_pages(raw_dir)
    if not pages:
        raise SystemExit(f"error: no generated pages in {raw_dir}")
    k = max(1, round(len(pages) * fraction))
    rng = random.Random(f"churn:{seed}:{len(pages)}")
    picked = rng.sample(pages, min(len(pages), 2 * k))
    modified, touched = picked[:k], picked[k:]
    now_ns = time.time_ns()
    for path in modified:
        text = path.read_text(encoding="utf-8")
        end = text.rfind("</p>", 0, text.find("</article>")) + len("</p>")
        para = html.escape(gen.paragraph(rng))
        text = text[:end] + f"\n<p>Update: {para}</p>" + text[end:]
        path.write_text(text, encoding="utf-8")
    for path in touched:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, max(now_ns, st.st_mtime_ns + 1_000_000_000)))
    last = int(pages[-1].stem)
    added = write_pages(raw_dir, k, gen, start=last + 1)
    rel = lambda ps: [p.relative_to(raw_dir).as_posix() for p in ps]  # noqa: E731
    return {"modified": rel(modified), "touched": rel(touched), "added": rel(added)}


def check(raw_dir: Path, gen: Generator, k: int) -> int:
    """Extract k pages with the project's extractor; count those whose metadata and text
    come out as generated. Prints a line per mismatch; returns the number of good pages."""
    from indexer.extraction.extract import extract

    good = 0
    pages = existing_pages(raw_dir)[:k]
    for path in pages:
        i = int(path.stem)
        doc = gen.doc(i)
        art = extract(path.read_bytes(), path.name)
        problems = []
        if art.title != doc.title:
            problems.append(f"title {art.title!r} != {doc.title!r}")
        if art.url != page_url(doc, i):
            problems.append(f"url {art.url!r}")
        if not (art.date or "").startswith(doc.date.date().isoformat()):
            problems.append(f"date {art.date!r} != {doc.date.date()}")
        if art.section != doc.section:
            problems.append(f"section {art.section!r} != {doc.section!r}")
        want = [" ".join(p.split()) for p in doc.paragraphs]
        got = [" ".join(p.split()) for p in art.paragraphs]
        if got != want:
            extra = [p for p in got if p not in want]
            missing = [p for p in want if p not in got]
            problems.append(f"paragraphs: {len(got)} vs {len(want)}, extra {extra[:2]}, "
                            f"missing {missing[:2]}")
        if problems:
            print(f"{path.name}: " + "; ".join(problems))
        else:
            good += 1
    print(f"check: {good}/{len(pages)} pages extract as generated")
    return good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The corpus format and the synthesis are described in bench/README.md.")
    parser.add_argument("--out", required=True, type=Path, help="raw directory to write into")
    parser.add_argument("--n", type=int, default=1000, help="pages to write (default: 1000)")
    parser.add_argument("--corpus", type=Path, help="JSON Lines corpus (.jsonl or .jsonl.gz)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--churn", action="store_true",
                        help="do not write N pages: modify, touch and add --fraction of the "
                        "pages already in --out")
    parser.add_argument("--fraction", type=float, default=0.01,
                        help="share of pages --churn modifies, touches and adds (default: 0.01)")
    parser.add_argument("--articles", action="store_true",
                        help="write article records (.jsonl.gz, 10,000 a file) instead of HTML")
    parser.add_argument("--check", type=int, default=0, metavar="K",
                        help="then extract the first K pages and compare with what was written")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    if args.churn:
        gen = Generator(args.seed, args.corpus)
        done = churn(args.out, gen, args.fraction, args.seed)
        print(f"churn: modified {len(done['modified'])}, touched {len(done['touched'])}, "
              f"added {len(done['added'])} pages in {time.perf_counter() - started:.1f}s")
    elif args.articles:
        gen = Generator(args.seed, args.corpus)
        write_articles(args.out, args.n, gen)
        print(f"articles: wrote {args.n} records to {args.out} in "
              f"{time.perf_counter() - started:.1f}s")
    else:
        gen = Generator(args.seed, args.corpus)
        write_pages(args.out, args.n, gen)
        print(f"pages: wrote {args.n} pages to {args.out} in "
              f"{time.perf_counter() - started:.1f}s")
    if args.check:
        check(args.out, gen, args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
