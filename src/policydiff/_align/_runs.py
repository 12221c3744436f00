"""Runs of equal nodes in the same order on both sides, linked before any search.

Two versions of a long document keep most of it as it was: runs of nodes that read the same
(their kind, heading and own wording), one after the other on both sides. A line diff links
such runs first and searches only what lies between them; :func:`equal_runs` does so for
the alignment of large documents (:mod:`._sparse`), so that the candidate search, the scorer
and the assignment work on the nodes that changed, not on every node.

A run is found from an anchor: a window of :data:`WIDTH` consecutive nodes (in document
order) that occurs once on each side, with the same nodes. Anchors that cross another
anchor (a block moved) or overlap one on another diagonal are let go, so what stays is in
order on both sides and the same read from either side: ``equal_runs(b, a)`` is
``equal_runs(a, b)`` mirrored. From each anchor, in document order, the run is grown both
ways along its diagonal while the nodes read the same and neither is taken yet. Whatever no
run takes — the nodes that changed, moved, or repeat without a unique window near them — is
aligned by the search as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..model import Node

#: Consecutive equal nodes that make an anchor when they occur once on each side.
WIDTH = 4

# Odd 64-bit multipliers for the hash of a window of key numbers (wrapping arithmetic).
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_SALT = np.uint64(0xBF58476D1CE4E5B9)


def leaf_runs(
    old: Sequence[Node], new: Sequence[Node]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The leaves of ``old`` and ``new`` (indexes into them) in runs that read the same, in
    order on both sides: :func:`equal_runs` over each side's leaves in document order, a
    leaf read by its kind and own text (heading included).

    Only leaves: a leaf is all it says, where a section that reads the same may hold
    different children, which the search weighs with its own text.

    >>> from policydiff import parse
    >>> a = list(parse("\\n".join(f"第{k}段。" for k in range(10))).walk())
    >>> b = list(parse("\\n".join(f"第{k}段。" for k in (0, 1, 2, 3, 99, 5, 6, 7, 8, 9))).walk())
    >>> [pair.tolist() for pair in leaf_runs(a, b)]  # (5 to 9 a run, 99 left to the search)
    [[0, 1, 2, 3, 5, 6, 7, 8, 9], [0, 1, 2, 3, 5, 6, 7, 8, 9]]
    """
    ids: dict[tuple[str, str], int] = {}
    sides = []
    for nodes in (old, new):
        leaves = [k for k, node in enumerate(nodes) if not node.children]
        keys = [ids.setdefault((nodes[k].kind, nodes[k].own_text), len(ids)) for k in leaves]
        sides.append((np.array(leaves, dtype=np.int64), np.array(keys, dtype=np.int64)))
    (old_leaves, old_keys), (new_leaves, new_keys) = sides
    rows, cols = equal_runs(old_keys, new_keys)
    return old_leaves[rows], new_leaves[cols]


