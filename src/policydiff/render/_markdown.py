"""Markdown: a diff as the changelog a think tank would publish.

- :func:`markdown` — the changelog: the two documents, the headline figures as a table, then
  the new, dropped and changed sections (with an inline redline, ``~~old~~ **new**``), moves,
  splits and merges, lead agencies and cited documents, the figures only one year states, and
  one line for what did not change.
- :func:`escape` — document text made safe to put into Markdown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Literal

from ..model import Edit, MeasureChange, NameChange, NodeChange, NumberChange, PolicyDiff
from ._digest import Digest, Signal
from ._tables import tables_markdown
from ._view import (
    Detail,
    Entry,
    Side,
    View,
    as_of_label,
    change_label,
    check_detail,
    clip,
    collapsed,
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
#: Longest clipped text of a sentence or section below ``full`` detail.
BRIEF_WIDTH = 45
#: How many sentences of the changed sections are shown below ``full`` detail: the weightiest
#: of all up to this many, and the weightiest of each of the :data:`SAMPLED_SECTIONS` sections
#: whose weightiest sentence weighs most; the rest are counted.
BRIEF_SENTENCES = 2
#: A work report changes thirty sections a year: a sentence of each would make the default
#: changelog a quarter of the two reports. The others show their title and counts.
SAMPLED_SECTIONS = 12
#: Lines outside the body a changelog below ``full`` detail counts rather than lists: a web
#: page's chrome, the field lines the metadata table above already states, Markdown marks.
COUNTED_OUTSIDE = frozenset({"chrome", "metadata", "markup", "pinyin", "salutation"})


def escape(text: str) -> str:
    r"""Document text made literal in Markdown: special characters backslash-escaped, one line.

    >>> print(escape("a|b *c* <script>~~d~~_e_"))
    a\|b \*c\* \<script\>\~\~d\~\~\_e\_
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _redline(edits: tuple[Edit, ...], *, keep: int = 20, width: int | None = None) -> str:
    """Edits as ``~~old~~ **new**``; long unchanged runs shortened to their ends; with
    ``width``, the edits after the first ``width`` characters of text left out (``…``).

    >>> _redline((Edit("replace", "甲乙", "丙"), Edit("equal", "丁" * 9, "丁" * 9),
    ...           Edit("insert", "", "戊")), keep=2, width=4)
    '~~甲乙~~ **丙**丁丁…'
    """
    pieces: list[str] = []
    seen = 0
    for e in edits:
        if width is not None and seen >= width:
            pieces.append("…")
            break
        if e.op == "equal":
            shown = contract(e.old, keep=keep)
            if width is not None and seen + len(shown) > width:
                shown = shown[: max(width - seen, keep)]
            pieces.append(escape(shown))
        if e.op in ("delete", "replace") and e.old.strip():
            pieces.append(f"~~{escape(e.old)}~~")
        if e.op in ("insert", "replace") and e.new.strip():
            if e.op == "replace":
                pieces.append(" ")
            pieces.append(f"**{escape(e.new)}**")
        seen += len(e.old) + len(e.new) if e.op != "equal" else len(contract(e.old, keep=keep))
    return "".join(pieces)


def _cell(text: str) -> str:
    return escape(text) if text else "—"


def _title(n: NodeChange, side: Side, *, under: str = "") -> str:
    """A node's label and heading in bold; ``under``, its parent's label, is left off the
    front of the label (``一是`` under ``一、(七)``)."""
    label = node_label(n, side)
    if under and label.startswith(under) and len(label) > len(under):
        label = label[len(under) :]
    heading = node_heading(n, side)
    return f"**{escape(label)} {escape(heading)}**" if heading else f"**{escape(label)}**"


def _parent(n: NodeChange, side: Side, lookup: Mapping[str, NodeChange]) -> NodeChange | None:
    path = node_path(n, side)
    return lookup.get(parent_of(path) or "") if path else None


