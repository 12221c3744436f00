"""Tests for tables downstream of the readers: cell labels and figures
(:func:`policydiff.extract.table_cells`), the table diff (:mod:`policydiff._diff._tables`) and
tables in every output.

Constructed tables follow the national templates: the disclosure report's 申请处理 table (three
header rows over three label columns, merged cells repeated at every position they cover), its
主动公开 table (sub-tables stacked in one grid), budget tables (类/款/项 codes before the subject's
name, 单位:元 in the caption, a 收支总表 with 收入 and 支出 side by side). The real files are the
Hongze disclosure reports 2023/2024 and the Putuo Wanli budgets 2023–2025 in ../shared.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydiff
from policydiff import diff, parse
from policydiff.extract import table_cells
from policydiff.model import Document, Table

from .conftest import SHARED, require

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

FORMATS = SHARED / "corpus" / "formats" / "pdf"
NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}


def _doc(*tables: Table, text: str = "一、总体情况\n全年公开1136条。") -> Document:
    return attrs.evolve(parse(text), tables=tuple(table_cells(t) for t in tables))


def _application(new_requests: str = "21", extra_row: bool = False) -> Table:
    """The 申请处理 table of a disclosure report, merged cells resolved."""
    rows = [
        (NOTE, NOTE, NOTE, "申请人情况", "申请人情况", "申请人情况"),
        (NOTE, NOTE, NOTE, "自然人", "法人或其他组织", "总计"),
        (NOTE, NOTE, NOTE, "自然人", "商业\n企业", "总计"),
        ("一、本年新收政府信息公开申请数量",) * 3 + (new_requests, "0", new_requests),
        ("三\n、\n本\n年\n度\n办\n理\n结\n果", "(三)不予公开", "1.属于国家秘密", "1", "0", "1"),
        (
            "三\n、\n本\n年\n度\n办\n理\n结\n果",
            "(三)不予公开",
            "2.其他法律行政法规禁止公开",
            *"000",
        ),
    ]
    if extra_row:
        rows.append(("四、结转下年度继续办理",) * 3 + ("2", "0", "2"))
    return Table("t2", tuple(rows), header_rows=1, header_cols=1, where="p.3")


# --- cells ------------------------------------------------------------------------------------


def test_merged_headers_give_row_and_column_labels() -> None:
    t = table_cells(_application())
    assert (t.header_rows, t.header_cols) == (3, 3)  # the reader said 1 and 1: refined
    cells = {(c.row, c.col): c for c in t.cells}
    assert len(t.cells) == 3 * 3
    secret = cells[4, 4]
    assert secret.row_label == "三、本年度办理结果/(三)不予公开/1.属于国家秘密"
    assert secret.col_label == "申请人情况/法人或其他组织/商业企业"
    assert secret.quantity is not None
    assert secret.quantity.metric == f"{secret.row_label} × {secret.col_label}"
    assert secret.quantity.kind == "actual"
    new = cells[3, 3]
    assert (new.row_label, new.col_label) == (
        "一、本年新收政府信息公开申请数量",
        "申请人情况/自然人",
    )
    assert new.quantity is not None and new.quantity.low == 21


def test_budget_codes_label_rows_and_the_caption_declares_the_unit() -> None:
    head = ("项目",) * 4 + ("收入预算", "收入预算")
    rows = (
        head,
        ("功能分类科目编码",) * 3 + ("功能分类科目名称", "合计", "财政拨款收入"),
        ("类", "款", "项", "功能分类科目名称", "合计", "财政拨款收入"),
        ("201", "", "", "一般公共服务支出", "2,976,800", "2,976,800"),
        ("201", "05", "06", "统计管理", "26,300", "—"),
        ("合计", "合计", "合计", "合计", "3,003,100", "2,976,800"),
    )
    t = table_cells(Table("t1", rows, caption="2023年部门收入预算总表 编制部门:某街道 单位:万元"))
    assert (t.header_rows, t.header_cols, t.unit) == (3, 4, "万元")
    by_place = {(c.row, c.col): c for c in t.cells}
    total = by_place[3, 4]
    assert total.row_label == "201/一般公共服务支出"
    assert total.col_label == "收入预算/合计"
    assert total.quantity is not None
    assert (total.quantity.low, total.quantity.unit, total.quantity.text) == (
        29_768_000_000.0,
        "元",
        "2,976,800万元",
    )
    assert by_place[4, 4].row_label == "201/05/06/统计管理"
    assert by_place[4, 5].quantity is None  # a dash states nothing
    assert by_place[5, 4].row_label == "合计"


def test_unit_from_the_column_header_and_a_cells_own_unit() -> None:
    t = table_cells(
        Table("t1", (("项目", "金额(万元)", "增幅"), ("收入", "12.5", "3.5%"), ("支出", "", "-")))
    )
    income, growth, spent, nothing = t.cells
    assert income.quantity is not None and growth.quantity is not None
    assert (income.quantity.low, income.quantity.unit) == (125000.0, "元")
    assert (growth.quantity.low, growth.quantity.unit) == (3.5, "%")
    assert spent.quantity is None and nothing.quantity is None


def test_side_by_side_income_and_spending_label_their_own_amounts() -> None:
    rows = (
        ("本年收入", "本年收入", "本年支出", "本年支出"),
        ("项目", "预算数", "项目", "预算数"),
        ("一、财政拨款收入", "164,978,640", "一、一般公共服务支出", "2,976,800"),
        ("二、事业收入", "", "二、公共安全支出", "1,252,300"),
        ("收入总计", "164,978,640", "支出总计", "164,978,640"),
    )
    t = table_cells(Table("t1", rows))
    labels = {(c.row_label, c.col_label) for c in t.cells}
    assert ("二、公共安全支出", "本年支出/预算数") in labels
    assert ("支出总计", "本年支出/预算数") in labels
    assert ("一、财政拨款收入", "本年收入/预算数") in labels
    assert len(t.cells) == 6  # the 支出 item column labels, it is no body cell


def test_stacked_sub_tables_and_a_figure_merged_across_columns() -> None:
    rows = (
        ("第二十条第(一)项",) * 4,
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "0", "0", "0"),
        ("第二十条第(五)项",) * 4,
        ("信息内容",) + ("本年处理决定数量",) * 3,
        ("行政许可",) + ("550",) * 3,
    )
    t = table_cells(Table("t1", rows))
    assert t.header_rows == 2
    assert [(c.row_label, c.col_label, c.text) for c in t.cells[-2:]] == [
        ("规章", "第二十条第(一)项/现行有效件数", "0"),
        ("行政许可", "第二十条第(五)项/本年处理决定数量", "550"),  # read once
    ]


def test_a_table_of_only_figures_has_no_row_labels() -> None:
    rows = (
        ("行政复议",) * 2 + ("行政诉讼",) * 2,
        ("结果维持", "总计", "结果维持", "总计"),
        ("10", "1", "0", "2020"),
    )
    t = table_cells(Table("t1", rows))
    assert t.header_cols == 0
    assert [c.quantity.low for c in t.cells if c.quantity] == [10, 1, 0, 2020]  # 2020 is a count
    assert t.cells[3].quantity is not None
    assert t.cells[3].quantity.metric == "行政诉讼/总计"


def test_a_table_of_texts_is_labelled_by_its_serial_number_and_name() -> None:
    rows = (
        ("序号", "登记类别", "收费标准"),
        ("1", "首次登记", "住宅类:80元/件"),
        ("2", "异议登记", "住宅类:40元/件"),
    )
    t = table_cells(Table("t1", rows, header_cols=0))
    assert [(c.row_label, c.col_label, c.text) for c in t.cells] == [
        ("1/首次登记", "收费标准", "住宅类:80元/件"),
        ("2/异议登记", "收费标准", "住宅类:40元/件"),
    ]
    new = Table("t1", (*rows[:2], ("2", "异议登记", "住宅类:50元/件")))
    (t_change,) = diff(_doc(Table("t1", rows)), _doc(new)).tables
    assert [(c.change, c.row_label) for c in t_change.cells if c.change != "unchanged"] == [
        ("changed", "2/异议登记")
    ]


def test_read_attaches_tables_with_their_cells(tmp_path: Path) -> None:
    from policydiff._api import _with_layout
    from policydiff._read import Loaded

    loaded = Loaded(
        "一、总则",
        "a.pdf",
        tables=(Table("t1", (("项目", "金额"), ("收入", "１２")), where="p.2"),),
    )
    doc = _with_layout(parse("一、总则"), loaded)
    (cell,) = doc.tables[0].cells
    assert cell.text == "12"  # full-width digits folded as in the text
    assert cell.quantity is not None and cell.quantity.metric == "收入 × 金额"


# --- diff -------------------------------------------------------------------------------------


def test_table_changes_are_number_changes_paired_by_row_and_column() -> None:
    d = diff(_doc(_application("21")), _doc(_application("95", extra_row=True)))
    (table,) = d.tables
    assert (table.change, table.old, table.new) == ("changed", "t2", "t2")
    assert table.added_rows == ("四、结转下年度继续办理",)
    changed = [c for c in table.cells if c.change == "changed"]
    assert {(c.col_label, c.delta) for c in changed} == {
        ("申请人情况/自然人", 74.0),
        ("申请人情况/总计", 74.0),
    }
    cells = [n for n in d.numbers if (n.new or n.old).node == "t2"]  # type: ignore[union-attr]
    assert sorted((n.change, n.delta) for n in cells) == [
        ("added", None),
        ("added", None),
        ("added", None),
        ("changed", 74.0),
        ("changed", 74.0),
    ]
    assert all(n.headline and n.confidence == 1.0 for n in cells if n.change == "changed")
    assert d.summary["tables"] == {"unchanged": 0, "changed": 1, "added": 0, "dropped": 0}
    assert d.summary["numbers"]["changed"] == 2


def test_added_column_and_reworded_row_label() -> None:
    old = Table("t1", (("项目", "金额(万元)"), ("行政规范性文件", "4"), ("收入", "5")))
    new = Table(
        "t1",
        (("项目", "金额(万元)", "上年金额(万元)"), ("规范性文件", "6", "4"), ("收入", "5", "5")),
    )
    d = diff(_doc(old), _doc(new))
    (t,) = d.tables
    assert t.added_cols == ("上年金额(万元)",)
    assert t.renamed == (("行政规范性文件", "规范性文件"),)
    assert t.added_rows == t.dropped_rows == ()
    (change,) = [n for n in d.numbers if n.change == "changed"]
    assert change.delta == 20000.0  # 4万元 → 6万元
    assert change.confidence is not None and 0.8 <= change.confidence < 1


def test_tables_pair_by_caption_and_labels_not_by_order() -> None:
    budget = Table("t1", (("项目", "预算数"), ("收入", "1")), caption="2023年部门收入预算总表")
    fees = Table("t2", (("项目", "金额"), ("收费", "7")), caption="行政事业性收费")
    moved = attrs.evolve(fees, key="t1")
    d = diff(
        _doc(budget, fees),
        _doc(moved, attrs.evolve(budget, key="t2", caption="2024年部门收入预算总表")),
    )
    assert [(t.change, t.old, t.new) for t in d.tables] == [
        ("unchanged", "t2", "t1"),
        ("unchanged", "t1", "t2"),
    ]
    lone = diff(_doc(budget), _doc(budget, fees))
    assert [(t.change, t.old, t.new) for t in lone.tables] == [
        ("unchanged", "t1", "t1"),
        ("added", None, "t2"),
    ]


def test_an_empty_cell_and_a_zero_are_no_change() -> None:
    d = diff(
        _doc(Table("t1", (("项目", "事业收入"), ("合计", "")))),
        _doc(Table("t1", (("项目", "事业收入"), ("合计", "0")))),
    )
    assert d.is_empty


def test_self_diff_is_empty_and_the_reverse_mirrors() -> None:
    a, b = _doc(_application("21")), _doc(_application("95", extra_row=True))
    assert diff(a, a).is_empty
    assert all(t.change == "unchanged" for t in diff(a, a).tables)
    forward, backward = diff(a, b), diff(b, a)
    assert [(MIRROR[t.change], t.new, t.old, t.dropped_rows) for t in backward.tables] == [
        (t.change, t.old, t.new, t.added_rows) for t in forward.tables
    ]
    assert {
        (MIRROR[c.change], c.new and c.new.node, c.old and c.old.node, c.delta and -c.delta)
        for c in backward.numbers
    } == {(c.change, c.old and c.old.node, c.new and c.new.node, c.delta) for c in forward.numbers}
    assert forward.to_json() == diff(a, b).to_json()


labels = st.sampled_from(["收入", "支出", "合计", "其他", "行政许可", "行政处罚"])
values = st.sampled_from(["", "0", "1", "12.5", "—", "3,000"])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    cols = draw(st.lists(labels, min_size=1, max_size=3, unique=True))
    rows = draw(st.lists(labels, min_size=1, max_size=4, unique=True))
    grid = [("项目", *cols)] + [(row, *(draw(values) for _ in cols)) for row in rows]
    return Table("t1", tuple(grid), caption=draw(st.sampled_from(["", "收支表"])))


def _pairs(d: policydiff.PolicyDiff) -> list[tuple[str, object, object, float | None]]:
    """Every cell change by its change, its old and new place and its delta."""

    def at(cell: policydiff.TableCell | None) -> object:
        return None if cell is None else (cell.row, cell.col)

    return sorted(
        ((c.change, at(c.old), at(c.new), c.delta) for t in d.tables for c in t.cells),
        key=repr,
    )


@given(tables(), tables())
def test_table_diff_invariants(a: Table, b: Table) -> None:
    old, new = _doc(a), _doc(b)
    assert diff(old, old).is_empty
    forward, backward = diff(old, new), diff(new, old)
    mirrored = sorted(
        (MIRROR[change], after, before, None if delta is None else -delta + 0.0)
        for change, before, after, delta in _pairs(backward)
    )
    assert sorted(_pairs(forward), key=repr) == sorted(mirrored, key=repr)
    # every body cell of either table appears once
    cells = sum(len(t.cells) for t in (*old.tables, *new.tables))
    both = sum(1 for t in forward.tables for c in t.cells if c.old and c.new)
    assert sum(len(t.cells) for t in forward.tables) == cells - both


# --- outputs ----------------------------------------------------------------------------------


def test_every_output_shows_the_table_changes() -> None:
    old = _doc(_application("21"), Table("t9", (("项目", "金额"), ("收费", "7")), where="p.9"))
    d = diff(old, _doc(_application("95", extra_row=True)))
    data = json.loads(d.to_json())
    errors = list(jsonschema.Draft202012Validator(policydiff.schema("diff")).iter_errors(data))
    assert errors == []
    assert [t["change"] for t in data["tables"]] == ["changed", "dropped"]
    document = json.loads(policydiff.render.document_json(d.new))
    problems = jsonschema.Draft202012Validator(policydiff.schema("document")).iter_errors(document)
    assert list(problems) == []
    (table,) = document["tables"]
    assert (table["key"], table["where"], table["header_rows"], table["header_cols"]) == (
        "t2",
        "p.3",
        3,
        3,
    )
    assert table["cells"][0]["row_label"] == "一、本年新收政府信息公开申请数量"
    assert data["summary"]["tables"]["dropped"] == 1
    md = d.to_markdown()
    assert (
        "## Tables" in md
        and "| 一、本年新收政府信息公开申请数量 | 申请人情况/自然人 | 21 | 95 | +74 (+352.4%) |"
        in md
    )
    assert (
        "t2 (p.3)" in md
        and "rows added: 四、结转下年度继续办理" in md
        and "t9 (p.9) (dropped)" in md
    )
    text = d.to_text()
    assert (
        "Tables" in text and "一、本年新收政府信息公开申请数量 × 申请人情况/自然人: 21 → 95" in text
    )
    html = d.to_html()
    assert 'id="tables"' in html and "<td>申请人情况/自然人</td>" in html
    rich = pytest.importorskip("rich.console")
    console = rich.Console(width=160, color_system=None)
    with console.capture() as captured:
        console.print(d)
    assert "申请人情况/自然人" in captured.get()


def test_texts_without_tables_render_as_before() -> None:
    d = diff(parse("一、总则\n村卫生室58.2万个。"), parse("一、总则\n村卫生室57万个。"))
    assert d.tables == ()
    assert "Tables" not in d.to_markdown() and "Tables" not in d.to_text()
    assert json.loads(d.to_json())["tables"] == []


# --- the real files ---------------------------------------------------------------------------


def _read(name: str) -> Document:
    return policydiff.read(require(FORMATS / name))


def _cell(d: policydiff.PolicyDiff, row: str, col: str) -> tuple[str, str]:
    for t in d.tables:
        for c in t.cells:
            if c.row_label.endswith(row) and c.col_label.endswith(col) and c.old and c.new:
                return c.old.text, c.new.text
    raise AssertionError(f"no pair at {row} × {col}")


def test_hongze_disclosure_2023_2024() -> None:
    old, new = _read("hongze_disclosure_2023.pdf"), _read("hongze_disclosure_2024.pdf")
    d = diff(old, new)
    pairs = [c for t in d.tables for c in t.cells if c.old and c.new]
    assert len(pairs) == sum(len(t.cells) for t in new.tables) == 186
    # hand-checked against the two PDFs
    assert _cell(d, "行政许可", "第二十条第(五)项/本年处理决定数量") == ("550", "9487")
    assert _cell(d, "行政事业性收费", "本年收费金额(单位:万元)") == ("7730.28", "7545")
    assert _cell(d, "一、本年新收政府信息公开申请数量", "申请人情况/总计") == ("21", "95")
    assert _cell(d, "1.本机关不掌握相关政府信息", "申请人情况/自然人") == ("10", "31")
    assert _cell(d, "行政规范性文件", "现行有效件数") == ("5", "8")
    assert _cell(d, "", "复议后起诉/总计") == ("0", "3")
    numbers = [n for n in d.numbers if n.new and n.new.node.startswith("t")]
    assert len(numbers) == 30 and all(n.change == "changed" and n.old for n in numbers)
    assert diff(new, new).is_empty


def test_budget_totals_pair_across_three_years() -> None:
    years = [_read(f"putuo_wanli_dept_budget_{y}.pdf") for y in (2023, 2024, 2025)]
    totals = []
    for old, new in itertools.pairwise(years):
        d = diff(old, new)
        totals.append(_cell(d, "收入总计", "本年收入/预算数"))
        assert _cell(d, "支出总计", "本年支出/预算数") == totals[-1]
        assert _cell(d, "合计", "一般公共预算支出/合计") == totals[-1]
    assert totals == [("164,978,640", "156,211,123"), ("156,211,123", "189,767,551")]
