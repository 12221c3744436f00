"""Render: documents and diffs as Markdown, HTML, JSON, text, a terminal summary, data frames.

A changelog opens with a digest (summary, headline figures, policy signals, renames rolled
up) and shows one of the detail levels :data:`DETAILS` (``digest``, ``sections`` — the
default — or ``full``). Every renderer is a pure function of its input; none reads a clock
or a counter, and a document is named by its file name only, so the output is byte-for-byte
the same on every run. What a changelog shows is decided once, in :mod:`._view`
(:func:`view`); each format renders that view.

- :func:`digest` — what every changelog opens with: a :class:`Digest` of the headline
  figures, policy :class:`Signal` s and global :class:`Rename` s (:mod:`._digest`); the
  view holds it (``View.digest``).
- :func:`markdown` — the changelog a person would publish (:mod:`._markdown`).
- :func:`html` — a self-contained 新旧对照表 page (:mod:`._html`); :func:`document_html`, a
  document's tree for a notebook.
- :func:`diff_json`, :func:`diff_dict` — a diff per the ``policydiff.diff/1`` schema;
  :func:`document_json` (``policydiff.document/1``), :func:`quantities_json`
  (``policydiff.numbers/1``), :func:`timeline_json` (``policydiff.timeline/1``),
  :func:`quantity_dict`, :func:`dumps` (:mod:`._json`).
- :func:`diff_text`, :func:`document_text`, :func:`quantities_table`, :func:`quantities_csv`,
  :func:`table`, :func:`csv_text`, :func:`timeline_rows` — plain text (:mod:`._plain`).
- :func:`diff_rich` — a coloured terminal summary (the ``rich`` extra, imported lazily).
- :func:`docx` — a Word changelog with the 新旧对照表 and redline runs (:mod:`._docx`);
  :func:`xlsx` — an Excel workbook of number, table cell, section and sentence changes
  (:mod:`._xlsx`); both as bytes, python-docx and openpyxl imported when first used.
- :func:`diff_csv` — a diff's number changes as CSV (:mod:`._csv`).
- :func:`numbers_frame`, :func:`nodes_frame`, :func:`timeline_frame`, :func:`number_rows` —
  pandas DataFrames and their rows (the ``pandas`` extra).
- :func:`index_markdown`, :func:`index_html`, :func:`numbers_csv` — a corpus run's index.
- :func:`change_label` — a number change as a reader says it (``-1.2万个 (-2.1%)``).
"""

from __future__ import annotations

from ._corpus import index_html, index_markdown, numbers_csv
from ._csv import diff_csv
from ._digest import Digest, Rename, Signal, digest
from ._docx import docx
from ._frames import (
    NODE_COLUMNS,
    NUMBER_COLUMNS,
    node_rows,
    nodes_frame,
    number_rows,
    numbers_frame,
    timeline_frame,
)
from ._html import document_html, html
from ._json import (
    diff_dict,
    diff_json,
    document_json,
    dumps,
    quantities_json,
    quantity_dict,
    timeline_json,
)
from ._markdown import markdown
from ._plain import (
    csv_text,
    diff_text,
    document_text,
    quantities_csv,
    quantities_table,
    table,
    timeline_rows,
)
from ._rich import diff_rich
from ._view import DETAILS, Detail, View, change_label, view
from ._xlsx import xlsx

__all__ = [
    "DETAILS",
    "NODE_COLUMNS",
    "NUMBER_COLUMNS",
    "Detail",
    "Digest",
    "Rename",
    "Signal",
    "View",
    "change_label",
    "csv_text",
    "diff_csv",
    "diff_dict",
    "diff_json",
    "diff_rich",
    "diff_text",
    "digest",
    "document_html",
    "document_json",
    "document_text",
    "docx",
    "dumps",
    "html",
    "index_html",
    "index_markdown",
    "markdown",
    "node_rows",
    "nodes_frame",
    "number_rows",
    "numbers_csv",
    "numbers_frame",
    "quantities_csv",
    "quantities_json",
    "quantities_table",
    "quantity_dict",
    "table",
    "timeline_frame",
    "timeline_json",
    "timeline_rows",
    "view",
    "xlsx",
]
