"""Ruled tables of a PDF page: the ruling lines drawn on it, as a grid of cell texts.

- :func:`page_edges` — the horizontal and vertical ruling lines of a pypdfium2 page (stroked
  lines, thin filled rectangles, the sides of rectangles), as pdfplumber edge records.
- :func:`find_tables` — pdfplumber's table finder (merge the edges, intersect them, cells,
  tables) run on those edges, each table's cells laid on one grid with the characters inside
  them: :class:`FoundTable`.

pdfplumber finds the cells; pdfium, not pdfminer, reads the page: pdfminer parses content
streams in Python, 7 s for the 35 pages of a department budget, where pdfium takes 0.3 s.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from ._pdf_text import Char, is_cjk, join_parts, lines_of

__all__ = [
    "Cell",
    "FoundTable",
    "cell_text",
    "continues",
    "fill_header_gaps",
    "find_tables",
    "grid",
    "header_shape",
    "join_tables",
    "numeric",
    "page_edges",
    "repeated_header",
]

#: Lines closer than this (points) are one line; shorter ones are no ruling.
SNAP = 3.0
#: A path at most this thick (points) is a ruling line, not a box.
THIN = 3.0

Edge = dict[str, Any]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class Cell(NamedTuple):
    """A cell's box and text."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


class FoundTable(NamedTuple):
    """A ruled table on one page: its box, its cells and the indexes of the page's characters
    it took."""

    box: Box
    cells: tuple[Cell, ...]
    taken: frozenset[int]


def _edge(x0: float, top: float, x1: float, bottom: float) -> Edge:
    horizontal = bottom - top <= x1 - x0
    if horizontal:
        y = (top + bottom) / 2
        return {
            "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
            "orientation": "h", "object_type": "line",
        }  # fmt: skip
    x = (x0 + x1) / 2
    return {
        "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
        "orientation": "v", "object_type": "line",
    }  # fmt: skip


def page_edges(page: pypdfium2.PdfPage) -> list[Edge]:
    """The ruling lines of ``page``: each path object's bounding box read as one line when it
    is thin (a stroked line, a filled hairline rectangle), as its four sides when it is a
    stroked rectangle; other shapes (curves, polygons, filled boxes) are no ruling.

    The page's objects are walked through pdfium's C interface: pypdfium2's ``get_objects``
    makes a Python object of every text object too, 0.9 s of the 35-page budget. Paths
    inside form XObjects are not read (none of the corpus files draws its rules in one).
    """
    height = page.get_height()
    edges: list[Edge] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw = page.raw
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
        if y1 - y0 <= THIN or x1 - x0 <= THIN:
            edges.append(_edge(x0, y0, x1, y1))
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if not stroke.value or pdfium_c.FPDFPath_CountSegments(obj) > 5:
            # A filled box is shading (the hongze reports put one behind every line of
            # prose, which would read as a one-column table of the prose), not a frame.
            continue
        for side in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
            edges.append(_edge(*side))
    return edges


def _levels(values: Sequence[float]) -> list[float]:
    """Distinct coordinates, those within :data:`SNAP` of each other taken as one."""
    levels: list[float] = []
    for value in sorted(values):
        if not levels or value - levels[-1] > SNAP:
            levels.append(value)
    return levels


def _index(levels: Sequence[float], value: float) -> int:
    """The index of the level nearest ``value``."""
    i = bisect.bisect_left(levels, value)
    if i == len(levels) or (i > 0 and value - levels[i - 1] < levels[i] - value):
        return i - 1
    return i


def cell_text(chars: Sequence[Char]) -> str:
    """The text of one cell: its lines joined as one paragraph (a cell wraps its text), with
    no space between CJK characters (justified or letter-spaced text), nor inside a figure
    (``41 19`` where a justified cell spreads ``4119``)."""
    text = join_parts([line.text for line in lines_of(chars)])
    text = re.sub(r"(?<=\S) +(?=\S)", _space, text)
    if re.fullmatch(r"[-+]?[\d,.%]+(?: [\d,.%]+)+", text):
        text = text.replace(" ", "")
    return text


def _space(match: re.Match[str]) -> str:
    text = match.string
    before, after = text[match.start() - 1], text[match.end()]
    return "" if is_cjk(before) or is_cjk(after) else " "


