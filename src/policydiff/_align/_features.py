"""Features: the character bigrams of every node, weighted by rarity, computed once per alignment.

Rows are the old nodes then the new ones; columns the bigrams of their own wording. Small
documents keep the matrices as dense NumPy arrays, larger ones as scipy CSR matrices.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .. import _kernels as kernels
from ..model import Node
from ._named import title_ids

if TYPE_CHECKING:
    from numpy.typing import NDArray


#: Document pairs whose nodes × shared bigrams stay under this are scored with dense arrays.
DENSE_CELLS = 4_000_000


def _wording(node: Node, *, heading: bool = True) -> str:
    """A node's own text without its trailing lead-agency list: what it says, word by word.

    Lead agencies are compared as anchors (:func:`~policydiff._align._similarity.anchors`);
    counted among the words as well, the same ministries named under unrelated tasks would
    make the tasks look alike. Without ``heading``, the body alone.

    A node that says nothing at all, itself or below it (a ``附件`` line with nothing after
    it), is worded by its marker: with no words it would match nothing, not even itself.
    """
    text = node.own_text if heading else node.text
    if not text and not node.children:
        return node.marker
    if node.agencies and text.endswith(")") and (start := text.rfind("(")) >= 0:
        text = text[:start].rstrip()
    return text


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


_JOIN = 1 << 21  # code points fit in 21 bits: a bigram is first * 2**21 + second

_ALONE = _JOIN - 1  # the "second character" of a one-character run


#: Code points that are white space (and the separator of joined texts), below U+10000.
_BLANK: NDArray[np.bool_] | None = None


def _blank(points: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Which code points are white space or the ``\\0`` separator."""
    global _BLANK
    if _BLANK is None:
        table = np.array([chr(c).isspace() for c in range(0x10000)], dtype=bool)
        table[0] = True
        _BLANK = table
    small = points < 0x10000
    result = np.zeros(len(points), dtype=bool)
    result[small] = _BLANK[points[small]]
    return result


