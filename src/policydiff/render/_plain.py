"""Plain text: a document's tree, its quantities as a table or CSV, a diff as a report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._text import display_width
from ..model import Document, Edit, PolicyDiff, QuantityRef, Timeline, TimelineRow
from ._csv import csv_records, csv_rows
from ._json import quantity_dict
from ._markdown import SIGNAL_TITLES
from ._tables import tables_text
from ._view import Detail, Side, View, check_detail, clip, node_heading, node_label, node_text, view

__all__ = [
    "csv_text",
    "diff_text",
    "document_text",
    "quantities_csv",
    "quantities_table",
    "table",
    "timeline_rows",
]


def document_text(doc: Document, *, width: int = 40, show_removed: bool = False) -> str:
    """The document's tree as indented lines: label, heading, first characters, agencies;
    with ``show_removed``, then every line taken out of the body with its reason and where it
    stood in the input.

    >>> from policydiff import parse
    >>> print(document_text(parse("一、总则\\n(一)范围。适用于全市。")), end="")
    一、 【总则】
      一、(一) 【范围】 适用于全市。
    >>> doc = parse("首页 > 通知\\n一、总则。适用于全市。")
    >>> print(document_text(doc, show_removed=True), end="")
    一、 【总则】 适用于全市。
    <BLANKLINE>
    Removed (1):
      chrome  line 1  首页 > 通知
    """
    lines: list[str] = []
    head = [f"{name}: {value}" for name, value in _meta_items(doc)]
    if head:
        lines.extend(head)
        lines.append("")
    for node in doc.walk():
        pieces = [node.label or node.path]
        if node.heading:
            pieces.append(f"【{clip(node.heading, width)}】")
        if node.text:
            pieces.append(clip(node.text, width))
        if node.agencies:
            pieces.append("⟨" + "、".join(node.agencies) + "⟩")
        lines.append("  " * node.level + " ".join(pieces))
    if show_removed:
        lines += ["", f"Removed ({len(doc.removed)}):"]
        for entry in doc.removed:
            start, end = entry.span
            line = doc.original.count("\n", 0, start) + 1
            text = doc.original[start:end] if doc.original else entry.text
            lines.append(f"  {entry.reason}  line {line}  {clip(text.strip(), width * 2)}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _meta_items(doc: Document) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for name in ("title", "issuer", "date", "subject", "reference"):
        value = getattr(doc, name)
        if value:
            items.append((name, str(value)))
    if doc.consulted:
        items.append(("consulted", "、".join(doc.consulted)))
    if doc.script != "simplified":
        items.append(("script", doc.script))
    return items


_COLUMNS = ("node", "text", "low", "high", "unit", "qualifier", "metric", "as_of", "kind")


def _rows(doc: Document) -> list[dict[str, Any]]:
    return [quantity_dict(q, node=node.path) for node in doc.walk() for q in node.quantities]


def quantities_csv(doc: Document) -> str:
    """Every quantity of the document as CSV, one row each, with its node's path (cells a
    spreadsheet would run as a formula neutralized, :func:`~._csv.csv_cell`)."""
    return csv_records(_rows(doc), _COLUMNS)


def quantities_table(doc: Document) -> str:
    """Every quantity of the document as an aligned text table."""
    rows = [[str(row[c]) if row[c] is not None else "" for c in _COLUMNS] for row in _rows(doc)]
    return table([list(_COLUMNS), *rows])


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as an aligned text table (a wide character takes two columns).

    >>> print(table([["metric", "2024"], ["村卫生室", "57万个"]]), end="")
    metric    2024
    村卫生室  57万个
    """
    if not rows:
        return ""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row))
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as CSV (cells a spreadsheet would run as a formula neutralized,
    :func:`~._csv.csv_cell`)."""
    return csv_rows(rows)


def timeline_rows(timeline: Timeline, rows: Sequence[TimelineRow]) -> list[list[str]]:
    """A timeline as rows of cells: a header of years, then a metric and its value each year."""
    header = ["metric", *timeline.years]
    return [header] + [
        [row.metric, *(c.quantity.text if c else "—" for c in row.cells)] for row in rows
    ]


def _value(ref: QuantityRef | None) -> str:
    return ref.quantity.text if ref else "—"


def _percent(relative: float | None) -> str:
    return "" if relative is None else f" ({relative * 100:+.1f}%)"


def _digest_lines(v: View) -> list[str]:
    """The digest as plain lines: the summary, then each group of signals, then renames."""
    g = v.digest
    lines = ["", "Digest", "  " + g.summary]
    for kind, change, title in SIGNAL_TITLES:
        group = [x for x in g.signals if x.kind == kind and x.changes[0] == change]
        if not group:
            continue
        more = g.left_out(kind, change)  # type: ignore[arg-type]
        lines.append(f"  {title}" + (f" (and {more} more)" if more else ""))
        for x in group:
            where = v.where(x.old, x.new)
            detail = f" {x.detail}" if x.detail else ""
            lines.append(f"    - {clip(x.text, 36)}{detail}" + (f"  [{where}]" if where else ""))
    for r in g.renames:
        lines.append(f"  Renamed: {r.old} → {r.new} ({r.places} places)")
    return lines


def _plain_edits(edits: tuple[Edit, ...]) -> str:
    """Changed words without Markdown marks: ``[-old-]{+new+}`` (as wdiff writes them)."""
    return " ".join(
        f"[-{e.old}-]{{+{e.new}+}}"
        if e.op == "replace"
        else f"[-{e.old}-]"
        if e.op == "delete"
        else f"{{+{e.new}+}}"
        for e in edits
        if e.op != "equal"
    )


def diff_text(d: PolicyDiff, *, detail: Detail = "sections") -> str:
    """A plain-text report with no Markdown marks: the digest, number changes, then added,
    dropped, changed and moved nodes (``detail="digest"``: the digest and numbers only).

    >>> from policydiff import diff, parse
    >>> d = diff(parse("一、总体情况\\n村卫生室58.2万个。"),
    ...          parse("一、总体情况\\n村卫生室57万个。"))
    >>> print(diff_text(d), end="")
    old: (untitled) → new: (untitled)
    nodes: 0 added, 0 dropped, 1 changed, 0 unchanged, 0 moved
    <BLANKLINE>
    Digest
      1 headline figure changed.
    <BLANKLINE>
    Numbers
      村卫生室: 58.2万个 → 57万个 (-2.1%)  [一、]
    <BLANKLINE>
    Changed sections
      ~ 一、 总体情况  [-58.2万-]{+57万+}
    """
    detail = check_detail(detail)
    v = view(d)
    s = d.summary["nodes"]
    lines = [
        f"old: {v.old_label} → new: {v.new_label}",
        f"nodes: {s['added']} added, {s['dropped']} dropped, {s['changed']} changed, "
        f"{s['unchanged']} unchanged, {s['moved']} moved",
    ]
    lines += _digest_lines(v)
    numbers = v.headline
    if numbers:
        lines += ["", "Numbers"]
        for c in numbers:
            arrow = "=" if c.change == "unchanged" else "→"
            where = v.label("new", c.new.node) if c.new else ""
            lines.append(
                f"  {c.metric or '(no metric)'}: {_value(c.old)} {arrow} {_value(c.new)}"
                f"{_percent(c.relative) if c.change == 'changed' else ''}  [{where}]"
            )
    if v.related_numbers:
        lines += ["", "Possibly related numbers (below the headline confidence)"]
        for c in v.related_numbers:
            lines.append(
                f"  {c.old.quantity.metric if c.old else ''}: {_value(c.old)} ? "
                f"{c.new.quantity.metric if c.new else ''}: {_value(c.new)}"
                f"  ({c.confidence or 0:.2f})"
            )
    if detail == "digest":
        return "\n".join(line.rstrip() for line in lines) + "\n"
    lines += tables_text(d)
    for title, kind in (("Added sections", "added"), ("Dropped sections", "dropped")):
        found = [n for n in d.nodes if n.change == kind]
        if found:
            lines += ["", title]
            sign = "+" if kind == "added" else "-"
            side: Side = "new" if kind == "added" else "old"
            for n in found:
                label = node_heading(n, side) or clip(node_text(n, side), 40)
                lines.append(f"  {sign} {node_label(n, side)} {label}".rstrip())
    changed = [n for n in d.nodes if n.change == "changed" or n.moved]
    if changed:
        lines += ["", "Changed sections"]
        for n in changed:
            moved = " (moved)" if n.moved else ""
            edits = _plain_edits(n.inline)
            lines.append(
                f"  ~ {v.where(n.old, n.new)} {n.new_heading or n.old_heading}{moved}"
                f"  {clip(edits, 120)}"
            )
    if d.outside:
        lines += ["", "Outside the body"]
        for o in d.outside:
            sign = "+" if o.change == "added" else "-"
            lines.append(f"  {sign} ({o.reason}) {clip(o.text, 80)}")
    return "\n".join(line.rstrip() for line in lines) + "\n"
