"""Text primitives every stage shares: Chinese numerals, section markers, display widths.

- :func:`chinese_ordinal` — ``十四`` → 14 (the small whole numbers markers and dates write).
- :func:`chinese_digits` — ``二〇二四`` → ``"2024"`` (a year written digit by digit).
- :func:`chinese_value` — any Chinese numeral's value, by cn2an (``三点五万`` → 35000.0).
- :func:`to_chinese` — 14 → ``十四``: the numeral a marker writes.
- :data:`BLOCK_MARKERS`, :func:`opens_block` — the numbered markers a line can open with.
- :data:`LATIN_MARKERS`, :func:`latin_ordinal`, :func:`roman_value` — the numbering of English
  and other Latin-script documents (``ARTICLE I``, ``Section 1.1``, ``Sec. 2.``, ``(a)``,
  ``(i)``, ``1.1.1``), and the ordinals they write.
- :func:`has_han`, :func:`is_latin` — which script a piece of text is written in.
- :func:`detect_language` — ``"zh"`` or ``"en"``: the language most of a document is in.
- :func:`display_width` — columns a text takes in a fixed-width layout.
- :func:`written_magnitude` — the magnitude a figure is written in (万亿, 亿, 万).
- :data:`CITATION` — a cited document title in 《》.
- :func:`without_collection` — a function run with the cyclic garbage collector paused.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Iterable
from typing import Literal, ParamSpec, TypeVar

__all__ = [
    "BLOCK_MARKERS",
    "CITATION",
    "CN_NUMERALS",
    "LATIN_MARKERS",
    "LEGAL_KINDS",
    "SECTION_KINDS",
    "chinese_digits",
    "chinese_ordinal",
    "chinese_value",
    "detect_language",
    "display_width",
    "each_once",
    "has_han",
    "is_latin",
    "latin_ordinal",
    "opens_block",
    "roman_value",
    "to_chinese",
    "without_collection",
    "written_magnitude",
]

#: The characters of a Chinese ordinal in a marker (``十四``, ``一百零五``, ``两``).
CN_NUMERALS = "一二三四五六七八九十百零〇两"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2, "○": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_ordinal(text: str) -> int | None:
    """The integer a Chinese or Arabic ordinal writes (1 to 9999), or ``None``.

    Written here rather than with cn2an (used for quantities, :func:`chinese_value`) because
    markers and dates need only small whole numbers and importing cn2an costs 130 ms, which
    every parse would pay.

    >>> [chinese_ordinal(s) for s in ("十四", "二十", "一百零五", "3", "十", "两")]
    [14, 20, 105, 3, 10, 2]
    >>> chinese_ordinal("第") is None
    True
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (current or 1) * _UNITS[char]
            current = 0
        else:
            return None
    total += current
    return total or None


def chinese_digits(text: str) -> str:
    """A number written digit by digit (``二〇二四``) in Arabic digits; others pass through.

    >>> chinese_digits("二〇二四"), chinese_digits("2024")
    ('2024', '2024')
    """
    return "".join(str(_DIGITS[c]) if c in _DIGITS else c for c in text)


_CN_ORDERS = {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 10000.0}


def chinese_value(numeral: str) -> float | None:
    """A Chinese numeral's value by cn2an, or ``None`` when it is not a number.

    Digits read one by one (``一二三``, ``二〇二三``) are a name or a year, not a number.

    >>> chinese_value("三千五百"), chinese_value("十"), chinese_value("二〇二三")
    (3500.0, 10.0, None)
    """
    if numeral in _CN_ORDERS:
        return _CN_ORDERS[numeral]
    plain = numeral.strip("〇零")
    if len(plain) >= 3 and not any(ch in "十百千万亿" for ch in plain):
        return None
    import cn2an  # deferred: importing cn2an takes ~100 ms, `import policydiff` must not

    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        # cn2an raises on forms it does not know, e.g. 一亿二 (KeyError) and 三四十 (ValueError).
        return None
    return float(value)


_WRITTEN = "一二三四五六七八九"


def to_chinese(n: int) -> str:
    """``14`` → ``十四``: the numeral a marker writes (1 to 99).

    >>> [to_chinese(n) for n in (3, 10, 14, 20, 99)]
    ['三', '十', '十四', '二十', '九十九']
    """
    if not 1 <= n <= 99:
        raise ValueError(f"a marker numeral is from 1 to 99, not {n!r}")
    if n < 10:
        return _WRITTEN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _WRITTEN[tens - 1]) + "十" + (_WRITTEN[ones - 1] if ones else "")