def _levels_of(boxes: Sequence[Box]) -> tuple[list[float], list[float]]:
    xs = _levels([v for box in boxes for v in (box[0], box[2])])
    ys = _levels([v for box in boxes for v in (box[1], box[3])])
    return xs, ys


def _positions(xs: Sequence[float], ys: Sequence[float], box: Box) -> list[tuple[int, int]]:
    c0, c1 = _index(xs, box[0]), _index(xs, box[2])
    r0, r1 = _index(ys, box[1]), _index(ys, box[3])
    return [(r, c) for r in range(r0, max(r1, r0 + 1)) for c in range(c0, max(c1, c0 + 1))]


def grid(cells: Sequence[Cell]) -> tuple[tuple[str, ...], ...]:
    """The rows of a table made of ``cells``: one column between each two distinct vertical
    cell edges, one row between each two horizontal ones, a merged cell's text at every
    position it covers."""
    xs, ys = _levels_of([cell[:4] for cell in cells])
    rows = [["" for _ in range(len(xs) - 1)] for _ in range(len(ys) - 1)]
    covered: set[tuple[int, int]] = set()
    for cell in cells:
        for r, c in _positions(xs, ys, cell[:4]):
            rows[r][c] = cell.text
            covered.add((r, c))
    # The gap between two pages' parts of a table is covered by no cell.
    keep_rows = sorted({r for r, _ in covered})
    keep_cols = sorted({c for _, c in covered})
    return tuple(tuple(rows[r][c] for c in keep_cols) for r in keep_rows)


def _closing_edges(edges: Sequence[Edge]) -> list[Edge]:
    """Horizontal lines that close a table cut by a page break: where two or more vertical
    lines end at the same height with no horizontal line there (the last row of a page whose
    bottom rule is drawn on the next page), a line joining their ends."""
    horizontal = [e for e in edges if e["orientation"] == "h"]

    def closed(x: float, y: float) -> bool:
        return any(
            abs(h["top"] - y) <= SNAP and h["x0"] - SNAP <= x <= h["x1"] + SNAP for h in horizontal
        )

    ends: dict[int, list[float]] = {}
    for e in edges:
        if e["orientation"] != "v":
            continue
        for y in (e["top"], e["bottom"]):
            if not closed(e["x0"], y):
                ends.setdefault(round(y / SNAP), []).append(e["x0"])
    return [
        _edge(min(xs), key * SNAP, max(xs), key * SNAP)
        for key, xs in ends.items()
        if len(xs) >= 2 and max(xs) - min(xs) > SNAP
    ]


def _with_holes(boxes: list[Box], xs: Sequence[float], ys: Sequence[float]) -> list[Cell]:
    """``boxes`` as empty cells, and after them the stretches of the grid that no box covers
    (one a column and a run of rows: a merged cell whose closing line is on the next page)."""
    cells = [Cell(*box, "") for box in boxes]
    covered = {rc for box in boxes for rc in _positions(xs, ys, box)}
    rows = len(ys) - 1
    for c in range(len(xs) - 1):
        r = 0
        while r < rows:
            if (r, c) in covered:
                r += 1
                continue
            start = r
            while r < rows and (r, c) not in covered:
                r += 1
            cells.append(Cell(xs[c], ys[start], xs[c + 1], ys[r], ""))
    return cells


