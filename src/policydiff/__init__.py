"""policydiff: what changed between two years of the same government policy document.

The pipeline, one module a stage::

    read/normalize  ->  segment  ->  extract  ->  align  ->  diff  ->  render

- :func:`read` / :func:`parse` — a path, bytes or text to a :class:`Document`.
- :func:`quantities` — the numbers a text states, with what they measure.
- :class:`Document`, :class:`Node`, :class:`Quantity` — frozen results.
- :class:`PolicyDiffError` and its subclasses — every error raised on purpose.
"""

from __future__ import annotations

from .errors import DecodeError, InputError, MissingExtraError, PolicyDiffError
from .extract import quantities
from .model import Document, Node, OffsetMap, Quantity, RemovedLine
from .read import parse, read

__all__ = [
    "DecodeError",
    "Document",
    "InputError",
    "MissingExtraError",
    "Node",
    "OffsetMap",
    "PolicyDiffError",
    "Quantity",
    "RemovedLine",
    "parse",
    "quantities",
    "read",
]

__version__ = "0.1.0"
