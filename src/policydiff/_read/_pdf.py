"""PDF files: their text layer, ruled tables, pages and title.

:func:`read_pdf` gives the running text (one paragraph a line: lines that wrap inside a
paragraph joined, across page breaks too; numbered lines kept at line starts; page numbers
and running heads kept as lines of their own), the tables (ruled or not) as
:class:`~policydiff.model.Table` records (their text left out of the running text; a table
that a page break cuts read as one, its header read once and the copies printed on the
next pages kept as page furniture), the offset where each page starts
(``p.3``) and the title the file states when the first page bears it.

Why these libraries, by measurement: pypdfium2 (Google's PDFium, the engine of Chrome's
viewer) reads the characters with their boxes and the page's drawn lines; pdfplumber's table
finder (merge the ruling lines, intersect them, make cells and tables) turns those lines into
cells. pdfplumber alone reads pages through pdfminer, which parses content streams in pure
Python: 7.1 s for the 35-page ``putuo_wanli_dept_budget_2023.pdf`` (0.2 s a page, tables or
not), where pdfium gives the same characters and lines in 0.6 s and this whole reader takes
about 1 s of CPU. pdfplumber's default settings also take the filled boxes that the Hongze
reports draw behind every line of prose for cell borders, and read the prose as a table;
here only stroked lines and hairline rectangles are rules. Tables without ruling lines
(columns set apart by whitespace) are found by :mod:`._pdf_unruled`, conservatively: prose,
contents pages and signature blocks stay text.

Files that have nothing readable are refused with an
:class:`~policydiff.errors.InputError` that says what to do: a scan without a text layer, a
text layer of junk (fonts without a Unicode map give ``!"#$%&…`` for Chinese), an encrypted
or damaged file. Pages that hold only pictures in an otherwise readable file are named in a
warning.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from typing import NamedTuple

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from ..errors import InputError
from ..model import Table
from ._formats import Place, Read
from ._pdf_tables import (
    SNAP,
    Cell,
    FoundTable,
    continues,
    fill_header_gaps,
    find_tables,
    grid,
    header_shape,
    join_tables,
    page_edges,
    repeated_header,
)
from ._pdf_text import Char, Line, is_cjk, is_page_number, lines_of, page_chars, paragraphs
from ._pdf_unruled import find_unruled

__all__ = ["MIN_EXPECTED", "MIN_TEXT", "read_pdf"]

#: Below this share of expected characters (CJK, letters, digits, the punctuation of
#: :data:`_COMMON`) among its visible ones, a text layer is junk: text in fonts without a
#: Unicode map comes out as ASCII symbols and letters (``!"#$%&'()*+``). The real documents of
#: the corpus score 0.999 or more, the broken 公报 excerpt 0.54.
MIN_EXPECTED = 0.9
#: A PDF with fewer visible characters than this has no text layer to speak of.
MIN_TEXT = 1

#: ASCII punctuation of ordinary Chinese text.
_COMMON = frozenset(".,;:%()-/")
_UNIT = re.compile(r"单位[:：]\s*(\S+)")
_FIELD = re.compile(r"^\S{2,8}[:：]")


def _expected(char: str) -> bool:
    if is_cjk(char) or char in _COMMON:
        return True
    if char.isascii():
        return char.isalnum()
    return unicodedata.category(char)[0] in "LN"


def _open(data: bytes, source: str) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise InputError(
                source,
                "the PDF is encrypted with a password; open it with the password and save an "
                "unprotected copy (or print it to PDF), then read that",
            ) from None
        raise InputError(
            source,
            f"it is not a readable PDF ({message}); the file may be damaged or cut short: "
            "download it again or re-save it from a PDF viewer",
        ) from None


def _title(document: pypdfium2.PdfDocument, first_lines: list[str]) -> str | None:
    """The Title the file states, when the first page bears it as one or more whole lines
    (a Title is often stale, left from a template: ``达州市“十三五”脱贫攻坚规划`` on a 2023
    property notice); ``None`` otherwise."""
    try:
        title = str(document.get_metadata_value("Title") or "")
    except (pypdfium2.PdfiumError, KeyError):  # pragma: no cover - depends on the file
        return None
    wanted = re.sub(r"\s+", "", title)
    if not wanted:
        return None
    squeezed = [re.sub(r"\s+", "", line) for line in first_lines]
    for start in range(len(squeezed)):
        joined = ""
        for line in squeezed[start : start + 4]:
            joined += line
            if joined == wanted:
                return title.strip()
            if not wanted.startswith(joined):
                break
    return None


def _check_text(chars_per_page: list[list[Char]], source: str, images: int) -> None:
    """Refuse a PDF without a usable text layer: none at all (a scan: ``images`` pages of
    it hold pictures), or one of junk."""
    visible = [c.text for chars in chars_per_page for c in chars if not c.text.isspace()]
    if len(visible) < MIN_TEXT:
        if images:
            raise InputError(
                source,
                f"no text layer (a scanned image: {images} of its {len(chars_per_page)} "
                "page(s) are pictures); run OCR first (e.g. ocrmypdf -l chi_sim in.pdf "
                "out.pdf) or get the document as text",
            )
        raise InputError(
            source,
            f"no text: its {len(chars_per_page)} page(s) are blank or drawings only; "
            "get the document as text",
        )
    expected = sum(map(_expected, visible)) / len(visible)
    if expected < MIN_EXPECTED:
        raise InputError(
            source,
            f"its text layer is junk (only {expected:.0%} of its characters are Chinese, "
            "letters, digits or punctuation: its fonts have no Unicode map); run OCR on it "
            "(e.g. ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf) or get the document as text",
        )


def _has_image(page: pypdfium2.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _caption(lines: list[Line], table: FoundTable) -> tuple[str, str]:
    """``(caption, unit)`` of a table: the nearest line of text just above it (within three
    line heights). A line declaring the unit (``单位：元``) gives the unit, and the caption is
    the line above it, unless the unit line has a title of its own before the unit; a field
    (``编制部门：…``) is no caption."""
    above = [
        ln
        for ln in lines
        if 0 <= table.box[1] - ln.bottom + 1 <= 3 * ln.size + 1 and not is_page_number(ln.text)
    ]
    above.sort(key=lambda ln: ln.bottom)
    unit = ""
    caption = ""
    for line in reversed(above[-2:]):
        found = _UNIT.search(line.text)
        if found and not unit:
            unit = found.group(1)
            rest = line.text[: found.start()].strip()
            if rest and not _FIELD.search(rest):
                caption = rest
                break
            continue
        caption = line.text
        break
    if not unit:
        for row in grid(table.cells)[:2]:
            for text in row:
                found = _UNIT.search(text)
                if found:
                    unit = found.group(1)
                    break
    return caption, unit


def read_pdf(data: bytes, *, source: str) -> Read:
    """The text, ruled tables, page places and title of a PDF file's bytes.

    Raises :class:`~policydiff.errors.InputError` for a PDF without a usable text layer (a
    scan, fonts without a Unicode map), an encrypted one, or a damaged one.
    """
    document = _open(data, source)
    try:
        return _read(document, source)
    except pypdfium2.PdfiumError as err:
        raise InputError(
            source, f"the PDF is damaged ({err}); download it again or re-save it from a viewer"
        ) from None
    finally:
        document.close()


class _Pending(NamedTuple):
    """A table being read: its cells so far (a table a page break cut gathers the cells of
    each page), caption, unit and first page."""

    cells: tuple[Cell, ...]
    caption: str
    unit: str
    page: int


def _alone(lines: list[Line], table: FoundTable, *, above: bool) -> bool:
    """Whether no line of body text stands above (or below) ``table`` on its page: page
    numbers and running heads aside, it starts (or ends) the page."""
    for line in lines:
        if is_page_number(line.text):
            continue
        if above and line.bottom <= table.box[1] + 1:
            return False
        if not above and line.top >= table.box[3] - 1:
            return False
    return True


def _rows(table: FoundTable) -> int:
    return len({round(cell.top / SNAP) for cell in table.cells})


def _lines_without(chars: list[Char], tables: list[FoundTable]) -> list[Line]:
    """The lines of a page's characters outside ``tables``."""
    taken = frozenset().union(*(t.taken for t in tables))
    return lines_of(c for i, c in enumerate(chars) if i not in taken)


