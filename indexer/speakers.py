"""Who is quoted in an article, by full name, and what they said."""

from __future__ import annotations

import re

from .article import Speaker

_SAID = re.compile(
    r"\b((?:[A-Z][a-z]+\s)?[A-Z][a-z]+)\s+(?:said|says|told|added|noted|warned)\b"
)


def find_speakers(paragraphs: list[str]) -> list[Speaker]:
    """Speakers of the article, short forms resolved to the fullest name seen."""
    names: dict[str, list[str]] = {}
    for para in paragraphs:
        for match in _SAID.finditer(para):
            names.setdefault(match[1], []).append(para)
    full = [n for n in names if " " in n]
    merged: dict[str, list[str]] = {}
    for name, quotes in names.items():
        target = next((f for f in full if f.split()[-1] == name.split()[-1] or f.split()[0] == name), name)
        merged.setdefault(target, []).extend(quotes)
    return [Speaker(name, "person", tuple(q)) for name, q in merged.items()]
