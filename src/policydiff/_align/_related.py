"""Splits and merges: unlinked nodes mostly contained in a linked node of the other side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import Node, Related
from ._features import _Features, _first_equal, _min_overlap

#: Cells (lone nodes × partners) of one block of containment shares.
_BLOCK_CELLS = 4_000_000


def _related(
    old: Sequence[Node],
    new: Sequence[Node],
    pairs: list[tuple[int, int]],
    containment: float,
    body_share: float,
    features: _Features,
) -> list[Related]:
    """Unlinked nodes mostly contained in a linked node of the other side: the node as a
    whole, or its body alone where the body carries ``body_share`` of its weight or more.

    Containment weighs each bigram occurrence by its IDF: the share of the unlinked node's
    weight that its partner holds too.
    """
    sides = (
        (old, sorted({i for i, _ in pairs}), slice(None, features.n_old)),
        (new, sorted({j for _, j in pairs}), slice(features.n_old, None)),
    )
    found: list[Related] = []
    for kind, lone_side, home_side in (("merged_into", 0, 1), ("split_from", 1, 0)):
        lone_nodes, lone_linked, lone_rows = sides[lone_side]
        home_nodes, partners, home_rows = sides[home_side]
        linked_set = set(lone_linked)
        lone = [k for k in range(len(lone_nodes)) if k not in linked_set]
        if not partners or not lone:
            continue
        homes = features.own[home_rows][partners]
        kinds, kind_of = lone, lone
        if not features.dense:
            from scipy.sparse import csr_matrix, hstack

            # Equal partners: only the earliest can be the best one; equal lone nodes: the
            # same best partner. A document of repeated lines is compared in time linear in
            # its distinct lines.
            first = _first_equal(homes)
            unique = np.flatnonzero(first == np.arange(len(partners)))
            partners = [partners[k] for k in unique.tolist()]
            homes = homes[unique]
            own, bodies = features.own[lone_rows][lone], features.bodies[lone_rows][lone]
            rows = _first_equal(hstack([csr_matrix(own), csr_matrix(bodies)], format="csr"))
            kind_of = [lone[k] for k in rows.tolist()]
            kinds = [lone[k] for k in np.flatnonzero(rows == np.arange(len(lone))).tolist()]
        best: dict[int, tuple[int, float]] = {}
        step = max(1, _BLOCK_CELLS // len(partners))  # lone rows compared at once
        for start in range(0, len(kinds), step):
            best |= _contained(
                kinds[start : start + step], lone_rows, homes, features, containment, body_share
            )
        for k, like in zip(lone, kind_of, strict=True):
            if like not in best:
                continue
            partner, share = best[like]
            node, other = lone_nodes[k].path, home_nodes[partners[partner]].path
            old_path, new_path = (node, other) if kind == "merged_into" else (other, node)
            found.append(Related(kind, old_path, new_path, share))  # type: ignore[arg-type]
    return found


def _contained(
    lone: list[int],
    lone_rows: slice,
    homes: Any,
    features: _Features,
    containment: float,
    body_share: float,
) -> dict[int, tuple[int, float]]:
    """:func:`_related` for some of the lone nodes of one side: each one's best partner (an
    index into the rows of ``homes``) and its share, where that share reaches ``containment``."""
    found: dict[int, tuple[int, float]] = {}
    idf = features.idf
    bags, body_bags = features.own[lone_rows][lone], features.bodies[lone_rows][lone]
    total = features.own_weight[lone_rows][lone]
    body_total = features.body_weight[lone_rows][lone]
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = _min_overlap(bags, homes, idf) / total[:, None]
        body = _min_overlap(body_bags, homes, idf) / body_total[:, None]
    usable = (body_total > 0) & (body_total >= body_share * total)
    shares = np.where(usable[:, None], np.maximum(shares, body), shares)
    shares = np.nan_to_num(shares)
    for row, k in enumerate(lone):
        if total[row] == 0:
            continue
        best = int(np.argmax(shares[row]))  # the first of equal shares: the earliest partner
        if shares[row, best] >= containment:
            found[k] = (best, round(float(shares[row, best]), 4))
    return found
