"""The README documents what the code does: every setting, every command flag, every
variable of `make run`."""

from __future__ import annotations

import re

import pytest

from indexer.__main__ import build_parser
from web import DEFAULTS

from .conftest import ROOT

README = (ROOT / "README.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_setting_is_documented(key):
    assert re.search(rf"\| `{key}` \|", README), f"{key} missing from README's settings table"


def _flags(subcommand: str) -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[subcommand]
    return [opt for action in sub._actions for opt in action.option_strings
            if opt.startswith("--") and opt != "--help"]


@pytest.mark.parametrize("flag", _flags("build"))
def test_every_build_flag_is_documented(flag):
    assert flag in README


def _make_run_variables() -> list[str]:
    """The Makefile's settable variables (`NAME ?= ...`) that `make run` and the index it
    builds use."""
    settable = set(re.findall(r"^(\w+) \?=", MAKEFILE, re.M))
    recipes = re.search(r"^index:.*?(?=^\S)", MAKEFILE, re.M | re.S)[0] + re.search(
        r"^run:.*?(?=^\S)", MAKEFILE, re.M | re.S)[0]
    return sorted(settable & set(re.findall(r"\$\((\w+)\)", recipes)))


def test_make_run_has_its_variables():
    assert _make_run_variables() == ["HOST", "INDEX", "PORT", "RAW"]


@pytest.mark.parametrize("name", _make_run_variables())
def test_every_make_run_variable_is_documented(name):
    assert re.search(rf"^make run\b.*\b{name}=", README, re.M), f"make run {name}= undocumented"
