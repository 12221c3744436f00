"""Align: link the comparable nodes of two documents, even reordered, renamed, split or merged.

- :func:`align` — nodes of two documents to an :class:`~policydiff.model.Alignment`.
- :func:`similarity` — the default scorer: a matrix of similarities in ``[0, 1]``.
- :func:`moved_links` — which links are moves (longest increasing subsequence rule).

The pipeline, one module a step: :mod:`._features` cuts every node into rarity-weighted
character bigrams once; :mod:`._similarity` scores every old node against every new one
(text, headings, shared anchors); a global assignment (:func:`policydiff._kernels.assign`)
picks the links of largest total similarity, not first come first served, and links may cross
levels and parents; a second pass rewards pairs whose parents, or whose children, were linked
to each other, so a parent's link and its children's agree where they can (:mod:`._links`,
which also finds the moves); a third pass compares the nodes still left over with the children
of the corresponding sections, on their topic and rank, so that a section rewritten under the
same heading links even when its words changed, and finds the splits and merges among them
(:mod:`._siblings`); :mod:`._related` finds splits and merges by containment. Every threshold
is a field of :class:`~policydiff.model.AlignOptions`.

Two large documents are aligned on candidate pairs (:mod:`._sparse`), after the leaves in runs
that read the same on both sides are linked as a line diff links them (:mod:`._runs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _kernels as kernels
from ..model import Alignment, AlignOptions, Link, Node
from . import _sparse
from ._features import Walk, _Features
from ._links import _context, _tie_break, _uninvert, in_order, moved_links
from ._named import named_apart
from ._related import _related
from ._runs import leaf_runs
from ._siblings import _sibling_pass, _sibling_related
from ._similarity import _similarity, anchors, similarity

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["align", "anchors", "moved_links", "similarity"]


def align(
    old_nodes: Sequence[Node],
    new_nodes: Sequence[Node],
    *,
    options: AlignOptions | None = None,
    **overrides: Any,
) -> Alignment:
    """Link the comparable nodes of two documents. Pure: the same input gives the same output.

    ``old_nodes`` and ``new_nodes`` are flat sequences of nodes (``list(doc.walk())``), with
    unique paths on each side. ``options`` is an :class:`~policydiff.model.AlignOptions`;
    its fields may also be given by name (``align(a, b, threshold=0.3, scorer=my_scorer)``),
    and an unknown name is an error. Pairs below ``threshold`` are never linked; an unlinked
    node whose weighted text lies at least ``containment`` inside a linked node of the other
    side is reported as split from / merged into it.

    >>> from policydiff import parse
    >>> a = parse("(一)加强村医队伍建设。扩大订单定向医学生规模。\\n(二)推进家庭医生签约服务。")
    >>> b = parse(
    ...     "一是强服务。积极推进家庭医生签约服务。\\n二是强队伍。扩大订单定向医学生招生规模。"
    ... )
    >>> links = align(list(a.walk()), list(b.walk())).links
    >>> [(link.old, link.new) for link in links], sum(link.moved for link in links)
    ([('1', '2'), ('2', '1')], 1)
    """
    chosen = AlignOptions.merged(options, "align()", **overrides)
    old, new = Walk(old_nodes), Walk(new_nodes)
    if not old or not new:
        return Alignment()
    features = _Features(old, new)
    if chosen.scorer is None and len(old) * len(new) > _sparse.SPARSE_CELLS:
        return _align_sparse(old, new, features, chosen)
    if chosen.scorer is None:
        score = _similarity(old, new, features, chosen)
    else:
        score = np.asarray(chosen.scorer(old, new), dtype=np.float64)
    base = score + _tie_break(len(old), len(new))
    threshold = chosen.threshold
    pairs = _assign(base, threshold)
    if chosen.context_bonus and pairs:
        titles = features.titles
        # (context is no licence for two items titled apart: only their words can link them)
        near = (base >= chosen.context_floor * threshold) & ~named_apart(
            titles[0][:, None], titles[1][None, :]
        )
        boosted = base + chosen.context_bonus * _context(old, new, pairs) * near
        pairs = _assign(boosted, threshold)
    pairs = _uninvert(old, new, pairs, base, keep=chosen.uninvert_keep)
    return _finish(old, new, pairs, score, base, features, chosen)


def _align_sparse(old: Walk, new: Walk, features: _Features, chosen: AlignOptions) -> Alignment:
    """:func:`align` for large documents: the same steps on the candidate pairs of
    :mod:`._sparse`, in memory linear in them, after linking the leaves in runs that read
    the same on both sides (:func:`._runs.leaf_runs`), as a line diff does: the search and
    the assignments see only the nodes between them."""
    linked = leaf_runs(old, new)
    score = _sparse.sparse_similarity(
        old, new, features, chosen, linked if len(linked[0]) else None
    )
    base = score.with_values(score.values + _sparse.tie_break(score))
    threshold = chosen.threshold
    # (a linked leaf reads as its partner does and scores 1; a threshold of 1 leaves it
    # unlinked, as it leaves the search's pairs, whose tie-break puts them under 1)
    fixed: list[tuple[int, int]] = []
    open_cells = np.ones(len(base.values), dtype=bool)
    if len(linked[0]):
        settled = base.at(*linked) >= threshold
        fixed = list(zip(linked[0][settled].tolist(), linked[1][settled].tolist(), strict=True))
        taken_old = np.zeros(len(old), dtype=bool)
        taken_new = np.zeros(len(new), dtype=bool)
        taken_old[linked[0]] = taken_new[linked[1]] = True
        open_cells = ~(taken_old[base.rows] | taken_new[base.cols])

    def assign(values: NDArray[np.float64]) -> list[tuple[int, int]]:
        found = _assign_cells(base, np.where(open_cells, values, -np.inf), threshold)
        return sorted(fixed + found) if fixed else found

    pairs = assign(base.values)
    if chosen.context_bonus and pairs:
        titles = features.titles
        near = (base.values >= chosen.context_floor * threshold) & ~named_apart(
            titles[0][base.rows], titles[1][base.cols]
        )
        bonus = _sparse.context(old, new, pairs, base)
        pairs = assign(base.values + chosen.context_bonus * bonus * near)
    pairs = _uninvert(old, new, pairs, base, keep=chosen.uninvert_keep)  # type: ignore[arg-type]
    return _finish(old, new, pairs, score, base, features, chosen)  # type: ignore[arg-type]


def _finish(
    old: Walk,
    new: Walk,
    pairs: list[tuple[int, int]],
    score: NDArray[np.float64],
    base: NDArray[np.float64],
    features: _Features,
    chosen: AlignOptions,
) -> Alignment:
    """The sibling pass, the moves and the splits and merges, after the assignments."""
    siblings = bool(chosen.context_bonus and chosen.sibling_bonus)
    taken: list[tuple[int, int]] = []
    if siblings and pairs:
        pairs, taken = _sibling_pass(old, new, pairs, base, chosen, features.titles)
    scored = in_order(old, new, _scored(pairs, score))
    pairs = [(i, j) for i, j, _ in scored]
    moved = moved_links(old, new, scored)
    links = tuple(
        [Link(old[i].path, new[j].path, round(s, 4), (i, j) in moved) for i, j, s in scored]
    )
    related = _related(old, new, pairs, chosen.containment, chosen.body_share, features)
    if siblings:
        known = {r.new if r.kind == "split_from" else r.old for r in related}
        related += _sibling_related(old, new, pairs, taken, known, features, chosen)
    return Alignment(links=links, related=tuple(related))


def _scored(
    pairs: list[tuple[int, int]], score: NDArray[np.float64] | _sparse.Cells
) -> list[tuple[int, int, float]]:
    """``(old, new, similarity)`` of each pair, the similarities read all at once."""
    if not pairs:
        return []
    rows, cols = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    values = score.at(rows, cols) if isinstance(score, _sparse.Cells) else score[rows, cols]
    return list(zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True))


def _assign_cells(
    cells: _sparse.Cells, values: NDArray[np.float64], threshold: float
) -> list[tuple[int, int]]:
    """:func:`_assign` on candidate cells."""
    usable = values >= threshold
    # A wording repeated thousands of times makes a banded component as wide: solved on its
    # sparse graph, not as a dense matrix.
    return kernels.assign_sparse(
        cells.rows[usable], cells.cols[usable], values[usable], cells.shape, dense_cells=1 << 14
    )


def _assign(score: NDArray[np.float64], threshold: float) -> list[tuple[int, int]]:
    """The one-to-one links of largest total score among pairs at or over ``threshold``."""
    return kernels.assign(np.where(score >= threshold, score, 0.0))
