"""Numeric kernels the stages share: unit classes, TF-IDF rows, the thresholded assignment.

- :func:`unit_class` — ``percent``, ``money`` or ``count``: which units can be compared.
- :func:`unit_key` — the finer key two quantities must share to be paired.
- :func:`idf`, :func:`tfidf` — rarity weights and unit-length TF-IDF rows over sparse cells.
- :func:`assign` — the one-to-one assignment of largest total weight among usable cells.
- :func:`assign_sparse` — the same over a sparse list of cells, one connected component at a
  time, in memory linear in the cells.
- :func:`distinct` — the sorted distinct values of an integer array, by a sort.
- :func:`workers_for` — threads for a rapidfuzz ``cdist`` of a given shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "DENSE_CELLS",
    "PARALLEL_CELLS",
    "SPARSE_NODES",
    "UnitClass",
    "assign",
    "assign_sparse",
    "distinct",
    "idf",
    "tfidf",
    "unit_class",
    "unit_key",
    "unit_size",
    "workers_for",
]

UnitClass = Literal["percent", "money", "count"]

_PERCENT_UNITS = ("%", "个百分点", "‰")


def unit_class(unit: str) -> UnitClass:
    """Which kind of unit ``unit`` is: ``percent``, ``money`` or ``count``.

    Only quantities of the same class can be compared: a percentage is not a count, and money
    (any unit ending in ``元``) is neither.

    >>> unit_class("%"), unit_class("个百分点"), unit_class("元"), unit_class("人")
    ('percent', 'percent', 'money', 'count')
    """
    if unit in _PERCENT_UNITS:
        return "percent"
    if unit.endswith("元"):
        return "money"
    return "count"


#: Units of measure of one dimension, with each one's size in the dimension's base unit: a
#: figure in 斤 and one in 吨 measure one thing (粮食产量超过1.2万亿斤 a year after 57121万吨).
_MEASURES: dict[str, tuple[str, float]] = {
    "吨": ("mass", 1000.0),
    "公斤": ("mass", 1.0),
    "千克": ("mass", 1.0),
    "斤": ("mass", 0.5),
    "公里": ("length", 1000.0),
    "千米": ("length", 1000.0),
    "平方公里": ("area", 1e6),
    "平方千米": ("area", 1e6),
    "公顷": ("area", 1e4),
    "亩": ("area", 1e4 / 15),
}


def unit_key(unit: str) -> str:
    """What two quantities' units must share to be paired: money in any magnitude of 元, a
    unit of measure in any unit of its dimension (吨, 公斤, 斤), a percentage or a count only
    in the very same unit (``%`` is not ``个百分点``, ``人`` not ``个``).

    >>> unit_key("万元") == unit_key("元"), unit_key("%") == unit_key("个百分点")
    (True, False)
    >>> unit_key("斤") == unit_key("吨"), unit_key("亩") == unit_key("人")
    (True, False)
    """
    kind = unit_class(unit)
    if kind == "money":
        return kind
    if unit in _MEASURES:
        return f"{kind}:{_MEASURES[unit][0]}"
    return f"{kind}:{unit}"


def unit_size(unit: str) -> float:
    """The size of ``unit`` in its dimension's base unit (1 for a unit of no dimension): a
    figure in one unit reads in another of its :func:`unit_key` as ``value * unit_size(a) /
    unit_size(b)``.

    >>> unit_size("吨") / unit_size("斤")
    2000.0
    """
    return _MEASURES[unit][1] if unit in _MEASURES else 1.0


def distinct(values: NDArray[np.int64]) -> NDArray[np.int64]:
    """The distinct values of an integer array, sorted: ``np.unique(values)`` by a sort.

    NumPy 2.3 and later answer ``np.unique`` without ``return_*`` by hashing, which on
    millions of mostly distinct ``int64`` keys takes seconds where a sort takes tens of
    milliseconds (2,000,000 random keys below 10**12: 2.4 to 5.5 s against 0.08 s, NumPy 2.4).

    >>> distinct(np.array([5, 1, 5, 3, 1])).tolist()
    [1, 3, 5]
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    result: NDArray[np.int64] = ordered[keep]
    return result


