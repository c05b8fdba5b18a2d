"""Articles only: home pages, section and tag listings, archives and search pages stay out
of the index, counted as pages that are not articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.extraction import pagekind
from indexer.extraction.extract import NotAnArticle, extract

from .conftest import RAW, ROOT, open_searcher
from .warcs import serve, wget_crawl

PAGES = Path(__file__).resolve().parent / "pages"
LISTINGS = PAGES / "listings"

URL_KINDS = [
    # (URL, what it says of its page)
    ("https://news.example/", "home page"),
    ("https://news.example", "home page"),
    ("https://news.example/index.html", "home page"),
    ("https://news.example/de/", "home page", "de"),
    ("https://news.example/en-gb", "home page", "en-GB"),
    ("https://news.example/gz", "section", "en"),  # not the root in the page's language
    ("https://news.example/?p=5031", None),  # a WordPress post's short link
    ("https://news.example/2019/", "archive"),
    ("https://news.example/2019/05/", "archive"),
    ("https://news.example/2019/05/12", "archive"),
    ("https://news.example/7", None),  # an id, not a year
    ("https://news.example/123456", None),
    ("https://news.example/tag/baltic/", "listing"),
    ("https://news.example/category/world/page/3/", "listing"),
    ("https://news.example/world/page/2/", "listing"),
    ("https://news.example/search/?q=grid", "listing"),
    ("https://news.example/?s=baltic+grid", "listing"),
    ("https://news.example/author/jane-doe", "listing"),
    # a forum's session id in ?s= is no search
    ("https://forum.example/thread/122760-update.html?s=22c09551c71c1a6b64e4364ca45cbf28", None),
    ("https://news.example/world/", "section"),
    ("https://news.example/sport/football", "section"),
    # articles: a slug, an id, a date with a slug, a listing word deep in the path
    ("https://news.example/world/2019/05/12/grid-leaves-network", None),
    ("https://news.example/category/world/2019/05/a-story-about-the-grid", None),
    ("https://news.example/news/123456", None),
    ("https://news.example/story.html?id=4602", None),
    ("https://news.example/a/some-story-slug", None),
    (None, None),
]


@pytest.mark.parametrize("case", URL_KINDS)
def test_what_a_url_says_of_its_page(case) -> None:
    url, expected, *language = case
    assert pagekind.url_kind(url, *language) == expected


SIGNS = [
    # (signs, running text words, reason): each rule, and the evidence that overrules it
    (dict(story=False, listing=False, url_kind="home page", headlines=40), 600, "home page"),
    (dict(story=False, listing=False, url_kind="home page", headlines=3), 600, None),
    (dict(story=True, listing=False, url_kind="home page", headlines=40), 40, "home page"),
    (dict(story=True, listing=False, url_kind="home page", headlines=40), 600, None),
    (dict(story=True, listing=False, url_kind="listing", headlines=40), 30, None),
    (dict(story=False, listing=False, url_kind="listing", headlines=2), 300, "listing"),
    (dict(story=False, listing=False, url_kind="section", headlines=30), 300, "section page"),
    (dict(story=False, listing=False, url_kind="section", headlines=8), 300, None),
    (dict(story=False, listing=True, url_kind=None, headlines=0), 300, "listing"),
    (dict(story=False, listing=False, url_kind=None, headlines=60), 10, "listing"),
    # a story whose text clean could not find is short too, with a few related links
    (dict(story=False, listing=False, url_kind=None, headlines=17), 10, None),
    (dict(story=False, listing=False, url_kind=None, headlines=60), 300, None),
]


@pytest.mark.parametrize(("signs", "words", "expected"), SIGNS)
def test_which_signs_make_a_page_no_article(signs, words, expected) -> None:
    paragraphs = [" ".join(["word"] * words)] if words else []
    assert pagekind.PageSigns(**signs).not_article_reason(paragraphs) == expected


LISTING_PAGES = [
    # (fixture, the URL it was fetched from when it declares none, reason)
    ("front-page.html", None, "home page"),
    ("section-world.html", None, "section page"),
    ("section-page-2.html", None, "listing"),
    ("tag-archive.html", None, "listing"),  # og:type article, but JSON-LD CollectionPage
    ("date-archive.html", None, "archive"),
    ("author-page.html", None, "listing"),  # JSON-LD ProfilePage
    ("search-results.html", "https://www.harbour-times.example/search/?q=grid", "listing"),
]


@pytest.mark.parametrize(("name", "fetched_from", "reason"), LISTING_PAGES)
def test_listing_pages_are_no_articles(name, fetched_from, reason) -> None:
    with pytest.raises(NotAnArticle, match=f"^not an article: {reason}$"):
        extract((LISTINGS / name).read_bytes(), name, known_url=fetched_from)


def test_every_sample_and_fixture_article_is_kept() -> None:
    pages = [*RAW.rglob("*.html"), *(PAGES / "clean").glob("*.html"),
             *(PAGES / "metadata").glob("*.html")]
    dropped = []
    for path in pages:
        try:
            extract(path.read_bytes(), path.name)
        except NotAnArticle as exc:
            dropped.append((path.name, str(exc)))
        except ValueError:
            pass  # no article text: another test's business
    assert len(pages) > 60
    assert dropped == []


# ---------------------------------------------------------------------------------------------
# A crawl of a site with listings and articles, by Debian's wget

# Where each listing lives on the crawled site, as its links name it.
SITE_LISTINGS = {
    "index.html": "front-page.html",
    "world/index.html": "section-world.html",
    "world/page/2/index.html": "section-page-2.html",
    "tag/baltic/index.html": "tag-archive.html",
    "2019/05/index.html": "date-archive.html",
    "profile/jane-doe": "author-page.html",
    "search/index.html": "search-results.html",
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """A WARC that wget made of a news site: the sample's articles, and the front page,
    section, tag, archive, author and search pages that link to them."""
    work = tmp_path_factory.mktemp("listings")
    site = work / "site"
    for page in RAW.rglob("*.html"):
        target = site / page.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target)
    for where, fixture in SITE_LISTINGS.items():
        (site / where).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(LISTINGS / fixture, site / where)
    with serve(site) as url:
        return wget_crawl(url, work / "crawl", "site")


def test_a_crawled_site_indexes_its_articles_and_counts_its_listings(crawl, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy2(crawl, raw / "site.warc.gz")
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "indexer", "build", "--raw", str(raw),
                          "--index", str(tmp_path / "index"), "--report", str(report)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with open_searcher(tmp_path / "index") as searcher:
        titles = {d["title"] for d in searcher.all_stored_fields()}
    expected = {json.loads(line)["title"] for line in subprocess.run(
        [sys.executable, "-m", "indexer", "extract", *map(str, sorted(RAW.rglob("*.html")))],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()}
    # every article is kept, and no listing is indexed
    assert titles == expected
    data = json.loads(report.read_text())
    not_articles = {reason: n for reason, n in data["not_pages"].items()
                    if reason.startswith("not an article")}
    assert not_articles == {"not an article: home page": 1,
                            "not an article: section page": 1,
                            "not an article: listing": 4,
                            "not an article: archive": 1}
    assert "not an article: home page" in run.stdout
    assert data["skipped"] == []
