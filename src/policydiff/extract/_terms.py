"""Terms: the numbers of a text with their value, unit and qualifier words, masks aside."""

from __future__ import annotations

import bisect
import functools
import operator
import re
import string
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from .._text import chinese_value
from ._lexicon import (
    _CLAUSE_RE,
    _CN_APPROX,
    _CN_DIGIT,
    _CN_ORDERS,
    _CN_SMALL,
    _DISCOURSE_NOUNS,
    _ID_SUFFIX,
    _LIST_SEPARATOR,
    _MAGNITUDES,
    _MASK,
    _MASK_WORD,
    _MAX_DIGITS,
    _NOUN_PAREN,
    _NOUN_UNITS,
    _PARAGRAPH_BREAK,
    _POST,
    _POST_STARTS,
    _QUOTE,
    _RANGE_STARTS,
    _RANGE_TAIL,
    _SEGMENT_RE,
    _SENTENCE_RE,
    _SESSION_TAIL,
    _SET_PHRASE_TAIL,
    _TERM_AR,
    _TERM_CN,
    _TITLE,
    _WINDOW_AFTER,
    _WINDOW_BEFORE,
)


class _Term(NamedTuple):
    """A number found in the text, before its metric, as_of and kind are known."""

    start: int  # start of the quantity's text (a qualifier written before the number included)
    num_start: int  # start of the first numeral
    end: int
    low: float
    high: float
    unit: str
    word: str | None  # the qualifier word as written


#: A term's start, the key terms are ordered by.
_START = operator.attrgetter("start")


class _Place(NamedTuple):
    """Where the sentence, the segment (up to a ``;``), the clause and the paragraph that hold
    a position start: looked up once for each number, read by every step after."""

    sentence: int
    segment: int
    clause: int
    paragraph: int


# A term and a place made from their fields without a Python call (as _make, unchecked).
_new_term = functools.partial(tuple.__new__, _Term)
_new_place = functools.partial(tuple.__new__, _Place)


class _Index(NamedTuple):
    """Sorted positions of the text's boundaries, so each look-up is a bisection."""

    sentences: list[int]
    segments: list[int]
    clauses: list[int]
    paragraphs: list[int]

    @staticmethod
    def build(text: str) -> _Index:
        def ends(pattern: re.Pattern[str]) -> list[int]:
            return list(map(re.Match.end, pattern.finditer(text)))

        return _Index(
            ends(_SENTENCE_RE), ends(_SEGMENT_RE), ends(_CLAUSE_RE), ends(_PARAGRAPH_BREAK)
        )

    def places(self, positions: Sequence[int]) -> list[_Place]:
        """The starts of the sentence, segment, clause and paragraph that hold each of the
        sorted ``positions`` (as :meth:`start_before` finds each)."""

        last = positions[-1] if positions else -1

        def starts(bounds: list[int]) -> list[int]:
            if not bounds or bounds[0] > last:
                # (the one sentence or paragraph of many a text: every position is in the first)
                return [0] * len(positions)
            padded = [0, *bounds]  # 0: the start of the text, before the first bound
            # (maps of builtins, not a comprehension: no Python step for each number)
            indices = map(functools.partial(bisect.bisect_right, bounds), positions)
            return list(map(padded.__getitem__, indices))

        return list(map(_new_place, zip(*map(starts, self), strict=True)))

    @staticmethod
    def start_before(bounds: list[int], position: int) -> int:
        i = bisect.bisect_right(bounds, position) - 1
        return bounds[i] if i >= 0 else 0

    @staticmethod
    def end_after(bounds: list[int], position: int, length: int) -> int:
        i = bisect.bisect_right(bounds, position)
        return bounds[i] - 1 if i < len(bounds) else length


