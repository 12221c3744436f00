"""Large documents: similarities on a sparse set of candidate pairs, in memory linear in them.

Two documents of many nodes (a flat file of 25,000 paragraphs, a machine-made outline) would
need node × node matrices of gigabytes. Beyond :data:`SPARSE_CELLS` old × new nodes the
scorer is run on candidate pairs only:

1. nodes whose own wording (heading included) is the same on both sides are candidates for
   each other (a hash join; a wording repeated many times pairs each of its occurrences with
   the :data:`BAND` occurrences on either hand of its place on the other side);
2. every other node is a candidate for the :data:`TOP` distinct texts of the other side most
   similar to it by each of the text similarities (own text, subtree, and across the two) —
   of a text the other side repeats, the occurrences just before and just after its place —
   found by sparse products in row blocks of bounded size, read from either side so that the
   set is the same for ``diff(b, a)``;
3. every candidate is then scored exactly as the dense scorer scores it
   (:func:`~policydiff._align._similarity._similarity`: text, headings, anchors), except that
   the "best descendant" rule sees only the descendants' candidate pairs.

A pair that is no candidate scores 0. The dense and the sparse scorers agree on every
candidate (``tests/test_scale.py``); below the size, the dense one is used, so documents of
ordinary size are aligned as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._kernels import distinct
from ..model import AlignOptions, Node
from ._features import _Features, _first_equal, _parents
from ._links import EARLIER
from ._similarity import _rare_anchors, anchors, text_similarity

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Old × new nodes beyond which similarities are computed on candidate pairs only.
SPARSE_CELLS = 2_000_000
#: Candidates a node gets from each text similarity.
TOP = 8
#: A wording repeated on both sides pairs each occurrence with this many of the other side's
#: on either hand of its place.
BAND = 2
#: Free nodes on either side of a gap between linked runs beyond which its nodes are not all
#: candidates for each other (:func:`_gaps`).
GAP = 8
#: Cells of one block of a product (rows × columns) held at once.
BLOCK_CELLS = 4_000_000


class Cells:
    """Scores of candidate pairs: read as ``score[i, j]`` (0 off the candidates) and
    ``score[np.ix_(rows, cols)]`` (a dense block), like the dense matrix they stand for."""

    def __init__(self, rows: NDArray[np.int64], cols: NDArray[np.int64],
                 values: NDArray[np.float64], shape: tuple[int, int]) -> None:  # fmt: skip
        from scipy.sparse import csr_matrix

        self.rows, self.cols, self.values, self.shape = rows, cols, values, shape
        self.matrix = csr_matrix((values, (rows, cols)), shape=shape)
        self._lookup: dict[tuple[int, int], float] | None = None

    def __getitem__(self, key: Any) -> Any:
        first, second = key
        if isinstance(first, np.ndarray) or isinstance(second, np.ndarray):
            rows, cols = np.ravel(first), np.ravel(second)
            return self.matrix[rows][:, cols].toarray()
        if self._lookup is None:
            self._lookup = dict(
                zip(zip(self.rows.tolist(), self.cols.tolist(), strict=True),
                    self.values.tolist(), strict=True)
            )  # fmt: skip
        return self._lookup.get((int(first), int(second)), 0.0)

    def at(self, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        """``score[rows[k], cols[k]]`` for every k (0 off the candidates)."""
        found: NDArray[np.float64] = np.asarray(self.matrix[rows, cols]).ravel()
        return found

    def with_values(self, values: NDArray[np.float64]) -> Cells:
        return Cells(self.rows, self.cols, values, self.shape)


def candidates(
    old: Sequence[Node],
    new: Sequence[Node],
    features: _Features,
    linked: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The candidate pairs ``(old rows, new columns)``, each once, sorted.

    ``linked`` are pairs settled before the search (:func:`._runs.leaf_runs`): they are
    candidates, and a pair found for one of their nodes is dropped. Between the others:

    - the free nodes between the same two linked pairs, each with each (:func:`_gaps`);
    - a repeated wording with the occurrences nearest its place, linked or not, its pairs
      with a linked node dropped (an edited line of a table is no candidate for a far copy
      because the near ones are taken);
    - a node with neither searches the whole other side (:func:`_top`);
    - a pair of two nodes that each have a gap partner is dropped unless the two read the
      same and no other node of either document does: each is compared where it stands, and
      a unique line is found where it moved, as a patience diff finds it.
    """
    n_old = len(old)
    found_rows: list[NDArray[np.int64]] = []
    found_cols: list[NDArray[np.int64]] = []
    free_old = np.ones(n_old, dtype=bool)
    free_new = np.ones(len(new), dtype=bool)
    gap_old = np.zeros(n_old, dtype=bool)
    gap_new = np.zeros(len(new), dtype=bool)
    if linked is not None:
        free_old[linked[0]] = False
        free_new[linked[1]] = False
        gap_rows, gap_cols = _gaps(linked, free_old, free_new)
        gap_old[gap_rows] = gap_new[gap_cols] = True
        *same, once = _same_wording(old, new, features.wordings, (free_old, free_new))
        # (a wording whose near occurrences are all linked is searched)
        between = free_old[same[0]] & free_new[same[1]]
        same = [same[0][between], same[1][between]]
        # the pairs of a wording each side has once: a move, as a patience diff reads it
        once_keys = same[0][once[between]] * len(new) + same[1][once[between]]
    else:
        *same, _ = _same_wording(old, new, features.wordings)
    found_rows.append(same[0])
    found_cols.append(same[1])
    # A node is searched from when nothing else offers it a partner.
    alone_old = free_old & ~gap_old
    alone_old[same[0]] = False
    alone_new = free_new & ~gap_new
    alone_new[same[1]] = False
    a_own, b_own = features.split(features.own_tfidf)
    a_tree, b_tree = features.split(features.tree_tfidf)
    # Each side's own and subtree rows stacked: a leaf's two rows are equal, and equal rows
    # are scored once, so a leaf is compared once against each matrix of the other side.
    # (Documents of leaves alone have one matrix: the subtree rows are the own rows.)
    firsts: dict[int, NDArray[np.int64]] = {}  # of each matrix (by identity), once

    def first_equal(matrix: Any) -> NDArray[np.int64]:
        if (found := firsts.get(id(matrix))) is None:
            found = firsts[id(matrix)] = _first_equal(matrix)
        return found

    for side, (own, tree), (other_own, other_tree), alone in (
        (0, (a_own, a_tree), (b_own, b_tree), alone_old),
        (1, (b_own, b_tree), (a_own, a_tree), alone_new),
    ):
        rows = np.flatnonzero(alone)
        both = own if features.flat else _stack(own, tree)
        which = rows if features.flat else np.concatenate((rows, rows + own.shape[0]))
        first = first_equal(both)
        for other in (other_own,) if features.flat else (other_own, other_tree):
            found = _top(both, other, which, first, first_equal(other), own.shape[0])
            mine = found[0] % own.shape[0]
            found_rows.append(mine if side == 0 else found[1])
            found_cols.append(found[1] if side == 0 else mine)
    rows, cols = np.concatenate(found_rows), np.concatenate(found_cols)
    if linked is not None:
        # Between linked runs, a line diff's pairs (:func:`_gaps`); another pair of two
        # nodes that each have such pairs (two copies of a table's cell, one edited away
        # here, one edited in there) is dropped, each node paired where it stands, unless
        # the two read the same and no other node of either document does (a moved line).
        between = free_old[rows] & free_new[cols]
        between &= ~(gap_old[rows] & gap_new[cols]) | np.isin(rows * len(new) + cols, once_keys)
        rows = np.concatenate((rows[between], gap_rows, linked[0]))
        cols = np.concatenate((cols[between], gap_cols, linked[1]))
    keys = distinct(rows * len(new) + cols)
    return keys // len(new), keys % len(new)


