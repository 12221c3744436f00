"""Render: documents and diffs as text, JSON, CSV (pure functions returning ``str``).

- :func:`document_json` — a Document per the ``policydiff.document/1`` schema.
- :func:`document_text` — a Document's tree, one node a line, for a terminal.
- :func:`quantity_dict` — a Quantity as a JSON-ready dict.
- :func:`quantities_table` — a Document's quantities as an aligned text table, or CSV.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Document, Quantity

__all__ = [
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
        lines.append("  " * node.level + "  ".join(p for p in pieces[:2] if p) + " " +
                     " ".join(pieces[2:]))
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
