"""Tables: the tables of two documents paired, and their cells paired by row and column label.

:func:`pair_tables` works in two steps, each a global assignment posed in an orientation the
two documents fix (so ``diff(b, a)`` mirrors ``diff(a, b)``):

1. *Tables* pair by how alike their captions and their labels are (:func:`table_similarity`,
   years set aside: ``2023年部门收入预算总表`` is ``2024年部门收入预算总表``), at
   ``table_threshold`` or more; of equally alike pairs, those nearer in relative position win.
   A table left over is ``added`` or ``dropped``.
2. *Rows and columns* of a pair of tables pair by their labels: the same label (years set
   aside) first, then a label reworded, at ``label_threshold`` or more (rapidfuzz ``ratio``:
   ``行政规范性文件`` → ``规范性文件``); the rest are added or dropped rows and columns. A cell
   pairs with the cell at its row's and column's counterparts (the k-th of cells with the
   same labels with the k-th).

The cells of paired tables that changed, came or went are also given as
:class:`~policydiff.model.NumberChange` records, the node of each side being the table's key
(``t1``), so that they show with the other figures; their confidence is 1 for labels that
match and the lower of the row's and the column's label similarity for reworded ones. The
cells of a table one document has and the other does not are in its
:class:`~policydiff.model.TableChange` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .. import _kernels as kernels
from ..model import (
    CellChange,
    Document,
    NumberChange,
    Quantity,
    QuantityRef,
    Table,
    TableCell,
    TableChange,
)

__all__ = ["pair_tables", "table_similarity"]

#: Two tables below this similarity (of captions and labels) are not the same table.
TABLE_THRESHOLD = 0.5
#: A row or column label reworded pairs with one at least this similar (rapidfuzz ratio / 100).
LABEL_THRESHOLD = 0.8
#: How much a difference of relative position (0 to 1) costs a pair of tables, squared.
_POSITION_WEIGHT = 0.1

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)(?:年度|年)?")


def _masked(label: str) -> str:
    """A label as labels are compared: years left out (``2024年预算数`` → ``预算数``)."""
    return _YEAR.sub("", label)


def _labels(table: Table) -> tuple[str, str]:
    """A table's distinct row labels and column labels, each set joined in order, years left
    out."""
    rows = _distinct(_masked(c.row_label) for c in table.cells)
    cols = _distinct(_masked(c.col_label) for c in table.cells)
    return "\n".join(rows), "\n".join(cols)


def table_similarity(old: Table, new: Table) -> float:
    """How alike two tables are, 0 to 1: the mean of the similarities (rapidfuzz ``ratio``)
    of their captions, of their row labels and of their column labels, each where either
    table has some, years left out; for tables with neither caption nor labels, 1 for the
    same shape and 0.5 otherwise.

    >>> from policydiff.extract import table_cells
    >>> a = table_cells(Table("t1", (("项目", "2023年"), ("收入", "1")), caption="2023年收支表"))
    >>> b = table_cells(Table("t1", (("项目", "2024年"), ("收入", "3")), caption="2024年收支表"))
    >>> table_similarity(a, b)
    1.0
    """
    pairs = [(old.caption, new.caption), *zip(_labels(old), _labels(new), strict=True)]
    parts = [fuzz.ratio(_masked(a), _masked(b)) / 100.0 for a, b in pairs if a or b]
    if not parts:
        return 1.0 if old.shape == new.shape else 0.5
    return round(sum(parts) / len(parts), 6)


def pair_tables(
    old: Document,
    new: Document,
    *,
    headline_confidence: float = 0.75,
    table_threshold: float = TABLE_THRESHOLD,
    label_threshold: float = LABEL_THRESHOLD,
) -> tuple[tuple[TableChange, ...], tuple[NumberChange, ...]]:
    """The tables of two documents paired, with their cells paired by row and column label,
    and the cells that changed, came or went as number changes (see the module docstring).

    Table changes come in the new document's order, a dropped table after them in the old
    one's. ``headline_confidence`` marks number changes as headline figures, as
    :class:`~policydiff.model.DiffOptions` says for the text's figures.

    >>> from policydiff import parse
    >>> from policydiff.extract import table_cells
    >>> import attrs
    >>> def doc(*rows):
    ...     return attrs.evolve(parse("一、总则"), tables=(table_cells(Table("t1", rows)),))
    >>> tables, numbers = pair_tables(doc(("项目", "金额"), ("收入", "5")),
    ...                               doc(("项目", "金额"), ("收入", "7"), ("支出", "2")))
    >>> [(t.change, t.added_rows) for t in tables], [(n.change, n.metric, n.delta) for n in numbers]
    ([('changed', ('支出',))], [('changed', '收入 × 金额', 2.0), ('added', '支出 × 金额', None)])
    """
    olds, news = old.tables, new.tables
    pairs: dict[int, tuple[int, float]] = {}
    if olds and news:
        scores = np.array([[table_similarity(a, b) for b in news] for a in olds], dtype=np.float64)
        where_old = np.linspace(0, 1, len(olds)) if len(olds) > 1 else np.zeros(1)
        where_new = np.linspace(0, 1, len(news)) if len(news) > 1 else np.zeros(1)
        weights = scores - _POSITION_WEIGHT * (where_old[:, None] - where_new[None, :]) ** 2
        usable = scores >= table_threshold
        for i, j in _assign(weights, usable, _order(olds) <= _order(news)):
            pairs[j] = (i, float(scores[i, j]))
    changes: list[TableChange] = []
    numbers: list[NumberChange] = []
    taken = {i for i, _ in pairs.values()}
    for j, table in enumerate(news):
        if j not in pairs:
            changes.append(_lone(table, "added"))
            continue
        i, similarity = pairs[j]
        change, cell_numbers = _pair_cells(
            olds[i], table, similarity, label_threshold, headline_confidence
        )
        changes.append(change)
        numbers.extend(cell_numbers)
    changes.extend(_lone(t, "dropped") for i, t in enumerate(olds) if i not in taken)
    return tuple(changes), tuple(numbers)


def _order(tables: Sequence[Table]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """What fixes the orientation of an assignment: the tables' grids."""
    return tuple(t.rows for t in tables)


