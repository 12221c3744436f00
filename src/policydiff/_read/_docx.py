"""Word ``.docx`` files: their paragraphs and tables, in body order, numbering written out.

:func:`read_docx` opens the file with python-docx (the well-kept reader of the format; it
checks the package and finds its parts) and walks the body's XML itself, because python-docx's
``paragraphs`` and ``tables`` lists lose their interleaving and its ``Paragraph.text`` leaves
out what Word shows:

- paragraphs and tables in body order, content controls (``w:sdt``) opened;
- the number Word writes before a list paragraph (``w:numPr``, directly or through its style):
  ``第五章　``, ``一、``, ``（一）``, ``1.`` are written as text, counted as Word counts them
  (per list, lower levels restarting after a higher one), in the level's format (decimal,
  chineseCounting, chineseLegalSimplified, ideographTraditional, circled, letters, roman …);
  bullets are not written;
- inserted revisions kept, deleted ones and field codes left out, text boxes and footnotes read
  as paragraphs of their own;
- tables with merged cells resolved (``gridSpan`` across, ``vMerge`` down, ``gridBefore``):
  a grid of values is a :class:`~policydiff.model.Table` whose text is not in the running
  text; a table that only frames text (one row or one column) is read as paragraphs.

Each line's place is its paragraph's number in the body (``¶12``). Of the file's properties
only the title is taken, and only when the document's opening says it: templates leave stale
titles and their author (a clerk's name) is not the issuer.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any, TypeAlias

import attrs
import docx
from docx.oxml.ns import qn

from .._text import to_chinese
from ..errors import InputError
from ..model import Table
from ._formats import Place, Read
from ._grid import header_counts, looks_like_data

__all__ = ["format_number", "read_docx"]

#: An lxml element of the document's XML (python-docx's oxml classes, typed loosely).
Element: TypeAlias = Any

_REPAIR = "open it in Word or WPS and save it again as .docx"

_P, _TBL, _SDT, _R, _T = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:r"), qn("w:t")
_TR = qn("w:tr")
_SKIP = frozenset(
    qn(tag)
    for tag in (
        "w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:instrText", "w:delText", "w:delInstrText",
        "w:footnoteReference", "w:endnoteReference", "w:commentReference", "w:fldChar",
        "w:proofErr", "w:bookmarkStart", "w:bookmarkEnd", "w:lastRenderedPageBreak",
    )
)  # fmt: skip
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"
_TEXTBOX = qn("w:txbxContent")
_DOCX_WRAPPERS = frozenset(qn(t) for t in ("w:sdtContent", "w:customXml", "w:smartTag"))


def read_docx(data: bytes, *, source: str) -> Read:
    """The paragraphs and tables of a Word file's bytes (see the module docstring).

    A damaged file (not a zip archive, no ``word/document.xml``, broken XML) is an
    :class:`~policydiff.errors.InputError` that says to re-save it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        raise InputError(
            source, f"it is a damaged Word file (not a valid .docx archive); {_REPAIR}"
        ) from None
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise InputError(
            source, "it is a password-protected Word file; remove the password and save it again"
        )
    if "word/document.xml" not in names:
        raise InputError(
            source, f"it is a damaged Word file (it has no word/document.xml); {_REPAIR}"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # any failure to open the package is a bad file
        # zlib.error, BadZipFile (bad CRC), KeyError (a missing part), lxml's XMLSyntaxError,
        # ValueError (not a Word document): each says the file is damaged, none is our bug.
        reason = " ".join(str(err).split())[:120] or type(err).__name__
        raise InputError(source, f"it is a damaged Word file ({reason}); {_REPAIR}") from None
    writer = _Writer(_Numbering.of(document))
    writer.body(document.element.body)
    writer.notes(document)
    title = (document.core_properties.title or "").strip()
    opening = _squeeze("".join(line for line, _ in writer.lines[:10]))
    metadata = {"title": title} if title and _squeeze(title) in opening else {}
    out: list[str] = []
    places: list[Place] = []
    offset = 0
    for line, place in writer.lines:
        places.append((offset, place))
        out.append(line)
        offset += len(line) + 1
    return Read("\n".join(out), tuple(writer.tables), tuple(places), metadata)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _attr(el: Element | None, name: str = "w:val") -> str | None:
    return None if el is None else el.get(qn(name))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- numbering ------------------------------------------------------------------------------


@attrs.frozen
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    # Word writes A … Z, then AA … ZZ, then AAA …
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _legal(n: int) -> str:
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    return (
        (_LEGAL[tens] if tens > 1 else "") + ("拾" if tens else "") + (_LEGAL[ones] if ones else "")
    )


def format_number(n: int, fmt: str) -> str:
    """``n`` as Word writes it in a list level's number format (``decimal`` when the format
    is one it has no Chinese or Latin form for).

    >>> [format_number(n, f) for n, f in ((5, "chineseCounting"), (12, "chineseCounting"),
    ...     (3, "decimalEnclosedCircle"), (2, "ideographTraditional"), (4, "upperRoman"))]
    ['五', '十二', '③', '乙', 'IV']
    """
    if n < 1:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "ideographDigital", "taiwaneseCountingThousand"):  # fmt: skip
        return to_chinese(n) if n <= 99 else str(n)
    if fmt == "chineseLegalSimplified":
        return _legal(n)
    if fmt in ("ideographTraditional",) and n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt == "ideographZodiac" and n <= len(_BRANCHES):
        return _BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + 0xFF10) for d in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


