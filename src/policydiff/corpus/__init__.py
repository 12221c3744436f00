"""Many documents: match two years of a corpus, diff every pair in parallel, follow metrics.

- :func:`match` — pair the documents of two years that are the same series or answer the
  same subject; unmatched ones are new or discontinued (:mod:`._match`).
- :func:`diff_many` — diff many pairs on any :class:`concurrent.futures.Executor` (a process
  pool by default, a Dask cluster's ``Client.get_executor()`` for many machines)
  (:mod:`._parallel`).
- :func:`timeline` — three or more years of one series as one table of metrics × years
  (:mod:`._timeline`).
- :func:`build` — a corpus run into a folder: a changelog per pair, an index, ``numbers.csv``
  (:mod:`._build`).

The records these return (:class:`~policydiff.model.CorpusMatch`, ``Pair``, ``PairResult``,
``Timeline``, ``TimelineRow``, ``CorpusReport``, ``CorpusEntry``) live in
:mod:`policydiff.model`, and are re-exported here; the options in
:class:`~policydiff.model.CorpusOptions`.
"""

from __future__ import annotations

from ..model import (
    CorpusEntry,
    CorpusMatch,
    CorpusOptions,
    CorpusReport,
    Pair,
    PairResult,
    Timeline,
    TimelineRow,
)
from ._build import MANIFEST, build
from ._match import match
from ._parallel import CHUNK, diff_many
from ._timeline import timeline

__all__ = [
    "CHUNK",
    "MANIFEST",
    "CorpusEntry",
    "CorpusMatch",
    "CorpusOptions",
    "CorpusReport",
    "Pair",
    "PairResult",
    "Timeline",
    "TimelineRow",
    "build",
    "diff_many",
    "match",
    "timeline",
]
