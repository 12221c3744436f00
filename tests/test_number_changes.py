"""Number changes from chosen pairs: the changes are made by position and with what depends on
a unit, a text or a score found once, so they are held here against the plain reading of each
pair, kept in this file, over figures of every kind of unit, qualifier, sign and score."""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from policydiff import _kernels as kernels
from policydiff._diff._groups import generic
from policydiff._diff._notes import (
    PHRASE_CONFIDENCE,
    check_stated_changes,
    direction,
    directions,
    in_words,
    pair_notes,
)
from policydiff._diff._number_changes import CONDITION_CONFIDENCE, number_changes
from policydiff.model import DiffOptions, NumberChange, Quantity, QuantityRef

_Located = tuple[str, Quantity]


def test_number_changes_are_made_with_their_fields_in_order() -> None:
    # number_changes makes each NumberChange by position (a keyword call is slower): a field
    # moved or added in the model must show here, not as changes with their fields swapped
    assert [field.name for field in attrs.fields(NumberChange)] == [
        "change",
        "metric",
        "old",
        "new",
        "delta",
        "relative",
        "confidence",
        "headline",
        "notes",
    ]


def _plain_changes(
    old_q: Sequence[_Located],
    new_q: Sequence[_Located],
    pairs: Sequence[tuple[int, int]],
    score_of: dict[tuple[int, int], float],
    options: DiffOptions,
    signs: tuple[Sequence[int], Sequence[int]],
    new_text: str,
) -> tuple[NumberChange, ...]:
    """Each pair read on its own, every field by keyword."""
    checked = check_stated_changes(old_q, new_q, pairs, new_text)

    def in_digits(located: Sequence[_Located]) -> bool:
        return sum(1 for _, q in located if not in_words(q)) > len(located) / 2

    phrase_counts = in_digits(old_q) and in_digits(new_q)
    by_new: list[NumberChange | None] = [None] * len(new_q)
    dropped = [True] * len(old_q)
    for i, j in pairs:
        (path_old, qo), (path_new, qn) = old_q[i], new_q[j]
        dropped[i] = False
        scale = kernels.unit_size(qo.unit) / kernels.unit_size(qn.unit)
        old_low, old_high = qo.low * scale, qo.high * scale
        turned = (signs[0][i], signs[1][j]) if signs[0][i] != signs[1][j] else (1, 1)
        delta = turned[1] * ((qn.low + qn.high) / 2.0) - turned[0] * (old_low + old_high) / 2.0
        rate = kernels.unit_class(qn.unit) == "percent"
        old_mid = (old_low + old_high) / 2.0
        confidence = round(min(1.0, score_of[i, j]), 4)
        if not qo.metric and not qn.metric and generic(qo) and generic(qn):
            confidence = min(confidence, 0.5)
        if qo.period == "condition":
            confidence = min(confidence, CONDITION_CONFIDENCE)
        if phrase_counts and in_words(qo) and in_words(qn):
            confidence = min(confidence, PHRASE_CONFIDENCE)
        same = math.isclose(old_low, qn.low, rel_tol=1e-9) and math.isclose(
            old_high, qn.high, rel_tol=1e-9
        )
        by_new[j] = NumberChange(
            change="unchanged" if same and turned == (1, 1) else "changed",
            metric=qn.metric or qo.metric,
            old=QuantityRef(path_old, qo),
            new=QuantityRef(path_new, qn),
            delta=round(delta, 6),
            relative=round(delta / old_mid, 4) if old_mid and not rate else None,
            confidence=confidence,
            headline=confidence >= options.headline_confidence,
            notes=pair_notes(qo, qn, turned) + checked.get(j, ()),
        )
    changes = [
        NumberChange("added", qn.metric, None, QuantityRef(path_new, qn))
        if change is None
        else change
        for change, (path_new, qn) in zip(by_new, new_q, strict=True)
    ]
    changes += [
        NumberChange("dropped", qo.metric, QuantityRef(path_old, qo), None)
        for gone, (path_old, qo) in zip(dropped, old_q, strict=True)
        if gone
    ]
    return tuple(changes)


# (zeros of both signs often: a zero's sign is what a shortcut for figures that did not
# change would lose)
_VALUES = st.sampled_from([0.0, -0.0, 0.0, -0.0, 3.14, -3.14, 12000.0, 1e-12, 1e300, math.inf])
_SCORES = st.one_of(
    st.sampled_from([1.0, 1.5, 0.995, 0.99994, 0.99996, 0.5, 0.12345, 0.0, math.nan]),
    st.floats(min_value=0.0, max_value=2.0),
)