def _level(lvl: Element) -> _Level:
    return _Level(
        start=_int(_attr(lvl.find(qn("w:start"))), 1),
        fmt=_attr(lvl.find(qn("w:numFmt"))) or "decimal",
        text=_attr(lvl.find(qn("w:lvlText"))) or "",
        suffix=_attr(lvl.find(qn("w:suff"))) or "tab",
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


class _Numbering:
    """The document's list definitions and the counters Word keeps while it lays them out."""

    def __init__(
        self,
        abstract: dict[str, dict[int, _Level]],
        nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]],
        styles: dict[str, tuple[str, int]],
    ) -> None:
        self.abstract = abstract
        self.nums = nums
        self.styles = styles
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        abstract: dict[str, dict[int, _Level]] = {}
        nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for item in root.iterchildren(qn("w:abstractNum")):
                levels = {
                    _int(lvl.get(qn("w:ilvl")), 0): _level(lvl)
                    for lvl in item.iterchildren(qn("w:lvl"))
                }
                abstract[item.get(qn("w:abstractNumId")) or ""] = levels
            for num in root.iterchildren(qn("w:num")):
                overrides: dict[int, _Level] = {}
                starts: dict[int, int] = {}
                for override in num.iterchildren(qn("w:lvlOverride")):
                    ilvl = _int(override.get(qn("w:ilvl")), 0)
                    lvl = override.find(qn("w:lvl"))
                    if lvl is not None:
                        overrides[ilvl] = _level(lvl)
                    start = _attr(override.find(qn("w:startOverride")))
                    if start is not None:
                        starts[ilvl] = _int(start, 1)
                abstract_id = _attr(num.find(qn("w:abstractNumId"))) or ""
                nums[num.get(qn("w:numId")) or ""] = (abstract_id, overrides, starts)
        return cls(abstract, nums, _style_numbering(document))

    def marker(self, paragraph: Element) -> str:
        """The number Word writes before ``paragraph`` ("" when it has none), advancing the
        counters."""
        props = paragraph.find(qn("w:pPr"))
        num_pr = None if props is None else props.find(qn("w:numPr"))
        num_id = _attr(None if num_pr is None else num_pr.find(qn("w:numId")))
        ilvl = _int(_attr(None if num_pr is None else num_pr.find(qn("w:ilvl"))), -1)
        style = _attr(None if props is None else props.find(qn("w:pStyle")))
        if num_id is None and style in self.styles:
            num_id, style_level = self.styles[style]
            ilvl = style_level if ilvl < 0 else ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl, 0), 8)
        abstract_id, overrides, starts = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in starts.items():
                counters[overridden] = start - 1
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k, _Level())
            value = counters.get(k, at.start)
            return format_number(value, "decimal" if level.legal else at.fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        return text + (" " if level.suffix in ("tab", "space") else "")


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering: style id → (numId, level), inherited
    through ``basedOn``."""
    try:
        root = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    own: dict[str, tuple[str | None, int]] = {}
    based: dict[str, str] = {}
    for style in root.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId")) or ""
        parent = _attr(style.find(qn("w:basedOn")))
        if parent:
            based[style_id] = parent
        props = style.find(qn("w:pPr"))
        num_pr = None if props is None else props.find(qn("w:numPr"))
        if num_pr is not None:
            num_id = _attr(num_pr.find(qn("w:numId")))
            own[style_id] = (num_id, _int(_attr(num_pr.find(qn("w:ilvl"))), 0))
    found: dict[str, tuple[str, int]] = {}
    for style_id in {*own, *based}:
        seen: set[str] = set()
        at: str | None = style_id
        while at is not None and at not in own and at not in seen:
            seen.add(at)
            at = based.get(at)
        if at is not None and at in own:
            num_id, level = own[at]
            if num_id is not None:
                found[style_id] = (num_id, level)
    return found


# --- body -----------------------------------------------------------------------------------


class _Writer:
    """Writes a document body's paragraphs as lines and its data tables as records."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.lines: list[tuple[str, str]] = []
        self.tables: list[Table] = []
        self.paragraphs = 0
        self.table_count = 0

    def body(self, parent: Element) -> None:
        for child in parent.iterchildren():
            if child.tag == _P:
                self.paragraphs += 1
                self.paragraph(child, f"¶{self.paragraphs}")
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT or child.tag in _DOCX_WRAPPERS:
                content = child.find(qn("w:sdtContent")) if child.tag == _SDT else child
                if content is not None:
                    self.body(content)

    def paragraph(self, p: Element, place: str) -> None:
        boxes: list[Element] = []
        text = self.numbering.marker(p) + "".join(_runs(p, boxes))
        for line in text.split("\n"):
            line = line.strip()
            if line:
                self.lines.append((line, place))
        for box in boxes:
            for inner in box.iterchildren(_P):
                self.paragraph(inner, place)

    def table(self, tbl: Element) -> None:
        self.table_count += 1
        where = f"table {self.table_count}"
        grid, marked = _grid(tbl, self.numbering)
        if not looks_like_data(
            [len(tr.findall(qn("w:tc"))) for tr in tbl.iterchildren(qn("w:tr"))]
        ):
            for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
                for c, tc in enumerate(tr.iterchildren(qn("w:tc")), start=1):
                    for p in tc.iter(_P):
                        self.paragraph(p, f"{where} r{r}c{c}")
            return
        header_rows, header_cols = header_counts(grid, marked_rows=marked)
        caption = self.lines[-1][0] if self.lines and len(self.lines[-1][0]) <= 80 else ""
        self.tables.append(
            Table(
                key=f"t{len(self.tables) + 1}",
                rows=grid,
                header_rows=header_rows,
                header_cols=header_cols,
                caption=caption,
                where=where,
            )
        )

    def notes(self, document: Any) -> None:
        """Footnotes and endnotes with text, after the body, each a paragraph."""
        for rel in document.part.rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind not in ("footnotes", "endnotes") or rel.is_external:
                continue
            try:
                root = _parse_part(rel.target_part.blob)
            except ValueError:
                continue
            name = "footnote" if kind == "footnotes" else "endnote"
            for note in root.iterchildren(qn(f"w:{name}")):
                if note.get(qn("w:type")) not in (None, "normal"):
                    continue  # the separator lines Word draws above the notes
                for p in note.iter(_P):
                    self.paragraph(p, f"{name} {note.get(qn('w:id'))}")


def _cell_text(tc: Element, numbering: _Numbering) -> str:
    lines: list[str] = []
    for p in tc.iter(_P):
        text = numbering.marker(p) + "".join(_runs(p, []))
        lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return "\n".join(lines)


def _parse_part(blob: bytes) -> Element:
    from docx.oxml.parser import parse_xml

    try:
        return parse_xml(blob)
    except Exception as err:  # lxml's XMLSyntaxError
        raise ValueError(str(err)) from None


def _runs(el: Element, boxes: list[Element]) -> Iterator[str]:
    """The text Word shows for a paragraph's inside, in order; text boxes go to ``boxes``."""
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            yield child.text or ""
        elif tag == qn("w:tab") or tag == qn("w:ptab"):
            yield "\t"
        elif tag in (qn("w:br"), qn("w:cr")):
            yield "" if child.get(qn("w:type")) == "page" else "\n"
        elif tag == qn("w:noBreakHyphen"):
            yield "-"
        elif tag == _TEXTBOX:
            boxes.append(child)
        elif tag == _ALTERNATE:
            # The same content twice (a text box and its VML fallback): read the first choice.
            choice = child.find(_CHOICE)
            if choice is not None:
                yield from _runs(choice, boxes)
        else:
            yield from _runs(child, boxes)


def _grid(tbl: Element, numbering: _Numbering) -> tuple[tuple[tuple[str, ...], ...], int]:
    """A Word table's grid, merged cells resolved, and how many leading rows Word repeats as
    headers (``w:tblHeader``)."""
    rows: list[list[str]] = []
    marked = 0
    for tr in tbl.iterchildren(qn("w:tr")):
        props = tr.find(qn("w:trPr"))
        before = _int(_attr(None if props is None else props.find(qn("w:gridBefore"))), 0)
        if props is not None and props.find(qn("w:tblHeader")) is not None and marked == len(rows):
            marked += 1
        row: list[str] = [""] * max(before, 0)
        for tc in tr.iterchildren(qn("w:tc")):
            cell_props = tc.find(qn("w:tcPr"))
            span = _int(_attr(None if cell_props is None else cell_props.find(qn("w:gridSpan"))), 1)
            merge = None if cell_props is None else cell_props.find(qn("w:vMerge"))
            col = len(row)
            if merge is not None and _attr(merge) != "restart" and rows:
                above = rows[-1]
                text = above[col] if col < len(above) else ""
            else:
                text = _cell_text(tc, numbering)
            row.extend([text] * min(max(span, 1), 1000))
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return tuple(tuple(row + [""] * (width - len(row))) for row in rows), marked