def _assign(weights: np.ndarray, usable: np.ndarray, old_first: bool) -> list[tuple[int, int]]:
    """:func:`policydiff._kernels.assign` posed with the old side as rows, or transposed."""
    if old_first:
        return kernels.assign(weights, usable)
    return sorted((i, j) for j, i in kernels.assign(weights.T.copy(), usable.T.copy()))


def _lone(table: Table, change: str) -> TableChange:
    """A table one document has and the other does not: every cell added or dropped."""
    if change == "added":
        return TableChange(
            "added",
            None,
            table.key,
            new_caption=table.caption,
            new_where=table.where,
            cells=tuple(
                CellChange("added", c.row_label, c.col_label, None, c) for c in table.cells
            ),
            added_rows=_distinct(c.row_label for c in table.cells),
            added_cols=_distinct(c.col_label for c in table.cells),
        )
    return TableChange(
        "dropped",
        table.key,
        None,
        old_caption=table.caption,
        old_where=table.where,
        cells=tuple(CellChange("dropped", c.row_label, c.col_label, c, None) for c in table.cells),
        dropped_rows=_distinct(c.row_label for c in table.cells),
        dropped_cols=_distinct(c.col_label for c in table.cells),
    )


def _distinct(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in labels if x))


def _pair_labels(
    old: Sequence[str], new: Sequence[str], threshold: float, old_first: bool
) -> dict[str, tuple[str, float]]:
    """Old labels paired with new ones: the same label, then the same but for its years (in
    order: ``2023年预算数`` → ``2024年预算数``), each with similarity 1; then reworded ones by
    one assignment over those at ``threshold`` or more."""
    found: dict[str, tuple[str, float]] = {}
    used = set(old) & set(new)
    found.update((label, (label, 1.0)) for label in old if label in used)
    by_masked: dict[str, list[str]] = {}
    for label in new:
        if label not in used:
            by_masked.setdefault(_masked(label), []).append(label)
    for label in old:
        same = by_masked.get(_masked(label))
        if label not in found and same:
            found[label] = (same.pop(0), 1.0)
            used.add(found[label][0])
    left_old = [x for x in old if x not in found]
    left_new = [x for x in new if x not in used]
    if left_old and left_new:
        scores = (
            process.cdist(
                [_masked(x) for x in left_old],
                [_masked(x) for x in left_new],
                scorer=fuzz.ratio,
                dtype=np.float64,
                workers=kernels.workers_for(len(left_old), len(left_new)),
            )
            / 100.0
        )
        for i, j in _assign(scores, scores >= threshold, old_first):
            found[left_old[i]] = (left_new[j], round(float(scores[i, j]), 4))
    return found


