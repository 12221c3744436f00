from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import parse
from policydiff._text import chinese_ordinal
from policydiff.segment import (
    block_marker,
    segment,
    split_agencies,
    split_sentences,
)


def paths(text: str) -> list[str]:
    return [node.path for top in segment(text) for node in top.walk()]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("第三章 社会救助对象", ("chapter", "第三章", 3)),
        ("第十二条 支出型贫困家庭", ("article", "第十二条", 12)),
        ("二、关于所提建议的答复", ("cn", "二、", 2)),
        ("一、2018年工作回顾", ("cn", "一、", 1)),
        ("(十四)常态化开展", ("paren_cn", "(十四)", 14)),
        ("3.属于行政执法案卷", ("arabic", "3.", 3)),
        ("(2)其他", ("paren_arabic", "(2)", 2)),
        ("②其他", ("circled", "②", 2)),
        ("十一是积极推进", ("enum", "十一是", 11)),
        ("2023.7.26", None),
        ("1.5%的增长", None),
        ("十八大以来", None),
        ("一、", None),
    ],
)
def test_block_marker(line: str, expected: tuple[str, str, int] | None) -> None:
    assert block_marker(line) == expected


def test_chinese_ordinal() -> None:
    assert [chinese_ordinal(s) for s in ("一", "十", "十四", "二十", "九十九", "一百零五")] == [
        1,
        10,
        14,
        20,
        99,
        105,
    ]
    assert chinese_ordinal("是") is None


def test_levels_follow_order_of_appearance() -> None:
    # (一) appears first, so it is the top level here; 一、 nests below it.
    assert paths("(一)甲\n一、子\n二、子\n(二)乙") == ["1", "1.1", "1.2", "2"]
    assert paths("一、甲\n(一)子\n1.孙\n(二)子\n二、乙") == ["1", "1.1", "1.1.1", "1.2", "2"]


def test_ordinal_paths_continue_across_parents() -> None:
    text = "一、甲\n(一)子\n(二)子\n二、乙\n(三)子"
    assert paths(text) == ["1", "1.1", "1.2", "2", "2.3"]


def test_restart_starts_a_new_part() -> None:
    text = "一、甲。\n二、乙。\n各地要抓好落实。\n政策解读\n近日,有关部门印发任务。\n一、背景\n二、内容"
    nodes = segment(text)
    assert [n.path for n in nodes] == ["1", "2", "p2:p1", "p2:p2", "p2:1", "p2:2"]
    assert (nodes[1].heading, nodes[1].text) == ("乙", "各地要抓好落实。")


def test_inline_enumeration_children() -> None:
    (node,) = segment(
        "(一)关于人才。我委高度重视。一是加强培养。建立机制。二是扩大规模,招录6000人。"
    )
    assert node.heading == "关于人才"
    assert node.text == "我委高度重视。"
    assert [(c.path, c.marker, c.heading) for c in node.children] == [
        ("1.1", "一是", "加强培养"),
        ("1.2", "二是", ""),
    ]
    assert node.children[0].text == "建立机制。"


def test_single_yishi_is_prose_not_a_list() -> None:
    (node,) = segment("(一)统一是前提。一是不够的。")
    assert node.children == ()


def test_enumeration_continuing_on_one_line() -> None:
    nodes = segment("一是强机构。加强建设。二是强队伍。扩大规模。")
    assert [(n.path, n.heading) for n in nodes] == [("1", "强机构"), ("2", "强队伍")]


def test_unnumbered_headings_only_without_numbered_sections() -> None:
    text = (
        "年度任务\n一是深化医改。\n二是提升能力。\n儿童健康\n出生缺陷防治成效明显。\n一是提升能力。"
    )
    assert paths(text) == ["h1", "h1.1", "h1.2", "h2", "h2.1"]
    numbered = "一、总则\n说明\n正文在这里。"
    assert paths(numbered) == ["1"]


def test_paragraph_fallback() -> None:
    nodes = segment("第一段。\n第二段,没有编号。")
    assert [(n.path, n.kind, n.text) for n in nodes] == [
        ("p1", "paragraph", "第一段。"),
        ("p2", "paragraph", "第二段,没有编号。"),
    ]


def test_agencies() -> None:
    assert split_agencies("开展评估。(国家医保局、财政部等按职责分工负责)") == (
        "国家医保局",
        "财政部",
    )
    assert split_agencies("没有牵头部门。") == ()


def test_sentences() -> None:
    assert split_sentences("一句。二句;三句!") == ("一句。", "二句;", "三句!")


@given(st.text(max_size=300))
def test_parse_never_raises_and_paths_are_unique(text: str) -> None:
    doc = parse(text)
    found = [node.path for node in doc.walk()]
    assert len(found) == len(set(found))


_MARKERS = st.sampled_from(
    ["一、", "二、", "(一)", "(二)", "1.", "2.", "一是", "二是", "第一条", "①", ""]
)


@given(
    st.lists(
        st.tuples(_MARKERS, st.sampled_from(["甲。", "乙", "推进改革,提高50%。", "\n"])),
        max_size=40,
    )
)
def test_marker_soup_gives_unique_paths(items: list[tuple[str, str]]) -> None:
    text = "\n".join(marker + body for marker, body in items)
    doc = parse(text)
    found = [node.path for node in doc.walk()]
    assert len(found) == len(set(found))
    for node in doc.walk():
        start, end = node.span
        assert 0 <= start <= end <= len(doc.text)


def test_ten_thousand_markers() -> None:
    text = "\n".join(f"({i % 50 + 1})第{i}项。" for i in range(10_000))
    doc = parse(text)
    found = [node.path for node in doc.walk()]
    assert len(found) == len(set(found)) >= 10_000
