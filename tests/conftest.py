"""Shared fixtures: the sample pages, a real on-disk index built from them, the app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from whoosh.searching import Searcher

from indexer.store import build
from indexer.store.shards import open_reader
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SAMPLE_PAGES_FILE = Path(__file__).parent / "sample_pages.json"


def sample_pages() -> dict[str, dict]:
    """Expected metadata of every shipped sample page, by path from the project root."""
    return json.loads(SAMPLE_PAGES_FILE.read_text())


def raw_page(relpath: str) -> bytes:
    """The bytes of one shipped sample page (path as in sample_pages.json)."""
    return (ROOT / relpath).read_bytes()


def open_searcher(index_dir: Path) -> Searcher:
    """A searcher over every shard of an index on disk, as the service reads it."""
    return Searcher(open_reader(index_dir))


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped sample, built once per session with the real builder."""
    index_dir = tmp_path_factory.mktemp("index")
    summary = build.run(RAW, index_dir, workers=1)
    assert not summary.skipped, summary.skipped
    return index_dir


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/ that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture(scope="session")
def app(built_index: Path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(built_index)})
    yield app
    app.extensions["index"].close()


@pytest.fixture()
def client(app):
    return app.test_client()
