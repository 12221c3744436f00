"""Numbers: the quantities of two documents paired by what they measure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import _kernels as kernels
from ..model import Alignment, DiffOptions, Document, NumberChange, Quantity, QuantityRef

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["pair_numbers"]


def _metric_similarity(
    old: Sequence[str], new: Sequence[str], options: DiffOptions
) -> NDArray[np.float64]:
    """Similarity of every old metric to every new one: rapidfuzz ratio, or partial ratio
    (weighed ``partial_metric_weight``) when both have ``partial_metric_length`` characters or
    more (a metric reworded around the same core)."""
    from rapidfuzz import fuzz, process

    if not old or not new:
        return np.zeros((len(old), len(new)))
    threads = kernels.workers_for(len(old), len(new))
    ratio = process.cdist(old, new, scorer=fuzz.ratio, dtype=np.float64, workers=threads) / 100.0
    partial = process.cdist(old, new, scorer=fuzz.partial_ratio, dtype=np.float64, workers=threads)
    length, weight = options.partial_metric_length, options.partial_metric_weight
    long_old = np.array([len(m) >= length for m in old])[:, None]
    long_new = np.array([len(m) >= length for m in new])[None, :]
    score = np.maximum(ratio, np.where(long_old & long_new, weight * partial / 100.0, 0.0))
    empty = np.array([not m for m in old])[:, None] | np.array([not m for m in new])[None, :]
    result: NDArray[np.float64] = np.where(empty, 0.0, score)
    return result


def _ancestors(path: str) -> list[str]:
    """``p2:2.3.1`` → ``['p2:2.3.1', 'p2:2.3', 'p2:2']``."""
    found = [path]
    while "." in path:
        path = path.rpartition(".")[0]
        found.append(path)
    return found


def _mid(q: Quantity) -> float:
    return (q.low + q.high) / 2.0


def pair_numbers(
    old: Document,
    new: Document,
    alignment: Alignment,
    options: DiffOptions | None = None,
) -> tuple[NumberChange, ...]:
    """Pair the quantities of two documents that measure the same thing.

    Candidates have the same unit class (percent, money, or the same counting unit) and the
    same kind (actual or target), and either sit in linked nodes (a node and its counterpart,
    its split/merge partner, or their descendants, with linked nodes themselves preferred)
    with metrics at least ``metric_threshold`` similar, or share a metric that each document names
    exactly once. A global assignment keeps the best pairs; every other quantity is
    ``added`` or ``dropped``. ``options`` is a :class:`~policydiff.model.DiffOptions`.
    """
    old_q = [(node.path, q) for node in old.walk() for q in node.quantities]
    new_q = [(node.path, q) for node in new.walk() for q in node.quantities]
    # Which new nodes each old node is linked to, through itself or an ancestor.
    partners: dict[str, set[str]] = {}
    for link in alignment.links:
        partners.setdefault(link.old, set()).add(link.new)
    for rel in alignment.related:
        partners.setdefault(rel.old, set()).add(rel.new)
    direct = {(link.old, link.new) for link in alignment.links} | {
        (rel.old, rel.new) for rel in alignment.related
    }
    old_metrics = sorted({q.metric for _, q in old_q})
    new_metrics = sorted({q.metric for _, q in new_q})
    chosen = options if options is not None else DiffOptions()
    threshold = chosen.metric_threshold
    metric_score = _metric_similarity(old_metrics, new_metrics, chosen)
    old_at = {m: k for k, m in enumerate(old_metrics)}
    new_at = {m: k for k, m in enumerate(new_metrics)}
    # A metric named once in each document, the same kind and unit, is the same measurement
    # wherever the sections holding it went (a target moved to another section).
    old_count: dict[tuple[str, str, str], int] = {}
    new_count: dict[tuple[str, str, str], int] = {}
    for _, q in old_q:
        k = (q.metric, q.kind, kernels.unit_key(q.unit))
        old_count[k] = old_count.get(k, 0) + 1
    for _, q in new_q:
        k = (q.metric, q.kind, kernels.unit_key(q.unit))
        new_count[k] = new_count.get(k, 0) + 1
    # The quantities under each new node (its own and its descendants').
    under: dict[str, list[int]] = {}
    for j, (path_new, _) in enumerate(new_q):
        for ancestor in _ancestors(path_new):
            under.setdefault(ancestor, []).append(j)
    new_kind = np.array([q.kind for _, q in new_q], dtype=object)
    new_unit = np.array([kernels.unit_key(q.unit) for _, q in new_q], dtype=object)
    new_metric = np.array([new_at[q.metric] for _, q in new_q], dtype=np.int64)
    new_by_key: dict[tuple[str, str, str], int] = {}
    for j, (_, q) in enumerate(new_q):
        new_by_key[(q.metric, q.kind, kernels.unit_key(q.unit))] = j
    scores = np.zeros((len(old_q), len(new_q)))
    for i, (path_old, qo) in enumerate(old_q):
        near: set[str] = set()
        for ancestor in _ancestors(path_old):
            near |= partners.get(ancestor, set())
        unit = kernels.unit_key(qo.unit)
        candidates = np.array(sorted({j for b in near for j in under.get(b, ())}), dtype=np.int64)
        if len(candidates):
            same = (new_kind[candidates] == qo.kind) & (new_unit[candidates] == unit)
            candidates = candidates[same]
            similarity = metric_score[old_at[qo.metric], new_metric[candidates]]
            keep = similarity >= threshold
            for j, value in zip(candidates[keep], similarity[keep], strict=True):
                weight = 1.0 if (path_old, new_q[j][0]) in direct else chosen.indirect_weight
                scores[i, j] = float(value) * weight
        key = (qo.metric, qo.kind, unit)
        if len(qo.metric) >= 2 and old_count[key] == 1 and new_count.get(key) == 1:
            j = new_by_key[key]
            scores[i, j] = max(scores[i, j], chosen.unique_metric_score)
    pairs = kernels.assign(scores)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    changes: list[tuple[tuple[int, int], NumberChange]] = []
    for i, j in pairs:
        (path_old, qo), (path_new, qn) = old_q[i], new_q[j]
        same = qo.low == qn.low and qo.high == qn.high
        delta = _mid(qn) - _mid(qo)
        relative = round(delta / _mid(qo), 4) if _mid(qo) else None
        changes.append(
            (
                (j, i),
                NumberChange(
                    "unchanged" if same else "changed",
                    qn.metric or qo.metric,
                    QuantityRef(path_old, qo),
                    QuantityRef(path_new, qn),
                    round(delta, 6),
                    relative,
                ),
            )
        )
    for j, (path_new, qn) in enumerate(new_q):
        if j not in paired_new:
            changes.append(
                ((j, -1), NumberChange("added", qn.metric, None, QuantityRef(path_new, qn)))
            )
    for i, (path_old, qo) in enumerate(old_q):
        if i not in paired_old:
            changes.append(
                (
                    (len(new_q), i),
                    NumberChange("dropped", qo.metric, QuantityRef(path_old, qo), None),
                )
            )
    changes.sort(key=lambda item: item[0])
    return tuple(change for _, change in changes)
