"""The whole index's statistics, for a searcher of one shard of it.

BM25F weighs a term by how many documents of the index have it and by the average length
of the field; a shard searched on its own would weigh them by its own counts and rank
differently from the whole index. GlobalStats carries the whole index's numbers for one
query's terms, and StatsSearcher, a searcher of one shard, hands them to the weighting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.searching import Searcher


@dataclass(frozen=True, slots=True)
class GlobalStats:
    """The statistics of the whole index that BM25F reads, for one query's terms."""

    key: tuple  # every shard's generation: the caches that depend on these numbers
    documents: int  # doc_count_all of the whole index
    lengths: dict[str, int]  # field -> total length
    df: dict[tuple[str, bytes], int]  # (field, term) -> documents with it

    def frequency(self, fieldname: str, text: bytes) -> int | None:
        return self.df.get((fieldname, text))


class StatsSearcher(Searcher):
    """A searcher of one shard whose weighting reads the whole index's statistics.

    Only what scoring reads is replaced (an idf's document frequencies and document count,
    field lengths); everything that sizes arrays or reads postings stays the shard's. A
    term the statistics do not hold (a feedback word) is weighed by the shard's own.
    """

    def __init__(self, reader, weighting, closereader: bool = False,
                 fromindex: Any = None, parent: Searcher | None = None,
                 stats: GlobalStats | None = None) -> None:
        # Set first: the constructor makes the segments' searchers, which read it.
        self.global_stats = stats if parent is None else parent.global_stats
        super().__init__(reader, weighting=weighting, closereader=closereader,
                         fromindex=fromindex, parent=parent)

    def _subsearcher(self, reader):
        return self.__class__(reader, fromindex=self._ix, weighting=self.weighting,
                              parent=self)

    def field_length(self, fieldname):
        # Segments' scorers ask their parent for it, as they do in a local MultiReader.
        if self.has_parent():
            return self.get_parent().field_length(fieldname)
        return self.global_stats.lengths.get(fieldname, 0)

    def avg_field_length(self, fieldname, default=None):
        if self.has_parent() or not self.schema[fieldname].scorable:
            return super().avg_field_length(fieldname, default)
        return self.global_stats.lengths.get(fieldname, 0) / (self.global_stats.documents or 1)


def global_idf_inputs(searcher: Searcher, fields: tuple[str, ...], text: str | bytes
                      ) -> tuple[int, int] | None:
    """(document frequency, documents) of the whole index for a term, when the searcher
    carries GlobalStats that hold it; None to use the searcher's own."""
    stats = getattr(searcher.get_parent(), "global_stats", None)
    if stats is None:
        return None
    btext = text if isinstance(text, bytes) else text.encode("utf-8")
    found = [stats.frequency(f, btext) for f in fields]
    if any(df is None for df in found):
        return None
    return max(found), stats.documents
