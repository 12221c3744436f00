"""The PDF reader on the real files of ``../shared/corpus/formats/pdf`` and on small made-up
PDFs: text one paragraph a line, ruled tables as grids with their labels, page places,
the title only when the page bears it, and the files it must refuse."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

import policydiff
from policydiff._read._formats import Read
from policydiff._read._pdf import read_pdf
from policydiff._read._pdf_tables import fill_header_gaps, header_shape
from policydiff._read._pdf_text import Line, furniture, paragraphs
from policydiff.cli import main
from policydiff.errors import InputError
from policydiff.model import Table

from .conftest import CORPUS, require
from .pdf_maker import assemble

PDF = CORPUS / "formats" / "pdf"


@functools.cache
def _read(name: str) -> Read:
    return read_pdf(require(PDF / name).read_bytes(), source=name)


def _table(name: str, caption: str) -> Table:
    tables = [t for t in _read(name).tables if t.caption.startswith(caption)]
    assert len(tables) == 1, [t.caption for t in _read(name).tables]
    return tables[0]


def _cell(table: Table, row_label: Sequence[str], col_label: Sequence[str]) -> str:
    """The text of the body cell whose row labels (header columns) include every one of
    ``row_label`` and whose column labels (header rows) include every one of ``col_label``."""
    found = []
    for r in range(table.header_rows, len(table.rows)):
        labels = set(table.rows[r][: table.header_cols])
        if not all(label in labels for label in row_label):
            continue
        for c in range(table.header_cols, len(table.rows[r])):
            heads = {table.rows[h][c] for h in range(table.header_rows)}
            if all(label in heads for label in col_label):
                found.append(table.rows[r][c])
    assert len(found) == 1, (row_label, col_label, found)
    return found[0]


# --- the Hongze disclosure reports: the national template tables --------------------------


@pytest.mark.parametrize(
    ("year", "row", "col", "value"),
    [
        (2023, ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"], ["自然人"], "1"),
        (
            2023,
            ["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"],
            ["总计"],
            "10",
        ),
        (2023, ["一、本年新收政府信息公开申请数量"], ["法人或其他组织", "商业企业"], "0"),
        (2023, ["三、本年度办理结果", "（七）总计"], ["自然人"], "21"),
        (2024, ["三、本年度办理结果", "（一）予以公开"], ["自然人"], "50"),
        (2024, ["三、本年度办理结果", "（七）总计"], ["总计"], "95"),
        (
            2024,
            ["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"],
            ["自然人"],
            "31",
        ),
    ],
)
def test_hongze_application_table_cells_read_with_row_and_column_labels(
    year: int, row: list[str], col: list[str], value: str
) -> None:
    table = _table(f"hongze_disclosure_{year}.pdf", "三、收到和处理政府信息公开申请情况")
    assert (table.header_rows, table.header_cols) == (3, 3)
    assert table.shape == (26, 10)
    assert _cell(table, row, col) == value


def test_a_table_cut_by_a_page_break_is_one_table_with_its_merged_labels_on_both_pages() -> None:
    # The 申请处理 table runs from p.3 to p.4 in the 2023 report; its row label
    # 三、本年度办理结果 is printed once, on p.3, and (四)无法提供 spans the break.
    table = _table("hongze_disclosure_2023.pdf", "三、收到和处理政府信息公开申请情况")
    assert table.where == "p.3"
    cut = ["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"]
    assert _cell(table, cut, ["总计"]) == "0"
    assert (
        _cell(table, ["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"], ["自然人"])
        == "1"
    )
    assert table.rows[-1][0] == "四、结转下年度继续办理"


def test_hongze_review_and_litigation_table() -> None:
    table = _table("hongze_disclosure_2023.pdf", "四、政府信息公开行政复议、行政诉讼情况")
    assert table.shape == (4, 15)
    assert table.rows[0][:5] == ("行政复议",) * 5
    assert table.rows[3] == (
        "10",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "5",
        "0",
        "0",
        "0",
        "0",
    )
    assert table.rows[2][10] == "结果维持"
    assert table.rows[1][10] == "复议后起诉"


def test_table_text_is_not_in_the_running_text_but_its_caption_is() -> None:
    read = _read("hongze_disclosure_2023.pdf")
    assert "属于国家秘密" not in read.text
    assert "本年制发件数" not in read.text
    assert "三、收到和处理政府信息公开申请情况" in read.text.splitlines()
    assert [t.key for t in read.tables] == ["t1", "t2", "t3"]


def test_wrapped_lines_are_joined_and_numbered_lines_start_lines() -> None:
    lines = _read("hongze_disclosure_2023.pdf").text.splitlines()
    assert any(
        "根据《中华人民共和国政府信息公开条例》（国令第711号）" in line
        and line.endswith("电子邮箱：hzzwgk@126.com）。")
        for line in lines
    )
    assert "一、总体情况" in lines
    assert any(line.startswith("（二）依申请公开情况。") for line in lines)
    # 五、 opens p.4's text after the table and runs on to its last line.
    five = [line for line in lines if line.startswith("五、存在的主要问题及改进情况")]
    assert five == ["五、存在的主要问题及改进情况"]


def test_a_paragraph_runs_across_a_page_break_and_the_page_number_follows_it() -> None:
    # (三)政府信息管理情况 ends p.1 with 严格执行“分 and goes on at the top of p.2 with 级审核.
    read = _read("hongze_disclosure_2023.pdf")
    lines = read.text.splitlines()
    k = next(i for i, line in enumerate(lines) if "从严从实把好政治关" in line)
    assert lines[k].startswith("加强区政府门户网站") and lines[k].endswith(
        "未经审核的信息一律不准发布。"
    )
    assert lines[k + 1] == "-1-"  # kept; the text pipeline removes it with its reason
    assert {label: offset for offset, label in read.places}["p.2"] == read.text.index(
        "级审核、先审后发"
    )


def test_places_give_the_page_of_each_node() -> None:
    read = _read("hongze_disclosure_2023.pdf")
    assert [label for _, label in read.places] == ["p.1", "p.2", "p.3", "p.4", "p.5"]
    offsets = [offset for offset, _ in read.places]
    assert offsets == sorted(offsets) and offsets[0] == 0
    doc = policydiff.read(require(PDF / "hongze_disclosure_2023.pdf"))
    fees = [node.where for node in doc.walk() if "信息处理费管理办法" in node.text]
    assert fees == ["p.5"]
    assert {t.key: t.where for t in doc.tables} == {"t1": "p.2", "t2": "p.3", "t3": "p.4"}


def test_self_diff_of_the_2024_report_is_empty() -> None:
    path = require(PDF / "hongze_disclosure_2024.pdf")
    assert policydiff.diff(policydiff.read(path), policydiff.read(path)).is_empty


# --- the department budgets --------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "page", "income"),
    [(2023, 10, "164,978,640"), (2024, 10, "156,211,123"), (2025, 9, "189,767,551")],
)
def test_budget_summary_table_with_caption_unit_and_totals(
    year: int, page: int, income: str
) -> None:
    read = _read(f"putuo_wanli_dept_budget_{year}.pdf")
    table = read.tables[0]
    assert table.caption == f"{year}年部门财务收支预算总表"
    assert table.unit == "元"
    assert table.where == f"p.{page}"
    assert table.rows[0] == ("本年收入", "本年收入", "本年支出", "本年支出")
    total = [row for row in table.rows if row[0] == "收入总计"]
    assert total == [("收入总计", income, "支出总计", income)]


def test_budget_code_columns_label_the_rows_with_the_name_column() -> None:
    table = _table("putuo_wanli_dept_budget_2023.pdf", "2023年部门收入预算总表")
    assert (table.header_rows, table.header_cols) == (3, 4)
    assert _cell(table, ["201", "05", "06", "统计管理"], ["合计"]) == "26,300"


# --- files to refuse ----------------------------------------------------------------------


def test_scanned_pdf_is_refused_with_run_ocr() -> None:
    data = require(PDF / "foshan_talent_housing_notice_scanned.pdf").read_bytes()
    with pytest.raises(InputError, match=r"no text layer \(a scanned image.*run OCR first"):
        read_pdf(data, source="scan.pdf")


def test_junk_text_layer_is_refused() -> None:
    data = require(PDF / "beijing_gazette_excerpt_broken_text.pdf").read_bytes()
    with pytest.raises(InputError, match=r"text layer is junk.*no Unicode map.*OCR"):
        read_pdf(data, source="gazette.pdf")


def test_refusals_exit_2_with_one_line_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = require(PDF / "foshan_talent_housing_notice_scanned.pdf")
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no text layer" in err and len(err.splitlines()) == 1


def _pdf(*, trailer: bytes = b"", extra: bytes | None = None) -> bytes:
    """A one-page PDF without text, built by hand (``extra`` as object 4)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    if extra is not None:
        objects.append(extra)
    return assemble(objects, trailer)


