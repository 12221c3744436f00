from __future__ import annotations

import re

import pytest

from policydiff import Document, InputError, diff, parse, read
from policydiff.errors import EmptyDocumentWarning
from policydiff.normalize import fold_width, normalize_text

from .conftest import CORPUS, SAMPLE_NAMES, SAMPLES, require


def test_read_path_str_bytes_agree() -> None:
    path = SAMPLES / "nhc-reply-community-health-2025.txt"
    by_path = read(path)
    by_str = read(str(path))
    by_text = parse(path.read_text(encoding="utf-8"), source=path.name)
    by_bytes = read(path.read_bytes(), name=path.name)
    assert by_path == by_str == by_text == by_bytes
    assert by_path.source == path.name


def test_missing_file_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no such file"):
        read(SAMPLES.with_name("nope") / "missing.txt")


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("一、总则。全年公开1136条。", "no such file"),  # a document's text is no path
        ("一、总则\n二、附则", "no such file"),  # nor is a text of several lines
        ("x" * 5000, "too long"),
        ("a\x00b", "no file name"),
        (str(SAMPLES), "it is a folder"),
    ],
)
def test_a_str_is_always_a_path_and_text_goes_to_parse(given: str, why: str) -> None:
    with pytest.raises(InputError, match=why) as raised:
        read(given)
    message = str(raised.value)
    assert "use parse()" in message and "\n" not in message and len(message) < 200
    with pytest.raises(InputError, match="use parse"):
        diff(read(SAMPLES / "nhc-reply-7663-2024.txt"), given)


def test_a_str_naming_an_existing_file_is_that_file_and_anything_else_a_type_error() -> None:
    path = SAMPLES / "nhc-reply-7663-2024.txt"
    assert diff(str(path), path).is_empty
    with pytest.raises(TypeError, match="for text, use parse"):
        read(1136)  # type: ignore[arg-type]


def test_empty_text_is_an_empty_document_with_a_warning() -> None:
    with pytest.warns(EmptyDocumentWarning, match="the document is empty"):
        doc = parse("")
    assert doc == Document(text="", original="", offsets=doc.offsets, warnings=doc.warnings)
    assert doc.nodes == () and len(doc.warnings) == 1


def test_documents_are_frozen_and_hashable() -> None:
    doc = read(SAMPLES / "nhc-reply-7663-2024.txt")
    with pytest.raises(AttributeError):
        doc.title = "x"  # type: ignore[misc]
    assert hash(doc.nodes[0]) == hash(read(SAMPLES / "nhc-reply-7663-2024.txt").nodes[0])


def _same_character(original: str, normalized: str, *, simplify: bool) -> bool:
    """Whether one original character is the one normalization wrote at its place: the same
    after width folding and script conversion, or a line break written for a paragraph break
    (a run of ideographic spaces, a carriage return)."""
    if normalized == "\n":
        return original in "\n\r\u3000 \t"
    return normalize_text(original, simplify=simplify) in (normalized, "") or (
        fold_width(original) == normalized
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_node_spans_map_back_to_the_original(name: str) -> None:
    doc = read(SAMPLES / name)
    simplify = doc.script == "traditional"
    for node in doc.walk():
        start, end = node.span
        assert 0 <= start < end <= len(doc.text)
        # Every character of the node maps to the original character it was made from.
        for at in range(start, end):
            origin = doc.offsets.to_original(at) if doc.offsets else at
            assert _same_character(doc.original[origin], doc.text[at], simplify=simplify), (
                node.path,
                at,
                doc.original[origin],
                doc.text[at],
            )
        first, last = doc.original_span(node.span)
        assert first == doc.offsets.to_original(start) if doc.offsets else start
        assert last == (doc.offsets.to_original(end - 1) if doc.offsets else end - 1) + 1


def test_spans_are_exact_on_a_known_text() -> None:
    text = "关于某事的通知\n一、总则\n(一)范围。适用于全市。\n(二)期限。三年。"
    doc = parse(text)
    spans = {node.path: node.span for node in doc.walk()}
    body = doc.text
    assert body == "一、总则\n(一)范围。适用于全市。\n(二)期限。三年。"
    assert spans == {"1": (0, len(body)), "1.1": (5, 17), "1.2": (18, len(body))}
    assert [body[s:e] for s, e in (spans["1.1"], spans["1.2"])] == [
        "(一)范围。适用于全市。",
        "(二)期限。三年。",
    ]
    # The title line was taken out of the body: the body starts 8 characters into the input.
    assert doc.original_span(spans["1.1"]) == (13, 25)
    assert text[13:25] == "(一)范围。适用于全市。"


def test_traditional_sample_is_simplified_without_pinyin_or_chrome() -> None:
    doc = read(SAMPLES / "primary-care-priorities-2023-traditional.txt")
    assert doc.script == "traditional"
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", doc.text)
    assert "會" not in doc.text and "觀眾登錄" not in doc.text and "登录" not in doc.text
    assert "村(居)民委员会" in doc.text and "县(市、涉农区)" in doc.text
    assert [n.path for n in doc.nodes if n.kind == "enum"] == [str(i) for i in range(1, 16)]


def test_real_parentheses_survive() -> None:
    doc = read(SAMPLES / "nhc-reply-7663-2024.txt")
    assert "社区卫生服务中心(站)" in doc.text
    assert [n.marker for n in doc.node("2").children] == ["(一)", "(二)", "(三)"]


def test_reform_tasks_and_parts() -> None:
    doc = read(SAMPLES / "health-reform-tasks-2023h2.txt")
    tasks = [n for n in doc.walk() if n.kind == "paren_cn" and ":" not in n.path]
    assert [n.key for n in tasks] == [str(i) for i in range(1, 21)]
    assert doc.node("4.14").agencies == (
        "国家医保局",
        "财政部",
        "人力资源社会保障部",
        "国家卫生健康委",
        "国家中医药局",
    )
    assert doc.node("p2:1").heading == "《任务》出台的背景"


CORPUS_TOP = {
    "gwr_2019.txt": [
        "2018年工作回顾",
        "2019年经济社会发展总体要求和政策取向",
        "2019年政府工作任务",
    ],
    "gwr_2021.txt": [
        "2020年工作回顾",
        "“十三五”时期发展成就和“十四五”时期主要目标任务",
        "2021年重点工作",
    ],
    "hailar_gwr_2017.txt": ["2016年工作回顾", "2017年工作安排"],
    "shanghai_social_assistance_reg_2018.txt": ["总则", "社会救助对象", "社会救助内容与方式"],
    "hongze_gov_info_disclosure_2024.txt": ["总体情况", "主动公开政府信息情况"],
}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) or [CORPUS / "missing"], ids=str)
def test_corpus_reads_and_segments(path) -> None:  # type: ignore[no-untyped-def]
    require(path)
    doc = read(path)
    assert doc.nodes
    found = [node.path for node in doc.walk()]
    assert len(found) == len(set(found))
    expected = CORPUS_TOP.get(path.name)
    if expected:
        headings = [n.heading for n in doc.nodes if n.marker]
        assert headings[: len(expected)] == expected