def idf(n_rows: int, frequency: NDArray[np.float64]) -> NDArray[np.float64]:
    """Smoothed inverse document frequency: ``log((n + 1) / (df + 1)) + 1``, as scikit-learn.

    >>> idf(3, np.array([3.0, 1.0])).round(3).tolist()
    [1.0, 1.693]
    """
    result: NDArray[np.float64] = np.log((n_rows + 1) / (frequency + 1)) + 1.0
    return result


def tfidf(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    counts: NDArray[np.float64],
    weights: NDArray[np.float64],
    n_rows: int,
) -> NDArray[np.float64]:
    """The values of sparse cells ``(rows, cols, counts)`` as sublinear TF × ``weights`` of
    their columns, each row scaled to unit length (rows of nothing stay zero).

    >>> tfidf(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([1.0, 1.0, 4.0]),
    ...       np.array([1.0, 1.0]), 2).round(3).tolist()
    [0.707, 0.707, 1.0]
    """
    values = (1.0 + np.log(counts)) * weights[cols]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n_rows))
    norms[norms == 0] = 1.0
    result: NDArray[np.float64] = values / norms[rows]
    return result


def assign(
    weights: NDArray[np.float64], usable: NDArray[np.bool_] | None = None
) -> list[tuple[int, int]]:
    """The one-to-one pairs ``(row, column)`` of largest total weight among usable cells.

    ``usable`` marks the cells that may be paired (default: those of positive weight); the
    rest weigh nothing and are never returned. ``scipy.optimize.linear_sum_assignment`` runs on
    the whole matrix: setting aside the rows and columns with no usable cell would make it
    smaller but can break ties between equally good assignments differently (which of two
    equal figures is paired), and the pairs must not depend on what else a document holds.

    >>> assign(np.array([[0.9, 0.8], [0.85, 0.0]]))
    [(0, 1), (1, 0)]
    """
    from scipy.optimize import linear_sum_assignment

    if weights.size == 0:
        return []
    mask = weights > 0 if usable is None else usable
    if not mask.any():
        return []
    rows, cols = linear_sum_assignment(np.where(mask, weights, 0.0), maximize=True)
    return sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if mask[r, c])


#: A connected component of at most this many rows × columns is solved as a dense matrix.
DENSE_CELLS = 1 << 20
#: A larger component of at most this many rows + columns is solved on its sparse graph
#: (LAPJVsp); one larger still, which only machine-made inputs give, is paired greedily.
SPARSE_NODES = 1 << 13


