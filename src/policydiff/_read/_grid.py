"""Table grids shared by the Word and web-page readers: merged cells resolved, headers guessed.

- :func:`resolve` — cells given with their row and column spans to a full rectangular grid, a
  merged cell's text at every position it covers.
- :func:`header_counts` — how many leading rows label the columns and how many leading columns
  label the rows.
- :func:`looks_like_data` — whether a grid is a data table rather than a page-layout table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["Cell", "header_counts", "is_number", "looks_like_data", "resolve"]

#: A cell as a reader finds it: ``(text, row span, column span)``. A span of 0 or less is 1.
Cell = tuple[str, int, int]

#: Spans beyond this are taken as this: a ``colspan="100000"`` must not make a huge grid.
MAX_SPAN = 1000
#: The most positions a grid may have; a table whose spans would make more is no grid of
#: values (:func:`resolve` raises ``ValueError``, and the reader reads its cells as text).
MAX_CELLS = 1_000_000

_NUMBER = re.compile(r"^[-+−]?[\d,，.．]+\s*[%％‰万亿元个件次人项户套]*$")


def resolve(rows: Sequence[Sequence[Cell]]) -> tuple[tuple[str, ...], ...]:
    """The rectangular grid of rows of ``(text, rowspan, colspan)`` cells: each cell's text at
    every position it spans, positions that no cell covers ``""``.

    >>> resolve([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)]])
    (('a', 'b', 'b'), ('a', 'c', 'd'))

    Raises ``ValueError`` when the grid would hold more than :data:`MAX_CELLS` positions.
    """
    taken: dict[tuple[int, int], str] = {}
    height = len(rows)
    area = sum(
        min(max(rowspan, 1), MAX_SPAN, height - r) * min(max(colspan, 1), MAX_SPAN)
        for r, row in enumerate(rows)
        for _, rowspan, colspan in row
    )
    if area > MAX_CELLS:
        raise ValueError(f"a table of {area} positions is too large to be a grid")
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            down = min(max(rowspan, 1), MAX_SPAN, height - r)
            across = min(max(colspan, 1), MAX_SPAN)
            for dr in range(down):
                for dc in range(across):
                    taken.setdefault((r + dr, c + dc), text)
            c += across
    width = max((c + 1 for _, c in taken), default=0)
    if width * height > MAX_CELLS:
        raise ValueError(f"a table of {width} × {height} positions is too large to be a grid")
    return tuple(tuple(taken.get((r, c), "") for c in range(width)) for r in range(height))


def is_number(text: str) -> bool:
    """Whether a cell states a bare figure (``164,978,640``, ``0.00``, ``12%``)."""
    return bool(_NUMBER.match(text.strip())) and any(ch.isdigit() for ch in text)


def header_counts(grid: Sequence[Sequence[str]], *, marked_rows: int = 0) -> tuple[int, int]:
    """``(header rows, header columns)`` of a grid.

    ``marked_rows`` is the number of leading rows the file marks as headers (Word's repeated
    header rows, HTML ``<thead>``/``<th>`` rows). Otherwise the header rows are the leading
    rows holding no bare figure, and the header columns the leading columns holding none below
    the header rows; each at least 1 and less than the grid's size, so a body remains. A grid
    with no figure at all has one header row and one header column.

    >>> header_counts([("项目", "2023", "2024"), ("收入", "1", "2"), ("支出", "3", "4")])
    (1, 1)
    >>> header_counts([("", "支出", "支出"), ("项目", "基本", "项目"), ("合计", "5", "6")])
    (2, 1)
    """
    height = len(grid)
    width = max((len(row) for row in grid), default=0)
    if height < 2 or width < 2:
        return (min(max(marked_rows, 1), height), min(1, width))
    numeric = [[is_number(cell) for cell in row] for row in grid]
    if not any(any(row) for row in numeric):
        return (min(max(marked_rows, 1), height - 1), 1)
    rows = marked_rows
    while rows < height - 1 and not any(numeric[rows]):
        rows += 1
    rows = max(rows, 1)
    cols = 0
    while cols < width - 1 and not any(
        numeric[r][cols] for r in range(rows, height) if cols < len(numeric[r])
    ):
        cols += 1
    return (rows, max(cols, 1))


def looks_like_data(cells_per_row: Sequence[int]) -> bool:
    """Whether a table is a grid of values, from how many cells (as the file gives them,
    before spans are resolved) each of its rows has: at least two rows, and at least half of
    them split into two or more cells, filled or not (a blank report template is a grid). A
    table of one row or one column frames text or lays out a page.

    >>> looks_like_data([2, 2, 1]), looks_like_data([1, 1, 2]), looks_like_data([4])
    (True, False, False)
    """
    if len(cells_per_row) < 2:
        return False
    return sum(1 for n in cells_per_row if n >= 2) * 2 >= len(cells_per_row)
