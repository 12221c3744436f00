"""The API as users call it: paths, bytes, text or Documents in, stages composed, results out.

- :func:`read` — a path or ``bytes`` to a :class:`~policydiff.model.Document`.
- :func:`parse` — a document's text to a Document.
- :func:`as_document` — whatever a user passes as a document, as a Document.
- :func:`diff` — two documents to a :class:`~policydiff.model.PolicyDiff`.

This is the one module that composes the stages (read → normalize → body and metadata →
segment with quantities → align → diff) and the one that installs the renderers the records
show themselves with (``to_markdown()``, ``_repr_html_``, ``__rich__``, ...).
"""

from __future__ import annotations

import bisect
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from . import extract, metadata, normalize, render, segment
from ._diff import compare
from ._read import Loaded, Marked, load
from ._text import opens_block
from .errors import EmptyDocumentWarning
from .model import (
    DiffOptions,
    Document,
    Node,
    PolicyDiff,
    Quantity,
    RemovedLine,
    Table,
    _display,
)

__all__ = ["DocumentLike", "as_document", "diff", "document_of", "parse", "read"]

#: What users may pass as a document: a Document, a path (``str`` or ``PathLike``) or its bytes.
DocumentLike = Document | str | bytes | os.PathLike[str]


def read(
    source: str | bytes | os.PathLike[str], *, name: str | None = None, encoding: str | None = None
) -> Document:
    """Read a document from a file: its path, or its bytes.

    A ``str`` is always a path, as in :mod:`pathlib`; a string that names no file (a
    document's text, a mistyped path, a folder) raises :class:`~policydiff.errors.InputError`
    pointing to :func:`parse`, which takes a document's text. The format is recognised by
    the content: PDF (text layer and tables), Word ``.docx``, a saved web page, or plain
    text. Plain-text ``bytes`` are decoded as ``encoding`` when it is given, else by their
    byte-order mark, as UTF-8, or as the encoding detected (GB18030/GBK, Big5, Shift-JIS,
    ...); bytes nothing decodes raise :class:`~policydiff.errors.DecodeError` naming the
    offset of the first bad byte (see :func:`policydiff._read.decode`). ``name`` overrides
    the recorded ``source`` (by default the file's name); control characters in it are shown
    as escapes.

    >>> doc = read("一、总体情况\\n全年公开1136条。".encode())
    >>> [node.path for node in doc.walk()]
    ['1']
    """
    return document_of(load(source, name=name, encoding=encoding))


def document_of(loaded: Loaded) -> Document:
    """The Document of a file as :func:`policydiff._read.load` read it: its text parsed, with
    what the file's reader found beside the text (tables, places, metadata)."""
    parsed = _parse(loaded.text, source=loaded.name, marked=loaded.marked)
    return _noted(_with_layout(parsed, loaded))


#: The Document fields a file's own metadata (a web page's 索引号/文号 table, a PDF's title)
#: may set.
_METADATA_FIELDS = ("title", "issuer", "date", "subject", "reference")


def _with_layout(doc: Document, loaded: Loaded) -> Document:
    """``doc`` with what its file's reader found beside the text: its tables (texts
    normalized, body cells with their labels and figures: :func:`policydiff.extract.table_cells`),
    the place each node came from (``Node.where``) and the metadata the file states."""
    if not (loaded.tables or loaded.places or loaded.metadata):
        return doc
    starts = [offset for offset, _ in loaded.places]

    def placed(node: Node) -> Node:
        where = node.where
        if starts:
            at = doc.original_span(node.span)[0]
            k = bisect.bisect_right(starts, at) - 1
            where = loaded.places[max(k, 0)][1]
        return attrs.evolve(node, where=where, children=tuple(placed(c) for c in node.children))

    stated: dict[str, Any] = {
        k: v for k, v in loaded.metadata.items() if k in _METADATA_FIELDS and v
    }
    tables = tuple(extract.table_cells(_normal_table(t, doc.script)) for t in loaded.tables)
    return attrs.evolve(doc, nodes=tuple(placed(n) for n in doc.nodes), tables=tables, **stated)


def _normal_table(table: Table, script: str) -> Table:
    """A reader's table with its texts normalized as the document's text is (controls out,
    full-width digits and brackets folded, traditional script simplified)."""

    def clean(text: str) -> str:
        text = normalize.fold_width(normalize.clean_controls(text))
        return normalize.to_simplified(text) if script == "traditional" else text

    return attrs.evolve(
        table,
        rows=tuple(tuple(clean(cell) for cell in row) for row in table.rows),
        caption=clean(table.caption),
        unit=clean(table.unit),
    )


def _marked_lines(
    lines: Sequence[metadata.Line], tracked: normalize.Tracked, marked: Sequence[Marked]
) -> list[metadata.Line]:
    """``lines`` with each one that lies within a span a reader marked removed for the
    reader's reason, which knows the file's layout better than the text's shape does."""
    spans = sorted(marked)
    starts = [start for (start, _), _ in spans]
    found = []
    for line in lines:
        if line.end > line.start:
            begin = int(tracked.origin[line.start])
            finish = int(tracked.origin[line.end - 1]) + 1
            k = bisect.bisect_right(starts, begin) - 1
            if k >= 0 and spans[k][0][1] >= finish:
                line = attrs.evolve(line, reason=spans[k][1])
        found.append(line)
    return found


