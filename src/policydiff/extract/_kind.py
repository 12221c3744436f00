"""Qualifier, as-of date and kind (actual or target) of each number."""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence

from ..model import Kind
from ._lexicon import (
    _HEAD_LIMIT,
    _LEFT_LIMIT,
    _PAST_MARKER,
    _PLAN_FRAME,
    _PLAN_YEARS,
    _REACH_VERB,
    _SENTENCE_OPENING,
    _TARGET_QUALIFIERS,
    QUALIFIERS,
)
from ._terms import _Index, _Place, _Term


def _qualifier(text: str, term: _Term, place: _Place) -> str | None:
    if term.word is not None:
        return QUALIFIERS.get(term.word)
    if text.find("累计", max(place.clause, term.start - _LEFT_LIMIT), term.start) >= 0:
        return "cumulative"
    return None


def _time_value(m: re.Match[str], year: int | None) -> str | None:
    if m["lead"] in ("较", "比", "与", "自", "从") or m["tail"]:
        return None
    suffix = m["suf"] or ""
    if m["rel"]:
        if year is None:
            return None
        shift = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[m["rel"]]
        y = year + shift
        return f"{y}-12-31" if suffix in ("年底", "年末", "底", "末") else str(y)
    y = int(m["y"])
    if m["m"]:
        month = int(m["m"])
        if m["d"]:
            day = min(int(m["d"]), calendar.monthrange(y, month)[1])
            return f"{y}-{month:02d}-{day:02d}"
        if suffix in ("底", "末"):
            return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
        return f"{y}-{month:02d}"
    if suffix in ("底", "末", "终", "年底", "年末"):
        return f"{y}-12-31"
    if suffix == "上半年":
        return f"{y}-06-30"
    return str(y)


def _as_of(
    text: str,
    term: _Term,
    place: _Place,
    times: Sequence[re.Match[str]],
    time_starts: list[int],
    year: int | None,
) -> str | None:
    segment_start = place.segment
    i = bisect.bisect_left(time_starts, term.start) - 1
    while i >= 0 and times[i].start() >= segment_start:
        if times[i].end() <= term.num_start:
            value = _time_value(times[i], year)
            if value is not None:
                return value
        i -= 1
    sentence_start = place.sentence
    if sentence_start >= segment_start:
        return None
    opening = _SENTENCE_OPENING.match(text, sentence_start)
    at = opening.end() if opening else sentence_start
    j = bisect.bisect_left(time_starts, at)
    if j < len(times) and times[j].start() == at:
        after = text[times[j].end() : times[j].end() + 1]
        if after in (",", "，", ":", "："):
            return _time_value(times[j], year)
    return None


def _kind(
    text: str,
    term: _Term,
    place: _Place,
    triggers: Sequence[re.Match[str]],
    trigger_starts: list[int],
    headers: list[int],
    as_of: str | None,
    year: int | None,
    plans: _Plans,
) -> Kind:
    if term.word in _TARGET_QUALIFIERS:
        return "target"
    segment_start = place.segment
    sentence_start = place.sentence
    h = bisect.bisect_left(headers, term.start) - 1
    if h >= 0 and headers[h] >= sentence_start:
        return "target"
    i = bisect.bisect_left(trigger_starts, term.start) - 1
    while i >= 0 and triggers[i].start() >= segment_start:
        trigger = triggers[i]
        i -= 1
        if trigger.group() == "将" and not text[trigger.end() : term.num_start].strip():
            continue  # 将2.8万亿元资金纳入…: 将 marks the object here, not the future
        if trigger.group() == "将" and _conditional_clause(text, trigger.end(), place.clause):
            # 公积金中心将严密监控,若月末个贷率连续3个月…: a condition, not the plan of 将
            continue
        if _past_year(trigger, year):
            continue
        return "target"
    if as_of is not None and year is not None and int(as_of[:4]) > year:
        return "target"  # a figure for a year still to come (2015年…55万亿元 in 2011): a plan
    if (
        as_of is not None
        and year is not None
        and int(as_of[:4]) >= year
        and _REACH_VERB.search(text, max(segment_start, term.start - _LEFT_LIMIT), term.start)
    ):
        return "target"
    if (
        year is not None
        and _plan_period_ahead(text, sentence_start, term.start, year)
        and _PAST_MARKER.search(text, place.clause, term.start) is None
    ):
        # “十一五”期间,…;五年淘汰落后炼铁产能1亿吨 in a 2007 report: the plan's goal
        return "target"
    if (
        as_of is not None
        and year is not None
        and as_of == str(year)
        and _THIS_YEAR.search(text, sentence_start, term.start)
        and _PAST_MARKER.search(text, place.clause, term.start) is None
    ):
        # 今年城镇保障性住房基本建成470万套, 中央财政今年安排…251亿元: a figure the text gives
        # for its own year by 今年 is that year's programme, unless its clause speaks of the past
        return "target"
    if plans.covers(term.start, sentence_start):
        # 今年要优先稳就业保民生,…;城镇新增就业900万人以上: the plan at the head of the
        # sentence or paragraph holds for its later clauses, unless a clause speaks of the past
        past = as_of is not None and year is not None and int(as_of[:4]) < year
        if not past and _PAST_MARKER.search(text, place.clause, term.start) is None:
            return "target"
    return "actual"


