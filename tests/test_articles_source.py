"""JSON Lines of article records (the extract output, news-please's fields) as a source:
the record -> Article mapping, and incremental builds over .jsonl / .jsonl.gz files."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.query import Term

from indexer.extraction.extract import content_hash
from indexer.sources import articles
from indexer.sources.files import scan
from indexer.store import build, stats
from indexer.store.manifest import CONTAINER, Manifest
from indexer.store.schema import SCHEMA

from .conftest import ROOT, open_searcher

FIXTURES = Path(__file__).parent / "pages" / "articles"


def _line(name: str, number: int) -> bytes:
    return (FIXTURES / name).read_bytes().split(b"\n")[number - 1]


# ---------------------------------------------------------------------------------------------
# Mapping: one record, one Article

MAPPED = [
    # (fixture, line, expected fields of the Article's JSON)
    ("own-format.jsonl", 1, {
        "url": "https://www.northsea-courier.example/business/2016/03/23/ferry-strike-ends",
        "title": "Ferry strike ends after pay deal", "section": "Business", "date": "2016-03-23",
        "source": "Reuters", "speakers": ["Anna Lindqvist"],
        "body_starts": "Ferry crews on the Kattegat routes", "paragraphs": 3}),
    # no URL (the key is the record's path); a declared section the table does not know is
    # kept as written
    ("own-format.jsonl", 2, {
        "url": None, "title": "Harbour board backs offshore wind terminal",
        "section": "Energy", "date": "2019-11-04", "source": None, "speakers": [],
        "body_starts": "The harbour board voted", "paragraphs": 2}),
    # news-please: maintext (one line break per paragraph), date_publish with a time, the
    # URL normalised (host lower-cased, tracking parameters dropped), section from its folder
    ("news-please.jsonl", 1, {
        "url": "https://news.riverside-post.example/world/africa/river-treaty-talks",
        "title": "River treaty talks end without a deal", "section": "World",
        "date": "2016-03-23", "source": None, "speakers": ["Joseph Mwangi"],
        "body_starts": "Talks on the river treaty", "paragraphs": 3}),
    # no title but title_page; only date_modify; a German folder name through the alias table
    ("news-please.jsonl", 2, {
        "url": "https://lokal.talbote.example/wirtschaft/fernwaerme-wird-teurer",
        "title": "Fernwärme wird teurer", "section": "Business", "date": "2021-06-01",
        "source": None, "speakers": [], "body_starts": "Die Stadtwerke erhöhen",
        "paragraphs": 2}),
    # a date in the future is refused, like a page's
    ("bad-lines.jsonl", 6, {
        "url": "https://www.northsea-courier.example/local/lighthouse-keeper-retires",
        "title": "Lighthouse keeper retires after 40 years", "section": "Local", "date": None,
        "source": None, "speakers": [], "body_starts": "The last keeper", "paragraphs": 2}),
]


@pytest.mark.parametrize(("name", "number", "want"), MAPPED,
                         ids=[f"{n}#{i}" for n, i, _ in MAPPED])
def test_record_to_article(name: str, number: int, want: dict) -> None:
    path = articles.record_path(name, number)
    article = articles.article_from_line(_line(name, number), path)
    got = article.to_json()
    for field in ("url", "title", "section", "date", "source", "speakers"):
        assert got[field] == want[field], field
    assert got["body"].startswith(want["body_starts"])
    assert len(article.paragraphs) == want["paragraphs"]
    assert got["path"] == path
    assert got["content_hash"] == content_hash(_line(name, number))


def test_speakers_are_found_in_the_text_with_their_quotes() -> None:
    article = articles.article_from_line(_line("news-please.jsonl", 1), "n.jsonl#1")
    (speaker,) = article.speakers
    assert (speaker.name, speaker.kind) == ("Joseph Mwangi", "person")
    assert any("we will come back to sign" in q for q in speaker.quotes)


BAD_LINES = [
    (1, "invalid JSON"),
    (2, "not a JSON object (an array)"),
    (3, "no article text"),
    (5, "not a JSON object (a string)"),
]


@pytest.mark.parametrize(("number", "reason"), BAD_LINES)
def test_bad_lines_are_refused_with_a_reason(number: int, reason: str) -> None:
    with pytest.raises(articles.RecordError, match=r"^" + reason.replace("(", r"\(")
                       .replace(")", r"\)")):
        articles.article_from_line(_line("bad-lines.jsonl", number), f"b.jsonl#{number}")


FIELDS = [
    # (record, Article field, expected)
    ({"maintext": "Text.", "date_publish": "2016-03-23 10:00:00"}, "date", "2016-03-23"),
    ({"maintext": "Text.", "date": "2016-03-23T23:30:00-05:00"}, "date", "2016-03-23"),
    # an archive of print: a stated ISO date before the web stands
    ({"maintext": "Text.", "date_publish": "1985-05-01 00:00:00"}, "date", "1985-05-01"),
    ({"maintext": "Text.", "date": "1987-02-26T15:02:20"}, "date", "1987-02-26"),
    ({"maintext": "Text.", "date_publish": "1750-01-01"}, "date", None),
    ({"maintext": "Text.", "date_publish": "2999-01-01"}, "date", None),
    # in words, a date is read by the rules for pages, which refuse what predates the web
    ({"maintext": "Text.", "date_publish": "May 1, 1985"}, "date", None),
    ({"maintext": "Text.", "date_publish": "not a date"}, "date", None),
    ({"maintext": "Text.", "date_publish": 1458727200}, "date", "2016-03-23"),
    ({"maintext": "Text.", "date_publish": None, "date_modify": "2020-02-02"}, "date",
     "2020-02-02"),
    ({"maintext": "Text.", "section": "Wirtschaft"}, "section", "Business"),
    ({"maintext": "Text.", "section": "News > World"}, "section", "World"),
    ({"maintext": "Text.", "section": "obituaries"}, "section", "Obituaries"),
    ({"maintext": "Text.", "section": "News"}, "section", None),
    ({"maintext": "Text.", "section": ["Deportes"]}, "section", "Sport"),
    ({"maintext": "Text.", "url": "https://x.example/sport/cup-final"}, "section", "Sport"),
    ({"maintext": "Text.", "url": "HTTPS://X.Example:443/a?utm_campaign=z"}, "url",
     "https://x.example/a"),
    ({"maintext": "Text.", "url": "/relative/path"}, "url", None),
    ({"maintext": "Text.", "url": 42}, "url", None),
    ({"maintext": "  One.\n\n\n  Two  words. \n"}, "paragraphs", ("One.", "Two words.")),
    ({"body": ["One.", "Two.\nThree."]}, "paragraphs", ("One.", "Two.", "Three.")),
    ({"body": "", "maintext": "From maintext."}, "paragraphs", ("From maintext.",)),
    ({"text": "Older news-please text field."}, "paragraphs",
     ("Older news-please text field.",)),
    ({"maintext": "Text.", "title": "  Spaced\n title "}, "title", "Spaced title"),
    ({"maintext": "Text.", "title": "", "title_rss": "From RSS"}, "title", "From RSS"),
    ({"maintext": "Text.", "source": "Xinhua"}, "source", "Xinhua"),
    ({"maintext": "Text.", "source_domain": "x.example"}, "source", None),
    ({"maintext": "Text.", "authors": ["Mara Okafor", "Reuters Staff"]}, "authors",
     ("Mara Okafor",)),
    ({"maintext": "Text.", "author": ["Camila Rojas"]}, "authors", ("Camila Rojas",)),
    ({"maintext": "Text.", "author": None}, "authors", ()),
]


@pytest.mark.parametrize(("record", "field", "expected"), FIELDS)
def test_record_fields(record: dict, field: str, expected: object) -> None:
    article = articles.to_article(record, "r.jsonl#1", "hash")
    assert getattr(article, field) == expected


def test_a_line_that_is_not_utf8_keeps_its_article() -> None:
    line = json.dumps({"maintext": "Caf\u00e9 owners protest."}).encode().replace(
        b"Caf", b"Caf\xff")
    assert "owners protest" in articles.article_from_line(line, "r.jsonl#1").body


RECORD_PATHS = [
    ("feeds/a.jsonl#12", ("feeds/a.jsonl", 12)),
    ("feeds/a.JSONL.gz#1", ("feeds/a.JSONL.gz", 1)),
    ("odd#name.jsonl#3", ("odd#name.jsonl", 3)),
    ("feeds/a.jsonl", None),
    ("page#1.html", None),
    ("feeds/a.jsonl#0", None),
]


@pytest.mark.parametrize(("path", "expected"), RECORD_PATHS)
def test_split_record_path(path: str, expected: tuple[str, int] | None) -> None:
    assert articles.split_record_path(path) == expected


def test_lines_are_streamed_numbered_and_limited() -> None:
    data = b'{"a": 1}\r\n\n   \n' + b"x" * 50 + b'\n{"b": 2}'
    lines = list(articles.lines_of(io.BytesIO(data), max_bytes=20))
    assert [(line.number, line.data) for line in lines] == [
        (1, b'{"a": 1}'), (4, None), (5, b'{"b": 2}')]
    # an oversized line is hashed all the same, without being kept
    assert lines[1].digest == content_hash(b"x" * 50)
    assert lines[0].digest == content_hash(b'{"a": 1}')


def test_a_truncated_gzip_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    lines = [json.dumps({"maintext": f"Story {n}: " + os.urandom(64).hex()}).encode()
             for n in range(1, 201)]
    whole = gzip.compress(b"\n".join(lines) + b"\n")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    seen = []
    with pytest.raises(articles.ContainerError, match="truncated gzip"):
        for line in articles.read_lines(str(cut)):
            seen.append(line.number)
    assert 50 < len(seen) < 200 and seen == list(range(1, len(seen) + 1))


# ---------------------------------------------------------------------------------------------
# Builds over a raw folder with HTML pages and a JSON Lines file

def _records_fixture() -> list[bytes]:
    """Four good records: the own-format and news-please fixtures."""
    return [line for name in ("own-format.jsonl", "news-please.jsonl")
            for line in (FIXTURES / name).read_bytes().splitlines()]


def _write_gz(path: Path, lines: list[bytes], bump_seconds: int = 0) -> None:
    """Write the lines gzipped; a later mtime than the last write (filesystems with coarse
    timestamps would otherwise show the same stat)."""
    before = path.stat().st_mtime_ns if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n", mtime=0))
    if before is not None:
        st = path.stat()
        later = max(st.st_mtime_ns, before + (bump_seconds or 1) * 1_000_000_000)
        os.utime(path, ns=(st.st_atime_ns, later))


def _docs(index_dir: Path) -> dict[str, dict]:
    with open_searcher(index_dir) as searcher:
        return {d["path"]: d for d in searcher.all_stored_fields()}


def _hits(index_dir: Path, field: str, word: str) -> list[str]:
    """Paths of the documents with this word (analysed as the field analyses it)."""
    (term,) = [t.text for t in SCHEMA[field].analyzer(word)]
    with open_searcher(index_dir) as searcher:
        return sorted(h["path"] for h in searcher.search(Term(field, term), limit=None))


def _counts(summary: build.BuildSummary) -> tuple[int, int, int]:
    return summary.added, summary.updated, summary.removed


GZ = "feeds/records.jsonl.gz"


@pytest.fixture()
def built(raw_copy: Path, tmp_path: Path) -> tuple[Path, Path, build.BuildSummary]:
    """raw_copy plus a .jsonl.gz of four records, built once."""
    _write_gz(raw_copy / GZ, _records_fixture())
    index_dir = tmp_path / "index"
    return raw_copy, index_dir, build.run(raw_copy, index_dir, workers=1)


def test_records_are_documents_beside_the_pages(built) -> None:
    raw, index_dir, first = built
    pages = len(list(raw.rglob("*.html")))
    assert first.skipped == []
    assert first.added == pages - first.duplicates + 4
    docs = _docs(index_dir)
    assert first.documents == len(docs)
    for number in range(1, 5):
        assert f"{GZ}#{number}" in docs
    # searchable, by body, title, speaker, section
    assert _hits(index_dir, "body", "kattegat") == [f"{GZ}#1"]
    assert _hits(index_dir, "speaker", "Joseph Mwangi") == [f"{GZ}#3"]
    assert docs[f"{GZ}#3"]["key"] == "https://news.riverside-post.example/world/africa/river-treaty-talks"
    assert docs[f"{GZ}#2"]["key"] == f"file:{GZ}#2"
    assert docs[f"{GZ}#2"]["section"] == "Energy"
    # one manifest row per record, and one for the file, all with the file's stat
    manifest = Manifest(index_dir)
    try:
        rows = {p: r for p, r in manifest.load().items() if p.startswith(GZ)}
    finally:
        manifest.close()
    st = (raw / GZ).stat()
    assert set(rows) == {GZ, *(f"{GZ}#{n}" for n in range(1, 5))}
    assert rows[GZ].status == CONTAINER
    assert {(r.mtime_ns, r.size) for r in rows.values()} == {(st.st_mtime_ns, st.st_size)}
    assert stats.collect(index_dir)["files"] == pages + 1


def test_an_unchanged_file_is_not_read_again(built) -> None:
    raw, index_dir, first = built
    second = build.run(raw, index_dir, workers=1)
    assert _counts(second) == (0, 0, 0)
    assert second.unchanged == first.added + first.duplicates
    assert second.documents == first.documents
    # Same size and mtime, other bytes: a build that opened the file would see garbage.
    gz = raw / GZ
    st = gz.stat()
    gz.write_bytes(b"\0" * st.st_size)
    os.utime(gz, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = build.run(raw, index_dir, workers=1)
    assert (_counts(third), third.skipped) == ((0, 0, 0), [])
    assert third.documents == first.documents


def test_a_touched_file_is_read_once_and_maps_nothing(built) -> None:
    raw, index_dir, first = built
    gz = raw / GZ
    st = gz.stat()
    os.utime(gz, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000_000))
    second = build.run(raw, index_dir, workers=1)
    assert _counts(second) == (0, 0, 0)
    # the new stat is recorded: the next build does not read the file
    st = gz.stat()
    gz.write_bytes(b"\0" * st.st_size)
    os.utime(gz, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = build.run(raw, index_dir, workers=1)
    assert (_counts(third), third.skipped) == ((0, 0, 0), [])


def test_an_appended_line_adds_one_document(built) -> None:
    raw, index_dir, first = built
    extra = json.dumps({"title": "Quarry expansion approved", "maintext":
                        "The council approved the quarry expansion on Thursday.\n"
                        "Residents said they would appeal.",
                        "url": "https://www.northsea-courier.example/local/quarry",
                        "date_publish": "2022-05-05 12:00:00"}).encode()
    _write_gz(raw / GZ, [*_records_fixture(), extra])
    summary = build.run(raw, index_dir, workers=1)
    assert _counts(summary) == (1, 0, 0)
    assert summary.documents == first.documents + 1
    assert _hits(index_dir, "body", "quarry") == [f"{GZ}#5"]


def test_a_changed_line_updates_one_document(built) -> None:
    raw, index_dir, first = built
    lines = _records_fixture()
    lines[1] = lines[1].replace(b"coal quay", b"coal quay and the Zephyrine basin")
    _write_gz(raw / GZ, lines)
    summary = build.run(raw, index_dir, workers=1)
    assert _counts(summary) == (0, 1, 0)
    assert summary.documents == first.documents
    assert _hits(index_dir, "body", "Zephyrine") == [f"{GZ}#2"]


def test_a_deleted_line_removes_one_document(built) -> None:
    raw, index_dir, first = built
    lines = _records_fixture()
    _write_gz(raw / GZ, lines[:-1])
    summary = build.run(raw, index_dir, workers=1)
    assert _counts(summary) == (0, 0, 1)
    assert summary.documents == first.documents - 1
    assert f"{GZ}#4" not in _docs(index_dir)
    # A line taken out of the middle: the lines after it move up (a new path each).
    _write_gz(raw / GZ, [lines[0], lines[2]])
    summary = build.run(raw, index_dir, workers=1)
    assert summary.removed == 1
    assert summary.documents == first.documents - 2
    docs = _docs(index_dir)
    assert _hits(index_dir, "body", "kampala") == [f"{GZ}#2"]
    assert f"{GZ}#3" not in docs
    # the whole file gone, its documents go
    (raw / GZ).unlink()
    summary = build.run(raw, index_dir, workers=1)
    assert summary.removed == 2
    assert not any(p.startswith(GZ) for p in _docs(index_dir))
    manifest = Manifest(index_dir)
    try:
        assert not any(p.startswith(GZ) for p in manifest.load())
    finally:
        manifest.close()


class _Interrupted(Exception):
    pass


def _interrupt_after(count: int):
    """A progress hook that stops the build after `count` answers, as a kill would."""
    def progress(results, total):
        for number, res in enumerate(results, 1):
            yield res
            if number >= count:
                raise _Interrupted
    return progress


@pytest.mark.parametrize("answers", [1, 2, 3])
def test_a_build_interrupted_in_a_changed_file_is_finished_by_the_next(built, answers) -> None:
    raw, index_dir, first = built
    lines = _records_fixture()
    _write_gz(raw / GZ, lines[:2])  # lines 3 and 4 gone
    # answers: line 1, line 2, then the file's own (commit_every=1: each one committed)
    with pytest.raises(_Interrupted):
        build.run(raw, index_dir, workers=1, commit_every=1,
                  progress=_interrupt_after(answers))
    summary = build.run(raw, index_dir, workers=1)
    assert summary.removed == 2
    assert summary.documents == first.documents - 2 == len(_docs(index_dir))
    assert not {f"{GZ}#3", f"{GZ}#4"} & set(_docs(index_dir))


def test_bad_lines_are_skipped_by_number_and_good_lines_after_them_indexed(raw_copy,
                                                                           tmp_path) -> None:
    bad = (FIXTURES / "bad-lines.jsonl").read_bytes().splitlines()
    _write_gz(raw_copy / GZ, bad)
    index_dir = tmp_path / "index"
    summary = build.run(raw_copy, index_dir, workers=1)
    reasons = {s.path: s.reason for s in summary.skipped}
    assert set(reasons) == {f"{GZ}#{n}" for n, _ in BAD_LINES}
    for number, reason in BAD_LINES:
        assert reasons[f"{GZ}#{number}"].startswith(reason)
    assert _hits(index_dir, "body", "Skerry") == [f"{GZ}#6"]
    assert "invalid JSON" in summary.line()
    # skips are reported again by a build that does not read the file
    again = build.run(raw_copy, index_dir, workers=1)
    assert {s.path for s in again.skipped} == set(reasons)
    assert _counts(again) == (0, 0, 0)
    # the bad line fixed: one more document, one skip less
    fixed = [json.dumps({"title": "Unfinished record", "maintext":
                         "The line no longer stops in the middle."}).encode(), *bad[1:]]
    _write_gz(raw_copy / GZ, fixed)
    third = build.run(raw_copy, index_dir, workers=1)
    assert _counts(third) == (1, 0, 0)
    assert f"{GZ}#1" not in {s.path for s in third.skipped}


def test_the_size_limit_applies_to_each_line_not_to_the_file(tmp_path) -> None:
    raw = tmp_path / "raw"
    big = json.dumps({"title": "Long", "maintext": "Word salad. " * 400}).encode()
    lines = [*_records_fixture(), big, *_records_fixture()[:1]]
    (raw / "feeds").mkdir(parents=True)
    (raw / "feeds" / "plain.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    assert (raw / "feeds" / "plain.jsonl").stat().st_size > 4000
    summary = build.run(raw, tmp_path / "index", workers=1, max_bytes=4000)
    assert [(s.path, s.reason) for s in summary.skipped] == [
        ("feeds/plain.jsonl#5", "line over the size limit (4000 bytes)")]
    # line 6 repeats line 1's URL: one document, the later line
    assert summary.added == 4 and summary.duplicates == 1
    assert "feeds/plain.jsonl#6" in _docs(tmp_path / "index")


def test_scan_picks_up_jsonl_files(tmp_path) -> None:
    for name in ("a.jsonl", "b.jsonl.gz", "c.JSONL", "d.json", "e.jsonl.bz2"):
        (tmp_path / name).write_bytes(b"x" * 100)
    found = scan(tmp_path, max_bytes=10)
    # record files by their name; the others are candidates by their content
    assert sorted(s.path for s in found.files if not s.by_content) == [
        "a.jsonl", "b.jsonl.gz", "c.JSONL"]
    assert sorted(s.path for s in found.files if s.by_content) == ["d.json", "e.jsonl.bz2"]
    assert found.skips == [] and found.unlisted == []


def test_an_unreadable_gzip_is_one_skip(raw_copy, tmp_path) -> None:
    (raw_copy / "feeds").mkdir()
    (raw_copy / "feeds" / "broken.jsonl.gz").write_bytes(b"this is not gzip data" * 10)
    summary = build.run(raw_copy, tmp_path / "index", workers=1)
    assert [(s.path, s.reason.split(":")[0]) for s in summary.skipped] == [
        ("feeds/broken.jsonl.gz", "not a gzip file")]
    again = build.run(raw_copy, tmp_path / "index", workers=1)
    assert [s.path for s in again.skipped] == ["feeds/broken.jsonl.gz"]


def test_a_record_and_a_page_of_one_url_are_one_document_the_newest_wins(built) -> None:
    raw, index_dir, first = built
    page_doc = next(d for d in _docs(index_dir).values()
                    if d["path"].endswith(".html") and d["url"])
    page = raw / page_doc["path"]
    record = json.dumps({"title": "Rescraped", "url": page_doc["url"], "maintext":
                         "A rescrape of the story, with the Wombatine correction."}).encode()
    _write_gz(raw / GZ, [*_records_fixture(), record])
    # the file of records is newer than the page
    assert (raw / GZ).stat().st_mtime_ns > page.stat().st_mtime_ns
    summary = build.run(raw, index_dir, workers=1)
    assert (summary.documents, summary.updated) == (first.documents, 1)
    assert _hits(index_dir, "body", "Wombatine") == [f"{GZ}#5"]

    # a newer page takes the key back; its record is a duplicate
    st = (raw / GZ).stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 60_000_000_000))
    summary = build.run(raw, index_dir, workers=1)
    assert _hits(index_dir, "body", "Wombatine") == []
    assert page_doc["path"] in _docs(index_dir)

    # the page gone, the record (in a file that did not change) is the document again
    page.unlink()
    summary = build.run(raw, index_dir, workers=1)
    assert summary.documents == first.documents
    assert _hits(index_dir, "body", "Wombatine") == [f"{GZ}#5"]


def test_parallel_build_keeps_line_order(tmp_path) -> None:
    raw = tmp_path / "raw"
    (raw / "feeds").mkdir(parents=True)
    template = json.loads(_line("news-please.jsonl", 1))
    lines = []
    for n in range(1, 201):
        record = dict(template, url=f"https://news.example/world/story-{n}",
                      maintext=template["maintext"] + f"\nStory number marker{n}x.")
        lines.append(json.dumps(record).encode())
    path = raw / "feeds" / "many.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    index_dir = tmp_path / "index"
    first = build.run(raw, index_dir, workers=2, shard_count=2)
    assert (first.added, first.skipped) == (200, [])
    docs = _docs(index_dir)
    for n in (1, 77, 200):
        assert docs[f"feeds/many.jsonl#{n}"]["url"] == f"https://news.example/world/story-{n}"
    # one line changed among unchanged ones: answers known here and from workers, in order
    lines[99] = lines[99].replace(b"marker100x", b"marker100x Quillwort")
    path.write_bytes(b"\n".join(lines) + b"\n")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000_000))
    second = build.run(raw, index_dir, workers=2)
    assert (_counts(second), second.unchanged) == ((0, 1, 0), 199)
    assert _hits(index_dir, "body", "quillwort") == ["feeds/many.jsonl#100"]


def test_extract_cli_prints_one_object_per_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "indexer", "extract", str(FIXTURES / "bad-lines.jsonl"),
         str(FIXTURES / "news-please.jsonl")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["path"].rsplit("/", 1)[-1] for r in records] == [
        *(f"bad-lines.jsonl#{n}" for n in (1, 2, 3, 5, 6)),
        "news-please.jsonl#1", "news-please.jsonl#2"]
    assert [bool(r.get("error")) for r in records] == [True] * 4 + [False] * 3
    assert records[5]["speakers"] == ["Joseph Mwangi"]
    assert "bad-lines.jsonl#2: not a JSON object" in proc.stderr


def test_a_touched_page_has_its_new_stat_recorded(raw_copy, tmp_path) -> None:
    index_dir = tmp_path / "index"
    build.run(raw_copy, index_dir, workers=1)
    page = sorted(raw_copy.rglob("*.html"))[0]
    st = page.stat()
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000_000))
    summary = build.run(raw_copy, index_dir, workers=1)
    assert (_counts(summary), summary.skipped) == ((0, 0, 0), [])
    manifest = Manifest(index_dir)
    try:
        row = manifest.load()[page.relative_to(raw_copy).as_posix()]
    finally:
        manifest.close()
    assert row.mtime_ns == page.stat().st_mtime_ns
