"""Tables read from PDF, Word and web pages, as records: a grid of cell texts with its headers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from ._document import Quantity

__all__ = ["CellChange", "Table", "TableCell", "TableChange"]


@attrs.frozen
class TableCell:
    """One body cell of a :class:`Table` with what it states: ``quantity`` (``None`` when the
    cell holds no figure) has ``row_label × col_label`` as its metric.

    ``row`` and ``col`` index :attr:`Table.rows`; ``row_label`` is the text of the row's header
    columns and ``col_label`` that of the column's header rows, each joined with ``/`` when
    there are several levels (``支出/基本支出``), a merged label said once. The quantity's
    metric is ``row_label × col_label`` (either alone when the other is empty), its unit the
    cell's own, else the one its column header declares (``金额(万元)``), else the table's
    (:attr:`Table.unit`); a unit declared outside the cell is appended to its ``text``
    (``7730.28万元``) so that the figure reads on its own.
    """

    row: int
    col: int
    text: str
    row_label: str
    col_label: str
    quantity: Quantity | None = None


@attrs.frozen
class Table:
    """A table of a document: rows × columns of cell texts, merged cells resolved.

    ``rows`` is the full grid, every row as long as the widest one; a merged cell's text is at
    every position it covers, so each position reads its own row and column labels. The first
    ``header_rows`` rows label the columns and the first ``header_cols`` columns label the
    rows. ``caption`` is the table's title as the document gives it (the line above it, or a
    ``<caption>``), ``unit`` the unit a caption or header declares (``单位：万元``), ``where``
    where it came from (``p.3`` for a PDF page, ``table 2`` in a Word file, an HTML element's
    path). ``key`` names it in a document (``t1``, ``t2`` … in document order); ``cells`` are
    its body cells with their quantities, filled by extraction.
    """

    key: str
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    header_cols: int = 1
    caption: str = ""
    unit: str = ""
    where: str = ""
    cells: tuple[TableCell, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the grid."""
        return (len(self.rows), max((len(row) for row in self.rows), default=0))


#: What happened to a table or a cell between two documents (as for nodes and numbers).
TableChangeKind = Literal["unchanged", "changed", "added", "dropped"]


@attrs.frozen
class CellChange:
    """A body cell of a pair of tables, paired by its (row label, column label).

    ``old``/``new`` are the cells (``None`` on the side whose table has no such row or
    column); ``change`` is ``unchanged`` when both cells state the same value (or the same
    text, for a cell without a figure), ``changed`` otherwise. ``delta`` and ``relative``
    compare the two quantities' midpoints as :class:`~policydiff.model.NumberChange` does
    (``None`` when a side has no figure; ``relative`` also when the old value is zero or a
    rate). ``row_label``/``col_label`` are the new cell's labels, else the old one's.
    """

    change: TableChangeKind
    row_label: str
    col_label: str
    old: TableCell | None
    new: TableCell | None
    delta: float | None = None
    relative: float | None = None


@attrs.frozen
class TableChange:
    """What happened to one table, or a pair of tables, between two documents.

    ``old``/``new`` are the tables' keys (``t3``; ``None`` on the missing side), with their
    captions and places (``p.3``). ``similarity`` (0 to 1) is how alike the pair's captions
    and headers are. ``cells`` hold one :class:`CellChange` per body cell of either table,
    each once: the cells of the new table in its order (paired or ``added``), then the
    ``dropped`` ones of the old table. ``added_rows``/``dropped_rows`` and
    ``added_cols``/``dropped_cols`` are the labels of the rows and columns one side has and
    the other does not; ``renamed`` the ``(old, new)`` labels paired although worded
    differently. ``change`` is ``unchanged`` when every cell is and no row or column came or
    went, ``added``/``dropped`` for a table one side has and the other does not.
    """

    change: TableChangeKind
    old: str | None
    new: str | None
    old_caption: str = ""
    new_caption: str = ""
    old_where: str = ""
    new_where: str = ""
    similarity: float = 0.0
    cells: tuple[CellChange, ...] = ()
    added_rows: tuple[str, ...] = ()
    dropped_rows: tuple[str, ...] = ()
    added_cols: tuple[str, ...] = ()
    dropped_cols: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def caption(self) -> str:
        """The new table's caption, else the old one's."""
        return self.new_caption or self.old_caption
