"""Structure: nothing lost, legal levels, closing sections, titles and labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydiff
from policydiff.strategies import documents

from .conftest import CORPUS, SAMPLES, require

# --- no silent loss ------------------------------------------------------------------------------

_CHINESE_SHAPES = st.text(
    alphabet="一二三十、()（）第条款编章节之附件注。，;:\n #会(huì)　abc12.%,首页登录注册退出分享",
    max_size=120,
)


@given(st.text())
def test_any_text_loses_nothing(text: str) -> None:
    assert policydiff.parse(text).unaccounted() == ""


@given(_CHINESE_SHAPES)
def test_text_of_document_shapes_loses_nothing(text: str) -> None:
    assert policydiff.parse(text).unaccounted() == ""


@given(documents())
def test_generated_documents_lose_nothing(text: str) -> None:
    assert policydiff.parse(text).unaccounted() == ""


def _real_documents() -> list[Path]:
    found = sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "laws").glob("*.md"))
    return found + sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", _real_documents(), ids=lambda p: p.name)
def test_real_documents_lose_nothing(path: Path) -> None:
    assert policydiff.read(require(path)).unaccounted() == ""


def test_real_documents_are_checked() -> None:
    require(CORPUS)
    assert len(_real_documents()) >= 30


def test_unaccounted_names_what_was_lost() -> None:
    doc = policydiff.parse("一、总则。全年公开1136条。")
    node = doc.nodes[0]
    assert (node.heading, node.heading_stop) == ("总则", "。")
    broken = doc.__class__(
        text=doc.text,
        nodes=(node.__class__(**{**_fields(node), "text": "全年公开条。"}),),
        original=doc.original,
        offsets=doc.offsets,
    )
    assert broken.unaccounted() == "1136"


def _fields(node: policydiff.Node) -> dict[str, object]:
    import attrs

    return attrs.asdict(node, recurse=False)


def test_markup_and_pinyin_are_removed_with_their_reason() -> None:
    doc = policydiff.parse("## 第一章 总则\n第一条 會(huì)議。")
    reasons = {(entry.text, entry.reason) for entry in doc.removed}
    assert ("## ", "markup") in reasons
    assert ("(huì)", "pinyin") in reasons
    assert doc.unaccounted() == ""


_ARTICLE = (
    "中华人民共和国某某法\n"
    "第一条 有下列行为之一的,处以罚款:\n"
    "(一)药品申请注册中提供虚假的证明的;\n"
    "(二)强迫他人参与或者退出投标、拍卖的。\n"
    "第二条 本法自公布之日起施行。"
)


def test_a_keyword_inside_the_body_removes_nothing() -> None:
    doc = policydiff.parse(_ARTICLE)
    texts = [node.text for node in doc.walk()]
    assert any("注册" in text for text in texts)
    assert any("退出" in text for text in texts)
    assert not [entry for entry in doc.removed if entry.reason == "chrome"]


def test_an_edit_to_a_line_with_a_chrome_word_is_a_change() -> None:
    changed = _ARTICLE.replace("提供虚假的证明", "提供虚假的证明、数据")
    d = policydiff.diff(policydiff.parse(_ARTICLE), policydiff.parse(changed))
    assert not d.is_empty
    added = [m.new.text for m in d.measures if m.change == "changed" and m.new]
    assert any("数据" in text for text in added)


def test_chrome_of_known_shape_inside_the_body_is_still_removed() -> None:
    doc = policydiff.parse("一、总则。全年公开1136条。\n- 2 -\n二、附则。本办法自公布之日起施行。")
    assert [(entry.text, entry.reason) for entry in doc.removed] == [("- 2 -", "chrome")]


# --- legal structure -------------------------------------------------------------------------------

_LAW = (
    "中华人民共和国某某法\n"
    "第一编 总则\n"
    "第一章 任务\n"
    "第一条 有下列行为之一的,处以罚款:\n"
    "(一)药品申请注册中提供虚假的证明的;\n"
    "(二)强迫他人参与或者退出投标、拍卖的。\n"
    "有前款行为的,从重处罚。\n"
    "第一条之一 新增的条文。\n"
    "第二章 管理\n"
    "第二条 本章的第一条。\n"
    "第二节 其他\n"
    "第三条 本法自公布之日起施行。\n"
    "第二编 分则\n"
    "第四条 另一条。\n"
    "附件1:名单\n"
    "一、甲。\n"
    "二、乙。\n"
    "注:本表数据截至年底。"
)


def _by_label(doc: policydiff.Document) -> dict[str, policydiff.Node]:
    return {node.label: node for node in doc.walk()}


def test_legal_levels_nest_in_their_fixed_order() -> None:
    nodes = _by_label(policydiff.parse(_LAW))
    assert nodes["第一编"].heading == "总则"
    assert nodes["第二编"].heading == "分则"
    assert nodes["第一编第一章第一条"].kind == "article"
    # 节 first appears after 条, and still holds its articles.
    assert nodes["第一编第二章第二节第三条"].text == "本法自公布之日起施行。"
    assert "第二编第四条" in nodes


def test_an_article_with_zhi_yi_is_its_own_article() -> None:
    doc = policydiff.parse(_LAW)
    nodes = _by_label(doc)
    inserted = nodes["第一编第一章第一条之一"]
    assert (inserted.marker, inserted.text) == ("第一条之一", "新增的条文。")
    base = nodes["第一编第一章第一条"]
    assert inserted.path != base.path
    assert len({node.path for node in doc.walk()}) == len(list(doc.walk()))


def test_articles_have_no_heading_taken_from_their_text() -> None:
    nodes = _by_label(policydiff.parse(_LAW))
    assert nodes["第一编第一章第一条(二)"].heading == ""
    assert nodes["第一编第一章第一条(二)"].text == "强迫他人参与或者退出投标、拍卖的。"


def test_a_paragraph_after_a_list_belongs_to_the_lists_parent() -> None:
    nodes = _by_label(policydiff.parse(_LAW))
    article = nodes["第一编第一章第一条"]
    assert [child.marker for child in article.children] == ["(一)", "(二)", ""]
    assert article.children[-1].text == "有前款行为的,从重处罚。"
    assert "从重" not in nodes["第一编第一章第一条(二)"].text


def test_annexes_and_notes_are_parts_of_their_own() -> None:
    doc = policydiff.parse(_LAW)
    tops = [(node.kind, node.label) for node in doc.nodes]
    assert tops[-2:] == [("annex", "附件1"), ("note", "注")]
    annex = doc.nodes[-2]
    assert annex.heading == "名单"
    assert [child.label for child in annex.children] == ["附件1一、", "附件1二、"]


def test_a_spaced_out_chapter_title_stays_one_heading() -> None:
    doc = policydiff.parse("第一章\u3000总\u3000\u3000则\n第一条 为了保护。")
    assert doc.nodes[0].heading == "总则"
    assert doc.nodes[0].text == ""


def test_zhi_yi_does_not_restart_the_numbering() -> None:
    doc = policydiff.parse("第一条 甲。\n第一条之一 乙。\n第二条 丙。")
    assert [node.label for node in doc.nodes] == ["第一条", "第一条之一", "第二条"]


# --- closing sections and titles ---------------------------------------------------------------

_REPORT = (
    "政府工作报告\n"
    "各位代表:\n"
    "现在,我代表国务院,向大会报告政府工作。\n"
    "一、过去一年工作回顾\n"
    "过去一年,经济平稳运行。\n"
    "二、今年工作任务\n"
    "(一)扩大内需。增加投资。\n"
    "(二)保障民生。提高养老金。\n"
    "各位代表!\n"
    "各级政府要加强自身建设,坚持依法行政。\n"
    "严格执行约法三章。\n"
    "各位代表!\n"
    "我们要加强国防和军队建设。\n"
)


def test_closing_sections_of_a_report_are_their_own_nodes() -> None:
    doc = policydiff.parse(_REPORT)
    tops = [(node.kind, node.label) for node in doc.nodes]
    assert tops[-2:] == [
        ("closing", "「各级政府要加强自身建设」"),
        ("closing", "「我们要加强国防和军队建设」"),
    ]
    last_task = _by_label(doc)["二、(二)"]
    assert "自身建设" not in last_task.text
    assert "约法三章" in doc.nodes[-2].text


@pytest.mark.parametrize(
    "header",
    [
        "3月5日,国务院总理在第十届全国人民代表大会第五次会议上作政府工作报告。新华社记者张三摄",
        "—2017年2月11日在某区第十四届人民代表大会第六次会议上",
        "某区人民政府代区长 李四",
    ],
)
def test_a_caption_dateline_or_speaker_line_is_never_the_title(header: str) -> None:
    doc = policydiff.parse(f"{header}\n各位代表:\n现在,我代表区人民政府向大会作工作报告。")
    assert doc.title is None
    assert header.replace(" ", "") in {entry.text.replace(" ", "") for entry in doc.removed}


def test_a_title_line_that_names_its_speaker_is_still_the_title() -> None:
    header = "2007政府工作报告——在第十届全国人民代表大会第五次会议上国务院总理温家宝"
    doc = policydiff.parse(f"{header}\n各位代表:\n现在,我代表国务院向大会作政府工作报告。")
    assert doc.title == header


# --- labels --------------------------------------------------------------------------------------


def test_labels_are_the_documents_own_numbering_cumulated() -> None:
    doc = policydiff.parse(
        "一、总体要求\n(一)主动公开。全年公开1136条。\n1.加强组织。一是建机制。二是强队伍。"
    )
    labels = [node.label for node in doc.walk()]
    assert labels == ["一、", "一、(一)", "一、(一)1.", "一、(一)1.一是", "一、(一)1.二是"]


# --- changes outside the body --------------------------------------------------------------------


def test_a_change_outside_the_body_is_reported() -> None:
    old = "首页 > 通知\n关于某事的通知\n一、总则。适用于全市。\n版权所有:某委"
    new = "首页 > 公告\n关于某事的通知\n一、总则。适用于全市。\n版权所有:某委"
    d = policydiff.diff(policydiff.parse(old), policydiff.parse(new))
    assert [(o.change, o.text, o.reason) for o in d.outside] == [
        ("dropped", "首页>通知", "chrome"),
        ("added", "首页>公告", "chrome"),
    ]
    assert not d.is_empty
    assert d.summary["outside"] == {"added": 1, "dropped": 1}
    assert "## Outside the body" in d.to_markdown()
    assert "首页&gt;公告" in d.to_html() and "Outside the body" in d.to_text()
    assert '"outside":[' in d.to_json()
    mirror = policydiff.diff(policydiff.parse(new), policydiff.parse(old))
    assert [(o.change, o.text) for o in mirror.outside] == [
        ("dropped", "首页>公告"),
        ("added", "首页>通知"),
    ]


def test_the_same_lines_outside_the_body_are_no_change() -> None:
    text = "首页 > 通知\n关于某事的通知\n一、总则。适用于全市。\n版权所有:某委"
    assert policydiff.diff(policydiff.parse(text), policydiff.parse(text)).is_empty


def test_a_break_of_one_ideographic_space_and_others_after_a_sentence_splits_paragraphs() -> None:
    doc = policydiff.parse(
        "请予审议。\u3000\xa0\xa0一、过去五年工作回顾\u3000\u3000五年来经济平稳。"
    )
    assert [(node.label, node.heading) for node in doc.nodes] == [
        ("第1段", ""),
        ("一、", "过去五年工作回顾"),
    ]
    # Not inside a sentence: a date written with spaces stays one line.
    assert policydiff.parse("2013年\u3000 3月召开。").nodes[0].text == "2013年3月召开。"
