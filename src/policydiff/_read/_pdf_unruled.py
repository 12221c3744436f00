"""Tables drawn without ruling lines: columns that whitespace alone sets apart.

:func:`find_unruled` finds, among the characters of a page that no ruled table took, runs of
lines split by the same wide vertical gaps (gutters that no character of any of the lines
crosses), and reads each as a :class:`~policydiff._read._pdf_tables.FoundTable`: a row a line,
a column between each two gutters, so the rest of the PDF reader (captions, header rows and
columns, labels, a table cut by a page break) treats it as a ruled one. A heading line at the
top may straddle columns (``预算数`` over ``2023年 | 2024年``: a merged cell); a line in one
part under a cell of text is that cell wrapped (``一般公共预算财政`` / ``拨款收入``) unless it
opens a numbered item (``一、收入``: a section row).

Precision comes first: a false table takes prose out of the running text, which is worse than
a table read as lines. So a run is a table only when it has :data:`MIN_ROWS` rows or more, all
of them split by a gap of at least :data:`GAP` character widths (justified Chinese text has
none; ``第一条　为了`` has one character's), and either a column of figures beside a column of
labels, or :data:`MIN_TEXT_COLUMNS` columns of short cells. A run whose cells end sentences
(two columns of prose), hold dot leaders or page numbers (a contents page), only words or
names (a list of members set in columns) or mostly the names of bodies (the signatures of a
joint notice) is text.

pdfplumber's own ``text`` table strategy (``vertical_strategy="text"``) was tried first: it
takes every page of prose for a table, the left margin and the justified right one read as the
edges of one column (the 2023 Dazhou notice, p.2: a table of 31 rows and 1 column; the same on
every page tried of the Beijing 地震预警 rules, the 2021 Shanghai notice and the Hongze report),
so the guards would have to be written here anyway, on top of pdfminer's slower reading.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from ._pdf_tables import Cell, FoundTable, cell_text, numeric
from ._pdf_text import Char, is_page_number

__all__ = ["GAP", "MIN_ROWS", "MIN_TEXT_COLUMNS", "find_unruled"]

#: Two parts of a line are in different columns when at least this many character widths
#: of blank separate them (a full-width space after an article number is one).
GAP = 1.5
#: The fewest lines an unruled table has (two lines split alike are a signature block).
MIN_ROWS = 3
#: Without a column of figures, a table needs this many columns of short cells.
MIN_TEXT_COLUMNS = 3
#: A cell longer than this (characters) is prose, in a table without figures.
SHORT_CELL = 16
#: A table without figures has some cell longer than this (characters): cells this short
#: throughout are names or words set in columns.
SHORT_WORD = 4
#: Lines of a table are at most this many character heights apart.
ROW_GAP = 1.5

_NUMBERED = re.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.．](?!\d))"
)
_LEADERS = re.compile(r"[.…·．。\-_]{3,}|…")
_SENTENCE_END = re.compile(r"[。；;！!？?]$")


class _Row(NamedTuple):
    """One line of a page: its characters (indexes into the page's) left to right, the
    parts its wide gaps split it into (``(x0, x1)`` each), its box and font size."""

    chars: tuple[int, ...]
    text: str
    parts: tuple[tuple[float, float], ...]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


def _rows(chars: Sequence[Char], free: Sequence[int]) -> list[_Row]:
    """The lines of the characters ``free`` (indexes into ``chars``), top to bottom, grouped
    as :func:`~policydiff._read._pdf_text.lines_of` groups them."""
    ordered = sorted(free, key=lambda i: (chars[i].top + chars[i].bottom) / 2)
    groups: list[list[int]] = []
    band = (0.0, -1.0)
    for i in ordered:
        char = chars[i]
        middle = (char.top + char.bottom) / 2
        if groups and (
            band[0] <= middle <= band[1] or char.top <= (band[0] + band[1]) / 2 <= char.bottom
        ):
            groups[-1].append(i)
            band = (min(band[0], char.top), max(band[1], char.bottom))
        else:
            groups.append([i])
            band = (char.top, char.bottom)
    rows: list[_Row] = []
    for group in groups:
        visible = sorted(
            (i for i in group if not chars[i].text.isspace()), key=lambda i: chars[i].x0
        )
        if not visible:
            continue
        sizes = sorted(chars[i].size for i in visible)
        size = sizes[(len(sizes) - 1) // 2]
        parts: list[tuple[float, float]] = []
        for i in visible:
            char = chars[i]
            if parts and char.x0 - parts[-1][1] < GAP * size:
                parts[-1] = (parts[-1][0], max(parts[-1][1], char.x1))
            else:
                parts.append((char.x0, char.x1))
        rows.append(
            _Row(
                tuple(visible),
                "".join(chars[i].text for i in visible),
                tuple(parts),
                parts[0][0],
                min(chars[i].top for i in visible),
                max(x1 for _, x1 in parts),
                max(chars[i].bottom for i in visible),
                size,
            )
        )
    return rows


def _gutters(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """The blank stretches across all ``rows`` between their leftmost and rightmost text, at
    least half a character wide."""
    size = min(row.size for row in rows)
    spans = sorted(part for row in rows for part in row.parts)
    gutters: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= size / 2:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return gutters


def _close(above: _Row, below: _Row) -> bool:
    """Whether ``below`` can be the next line of a table whose line ``above`` is: the same
    font size, and close below it."""
    return (
        abs(below.size - above.size) <= 0.2 * above.size
        and below.top - above.bottom <= ROW_GAP * above.size
    )


def _runs(rows: Sequence[_Row]) -> list[list[_Row]]:
    """Runs of consecutive lines split into two parts or more, of one font size and close
    below one another, with :data:`MIN_ROWS` such lines or more. A line in one part between
    two split ones is kept in the run (a label or a cell wrapped onto a second line, a
    section row); :func:`_table` decides what it is."""
    runs: list[list[_Row]] = []
    current: list[_Row] = []
    for k, row in enumerate(rows):
        split = len(row.parts) >= 2 and not is_page_number(row.text)
        follows = bool(current) and _close(current[-1], row)
        if split and follows:
            current.append(row)
            continue
        if (
            not split
            and follows
            and not is_page_number(row.text)
            and k + 1 < len(rows)
            and len(rows[k + 1].parts) >= 2
            and _close(row, rows[k + 1])
        ):
            current.append(row)
            continue
        runs.append(current)
        current = [row] if split else []
    runs.append(current)
    for run in runs:
        while run and len(run[-1].parts) < 2:
            run.pop()
    return [run for run in runs if sum(len(row.parts) >= 2 for row in run) >= MIN_ROWS]


def _is_table(grid: Sequence[Sequence[str]]) -> bool:
    """Whether the cells of a candidate run read as a table (see the module's text)."""
    cells = [text for row in grid for text in row if text]
    split = sum(1 for row in grid if len({text for text in row if text}) >= 2)
    if split * 3 < 2 * len(grid) or any(_LEADERS.search(text) for text in cells):
        return False
    columns = len(grid[0])
    figures = 0
    for c in range(1, columns):
        values = [row[c] for row in grid if row[c]]
        if len(values) >= 2 and sum(map(numeric, values)) * 3 >= 2 * len(values):
            figures += 1
    labels = [row[0] for row in grid if row[0]]
    if figures and labels and not all(map(numeric, labels)):
        # Labels beside figures: the labels must be labels, not sentences, and the figures
        # no page numbers (a contents page without dot leaders).
        return not any(_SENTENCE_END.search(text) for text in labels) and not _contents(grid)
    return (
        columns >= MIN_TEXT_COLUMNS
        and all(len(text) <= SHORT_CELL for text in cells)
        and not any(_SENTENCE_END.search(text) for text in cells)
        # words or names set in columns (a list of members), bodies side by side (the
        # signatures of a joint notice): no table
        and any(len(text) > SHORT_WORD for text in cells)
        and sum(bool(_ORGANISATION.search(text)) for text in cells) * 2 < len(cells)
    )


_ORGANISATION = re.compile(
    r"(?:政府|委员会|委|办公厅|办公室|办|局|厅|部|署|院|中心|银行|总部|分行|会|处|室)$"
)


def _contents(grid: Sequence[Sequence[str]]) -> bool:
    """Whether a grid of two columns is a contents page: headings beside page numbers that
    never go down."""
    if len(grid[0]) != 2:
        return False
    pages = [row[1] for row in grid if row[1]]
    if not all(text.isdigit() and len(text) <= 4 for text in pages):
        return False
    numbers = [int(text) for text in pages]
    return numbers == sorted(numbers)


def _head(chars: Sequence[Char], run: Sequence[_Row]) -> int:
    """How many lines at the top of ``run`` are column headings that straddle the columns
    below them (``预算数（万元）`` over ``2023年 | 2024年``): the fewest top lines (at most
    two, holding no figure) without which the rest of the run has more gutters."""
    split = [row for row in run if len(row.parts) >= 2]
    base = len(_gutters(split))
    for head in (1, 2):
        body = [row for row in run[head:] if len(row.parts) >= 2]
        if len(body) < MIN_ROWS:
            break
        texts = [
            "".join(chars[i].text for i in row.chars if x0 <= chars[i].x0 <= x1)
            for row in run[:head]
            for x0, x1 in row.parts
        ]
        if len(_gutters(body)) > base and not any(map(numeric, texts)):
            return head
    return 0


def _columns(xs: Sequence[float], x0: float, x1: float) -> tuple[int, int]:
    """The first and last columns (between the edges ``xs``) that ``x0``–``x1`` covers."""
    inner = xs[1:-1]
    return sum(1 for x in inner if x < x0), sum(1 for x in inner if x < x1)


def _table(chars: Sequence[Char], run: Sequence[_Row]) -> FoundTable | None:
    head = _head(chars, run)
    gutters = _gutters([row for row in run[head:] if len(row.parts) >= 2])
    if not gutters:
        return None
    xs = [min(r.x0 for r in run), *((a + b) / 2 for a, b in gutters), max(r.x1 for r in run)]
    width = len(xs) - 1
    # Each line's parts as (first column, last column, characters); a part that straddles a
    # gutter below the heading lines makes the run no table (prose across the columns).
    lines: list[list[tuple[int, int, list[Char]]]] = []
    for r, row in enumerate(run):
        parts: list[tuple[int, int, list[Char]]] = []
        for i in row.chars:
            char = chars[i]
            c0, c1 = _columns(xs, char.x0 + 0.1 * char.size, char.x1 - 0.1 * char.size)
            if parts and (char.x0 - parts[-1][2][-1].x1 < GAP * row.size or c0 <= parts[-1][1]):
                first, last, members = parts[-1]
                parts[-1] = (first, max(last, c1), [*members, char])
            else:
                parts.append((c0, c1, [char]))
        if r >= head and any(first != last for first, last, _ in parts):
            return None
        lines.append(parts)
    # A line in one part, in one column, under a cell of text, that opens no numbered item:
    # that cell wrapped onto a second line.
    rows: list[list[tuple[int, int, list[Char]]]] = []
    extents: list[tuple[float, float]] = []
    for r, parts in enumerate(lines):
        row = run[r]
        if rows and len(parts) == 1 and r > head and len(run[r].parts) == 1:
            first, _, members = parts[0]
            above = next((p for p in rows[-1] if p[0] == first), None)
            text = cell_text(members)
            if above is not None and not numeric(cell_text(above[2])) and not _NUMBERED.match(text):
                rows[-1] = [
                    (a, b, [*m, *members]) if a == first else (a, b, m) for a, b, m in rows[-1]
                ]
                extents[-1] = (extents[-1][0], row.bottom)
                continue
        rows.append(parts)
        extents.append((row.top, row.bottom))
    ys = [extents[0][0]]
    ys += [(above[1] + below[0]) / 2 for above, below in itertools.pairwise(extents)]
    ys.append(extents[-1][1])
    cells: list[Cell] = []
    grid = [["" for _ in range(width)] for _ in rows]
    for r, parts in enumerate(rows):
        covered: set[int] = set()
        for first, last, members in parts:
            text = cell_text(members)
            cells.append(Cell(xs[first], ys[r], xs[last + 1], ys[r + 1], text))
            for c in range(first, last + 1):
                grid[r][c] = text
                covered.add(c)
        cells += [
            Cell(xs[c], ys[r], xs[c + 1], ys[r + 1], "") for c in range(width) if c not in covered
        ]
    if not _is_table(grid):
        return None
    taken = frozenset(i for row in run for i in row.chars)
    return FoundTable((xs[0], ys[0], xs[-1], ys[-1]), tuple(cells), taken)


def find_unruled(chars: Sequence[Char], taken: frozenset[int] = frozenset()) -> list[FoundTable]:
    """The tables without ruling lines among the characters of a page not in ``taken`` (the
    ruled tables' characters), top to bottom."""
    free = [i for i in range(len(chars)) if i not in taken]
    found = []
    for run in _runs(_rows(chars, free)):
        table = _table(chars, run)
        if table is not None:
            found.append(table)
    return found
