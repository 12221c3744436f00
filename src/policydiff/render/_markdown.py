"""Markdown: a diff as the changelog a think tank would publish.

- :func:`markdown` — the changelog: the two documents, the headline figures as a table, then
  the new, dropped and changed sections (with an inline redline, ``~~old~~ **new**``), moves,
  splits and merges, lead agencies and cited documents, the figures only one year states, and
  one line for what did not change.
- :func:`escape` — document text made safe to put into Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from ..model import Edit, MeasureChange, NameChange, NodeChange, PolicyDiff
from ._view import (
    Entry,
    Side,
    View,
    as_of_label,
    change_label,
    clip,
    contract,
    is_heading,
    measure_edits,
    metric_label,
    node_heading,
    node_label,
    node_path,
    node_text,
    parent_of,
    view,
    where_label,
)

__all__ = ["escape", "markdown"]


# Every ASCII character that Markdown (CommonMark and GitHub tables) gives a meaning to inside a
# line. ``<`` and ``&`` too: a Markdown viewer passes raw HTML and entities through.
_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#&!])")
#: Longest clipped text of an added or dropped section in the lists.
TEXT_WIDTH = 160


def escape(text: str) -> str:
    r"""Document text made literal in Markdown: special characters backslash-escaped, one line.

    >>> print(escape("a|b *c* <script>~~d~~_e_"))
    a\|b \*c\* \<script\>\~\~d\~\~\_e\_
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _redline(edits: tuple[Edit, ...], *, keep: int = 20) -> str:
    """Edits as ``~~old~~ **new**``; long unchanged runs shortened to their ends."""
    pieces: list[str] = []
    for e in edits:
        if e.op == "equal":
            pieces.append(escape(contract(e.old, keep=keep)))
        if e.op in ("delete", "replace") and e.old.strip():
            pieces.append(f"~~{escape(e.old)}~~")
        if e.op in ("insert", "replace") and e.new.strip():
            if e.op == "replace":
                pieces.append(" ")
            pieces.append(f"**{escape(e.new)}**")
    return "".join(pieces)


def _cell(text: str) -> str:
    return escape(text) if text else "—"


def _title(n: NodeChange, side: Side) -> str:
    label = node_label(n, side)
    heading = node_heading(n, side)
    return f"**{escape(label)} {escape(heading)}**" if heading else f"**{escape(label)}**"


def _context(n: NodeChange, side: Side, lookup: Mapping[str, NodeChange]) -> str:
    """Where a lone node sits: ``in 2.1 关于… (now 2.5)``."""
    path = node_path(n, side)
    parent = lookup.get(parent_of(path) or "") if path else None
    if parent is None:
        return ""
    label = " ".join(x for x in (node_label(parent, side), node_heading(parent, side)) if x)
    other: Side = "new" if side == "old" else "old"
    counterpart = node_path(parent, other) and node_label(parent, other)
    now = "now" if side == "old" else "was"
    if counterpart and counterpart != node_label(parent, side):
        return f" (in {escape(label)}; {now} {escape(counterpart)})"
    return f" (in {escape(label)})"


def _entries(entries: list[Entry], side: Side, lookup: Mapping[str, NodeChange]) -> list[str]:
    lines: list[str] = []

    def walk(entry: Entry, level: int) -> None:
        n = entry.node
        text = node_text(n, side)
        line = "  " * level + "- " + _title(n, side)
        if level == 0:
            line += _context(n, side, lookup)
        if text:
            line += ": " + escape(clip(text, TEXT_WIDTH))
        lines.append(line)
        for kid in entry.children:
            walk(kid, level + 1)

    for entry in entries:
        walk(entry, 0)
    return lines


def _lone(v: View, change: Literal["added", "dropped"], sections: str, measures: str) -> list[str]:
    """Added (or dropped) sections with what they hold, then lone measures, as lists."""
    side: Side = "new" if change == "added" else "old"
    lookup = v.lookup[side]
    entries = v.added if change == "added" else v.dropped
    lines: list[str] = []
    for title, group in (
        (sections, [e for e in entries if e.children]),
        (measures, [e for e in entries if not e.children]),
    ):
        if group:
            lines += [f"## {title}", "", *_entries(group, side, lookup), ""]
    return lines


