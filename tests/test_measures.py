"""Measures: which sentence of two linked nodes became which (``policydiff._diff._measures``)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from hypothesis import given
from hypothesis import strategies as st

from policydiff import parse
from policydiff._align._links import _heaviest_increasing
from policydiff._diff import pair_measures
from policydiff._diff._measures import _in_place
from policydiff.model import MeasureChange, Node

from .strategies import sentences as policy_sentences

_BASE = parse("一、总体。").nodes[0]

MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}

FILLER = "各位代表！"
# Near-verbatim pairs (similarity ≥ 0.8) and sentences unlike any other.
HONG_KONG = (
    "我们要全面准确贯彻“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。",
    "我们要继续全面准确贯彻“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针。",
)
TAIWAN = (
    "我们要坚持对台工作大政方针,坚持一个中国原则,推动两岸关系和平发展。",
    "我们要坚持对台工作大政方针,坚持一个中国原则和“九二共识”,推动两岸关系和平发展。",
)
DIPLOMACY = (
    "我们要坚持独立自主的和平外交政策,推动构建人类命运共同体。",
    "我们要坚持独立自主的和平外交政策,推动构建新型国际关系和人类命运共同体。",
)
ARMY = (
    "坚持党对军队绝对领导的根本原则和制度,全面深入贯彻军委主席负责制。",
    "坚持党对人民军队的绝对领导的根本原则和制度,全面深入贯彻军委主席负责制。",
)
EDUCATION = "推动义务教育优质均衡发展和城乡一体化。"
HOUSING = "保障好群众住房需求,加快发展保障性租赁住房。"


def node(sentences: Sequence[str], path: str = "1") -> Node:
    """A node holding ``sentences`` and no heading."""
    return attrs.evolve(
        _BASE, path=path, heading="", text="".join(sentences), sentences=tuple(sentences)
    )


def rows(changes: Sequence[MeasureChange]) -> list[tuple[str, str | None, str | None, bool]]:
    return [
        (m.change, m.old.text if m.old else None, m.new.text if m.new else None, m.moved)
        for m in changes
    ]


def test_repeated_filler_does_not_anchor_a_run_away() -> None:
    # A new part opens the node with its own 各位代表！: matching the old second 各位代表！ to
    # the new second one in order would cut the Hong Kong and Taiwan sentences off from
    # their new versions.
    old = node([FILLER, HONG_KONG[0], TAIWAN[0], FILLER, DIPLOMACY[0], ARMY[0]])
    new = node(
        [FILLER, EDUCATION, HOUSING, FILLER, HONG_KONG[1], TAIWAN[1], FILLER, DIPLOMACY[1], ARMY[1]]
    )
    changes = pair_measures(old, new)
    assert rows(changes) == [
        ("unchanged", FILLER, FILLER, False),
        ("added", None, EDUCATION, False),
        ("added", None, HOUSING, False),
        ("added", None, FILLER, False),
        ("changed", HONG_KONG[0], HONG_KONG[1], False),
        ("changed", TAIWAN[0], TAIWAN[1], False),
        ("unchanged", FILLER, FILLER, False),
        ("changed", DIPLOMACY[0], DIPLOMACY[1], False),
        ("changed", ARMY[0], ARMY[1], False),
    ]
    # The old second 各位代表！ is paired with the occurrence between its neighbours' partners.
    filler = [m for m in changes if m.change == "unchanged"][1]
    assert filler.old and filler.new and (filler.old.index, filler.new.index) == (3, 6)


def test_near_verbatim_sentences_out_of_order_are_changed_and_moved() -> None:
    old = node([HONG_KONG[0], EDUCATION, TAIWAN[0], DIPLOMACY[0]])
    new = node([TAIWAN[1], DIPLOMACY[1], EDUCATION, HONG_KONG[1]])
    assert rows(pair_measures(old, new)) == [
        ("changed", TAIWAN[0], TAIWAN[1], False),
        ("changed", DIPLOMACY[0], DIPLOMACY[1], False),
        ("unchanged", EDUCATION, EDUCATION, True),
        ("changed", HONG_KONG[0], HONG_KONG[1], True),
    ]


def test_equal_sentences_that_moved_are_unchanged_and_moved() -> None:
    old = node([HOUSING, HONG_KONG[0], TAIWAN[0], DIPLOMACY[0]])
    new = node([HONG_KONG[0], TAIWAN[0], DIPLOMACY[0], HOUSING])
    assert rows(pair_measures(old, new)) == [
        ("unchanged", HONG_KONG[0], HONG_KONG[0], False),
        ("unchanged", TAIWAN[0], TAIWAN[0], False),
        ("unchanged", DIPLOMACY[0], DIPLOMACY[0], False),
        ("unchanged", HOUSING, HOUSING, True),
    ]


def test_swapped_equal_sentences_are_both_moved() -> None:
    # Neither order is better: both are moves, read from either side.
    old = node([EDUCATION, HOUSING, "深化农村改革。", "加强社会治理。"])
    new = node([EDUCATION, "加强社会治理。", "深化农村改革。", HOUSING])
    moved = {m.old.text for m in pair_measures(old, new) if m.moved and m.old}
    assert moved == {"深化农村改革。", "加强社会治理。"}
    assert {m.new.text for m in pair_measures(new, old) if m.moved and m.new} == moved


def test_dropped_sentences_follow_the_partner_of_the_sentence_before_them() -> None:
    old = node([EDUCATION, HONG_KONG[0], "加强社会治理。", TAIWAN[0], HOUSING])
    new = node([EDUCATION, TAIWAN[1], HONG_KONG[1], "深化农村改革。", HOUSING])
    assert [(c, o, n) for c, o, n, _ in rows(pair_measures(old, new))] == [
        ("unchanged", EDUCATION, EDUCATION),
        ("changed", TAIWAN[0], TAIWAN[1]),
        ("changed", HONG_KONG[0], HONG_KONG[1]),
        ("dropped", "加强社会治理。", None),
        ("added", None, "深化农村改革。"),
        ("unchanged", HOUSING, HOUSING),
    ]


def test_empty_nodes() -> None:
    full = node([EDUCATION, HOUSING])
    assert pair_measures(node([]), node([])) == ()
    assert rows(pair_measures(node([]), full)) == [
        ("added", None, EDUCATION, False),
        ("added", None, HOUSING, False),
    ]
    assert rows(pair_measures(full, node([]))) == [
        ("dropped", EDUCATION, None, False),
        ("dropped", HOUSING, None, False),
    ]


def test_identical_nodes_are_unchanged_in_place() -> None:
    texts = [FILLER, EDUCATION, FILLER, HOUSING]
    same = node(texts)
    assert rows(pair_measures(same, same)) == [("unchanged", t, t, False) for t in texts]


def links(changes: Sequence[MeasureChange]) -> set[tuple[str, int | None, int | None, bool]]:
    return {
        (m.change, m.old.index if m.old else None, m.new.index if m.new else None, m.moved)
        for m in changes
    }


def mirrored(changes: Sequence[MeasureChange]) -> set[tuple[str, int | None, int | None, bool]]:
    return {
        (MIRROR[m.change], m.new.index if m.new else None, m.old.index if m.old else None, m.moved)
        for m in changes
    }


def test_swapping_the_sides_mirrors_the_changes() -> None:
    old = node([FILLER, HONG_KONG[0], TAIWAN[0], FILLER, DIPLOMACY[0], ARMY[0], HOUSING])
    new = node([FILLER, EDUCATION, FILLER, ARMY[1], HONG_KONG[1], TAIWAN[1], FILLER, DIPLOMACY[1]])
    forward, backward = pair_measures(old, new), pair_measures(new, old)
    assert links(backward) == mirrored(forward)
    assert any(m.moved for m in forward)


# Few distinct sentences, so that lists repeat sentences and share near-verbatim ones.
SENTENCES = st.one_of(
    policy_sentences(),
    st.sampled_from([FILLER, "同志们:", *HONG_KONG, *TAIWAN, EDUCATION]),
)


@given(st.lists(SENTENCES, max_size=12), st.lists(SENTENCES, max_size=12))
def test_every_sentence_appears_once_on_its_side(a: list[str], b: list[str]) -> None:
    changes = pair_measures(node(a, "1"), node(b, "2"))
    assert sorted(m.old.index for m in changes if m.old) == list(range(len(a)))
    assert sorted(m.new.index for m in changes if m.new) == list(range(len(b)))
    assert all(m.old is None or m.old.text == a[m.old.index] for m in changes)
    assert all(m.new is None or m.new.text == b[m.new.index] for m in changes)
    # New text order.
    news = [m.new.index for m in changes if m.new]
    assert news == sorted(news)
    for m in changes:
        equal = m.old is not None and m.new is not None and m.old.text == m.new.text
        assert (m.change == "unchanged") == equal
        assert not m.moved or m.change in ("unchanged", "changed")


@given(st.lists(SENTENCES, max_size=10), st.lists(SENTENCES, max_size=10))
def test_changes_mirror_when_the_sides_swap(a: list[str], b: list[str]) -> None:
    forward = pair_measures(node(a), node(b))
    backward = pair_measures(node(b), node(a))
    assert sorted((MIRROR[c], n, o, moved) for c, o, n, moved in rows(forward)) == sorted(
        rows(backward)
    )


def test_parsed_nodes_count_their_heading() -> None:
    old = parse("(一)人才。扩大订单定向医学生规模到8000人。实施专项计划。").nodes[0]
    new = parse("(一)人才。实施专项计划。扩大订单定向医学生规模到9000人。").nodes[0]
    assert [(m.change, m.moved) for m in pair_measures(old, new)] == [
        ("unchanged", False),
        ("unchanged", True),
        ("changed", False),
    ]


@given(
    st.lists(st.integers(0, 30), unique=True, max_size=14).flatmap(
        lambda values: st.lists(
            st.sampled_from([0.25, 0.5, 1.0]), min_size=len(values), max_size=len(values)
        ).map(lambda weights: list(zip(values, weights, strict=True)))
    )
)
def test_moves_agree_with_the_quadratic_rule_for_nodes(items: list[tuple[int, float]]) -> None:
    assert _in_place(items) == _heaviest_increasing(items)


def test_a_reversed_long_node_is_quick() -> None:
    texts = [f"第{k}项任务要落实。" for k in range(5000)]
    changes = pair_measures(node(texts), node(texts[::-1]))
    assert all(m.change == "unchanged" for m in changes)
    assert sum(not m.moved for m in changes) <= 1


@given(st.lists(SENTENCES, max_size=12), SENTENCES)
def test_identical_nodes_pair_as_the_common_head_does(a: list[str], extra: str) -> None:
    # two nodes of the same sentences are settled at once; the same sentences followed by one
    # more go through the common head: but for the added one, the two must agree
    # (at the same path too, where one reference stands for both sides)
    for path in ("2", node(a).path):
        shortcut = pair_measures(node(a), node(a, path=path))
        general = pair_measures(node(a), node([*a, extra], path=path))
        assert shortcut == general[:-1]
        assert general[-1].change == "added"
