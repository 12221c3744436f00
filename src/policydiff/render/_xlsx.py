"""Excel: a diff as a workbook an analyst filters and sorts (openpyxl).

- :func:`xlsx` — the workbook's bytes: a ``Summary`` sheet (the two documents, the sentence of
  counts), then one sheet each of number changes (``Numbers``), table cell changes
  (``Table cells``, when the diff has tables), sections (``Sections``) and sentences
  (``Sentences``); every sheet's header row frozen, its columns wide enough to read Chinese.

Values are written as data, never as formulas: a text that starts with ``=`` stays a text
(openpyxl would otherwise store it as a formula the workbook runs), and characters XML cannot
hold (control characters, lone surrogates) are dropped.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from typing import Any

from .._text import display_width
from ..model import PolicyDiff
from ._frames import number_rows
from ._office import FIXED, deliver, stable_zip, xml_text
from ._view import View, change_label, metric_label, view

__all__ = ["MAX_WIDTH", "xlsx"]

#: The widest a column is made, in characters of Latin width (a Han character counts two).
MAX_WIDTH = 60


def _value(value: Any) -> Any:
    """A cell's value: numbers and booleans as they are, ``None`` empty, anything else text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (tuple, list)):
        return xml_text("; ".join(str(v) for v in value))
    return xml_text(str(value))


def _sheet(book: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A sheet with a frozen header row, a filter on it, and columns wide enough to read."""
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [display_width(h) for h in header]
    for row in rows:
        values = [_value(v) for v in row]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # a text that starts with "=": data, not a formula
                cell.data_type = "s"
        for i, v in enumerate(values):
            widths[i] = max(widths[i], display_width(str(v)) if v is not None else 0)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths):
        letter = sheet.cell(row=1, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = min(width, MAX_WIDTH) + 2
        if width > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


_NUMBER_HEADER = ("change", "headline", "confidence", "metric", "old", "new", "difference",
                  "delta", "relative", "unit", "kind", "old_where", "new_where", "as_of_old",
                  "as_of_new", "old_low", "old_high", "new_low", "new_high", "notes")  # fmt: skip


def _numbers(d: PolicyDiff, v: View) -> list[list[Any]]:
    rows = []
    for c, row in zip(d.numbers, number_rows(d), strict=True):
        rows.append([
            c.change, c.headline, c.confidence, metric_label(c), row["old_text"],
            row["new_text"], change_label(c), c.delta, c.relative, row["unit"], row["kind"],
            v.label("old", row["old_node"]), v.label("new", row["new_node"]),
            row["old_as_of"], row["new_as_of"], row["old_low"], row["old_high"],
            row["new_low"], row["new_high"], c.notes,
        ])  # fmt: skip
    return rows


_SECTION_HEADER = ("change", "moved", "old", "new", "old_heading", "new_heading", "old_text",
                   "new_text", "similarity", "related", "old_path", "new_path")  # fmt: skip


def _sections(d: PolicyDiff, v: View) -> list[list[Any]]:
    return [
        [
            n.change,
            n.moved,
            v.label("old", n.old),
            v.label("new", n.new),
            n.old_heading,
            n.new_heading,
            n.old_text,
            n.new_text,
            round(n.similarity, 4),
            [f"{r.kind} {v.label('old', r.old)} → {v.label('new', r.new)}" for r in n.related],
            n.old,
            n.new,
        ]
        for n in d.nodes
    ]


_SENTENCE_HEADER = ("change", "moved", "old_section", "new_section", "old", "new", "deleted",
                    "inserted")  # fmt: skip


def _sentences(d: PolicyDiff, v: View) -> list[list[Any]]:
    rows = []
    for m in d.measures:
        deleted = [e.old for e in m.inline if e.op in ("delete", "replace") and e.old]
        inserted = [e.new for e in m.inline if e.op in ("insert", "replace") and e.new]
        rows.append([
            m.change, m.moved, v.label("old", m.old.node) if m.old else None,
            v.label("new", m.new.node) if m.new else None, m.old.text if m.old else None,
            m.new.text if m.new else None, deleted, inserted,
        ])  # fmt: skip
    return rows


_CELL_HEADER = ("table", "old_table", "new_table", "where", "change", "row", "column", "old",
                "new", "delta", "relative")  # fmt: skip


def _table_cells(tables: Sequence[Any]) -> list[list[Any]]:
    """One row per cell change of each pair of tables (read by name, so that the sheet
    follows the records as they grow)."""
    rows = []
    for t in tables:
        caption = getattr(t, "caption", "")
        places = (getattr(t, "old_where", ""), getattr(t, "new_where", ""))
        where = " → ".join(dict.fromkeys(w for w in places if w))
        for c in getattr(t, "cells", ()):
            old, new = getattr(c, "old", None), getattr(c, "new", None)
            rows.append([
                caption, getattr(t, "old", None), getattr(t, "new", None), where,
                getattr(c, "change", None), getattr(c, "row_label", None),
                getattr(c, "col_label", None), getattr(old, "text", None),
                getattr(new, "text", None), getattr(c, "delta", None),
                getattr(c, "relative", None),
            ])  # fmt: skip
    return rows


def xlsx(d: PolicyDiff, path: str | os.PathLike[str] | None = None) -> bytes:
    """The diff as an Excel workbook (``.xlsx``): a summary, then a sheet of number changes,
    of table cell changes (when the documents have tables), of sections and of sentences;
    its bytes, also written (atomically) to ``path`` when one is given.

    >>> import io, openpyxl
    >>> from policydiff import parse, diff
    >>> d = diff(parse("一、总体\\n村卫生室58.2万个。"), parse("一、总体\\n村卫生室57万个。"))
    >>> book = openpyxl.load_workbook(io.BytesIO(xlsx(d)))
    >>> book.sheetnames
    ['Summary', 'Numbers', 'Sections', 'Sentences']
    >>> [c.value for c in book["Numbers"][2]][:7]
    ['changed', True, 1, '村卫生室', '58.2万个', '57万个', '-1.2万个 (-2.1%)']
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]

    v = view(d)
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "policydiff"
    book.properties.created = book.properties.modified = FIXED.replace(tzinfo=None)
    summary = [["old", v.old_label], ["new", v.new_label], ["summary", v.glance]]
    summary += [[f"{field} (old → new)", f"{old} → {new}"] for field, old, new in v.meta]
    summary.append(["unchanged", v.unchanged])
    _sheet(book, "Summary", ("item", "value"), summary)
    _sheet(book, "Numbers", _NUMBER_HEADER, _numbers(d, v))
    tables = getattr(d, "tables", ())
    if tables:
        _sheet(book, "Table cells", _CELL_HEADER, _table_cells(tables))
    _sheet(book, "Sections", _SECTION_HEADER, _sections(d, v))
    _sheet(book, "Sentences", _SENTENCE_HEADER, _sentences(d, v))
    buffer = io.BytesIO()
    book.save(buffer)
    return deliver(stable_zip(buffer.getvalue()), path)
