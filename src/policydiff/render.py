"""Render: documents and diffs as text, Markdown, HTML, JSON, CSV, terminal and data frames.

Every renderer is a pure function of its input; none reads a clock or a counter, and a document
is named by its file name only, so the output is byte-for-byte the same on every run.

- :func:`document_json` — a Document per the ``policydiff.document/1`` schema.
- :func:`document_text` — a Document's tree, one node a line, for a terminal.
- :func:`document_html` — a Document's tree as a compact HTML table, for a notebook.
- :func:`quantity_dict` — a Quantity as a JSON-ready dict.
- :func:`quantities_table` — a Document's quantities as an aligned text table, or CSV.
- :func:`diff_json`, :func:`diff_dict` — a PolicyDiff per the ``policydiff.diff/1`` schema.
- :func:`diff_text` — a PolicyDiff as a plain-text report.
- :func:`markdown` — the changelog a person would publish (in :mod:`policydiff._markdown`).
- :func:`html` — a self-contained 新旧对照表 page (in :mod:`policydiff._html`).
- :func:`diff_rich` — a coloured terminal summary (the ``rich`` extra, imported lazily).
- :func:`numbers_frame`, :func:`nodes_frame` — pandas DataFrames (the ``pandas`` extra).

The helpers between them (:func:`headline_numbers`, :func:`change_label`, :func:`lone_nodes`,
:func:`measures_of`, ...) decide *what* a changelog shows, once, for every format.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .errors import MissingExtraError
from .model import (
    Document,
    Edit,
    MeasureChange,
    NodeChange,
    NumberChange,
    Quantity,
    QuantityRef,
    Related,
    SentenceRef,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .diff import PolicyDiff

__all__ = [
    "diff_dict",
    "diff_json",
    "diff_rich",
    "diff_text",
    "document_html",
    "document_json",
    "document_text",
    "dumps",
    "html",
    "markdown",
    "nodes_frame",
    "numbers_frame",
    "quantities_csv",
    "quantities_table",
    "quantity_dict",
]

DOCUMENT_SCHEMA = "policydiff.document/1"


def dumps(data: Any, *, indent: int | None = None) -> str:
    """Stable JSON: sorted keys, UTF-8 characters as they are, a final newline.

    Compact by default. ``indent`` pretty-prints (the command line writes ``indent=2``); it
    costs several times as much, because Python's JSON encoder has no C code for it.
    """
    if indent is None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent)
    return text + "\n"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def quantity_dict(quantity: Quantity, *, node: str | None = None) -> dict[str, Any]:
    """A quantity as plain data (``low``/``high`` as ints when they are whole)."""
    data: dict[str, Any] = {
        "text": quantity.text,
        "span": list(quantity.span),
        "low": _number(quantity.low),
        "high": _number(quantity.high),
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "metric": quantity.metric,
        "as_of": quantity.as_of,
        "kind": quantity.kind,
    }
    if node is not None:
        data["node"] = node
    return data


def document_json(doc: Document, *, indent: int | None = None) -> str:
    """The document as JSON: metadata, then every node, flat and in document order.
    ``indent`` as for :func:`dumps`.

    >>> import json
    >>> from policydiff import parse
    >>> data = json.loads(document_json(parse("一、总则。全年公开1136条。")))
    >>> data["schema"], [(n["path"], n["heading"], n["text"]) for n in data["nodes"]]
    ('policydiff.document/1', [('1', '总则', '全年公开1136条。')])
    """
    data: dict[str, Any] = {"schema": DOCUMENT_SCHEMA, **doc.metadata}
    data["nodes"] = [
        {
            "path": node.path,
            "marker": node.marker,
            "kind": node.kind,
            "heading": node.heading,
            "text": node.text,
            "span": list(node.span),
            "agencies": list(node.agencies),
            "quantities": [quantity_dict(q) for q in node.quantities],
        }
        for node in doc.walk()
    ]
    data["removed"] = [
        {"text": line.text, "reason": line.reason, "span": list(line.span)} for line in doc.removed
    ]
    return dumps(data, indent=indent)


def _clip(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def document_text(doc: Document, *, width: int = 40) -> str:
    """The document's tree as indented lines: path, marker, heading, first characters, agencies.

    >>> from policydiff import parse
    >>> print(document_text(parse("一、总则\\n(一)范围。适用于全市。")), end="")
    1  一、 【总则】
      1.1  (一) 【范围】 适用于全市。
    """
    lines: list[str] = []
    head = [f"{name}: {value}" for name, value in _meta_items(doc)]
    if head:
        lines.extend(head)
        lines.append("")
    for node in doc.walk():
        pieces = [node.path, node.marker]
        if node.heading:
            pieces.append(f"【{_clip(node.heading, width)}】")
        if node.text:
            pieces.append(_clip(node.text, width))
        if node.agencies:
            pieces.append("⟨" + "、".join(node.agencies) + "⟩")
        lines.append(
            "  " * node.level + "  ".join(p for p in pieces[:2] if p) + " " + " ".join(pieces[2:])
        )
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
    """Every quantity of the document as CSV, one row each, with its node's path."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _rows(doc):
        writer.writerow(row)
    return out.getvalue()


