from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import DecodeError, parse, read
from policydiff._read import decode
from policydiff._text import display_width
from policydiff.normalize import (
    Tracked,
    clean_controls,
    detect_script,
    fold_width,
    normalize_text,
    split_paragraphs,
    strip_pinyin,
    tidy_whitespace,
    to_simplified,
    wrap_width,
)

from .conftest import SAMPLE_NAMES, SAMPLES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("（一）", "(一)"),
        ("５０％", "50%"),
        ("ＤＲＧ：", "DRG:"),
        ("。、“”《》", "。、“”《》"),
        ("①②", "①②"),  # circled numbers are markers: NFKC would turn them into digits
    ],
)
def test_fold_width(raw: str, expected: str) -> None:
    assert fold_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("會(huì)議", "會議"),
        ("發(fā)布時(shí)間", "發布時間"),
        ("重點(diǎn)", "重點"),
        ("社区卫生服务中心(站)", "社区卫生服务中心(站)"),
        ("9省(区)", "9省(区)"),
        ("(一)推进", "(一)推进"),
        ("分组(DRG)付费", "分组(DRG)付费"),
        ("平台(app)", "平台(app)"),
        ("系统(v2)", "系统(v2)"),
    ],
)
def test_strip_pinyin_keeps_real_parentheses(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected


def test_to_simplified_and_detect_script() -> None:
    traditional = "推動緊密型縣域醫共體建設由試點階段轉入全面推進階段"
    assert to_simplified(traditional) == "推动紧密型县域医共体建设由试点阶段转入全面推进阶段"
    assert detect_script(traditional) == "traditional"
    assert detect_script(to_simplified(traditional)) == "simplified"
    assert detect_script("") == "simplified"


def test_controls_paragraphs_whitespace() -> None:
    assert clean_controls("a\r\nb\rc\x07\u200b") == "a\nb\nc"
    flat = "2019\t\u3000\u3000政府工作报告\u3000\u3000\xa0一、回顾\u3000\u3000二、任务"
    assert split_paragraphs(flat).split("\n") == ["2019", "政府工作报告", "一、回顾", "二、任务"]
    assert (
        tidy_whitespace("政 府 工 作 报 告\n\n\n2023 年 see  also")
        == "政府工作报告\n2023年see also"
    )


def test_tracked_maps_every_character_back() -> None:
    original = "發(fā)布時(shí)間:（一）５０％\r\n\r\n  會(huì)議"
    from policydiff.normalize import normalize_tracked

    tracked = normalize_tracked(Tracked.of(original))
    assert tracked.text == "发布时间:(一)50%\n会议"
    for char, origin in zip(tracked.text, tracked.origin.tolist(), strict=True):
        source = original[origin]
        assert char == "\n" or normalize_text(source) == char or fold_width(source) == char
    offsets = Tracked.of(original).delete([(0, 1)]).offset_map()
    assert offsets.to_original(0) == 1


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(alphabet="會議發布（一）５０％(huì) \u3000\n\r\t卫生站()abc", max_size=80))
def test_normalize_text_is_idempotent_on_document_characters(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(alphabet="會(huì)議 \u3000#\n\t\r\x07a一。,", max_size=60))
def test_searches_skipped_would_find_nothing(text: str) -> None:
    """A step does not search a text without the characters its matches need, and finds the
    line breaks at a text's ends without a search: the text and map are what searches give."""
    from policydiff import normalize

    fast = normalize.normalize_tracked(Tracked.of(text))
    searched = normalize._sub

    def search_all(
        tracked: Tracked, pattern: re.Pattern[str], replace: str = "", **options: str | None
    ) -> Tracked:
        return searched(tracked, pattern, replace, reason=options.get("reason"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "_sub", search_all)
        patch.setattr(
            normalize,
            "_drop_blank_lines",
            lambda tracked: searched(tracked, normalize._BLANK_LINES),
        )
        slow = normalize.normalize_tracked(Tracked.of(text))
    assert (fast.text, fast.origin.tolist(), fast.removed) == (
        slow.text,
        slow.origin.tolist(),
        slow.removed,
    )


def test_wrap_width_detects_pdf_lines_only() -> None:
    wrapped = "\n".join(["本报告由某区人民政府办公室根据条例要求编制此报告数据统计"] * 10)
    assert wrap_width(wrapped) == display_width(wrapped.split("\n")[0])
    assert wrap_width("一、总则。\n短。\n" * 5) is None


def test_decode_encodings() -> None:
    text = "关于推动更多优质医疗资源下沉基层的建议"
    assert decode(text.encode("utf-8")) == text
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("gb18030")) == text
    assert decode(text.encode("gbk")) == text


def test_undecodable_bytes_name_the_encodings() -> None:
    with pytest.raises(DecodeError, match=r"utf-8, gb18030") as info:
        decode(b"ok \x81\x30\xff\xff", source="bad.txt")
    assert isinstance(info.value, ValueError)
    assert "bad.txt" in str(info.value)
    with pytest.raises(DecodeError):
        read(b"\x81\x30\xff\xff")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_read_identical(name: str, encoding: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    reference = read(SAMPLES / name)
    again = read(text.encode(encoding), name=name)
    assert again.text == reference.text
    assert [n.path for n in again.walk()] == [n.path for n in reference.walk()]
    assert again.title == reference.title


def test_similar_width_headings_are_not_hard_wrapping() -> None:
    headings = [f"第{n}部分关于推进基层医疗卫生服务能力建设工作" for n in range(1, 11)]
    paragraphs = ["加强基层医疗卫生服务能力建设," * (4 + n % 5) + "推进改革。" for n in range(10)]
    text = "\n".join(line for pair in zip(headings, paragraphs, strict=True) for line in pair)
    assert wrap_width(text) is None
    assert "第2部分关于推进基层医疗卫生服务能力建设工作\n加强" in parse(text).text
