"""Every record policydiff's stages produce and take, and the options that tune them.

Every result is frozen and slotted, with tuple fields, so a Document or a diff can be hashed,
pickled, sent to another process and compared; derive a new one with :func:`attrs.evolve`.
This package imports nothing else of policydiff but its errors: it is the ground floor.

- Documents (:mod:`._document`): :class:`Document`, :class:`Node`, :class:`Quantity`,
  :class:`RemovedLine`, :class:`OffsetMap`; tables (:mod:`._tables`): :class:`Table`,
  :class:`TableCell`, and their changes :class:`TableChange`, :class:`CellChange`.
- Alignments and diffs (:mod:`._changes`): :class:`Alignment`, :class:`Link`,
  :class:`Related`, :class:`PolicyDiff` with its :class:`NodeChange`, :class:`MeasureChange`,
  :class:`NumberChange`, :class:`NameChange`, :class:`Edit`, :class:`SentenceRef`,
  :class:`QuantityRef`.
- Options (:mod:`._options`): :class:`AlignOptions`, :class:`DiffOptions`,
  :class:`CorpusOptions`.
- Corpora (:mod:`._corpus`): :class:`Pair`, :class:`CorpusMatch`, :class:`PairResult`,
  :class:`Timeline`, :class:`TimelineRow`, :class:`CorpusEntry`, :class:`CorpusReport`.
"""

from __future__ import annotations

from ._changes import (
    Alignment,
    Change,
    Edit,
    Link,
    MeasureChange,
    NameChange,
    NodeChange,
    NumberChange,
    Op,
    OutsideChange,
    PolicyDiff,
    QuantityRef,
    Related,
    SentenceRef,
)
from ._corpus import (
    CorpusEntry,
    CorpusMatch,
    CorpusReport,
    Pair,
    PairResult,
    Timeline,
    TimelineRow,
)
from ._document import Document, Kind, Node, OffsetMap, Quantity, RemovedLine, Script, Span
from ._options import AlignOptions, CorpusOptions, DiffOptions, Scorer
from ._tables import CellChange, Table, TableCell, TableChange

__all__ = [
    "AlignOptions",
    "Alignment",
    "CellChange",
    "Change",
    "CorpusEntry",
    "CorpusMatch",
    "CorpusOptions",
    "CorpusReport",
    "DiffOptions",
    "Document",
    "Edit",
    "Kind",
    "Link",
    "MeasureChange",
    "NameChange",
    "Node",
    "NodeChange",
    "NumberChange",
    "OffsetMap",
    "Op",
    "OutsideChange",
    "Pair",
    "PairResult",
    "PolicyDiff",
    "Quantity",
    "QuantityRef",
    "Related",
    "RemovedLine",
    "Scorer",
    "Script",
    "SentenceRef",
    "Span",
    "Table",
    "TableCell",
    "TableChange",
    "Timeline",
    "TimelineRow",
]
