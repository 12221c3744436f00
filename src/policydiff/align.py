"""Align: link the comparable nodes of two documents, even reordered, renamed, split or merged.

- :func:`align` — nodes of two documents to an :class:`~policydiff.model.Alignment`.
- :func:`similarity` — the default scorer: a matrix of similarities in ``[0, 1]``.
- :class:`Scorer` — the protocol a custom scorer follows.
- :func:`moved_links` — which links are moves (longest increasing subsequence rule).

How two nodes are compared (:func:`similarity`):

1. Character bigrams weighted by rarity: TF-IDF over the nodes of *both* documents, so words
   every section shares (``我委``, ``加强``, ``推进``) count for little and the rare words that
   name a measure count for much. Cosine over the nodes' own text, over their whole subtrees,
   and across the two (a section whose content one year sits in its own paragraphs and the next
   year in numbered children), the best of them — a subtree match only where no single
   descendant explains it as well, or a section would be linked to its own measure's
   counterpart. Lead-agency lists are left out of the words: they are anchors (3.).
2. Heading similarity with rapidfuzz (``process.cdist``, all cores), where both have headings.
3. Shared anchors: cited document titles in 《》, the metrics of their numbers, lead agencies.

A global assignment (``scipy.optimize.linear_sum_assignment``) then picks the links with the
largest total similarity, not first come first served; links may cross levels and parents. A
second pass rewards pairs whose parents, or whose children, were linked to each other, so a
parent's link and its children's agree where they can. Every threshold is a keyword argument.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from .model import Alignment, Link, Node, Related

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

__all__ = ["Scorer", "align", "moved_links", "similarity"]

#: Below this similarity no link is made.
THRESHOLD = 0.25
#: A node left unlinked is split from / merged into a linked partner holding this share of it.
CONTAINMENT = 0.6
#: Weight of heading similarity, where both nodes have headings (text similarity weighs 1).
HEADING_WEIGHT = 0.35
#: Weight of shared anchors (citations, metrics, agencies), where either node has some.
ANCHOR_WEIGHT = 0.25
#: Document pairs whose nodes × shared bigrams stay under this are scored with dense arrays.
DENSE_CELLS = 4_000_000
#: Bonus for a pair whose parents are linked to each other (second pass).
CONTEXT_BONUS = 0.1
#: A lone node's body (its text under the heading) is tested for containment on its own when
#: it carries at least this share of the node's weight: a measure carved out of another may be
#: given a title of its own.
BODY_SHARE = 0.5


class Scorer(Protocol):
    """A similarity scorer: two node sequences to an ``len(old) × len(new)`` matrix in [0, 1].

    It must be symmetric: ``scorer(b, a)`` is ``scorer(a, b).T``.
    """

    def __call__(
        self, old: Sequence[Node], new: Sequence[Node]
    ) -> NDArray[np.float64]: ...  # pragma: no cover - a protocol


_TOKEN_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")
_CITATION = re.compile(r"《([^《》]{2,80})》")
_QUOTED = re.compile(r"“([^“”]{3,24})”")


def _bigrams(text: str) -> list[str]:
    grams: list[str] = []
    for run in _TOKEN_CHARS.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def own_text(node: Node) -> str:
    """A node's heading and own text: what it says itself, children aside."""
    return f"{node.heading}\n{node.text}" if node.heading else node.text


def _wording(node: Node, *, heading: bool = True) -> str:
    """A node's own text without its trailing lead-agency list: what it says, word by word.

    Lead agencies are compared as anchors (:func:`anchors`); counted among the words as well,
    the same ministries named under unrelated tasks would make the tasks look alike. Without
    ``heading``, the body alone.
    """
    text = own_text(node) if heading else node.text
    if node.agencies and text.endswith(")") and (start := text.rfind("(")) >= 0:
        text = text[:start].rstrip()
    return text


def anchors(node: Node) -> frozenset[str]:
    """Cited titles, quoted names, metrics of its numbers and lead agencies of a node's own text."""
    found: set[str] = set()
    text = own_text(node)
    found.update(f"《{title}》" for title in _CITATION.findall(text))
    found.update(f"“{term}”" for term in _QUOTED.findall(text))
    found.update(f"#{q.metric}" for q in node.quantities if len(q.metric) >= 2)
    found.update(f"@{agency}" for agency in node.agencies)
    return frozenset(found)


