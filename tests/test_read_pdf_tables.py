"""PDF tables: those drawn without ruling lines, on PDFs made by hand (no file of the corpus
has one: its PDFs were rendered and looked at page by page), and the corpus's PDFs of prose,
contents pages and signature blocks, none of which may become a table; rows and labels that a
page break cuts, made by hand and in the corpus."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydiff
from policydiff._read._pdf import read_pdf
from policydiff._read._pdf_text import Char
from policydiff._read._pdf_unruled import find_unruled

from .conftest import CORPUS, require
from .pdf_maker import Rule, Text, columns, make_pdf

PDF = CORPUS / "formats" / "pdf"

BUDGET = [
    ("项目", "2023年", "2024年"),
    ("一般公共预算收入", "1,234", "1,300"),
    ("政府性基金收入", "56", "60"),
    ("合计", "1,290", "1,360"),
]


def _paragraph(top: float, text: str, *, size: float = 16.0) -> list[Text]:
    """A paragraph of CJK text set 28 characters a line from x = 72, first line indented."""
    per_line = 28
    lines = [text[: per_line - 2]]
    rest = text[per_line - 2 :]
    while rest:
        lines.append(rest[:per_line])
        rest = rest[per_line:]
    return [
        (72 + (2 * size if k == 0 else 0), top + k * 28, size, line) for k, line in enumerate(lines)
    ]


PROSE = "为进一步做好预算公开工作，现将有关事项说明如下，请各单位认真贯彻执行并及时报送情况。"


def test_an_unruled_table_is_read_with_its_row_and_column_labels() -> None:
    texts = [
        *_paragraph(80, PROSE),
        (72, 170, 14, "表1  收入预算表"),
        (400, 190, 12, "单位：万元"),
        *columns(210, BUDGET, [72, 300, 420]),
        *_paragraph(320, PROSE),
    ]
    read = read_pdf(make_pdf([(texts, [])]), source="made.pdf")
    (table,) = read.tables
    assert table.rows == tuple(BUDGET)
    assert (table.header_rows, table.header_cols) == (1, 1)
    assert table.unit == "万元"
    assert table.where == "p.1"
    # its cells are in the table, not in the running text; the prose around it stays text
    assert "一般公共预算收入" not in read.text
    assert read.text.count("为进一步做好预算公开工作") == 2


def test_a_table_of_short_text_cells_in_three_columns_is_a_table() -> None:
    rows = [
        ("姓名", "职务", "分工"),
        ("张三", "局长", "主持全面工作"),
        ("李四", "副局长", "分管财务审计"),
    ]
    read = read_pdf(make_pdf([(columns(100, rows, [72, 220, 380]), [])]), source="made.pdf")
    (table,) = read.tables
    assert table.rows == tuple(rows)


def test_unruled_headings_over_two_columns_wrapped_labels_and_section_rows() -> None:
    lines = [
        [("项目", 72), ("预算数（单位：万元）", 300)],  # the heading straddles two columns
        [("2023年", 300), ("2024年", 420)],
        [("一、收入", 72)],  # a section row: a numbered label alone
        [("一般公共预算财政", 72), ("1,234", 300), ("1,300", 420)],
        [("拨款收入", 72)],  # the label above, wrapped
        [("政府性基金收入", 72), ("56", 300), ("60", 420)],
        [("合计", 72), ("1,290", 300), ("1,360", 420)],
    ]
    texts: list[Text] = [(72, 80, 14, "表2 收入预算表")]
    texts += [(x, 110 + 20 * r, 12, text) for r, line in enumerate(lines) for text, x in line]
    (table,) = read_pdf(make_pdf([(texts, [])]), source="made.pdf").tables
    assert table.rows == (
        ("项目", "预算数（单位：万元）", "预算数（单位：万元）"),
        ("", "2023年", "2024年"),
        ("一、收入", "", ""),
        ("一般公共预算财政拨款收入", "1,234", "1,300"),
        ("政府性基金收入", "56", "60"),
        ("合计", "1,290", "1,360"),
    )
    assert (table.header_rows, table.header_cols) == (2, 1)
    assert table.caption == "表2 收入预算表"


@pytest.mark.parametrize(
    ("rows", "xs"),
    [
        # two columns of prose: a gutter runs down the page, but the cells are sentences
        (
            [
                ("本市将进一步优化营商环境。", "各区应当加强统筹协调工作。"),
                ("相关部门要落实主体责任。", "有关单位要做好政策衔接。"),
                ("请认真组织实施并按时报送。", "执行中的问题及时报告。"),
            ],
            [72, 320],
        ),
        # a contents page: titles, dot leaders and page numbers
        (
            [
                ("一、部门主要职能", "……………………", "1"),
                ("二、部门机构设置", "……………………", "2"),
                ("三、名词解释", "……………………", "3"),
            ],
            [72, 260, 500],
        ),
        # a contents page without dot leaders: headings beside page numbers
        (
            [("一、部门主要职能", "1"), ("二、部门机构设置", "2"), ("三、名词解释", "4")],
            [72, 500],
        ),
        # a list of members set in columns
        (
            [("张三", "李四", "王五"), ("赵六", "钱七", "孙八"), ("周九", "吴十", "郑一")],
            [72, 200, 330],
        ),
        # the signatures of a joint notice, three bodies a line
        (
            [
                ("国家发展改革委", "财政部", "中国人民银行"),
                ("住房城乡建设部", "自然资源部", "税务总局办公厅"),
                ("市场监管总局", "国家金融监管总局", "中国证监会"),
            ],
            [72, 250, 420],
        ),
        # articles whose number stands apart from the text by a wide space
        (
            [
                ("第一条", "为了规范管理，制定本办法。"),
                ("第二条", "本办法适用于本市行政区域。"),
                ("第三条", "市住房城乡建设部门负责实施。"),
            ],
            [72, 140],
        ),
    ],
)
def test_prose_contents_and_articles_are_no_table(
    rows: list[tuple[str, ...]], xs: list[float]
) -> None:
    read = read_pdf(make_pdf([(columns(100, rows, xs, size=14, leading=24), [])]), source="m.pdf")
    assert read.tables == ()
    assert all(cell in read.text for row in rows for cell in row)


def test_two_lines_split_alike_are_a_signature_block_not_a_table() -> None:
    rows = [("上海市房屋管理局", "2021年7月23日"), ("上海市住房城乡建设管理委", "2021年7月23日")]
    read = read_pdf(make_pdf([(columns(100, rows, [72, 400]), [])]), source="made.pdf")
    assert read.tables == ()


@pytest.mark.parametrize(
    ("name", "tables"),
    [
        ("dazhou_property_measures_2023.pdf", 0),  # articles set 第一条　text
        ("shanghai_housing_notice_2021.pdf", 0),  # three issuers on one line, 印发 line
        ("beijing_admin_penalty_procedure_rules_2023.pdf", 0),
        ("putuo_wanli_dept_budget_2024.pdf", 9),  # a contents page with dot leaders
        ("hongze_disclosure_2024.pdf", 3),
    ],
)
def test_no_false_table_in_the_corpus(name: str, tables: int) -> None:
    read = read_pdf(require(PDF / name).read_bytes(), source=name)
    assert len(read.tables) == tables


# --- a table that a page break cuts ----------------------------------------------------------


def _ruled(
    top: float, rows: list[tuple[str, ...]], xs: list[float]
) -> tuple[list[Text], list[Rule]]:
    """A ruled table: ``rows`` of cells between the vertical rules ``xs``, 20 points a row."""
    bottom = top + 20 * len(rows)
    rules = [(xs[0], top + 20 * r, xs[-1], top + 20 * r) for r in range(len(rows) + 1)]
    rules += [(x, top, x, bottom) for x in xs]
    texts = columns(top + 4, rows, [x + 4 for x in xs[:-1]])
    return texts, rules


def test_a_row_that_a_page_break_cuts_is_one_row() -> None:
    xs = [72.0, 160.0, 400.0, 500.0]
    head = [("项目", "说明", "金额"), ("甲", "日常办公", "100"), ("乙", "本项资金用于支持", "200")]
    texts, rules = _ruled(100, head, xs)
    page_one = ([(72, 70, 14, "表1 项目支出表"), *texts], rules)
    page_two = _ruled(72, [("", "社区服务设施建设", ""), ("丙", "培训", "300")], xs)
    (table,) = read_pdf(make_pdf([page_one, page_two]), source="made.pdf").tables
    assert table.rows == (
        ("项目", "说明", "金额"),
        ("甲", "日常办公", "100"),
        ("乙", "本项资金用于支持社区服务设施建设", "200"),
        ("丙", "培训", "300"),
    )


def test_a_new_row_at_the_top_of_the_next_page_is_not_joined() -> None:
    xs = [72.0, 160.0, 400.0, 500.0]
    head = [("项目", "说明", "金额"), ("甲", "日常办公", "100"), ("乙", "本项资金用于支持", "200")]
    texts, rules = _ruled(100, head, xs)
    page_one = ([(72, 70, 14, "表1 项目支出表"), *texts], rules)
    # its key is there (丙), or it holds a figure, or it opens a numbered item
    for first in [("丙", "培训", ""), ("", "培训", "300"), ("", "1.培训", "")]:
        page_two = _ruled(72, [first], xs)
        (table,) = read_pdf(make_pdf([page_one, page_two]), source="made.pdf").tables
        assert len(table.rows) == 4, first
        assert table.rows[2][1] == "本项资金用于支持"


def test_disclosure_label_cut_by_the_page_break_is_one_label() -> None:
    # 淮安 2024, 申请处理 table: （四）无法提供 wraps, its first line on p.4, 法提供 on p.5.
    name = "huaian_disclosure_2024.pdf"
    read = read_pdf(require(PDF / name).read_bytes(), source=name)
    table = next(t for t in read.tables if t.caption.startswith("三、收到和处理"))
    labels = [row[1] for row in table.rows]
    assert labels.count("（四）无法提供") == 3
    assert "法提供" not in labels and "（四）无" not in labels


def test_benchmark_rows_cut_by_page_breaks_are_joined() -> None:
    name = "beijing_ndrc_penalty_benchmark_2026.pdf"
    (table,) = read_pdf(require(PDF / name).read_bytes(), source=name).tables
    codes = [row[0] for row in table.rows[table.header_rows :]]
    assert len(codes) == len(set(codes)) == 111  # no row twice, none without its code
    row = table.rows[table.header_rows + codes.index("C0004300B000")]
    assert row[2].endswith("禁止使用国家明令淘汰的用能设备、生产工艺")
    # merged cells cut by the break of p.6, the rows under them going on on p.7 (B020-B050)
    for code in ("C0004900B010", "C0004900B020", "C0004900B050"):
        row = table.rows[table.header_rows + codes.index(code)]
        assert row[2].endswith("禁止使用列入淘汰名录的技术、工艺、设备和材料"), code
        assert "没收违法使用的设备、材料，并处五万元以上二十万元以下的罚款" in row[3], code
    # p.1 to p.2: a provision cut after a semicolon goes on (已经开工建设的，…予以处罚；/ 构成…)
    for code in ("C0011000A010", "C0011000A030"):
        row = table.rows[table.header_rows + codes.index(code)]
        assert row[3].endswith("依照前款规定予以处罚；构成犯罪的依法追究刑事责任"), code
    # p.11 to p.12: the group's last row alone on the next page, its merged cells cut
    for code in ("C0012200B010", "C0012200B030"):
        row = table.rows[table.header_rows + codes.index(code)]
        assert "在不同媒介发布的同一招标项目的资格预审公告" in row[2], code
        assert "不按照规定在指定媒介发布资格预审公告" in row[3], code


def test_a_header_printed_again_on_the_next_page_is_kept_as_page_furniture() -> None:
    # The 2024 budget's 一般公共预算支出 table prints its header rows again on each page: the
    # table reads them once, and each copy is kept as page furniture, not lost, not body.
    doc = policydiff.read(require(PDF / "putuo_wanli_dept_budget_2024.pdf"))
    copies = [
        line.text
        for line in doc.removed
        if line.reason == "page furniture" and "功能分类科目编码" in line.text
    ]
    assert len(copies) == 4
    assert copies[0].startswith("项目一般公共预算支出功能分类科目编码")
    assert not any("功能分类科目编码" in node.text for node in doc.walk())
    assert policydiff.diff(doc, doc).is_empty


def test_unruled_table_cells_pair_across_years_by_row_and_column_label() -> None:
    def year(value: str) -> policydiff.Document:
        rows = [
            ("项目", "上年预算数", "本年预算数"),
            ("一般公共预算收入", "1,234", value),
            ("政府性基金收入", "56", "60"),
            ("合计", "1,290", "1,360"),
        ]
        texts = [(72, 80, 14, "收入预算表"), (400, 100, 12, "单位：万元")]
        texts += columns(120, rows, [72, 300, 420])
        return policydiff.read(make_pdf([(texts, [])]))

    old, new = year("1,300"), year("1,500")
    cell = next(c for c in new.tables[0].cells if c.text == "1,500")
    assert cell.quantity is not None
    assert cell.quantity.metric == "一般公共预算收入 × 本年预算数"
    assert cell.quantity.unit == "元" and cell.quantity.low == 15_000_000
    shown = policydiff.diff(old, new).to_markdown()
    assert "| 一般公共预算收入 | 本年预算数 | 1,300万元 | 1,500万元 | +200万元 (+15.4%) |" in shown


_X = st.one_of(st.sampled_from([72.0, 200.0, 300.0, 420.0]), st.floats(0, 500))
_Y = st.one_of(st.integers(0, 8).map(lambda k: 100.0 + 20 * k), st.floats(0, 700))
_CHAR = st.builds(
    lambda text, x, y, size: Char(text, x, y, x + size, y + size, size),
    st.sampled_from(list("一二项目合计收入1234,.。：… ")),
    _X,
    _Y,
    st.sampled_from([12.0, 14.0, 0.5, 30.0]),
)
_CELL = st.sampled_from(
    ["项目", "合计", "一般公共预算收入", "1,234", "56", "2023年", "一、收入", ""]
)


def _grid_chars(rows: list[list[str]]) -> list[Char]:
    """The characters of ``rows`` of cells set 12 points a character at four column edges."""
    chars = []
    for r, row in enumerate(rows):
        for x, text in zip([72.0, 200.0, 300.0, 420.0], row, strict=False):
            for k, ch in enumerate(text):
                left = x + 12 * k
                chars.append(Char(ch, left, 100 + 20 * r, left + 12, 112 + 20 * r, 12.0))
    return chars


@given(
    st.lists(st.lists(_CELL, min_size=2, max_size=4), min_size=3, max_size=7),
    st.lists(_CHAR, max_size=20),
)
def test_unruled_tables_lose_no_character_of_theirs(
    rows: list[list[str]], noise: list[Char]
) -> None:
    chars = _grid_chars(rows) + noise
    for table in find_unruled(chars):
        taken = "".join(sorted(chars[i].text for i in table.taken if not chars[i].text.isspace()))
        kept = "".join(sorted(ch for cell in table.cells for ch in cell.text if not ch.isspace()))
        assert kept == taken


def test_a_grid_of_labels_and_figures_is_found() -> None:
    rows = [
        ["项目", "2023年", "2024年"],
        ["一般公共预算收入", "1,234", "1,300"],
        ["合计", "56", "60"],
    ]
    (table,) = find_unruled(_grid_chars(rows))
    assert len(table.taken) == sum(len(text) for row in rows for text in row)