def find_tables(edges: list[Edge], chars: Sequence[Char]) -> list[FoundTable]:
    """The ruled tables that ``edges`` draw, top to bottom, with the text of ``chars`` in
    their cells (a character goes to the cell its middle is in).

    A table needs at least two columns: a single ruled box (a framed note) is text. A single
    row is returned too (it may be the rest of a table a page break cut). A stretch of the
    grid that no ruled cell covers (a merged cell whose closing line is on the next page) is
    a cell too, so no text inside a table's frame falls out of it.
    """
    if len(edges) < 4:
        return []
    merged = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    merged = [e for e in merged if max(e["width"], e["height"]) >= SNAP]
    merged += _closing_edges(merged)
    boxes_found = intersections_to_cells(edges_to_intersections(merged, SNAP, SNAP))
    taken: set[int] = set()
    found: list[FoundTable] = []
    for group in cells_to_tables(boxes_found):
        boxes: list[Box] = [(float(a), float(b), float(c), float(d)) for a, b, c, d in group]
        xs, ys = _levels_of(boxes)
        if len(xs) < 3 or len(ys) < 2:
            continue
        cells = _with_holes(boxes, xs, ys)
        owner = {rc: k for k, cell in enumerate(cells) for rc in _positions(xs, ys, cell[:4])}
        members: dict[int, list[Char]] = {}
        mine: set[int] = set()
        for i, char in enumerate(chars):
            x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
            if i in taken or not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
                continue
            c = min(bisect.bisect_right(xs, x) - 1, len(xs) - 2)
            r = min(bisect.bisect_right(ys, y) - 1, len(ys) - 2)
            k = owner.get((r, c))
            if k is not None:
                members.setdefault(k, []).append(char)
                mine.add(i)
        cells = [cell._replace(text=cell_text(members.get(k, []))) for k, cell in enumerate(cells)]
        taken |= mine
        found.append(FoundTable((xs[0], ys[0], xs[-1], ys[-1]), tuple(cells), frozenset(mine)))
    found.sort(key=lambda t: (t.box[1], t.box[0]))
    return found


def continues(before: FoundTable, after: FoundTable) -> bool:
    """Whether ``after`` (at the top of a page) continues ``before`` (at the bottom of the
    page before): the same left and right edges."""
    return (
        abs(before.box[0] - after.box[0]) <= 2 * SNAP
        and abs(before.box[2] - after.box[2]) <= 2 * SNAP
    )


def repeated_header(before: Sequence[Cell], after: FoundTable) -> int | None:
    """How many header rows of the table of ``before`` cells ``after`` repeats at its top, if
    ``after`` goes on with that table: none (it goes straight on with body rows) or all of
    them (a header printed on every page). ``None`` when it repeats only some: it is another
    table that starts like the last one (one 绩效目标 form a page, each opening with the same
    title row but another project)."""
    head, tail = grid(before), grid(after.cells)
    repeated = 0
    while repeated < min(len(head), len(tail)) - 1 and head[repeated] == tail[repeated]:
        repeated += 1
    if repeated and repeated < header_shape(head)[0]:
        return None
    return repeated


def join_tables(
    before: Sequence[Cell], after: FoundTable, *, gap: float, repeated: int = 0
) -> tuple[Cell, ...]:
    """The cells of a table that a page break cut: ``after``'s cells set below ``before``'s
    (``gap`` points further down), without the ``repeated`` header rows at its top (the
    header is read once, from the first page).

    Cells that the break cut are joined (:func:`_split_row`, :func:`_split_label`): a row
    whose text runs on in the first row of ``after`` (the rest of its cells empty) is one row;
    a numbered label cut in two (``（四）无`` / ``法提供``) is one label on both pages. A label
    cut by the break (a merged row label whose text is all on the first page) holds its text
    on both sides: an empty cell at the top of ``after`` takes the text (not a figure) of the
    cell at the bottom of ``before`` with the same left and right edges."""
    shift = max(cell.bottom for cell in before) + gap - after.box[1]
    moved = [
        cell._replace(top=cell.top + shift, bottom=cell.bottom + shift) for cell in after.cells
    ]
    if repeated:
        ys = _levels([v for cell in moved for v in (cell.top, cell.bottom)])
        moved = [cell for cell in moved if cell.top >= ys[repeated] - SNAP]
    out = list(before)
    bottom = max(cell.bottom for cell in before)
    moved = _split_row(out, moved, bottom)
    _split_label(out, moved, bottom)
    _split_merged(out, moved, bottom)
    top = min((cell.top for cell in moved), default=0.0)
    cut = [
        cell
        for cell in out
        if abs(cell.bottom - bottom) <= SNAP and cell.text and not numeric(cell.text)
    ]
    for cell in moved:
        if abs(cell.top - top) <= SNAP and not cell.text:
            for upper in cut:
                if _same_column(upper, cell):
                    cell = cell._replace(text=upper.text)
                    break
        out.append(cell)
    return tuple(out)


#: A numbered label or item: ``（四）``, ``四、``, ``3.``, ``第三条``.
_NUMBERED = re.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节条款项])"
)
#: The end of a sentence or clause: a cell that ends so was not cut in the middle.
_ENDED = re.compile(r"[。；;！!？?]\s*$")
_SENTENCE_ENDED = re.compile(r"[。！!？?]\s*$")