def _bigram_codes(texts: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The character bigrams of every text, as integers, and the text each is from.

    A bigram is two neighbouring Han, Latin or digit characters; a run of one such character
    is a bigram of its own. A text with none of them (a line of dashes, kana, Hangul, ``Ⅱ``)
    takes every character that is not white space instead: identical texts must look
    identical, and an empty row would match nothing, not even itself.

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
    # each character's text (a separator counts with the text before it)
    text_of = np.repeat(
        np.arange(len(texts)), np.fromiter(map(len, texts), np.int64, len(texts)) + 1
    )
    text_of = text_of[: len(points)]
    tokenless = np.bincount(text_of[token], minlength=len(texts)) == 0
    if tokenless.any():
        token |= tokenless[text_of] & ~_blank(points)
    pair = np.flatnonzero(token[:-1] & token[1:])
    left = np.concatenate(([False], token[:-1]))
    right = np.concatenate((token[1:], [False]))
    alone = np.flatnonzero(token & ~left & ~right)
    codes = np.concatenate(
        (points[pair] * _JOIN + points[pair + 1], points[alone] * _JOIN + _ALONE)
    )
    owner = text_of[np.concatenate((pair, alone))]
    # the texts with an ASCII letter and no Han character (U+3400-U+9FFF), counted over the
    # code points already read rather than searched for text by text
    is_letter = ((points >= 0x41) & (points <= 0x5A)) | ((points >= 0x61) & (points <= 0x7A))
    is_han = (points >= 0x3400) & (points <= 0x9FFF)
    with_letters = np.bincount(text_of[is_letter], minlength=len(texts)) > 0
    with_han = np.bincount(text_of[is_han], minlength=len(texts)) > 0
    latin = np.flatnonzero(with_letters & ~with_han).tolist()
    if not latin:
        return codes, owner
    # A text of Latin script is compared by its words and pairs of words, not its letter
    # pairs: ``th``, ``in``, ``on`` are in nearly every English sentence, so letter bigrams
    # make unrelated sections look alike (split/merge recall 0.61 on the English synthetic
    # pairs; 0.99 by words). Its digits keep their bigrams.
    letters = np.zeros(len(texts), dtype=bool)
    letters[latin] = True
    from_letters = np.concatenate((is_letter[pair] | is_letter[pair + 1], is_letter[alone]))
    keep = ~(letters[owner] & from_letters)
    words, of = _word_codes(texts, latin)
    return np.concatenate((codes[keep], words)), np.concatenate((owner[keep], of))


_LATIN_WORD = re.compile(r"[A-Za-z]+")
#: Word codes lie above every bigram code (code points take 21 bits a side: 42 in all).
_WORD_CODE, _WORD_PAIR_CODE = 1 << 43, 1 << 44


def _word_codes(
    texts: Sequence[str], which: Sequence[int]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The lower-cased words and pairs of neighbouring words of the texts ``which``, as
    integers (a CRC-32 above :data:`_WORD_CODE`), and the text each is from."""
    codes: list[int] = []
    owner: list[int] = []
    for k in which:
        words = [w.lower() for w in _LATIN_WORD.findall(texts[k])]
        codes += [_WORD_CODE + zlib.crc32(w.encode()) for w in words]
        pairs = itertools.pairwise(words)
        codes += [_WORD_PAIR_CODE + zlib.crc32(f"{a} {b}".encode()) for a, b in pairs]
        owner += [k] * (2 * len(words) - 1 if words else 0)
    return np.array(codes, dtype=np.int64), np.array(owner, dtype=np.int64)


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
        #: each node's :func:`_wording`, old then new
        self.wordings = [_wording(n) for n in nodes]
        #: each side's numbers of the titles its nodes open with (:func:`._named.title_ids`)
        self.titles = title_ids([n.text for n in old], [n.text for n in new])
        codes, rows = _bigram_codes([*self.wordings, *(n.heading for n in nodes)])
        vocabulary, columns = np.unique(codes, return_inverse=True)
        size = len(vocabulary)
        counts = _Entries.sum(rows, columns.ravel(), np.ones(len(columns)), size)
        own, head = counts.take(counts.rows < n), counts.take(counts.rows >= n)
        head = head._replace(rows=head.rows - n)
        # IDF over the own wording of every node of both documents.
        frequency = np.bincount(own.cols, minlength=size).astype(np.float64)
        idf = kernels.idf(n, frequency)
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
        #: no node of either side has children: each subtree is its node, and
        #: :attr:`tree_tfidf` *is* :attr:`own_tfidf` (the scorers compute one product, not four)
        self.flat = tree is own
        (
            self.own_tfidf,
            self.heads_rare,
            self.own_rare,
            self.own,
            self.bodies,
        ) = (
            entries.matrix(column, (n, len(shared)), dense=self.dense)
            for entries in (
                own.tfidf(idf, n),
                heads_rare,
                own.weighted_by(rare, presence=True),
                own,
                bodies,
            )
        )
        self.tree_tfidf = (
            self.own_tfidf
            if self.flat
            else tree.tfidf(idf, n).matrix(column, (n, len(shared)), dense=self.dense)
        )

    def split(self, matrix: Matrix) -> tuple[Matrix, Matrix]:
        """The old documents' rows and the new documents' rows."""
        return matrix[: self.n_old], matrix[self.n_old :]


#: Cells beyond which :meth:`_Entries.sum` adds up through a CSR matrix.
_SORTED_SUM_MAX = 1 << 16


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
        """Cells with the values of each (row, column) added up; cells summing to 0 dropped.

        The values are counts (whole numbers), so the order they are added in changes no
        sum: many cells are summed by scipy's conversion to CSR, linear in them, rather than
        by sorting their keys."""
        if len(rows) > _SORTED_SUM_MAX:
            from scipy.sparse import coo_matrix

            n_rows = int(rows.max()) + 1
            matrix = coo_matrix((values, (rows, cols)), shape=(n_rows, size)).tocsr()
            matrix.sum_duplicates()  # (and sorts each row's columns)
            summed = matrix.data
            keep = summed != 0
            every_row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(matrix.indptr))
            return cls(every_row[keep], matrix.indices[keep].astype(np.int64), summed[keep])
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
        return self._replace(values=kernels.tfidf(self.rows, self.cols, self.values, idf, n_rows))

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
    ancestors, members = _ancestry(old, new)
    n = len(old) + len(new)
    if len(ancestors) == n:
        return own  # no node has a parent: each subtree is the node alone
    # The cells of each member's row, repeated once for each of its ancestors (itself too).
    starts = np.searchsorted(own.rows, np.arange(n + 1))
    lengths = starts[members + 1] - starts[members]
    offsets = np.cumsum(lengths) - lengths
    cells = np.repeat(starts[members] - offsets, lengths) + np.arange(int(lengths.sum()))
    return _Entries.sum(
        np.repeat(ancestors, lengths),
        own.cols[cells],
        own.values[cells],
        size,
    )


def _ancestry(
    old: Sequence[Node], new: Sequence[Node]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every node with itself and each of its ancestors among the nodes (old then new,
    numbered together): ``(ancestors, members)``, two arrays of as many pairs.

    An ancestor is a node whose path a member's path extends by one or more ``.``-parts.
    Nodes walked from a document hold every such path, and the chain of parents
    (:func:`_parents`) gives them, a level at a time for all the nodes at once; nodes given
    without some of their ancestors are looked up path by path."""
    n_old, n = len(old), len(old) + len(new)
    old_parent, new_parent = _parents(old), _parents(new)
    parent = np.concatenate((old_parent, np.where(new_parent >= 0, new_parent + n_old, -1)))
    nodes = [*old, *new]
    if all("." not in nodes[k].path for k in np.flatnonzero(parent < 0).tolist()):
        ancestors, members = [np.arange(n)], [np.arange(n)]
        member, above = np.arange(n), parent
        while len(member):
            has = above >= 0
            member, above = member[has], above[has]
            ancestors.append(above)
            members.append(member)
            above = parent[above]
        return np.concatenate(ancestors), np.concatenate(members)
    index = {node.path: k for k, node in enumerate(old)}
    index_new = {node.path: n_old + k for k, node in enumerate(new)}
    found: list[int] = []
    of: list[int] = []
    for k, node in enumerate(nodes):
        lookup = index if k < n_old else index_new
        path = node.path
        found.append(k)
        of.append(k)
        while "." in path:
            path = path.rpartition(".")[0]
            if path in lookup:
                found.append(lookup[path])
                of.append(k)
    return np.array(found, dtype=np.int64), np.array(of, dtype=np.int64)


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


def _first_equal(matrix: Any) -> NDArray[np.int64]:
    """For each row of ``matrix``, the first row equal to it (itself when it is the first).

    Equal rows are written alike (the same columns and values in the same order); rows
    equal in value but stored differently count as different, which only costs work. Rows
    are grouped by a hash of their cells, then each checked cell by cell against the first
    of its group; a collision (never seen) falls back to comparing the rows one by one."""
    from scipy.sparse import csr_matrix

    matrix = matrix if hasattr(matrix, "toarray") else csr_matrix(matrix)
    if not matrix.has_sorted_indices:
        matrix = matrix.sorted_indices()
    n = matrix.shape[0]
    bounds = matrix.indptr.astype(np.int64)
    lengths = np.diff(bounds)
    indices = matrix.indices.astype(np.int64)
    bits = np.ascontiguousarray(matrix.data, dtype=np.float64).view(np.int64)
    row_of = np.repeat(np.arange(n), lengths)
    place = np.arange(len(indices)) - bounds[row_of]
    with np.errstate(over="ignore"):
        mixed = (indices * _MIX[0]) ^ (bits * _MIX[1]) ^ (place * _MIX[2])
        mixed = (mixed ^ (mixed >> 29)) * _MIX[3]
    sums = np.zeros(n, dtype=np.int64)
    filled = lengths > 0
    if filled.any():  # (a row's cells run up to the next filled row's)
        sums[filled] = np.add.reduceat(mixed, bounds[:-1][filled])
    order = np.lexsort((np.arange(n), lengths, sums))
    opens = np.ones(n, dtype=bool)
    opens[1:] = (sums[order][1:] != sums[order][:-1]) | (lengths[order][1:] != lengths[order][:-1])
    result = np.empty(n, dtype=np.int64)
    result[order] = order[np.flatnonzero(opens)[np.cumsum(opens) - 1]]
    # Every cell of a row against the same cell of the first row of its group.
    check = np.flatnonzero(result != np.arange(n))
    size = lengths[check]
    cells = np.repeat(bounds[check] - np.cumsum(size) + size, size) + np.arange(int(size.sum()))
    shift = np.repeat(bounds[result[check]] - bounds[check], size)
    same = (indices[cells] == indices[cells + shift]) & (bits[cells] == bits[cells + shift])
    if same.all():
        return result
    first: dict[tuple[bytes, bytes], int] = {}
    for row in range(n):
        a, b = int(bounds[row]), int(bounds[row + 1])
        result[row] = first.setdefault((indices[a:b].tobytes(), bits[a:b].tobytes()), row)
    return result


# Odd 64-bit constants that spread a cell's column, value and place over a row's hash.
_MIX = (
    np.int64(-7046029254386353131),
    np.int64(-4417276706812531889),
    np.int64(1609587929392839161),
    np.int64(-4658895280553007687),
)


class Walk(tuple[Node, ...]):
    """The nodes of one document for one alignment: a tuple, so that what is found of them
    (each node's parent) is found once and stays true."""

    @functools.cached_property
    def parents(self) -> NDArray[np.int64]:
        """Index of each node's parent (see :func:`_parents`)."""
        return _parents_of(tuple(map(_PATH, self)))


def _parents(nodes: Sequence[Node]) -> NDArray[np.int64]:
    """Index of each node's parent in ``nodes`` (-1 at the top or when absent); read-only.

    Several steps of one alignment ask for the same documents' parents: a :class:`Walk`
    remembers them; other sequences are looked up by their paths."""
    if isinstance(nodes, Walk):
        return nodes.parents
    return _parents_of(tuple(map(_PATH, nodes)))


_PATH = operator.attrgetter("path")


@functools.lru_cache(maxsize=4)
def _parents_of(paths: tuple[str, ...]) -> NDArray[np.int64]:
    index = {path: k for k, path in enumerate(paths)}
    # (a path's parent is what comes before its last dot: Node.parent_path)
    found = np.array([index.get(path.rpartition(".")[0], -1) for path in paths], dtype=np.int64)
    found.flags.writeable = False
    return found
