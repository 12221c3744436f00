"""Quantities: every number a policy document states, with what it measures.

The ``extract`` stage of the pipeline (SPEC §2.3). Its input is normalized text (NFKC applied to
full-width ASCII, simplified script); its output is a tuple of frozen
:class:`~policydiff.model.Quantity` objects in text order.

- :func:`quantities` — every quantity in a text: value range, unit, qualifier, metric, as-of
  date and kind (``actual`` or ``target``).
- :data:`QUALIFIERS` — the written qualifier words (``约``, ``以上``, ``累计``, …) and the small
  enum each one maps to.
- :func:`unit_class` — ``percent``, ``money`` or ``count``: which units can be compared.
- English (and other Latin-script) text, holding no Han character, is read by the rules of
  :mod:`policydiff.extract._english` (``10 percent``, ``$10,000``, ``USD 2.5 million``).
- :func:`table_cells` — the body cells of a :class:`~policydiff.model.Table`, each with its
  row and column labels and its figure (metric ``row label × column label``; see
  :mod:`policydiff.extract._cells`).

How a text is read, in order:

1. *Masks* — spans that hold numbers but no quantity: dates and years, document numbers
   (``国办发〔2021〕18号``), titles in ``《》``, short quoted slogans (``“两个允许”``), URLs,
   e-mail addresses, telephone numbers and labelled codes, page footers (``- 1 -``) and list
   markers (``1.`` at a line start).
2. *Terms* — one left-to-right scan for Arabic numbers (decimals, thousands separators,
   fractions, 万/亿/万亿 magnitudes, units and classifiers, qualifiers before and after, ranges)
   and one for Chinese numerals followed by a classifier (``十三个``, ``两批``, ``三分之一``,
   ``百分之三十``), converted with cn2an. Ordinals (``第三批``), ages (``65岁以上``), model
   names (``2型``, ``5G``), set phrases (``十四五``, ``二十大``, ``八项规定``, ``两个确立``),
   counts of aspects (``四个方面``, see below) and identifiers are rejected. In a table that
   PDF extraction flattened into lines, the unit its header declares (``单位:万元``,
   ``金额(万元)``, a header cell ``万元``) applies to the bare cells below it: ``7730.28`` is
   77,302,800 元.
3. *Metric* — the noun phrase before the number, stripped of filler verbs, adverbs and time
   words (``全国共有基层医疗卫生机构65.3万个`` → ``基层医疗卫生机构``); ``分别``-lists are
   distributed over their subjects; a bare change verb (``增长9.7%``) takes the subject of the
   quantity before it; when nothing stands before the number, the noun after it is used. A
   count takes the noun after its classifier (``12个综合试验区``), and the items of a
   ``、``-list take the noun after the last item (``完成了老城区8条、12.3公里道路提升改造``:
   both measure ``道路提升改造``). A table cell takes its row label when the labels above
   the cells pair with them one to one; otherwise its metric stays empty.
4. *As of* — the nearest preceding time expression in the same clause group (``截至2024年底``
   → ``2024-12-31``); a sentence that opens with a time expression scopes the whole sentence.
5. *Kind* — ``target`` when the clause says 力争, 确保, 要, 将…, 预期目标, 到2025年, 不低于 …
   A trigger at the head of a sentence holds to the sentence's end (``今年要…;城镇新增就业
   900万人以上``), and a paragraph that opens with the year's plan (``扩大有效投资。今年拟
   安排…``) is a plan throughout, except for clauses that speak of the past (已, 过去, 去年…).

Conventions, where a reader could decide either way:

- A count of one in Chinese numerals (``一批``, ``一所``) is the indefinite article, not a
  count; a Chinese numeral before ``年`` names a programme or a period (``三年行动``,
  ``五年规划``), not a quantity. Counts in Chinese numerals are otherwise quantities
  (``两批``, ``四个下沉``), except ordinals of sessions (``二次会议``) and political set
  phrases (``两个维护``, ``八项规定``).
- A count of aspects or points (``从四个方面发力``, ``以下八个方面的工作``, ``三点``) says how
  a text is organised, not how much of anything there is: it is not a quantity. A count of
  measures, tasks or rules is (``20条举措``, ``三项措施``, ``六个方面20条具体任务`` gives one
  quantity), and its metric is the counted noun (``举措``, ``具体任务``), not the verb before
  or after it (``出台支持举措20条`` → ``支持举措``).
- Ages and age brackets (``65岁以上``) are attributes; ``岁`` is a quantity only for a life
  expectancy or an average age (``预期寿命78.2岁``). Arabic durations are quantities
  (``期限3年``, ``提高到11.3年``) but windows and brackets of time are not (``近5年``,
  ``3年内``, ``20年以上小区``).
- A bare number (no unit, no magnitude) is a quantity only when punctuation or a line end
  closes it (a table cell, ``为3,…``); glued to a word it is a name (``626小河``, ``37楼``).
  A bare integer of seven digits or more, or one in 1900–2100, is taken for an identifier or
  a year.
- ``as_of`` is ``None`` when the text names no time for a number: ``year`` only resolves
  relative words (今年, 去年年底). ``提高到``/``扩大到`` make a target only for this year or
  later (a report's ``城镇化率提高到60.6%`` is a fact).

>>> [(q.metric, q.low, q.unit) for q in quantities("全国共有村卫生室58.2万个。")]
[('村卫生室', 582000.0, '个')]
>>> QUALIFIERS["左右"], QUALIFIERS["不少于"], QUALIFIERS["余"]
('approx', 'at_least', 'over')
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence

import attrs

from .._kernels import unit_class
from .._text import is_latin
from ..model import Kind, Quantity
from ._cells import table_cells
from ._english import english_quantities
from ._identity import (
    GENERIC_SUBJECTS,
    Identity,
    _borrowing,
    _identified,
    _reads_sentence,
    _sentence_words,
    plan_goal,
)
from ._kind import _as_of, _kind, _planned_here, _Plans, _programme, _qualifier
from ._lexicon import (
    _ANY_NUMBER,
    _FROM,
    _HEAD_LIMIT,
    _HEADER_TRIGGER,
    _LEFT_LIMIT,
    _PARAGRAPH_BREAK,
    _PAST_MARKER,
    _TARGET_QUALIFIERS,
    _TARGET_TRIGGER,
    _TIME,
    _TIME_WORD,
    _TITLE,
    QUALIFIERS,
    _Worded,
)
from ._metric import _metrics
from ._recent import RecentReads
from ._tables import _cell_labels, _declared_units, _is_cell
from ._terms import (
    _START,
    _arabic_terms,
    _chinese_terms,
    _drop_overlaps,
    _Index,
    _mask_spans,
    _Spans,
    _Term,
)

__all__ = [
    "GENERIC_SUBJECTS",
    "QUALIFIERS",
    "forget_texts",
    "quantities",
    "table_cells",
    "unit_class",
]


def quantities(
    text: str, *, year: int | None = None, offset: int = 0, context: str = ""
) -> tuple[Quantity, ...]:
    """Every quantity in ``text``, in text order.

    ``text`` is normalized text (full-width ASCII already NFKC'd). ``year`` is the document's own
    year: it resolves ``今年``/``去年`` in :attr:`~policydiff.model.Quantity.as_of` and tells a
    target year (``到2025年``) from a past one; ``as_of`` stays ``None`` when the text names no
    time for a number. ``offset`` is added to every span, so quantities of a slice of a document
    carry document offsets. ``context`` is what frames the text from outside it — the headings
    of its section and their ancestors', one a line (``过去五年工作回顾``: a review of five
    years, whose undated figures are the period's totals). Never raises; time is linear in the
    length of the text.

    >>> q = quantities("截至2023年底,全国共有基层医疗卫生机构65.3万个,其中,村卫生室58.2万个。")
    >>> [(x.metric, x.low, x.unit, x.as_of) for x in q]
    [('基层医疗卫生机构', 653000.0, '个', '2023-12-31'), ('村卫生室', 582000.0, '个', '2023-12-31')]
    >>> q = quantities("城镇和农村居民人均可支配收入分别达35512元、25689元。")
    >>> [(x.metric, x.low) for x in q]
    [('城镇居民人均可支配收入', 35512.0), ('农村居民人均可支配收入', 25689.0)]
    >>> [(x.text, x.low, x.high, x.kind) for x in quantities("力争提高1~3个百分点")]
    [('1~3个百分点', 1.0, 3.0, 'change')]
    >>> quantities("2型糖尿病、5岁以下儿童和“两个允许”,第三批,国办发〔2021〕18号")
    ()
    """
    if len(text) > _REMEMBERED_LENGTH:
        key = (text, year, context)
        if (kept := _RECENT.get(key, offset)) is not None:
            return kept
        found = _quantities(text, year, offset, context)
        _RECENT.add(key, found, offset)
        return found
    found = _remembered(text, year, context)
    if not offset:
        return found
    return tuple([q.shifted(offset) for q in found])


# A line of a table, a short item: read once however many times a document repeats it (a
# table of counts repeats its cells, a list its items), its spans shifted to where it stands.
_REMEMBERED_LENGTH = 200

#: Longer texts (paragraphs) are kept as read, up to this many quantities in all: the other
#: version of a document repeats most of its paragraphs (about what the short texts' memory
#: holds at most, 4,096 texts of up to 200 characters).
_RECENT = RecentReads(limit=1 << 18)


@functools.lru_cache(maxsize=4096)
def _remembered(text: str, year: int | None, context: str) -> tuple[Quantity, ...]:
    return _quantities(text, year, 0, context)


def forget_texts() -> None:
    """Let go of the texts :func:`quantities` remembers (short texts and the long texts read
    lately): the next read of any text reads it afresh. For benchmarks that read the same
    texts again and again, and must time each read as a first one."""
    _remembered.cache_clear()
    _RECENT.clear()


def _quantities(text: str, year: int | None, offset: int, context: str) -> tuple[Quantity, ...]:
    """:func:`quantities`, read afresh."""
    if is_latin(text):
        # English (no Han character): its own rules, so Chinese results never change.
        return english_quantities(text, year=year, offset=offset)
    if latin := _latin_lines(text):
        # A mixed text: its English lines by the English rules, the rest by the Chinese ones
        # (the English lines blanked, so that every offset stays where it is).
        chinese = list(text)
        for start, end in latin:
            chinese[start:end] = " " * (end - start)
        both = list(quantities("".join(chinese), year=year, offset=offset, context=context))
        for start, end in latin:
            both += english_quantities(text[start:end], year=year, offset=offset + start)
        return tuple(sorted(both, key=lambda q: q.span))
    if not _ANY_NUMBER.search(text):
        return ()  # most lines and headings: nothing to scan for
    masks = _Spans(_mask_spans(text))
    titles = _Spans(m.span() for m in _TITLE.finditer(text))
    terms = list(_arabic_terms(text, masks))
    if numerals := list(_chinese_terms(text, masks)):
        # (Arabic terms follow one another without overlapping: alone, they are in order)
        terms = _drop_overlaps(sorted([*terms, *numerals], key=_START))
    if not terms:
        return ()
    # (a cell has no unit: a text whose figures all have one is not looked at figure by figure)
    cells = (
        [
            i
            for i, term in enumerate(terms)
            if not term.unit and term.word is None and _is_cell(text, term)
        ]
        if "" in map(_UNIT, terms)
        else []
    )
    if len(text.split()) == len(cells):
        cells = []  # nothing but cells: no header to declare a unit, no label to name them
    if cells:
        terms = _declared_units(text, terms, cells)
    index = _Index.build(text)
    places = index.places(list(map(_START, terms)))
    metrics = _metrics(text, terms, index, places)
    if cells:
        for i, label in _cell_labels(text, terms, cells).items():
            metrics[i] = label
    found_times = _TIME.compiled.finditer(text) if _TIME_WORD in text else ()
    times = [m for m in found_times if m.start("y" if m["y"] else "rel") not in titles]
    time_starts = [m.start() for m in times]
    triggers = [m for m in _TARGET_TRIGGER.compiled.finditer(text) if m.start() not in titles]
    trigger_starts = [m.start() for m in triggers]
    headers = [m.start() for m in _HEADER_TRIGGER.finditer(text)]
    plans = _Plans(text, index, triggers, year)
    result: list[Quantity] = []
    # The targets' head nouns (赤字 of 财政赤字) of the last sentence that held numbers, and of
    # the sentence being read: a plan continues into a sentence that speaks of the same thing.
    planned: tuple[int, frozenset[str]] = (-1, frozenset())
    current: tuple[int, set[str]] = (-1, set())
    programme = _programme(context, year)
    # What a text holds nowhere, no clause of it holds: a word or a pattern missing from the
    # whole text is looked for once, not at every number.
    cumulative = "累计" in text
    froms = _FROM.within(text, 0, len(text))
    conditions = _CONDITION_HEAD.within(text, 0, len(text))
    paragraph, head = -1, ""
    # Without a year, a trigger, a header or a plan, nothing _kind reads is there but a figure's
    # own qualifier word (不低于…), its first rule (tests/test_extract_gates.py compares them).
    unplanned = year is None and not headers and plans.none
    wordless = False  # whether the sentence being read holds none of identity()'s words
    for term, metric, place in zip(terms, metrics, places, strict=True):
        start, num_start, end, low, high, unit, word = term  # (read once, not field by field)
        as_of = _as_of(text, term, place, times, time_starts, year) if times else None
        kind: Kind
        if unplanned:
            kind = "target" if word in _TARGET_QUALIFIERS else "actual"
        else:
            kind = _kind(text, term, place, triggers, trigger_starts, headers, as_of, year, plans)
        sentence = place.sentence
        if sentence != current[0]:
            if current[0] >= 0:
                planned = (current[0], frozenset(current[1]))
            current = (sentence, set())
            sentence_end = _Index.end_after(index.sentences, start, len(text))
            wordless = not _sentence_words(text, sentence, sentence_end)
        if (
            kind == "actual"
            and planned[1]
            and _continues_plan(text, term, index, sentence, planned, as_of)
        ):
            kind = "target"
        if kind == "actual" and programme and _planned_here(text, term, place, as_of, year):
            kind = "target"  # 三、2016年工作安排 …建成平安小区136个: the year's programme
        qualifier = _qualifier(text, term, place) if cumulative or word else None
        if kind == "actual" and metric and _RESTATED.match(metric):
            kind = "target"  # 提出…4%左右, 把…控制在3.5%左右: a target stated again
        clause = place.clause
        if place.paragraph != paragraph:
            paragraph = place.paragraph
            head = text[paragraph : paragraph + _HEAD_LIMIT]
        left = start - _LEFT_LIMIT
        if wordless and not _borrowing(metric, unit):
            up_to = ""  # (as identity() would read it: told once for the sentence)
        else:
            reach = start - _SENTENCE_REACH
            up_to = text[sentence if sentence > reach else reach : start]
            if up_to and not _reads_sentence(metric, unit, up_to):
                up_to = ""  # (as identity() reads it)
        # identity(), by position and without its call (it drops an unread sentence so too)
        # (tests/test_extract_gates.py reads a text both ways)
        found = _identified(
            metric,
            unit,
            qualifier,
            text[clause if clause > left else left : start],  # before
            up_to,  # sentence
            head,  # paragraph
            context,  # headings
            as_of is not None,  # dated
            froms  # baseline
            and _FROM.compiled.search(text, clause, num_start) is not None
            and (
                _FROM_TO.match(text, end) is not None or _FROM_TO_NEXT.match(text, end) is not None
            ),
            as_of is not None and year is not None and int(as_of[:4]) > year,  # future
            kind == "actual",  # reported
        )
        if (
            kind == "actual"
            and found.period == "plan"
            and as_of is None
            and plan_goal(context, head)
            and _PAST_MARKER.search(text, clause, start) is None
        ):
            # 常住人口城镇化率提高到65% under “十四五”时期主要目标任务: a goal of the plan
            kind = "target"
        if found.subject and _BRACKET.match(text, end):
            # 年应纳税所得额不到100万元的部分: a bracket is named by its bounds, and another
            # bracket is another measure, not a change of this one
            found = attrs.evolve(found, subject=f"{found.subject}({text[start:end]})")
        if found.period == "annual" and conditions and _is_condition(text, clause, end):
            # 对已拥有1套住房的本市户籍居民家庭: whom a rule applies to, not a figure it sets
            found = attrs.evolve(found, period="condition")
        level = _modified_level(result, found, unit, sentence + offset) if found.change else None
        if level is not None:
            # 中央财政赤字拟安排2450亿元,比去年预算赤字减少500亿元: the change is of that level,
            # the central deficit, not of another 赤字
            found = attrs.evolve(found, subject=level.subject, scope=level.scope)
        if kind == "target" and len(found.subject) >= 2:
            current[1].add(found.subject[-2:])
        # the fields in their order (tests/test_extract_gates.py holds it): made by position,
        # as a keyword call costs a figure a tenth of its time
        result.append(
            Quantity(
                text[start:end],  # text
                (start + offset, end + offset),  # span
                low,
                high,
                unit,
                qualifier,
                metric,
                as_of,
                "change" if found.change else kind,  # kind
                found.subject,
                found.measure,
                found.scope,
                found.period,
            )
        )
    return tuple(result)


#: A term's unit, ``""`` when it has none.
_UNIT = operator.attrgetter("unit")

# A clause naming whom a rule applies to by a threshold: 对已拥有1套住房的本市户籍居民家庭,
# 对购买首套自住房且套型建筑面积在90平方米以上的家庭, 对已拥有1套及以上住房的,暂停….
_CONDITION_HEAD = _Worded(r"\s*(?:对于?|凡)", "对", "凡")
_CONDITION_TAIL = re.compile(
    r"[^,，;；。]{0,20}?的(?:[,，]|[^,，;；。]{0,12}?"
    r"(?:家庭|居民|人士|个人|职工|企业|单位|项目|人员|购房人|借款人|申请人|纳税人))"
)


def _is_condition(text: str, clause: int, end: int) -> bool:
    """Whether the figure ending at ``end`` is a threshold of a clause (from ``clause``) that
    says whom a rule applies to: the clause opens with 对/凡 and the figure's phrase closes
    with 的 and the group (家庭, 企业, 项目 …) or with the clause. (对我们这样一个拥有14亿人口
    的发展中国家 names a country, 对…不到100万元的部分 a tax bracket: neither.)"""
    return (
        _CONDITION_HEAD.compiled.match(text, clause) is not None
        and _CONDITION_TAIL.match(text, end) is not None
    )


def _modified_level(
    before: Sequence[Quantity], found: Identity, unit: str, sentence: int
) -> Quantity | None:
    """The level a stated change of ``found``'s identity modifies: the figure just before it
    in its sentence, of the same unit class, whose subject ends with the change's (or any
    subject, when the change names none); ``None`` when there is no such level."""
    if not found.change or found.scope or not before:
        return None
    level = before[-1]
    if level.span[0] < sentence or level.kind == "change" or not level.subject:
        return None
    if unit_class(level.unit) != unit_class(unit) or not level.subject.endswith(found.subject):
        return None
    return level


def _latin_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of ``text`` written in English that hold a digit."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        # the script first: a Chinese line is told so by its first character
        if is_latin(line) and any(c.isdigit() for c in line):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


# How far back a number's sentence is read for what frames it (自2018年起…, 与2000年相比):
# bounded, so that a text of one endless sentence is still read in linear time.
_SENTENCE_REACH = 200
# A bracket of a tax or a scale: 不到100万元的部分, 100万元至300万元部分.
_BRACKET = re.compile(r"[ \t]?(?:的)?部分")
# A target stated again: 提出国内生产总值增长8%左右, 把居民消费价格涨幅控制在3.5%左右.
_RESTATED = re.compile(r"^(?:年初|去年|今年)?(?:提出|把)")
# The start of a from-to whose end is the next clause: 由上年分别增长5.6%和13.1%,减为增长1.2%.
_FROM_TO_NEXT = re.compile(
    r"[^,，;；。]{0,16}[,，]\s?(?:减|降|增|升|变|转|上升|下降|回落|提高|扩大|缩小)?为"
)
_FROM_TO = re.compile(
    r"\s?(?:增加|增长|提高|提升|扩大|上升|降低|下降|减少|缩小|回落|跃升)?(?:到|至)(?=\s?[\d〇零一二两三四五六七八九十百千万])"
)


def _continues_plan(
    text: str,
    term: _Term,
    index: _Index,
    sentence: int,
    planned: tuple[int, frozenset[str]],
    as_of: str | None,
) -> bool:
    """Whether a number continues the plan of the sentence before it (拟安排中央财政赤字7500亿元
    …。全国财政赤字合计9500亿元, 占国内生产总值比重在3%以内): the sentence before it, in the
    same paragraph, held targets, its own sentence speaks of what they measured (a target's
    head noun, 赤字, stands before the number), and it names no time and nothing of the past up
    to the number."""
    last_sentence_start, heads = planned
    if not heads or last_sentence_start < 0 or last_sentence_start >= sentence:
        return False
    if not any(text.find(head, sentence, term.start) >= 0 for head in heads):
        return False
    end = sentence
    while end > last_sentence_start and text[end - 1].isspace():
        end -= 1
    if as_of is not None or _PARAGRAPH_BREAK.search(text, last_sentence_start, end):
        return False
    if _Index.start_before(index.sentences, sentence - 1) != last_sentence_start:
        return False  # a sentence without numbers stands between: the plan has ended
    return _PAST_MARKER.search(text, sentence, term.start) is None