def assign_sparse(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    weights: NDArray[np.float64],
    shape: tuple[int, int],
    *,
    dense_cells: int = DENSE_CELLS,
) -> list[tuple[int, int]]:
    """The one-to-one pairs ``(row, column)`` of largest total weight among the cells
    ``(rows[k], cols[k])`` of positive ``weights[k]`` in a matrix of ``shape``; every absent
    cell is unusable. Each cell is given once. ``dense_cells`` is the largest component
    (rows × columns) solved as a dense matrix (a caller whose components are sparse bands,
    thousands wide, gives less: the dense solver's time grows with the cube of the width).

    The cells form a bipartite graph whose connected components are independent problems:
    each is solved on its own — a lone cell or a lone row or column by its heaviest cell, a
    component of at most :data:`DENSE_CELLS` cells on its dense matrix as :func:`assign`
    does, one of at most :data:`SPARSE_NODES` rows and columns by
    ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` (LAPJVsp) — so memory stays
    linear in the cells and the pairs of one component never depend on what else the
    matrix holds. A component larger still (a machine-made table of thousands of like
    figures, all linked to each other) is paired greedily, heaviest cell first: exactness
    there would cost time superlinear in its size. Ties between equally good assignments go
    by the order of rows and columns, the same way on every run; a caller that needs the
    same pairs from the transposed problem must pose it in one orientation.

    >>> assign_sparse(np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([0.9, 0.8, 0.85]), (2, 2))
    [(0, 1), (1, 0)]
    """
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n_rows, n_cols = shape
    usable = weights > 0
    rows, cols, weights = rows[usable], cols[usable], weights[usable]
    if not len(rows):
        return []
    graph = csr_matrix(
        (np.ones(len(rows)), (rows, n_rows + cols)), shape=(n_rows + n_cols, n_rows + n_cols)
    )
    _, label = connected_components(graph, directed=False)
    component = label[rows].astype(np.int64)
    order = _stable_order(component, rows, cols, n_cols)
    rows, cols, weights, component = rows[order], cols[order], weights[order], component[order]
    starts = np.flatnonzero(np.r_[True, component[1:] != component[:-1]])
    ends = np.r_[starts[1:], len(rows)]
    # Each cell's row and column numbered within its component (0, 1, ...), all at once.
    local_row, row_ids, row_count = _within(component, rows, starts)
    local_col, col_ids, col_count = _within(component, cols, starts)
    # A component of one row or one column: its heaviest cell, the first of equal ones.
    line = (row_count == 1) | (col_count == 1)
    top = np.repeat(np.maximum.reduceat(weights, starts), ends - starts)
    heaviest = np.flatnonzero(weights == top)  # (in row, then column order)
    first = heaviest[np.r_[True, component[heaviest][1:] != component[heaviest][:-1]]]
    found_rows, found_cols = [rows[first[line]]], [cols[first[line]]]
    rest = np.flatnonzero(~line)
    for start, end, n_r, n_c in zip(
        starts[rest].tolist(),
        ends[rest].tolist(),
        row_count[rest].tolist(),
        col_count[rest].tolist(),
        strict=True,
    ):
        r, c, w = local_row[start:end], local_col[start:end], weights[start:end]
        if n_r * n_c <= dense_cells:
            dense = np.zeros((n_r, n_c))
            dense[r, c] = w
            # as assign() does, without its per-call overhead (thousands of small components)
            i, j = linear_sum_assignment(dense, maximize=True)
            keep = dense[i, j] > 0
            i, j = i[keep], j[keep]
        else:
            solve = _assign_lapjvsp if n_r + n_c <= SPARSE_NODES else _assign_greedy
            i, j = solve(r, c, w, (n_r, n_c))
        found_rows.append(row_ids[start + i])
        found_cols.append(col_ids[start + j])
    return sorted(
        zip(
            np.concatenate(found_rows).tolist(),
            np.concatenate(found_cols).tolist(),
            strict=True,
        )
    )


def _stable_order(
    key: NDArray[Any], rows: NDArray[np.int64], cols: NDArray[np.int64], n_cols: int
) -> NDArray[np.int64]:
    """The order of cells by ``key``, then row, then column: ``np.lexsort((cols, rows,
    key))``. Cells usually come in row then column order already (candidates are made
    sorted), and then a stable sort by ``key`` alone gives that order, several times faster
    than sorting by three keys."""
    cells = rows * n_cols + cols
    if len(cells) < 2 or bool((cells[1:] > cells[:-1]).all()):
        found: NDArray[np.int64] = np.argsort(key, kind="stable")
        return found
    return np.lexsort((cols, rows, key))


