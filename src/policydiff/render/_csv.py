"""CSV: every CSV that policydiff writes, with cells a spreadsheet reads as data.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or
a carriage return) as a formula: ``=HYPERLINK("http://…")`` in a document's text would become a
link in the analyst's workbook, ``+cmd|' /C calc'!A0`` a command ("CSV injection"). Each such
text cell gets a leading ``'``, as OWASP recommends, so that it is shown as the text it is.

- :func:`csv_cell` — one cell, neutralized.
- :func:`csv_rows` — rows of cells as CSV.
- :func:`csv_records` — records (dicts) under a header of columns as CSV.
- :func:`diff_csv` — a diff's number changes as CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import PolicyDiff

__all__ = ["csv_cell", "csv_records", "csv_rows", "diff_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# A signed decimal, with an exponent or a percent sign: what a spreadsheet reads as a number,
# never as a formula, so ``-2.1``, ``+3`` and ``-5%`` stay as they are.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?\Z")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet will not run: a text that starts like a
    formula gets a leading ``'``; numbers, and texts that are a plain number, stay as they are.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell("@SUM(A1)"), csv_cell("-1+1")
    ('\\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-1+1")
    >>> csv_cell("-2.1"), csv_cell("+3"), csv_cell(-2.1), csv_cell("村卫生室"), csv_cell(None)
    ('-2.1', '+3', -2.1, '村卫生室', None)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_rows(rows: Iterable[Sequence[Any]]) -> str:
    """Rows of cells as CSV (``None`` is an empty cell), every cell through :func:`csv_cell`.

    >>> print(csv_rows([["metric", "2024"], ["=1+1", "-2.1"]]), end="")
    metric,2024
    '=1+1,-2.1
    >>> csv_rows([["a\\rb", "c"]])
    '"a\\rb",c\\n'
    """
    # The csv module quotes a field for the characters of its line terminator only (Python
    # 3.11), so a cell holding a lone "\r" would break its row: each row is written ending in
    # "\r\n", and given the "\n" our files end their lines with.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def csv_records(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Records as CSV: a header of ``columns``, then one row per record with its values in
    those columns (a missing one empty, any other key left out).

    >>> records = [{"metric": "@SUM(", "low": 1.5, "note": "x"}]
    >>> print(csv_records(records, ["metric", "low"]), end="")
    metric,low
    '@SUM(,1.5
    """
    return csv_rows([columns, *([record.get(c) for c in columns] for record in records)])


def diff_csv(d: PolicyDiff) -> str:
    """A diff's number changes as CSV, one row each, the columns of
    :func:`~policydiff.render.numbers_frame` (``policydiff diff --format csv``).

    >>> from policydiff import diff, parse
    >>> lines = diff_csv(diff(parse("村卫生室58.2万个。"), parse("村卫生室57万个。"))).splitlines()
    >>> lines[0].split(",")[:6], lines[1].split(",")[:6]
    (['change', 'metric', 'old_text', 'new_text', 'old_low', 'old_high'], \
['changed', '村卫生室', '58.2万个', '57万个', '582000.0', '582000.0'])
    """
    from ._frames import NUMBER_COLUMNS, number_rows

    return csv_records(number_rows(d), NUMBER_COLUMNS)