def _place(n: NodeChange, side: Side, lookup: Mapping[str, NodeChange]) -> tuple[str, str]:
    """Where a lone node sits: its parent's label and heading, and the parent's label in
    the other year when it differs (``now 2.5``); ``("", "")`` for a top-level node."""
    parent = _parent(n, side, lookup)
    if parent is None:
        return "", ""
    label = " ".join(x for x in (node_label(parent, side), node_heading(parent, side)) if x)
    other: Side = "new" if side == "old" else "old"
    counterpart = node_path(parent, other) and node_label(parent, other)
    now = "now" if side == "old" else "was"
    if counterpart and counterpart != node_label(parent, side):
        return escape(label), f"{now} {escape(counterpart)}"
    return escape(label), ""


def _entries(
    entries: list[Entry], side: Side, lookup: Mapping[str, NodeChange], detail: Detail
) -> list[str]:
    """Lone sections or measures as a list, each with where it sits (``in 2.1 关于…; now
    2.5``). Below ``full`` detail, siblings that share a parent are listed under it, so where
    they stand is said once, not on every line."""
    lines: list[str] = []
    full = detail == "full"

    def walk(entry: Entry, level: int, context: str = "", under: str = "") -> None:
        n = entry.node
        text = node_text(n, side)
        line = "  " * level + "- " + _title(n, side, under=under) + context
        if text and (full or not node_heading(n, side)):
            line += ": " + escape(clip(text, TEXT_WIDTH if full else BRIEF_WIDTH // 2))
        if not full and entry.children:
            line += f" ({_count(_size(entry), 'part')})"
        lines.append(line)
        for kid in entry.children if full else ():
            walk(kid, level + 1)

    groups: dict[tuple[str, str, int], list[Entry]] = {}
    for entry in entries:
        label, note = _place(entry.node, side, lookup)
        groups.setdefault((label, note, id(entry) if full else 0), []).append(entry)
    for (label, note, _), group in groups.items():
        parent = _parent(group[0].node, side, lookup)
        if len(group) == 1 or parent is None:
            where = f" (in {label}" + (f"; {note})" if note else ")") if label else ""
            for entry in group:
                walk(entry, 0, where)
            continue
        lines.append(f"- In {label}" + (f" ({note})" if note else "") + ":")
        for entry in group:
            walk(entry, 1, under=node_label(parent, side))
    return lines


def _size(entry: Entry) -> int:
    return sum(1 + _size(kid) for kid in entry.children)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _lone(
    v: View, change: Literal["added", "dropped"], sections: str, measures: str, detail: Detail
) -> list[str]:
    """Added (or dropped) sections with what they hold, then lone measures, as lists."""
    side: Side = "new" if change == "added" else "old"
    lookup = v.lookup[side]
    entries = v.added if change == "added" else v.dropped
    lines: list[str] = []
    if detail != "full":
        # split from or merged into a node of the other year: it lives on, said there
        entries = tuple(e for e in entries if not e.node.related)
    for title, group in (
        (sections, [e for e in entries if e.children]),
        (measures, [e for e in entries if not e.children]),
    ):
        if group:
            lines += [f"## {title}", "", *_entries(group, side, lookup, detail), ""]
    return lines


def _measure_line(m: MeasureChange, detail: Detail) -> str:
    width = TEXT_WIDTH * 4 if detail == "full" else BRIEF_WIDTH
    if m.change == "added":
        return "- *New:* " + escape(clip(m.new.text if m.new else "", width))
    if m.change == "dropped":
        return "- *Dropped:* ~~" + escape(clip(m.old.text if m.old else "", width)) + "~~"
    if detail == "full":
        return "- *Changed:* " + _redline(measure_edits(m))
    return "- *Changed:* " + _redline(measure_edits(m), keep=6, width=BRIEF_WIDTH + 25)


def _chosen(v: View, detail: Detail) -> set[int]:
    """The sentences (by ``id``) the changed sections show below ``full`` detail: the
    weightiest :data:`BRIEF_SENTENCES` of all, and the weightiest of each of the
    :data:`SAMPLED_SECTIONS` sections whose weightiest sentence weighs most."""
    weight = v.digest.weight
    tops: list[MeasureChange] = []
    every: list[MeasureChange] = []
    for n in v.changed:
        own = [
            m
            for m in v.measures.get((n.old, n.new), [])
            if m.change != "unchanged" and not is_heading(m, n) and not collapsed(m, v, detail)
        ]
        if own:
            tops.append(max(own, key=weight))
        every += own
    every.sort(key=weight, reverse=True)
    tops.sort(key=weight, reverse=True)  # stable: document order breaks ties
    return {id(m) for m in (*every[:BRIEF_SENTENCES], *tops[:SAMPLED_SECTIONS])}


def _changed(
    n: NodeChange, measures: list[MeasureChange], v: View, detail: Detail, chosen: set[int]
) -> list[str]:
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
    if detail == "full" or len(n.related) < 2:
        for r in n.related:
            notes.append(_related(r.kind, v.label("old", r.old), v.label("new", r.new)))
    else:
        kinds = Counter(r.kind for r in n.related)
        if kinds["merged_into"]:
            notes.append(f"{_count(kinds['merged_into'], 'old section')} merged in")
        if kinds["split_from"]:
            notes.append(f"{_count(kinds['split_from'], 'new section')} split off")
    if notes:
        title += " (" + "; ".join(notes) + ")"
    lines = [title, ""]
    own = [m for m in measures if not is_heading(m, n)]
    why = {id(m): collapsed(m, v, detail) for m in own}
    shown = [m for m in own if m.change != "unchanged" and not why[id(m)]]
    hidden = len(shown)
    if detail != "full":
        shown = [m for m in shown if id(m) in chosen]
    hidden -= len(shown)
    if shown:
        lines.extend(_measure_line(m, detail) for m in shown)
    elif n.inline and not own:
        lines.append("- *Changed:* " + _redline(n.inline))
    listed = {id(m) for m in shown}
    tally: Counter[str] = Counter(
        m.change for m in own if m.change != "unchanged" and not why[id(m)] and id(m) not in listed
    )
    rest = [
        f"{sum(1 for m in own if why[id(m)] == 'renamed')} only renamed",
        f"{sum(1 for m in own if why[id(m)] == 'reworded')} reworded slightly",
        f"{sum(1 for m in own if m.change == 'unchanged')} unchanged",
    ]
    also = [part for part in rest if not part.startswith("0 ")]
    if hidden:
        counts = ", ".join(
            f"{tally[c]} {word}"
            for c, word in (("added", "new"), ("dropped", "dropped"), ("changed", "changed"))
            if tally[c]
        )
        also.insert(0, f"{hidden} more ({counts})")
    if also:
        lines.append("- *Sentences:* " + "; ".join(also))
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


#: How the digest names each group of signals, in the order it lists them.
SIGNAL_TITLES: tuple[tuple[str, str, str], ...] = (
    ("section", "added", "New sections and measures"),
    ("section", "dropped", "Dropped sections and measures"),
    ("target", "raised", "Targets raised"),
    ("target", "lowered", "Targets lowered"),
    ("target", "tightened", "Targets tightened"),
    ("target", "loosened", "Targets loosened"),
    ("target", "added", "Targets set this year only"),
    ("target", "dropped", "Targets no longer set"),
    ("commitment", "added", "New commitments"),
    ("commitment", "dropped", "Dropped commitments"),
    ("citation", "added", "New cited documents"),
    ("citation", "dropped", "Dropped cited documents"),
    ("agency", "added", "New lead agencies"),
    ("agency", "dropped", "Dropped lead agencies"),
    ("phrase", "added", "New phrases"),
    ("phrase", "dropped", "Dropped phrases"),
)


def _signal(s: Signal, v: View) -> str:
    """One signal as the digest says it, with where it stands in the documents' labels."""
    where = v.where(s.old, s.new)
    if s.kind == "target" and s.changes[0] in ("added", "dropped"):
        return f"{escape(s.text)} {escape(s.detail)} ({escape(where)})"
    if s.kind == "target":
        # listed under its first change (Targets lowered): only what else it did is said
        also = f"also {', '.join(s.changes[1:])}; " if len(s.changes) > 1 else ""
        return f"{escape(s.text)} {escape(s.detail)} ({also}{escape(where)})"
    if s.kind == "citation":
        return f"《{escape(s.text)}》"
    if s.kind in ("agency", "phrase"):
        return escape(s.text) + (f" {escape(s.detail)}" if s.detail else "")
    size = f"; {escape(s.detail)}" if s.detail else ""
    return f"{escape(clip(s.text, BRIEF_WIDTH))} ({escape(where)}{size})"


def _figures(v: View, numbers: tuple[NumberChange, ...]) -> list[str]:
    """The table of figures; its ``As of`` column only when a figure states its date."""
    dated = any(as_of_label(c) for c in numbers)
    head = "| Metric | Old | New | Change | Where |" + (" As of |" if dated else "")
    lines = [head, "|---|---|---|---|---|" + ("---|" if dated else "")]
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
            f"| {shown} | {escape(where)} |" + (f" {escape(as_of_label(c))} |" if dated else "")
        )
    return lines


def _digest(v: View, detail: Detail) -> list[str]:
    """The digest: headline figures, policy signals, renames."""
    g: Digest = v.digest
    lines = ["## Headline figures", ""]
    numbers = v.headline if detail == "full" else g.figures
    if numbers:
        lines += _figures(v, numbers)
        left, same = g.changed - len(g.figures), len(v.headline) - g.changed
        if detail != "full" and left:
            lines += ["", f"{_count(left, 'more changed figure')} in the full changelog."]
        if detail != "full" and same:
            lines += ["", f"{_count(same, 'more figure')} stated alike in both years."]
    elif v.headline:
        lines.append(f"No headline figure changed; {_count(len(v.headline), 'figure')} alike.")
    else:
        lines.append("No figure is stated in both documents.")
    lines.append("")
    signals: list[str] = []
    for kind, change, title in SIGNAL_TITLES:
        group = [s for s in g.signals if s.kind == kind and s.changes[0] == change]
        if not group:
            continue
        more = g.left_out(kind, change)  # type: ignore[arg-type]
        tail = f" (and {more} more)" if more else ""
        if kind in ("citation", "agency", "phrase"):
            signals.append(f"- **{title}:** " + "; ".join(_signal(s, v) for s in group) + tail)
        else:
            signals.append(f"- **{title}**{tail}:")
            signals += [f"  - {_signal(s, v)}" for s in group]
    if signals:
        lines += ["## Policy signals", "", *signals, ""]
    if g.renames:
        lines += ["## Renames", ""]
        for r in g.renames:
            places = ", ".join(escape(v.label("new", p)) for p in r.where[: BRIEF_SENTENCES * 2])
            etc = ", …" if len(r.where) > BRIEF_SENTENCES * 2 else ""
            lines.append(
                f"- {escape(r.old)} → {escape(r.new)}: {_count(r.places, 'place')} ({places}{etc})"
            )
        lines.append("")
    return lines


def markdown(d: PolicyDiff, *, detail: Detail = "sections") -> str:
    """The changelog as Markdown: the digest first, then as much detail as asked for, every
    piece of document text escaped.

    ``detail`` is ``digest`` (the summary, headline figures, policy signals and renames
    only), ``sections`` (the default: the digest, then the new, dropped and changed sections,
    each changed section with its most telling sentences and near-verbatim rewordings
    counted) or ``full`` (every changed sentence with its redline, every figure).

    >>> from policydiff import diff, parse
    >>> d = diff(parse("一、总体情况\\n村卫生室58.2万个。\\n二、医保\\n报销50%。"),
    ...          parse("一、总体情况\\n村卫生室57万个。\\n二、药品\\n规范用药。"))
    >>> print(markdown(d, detail="full"))  # doctest: +NORMALIZE_WHITESPACE
    # What changed: (untitled) → (untitled)
    <BLANKLINE>
    1 headline figure changed; 1 new and 1 dropped sections.
    <BLANKLINE>
    Figures: 1 changed, 0 unchanged, 0 new, 1 dropped. Sections and measures: 1 new, 1 dropped,
    1 changed (0 moved), 0 unchanged. Sentences: 0 new, 0 dropped, 1 changed.
    <BLANKLINE>
    ## Headline figures
    <BLANKLINE>
    | Metric | Old | New | Change | Where |
    |---|---|---|---|---|
    | 村卫生室 | 58.2万个 | 57万个 | **-1.2万个 (-2.1%)** | 一、 |
    <BLANKLINE>
    ## Policy signals
    <BLANKLINE>
    - **New sections and measures**:
      - 药品 (二、)
    - **Dropped sections and measures**:
      - 医保 (二、)
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
    detail = check_detail(detail)
    v = view(d)
    lines = [f"# What changed: {escape(v.old_label)} → {escape(v.new_label)}", ""]
    meta = v.meta
    if any(field != "date" for field, *_ in meta):
        lines += ["| | Old | New |", "|---|---|---|"]
        lines += [
            f"| {field.capitalize()} | {_cell(old)} | {_cell(new)} |" for field, old, new in meta
        ]
        lines.append("")
    lines += [escape(v.digest.summary), ""]
    if detail == "full":
        lines += [v.glance, ""]
    lines += _digest(v, detail)
    if detail == "digest":
        lines += ["The changed sections: --detail sections; every sentence: --detail full.", ""]
        return "\n".join(line.rstrip() for line in lines)

    if v.related_numbers and detail == "full":
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

    lines += tables_markdown(d, escape)
    lines += _lone(v, "added", "New sections", "New measures in existing sections", detail)
    lines += _lone(v, "dropped", "Dropped sections", "Dropped measures", detail)

    changed = v.changed
    if changed:
        measures = v.measures
        lines += ["## Changed sections", ""]
        if detail != "full":
            lines += ["The weightiest sentences (all: --detail full).", ""]
        chosen = _chosen(v, detail)
        for n in changed:
            lines += _changed(n, measures.get((n.old, n.new), []), v, detail, chosen)

    moved = v.moved
    if moved and detail == "full":  # below full, the changed sections' titles say "moved"
        lines += ["## Moves", ""]
        for n in moved:
            heading = escape(n.new_heading or n.old_heading)
            where = where_label(node_label(n, "old") or None, node_label(n, "new") or None)
            lines.append(f"- {escape(where)} {heading}".rstrip())
        lines.append("")

    related = v.related
    if related and detail == "full":
        lines += ["## Splits and merges", ""]
        lines += [
            f"- {_related(r.kind, v.label('old', r.old), v.label('new', r.new))} "
            f"({r.containment * 100:.0f}% of its text)"
            for r in related
        ]
        lines.append("")

    if d.outside:  # a title or a signature that changed is never left unsaid
        width = TEXT_WIDTH if detail == "full" else BRIEF_WIDTH
        listed = [o for o in d.outside if detail == "full" or o.reason not in COUNTED_OUTSIDE]
        lines += ["## Outside the body", ""]
        lines += [f"- {o.change} ({o.reason}): " + escape(clip(o.text, width)) for o in listed]
        counted = Counter(o.reason for o in d.outside if o not in listed)
        if counted:
            kinds = ", ".join(f"{n} {reason}" for reason, n in sorted(counted.items()))
            lines.append(f"- {_count(counted.total(), 'more line')} ({kinds}; --detail full)")
        lines.append("")
    if detail == "full":
        lines += _full_only(v)
    else:
        rest = [
            _count(len(v.related_numbers), "possibly related figure"),
            _count(len(v.lone_numbers), "figure") + " stated in one year only",
        ]
        said = [part for part in rest if not part.startswith("0 ")]
        if said:
            lines += ["Also: " + ", ".join(said) + " (--detail full).", ""]

    lines += [escape(v.unchanged), ""]
    return "\n".join(line.rstrip() for line in lines)


def _full_only(v: View) -> list[str]:
    """What only the ``full`` changelog lists: every lead agency and cited document with its
    places, the figures one year only states."""
    d = v.diff
    lines: list[str] = []
    names = _names("Lead agency", d.agencies, quote=False, v=v) + _names(
        "Citation", d.citations, quote=True, v=v
    )
    if names:
        lines += ["## Lead agencies and cited documents", "", *names, ""]

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
    return lines
