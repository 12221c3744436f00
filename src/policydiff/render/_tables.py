"""Table changes as every changelog shows them: one table per changed table, its changed cells.

:func:`table_sections` decides once what is shown of :attr:`PolicyDiff.tables
<policydiff.model.PolicyDiff.tables>`: for each table that changed, came or went, a title
(its key, place and caption), notes (rows and columns added, dropped or reworded) and one
row per changed cell — row label, column label, old, new, change — with the count of the
cells that did not change; the tables that did not change at all are counted. The
Markdown, HTML, text and terminal renderers each show it with one call:
:func:`tables_markdown`, :func:`tables_html`, :func:`tables_text`, :func:`tables_rich`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import attrs

from ..model import CellChange, NumberChange, PolicyDiff, QuantityRef, TableCell, TableChange
from ._view import change_label

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "TableSection",
    "table_sections",
    "tables_html",
    "tables_markdown",
    "tables_rich",
    "tables_text",
    "where_label",
]


@attrs.frozen
class TableSection:
    """What a changelog shows of one table change."""

    #: ``t3 (p.5)``, or ``t3 (p.5) → t4 (p.6)`` when the key or place changed, and the caption.
    title: str
    change: str
    #: Rows and columns added, dropped or reworded; the size of a table added or dropped.
    notes: tuple[str, ...]
    #: ``(row label, column label, old, new, change)`` of every changed cell.
    rows: tuple[tuple[str, str, str, str, str], ...]
    #: How many cells of a pair of tables did not change.
    unchanged: int


def where_label(key: str | None, where: str) -> str:
    """A table's key with its place: ``t1 (p.3)``; the key alone when its place is unknown.

    >>> where_label("t1", "p.3"), where_label("t2", "")
    ('t1 (p.3)', 't2')
    """
    if key is None:
        return ""
    return f"{key} ({where})" if where else key


def _title(t: TableChange) -> str:
    old, new = where_label(t.old, t.old_where), where_label(t.new, t.new_where)
    place = old if old == new or not new else new if not old else f"{old} → {new}"
    return f"{place} {t.caption}".strip()


def _value(cell: TableCell | None) -> str:
    if cell is None:
        return "—"
    if cell.quantity is not None:
        return cell.quantity.text
    return cell.text or "—"


def _change(c: CellChange) -> str:
    if c.change in ("added", "dropped"):
        return c.change
    if c.old is None or c.new is None or c.old.quantity is None or c.new.quantity is None:
        return "text changed"
    number = NumberChange(
        c.change,
        "",
        QuantityRef("", c.old.quantity),
        QuantityRef("", c.new.quantity),
        c.delta,
        c.relative,
    )
    return change_label(number)


def _notes(t: TableChange) -> tuple[str, ...]:
    cells = _count(len(t.cells), "cell")
    if t.change == "added":
        return (f"new table: {cells}",)
    if t.change == "dropped":
        return (f"dropped table: {cells}",)
    notes = [
        f"{what}: " + "; ".join(labels)
        for what, labels in (
            ("rows added", t.added_rows),
            ("rows dropped", t.dropped_rows),
            ("columns added", t.added_cols),
            ("columns dropped", t.dropped_cols),
        )
        if labels
    ]
    if t.renamed:
        notes.append("reworded: " + "; ".join(f"{a} → {b}" for a, b in t.renamed))
    return tuple(notes)


def table_sections(d: PolicyDiff) -> tuple[list[TableSection], int]:
    """The tables that changed, came or went, as shown; and how many did not change.

    A table added or dropped is shown by its title and size, not cell by cell.
    """
    sections = []
    for t in d.tables:
        if t.change == "unchanged":
            continue
        rows: tuple[tuple[str, str, str, str, str], ...] = ()
        if t.change == "changed":
            rows = tuple(
                (c.row_label, c.col_label, _value(c.old), _value(c.new), _change(c))
                for c in t.cells
                if c.change != "unchanged"
            )
        unchanged = sum(1 for c in t.cells if c.change == "unchanged")
        sections.append(TableSection(_title(t), t.change, _notes(t), rows, unchanged))
    return sections, sum(1 for t in d.tables if t.change == "unchanged")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _footer(section: TableSection) -> str:
    return f"{_count(section.unchanged, 'cell')} unchanged." if section.change == "changed" else ""


def tables_markdown(d: PolicyDiff, escape_text: Callable[[str], str]) -> list[str]:
    """The ``## Tables`` section of a Markdown changelog (no lines when no table changed);
    ``escape_text`` makes document text literal Markdown."""
    sections, same = table_sections(d)
    if not sections:
        return []
    lines = ["## Tables", ""]
    for s in sections:
        lines += [f"### {escape_text(s.title)} ({s.change})", ""]
        lines += [f"- {escape_text(note)}" for note in s.notes]
        if s.notes:
            lines.append("")
        if s.rows:
            lines += ["| Row | Column | Old | New | Change |", "|---|---|---|---|---|"]
            lines += [
                "| " + " | ".join(escape_text(x) if x else "—" for x in row) + " |"
                for row in s.rows
            ]
            lines.append("")
        if _footer(s):
            lines += [_footer(s), ""]
    if same:
        lines += [f"{_count(same, 'table')} unchanged.", ""]
    return lines


def tables_html(d: PolicyDiff) -> str:
    """The tables section of an HTML changelog (``""`` when no table changed)."""
    sections, same = table_sections(d)
    if not sections:
        return ""
    parts = ['<section id="tables"><h2>Tables 表格变化</h2>']
    for s in sections:
        parts.append(f'<h3>{escape(s.title)} <span class="tag {s.change}">{s.change}</span></h3>')
        if s.notes:
            parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in s.notes) + "</ul>")
        if s.rows:
            body = "\n".join(
                f"<tr><td>{escape(r)}</td><td>{escape(c)}</td>"
                f'<td class="value old"><span class="num">{escape(old)}</span></td>'
                f'<td class="value new"><span class="num">{escape(new)}</span></td>'
                f'<td class="value">{escape(change)}</td></tr>'
                for r, c, old, new, change in s.rows
            )
            parts.append(
                '<div class="scroll"><table class="numbers"><thead><tr><th>Row 行</th>'
                "<th>Column 列</th><th>Old 旧</th><th>New 新</th><th>Change 变化</th></tr>"
                f"</thead><tbody>\n{body}\n</tbody></table></div>"
            )
        if _footer(s):
            parts.append(f'<p class="glance">{_footer(s)}</p>')
    if same:
        parts.append(f'<p class="glance">{_count(same, "table")} unchanged.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def tables_text(d: PolicyDiff) -> list[str]:
    """The tables section of a plain-text report (no lines when no table changed)."""
    sections, same = table_sections(d)
    if not sections:
        return []
    lines = ["", "Tables"]
    for s in sections:
        lines.append(f"  {s.title} ({s.change})")
        lines += [f"    {note}" for note in s.notes]
        lines += [
            f"    {r or '—'} × {c or '—'}: {old} → {new} ({change})"
            for r, c, old, new, change in s.rows
        ]
        if _footer(s):
            lines.append(f"    {_footer(s)}")
    if same:
        lines.append(f"  {_count(same, 'table')} unchanged.")
    return lines


def tables_rich(d: PolicyDiff) -> list[RenderableType]:
    """The tables section as rich renderables (nothing when no table changed); rich is
    imported by the caller's extra."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    sections, same = table_sections(d)
    parts: list[RenderableType] = []
    for s in sections:
        caption = list(s.notes) + ([_footer(s)] if _footer(s) else [])
        if not s.rows:
            parts.append(Text(f"{s.title} ({s.change}): " + " ".join(caption), style="bold"))
            continue
        table = Table(title=f"{s.title} ({s.change})", title_justify="left", box=box.SIMPLE_HEAD)
        for column in ("row", "column"):
            table.add_column(column, ratio=1, overflow="fold")
        for column in ("old → new", "change"):
            table.add_column(column, no_wrap=True)
        for r, c, old, new, change in s.rows:
            table.add_row(r, c, f"{old} → {new}", change)
        table.caption = " ".join(caption) or None
        table.caption_justify = "left"
        parts.append(table)
    if sections and same:
        parts.append(Text(f"{_count(same, 'table')} unchanged.", style="dim"))
    return parts
