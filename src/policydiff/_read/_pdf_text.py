"""The characters of a PDF page with their boxes, gathered into lines and paragraphs.

- :func:`page_chars` — a pypdfium2 page's characters, top-down coordinates, generated
  (pdfium-inserted) ones left out.
- :func:`lines_of` — characters gathered into lines by their vertical extent, left to right.
- :func:`paragraphs` — the lines of all pages joined where a line wraps inside a paragraph,
  with the offset where each page starts.

A line wraps when it runs to the right margin of its page and the next line is not indented
(Chinese official documents indent every paragraph by two characters) and does not open with
a numbering marker (``一、``, ``（一）``, ``第三条``, ``1.``): those always start a line.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Any, NamedTuple

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

__all__ = [
    "FOOT_LINES",
    "HEAD_LINES",
    "MARGIN_CHARS",
    "Char",
    "Line",
    "furniture",
    "is_cjk",
    "is_page_number",
    "join_parts",
    "lines_of",
    "page_chars",
    "paragraphs",
]


class Char(NamedTuple):
    """One character of a page: its text and box (points, ``top`` < ``bottom``, from the
    page's top left) and font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


class Line(NamedTuple):
    """Characters of one line, left to right, with their joined text and box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


def page_chars(page: pypdfium2.PdfPage) -> list[Char]:
    """The characters of ``page`` in the order pdfium gives them, without the spaces and line
    breaks pdfium generates (spacing is redone from the boxes, see :func:`lines_of`).

    A character's box is its loose box (the font's em box, so the characters of a line line
    up), except where that is far larger than the page's usual one: the text matrix scales or
    turns the glyph there (199 points for a 10-point 三 set vertically as a table's row
    label), and the glyph's own box is taken.
    """
    textpage = page.get_textpage()
    raw = textpage.raw
    height = page.get_height()
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # pragma: no cover - characters outside the BMP
        text = "".join(_unicode(raw, i) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    found: list[tuple[int, str, float, float, float, float]] = []
    for i, char in enumerate(text):
        if char in "\r\n" or (char.isspace() and pdfium_c.FPDFText_IsGenerated(raw, i) == 1):
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
            continue
        found.append((i, char, rect.left, height - rect.top, rect.right, height - rect.bottom))
    usual = statistics.median_low([b[5] - b[3] for b in found]) if found else 0.0
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    chars: list[Char] = []
    for i, char, x0, top, x1, bottom in found:
        if (
            max(x1 - x0, bottom - top) > 2 * usual
            and not char.isspace()
            and pdfium_c.FPDFText_GetCharBox(raw, i, left, right, low, high)
            and max(right.value - left.value, high.value - low.value) > 0
        ):
            x0, x1 = left.value, right.value
            top, bottom = height - high.value, height - low.value
        size = max(min(x1 - x0, bottom - top), 1.0) if char.isspace() else bottom - top
        chars.append(Char(char, x0, top, x1, bottom, size))
    textpage.close()
    return chars


def _unicode(raw: Any, index: int) -> str:  # pragma: no cover - see page_chars
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    return chr(code)


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph or CJK/full-width punctuation (no space between
    such characters is meaningful)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2010 <= code <= 0x206F
    )


def _spaced(chars: Sequence[Char]) -> str:
    """The text of one line's characters, with a space where a gap wider than a third of the
    font size separates two non-CJK characters, or a gap of most of a character two CJK
    ones (``第一条　为了``); narrower gaps between CJK characters are justification."""
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        if char.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            previous = None
            continue
        if previous is not None and out and out[-1] != " ":
            gap = char.x0 - previous.x1
            size = max(char.size, previous.size)
            cjk = is_cjk(char.text) and is_cjk(previous.text)
            if gap > (0.8 if cjk else 0.3) * size:
                out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out).strip()


def lines_of(chars: Iterable[Char]) -> list[Line]:
    """``chars`` gathered into lines, top to bottom: a character belongs to a line when its
    vertical middle lies within the line's extent so far, or the line's middle within the
    character's (a small glyph's box, a quotation mark's, sits high or low in the line)."""
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    groups: list[list[Char]] = []
    band: tuple[float, float] = (0.0, -1.0)
    for char in ordered:
        middle = (char.top + char.bottom) / 2
        if groups and (
            band[0] <= middle <= band[1] or char.top <= (band[0] + band[1]) / 2 <= char.bottom
        ):
            groups[-1].append(char)
            band = (min(band[0], char.top), max(band[1], char.bottom))
        else:
            groups.append([char])
            band = (char.top, char.bottom)
    lines: list[Line] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        text = _spaced(group)
        if not text:
            continue
        visible = [c for c in group if not c.text.isspace()]
        sizes = sorted(c.size for c in ([c for c in visible if is_cjk(c.text)] or visible))
        lines.append(
            Line(
                text,
                min(c.x0 for c in visible),
                min(c.top for c in visible),
                max(c.x1 for c in visible),
                max(c.bottom for c in visible),
                sizes[(len(sizes) - 1) // 2],  # the lower median: a CJK character's size
            )
        )
    return lines


#: Markers that open a numbered paragraph: never joined to the line before. Not 第X款: a
#: line may wrap inside a reference (``《行政处罚法》第六十三条`` / ``第一款规定的``).
_MARKER = re.compile(
    r"\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条]"
    r"|[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d+[、．.](?!\d)"
    r"|[①-⑳])"
)
#: Page furniture: a page number on its own (``- 2 -``, ``— 2 —``, ``2``, ``第 2 页``).
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–－]\s*\d+\s*[-—–－]|\d{1,4}|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+)\s*$"
)


