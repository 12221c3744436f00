"""Text primitives every stage shares: Chinese numerals, section markers, display widths.

- :func:`chinese_ordinal` — ``十四`` → 14 (the small whole numbers markers and dates write).
- :func:`chinese_digits` — ``二〇二四`` → ``"2024"`` (a year written digit by digit).
- :func:`chinese_value` — any Chinese numeral's value, by cn2an (``三点五万`` → 35000.0).
- :func:`to_chinese` — 14 → ``十四``: the numeral a marker writes.
- :data:`BLOCK_MARKERS`, :func:`opens_block` — the numbered markers a line can open with.
- :func:`display_width` — columns a text takes in a fixed-width layout.
- :func:`written_magnitude` — the magnitude a figure is written in (万亿, 亿, 万).
- :data:`CITATION` — a cited document title in 《》.
"""

from __future__ import annotations

import re

__all__ = [
    "BLOCK_MARKERS",
    "CITATION",
    "CN_NUMERALS",
    "LEGAL_KINDS",
    "SECTION_KINDS",
    "chinese_digits",
    "chinese_ordinal",
    "chinese_value",
    "display_width",
    "opens_block",
    "to_chinese",
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
    """
    return any(pattern.match(line) for kind, pattern in BLOCK_MARKERS if kind in _BLOCK_KINDS)


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
