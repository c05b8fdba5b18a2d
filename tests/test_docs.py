"""The README documents what the code does: every setting, every command flag, and each
example answer, which is what the app answers on the shipped sample."""

from __future__ import annotations

import json
import re
from typing import Any

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


# Examples: an HTML comment marks a curl command of the service, and the JSON block after
# it (with at most some text between) is its answer on the shipped sample.
EXAMPLE_MARK = "<!-- example -->"
EXAMPLE = re.compile(
    r"<!-- example -->\n```sh\ncurl '(?:http://127\.0\.0\.1:8000)(?P<path>/[^']*)'\n```\n"
    r"(?:(?!```).)*?```json\n(?P<shown>.*?)\n```", re.S)
# What an example may leave out: "…" in place of a value (any value), at either end of a
# string (any text there), and `...` among the items of a list (any items there).
ANY = "…"
ITEMS = object()
# Fields whose value changes from one run to the next: any number will do.
TIMINGS = ("took_ms",)


def _parse_shown(text: str) -> Any:
    """An example's JSON, with each bare `...` (outside strings) read as ITEMS."""
    out, in_string, i = [], False, 0
    while i < len(text):
        char = text[i]
        if in_string:
            out.append(char)
            if char == "\\":
                out.append(text[i + 1])
                i += 1
            elif char == '"':
                in_string = False
        elif text.startswith("...", i):
            out.append('"\\u0000items"')
            i += 2
        else:
            in_string = char == '"'
            out.append(char)
        i += 1
    return json.loads("".join(out))


def _items(value: Any) -> Any:
    if value == "\x00items":
        return ITEMS
    if isinstance(value, list):
        return [_items(v) for v in value]
    if isinstance(value, dict):
        return {k: _items(v) for k, v in value.items()}
    return value


def mismatch(actual: Any, shown: Any, where: str = "") -> str | None:
    """Where the actual answer differs from what the example shows, or None."""
    if shown == ANY:
        return None
    if isinstance(shown, str) and (shown.startswith(ANY) or shown.endswith(ANY)):
        part = shown.strip(ANY)
        found = isinstance(actual, str) and (
            part in actual if shown.startswith(ANY) and shown.endswith(ANY)
            else actual.startswith(part) if shown.endswith(ANY) else actual.endswith(part))
        return None if found else f"{where}: {actual!r} does not fit {shown!r}"
    if isinstance(shown, dict):
        if not isinstance(actual, dict) or set(actual) != set(shown):
            return f"{where}: keys {sorted(actual) if isinstance(actual, dict) else actual!r}" \
                   f" are not the example's {sorted(shown)}"
        for key, value in shown.items():
            if key in TIMINGS:
                if not isinstance(actual[key], int | float) or actual[key] < 0:
                    return f"{where}.{key}: {actual[key]!r} is not a time"
            elif (found := mismatch(actual[key], value, f"{where}.{key}")) is not None:
                return found
        return None
    if isinstance(shown, list):
        if not isinstance(actual, list):
            return f"{where}: {actual!r} is not a list"
        if ITEMS in shown:
            cut = shown.index(ITEMS)
            head, tail = shown[:cut], shown[cut + 1:]
            if len(actual) < len(head) + len(tail):
                return f"{where}: {len(actual)} items, fewer than the example shows"
            start = len(actual) - len(tail)
            checks = [*enumerate(head), *((start + i, want) for i, want in enumerate(tail))]
        else:
            if len(actual) != len(shown):
                return f"{where}: {len(actual)} items, the example shows {len(shown)}"
            checks = list(enumerate(shown))
        for at, want in checks:
            if (found := mismatch(actual[at], want, f"{where}[{at}]")) is not None:
                return found
        return None
    if actual != shown or type(actual) is not type(shown):
        return f"{where}: {actual!r}, the example shows {shown!r}"
    return None


def _examples() -> list[tuple[str, str]]:
    return [(m["path"], m["shown"]) for m in EXAMPLE.finditer(README)]


def test_every_marked_example_is_read():
    assert len(_examples()) == README.count(EXAMPLE_MARK) >= 4


@pytest.mark.parametrize(("path", "shown"), _examples(), ids=[p for p, _ in _examples()])
def test_each_example_is_what_the_app_answers_on_the_sample(client, path, shown):
    response = client.get(path)
    example = _items(_parse_shown(shown))
    assert response.status_code == (200 if example.get("ok", True) else example["status"])
    difference = mismatch(response.get_json(), example)
    assert difference is None, difference


@pytest.mark.parametrize(("actual", "shown", "fits"), [
    ({"a": 1, "b": "xyz"}, {"a": 1, "b": "…"}, True),
    ({"a": 1, "b": "xyz"}, {"a": 1}, False),  # every field is shown
    ({"a": 1}, {"a": 1.0}, False),
    ("Kerry's visit to Moscow", "Kerry's visit…", True),
    ("Kerry's visit to Moscow", "…to Moscow", True),
    ("Kerry's visit to Moscow", "…visit…", True),
    ("Kerry's visit to Moscow", "…Kremlin…", False),
    ([1, 2, 3, 4], [1, ITEMS, 4], True),
    ([1, 2, 3, 4], [1, ITEMS], True),
    ([1, 2, 3, 4], [2, ITEMS], False),
    ([1, 2], [1, 2, ITEMS, 2], False),
    ([1, 2, 3], [1, 2], False),
    ({"took_ms": 3.2}, {"took_ms": 11.9}, True),
    ({"took_ms": "slow"}, {"took_ms": 11.9}, False),
    (None, "…", True),
], ids=str)
def test_what_an_example_may_leave_out(actual, shown, fits):
    assert (mismatch(actual, shown) is None) is fits


def test_bare_dots_in_an_example_are_items_left_out():
    assert _items(_parse_shown('{"a": [1, ..., 3], "b": "x...y", "c": [...]}')) == {
        "a": [1, ITEMS, 3], "b": "x...y", "c": [ITEMS]}