def test_encrypted_pdf_is_refused_with_what_to_do() -> None:
    # The standard security handler with a user password: /U does not match the empty one.
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"cd" * 32)
    ident = b"<0123456789abcdef0123456789abcdef>"
    data = _pdf(trailer=b"/Encrypt 4 0 R /ID [%s %s] " % (ident, ident), extra=encrypt)
    with pytest.raises(InputError, match=r"encrypted with a password.*unprotected copy"):
        read_pdf(data, source="locked.pdf")


@pytest.mark.parametrize("cut", [9, 60, 200])
def test_damaged_pdf_is_refused(cut: int) -> None:
    data = require(PDF / "shanghai_housing_notice_2024.pdf").read_bytes()[: cut * 100]
    with pytest.raises(InputError, match=r"not a readable PDF.*damaged"):
        read_pdf(data, source="cut.pdf")


def test_blank_pdf_is_refused_as_having_no_text() -> None:
    with pytest.raises(InputError, match="no text: its 1 page"):
        read_pdf(_pdf(), source="blank.pdf")


def test_read_recognises_a_pdf_by_content_not_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(require(PDF / "shanghai_housing_notice_2024.pdf").read_bytes())
    doc = policydiff.read(path)
    assert any("限购1套住房" in node.text for node in doc.walk())


