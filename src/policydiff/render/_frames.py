"""Data frames: number and node changes as pandas DataFrames (the ``pandas`` extra)."""

from __future__ import annotations

from typing import Any

from ..errors import MissingExtraError
from ..model import PolicyDiff, QuantityRef, Timeline
from ._json import _node_fields

__all__ = [
    "NODE_COLUMNS",
    "NUMBER_COLUMNS",
    "TIMELINE_COLUMNS",
    "node_rows",
    "nodes_frame",
    "number_rows",
    "numbers_frame",
    "timeline_frame",
]


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


#: What a row says of one side's quantity, each column prefixed by the side (``old_low``).
_SIDE_FIELDS = ("text", "low", "high", "as_of", "qualifier")


def _side(ref: QuantityRef | None, prefix: str) -> dict[str, Any]:
    """One side's quantity as columns (``None`` where the side has none), with its node."""
    q = ref.quantity if ref else None
    columns = {f"{prefix}{name}": getattr(q, name) if q else None for name in _SIDE_FIELDS}
    columns[f"{prefix}node"] = ref.node if ref else None
    return columns


def number_rows(d: PolicyDiff) -> list[dict[str, Any]]:
    """One plain dict per number change, the columns of :func:`numbers_frame`."""
    rows = []
    for c in d.numbers:
        either = c.new or c.old
        rows.append(
            {
                "change": c.change,
                "metric": c.metric,
                **_side(c.old, "old_"),
                **_side(c.new, "new_"),
                "unit": either.quantity.unit if either else "",
                "delta": c.delta,
                "relative": c.relative,
                "kind": either.quantity.kind if either else None,
            }
        )
    return rows


def numbers_frame(d: PolicyDiff) -> Any:
    """A pandas DataFrame with one row per number change (``pip install 'policydiff[pandas]'``).

    >>> from policydiff import diff, parse
    >>> frame = numbers_frame(diff(parse("村卫生室58.2万个。"), parse("村卫生室57万个。")))
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

    >>> from policydiff import diff, parse
    >>> old, new = parse("一、总体\\n甲。"), parse("一、总体\\n乙。\\n二、新增\\n丙。")
    >>> frame = nodes_frame(diff(old, new))
    >>> frame[["change", "new"]].values.tolist(), frame["old"].isna().tolist()
    ([['changed', '1'], ['added', '2']], [False, True])
    """
    return _frame(node_rows(d), NODE_COLUMNS)


#: The columns of :func:`timeline_frame`.
TIMELINE_COLUMNS = (
    "row",
    "metric",
    "year",
    "text",
    "low",
    "high",
    "unit",
    "as_of",
    "kind",
    "node",
    "qualifier",
    "measure",
)


def timeline_frame(timeline: Timeline) -> Any:
    """One row per (metric, year) with value, unit, as-of, kind and node (pandas)."""
    records = [
        {
            "row": number,
            "metric": row.metric,
            "year": year,
            **_side(cell, ""),
            "unit": cell.quantity.unit if cell else None,
            "kind": cell.quantity.kind if cell else None,
            "measure": row.measure,
        }
        for number, row in enumerate(timeline.rows)
        for year, cell in zip(timeline.years, row.cells, strict=True)
    ]
    return _pandas().DataFrame.from_records(records, columns=list(TIMELINE_COLUMNS))