_NUM = CN_NUMERALS
#: ``(kind, pattern)`` of every numbered marker a line can open with, outermost first as
#: GB/T 9704 lists them; the group ``n`` is the ordinal, the match ends where content starts.
#: Legal levels (编, 分编, 章, 节, 条) come first; an article may carry ``之一`` (an article
#: inserted after another by an amendment), kept in the marker. ``编`` is a level only where
#: no verb follows (``第一编 总则``, not ``第三编写组``).
BLOCK_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第(?P<n>[{_NUM}]+|\d{{1,2}})编(?![写辑制排号码者入印纂造])\s*")),
    ("subpart", re.compile(rf"^第(?P<n>[{_NUM}]+|\d{{1,2}})分编\s*")),
    ("chapter", re.compile(rf"^第(?P<n>[{_NUM}]+|\d{{1,3}})章\s*")),
    ("section", re.compile(rf"^第(?P<n>[{_NUM}]+|\d{{1,3}})节\s*")),
    ("article", re.compile(rf"^第(?P<n>[{_NUM}]+|\d{{1,4}})条(?:之[{_NUM}]{{1,3}})?\s*")),
    ("cn", re.compile(rf"^(?P<n>[{_NUM}]{{1,4}})\s*(?:、|\.(?!\d))\s*")),
    ("paren_cn", re.compile(rf"^\(\s*(?P<n>[{_NUM}]{{1,4}})\s*\)[、.]?\s*")),
    ("arabic", re.compile(r"^(?P<n>\d{1,3})\s*(?:、|\.(?![\d%]))\s*")),
    ("paren_arabic", re.compile(r"^\(\s*(?P<n>\d{1,3})\s*\)[、.]?\s*")),
    ("circled", re.compile(r"^(?P<n>[\u2460-\u2473\u3251-\u325f])\s*")),
    ("enum", re.compile(rf"^其?(?P<n>[{_NUM}]{{1,3}})是(?=[^,。;:、])")),
    ("enum_di", re.compile(rf"^第(?P<n>[{_NUM}]{{1,2}})[,、:](?!\d)")),
)
#: Marker kinds that number sections (not items of a list or an enumeration).
SECTION_KINDS = frozenset(
    {"part", "subpart", "chapter", "section", "article", "cn", "paren_cn", "arabic"}
)
#: The levels of a law, outermost first: their nesting is fixed, whatever order they first
#: appear in (a law whose first chapter has no 节 still puts 节 above 条).
LEGAL_KINDS = ("part", "subpart", "chapter", "section", "article")
_BLOCK_KINDS = frozenset(kind for kind, _ in BLOCK_MARKERS if not kind.startswith("enum"))