def _measure_line(m: MeasureChange) -> str:
    if m.change == "added":
        return "- *New:* " + escape(m.new.text if m.new else "")
    if m.change == "dropped":
        return "- *Dropped:* ~~" + escape(m.old.text if m.old else "") + "~~"
    return "- *Changed:* " + _redline(measure_edits(m))


def _changed(n: NodeChange, measures: list[MeasureChange], v: View) -> list[str]:
    heading = n.new_heading or n.old_heading
    where = where_label(node_label(n, "old") or None, node_label(n, "new") or None)
    title = f"### {escape(where)}" + (f" {escape(heading)}" if heading else "")
    notes: list[str] = []
    if n.old_heading and n.new_heading and n.old_heading != n.new_heading:
        notes.append(f"was “{escape(n.old_heading)}”")
    elif n.new_heading and not n.old_heading:
        notes.append("heading new")
    if n.moved:
        notes.append("moved")
    for r in n.related:
        notes.append(_related(r.kind, v.label("old", r.old), v.label("new", r.new)))
    if notes:
        title += " (" + "; ".join(notes) + ")"
    lines = [title, ""]
    shown = [m for m in measures if m.change != "unchanged" and not is_heading(m, n)]
    if shown:
        lines.extend(_measure_line(m) for m in shown)
    elif n.inline:
        lines.append("- *Changed:* " + _redline(n.inline))
    same = sum(1 for m in measures if m.change == "unchanged" and not is_heading(m, n))
    if same:
        lines.append(f"- *Unchanged:* {same} sentence" + ("" if same == 1 else "s"))
    return [*lines, ""]


def _related(kind: str, old: str, new: str) -> str:
    if kind == "split_from":
        return f"{escape(new)} split from old {escape(old)}"
    return f"old {escape(old)} merged into {escape(new)}"


def _names(title: str, changes: tuple[NameChange, ...], quote: bool, v: View) -> list[str]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        where = v.label("new", c.new) if c.change == "added" else v.label("old", c.old)
        places = grouped.setdefault((c.change, c.name), [])
        if where and where not in places:
            places.append(where)
    lines: list[str] = []
    for (change, name), places in grouped.items():
        shown = f"《{escape(name)}》" if quote else escape(name)
        where = f" ({', '.join(escape(p) for p in places)})" if places else ""
        lines.append(f"- {title} {change}: {shown}{where}")
    return lines


