"""What the parsing shortcuts must keep: the collector's state, and every line judged once."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff._text import without_collection
from policydiff.metadata import split_body
from policydiff.segment import segment


def test_the_collector_resumes_after_an_error() -> None:
    @without_collection
    def fail() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        fail()
    assert gc.isenabled()


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        assert without_collection(gc.isenabled)() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_paused_function_made_is_moved_to_the_oldest_generation() -> None:
    # so that no young collection walks a whole result (the nodes of two long documents)
    @without_collection
    def build() -> list[list[int]]:
        return [[k] for k in range(20_000)]

    made = build()
    assert gc.get_count()[0] < 100
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert id(made) in oldest and id(made[-1]) in oldest


def test_objects_the_program_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen
        assert without_collection(lambda: [[k] for k in range(1_000)])()
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_each_line_is_asked_once_whether_it_opens_a_section() -> None:
    asked: list[str] = []

    def opens(line: str) -> bool:
        asked.append(line)
        return False

    # A table flattened to lines: neither running text nor a numbered line anywhere.
    text = "\n".join(f"项目{k}\n{k}个" for k in range(50))
    lines = split_body(text, opens_section=opens)
    assert len(asked) == len(set(asked)) == len(text.split("\n"))
    assert [(line.start, line.end) for line in lines][:2] == [(0, 3), (4, 6)]


def test_repeated_and_unnumbered_keys_without_a_family_up_front() -> None:
    nodes = segment("一、总体情况\n(一)甲。\n(一)乙。\n(一)丙。\n说明一段。\n说明二段。")
    assert [n.path for n in nodes[0].walk()] == ["1", "1.1", "1.1~2", "1.1~3"]
    assert nodes[0].children[-1].text.endswith("说明二段。")


def test_a_diff_runs_with_the_collector_paused_and_resumes_it() -> None:
    import numpy as np

    from policydiff import diff, parse

    seen: list[bool] = []

    def scorer(old: object, new: object) -> np.ndarray:
        seen.append(gc.isenabled())
        return np.eye(len(old), len(new))  # type: ignore[arg-type]

    diff(parse("一、总则\n甲。"), parse("一、总则\n乙。"), scorer=scorer)
    assert seen == [False] and gc.isenabled()


@given(st.text(st.sampled_from("村卫生室AbcÉé 1。\u3400\u4dbf\uf900\ufaff\U00020000"), max_size=60))
def test_the_language_is_told_by_counts_of_han_characters_and_latin_words(text: str) -> None:
    from policydiff._text import _HAN_RUN, _LATIN_WORD, detect_language

    han, latin = len(_HAN_RUN.findall(text)), len(_LATIN_WORD.findall(text))
    assert detect_language(text) == ("en" if latin > han else "zh")