# A section heading that names the programme of the document's year: 三、2016年工作安排,
# 2019年政府工作任务, 2008年工作的总体要求和主要任务, 今年工作任务.
_PROGRAMME = re.compile(r"(?:工作)?(?:安排|任务|重点工作|总体要求)")


def _programme(headings: str, year: int | None) -> bool:
    """Whether a heading (one a line) names the programme of the document's own year (or
    今年) near its start: its figures are the year's targets, but for what a clause says is
    past.

    >>> _programme("2016年工作安排", 2016), _programme("2015年工作回顾", 2016)
    (True, False)
    >>> _programme("“十三五”时期的主要任务", 2016)
    False
    """
    own = ["今年", "本年"] + ([] if year is None else [f"{year}年"])
    return any(
        _PROGRAMME.search(h) and "回顾" not in h and any(w in h[:8] for w in own)
        for h in headings.splitlines()
    )


def _planned_here(
    text: str, term: _Term, place: _Place, as_of: str | None, year: int | None
) -> bool:
    """Whether a figure of a programme section is planned: no earlier year names its time
    and its clause does not speak of the past (已, 了, 以来)."""
    if as_of is not None and year is not None and int(as_of[:4]) < year:
        return False
    return _PAST_MARKER.search(text, place.clause, term.start) is None


# A sentence that opens with a five-year plan's period: “十一五”期间, 十二五时期.
_PLAN_PERIOD_HEAD = re.compile(
    r"[ \t\u3000]*[“\"]?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"]?(?:期间|时期|末)[,，]"
)
_NUMERAL = {c: k for k, c in enumerate("一二三四五六七八九", start=1)}


def _plan_period_ahead(text: str, sentence_start: int, position: int, year: int) -> bool:
    """Whether the sentence of ``position`` opens with the period of a five-year plan that
    ends after ``year``: its figures are the plan's, still to come. From the sixth plan on,
    the n-th runs from 1951 + 5n to 1955 + 5n (十一五: 2006–2010).

    >>> _plan_period_ahead("“十一五”期间,关停5000万千瓦。", 0, 12, 2007)
    True
    >>> _plan_period_ahead("“十一五”期间,关停5000万千瓦。", 0, 12, 2011)
    False
    """
    found = _PLAN_PERIOD_HEAD.match(text, sentence_start)
    if found is None or found.end() > position:
        return False
    numeral = found.group(1)
    n = (10 if numeral.startswith("十") else 0) + _NUMERAL.get(numeral[-1], 0)
    return 1955 + 5 * n > year


_CONDITION = re.compile(r"[ \t\u3000]*(?:若|如果|如|假如|一旦|凡|当)")


def _conditional_clause(text: str, trigger_end: int, clause_start: int) -> bool:
    """Whether the clause that starts at ``clause_start`` is a condition (若…, 当…时) that
    opens after a trigger at ``trigger_end``: the trigger's future is not the condition's."""
    return clause_start >= trigger_end and _CONDITION.match(text, clause_start) is not None


