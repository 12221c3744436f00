"""Table cells: every body cell of a :class:`~policydiff.model.Table` with its labels and figure.

:func:`table_cells` reads a table a reader gave (merged cells already resolved: a merged
cell's text at every position it covers) into its :class:`~policydiff.model.TableCell` records:

1. *Figures.* A cell states a figure when its whole text is one number (``164,978,640``,
   ``-3.5``, ``12%``), or one quantity with its unit (``21件``, ``3.2万元``). An empty cell
   and a dash (``—``, ``-``, ``/``) state none.
2. *Header rows* are the leading rows with no figure: ``申请人情况 / 自然人 / 商业企业`` over
   the 申请处理 table's body, ``类 款 项`` under a budget table's header. A row whose only
   figures are years (``2023``, ``2024``) is a header row too. The reader's count is kept only
   for a table without any figure (nothing tells its labels from its body). Further down, a
   run of rows with no figure and no empty cell heads the rows below it instead: the
   disclosure template stacks sub-tables in one grid (``第二十条第(五)项`` / ``信息内容 |
   本年处理决定数量`` / ``行政许可 | 550``).
3. *Label columns* label the rows: text columns (most cells not figures), with the columns of
   bare codes before them (a budget table's ``类 款 项`` codes ``201 05 06`` before its
   ``功能分类科目名称``). The leading run of them is the table's header columns; a run further
   right labels the figures to its right: a budget 收支总表 sets 收入 items and amounts
   beside 支出 items and amounts, and a 支出 amount's row label is its 支出 item. A table
   of texts (no column of figures) is labelled by its first text column and the serial
   numbers before it (``序号 | 登记类别 | 收费标准``).
4. *Labels.* A cell's ``row_label`` is the texts of its row's label columns, its
   ``col_label`` the texts of its column's header rows, each joined with ``/``, empty texts
   skipped and a merged label (the same text again) said once (a figure merged across
   columns under one merged header is one cell, read once): ``三、本年度办理结果/(三)不予
   公开/1.属于国家秘密`` × ``申请人情况/法人或其他组织/商业企业``.
5. *Quantity.* The metric is ``row_label × col_label`` (either alone when the other is
   empty); the unit is the cell's own, else the one its column header declares
   (``本年收费金额(单位:万元)``, ``金额(万元)``), else the table's (``单位:万元`` in the
   caption, kept in :attr:`~policydiff.model.Table.unit`); a declared magnitude is applied
   (``7730.28`` under ``万元`` is 77,302,800 元) and the declared unit appended to the
   quantity's text (``7730.28万元``) so that it reads on its own. Its kind is ``actual``.

>>> from policydiff.model import Table
>>> t = table_cells(Table("t1", (("项目", "金额(万元)"), ("收入", "12.5"), ("支出", "—"))))
>>> [(c.row_label, c.col_label, c.quantity and c.quantity.low) for c in t.cells]
[('收入', '金额(万元)', 125000.0), ('支出', '金额(万元)', None)]
>>> t.cells[0].quantity.metric, t.cells[0].quantity.text, t.cells[0].quantity.unit
('收入 × 金额(万元)', '12.5万元', '元')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import attrs

from .._kernels import unit_class
from ..model import Quantity, Table, TableCell
from ._lexicon import _MAGNITUDES
from ._tables import _declarations
from ._terms import _normal_unit

__all__ = ["LEVEL_JOIN", "METRIC_JOIN", "cell_label", "table_cells"]

#: How a cell's row and column labels are joined into its quantity's metric.
METRIC_JOIN = " × "
#: How the levels of a multi-level label are joined (``支出/基本支出``).
LEVEL_JOIN = "/"

# A bare figure: a sign, digits (with thousands separators), decimals, a percent sign.
_BARE = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?P<pct>%|‰)?")
# A bare code: digits only, no separator, no decimals (201, 05): a budget subject's code.
_CODE = re.compile(r"\d{1,8}")
# A year standing alone as a column header.
_YEAR = re.compile(r"(?:19|20)\d\d")
# Cells that say "nothing here".
_NOTHING = frozenset({"", "-", "—", "——", "–", "/", "\\", "－", "…", "无", "不适用"})
# White space next to a Han character is a line break or padding of the PDF, not a space.
_HAN_SPACE = re.compile(r"\s+(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef])\s+")


def cell_label(text: str) -> str:
    """A cell's text as a label: line breaks and padding of a PDF taken out (``三\\n、\\n本``
    → ``三、本``, ``总 计`` → ``总计``), other runs of white space made one space.

    >>> cell_label("（二）部分公开（只计这一情 形，不\\n计其他情形）"), cell_label("Total  GDP")
    ('（二）部分公开（只计这一情形，不计其他情形）', 'Total GDP')
    """
    return " ".join(_HAN_SPACE.sub("", text).split())


def table_cells(table: Table) -> Table:
    """``table`` with its header rows and columns settled, its unit read from its caption and
    its body cells (:attr:`~policydiff.model.Table.cells`) filled, each with its labels and
    its figure (see the module's docstring for the rules). Never raises.

    >>> from policydiff.model import Table
    >>> t = table_cells(Table("t1", (("", "申请人情况", "申请人情况"), ("", "自然人", "法人"),
    ...                              ("新收申请", "21", "0")), caption="表一"))
    >>> t.header_rows, [(c.row_label, c.col_label, c.quantity.low) for c in t.cells]
    (2, [('新收申请', '申请人情况/自然人', 21.0), ('新收申请', '申请人情况/法人', 0.0)])
    """
    width = table.shape[1]
    grid = [tuple(cell_label(c) for c in row) + ("",) * (width - len(row)) for row in table.rows]
    figures = [[_is_figure(c) for c in row] for row in grid]
    header_rows = _header_rows(grid, figures, table.header_rows)
    # rows inside the body that head the rows below them (a template's stacked sub-tables)
    inner = {
        r
        for r in range(header_rows, len(grid))
        if not any(figures[r]) and all(c not in _NOTHING for c in grid[r])
    }
    body = [r for r in range(header_rows, len(grid)) if r not in inner]
    labels = _label_columns(grid, figures, body, width)
    header_cols = next((j for j in range(width) if j not in labels), width)
    if not any(any(row) for row in figures):
        header_cols = min(table.header_cols, width)
        labels = set(range(header_cols))
        inner, body = set(), list(range(header_rows, len(grid)))
    unit = table.unit or _caption_unit(table.caption)
    cells: list[TableCell] = []
    heads = list(range(header_rows))
    col_labels = [_join(grid[r][j] for r in heads) for j in range(width)]
    for r in range(header_rows, len(grid)):
        if r in inner:
            heads = [] if r - 1 not in inner else heads
            heads.append(r)
            col_labels = [_join(grid[h][j] for h in heads) for j in range(width)]
            continue
        row = grid[r]
        for j in range(width):
            if j in labels:
                continue
            merged = j > 0 and j - 1 not in labels and row[j] == row[j - 1]
            if merged and col_labels[j] == col_labels[j - 1]:
                continue  # one cell merged across columns under one merged header
            own = [k for k in range(j - 1, -1, -1) if k in labels]
            row_label = _join(row[k] for k in _run_before(own))
            quantity = _quantity(row[j], row_label, col_labels[j], unit)
            cells.append(TableCell(r, j, row[j], row_label, col_labels[j], quantity))
    return attrs.evolve(
        table,
        header_rows=header_rows,
        header_cols=header_cols,
        unit=unit,
        cells=tuple(cells),
    )


def _join(texts: Iterable[str]) -> str:
    """Label texts joined with ``/``: empty ones skipped, a repeated (merged) one said once."""
    parts: list[str] = []
    for text in texts:
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return LEVEL_JOIN.join(parts)


def _run_before(columns: list[int]) -> list[int]:
    """The nearest run of adjacent label columns, left to right (``columns`` descending)."""
    run: list[int] = []
    for k in columns:
        if run and k != run[-1] - 1:
            break
        run.append(k)
    return run[::-1]


def _is_figure(text: str) -> bool:
    return _parse(text) is not None


def _header_rows(grid: list[tuple[str, ...]], figures: list[list[bool]], given: int) -> int:
    """The leading rows with no figure (years excepted); ``given`` when no row has one."""
    if not any(any(row) for row in figures):
        return min(given, len(grid))
    count = 0
    for row, flags in zip(grid, figures, strict=True):
        if any(f and not _YEAR.fullmatch(text) for text, f in zip(row, flags, strict=True)):
            break
        count += 1
    return count


def _label_columns(
    grid: list[tuple[str, ...]], figures: list[list[bool]], body: list[int], width: int
) -> set[int]:
    """The columns that label rows: text columns, with the columns of codes just before
    them; a run of text columns with no figure column to its right is body (a notes
    column), not labels."""
    kinds: list[str] = []
    for j in range(width):
        texts = [grid[r][j] for r in body if grid[r][j] not in _NOTHING]
        numbers = sum(1 for r in body if figures[r][j])
        if not texts:
            kinds.append("empty")
        elif numbers * 2 < len(texts):
            kinds.append("text")
        elif all(_CODE.fullmatch(t) for r in body if figures[r][j] for t in (grid[r][j],)):
            kinds.append("code")  # 201, 05 (a 合计 row may say what its codes would)
        else:
            kinds.append("figure")
    labels: set[int] = set()
    # the leading run: codes (or empty columns) up to the first text column, and the text
    # columns right after it
    lead = 0
    while lead < width and kinds[lead] in ("code", "empty"):
        lead += 1
    first = lead if lead < width and kinds[lead] == "text" else 0
    for j in range(first, width):
        if kinds[j] != "text" or not _values_after(kinds, j):
            continue
        if j == lead:
            labels.update(range(lead))
        labels.add(j)
    if not labels and lead < width - 1 and kinds[lead] == "text":
        labels.update(range(lead + 1))  # a table of texts: 序号 and the item's name label it
    return labels


def _values_after(kinds: list[str], j: int) -> bool:
    """Whether a column has a column of figures (or bare counts) to its right."""
    return "figure" in kinds[j + 1 :] or "code" in kinds[j + 1 :]


def _caption_unit(caption: str) -> str:
    """The unit a caption declares (``单位:万元`` → ``万元``), ``""`` when none."""
    found = _declarations(unicodedata.normalize("NFKC", caption))
    if not found:
        return ""
    _, _, unit, magnitude = found[-1]
    return (magnitude or "") + unit


def _parse(text: str) -> tuple[Decimal, str] | None:
    """A figure cell's value and unit as written (``%`` or ``""``), ``None`` for any other."""
    if text in _NOTHING:
        return None
    plain = unicodedata.normalize("NFKC", text).replace(" ", "")
    m = _BARE.fullmatch(plain)
    if m is None:
        return None
    digits = plain[: m.start("pct")] if m["pct"] else plain
    try:
        value = Decimal(digits.replace(",", "").replace("−", "-"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    return value, m["pct"] or ""


def _quantity(text: str, row_label: str, col_label: str, declared: str) -> Quantity | None:
    """The figure of a body cell, or ``None``."""
    metric = METRIC_JOIN.join(x for x in (row_label, col_label) if x)
    parsed = _parse(text)
    if parsed is None:
        from . import quantities  # the package's reader, for a figure with its own unit

        plain = unicodedata.normalize("NFKC", text)
        found = quantities(plain)
        if len(found) != 1 or found[0].text.replace(" ", "") != plain.replace(" ", ""):
            return None
        q = found[0]
        return attrs.evolve(
            q, span=(0, len(text)), metric=metric, subject=metric, kind="actual", as_of=None
        )
    value, unit = parsed
    shown = text
    if not unit:
        header = _declarations(unicodedata.normalize("NFKC", col_label))
        unit_text = (header[-1][3] or "") + header[-1][2] if header else declared
        if unit_text:
            magnitude = next((m for m in _MAGNITUDES if unit_text.startswith(m)), "")
            value *= _MAGNITUDES[magnitude] if magnitude else Decimal(1)
            unit = _normal_unit(unit_text[len(magnitude) :])
            shown = text + unit_text
    number = float(value)
    return Quantity(
        text=shown,
        span=(0, len(text)),
        low=number,
        high=number,
        unit=unit,
        metric=metric,
        subject=metric,
        measure=_MEASURES.get(unit_class(unit), "count"),
    )


#: What a cell's figure measures, by the class of its unit.
_MEASURES = {"percent": "share", "money": "money"}