# --- title ------------------------------------------------------------------------------------


def test_title_is_taken_only_when_the_first_page_bears_it() -> None:
    assert _read("hongze_disclosure_2023.pdf").metadata == {
        "title": "洪泽区人民政府2023年政府信息公开工作年度报告"
    }
    # Stale Titles: 达州市“十三五”脱贫攻坚规划 on a 2023 notice, a 2020 one on a 2024 notice.
    assert "title" not in _read("dazhou_property_measures_2023.pdf").metadata
    assert "title" not in _read("shanghai_housing_notice_2024.pdf").metadata


# --- the pieces, on made-up input ---------------------------------------------------------


def _line(text: str, x0: float, x1: float, top: float, size: float = 12.0) -> Line:
    return Line(text, x0, top, x1, top + size, size)


def test_paragraphs_join_wraps_keep_markers_and_indented_lines() -> None:
    page = [
        _line("第一条为了规范地震预警活动，有效发挥地震预警作用，防御", 74, 500, 100),
        _line("和减轻地震灾害。", 50, 150, 116),
        _line("第二条本办法适用于本市行政区域内的地震预警活动，以及相", 74, 500, 132),
        _line("关的管理活动。", 50, 140, 148),
        _line("本市各级人民政府应当加强对地震预警工作的领导，建立健全", 74, 500, 164),
        _line("一、这一行是编号行，不并入上一行。", 50, 300, 180),
    ]
    text, starts = paragraphs([page])
    assert text.splitlines() == [
        "第一条为了规范地震预警活动，有效发挥地震预警作用，防御和减轻地震灾害。",
        "第二条本办法适用于本市行政区域内的地震预警活动，以及相关的管理活动。",
        "本市各级人民政府应当加强对地震预警工作的领导，建立健全",
        "一、这一行是编号行，不并入上一行。",
    ]
    assert starts == [(0, 0)]


def test_paragraphs_join_across_pages_and_keep_the_page_number_after() -> None:
    one = [
        _line("一段很长的文字一直写到页面右边距为止，然后在下一页继续", 74, 500, 100),
        _line("- 1 -", 270, 300, 800),
    ]
    two = [_line("写完。", 50, 90, 60), _line("二、下一段。", 74, 160, 76)]
    text, starts = paragraphs([one, two])
    assert text.splitlines() == [
        "一段很长的文字一直写到页面右边距为止，然后在下一页继续写完。",
        "- 1 -",
        "二、下一段。",
    ]
    assert starts == [(0, 0), (text.index("写完"), 1)]


