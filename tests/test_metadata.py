from __future__ import annotations

import pytest

from policydiff import normalize, parse, read, segment
from policydiff.metadata import is_addressee, parse_date, removed_lines, split_body

from .conftest import CORPUS, SAMPLES, require


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024年7月12日", "2024-07-12"),
        ("发文日期2024年07月12日", "2024-07-12"),
        ("二〇二五年六月三十日", "2025-06-30"),
        ("2023.7.26", "2023-07-26"),
        ("2024年6月", "2024-06"),
        ("2024年13月1日", None),
        ("no date", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_split_body_keeps_every_line() -> None:
    text = "网站首页 律师查询 法规查询 关于我们\n关于某事的答复\n代表您好:\n一、总则。\n某委\n2024年7月12日\n免责声明"
    lines = split_body(text)
    assert "\n".join(line.text for line in lines) == text
    reasons = {line.text: line.reason for line in lines}
    assert reasons["网站首页 律师查询 法规查询 关于我们"] == "chrome"
    assert reasons["关于某事的答复"] == "title"
    assert reasons["代表您好:"] == "salutation"
    assert reasons["一、总则。"] is None
    assert reasons["某委"] == reasons["2024年7月12日"] == "signature"
    assert reasons["免责声明"] == "chrome"


def test_sentences_are_never_chrome() -> None:
    text = "一、关于版权所有问题。\n我们将联系我们的合作单位,分享到各地。"
    assert all(line.reason is None for line in split_body(text))


def test_reply_metadata() -> None:
    doc = read(SAMPLES / "nhc-reply-7663-2024.txt")
    assert doc.date == "2024-07-12"
    assert doc.issuer == "国家卫生健康委"
    assert doc.subject == "关于推动更多优质医疗资源下沉基层的建议"
    assert doc.consulted == ("国家医保局",)
    assert doc.reference == "第7663号建议"
    assert doc.title is not None and "第7663号建议的答复" in doc.title
    reasons = {line.reason for line in doc.removed}
    assert {"chrome", "metadata", "title", "salutation", "signature"} <= reasons
    assert "免责声明" not in doc.text and "皖ICP备" not in doc.text


def test_removed_lines_point_into_the_original() -> None:
    doc = read(SAMPLES / "primary-care-priorities-2023-traditional.txt")
    assert doc.removed
    for line in doc.removed:
        start, end = line.span
        assert 0 <= start < end <= len(doc.original)
    first = doc.removed[0]
    assert doc.original[first.span[0] : first.span[1]] == "觀眾登錄"


def test_plain_reply_subject_without_title_marks() -> None:
    text = "某某委员:\n你们提出的关于完善政府网站的提案,经商信息产业部、国务院信息办,现答复如下:\n一、研究制定文件。"
    doc = parse(text)
    assert doc.subject == "关于完善政府网站的提案"
    assert doc.consulted == ("信息产业部", "国务院信息办")


@pytest.mark.parametrize(
    ("line", "addressee"),
    [
        ("各区人民政府,市政府各委、办、局:", True),
        ("各有关单位:", True),
        ("各县(市、区)人民政府,达州高新区管委会,市级有关部门(单位):", True),
        ("江北新区管委会,各区人民政府,市各相关单位:", True),
        ("各住房公积金缴存职工:", True),
        ("现就有关事项通知如下:", False),
        ("为进一步严格执行住房限购政策,现就加强住房赠与管理有关事项通知如下:", False),
        ("抄送:市委办公厅,市人大常委会办公厅:", False),
        ("第一条 本办法适用于各区人民政府:", False),
        ("各区人民政府。", False),
    ],
)
def test_is_addressee(line: str, addressee: bool) -> None:
    assert is_addressee(line) is addressee


def test_the_addressee_line_opens_the_body_and_the_title_stays_the_title() -> None:
    # The addressee line (主送机关) is no title and no body; the sentence after it, though no
    # longer than a title and without a full stop, is the body's first paragraph.
    text = (
        "沪建房管联〔2021〕476号\n关于加强住房赠与管理的通知\n各区人民政府,市政府各委、办、局:\n"
        "为进一步严格执行住房限购政策,现就有关事项通知如下:\n一、自2021年7月24日起执行。"
    )
    reasons = {line.text: line.reason for line in split_body(text)}
    assert reasons["各区人民政府,市政府各委、办、局:"] == "salutation"
    assert reasons["关于加强住房赠与管理的通知"] == "title"
    assert reasons["沪建房管联〔2021〕476号"] == "metadata"
    assert reasons["为进一步严格执行住房限购政策,现就有关事项通知如下:"] is None
    doc = parse(text)
    assert doc.title == "关于加强住房赠与管理的通知"
    assert doc.reference == "沪建房管联〔2021〕476号"


def test_the_removed_lines_are_those_split_body_gives_a_reason() -> None:
    # a parse reads the removed lines alone: the same lines, spans and reasons
    paths = sorted(require(CORPUS).glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    assert len(paths) > 20
    removed = 0
    for path in paths:
        text = normalize.normalize_tracked(normalize.Tracked.of(path.read_text("utf-8"))).text
        width = normalize.wrap_width(text)
        options = {"opens_section": segment.block_marker, "wrap_width": width}
        expected = [line for line in split_body(text, **options) if line.reason is not None]
        assert removed_lines(text, **options) == expected
        removed += len(expected)
    assert removed > 100
