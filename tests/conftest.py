"""Shared fixtures: the sample pages, a real on-disk index built from them, the app."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from whoosh.searching import Searcher

from indexer.store import build
from indexer.store.shards import open_reader
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
# The tests' own copy of the sample pages: the project's raw/ is the user's to fill, and
# what they add there must never change what a test sees.
RAW = Path(__file__).resolve().parent / "sample"
SAMPLE_PAGES_FILE = Path(__file__).parent / "sample_pages.json"
NOBODY = 65534  # the unprivileged user builds run as, to meet permissions as users do


def sample_pages() -> dict[str, dict]:
    """Expected metadata of every sample page, by path from the project root
    ("tests/sample/<site>/<year>/<slug>.html")."""
    return json.loads(SAMPLE_PAGES_FILE.read_text())


def sample_key(relpath: str) -> str:
    """The sample_pages.json key of a page, from its path relative to the sample folder."""
    return RAW.relative_to(ROOT).as_posix() + "/" + relpath


def raw_page(relpath: str) -> bytes:
    """The bytes of one shipped sample page (path as in sample_pages.json)."""
    return (ROOT / relpath).read_bytes()


def open_searcher(index_dir: Path) -> Searcher:
    """A searcher over every shard of an index on disk, as the service reads it."""
    return Searcher(open_reader(index_dir))


def build_unprivileged(raw: Path, index_dir: Path) -> dict:
    """A build's summary, run by an unprivileged user when the tests run as root (root
    lists every folder whatever its permissions): a forked child drops to `nobody`, runs
    the real build, and sends its summary back."""
    if os.geteuid() != 0:
        return build.run(raw, index_dir, workers=1).to_json()
    build.run(raw, index_dir.parent / "warm-up", workers=1)  # imports done before the drop
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.close(read)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            summary = build.run(raw, index_dir, workers=1)
            os.write(write, json.dumps(summary.to_json()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(data)


@pytest.fixture()
def shared_tmp():
    """A folder another user can enter (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-", dir="/tmp"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the sample, built once per session with the real builder."""
    index_dir = tmp_path_factory.mktemp("index")
    summary = build.run(RAW, index_dir, workers=1)
    assert not summary.skipped, summary.skipped
    return index_dir


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the sample that a test may change."""
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
