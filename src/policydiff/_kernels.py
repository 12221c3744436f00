"""Numeric kernels the stages share: unit classes, TF-IDF rows, the thresholded assignment.

- :func:`unit_class` — ``percent``, ``money`` or ``count``: which units can be compared.
- :func:`unit_key` — the finer key two quantities must share to be paired.
- :func:`idf`, :func:`tfidf` — rarity weights and unit-length TF-IDF rows over sparse cells.
- :func:`assign` — the one-to-one assignment of largest total weight among usable cells.
- :func:`workers_for` — threads for a rapidfuzz ``cdist`` of a given shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "PARALLEL_CELLS",
    "UnitClass",
    "assign",
    "idf",
    "tfidf",
    "unit_class",
    "unit_key",
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


def unit_key(unit: str) -> str:
    """What two quantities' units must share to be paired: money in any magnitude of 元, a
    percentage or a count only in the very same unit (``%`` is not ``个百分点``, ``人`` not
    ``个``).

    >>> unit_key("万元") == unit_key("元"), unit_key("%") == unit_key("个百分点")
    (True, False)
    """
    kind = unit_class(unit)
    return kind if kind == "money" else f"{kind}:{unit}"


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


#: Below this many comparisons rapidfuzz runs on one thread: starting threads costs more.
PARALLEL_CELLS = 20_000


def workers_for(n_old: int, n_new: int) -> int:
    """Threads for a rapidfuzz ``cdist`` of this shape: all cores only when it pays.

    >>> workers_for(10, 10), workers_for(1000, 1000)
    (1, -1)
    """
    return -1 if n_old * n_new >= PARALLEL_CELLS else 1