def _noted(doc: Document) -> Document:
    """``doc``, with a warning (also kept in :attr:`Document.warnings`) when it has no body:
    a diff against it would report everything as added or dropped."""
    if doc.nodes or doc.tables:
        return doc
    name = repr(doc.source) if doc.source else "the document"
    why = ("is empty" if not doc.original.strip() else "has no body text once its site chrome, "
           "title, metadata and signature are taken out (see Document.removed)")  # fmt: skip
    note = f"{name} {why}; a diff against it reports everything as added or dropped"
    warnings.warn(EmptyDocumentWarning(note), stacklevel=3)
    return attrs.evolve(doc, warnings=(*doc.warnings, note))


def parse(text: str, *, source: str | None = None) -> Document:
    """Normalize and segment a document's text. Never raises on any ``str``; warns
    (:class:`~policydiff.errors.EmptyDocumentWarning`, noted in ``Document.warnings``) when
    no body text is left.

    >>> doc = parse("關於會(huì)議的通知\\n一、總體情況。全年公開1136條。")
    >>> doc.script, doc.title, doc.nodes[0].heading, doc.nodes[0].text
    ('traditional', '关于会议的通知', '总体情况', '全年公开1136条。')
    """
    return _noted(_parse(text, source=source))


def _parse(text: str, *, source: str | None, marked: Sequence[Marked] = ()) -> Document:
    """:func:`parse` without the warning (:func:`read` warns once a file's tables are in);
    the lines of ``text`` a file's reader ``marked`` as no body are removed with its reason."""
    script = normalize.detect_script(text)
    tracked = normalize.normalize_tracked(
        normalize.Tracked.of(text), simplify=script == "traditional"
    )
    width = normalize.wrap_width(tracked.text)
    if marked:
        every = metadata.split_body(
            tracked.text, opens_section=segment.block_marker, wrap_width=width
        )
        lines = _marked_lines(every, tracked, marked)
    else:  # (what follows reads the removed lines alone)
        lines = metadata.removed_lines(
            tracked.text, opens_section=segment.block_marker, wrap_width=width
        )
    removed = [
        RemovedLine(text=text[start:end], span=(start, end), reason=reason)
        for (start, end), reason in tracked.removed
    ]
    deletions: list[tuple[int, int]] = []
    for line in lines:
        if line.reason is None:
            continue
        start, end = line.start, line.end
        original = (
            (int(tracked.origin[start]), int(tracked.origin[end - 1]) + 1)
            if end > start
            else (0, 0)
        )
        removed.append(RemovedLine(text=line.text, span=original, reason=line.reason))
        deletions.append((start, min(end + 1, len(tracked.text))))
    body = tracked.delete(deletions)
    body = normalize.unwrap_tracked(body, width=width, starts_block=opens_block)
    body = normalize.tidy_tracked(body)
    meta = metadata.read_metadata(lines, body.text)
    year = int(meta.date[:4]) if meta.date else _undated_year(text, source)

    def finder(chunk: str, offset: int, context: str) -> tuple[Quantity, ...]:
        return extract.quantities(chunk, year=year, offset=offset, context=context)

    nodes = segment.segment(body.text, quantities=finder)
    return Document(
        text=body.text,
        nodes=nodes,
        original=text,
        offsets=body.offset_map(),
        removed=tuple(sorted(removed, key=lambda entry: entry.span)),
        source=source,
        script=script,
        **attrs.asdict(meta, recurse=False),
    )


_OPENING_YEAR = re.compile(r"\s*((?:19|20)\d\d)年?[\t\u3000 ]")
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _undated_year(text: str, source: str | None) -> int | None:
    """The year of a document whose text states no date, for reading its relative times
    (今年, 去年): a year that opens it as a label (``2013\t各位代表:…``), else the one year
    its file name holds (``gwr_2013.txt``), else ``None``. The document's ``date`` stays
    unset: this is a reading aid, not a date it states."""
    if found := _OPENING_YEAR.match(text):
        return int(found.group(1))
    if source:
        years = set(_NAMED_YEAR.findall(Path(source).name))
        if len(years) == 1:
            return int(years.pop())
    return None


def as_document(source: DocumentLike) -> Document:
    """A Document as it is; a path or bytes read with :func:`read`."""
    return source if isinstance(source, Document) else read(source)


def diff(
    old: DocumentLike,
    new: DocumentLike,
    *,
    options: DiffOptions | None = None,
    **overrides: Any,
) -> PolicyDiff:
    """What changed from ``old`` to ``new``: Documents, or paths or bytes read with
    :func:`read` (a ``str`` is a path; for text, pass :func:`parse` of it).

    ``options`` is a :class:`~policydiff.model.DiffOptions`; any of its fields, or of its
    :class:`~policydiff.model.AlignOptions`, may also be given by name
    (``diff(a, b, threshold=0.3, metric_threshold=0.7)``). A name that is no option raises
    :class:`~policydiff.errors.UnknownOptionError`; a value out of range
    :class:`~policydiff.errors.OptionError`.

    >>> old = parse("一、总体情况\\n村卫生室58.2万个。")
    >>> d = diff(old, parse("一、总体情况\\n村卫生室57万个。"))
    >>> [(n.change, n.old, n.new) for n in d.nodes]
    [('changed', '1', '1')]
    """
    chosen = DiffOptions.merged(options, "diff()", **overrides)
    return compare(as_document(old), as_document(new), chosen)


_display.install(
    document_html=render.document_html,
    document_text=render.document_text,
    diff_json=render.diff_json,
    diff_rich=render.diff_rich,
    diff_text=render.diff_text,
    docx=render.docx,
    html=render.html,
    markdown=render.markdown,
    nodes_frame=render.nodes_frame,
    numbers_frame=render.numbers_frame,
    timeline_frame=render.timeline_frame,
    xlsx=render.xlsx,
)
