"""Stories: syndicated copies share a story id, kept by incremental builds; searches collapse
by it. Measured on tests/data/stories.jsonl.gz rendered as pages (tests/stories_set.py)."""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.store import build, shards, stats, stories
from indexer.store.manifest import FILENAME
from web import create_app

from .conftest import ROOT, open_searcher
from .stories_set import page_path, precision_recall, records, write_pages

# What the grouping must reach on the set (pairs of copies).
MIN_PRECISION = 0.98
MIN_RECALL = 0.95

WIRE = ("The central bank raised its main interest rate by half a percentage point on "
        "Thursday, the largest increase in nearly three decades, as policymakers moved to "
        "cool inflation that has climbed to its highest level since the early nineties. "
        "The decision was widely expected by economists, although two members of the "
        "committee voted for a smaller rise, citing signs that the economy is slowing. "
        "Mortgage lenders said they would pass the increase on to borrowers within days. "
        "The governor told reporters that further rises could not be ruled out if prices "
        "kept climbing through the summer months.")


def stored_stories(index_dir: Path) -> dict[str, str]:
    """path -> story of every document in the index."""
    with open_searcher(index_dir) as searcher:
        return {d["path"]: d["story"] for d in searcher.all_stored_fields()}


def state(index_dir: Path) -> dict[str, str]:
    """key -> story in the story state beside the index."""
    db = sqlite3.connect(index_dir / FILENAME)
    try:
        return dict(db.execute("SELECT key, story FROM stories"))
    finally:
        db.close()


def keys_and_stories(index_dir: Path) -> dict[str, str]:
    with open_searcher(index_dir) as searcher:
        return {d["key"]: d["story"] for d in searcher.all_stored_fields()}


