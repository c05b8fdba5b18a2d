"""The web page in a real browser: Playwright driving Debian's chromium."""

from __future__ import annotations

import csv
import io
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from indexer.store import build
from web import create_app

from .conftest import RAW

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
XSS_PAGES = Path(__file__).parent / "pages" / "xss"
ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored: screenshots of test runs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None,
                       reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here: drive the system chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run"]}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app on a real WSGI server (waitress) in a thread, over sample + hostile pages."""
    from waitress.server import create_server

    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW, raw / "sample", ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(XSS_PAGES, raw / "xss")
    index_dir = tmp_path_factory.mktemp("index")
    build.run(raw, index_dir, workers=1)
    app = create_app({"INDEX_DIR": str(index_dir)})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture()
def dialogs(page):
    """Every dialog (alert, confirm...) a page opens; an XSS would show up here."""
    opened: list[str] = []
    page.on("dialog", lambda d: (opened.append(d.message), d.dismiss()))
    return opened


def test_type_a_query_see_highlights_and_filter_by_a_facet(page, live_server, dialogs):
    page.goto(live_server + "/")
    page.get_by_label("Search the archive").fill("Crimea")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Crimea*")
    first = page.locator("li.hit").first
    assert "Crimea" in first.locator("mark").first.inner_text()
    assert page.locator("aside.facets").is_visible()
    # Keyboard only: the facet link is reachable and filters the results.
    world = page.locator("aside.facets a", has_text="World").first
    world.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**section=World*")
    sections = page.locator("li.hit .meta a").all_inner_texts()
    assert sections and all(s in ("World", "English", "cleaned text") for s in sections)
    # Change the sort: newest first, dates in order.
    page.locator("nav.sort a", has_text="newest").click()
    page.wait_for_url("**sort=newest*")
    dates = page.locator("li.hit time").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(live_server + "/search?q=grid")
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)
    assert dialogs == []


def test_speaker_facet_filters_and_article_view_shows_quotes(page, live_server, dialogs):
    page.goto(live_server + "/search?q=Crimea")
    page.locator("aside.facets a", has_text="Chu Yin").first.click()
    page.wait_for_url("**speaker=Chu*")
    assert page.locator("li.hit").count() >= 1
    page.locator("li.hit .meta a", has_text="cleaned text").first.click()
    assert page.locator("h2", has_text="Who is quoted").is_visible()
    assert "Please enter your comment" not in page.content()
    assert dialogs == []


def test_did_you_mean_and_pagination(page, live_server):
    page.goto(live_server + "/search?q=Crimae")
    link = page.locator(".suggestion a")
    assert link.inner_text() == "crimea"
    link.click()
    page.wait_for_url("**q=crimea*")
    assert page.locator("li.hit").count() >= 1
    page.goto(live_server + "/search?q=said&per_page=3")
    page.locator("nav.pagination a[rel=next]").click()
    page.wait_for_url("**page=2*")
    assert page.locator("nav.pagination [aria-current=page]").inner_text() == "2"


@pytest.mark.parametrize("q", ["zeppelinfield", "alert", "<script>alert('q')</script>",
                               '"><img src=x onerror=alert(1)>', "script onerror svg"])
def test_no_script_from_pages_or_queries_ever_runs(page, live_server, dialogs, q):
    # The timeline is the page's own SVG, and holds bars, links and titles only.
    injected = ("document.querySelectorAll('body script, img, svg:not(figure.timeline > svg),"
                " [onerror], [onload], figure.timeline svg :not(title, a, rect, line)').length")
    page.goto(live_server + "/")
    page.get_by_label("Search the archive").fill(q)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate(injected) == 0
    links = page.locator("li.hit .meta a", has_text="cleaned text")
    for href in [links.nth(i).get_attribute("href") for i in range(min(links.count(), 3))]:
        page.goto(live_server + href)
        assert page.evaluate(injected) == 0
    api = page.request.get(live_server + "/api/search", params={"q": q})
    assert api.headers["content-type"] == "application/json"
    assert "<script" not in api.text() and "<img" not in api.text()
    assert dialogs == []


def _total(page) -> int:
    return int(re.match(r"([\d,]+) result", page.locator("p.summary").inner_text())[1]
               .replace(",", ""))