Matrix = Any  # a scipy CSR matrix, or a NumPy array when the documents are small


def _array(matrix: Matrix) -> NDArray[np.float64]:
    """A product or slice as a NumPy array, whichever kind of matrix it came from."""
    result: NDArray[np.float64] = matrix.toarray() if hasattr(matrix, "toarray") else matrix
    return result


def _product(a: Matrix, b: Matrix) -> NDArray[np.float64]:
    """``a @ b.T`` as an array, without BLAS: ``einsum`` for small dense arrays, scipy's
    single-threaded sparse product otherwise.

    A NumPy ``@`` would call a multi-threaded BLAS, which on a busy machine (a process pool,
    a notebook server) was measured a hundred times slower than this.
    """
    if not hasattr(a, "toarray") and not hasattr(b, "toarray"):
        product: NDArray[np.float64] = np.einsum("ik,jk->ij", a, b, optimize=False)
        return product
    from scipy.sparse import csr_matrix

    a = a if hasattr(a, "toarray") else csr_matrix(a)
    b = b if hasattr(b, "toarray") else csr_matrix(b)
    return _array(a @ b.T)


def _cover(part: Matrix, whole: Matrix, totals: NDArray[np.float64]) -> NDArray[np.float64]:
    """Share of each row of ``part``'s weight (``totals``) whose bigrams occur in each row of
    ``whole``."""
    if hasattr(whole, "toarray"):
        present = whole.copy()
        present.data = np.ones_like(present.data)
    else:
        present = (whole > 0).astype(np.float64)
    shared = _product(part, present)
    totals = np.where(totals == 0, np.inf, totals)
    result: NDArray[np.float64] = shared / totals[:, None]
    return result


#: Below this many comparisons rapidfuzz runs on one thread: starting threads costs more.
PARALLEL_CELLS = 20_000


def workers_for(n_old: int, n_new: int) -> int:
    """Threads for a rapidfuzz ``cdist`` of this shape: all cores only when it pays."""
    return -1 if n_old * n_new >= PARALLEL_CELLS else 1


def _heading_similarity(old: Sequence[Node], new: Sequence[Node]) -> NDArray[np.float64]:
    from rapidfuzz import fuzz, process

    scores = process.cdist(
        [n.heading for n in old],
        [n.heading for n in new],
        scorer=fuzz.ratio,
        dtype=np.float64,
        workers=workers_for(len(old), len(new)),
    )
    result: NDArray[np.float64] = np.asarray(scores, dtype=np.float64) / 100.0
    return result


_JOIN = 1 << 21  # code points fit in 21 bits: a bigram is first * 2**21 + second
_ALONE = _JOIN - 1  # the "second character" of a one-character run


