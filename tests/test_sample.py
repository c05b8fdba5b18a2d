"""The tests read their own sample, under tests/: the project's raw/ is the user's to fill
with scrapes, and nothing added there may change what a test sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import RAW, ROOT, sample_key, sample_pages

TESTS = Path(__file__).resolve().parent
# What naming the project's raw/ folder looks like in a test: ROOT / "raw",
# parents[1] / "raw", or a path string starting "raw/".
_PROJECT_RAW = re.compile(r"""(?:ROOT|parents\[1\]|parent\.parent)\s*/\s*["']raw["']"""
                          r"""|["']raw/""")


def test_the_sample_lives_under_tests():
    assert RAW.is_relative_to(TESTS) and RAW.is_dir()
    assert not RAW.is_relative_to(ROOT / "raw")


def test_sample_pages_json_names_every_sample_page_and_only_them():
    on_disk = {sample_key(p.relative_to(RAW).as_posix()) for p in RAW.rglob("*.html")}
    assert set(sample_pages()) == on_disk
    assert all((ROOT / key).is_file() for key in sample_pages())


@pytest.mark.parametrize("module", sorted(TESTS.glob("*.py")), ids=lambda p: p.name)
def test_no_test_reads_the_projects_raw_folder(module):
    source = module.read_text()
    if module.name != Path(__file__).name:
        assert not _PROJECT_RAW.search(source), f"{module.name} names the project's raw/"
    # a build without --raw reads raw/ under its working folder: the project's
    for call in re.finditer(r'"indexer",\s*"build"', source):
        assert "--raw" in source[call.end():call.end() + 120], module.name