def _pair_cells(
    old: Table, new: Table, similarity: float, threshold: float, headline: float
) -> tuple[TableChange, list[NumberChange]]:
    """The cells of a pair of tables paired by their labels."""
    old_first = old.rows <= new.rows
    old_rows = _distinct(c.row_label for c in old.cells)
    new_rows = _distinct(c.row_label for c in new.cells)
    old_cols = _distinct(c.col_label for c in old.cells)
    new_cols = _distinct(c.col_label for c in new.cells)
    rows = _pair_labels(old_rows, new_rows, threshold, old_first)
    cols = _pair_labels(old_cols, new_cols, threshold, old_first)
    rows[""] = cols[""] = ("", 1.0)  # a table without row (column) labels
    # the k-th new cell of a (row, column) pairs with the k-th old cell of their counterparts
    waiting: dict[tuple[str, str], list[TableCell]] = {}
    for cell in old.cells:
        row, col = rows.get(cell.row_label), cols.get(cell.col_label)
        if row is not None and col is not None:
            waiting.setdefault((row[0], col[0]), []).append(cell)
    confidence = {
        key: min(rows[o.row_label][1], cols[o.col_label][1])
        for key, cells in waiting.items()
        for o in cells[:1]
    }
    cells: list[CellChange] = []
    numbers: list[NumberChange] = []
    paired: set[int] = set()
    for cell in new.cells:
        key = (cell.row_label, cell.col_label)
        match = waiting.get(key)
        if match:
            before = match.pop(0)
            paired.add(id(before))
            change = _cell_change(before, cell)
            cells.append(change)
            numbers.extend(_numbers(change, old.key, new.key, confidence[key], headline))
        else:
            change = CellChange("added", cell.row_label, cell.col_label, None, cell)
            cells.append(change)
            numbers.extend(_numbers(change, old.key, new.key, 1.0, headline))
    for cell in old.cells:
        if id(cell) not in paired:
            change = CellChange("dropped", cell.row_label, cell.col_label, cell, None)
            cells.append(change)
            numbers.extend(_numbers(change, old.key, new.key, 1.0, headline))
    row_of_new = {v[0] for v in rows.values()}
    col_of_new = {v[0] for v in cols.values()}
    renamed = tuple(
        (a, b) for pairs in (rows, cols) for a, (b, _) in pairs.items() if _masked(a) != _masked(b)
    )
    added_rows = tuple(x for x in new_rows if x not in row_of_new)
    dropped_rows = tuple(x for x in old_rows if x not in rows)
    added_cols = tuple(x for x in new_cols if x not in col_of_new)
    dropped_cols = tuple(x for x in old_cols if x not in cols)
    same = all(c.change == "unchanged" for c in cells) and not (
        added_rows or dropped_rows or added_cols or dropped_cols
    )
    return (
        TableChange(
            "unchanged" if same else "changed",
            old.key,
            new.key,
            old_caption=old.caption,
            new_caption=new.caption,
            old_where=old.where,
            new_where=new.where,
            similarity=round(similarity, 4),
            cells=tuple(cells),
            added_rows=added_rows,
            dropped_rows=dropped_rows,
            added_cols=added_cols,
            dropped_cols=dropped_cols,
            renamed=renamed,
        ),
        numbers,
    )


def _mid(q: Quantity) -> float:
    return (q.low + q.high) / 2.0


def _rate(q: Quantity) -> bool:
    return kernels.unit_class(q.unit) == "percent"


def _nil(cell: TableCell) -> bool:
    """Whether a cell states nothing: empty, a dash, or zero. An empty cell one year and a
    0 the next (a budget's 事业收入 column) is no change."""
    if cell.quantity is None:
        return not cell.text.strip("-—–/ ")
    return cell.quantity.low == cell.quantity.high == 0


def _cell_change(old: TableCell, new: TableCell) -> CellChange:
    """Two paired cells compared: by their figures, else by their texts."""
    qo, qn = old.quantity, new.quantity
    if qo is not None and qn is not None:
        delta = round(_mid(qn) - _mid(qo), 6)
        relative = round(delta / _mid(qo), 4) if _mid(qo) and not _rate(qn) else None
        same = (qo.low, qo.high, qo.unit) == (qn.low, qn.high, qn.unit) or qo.high == qn.high == 0
        return CellChange(
            "unchanged" if same else "changed",
            new.row_label,
            new.col_label,
            old,
            new,
            delta,
            relative,
        )
    same = (qo is None and qn is None and old.text == new.text) or (_nil(old) and _nil(new))
    return CellChange("unchanged" if same else "changed", new.row_label, new.col_label, old, new)


def _numbers(
    change: CellChange, old_key: str, new_key: str, confidence: float, headline: float
) -> list[NumberChange]:
    """A cell change as a number change, when it is one: two figures that differ, or a
    figure on one side only (a cell emptied counts as the figure dropped)."""
    qo = change.old.quantity if change.old is not None else None
    qn = change.new.quantity if change.new is not None else None
    if change.change == "unchanged" or (qo is None and qn is None):
        return []
    if qo is not None and qn is not None:
        return [
            NumberChange(
                "changed",
                qn.metric,
                QuantityRef(old_key, qo),
                QuantityRef(new_key, qn),
                change.delta,
                change.relative,
                confidence=confidence,
                headline=confidence >= headline,
            )
        ]
    if qn is not None:
        return [NumberChange("added", qn.metric, None, QuantityRef(new_key, qn))]
    assert qo is not None
    return [NumberChange("dropped", qo.metric, QuantityRef(old_key, qo), None)]