@pytest.fixture(scope="module")
def story_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The set as pages under raw/<site>/, built into two shards (copies of one story land
    on either: the story is assigned before the shard is chosen)."""
    folder = tmp_path_factory.mktemp("stories")
    labels = write_pages(folder / "raw")
    summary = build.run(folder / "raw", folder / "index", shard_count=2, workers=1)
    assert not summary.skipped, summary.skipped[:3]
    return folder / "raw", folder / "index", labels


@pytest.fixture(scope="module")
def story_client(story_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(story_index[1])})
    yield app.test_client()
    app.extensions["index"].close()


# Grouping, measured


def test_copies_share_a_story_with_the_precision_and_recall_asked_for(story_index):
    _raw, index_dir, labels = story_index
    found = stored_stories(index_dir)
    precision, recall = precision_recall(found, labels)
    print(f"\nstories on the set: pair precision {precision:.4f}, recall {recall:.4f} "
          f"({len(set(found.values()))} stories found, {len(set(labels.values()))} in the set)")
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_follow_ups_and_other_articles_on_the_same_news_are_stories_of_their_own(story_index):
    _raw, index_dir, labels = story_index
    found = stored_stories(index_dir)
    for path, label in labels.items():
        if label.endswith("f"):  # a follow-up: never in its first story's
            first = next(p for p, lab in labels.items() if lab == label[:-1])
            assert found[path] != found[first], path
    raw = _raw
    same_news = [page_path(raw, r).relative_to(raw).as_posix() for r in records()
                 if r["kind"] == "original" and re.search(r"plague|stadia|duvet", r["url"])]
    assert len(same_news) == 8
    assert len({found[p] for p in same_news}) == len(same_news)


def test_every_document_has_its_story_in_the_index_and_in_the_state(story_index):
    _raw, index_dir, _labels = story_index
    assert keys_and_stories(index_dir) == state(index_dir)
    assert stats.collect(index_dir)["stories"] == len(set(state(index_dir).values())) == 109


# What never groups


@pytest.mark.parametrize(("body", "why"), [
    (" ".join(WIRE.split()[:40]), "short"),
    ("Please enable JavaScript to view this page.\n\nSubscribe to our newsletter.\n\n"
     "We use cookies to improve your experience. Accept all cookies.\n\n"
     "All rights reserved. Privacy policy. Terms of use.", "boilerplate"),
], ids=["short", "boilerplate"])
def test_short_and_boilerplate_texts_have_no_signature(body, why):
    assert stories.signature(body) is None, why


def test_boilerplate_paragraphs_do_not_count_towards_a_text():
    chrome = "\n\n".join(["Sign up for our newsletter.", "Share this article on Facebook.",
                          "Read more: all rights reserved."] * 8)
    assert stories.signature(chrome + "\n\n" + " ".join(WIRE.split()[:30])) is None
    assert stories.signature(WIRE + "\n\n" + chrome) == stories.signature(WIRE)


def test_an_edited_copy_is_similar_and_a_different_text_is_not():
    copy = "LONDON, June 16 (Reuters) -- " + WIRE.replace("Thursday", "Wednesday") + (
        "\n\n(Reporting by Jane Doe; Editing by John Roe)")
    other = ("Officials at the port said container traffic rose for the fifth month in a "
             "row, helped by new cranes and a deeper channel that lets larger ships dock. "
             "The harbour authority expects record volumes this year, but warned that road "
             "links to the terminal are congested at peak hours and need investment soon. "
             "Hauliers have complained for years about queues at the gates.")
    a, b, c = (stories.signature(t) for t in (WIRE, copy, other))
    assert stories.similarity(a, b) >= stories.THRESHOLD
    assert stories.similarity(a, c) < stories.THRESHOLD


def _page_file(raw: Path, name: str, body: str, url: str) -> Path:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    path = raw / f"{name}.html"
    path.write_text(f'<html><head><title>{name}</title><link rel="canonical" href="{url}">'
                    f"</head><body><article><h1>{name}</h1>{paras}</article></body></html>")
    return path


@pytest.mark.parametrize("body", [" ".join(WIRE.split()[:40]),
                                  "Please enable JavaScript to read this article. "
                                  "Subscribe to continue."],
                         ids=["short", "boilerplate"])
def test_pages_that_never_group_are_stories_of_their_own(tmp_path, body):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(3):
        _page_file(raw, f"site{n}", body, f"https://site{n}.example/a")
    build.run(raw, tmp_path / "index", workers=1)
    assert len(set(stored_stories(tmp_path / "index").values())) == 3


# Incremental builds


def test_a_new_copy_joins_and_the_story_outlives_its_first_copy(tmp_path):
    set_records = records()
    story = set_records[0]["story"]
    copies = [r for r in set_records if r["story"] == story]
    assert len(copies) >= 3
    raw, index_dir = tmp_path / "raw", tmp_path / "index"
    write_pages(raw, copies[:2] + set_records[len(copies):len(copies) + 20])
    build.run(raw, index_dir, workers=1)
    first = stored_stories(index_dir)
    story_id = first[page_path(raw, copies[0]).relative_to(raw).as_posix()]
    assert first[page_path(raw, copies[1]).relative_to(raw).as_posix()] == story_id

    # a new copy joins the story
    write_pages(raw, copies[2:3])
    build.run(raw, index_dir, workers=1)
    assert stored_stories(index_dir)[page_path(raw, copies[2]).relative_to(raw).as_posix()] \
        == story_id

    # the first copy goes: the others keep the story, and a later copy still joins it
    page_path(raw, copies[0]).unlink()
    summary = build.run(raw, index_dir, workers=1)
    assert summary.removed == 1
    write_pages(raw, copies[3:])
    build.run(raw, index_dir, workers=1)
    now = stored_stories(index_dir)
    assert {now[page_path(raw, c).relative_to(raw).as_posix()] for c in copies[1:]} == {story_id}
    assert keys_and_stories(index_dir) == state(index_dir)

    # --rebuild computes the stories again: the same grouping
    build.run(raw, index_dir, workers=1, rebuild=True)
    rebuilt = stored_stories(index_dir)
    assert len({rebuilt[page_path(raw, c).relative_to(raw).as_posix()] for c in copies[1:]}) == 1
    assert len(set(rebuilt.values())) == len(set(now.values()))
    assert keys_and_stories(index_dir) == state(index_dir)


def test_a_changed_text_that_no_longer_matches_leaves_its_story(tmp_path):
    raw, index_dir = tmp_path / "raw", tmp_path / "index"
    raw.mkdir()
    _page_file(raw, "a", WIRE, "https://a.example/rates")
    _page_file(raw, "b", WIRE + "\n\nAnalysts expect another rise.", "https://b.example/rates")
    build.run(raw, index_dir, workers=1)
    assert len(set(stored_stories(index_dir).values())) == 1
    other = " ".join(reversed(WIRE.split()))
    _page_file(raw, "a", other, "https://a.example/rates")
    build.run(raw, index_dir, workers=1)
    assert len(set(stored_stories(index_dir).values())) == 2
    assert keys_and_stories(index_dir) == state(index_dir)


@pytest.mark.slow
def test_builds_killed_at_random_moments_keep_the_story_state_with_the_index(tmp_path):
    rng = random.Random(20261205)
    raw, index_dir = tmp_path / "raw", tmp_path / "index"
    labels = write_pages(raw)
    killed = 0
    for _round in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-m", "indexer", "build", "--raw", str(raw), "--index",
             str(index_dir), "--commit-every", "25", "--workers", "2", "--shards", "2"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 5.0))
        proc.send_signal(signal.SIGKILL)
        killed += proc.wait() != 0
        if shards.exists(index_dir):
            # every story recorded belongs to a document the index holds, with its story
            recorded, indexed = state(index_dir), keys_and_stories(index_dir)
            assert {k: indexed[k] for k in recorded} == recorded
    assert killed >= 4
    build.run(raw, index_dir, workers=1)
    assert keys_and_stories(index_dir) == state(index_dir)
    precision, recall = precision_recall(stored_stories(index_dir), labels)
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL


# Search


def _all_results(client, query: str, **args) -> tuple[dict, list[dict]]:
    page, results, first = 1, [], None
    while True:
        data = client.get("/api/search", query_string={"q": query, "per_page": 100,
                                                       "page": page, **args}).get_json()
        first = first or data
        results += data["results"]
        if not data["next_url"]:
            return first, results
        page += 1


def test_search_collapses_by_story_and_counts_copies_and_stories(story_client):
    data, results = _all_results(story_client, "said")
    stories_seen = [r["story"] for r in results]
    assert len(stories_seen) == len(set(stories_seen)) == data["stories"]
    assert sum(r["copies"] for r in results) == data["total"] > data["stories"]
    for r in results:
        assert len(r["also_in"]) == min(r["copies"] - 1, 10)
        assert r["id"] not in {c["id"] for c in r["also_in"]}
        assert set(c) == {"id", "url", "site", "date"} if (c := next(iter(r["also_in"]), None)) \
            else True
    assert set(data["facet_stories"]) == set(data["facets"]) - {"date_histogram"}
    _every, copies = _all_results(story_client, "said", collapse="0")
    for facet in ("section", "source"):
        stories_of: dict[str, set[str]] = {}
        for r in copies:
            stories_of.setdefault(r[facet], set()).add(r["story"])
        assert data["facet_stories"][facet] == [[v, len(stories_of[v])]
                                                for v, _n in data["facets"][facet]]
    for name, items in data["facet_stories"].items():
        copies = data["facets"][name]
        assert [v for v, _ in items] == [v for v, _ in copies]
        assert all(0 < s <= n for (_, s), (_, n) in zip(items, copies, strict=True)), name
        if name != "author":  # the copies' bylines are each site's own
            assert any(s < n for (_, s), (_, n) in zip(items, copies, strict=True)), name


def test_collapse_0_shows_every_copy(story_client):
    collapsed, _ = _all_results(story_client, "said")
    every, results = _all_results(story_client, "said", collapse="0")
    assert every["total"] == collapsed["total"] == len(results)
    assert every["stories"] == collapsed["stories"]
    assert all(r["story"] for r in results)


def test_story_query_finds_every_copy(story_client, story_index):
    _raw, index_dir, _labels = story_index
    found = keys_and_stories(index_dir)
    story = max(set(found.values()), key=list(found.values()).count)
    data, results = _all_results(story_client, f"story:{story}", collapse="0")
    assert data["total"] == list(found.values()).count(story) == len(results)
    assert {r["story"] for r in results} == {story}
    collapsed = story_client.get(f"/api/search?q=story:{story.upper()}").get_json()
    assert collapsed["stories"] == 1 and collapsed["results"][0]["copies"] == data["total"]


@pytest.mark.parametrize("sort", ["relevance", "oldest", "newest"])
def test_the_copy_shown_is_the_first_in_the_order_asked_for(story_client, sort):
    every, results = _all_results(story_client, "plague", collapse="0", sort=sort)
    first: dict[str, dict] = {}
    for r in results:
        first.setdefault(r["story"], r)
    _data, shown = _all_results(story_client, "plague", sort=sort)
    assert [r["id"] for r in shown] == [r["id"] for r in first.values()]
    if sort == "oldest":
        for r in shown:
            assert all(c["date"] >= r["date"] for c in r["also_in"] if c["date"])


@pytest.mark.parametrize(("args", "name"), [
    ({"collapse": "2"}, "collapse"), ({"collapse": "yes"}, "collapse"),
    ({"q": "story:garbage"}, "q"), ({"q": 'story:"a b"'}, "q"), ({"q": "story:abcdef01*"}, "q"),
    ({"q": "rates story:0123456789abcdeg"}, "q"),
], ids=lambda v: str(v))
def test_bad_story_parameters_are_a_400_with_a_message(story_client, args, name):
    for path in ("/api/search", "/search"):
        response = story_client.get(path, query_string=args)
        assert response.status_code == 400
        if path.startswith("/api/"):
            body = response.get_json()
            assert body["error"].startswith(f"{name}: ") and body["status"] == 400


def test_the_results_page_says_where_else_a_story_ran(story_client):
    data = story_client.get("/api/search?q=plague").get_json()
    hit = next(r for r in data["results"] if r["copies"] > 4)
    html = story_client.get("/search?q=plague").get_data(as_text=True)
    block = html[html.index(hit["id"]):]
    block = block[block.index('<p class="copies">'):block.index("</li>")]
    for copy in hit["also_in"][:3]:
        assert f'/doc/{copy["id"]}' in block and copy["site"] in block
    assert f"(+{hit['copies'] - 4})" in block
    assert f"q=story:{hit['story']}&amp;collapse=0" in block


def test_the_article_page_lists_the_copies_and_marks_the_earliest(story_client):
    data = story_client.get("/api/search?q=plague").get_json()
    hit = next(r for r in data["results"] if r["copies"] > 2)
    html = story_client.get(f"/doc/{hit['id']}").get_data(as_text=True)
    section = html[html.index('<section class="copies">'):]
    section = section[:section.index("</section>")]
    assert section.count("<li>") == hit["copies"]
    assert section.count("likely origin") == 1
    dates = re.findall(r'datetime="([\d-]+)"', section)
    assert dates == sorted(dates)
    origin = section[:section.index("likely origin")].rsplit("<li>", 1)[1]
    assert dates[0] in origin
    assert re.search(r"\d+ (more|fewer)|same length", section)


def test_every_api_result_carries_its_story(client):
    results = [*client.get("/api/search?q=crimea&collapse=0").get_json()["results"],
               *client.get("/api/speaker/Chu Yin").get_json()["results"]]
    assert results and all(re.fullmatch(r"[0-9a-f]{16}", r["story"]) for r in results)
    rows = client.get("/api/export?q=crimea&format=jsonl").get_data(as_text=True).splitlines()
    assert rows and all('"story":"' in row for row in rows)


def test_a_story_of_one_copy_lists_no_copies(client):
    data = client.get("/api/search?q=crimea").get_json()
    assert all(r["copies"] == 1 and r["also_in"] == [] and r["story"] for r in data["results"])
    html = client.get(f"/doc/{data['results'][0]['id']}").get_data(as_text=True)
    assert '<section class="copies">' not in html


def test_different_sample_articles_are_different_stories(built_index):
    found = stored_stories(built_index)
    assert len(set(found.values())) == len(found)


def test_undated_copies_are_listed_without_a_date(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(3):
        _page_file(raw, f"copy-{n}", WIRE, f"https://site-{n}.example/story")
    dated = raw / "copy-0.html"
    dated.write_text(dated.read_text().replace(
        "<head>", '<head><meta property="article:published_time" content="2022-06-16">'))
    build.run(raw, tmp_path / "index", workers=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    try:
        client = app.test_client()
        data = client.get("/api/search?q=inflation").get_json()
        assert data["total"] == 3 and data["stories"] == 1
        (hit,) = data["results"]
        assert hit["copies"] == 3 and len(hit["also_in"]) == 2
        for copy in hit["also_in"]:
            assert copy["date"] == ("2022-06-16" if copy["site"] == "site-0.example" else None)
        page = client.get(f"/doc/{hit['id']}")
        assert page.status_code == 200
    finally:
        app.extensions["index"].close()
