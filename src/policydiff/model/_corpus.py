"""Corpora: the records :mod:`policydiff.corpus` produces (matches, many diffs, timelines)."""

from __future__ import annotations

from typing import Any

import attrs

from . import _display
from ._changes import PolicyDiff, QuantityRef

__all__ = [
    "CorpusEntry",
    "CorpusMatch",
    "CorpusReport",
    "Pair",
    "PairResult",
    "Timeline",
    "TimelineRow",
]


@attrs.frozen
class Pair:
    """Two documents of consecutive years matched as one series, by index and source.

    ``similarity`` is the cosine of their TF-IDF weighted character 4-grams (see
    :func:`policydiff.corpus.match`): near 1 for light edits, 0.1 to 0.2 for a rewritten annual
    report.
    """

    old: int
    new: int
    old_source: str | None
    new_source: str | None
    similarity: float


@attrs.frozen
class CorpusMatch:
    """The result of :func:`policydiff.corpus.match`.

    ``comparisons`` is how many full document comparisons were made (the blocking keeps it
    far below ``len(old) * len(new)``).
    """

    pairs: tuple[Pair, ...]
    new: tuple[int, ...]
    discontinued: tuple[int, ...]
    comparisons: int


@attrs.frozen
class PairResult:
    """The diff of one pair, or the error that stopped it (the others still ran)."""

    old_source: str | None
    new_source: str | None
    diff: PolicyDiff | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@attrs.frozen
class TimelineRow:
    """One measure followed across the years: a cell per year, ``None`` where it is missing.

    ``metric`` is the row's label (its subject, as the years word it most); ``subject``,
    ``measure`` and ``kind`` are the latest cell's.
    """

    metric: str
    cells: tuple[QuantityRef | None, ...]
    subject: str = ""
    measure: str = ""
    kind: str = ""


@attrs.frozen
class Timeline:
    """Measures × years, from the chain of year-to-year pairs of one series.

    ``years`` are sorted; ``years_from`` says, for each, where the year was read: ``text``
    (the document's date), ``file name`` or ``order given``.
    """

    years: tuple[str, ...]
    rows: tuple[TimelineRow, ...]
    years_from: tuple[str, ...] = ()

    def find(self, text: str) -> tuple[TimelineRow, ...]:
        """The rows whose metric contains ``text`` in any year."""
        return tuple(
            row
            for row in self.rows
            if text in row.metric or any(c and text in c.quantity.metric for c in row.cells)
        )

    def to_frame(self) -> Any:
        """One row per (metric, year) with value, unit, as-of, kind and node (pandas)."""
        return _display.show("timeline_frame", self)


@attrs.frozen
class CorpusEntry:
    """One matched pair of a corpus run: where its changelogs are and what they hold."""

    old: str
    new: str
    similarity: float
    status: str  # "diffed", "unchanged inputs" (skipped) or "failed"
    markdown: str | None = None
    html: str | None = None
    counts: tuple[tuple[str, int], ...] = ()
    error: str | None = None


@attrs.frozen
class CorpusReport:
    """What :func:`policydiff.corpus.build` did: the pairs, the new and discontinued
    documents, the failures."""

    entries: tuple[CorpusEntry, ...]
    new: tuple[str, ...]
    discontinued: tuple[str, ...]
    unreadable: tuple[tuple[str, str], ...]
    comparisons: int
