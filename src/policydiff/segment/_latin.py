"""English and other Latin-script documents: their markers, headings, sentences and labels.

The segmenter (:mod:`policydiff.segment`) reads every document the same way; what differs for a
Latin-script text is read here: which marker a line opens with (:data:`~policydiff._text.
LATIN_MARKERS`), whether ``(i)`` is a roman numeral or the letter after ``(h)``, which first
words are a heading (``Definitions.``, ``In general.—``), where sentences end (``Sec.``,
``U.S.C.`` and ``e.g.`` do not end one) and how a node's label is written (``Sec. 2(a)(1)``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from .._text import (
    BLOCK_MARKERS,
    LATIN_MARKERS,
    LATIN_SECTION_KINDS,
    ROMAN_LOOKALIKE,
    SECTION_KINDS,
    chinese_ordinal,
    latin_ordinal,
)
from .._text import _letter_value as letter_value

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {
    chr(0x3251 + i): i + 21 for i in range(15)
}


class _Keyed(Protocol):
    kind: str
    key: str


# --- English sentences and headings --------------------------------------------------------------

# Words written with a full stop that does not end a sentence: titles, references, Latin
# abbreviations, company forms, months. Compared lower-cased, without their last full stop.
_ABBREVIATIONS = frozenset(
    [
        "sec",
        "secs",
        "art",
        "arts",
        "no",
        "nos",
        "par",
        "para",
        "paras",
        "cl",
        "ch",
        "chap",
        "pt",
        "sch",
        "reg",
        "regs",
        "subsec",
        "e.g",
        "i.e",
        "etc",
        "cf",
        "viz",
        "vs",
        "v",
        "al",
        "approx",
        "est",
        "fig",
        "figs",
        "p",
        "pp",
        "vol",
        "ed",
        "eds",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "bros",
        "dept",
        "govt",
        "assn",
        "intl",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "hon",
        "rev",
        "gen",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.s.c",
        "u.k",
        "u.n",
        "e.u",
        "c.f.r",
        "fed",
        "stat",
        "pub",
    ]
)
# A candidate sentence end: a stop, closing quotes, then space and what opens a sentence (a
# capital, a quote, a bracket). A stop before a digit or a small letter never ends one, so
# decimals (``2.5``) and citations (``42 U.S.C. 1983``) stay whole.
_LATIN_STOP = re.compile(r"[.!?]['\"\u201d\u2019)\]]*(?=\s+[A-Z\"\u201c\u2018(\[])|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)[.]['\"\u201d\u2019)\]]*$")


def latin_sentences(text: str) -> tuple[str, ...]:
    """English sentences: split at a stop followed by a capital, unless the word before the
    stop is an abbreviation (``Sec.``, ``U.S.``, ``e.g.``, ``No.``, ``Inc.``) or an initial
    (``J. Smith``).

    Written with a regular expression and a list of abbreviations rather than a sentence
    tokenizer (NLTK's punkt, pySBD): both need a model or a dependency, and neither knows
    legal citations (``Sec.``, ``U.S.C.``) any better without training.
    """
    out: list[str] = []
    start = 0
    for match in _LATIN_STOP.finditer(text):
        end = match.end()
        if match.group(0) != "\n" and match.group(0)[0] == ".":
            before = _WORD_BEFORE.search(text, max(start, end - 24), end)
            word = before.group(1).lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return tuple(out)


# English takes about twice the characters Chinese does to say the same: its headings are
# longer (``Limitation of Liability and Indemnification``). A Latin heading closes with no
# stop, and opens with a capital or a digit (``(a) pay the fee`` is an item, not a title).
#: The longest English heading (English takes about twice the characters Chinese does).
LATIN_HEADING_MAX = 80
_LATIN_CLAUSE_BREAK = re.compile(r"[,;:!?]")
_LATIN_TERMINAL = re.compile(r"[.;:!?,]['\"\u201d\u2019)]*$")
# Words a title leaves in lower case: articles, conjunctions and prepositions.
_SMALL_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an and as at by for from in into of on or per the to under with within without "
        "through across among along alongside after before during near over between upon "
        "via against beyond toward towards onto nor but",
    )
)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\u2019-]*")
# The stop after a heading that opens a paragraph: ``Definitions. In this Act``,
# ``In general.—The Secretary``, ``Scope: This Agreement``.
_LATIN_HEAD_STOP = re.compile(
    r"(?:\.[\u2014\u2013-]+|\.|:|[\u2014\u2013])[^\S\n]*(?=[A-Z(\"\u201c])"
)


def is_latin_heading(text: str) -> bool:
    """A Latin line or lead that reads as a title: short, no stop or clause break, opening
    with a capital, in title case or a few words (``Duty to publish``)."""
    return (
        0 < len(text) <= LATIN_HEADING_MAX
        and not _LATIN_TERMINAL.search(text)
        and not _LATIN_CLAUSE.search(text)
        and text[:1].isupper()
        and (title_like(text) or len(text.split()) <= _LATIN_HEADING_WORDS)
    )


_LATIN_CLAUSE = re.compile(r"[;,]|\s(?:shall|must|may|means|is|are)\s")
_LATIN_HEADING_WORDS = 6


def title_like(words: str) -> bool:
    """Words as a title writes them: at most ten, every one but the small ones capitalized."""
    found = _LATIN_WORD.findall(words)
    if not found or len(found) > 10:
        return False
    return (
        all(w[0].isupper() for w in found if w.lower() not in _SMALL_WORDS)
        and found[0][0].isupper()
    )


def split_latin_heading(content: str) -> tuple[str, str]:
    """``Definitions. In this Act…`` → ``("Definitions", ". In this Act…")``: a first
    sentence that reads as a title (title case, or closed by ``.—``), else nothing."""
    match = _LATIN_HEAD_STOP.search(content, 0, LATIN_HEADING_MAX + 4)
    if match is None or match.start() == 0:
        return "", content
    first = content[: match.start()]
    if _LATIN_CLAUSE_BREAK.search(first) or len(first) > LATIN_HEADING_MAX:
        return "", content
    dashed = any(c in match.group(0) for c in "\u2014\u2013-")
    if not (title_like(first) or (dashed and first[:1].isupper())):
        return "", content
    return first, content[match.start() :]


def _any_of(patterns: Sequence[tuple[str, re.Pattern[str]]]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does, its group ``_i`` where the
    ``i``-th does first (their own groups unnamed): a line is told which family it may open
    with by one match instead of one per family."""
    return re.compile(
        "|".join(f"(?P<_{i}>{_NAMED.sub('(?:', p.pattern)})" for i, (_, p) in enumerate(patterns))
    )


_NAMED = re.compile(r"\(\?P<\w+>")
_ANY_BLOCK = _any_of(BLOCK_MARKERS)
_ANY_LATIN = _any_of(LATIN_MARKERS)


def read_marker(line: str) -> tuple[str, str, int, int] | None:
    """:func:`block_marker` and the offset where the content after the marker starts."""
    if (which := _ANY_BLOCK.match(line)) is None:
        if not line[:1].isascii() and line[:1] != "§":
            return None  # (as ``_read_latin`` answers, unasked: most lines of Chinese text)
        return _read_latin(line)
    # The families before the first that matches need no second try.
    for kind, pattern in BLOCK_MARKERS[int(str(which.lastgroup)[1:]) :]:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group("n")
        ordinal = _CIRCLED.get(raw) if kind == "circled" else chinese_ordinal(raw)
        if ordinal is None or match.end() >= len(line):
            continue
        return kind, match.group(0).strip(), ordinal, match.end()
    return _read_latin(line)


def _read_latin(line: str) -> tuple[str, str, int, int] | None:
    """:func:`read_marker` for the markers of Latin-script documents."""
    if (not line[:1].isascii() and line[:1] != "§") or _ANY_LATIN.match(line) is None:
        return None
    for kind, pattern in LATIN_MARKERS:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group("n")
        ordinal = latin_ordinal(kind, raw)
        # A word marker may stand alone on its line (``ARTICLE I`` over its heading); an item
        # of a list may not.
        alone = match.end() >= len(line)
        if ordinal is None or (alone and kind not in LATIN_SECTION_KINDS):
            continue
        if kind in ("section_en", "decimal"):
            depth = raw.count(".") + 1
            kind = kind if kind == "section_en" and depth == 1 else f"{kind}{depth}"
        return kind, match.group(0).strip(), ordinal, match.end()
    return None


# ``Schedule 1``, ``ANNEX A``, ``Appendix``, ``Exhibit B``: a part after the numbered body.
ANNEX_EN = re.compile(
    r"^(?P<label>(?:SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|EXHIBIT|Exhibit)"
    r"(?:[^\S\n]+(?:\d{1,2}|[A-Z]|[IVX]{1,4}))?)(?P<note>(?!))?"
    r"(?=[^\S\n]*$|[^\S\n]*[.:\u2014\u2013-]|[^\S\n]+[A-Z(])[^\S\n]*(?:[.:\u2014\u2013]+|-+)?[^\S\n]*"
)
_SUB_LATIN = re.compile(r"\d(?P<n>[A-Z])\.?$")


def latin_sub_ordinal(marker: str) -> int:
    """``1`` for ``Section 5A`` (a section inserted after section 5), else ``0``."""
    latin = _SUB_LATIN.search(marker)
    return letter_value(latin.group("n")) or 0 if latin else 0


def is_latin_kind(kind: str) -> bool:
    """Whether a marker kind is one of the Latin-script numbering's sections."""
    if (known := _LATIN_KIND.get(kind)) is None:
        known = _LATIN_KIND[kind] = kind.rstrip("0123456789") in LATIN_SECTION_KINDS
    return known


# Asked of every node and of every unnumbered line's open node, of a few kinds in all.
_LATIN_KIND: dict[str, bool] = {}


def numbers_sections(kind: str) -> bool:
    """Whether a marker kind numbers sections (not items of a list)."""
    return kind in SECTION_KINDS or kind.rstrip("0123456789") in LATIN_SECTION_KINDS


def roman_or_letter(
    kind: str, marker: str, ordinal: int, stack: Sequence[_Keyed]
) -> tuple[str, int]:
    """A single-letter roman numeral (``(i)``, ``(v)``, ``(x)``) that continues an open
    lettered list (after ``(h)``) is that list's letter; otherwise it is roman."""
    letters = ROMAN_LOOKALIKE[kind]
    raw = marker.strip("().").rstrip(")")
    if len(raw) != 1:
        return kind, ordinal
    value = letter_value(raw) or 0
    if any(d.kind == letters and d.key == str(value - 1) for d in stack):
        return letters, value
    return kind, ordinal


# A Latin marker that writes its parents' numbers too (``Section 1.2``, ``1.2.3``) is a label
# on its own; a word marker follows its parent's label after a space (``Part 2 Chapter 1``),
# an item's marker right after it (``Sec. 2(a)(1)``), as citations write them.
_WHOLE_NUMBER = re.compile(r"\d\.\d")
LATIN_SEPARATORS = ".:\u2014\u2013- "


def join_label(parent: str, draft: _Keyed, own: str) -> str:
    if draft.kind in ROMAN_LOOKALIKE or draft.kind in LATIN_ITEMS:
        return parent.rstrip(LATIN_SEPARATORS) + own
    if not is_latin_kind(draft.kind):
        return parent + own
    if _WHOLE_NUMBER.search(own) or not parent:
        return own
    return f"{parent.rstrip(LATIN_SEPARATORS)} {own}"


LATIN_ITEMS = frozenset({*ROMAN_LOOKALIKE.values(), "arabic_paren"})