def _bigram_codes(texts: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The bigrams of :func:`_bigrams` of every text, as integers, and the text each is from.

    One pass over the code points of all the texts joined (a separator that is not a token
    character keeps bigrams from crossing texts): much cheaper than one pass a text.
    """
    joined = "\0".join(texts)
    if not joined:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.int64
    )
    token = (
        ((points >= 0x3400) & (points <= 0x9FFF))
        | ((points >= 0x30) & (points <= 0x39))
        | ((points >= 0x41) & (points <= 0x5A))
        | ((points >= 0x61) & (points <= 0x7A))
    )
    pair = np.flatnonzero(token[:-1] & token[1:])
    left = np.concatenate(([False], token[:-1]))
    right = np.concatenate((token[1:], [False]))
    alone = np.flatnonzero(token & ~left & ~right)
    codes = np.concatenate(
        (points[pair] * _JOIN + points[pair + 1], points[alone] * _JOIN + _ALONE)
    )
    starts = np.cumsum([0, *(len(t) + 1 for t in texts[:-1])])
    owner = np.searchsorted(starts, np.concatenate((pair, alone)), side="right") - 1
    return codes, owner


class _Features:
    """Everything the scorer and the split/merge search need, computed once per alignment.

    Rows are the old nodes then the new ones; columns the bigrams of their own wording. The
    subtree counts are the own counts summed over each node's descendants (the bigrams of a
    joined text are the bigrams of its lines), so no text is cut into bigrams twice.

    Every per-row total (vector lengths, weights, distinct bigrams) is taken over all the
    bigrams of a row. The matrices themselves then keep only the columns of bigrams that both
    documents use: every score compares an old row with a new one, and a bigram of one side
    only adds nothing to such a product. Small documents keep them as dense arrays, whose
    operations cost far less than sparse ones; that cut keeps most documents small.
    """

    def __init__(self, old: Sequence[Node], new: Sequence[Node]) -> None:
        nodes = [*old, *new]
        n = len(nodes)
        self.n_old = len(old)
        codes, rows = _bigram_codes([*(_wording(n) for n in nodes), *(n.heading for n in nodes)])
        vocabulary, columns = np.unique(codes, return_inverse=True)
        size = len(vocabulary)
        counts = _Entries.sum(rows, columns.ravel(), np.ones(len(columns)), size)
        own, head = counts.take(counts.rows < n), counts.take(counts.rows >= n)
        head = head._replace(rows=head.rows - n)
        # IDF over the own wording of every node of both documents.
        frequency = np.bincount(own.cols, minlength=size).astype(np.float64)
        idf = np.log((n + 1) / (frequency + 1)) + 1.0
        tree = _subtree_sums(old, new, own, size)
        bodies = _Entries.sum(  # the wording under the heading
            np.concatenate((own.rows, head.rows)),
            np.concatenate((own.cols, head.cols)),
            np.concatenate((own.values, -head.values)),
            size,
        )
        # Cover is weighed by plain IDF, without the +1 smoothing: a bigram every node shares
        # covers nothing.
        rare = idf - 1.0
        heads_rare = head.weighted_by(rare, presence=True)

        # Totals over whole rows, before the columns are cut.
        # (a bigram every node holds has no weight and does not count)
        self.head_distinct = head.weighted_by(rare > 0, presence=True).row_sums(n)
        self.head_rare_total = heads_rare.row_sums(n)
        self.own_weight = own.weighted_by(idf).row_sums(n)
        self.body_weight = bodies.weighted_by(idf).row_sums(n)

        # The bigrams both documents use.
        used_old = np.zeros(size, dtype=bool)
        used_new = np.zeros(size, dtype=bool)
        for entries in (own, head):
            used_old[entries.cols[entries.rows < self.n_old]] = True
            used_new[entries.cols[entries.rows >= self.n_old]] = True
        shared = np.flatnonzero(used_old & used_new)
        self.idf = idf[shared]
        column = np.full(size, -1)
        column[shared] = np.arange(len(shared))

        self.dense = 2 * n * len(shared) <= DENSE_CELLS
        (
            self.own_tfidf,
            self.tree_tfidf,
            self.heads_rare,
            self.own_rare,
            self.own,
            self.bodies,
        ) = (
            entries.matrix(column, (n, len(shared)), dense=self.dense)
            for entries in (
                own.tfidf(idf, n),
                tree.tfidf(idf, n),
                heads_rare,
                own.weighted_by(rare, presence=True),
                own,
                bodies,
            )
        )

    def split(self, matrix: Matrix) -> tuple[Matrix, Matrix]:
        """The old documents' rows and the new documents' rows."""
        return matrix[: self.n_old], matrix[self.n_old :]


class _Entries(NamedTuple):
    """The non-zero cells of a nodes × bigrams matrix, in row then column order.

    Plain NumPy arrays: building a handful of scipy matrices costs more than all the scoring
    of two small documents.
    """

    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    values: NDArray[np.float64]

    @classmethod
    def sum(
        cls,
        rows: NDArray[np.int64],
        cols: NDArray[np.int64],
        values: NDArray[np.float64],
        size: int,
    ) -> _Entries:
        """Cells with the values of each (row, column) added up; cells summing to 0 dropped."""
        keys, where = np.unique(rows * size + cols, return_inverse=True)
        sums = np.bincount(where.ravel(), weights=values, minlength=len(keys))
        keep = sums != 0
        return cls(keys[keep] // size, keys[keep] % size, sums[keep])

    def take(self, mask: NDArray[np.bool_]) -> _Entries:
        return _Entries(self.rows[mask], self.cols[mask], self.values[mask])

    def weighted_by(self, weights: NDArray[Any], *, presence: bool = False) -> _Entries:
        """Each value times its column's weight; with ``presence``, the weight alone."""
        column_weights = weights[self.cols].astype(np.float64)
        values = column_weights if presence else self.values * column_weights
        return self._replace(values=values)

    def row_sums(self, n_rows: int) -> NDArray[np.float64]:
        sums = np.bincount(self.rows, weights=self.values, minlength=n_rows)
        return sums.astype(np.float64, copy=False)

    def tfidf(self, idf: NDArray[np.float64], n_rows: int) -> _Entries:
        """Sublinear TF times IDF, rows scaled to unit length."""
        values = (1.0 + np.log(self.values)) * idf[self.cols]
        norms = np.sqrt(np.bincount(self.rows, weights=values * values, minlength=n_rows))
        return self._replace(values=values / norms[self.rows])

    def matrix(self, column: NDArray[np.int64], shape: tuple[int, int], *, dense: bool) -> Matrix:
        """The cells of the columns ``column`` maps to (those mapped to -1 left out), as a
        dense array or a CSR matrix."""
        new_cols = column[self.cols]
        keep = new_cols >= 0
        rows, cols, values = self.rows[keep], new_cols[keep], self.values[keep]
        if dense:
            array = np.zeros(shape)
            array[rows, cols] = values
            return array
        from scipy.sparse import csr_matrix

        indptr = np.searchsorted(rows, np.arange(shape[0] + 1))
        return csr_matrix((values, cols, indptr), shape=shape)


