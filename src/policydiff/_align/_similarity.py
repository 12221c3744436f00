"""Similarity: the default scorer.

1. Character bigrams weighted by rarity: TF-IDF over the nodes of *both* documents, so words
   every section shares (``我委``, ``加强``, ``推进``) count for little and the rare words that
   name a measure count for much. Cosine over the nodes' own text, over their whole subtrees,
   and across the two (a section whose content one year sits in its own paragraphs and the next
   year in numbered children), the best of them — a subtree match only where no single
   descendant explains it as well, or a section would be linked to its own measure's
   counterpart. Lead-agency lists are left out of the words: they are anchors (3.).
2. Heading similarity with rapidfuzz (``process.cdist``, all cores), where both have headings.
3. Shared anchors: cited document titles in 《》, the metrics of their numbers, lead agencies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _kernels as kernels
from .._text import CITATION
from ..model import AlignOptions, Node
from ._features import _cover, _Features, _parents, _product

if TYPE_CHECKING:
    from numpy.typing import NDArray


_QUOTED = re.compile(r"“([^“”]{3,24})”")
_NONE: frozenset[str] = frozenset()


def anchors(node: Node) -> frozenset[str]:
    """Cited titles, quoted names, metrics of its numbers and lead agencies of a node's own text."""
    heading, body = node.heading, node.text
    cited = "《" in heading or "《" in body
    quoted = "“" in heading or "“" in body
    if not (node.quantities or node.agencies or cited or quoted):
        return _NONE  # most nodes: nothing to anchor on
    found: set[str] = set()
    if cited or quoted:
        text = node.own_text
        if cited:
            found.update(f"《{title}》" for title in CITATION.findall(text))
        if quoted:
            found.update(f"“{term}”" for term in _QUOTED.findall(text))
    found.update(f"#{q.metric}" for q in node.quantities if len(q.metric) >= 2)
    found.update(f"@{agency}" for agency in node.agencies)
    return frozenset(found) if found else _NONE


def _heading_similarity(old: Sequence[Node], new: Sequence[Node]) -> NDArray[np.float64]:
    from rapidfuzz import fuzz, process

    scores = process.cdist(
        [n.heading for n in old],
        [n.heading for n in new],
        scorer=fuzz.ratio,
        dtype=np.float64,
        workers=kernels.workers_for(len(old), len(new)),
    )
    result: NDArray[np.float64] = np.asarray(scores, dtype=np.float64) / 100.0
    return result


def similarity(
    old: Sequence[Node],
    new: Sequence[Node],
    *,
    options: AlignOptions | None = None,
    **overrides: Any,
) -> NDArray[np.float64]:
    """The default scorer: similarity of every old node to every new node, in ``[0, 1]``.

    ``options`` (an :class:`~policydiff.model.AlignOptions`) or its fields by name set the
    weights of headings and anchors.

    >>> from policydiff import parse
    >>> a = parse("(一)加强村医队伍建设。扩大订单定向医学生规模。\\n(二)推进家庭医生签约服务。")
    >>> b = parse(
    ...     "一是强服务。积极推进家庭医生签约服务。\\n二是强队伍。扩大订单定向医学生招生规模。"
    ... )
    >>> m = similarity(list(a.walk()), list(b.walk()))
    >>> [int(row.argmax()) for row in m]
    [1, 0]
    """
    if not old or not new:
        return np.zeros((len(old), len(new)), dtype=np.float64)
    chosen = AlignOptions.merged(options, "similarity()", **overrides)
    return _similarity(old, new, _Features(old, new), chosen)