@pytest.mark.parametrize(
    ("rows", "shape"),
    [
        ([["项目", "金额"], ["收入", "100"], ["支出", "90"]], (1, 1)),
        ([["类", "款", "名称", "合计"], ["201", "", "一般公共服务", "2,976,800"]], (1, 3)),
        ([["", "申请人"], ["", "自然人"], ["一、新收", "21"]], (2, 1)),
        ([["编码", "违法行为"], ["C001", "未经核准开工"]], (1, 1)),
    ],
)
def test_header_shape(rows: list[list[str]], shape: tuple[int, int]) -> None:
    assert header_shape(rows) == shape


def test_running_heads_and_feet_do_not_break_a_paragraph_across_pages() -> None:
    def page(first: str, last: str) -> list[Line]:
        return [
            _line("北京市人民政府规章", 100, 250, 60),
            _line(first, 74, 500, 100),
            _line(last, 50, 150, 116),
            _line("北京市人民政府发布", 360, 480, 800),
        ]

    one = page("第一条 一段很长的文字一直写到页面右边距为止，然后在", "下一页继续写，直到")
    one[2] = _line("下一页继续写，一直写到页面右边距为止，然后在", 50, 500, 116)
    two = page("写完。这一行是接着上一页写的，同样写到右边距为止", "最后一行。")
    two[1] = _line("写完。这一行是接着上一页写的，同样写到右边距为止", 50, 500, 100)
    text, starts = paragraphs([one, two])
    assert text.splitlines() == [
        "北京市人民政府规章",
        "第一条 一段很长的文字一直写到页面右边距为止，然后在下一页继续写，一直写到页面右边距为止，"
        "然后在写完。这一行是接着上一页写的，同样写到右边距为止最后一行。",
        "北京市人民政府发布",
        "北京市人民政府规章",
        "北京市人民政府发布",
    ]
    assert starts == [(0, 0), (text.index("写完。"), 1)]


def test_rules_in_pdf_read_one_article_a_line() -> None:
    lines = _read("beijing_admin_penalty_procedure_rules_2023.pdf").text.splitlines()
    assert "第一条 为贯彻实施《中华人民共和国行政处罚法》，制定本规定。" in lines
    assert "北京市人民政府规章" in lines  # a running head: kept, as a line of its own


def test_a_stray_rule_through_a_column_header_does_not_unlabel_its_columns() -> None:
    # The 2024 report draws a rule through 行政诉讼: the first three of its columns sit under
    # an empty cell, though 未经复议直接起诉 below runs across both parts.
    table = _table("hongze_disclosure_2024.pdf", "四、政府信息公开行政复议、行政诉讼情况")
    assert table.rows[0] == ("行政复议",) * 5 + ("行政诉讼",) * 10
    assert table.rows[3] == (
        "1",
        "1",
        "0",
        "0",
        "2",
        "1",
        "0",
        "0",
        "0",
        "1",
        "2",
        "0",
        "1",
        "0",
        "3",
    )
    rows = [["甲", "", "乙"], ["a", "b", "b"], ["1", "2", "3"]]
    assert fill_header_gaps(rows, 2, 0)[0] == ("甲", "乙", "乙")
    assert fill_header_gaps([["甲", "", "乙"], ["a", "b", "c"]], 2, 0)[0] == ("甲", "", "乙")


def test_budget_tables_cut_by_page_breaks_keep_their_total_row() -> None:
    # The 2024 收入预算总表 runs over p.11-p.15; p.15 holds only its 合计 row, one ruled row.
    read = _read("putuo_wanli_dept_budget_2024.pdf")
    table = _table("putuo_wanli_dept_budget_2024.pdf", "2024年部门收入预算总表")
    assert table.shape == (70, 9)
    assert table.rows[-1] == ("合计",) * 4 + ("156,211,123", "156,211,123", "0", "0", "0")
    assert "合计 156,211,123" not in read.text
    # A table stops a paragraph: the line above it is not joined to the text after it.
    assert "编制部门：上海市普陀区人民政府万里街道办事处 单位：元" in read.text.splitlines()
    empty = _table("putuo_wanli_dept_budget_2024.pdf", "2024年部门政府性基金预算支出")
    assert empty.header_rows == 3


def test_forms_one_a_page_stay_separate_tables() -> None:
    # Each 绩效目标 form fills its page and opens with the same title row, but each is about
    # another project: a partly repeated header is no continuation.
    tables = _read("putuo_wanli_dept_budget_2023.pdf").tables
    forms = [t for t in tables if t.rows[0][0] == "财政项目支出绩效目标填报表"]
    assert [t.where for t in forms] == ["p.31", "p.32", "p.33", "p.34", "p.35"]
    names = [row[2] for t in forms for row in t.rows if row[0] == "项目名称"]
    assert len(names) == 5 and len(set(names)) == 5


