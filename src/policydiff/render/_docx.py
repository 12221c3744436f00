"""Word: a diff as the changelog an analyst circulates (python-docx).

- :func:`docx` — the changelog's bytes (``.docx``): a title, the sentence of counts, the
  headline figures as a table, the 新旧对照表 (each changed, new or dropped section, old
  beside new, in a two-column table), the changed sections measure by measure, the new and
  dropped sections, the tables that changed (a row per changed cell) and the figures stated
  in one year only.

Text that was taken out is struck through in red, text that was put in is underlined in
green, in the 对照表 and in the changed sections alike, as a redline reads.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

from ..model import Edit, NodeChange, NumberChange, PolicyDiff
from ._markdown import SIGNAL_TITLES
from ._office import FIXED, deliver, stable_zip, xml_text
from ._tables import table_sections
from ._view import (
    Entry,
    Side,
    View,
    as_of_label,
    change_label,
    clip,
    is_heading,
    measure_edits,
    metric_label,
    node_heading,
    node_label,
    node_text,
    view,
)

__all__ = ["DELETED", "EAST_ASIAN_FONT", "INSERTED", "docx"]

#: The colours of a redline: text taken out (struck through) and text put in (underlined).
DELETED, INSERTED = "C00000", "00703C"

#: The font Chinese text is set in (Word's East Asian font of the document).
EAST_ASIAN_FONT = "宋体"


#: The ids of the styles used, in python-docx's default template. A paragraph's style is set
#: by its id: python-docx's lookup by name scans every style on each call.
_STYLES = {"title": "Title", "h1": "Heading1", "h3": "Heading3", "bullet": "ListBullet",
           "bullet2": "ListBullet2", "table": "TableGrid"}  # fmt: skip


def _para(container: Any, style: str | None = None, text: str = "") -> Any:
    """A new paragraph of ``container`` in the style named by its key in :data:`_STYLES`."""
    paragraph = container.add_paragraph()
    if style is not None:
        paragraph._p.style = _STYLES[style]
    if text:
        _run(paragraph, text)
    return paragraph


def _run(paragraph: Any, text: str, *, op: str = "equal", bold: bool = False) -> None:
    """Add ``text`` to ``paragraph`` as a run: struck red when deleted, underlined green
    when inserted; a line break or a tab as Word writes them.

    The run's XML is built directly: python-docx's ``add_run`` and font setters look up or
    make each element in turn, and took two thirds of the time of a long changelog.
    """
    from docx.oxml.ns import qn
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    run = etree.SubElement(paragraph._p, qn("w:r"))
    if bold or op != "equal":
        properties = etree.SubElement(run, qn("w:rPr"))  # children in the schema's order
        if bold:
            etree.SubElement(properties, qn("w:b"))
        if op == "delete":
            etree.SubElement(properties, qn("w:strike"))
        if op in ("delete", "insert"):
            color = DELETED if op == "delete" else INSERTED
            etree.SubElement(properties, qn("w:color"), {qn("w:val"): color})
        if op == "insert":
            etree.SubElement(properties, qn("w:u"), {qn("w:val"): "single"})
    for k, line in enumerate(xml_text(text).split("\n")):
        if k:
            etree.SubElement(run, qn("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(run, qn("w:tab"))
            if piece:
                element = etree.SubElement(run, qn("w:t"))
                element.text = piece
                element.set(qn("xml:space"), "preserve")


def _redline(paragraph: Any, edits: Sequence[Edit], side: Side | None = None) -> None:
    """``edits`` as runs: both sides' changes (``side=None``) or one side's (the old side
    shows its deletions, the new side its insertions)."""
    for e in edits:
        if e.op == "equal":
            _run(paragraph, e.new if side == "new" else e.old)
            continue
        if e.old and side in (None, "old"):
            _run(paragraph, e.old, op="delete")
        if e.new and side in (None, "new"):
            _run(paragraph, e.new, op="insert")


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblPr.style = _STYLES["table"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _run(cell.paragraphs[0], text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _run(cell.paragraphs[0], text)
    return table


def _figures(document: Any, v: View, numbers: Sequence[NumberChange]) -> None:
    rows = []
    for c in numbers:
        old, new = c.old, c.new
        change = change_label(c) + (f" ({'; '.join(c.notes)})" if c.notes else "")
        rows.append([
            metric_label(c), old.quantity.text if old else "—", new.quantity.text if new else "—",
            change, v.where(old.node if old else None, new.node if new else None), as_of_label(c),
        ])  # fmt: skip
    _table(document, ("Metric", "Old", "New", "Change", "Where", "As of"), rows)


def _title(n: NodeChange, side: Side) -> str:
    return " ".join(x for x in (node_label(n, side), node_heading(n, side)) if x)


def _side_by_side(document: Any, v: View) -> None:
    """The 新旧对照表: old beside new for every changed, new and dropped section."""
    table = document.add_table(rows=1, cols=2)
    table._tbl.tblPr.style = _STYLES["table"]
    for cell, text in zip(table.rows[0].cells, (v.old_label, v.new_label), strict=True):
        _run(cell.paragraphs[0], text, bold=True)
    for n in v.diff.nodes:
        if n.change == "unchanged":
            continue
        old_cell, new_cell = table.add_row().cells
        for cell, side in ((old_cell, "old"), (new_cell, "new")):
            if (n.old if side == "old" else n.new) is None:
                continue
            head = cell.paragraphs[0]
            _run(head, _title(n, side), bold=True)  # type: ignore[arg-type]
            body = cell.add_paragraph()
            if n.change == "changed" and n.inline:
                _redline(body, n.inline, side)  # type: ignore[arg-type]
            else:
                op = "equal" if n.change == "changed" else "insert" if side == "new" else "delete"
                _run(body, node_text(n, side), op=op)  # type: ignore[arg-type]


def _changed(document: Any, v: View) -> None:
    for n in v.changed:
        where = v.where(n.old, n.new)
        heading = n.new_heading or n.old_heading
        notes = []
        if n.old_heading and n.new_heading and n.old_heading != n.new_heading:
            notes.append(f"was “{n.old_heading}”")
        if n.moved:
            notes.append("moved")
        title = " ".join(x for x in (where, heading) if x)
        _para(document, "h3", title + (f" ({'; '.join(notes)})" if notes else ""))
        measures = v.measures.get((n.old, n.new), [])
        shown = [m for m in measures if m.change != "unchanged" and not is_heading(m, n)]
        if not shown and n.inline:
            paragraph = _para(document, "bullet")
            _run(paragraph, "Changed: ", bold=True)
            _redline(paragraph, n.inline)
        for m in shown:
            paragraph = _para(document, "bullet")
            _run(paragraph, {"added": "New: ", "dropped": "Dropped: "}.get(m.change, "Changed: "),
                 bold=True)  # fmt: skip
            _redline(paragraph, measure_edits(m))


def _entries(document: Any, entries: Sequence[Entry], side: Side, level: int = 0) -> None:
    style = "bullet" if level == 0 else "bullet2"
    for entry in entries:
        n = entry.node
        paragraph = _para(document, style)
        _run(paragraph, _title(n, side), bold=True)
        text = node_text(n, side)
        if text:
            _run(paragraph, ": ")
            _run(paragraph, clip(text, 400), op="insert" if side == "new" else "delete")
        _entries(document, entry.children, side, min(level + 1, 1))


def _table_changes(document: Any, d: PolicyDiff) -> None:
    """The tables that changed, came or went: notes, then a row per changed cell."""
    sections, same = table_sections(d)
    if not sections:
        return
    _para(document, "h1", "Tables")
    for section in sections:
        _para(document, "h3", f"{section.title} ({section.change})")
        for note in section.notes:
            _run(_para(document, "bullet"), note)
        if section.rows:
            _table(document, ("Row", "Column", "Old", "New", "Change"), section.rows)
        if section.change == "changed":
            _para(document, text=f"{section.unchanged} cells unchanged.")
    if same:
        _para(document, text=f"{same} tables unchanged.")


def _digest(document: Any, v: View) -> None:
    """The digest every changelog opens with: its summary, policy signals and renames."""
    g = v.digest
    _para(document, "h1", "Digest")
    _para(document, text=g.summary)
    for kind, change, title in SIGNAL_TITLES:
        group = g.group(kind, change)  # type: ignore[arg-type]
        if not group:
            continue
        more = g.left_out(kind, change)  # type: ignore[arg-type]
        _para(document, "h3", title + (f" (and {more} more)" if more else ""))
        for signal in group:
            shown = f"{signal.old} → {signal.new}" if signal.old and signal.new else ""
            text = f"{signal.text}: {shown}" if shown and shown not in signal.text else signal.text
            _para(document, "bullet", text)
    if g.renames:
        _para(document, "h3", "Renames")
        for r in g.renames:
            _para(document, "bullet", f"{r.old} → {r.new}: {r.places} places")


def _east_asian_font(document: Any) -> None:
    """Set the document's East Asian font, so Word shows Chinese in a Chinese face."""
    from docx.oxml.ns import qn

    fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def docx(d: PolicyDiff, path: str | os.PathLike[str] | None = None) -> bytes:
    """The changelog as a Word file (``.docx``): headline figures, the 新旧对照表, the
    changed, new and dropped sections, redline as struck red and underlined green runs;
    its bytes, also written (atomically) to ``path`` when one is given.

    >>> import io, docx as python_docx
    >>> from policydiff import parse, diff
    >>> d = diff(parse("一、总体\\n村卫生室58.2万个。"), parse("一、总体\\n村卫生室57万个。"))
    >>> document = python_docx.Document(io.BytesIO(docx(d)))
    >>> [c.text for c in document.tables[0].rows[1].cells][:4]
    ['村卫生室', '58.2万个', '57万个', '-1.2万个 (-2.1%)']
    >>> [r.text for p in document.paragraphs for r in p.runs if r.font.strike]
    ['58.2万']
    """
    from docx import Document

    v = view(d)
    document = Document()
    _east_asian_font(document)
    properties = document.core_properties
    properties.title = xml_text(f"What changed: {v.old_label} → {v.new_label}")[:255]
    properties.author = "policydiff"
    properties.created = properties.modified = FIXED
    properties.last_modified_by = "policydiff"
    properties.revision = 1
    _para(document, "title", f"What changed: {v.old_label} → {v.new_label}")
    if any(field != "date" for field, *_ in v.meta):
        _table(document, ("", "Old", "New"), [[f.capitalize(), o, n] for f, o, n in v.meta])
    _para(document, text=v.glance)
    _digest(document, v)
    _para(document, "h1", "Headline figures")
    if v.headline:
        _figures(document, v, v.headline)
    else:
        _para(document, text="No figure is stated in both documents.")
    if v.related_numbers:
        _para(document, "h1", "Possibly related figures")
        _para(document, text="Paired below the headline confidence: they may measure "
                             "different things.")  # fmt: skip
        _figures(document, v, v.related_numbers)
    if any(n.change != "unchanged" for n in d.nodes):
        _para(document, "h1", "新旧对照表")
        _side_by_side(document, v)
    if v.changed:
        _para(document, "h1", "Changed sections")
        _changed(document, v)
    for title, entries, side in (("New sections and measures", v.added, "new"),
                                 ("Dropped sections and measures", v.dropped, "old")):  # fmt: skip
        if entries:
            _para(document, "h1", title)
            _entries(document, entries, side)  # type: ignore[arg-type]
    _table_changes(document, d)
    if v.lone_numbers:
        _para(document, "h1", "Figures stated in one year only")
        _figures(document, v, v.lone_numbers)
    _para(document, text=v.unchanged)
    buffer = io.BytesIO()
    document.save(buffer)
    return deliver(stable_zip(buffer.getvalue()), path)