def _within(
    component: NDArray[np.int64], ids: NDArray[np.int64], starts: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """For cells sorted by component: each cell's id numbered within its component in
    increasing order; the distinct ids of each component laid out from the component's first
    cell on (``distinct[starts[k]:starts[k] + count[k]]``, a component having at least as
    many cells as distinct ids); and their count per component."""
    width = int(ids.max()) + 1
    distinct, rank = np.unique(component * width + ids, return_inverse=True)
    # the distinct (component, id) are sorted: each component's are consecutive
    first = np.searchsorted(distinct // width, component[starts])
    count = np.diff(np.r_[first, len(distinct)])
    local = rank - np.repeat(first, np.diff(np.r_[starts, len(ids)]))
    laid = np.zeros(len(ids), dtype=np.int64)
    laid[np.repeat(starts, count) + np.arange(len(distinct)) - np.repeat(first, count)] = (
        distinct % width
    )
    return local.astype(np.int64), laid, count.astype(np.int64)


def _assign_lapjvsp(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    weights: NDArray[np.float64],
    shape: tuple[int, int],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The largest-weight matching of a sparse bipartite graph, as the minimum-cost full
    matching of the graph doubled: each row may instead take a column of its own (left
    unpaired), each column a row of its own, and those stand-ins pair with each other along
    the mirrored cells, so every matching of the original extends to a full one of equal
    cost. Costs are shifted to stay positive (every full matching has the same number of
    cells, so a shift changes none)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n, m = shape
    top = float(weights.max()) + 1.0
    every_row, every_col = np.arange(n), np.arange(m)
    graph = csr_matrix(
        (
            np.concatenate([top - weights, np.full(n + m + len(rows), top)]),
            (
                np.concatenate([rows, every_row, n + every_col, n + cols]),
                np.concatenate([cols, m + every_row, every_col, m + rows]),
            ),
        ),
        shape=(n + m, m + n),
    )
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    real = (matched_rows < n) & (matched_cols < m)
    return matched_rows[real].astype(np.int64), matched_cols[real].astype(np.int64)


def _assign_greedy(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    weights: NDArray[np.float64],
    shape: tuple[int, int],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Heaviest cell first, each row and column at most once (ties by row, then column).

    A cell first in that order both in its row and in its column is taken whenever the walk
    reaches it (nothing before it holds its row or column), so such cells are taken at once,
    a round at a time, and only what is left is walked cell by cell."""
    order = _stable_order(-weights, rows, cols, shape[1])
    rows, cols = rows[order], cols[order]
    taken: list[NDArray[np.int64]] = []
    for _ in range(_GREEDY_ROUNDS):
        if not len(rows):
            break
        first = np.zeros(len(rows), dtype=bool)
        first[np.unique(rows, return_index=True)[1]] = True
        both = np.zeros(len(rows), dtype=bool)
        both[np.unique(cols, return_index=True)[1]] = True
        both &= first
        free_rows, free_cols = np.ones(shape[0], dtype=bool), np.ones(shape[1], dtype=bool)
        free_rows[rows[both]] = free_cols[cols[both]] = False
        taken.append(np.stack((rows[both], cols[both])))
        rest = free_rows[rows] & free_cols[cols]
        rows, cols = rows[rest], cols[rest]
    free_row, free_col = bytearray(b"\x01") * shape[0], bytearray(b"\x01") * shape[1]
    walked_rows, walked_cols = [], []
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        if free_row[row] and free_col[col]:
            free_row[row] = free_col[col] = 0
            walked_rows.append(row)
            walked_cols.append(col)
    taken.append(np.array([walked_rows, walked_cols], dtype=np.int64).reshape(2, -1))
    pairs = np.concatenate(taken, axis=1)
    return pairs[0], pairs[1]


#: Rounds of cells taken at once before :func:`_assign_greedy` walks the rest one by one.
_GREEDY_ROUNDS = 8


#: Below this many comparisons rapidfuzz runs on one thread: starting threads costs more.
PARALLEL_CELLS = 20_000


def workers_for(n_old: int, n_new: int) -> int:
    """Threads for a rapidfuzz ``cdist`` of this shape: all cores only when it pays.

    >>> workers_for(10, 10), workers_for(1000, 1000)
    (1, -1)
    """
    return -1 if n_old * n_new >= PARALLEL_CELLS else 1
