"""The Word reader: paragraphs and tables in body order, list numbers, merged cells, bad files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import policydiff
from policydiff import InputError
from policydiff._read._docx import format_number, read_docx

from .conftest import CORPUS, require

FORMATS = CORPUS / "formats" / "docx"


def _bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _with_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况。全年收支平稳。")
    document.add_paragraph("表1 收支情况")
    table = document.add_table(rows=4, cols=3)
    texts = [["项目", "金额", ""], ["", "2023年", "2024年"], ["收入", "120", "150"]]
    texts.append(["支出", "80", "90"])
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"  # down
    table.cell(0, 1).merge(table.cell(0, 2)).text = "金额"  # across
    document.add_paragraph("二、下一步工作。继续推进。")
    return _bytes(document)


def test_paragraphs_and_tables_keep_body_order_and_merged_cells_are_resolved() -> None:
    read = read_docx(_with_table(), source="t.docx")
    assert read.text.split("\n") == [
        "一、总体情况。全年收支平稳。",
        "表1 收支情况",
        "二、下一步工作。继续推进。",
    ]
    (table,) = read.tables
    assert table.rows == (
        ("项目", "金额", "金额"),
        ("项目", "2023年", "2024年"),
        ("收入", "120", "150"),
        ("支出", "80", "90"),
    )
    assert (table.header_rows, table.header_cols) == (2, 1)
    assert table.caption == "表1 收支情况"
    assert table.key == "t1" and table.where == "table 1"
    assert read.places == ((0, "¶1"), (15, "¶2"), (23, "¶3"))


def test_a_table_of_one_column_frames_text() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "一、总则。"
    table.cell(1, 0).text = "二、附则。"
    read = read_docx(_bytes(document), source="frame.docx")
    assert read.tables == ()
    assert read.text == "一、总则。\n二、附则。"


def _numbered(fmt: str, text: str, paragraphs: list[tuple[int, str]]) -> bytes:
    """A document whose paragraphs are numbered by Word's list numbering, level 0 in ``fmt``
    with ``text`` and level 1 as ``（%2）`` in chineseCounting."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            f"<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
            f"<w:lvlText w:val='{text}'/><w:suff w:val='nothing'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='（%2）'/><w:suff w:val='nothing'/></w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    for level, words in paragraphs:
        p = document.add_paragraph(words)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='90'/></w:numPr>"
            )
        )
    return _bytes(document)


def test_list_numbers_are_written_as_text() -> None:
    data = _numbered(
        "chineseCounting",
        "%1、",
        [(0, "总则"), (1, "适用范围。"), (1, "基本原则。"), (0, "措施"), (1, "加强管理。")],
    )
    lines = read_docx(data, source="n.docx").text.split("\n")
    assert lines == [
        "一、总则",
        "（一）适用范围。",
        "（二）基本原则。",
        "二、措施",
        "（一）加强管理。",
    ]
    data = _numbered("decimal", "第%1条", [(0, "为了规范。")] * 11)
    assert read_docx(data, source="n.docx").text.split("\n")[-1] == "第11条为了规范。"
    doc = policydiff.read(_numbered("chineseCounting", "%1、", [(0, "总则。全年公开。")] * 2))
    assert [node.label for node in doc.nodes] == ["一、", "二、"]


def test_number_formats() -> None:
    assert format_number(11, "chineseCounting") == "十一"
    assert format_number(3, "chineseLegalSimplified") == "叁"
    assert format_number(28, "upperLetter") == "BB"
    assert format_number(7, "bulletless") == "7"


def test_the_earthquake_rules_keep_their_numbered_chapters() -> None:
    path = require(FORMATS / "beijing_earthquake_warning_rules_2022.docx")
    read = read_docx(path.read_bytes(), source=path.name)
    lines = read.text.split("\n")
    # 第五章 and 第六章 come from Word's list numbering, not from the text.
    assert "第五章　法律责任" in lines and "第六章　附则" in lines
    assert lines[0] == "北京市地震预警管理办法"
    doc = policydiff.read(path)
    chapters = [node.label for node in doc.nodes]
    assert chapters == ["第一章", "第二章", "第三章", "第四章", "第五章", "第六章"]
    assert all(node.where.startswith("¶") for node in doc.walk())


def test_a_blank_report_template_has_its_tables() -> None:
    path = require(FORMATS / "disclosure_report_template.docx")
    read = read_docx(path.read_bytes(), source=path.name)
    assert [table.shape for table in read.tables] == [(14, 4), (28, 10), (4, 15)]
    big = read.tables[1]
    assert big.caption == "三、收到和处理政府信息公开申请情况"
    # 三、本年度办理结果 is merged down its 22 rows; （三）不予公开 down 8.
    assert [row[0] for row in big.rows].count("三、本年度办理结果") == 22
    assert [row[1] for row in big.rows].count("（三）不予公开") == 8
    assert "第二十条第（一）项" not in read.text and "行政许可" not in read.text


def test_revisions_keep_insertions_and_drop_deletions() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    p._p.append(
        parse_xml(
            f"<w:ins {nsdecls('w')} w:id='1' w:author='a'><w:r><w:t>新增文字</w:t></w:r></w:ins>"
        )
    )
    p._p.append(
        parse_xml(
            f"<w:del {nsdecls('w')} w:id='2' w:author='a'><w:r><w:delText>删去文字</w:delText>"
            "</w:r></w:del>"
        )
    )
    assert read_docx(_bytes(document), source="r.docx").text == "新增文字"


def test_the_file_title_is_taken_only_when_the_document_says_it() -> None:
    document = docx.Document()
    document.add_paragraph("关于加强管理的通知")
    document.core_properties.title = "某某年度工作计划"  # a stale template title
    document.core_properties.author = "张三"
    assert read_docx(_bytes(document), source="t.docx").metadata == {}
    document.core_properties.title = "关于加强管理的通知"
    assert read_docx(_bytes(document), source="t.docx").metadata == {"title": "关于加强管理的通知"}


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            # a fixed date: the archive's bytes, and so the test id, are the same in every
            # process (pytest-xdist refuses a run whose workers collect different ids)
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"PK\x03\x04 word/document.xml and then junk", "not a valid .docx archive"),
        (_zip({"word/styles.xml": b"<x/>"}), "no word/document.xml"),
        (_zip({"EncryptionInfo": b"", "EncryptedPackage": b""}), "password"),
    ],
    ids=["junk", "no-document", "encrypted"],
)
def test_bad_files_are_refused_with_what_to_do(data: bytes, says: str) -> None:
    with pytest.raises(InputError, match=says) as caught:
        read_docx(data, source="bad.docx")
    assert "\n" not in str(caught.value)


def test_a_docx_with_broken_xml_is_refused() -> None:
    good = _with_table()
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:200]
    with pytest.raises(InputError, match="damaged Word file"):
        policydiff.read(_zip(files))


def test_a_docx_with_damaged_compressed_data_is_refused() -> None:
    data = bytearray(_with_table())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 10, start + 40):
        data[at] ^= 0x5A
    with pytest.raises(InputError, match="damaged Word file"):
        read_docx(bytes(data), source="bad.docx")


@pytest.mark.parametrize("name", sorted(p.name for p in FORMATS.glob("*.docx")))
def test_every_corpus_docx_reads(name: str) -> None:
    read = read_docx((FORMATS / name).read_bytes(), source=name)
    assert read.text.strip()
    assert "张幸瑾" not in read.metadata.values()
    offsets = [offset for offset, _ in read.places]
    assert offsets == sorted(offsets) and len(offsets) == read.text.count("\n") + 1
