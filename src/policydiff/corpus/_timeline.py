"""Timelines: the numbers of one series of documents followed across the years."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._api import DocumentLike, as_document
from .._diff import compare
from .._diff._groups import generic, unit_key
from .._diff._numbers import subject_key
from ..errors import SeriesError, SeriesWarning
from ..model import DiffOptions, Document, Quantity, QuantityRef, Timeline, TimelineRow
from ._match import _BODY_CHARS, _gram_counts, _identity, _tfidf

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["SERIES_SIMILARITY", "timeline"]


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year(doc: Document, position: int) -> tuple[str, str]:
    """The document's year and where it was read: its date (from the text), else its file
    name, else its position in the order given."""
    if doc.date:
        return doc.date[:4], "text"
    if doc.source and (found := _YEAR.search(doc.source)):
        return found.group(1), "file name"
    return str(position + 1), "order given"


def timeline(
    docs: Sequence[DocumentLike],
    *,
    min_years: int = 2,
    options: DiffOptions | None = None,
    **overrides: Any,
) -> Timeline:
    """Follow every number of a series of documents across the years, one row per measure.

    The documents are sorted by their years — read from the text (its date), else from the file
    name (:attr:`Timeline.years_from` says which, for each) — and each year is diffed with the
    next, and with the one after that, so a figure a year leaves out (the GDP target of 2020)
    continues across the gap, shown as an explicit ``None``. Only confident pairs
    (:attr:`~policydiff.model.NumberChange.headline`) chain cells, and pairs only join figures
    of one identity (subject, measure, kind, unit, period, scope), so a row never chains two
    measures; it is labelled by its subject. Rows with a value in fewer than ``min_years``
    years are left out. ``options`` (a :class:`~policydiff.model.DiffOptions`) and
    ``overrides`` by name say how each pair is compared, as for :func:`policydiff.diff`.

    Raises :class:`~policydiff.errors.SeriesError` for fewer than two documents. Warns
    (:class:`~policydiff.errors.SeriesWarning`) when the documents were not given in year
    order (they are sorted), when two are of one year, and for a document that shares
    almost nothing with any other (:func:`_check_series`).
    """
    chosen = DiffOptions.merged(options, "timeline()", **overrides)
    given = [as_document(d) for d in docs]
    if len(given) < 2:
        raise SeriesError(f"a timeline follows figures across years: give two or more "
                          f"documents of one series, not {len(given)}")  # fmt: skip
    found = [_year(d, k) for k, d in enumerate(given)]
    order = sorted(range(len(given)), key=lambda k: (int(found[k][0]), k))
    documents = [given[k] for k in order]
    years = tuple(found[k][0] for k in order)
    years_from = tuple(found[k][1] for k in order)
    _check_series(given, found, order)
    # Each quantity of each year is a node of a graph; a confident pair is an edge.
    ids: dict[tuple[int, str, int], int] = {}
    cells: list[tuple[int, QuantityRef]] = []
    for k, doc in enumerate(documents):
        for node in doc.walk():
            for q_index, quantity in enumerate(node.quantities):
                ids[(k, node.path, q_index)] = len(cells)
                cells.append((k, QuantityRef(node.path, quantity)))
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}
    first = _first_statements(cells)

    def key(k: int, ref: QuantityRef) -> int | None:
        node = documents[k].node(ref.node)
        for q_index, quantity in enumerate(node.quantities):
            if quantity == ref.quantity:
                return first[ids[(k, ref.node, q_index)]]
        return None

    for step in (1, 2):
        for k in range(len(documents) - step):
            result = compare(documents[k], documents[k + step], chosen)
            for change in result.numbers:
                if not (change.old and change.new and change.headline):
                    continue
                a, b = key(k, change.old), key(k + step, change.new)
                if a is None or b is None or a in successor or b in predecessor:
                    continue
                if step == 2 and not _skips_a_year(a, b, successor, predecessor):
                    continue
                successor[a], predecessor[b] = b, a
    _bridge_gaps(cells, first, len(documents), successor, predecessor)
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
            rows.append(_row(row))
    return Timeline(years=years, rows=tuple(rows), years_from=years_from)


def _row(cells: list[QuantityRef | None]) -> TimelineRow:
    """A row labelled by the subject its cells share (the latest year's wording where they
    word it differently), else the latest metric."""
    present = [c.quantity for c in cells if c is not None]
    latest = present[-1]
    subjects = [q.subject for q in present if q.subject]
    label = max(reversed(subjects), key=subjects.count) if subjects else latest.metric
    return TimelineRow(
        label, tuple(cells), subject=latest.subject, measure=latest.measure, kind=latest.kind
    )


def _identity_key(q: Quantity) -> tuple[str, ...] | None:
    """What two figures years apart must share to continue one row across a gap: everything
    of their identity, the subject as :func:`~policydiff._diff._numbers.subject_key` reads it;
    ``None`` for a figure whose subject names no measure."""
    if generic(q):
        return None
    return (subject_key(q.subject), q.measure, q.kind, unit_key(q.unit), q.period, q.scope)


def _first_statements(cells: Sequence[tuple[int, QuantityRef]]) -> list[int]:
    """For each cell, the first cell of its document stating the same figure: of the same
    identity (:func:`_identity_key`) and value. A report that gives last year's CPI in its
    review and again where it sets this year's target states one figure twice; its row holds
    the first statement, whichever of the two a diff paired with a neighbouring year."""
    first: list[int] = list(range(len(cells)))
    seen: dict[tuple[object, ...], int] = {}
    for c, (k, ref) in enumerate(cells):
        q = ref.quantity
        found = _identity_key(q)
        if found is not None:
            first[c] = seen.setdefault((k, *found, q.low, q.high), c)
    return first


def _bridge_gaps(
    cells: Sequence[tuple[int, QuantityRef]],
    first: Sequence[int],
    n_documents: int,
    successor: dict[int, int],
    predecessor: dict[int, int],
) -> None:
    """Continue rows across gaps of three years or more (a CPI figure a report gives, three
    reports leave out, the fourth gives again), where the diffs of neighbouring years cannot.

    A row that ends in one year continues with a row that starts in a later one when the two
    figures have one identity (:func:`_identity_key`), each is the only figure of that
    identity in its document (stated once, or restated with the same value), and no
    document between holds a figure of it. Shorter gaps first, so a figure continues with
    the nearest year that states it."""
    by_year: list[dict[tuple[str, ...], list[int]]] = [{} for _ in range(n_documents)]
    for c, (k, ref) in enumerate(cells):
        found = _identity_key(ref.quantity)
        if found is not None and first[c] == c:
            by_year[k].setdefault(found, []).append(c)
    for gap in range(3, n_documents):
        for k in range(n_documents - gap):
            for found, ends in by_year[k].items():
                starts = by_year[k + gap].get(found, [])
                if len(ends) != 1 or len(starts) != 1:
                    continue
                a, b = ends[0], starts[0]
                if a in successor or b in predecessor:
                    continue
                if any(found in by_year[m] for m in range(k + 1, k + gap)):
                    continue
                successor[a], predecessor[b] = b, a


def _skips_a_year(a: int, b: int, successor: dict[int, int], predecessor: dict[int, int]) -> bool:
    """A two-year edge is used only when the year between has no link for either end."""
    return a not in successor and b not in predecessor


#: A document of a series is at least this similar to some other document of it (the cosine
#: :func:`~policydiff.corpus.match` computes, see :func:`_best_similarity`). Over the documents
#: of ../shared/corpus and the samples, two Government Work Reports twelve years apart score
#: 0.0187 (the lowest pair of one series; consecutive years 0.055 or more), two documents of
#: unrelated series 0.0164 at most (a city's work report against the State Council's, a
#: series apart, 0.0345).
SERIES_SIMILARITY = 0.0175


def _name(doc: Document, year: tuple[str, str]) -> str:
    return f"{doc.source or '(text)'} ({year[0]})"


def _check_series(
    docs: Sequence[Document], years: Sequence[tuple[str, str]], order: Sequence[int]
) -> None:
    """Warn of what makes ``docs`` an unusual series: given out of year order (``order``
    sorts them), two of one year, a document unrelated to every other one."""
    if list(order) != sorted(order):
        shown = ", ".join(_name(docs[k], years[k]) for k in order)
        note = f"the documents were not given in year order; sorted by year: {shown}"
        warnings.warn(SeriesWarning(note), stacklevel=3)
    by_year: dict[str, list[int]] = {}
    for k in order:
        by_year.setdefault(years[k][0], []).append(k)
    for year, same in by_year.items():
        if len(same) > 1:
            shown = ", ".join(docs[k].source or "(text)" for k in same)
            note = f"{len(same)} documents of {year} ({shown}): a timeline follows one a year"
            warnings.warn(SeriesWarning(note), stacklevel=3)
    for far in np.flatnonzero(_best_similarity(docs) < SERIES_SIMILARITY).tolist():
        note = (f"{_name(docs[far], years[far])} shares almost nothing with the other documents; "
                "a timeline follows one series (one document's successive years)")  # fmt: skip
        warnings.warn(SeriesWarning(note), stacklevel=3)


def _best_similarity(docs: Sequence[Document]) -> NDArray[np.float64]:
    """How similar each document is to the one most like it among the others: the cosine
    :func:`~policydiff.corpus.match` computes (of TF-IDF weighted 4-grams of each document's
    identity and the start of its body, weighed over these documents), all pairs at once."""
    counts = _gram_counts([f"{_identity(d)}\n{d.text[:_BODY_CHARS]}" for d in docs])
    present = counts.copy()
    present.data[:] = 1.0
    weights = _tfidf(counts, np.asarray(present.sum(axis=0)).ravel())
    cosine = np.asarray((weights @ weights.T).todense(), dtype=np.float64)
    np.fill_diagonal(cosine, -1.0)
    best: NDArray[np.float64] = cosine.max(axis=1)
    return best
