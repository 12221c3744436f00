"""Links: position tie-breaks, parent/child agreement, and which links are moves."""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from ..model import Node
from ._features import _parents

if TYPE_CHECKING:
    from numpy.typing import NDArray


def _tie_break(n_old: int, n_new: int) -> NDArray[np.float64]:
    """A tiny preference for pairs at the same relative position, and of pairs as near (a
    node between two equal candidates, one before and one after it) for the earlier: both
    symmetric under a swap, so that the two orientations of one problem break its ties alike."""
    if not n_old or not n_new:
        return np.zeros((n_old, n_new))
    i = np.arange(n_old)[:, None] / max(n_old, 1)
    j = np.arange(n_new)[None, :] / max(n_new, 1)
    return -1e-6 * np.abs(i - j) - EARLIER * (i + j)


#: The weight of the preference for the earlier of two pairs at the same distance: far below
#: any difference of distance (1e-6 / (n_old · n_new) at least, for documents of thousands of
#: nodes).
EARLIER = 1e-13


def _context(
    old: Sequence[Node],
    new: Sequence[Node],
    pairs: list[tuple[int, int]],
) -> NDArray[np.float64]:
    """How much the links around a pair agree with it: 0.5 when the pair's parents are linked
    to each other (or both are top level), plus up to 0.5 for the share of their children
    linked to each other."""
    old_parent, new_parent = _parents(old), _parents(new)
    linked = dict(pairs)
    mapped = np.array([linked.get(int(p), -2) if p != -1 else -1 for p in old_parent])
    bonus: NDArray[np.float64] = 0.5 * (mapped[:, None] == new_parent[None, :]).astype(np.float64)
    old_kids = np.bincount(old_parent[old_parent >= 0], minlength=len(old))
    new_kids = np.bincount(new_parent[new_parent >= 0], minlength=len(new))
    for i, j in pairs:
        pi, pj = old_parent[i], new_parent[j]
        if pi >= 0 and pj >= 0:
            bonus[pi, pj] += 0.5 / max(old_kids[pi], new_kids[pj])
    return bonus


def _is_ancestor(path: str, of: str) -> bool:
    return of.startswith(path + ".")


def _uninvert(
    old: Sequence[Node],
    new: Sequence[Node],
    pairs: list[tuple[int, int]],
    score: NDArray[np.float64],
    *,
    keep: float,
) -> list[tuple[int, int]]:
    """Undo links that turn the hierarchy upside down.

    When a parent is linked to a child and that child's old counterpart's child to the new
    parent (``2.1 → 2.5.1`` and ``2.1.1 → 2.5``), the pair is swapped (``2.1 → 2.5``,
    ``2.1.1 → 2.5.1``) if the swapped links keep at least ``keep`` of the total similarity.
    """
    linked = dict(pairs)
    old_parent = _parents(old)
    for b in sorted(linked):
        a = int(old_parent[b])
        while a != -1:
            if a in linked and b in linked:
                n1, n2 = linked[a], linked[b]
                if _is_ancestor(new[n2].path, new[n1].path) and score[a, n2] + score[
                    b, n1
                ] >= keep * (score[a, n1] + score[b, n2]):
                    linked[a], linked[b] = n2, n1
            a = int(old_parent[a])
    return sorted(linked.items())


