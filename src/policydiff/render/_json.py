"""JSON: documents and diffs as plain data, schemas ``policydiff.document/1`` and
``policydiff.diff/1`` (sorted keys, byte-for-byte stable)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import (
    CellChange,
    Document,
    Edit,
    NodeChange,
    PolicyDiff,
    Quantity,
    QuantityRef,
    SentenceRef,
    Table,
    TableCell,
    TableChange,
    Timeline,
    TimelineRow,
)
from ._digest import Digest, digest

__all__ = [
    "DIFF_SCHEMA",
    "DOCUMENT_SCHEMA",
    "diff_dict",
    "diff_json",
    "document_json",
    "dumps",
    "quantities_json",
    "quantity_dict",
    "signal_dicts",
    "table_change_dict",
    "table_dict",
    "timeline_json",
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
        "subject": quantity.subject,
        "measure": quantity.measure,
        "scope": quantity.scope,
        "period": quantity.period,
    }
    if node is not None:
        data["node"] = node
    return data


def document_json(doc: Document, *, indent: int | None = None) -> str:
    """The document as JSON: metadata, then every node, flat and in document order, and the
    tables of a PDF, Word file or web page with their cells.
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
            "label": node.label,
            "where": node.where,
            "marker": node.marker,
            "kind": node.kind,
            "heading": node.heading,
            "heading_stop": node.heading_stop,
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
    data["tables"] = [table_dict(t) for t in doc.tables]
    data["warnings"] = list(doc.warnings)
    return dumps(data, indent=indent)


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
        "old_label": n.old_label,
        "new_label": n.new_label,
        "old_heading": n.old_heading,
        "new_heading": n.new_heading,
        "old_text": n.old_text,
        "new_text": n.new_text,
    }