def test_a_text_table_over_many_pages_is_one_table_with_its_column_header() -> None:
    table = _read("beijing_ndrc_penalty_benchmark_2026.pdf").tables
    assert len(table) == 1
    (benchmark,) = table
    assert benchmark.rows[1] == (
        "编码",
        "违法行为",
        "违法行为依据",
        "行政处罚依据",
        "裁量情形",
        "裁量基准",
    )
    assert benchmark.header_rows == 2
    assert sum(row == benchmark.rows[1] for row in benchmark.rows) == 1  # read once, not a page
    assert benchmark.rows[2][0] == "C0011400A010"


def test_lines_set_with_a_wide_fixed_line_spacing_are_joined() -> None:
    lines = _read("shanghai_housing_notice_2021.pdf").text.splitlines()
    assert (
        "各区住房保障房屋管理局，各房地产交易中心、市房屋状况信息中心，"
        "各自然资源确权登记事务中心（不动产登记事务中心）："
    ) in lines
    assert any(
        line.startswith("一、自2021年7月24日起，通过赠与方式转让住房的，在住房限购")
        for line in lines
    )


def test_a_run_in_heading_in_a_larger_face_wraps_on_into_its_text() -> None:
    lines = _read("huaian_disclosure_2024.pdf").text.splitlines()
    assert any(
        line.startswith("（四）政府信息公开平台建设情况。进一步优化政务公开专栏设置")
        for line in lines
    )


def test_furniture_page_numbers_running_heads_and_text_off_the_page() -> None:
    def page(number: int) -> list[Line]:
        return [
            _line("北京市人民政府规章", 100, 250, 60),
            _line(
                "一二三"[number - 1] + "页的正文，一行写满到右边距为止的一段文字内容", 74, 500, 100
            ),
            _line(f"- {number} -", 270, 300, 780),
            _line("X", 640, 648, 790),  # set beyond the page's right edge
            _line("北京市人民政府发布", 360, 480, 800),
        ]

    pages = [page(1), page(2), page(3)]
    marks = furniture(pages, [595.0] * 3)
    assert marks == {(p, k) for p in range(3) for k in (0, 2, 3, 4)}
    # Without the widths, the mark off the page is only a running foot because it recurs.
    assert (0, 3) in furniture(pages)
    # A line that recurs on one page in three is no running head.
    assert (0, 0) not in furniture([page(1), pages[1][1:], pages[2][1:]])


# --- the same document as a PDF and as a Word file -------------------------------------------


@pytest.mark.parametrize(
    "name", ["beijing_earthquake_warning_rules_2022", "beijing_admin_penalty_procedure_rules_2023"]
)
def test_a_rule_read_from_its_pdf_and_its_word_file_is_the_same_document(name: str) -> None:
    pdf = policydiff.read(require(PDF / f"{name}.pdf"))
    word = policydiff.read(require(PDF.parent / "docx" / f"{name}.docx"))
    assert [(n.label, n.text) for n in pdf.walk()] == [(n.label, n.text) for n in word.walk()]
    assert policydiff.diff(pdf, word).is_empty
    # the running heads and feet are removed with their reason, not lost, not in the body
    furniture = {line.text for line in pdf.removed if line.reason == "page furniture"}
    assert "北京市人民政府规章" in furniture
    assert not any("北京市人民政府规章" in n.text for n in pdf.walk())
    assert pdf.unaccounted() == ""


def test_each_node_knows_its_page_and_the_changelog_shows_it() -> None:
    old = policydiff.read(require(PDF / "dazhou_property_measures_2022.pdf"))
    new = policydiff.read(require(PDF / "dazhou_property_measures_2023.pdf"))
    assert all(n.where.startswith("p.") for n in new.walk())
    assert {n.where for n in new.walk()} >= {"p.1", "p.3"}
    shown = policydiff.diff(old, new).to_markdown(detail="full")
    last = next(n for n in reversed(list(new.walk())) if n.label.startswith("第"))
    assert f"{last.label} ({last.where})" in shown
    import json

    from policydiff.render import document_json

    nodes = json.loads(document_json(new))["nodes"]
    assert [n["where"] for n in nodes] == [n.where for n in new.walk()]