# 今年 naming the year itself (not 今年以来, 今年上半年, 今年截至8月底: a part of it gone by).
_THIS_YEAR = re.compile(
    r"(?:今年|本年)(?!以来|来|上半年|前|[一二三]季度|[1１一]至|[1１一][—\-~～]|截至|截止|到目前|至今"
    r"|[\d０-９一二三四五六七八九十]+月)"
)


def _past_year(trigger: re.Match[str], year: int | None) -> bool:
    """Whether a trigger names a year before the document's (到2020年底 in a 2024 text)."""
    return trigger["year"] is not None and year is not None and int(trigger["year"]) < year


class _Plans:
    """Where a sentence or a paragraph opens with a plan that its later clauses share.

    A sentence's plan is a target trigger in its first clause, near its head (``今年要…;城镇
    新增就业900万人以上``, ``今年赤字率拟按2.8%安排,…;财政赤字2.76万亿元``); a bare 将 is
    left out, since at a head it mostly marks an object (``将2.8万亿元资金纳入直达范围``). A
    paragraph's plan is this or next year's plan verb opening its first sentence, or the first
    after a run-in heading (``扩大有效投资。今年拟安排…``): the paragraph is the year's
    programme. Each sentence and paragraph is read once, when a number in it needs it.
    """

    __slots__ = (
        "_heads",
        "_index",
        "_paragraphs",
        "_sentences",
        "_text",
        "_triggers",
        "_year",
        "none",
    )

    def __init__(
        self, text: str, index: _Index, triggers: Sequence[re.Match[str]], year: int | None
    ) -> None:
        self._text = text
        self._index = index
        self._triggers = triggers
        self._year = year
        self._heads: list[re.Match[str]] | None = None  # the triggers a head may hold
        self._sentences: dict[int, int] = {}
        self._paragraphs: dict[int, int] = {}
        #: whether the text holds no trigger and no 今年 (most do not): nothing to look for
        self.none = not triggers and not any(word in text for word in _PLAN_YEARS)

    def covers(self, position: int, sentence: int) -> bool:
        """Whether a plan that opens the sentence (starting at ``sentence``) or paragraph of
        ``position`` precedes it."""
        if self.none:
            return False
        head = self._sentences.get(sentence)
        if head is None:
            head = self._sentences[sentence] = self._sentence_plan(sentence)
        if 0 <= head <= position:
            return True
        paragraph = _Index.start_before(self._index.paragraphs, position)
        head = self._paragraphs.get(paragraph)
        if head is None:
            head = self._paragraphs[paragraph] = self._paragraph_plan(paragraph)
        return 0 <= head <= position

    def _opening(self, start: int) -> int:
        opening = _SENTENCE_OPENING.match(self._text, start)
        return opening.end() if opening else start

    def _sentence_plan(self, start: int) -> int:
        at = self._opening(start)
        frame = _PLAN_FRAME.match(self._text, at)
        if frame is not None:
            return frame.end()
        if self._heads is None:
            year = self._year
            self._heads = [
                t for t in self._triggers if t.group() != "将" and not _past_year(t, year)
            ]
        head_end = min(_Index.end_after(self._index.clauses, at, len(self._text)), at + _HEAD_LIMIT)
        i = bisect.bisect_left(self._heads, at, key=re.Match.start)
        if i < len(self._heads) and self._heads[i].start() < head_end:
            return self._heads[i].end()
        return -1

    def _paragraph_plan(self, start: int) -> int:
        text = self._text
        end = _Index.end_after(self._index.sentences, start, len(text))
        first = text[start:end]
        if (
            text.startswith("。", end)
            and len(first) <= _HEAD_LIMIT
            and not any(ch.isdigit() for ch in first)
            and text[end + 1 : end + 2] not in ("", "\n", "\u3000")
        ):
            start = end + 1  # a run-in heading: 扩大有效投资。今年拟安排…
        frame = _PLAN_FRAME.match(text, self._opening(start))
        return frame.end() if frame is not None else -1