def _gaps(
    linked: tuple[NDArray[np.int64], NDArray[np.int64]],
    free_old: NDArray[np.bool_],
    free_new: NDArray[np.bool_],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every pair of free nodes that stand between the same two linked pairs (``linked``, in
    order on both sides), where there are at most :data:`GAP` of them on either side: what
    a line diff pairs, a line edited between two runs with the line that replaced it."""
    old_free, new_free = np.flatnonzero(free_old), np.flatnonzero(free_new)
    old_gap = np.searchsorted(linked[0], old_free)
    new_gap = np.searchsorted(linked[1], new_free)
    gaps = len(linked[0]) + 1
    old_count = np.bincount(old_gap, minlength=gaps)
    new_count = np.bincount(new_gap, minlength=gaps)
    small = (old_count > 0) & (new_count > 0) & (old_count <= GAP) & (new_count <= GAP)
    old_start = np.cumsum(old_count) - old_count
    new_start = np.cumsum(new_count) - new_count
    rows: list[int] = []
    cols: list[int] = []
    for g in np.flatnonzero(small).tolist():
        olds = old_free[old_start[g] : old_start[g] + old_count[g]].tolist()
        news = new_free[new_start[g] : new_start[g] + new_count[g]].tolist()
        rows += [i for i in olds for _ in news]
        cols += [j for _ in olds for j in news]
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def _same_wording(
    old: Sequence[Node],
    new: Sequence[Node],
    wordings: Sequence[str],
    free: tuple[NDArray[np.bool_], NDArray[np.bool_]] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Pairs ``(old, new)`` of nodes whose own wording (``wordings``: ``_wording`` of each,
    old then new) and heading are the same, repeated wordings paired with the occurrences
    nearest their place (:func:`_band`), and which pairs are of a wording each document has
    once. Given ``free`` (a mask of each side), only the wordings that a free node of each
    side has: the pairs of the others hold a node that is not free."""
    n_old = len(old)
    keep: set[str] | None = None
    if free is not None:
        keep = {wordings[k] for k in np.flatnonzero(free[0]).tolist()} & {
            wordings[n_old + k] for k in np.flatnonzero(free[1]).tolist()
        }
    by_text: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for k, node in enumerate(old):
        if keep is not None and wordings[k] not in keep:
            continue
        key = (node.heading, wordings[k])
        if (found := by_text.get(key)) is None:
            found = by_text[key] = ([], [])
        found[0].append(k)
    for k, node in enumerate(new):
        if keep is not None and wordings[n_old + k] not in keep:
            continue
        if (found := by_text.get((node.heading, wordings[n_old + k]))) is not None:
            found[1].append(k)
    rows: list[int] = []
    cols: list[int] = []
    banded_rows: list[NDArray[np.int64]] = []
    banded_cols: list[NDArray[np.int64]] = []
    once: list[bool] = []
    for olds, news in by_text.values():
        if not news:
            continue
        if len(olds) * len(news) <= (2 * BAND + 1) ** 2:
            once += [len(olds) == len(news) == 1] * (len(olds) * len(news))
            rows += [i for i in olds for _ in news]
            cols += [j for _ in olds for j in news]
            continue
        near_old, near_new = _band(
            np.array(olds, dtype=np.int64), np.array(news, dtype=np.int64), n_old, len(new)
        )
        banded_rows.append(near_old)
        banded_cols.append(near_new)
    banded = sum(len(found) for found in banded_rows)
    return (
        np.concatenate([np.array(rows, dtype=np.int64), *banded_rows]),
        np.concatenate([np.array(cols, dtype=np.int64), *banded_cols]),
        np.concatenate([np.array(once, dtype=bool), np.zeros(banded, dtype=bool)]),
    )


def _band(
    olds: NDArray[np.int64], news: NDArray[np.int64], n_old: int, n_new: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The pairs ``(old, new)`` of the occurrences ``olds`` and ``news`` (node indexes,
    sorted) of one wording that stand near each other: for each occurrence, the
    :data:`BAND` of the other side's just before and the :data:`BAND` just after its place,
    read as a share of its document (node ``i`` of ``n_old`` stands where node
    ``i · n_new / n_old`` of the other does). Taken from both sides, so that the set is the
    same read from either (a pair near both ways is given twice). By place rather than by
    rank: a table whose repeated cell was edited here and there keeps each occurrence near
    the one in its place, where ranks drift by every edit before it."""
    found_old: list[NDArray[np.int64]] = []
    found_new: list[NDArray[np.int64]] = []
    for mine, theirs, scale, first in (
        (olds, news, n_new / n_old, True),
        (news, olds, n_old / n_new, False),
    ):
        at = np.searchsorted(theirs, mine * scale)
        for step in range(-BAND, BAND):
            near = at + step
            inside = (near >= 0) & (near < len(theirs))
            pair = (mine[inside], theirs[near[inside]])
            found_old.append(pair[0] if first else pair[1])
            found_new.append(pair[1] if first else pair[0])
    return np.concatenate(found_old), np.concatenate(found_new)


def _stack(top: Any, bottom: Any) -> Any:
    """The rows of ``top`` then those of ``bottom``, as one CSR matrix."""
    from scipy.sparse import csr_matrix, vstack

    return vstack([csr_matrix(top), csr_matrix(bottom)], format="csr")


def _top(
    left: Any,
    right: Any,
    which: NDArray[np.int64],
    left_first: NDArray[np.int64],
    right_first: NDArray[np.int64],
    left_size: int | None = None,
) -> tuple[NDArray[np.int64], ...]:
    """For the rows ``which`` of ``left``, the rows of ``right`` of the :data:`TOP` distinct
    rows of largest positive product (ties to the earlier), as ``(left rows, right rows)``:
    of rows equal to each other, the two nearest the left row's place.

    ``left_first`` and ``right_first`` name each row's first equal row (``_features._first_equal``).
    Equal rows of ``left`` have the same top rows, found once, and equal rows of ``right``
    are one row of the product: a document that repeats its lines (a table's cells, a list of
    identical items) is read in time linear in its distinct lines, not quadratic in all of
    them. Of the rows equal to a top row, a left row takes the last before and the first after
    its own place, both read as a share of its document (row ``r`` of ``left_size`` rows — the
    rows of ``left`` may be a document's rows stacked more than once — at ``r mod left_size /
    left_size``): a line edited in a table that repeats it is a candidate for the line that
    stood in its place, not for the first of its kind."""
    from scipy.sparse import csr_matrix

    found_rows: list[NDArray[np.int64]] = []
    found_cols: list[NDArray[np.int64]] = []
    if not len(which) or right.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left = left if hasattr(left, "toarray") else csr_matrix(left)
    right = right if hasattr(right, "toarray") else csr_matrix(right)
    size = left.shape[0] if left_size is None else left_size
    n_right = right.shape[0]
    columns = np.flatnonzero(right_first == np.arange(n_right))  # one row of each kind
    right_t = right[columns].T.tocsc()
    # One row of ``left`` for each kind among ``which``.
    kinds, inverse = np.unique(left_first[which], return_inverse=True)
    block = max(1, BLOCK_CELLS // len(columns))
    for start in range(0, len(kinds), block):
        rows = kinds[start : start + block]
        product = (left[rows] @ right_t).toarray()
        k = min(TOP, product.shape[1])
        # the k largest of each row, the earlier column of equal ones: a partition (linear)
        # on a key that puts the earlier of equal values first, then the k sorted
        key = -product + columns[None, :] * 1e-12
        order = np.argpartition(key, k - 1, axis=1)[:, :k] if k < product.shape[1] else None
        if order is None:
            order = np.argsort(key, axis=1, kind="stable")
        values = np.take_along_axis(product, order, axis=1)
        keep = values > 0
        found_rows.append(np.repeat(np.arange(start, start + len(rows)), k).reshape(-1, k)[keep])
        found_cols.append(columns[order[keep]])
    kind_of, cols = np.concatenate(found_rows), np.concatenate(found_cols)
    # Each kind's pairs, for every row of ``which`` of that kind.
    counts = np.bincount(inverse, minlength=len(kinds))
    members = which[np.argsort(inverse, kind="stable")]
    first_member = np.cumsum(counts) - counts
    repeat = counts[kind_of]
    offsets = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    rows_out = members[np.repeat(first_member[kind_of], repeat) + offsets]
    return _nearest_equal(rows_out, np.repeat(cols, repeat), right_first, size)


def _nearest_equal(
    rows: NDArray[np.int64], kinds: NDArray[np.int64], right_first: NDArray[np.int64], size: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each pair ``(left row, first right row of a kind)`` as the pairs of that left row with
    the rows of the kind just before and just after its place (one pair when the kind is one
    row)."""
    n_right = len(right_first)
    stride = n_right + 1
    # every right row by kind, then by place: a kind's rows are one sorted run of ``keys``
    keys = np.sort(right_first * stride + np.arange(n_right))
    place = (rows % size) * (n_right / size)
    at = np.searchsorted(keys, kinds * stride + place)
    out_rows: list[NDArray[np.int64]] = []
    out_cols: list[NDArray[np.int64]] = []
    for side in (at - 1, at):
        inside = (side >= 0) & (side < n_right)
        found = keys[np.clip(side, 0, n_right - 1)]
        inside &= found // stride == kinds
        out_rows.append(rows[inside])
        out_cols.append(found[inside] % stride)
    return np.concatenate(out_rows), np.concatenate(out_cols)


def _dots(left: Any, right: Any, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> Any:
    """``left[rows[k]] · right[cols[k]]`` for every k, in blocks."""
    from scipy.sparse import csr_matrix

    left = left if hasattr(left, "toarray") else csr_matrix(left)
    right = right if hasattr(right, "toarray") else csr_matrix(right)
    out = np.zeros(len(rows))
    step = 200_000
    for start in range(0, len(rows), step):
        r, c = rows[start : start + step], cols[start : start + step]
        out[start : start + step] = np.asarray(left[r].multiply(right[c]).sum(axis=1)).ravel()
    return out


def _best_descendant(
    nodes: Sequence[Node], rows: NDArray[np.int64], cols: NDArray[np.int64], own: Any
) -> NDArray[np.float64]:
    """For each cell ``(rows[k], cols[k])``: the best ``own`` score of a candidate cell of a
    descendant of ``rows[k]`` in the same column (0 where there is none)."""
    parent = _parents(nodes)
    best: dict[tuple[int, int], float] = {}
    below = np.flatnonzero(parent[rows] != -1)  # (the cells of top-level nodes have no parent)
    for r, c, value in zip(
        rows[below].tolist(), cols[below].tolist(), own[below].tolist(), strict=True
    ):
        up = int(parent[r])
        while up != -1:
            key = (up, c)
            if best.get(key, -1.0) < value:
                best[key] = value
            up = int(parent[up])
    result = np.zeros(len(rows))
    if not best:
        return result
    above = np.flatnonzero(np.isin(rows, parent[parent != -1]))  # the cells of parents
    result[above] = [
        best.get(key, 0.0) for key in zip(rows[above].tolist(), cols[above].tolist(), strict=True)
    ]
    return result


def sparse_similarity(
    old: Sequence[Node],
    new: Sequence[Node],
    features: _Features,
    options: AlignOptions,
    linked: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None,
) -> Cells:
    """The similarity of every candidate pair (:func:`candidates`, ``linked`` pairs among
    them), as the dense scorer computes it."""
    from rapidfuzz import fuzz, process

    rows, cols = candidates(old, new, features, linked)
    a_own, b_own = features.split(features.own_tfidf)
    a_tree, b_tree = features.split(features.tree_tfidf)
    own = _dots(a_own, b_own, rows, cols)
    if features.flat:  # (every subtree is its node, and no node has a descendant)
        tree = left = right = own
    else:
        tree = _dots(a_tree, b_tree, rows, cols)
        left = _dots(a_tree, b_own, rows, cols)
        left = np.where(left > _best_descendant(old, rows, cols, own), left, 0.0)
        right = _dots(a_own, b_tree, rows, cols)
        right = np.where(right > _best_descendant(new, cols, rows, own), right, 0.0)
    parent_old = np.array([bool(n.children) for n in old])[rows]
    parent_new = np.array([bool(n.children) for n in new])[cols]
    text = text_similarity(own, tree, left, right, parent_old, parent_new, options.cross_level)
    total = text.copy()
    weight = np.ones_like(text)
    has_old = np.array([bool(n.heading) for n in old])[rows]
    has_new = np.array([bool(n.heading) for n in new])[cols]
    either = has_old | has_new
    if options.heading_weight and either.any():
        heading = np.zeros(len(rows))
        both = np.flatnonzero(has_old & has_new)
        old_heads, new_heads = [n.heading for n in old], [n.heading for n in new]
        heading[both] = (
            process.cpdist(  # fuzz.ratio of each pair, in one call
                [old_heads[i] for i in rows[both].tolist()],
                [new_heads[j] for j in cols[both].tolist()],
                scorer=fuzz.ratio,
                dtype=np.float64,
            )
            / 100.0
        )
        heads_old, heads_new = features.split(features.heads_rare)
        body_old, body_new = features.split(features.own_rare)
        totals_old, totals_new = features.split(features.head_rare_total)
        distinct_old, distinct_new = features.split(features.head_distinct)
        short_old = np.minimum(1.0, distinct_old / options.short_heading)[rows]
        short_new = np.minimum(1.0, distinct_new / options.short_heading)[cols]
        with np.errstate(divide="ignore", invalid="ignore"):
            cover_old = _dots(heads_old, _presence(body_new), rows, cols) / np.where(
                totals_old[rows] == 0, np.inf, totals_old[rows]
            )
            cover_new = _dots(heads_new, _presence(body_old), cols, rows) / np.where(
                totals_new[cols] == 0, np.inf, totals_new[cols]
            )
        heading = np.maximum(heading, short_old * cover_old)
        heading = np.maximum(heading, short_new * cover_new)
        total += np.where(either, options.heading_weight * heading, 0.0)
        weight += np.where(either, options.heading_weight, 0.0)
    most = options.rare_anchor
    anchor_old = _rare_anchors([anchors(n) for n in old], most=most)
    anchor_new = _rare_anchors([anchors(n) for n in new], most=most)
    if options.anchor_weight and any(anchor_old) and any(anchor_new):
        shared = np.zeros(len(rows))
        # the cells whose two nodes both have anchors: found at once, then read one by one
        anchored_old = np.array([bool(a) for a in anchor_old])[rows]
        anchored_new = np.array([bool(b) for b in anchor_new])[cols]
        present = anchored_old & anchored_new
        both = np.flatnonzero(present)
        for k, i, j in zip(both.tolist(), rows[both].tolist(), cols[both].tolist(), strict=True):
            a, b = anchor_old[i], anchor_new[j]
            shared[k] = len(a & b) / min(len(a), len(b))
        total += np.where(present, options.anchor_weight * shared, 0.0)
        weight += np.where(present, options.anchor_weight, 0.0)
    values = np.clip(total / weight, 0.0, 1.0)
    return Cells(rows, cols, values, (len(old), len(new)))


def _presence(matrix: Any) -> Any:
    """A copy of the matrix with 1 for every stored non-zero value."""
    from scipy.sparse import csr_matrix

    present = matrix.copy() if hasattr(matrix, "toarray") else csr_matrix(matrix)
    present.data = (present.data != 0).astype(np.float64)
    return present


def tie_break(cells: Cells) -> NDArray[np.float64]:
    """:func:`~policydiff._align._links._tie_break` on the candidate cells."""
    n_old, n_new = cells.shape
    i, j = cells.rows / n_old, cells.cols / n_new
    result: NDArray[np.float64] = -1e-6 * np.abs(i - j) - EARLIER * (i + j)
    return result


def context(
    old: Sequence[Node], new: Sequence[Node], pairs: list[tuple[int, int]], cells: Cells
) -> NDArray[np.float64]:
    """:func:`~policydiff._align._links._context` on the candidate cells."""
    old_parent, new_parent = _parents(old), _parents(new)
    linked = dict(pairs)
    mapped = np.array([linked.get(int(p), -2) if p != -1 else -1 for p in old_parent])
    bonus = 0.5 * (mapped[cells.rows] == new_parent[cells.cols]).astype(np.float64)
    old_kids = np.bincount(old_parent[old_parent >= 0], minlength=len(old))
    new_kids = np.bincount(new_parent[new_parent >= 0], minlength=len(new))
    extra: dict[tuple[int, int], float] = defaultdict(float)
    for i, j in pairs:
        pi, pj = int(old_parent[i]), int(new_parent[j])
        if pi >= 0 and pj >= 0:
            extra[(pi, pj)] += 0.5 / max(old_kids[pi], new_kids[pj])
    if extra:
        keys = zip(cells.rows.tolist(), cells.cols.tolist(), strict=True)
        bonus = bonus + np.array([extra.get(key, 0.0) for key in keys])
    result: NDArray[np.float64] = bonus
    return result