def test_follow_this_search_is_an_atom_feed(page, live_server, dialogs):
    page.goto(live_server + "/search?q=Crimea&sort=oldest")
    head = page.locator('head link[rel=alternate][type="application/atom+xml"]')
    assert head.count() == 1
    follow = page.get_by_role("link", name="Follow this search")
    assert follow.is_visible()
    assert follow.get_attribute("href") == head.get_attribute("href") == "/search.atom?q=Crimea"
    feed = page.request.get(live_server + follow.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title")
              for e in root.findall("{http://www.w3.org/2005/Atom}entry")]
    shown = page.locator("li.hit h2").all_inner_texts()
    assert titles and set(titles) == {t for t in shown}
    again = page.request.get(live_server + follow.get_attribute("href"),
                             headers={"If-None-Match": feed.headers["etag"]})
    assert again.status == 304
    assert dialogs == []


def test_download_csv_holds_every_result(page, live_server, dialogs):
    page.goto(live_server + "/search?q=said&per_page=5")
    total = _total(page)
    assert total > 5
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "news-export.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["id", "url", "title"]
    assert len(rows) - 1 == total
    assert dialogs == []


def test_a_timeline_bar_narrows_the_search_to_its_period(page, live_server, dialogs):
    page.set_viewport_size({"width": 400, "height": 800})  # readable at 400 px
    page.goto(live_server + "/search?q=said")
    chart = page.locator("figure.timeline svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] <= 400 and box["height"] > 40
    bars = page.locator("figure.timeline svg a")
    assert bars.count() >= 2
    bar = bars.nth(1)
    label, count = bar.locator("title").text_content().split(": ")
    bar.click()
    page.wait_for_url("**from=*")
    assert f"from={label}" in page.url and f"to={label}" in page.url  # a year's bar
    assert _total(page) == int(count.split()[0])
    assert all(d.startswith(label) for d in page.locator("li.hit time").all_inner_texts())
    # The range shows in the date inputs; the chart zoomed in to the year.
    assert page.locator("#from").input_value() == f"{label}-01-01"
    assert page.locator("#to").input_value() == f"{label}-12-31"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline-400px.png"), full_page=True)
    assert dialogs == []


def test_date_inputs_narrow_and_every_link_keeps_them(page, live_server, dialogs):
    page.goto(live_server + "/search?q=said")
    everything = _total(page)
    page.locator("#from").fill("2018-01-01")
    page.locator("#to").fill("2020-12-31")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url("**from=2018-01-01*")
    narrowed = _total(page)
    assert 0 < narrowed < everything
    dates = page.locator("li.hit time").all_inner_texts()
    assert dates and all("2018-01-01" <= d <= "2020-12-31" for d in dates)
    page.locator("nav.sort a", has_text="newest").click()
    page.wait_for_url("**sort=newest*")
    assert "from=2018-01-01" in page.url and "to=2020-12-31" in page.url
    assert _total(page) == narrowed
    assert page.locator("#from").input_value() == "2018-01-01"
    assert "from=2018-01-01" in page.get_by_role("link", name="Download CSV").get_attribute("href")
    assert dialogs == []


def test_speaker_page_from_a_result(page, live_server, dialogs):
    page.goto(live_server + "/search?q=Crimea")
    page.locator("li.hit .speakers a", has_text="Chu Yin").first.click()
    page.wait_for_url("**/speaker/Chu%20Yin*")
    assert page.locator("h1").inner_text() == "Chu Yin"
    assert page.locator("blockquote.quote").count() >= 2
    assert "ownership of Crimea" in page.locator("li.hit").first.inner_text()
    assert page.locator("figure.timeline svg a").count() == 1
    assert page.locator("aside.facets h2", has_text="Sections").is_visible()
    page.locator("aside.facets a", has_text="Feng Yujun").click()
    page.wait_for_url("**/speaker/Feng%20Yujun")
    assert page.locator("h1").inner_text() == "Feng Yujun"
    page.locator("li.hit h2 a").first.click()
    assert page.locator("h2", has_text="Who is quoted").is_visible()
    assert dialogs == []


def _viewport_top(locator) -> float:
    """Where an element's top is, relative to the top of the window as it is scrolled."""
    return locator.evaluate("e => e.getBoundingClientRect().top")


def test_a_result_opens_its_article_at_the_first_match(page, live_server, dialogs):
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(live_server + "/search?q=%22ownership+of+crimea%22")
    page.locator("li.hit", has_text="Kerry").locator(".meta a", has_text="cleaned text").click()
    page.wait_for_url("**/doc/*?q=*#m1")
    first = page.locator("mark#m1")
    assert first.inner_text() == "ownership"
    assert page.evaluate("window.scrollY") > 0  # scrolled down to it, with no script
    assert 0 <= _viewport_top(first) < 600
    marked = page.locator("article mark").all_inner_texts()
    assert set(marked) == {"ownership", "Crimea"}
    assert page.get_by_label("Search the archive").input_value() == '"ownership of crimea"'
    assert page.locator("p.found a", has_text="first match").get_attribute("href") == "#m1"
    assert dialogs == []


def test_chips_take_off_one_filter_and_the_form_keeps_the_rest(page, live_server, dialogs):
    page.goto(live_server + "/search?q=said&section=World&from=2016-01-01&to=2020-12-31")
    chips = [" ".join(t.split()) for t in page.locator("ul.chips a").all_inner_texts()]
    assert chips == ["Section: World ×", "From: 2016-01-01 ×", "To: 2020-12-31 ×"]
    page.get_by_role("link", name="Remove the filter Section: World").click()
    page.wait_for_url(re.compile(r"/search\?q=said&from=2016-01-01&to=2020-12-31$"))
    assert page.locator("ul.chips a").count() == 2
    # A new search from the form keeps the dates, and a refused one keeps the words typed.
    box = page.get_by_label("Search the archive")
    box.fill("grid")
    box.press("Enter")
    page.wait_for_url("**q=grid*")
    assert "from=2016-01-01" in page.url and "to=2020-12-31" in page.url
    box = page.get_by_label("Search the archive")
    box.fill("*ment grid")
    with page.expect_navigation() as nav:
        box.press("Enter")
    assert nav.value.status == 400
    assert "leading wildcards" in page.locator("section.error").inner_text()
    assert page.get_by_label("Search the archive").input_value() == "*ment grid"
    assert page.locator("#from").input_value() == "2016-01-01"
    assert dialogs == []


def test_browse_from_the_home_page_and_page_to_the_last(page, live_server, dialogs):
    page.goto(live_server + "/")
    documents = page.request.get(live_server + "/healthz").json()["documents"]
    assert page.locator("p.indexed").inner_text() == f"{documents} articles indexed."
    latest = page.locator("section.latest li time").all_inner_texts()
    assert len(latest) == 10 and latest == sorted(latest, reverse=True)
    page.get_by_role("link", name=f"All {documents} articles, newest first").click()
    page.wait_for_url("**/search?sort=newest")
    assert page.locator("li.hit time").all_inner_texts()[:10] == latest
    page.goto(live_server + "/search?sort=newest&per_page=3")
    last = -(-documents // 3)
    page.get_by_role("link", name=f"Last page, {last}").click()
    page.wait_for_url(f"**page={last}*")
    assert page.locator("nav.pagination [aria-current=page]").inner_text() == str(last)
    assert page.locator("li.hit").count() == documents - 3 * (last - 1)
    page.get_by_role("link", name="First page, 1").click()
    assert page.locator("nav.pagination [aria-current=page]").inner_text() == "1"
    assert dialogs == []


def test_a_long_facet_lists_further_and_an_article_is_json(page, live_server, dialogs):
    page.goto(live_server + "/search?sort=newest")
    speakers = page.locator("#facet-speaker ul li")
    assert speakers.count() == 20
    more = page.locator("#facet-speaker p.more a")
    hidden = int(more.inner_text().split()[0])
    more.click()
    page.wait_for_url("**more=speaker#facet-speaker")
    assert speakers.count() == 20 + hidden
    assert abs(_viewport_top(page.locator("#facet-speaker"))) < 5  # the page opens at it
    page.locator("#facet-speaker p.more a", has_text="fewer").click()
    assert speakers.count() == 20
    doc_id = page.locator("section.results li.hit .meta a", has_text="cleaned text").first \
        .get_attribute("href").split("/")[-1]
    article = page.request.get(f"{live_server}/api/doc/{doc_id}")
    assert article.ok and article.json()["id"] == doc_id
    assert page.locator("li.hit h2").first.inner_text() == article.json()["title"]
    missing = page.request.get(f"{live_server}/api/doc/{'0' * 16}")
    assert missing.status == 404 and missing.json()["error"] == "No such document."
    assert dialogs == []


def _colour(page, selector: str, prop: str) -> str:
    return page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")


def _luminance(rgb: str) -> float:
    r, g, b = (int(c) for c in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_small_and_wide_screens_in_both_colour_schemes(page, live_server, dialogs, scheme,
                                                       tmp_path):
    page.emulate_media(color_scheme=scheme)
    shots = tmp_path / "screens"
    shots.mkdir()
    for width in (1280, 400):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server + "/search?q=said")
        facets = page.locator("aside.facets")
        first_hit = page.locator("li.hit").first
        summary = facets.locator("summary")
        world = facets.locator("a", has_text="World").first
        if width == 1280:
            # Open beside the results, with nothing to tap.
            assert not summary.is_visible() and world.is_visible()
            assert facets.bounding_box()["x"] + facets.bounding_box()["width"] <= \
                first_hit.bounding_box()["x"]
        else:
            # Folded above the results: one tap away, and the results right under it.
            assert summary.is_visible() and not world.is_visible()
            assert facets.bounding_box()["y"] + facets.bounding_box()["height"] <= \
                first_hit.bounding_box()["y"]
            assert facets.bounding_box()["y"] < 300
            page.screenshot(path=str(shots / f"results-{width}-{scheme}-folded.png"))
            summary.click()
            assert world.is_visible()
            assert world.bounding_box()["y"] < first_hit.bounding_box()["y"]
            world.click()
            page.wait_for_url("**section=World*")
            page.goto(live_server + "/search?q=said")
        page.screenshot(path=str(shots / f"results-{width}-{scheme}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    background = _colour(page, "body", "backgroundColor")
    ink = _colour(page, "body", "color")
    if scheme == "dark":
        assert _luminance(background) < 0.2 < 0.7 < _luminance(ink)
    else:
        assert _luminance(background) > 0.9 > 0.3 > _luminance(ink)
    mark = page.locator("li.hit mark").first
    assert _luminance(mark.evaluate("e => getComputedStyle(e).backgroundColor")) != \
        _luminance(background)
    assert sorted(p.name for p in shots.iterdir()) == sorted(
        [f"results-1280-{scheme}.png", f"results-400-{scheme}.png",
         f"results-400-{scheme}-folded.png"])
    assert dialogs == []


def test_a_surname_finds_the_speaker_and_the_page_shows_full_names_roles_and_authors(
        page, live_server, dialogs):
    page.goto(live_server + "/search?q=speaker%3APutin")
    hits = page.locator("li.hit")
    assert hits.count() == 1
    # the facet and the result name the person in full, as the article does
    assert page.locator("aside.facets a", has_text="Vladimir Putin").count() == 1
    assert "Vladimir Putin" in hits.first.inner_text()
    hits.first.locator("a", has_text="cleaned text").click()
    # the title is kept out of the name and shown beside the quotes as the role
    putin = page.locator("h3", has_text="Vladimir Putin")
    assert putin.locator(".role").inner_text() == "Russian President"
    # an author is a link to their articles
    page.goto(live_server + "/search?q=said")
    page.locator("aside.facets a", has_text="Rob Kellner").first.click()
    page.wait_for_url("**author=Rob*")
    assert page.locator("li.hit").count() == 3
    assert page.locator("ul.chips", has_text="Author: Rob Kellner").is_visible()
    assert dialogs == []


def test_a_name_typed_without_its_accents_finds_it_and_marks_the_original(
        page, live_server, dialogs):
    page.goto(live_server + "/")
    page.fill("input[name=q]", "Petrovic")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=Petrovic*")
    hit = page.locator("li.hit").first
    assert "Petrović" in hit.inner_text()
    assert "Petrović" in [m.inner_text() for m in hit.locator("mark").all()]
    assert page.locator(".suggestion").count() == 0  # found: no respelling offered
    page.goto(live_server + "/search?q=speaker%3AKalnins")
    assert "Andris Kalniņš" in page.locator("li.hit").first.inner_text()
    assert dialogs == []