class _Spans:
    """A set of half-open spans, merged, with a fast membership test."""

    def __init__(self, spans: Iterator[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __contains__(self, position: object) -> bool:
        if not self._starts or not isinstance(position, int):
            return False
        i = bisect.bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


# --------------------------------------------------------------------------------------------
# 1. Masks


def _mask_spans(text: str) -> Iterator[tuple[int, int]]:
    masks = _MASK_WORD.search(text) is not None
    for pattern in (_MASK.compiled, _TITLE, _QUOTE) if masks else (_TITLE, _QUOTE):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                yield m.span()


# --------------------------------------------------------------------------------------------
# 2. Terms


def _decimal(number: str) -> Decimal | None:
    digits = number.replace(",", "")
    if len(digits.partition(".")[0]) > _MAX_DIGITS:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None


def _previous_char(text: str, position: int) -> str:
    """The character before ``position``, skipping one space (PDF text spaces out 第 711 号)."""
    position -= 1
    if position >= 0 and text[position] in " \u00a0":
        position -= 1
    return text[position] if position >= 0 else ""


def _arabic_terms(text: str, masks: _Spans) -> Iterator[_Term]:
    position = 0
    ordinal_end = -1  # end of the last ordinal: 第1、2、3条 makes 2 and 3 ordinals too
    search = _TERM_AR.compiled.search
    masked = bool(masks)
    # (bound once: the tests put sets in their place that send every number the long way)
    marked_before, marked_after, read_units, read_after = (
        _MARKED_BEFORE,
        _MARKED_AFTER,
        _READ_UNITS,
        _READ_AFTER,
    )
    while True:
        m = search(text, position)
        if m is None:
            return
        spans = m.regs  # (the match's, then its groups' in _TERM_GROUPS order)
        start, position = spans[0]
        num_start, num_end = spans[2]
        if masked and num_start in masks:
            continue
        # as _previous_char
        at = num_start - 1
        if at >= 0 and text[at] in " \u00a0":
            at -= 1
        before = text[at] if at >= 0 else ""
        if (
            before in marked_before
            or ordinal_end >= 0
            or text[num_end : num_end + 1] in marked_after
        ):
            # what makes a number an ordinal or part of a name stands next to it: most numbers
            # have none of it, and skip the checks
            if before == "第" or (
                0 <= ordinal_end < num_start <= ordinal_end + 3
                and _LIST_SEPARATOR.fullmatch(text[ordinal_end:num_start])
            ):
                ordinal_end = _skip_range(text, position)
                position = max(position, ordinal_end)
                continue
            if before in _NAME_BEFORE or text[num_end : num_end + 1] in _LATIN:
                continue  # 每10万人口 (a denominator), PM2.5, 5G, H7N9
            if text.startswith("年", num_end) and _NUMBERED_YEAR.fullmatch(m["num"]):
                continue  # 5.2024年部门预算表: an item number before a year (a contents page)
            if before in ("-", "_") and text[max(0, num_start - 2) : num_start - 1] in _LATIN:
                continue  # COVID-19
        pre, number, denominator, a1, magnitude, a2, unit = m.groups()
        if unit not in read_units and text[position : position + 1] not in read_after:
            # A unit of its own and nothing after it that _arabic_term reads (a range, a
            # trailing qualifier, a letter): the term is the match, as _arabic_term makes it.
            low = _value(number, denominator, magnitude)
            if low is None:
                continue
            if unit == "个" and text.startswith(_DISCOURSE_NOUNS, position):
                continue  # (as below)
            yield _new_term(
                (
                    start,
                    num_start,
                    position,
                    low,
                    low,
                    "个百分点" if unit == "百分点" else unit,
                    pre or a1 or a2,
                )
            )
            continue
        term = _arabic_term(text, m)
        if term is not None:
            position = term.end
            if term.unit == "个" and text.startswith(_DISCOURSE_NOUNS, term.end):
                continue  # 推出8个方面90项政策措施: the aspects only group the measures
            yield term


#: An item number run into a year: ``5.2024`` before ``年`` is item 5 of a list of the year's
#: tables, not 5.2024 years.
_NUMBERED_YEAR = re.compile(r"\d{1,2}\.(?:19|20)\d\d")


#: The Latin letters: a number that touches one is part of a name (PM2.5, 5G, H7N9, 3D).
_LATIN = frozenset(string.ascii_letters)
#: What a number after which is no quantity follows: a letter, or 每 (每10万人口, a denominator).
_NAME_BEFORE = _LATIN | {"每"}


#: The groups of :data:`_TERM_AR`, in their order (``m.groups()`` and ``m.regs`` give them so).
_TERM_GROUPS = ("pre", "num", "den", "a1", "mag", "a2", "unit")
#: What, next to a number, makes it an ordinal (第), a denominator (每) or part of a name (a
#: letter, COVID-19, 5.2024年): a number with none of it before or after it is not one.
_MARKED_BEFORE = _NAME_BEFORE | {"第", "-", "_"}
_MARKED_AFTER = _LATIN | {"年"}


def _is_latin(char: str) -> bool:
    return char in _LATIN


def _is_han(char: str) -> bool:
    # Not a regex: sre compiles a class over the CJK range into a 27,000-entry charmap (~5 ms).
    return len(char) == 1 and "\u3400" <= char <= "\u9fff"


def _arabic_term(text: str, m: re.Match[str]) -> _Term | None:
    """The quantity an Arabic-number match stands for, with its range tail, or ``None``."""
    number, denominator, magnitude, unit, about, a2, pre = m.group(
        "num", "den", "mag", "unit", "a1", "a2", "pre"
    )
    low = _value(number, denominator, magnitude)
    if low is None:
        return None
    high = low
    unit = unit or ""
    end = m.end()
    about = about or a2
    after = text[end : end + 1]
    tail = None
    if denominator is None and after in _RANGE_STARTS:
        tail = _RANGE_TAIL.compiled.match(text, end)
        if (
            tail is not None
            and tail["sep"] in ("到", "至")
            and _previous_char(text, m.start()) in ("由", "从")
        ):
            tail = None  # 由5%提高到8%: two values, not a range
    if tail is not None:
        tail_unit = tail["unit"] or ""
        if (not unit or not tail_unit or unit == tail_unit) and (
            m["mag"] is None or tail["mag"] in (None, m["mag"])
        ):
            shared = m["mag"] or tail["mag"]
            range_low = _value(m["num"], None, shared)
            range_high = _value(tail["num"], None, shared)
            if range_low is not None and range_high is not None and range_low <= range_high:
                low, high, unit, end, magnitude = (
                    range_low,
                    range_high,
                    unit or tail_unit,
                    tail.end(),
                    shared,
                )
                about = about or tail["a1"] or tail["a2"]
                after = text[end : end + 1]
    post = None
    if unit in _NOUN_UNITS or after in _POST_STARTS:  # (what _post looks for, told first)
        end, post = _post(text, end, unit)
        after = text[end : end + 1]
    if after in _LATIN:
        return None  # 3D打印, 4K: a model name
    if (not unit or unit in _CHECKED_UNITS) and not _keeps(
        text, m, unit, low, high, magnitude is not None, end, post
    ):
        return None  # (a unit of its own, 个, 元 or %, makes no age, year or code)
    word = pre or post or about
    unit = "个百分点" if unit == "百分点" else unit  # as _normal_unit
    return _new_term((m.start(), m.start("num"), end, low, high, unit, word))


def _skip_range(text: str, end: int) -> int:
    tail = _RANGE_TAIL.compiled.match(text, end)
    return tail.end() if tail is not None else end


# A document writes the same numbers again and again (5, 10, 3.5): each is read once.
@functools.lru_cache(maxsize=4096)
def _value(number: str, denominator: str | None, magnitude: str | None) -> float | None:
    if denominator is None and not magnitude:
        # float() of the digits is float() of their Decimal: both round the same decimal value
        # once, to the nearest double
        digits = number.replace(",", "")
        if len(digits.partition(".")[0]) > _MAX_DIGITS:
            return None
        return float(digits)
    value = _decimal(number)
    if value is None:
        return None
    if denominator is not None:
        den = _decimal(denominator)
        if den is None or den == 0:
            return None
        return float(value / den)
    if magnitude:
        value *= _MAGNITUDES[magnitude]
    return float(value)


def _post(text: str, end: int, unit: str) -> tuple[int, str | None]:
    """Extend a term over a parenthesis after a noun unit (9省(区)) and a trailing qualifier."""
    if unit in _NOUN_UNITS:
        paren = _NOUN_PAREN.match(text, end)
        if paren is not None:
            end = paren.end()
    post = _POST.match(text, end) if text[end : end + 1] in _POST_STARTS else None
    if post is not None:
        return post.end(), post.group()
    return end, None


#: The units :func:`_keeps` looks at: an age (岁) and a span of years (年).
_CHECKED_UNITS = frozenset({"岁", "周岁", "年"})
#: The units :func:`_arabic_term` reads more than the match for (none, a noun that may take a
#: parenthesis, an age, a span of years), and the characters after a number it reads on at.
_READ_UNITS = _NOUN_UNITS | _CHECKED_UNITS | {None}
_READ_AFTER = _RANGE_STARTS | _POST_STARTS | _LATIN


def _keeps(
    text: str,
    m: re.Match[str],
    unit: str,
    low: float,
    high: float,
    has_magnitude: bool,
    end: int,
    post: str | None,
) -> bool:
    """Whether an Arabic term without a unit, or with one of :data:`_CHECKED_UNITS`, is a
    quantity: not an age, a year, a window of years or a code."""
    number = m["num"]
    num_start = m.start("num")
    if unit in ("岁", "周岁"):
        # An age bracket (5岁以下儿童) is an attribute; life expectancy (预期寿命78.2岁) is not.
        context = text[max(0, num_start - 12) : num_start]
        return post is None and ("寿命" in context or "年龄" in context) and low == high
    if unit == "年":
        # A duration (期限3年, 提高到11.3年) is a quantity; a window of time (近5年, 5年来, 3年内)
        # and an attribute (20年以上小区, 不足1年的农民工) are not.
        if (
            high >= 100
            or has_magnitude
            or _WINDOW_BEFORE.search(text, max(0, m.start() - 2), m.start())
        ):
            return False
        return post is None and not _WINDOW_AFTER.match(text, end)
    if unit or has_magnitude or m["den"] is not None:
        return True
    # A bare number: a table cell or a value closed by punctuation, never one glued to a word
    # (37楼, 626小河, 12345热线), an identifier (QQ号, 账号) or a year.
    glued = text[end : end + 1]
    if post is None and (_is_han(glued) or _is_latin(glued) or glued in ("_", "@")):
        return False
    if _ID_SUFFIX.match(text, end):
        return False  # 大道 90⏎号: a house number broken over lines
    digits = number.replace(",", "")
    if "." not in digits and "," not in number:
        if len(digits) >= 7 or (len(digits) > 1 and digits.startswith("0")):
            return False
        if 1900 <= low <= 2100 and low == high:
            return False
    return True


def _normal_unit(unit: str) -> str:
    return "个百分点" if unit == "百分点" else unit


def _chinese_terms(text: str, masks: _Spans) -> Iterator[_Term]:
    position = 0
    while True:
        m = _TERM_CN.compiled.search(text, position)
        if m is None:
            return
        position = m.end()
        num_start = (
            m.start("pct") - 3 if m["pct"] else m.start("den") if m["den"] else m.start("cn")
        )
        if num_start in masks or _previous_char(text, num_start) == "第":
            continue
        unit = ""
        word = m["pre"]
        if m["pct"] is not None:
            bounds = _cn_value(m["pct"]) if not m["pct"][0].isdigit() else _ar_bounds(m["pct"])
            unit = "%"
        elif m["den"] is not None:
            bounds = _cn_fraction(m["den"], m["numer"])
        else:
            numeral = m["cn"]
            unit = m["unit"]
            if not _CN_DIGIT.intersection(numeral) or numeral == "一":
                continue  # 千万家庭, 一批: no count, or the indefinite article
            following = text[m.end() : m.end() + 5]
            if unit == "次" and (
                _SESSION_TAIL.match(following) or text[num_start - 1 : num_start] == "届"
            ):
                continue  # 二次会议, 九届十四次全委会: a session's ordinal; 三次产业: a set term
            if unit in ("个", "位", "项") and _SET_PHRASE_TAIL.match(following):
                continue
            if unit == "项" and following.startswith("规定"):
                # 八项规定 (the Party's rules of conduct) is a name; a law numbers its own
                # provisions as ordinals (第十二条第一项规定), never as a count like this
                continue
            if unit == "个" and following.startswith(_DISCOURSE_NOUNS):
                continue
            if unit == "元" and len(numeral) == 1:
                continue  # 三元乳业, 三元里: money is written in Arabic digits
            bounds = _cn_value(numeral)
            word = word or m["about"]
        if bounds is None:
            continue
        end, post = _post(text, m.end(), unit)
        yield _Term(
            m.start(), num_start, end, bounds[0], bounds[1], _normal_unit(unit), post or word
        )


def _ar_bounds(number: str) -> tuple[float, float] | None:
    value = _decimal(number)
    return None if value is None else (float(value), float(value))


def _cn_value(numeral: str) -> tuple[float, float] | None:
    approx = _CN_APPROX.fullmatch(numeral)
    if approx is not None:
        first, second = _CN_SMALL[approx[1]], _CN_SMALL.get(approx[2], 9)
        if second == first + 1:
            order = _CN_ORDERS[approx[3]]
            return float(first * order), float(second * order)
    value = chinese_value(numeral)
    return None if value is None else (value, value)


def _cn_fraction(denominator: str, numerator: str) -> tuple[float, float] | None:
    den = chinese_value(denominator)
    num = chinese_value(numerator)
    if den is None or num is None or den == 0:
        return None
    return num / den, num / den


def _drop_overlaps(terms: list[_Term]) -> list[_Term]:
    kept: list[_Term] = []
    for term in terms:
        if kept and term.start < kept[-1].end:
            continue
        kept.append(term)
    return kept
