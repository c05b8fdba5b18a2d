"""`python -m indexer extract` on every shipped sample page: the JSON Lines contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, sample_pages

SAMPLE_PAGES = sample_pages()

PAGES = sorted(SAMPLE_PAGES)
COMMENT_FORM = ("Please enter your comment", "Please enter your name here", "LEAVE A REPLY",
                "Leave a Reply", "Your email address will not be published")


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    proc = subprocess.run([sys.executable, "-m", "indexer", "extract", *PAGES], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=True)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == len(PAGES)
    return {r["path"]: r for r in records}


def test_every_record_has_the_contract_keys_and_types(extracted):
    for path, rec in extracted.items():
        assert {"path", "url", "title", "body", "section", "date", "speakers"} <= set(rec)
        assert isinstance(rec["body"], str) and rec["body"], path
        assert rec["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d.*", rec["date"])
        assert all(isinstance(s, str) for s in rec["speakers"])
        assert "\n\n" in rec["body"], f"{path}: paragraphs are not separated"


@pytest.mark.parametrize("path", PAGES)
def test_title_date_section(extracted, path):
    rec, want = extracted[path], SAMPLE_PAGES[path]
    assert (rec["title"], rec["date"][:10] if rec["date"] else None, rec["section"]) == (
        want["title"], want["date"], want["section"])


@pytest.mark.parametrize("path", PAGES)
def test_body_keeps_the_article_and_drops_the_junk(extracted, path):
    body, want = extracted[path]["body"], SAMPLE_PAGES[path]
    for sentence in want["body_contains"]:
        assert sentence in body
    for junk in list(want["body_excludes"]) + list(COMMENT_FORM):
        assert junk not in body


def test_speakers_are_found_by_full_name(extracted):
    found = expected = correct = 0
    for path, want in SAMPLE_PAGES.items():
        got = set(extracted[path]["speakers"])
        found += len(got)
        expected += len(want["speakers"])
        correct += len(got & set(want["speakers"]))
    assert correct / expected >= 0.8, f"recall {correct / expected:.2f}"
    assert correct / found >= 0.8, f"precision {correct / found:.2f}"


def test_seed_story_speakers_are_resolved_to_full_names(extracted):
    seed = next(r for r in extracted.values() if r["title"] and "Kerry" in r["title"]
                and r["date"] == "2016-03-23")
    assert {"Chu Yin", "Feng Yujun"} <= set(seed["speakers"])
    assert "Chu" not in seed["speakers"] and "Feng" not in seed["speakers"]
    assert "Enditem" not in seed["body"] and "Source: Xinhua" not in seed["body"]
    assert seed["body"].count("John Kerry\n") == 0


def test_unreadable_input_is_a_reported_skip_not_a_crash(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "indexer", "extract", str(empty)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["error"]
    assert "skipped" in proc.stderr
    strict = subprocess.run([sys.executable, "-m", "indexer", "extract", "--strict", str(empty)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert strict.returncode == 1


def test_agency_is_kept_as_metadata_when_its_tail_leaves_the_body(extracted):
    wire = {path: rec for path, rec in extracted.items() if "Enditem" in raw_text(path)}
    assert wire
    for path, rec in wire.items():
        assert rec["source"] == "Xinhua", path
        assert "Enditem" not in rec["body"]


def raw_text(path: str) -> str:
    return (ROOT / path).read_bytes().decode("utf-8", errors="replace")
