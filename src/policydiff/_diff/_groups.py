"""Groups of like quantities joined across two documents, and subjects that read alike:
the candidate joins of :func:`policydiff._diff._numbers.pair_numbers`, each bounded so that
its time and memory grow about linearly with the number of quantities."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import _kernels as kernels
from ..extract import GENERIC_SUBJECTS
from ..model import DiffOptions, Quantity

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["WINDOW", "Groups", "generic", "identity", "join", "similar_subjects", "unit_key"]

#: Subjects longer than this are not looked for at the end of others (a table's long label).
_LONGEST_SUFFIX = 40
#: Each subject keeps at most this many closest subjects of the other document (and is kept
#: by theirs) as fuzzy partners: enough for any real document, and it bounds the pairs that
#: a table of thousands of alike labels (项目1, 项目2 …) would give.
_PARTNERS = 8
#: Rows of one rapidfuzz ``cdist`` call are chosen to hold at most this many cells.
_CHUNK_CELLS = 1 << 20
#: Groups of like figures (one subject, or one bare noun and value) are paired each figure
#: with each until this many pairs are made; past it, a group is paired with itself only,
#: each figure with those within ``WINDOW`` ranks of its own (scaled to the larger side).
_FULL_PAIRS = 1 << 20
WINDOW = 4


# --- grouping and joining -----------------------------------------------------------------


class Groups:
    """Quantities of both sides grouped by a key (``None``: in no group), as index arrays.

    Group ``g`` has the key ``keys[g]``; its old members are
    ``old_order[old_start[g]:old_start[g] + old_size[g]]`` (positions in the lists the keys
    were given in, in that order), and likewise its new members.
    """

    def __init__(
        self,
        old_keys: Sequence[tuple[object, ...] | None],
        new_keys: Sequence[tuple[object, ...] | None],
    ) -> None:
        ids: dict[tuple[object, ...], int] = {}
        old_group = [-1 if k is None else ids.setdefault(k, len(ids)) for k in old_keys]
        new_group = [-1 if k is None else ids.setdefault(k, len(ids)) for k in new_keys]
        self.keys = list(ids)
        self.old_order, self.old_start, self.old_size = _members(old_group, len(ids))
        self.new_order, self.new_start, self.new_size = _members(new_group, len(ids))

    def common(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The groups with members on both sides, as pairs of group ids (each with itself)."""
        both = np.flatnonzero((self.old_size > 0) & (self.new_size > 0))
        return both, both