def _subtree_sums(old: Sequence[Node], new: Sequence[Node], own: _Entries, size: int) -> _Entries:
    """Each node's counts summed with those of its descendants."""
    index = {node.path: k for k, node in enumerate(old)}
    index_new = {node.path: len(old) + k for k, node in enumerate(new)}
    ancestors: list[int] = []
    members: list[int] = []
    for k, node in enumerate([*old, *new]):
        lookup = index if k < len(old) else index_new
        path = node.path
        ancestors.append(k)
        members.append(k)
        while "." in path:
            path = path.rpartition(".")[0]
            if path in lookup:
                ancestors.append(lookup[path])
                members.append(k)
    # The cells of each member's row, repeated once for each of its ancestors (itself too).
    n = len(old) + len(new)
    starts = np.searchsorted(own.rows, np.arange(n + 1))
    member = np.array(members, dtype=np.int64)
    lengths = starts[member + 1] - starts[member]
    offsets = np.cumsum(lengths) - lengths
    cells = np.repeat(starts[member] - offsets, lengths) + np.arange(int(lengths.sum()))
    return _Entries.sum(
        np.repeat(np.array(ancestors, dtype=np.int64), lengths),
        own.cols[cells],
        own.values[cells],
        size,
    )


def similarity(
    old: Sequence[Node],
    new: Sequence[Node],
    *,
    heading_weight: float = HEADING_WEIGHT,
    anchor_weight: float = ANCHOR_WEIGHT,
) -> NDArray[np.float64]:
    """The default scorer: similarity of every old node to every new node, in ``[0, 1]``.

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
    return _similarity(
        old, new, _Features(old, new), heading_weight=heading_weight, anchor_weight=anchor_weight
    )


def _similarity(
    old: Sequence[Node],
    new: Sequence[Node],
    features: _Features,
    *,
    heading_weight: float,
    anchor_weight: float,
) -> NDArray[np.float64]:
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
    # Against a leaf, a subtree match is a subtree-to-own-text match: the same rule applies.
    tree = np.where(
        parent_old & parent_new,
        tree,
        np.where(parent_old, left, np.where(parent_new, right, own)),
    )
    text = np.maximum(np.maximum(own, tree), 0.9 * np.maximum(left, right))

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
        # length, in full from six bigrams on.
        short_old = np.minimum(1.0, distinct_old / 6.0)[:, None]
        short_new = np.minimum(1.0, distinct_new / 6.0)[None, :]
        heading = np.maximum(heading, short_old * _cover(heads_old, body_new, totals_old))
        heading = np.maximum(heading, short_new * _cover(heads_new, body_old, totals_new).T)
        total += np.where(either, heading_weight * heading, 0.0)
        weight += np.where(either, heading_weight, 0.0)

    anchor_old = _rare_anchors([anchors(n) for n in old])
    anchor_new = _rare_anchors([anchors(n) for n in new])
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


def _rare_anchors(found: list[frozenset[str]], *, most: int = 2) -> list[frozenset[str]]:
    """Anchors named by at most ``most`` nodes of a document.

    Boilerplate titles (a document's own name, ``《政府工作报告》``) recur everywhere and tell
    nodes apart no better than ``加强``.
    """
    counts: dict[str, int] = defaultdict(int)
    for anchor_set in found:
        for anchor in anchor_set:
            counts[anchor] += 1
    return [frozenset(a for a in anchor_set if counts[a] <= most) for anchor_set in found]


def _assign(score: NDArray[np.float64], threshold: float) -> list[tuple[int, int]]:
    """The one-to-one assignment of maximum total score, keeping pairs at or over threshold."""
    from scipy.optimize import linear_sum_assignment

    if score.size == 0:
        return []
    usable = np.where(score >= threshold, score, 0.0)
    rows_any = np.flatnonzero(usable.max(axis=1) > 0)
    cols_any = np.flatnonzero(usable.max(axis=0) > 0)
    if not len(rows_any) or not len(cols_any):
        return []
    sub = usable[np.ix_(rows_any, cols_any)]
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return sorted(
        (int(rows_any[r]), int(cols_any[c]))
        for r, c in zip(rows, cols, strict=True)
        if sub[r, c] > 0
    )


def _tie_break(n_old: int, n_new: int) -> NDArray[np.float64]:
    """A tiny preference for pairs at the same relative position; symmetric under a swap."""
    if not n_old or not n_new:
        return np.zeros((n_old, n_new))
    i = np.arange(n_old)[:, None] / max(n_old, 1)
    j = np.arange(n_new)[None, :] / max(n_new, 1)
    return -1e-6 * np.abs(i - j)


def _parents(nodes: Sequence[Node]) -> NDArray[np.int64]:
    """Index of each node's parent in ``nodes`` (-1 at the top or when absent)."""
    index = {n.path: k for k, n in enumerate(nodes)}
    return np.array([index.get(n.parent_path or "", -1) for n in nodes], dtype=np.int64)


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
    keep: float = 0.8,
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
    old_index = {n.path: i for i, n in enumerate(old)}
    new_index = {n.path: j for j, n in enumerate(new)}
    linked = {i: j for i, j, _ in pairs}
    groups: dict[tuple[int, int], list[tuple[int, int, float]]] = defaultdict(list)
    moved: set[tuple[int, int]] = set()
    for i, j, score in pairs:
        pi = old_index.get(old[i].parent_path or "", -1)
        pj = new_index.get(new[j].parent_path or "", -1)
        if (pi == -1 and pj == -1) or (pi != -1 and linked.get(pi) == pj):
            groups[(pi, pj)].append((i, j, score))
        else:
            moved.add((i, j))
    for members in groups.values():
        members.sort()
        kept = _heaviest_increasing([(j, score) for _, j, score in members])
        for position, (i, j, _) in enumerate(members):
            if position not in kept:
                moved.add((i, j))
    return moved


def _heaviest_increasing(items: Sequence[tuple[int, float]], *, tie: float = 1e-9) -> set[int]:
    """Indexes of the ``(value, similarity)`` items that every best increasing subsequence
    keeps: longest first, then of largest total similarity. O(n²) on a sibling group, which is
    small.

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
    # by 1/(n+1), sum to less than 1.
    weights = [1.0 + similarity / (n + 1) for _, similarity in items]
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
    best = max(ending)
    ways = sum(ending_ways[k] for k in range(n) if ending[k] >= best - tie)
    return {
        k
        for k in range(n)
        if ending[k] + starting[k] - weights[k] >= best - tie
        and ending_ways[k] * starting_ways[k] == ways
    }


def _min_overlap(part: Matrix, whole: Matrix, weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """``Σ_k weights[k] · min(part[i, k], whole[j, k])`` for every row pair, from integer counts.

    ``min(a, b)`` is the number of thresholds ``t ≥ 1`` both reach, so the sum is a few sparse
    products of "count ≥ t" indicators — as many as the largest count, usually a handful.
    """
    total = np.zeros((part.shape[0], whole.shape[0]))
    if not hasattr(part, "toarray"):
        for row in range(part.shape[0]):
            columns = np.flatnonzero(part[row])
            if len(columns):
                overlap = np.minimum(whole[:, columns], part[row, columns]) * weights[columns]
                total[row] = overlap.sum(axis=1)
        return total
    if part.nnz == 0 or whole.nnz == 0:
        return total
    top = int(min(part.data.max(), whole.data.max()))
    for t in range(1, top + 1):
        a = part.copy()
        a.data = np.where(a.data >= t, weights[a.indices], 0.0)
        b = whole.copy()
        b.data = (b.data >= t).astype(np.float64)
        total += _product(a, b)
    return total


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
    idf = features.idf
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
                node = lone_nodes[k]
                other = home_nodes[partners[best]].path
                old_path, new_path = (
                    (node.path, other) if kind == "merged_into" else (other, node.path)
                )
                share = round(float(shares[row, best]), 4)
                found.append(Related(kind, old_path, new_path, share))  # type: ignore[arg-type]
    return found


def align(
    old_nodes: Sequence[Node],
    new_nodes: Sequence[Node],
    *,
    scorer: Scorer | None = None,
    threshold: float = THRESHOLD,
    containment: float = CONTAINMENT,
    context_bonus: float = CONTEXT_BONUS,
    body_share: float = BODY_SHARE,
) -> Alignment:
    """Link the comparable nodes of two documents. Pure: the same input gives the same output.

    ``old_nodes`` and ``new_nodes`` are flat sequences of nodes (``list(doc.walk())``), with
    unique paths on each side. ``scorer`` (default :func:`similarity`) gives the similarity
    matrix; pairs below ``threshold`` (default 0.25) are never linked. An unlinked node whose
    weighted text is at least ``containment`` (default 0.6) inside a linked node of the other
    side is reported as split from / merged into it; so is one whose body alone (its text under
    the heading) is that much inside, when the body carries at least ``body_share`` (default
    0.5) of its weight — a measure carved out of another may get a title of its own.
    ``context_bonus`` (default 0.1) rewards, in a second pass, pairs whose parents or children
    were linked to each other.

    >>> from policydiff import parse
    >>> a = parse("(一)加强村医队伍建设。扩大订单定向医学生规模。\\n(二)推进家庭医生签约服务。")
    >>> b = parse(
    ...     "一是强服务。积极推进家庭医生签约服务。\\n二是强队伍。扩大订单定向医学生招生规模。"
    ... )
    >>> links = align(list(a.walk()), list(b.walk())).links
    >>> [(link.old, link.new) for link in links], sum(link.moved for link in links)
    ([('1', '2'), ('2', '1')], 1)
    """
    old, new = list(old_nodes), list(new_nodes)
    if not old or not new:
        return Alignment()
    features = _Features(old, new)
    if scorer is None:
        score = _similarity(
            old, new, features, heading_weight=HEADING_WEIGHT, anchor_weight=ANCHOR_WEIGHT
        )
    else:
        score = scorer(old, new)
    base = np.asarray(score, dtype=np.float64) + _tie_break(len(old), len(new))
    pairs = _assign(base, threshold)
    if context_bonus and pairs:
        boosted = base + context_bonus * _context(old, new, pairs) * (base >= 0.6 * threshold)
        pairs = _assign(boosted, threshold)
    pairs = _uninvert(old, new, pairs, base)
    scored = [(i, j, float(score[i, j])) for i, j in pairs]
    moved = moved_links(old, new, scored)
    links = tuple(
        Link(old[i].path, new[j].path, round(s, 4), (i, j) in moved) for i, j, s in scored
    )
    related = tuple(_related(old, new, pairs, containment, body_share, features))
    return Alignment(links=links, related=related)
