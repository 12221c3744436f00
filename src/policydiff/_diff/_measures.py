"""Measures: the sentence-level changes between two linked nodes.

- :func:`pair_measures` — each sentence of two linked nodes as ``unchanged``, ``changed``,
  ``added`` or ``dropped``, the pairs that moved marked ``moved``.

The sentences are paired in steps:

1. The common head and tail (equal sentences at both ends) pair as they stand.
2. Anchors. A sentence that occurs exactly once in each node, with the same text, is the same
   sentence on both sides (the rule of Bram Cohen's patience diff). A sentence repeated in
   either node (``各位代表！``, ``同志们：``) anchors nothing, so short filler never pins the
   rest.
3. Repeated sentences. The occurrences of a sentence found on both sides pair in order, as many
   as the rarer side has; where one side has more, which of them pair is chosen by where they
   stand among the other links (step 5).
4. One assignment. Every other sentence is compared with every other sentence of the other
   side (rapidfuzz ratio); the pairs at or over the similarity threshold are linked by one
   maximum-weight assignment over the whole node, wherever they stand, so a near-verbatim
   sentence is never reported dropped and re-added. A pair weighs its similarity over the
   threshold, so that one near-verbatim pair is not traded for two borderline ones; ties fall
   to the pair between the same two links kept in place, then to the pair at the nearer
   relative position.
5. The occurrences of step 3 are placed again among the links of steps 2 and 4.
6. Moves. The links kept in place are those of every best increasing run of new positions
   taken in old order, the rule used for nodes
   (:func:`policydiff._align._links._heaviest_increasing`); the others are ``moved``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import _kernels as kernels
from ..model import DiffOptions, Edit, MeasureChange, Node, SentenceRef
from ._inline import inline

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["pair_measures"]

_DEFAULTS = DiffOptions()

#: What a link is worth beside its similarity over the threshold: enough that every pair at
#: the threshold is linked when its two sentences are free, too little to outweigh any step of
#: similarity (so one near-verbatim pair is not traded for two borderline ones).
_LINK = 1e-4
#: Scales of the tie-breaks added to the similarity of a candidate pair: far below the
#: smallest step of a ratio between two sentences (1/(len(a)+len(b))), so they decide only
#: between pairs that are otherwise equally good.
_GAP_TIE = 1e-6
_POSITION_TIE = 1e-7
_EARLY_TIE = 1e-9
#: Past this many order-keeping choices (occurrences × spare occurrences of one repeated
#: sentence), the occurrences pair spread evenly instead of by the cheapest choice: the
#: choice takes memory and time in proportion.
_BAND_CELLS = 1_000_000


def _sentences(node: Node) -> list[str]:
    sentences = list(node.sentences)
    return [node.heading, *sentences] if node.heading else sentences


def pair_measures(
    old: Node,
    new: Node,
    *,
    threshold: float = _DEFAULTS.sentence_threshold,
    merge_gap: int = _DEFAULTS.merge_gap,
) -> tuple[MeasureChange, ...]:
    """Sentence-level changes between two linked nodes (the heading counts as a sentence).

    Two sentences are the same measure when their texts are equal (``unchanged``) or their
    similarity is at least ``threshold`` (``changed``, with inline edits,
    :func:`~policydiff._diff._inline.inline` with ``merge_gap``), wherever they stand in the
    two nodes; the pairs are chosen by one assignment over the whole node (see the module
    docstring). A pair out of order with the others is ``moved``. The rest are ``added`` or
    ``dropped``. The changes come in the new text's order, a dropped sentence after the new
    partner of the last old sentence before it that stayed in place. The defaults are those
    of :class:`~policydiff.model.DiffOptions`.

    >>> from policydiff import parse
    >>> old = parse("(一)人才。扩大订单定向医学生规模到8000人。实施专项计划。").nodes[0]
    >>> new = parse("(一)人才。实施专项计划。扩大订单定向医学生规模到9000人。").nodes[0]
    >>> [(m.change, m.moved) for m in pair_measures(old, new)]  # 人才, 实施…, 扩大…
    [('unchanged', False), ('unchanged', True), ('changed', False)]
    """
    if old.sentences == new.sentences and old.heading == new.heading:
        # (most linked nodes of two versions: every sentence unchanged, in place; at the same
        # path, one reference stands for both sides)
        old_path, new_path = old.path, new.path
        if old_path == new_path:
            same: list[MeasureChange] = []
            for k, text in enumerate(_sentences(old)):
                ref = SentenceRef(old_path, k, text)
                same.append(MeasureChange("unchanged", ref, ref))
            return tuple(same)
        return tuple(
            [
                MeasureChange(
                    "unchanged", SentenceRef(old_path, k, text), SentenceRef(new_path, k, text)
                )
                for k, text in enumerate(_sentences(old))
            ]
        )
    a, b = _sentences(old), _sentences(new)
    n, m = len(a), len(b)
    # The common head and tail are in place whatever happens between them: they pair as they
    # stand, and only the middle goes through anchors and the assignment.
    shorter = min(n, m)
    head = 0
    while head < shorter and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shorter - head and a[n - 1 - tail] == b[m - 1 - tail]:
        tail += 1
    out = [_same(old.path, new.path, k, k, a[k]) for k in range(head)]
    if head + tail < max(n, m):
        middle_a, middle_b = a[head : n - tail], b[head : m - tail]
        links = _links(middle_a, middle_b, threshold)
        moved = _moved(middle_a, middle_b, links)
        partner = {i: j for i, j, _ in links}
        # New text order; a dropped sentence follows the new partner of the last old sentence
        # before it that stayed in place (or opens the middle). The sort keys are unique.
        events: list[tuple[int, int, int, MeasureChange]] = []
        anchor = -1
        for i, text_old in enumerate(middle_a):
            ref_old = SentenceRef(old.path, head + i, text_old)
            j = partner.get(i, -1)
            if j == -1:
                events.append((anchor, 1, i, MeasureChange("dropped", ref_old, None)))
                continue
            text_new = middle_b[j]
            ref_new = SentenceRef(new.path, head + j, text_new)
            if text_old == text_new:
                change = MeasureChange("unchanged", ref_old, ref_new, moved=i in moved)
            else:
                edits = inline(text_old, text_new, merge_gap=merge_gap)
                change = MeasureChange("changed", ref_old, ref_new, edits, moved=i in moved)
            events.append((j, 0, j, change))
            if i not in moved:
                anchor = j
        paired_new = set(partner.values())
        for j, text_new in enumerate(middle_b):
            if j not in paired_new:
                ref_new = SentenceRef(new.path, head + j, text_new)
                events.append((j, 0, j, MeasureChange("added", None, ref_new)))
        events.sort()
        out.extend(change for *_, change in events)
    out.extend(_same(old.path, new.path, n - k, m - k, a[n - k]) for k in range(tail, 0, -1))
    return tuple(out)


def _same(old_path: str, new_path: str, i: int, j: int, text: str) -> MeasureChange:
    """An unchanged sentence in place: old sentence ``i`` is new sentence ``j``."""
    return MeasureChange(
        "unchanged", SentenceRef(old_path, i, text), SentenceRef(new_path, j, text)
    )


def _links(a: Sequence[str], b: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """The linked sentence pairs ``(old index, new index, similarity)``, in old order."""
    n_a, n_b = len(a), len(b)
    where_a: dict[str, list[int]] = defaultdict(list)
    where_b: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(a):
        where_a[text].append(i)
    for j, text in enumerate(b):
        where_b[text].append(j)
    shared = [text for text in where_a if text in where_b]
    anchors = [
        (where_a[t][0], where_b[t][0]) for t in shared if len(where_a[t]) == len(where_b[t]) == 1
    ]
    repeated = [t for t in shared if len(where_a[t]) > 1 or len(where_b[t]) > 1]
    equal: dict[str, list[tuple[int, int]]] = {}
    if repeated:
        cost = _tie_cost(anchors, n_a, n_b)
        equal = {t: _pair_in_order(where_a[t], where_b[t], cost) for t in repeated}
    links = anchors + [pair for pairs in equal.values() for pair in pairs]
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    rest_a = [i for i in range(n_a) if i not in linked_a]
    rest_b = [j for j in range(n_b) if j not in linked_b]
    fuzzy: list[tuple[int, int, float]] = []
    if rest_a and rest_b:
        scores = _similarity([a[i] for i in rest_a], [b[j] for j in rest_b], threshold)
        usable = (scores >= threshold) & (scores > 0)
        if usable.size == 1:  # (most changed nodes: one sentence edited, the rest the same)
            pairs = [(0, 0)] if usable[0, 0] else []
        elif not usable.any():
            pairs = []
        elif usable.sum(axis=0).max() == 1 and usable.sum(axis=1).max() == 1:
            # No sentence has two candidates: nothing to choose between.
            rows, cols = np.nonzero(usable)
            pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
        else:
            tie = _tie_cost(links, n_a, n_b)(
                np.asarray(rest_a)[:, None], np.asarray(rest_b)[None, :]
            )
            pairs = kernels.assign(scores - threshold + _LINK - tie, usable)
        fuzzy = [(rest_a[p], rest_b[q], float(scores[p, q])) for p, q in pairs]
    uneven = {t for t in repeated if len(where_a[t]) != len(where_b[t])}
    if uneven:
        # Which occurrences of a sentence repeated more often on one side pair up was chosen
        # among the anchors alone; choose again among all the other links. The occurrences
        # the assignment linked to other sentences stay with them.
        others = anchors + [(i, j) for i, j, _ in fuzzy]
        others += [pair for t in repeated if t not in uneven for pair in equal[t]]
        cost = _tie_cost(others, n_a, n_b)
        fuzzy_a = {i for i, _, _ in fuzzy}
        fuzzy_b = {j for _, j, _ in fuzzy}
        for t in sorted(uneven):
            free_a = [i for i in where_a[t] if i not in fuzzy_a]
            free_b = [j for j in where_b[t] if j not in fuzzy_b]
            equal[t] = _pair_in_order(free_a, free_b, cost)
    exact = [(i, j, 1.0) for pairs in equal.values() for i, j in pairs]
    return sorted([(i, j, 1.0) for i, j in anchors] + exact + fuzzy)


_Cost = Callable[["NDArray[np.int64]", "NDArray[np.int64]"], "NDArray[np.float64]"]


def _tie_cost(skeleton: Sequence[tuple[int, int]], n_a: int, n_b: int) -> _Cost:
    """The cost, to break ties, of pairing old sentences ``i`` with new sentences ``j``
    (arrays that broadcast), out of ``n_a`` and ``n_b``.

    Least costly is the pair that lies between the same two links of ``skeleton`` kept in
    place, then the pair at the nearer relative position, then the earlier one. Each term is
    symmetric in the two sides, so that comparing the other way round gives the mirror pairs;
    the distances are squared, so that of two pairings of the same sentences the one in order
    is strictly cheaper (with plain distances a crossing pairing can tie with it).
    """
    skeleton = sorted(skeleton)
    kept = sorted(_in_place([(j, 1.0) for _, j in skeleton]))
    kept_a = np.array([skeleton[k][0] for k in kept], dtype=np.int64)
    kept_b = np.array([skeleton[k][1] for k in kept], dtype=np.int64)
    scale = len(kept) + 1

    def cost(i: NDArray[np.int64], j: NDArray[np.int64]) -> NDArray[np.float64]:
        gap = (np.searchsorted(kept_a, i) - np.searchsorted(kept_b, j)) / scale
        rel_a, rel_b = (i + 0.5) / n_a, (j + 0.5) / n_b
        total: NDArray[np.float64] = (
            _GAP_TIE * gap**2 + _POSITION_TIE * (rel_a - rel_b) ** 2 + _EARLY_TIE * (rel_a + rel_b)
        )
        return total

    return cost


def _pair_in_order(old_at: list[int], new_at: list[int], cost: _Cost) -> list[tuple[int, int]]:
    """The occurrences ``old_at`` and ``new_at`` of one sentence paired in order, as many as
    the side with fewer has.

    The occurrences left out on the other side are those that make the pairing cheapest by
    ``cost``: a shortest path over the order-keeping choices (as the costs grow with the
    distance between two positions on either side, the cheapest pairing never crosses). A
    sentence repeated thousands of times on both sides (past ``_BAND_CELLS`` choices) is
    paired spread evenly instead.
    """
    if len(old_at) == len(new_at):
        return list(zip(old_at, new_at, strict=True))
    flip = len(old_at) > len(new_at)
    few, many = (new_at, old_at) if flip else (old_at, new_at)
    n, spare = len(few), len(many) - len(few)
    if not n:
        return []
    if n * (spare + 1) > _BAND_CELLS:
        skips = (np.arange(n) * spare) // max(n - 1, 1)
    else:
        # The k-th of ``few`` pairs with ``many[k + d]``, 0 <= d <= spare, d never falling.
        rows = np.asarray(few, dtype=np.int64)[:, None]
        cols = np.asarray(many, dtype=np.int64)[np.arange(n)[:, None] + np.arange(spare + 1)]
        costs = cost(cols, rows) if flip else cost(rows, cols)
        best = costs[0]
        came_from = np.zeros((n, spare + 1), dtype=np.int64)
        positions = np.arange(spare + 1)
        for k in range(1, n):
            lowest = np.minimum.accumulate(best)
            improves = np.concatenate(([True], best[1:] < lowest[:-1]))
            came_from[k] = np.maximum.accumulate(np.where(improves, positions, 0))
            best = costs[k] + lowest
        skips = np.zeros(n, dtype=np.int64)
        skips[-1] = int(np.argmin(best))
        for k in range(n - 1, 0, -1):
            skips[k - 1] = came_from[k, skips[k]]
    pairs = [(few[k], many[k + int(skips[k])]) for k in range(n)]
    return [(j, i) for i, j in pairs] if flip else pairs


#: A sentence longer than this is compared with another as long by :func:`_huge_ratio`:
#: rapidfuzz's time grows with the product of the lengths (two 1 MB sentences, minutes).
HUGE = 30_000


def _similarity(a: list[str], b: list[str], threshold: float) -> NDArray[np.float64]:
    """rapidfuzz ratios in [0, 1] of every pair, 0 where a cheap bound puts them below
    ``threshold``; two sentences longer than :data:`HUGE` by :func:`_huge_ratio`."""
    from rapidfuzz import fuzz, process

    huge_a = [i for i, text in enumerate(a) if len(text) > HUGE]
    huge_b = [j for j, text in enumerate(b) if len(text) > HUGE]
    if huge_a and huge_b:
        short_a = [text if len(text) <= HUGE else "" for text in a]
        short_b = [text if len(text) <= HUGE else "" for text in b]
    else:
        short_a, short_b = a, b
    if len(a) == len(b) == 1 and not (huge_a and huge_b):
        # (most changed nodes: one sentence against one; the matrix call costs more than the
        # ratio, the same score)
        one = fuzz.ratio(a[0], b[0], score_cutoff=threshold * 100.0)
        return np.array([[one]], dtype=np.float64) / 100.0
    threads = kernels.workers_for(len(a), len(b))
    scores: NDArray[np.float64] = (
        process.cdist(
            short_a,
            short_b,
            scorer=fuzz.ratio,
            dtype=np.float64,
            workers=threads,
            score_cutoff=threshold * 100.0,
        )
        / 100.0
    )
    if huge_a and huge_b:
        for i in huge_a:  # a huge sentence against the short ones, one pair at a time
            for j in range(len(b)):
                if len(b[j]) <= HUGE:
                    scores[i, j] = fuzz.ratio(a[i], b[j], score_cutoff=threshold * 100.0) / 100
        for j in huge_b:
            for i in range(len(a)):
                if len(a[i]) <= HUGE:
                    scores[i, j] = fuzz.ratio(a[i], b[j], score_cutoff=threshold * 100.0) / 100
                else:
                    scores[i, j] = _huge_ratio(a[i], b[j], threshold)
    return scores


def _huge_ratio(a: str, b: str, threshold: float) -> float:
    """The ratio rapidfuzz would give two huge sentences (``2 · LCS / (len(a) + len(b))``),
    from Myers' diff when they differ by at most :data:`~policydiff._diff._inline.MAX_EDITS`
    characters inserted or deleted; else 0: not similar enough to tell cheaply (they are
    then dropped and added, both shown whole).

    >>> round(_huge_ratio("啊" * 40_000, "啊" * 39_990 + "甲", 0.5), 4)
    0.9999
    """
    from ._inline import MAX_EDITS, _myers_blocks

    total = len(a) + len(b)
    if not total:
        return 1.0
    counts_a, counts_b = Counter(a), Counter(b)
    bound = 2 * sum(min(n, counts_b[c]) for c, n in counts_a.items()) / total
    if bound < threshold:  # even every shared character in order would not reach it
        return 0.0
    blocks = _myers_blocks(a, b, MAX_EDITS)
    if blocks is None:
        return 0.0
    ratio = 2 * sum(size for _, _, size in blocks) / total
    return ratio if ratio >= threshold else 0.0


def _moved(a: Sequence[str], b: Sequence[str], links: Sequence[tuple[int, int, float]]) -> set[int]:
    """Old indexes of the links out of order with the others.

    Of two equally long orders, the one that keeps more matched text in place stays: a
    sentence's weight is its similarity times its length on both sides, so that a near-verbatim
    sentence is not called moved to keep a short filler in place.
    """
    if not links:
        return set()
    mass = [similarity * (len(a[i]) + len(b[j])) for i, j, similarity in links]
    top = max(mass) or 1.0
    kept = _in_place([(j, m / top) for (_, j, _), m in zip(links, mass, strict=True)])
    return {links[k][0] for k in range(len(links)) if k not in kept}


def _in_place(items: Sequence[tuple[int, float]], *, tie: float = 1e-9) -> set[int]:
    """Positions of the ``(new index, similarity)`` items, given in old order, that every best
    increasing run of new indexes keeps: longest first, then of largest total similarity.

    The rule of :func:`policydiff._align._links._heaviest_increasing` (where two runs are
    equally good, the items they disagree on are all moves, so that the result is the same
    read from either side), in O(n log n) rather than O(n²): a node may hold thousands of
    sentences. Every best run holds one item of each length of run ending at it, so an item
    is in every best run when it is in one and no other item of its length is.

    >>> sorted(_in_place([(0, 1.0), (3, 1.0), (2, 0.5), (4, 1.0)]))
    [0, 1, 3]
    >>> sorted(_in_place([(1, 1.0), (0, 1.0), (2, 1.0)]))
    [2]
    """
    n = len(items)
    values = [value for value, _ in items]
    if all(values[k] < values[k + 1] for k in range(n - 1)):
        return set(range(n))
    # One more item always outweighs any similarity: n similarities scaled by 1/(n+1) sum to
    # less than 1.
    weights = [1.0 + similarity / (n + 1) for _, similarity in items]
    rank = [0] * n
    for r, k in enumerate(sorted(range(n), key=values.__getitem__)):
        rank[k] = r
    ending = _heaviest_ending(rank, weights)
    starting = _heaviest_ending([n - 1 - r for r in reversed(rank)], weights[::-1])[::-1]
    best = max(ending)
    on_best = [k for k in range(n) if ending[k] + starting[k] - weights[k] >= best - tie]
    per_length = Counter(int(ending[k]) for k in on_best)
    return {k for k in on_best if per_length[int(ending[k])] == 1}


def _heaviest_ending(rank: Sequence[int], weights: Sequence[float]) -> list[float]:
    """For each item, the weight of the heaviest increasing run of ``rank`` ending at it (a
    Fenwick tree of prefix maxima over the ranks, which run from 0 to n - 1)."""
    n = len(rank)
    tree = [0.0] * (n + 1)
    ending = [0.0] * n
    for k, r in enumerate(rank):
        best, x = 0.0, r  # the heaviest run ending at a rank below r
        while x > 0:
            best = max(best, tree[x])
            x -= x & -x
        ending[k] = best + weights[k]
        x = r + 1
        while x <= n:
            tree[x] = max(tree[x], ending[k])
            x += x & -x
    return ending


def _node_inline(measures: tuple[MeasureChange, ...]) -> tuple[Edit, ...]:
    """Inline edits of a linked pair, sentence by sentence (cheap on long nodes).

    Edits stay apart at sentence boundaries: a dropped heading and a dropped first sentence
    are two deletions, not one run of glued text.
    """
    edits: list[Edit] = []
    for change in measures:
        if change.change == "unchanged" and change.old and change.new:
            edits.append(Edit("equal", change.old.text, change.new.text))
        elif change.change == "changed":
            edits.extend(change.inline)
        elif change.change == "added" and change.new:
            edits.append(Edit("insert", "", change.new.text))
        elif change.change == "dropped" and change.old:
            edits.append(Edit("delete", change.old.text, ""))
    merged: list[Edit] = []
    for edit in edits:  # unchanged text runs on; changes stay one a sentence
        if merged and edit.op == "equal" and merged[-1].op == "equal":
            merged[-1] = Edit("equal", merged[-1].old + edit.old, merged[-1].new + edit.new)
        else:
            merged.append(edit)
    return tuple(merged)