def _same_column(a: Cell, b: Cell) -> bool:
    return abs(a.x0 - b.x0) <= SNAP and abs(a.x1 - b.x1) <= SNAP


def _above(out: Sequence[Cell], cell: Cell, bottom: float) -> int | None:
    """The index in ``out`` of the cell ending at ``bottom`` in the column of ``cell``."""
    for k, upper in enumerate(out):
        if abs(upper.bottom - bottom) <= SNAP and _same_column(upper, cell):
            return k
    return None


def _split_row(out: list[Cell], moved: list[Cell], bottom: float) -> list[Cell]:
    """``moved`` without its first row when that row only carries on the text of the last
    row of ``out`` (whose cells are given the rest of their text, in place): the row's first
    cell is empty, some other cell too, it holds no figure, and each of its filled cells goes
    on with a cell of text above it that ends in mid-sentence and does not open a numbered
    item. (A row of ``after`` that starts a new record has its key in the first cell, or a
    figure, or a numbered label.)"""
    if not moved:
        return moved
    top = min(cell.top for cell in moved)
    first = sorted((c for c in moved if abs(c.top - top) <= SNAP), key=lambda c: c.x0)
    ys = _levels([v for cell in moved for v in (cell.top, cell.bottom)])
    if len(ys) < 2 or any(abs(c.bottom - ys[1]) > SNAP for c in first):
        return moved  # a cell there runs on down: no row of its own to fold
    filled = [c for c in first if c.text]
    if not filled or first[0].text or len(filled) == len(first):
        return moved
    joins: list[tuple[int, str]] = []
    for cell in filled:
        k = _above(out, cell, bottom)
        if k is None or numeric(cell.text) or _NUMBERED.match(cell.text):
            return moved
        upper = out[k].text
        if not upper or numeric(upper) or _ENDED.search(upper):
            return moved
        joins.append((k, join_parts([upper, cell.text])))
    for k, text in joins:
        out[k] = out[k]._replace(text=text)
    gone = set(first)
    return [cell for cell in moved if cell not in gone]


def _split_label(out: list[Cell], moved: list[Cell], bottom: float) -> None:
    """A numbered label that the break cut in two (``（四）无`` at the bottom of one page,
    ``法提供`` at the top of the next, beside figures) given its whole text on both sides, in
    place: the upper part opens with a number and does not end a sentence, the lower part is
    text that opens with none, in a row that holds figures."""
    if not moved:
        return
    top = min(cell.top for cell in moved)
    first = [c for c in moved if abs(c.top - top) <= SNAP]
    if not any(numeric(c.text) for c in first if c.text):
        return
    for j, cell in enumerate(moved):
        if cell not in first or not cell.text or numeric(cell.text):
            continue
        k = _above(out, cell, bottom)
        if k is None or _NUMBERED.match(cell.text):
            continue
        upper = out[k].text
        if not _NUMBERED.match(upper) or _ENDED.search(upper) or upper == cell.text:
            continue
        text = join_parts([upper, cell.text])
        out[k] = out[k]._replace(text=text)
        moved[j] = cell._replace(text=text)


def _rows_within(cells: Sequence[Cell], top: float, bottom: float) -> int:
    """How many rows of the grid of ``cells`` lie between ``top`` and ``bottom``."""
    edges = [v for c in cells for v in (c.top, c.bottom) if top - SNAP <= v <= bottom + SNAP]
    return len(_levels(edges)) - 1