def _continues(last: tuple[FoundTable, bool] | None, table: FoundTable, lines: list[Line]) -> bool:
    """Whether ``table`` goes on with the table that ended the page before (``last``, with
    whether it ended that page): it starts its page and has the same left and right edges."""
    return (
        last is not None
        and last[1]
        and _alone(lines, table, above=True)
        and continues(last[0], table)
    )


def _header_line(table: FoundTable, repeated: int) -> Line | None:
    """The header rows a table cut by a page break prints again at the top of ``table``, as
    one line of text set just above the table (its cells' texts, each once): the table reads
    them once, from its first page, and the copy is kept as page furniture, not lost."""
    texts: list[str] = []
    for row in grid(table.cells)[:repeated]:
        for text in row:
            if text and text not in texts:
                texts.append(text)
    if not texts:
        return None
    top = table.box[1] - 0.5
    return Line(" ".join(texts), table.box[0], top, table.box[2], top, 0.0)


def _with_barriers(lines: list[Line], tables: list[FoundTable]) -> list[Line]:
    """``lines`` with an empty line where each table stands, so that no paragraph is joined
    across a table."""
    barriers = [Line("", t.box[0], t.box[1], t.box[2], t.box[3], 0.0) for t in tables]
    return sorted([*lines, *barriers], key=lambda line: line.top)


