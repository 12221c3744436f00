"""policydiff: what changed between two years of the same government policy document.

The pipeline, one module a stage, data flowing one way::

    _read -> normalize -> metadata/segment -> extract -> _align -> _diff -> render
    bytes    text         Document nodes      Quantity   Alignment PolicyDiff md/html/json/text

- :func:`read` / :func:`parse` — a path, bytes or text to a :class:`Document`.
- :func:`quantities` — the numbers a text states, with what they measure.
- :func:`align` — link the comparable nodes of two documents (pure; for property tests too).
- :func:`diff` — two documents to a :class:`PolicyDiff` (nodes, measures, numbers, agencies,
  citations), rendered with ``to_markdown()``, ``to_html()``, ``to_json()``, ``to_text()``,
  ``to_frame()``; it shows itself in Jupyter and in rich.
- :class:`AlignOptions`, :class:`DiffOptions` — every threshold, typed and checked.
- :func:`sample_path` — where a bundled sample document is (``policydiff demo`` diffs two).
- :func:`schema` — the JSON Schema of each JSON output (``policydiff.diff/1``, ...).
- :func:`timeline` — three or more years of one series as one table of metrics × years.
- :mod:`policydiff.corpus` — match two years of a corpus, diff every pair in parallel
  (imported on first use, not by ``import policydiff``).
- :mod:`policydiff.scoring` — score an aligner against a known truth;
  :mod:`policydiff.strategies` — Hypothesis strategies for property tests (extra ``testing``).
- :class:`Document`, :class:`Node`, :class:`Quantity`, ... — frozen results
  (:mod:`policydiff.model`).
- :class:`PolicyDiffError` and its subclasses — every error raised on purpose;
  :class:`DecodeWarning`, :class:`EmptyDocumentWarning`, :class:`SeriesWarning` — what is
  read or compared with a caveat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._align import align
from ._api import diff, parse, read
from ._io import sample_path
from ._version import __version__
from .errors import (
    DecodeError,
    DecodeWarning,
    EmptyDocumentWarning,
    InputError,
    MissingExtraError,
    OptionError,
    PolicyDiffError,
    SeriesError,
    SeriesWarning,
    UnknownOptionError,
)
from .extract import quantities
from .model import (
    Alignment,
    AlignOptions,
    CellChange,
    DiffOptions,
    Document,
    Edit,
    Link,
    MeasureChange,
    NameChange,
    Node,
    NodeChange,
    NumberChange,
    OffsetMap,
    OutsideChange,
    PolicyDiff,
    Quantity,
    QuantityRef,
    Related,
    RemovedLine,
    SentenceRef,
    Table,
    TableCell,
    TableChange,
)

if TYPE_CHECKING:
    from .corpus import timeline

__all__ = [
    "AlignOptions",
    "Alignment",
    "CellChange",
    "DecodeError",
    "DecodeWarning",
    "DiffOptions",
    "Document",
    "Edit",
    "EmptyDocumentWarning",
    "InputError",
    "Link",
    "MeasureChange",
    "MissingExtraError",
    "NameChange",
    "Node",
    "NodeChange",
    "NumberChange",
    "OffsetMap",
    "OptionError",
    "OutsideChange",
    "PolicyDiff",
    "PolicyDiffError",
    "Quantity",
    "QuantityRef",
    "Related",
    "RemovedLine",
    "SentenceRef",
    "SeriesError",
    "SeriesWarning",
    "Table",
    "TableCell",
    "TableChange",
    "UnknownOptionError",
    "__version__",
    "align",
    "diff",
    "parse",
    "quantities",
    "read",
    "sample_path",
    "schema",
    "timeline",
]

#: The JSON outputs whose schemas ship in ``policydiff/schemas/``: name -> ``schema`` value.
_SCHEMAS = {
    "diff": "policydiff.diff/1",
    "document": "policydiff.document/1",
    "numbers": "policydiff.numbers/1",
    "timeline": "policydiff.timeline/1",
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one of policydiff's JSON outputs, as a new dict.

    ``name`` is ``diff``, ``document``, ``numbers`` or ``timeline``, or the ``schema`` value
    that output carries (``policydiff.diff/1``), so ``schema(data["schema"])`` finds the schema
    of any output. The files ship in the package as ``policydiff/schemas/<name>-1.json``
    (``importlib.resources.files("policydiff") / "schemas"``), for validators in any language.

    >>> import policydiff
    >>> policydiff.schema("diff")["properties"]["schema"]
    {'const': 'policydiff.diff/1'}
    >>> policydiff.schema("policydiff.document/1")["title"]
    'policydiff.document/1'
    """
    import json
    from importlib.resources import files

    short = next((k for k, v in _SCHEMAS.items() if name in (k, v)), None)
    if short is None:
        known = ", ".join(repr(k) for k in _SCHEMAS)
        raise OptionError("schema()", "name", name, f"one of {known} (or its schema value)")
    text = (files(__name__) / "schemas" / f"{short}-1.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def __getattr__(name: str) -> Any:
    """``policydiff.timeline`` imports :mod:`policydiff.corpus` on first use (PEP 562), so
    ``import policydiff`` stays light."""
    if name == "timeline":
        from .corpus import timeline

        return timeline
    raise AttributeError(f"module 'policydiff' has no attribute {name!r}")
