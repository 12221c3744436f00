"""The shortcut of finding a body's first and last lines: a line that can start the body nowhere
(neither running text nor a numbered line, no colon, no capital) is passed over at once when it
repeats, and the body found is the one asking every line finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from policydiff import metadata
from policydiff.segment import block_marker

_LINE = st.sampled_from(
    [
        "单位:个",
        "卫生体系",
        "106个",
        "首页 > 新闻 > 正文",
        "关于某事的通知",
        "各区人民政府,市政府各委、办、局:",
        "各位代表:",
        "一、总则。",
        "(一)主动公开。全年公开1136条。",
        "Introduction",
        "This section describes the rules that apply to every member state.",
        "版权所有:某委",
        "某市卫生健康委员会",
        "2024年7月12日",
        "第3页",
        "image01.png",
        "分享到:",
        "分享到",
        "2024年7月12日发布。",
        "一、总则",
        "",
    ]
)
_TEXTS = st.lists(_LINE, max_size=30).map("\n".join)


def _split(text: str, width: int | None) -> list[tuple[str, int, int, str | None]]:
    lines = metadata.split_body(text, opens_section=block_marker, wrap_width=width)
    return [(line.text, line.start, line.end, line.reason) for line in lines]


@given(_TEXTS, st.sampled_from([None, 12, 40]))
def test_passing_over_repeated_lines_that_start_nothing_finds_the_same_body(
    text: str, width: int | None
) -> None:
    fast = _split(text, width)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(metadata, "_inert", lambda line, opens, runs: False)
        assert fast == _split(text, width)


@pytest.mark.parametrize(
    "text",
    [
        # A table flattened to lines, then an addressee, a capital's heading and running text.
        "单位:个\n卫生体系\n106个\n卫生体系\n106个\n各有关单位:\n卫生体系\n一、总则。",
        "卫生体系\n106个\n卫生体系\nIntroduction\n"
        "This section describes the rules that apply to every member state.",
        # Chrome after the body's last line, among repeated lines.
        "一、总则。\n卫生体系\n第3页\n卫生体系\n第3页\n分享到:",
        # The body's last line is running text on a dateline (seen before the body starts and
        # passed over then): a line before it is chrome by its shape alone, not by its words.
        "2024年7月12日发布。\n一、总则。\n分享到\n2024年7月12日发布。",
        # An English heading first in the text starts nothing; repeated over prose, it does.
        "Introduction\n卫生体系\nIntroduction\n"
        "This section describes the rules that apply to every member state.",
    ],
)
def test_a_repeated_line_before_the_line_that_starts_the_body_is_passed_over(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _split(text, None)
    monkeypatch.setattr(metadata, "_inert", lambda line, opens, runs: False)
    assert fast == _split(text, None)
    assert any(reason is None for *_, reason in fast)


@given(_TEXTS)
@example("关于某事的通知\n尊敬的王主任:\n一、总则。\n某市卫生健康委员会\n2024年7月12日")
@example("单位:个\n卫生体系\n106个")
def test_a_text_without_the_words_a_line_search_needs_is_not_searched(text: str) -> None:
    fast = _split(text, None)
    searched = metadata._matching_lines

    def search_all(
        search: tuple[re.Pattern[str], tuple[str, ...]], text: str, *, first: bool = False
    ) -> list[int]:
        return searched((search[0], ("",)), text, first=first)  # ("" is in every text)

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(metadata, "_matching_lines", search_all)
        assert fast == _split(text, None)