def test_a_table_header_reaches_the_cells_below_it() -> None:
    # PDF extraction puts a table's header, labels and cells on lines of their own; the unit the
    # header declares applies to the cells, and a lone row label names its cell.
    doc = parse(
        "一、收费情况\n本年共收费如下。\n项目\n本年收费金额(单位:万元)\n行政事业性收费\n"
        "1234.5\n二、其他情况\n无。"
    )
    fee = doc.node("1").quantities
    assert [(q.low, q.unit, q.metric) for q in fee] == [(12_345_000, "元", "行政事业性收费")]


def test_hongze_table_cells_carry_their_unit() -> None:
    doc = read(require(CORPUS / "hongze_gov_info_disclosure_2023.txt"))
    cells = [q for node in doc.walk() for q in node.quantities if q.text == "7730.28"]
    assert [(q.low, q.unit, q.metric) for q in cells] == [(77_302_800, "元", "行政事业性收费")]


def test_an_old_word_file_and_a_password_protected_office_file_are_told_apart() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(InputError, match="Word 97"):
        read(ole + "WordDocument".encode("utf-16-le"), name="old.doc")
    with pytest.raises(InputError, match="password-protected"):
        read(ole + "EncryptedPackage".encode("utf-16-le"), name="locked.docx")


def test_an_official_notice_read_from_pdf_has_its_addressee_title_and_number_apart() -> None:
    # 沪建房管联〔2021〕476号: 文号, title and addressee above the body, as the text reader has
    # them; the sentence after the addressee is the body's first paragraph, not the title.
    doc = read(require(CORPUS / "formats" / "pdf" / "shanghai_housing_notice_2021.pdf"))
    assert doc.title == "关于加强住房赠与管理的通知"
    assert doc.reference == "沪建房管联〔2021〕476号"
    reasons = {line.text: line.reason for line in doc.removed}
    assert (
        reasons[
            "各区住房保障房屋管理局,各房地产交易中心、市房屋状况信息中心,"
            "各自然资源确权登记事务中心(不动产登记事务中心):"
        ]
        == "salutation"
    )
    first = next(iter(doc.walk()))
    assert first.text.startswith("为进一步严格执行住房限购政策")
    # the text reader reads the same lines the same way
    text = parse(doc.original)
    assert text.title == doc.title and [n.text for n in text.walk()] == [n.text for n in doc.walk()]


def test_document_numbers_read_alike_from_the_pdf_and_the_web_page() -> None:
    # The web page of 榕政办〔2016〕186号 types 银发[2015]305号 where the PDF has 银发〔2015〕305号.
    name = "fuzhou_property_supplement_2016"
    pdf = read(require(CORPUS / "formats" / "pdf" / f"{name}.pdf"))
    page = read(require(CORPUS / "formats" / "html" / f"{name}.html"))
    assert [(n.label, n.text) for n in pdf.walk()] == [(n.label, n.text) for n in page.walk()]
    assert any("银发〔2015〕305号" in n.text for n in page.walk())
    assert pdf.reference == page.reference == "榕政办〔2016〕186号"
