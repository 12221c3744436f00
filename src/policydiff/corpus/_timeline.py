"""Timelines: the numbers of one series of documents followed across the years."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .._api import DocumentLike, as_document
from .._diff import compare
from ..model import DiffOptions, Document, QuantityRef, Timeline, TimelineRow

__all__ = ["timeline"]


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year(doc: Document, position: int) -> str:
    """The document's year: from its date, else from its file name, else its position."""
    if doc.date:
        return doc.date[:4]
    if doc.source and (found := _YEAR.search(doc.source)):
        return found.group(1)
    return doc.source or str(position + 1)


def timeline(
    docs: Sequence[DocumentLike],
    *,
    min_years: int = 2,
    options: DiffOptions | None = None,
    **overrides: Any,
) -> Timeline:
    """Follow every number of a series of documents (oldest first) across the years.

    Each year is diffed with the next, and with the one after that, so a metric a year leaves
    out (the GDP target of 2020) continues across the gap, shown as missing. Rows with a value
    in fewer than ``min_years`` years are left out. ``options`` (a
    :class:`~policydiff.model.DiffOptions`) and ``overrides`` by name say how each pair is
    compared, as for :func:`policydiff.diff`.
    """
    chosen = DiffOptions.merged(options, "timeline()", **overrides)
    documents = [as_document(d) for d in docs]
    years = tuple(_year(d, k) for k, d in enumerate(documents))
    # Each quantity of each year is a node of a graph; a paired number change is an edge.
    ids: dict[tuple[int, str, int], int] = {}
    cells: list[tuple[int, QuantityRef]] = []
    for k, doc in enumerate(documents):
        for node in doc.walk():
            for q_index, quantity in enumerate(node.quantities):
                ids[(k, node.path, q_index)] = len(cells)
                cells.append((k, QuantityRef(node.path, quantity)))
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}

    def key(k: int, ref: QuantityRef) -> int | None:
        node = documents[k].node(ref.node)
        for q_index, quantity in enumerate(node.quantities):
            if quantity == ref.quantity:
                return ids[(k, ref.node, q_index)]
        return None

    for step in (1, 2):
        for k in range(len(documents) - step):
            result = compare(documents[k], documents[k + step], chosen)
            for change in result.numbers:
                if (
                    change.change not in ("changed", "unchanged")
                    or not change.old
                    or not change.new
                ):
                    continue
                a, b = key(k, change.old), key(k + step, change.new)
                if a is None or b is None or a in successor or b in predecessor:
                    continue
                if step == 2 and not _skips_a_year(a, b, successor, predecessor):
                    continue
                successor[a], predecessor[b] = b, a
    rows: list[TimelineRow] = []
    for start in range(len(cells)):
        if start in predecessor:
            continue
        row: list[QuantityRef | None] = [None] * len(documents)
        current: int | None = start
        while current is not None:
            k, ref = cells[current]
            row[k] = ref
            current = successor.get(current)
        if sum(cell is not None for cell in row) >= min_years:
            latest = next(cell for cell in reversed(row) if cell is not None)
            rows.append(TimelineRow(latest.quantity.metric, tuple(row)))
    return Timeline(years=years, rows=tuple(rows))


def _skips_a_year(a: int, b: int, successor: dict[int, int], predecessor: dict[int, int]) -> bool:
    """A two-year edge is used only when the year between has no link for either end."""
    return a not in successor and b not in predecessor