def _similarity(
    old: Sequence[Node],
    new: Sequence[Node],
    features: _Features,
    options: AlignOptions,
) -> NDArray[np.float64]:
    heading_weight, anchor_weight = options.heading_weight, options.anchor_weight
    a_own, b_own = features.split(features.own_tfidf)
    a_tree, b_tree = features.split(features.tree_tfidf)
    own = _product(a_own, b_own)
    tree = _product(a_tree, b_tree)
    # An old subtree against a new node's own text, and the other way round. Such a match
    # counts only where no single descendant explains it as well: then it is that
    # descendant's match, and crediting its ancestor too would link the ancestor to the
    # descendant's counterpart (a section to one of its own measures, moved or split).
    left = _product(a_tree, b_own)
    left = np.where(left > _best_descendant(own, old), left, 0.0)
    right = _product(a_own, b_tree)
    right = np.where(right > _best_descendant(own.T, new).T, right, 0.0)
    parent_old = np.array([bool(n.children) for n in old])[:, None]
    parent_new = np.array([bool(n.children) for n in new])[None, :]
    text = text_similarity(own, tree, left, right, parent_old, parent_new, options.cross_level)

    total = text.copy()
    weight = np.ones_like(text)
    has_old = np.array([bool(n.heading) for n in old])
    has_new = np.array([bool(n.heading) for n in new])
    either = np.logical_or.outer(has_old, has_new)
    if heading_weight and either.any():
        # A heading states the node's commitment: compare headings with each other, and each
        # heading with the other node's own text (how much of its rare wording recurs there).
        heading = np.where(np.outer(has_old, has_new), _heading_similarity(old, new), 0.0)
        heads_old, heads_new = features.split(features.heads_rare)
        body_old, body_new = features.split(features.own_rare)
        totals_old, totals_new = features.split(features.head_rare_total)
        distinct_old, distinct_new = features.split(features.head_distinct)
        # A short heading (``强队伍``) recurs by chance: its cover counts in proportion to its
        # length, in full from ``short_heading`` bigrams on.
        short_old = np.minimum(1.0, distinct_old / options.short_heading)[:, None]
        short_new = np.minimum(1.0, distinct_new / options.short_heading)[None, :]
        heading = np.maximum(heading, short_old * _cover(heads_old, body_new, totals_old))
        heading = np.maximum(heading, short_new * _cover(heads_new, body_old, totals_new).T)
        total += np.where(either, heading_weight * heading, 0.0)
        weight += np.where(either, heading_weight, 0.0)

    most = options.rare_anchor
    anchor_old = _rare_anchors([anchors(n) for n in old], most=most)
    anchor_new = _rare_anchors([anchors(n) for n in new], most=most)
    if anchor_weight and any(anchor_old) and any(anchor_new):
        from scipy.sparse import csr_matrix

        names = {a: k for k, a in enumerate(sorted(set().union(*anchor_old, *anchor_new)))}

        def incidence(sets: list[frozenset[str]]) -> csr_matrix:
            rows = [r for r, found in enumerate(sets) for _ in found]
            cols = [names[a] for found in sets for a in sorted(found)]
            return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(names)))

        shared_count = (incidence(anchor_old) @ incidence(anchor_new).T).toarray()
        size_old = np.array([len(a) for a in anchor_old], dtype=np.float64)
        size_new = np.array([len(b) for b in anchor_new], dtype=np.float64)
        present = np.outer(size_old > 0, size_new > 0)
        smaller = np.minimum.outer(size_old, size_new)
        shared = np.where(present, shared_count / np.where(smaller > 0, smaller, 1.0), 0.0)
        total += np.where(present, anchor_weight * shared, 0.0)
        weight += np.where(present, anchor_weight, 0.0)
    result: NDArray[np.float64] = np.clip(total / weight, 0.0, 1.0)
    return result


def text_similarity(
    own: NDArray[np.float64],
    tree: NDArray[np.float64],
    left: NDArray[np.float64],
    right: NDArray[np.float64],
    parent_old: NDArray[np.bool_],
    parent_new: NDArray[np.bool_],
    cross_level: float,
) -> NDArray[np.float64]:
    """The text similarity of pairs of nodes from their four matches (own texts, subtrees, an
    old subtree against a new own text and the reverse): against a leaf, a subtree match is a
    subtree-to-own-text match; a match across levels counts ``cross_level`` of itself. The
    dense and the sparse scorer share it (any shapes that broadcast)."""
    tree = np.where(
        parent_old & parent_new,
        tree,
        np.where(parent_old, left, np.where(parent_new, right, own)),
    )
    result: NDArray[np.float64] = np.maximum(
        np.maximum(own, tree), cross_level * np.maximum(left, right)
    )
    return result


def _best_descendant(own: NDArray[np.float64], nodes: Sequence[Node]) -> NDArray[np.float64]:
    """Row ``i``: for each column, the best score of any descendant of ``nodes[i]`` present
    in ``nodes`` (0 where it has none)."""
    best = np.zeros_like(own)
    parent = _parents(nodes)
    for k in range(len(nodes)):
        up = int(parent[k])
        while up != -1:
            np.maximum(best[up], own[k], out=best[up])
            up = int(parent[up])
    return best


def _rare_anchors(found: list[frozenset[str]], *, most: int) -> list[frozenset[str]]:
    """Anchors named by at most ``most`` nodes of a document.

    Boilerplate titles (a document's own name, ``《政府工作报告》``) recur everywhere and tell
    nodes apart no better than ``加强``.
    """
    counts: dict[str, int] = defaultdict(int)
    for anchor_set in found:
        for anchor in anchor_set:
            counts[anchor] += 1
    return [
        frozenset(a for a in anchor_set if counts[a] <= most) if anchor_set else _NONE
        for anchor_set in found
    ]
