"""The one record that carries everything extraction learns about a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person or organisation quoted in an article, with what they said."""

    name: str
    kind: str = "person"  # "person" | "org"
    quotes: tuple[str, ...] = ()
    role: str | None = None  # the title or role the article gives a person ("Mayor")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "quotes": list(self.quotes),
                "role": self.role}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        """The speaker to_json wrote (an index written before roles has none)."""
        role = data.get("role")
        return cls(data["name"], data["kind"], tuple(data["quotes"]),
                   role if isinstance(role, str) else None)


@dataclass(frozen=True, slots=True)
class Capture:
    """Where a page read from a web archive was captured: the WARC record it came from."""

    warc: str  # the WARC file, relative to raw/
    offset: int  # byte offset of the record in the file
    target_uri: str | None  # WARC-Target-URI
    captured: str | None  # WARC-Date, as written: when it was crawled, not published

    def to_json(self) -> dict[str, Any]:
        return {"warc": self.warc, "offset": self.offset, "target_uri": self.target_uri,
                "captured": self.captured}

    @classmethod
    def from_json(cls, data: Any) -> Capture | None:
        """The capture to_json wrote, or None for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("warc"), str):
            return None
        offset = data.get("offset")
        if not isinstance(offset, int) or isinstance(offset, bool):
            return None
        uri, captured = data.get("target_uri"), data.get("captured")
        return cls(data["warc"], offset, uri if isinstance(uri, str) else None,
                   captured if isinstance(captured, str) else None)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: main text plus metadata, ready to be indexed."""

    path: str
    content_hash: str
    url: str | None = None
    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    section: str | None = None
    date: str | None = None  # ISO 8601, "YYYY-MM-DD" or with a time
    speakers: tuple[Speaker, ...] = ()
    source: str | None = None  # news agency named by the page (Xinhua, Reuters...)
    authors: tuple[str, ...] = ()  # who wrote it, by the page's bylines
    capture: Capture | None = None  # the WARC record, for a page read from a web archive
    language: str | None = None  # ISO 639-1 ("de"); None when it is not known
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def body(self) -> str:
        """Paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def speaker_names(self) -> list[str]:
        """People quoted, by full name (organisations are in speaker_details only)."""
        return [s.name for s in self.speakers if s.kind == "person"]

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record of `python -m indexer extract`."""
        return {
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "body": self.body,
            "section": self.section,
            "date": self.date,
            "speakers": self.speaker_names,
            "speaker_details": [s.to_json() for s in self.speakers],
            "source": self.source,
            "author": list(self.authors) or None,
            "content_hash": self.content_hash,
            "capture": self.capture.to_json() if self.capture else None,
            "language": self.language,
        }
