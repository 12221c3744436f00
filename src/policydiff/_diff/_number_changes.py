"""Number changes: the pairs :func:`~._numbers.pair_numbers` chose, and the figures it left
alone, as :class:`~policydiff.model.NumberChange`.

A long table of figures makes hundreds of thousands of changes, so what depends only on a
unit, a text or a score is found once, not once a figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import _kernels as kernels
from ..model import DiffOptions, NumberChange, Quantity, QuantityRef
from ._groups import generic
from ._notes import PHRASE_CONFIDENCE, check_stated_changes, each_in_words, in_digits, pair_notes

__all__ = ["CONDITION_CONFIDENCE", "number_changes"]

_Located = tuple[str, Quantity]

#: The confidence of a pair of figures with no words before them, paired by their place
#: alone: below any sensible headline threshold, since nothing says what they measure.
_PLACE_CONFIDENCE = 0.5
#: The confidence of a pair of conditions (a rule's threshold on whom it applies to): below any
#: sensible headline threshold.
CONDITION_CONFIDENCE = 0.5


def number_changes(
    old_q: Sequence[_Located],
    new_q: Sequence[_Located],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    options: DiffOptions,
    signs: tuple[Sequence[int], Sequence[int]],
    new_text: str,
) -> tuple[NumberChange, ...]:
    """The number changes of ``pairs`` (each with its score in ``scores``, in any order) and
    of every quantity left alone, in new document order (a dropped one after all of them, in
    old order). ``signs`` are each side's quantities' :func:`~._notes.direction`: a rise
    paired with a fall compares signed values."""
    checked = check_stated_changes(old_q, new_q, pairs, new_text)
    words_old, words_new = each_in_words(old_q), each_in_words(new_q)
    phrase_counts = in_digits(words_old) and in_digits(words_new)
    headline = options.headline_confidence
    scale_of: dict[tuple[str, str], float] = {}
    rate_of: dict[str, bool] = {}
    sign_old, sign_new = signs
    by_new: list[NumberChange | None] = [None] * len(new_q)
    dropped = [True] * len(old_q)
    for (i, j), score in zip(pairs, scores, strict=True):
        (path_old, qo), (path_new, qn) = old_q[i], new_q[j]
        dropped[i] = False
        # the old value in the new one's unit (the same unless 吨 became 斤)
        units = (qo.unit, qn.unit)
        scale = scale_of.get(units)
        if scale is None:
            scale = scale_of[units] = kernels.unit_size(qo.unit) / kernels.unit_size(qn.unit)
        old_low, old_high = qo.low * scale, qo.high * scale
        flipped = sign_old[i] != sign_new[j]
        turned = (sign_old[i], sign_new[j]) if flipped else (1, 1)
        # 增长1.2% → 下降3.14%: −4.34 points, not +1.94 (two falls compare as written)
        delta = turned[1] * ((qn.low + qn.high) / 2.0) - turned[0] * (old_low + old_high) / 2.0
        old_mid = (old_low + old_high) / 2.0
        # a rate changes in percentage points: its relative change would read as a rate
        rate = rate_of.get(qn.unit)
        if rate is None:
            rate = rate_of[qn.unit] = kernels.unit_class(qn.unit) == "percent"
        # (round keeps a zero as it is, of either sign: most figures do not change)
        relative = (
            (round(delta / old_mid, 4) if delta else delta / old_mid)
            if old_mid and not rate
            else None
        )
        # (an anchor scores 1; a score that is not a number is no more sure than that)
        confidence = round(score, 4) if score < 1.0 else 1.0
        if not qo.metric and not qn.metric and generic(qo) and generic(qn):
            confidence = min(confidence, _PLACE_CONFIDENCE)
        if qo.period == "condition":
            # 对已拥有1套住房的家庭: a threshold says whom a rule is for, and which group it
            # names the figure alone does not say (已拥有2套 of local families, 1套 of single
            # adults): a pair of them is shown as possibly related, not headlined
            confidence = min(confidence, CONDITION_CONFIDENCE)
        if phrase_counts and words_old[i] and words_new[j]:
            # Documents that state their figures in digits write a count in Chinese numerals
            # only inside a set phrase (两个市场, 八项主张, 四项措施; GB/T 15835): not a figure
            # to headline. (A law writes every number so: there it is a figure like any.)
            confidence = min(confidence, PHRASE_CONFIDENCE)
        notes = checked.get(j, ())
        if flipped or qo.qualifier != qn.qualifier:
            notes = pair_notes(qo, qn, turned) + notes
        # (most figures are equal: _same is asked only of those that are not)
        same = (old_low == qn.low and old_high == qn.high) or (
            _same(old_low, qn.low) and _same(old_high, qn.high)
        )
        # by position, in the order of the fields (tests/test_number_changes.py holds it):
        # a keyword call costs a figure a tenth of its time
        by_new[j] = NumberChange(
            "unchanged" if same and not flipped else "changed",
            qn.metric or qo.metric,
            QuantityRef(path_old, qo),
            QuantityRef(path_new, qn),
            round(delta, 6) if delta else delta,
            relative,
            confidence,
            confidence >= headline,
            notes,
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


def _same(a: float, b: float) -> bool:
    """Whether two values are one (exactly, or after a change of unit, to rounding)."""
    return a == b or math.isclose(a, b, rel_tol=1e-9)
