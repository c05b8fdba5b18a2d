"""The README documents what the code does: every setting, every command flag."""

from __future__ import annotations

import re

import pytest

from indexer.__main__ import build_parser
from web import DEFAULTS

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


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
