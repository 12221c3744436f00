"""policydiff: what changed between two years of the same government policy document.

The pipeline, one module a stage::

    read/normalize  ->  segment  ->  extract  ->  align  ->  diff  ->  render

- :func:`read` / :func:`parse` — a path, bytes or text to a :class:`Document`.
- :func:`quantities` — the numbers a text states, with what they measure.
- :func:`align` — link the comparable nodes of two documents (pure; for property tests too).
- :func:`diff` — two documents to a :class:`PolicyDiff` (nodes, measures, numbers, agencies,
  citations), rendered with ``to_markdown()``, ``to_html()``, ``to_json()``, ``to_text()``,
  ``to_frame()``; it shows itself in Jupyter and in rich.
- :func:`timeline` — three or more years of one series as one table of metrics × years.
- :mod:`policydiff.corpus` — match two years of a corpus, diff every pair in parallel.
- :mod:`policydiff.strategies` — Hypothesis strategies for property tests (extra ``testing``).
- :class:`Document`, :class:`Node`, :class:`Quantity` — frozen results.
- :class:`PolicyDiffError` and its subclasses — every error raised on purpose.
"""

from __future__ import annotations

from .align import align
from .corpus import timeline
from .diff import PolicyDiff, diff
from .errors import DecodeError, InputError, MissingExtraError, PolicyDiffError
from .extract import quantities
from .model import (
    Alignment,
    Document,
    Edit,
    Link,
    MeasureChange,
    NameChange,
    Node,
    NodeChange,
    NumberChange,
    OffsetMap,
    Quantity,
    QuantityRef,
    Related,
    RemovedLine,
    SentenceRef,
)
from .read import parse, read

__all__ = [
    "Alignment",
    "DecodeError",
    "Document",
    "Edit",
    "InputError",
    "Link",
    "MeasureChange",
    "MissingExtraError",
    "NameChange",
    "Node",
    "NodeChange",
    "NumberChange",
    "OffsetMap",
    "PolicyDiff",
    "PolicyDiffError",
    "Quantity",
    "QuantityRef",
    "Related",
    "RemovedLine",
    "SentenceRef",
    "align",
    "diff",
    "parse",
    "quantities",
    "read",
    "timeline",
]

__version__ = "0.1.0"