@st.composite
def _quantity(draw: st.DrawFn, at: int) -> Quantity:
    low = draw(_VALUES)
    high = draw(st.one_of(st.just(low), _VALUES))
    return Quantity(
        text=draw(st.sampled_from(["5个", "两个", "三分之一", "58.2万吨", "1.2%", "八项"])),
        span=(at, at + 2),
        low=low,
        high=high,
        unit=draw(st.sampled_from(["", "个", "%", "个百分点", "万元", "吨", "斤", "亩"])),
        qualifier=draw(st.sampled_from([None, "approx", "over", "cumulative"])),
        metric=draw(st.sampled_from(["", "投资", "村卫生室", "增长"])),
        kind=draw(st.sampled_from(["actual", "target", "change"])),
        subject=draw(st.sampled_from(["", "投资", "村卫生室", "省"])),
        measure=draw(st.sampled_from(["", "growth"])),
        period=draw(st.sampled_from(["annual", "condition"])),
    )


@st.composite
def _paired(
    draw: st.DrawFn,
) -> tuple[
    list[_Located], list[_Located], list[tuple[int, int]], list[float], tuple[list[int], ...]
]:
    sides = []
    for _ in range(2):
        n = draw(st.integers(min_value=0, max_value=30))
        paths = sorted(draw(st.lists(st.sampled_from(["1", "1.1", "2"]), min_size=n, max_size=n)))
        sides.append([(path, draw(_quantity(4 * k))) for k, path in enumerate(paths)])
    old_q, new_q = sides
    olds = draw(st.permutations(range(len(old_q))))
    news = draw(st.permutations(range(len(new_q))))
    pairs = list(zip(olds, news, strict=False))[: draw(st.integers(min_value=0, max_value=30))]
    scores = [draw(_SCORES) for _ in pairs]
    signs = tuple(
        draw(st.lists(st.sampled_from([1, -1]), min_size=len(s), max_size=len(s))) for s in sides
    )
    return old_q, new_q, pairs, scores, signs


def _one_pair(
    old: float, new: float, score: float, signs: tuple[int, int] = (1, 1), qualifier: str = ""
) -> tuple[
    list[_Located], list[_Located], list[tuple[int, int]], list[float], tuple[list[int], ...]
]:
    """Two figures of one unit, paired: the edges a shortcut could miss, held explicitly."""
    figure = Quantity("5个", (0, 2), old, old, "个", qualifier=None, metric="村卫生室")
    other = attrs.evolve(figure, low=new, high=new, qualifier=qualifier or None)
    return [("1", figure)], [("1", other)], [(0, 0)], [score], ([signs[0]], [signs[1]])


@example(_one_pair(0.0, -0.0, 1.0), 0.75)  # a change of -0.0
@example(_one_pair(-3.14, -3.14, 1.0), 0.75)  # a relative change of -0.0
@example(_one_pair(0.0, 0.0, 1.0, (1, -1)), 0.75)  # a rise that became a fall, at zero
@example(_one_pair(1.0, 1.0, 0.995), 0.75)
@example(_one_pair(1.0, 1.0, 0.99996), 0.75)  # rounds to 1
@example(_one_pair(1.0, 1.0, math.nan), 0.75)
@example(_one_pair(1.0, 1.0, 1.0, qualifier="approx"), 0.75)
@given(_paired(), st.sampled_from([0.0, 0.5, 0.7, 1.0]))
def test_number_changes_read_each_pair_as_it_stands(
    case: tuple[
        list[_Located], list[_Located], list[tuple[int, int]], list[float], tuple[list[int], ...]
    ],
    headline: float,
) -> None:
    old_q, new_q, pairs, scores, (old_signs, new_signs) = case
    options = DiffOptions(headline_confidence=headline)
    text = "比上年增加了5个。" * 20
    found = number_changes(old_q, new_q, pairs, scores, options, (old_signs, new_signs), text)
    plain = _plain_changes(
        old_q,
        new_q,
        sorted(pairs),
        dict(zip(pairs, scores, strict=True)),
        options,
        (old_signs, new_signs),
        text,
    )
    # (repr tells a zero's sign and a nan, which == does not)
    assert repr(found) == repr(plain)


@given(
    st.lists(
        st.tuples(_quantity(8), st.sampled_from(["", "下降", "减少", "削减财政赤字", "回落"])),
        max_size=20,
    )
)
def test_directions_are_those_of_each_figure(figures: list[tuple[Quantity, str]]) -> None:
    # directions asks direction only of growth rates and stated changes: the others are rises
    located = [("1", attrs.evolve(q, metric=metric)) for q, metric in figures]
    text = "比上年回落到5个。" * 4
    assert directions(located, text) == [direction(q, text) for _, q in located]