def _read(document: pypdfium2.PdfDocument, source: str) -> Read:
    chars_per_page: list[list[Char]] = []
    edges_per_page = []
    pictures: list[int] = []
    widths: list[float] = []
    for index in range(len(document)):
        page = document[index]
        widths.append(page.get_width())
        chars_per_page.append(page_chars(page))
        edges_per_page.append(page_edges(page))
        if not chars_per_page[-1] and _has_image(page):
            pictures.append(index)
        page.close()
    _check_text(chars_per_page, source, len(pictures))
    if pictures:
        shown = ", ".join(f"p.{index + 1}" for index in pictures)
        warnings.warn(
            f"{source}: pages with pictures and no text (scanned?): {shown}; their text is "
            "not read, run OCR on the file to read them",
            UserWarning,
            stacklevel=3,
        )
    pages: list[list[Line]] = []
    done: list[_Pending] = []
    last: tuple[FoundTable, bool] | None = None  # the last table read, and if it ends its page
    reprinted: set[Line] = set()  # the header rows a table repeats on each page, as lines
    for index, (chars, edges) in enumerate(zip(chars_per_page, edges_per_page, strict=True)):
        found = find_tables(edges, chars)
        taken = frozenset().union(*(t.taken for t in found))
        found = sorted([*found, *find_unruled(chars, taken)], key=lambda t: (t.box[1], t.box[0]))
        lines = _lines_without(chars, found)
        # A single ruled row is a table only as the rest of one cut by the page break (the
        # 合计 row alone at the top of a budget's next page); otherwise it is a framed line.
        repeated = (
            repeated_header(done[-1].cells, found[0])
            if found and _continues(last, found[0], lines)
            else None
        )
        kept = [t for k, t in enumerate(found) if _rows(t) > 1 or (k == 0 and repeated is not None)]
        if len(kept) < len(found):
            found, lines = kept, _lines_without(chars, kept)
        for k, table in enumerate(found):
            if k == 0 and repeated is not None:
                cells = join_tables(done[-1].cells, table, gap=SNAP * 4, repeated=repeated)
                done[-1] = done[-1]._replace(cells=cells)
                header = _header_line(table, repeated)
                if header is not None:
                    lines.append(header)
                    reprinted.add(header)
            else:
                caption, unit = _caption(lines, table)
                done.append(_Pending(table.cells, caption, unit, index))
            last = (table, k == len(found) - 1 and _alone(lines, table, above=False))
        if not found:
            last = None
        pages.append(_with_barriers(lines, found))
    tables = []
    for number, pending in enumerate(done, start=1):
        rows = grid(pending.cells)
        header_rows, header_cols = header_shape(rows)
        rows = fill_header_gaps(rows, header_rows, header_cols)
        tables.append(
            Table(
                key=f"t{number}",
                rows=rows,
                header_rows=header_rows,
                header_cols=header_cols,
                caption=pending.caption,
                unit=pending.unit,
                where=f"p.{pending.page + 1}",
            )
        )
    spans: list[tuple[int, int]] = []
    text, starts = paragraphs(pages, widths, spans, reprinted)
    places: tuple[Place, ...] = tuple((offset, f"p.{page + 1}") for offset, page in starts)
    metadata: dict[str, str] = {}
    title = _title(document, [line.text for line in (pages[0] if pages else [])][:12])
    if title:
        metadata["title"] = title
    marked = tuple((span, "page furniture") for span in spans)
    return Read(text, tuple(tables), places, metadata, marked)