def _members(
    group: Sequence[int], count: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The members of each group, in order: (positions sorted by group, starts, sizes)."""
    ids = np.array(group, dtype=np.int64)
    inside = np.flatnonzero(ids >= 0)
    order = inside[np.argsort(ids[inside], kind="stable")]
    size = np.bincount(ids[inside], minlength=count).astype(np.int64)
    start = np.cumsum(size) - size
    return order, start, size


def join(
    groups: Groups, old_group: NDArray[np.int64], new_group: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The pairs of members of each pair of groups ``(old_group[p], new_group[p])``: arrays of
    old positions, new positions and ``p``.

    Pairs of groups are paired each member with each, the smallest first, until
    :data:`_FULL_PAIRS` pairs are made (any real document stays far below). Past that (a
    machine-made table of thousands of like figures) a group is paired only with itself, each
    member with those of about its rank in the other side's group (:func:`_near_ranks`):
    pairs stay linear in the members, and its figures are not tied to every alike group's in
    one assignment. The order and the rules read the same from either side.
    """
    a, b = groups.old_size[old_group], groups.new_size[new_group]
    full = np.ones(len(a), dtype=bool)
    if int((a * b).sum()) > _FULL_PAIRS:
        full = _within_budget(groups, old_group, new_group)
    starts_old, starts_new = groups.old_start[old_group[full]], groups.new_start[new_group[full]]
    n_old, n_new = a[full], b[full]
    cells = n_old * n_new
    block = np.repeat(np.arange(len(cells)), cells)
    offset = np.arange(int(cells.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(cells) - cells, cells
    )
    found_old = [groups.old_order[starts_old[block] + offset // n_new[block]]]
    found_new = [groups.new_order[starts_new[block] + offset % n_new[block]]]
    owner = [np.flatnonzero(full)[block]]
    for p in np.flatnonzero(~full & (old_group == new_group)).tolist():
        r, s = _near_ranks(int(a[p]), int(b[p]))
        found_old.append(groups.old_order[groups.old_start[old_group[p]] + r])
        found_new.append(groups.new_order[groups.new_start[new_group[p]] + s])
        owner.append(np.full(len(r), p))
    return (
        np.concatenate(found_old),
        np.concatenate(found_new),
        np.concatenate(owner).astype(np.int64),
    )


def _near_ranks(n: int, m: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Pairs of ranks ``(r, s)`` of two groups of ``n`` and ``m`` members at about the same
    relative rank: ``|(r + ½)/n − (s + ½)/m| ≤ WINDOW / min(n, m)``, which is
    ``|(2r + 1)·m − (2s + 1)·n| ≤ 2·WINDOW·max(n, m)`` in whole numbers (the same test from
    either side, with no rounding)."""
    reach = 2 * WINDOW * max(n, m)
    centre = (2 * np.arange(n, dtype=np.int64) + 1) * m
    low = np.maximum(0, -((reach - centre + n) // (2 * n)))  # ceil((centre - reach - n) / 2n)
    high = np.minimum(m - 1, (centre + reach - n) // (2 * n))
    count = np.maximum(0, high - low + 1)
    r = np.repeat(np.arange(n, dtype=np.int64), count)
    s = (
        low[r]
        + np.arange(int(count.sum()), dtype=np.int64)
        - np.repeat(np.cumsum(count) - count, count)
    )
    return r, s


def _within_budget(
    groups: Groups, old_group: NDArray[np.int64], new_group: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Which pairs of groups are paired in full: the smallest first (by pairs, then by their
    two keys whichever side they are on), while the total stays within :data:`_FULL_PAIRS`.
    Pairs that tie on both go together, so the choice is the same either way round."""
    cells = (groups.old_size[old_group] * groups.new_size[new_group]).tolist()
    text = [repr(key) for key in groups.keys]
    rank = [
        (size, *sorted((text[g], text[h])))
        for size, g, h in zip(cells, old_group.tolist(), new_group.tolist(), strict=True)
    ]
    full = np.zeros(len(cells), dtype=bool)
    used, k = 0, 0
    order = sorted(range(len(cells)), key=rank.__getitem__)
    while k < len(order):
        tied = k
        while tied < len(order) and rank[order[tied]] == rank[order[k]]:
            tied += 1
        total = sum(cells[p] for p in order[k:tied])
        if used + total > _FULL_PAIRS:
            break
        full[order[k:tied]] = True
        used, k = used + total, tied
    return full


# --- subjects ---------------------------------------------------------------------------


def similar_subjects(
    old: Sequence[str], new: Sequence[str], options: DiffOptions, budget: list[int]
) -> tuple[list[int], list[int], list[float]]:
    """Pairs of subjects (by index) at least ``min(metric_threshold, unlinked_similarity)``
    similar (:func:`_similarity`), and how similar.

    Candidates are the equal subjects, those that end one another, and, while ``budget[0]``
    comparisons remain, each subject's :data:`_PARTNERS` closest by ratio (and those that
    have it among theirs), ties going to the one that sorts first.
    """
    cutoff = min(options.metric_threshold, options.unlinked_similarity)
    length = options.partial_metric_length
    new_at = {key: k for k, key in enumerate(new)}
    found = {(k, new_at[key]) for k, key in enumerate(old) if key in new_at}
    found |= {(i, j) for j, i in _ending(new, old, length)}
    found |= set(_ending(old, new, length))
    if len(old) * len(new) <= budget[0]:
        budget[0] -= len(old) * len(new)
        found |= _closest(old, new, cutoff)
    result: tuple[list[int], list[int], list[float]] = ([], [], [])
    for i, j in sorted(found):
        score = _similarity(old[i], new[j], options)
        if score >= cutoff:
            result[0].append(i)
            result[1].append(j)
            result[2].append(score)
    return result


def _similarity(a: str, b: str, options: DiffOptions) -> float:
    """How alike two subjects (as :func:`subject_key` gives them) read: rapidfuzz ratio, or
    ``partial_metric_weight`` when the shorter (of at least ``partial_metric_length``
    characters) ends the longer — the same head noun with more modifiers (``财政赤字`` in
    ``全国财政赤字``). A shorter one inside the longer but not at its end is a modifier of
    another head noun, another measure however alike the two read (``国内生产总值`` in
    ``单位国内生产总值能耗``): 0.

    >>> _similarity("财政赤字", "全国财政赤字", DiffOptions())
    0.9
    >>> _similarity("国内生产总值", "单位国内生产总值能耗", DiffOptions())
    0.0
    >>> _similarity("养老支出(款)行政单位离退休(项)", "养老支出(款)事业单位离退休(项)",
    ...             DiffOptions())
    0.0
    """
    from rapidfuzz import fuzz

    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    score = fuzz.ratio(a, b) / 100.0
    if short in long and not long.endswith(short):
        score = 0.0
    if options.partial_metric_length <= len(short) <= _LONGEST_SUFFIX and long.endswith(short):
        score = max(score, options.partial_metric_weight)
    if len(short) >= _LONG_SUBJECT:
        # Long labels (a budget's 类/款/项 lines, a table's row) that share most of their
        # words differ where it matters: 行政事业单位医疗(款)行政单位医疗(项) is not
        # ...事业单位医疗(项), though they read 90% alike. What tells them apart is what is
        # left once their common beginning and end are set aside.
        core_a, core_b = _core(a, b)
        if core_a and core_b:
            score = min(score, fuzz.ratio(core_a, core_b) / 100.0)
    return score


#: Subjects at least this long are compared by what tells them apart (:func:`_core`) too.
_LONG_SUBJECT = 12


def _core(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b`` without their common beginning and common end.

    >>> _core("医疗(款)行政单位医疗(项)", "医疗(款)事业单位医疗(项)")
    ('行政', '事业')
    """
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start : len(a) - end], b[start : len(b) - end]


def _closest(old: Sequence[str], new: Sequence[str], cutoff: float) -> set[tuple[int, int]]:
    """Each subject's :data:`_PARTNERS` most similar subjects of the other side at ``cutoff``
    or more (rapidfuzz ratio), ties to the lower index, computed a slice of rows at a time."""
    from rapidfuzz import fuzz, process

    found: set[tuple[int, int]] = set()
    columns: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]] = []
    step = max(1, _CHUNK_CELLS // max(1, len(new)))
    for start in range(0, len(old), step):
        scores = process.cdist(
            old[start : start + step],
            new,
            scorer=fuzz.ratio,
            score_cutoff=cutoff * 100.0 - 1e-9,
            dtype=np.float64,
            workers=kernels.workers_for(min(step, len(old) - start), len(new)),
        )
        # the rows are whole in this slice; each column keeps its best of it, for later
        i, j = np.nonzero(_best(scores, axis=1))
        found.update(zip((i + start).tolist(), j.tolist(), strict=True))
        i, j = np.nonzero(_best(scores, axis=0))
        columns.append((i.astype(np.int64) + start, j.astype(np.int64), scores[i, j]))
    if columns:
        i, j, value = (np.concatenate(parts) for parts in zip(*columns, strict=True))
        order = np.lexsort((i, -value, j))
        ranked = j[order]
        first = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(order) else order
        rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
        keep = order[rank < _PARTNERS]
        found.update(zip(i[keep].tolist(), j[keep].tolist(), strict=True))
    return found


def _best(scores: NDArray[np.float64], axis: int) -> NDArray[np.bool_]:
    """Each row's (``axis=1``) or column's (``axis=0``) :data:`_PARTNERS` highest positive
    cells, ties to the lower index: the k-th highest value found by partition, the cells
    above it, and as many cells equal to it as there is room for, in order."""
    size = scores.shape[axis]
    if size <= _PARTNERS:
        result: NDArray[np.bool_] = scores > 0
        return result
    kth = np.expand_dims(
        np.partition(scores, size - _PARTNERS, axis=axis).take(size - _PARTNERS, axis=axis), axis
    )
    above = scores > kth
    tied = scores == kth
    room = _PARTNERS - above.sum(axis=axis, keepdims=True)
    result = (above | (tied & (np.cumsum(tied, axis=axis) <= room))) & (scores > 0)
    return result


def _ending(keys: Sequence[str], ends: Sequence[str], length: int) -> list[tuple[int, int]]:
    """Pairs ``(k, e)`` (indices) where ``keys[k]`` ends with ``ends[e]``, one of ``length`` to
    ``_LONGEST_SUFFIX`` characters: a look-up for each such ending of each key."""
    at = {end: e for e, end in enumerate(ends)}
    found = []
    for k, key in enumerate(keys):
        for start in range(max(0, len(key) - _LONGEST_SUFFIX), len(key) - length + 1):
            e = at.get(key[start:])
            if e is not None:
                found.append((k, e))
    return found


def identity(q: Quantity) -> tuple[str, ...]:
    """What two quantities must share to be paired, the subject first: kind, unit, measure,
    period, scope."""
    return (q.subject, q.kind, unit_key(q.unit), q.measure, q.period, q.scope)


@functools.lru_cache(maxsize=1024)
def unit_key(unit: str) -> str:
    """:func:`policydiff._kernels.unit_key`, once a unit (a document has a handful)."""
    return kernels.unit_key(unit)


#: A count of places (28个省(区、市), 2300个县(市)) measures what those places did, which the
#: words after the count say: on its own it names nothing.
_PLACES = re.compile(
    r"(?:省|市|县|区|乡|镇|村|省份|地市|城市|县区|乡镇|地区)(?:[(（][^)）]*[)）])?"
)


def generic(q: Quantity) -> bool:
    """Whether a quantity's subject names no measure of its own (empty, a bare noun, or a
    count of places)."""
    return not q.subject or q.subject in GENERIC_SUBJECTS or bool(_PLACES.fullmatch(q.subject))