def _table_cell(cell: TableCell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    quantity = None if cell.quantity is None else quantity_dict(cell.quantity)
    if quantity is not None:
        del quantity["span"]  # a span within the cell's own text: nothing to look up
    return {
        "row": cell.row,
        "col": cell.col,
        "text": cell.text,
        "row_label": cell.row_label,
        "col_label": cell.col_label,
        "quantity": quantity,
    }


def table_dict(table: Table) -> dict[str, Any]:
    """A table as plain data (schema ``policydiff.document/1``, ``tables[]``): its grid with
    its headers, and its body cells with their labels and figures."""
    return {
        "key": table.key,
        "caption": table.caption,
        "unit": table.unit,
        "where": table.where,
        "header_rows": table.header_rows,
        "header_cols": table.header_cols,
        "rows": [list(row) for row in table.rows],
        "cells": [_table_cell(cell) for cell in table.cells],
    }


def _cell_change(c: CellChange) -> dict[str, Any]:
    return {
        "change": c.change,
        "row_label": c.row_label,
        "col_label": c.col_label,
        "old": _table_cell(c.old),
        "new": _table_cell(c.new),
        "delta": None if c.delta is None else _number(c.delta),
        "relative": c.relative,
    }


def table_change_dict(t: TableChange) -> dict[str, Any]:
    """A table change as plain data (schema ``policydiff.diff/1``, ``tables[]``)."""
    return {
        "change": t.change,
        "old": t.old,
        "new": t.new,
        "old_caption": t.old_caption,
        "new_caption": t.new_caption,
        "old_where": t.old_where,
        "new_where": t.new_where,
        "similarity": t.similarity,
        "added_rows": list(t.added_rows),
        "dropped_rows": list(t.dropped_rows),
        "added_cols": list(t.added_cols),
        "dropped_cols": list(t.dropped_cols),
        "renamed": [{"old": old, "new": new} for old, new in t.renamed],
        "cells": [_cell_change(c) for c in t.cells],
    }


def signal_dicts(g: Digest) -> list[dict[str, Any]]:
    """The digest's policy signals and renames as plain data (schema ``policydiff.diff/1``,
    ``signals[]``), in the order a changelog lists them.

    Every record has the same keys: ``kind`` (``section``, ``commitment``, ``target``,
    ``citation``, ``agency``, ``phrase``, ``rename``); ``changes`` (``added``, ``dropped``,
    ``raised``, ``lowered``, ``tightened``, ``loosened``, ``renamed``; a target may be lowered
    and loosened at once); ``text`` the words (a section's heading, a sentence, a target's
    metric, a document's or agency's name, a phrase, a rename's new wording); ``old``/``new``
    the node path on each side (``null`` where that side does not state it; for a rename the
    first place); ``old_text``/``new_text`` a target's figures as written (``6%以上`` →
    ``5.5%左右``; ``null`` on the side that sets none) or a rename's two wordings, ``null``
    for the other kinds; ``count`` how often (a phrase's occurrences, a rename's sentences,
    a section's new or dropped parts), else ``null``; ``places`` a rename's node paths in the
    new document, each once, else empty.

    >>> from policydiff import diff, parse
    >>> old = parse("第一条 低收入困难家庭可以申请。\\n第二条 低收入困难家庭应当登记。")
    >>> new = parse("第一条 最低生活保障边缘家庭可以申请。\\n第二条 最低生活保障边缘家庭应当登记。")
    >>> [s for s in signal_dicts(digest(diff(old, new))) if s["kind"] == "rename"]
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'kind': 'rename', 'changes': ['renamed'], 'text': '最低生活保障边缘家庭', 'old': None,
      'new': '1', 'old_text': '低收入困难家庭', 'new_text': '最低生活保障边缘家庭', 'count': 2,
      'places': ['1', '2']}]
    """
    out: list[dict[str, Any]] = []
    for s in g.signals:
        out.append(
            {
                "kind": s.kind,
                "changes": list(s.changes),
                "text": s.text,
                "old": s.old,
                "new": s.new,
                "old_text": s.old_value,
                "new_text": s.new_value,
                "count": s.count,
                "places": [],
            }
        )
    for r in g.renames:
        out.append(
            {
                "kind": "rename",
                "changes": ["renamed"],
                "text": r.new,
                "old": None,
                "new": r.where[0] if r.where else None,
                "old_text": r.old,
                "new_text": r.new,
                "count": r.places,
                "places": list(r.where),
            }
        )
    return out


def diff_dict(d: PolicyDiff, *, signals: bool = False) -> dict[str, Any]:
    """The diff as plain data, schema ``policydiff.diff/1``; with ``signals``, the digest's
    policy signals and renames too (``signals[]``, see :func:`signal_dicts`)."""
    keys = (
        "source",
        "title",
        "date",
        "issuer",
        "subject",
        "script",
        "language",
        "consulted",
        "reference",
    )
    data = {
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
            # ``moved`` only where true: the schema names no such key, and a diff without
            # moved sentences stays byte for byte what it was.
            | ({"moved": True} if m.moved else {})
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
                "confidence": c.confidence,
                "headline": c.headline,
                "notes": list(c.notes),
            }
            for c in d.numbers
        ],
        "agencies": [
            {"change": a.change, "name": a.name, "old": a.old, "new": a.new} for a in d.agencies
        ],
        "citations": [
            {"change": c.change, "name": c.name, "old": c.old, "new": c.new} for c in d.citations
        ],
        "outside": [{"change": o.change, "text": o.text, "reason": o.reason} for o in d.outside],
        "tables": [table_change_dict(t) for t in d.tables],
        "summary": d.summary,
    }
    if signals:
        data["signals"] = signal_dicts(digest(d))
    return data


def diff_json(d: PolicyDiff, *, indent: int | None = None, signals: bool = False) -> str:
    """The diff as JSON, schema ``policydiff.diff/1``: sorted keys, byte-for-byte stable,
    compact unless ``indent`` is given (see :func:`dumps`); with ``signals``, the digest's
    signals too.

    The signals are a reading of the two texts (what is new in their words, how rare, how
    prominent) that takes several times as long as the records themselves — 0.16 s against
    0.03 s for a pair of work reports — so a program that wants only the records does not pay
    for them; the command line writes them."""
    return dumps(diff_dict(d, signals=signals), indent=indent)


def quantities_json(doc: Document, *, indent: int | None = None) -> str:
    """Every quantity of a document with its node's path, schema ``policydiff.numbers/1``."""
    rows = [quantity_dict(q, node=node.path) for node in doc.walk() for q in node.quantities]
    data = {"schema": "policydiff.numbers/1", "source": doc.source, "quantities": rows}
    return dumps(data, indent=indent)


def timeline_json(
    timeline: Timeline, rows: Sequence[TimelineRow], *, indent: int | None = None
) -> str:
    """Rows of a timeline, schema ``policydiff.timeline/1``: the years, then each row's metric
    and its cell per year (``null`` where the year does not state it)."""
    data = {
        "schema": "policydiff.timeline/1",
        "years": list(timeline.years),
        "rows": [
            {
                "metric": row.metric,
                "cells": [
                    None if c is None else quantity_dict(c.quantity, node=c.node) for c in row.cells
                ],
            }
            for row in rows
        ],
    }
    return dumps(data, indent=indent)
