"""Tables flattened into lines: units declared in a header, labels of the cells below."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from decimal import Decimal

from ._lexicon import (
    _CELL_SPACE,
    _COLUMN_HEADER,
    _DECLARED_UNIT,
    _LABEL_MAX,
    _LABEL_STOP,
    _MAGNITUDES,
    _NOUN_UNITS,
    _PARENS,
)
from ._terms import _is_han, _normal_unit, _Term


def _is_cell(text: str, term: _Term) -> bool:
    """Whether ``term`` is a table cell: a bare number with white space or a line end around it."""
    if term.unit or term.word is not None:
        return False
    if not all(ch in "0123456789.," for ch in text[term.start : term.end]):
        return False  # 3032.17万 has a magnitude; 5-10 is a range
    before = text[term.start - 1] if term.start > 0 else "\n"
    after = text[term.end] if term.end < len(text) else "\n"
    return before in _CELL_SPACE and after in _CELL_SPACE


def _declared_units(text: str, terms: list[_Term], cells: Sequence[int]) -> list[_Term]:
    """``terms`` with the unit a table header declares applied to the cells below it.

    ``本年收费金额(单位:万元)`` … ``7730.28`` is 77,302,800 元. A declaration holds until the
    next one or the end of the table (a sentence end: prose again). Two declarations that
    differ with no cell between them head different columns: which cell is in which column is
    lost in the flattened text, so neither is applied.
    """
    declared = _declarations(text)
    if not declared:
        return terms
    starts = [terms[i].start for i in cells]
    result = list(terms)
    k = 0
    while k < len(declared):
        # a group: declarations with no cell between them
        group_end = k + 1
        while group_end < len(declared) and bisect.bisect_left(
            starts, declared[group_end][0]
        ) == bisect.bisect_left(starts, declared[k][1]):
            group_end += 1
        units = {(unit, magnitude) for _, _, unit, magnitude in declared[k:group_end]}
        scope_start = declared[group_end - 1][1]
        scope_end = declared[group_end][0] if group_end < len(declared) else len(text)
        line_end = text.find("\n", scope_start, scope_end)  # 金额单位:万元。 ends its own line
        stop = -1 if line_end < 0 else text.find("。", line_end, scope_end)
        scope_end = scope_end if stop < 0 else stop
        k = group_end
        if len(units) != 1:
            continue
        ((unit, magnitude),) = units
        scale = _MAGNITUDES[magnitude] if magnitude else Decimal(1)
        for j in range(bisect.bisect_left(starts, scope_start), len(starts)):
            term = terms[cells[j]]
            if term.start >= scope_end:
                break
            result[cells[j]] = term._replace(
                low=float(Decimal(repr(term.low)) * scale),
                high=float(Decimal(repr(term.high)) * scale),
                unit=_normal_unit(unit),
            )
    return result


def _declarations(text: str) -> list[tuple[int, int, str, str | None]]:
    """The unit declarations of table headers in ``text``: start, end, unit and magnitude."""
    declared = []
    for m in _DECLARED_UNIT.compiled.finditer(text):
        if m["punit"] is not None:
            before = text[m.start() - 1] if m.start() > 0 else "\n"
            if m["punit"] in _NOUN_UNITS or not (_is_han(before) or before in _CELL_SPACE):
                continue  # 9省(区) names a noun; a bracket in prose is not a header
        unit = m["unit"] or m["punit"] or m["cunit"]
        declared.append((m.start(), m.end(), unit, m["mag"] or m["pmag"] or m["cmag"]))
    return declared


def _cell_labels(text: str, terms: Sequence[_Term], cells: Sequence[int]) -> dict[int, str]:
    """Metrics for table cells from the row labels above them, where the pairing is sure.

    A flattened table lists its labels, then its cells: ``行政处罚⏎行政强制⏎4119⏎195``. The
    labels after the last column header (``本年处理决定数量``) pair with the cells below them
    when there are exactly as many of them as cells; any other count means several columns
    (``规章⏎行政规范性文件⏎0⏎0⏎0⏎5⏎0⏎5``), whose reading order the text no longer shows, so
    those cells keep an empty metric.
    """
    by_start = {terms[i].start: i for i in cells}
    labels: dict[int, str] = {}
    pending: list[str] = []  # label lines since the last cell or the last line of prose
    run: list[int] = []

    def pair() -> None:
        headers = [k for k, label in enumerate(pending) if _is_column_header(label)]
        rows = pending[headers[-1] + 1 :] if headers else pending
        if len(rows) == len(run):
            labels.update(zip(run, rows, strict=True))

    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = position + len(line) - len(line.lstrip())
        position += len(line) + 1
        if not stripped:
            continue
        cell = by_start.get(start)
        if cell is not None and terms[cell].end - start == len(stripped):
            run.append(cell)
            continue
        if run:
            pair()
            run, pending = [], []
        if _LABEL_MAX >= len(stripped) >= 2 and not any(
            ch.isdigit() or ch in _LABEL_STOP for ch in stripped
        ):
            pending.append(stripped)
        else:
            pending = []
    if run:
        pair()
    return labels


def _is_column_header(label: str) -> bool:
    """Whether a label names a column (``金额(万元)``, a header cell ``万元``), not a row."""
    return bool(_declarations(label)) or _COLUMN_HEADER.search(_PARENS.sub("", label)) is not None