def in_order(
    old: Sequence[Node], new: Sequence[Node], scored: Sequence[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """The links ``(old, new, similarity)`` with links between interchangeable nodes paired
    in document order.

    Leaves of one parent with the same marker, heading and text (the rows of a table that
    repeat ``合计`` or ``5个``, a list that repeats an item) look alike to every similarity:
    the assignment links them in any order its ties fall, and links that cross would be
    reported as moves. Such links — of one old parent and one new parent, alike on both
    sides, of one similarity — are paired first with first, second with second, as a line
    diff pairs repeated lines; the set of linked nodes and every similarity stay the same.

    >>> from policydiff import parse
    >>> a = list(parse("一、甲。\\n二、乙。\\n三、乙。").walk())
    >>> in_order(a, a, [(0, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)])
    [(0, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)]
    >>> b = list(parse("合计。\\n5个。\\n5个。").walk())
    >>> in_order(b, b, [(0, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)])
    [(0, 0, 1.0), (1, 1, 1.0), (2, 2, 1.0)]
    """
    if not scored:
        return []
    # The group of each link, found with NumPy: each node's likeness (an id of its text,
    # heading, marker and kind, one numbering for both sides) read once, rather than a key of
    # eight fields built for each link (a third of the pass on 105,000 links).
    keys = [list(map(_LIKENESS, side)) for side in (old, new)]
    ids = {key: k for k, key in enumerate(dict.fromkeys(chain(*keys)))}
    alike_old, alike_new = (
        np.fromiter(map(ids.__getitem__, side), dtype=np.int64, count=len(side)) for side in keys
    )
    parents_old, parents_new = _parents(old), _parents(new)
    for alike, parents in ((alike_old, parents_old), (alike_new, parents_new)):
        alike[parents[parents >= 0]] = -1  # (a parent is in no group)
    olds, news = (np.array([link[side] for link in scored], dtype=np.int64) for side in (0, 1))
    scores = np.array([link[2] for link in scored], dtype=np.float64)
    grouped = np.flatnonzero((alike_old[olds] >= 0) & (alike_new[news] >= 0))
    columns = (
        scores[grouped],
        parents_old[olds[grouped]],
        parents_new[news[grouped]],
        alike_old[olds[grouped]],
        alike_new[news[grouped]],
    )
    order = np.lexsort(columns[::-1])
    same = np.ones(max(len(order) - 1, 0), dtype=bool)  # a link's key is the one before's
    for column in columns:
        same &= column[order][1:] == column[order][:-1]
    if not same.any():
        return list(scored)  # (every group of one link: nothing to pair again)
    group = np.full(len(scored), -1, dtype=np.int64)
    group[grouped[order]] = np.concatenate(([0], np.cumsum(~same)))
    # Within each group, its links in order (k ascends), its old nodes in order, its new
    # nodes in order: the n-th link of a group takes the n-th of each.
    links = grouped[np.argsort(group[grouped], kind="stable")]
    by_old = grouped[np.lexsort((olds[grouped], group[grouped]))]
    by_new = grouped[np.lexsort((news[grouped], group[grouped]))]
    paired_old, paired_new = olds.copy(), news.copy()
    paired_old[links], paired_new[links] = olds[by_old], news[by_new]
    result = list(scored)
    # (only the links paired again: most stand in order already)
    for k in np.flatnonzero((paired_old != olds) | (paired_new != news)).tolist():
        result[k] = (int(paired_old[k]), int(paired_new[k]), scored[k][2])
    return result


#: What makes two leaves interchangeable (:func:`in_order`).
_LIKENESS = operator.attrgetter("text", "heading", "marker", "kind")


def moved_links(
    old: Sequence[Node], new: Sequence[Node], pairs: Sequence[tuple[int, int, float]]
) -> set[tuple[int, int]]:
    """The links that are moves.

    Links are grouped by their parents' link; a link whose parents are not linked to each
    other (nor both at the top) has changed parents: a move. Within a group, the links kept in
    place are the longest increasing subsequence of new positions taken in old order — of two
    equally long orders the better-matched one stays — and the rest are moves, as in GumTree
    and wikidiff2. When two orders are equally good, the links they disagree on are all moves,
    so that the result is the same read from either side (:func:`_heaviest_increasing`).

    >>> from policydiff import parse
    >>> a = list(parse("一、甲。\\n二、乙。\\n三、丙。").walk())
    >>> b = list(parse("一、乙。\\n二、丙。\\n三、甲。").walk())
    >>> sorted(moved_links(a, b, [(0, 2, 1.0), (1, 0, 1.0), (2, 1, 1.0)]))
    [(0, 2)]
    """
    if not pairs:
        return set()
    olds, news = (np.array([link[side] for link in pairs], dtype=np.int64) for side in (0, 1))
    scores = [link[2] for link in pairs]
    old_parent, new_parent = _parents(old)[olds], _parents(new)[news]
    partner = np.full(len(old), -2, dtype=np.int64)  # each old node's new partner, if any
    partner[olds] = news
    # (a link at the top on one side only reads ``partner[-1]``, and is no group's: masked)
    grouped = ((old_parent == -1) & (new_parent == -1)) | (
        (old_parent >= 0) & (partner[old_parent] == new_parent)
    )
    moved = set(zip(olds[~grouped].tolist(), news[~grouped].tolist(), strict=True))
    # The groups' links, a group after another, each in old order; only the groups whose new
    # positions do not simply rise are searched (found with NumPy for all groups at once:
    # most of a long document's groups are in order).
    members = np.flatnonzero(grouped)
    members = members[np.lexsort((olds[members], new_parent[members], old_parent[members]))]
    parents_old, parents_new, positions = old_parent[members], new_parent[members], news[members]
    opens = (parents_old[1:] != parents_old[:-1]) | (parents_new[1:] != parents_new[:-1])
    starts = np.flatnonzero(np.concatenate(([True], opens)))
    falls = np.flatnonzero(~opens & (positions[1:] <= positions[:-1])) + 1
    for group in np.unique(np.searchsorted(starts, falls, side="right") - 1).tolist():
        end = starts[group + 1] if group + 1 < len(starts) else len(members)
        links = members[starts[group] : end].tolist()
        kept = _heaviest_increasing([(int(news[k]), scores[k]) for k in links])
        moved.update(
            (int(olds[k]), int(news[k])) for position, k in enumerate(links) if position not in kept
        )
    return moved


#: The similarities' unit in the integer weights of :func:`_heaviest_increasing`.
_GRAIN = 10**9

#: Past this many items, :func:`_heaviest_increasing` runs in O(n log n) on Fenwick trees
#: (a flat document of 25,000 paragraphs is one sibling group of as many links).
QUADRATIC_ITEMS = 400


def _heaviest_increasing(items: Sequence[tuple[int, float]], *, tie: float = 1e-9) -> set[int]:
    """Indexes of the ``(value, similarity)`` items that every best increasing subsequence
    keeps: longest first, then of largest total similarity. The items in place are settled
    in linear time (:func:`_unsettled_runs`); each run between them is searched in O(n²)
    when short, in O(n log n) past :data:`QUADRATIC_ITEMS`.

    Where two subsequences are equally good (two equally similar siblings swapped), neither
    is kept over the other: read from the other document the same choice would fall the other
    way, and ``diff(b, a)`` must mirror ``diff(a, b)``. ``tie`` is the tolerance within which
    two totals are equal.

    >>> sorted(_heaviest_increasing([(1, 1.0), (0, 1.0), (2, 1.0)]))
    [2]
    >>> sorted(_heaviest_increasing([(1, 0.9), (0, 1.0), (2, 1.0)]))
    [1, 2]
    """
    n = len(items)
    if not n:
        return set()
    # One more element always outweighs any similarity: the similarities of n items, scaled
    # by 1/(n+1), sum to less than 1. In integers (similarities to 1e-9), so that totals of
    # thousands of links are exact and two equal ones are never told apart by rounding.
    unit = (n + 1) * _GRAIN
    exact_tie = round(tie * unit)
    kept: set[int] = set()
    rest: Sequence[int] = range(n)
    if n > _PIVOT_ITEMS:
        kept, rest = _pivots([value for value, _ in items])
        items = [items[k] for k in rest]
    settled: set[int] = set()
    for run in _open_runs(items, settled):
        solve = _heaviest_increasing_tree if len(run) > QUADRATIC_ITEMS else _heaviest_run
        part = [items[k] for k in run]
        weights = [unit + round(similarity * _GRAIN) for _, similarity in part]
        chosen = solve(part, weights, exact_tie)
        settled.update(run[k] for k in chosen)
    kept.update(rest[k] for k in settled)
    return kept


#: Past this many items, :func:`_heaviest_increasing` first sets aside the pivots
#: (:func:`_pivots`) with NumPy.
_PIVOT_ITEMS = 256


def _pivots(values: Sequence[int]) -> tuple[set[int], list[int]]:
    """The indexes of the pivots of ``values`` — a value above every value before it and
    below every value after it — and the indexes of the others, in order.

    A pivot is on every longest increasing subsequence (one that missed it could take it)
    and alone at its place in them, and what lies between two pivots is above all before the
    first and below all after the second: a problem of its own. :func:`_open_runs` finds the
    same, with a search a value (105,000 links of a flattened table, one move among them: the
    two patience sorts were a fifth of finding the moves); most links stand in order, and
    only the others are left to it.

    >>> _pivots([0, 2, 1, 3, 4])
    ({0, 3, 4}, [1, 2])
    """
    array = np.asarray(values, dtype=np.int64)
    before = np.empty_like(array)  # the largest value before each
    before[0] = np.iinfo(np.int64).min
    np.maximum.accumulate(array[:-1], out=before[1:])
    after = np.empty_like(array)  # the smallest value after each
    after[-1] = np.iinfo(np.int64).max
    after[:-1] = np.minimum.accumulate(array[:0:-1])[::-1]
    pivot = (array > before) & (array < after)
    return set(np.flatnonzero(pivot).tolist()), np.flatnonzero(~pivot).tolist()


def _open_runs(items: Sequence[tuple[int, float]], settled: set[int]) -> list[list[int]]:
    """The runs of ``items`` among which the best subsequence must still be chosen, as lists
    of indexes; the items on every longest increasing subsequence are added to ``settled``.

    Only the length of the longest increasing subsequences ending and starting at each item
    is needed for this (patience sorting, O(n log n) with bisection): an item on no longest
    subsequence is never kept (one more item outweighs any similarity); an item alone at its
    place in the longest subsequences (the only one of them that ends a longest run of its
    length) is on every one of them, and kept. Those cut the rest into runs, each chosen on
    its own, by similarity: the links left in place — most of them in every document — are
    settled at once, and only the few links around a move are searched, however far a moved
    link has gone."""
    n = len(items)
    if not n:
        return []
    ending = _piles([value for value, _ in items])
    starting = _piles([-items[k][0] for k in range(n - 1, -1, -1)])[::-1]
    longest = max(ending)
    on = [k for k in range(n) if ending[k] + starting[k] - 1 == longest]
    alone = Counter(ending[k] for k in on)
    runs: list[list[int]] = []
    run: list[int] = []
    for k in on:
        if alone[ending[k]] == 1:
            settled.add(k)
            if run:
                runs.append(run)
                run = []
        else:
            run.append(k)
    if run:
        runs.append(run)
    return runs


def _piles(values: Sequence[int]) -> list[int]:
    """For each value, the length of the longest strictly increasing subsequence of
    ``values`` that ends at it: the pile patience sorting lays it on, counted from 1.

    >>> _piles([3, 1, 2, 5, 4])
    [1, 1, 2, 3, 3]
    """
    lengths = []
    tails: list[int] = []
    for value in values:
        # (most links stand in order: a value past every tail is laid without a search)
        if tails and value <= tails[-1]:
            at = bisect_left(tails, value)
            tails[at] = value
        else:
            at = len(tails)
            tails.append(value)
        lengths.append(at + 1)
    return lengths


def _heaviest_run(
    items: Sequence[tuple[int, float]], weights: Sequence[float], tie: float
) -> set[int]:
    """:func:`_heaviest_increasing` of a short run, in O(n²), with the weights it was given."""
    n = len(items)
    ending, starting = list(weights), list(weights)
    ending_ways, starting_ways = [1] * n, [1] * n
    for k in range(n):
        for m in range(k):
            if items[m][0] < items[k][0]:
                total = ending[m] + weights[k]
                if total > ending[k] + tie:
                    ending[k], ending_ways[k] = total, ending_ways[m]
                elif total >= ending[k] - tie and ending[k] > weights[k] + tie:
                    ending_ways[k] += ending_ways[m]
    for k in range(n - 1, -1, -1):
        for m in range(k + 1, n):
            if items[m][0] > items[k][0]:
                total = starting[m] + weights[k]
                if total > starting[k] + tie:
                    starting[k], starting_ways[k] = total, starting_ways[m]
                elif total >= starting[k] - tie and starting[k] > weights[k] + tie:
                    starting_ways[k] += starting_ways[m]
    return _on_every_best(ending, ending_ways, starting, starting_ways, weights, tie)


def _on_every_best(
    ending: Sequence[float],
    ending_ways: Sequence[int],
    starting: Sequence[float],
    starting_ways: Sequence[int],
    weights: Sequence[float],
    tie: float,
) -> set[int]:
    """The items on every heaviest subsequence, from the best total (and its number of ways)
    of the subsequences ending and starting at each item: those through which the best
    total passes in every one of its ways."""
    best = max(ending)
    ways = sum(e_ways for e, e_ways in zip(ending, ending_ways, strict=True) if e >= best - tie)
    return {
        k
        for k in range(len(ending))
        if ending[k] + starting[k] - weights[k] >= best - tie
        and ending_ways[k] * starting_ways[k] == ways
    }


def _heaviest_increasing_tree(
    items: Sequence[tuple[int, float]], weights: Sequence[float], tie: float
) -> set[int]:
    """:func:`_heaviest_increasing` in O(n log n): the best total (and its number of ways)
    of a subsequence ending at each item is a prefix maximum over smaller values, kept in a
    Fenwick tree; likewise for those starting at each item, over larger values."""
    n = len(items)
    if not n:
        return set()
    ranks = {value: r for r, value in enumerate(sorted({value for value, _ in items}))}
    size = len(ranks)

    def best_from(order: Sequence[int], rank_of: Sequence[int]) -> tuple[list[float], list[int]]:
        tree_best = [-1.0] * (size + 1)
        tree_ways = [0] * (size + 1)
        totals, ways = [0.0] * n, [0] * n
        # Of two totals the larger with its number of ways, equal ones (within ``tie``)
        # adding their ways: written out in both loops, which run n log n times.
        for k in order:
            # the best over ranks below rank_of[k] (1-based: ranks 1 .. rank_of[k])
            best, count, at = -1.0, 0, rank_of[k]
            while at > 0:
                other, other_ways = tree_best[at], tree_ways[at]
                if other_ways and not best > other + tie:
                    if not count or other > best + tie:
                        best, count = other, other_ways
                    else:
                        best, count = max(best, other), count + other_ways
                at -= at & -at
            total = totals[k] = weights[k] + (best if count else 0.0)
            mine = ways[k] = count or 1
            at = rank_of[k] + 1
            while at <= size:
                here, here_ways = tree_best[at], tree_ways[at]
                if not here > total + tie:
                    if not here_ways or total > here + tie:
                        tree_best[at], tree_ways[at] = total, mine
                    else:
                        tree_best[at], tree_ways[at] = max(here, total), here_ways + mine
                at += at & -at
        return totals, ways

    ending, ending_ways = best_from(range(n), [ranks[value] for value, _ in items])
    starting, starting_ways = best_from(
        range(n - 1, -1, -1), [size - 1 - ranks[value] for value, _ in items]
    )
    return _on_every_best(ending, ending_ways, starting, starting_ways, weights, tie)