def opens_block(line: str) -> bool:
    """Whether ``line`` opens with a numbered marker (an enumeration's ``一是`` aside).

    >>> opens_block("(三)加强监管"), opens_block("2023年"), opens_block("一是加强")
    (True, False, False)
    >>> opens_block("Section 1.1 Definitions"), opens_block("10 percent of the fee")
    (True, False)
    """
    return any(
        pattern.match(line) for kind, pattern in BLOCK_MARKERS if kind in _BLOCK_KINDS
    ) or any(pattern.match(line) for _kind, pattern in LATIN_MARKERS)


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han character.

    >>> has_han("Section 1"), has_han("第一条")
    (False, True)
    """
    return _HAN.search(text) is not None


def is_latin(text: str) -> bool:
    """Whether ``text`` is Latin-script text: letters of the Latin alphabets, no Han.

    >>> is_latin("The fee is $10,000."), is_latin("2023"), is_latin("村卫生室 DRG")
    (True, False, False)
    """
    return _HAN.search(text) is None and _LATIN_LETTER.search(text) is not None


_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]+")


def detect_language(text: str) -> Literal["zh", "en"]:
    """``"zh"`` or ``"en"``: the language most of ``text`` is written in.

    A mixed text goes by its majority, counted in words: every Han character is one (a
    Chinese word is one or two characters, an English word five letters on average, so
    counting characters would let a few English sentences outweigh a Chinese page), every run
    of Latin letters is one. ``en`` stands for English and any other Latin-script language;
    a text with neither (empty, digits only) is ``zh``, the library's first language.

    >>> detect_language("The fee is $10,000."), detect_language("村卫生室58.2万个。")
    ('en', 'zh')
    >>> detect_language("关于DRG和DIP支付方式改革的通知")
    'zh'
    """
    han = len(text) - len(_HAN_RUN.sub("", text))  # (counted without a list of every one)
    latin = len(_LATIN_WORD.findall(text))
    return "en" if latin > han else "zh"


# --- Latin-script numbering --------------------------------------------------------------------

_ROMAN_FORM = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_value(text: str) -> int | None:
    """The value of a well-formed roman numeral (either case), or ``None``.

    >>> roman_value("iv"), roman_value("XIV"), roman_value("iiii"), roman_value("")
    (4, 14, None, None)
    """
    low = text.lower()
    if not low or not _ROMAN_FORM.fullmatch(low):
        return None
    total = 0
    for k, char in enumerate(low):
        value = _ROMAN_DIGITS[char]
        following = _ROMAN_DIGITS[low[k + 1]] if k + 1 < len(low) else 0
        total += -value if value < following else value
    return total


def _letter_value(text: str) -> int | None:
    """``a`` → 1 … ``z`` → 26, ``aa`` → 27 (a doubled letter continues a long list)."""
    low = text.lower()
    if not low.isascii() or not low.isalpha() or len(set(low)) != 1 or len(low) > 3:
        return None
    return (ord(low[0]) - ord("a") + 1) + 26 * (len(low) - 1)


def latin_ordinal(kind: str, raw: str) -> int | None:
    """The ordinal a Latin marker's number writes: digits, the last part of ``1.2.3``, a
    roman numeral (``roman`` kinds and the word markers' ``IV``) or a letter (``(c)`` → 3).

    >>> latin_ordinal("decimal3", "1.2.3"), latin_ordinal("article_en", "IV")
    (3, 4)
    >>> latin_ordinal("paren_alpha", "c"), latin_ordinal("paren_roman", "ii")
    (3, 2)
    """
    last = raw.rsplit(".", 1)[-1]
    if last.isdigit():
        return int(last)
    digits = last.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if digits.isdigit():
        return int(digits)  # 5A: an inserted section keeps its number (the letter is a sub)
    if "roman" in kind:
        return roman_value(last)
    if kind in _LETTER_KINDS:
        return _letter_value(last)
    return roman_value(last) or _letter_value(last)


# What may follow a word marker's number: nothing, a separator, or a heading that opens with a
# capital (``Article 5 of the Act`` in running text is a citation, not a marker).
_AFTER_WORD = r"(?=[^\S\n]*$|[^\S\n]*[.:\u2014\u2013-]|[^\S\n]+[A-Z(\[\"\u201c\u2018'])"
_SEP = r"[^\S\n]*(?:[.:\u2014\u2013]+|-+(?=\s))?[^\S\n]*"
_ROMAN_OR_NUMBER = r"[IVXLC]{1,7}|\d{1,3}"


def _word_marker(words: str, number: str) -> re.Pattern[str]:
    return re.compile(rf"^(?P<m>(?:{words})[^\S\n]+(?P<n>{number}))\b{_AFTER_WORD}{_SEP}")


#: ``(kind, pattern)`` of the numbered markers of English and other Latin-script documents,
#: tried after :data:`BLOCK_MARKERS`: the group ``n`` is the number as written, ``m`` (when
#: present) the marker as a label shows it; the match ends where the content starts. A
#: section's or a decimal's kind carries its depth (``section_en2`` for ``Section 1.1``,
#: ``decimal3`` for ``1.1.1``), so that each depth is a level of its own. Single-letter roman
#: numerals (``(i)``, ``(v)``, ``(x)``) are read as roman here; the segmenter reads them as
#: letters where they continue a lettered list (``(h)``, ``(i)``).
LATIN_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("title_en", _word_marker("TITLE|Title", _ROMAN_OR_NUMBER)),
    ("subtitle_en", _word_marker("SUBTITLE|Subtitle", r"[A-Z]|\d{1,3}")),
    ("part_en", _word_marker("PART|Part", rf"{_ROMAN_OR_NUMBER}|[A-Z]")),
    ("chapter_en", _word_marker("CHAPTER|Chapter", _ROMAN_OR_NUMBER)),
    ("article_en", _word_marker("ARTICLE|Article", _ROMAN_OR_NUMBER)),
    (
        "section_en",
        re.compile(
            r"^(?P<m>(?:SECTION|Section|SEC\.|Sec\.|§)[^\S\n]*(?P<n>\d{1,3}(?:\.\d{1,3}){0,4}"
            rf"[A-Z]?))\.?(?!\d){_AFTER_WORD}{_SEP}"
        ),
    ),
    (
        "decimal",
        re.compile(
            r"^(?P<m>(?P<n>\d{1,3}(?:\.\d{1,3}){1,4}))\.?(?=[^\S\n]+[A-Z(\[\"\u201c])[^\S\n]*"
        ),
    ),
    ("bare", re.compile(r"^(?P<m>(?P<n>\d{1,3}[A-Z]?))(?=[^\S\n]+[A-Z][A-Za-z])[^\S\n]*")),
    ("paren_roman", re.compile(r"^(?P<m>\((?P<n>[ivx]{1,6})\))[^\S\n]*")),
    ("paren_alpha", re.compile(r"^(?P<m>\((?P<n>[a-z]{1,3})\))[^\S\n]*")),
    ("paren_roman_upper", re.compile(r"^(?P<m>\((?P<n>[IVX]{1,6})\))[^\S\n]*")),
    ("paren_upper", re.compile(r"^(?P<m>\((?P<n>[A-Z]{1,3})\))[^\S\n]*")),
    ("roman_dot", re.compile(r"^(?P<m>(?P<n>[ivx]{1,6})[.)])[^\S\n]+")),
    ("alpha_dot", re.compile(r"^(?P<m>(?P<n>[a-z])[.)])[^\S\n]+")),
    ("roman_upper_dot", re.compile(r"^(?P<m>(?P<n>[IVX]{1,6})\.)[^\S\n]+")),
    ("upper_dot", re.compile(r"^(?P<m>(?P<n>[A-Z])[.)])[^\S\n]+(?=[A-Z])")),
    ("arabic_paren", re.compile(r"^(?P<m>(?P<n>\d{1,3})\))[^\S\n]+")),
)
_LETTER_KINDS = frozenset({"paren_alpha", "paren_upper", "alpha_dot", "upper_dot"})
#: A roman list's kind → the lettered list's kind whose letters look the same (``(i)``).
ROMAN_LOOKALIKE = {
    "paren_roman": "paren_alpha",
    "paren_roman_upper": "paren_upper",
    "roman_dot": "alpha_dot",
    "roman_upper_dot": "upper_dot",
}
#: Latin marker kinds that number sections rather than items of a list.
LATIN_SECTION_KINDS = frozenset(
    {
        "title_en",
        "subtitle_en",
        "part_en",
        "chapter_en",
        "article_en",
        "section_en",
        "decimal",
        "bare",
    }
)


# Runs of anything but the wide (W) and full-width (F) blocks of East Asian text: Hangul Jamo,
# CJK radicals to Yi, Hangul syllables, compatibility ideographs, vertical and full-width
# forms, and the supplementary ideograph planes. Deleting them leaves the wide characters to
# count. (A regex, not unicodedata.east_asian_width per character: this runs on every line of
# every document.)
_NARROW = re.compile(
    "[^\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]+"
)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width layout: two for wide (CJK) characters.

    >>> display_width("2023年报告")
    10
    """
    return len(text) + len(_NARROW.sub("", text))


_MAGNITUDES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def written_magnitude(text: str) -> tuple[str, float]:
    """The magnitude a figure is written in (``万亿``, ``亿``, ``万``) and its factor, or
    ``("", 1.0)``: a change reads best in the document's own terms.

    >>> written_magnitude("0.89万亿元"), written_magnitude("2308元")
    (('万亿', 1000000000000.0), ('', 1.0))
    """
    return next(((word, factor) for word, factor in _MAGNITUDES if word in text), ("", 1.0))


#: A cited document: its title between 《 and 》 (group 1).
CITATION = re.compile(r"《([^《》]{2,80})》")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_collection(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run with the cyclic garbage collector paused, then resumed as it was.

    CPython starts a collection every few hundred container allocations, whether or not they
    can form a cycle: building a node or two for each line of a 100,000-line text started some
    1,700 collections, an eighth to a quarter of the time segmenting it took.

    What the function made is then moved to the collector's oldest generation at once
    (``gc.freeze()`` then ``gc.unfreeze()``: a move of lists, no pass over the objects), to
    be looked at by the next full collection. Left in the youngest, the first collection
    after the pause would walk every object of the result (the nodes of two 1 MB documents
    and their diff: a third of a second each time), and the next generation's would walk them
    again — to find nothing: documents and diffs hold no reference cycles, and are freed by
    their reference counts. (Not done when the program has frozen objects of its own, which
    ``gc.unfreeze()`` would let go.)

    >>> @without_collection
    ... def paused() -> bool:
    ...     return gc.isenabled()
    >>> paused(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()

    return paused


def each_once(function: Callable[[str], _R], texts: Iterable[str]) -> list[_R]:
    """``[function(text) for text in texts]``, ``function`` asked once for each distinct text.

    A table flattened to lines repeats its labels and cells, a list its markers: whatever is
    asked of a line (does it open a section, is it a heading) is answered once for them all.

    >>> asked = []
    >>> each_once(lambda text: asked.append(text) or len(text), ["一、", "甲", "一、"]), asked
    ([2, 1, 2], ['一、', '甲'])
    """
    known: dict[str, _R] = {}
    answers: list[_R] = []
    append = answers.append
    for text in texts:
        if text in known:
            append(known[text])
        else:
            append(answer := function(text))
            known[text] = answer
    return answers