def is_page_number(text: str) -> bool:
    """Whether a line is a page number standing alone (``- 2 -``, ``2``, ``第 2 页``).

    >>> is_page_number("- 2 -"), is_page_number("—12—"), is_page_number("2023年")
    (True, True, False)
    """
    return _PAGE_NUMBER.match(text) is not None


def join_parts(parts: Sequence[str]) -> str:
    """Pieces of one paragraph joined: with nothing between them, except a space between
    two Latin letters or digits (a word wrapped at a space)."""
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii():
            out += " "
        out += part
    return out


#: A line this long or longer shows where a page's margins are.
MARGIN_CHARS = 8


class _Margins(NamedTuple):
    left: float
    right: float


def _margins(lines: Sequence[Line]) -> _Margins:
    """The left and right margins of a page's body text, from its lines of
    :data:`MARGIN_CHARS` characters or more (a short line, a signature, a stray mark, may sit
    anywhere): the leftmost start, and the upper quartile of their ends."""
    long = [line for line in lines if len(line.text) >= MARGIN_CHARS] or list(lines)
    if not long:
        return _Margins(0.0, 0.0)
    rights = sorted(line.x1 for line in long)
    # The upper quartile: most lines of a page run to the margin; one with a hanging
    # full-width comma juts out by a character.
    return _Margins(min(line.x0 for line in long), rights[(3 * (len(rights) - 1)) // 4])


def _wraps(
    before: Line,
    margins_before: _Margins,
    after: Line,
    margins_after: _Margins,
    body: float,
    *,
    same_page: bool,
) -> bool:
    """Whether ``after`` continues the paragraph of ``before``: ``before`` runs to the right
    margin and ``after`` is not indented; or both are lines of a title (larger than the body
    text ``body``, centred, the second no wider than the first)."""
    size = max(before.size, 1.0)
    # A run-in heading in a larger bold face (（四）平台建设情况。 at 22 points before 18-point
    # text) may fill the line that wraps on in the text's size.
    if abs(after.size - before.size) > 0.3 * size or _MARKER.match(after.text):
        return False
    gap = after.top - before.bottom if same_page else 0.0
    # Official documents set 16-point text on a fixed 28-point line or wider (a gap of about
    # one character, 15.9 points in the 2021 Shanghai notice); a wider gap is a break.
    if _PAGE_NUMBER.match(before.text) or gap > 2.5 * size:
        return False
    if (
        before.x1 >= margins_before.right - 1.5 * size
        and after.x0 <= margins_after.left + 0.6 * size
    ):
        return True
    middle = (margins_before.left + margins_before.right) / 2
    return (
        same_page
        and gap <= size
        and abs(after.size - before.size) <= 0.15 * size
        and size > 1.2 * body
        and abs((before.x0 + before.x1) / 2 - middle) <= size
        and abs((after.x0 + after.x1) / 2 - middle) <= size
        and after.x1 - after.x0 <= before.x1 - before.x0 + size / 2
        and before.text[-1:] not in "。：:；;"
    )


#: Lines at the top and at the bottom of a page looked at for running heads and page numbers.
HEAD_LINES = 2
FOOT_LINES = 3


def furniture(
    pages: Sequence[Sequence[Line]], widths: Sequence[float] | None = None
) -> set[tuple[int, int]]:
    """``(page, line)`` of the lines that are page furniture, not body text: a page number
    near the top or bottom of a page; a running head or foot (a line among the first
    :data:`HEAD_LINES` or last :data:`FOOT_LINES` of a page whose text, figures aside, recurs
    so on at least two pages and half of them: ``北京市人民政府规章``, ``北京市人民政府发布``);
    text set outside the page (``widths``)."""
    marks: set[tuple[int, int]] = set()
    keys: dict[tuple[int, int], str] = {}
    counts: Counter[str] = Counter()
    for p, lines in enumerate(pages):
        text = [k for k, line in enumerate(lines) if line.text]
        edge = text[:HEAD_LINES] + text[max(HEAD_LINES, len(text) - FOOT_LINES) :]
        for k in edge:
            if _PAGE_NUMBER.match(lines[k].text):
                marks.add((p, k))
            keys[(p, k)] = re.sub(r"\d+", "#", re.sub(r"\s+", "", lines[k].text))
        counts.update({keys[(p, k)] for k in edge})
        if widths is not None:
            marks.update((p, k) for k, ln in enumerate(lines) if ln.x0 >= widths[p] or ln.x1 <= 0)
    repeated = {key for key, n in counts.items() if n >= 2 and 2 * n >= len(pages)}
    marks.update(at for at, key in keys.items() if key in repeated)
    return marks


def paragraphs(
    pages: Sequence[Sequence[Line]],
    widths: Sequence[float] | None = None,
    furniture_spans: list[tuple[int, int]] | None = None,
    furniture_lines: Collection[Line] = (),
) -> tuple[str, list[tuple[int, int]]]:
    """The running text of ``pages`` (each a list of lines, top to bottom), one paragraph a
    line, and ``(offset, page index)`` where each page with text starts.

    Wrapped lines are joined, across a page break too; page furniture (:func:`furniture`:
    page numbers, running heads and feet) is kept, each a line of its own, after the
    paragraph it interrupts. A line without text stands for a table: no paragraph is joined
    across it. ``widths`` are the pages' widths, if known. The spans of the furniture lines
    in the text are appended to ``furniture_spans`` when it is given; ``furniture_lines`` are
    more lines to take as furniture (a table's header printed again on the next page).

    >>> a = Line("一、总则第一行很长很长", 50.0, 10.0, 500.0, 22.0, 12.0)
    >>> b = Line("接着写完。", 50.0, 30.0, 110.0, 42.0, 12.0)
    >>> paragraphs([[a, b]])
    ('一、总则第一行很长很长接着写完。', [(0, 0)])
    """
    marks = furniture(pages, widths)
    marks.update(
        (p, k)
        for p, lines in enumerate(pages)
        for k, ln in enumerate(lines)
        if ln in furniture_lines
    )
    body_lines = [
        [ln for k, ln in enumerate(lines) if (p, k) not in marks and ln.text]
        for p, lines in enumerate(pages)
    ]
    margins = [_margins(lines) for lines in body_lines]
    sizes = [line.size for lines in body_lines for line in lines]
    body = statistics.median_low(sizes) if sizes else 0.0
    out: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    current: list[tuple[str, int]] = []  # (text, page) of the paragraph being built
    previous: tuple[Line, int] | None = None
    pending: list[tuple[str, int]] = []  # furniture waiting for the paragraph to end

    def emit(text: str, pages_at: Sequence[tuple[int, int]]) -> None:
        nonlocal length
        for offset, page in pages_at:
            page_starts.setdefault(page, length + offset)
        out.append(text)
        length += len(text) + 1

    def flush() -> None:
        if current:
            text = ""
            at: list[tuple[int, int]] = []
            for part, page in current:
                joined = join_parts([text, part])
                at.append((len(joined) - len(part), page))
                text = joined
            emit(text, at)
            current.clear()
        for text, page in pending:
            if furniture_spans is not None:
                furniture_spans.append((length, length + len(text)))
            emit(text, [(0, page)])
        pending.clear()

    for index, lines in enumerate(pages):
        for k, line in enumerate(lines):
            if not line.text:  # a table: no paragraph runs across it
                flush()
                previous = None
                continue
            if (index, k) in marks:
                pending.append((line.text, index))
                continue
            if (
                previous is not None
                and current
                and _wraps(
                    previous[0],
                    margins[previous[1]],
                    line,
                    margins[index],
                    body,
                    same_page=previous[1] == index,
                )
            ):
                current.append((line.text, index))
            else:
                flush()
                current.append((line.text, index))
            previous = (line, index)
    flush()
    starts = sorted(page_starts.items(), key=lambda item: (item[1], item[0]))
    return "\n".join(out), [(offset, page) for page, offset in starts]
