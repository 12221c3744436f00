"""The shortcuts of segmenting give the tree the general path gives: a paragraph met with no
section open placed without the questions asked of other lines, a one-line paragraph frozen in
the siblings' loop, and a repeated text's own text, sentences, agencies and quantities reused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydiff.segment as segmenting
from policydiff import extract
from policydiff.model import Node, Quantity
from policydiff.segment import _tree, segment
from policydiff.segment._tree import Draft, Freezer

# Lines of the kinds the shortcuts and the general path tell apart: table labels and cells,
# numbered lines, headings over text, an attachment, enumerations, agencies, English, ``;``.
_LINE = st.sampled_from(
    [
        "单位:个",
        "卫生体系",
        "106个",
        "106个",
        "监督改革",
        "一、总体情况",
        "(一)主动公开。全年公开1136条。",
        "(二)依申请公开;",
        "1.受理申请58.2万件",
        "说明一段。",
        "一是受理。二是答复。",
        "首先,加强领导;其次,落实责任。",
        "附件1:统计表",
        "注:数据为初步统计",
        "各位代表!",
        "加强基层医疗(国家卫生健康委、财政部按职责分工负责)",
        "The fee is $10,000.",
        "Section 1. Short title",
        "ARTICLE I",
        "第一章 总则",
        "第一条 为了规范管理,制定本办法。",
        "到2025年,城镇化率提高到65%;",
        "  缩进的行  ",
        "2023年7月26日",
        "第二部分",
    ]
)
_TEXTS = st.lists(_LINE, max_size=30).map("\n".join)


class _Asked:
    """Quantities read afresh at each call (no answer reused for a repeat)."""

    def __call__(self, text: str, offset: int, context: str) -> tuple[Quantity, ...]:
        return extract.quantities(text, year=2024, offset=offset, context=context)


class _General(Freezer):
    """The freezer without its shortcuts: every node frozen by :meth:`Freezer.node`, every own
    text read afresh."""

    __slots__ = ()

    def nodes(
        self,
        drafts: list[Draft],
        prefix: str,
        level: int,
        parent_path: str = "",
        headings: str = "",
        label: str = "",
    ) -> list[Node]:
        return [self.node(d, prefix, level, parent_path, headings, label) for d in drafts]

    def own_text(
        self, span: tuple[int, int], headings: str
    ) -> tuple[_tree._OwnText, tuple[Quantity, ...]]:
        self._read.clear()
        return super().own_text(span, headings)


def _general(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Node, ...]:
    with monkeypatch.context() as patched:
        patched.setattr(segmenting, "Freezer", _General)
        patched.setattr(segmenting, "_plain_line", lambda line: False)
        return segment(text, quantities=_Asked())


def _fast(text: str) -> tuple[Node, ...]:
    return segment(text, quantities=_Asked())


@given(_TEXTS)
def test_the_shortcuts_give_the_tree_the_general_path_gives(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _fast(text) == _general(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        # A table flattened to lines, its labels and cells repeated (a cell at the end).
        "单位:个\n" + "卫生体系\n106个\n监督改革\n491个\n" * 4 + "卫生体系\n106个",
        # Paragraphs before, between and after numbered sections; a restart moves a part.
        "前言一段\n前言二段。\n一、总体\n(一)甲;\n(二)乙;\n说明段。\n说明\n一、再来\n正文。",
        # Paragraphs of the parent after a list of clauses, a repeated item (``~2``).
        "一、甲\n(一)乙;\n(二)丙;\n段一。\n段二。\n(二)丁\n段三",
        # English paragraphs (``¶``) and a paragraph holding an enumeration.
        "The fee is $10,000.\nIt is paid once.\n一是受理。二是答复。\n总体良好",
    ],
)
def test_the_shortcuts_agree_on_documents_that_use_them(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _fast(text)
    assert fast == _general(text, monkeypatch)
    assert any(node.kind == "paragraph" for top in fast for node in top.walk())


def test_a_repeated_paragraph_reuses_what_its_text_gave_placed_where_it_stands() -> None:
    asked: list[tuple[str, int]] = []

    def finder(text: str, offset: int, context: str) -> tuple[Quantity, ...]:
        asked.append((text, offset))
        return extract.quantities(text, year=2024, offset=offset, context=context)

    text = "卫生体系(财政部负责)\n106个\n" * 3
    nodes = segment(text, quantities=finder)
    assert asked == [("卫生体系(财政部负责)", 0), ("106个", 12)]
    assert [n.span for n in nodes] == [(0, 11), (12, 16), (17, 28), (29, 33), (34, 45), (46, 50)]
    assert [q.span for n in nodes for q in n.quantities] == [(12, 16), (29, 33), (46, 50)]
    assert [n.agencies for n in nodes][::2] == [("财政部",)] * 3
    assert [n.label for n in nodes][-2:] == ["第5段", "第6段"]
