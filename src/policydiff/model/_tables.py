"""Tables read from PDF, Word and web pages, as records: a grid of cell texts with its headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._document import Quantity

__all__ = ["Table", "TableCell"]


@attrs.frozen
class TableCell:
    """One body cell of a :class:`Table` with what it states: ``quantity`` (``None`` when the
    cell holds no figure) has ``row_label × col_label`` as its metric.

    ``row`` and ``col`` index :attr:`Table.rows`; ``row_label`` is the text of the row's header
    columns and ``col_label`` that of the column's header rows, each joined with ``/`` when
    there are several levels (``支出/基本支出``).
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
