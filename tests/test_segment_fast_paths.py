"""The shortcuts of parsing answer as the questions they skip: each cheap test, one search of a
whole text and each answer reused for a repeated line agrees with asking the pattern itself."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from policydiff import metadata
from policydiff._text import display_width, each_once
from policydiff.model import Quantity
from policydiff.segment import segment, split_sentences
from policydiff.segment._chinese import inline_chain, may_enumerate
from policydiff.segment._latin import _read_latin, read_marker

# Characters and words the patterns look for, so that examples hit them often.
_PIECES = st.sampled_from(
    [
        "一",
        "二",
        "是",
        "第",
        "首先",
        "其次",
        "最后",
        "再次",
        "、",
        "。",
        "!",
        "?",
        ";",
        ":",
        ",",
        "(",
        ")",
        ".",
        " ",
        "\u3000",
        "\t",
        "\n",
        "A",
        "e",
        "1",
        "2024",
        "年",
        "7月",
        "12日",
        "代表",
        "您好",
        "各位代表",
        "首页",
        ">",
        "版权所有",
        "-",
        "—",
        "页",
        "×",
        "<!--",
        "-->",
        ".png",
        "Section",
        "the",
        "§",
        "卫生",
        "个",
        "!x",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)
_LINES = _TEXTS.map(lambda text: text.replace("\n", ""))
_NAV = re.compile(r"\S+")


def _chrome_as_written(text: str) -> bool:
    """``_is_chrome`` as written before its cheap questions first, menus counted by ``\\S+``."""
    short = metadata._is_short(text)
    if not short:
        return False
    if metadata._CHROME.search(text):
        return True
    tokens = _NAV.findall(text)
    return len(tokens) >= 3 and metadata._is_navigation(text)


@given(_LINES)
def test_chrome_asks_the_cheap_questions_first_and_answers_the_same(line: str) -> None:
    assert metadata._is_chrome(line) == _chrome_as_written(line)
    assert line.split() == _NAV.findall(line)


@given(_LINES, st.one_of(st.none(), st.integers(0, 120)))
def test_running_text_asks_the_width_last_and_answers_the_same(
    line: str, width: int | None
) -> None:
    wide = width is not None and display_width(line) >= width - 4
    plain = (
        bool(metadata._FULL_STOP.search(line))
        or len(line) > metadata._SHORT
        or (bool(metadata._LATIN_SENTENCE.search(line)) and metadata._is_latin_prose(line))
    )
    assert metadata._is_content(line, width) == (wide or plain)
    assert display_width(line) <= 2 * len(line)


@given(_TEXTS)
def test_one_search_of_the_text_finds_the_lines_each_match_finds(text: str) -> None:
    lines = text.split("\n")
    for whole, each in (
        (metadata._SALUTATION_LINE, metadata._SALUTATION),
        (metadata._DATE_LINES, metadata._DATE_LINE),
    ):
        expected = [i for i, line in enumerate(lines) if each.match(line)]
        assert metadata._matching_lines(whole, text) == expected
        assert metadata._matching_lines(whole, text, first=True) == expected[:1]


def test_a_salutation_and_a_signature_are_found_by_the_searches() -> None:
    text = "标题\n各位代表:\n一、总则。\n某委员会\n2024年7月12日\n"
    reasons = [line.reason for line in metadata.split_body(text)]
    assert reasons[1] == "salutation"
    assert reasons[3:5] == ["signature", "signature"]


@given(_LINES)
def test_a_line_without_the_shape_of_chrome_is_not_searched_for_it(line: str) -> None:
    if metadata._CHROME_SHAPE.search(line):
        assert line[:1] in metadata._SHAPE_OPENERS or "." in line


@given(_TEXTS)
def test_sentences_of_a_text_without_a_stop_are_the_text(text: str) -> None:
    pieces = tuple(
        filter(
            None, map(str.strip, re.findall(r"[^。!?;\n]+(?:[。!?;]+[”’)》]*|$)|[。!?;]+", text))
        )
    )
    if re.search("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text):
        assert split_sentences(text) == pieces


@given(_LINES, st.integers(1, 4))
def test_a_text_without_an_enumeration_word_holds_no_enumeration(text: str, start: int) -> None:
    if not may_enumerate(text):
        assert inline_chain(text, start_at=start)[1] == []


@given(_LINES)
def test_a_line_opening_with_a_letter_of_no_latin_script_opens_no_latin_marker(line: str) -> None:
    if line[:1] and not line[:1].isascii() and line[:1] != "§":
        assert _read_latin(line) is None
    found = read_marker(line)
    assert found is None or line.startswith(found[1])


def test_each_once_asks_once_a_text_and_answers_in_order() -> None:
    asked: list[str] = []

    def length(text: str) -> int:
        asked.append(text)
        return len(text)

    assert each_once(length, ["一、", "甲", "一、", "乙乙", "甲"]) == [2, 1, 2, 2, 1]
    assert asked == ["一、", "甲", "乙乙"]


def test_repeated_lines_are_asked_once_and_placed_each_where_it_stands() -> None:
    asked: list[str] = []

    def opens(line: str) -> bool:
        asked.append(line)
        return False

    text = "\n".join(["单位:个"] + ["项目\n3个"] * 30)
    lines = metadata.split_body(text, opens_section=opens)
    assert sorted(asked) == sorted(set(text.split("\n")))
    assert [(line.start, line.end) for line in lines][1:3] == [(5, 7), (8, 10)]
    nodes = segment(text)
    assert [n.span for n in nodes][:3] == [(0, 4), (5, 7), (8, 10)]
    assert [n.label for n in nodes][:3] == ["第1段", "第2段", "第3段"]


def test_a_restarted_numbering_opens_a_part_for_each_restart() -> None:
    # Right after a numbered line (nothing to move) and after a title-like line (moved along).
    nodes = segment("一、甲\n一、乙\n说明\n一、丙")
    assert [n.path for n in nodes] == ["1", "p2:1", "p3:p1", "p3:1"]
    assert [n.label for n in nodes] == ["一、", "第2部分 一、", "第3部分 第1段", "第3部分 一、"]


def test_a_text_is_asked_once_for_its_quantities_and_a_repeat_shifted() -> None:
    from policydiff import extract

    asked: list[tuple[str, int]] = []

    def finder(text: str, offset: int, context: str) -> tuple[Quantity, ...]:
        asked.append((text, offset))
        return extract.quantities(text, year=2024, offset=offset, context=context)

    text = "\n".join(["项目\n3个"] * 3)
    nodes = segment(text, quantities=finder)
    # Each text is asked once; a repeat's quantities are the first's, shifted to where it stands.
    assert asked == [("项目", 0), ("3个", 3)]
    assert [q.span for n in nodes for q in n.quantities] == [(3, 5), (9, 11), (15, 17)]
    for node in nodes:
        direct = extract.quantities(node.text, year=2024, offset=node.span[0], context="")
        assert node.quantities == direct


def test_a_family_made_with_the_second_child_knows_the_first() -> None:
    def paths(text: str) -> list[tuple[str, str]]:
        return [(n.path, n.label) for top in segment(text) for n in top.walk()]

    # The second (一) is a repeat of the first, a 节 beside a 条 takes its kind in its key, and
    # a paragraph after two items closing with ``;`` is their parent's.
    assert paths("一、甲\n(一)乙\n(一)丙")[1:] == [
        ("1.1", "一、(一)"),
        ("1.1~2", "一、(一)(第2处)"),
    ]
    assert paths("第一章 总则\n第一条 甲。\n第一节 乙\n第一条 丙。")[2:] == [
        ("1.section1", "第一章第一节"),
        ("1.section1.1", "第一章第一节第一条"),
    ]
    assert paths("一、总体\n(一)甲;\n(二)乙;\n说明段。")[-1] == ("1.p1", "一、第1段")


def test_a_shifted_quantity_is_the_evolved_one() -> None:
    import attrs

    from policydiff import extract

    found = extract.quantities("到2025年,城镇化率提高到65%,比去年提高1.2个百分点。", year=2024)
    assert found
    for quantity in found:
        span = (quantity.span[0] + 7, quantity.span[1] + 7)
        assert quantity.shifted(7) == attrs.evolve(quantity, span=span)
    # Every field given a value of its own: one the method left out would take its default.
    values: dict[str, Any] = {field.name: f"{field.name}!" for field in attrs.fields(Quantity)}
    every = Quantity(**(values | {"span": (1, 2), "low": 1.0, "high": 2.0}))
    assert every.shifted(7) == attrs.evolve(every, span=(8, 9))
