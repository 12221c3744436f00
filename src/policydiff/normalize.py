"""Normalize: from decoded text to a clean body with a map back to the original.

- :func:`normalize_text` — the character-level steps below, in order, as one idempotent call.
- :func:`clean_controls`, :func:`split_paragraphs`, :func:`fold_width`, :func:`strip_pinyin`,
  :func:`to_simplified`, :func:`tidy_whitespace` — each step on its own, ``str -> str``.
- :func:`detect_script` — ``"simplified"`` or ``"traditional"``.
- :func:`detect_language` — ``"zh"`` or ``"en"`` (a mixed text by its majority).
- :class:`Tracked` — a text with, for every character, its offset in the original; every step
  is written as one-for-one substitutions plus deletions so the map stays exact.

Web chrome and metadata are handled by :mod:`policydiff.metadata`, which works on the lines
this module produces.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs
import numpy as np

from ._text import detect_language, display_width
from .model import OffsetMap, Script

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "Tracked",
    "clean_controls",
    "detect_language",
    "detect_script",
    "fold_width",
    "normalize_text",
    "normalize_tracked",
    "split_paragraphs",
    "strip_pinyin",
    "tidy_tracked",
    "tidy_whitespace",
    "to_simplified",
    "unwrap_tracked",
    "wrap_width",
]


@attrs.frozen(eq=False)
class Tracked:
    """A text and, for each of its characters, the offset of that character in the original.

    Steps only substitute characters one for one or delete them, so ``origin`` stays exact.
    A deletion of visible text (markup, annotations) names its reason; ``removed`` keeps the
    original span and reason of each, so nothing leaves the text unrecorded.

    >>> t = Tracked.of("a  b").delete([(1, 2)])
    >>> t.text, t.origin.tolist()
    ('a b', [0, 2, 3])
    >>> Tracked.of("会(huì)议").delete([(1, 6)], reason="pinyin").removed
    (((1, 6), 'pinyin'),)
    """

    text: str
    origin: NDArray[np.int64]
    original_length: int
    removed: tuple[tuple[tuple[int, int], str], ...] = ()

    @classmethod
    def of(cls, text: str) -> Tracked:
        return cls(text, np.arange(len(text), dtype=np.int64), len(text))

    def substitute(self, new_text: str) -> Tracked:
        """The same characters replaced one for one (``new_text`` has the same length)."""
        if len(new_text) != len(self.text):
            raise ValueError("a substitution must keep the length of the text")
        return Tracked(new_text, self.origin, self.original_length, self.removed)

    def delete(self, spans: Iterable[tuple[int, int]], *, reason: str | None = None) -> Tracked:
        """The text without the characters in ``spans`` (sorted, non-overlapping).

        With a ``reason``, each span's original extent is added to :attr:`removed`.
        """
        cuts = [(start, end) for start, end in spans if end > start]
        if not cuts:
            return self
        removed = self.removed
        if reason is not None:
            removed += tuple(
                ((int(self.origin[s]), int(self.origin[e - 1]) + 1), reason) for s, e in cuts
            )
        keep = np.ones(len(self.text), dtype=bool)
        pieces: list[str] = []
        last = 0
        for start, end in cuts:
            pieces.append(self.text[last:start])
            keep[start:end] = False
            last = end
        pieces.append(self.text[last:])
        return Tracked("".join(pieces), self.origin[keep], self.original_length, removed)

    def offset_map(self) -> OffsetMap:
        """The compact run-length :class:`OffsetMap` of this text."""
        origin = self.origin
        if len(origin) == 0:
            return OffsetMap(starts=(), origins=(), length=0, original_length=self.original_length)
        breaks = np.flatnonzero(np.diff(origin) != 1) + 1
        starts = np.concatenate(([0], breaks))
        return OffsetMap(
            starts=tuple(int(s) for s in starts),
            origins=tuple(int(o) for o in origin[starts]),
            length=len(origin),
            original_length=self.original_length,
        )


def _sub(
    tracked: Tracked,
    pattern: re.Pattern[str],
    replace: str = "",
    *,
    reason: str | None = None,
    needs: str = "",
) -> Tracked:
    """Replace each match by ``replace`` (at most one character) and delete the rest of it.

    ``reason`` records what was deleted (see :meth:`Tracked.delete`). ``needs`` lists
    characters of which every match holds one: a text holding none is not searched (a search
    that finds nothing still tries the pattern at every character: most of the time these
    steps took on a table flattened to lines, which holds no space)."""
    text = tracked.text
    if needs and not any(char in text for char in needs):
        return tracked
    spans: list[tuple[int, int]] = []
    chars: list[str] | None = None
    for match in pattern.finditer(text):
        start, end = match.span()
        if replace and end > start:
            if chars is None:
                chars = list(text)
            chars[start] = replace
            start += 1
        spans.append((start, end))
    if chars is not None:
        tracked = tracked.substitute("".join(chars))
    return tracked.delete(spans, reason=reason)


# --- step 1: controls and line ends -------------------------------------------------------

# Control characters (C0 and C1) except tab and line feed; zero-width spaces and joiners,
# direction marks, line and paragraph separators; the bidirectional embeddings, overrides
# and isolates (U+202A-202E, U+2066-2069) and the other invisible format characters of
# U+2060-206F; the BOM, interlinear annotation marks and lone surrogates. Carriage returns go
# too (CRLF and lone CR become LF below). All are invisible, as Document.unaccounted() counts
# them, so removing them loses nothing a reader sees.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_CRLF = re.compile(r"\r\n")
_CR = re.compile(r"\r")


def _clean_controls(tracked: Tracked) -> Tracked:
    tracked = _sub(tracked, _CRLF, "\n")
    tracked = _sub(tracked, _CR, "\n")
    return _sub(tracked, _CONTROLS)


# --- step 2: paragraph breaks written as runs of ideographic spaces ------------------------

# Reports flattened to one line keep their paragraph breaks as runs of full-width spaces
# (``。　　二、…``). Two or more U+3000 after text on the same line start a new paragraph;
# leading indentation is left for the whitespace step.
# A run between single characters is a title spaced out (``第一章　总　　则``), not a break.
# After a sentence's end, a run of two or more spaces of which one is ideographic
# (``。\u3000\xa0\xa0一、``) is a break too.
_IDEOGRAPHIC_BREAK = re.compile(
    r"(?=[^\S\n])(?:(?<=\S\S)[^\S\n]*\u3000{2,}"
    r"|(?<=[。!?;:”！？；：])(?=[^\S\n]{2})[^\S\n]*\u3000)[^\S\n]*(?=\S)"
)
# Markdown heading marks (``## 第一章 总则``) from documents kept as Markdown.
_MARKDOWN_HEADING = re.compile(r"(?m)^[^\S\n]*#{1,6}[^\S\n]+(?=\S)")


def _split_paragraphs(tracked: Tracked) -> Tracked:
    tracked = _sub(tracked, _IDEOGRAPHIC_BREAK, "\n", needs="\u3000")
    return _sub(tracked, _MARKDOWN_HEADING, reason="markup", needs="#")


# --- step 3: width folding (selective NFKC) ------------------------------------------------


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII: digits, letters, ( ) : % , ; ...
        table[code] = unicodedata.normalize("NFKC", chr(code))
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[code] = " "
    table[0xFF5F] = "("  # full-width white parentheses
    table[0xFF60] = ")"
    table[ord("\t")] = " "
    # Keep the Chinese full stop, enumeration comma, quotes and title marks as they are: they
    # carry meaning NFKC would not add (NFKC leaves them alone anyway).
    for keep in "。、“”‘’《》〈〉【】〔〕":
        table.pop(ord(keep), None)
    return table


_WIDTH = _width_table()
# str.translate looks every character up in the table; translating only the runs that need it
# is several times faster on Chinese prose, where most characters stay as they are.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_WIDTH)) + "]+")


def _fold_run(match: re.Match[str]) -> str:
    return match[0].translate(_WIDTH)


def _fold_width(tracked: Tracked) -> Tracked:
    return tracked.substitute(_FOLDABLE.sub(_fold_run, tracked.text))


# --- step 4: pinyin annotations -------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    rf"[aeiouv{_TONED}]{{1,4}}"
    r"(?:ng|n|r)?"
)
# A Han character followed by ``(pinyin)``: ``會(huì)`` → ``會``. Real parentheses hold Han
# characters (``中心(站)``), capitals (``(DRG)``) or numerals (``(一)``) and never match.
_PINYIN = re.compile(
    rf"(?=\()(?<=[\u3400-\u9fff\uf900-\ufaff])\((?:{_SYLLABLE})(?:[ ']?(?:{_SYLLABLE}))?\)",
)


def _strip_pinyin(tracked: Tracked) -> Tracked:
    return _sub(tracked, _PINYIN, reason="pinyin", needs="(")


# --- step 5: traditional to simplified ------------------------------------------------------


@functools.cache
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _convert(text: str) -> str:
    converted: str = _t2s().convert(text)  # type: ignore[attr-defined]
    return converted


def _to_simplified(tracked: Tracked) -> Tracked:
    text = tracked.text
    converted = _convert(text)
    if len(converted) == len(text):
        return tracked.substitute(converted)
    # A phrase changed length: convert line by line, and character by character on the lines
    # where the lengths differ, so the offset map stays one for one.
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        new = _convert(line)
        if len(new) != len(line):
            new = "".join(c if len(c2 := _convert(c)) != 1 else c2 for c in line)
        out.append(new)
    return tracked.substitute("\n".join(out))


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def detect_script(text: str) -> Script:
    """Whether ``text`` is written in traditional or simplified characters.

    Traditional when at least 2% of its Han characters (and at least three) change under
    OpenCC's ``t2s`` conversion.

    >>> detect_script("會議提出,要紮實推進基層醫療衛生高質量發展")
    'traditional'
    >>> detect_script("会议提出,要扎实推进基层医疗卫生高质量发展")
    'simplified'
    """
    sample = _NOT_HAN.sub("", text)
    if not sample:
        return "simplified"
    converted = _convert(sample)
    if len(converted) != len(sample):
        changed = sum(1 for c in sample if _convert(c) != c)
    elif converted == sample:
        changed = 0
    else:
        changed = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    return "traditional" if changed >= 3 and changed >= 0.02 * len(sample) else "simplified"


# --- step 6: whitespace -----------------------------------------------------------------------

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》、。"
# Spaces at line ends, runs of blank lines, and spaces touching a CJK character (``2023 年`` and
# ``政 府 工 作`` from PDF extraction) go; a run of spaces between Latin words becomes one.
# Each pattern opens with a lookahead for the character every match starts with: Python's re
# would otherwise try the lookbehinds at every position of the text.
_LINE_EDGE_SPACE = re.compile(r"(?m)(?=[ \t])(?:^[ \t]+|[ \t]+$)")
_BLANK_LINES = re.compile(r"(?=\n)(?:\n(?=\n)|^\n+|\n+$)")
_CJK_SPACE = re.compile(rf"(?= )(?:(?<=[{_CJK}]) +|(?<=\S) +(?=[{_CJK}]))")
_MULTI_SPACE = re.compile(r"(?= )(?<= ) +")


def _tidy_whitespace(tracked: Tracked) -> Tracked:
    tracked = _sub(tracked, _LINE_EDGE_SPACE, needs=" \t")
    tracked = _sub(tracked, _CJK_SPACE, needs=" ")
    tracked = _sub(tracked, _MULTI_SPACE, needs=" ")
    return _drop_blank_lines(tracked)


def _drop_blank_lines(tracked: Tracked) -> Tracked:
    text = tracked.text
    if "\n\n" in text:
        return _sub(tracked, _BLANK_LINES)
    # No blank line inside: what the pattern deletes is a line break at either end, found
    # without its search (which tries its alternatives at every line break).
    ends = sorted({at for at in (0, len(text) - 1) if text[at : at + 1] == "\n"})
    return tracked.delete((at, at + 1) for at in ends)


# --- public step functions -------------------------------------------------------------------


def clean_controls(text: str) -> str:
    """Drop control, zero-width and bidirectional-control characters; CRLF and CR become LF.

    >>> clean_controls("a\\r\\nb\\u200bc\\x00")
    'a\\nbc'
    >>> clean_controls("\\u2067《条例》\\u2069\\u202e")
    '《条例》'
    """
    return _clean_controls(Tracked.of(text)).text


def split_paragraphs(text: str) -> str:
    """Start a new line where a run of full-width spaces marks a paragraph break.

    >>> split_paragraphs("一、回顾\\u3000\\u3000二、任务")
    '一、回顾\\n二、任务'
    """
    return _split_paragraphs(Tracked.of(text)).text


def fold_width(text: str) -> str:
    """NFKC for full-width digits, letters, parentheses, colons and spaces; 。、“”《》 kept.

    >>> fold_width("（一）５０％，“好”。")
    '(一)50%,“好”。'
    """
    return _fold_width(Tracked.of(text)).text


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations after Han characters, keeping real parentheses.

    >>> strip_pinyin("會(huì)議 中心(站) 9省(区) 分组(DRG) (一)")
    '會議 中心(站) 9省(区) 分组(DRG) (一)'
    """
    return _strip_pinyin(Tracked.of(text)).text


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones with OpenCC ``t2s``.

    >>> to_simplified("衛生健康")
    '卫生健康'
    """
    return _to_simplified(Tracked.of(text)).text


def tidy_whitespace(text: str) -> str:
    """Trim lines, drop blank lines and spaces touching CJK text, collapse other runs.

    >>> tidy_whitespace("  2023 年 政 府  \\n\\n\\n  see  also ")
    '2023年政府\\nsee also'
    """
    return _tidy_whitespace(Tracked.of(text)).text


def normalize_tracked(tracked: Tracked, *, simplify: bool = True) -> Tracked:
    """Every character-level step, in order, on a :class:`Tracked` text."""
    tracked = _clean_controls(tracked)
    tracked = _split_paragraphs(tracked)
    tracked = _fold_width(tracked)
    tracked = _strip_pinyin(tracked)
    if simplify:
        tracked = _to_simplified(tracked)
    return _tidy_whitespace(tracked)


def normalize_text(text: str, *, simplify: bool = True) -> str:
    """Normalize a document's characters: controls, paragraph breaks, width, pinyin, script,
    whitespace. Idempotent: normalizing twice gives the same text as once.

    >>> normalize_text("會(huì)議（一）提出５０％\\r\\n\\r\\n  下一行")
    '会议(一)提出50%\\n下一行'
    """
    return normalize_tracked(Tracked.of(text), simplify=simplify).text


# --- hard-wrapped text (PDF extraction) ------------------------------------------------------

_ENDS_PARAGRAPH = re.compile(r"[。;:!?”]$")
_WRAP_SHARE = 0.3  # share of long lines at one width before a text counts as hard-wrapped
_WRAP_OVERFLOW = 0.1  # share of long lines past that width above which it does not


def wrap_width(text: str) -> int | None:
    """The width at which a PDF extraction hard-wrapped ``text``, or ``None`` if it did not.

    Widths are display widths (:func:`display_width`): a PDF line holding digits holds more
    characters. A text is hard-wrapped when at least eight of its lines, and 30% of those 30
    columns wide or more, are within two columns of the same width, and no more than 10% run
    past it.

    >>> wrap_width(chr(10).join(["一" * 20] * 9 + ["短"])), wrap_width("一行。")
    (40, None)
    """
    counts: dict[int, int] = {}
    exact: dict[int, int] = {}
    long_lines = 0
    for line in text.split("\n"):
        if len(line) < 15:  # (two columns a character at most: never 30 wide)
            continue
        length = display_width(line)
        if length >= 30:
            long_lines += 1
            exact[length] = exact.get(length, 0) + 1
            for near in range(length - 2, length + 3):
                counts[near] = counts.get(near, 0) + 1
    if not counts:
        return None
    width = max(counts, key=lambda w: (counts[w], exact.get(w, 0), w))
    if counts[width] < max(8, _WRAP_SHARE * long_lines):
        return None
    # Wrapped text never runs past its width: many longer lines mean the similar ones are
    # short headings or list items, not a page's lines.
    longer = sum(n for length, n in exact.items() if length > width + 4)
    if longer > _WRAP_OVERFLOW * long_lines:
        return None
    return width


def unwrap_tracked(
    tracked: Tracked, *, width: int | None, starts_block: Callable[[str], bool] | None = None
) -> Tracked:
    """Join lines that a PDF extraction broke at ``width`` back into paragraphs.

    A line of (nearly) full width that does not close a sentence is joined to the next, unless
    the next opens a numbered section.
    """
    if width is None:
        return tracked
    lines = tracked.text.split("\n")
    widths = [display_width(line) for line in lines]
    spans: list[tuple[int, int]] = []
    offset = 0
    for i, line in enumerate(lines[:-1]):
        offset += len(line)
        following = lines[i + 1]
        if (
            widths[i] >= width - 4
            and not _ENDS_PARAGRAPH.search(line)
            and not (starts_block is not None and starts_block(following))
        ):
            spans.append((offset, offset + 1))
        offset += 1
    return tracked.delete(spans)


def tidy_tracked(tracked: Tracked) -> Tracked:
    """:func:`tidy_whitespace` on a :class:`Tracked` text."""
    return _tidy_whitespace(tracked)
