"""Notes on number pairs: what a reader should know beside the two values (a qualifier that
changed, a stated change the two levels disagree with), and which counts are set phrases."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import _kernels as kernels
from .._text import written_magnitude
from ..model import Quantity
from ._groups import unit_key

__all__ = [
    "PHRASE_CONFIDENCE",
    "check_stated_changes",
    "direction",
    "directions",
    "each_in_words",
    "in_digits",
    "in_words",
    "pair_notes",
]

_Located = tuple[str, Quantity]


def _mid(q: Quantity) -> float:
    return (q.low + q.high) / 2.0


_QUALIFIER_WORDS = {
    "approx": "approximately",
    "nearly": "nearly",
    "over": "over",
    "at_least": "at least",
    "under": "under",
    "at_most": "at most",
}


def pair_notes(
    old: Quantity, new: Quantity, directions: tuple[int, int] = (1, 1)
) -> tuple[str, ...]:
    """What a reader should know beside the values: a rise that became a fall (or the other
    way round), a qualifier that changed (a floor that became an approximation)."""
    notes = []
    if directions[0] != directions[1]:
        notes.append("direction: {} → {}".format(*(_DIRECTION_WORDS[d] for d in directions)))
    if old.qualifier == new.qualifier:
        return tuple(notes)
    # 累计 says what is counted (the period), not how exact the figure is
    before, after = (q.qualifier if q.qualifier != "cumulative" else None for q in (old, new))
    if before != after:
        words = (_QUALIFIER_WORDS.get(q or "", "exact") for q in (before, after))
        notes.append("qualifier: {} → {}".format(*words))
    return tuple(notes)


# A fall stated as a rate or an amount: 下降3.14%, 出口减少16%, 比去年减少200亿元.
_FALL = re.compile(r"(?:减少|降低|削减|下降|下跌|回落|减产|压减|压缩|缩小|核减|调减|少|负增长)了?$")
_CUT_FIRST = re.compile(r"(?:再|又|同时)?(?:削减|压减|压缩|核减|调减|减少)")
# … but a level reached by falling is no fall: 回落到2.6%, 赤字率下降到2%, 降为4.1%.
_REACHED_BY = frozenset("到至为")


def direction(q: Quantity, text: str) -> int:
    """``-1`` for a growth rate or a stated change its words say is a fall (``下降3.14%``,
    ``减少200亿元``), else ``1``. ``text`` is the document text ``q.span`` points into.

    A figure's value is the magnitude the text writes; two figures of one measure whose
    directions differ (增长1.2% one year, 下降3.14% the next) compare by their signed values.
    """
    if q.measure != "growth" and q.kind != "change":
        return 1
    if _CUT_FIRST.match(q.metric):
        return -1  # 削减财政赤字450亿元: the verb comes first
    if not _FALL.search(q.metric):
        return 1
    before = text[max(0, q.span[0] - 4) : q.span[0]].rstrip()
    return 1 if before[-1:] in _REACHED_BY else -1


def directions(quantities: Sequence[_Located], text: str) -> list[int]:
    """:func:`direction` of each quantity, asked only of the growth rates and stated changes
    (the others are rises): a table's hundred thousand counts make no call."""
    return [
        direction(q, text) if q.measure == "growth" or q.kind == "change" else 1
        for _, q in quantities
    ]


_DIRECTION_WORDS = {1: "rise", -1: "fall"}


def check_stated_changes(
    old_q: Sequence[_Located],
    new_q: Sequence[_Located],
    pairs: Sequence[tuple[int, int]],
    text: str,
) -> dict[int, tuple[str, ...]]:
    """Notes for paired levels whose change the new document also states, where the three
    disagree: 今年拟安排财政赤字13500亿元,比上年增加1500亿元 against last year's 12000亿元.

    A stated change modifies the level just before it in the same node and sentence, of the
    same unit and subject (or of no subject of its own); its sign is its verb's (增加 +,
    减少 −, :func:`direction`). ``text`` is the new document's, which the spans point into.
    """
    notes: dict[int, tuple[str, ...]] = {}
    # only the nodes that state a change are read (a table states none)
    stating = {path for path, q in new_q if q.kind == "change"}
    if not stating:
        return notes
    old_of = {j: i for i, j in pairs}
    # The last level so far in the current node, by unit and by (unit, subject): a node's
    # quantities are consecutive, so one pass finds each change's level.
    last: dict[tuple[str, ...], int] = {}
    node = None
    for c, (path, change) in enumerate(new_q):
        if path not in stating:
            continue
        if path != node:
            node, last = path, {}
        unit = unit_key(change.unit)
        if change.kind != "change":
            last[(unit,)] = last[(unit, change.subject)] = c
            continue
        if kernels.unit_class(change.unit) == "percent":
            continue
        level = last.get((unit, change.subject) if change.subject else (unit,))
        if level is None or level not in old_of:
            continue
        if "。" in text[new_q[level][1].span[1] : change.span[0]]:
            continue  # (同时,削减财政赤字450亿元 several sentences on: another change)
        stated = _mid(change) * direction(change, text)
        old_level, new_level = old_q[old_of[level]][1], new_q[level][1]
        scale = kernels.unit_size(old_level.unit) / kernels.unit_size(change.unit)
        found = (
            _mid(new_level) * kernels.unit_size(new_level.unit) / kernels.unit_size(change.unit)
            - _mid(old_level) * scale
        )
        if abs(found - stated) > 0.01 * max(abs(stated), abs(found)):
            word, factor = written_magnitude(change.text)
            notes[level] = (
                f"the new text states a change of {stated / factor:+g}{word}{change.unit}, "
                f"the two values differ by {found / factor:+g}{word}{change.unit}",
            )
    return notes


#: The confidence of a pair of counts written in Chinese numerals in documents that write their
#: figures in digits: below any sensible headline threshold.
PHRASE_CONFIDENCE = 0.5
_DIGIT = re.compile(r"[0-9]")


def in_words(q: Quantity) -> bool:
    """Whether a figure is written without a digit (``两个``, ``八项``, ``三分之一``)."""
    return _without_digit(q.text)


def _without_digit(text: str) -> bool:
    return _DIGIT.search(text) is None


def each_in_words(quantities: Sequence[_Located]) -> list[bool]:
    """:func:`in_words` of each quantity, looked up once a text (a table repeats a few)."""
    # (one pass of Python over the quantities, for their texts; the rest runs in C)
    texts = [q.text for _, q in quantities]
    worded = set(filter(_without_digit, set(texts)))
    return list(map(worded.__contains__, texts))


def in_digits(worded: Sequence[bool]) -> bool:
    """Whether a document writes most of its figures in digits (a report, not a law), from
    :func:`each_in_words` of its quantities."""
    written = len(worded) - sum(worded)
    return written > len(worded) / 2