def quantities_table(doc: Document) -> str:
    """Every quantity of the document as an aligned text table."""
    rows = [[str(row[c]) if row[c] is not None else "" for c in _COLUMNS] for row in _rows(doc)]
    table = [list(_COLUMNS), *rows]
    from .normalize import display_width

    widths = [max(display_width(r[i]) for r in table) for i in range(len(_COLUMNS))]
    lines = [
        "  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row))
        for row in table
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- diffs ------------------------------------------------------------------------------------

DIFF_SCHEMA = "policydiff.diff/1"


def _edits(edits: tuple[Edit, ...]) -> list[dict[str, str]]:
    return [{"op": e.op, "old": e.old, "new": e.new} for e in edits]


def _quantity_ref(ref: QuantityRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    data = quantity_dict(ref.quantity, node=ref.node)
    del data["span"]
    return data


def _sentence(ref: SentenceRef | None) -> dict[str, Any] | None:
    return None if ref is None else {"node": ref.node, "index": ref.index, "text": ref.text}


def _node_fields(n: NodeChange) -> dict[str, Any]:
    """What a node change says, as plain data (shared by the JSON and the data frame)."""
    return {
        "change": n.change,
        "moved": n.moved,
        "old": n.old,
        "new": n.new,
        "old_heading": n.old_heading,
        "new_heading": n.new_heading,
        "old_text": n.old_text,
        "new_text": n.new_text,
    }


def diff_dict(d: PolicyDiff) -> dict[str, Any]:
    """The diff as plain data, schema ``policydiff.diff/1``."""
    keys = ("source", "title", "date", "issuer", "subject", "script", "consulted", "reference")
    return {
        "schema": DIFF_SCHEMA,
        "old": {k: v for k, v in d.old.metadata.items() if k in keys},
        "new": {k: v for k, v in d.new.metadata.items() if k in keys},
        "nodes": [
            _node_fields(n)
            | {
                "similarity": round(n.similarity, 4),
                "related": [
                    {"kind": r.kind, "old": r.old, "new": r.new, "containment": r.containment}
                    for r in n.related
                ],
                "inline": _edits(n.inline),
            }
            for n in d.nodes
        ],
        "measures": [
            {
                "change": m.change,
                "old": _sentence(m.old),
                "new": _sentence(m.new),
                "inline": _edits(m.inline),
            }
            for m in d.measures
        ],
        "numbers": [
            {
                "change": c.change,
                "metric": c.metric,
                "old": _quantity_ref(c.old),
                "new": _quantity_ref(c.new),
                "delta": None if c.delta is None else _number(c.delta),
                "relative": c.relative,
            }
            for c in d.numbers
        ],
        "agencies": [
            {"change": a.change, "name": a.name, "old": a.old, "new": a.new} for a in d.agencies
        ],
        "citations": [
            {"change": c.change, "name": c.name, "old": c.old, "new": c.new} for c in d.citations
        ],
        "summary": d.summary,
    }


def diff_json(d: PolicyDiff, *, indent: int | None = None) -> str:
    """The diff as JSON, schema ``policydiff.diff/1``: sorted keys, byte-for-byte stable,
    compact unless ``indent`` is given (see :func:`dumps`)."""
    return dumps(diff_dict(d), indent=indent)


# --- what a changelog shows, shared by the text, Markdown, HTML and terminal renderers --------

Side = Literal["old", "new"]


def doc_name(doc: Document) -> str:
    """How a changelog names a document: its title, else its subject, else its file name.

    >>> from policydiff import parse
    >>> doc_name(parse("关于加强基层卫生工作的通知\\n\\n一、总则。"))
    '关于加强基层卫生工作的通知'
    >>> doc_name(parse("一、总则。"))
    '(untitled)'
    """
    return doc.title or (f"《{doc.subject}》" if doc.subject else doc.source or "(untitled)")


def doc_label(doc: Document) -> str:
    """The document's name with its date, when it has one."""
    name = doc_name(doc)
    return f"{name} ({doc.date})" if doc.date else name


def meta_rows(d: PolicyDiff) -> list[tuple[str, str, str]]:
    """``(field, old, new)`` for every metadata field either document states."""
    rows: list[tuple[str, str, str]] = []
    for field in ("title", "subject", "issuer", "date", "reference", "consulted", "source"):
        old, new = getattr(d.old, field), getattr(d.new, field)
        if field == "consulted":
            old, new = "、".join(old), "、".join(new)
        if old or new:
            rows.append((field, old or "", new or ""))
    if d.old.script != d.new.script or d.old.script != "simplified":
        rows.append(("script", d.old.script, d.new.script))
    return rows


def headline_numbers(d: PolicyDiff) -> list[NumberChange]:
    """Numbers both documents state: the changed ones first, then the unchanged, each in order."""
    paired = [c for c in d.numbers if c.old and c.new]
    return [c for c in paired if c.change == "changed"] + [
        c for c in paired if c.change == "unchanged"
    ]


def lone_numbers(d: PolicyDiff) -> list[NumberChange]:
    """Numbers only one document states: the new ones first, then the dropped ones."""
    return [c for c in d.numbers if c.change == "added"] + [
        c for c in d.numbers if c.change == "dropped"
    ]


def _plain(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _scaled(value: float, size: float) -> str:
    """``value`` in 万 or 亿 when the numbers it compares (of size ``size``) are that large."""
    for factor, suffix in ((1e8, "亿"), (1e4, "万")):
        if abs(size) >= factor:
            return _plain(value / factor) + suffix
    return _plain(value)


def _signed(text: str) -> str:
    if text == "0":
        return "±0"
    return text if text.startswith("-") else "+" + text


def change_label(c: NumberChange) -> str:
    """A number change as a reader says it: ``-1.2万个 (-2.1%)``, ``+3个百分点``, ``unchanged``.

    >>> from policydiff import diff
    >>> [change_label(c) for c in diff("村卫生室58.2万个。", "村卫生室57万个。").numbers]
    ['-1.2万个 (-2.1%)']
    """
    if c.change in ("added", "dropped"):
        return c.change
    if c.change == "unchanged" or c.delta is None or c.old is None or c.new is None:
        return "unchanged"
    unit = c.new.quantity.unit
    if unit in ("%", "个百分点"):
        return _signed(_plain(c.delta)) + "个百分点"
    size = max(abs(c.old.quantity.high), abs(c.new.quantity.high))
    text = _signed(_scaled(c.delta, size)) + unit
    return text if c.relative is None else f"{text} ({c.relative * 100:+.1f}%)"


def where_label(old: str | None, new: str | None) -> str:
    """``2.1`` when a path stayed, ``2.1 → 2.5`` when it changed, one side when one is missing."""
    if old and new:
        return old if old == new else f"{old} → {new}"
    return old or new or ""


def as_of_label(c: NumberChange) -> str:
    """The dates the two values hold for: ``2023-12-31 → 2024-12-31``, or one of them."""
    old = c.old.quantity.as_of if c.old else None
    new = c.new.quantity.as_of if c.new else None
    if c.old is None or c.new is None:
        return old or new or ""
    if old == new:
        return old or ""
    return f"{old or '—'} → {new or '—'}"


def metric_label(c: NumberChange) -> str:
    """The metric a number measures, marked when it is a target rather than an actual."""
    ref = c.new or c.old
    target = ref is not None and ref.quantity.kind == "target"
    return (c.metric or "(no metric)") + (" (target)" if target else "")


def node_path(n: NodeChange, side: Side) -> str | None:
    """The node's path on one side."""
    return n.old if side == "old" else n.new


def node_heading(n: NodeChange, side: Side) -> str:
    """The node's heading on one side."""
    return n.old_heading if side == "old" else n.new_heading


def node_text(n: NodeChange, side: Side) -> str:
    """The node's own text on one side (without its heading)."""
    return n.old_text if side == "old" else n.new_text


def parent_of(path: str) -> str | None:
    """The parent's path: ``2.1`` for ``2.1.3``, ``None`` for a top-level node."""
    head, sep, _ = path.rpartition(".")
    return head if sep else None


def depth(path: str | None) -> int:
    """How deep a path is: 0 for ``2``, 1 for ``2.1``, ``p2:`` prefixes ignored."""
    return 0 if not path else path.rpartition(":")[2].count(".")


@attrs.frozen
class Entry:
    """An added or dropped node with the added or dropped nodes under it."""

    node: NodeChange
    children: tuple[Entry, ...] = ()


def lone_nodes(d: PolicyDiff, change: Literal["added", "dropped"]) -> list[Entry]:
    """The added (or dropped) nodes as trees: a new section carries its new measures."""
    side: Side = "new" if change == "added" else "old"
    lone = [n for n in d.nodes if n.change == change]
    paths = {node_path(n, side) for n in lone}
    kids: dict[str | None, list[NodeChange]] = {}
    for n in lone:
        path = node_path(n, side)
        parent = parent_of(path) if path else None
        kids.setdefault(parent if parent in paths else None, []).append(n)

    def entry(n: NodeChange) -> Entry:
        return Entry(n, tuple(entry(k) for k in kids.get(node_path(n, side), [])))

    return [entry(n) for n in kids.get(None, [])]


def changed_nodes(d: PolicyDiff) -> list[NodeChange]:
    """Linked nodes whose text changed (moved or not), in the new document's order."""
    return [n for n in d.nodes if n.change == "changed"]


def moved_nodes(d: PolicyDiff) -> list[NodeChange]:
    """Linked nodes that moved, changed or not."""
    return [n for n in d.nodes if n.moved]


def related_pairs(d: PolicyDiff) -> list[Related]:
    """Every split and merge once."""
    return list(dict.fromkeys(r for n in d.nodes for r in n.related))


def by_path(d: PolicyDiff, side: Side) -> dict[str, NodeChange]:
    """The node changes by their path on one side."""
    out: dict[str, NodeChange] = {}
    for n in d.nodes:
        path = node_path(n, side)
        if path is not None:
            out[path] = n
    return out


def measures_of(d: PolicyDiff) -> dict[tuple[str | None, str | None], list[MeasureChange]]:
    """The measures of each linked node pair, keyed by ``(old path, new path)``."""
    old_paths, new_paths = by_path(d, "old"), by_path(d, "new")
    out: dict[tuple[str | None, str | None], list[MeasureChange]] = {}
    for m in d.measures:
        n = new_paths.get(m.new.node) if m.new else old_paths.get(m.old.node) if m.old else None
        if n is not None:
            out.setdefault((n.old, n.new), []).append(m)
    return out


def is_heading(m: MeasureChange, n: NodeChange) -> bool:
    """Whether a measure is the node's heading on every side it has."""
    sides = [(m.old, n.old_heading), (m.new, n.new_heading)]
    present = [(ref, heading) for ref, heading in sides if ref is not None]
    return bool(present) and all(
        heading and ref.index == 0 and ref.text == heading for ref, heading in present
    )


def measure_edits(m: MeasureChange) -> tuple[Edit, ...]:
    """A measure as edits: its inline edits, or one insert, delete or equal."""
    if m.change == "changed" and m.inline:
        return m.inline
    old, new = (m.old.text if m.old else ""), (m.new.text if m.new else "")
    if m.change == "added":
        return (Edit("insert", "", new),)
    if m.change == "dropped":
        return (Edit("delete", old, ""),)
    return (Edit("equal", old, new),)


def contract(text: str, *, keep: int = 20) -> str:
    """Shorten a long run of unchanged text to its ends, so the change around it stands out.

    >>> contract("一二三四五六七八九十" * 6, keep=3)
    '一二三…八九十'
    """
    return text if len(text) <= 2 * keep + 10 else text[:keep] + "…" + text[-keep:]


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ``…`` where it was cut."""
    return _clip(text, width)


def unchanged_summary(d: PolicyDiff) -> str:
    """One line for what did not change, so the changelog need not repeat it."""
    same = [n for n in d.nodes if n.change == "unchanged"]
    by_new = {(n.old, n.new): n for n in changed_nodes(d)}
    changed = set(by_new)
    sentences = sum(
        1
        for key, ms in measures_of(d).items()
        if key in changed
        for m in ms
        if m.change == "unchanged" and not is_heading(m, by_new[key])
    )
    figures = sum(1 for c in d.numbers if c.change == "unchanged")
    parts: list[str] = []
    if same:
        listed = "; ".join(" ".join(x for x in (n.new, n.new_heading) if x) for n in same[:5]) + (
            "; …" if len(same) > 5 else ""
        )
        parts.append(f"{_count(len(same), 'section')} ({listed})")
    if sentences:
        parts.append(f"{_count(sentences, 'sentence')} inside changed sections")
    if figures:
        parts.append(f"{_count(figures, 'figure')} (in the figures above)")
    return "Unchanged: " + (", ".join(parts) if parts else "nothing") + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def glance(d: PolicyDiff) -> str:
    """The diff in one sentence of counts."""
    s = d.summary
    nodes, numbers, measures = s["nodes"], s["numbers"], s["measures"]
    return (
        f"Figures: {numbers['changed']} changed, {numbers['unchanged']} unchanged, "
        f"{numbers['added']} new, {numbers['dropped']} dropped. "
        f"Sections and measures: {nodes['added']} new, {nodes['dropped']} dropped, "
        f"{nodes['changed']} changed ({nodes['moved']} moved), {nodes['unchanged']} unchanged. "
        f"Sentences: {measures['added']} new, {measures['dropped']} dropped, "
        f"{measures['changed']} changed."
    )


def _value(ref: QuantityRef | None) -> str:
    return ref.quantity.text if ref else "—"


def _percent(relative: float | None) -> str:
    return "" if relative is None else f" ({relative * 100:+.1f}%)"


def diff_text(d: PolicyDiff) -> str:
    """A plain-text report: number changes first, then added, dropped, changed and moved nodes.

    >>> from policydiff import diff
    >>> d = diff("一、总体情况\\n村卫生室58.2万个。", "一、总体情况\\n村卫生室57万个。")
    >>> print(diff_text(d), end="")
    old: (untitled) → new: (untitled)
    nodes: 0 added, 0 dropped, 1 changed, 0 unchanged, 0 moved
    <BLANKLINE>
    Numbers
      村卫生室: 58.2万个 → 57万个 (-2.1%)  [1]
    <BLANKLINE>
    Changed sections
      ~ 1 总体情况  ~~58.2万~~ **57万**
    """
    s = d.summary["nodes"]
    lines = [
        f"old: {doc_label(d.old)} → new: {doc_label(d.new)}",
        f"nodes: {s['added']} added, {s['dropped']} dropped, {s['changed']} changed, "
        f"{s['unchanged']} unchanged, {s['moved']} moved",
    ]
    numbers = headline_numbers(d)
    if numbers:
        lines += ["", "Numbers"]
        for c in numbers:
            arrow = "=" if c.change == "unchanged" else "→"
            where = c.new.node if c.new else ""
            lines.append(
                f"  {c.metric or '(no metric)'}: {_value(c.old)} {arrow} {_value(c.new)}"
                f"{_percent(c.relative) if c.change == 'changed' else ''}  [{where}]"
            )
    for title, kind in (("Added sections", "added"), ("Dropped sections", "dropped")):
        found = [n for n in d.nodes if n.change == kind]
        if found:
            lines += ["", title]
            sign = "+" if kind == "added" else "-"
            side: Side = "new" if kind == "added" else "old"
            for n in found:
                label = node_heading(n, side) or _clip(node_text(n, side), 40)
                lines.append(f"  {sign} {node_path(n, side)} {label}".rstrip())
    changed = [n for n in d.nodes if n.change == "changed" or n.moved]
    if changed:
        lines += ["", "Changed sections"]
        for n in changed:
            moved = " (moved)" if n.moved else ""
            edits = " ".join(
                f"~~{e.old}~~ **{e.new}**"
                if e.op == "replace"
                else f"~~{e.old}~~"
                if e.op == "delete"
                else f"**{e.new}**"
                for e in n.inline
                if e.op != "equal"
            )
            lines.append(
                f"  ~ {where_label(n.old, n.new)} {n.new_heading or n.old_heading}{moved}"
                f"  {_clip(edits, 120)}"
            )
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- Markdown and HTML (in their own modules) -------------------------------------------------


def markdown(d: PolicyDiff) -> str:
    """The changelog as Markdown: figures first, then new, dropped and changed sections.

    See :func:`policydiff._markdown.markdown`.
    """
    from ._markdown import markdown as render_markdown

    return render_markdown(d)


def html(d: PolicyDiff, *, standalone: bool = True) -> str:
    """The changelog as one self-contained HTML page (or, ``standalone=False``, a fragment).

    See :func:`policydiff._html.html`.
    """
    from ._html import html as render_html

    return render_html(d, standalone=standalone)


def document_html(doc: Document) -> str:
    """A document as a compact HTML table of its tree, with its metadata (for notebooks).

    See :func:`policydiff._html.document_html`.
    """
    from ._html import document_html as render_document

    return render_document(doc)


# --- terminal ---------------------------------------------------------------------------------


def diff_rich(d: PolicyDiff) -> RenderableType:
    """The diff as a rich renderable: a coloured summary for a terminal.

    rich is imported here, not when policydiff is: ``pip install 'policydiff[rich]'``.

    >>> from rich.console import Console
    >>> from policydiff import diff
    >>> console = Console(width=60, color_system=None)
    >>> d = diff("一、总体\\n村卫生室58.2万个。", "一、总体\\n村卫生室57万个。")
    >>> with console.capture() as captured:
    ...     console.print(diff_rich(d))
    >>> "58.2万个" in captured.get() and "-2.1%" in captured.get()
    True
    """
    try:
        from rich import box
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text
    except ImportError as err:
        raise MissingExtraError("rich", "rich") from err

    parts: list[RenderableType] = [
        Text.assemble(
            ("What changed: ", "bold"),
            (doc_label(d.old), "bold red"),
            " → ",
            (doc_label(d.new), "bold green"),
        ),
        Text(glance(d), style="dim"),
    ]
    numbers = headline_numbers(d)
    if numbers:
        table = Table(title="Headline figures", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("metric", ratio=1, min_width=8, overflow="fold")
        for column in ("old → new", "change", "where"):
            table.add_column(column, no_wrap=True)
        for c in numbers:
            style = "dim" if c.change == "unchanged" else "bold"
            table.add_row(
                metric_label(c),
                Text.assemble(_value(c.old), " → ", (_value(c.new), style)),
                Text(change_label(c), style=_trend_style(c)),
                where_label(c.old.node if c.old else None, c.new.node if c.new else None),
            )
        parts.append(table)

    def listing(title: str, entries: list[Entry], side: Side, style: str, sign: str) -> None:
        if not entries:
            return
        parts.append(Text(title, style="bold underline"))
        stack = [(e, 0) for e in reversed(entries)]
        while stack:
            entry, level = stack.pop()
            n = entry.node
            label = node_heading(n, side) or clip(node_text(n, side), 36)
            parts.append(Text(f"{'  ' * level}{sign} {node_path(n, side)} {label}", style=style))
            stack.extend((kid, level + 1) for kid in reversed(entry.children))

    listing("New sections and measures", lone_nodes(d, "added"), "new", "green", "+")
    listing("Dropped sections and measures", lone_nodes(d, "dropped"), "old", "red", "-")
    changed = changed_nodes(d)
    if changed:
        parts.append(Text("Changed sections", style="bold underline"))
        measures = measures_of(d)
        for n in changed:
            counts = {"added": 0, "dropped": 0, "changed": 0}
            for m in measures.get((n.old, n.new), []):
                if m.change in counts and not is_heading(m, n):
                    counts[m.change] += 1
            line = Text("~ ", style="yellow")
            line.append(where_label(n.old, n.new), style="bold")
            line.append(" " + (n.new_heading or n.old_heading or clip(n.new_text, 30)))
            if n.moved:
                line.append(" (moved)", style="magenta")
            line.append(
                f"  +{counts['added']} -{counts['dropped']} ~{counts['changed']} sentences",
                style="dim",
            )
            parts.append(line)
    parts.append(Text(unchanged_summary(d), style="dim"))
    parts.append(
        Text("The full redline: --format md or --format html.", style="dim italic"),
    )
    return Group(*parts)


def _trend_style(c: NumberChange) -> str:
    if c.change != "changed" or c.delta is None:
        return "dim"
    return "bold cyan" if c.delta > 0 else "bold magenta" if c.delta < 0 else "dim"


# --- data frames ------------------------------------------------------------------------------

NUMBER_COLUMNS = (
    "change",
    "metric",
    "old_text",
    "new_text",
    "old_low",
    "old_high",
    "new_low",
    "new_high",
    "unit",
    "delta",
    "relative",
    "old_node",
    "new_node",
    "old_as_of",
    "new_as_of",
    "old_qualifier",
    "new_qualifier",
    "kind",
)
NODE_COLUMNS = (
    "change",
    "moved",
    "old",
    "new",
    "old_heading",
    "new_heading",
    "old_text",
    "new_text",
    "similarity",
    "related",
    "edits",
)
_FLOAT_COLUMNS = ("old_low", "old_high", "new_low", "new_high", "delta", "relative", "similarity")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise MissingExtraError("pandas", "pandas") from err
    return pandas


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
    pd = _pandas()
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for column in _FLOAT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].astype("float64")
    return frame


def number_rows(d: PolicyDiff) -> list[dict[str, Any]]:
    """One plain dict per number change, the columns of :func:`numbers_frame`."""
    rows = []
    for c in d.numbers:
        old = c.old.quantity if c.old else None
        new = c.new.quantity if c.new else None
        either = new or old
        rows.append(
            {
                "change": c.change,
                "metric": c.metric,
                "old_text": old.text if old else None,
                "new_text": new.text if new else None,
                "old_low": old.low if old else None,
                "old_high": old.high if old else None,
                "new_low": new.low if new else None,
                "new_high": new.high if new else None,
                "unit": either.unit if either else "",
                "delta": c.delta,
                "relative": c.relative,
                "old_node": c.old.node if c.old else None,
                "new_node": c.new.node if c.new else None,
                "old_as_of": old.as_of if old else None,
                "new_as_of": new.as_of if new else None,
                "old_qualifier": old.qualifier if old else None,
                "new_qualifier": new.qualifier if new else None,
                "kind": either.kind if either else None,
            }
        )
    return rows


def numbers_frame(d: PolicyDiff) -> Any:
    """A pandas DataFrame with one row per number change (``pip install 'policydiff[pandas]'``).

    >>> from policydiff import diff
    >>> frame = numbers_frame(diff("村卫生室58.2万个。", "村卫生室57万个。"))
    >>> frame[["change", "metric", "old_low", "new_low", "delta"]].values.tolist()
    [['changed', '村卫生室', 582000.0, 570000.0, -12000.0]]
    """
    return _frame(number_rows(d), NUMBER_COLUMNS)


def node_rows(d: PolicyDiff) -> list[dict[str, Any]]:
    """One plain dict per node change, the columns of :func:`nodes_frame`."""
    return [
        _node_fields(n)
        | {
            "similarity": n.similarity,
            "related": "; ".join(f"{r.kind} {r.old} → {r.new}" for r in n.related),
            "edits": sum(1 for e in n.inline if e.op != "equal"),
        }
        for n in d.nodes
    ]


def nodes_frame(d: PolicyDiff) -> Any:
    """A pandas DataFrame with one row per node change (``pip install 'policydiff[pandas]'``).

    >>> from policydiff import diff
    >>> frame = nodes_frame(diff("一、总体\\n甲。", "一、总体\\n乙。\\n二、新增\\n丙。"))
    >>> frame[["change", "new"]].values.tolist(), frame["old"].isna().tolist()
    ([['changed', '1'], ['added', '2']], [False, True])
    """
    return _frame(node_rows(d), NODE_COLUMNS)
