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
    d = policydiff.diff(_ARTICLE, changed)
    assert not d.is_empty
    added = [m.new.text for m in d.measures if m.change == "changed" and m.new]
    assert any("数据" in text for text in added)


def test_chrome_of_known_shape_inside_the_body_is_still_removed() -> None:
    doc = policydiff.parse("一、总则。全年公开1136条。\n- 2 -\n二、附则。本办法自公布之日起施行。")
    assert [(entry.text, entry.reason) for entry in doc.removed] == [("- 2 -", "chrome")]
