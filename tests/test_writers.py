"""Tests for the Word and Excel writers (``to_docx``, ``to_xlsx``, ``--format docx|xlsx``):
each file is opened with the library an analyst's tools would use and its content checked."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import docx as python_docx
import openpyxl
import pytest

from policydiff import PolicyDiff, diff, parse, read, render
from policydiff.render._docx import DELETED, INSERTED

from .conftest import SAMPLES

NHC = ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt")


@pytest.fixture(scope="module")
def nhc() -> PolicyDiff:
    return diff(read(SAMPLES / NHC[0]), read(SAMPLES / NHC[1]))


def word(data: bytes) -> Any:
    return python_docx.Document(io.BytesIO(data))


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def runs(document: Any) -> list[Any]:
    """Every run of the document, in its paragraphs and in its tables' cells."""
    found = [r for p in document.paragraphs for r in p.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [r for p in cell.paragraphs for r in p.runs]
    return found


def test_docx_has_the_headline_table_with_the_village_clinics(nhc: PolicyDiff) -> None:
    document = word(nhc.to_docx())
    assert document.paragraphs[0].text.startswith("What changed: ")
    headline = next(t for t in document.tables if rows(t)[0][:4] == ["Metric", "Old", "New",
                                                                      "Change"])  # fmt: skip
    village = next(r for r in rows(headline) if r[0] == "村卫生室")
    assert village[1:4] == ["58.2万个", "57万个", "-1.2万个 (-2.1%)"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Headline figures", "新旧对照表", "Changed sections"} <= set(headings)


def test_docx_side_by_side_table_puts_old_beside_new(nhc: PolicyDiff) -> None:
    document = word(nhc.to_docx())
    index = [p.text for p in document.paragraphs].index("新旧对照表")
    body = document.element.body
    after = list(body).index(document.paragraphs[index]._p) + 1
    table = next(t for t in document.tables if list(body).index(t._tbl) == after)
    grid = rows(table)
    assert len(grid[0]) == 2
    assert grid[0][0].startswith("(2024年)") and "2025-06-30" in grid[0][1]
    changed = [n for n in nhc.nodes if n.change != "unchanged"]
    assert len(grid) == 1 + len(changed)
    # A new section has its old cell empty; a dropped one its new cell.
    for row, n in zip(grid[1:], changed, strict=True):
        assert (row[0] == "") == (n.old is None) and (row[1] == "") == (n.new is None)


def test_docx_redline_strikes_red_and_underlines_green(nhc: PolicyDiff) -> None:
    found = runs(word(nhc.to_docx()))
    struck = [r for r in found if r.font.strike]
    inserted = [r for r in found if r.font.underline]
    assert struck and inserted
    assert all(str(r.font.color.rgb) == DELETED for r in struck)
    assert all(str(r.font.color.rgb) == INSERTED for r in inserted)
    assert "58.2万" in {r.text for r in struck} and "57万" in {r.text for r in inserted}


def test_xlsx_sheets_hold_numbers_sections_and_sentences(nhc: PolicyDiff) -> None:
    book = workbook(nhc.to_xlsx())
    assert book.sheetnames[:2] == ["Summary", "Numbers"]
    assert {"Sections", "Sentences"} <= set(book.sheetnames)
    numbers = book["Numbers"]
    header = [c.value for c in numbers[1]]
    records = [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in numbers.iter_rows(min_row=2)
    ]
    assert len(records) == len(nhc.numbers)
    village = next(r for r in records if r["metric"] == "村卫生室")
    assert (village["old"], village["new"], village["delta"]) == ("58.2万个", "57万个", -12000)
    assert village["headline"] is True
    assert book["Sections"].max_row == 1 + len(nhc.nodes)
    assert book["Sentences"].max_row == 1 + len(nhc.measures)
    for sheet in book:
        assert sheet.freeze_panes == "A2"
    # Chinese text gets a readable width: a Han character counts two.
    widths = {c: numbers.column_dimensions[c].width for c in "DE"}
    assert widths["D"] >= 2 * len("培训基层卫生骨干")


def test_xlsx_writes_formula_like_text_as_text() -> None:
    d = diff(parse("一、总则\n=HYPERLINK(\"http://x\")合计58.2万个。"),
             parse("一、总则\n=HYPERLINK(\"http://x\")合计57万个。"))  # fmt: skip
    book = workbook(render.xlsx(d))
    cells = [c for row in book["Sections"].iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" for c in texts)


def test_writers_drop_characters_xml_cannot_hold() -> None:
    d = diff(parse("一、总则\n甲\x0b乙58.2万个。"), parse("一、总则\n甲\x00乙57万个。"))
    assert "甲乙" in "".join(r.text for r in runs(word(d.to_docx())))
    assert any("甲乙" in str(c.value) for row in workbook(d.to_xlsx())["Sections"].iter_rows()
               for c in row)  # fmt: skip


def test_writers_give_the_same_bytes_on_every_run(nhc: PolicyDiff) -> None:
    first = (nhc.to_docx(), nhc.to_xlsx())
    time.sleep(1.1)  # the zip format and the files' properties date to the second
    assert (nhc.to_docx(), nhc.to_xlsx()) == first


def test_to_docx_and_to_xlsx_write_to_a_path(nhc: PolicyDiff, tmp_path: Path) -> None:
    target = tmp_path / "out" / "changelog.docx"
    data = nhc.to_docx(target)
    assert target.read_bytes() == data
    sheet = tmp_path / "changes.xlsx"
    assert nhc.to_xlsx(str(sheet)) == sheet.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changes.xlsx", "out"]


def test_table_cell_sheet_appears_when_the_diff_has_tables(nhc: PolicyDiff) -> None:
    assert "Table cells" not in workbook(nhc.to_xlsx()).sheetnames
    if not hasattr(nhc, "tables"):
        pytest.skip("diffs do not compare tables yet")
    from policydiff.model import CellChange, TableCell, TableChange

    cell = CellChange("changed", "一般公共预算", "2024年", TableCell(1, 1, "10", "一般公共预算",
                      "2023年"), TableCell(1, 1, "12", "一般公共预算", "2024年"), 2.0, 0.2)  # fmt: skip
    table = TableChange("changed", "t1", "t1", "收支表", "收支表", "p.3", "p.4", 1.0, (cell,))
    book = workbook(render.xlsx(__import__("attrs").evolve(nhc, tables=(table,))))
    sheet = book["Table cells"]
    values = [c.value for c in sheet[2]]
    assert values[:2] == ["收支表", "t1"] and values[3] == "p.3 → p.4"
    assert values[4:9] == ["changed", "一般公共预算", "2024年", "10", "12"]


def test_docx_lists_the_changed_cells_of_each_table(nhc: PolicyDiff) -> None:
    from policydiff.model import CellChange, TableCell, TableChange

    old = TableCell(1, 1, "10", "一般公共预算", "2023年")
    new = TableCell(1, 1, "12", "一般公共预算", "2024年")
    cell = CellChange("changed", "一般公共预算", "金额", old, new, 2.0, 0.2)
    table = TableChange("changed", "t1", "t1", "收支表", "收支表", "p.3", "p.3", 1.0, (cell,))
    document = word(render.docx(__import__("attrs").evolve(nhc, tables=(table,))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Tables" in headings and "t1 (p.3) 收支表 (changed)" in headings
    grid = next(rows(t) for t in document.tables if rows(t)[0] == ["Row", "Column", "Old", "New",
                                                                    "Change"])  # fmt: skip
    assert grid[1][:4] == ["一般公共预算", "金额", "10", "12"]


def test_docx_opens_with_the_digest_and_rolls_renames_up() -> None:
    from policydiff.render._digest import digest

    from .conftest import CORPUS, require

    d = diff(
        read(require(CORPUS / "shanghai_social_assistance_reg_2018.txt")),
        read(require(CORPUS / "shanghai_social_assistance_reg_2024.txt")),
    )
    texts = [p.text for p in python_docx.Document(io.BytesIO(d.to_docx())).paragraphs]
    assert texts.index("Digest") < texts.index("Headline figures")
    assert digest(d).summary in texts
    assert "低收入困难家庭 → 最低生活保障边缘家庭: 13 places" in texts