def markdown(d: PolicyDiff) -> str:
    """The changelog as Markdown, figures first, every piece of document text escaped.

    >>> from policydiff import diff
    >>> d = diff("一、总体情况\\n村卫生室58.2万个。\\n二、医保\\n报销50%。",
    ...          "一、总体情况\\n村卫生室57万个。\\n二、药品\\n规范用药。")
    >>> print(markdown(d))  # doctest: +NORMALIZE_WHITESPACE
    # What changed: (untitled) → (untitled)
    <BLANKLINE>
    Figures: 1 changed, 0 unchanged, 0 new, 1 dropped. Sections and measures: 1 new, 1 dropped,
    1 changed (0 moved), 0 unchanged. Sentences: 0 new, 0 dropped, 1 changed.
    <BLANKLINE>
    ## Headline figures
    <BLANKLINE>
    | Metric | Old | New | Change | Where | As of |
    |---|---|---|---|---|---|
    | 村卫生室 | 58.2万个 | 57万个 | **-1.2万个 (-2.1%)** | 一、 |  |
    <BLANKLINE>
    ## New measures in existing sections
    <BLANKLINE>
    - **二、 药品**: 规范用药。
    <BLANKLINE>
    ## Dropped measures
    <BLANKLINE>
    - **二、 医保**: 报销50%。
    <BLANKLINE>
    ## Changed sections
    <BLANKLINE>
    ### 一、 总体情况
    <BLANKLINE>
    - *Changed:* 村卫生室~~58.2万~~ **57万**个。
    <BLANKLINE>
    ## Figures stated in one year only
    <BLANKLINE>
    | | Metric | Value | Where | As of |
    |---|---|---|---|---|
    | dropped | 报销 | 50% | 二、 |  |
    <BLANKLINE>
    Unchanged: nothing.
    <BLANKLINE>
    """
    v = view(d)
    lines = [f"# What changed: {escape(v.old_label)} → {escape(v.new_label)}", ""]
    meta = v.meta
    if any(field != "date" for field, *_ in meta):
        lines += ["| | Old | New |", "|---|---|---|"]
        lines += [
            f"| {field.capitalize()} | {_cell(old)} | {_cell(new)} |" for field, old, new in meta
        ]
        lines.append("")
    lines += [v.glance, ""]

    numbers = v.headline
    lines += ["## Headline figures", ""]
    if numbers:
        lines += ["| Metric | Old | New | Change | Where | As of |", "|---|---|---|---|---|---|"]
        for c in numbers:
            old, new = c.old, c.new
            where = v.where(old.node if old else None, new.node if new else None)
            change = change_label(c)
            shown = change if c.change == "unchanged" else f"**{escape(change)}**"
            if c.notes:
                shown += " (" + escape("; ".join(c.notes)) + ")"
            lines.append(
                f"| {escape(metric_label(c))} | {_cell(old.quantity.text if old else '')} "
                f"| {_cell(new.quantity.text if new else '')} "
                f"| {shown} | {escape(where)} | {escape(as_of_label(c))} |"
            )
    else:
        lines.append("No figure is stated in both documents.")
    lines.append("")
    if v.related_numbers:
        lines += [
            "## Possibly related figures",
            "",
            "Paired below the headline confidence: they may measure different things.",
            "",
            "| Metric | Old | New | Confidence | Where |",
            "|---|---|---|---|---|",
        ]
        for c in v.related_numbers:
            old, new = c.old, c.new
            where = v.where(old.node if old else None, new.node if new else None)
            lines.append(
                f"| {escape(metric_label(c))} | {_cell(old.quantity.text if old else '')} "
                f"| {_cell(new.quantity.text if new else '')} | {c.confidence or 0:.2f} "
                f"| {escape(where)} |"
            )
        lines.append("")

    lines += _lone(v, "added", "New sections", "New measures in existing sections")
    lines += _lone(v, "dropped", "Dropped sections", "Dropped measures")

    changed = v.changed
    if changed:
        measures = v.measures
        lines += ["## Changed sections", ""]
        for n in changed:
            lines += _changed(n, measures.get((n.old, n.new), []), v)

    moved = v.moved
    if moved:
        lines += ["## Moves", ""]
        for n in moved:
            heading = escape(n.new_heading or n.old_heading)
            where = where_label(node_label(n, "old") or None, node_label(n, "new") or None)
            lines.append(f"- {escape(where)} {heading}".rstrip())
        lines.append("")

    related = v.related
    if related:
        lines += ["## Splits and merges", ""]
        lines += [
            f"- {_related(r.kind, v.label('old', r.old), v.label('new', r.new))} "
            f"({r.containment * 100:.0f}% of its text)"
            for r in related
        ]
        lines.append("")

    names = _names("Lead agency", d.agencies, quote=False, v=v) + _names(
        "Citation", d.citations, quote=True, v=v
    )
    if names:
        lines += ["## Lead agencies and cited documents", "", *names, ""]

    if d.outside:
        lines += ["## Outside the body", ""]
        lines += [
            f"- {o.change} ({o.reason}): " + escape(clip(o.text, TEXT_WIDTH)) for o in d.outside
        ]
        lines.append("")

    lone = v.lone_numbers
    if lone:
        lines += [
            "## Figures stated in one year only",
            "",
            "| | Metric | Value | Where | As of |",
            "|---|---|---|---|---|",
        ]
        for c in lone:
            ref = c.new or c.old
            if ref is None:
                continue
            lines.append(
                f"| {c.change} | {escape(metric_label(c))} | {escape(ref.quantity.text)} "
                f"| {escape(v.label('new' if c.new else 'old', ref.node))} "
                f"| {escape(as_of_label(c))} |"
            )
        lines.append("")

    lines += [escape(v.unchanged), ""]
    return "\n".join(line.rstrip() for line in lines)