def _split_merged(out: list[Cell], moved: list[Cell], bottom: float) -> None:
    """Merged cells that the break cut, given their whole text on both sides, in place.

    At the top of ``moved``, an empty cell under a label shows that its rows go on with the
    label's group (the label is printed on the first page only). A cell of text beside it
    spanning the same rows is the rest of the cell above it, when that one ends no sentence,
    it opens no numbered item (``…设备和材`` / ``料``), and the two are merged
    cells of the group: the empty cell runs over two rows or more, or the cell above spans
    the same two rows or more as the label (a cell of one row beside a label of one row on
    each side may be a row of its own)."""
    if not moved:
        return
    top = min(cell.top for cell in moved)
    first = [c for c in moved if abs(c.top - top) <= SNAP]
    groups: list[tuple[Cell, Cell]] = []  # (the empty cell, the label above it)
    for cell in first:
        k = _above(out, cell, bottom)
        if not cell.text and k is not None and out[k].text and not numeric(out[k].text):
            groups.append((cell, out[k]))
    for j, cell in enumerate(moved):
        if cell not in first or not cell.text or numeric(cell.text) or _NUMBERED.match(cell.text):
            continue
        k = _above(out, cell, bottom)
        if k is None:
            continue
        upper = out[k]
        # A clause cut at its semicolon goes on too (…依照前款规定予以处罚； / 构成犯罪的…).
        if not upper.text or numeric(upper.text) or _SENTENCE_ENDED.search(upper.text):
            continue
        if upper.text == cell.text or not any(
            abs(empty.bottom - cell.bottom) <= SNAP
            and (
                _rows_within(moved, empty.top, empty.bottom) >= 2
                or (
                    abs(label.top - upper.top) <= SNAP
                    and _rows_within(out, label.top, label.bottom) >= 2
                )
            )
            for empty, label in groups
        ):
            continue
        text = join_parts([upper.text, cell.text])
        out[k] = upper._replace(text=text)
        moved[j] = cell._replace(text=text)


_NUMBER = re.compile(r"[-+]?[\d,，]*\.?\d+\s*%?")


def numeric(text: str) -> bool:
    """Whether a cell holds a bare figure (``1,234``, ``-5.6``, ``12%``)."""
    return bool(_NUMBER.fullmatch(text.strip()))


def header_shape(rows: Sequence[Sequence[str]]) -> tuple[int, int]:
    """``(header rows, header columns)`` of a grid.

    Header rows are the leading rows without a bare number, up to a row blank beyond its
    first column (at least one, and at least one row left for the body); in a table without
    figures, the banner rows (one text across the row) and the row after them. Header columns run
    up to the first column whose body cells are mostly bare numbers that follows a column of
    text: code columns (``201 05 06``) before a name column label the row with it; a table
    with no figures has one header column.
    """
    count = len(rows)
    header_rows = 0
    while (
        header_rows < count - 1
        and not any(numeric(t) for t in rows[header_rows] if t)
        and any(rows[header_rows][1:])
    ):
        header_rows += 1
    if header_rows == count - 1 and not any(numeric(t) for t in rows[-1] if t):
        # No figures at all (a table of text, 编码 | 违法行为 | ...): the banner rows (one
        # text across the row, a section title) and the one row after them.
        header_rows = 0
        while header_rows < count - 2 and len({t for t in rows[header_rows] if t}) <= 1:
            header_rows += 1
        header_rows += 1
    header_rows = max(1, min(header_rows, count - 1)) if count > 1 else 0
    body = rows[header_rows:]
    width = max((len(r) for r in rows), default=0)
    seen_text = False
    for col in range(width):
        values = [r[col] for r in body if col < len(r) and r[col].strip()]
        mostly_numbers = bool(values) and sum(map(numeric, values)) * 2 >= len(values)
        if mostly_numbers and seen_text:
            return header_rows, col
        if values and not mostly_numbers:
            seen_text = True
    return header_rows, min(1, width)


def fill_header_gaps(
    rows: Sequence[Sequence[str]], header_rows: int, header_cols: int
) -> tuple[tuple[str, ...], ...]:
    """``rows`` with the empty header cells that a stray rule split off a merged column header
    given that header's text.

    A run of empty cells in a header row belongs to the non-empty cell beside it when the
    header cell below straddles the two (the 2024 Hongze report draws a rule through 行政诉讼,
    leaving three of its columns under an empty cell, though 未经复议直接起诉 below runs
    across both parts).
    """
    out = [list(row) for row in rows]
    for r in range(max(header_rows - 1, 0)):
        row, below = out[r], out[r + 1]
        c = header_cols
        while c < len(row):
            if row[c]:
                c += 1
                continue
            end = c
            while end + 1 < len(row) and not row[end + 1]:
                end += 1
            text = ""
            if end + 1 < len(row) and below[end] and below[end] == below[end + 1]:
                text = row[end + 1]
            elif c > header_cols and below[c] and below[c] == below[c - 1]:
                text = row[c - 1]
            for k in range(c, end + 1):
                row[k] = text
            c = end + 1
    return tuple(tuple(row) for row in out)
