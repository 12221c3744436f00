"""Render: documents and diffs as text, JSON, CSV (pure functions returning ``str``).

- :func:`document_json` — a Document per the ``policydiff.document/1`` schema.
- :func:`document_text` — a Document's tree, one node a line, for a terminal.
- :func:`quantity_dict` — a Quantity as a JSON-ready dict.
- :func:`quantities_table` — a Document's quantities as an aligned text table, or CSV.
- :func:`diff_json`, :func:`diff_dict` — a PolicyDiff per the ``policydiff.diff/1`` schema.
- :func:`diff_text` — a PolicyDiff as a plain-text report.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from .model import Document, Edit, Quantity, QuantityRef, SentenceRef

if TYPE_CHECKING:
    from .diff import PolicyDiff

__all__ = [
    "diff_dict",
    "diff_json",
    "diff_text",
    "document_json",
    "document_text",
    "dumps",
    "quantities_csv",
    "quantities_table",
    "quantity_dict",
]

DOCUMENT_SCHEMA = "policydiff.document/1"


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, UTF-8 characters as they are, two-space indent."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


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


def document_json(doc: Document) -> str:
    """The document as JSON: metadata, then every node, flat and in document order.

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
    return dumps(data)


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


def diff_dict(d: PolicyDiff) -> dict[str, Any]:
    """The diff as plain data, schema ``policydiff.diff/1``."""
    keys = ("source", "title", "date", "issuer", "subject", "script", "consulted", "reference")
    return {
        "schema": DIFF_SCHEMA,
        "old": {k: v for k, v in d.old.metadata.items() if k in keys},
        "new": {k: v for k, v in d.new.metadata.items() if k in keys},
        "nodes": [
            {
                "change": n.change,
                "moved": n.moved,
                "old": n.old,
                "new": n.new,
                "old_heading": n.old_heading,
                "new_heading": n.new_heading,
                "old_text": n.old_text,
                "new_text": n.new_text,
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


def diff_json(d: PolicyDiff) -> str:
    """The diff as JSON, schema ``policydiff.diff/1``: sorted keys, byte-for-byte stable."""
    return dumps(diff_dict(d))


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

    def name(doc: Document) -> str:
        label = doc.title or doc.subject or doc.source or "(untitled)"
        return f"{label} ({doc.date})" if doc.date else label

    s = d.summary["nodes"]
    lines = [
        f"old: {name(d.old)} → new: {name(d.new)}",
        f"nodes: {s['added']} added, {s['dropped']} dropped, {s['changed']} changed, "
        f"{s['unchanged']} unchanged, {s['moved']} moved",
    ]
    numbers = [c for c in d.numbers if c.change in ("changed", "unchanged") and c.old and c.new]
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
            for n in found:
                path = n.new if kind == "added" else n.old
                heading = n.new_heading if kind == "added" else n.old_heading
                text = n.new_text if kind == "added" else n.old_text
                lines.append(f"  {sign} {path} {heading or _clip(text, 40)}".rstrip())
    changed = [n for n in d.nodes if n.change == "changed" or n.moved]
    if changed:
        lines += ["", "Changed sections"]
        for n in changed:
            where = str(n.new) if n.old == n.new else f"{n.old} → {n.new}"
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
                f"  ~ {where} {n.new_heading or n.old_heading}{moved}  {_clip(edits, 120)}"
            )
    return "\n".join(line.rstrip() for line in lines) + "\n"
