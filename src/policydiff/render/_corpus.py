"""Corpus runs: the index of a run's changelogs (Markdown and HTML) and its ``numbers.csv``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape as escape_html
from typing import Any

from .._io import SKIPPED
from ..model import CorpusEntry, CorpusReport
from ._csv import csv_records
from ._frames import NUMBER_COLUMNS
from ._markdown import escape

__all__ = ["DOCUMENT_COLUMNS", "index_html", "index_markdown", "numbers_csv"]

#: The columns ``numbers.csv`` puts before a number change's: which pair it is from.
DOCUMENT_COLUMNS = ("old_document", "new_document")


def numbers_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Number changes of many pairs (:func:`~policydiff.render.number_rows` with the two
    documents' names in front) as CSV (cells a spreadsheet would run as a formula
    neutralized, :func:`~._csv.csv_cell`)."""
    return csv_records(rows, (*DOCUMENT_COLUMNS, *NUMBER_COLUMNS))


def _count_line(entry: CorpusEntry) -> str:
    counts = dict(entry.counts)
    if not counts:
        return entry.error or ""
    retried = " (retried: a worker process died)" if entry.status == "retried" else ""
    return (
        f"{counts.get('added', 0)} added, {counts.get('dropped', 0)} dropped, "
        f"{counts.get('changed', 0)} changed, {counts.get('moved', 0)} moved; "
        f"numbers {counts.get('numbers_changed', 0)} changed{retried}"
    )


def _groups(report: CorpusReport) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (("New documents", report.new), ("Discontinued documents", report.discontinued))


def _not_read(report: CorpusReport) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The entries of the input folders not read, with their reasons, in two groups: those
    skipped on purpose (hidden, folders, links), and documents that could not be read."""
    skipped = tuple((n, why.removeprefix(SKIPPED)) for n, why in report.unreadable
                    if why.startswith(SKIPPED))  # fmt: skip
    unreadable = tuple((n, why) for n, why in report.unreadable if not why.startswith(SKIPPED))
    return tuple(
        (title, entries)
        for title, entries in (("Skipped entries", skipped), ("Unreadable documents", unreadable))
        if entries
    )


def index_markdown(report: CorpusReport) -> str:
    """The index of a corpus run as Markdown: the pairs, new and discontinued documents, and
    the entries of the input folders skipped or unreadable, each with the reason."""
    lines = ["# Corpus changelog", "", "| Old | New | Similarity | Changes | Changelog |",
             "|---|---|---|---|---|"]  # fmt: skip
    for e in report.entries:
        link = (
            f"[md]({e.markdown}) · [html]({e.html})"
            if e.markdown
            else f"failed: {escape(e.error or '')}"
        )
        lines.append(
            f"| {escape(e.old)} | {escape(e.new)} | {e.similarity:.2f} "
            f"| {escape(_count_line(e))} | {link} |"
        )
    for title, names in _groups(report):
        lines += ["", f"## {title}", ""]
        lines += [f"- {escape(n)}" for n in names] or ["- none"]
    for title, entries in _not_read(report):
        lines += ["", f"## {title}", ""]
        lines += [f"- {escape(name)}: {escape(why)}" for name, why in entries]
    return "\n".join(lines) + "\n"


def index_html(report: CorpusReport) -> str:
    """The index of a corpus run as one HTML page."""
    rows = []
    for e in report.entries:
        link = (
            f'<a href="{escape_html(e.html or "")}">html</a> · '
            f'<a href="{escape_html(e.markdown or "")}">md</a>'
            if e.markdown
            else f"failed: {escape_html(e.error or '')}"
        )
        rows.append(
            f"<tr><td>{escape_html(e.old)}</td><td>{escape_html(e.new)}</td>"
            f"<td>{e.similarity:.2f}</td><td>{escape_html(_count_line(e))}</td><td>{link}</td></tr>"
        )
    lists = []
    for title, names in _groups(report):
        items = "".join(f"<li>{escape_html(n)}</li>" for n in names) or "<li>none</li>"
        lists.append(f"<h2>{title}</h2><ul>{items}</ul>")
    for title, entries in _not_read(report):
        items = "".join(f"<li>{escape_html(n)}: {escape_html(why)}</li>" for n, why in entries)
        lists.append(f"<h2>{title}</h2><ul>{items}</ul>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Corpus changelog</title><style>body{font-family:sans-serif;margin:1rem;}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;"
        "text-align:left}</style></head><body><h1>Corpus changelog</h1><table><thead><tr>"
        "<th>Old</th><th>New</th><th>Similarity</th><th>Changes</th><th>Changelog</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>{''.join(lists)}</body></html>\n"
    )