def equal_runs(
    old_keys: NDArray[np.int64], new_keys: NDArray[np.int64], width: int = WIDTH
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The pairs ``(old index, new index)`` of nodes in runs of equal keys (numbers that are
    equal where two nodes read the same), in order on both sides.

    >>> old = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    >>> new = np.array([1, 2, 3, 4, 9, 6, 7, 8])
    >>> [pair.tolist() for pair in equal_runs(old, new, width=3)]
    [[0, 1, 2, 3, 5, 6, 7], [0, 1, 2, 3, 5, 6, 7]]
    """
    empty = np.zeros(0, dtype=np.int64)
    anchors = _anchors(old_keys, new_keys, width)
    if not len(anchors[0]):
        return empty, empty
    old_taken = np.zeros(len(old_keys), dtype=bool)
    new_taken = np.zeros(len(new_keys), dtype=bool)
    starts_old, starts_new = anchors
    span = np.arange(width)
    old_taken[(starts_old[:, None] + span).ravel()] = True
    new_taken[(starts_new[:, None] + span).ravel()] = True
    a, b = old_keys.tolist(), new_keys.tolist()
    taken_a, taken_b = bytearray(old_taken.tobytes()), bytearray(new_taken.tobytes())
    n, m = len(a), len(b)
    grown_old: list[int] = []
    grown_new: list[int] = []
    for i, j in zip(starts_old.tolist(), starts_new.tolist(), strict=True):
        # back from the window's first node, then on from its last
        x, y = i - 1, j - 1
        while x >= 0 and y >= 0 and not taken_a[x] and not taken_b[y] and a[x] == b[y]:
            taken_a[x] = taken_b[y] = 1
            grown_old.append(x)
            grown_new.append(y)
            x -= 1
            y -= 1
        x, y = i + width, j + width
        while x < n and y < m and not taken_a[x] and not taken_b[y] and a[x] == b[y]:
            taken_a[x] = taken_b[y] = 1
            grown_old.append(x)
            grown_new.append(y)
            x += 1
            y += 1
    partner = np.full(n, -1, dtype=np.int64)
    partner[(starts_old[:, None] + span).ravel()] = (starts_new[:, None] + span).ravel()
    partner[np.array(grown_old, dtype=np.int64)] = grown_new
    rows = np.flatnonzero(partner >= 0)
    return rows, partner[rows]


def _anchors(
    old_keys: NDArray[np.int64], new_keys: NDArray[np.int64], width: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The first nodes ``(old, new)`` of the windows that occur once on each side, equal,
    crossing no other such window and overlapping none on another diagonal, in order."""
    empty = np.zeros(0, dtype=np.int64)
    if len(old_keys) < width or len(new_keys) < width:
        return empty, empty
    old_hash, new_hash = _window_hashes(old_keys, width), _window_hashes(new_keys, width)
    old_once, old_at = _once(old_hash)
    new_once, new_at = _once(new_hash)
    _, in_old, in_new = np.intersect1d(old_once, new_once, assume_unique=True, return_indices=True)
    i, j = old_at[in_old], new_at[in_new]
    order = np.argsort(i, kind="stable")
    i, j = i[order], j[order]
    # the same nodes, not only the same hash
    span = np.arange(width)
    same = (old_keys[i[:, None] + span] == new_keys[j[:, None] + span]).all(axis=1)
    i, j = i[same], j[same]
    if not len(i):
        return empty, empty
    # Crossing none: j above every j before and below every j after (i increasing).
    before = np.maximum.accumulate(np.r_[-1, j[:-1]])
    after = np.minimum.accumulate(np.r_[j[1:], np.iinfo(np.int64).max][::-1])[::-1]
    keep = (j > before) & (j < after)
    i, j = i[keep], j[keep]
    # Overlapping another on another diagonal, on either side: both let go. In order on
    # both sides, the windows an anchor overlaps are among the width - 1 after it.
    clash = np.zeros(len(i), dtype=bool)
    for step in range(1, width):
        near = ((i[step:] - i[:-step] < width) | (j[step:] - j[:-step] < width)) & (
            (j[step:] - i[step:]) != (j[:-step] - i[:-step])
        )
        clash[:-step] |= near
        clash[step:] |= near
    return i[~clash], j[~clash]


def _window_hashes(keys: NDArray[np.int64], width: int) -> NDArray[np.uint64]:
    """A hash of each window of ``width`` consecutive keys, by its first index."""
    mixed = (keys.astype(np.uint64) + _SALT) * _MULTIPLIER
    count = len(keys) - width + 1
    found = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            found = (found ^ mixed[offset : offset + count]) * _MULTIPLIER + np.uint64(offset)
    return found


def _once(values: NDArray[np.uint64]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The values that occur once, sorted, and where each stands."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    if len(ordered) < 2:
        return ordered, order.astype(np.int64)
    differs = ordered[1:] != ordered[:-1]
    alone = np.r_[True, differs] & np.r_[differs, True]
    return ordered[alone], order[alone].astype(np.int64)
