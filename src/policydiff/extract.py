"""Quantities: every number a policy document states, with what it measures.

The ``extract`` stage of the pipeline (SPEC §2.3). Its input is normalized text (NFKC applied to
full-width ASCII, simplified script); its output is a tuple of frozen
:class:`~policydiff.model.Quantity` objects in text order.

- :func:`quantities` — every quantity in a text: value range, unit, qualifier, metric, as-of
  date and kind (``actual`` or ``target``).
- :data:`QUALIFIERS` — the written qualifier words (``约``, ``以上``, ``累计``, …) and the small
  enum each one maps to.
- :func:`unit_class` — ``percent``, ``money`` or ``count``: which units can be compared.

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

import bisect
import calendar
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Literal, NamedTuple

from policydiff.model import Kind, Quantity

__all__ = ["QUALIFIERS", "quantities", "unit_class"]

UnitClass = Literal["percent", "money", "count"]

QUALIFIERS: Mapping[str, str] = MappingProxyType(
    {
        # approx: the value is approximate.
        "约": "approx",
        "约为": "approx",
        "大约": "approx",
        "左右": "approx",
        "上下": "approx",
        # nearly: just below the value.
        "近": "nearly",
        "接近": "nearly",
        "将近": "nearly",
        # over: more than the value (written as an achievement, not a floor).
        "超过": "over",
        "超": "over",
        "逾": "over",
        "突破": "over",
        "高于": "over",
        "多于": "over",
        "余": "over",
        "多": "over",
        # at_least: the value is a floor.
        "以上": "at_least",
        "及以上": "at_least",
        "不低于": "at_least",
        "不少于": "at_least",
        "至少": "at_least",
        "最少": "at_least",
        # under: less than the value.
        "低于": "under",
        "少于": "under",
        "不到": "under",
        "不足": "under",
        # at_most: the value is a ceiling.
        "以下": "at_most",
        "及以下": "at_most",
        "以内": "at_most",
        "之内": "at_most",
        "不超过": "at_most",
        "不高于": "at_most",
        "最多": "at_most",
        "至多": "at_most",
        # cumulative: a running total (累计培训…65万人).
        "累计": "cumulative",
    }
)
"""The qualifier words Chinese documents write around a number, mapped to a small enum.

The enum values are ``approx``, ``nearly``, ``over``, ``at_least``, ``under``, ``at_most`` and
``cumulative``; :attr:`Quantity.qualifier <policydiff.model.Quantity.qualifier>` holds one of
them (or ``None``). A word written right before or after the number wins over ``累计`` earlier
in the clause (``累计培训…近8.8万人`` is ``nearly``).
"""

# Written qualifiers that make a quantity a target or a rule rather than a reported fact.
_TARGET_QUALIFIERS = frozenset({"不低于", "不少于", "至少", "不超过", "不高于"})

_POST_QUALIFIERS = ("及以上", "及以下", "以上", "以下", "左右", "上下", "以内", "之内")
_INFIX_QUALIFIERS = ("余", "多")  # between the number and its magnitude or unit: 5万余人
# Longest first, so that 不超过 is read whole rather than as 超过 after a stray 不.
_PRE_QUALIFIERS = sorted(
    set(QUALIFIERS) - set(_POST_QUALIFIERS) - set(_INFIX_QUALIFIERS), key=lambda w: (-len(w), w)
)


def unit_class(unit: str) -> UnitClass:
    """Which kind of unit ``unit`` is: ``percent``, ``money`` or ``count``.

    Only quantities of the same class can be compared: a percentage is not a count, and money
    (any unit ending in ``元``) is neither.

    >>> unit_class("%"), unit_class("个百分点"), unit_class("元"), unit_class("人")
    ('percent', 'percent', 'money', 'count')
    """
    if unit in ("%", "个百分点", "‰"):
        return "percent"
    if unit.endswith("元"):
        return "money"
    return "count"


# --------------------------------------------------------------------------------------------
# Units and classifiers. Each is (as written, characters that must not follow it): after a
# number, 人 is a unit but 人民/人口 are nouns, 元 is a unit but 元旦 is not, and so on.
_UNIT_SPECS: tuple[tuple[str, str], ...] = (
    ("个百分点", ""),
    ("百分点", ""),
    ("%", ""),
    ("‰", ""),
    ("个工作日", ""),
    ("工作日", ""),
    ("个月", ""),
    ("小时", ""),
    ("分钟", ""),
    ("天", "然下津"),
    ("日", ""),  # only "15日内"; a day of the month is a date (see _UNIT_DAY below)
    ("周岁", ""),
    ("岁", ""),
    ("年", ""),
    ("个", "体性税案"),
    ("人次", ""),
    ("人", "民口大们员才均类工群身格权"),
    ("名", "义称单录额誉次"),
    ("位", "于置居列次数"),
    ("户", "籍口外型主"),
    ("家", "庭长属乡园具电"),
    ("所", "有在属得需谓"),
    ("座", "谈位"),
    ("项", "目"),
    ("条", "例件款文"),
    ("件", ""),
    ("次", "数要年日生级序"),
    ("批", "准复发评示"),
    ("种", "植类子养"),
    ("类", "别似"),
    ("部门", ""),
    ("部", "署分长委件位队"),
    ("台", "湾风阶账"),
    ("套", ""),
    ("辆", ""),
    ("艘", ""),
    ("架", "构设"),
    ("张", "贴扬"),
    ("床位", ""),
    ("床", "头边"),
    ("间", "接隔断"),
    ("篇", "章"),
    ("份", "额"),
    ("册", ""),
    ("场", "所景地合馆次"),
    ("轮", "换流"),
    ("期", "间限内末初待望刊"),
    ("处", "理置罚室长级于"),
    ("起", "来草步诉始航点源居"),
    ("例", "如外行会子"),
    ("宗", "旨教"),
    ("笔", "者记"),
    ("支", "持付出部援撑柱队配行"),
    ("头", "部条脑等号版像目发"),
    ("栋", ""),
    ("幢", ""),
    ("株", ""),
    ("棵", ""),
    ("倍", ""),
    ("美元", ""),
    ("欧元", ""),
    ("港元", ""),
    ("元", "旦素件年首老宵气"),
    ("蒸吨", ""),
    ("吨", "位"),
    ("公斤", ""),
    ("千克", ""),
    ("斤", ""),
    ("亩", ""),
    ("公顷", ""),
    ("平方公里", ""),
    ("平方千米", ""),
    ("平方米", ""),
    ("立方米", ""),
    ("千米", ""),
    ("公里", ""),
    ("米", "面饭粮"),
    ("千瓦时", ""),
    ("千瓦", ""),
    ("兆瓦", ""),
    ("度", "假"),
    ("省份", ""),
    ("省", "级委长内外会市直属"),
    ("市", "场级民区县委政长值内属州"),
    ("县", "级域城委长乡市区"),
    ("区", "域县级委长间别划内分"),
    ("乡", "镇村级土亲愁"),
    ("镇", "政级村街"),
    ("村", "民级委医庄镇落务居"),
)
# Units a Chinese numeral may take: not years (三年行动 names a programme), not ages, not %.
_CN_EXCLUDED_UNITS = frozenset({"年", "岁", "周岁", "%", "‰", "百分点", "日", "度", "期"})
# Units that name the counted thing themselves (9省(区)): a parenthesis after them belongs to
# the quantity's text.
_NOUN_UNITS = frozenset({"省", "省份", "市", "县", "区", "乡", "镇", "村", "部门"})
# Classifiers: in 12个综合试验区 the noun after the classifier is what is counted.
_CLASSIFIERS = frozenset(
    "个名位户家所座项条件次批种类台套辆艘架张间篇份册场轮期处起例宗笔支栋幢株棵"
)


class _LazyPattern:
    """A regex compiled on its first use, optionally behind a gate of first characters.

    The big alternations of units and qualifiers take ~5 ms each to compile, and
    ``import policydiff`` should not pay for them before anyone extracts a number.

    ``first`` is the body of a character class holding every character a match can start
    with (regex syntax: escape ``-``, ``]`` and ``\\``). The compiled pattern then begins
    with the lookahead ``(?=[first])``: Python's ``re`` tries each alternative at each position
    of the text, and most positions of Chinese prose start none of them, so the gate makes a
    scan 5-15 times faster. ``source`` is the pattern without the gate; the tests check that
    both find the same matches.
    """

    __slots__ = ("_compiled", "_first", "_flags", "source")

    def __init__(self, pattern: str, flags: int = 0, *, first: str = "") -> None:
        self.source = pattern
        self._flags = flags
        self._first = first
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            pattern = self.source
            if self._first:
                pattern = f"(?=[{self._first}])(?:{pattern})"
            self._compiled = re.compile(pattern, self._flags)
        return self._compiled


def _unit_pattern(specs: Sequence[tuple[str, str]]) -> str:
    ordered = sorted(specs, key=lambda spec: -len(spec[0]))
    parts = []
    for unit, not_after in ordered:
        escaped = re.escape(unit)
        if unit == "日":
            escaped += r"(?=内|以内|之内)"
        elif unit == "所":
            escaped += r"(?!以(?![上下内]))"  # 5所以上, not 所以 (therefore)
        if not_after:
            escaped += f"(?![{not_after}])"
        parts.append(escaped)
    return "|".join(parts)


_UNIT = _unit_pattern(_UNIT_SPECS)
_CN_UNIT = _unit_pattern([spec for spec in _UNIT_SPECS if spec[0] not in _CN_EXCLUDED_UNITS])

_MAGNITUDES: Mapping[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
_MAG = "万亿|千万|百万|亿|万|千(?![米克瓦伏])"
_AR_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_SP = r"[ \u00a0]?"  # text taken from PDFs puts a space between a number and its unit
_PRE = "|".join(_PRE_QUALIFIERS)
_ABOUT = "|".join(_INFIX_QUALIFIERS)
_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_DIGIT = frozenset("〇零一二两三四五六七八九十")

_TERM_AR = _LazyPattern(
    rf"(?:(?P<pre>{_PRE})(?:有|了)?{_SP})?(?<![\d.])(?<!\d,)(?P<num>{_AR_NUM})(?:/(?P<den>\d+))?"
    rf"(?P<a1>{_ABOUT})?(?P<mag>{_MAG})?(?P<a2>{_ABOUT})?{_SP}(?P<unit>{_UNIT})?",
    first=r"\d" + "".join(sorted({word[0] for word in _PRE_QUALIFIERS})),
)
_RANGE_TAIL = _LazyPattern(
    rf"{_SP}(?P<sep>[-~—–]{{1,2}}|至|到){_SP}(?P<num>{_AR_NUM})"
    rf"(?P<a1>{_ABOUT})?(?P<mag>{_MAG})?(?P<a2>{_ABOUT})?{_SP}(?P<unit>{_UNIT})?"
)
_TERM_CN = _LazyPattern(
    rf"(?:(?P<pre>{_PRE})(?:有|了)?)?(?:"
    rf"百分之(?P<pct>[{_CN}点]+|\d+(?:\.\d+)?)"
    rf"|(?<![{_CN}第])(?P<den>[{_CN}]+)分之(?P<numer>[{_CN}]+)"
    rf"|(?<![{_CN}第数几上成])(?P<cn>[{_CN}]+)(?P<about>{_ABOUT})?(?P<unit>{_CN_UNIT}))",
    first=_CN + "".join(sorted({word[0] for word in _PRE_QUALIFIERS})),
)
_POST = re.compile("|".join(_POST_QUALIFIERS))
_NOUN_PAREN = re.compile(r"\([^()\n]{1,8}\)")
# 五六个, 两三批, 三四十个: two neighbouring digits are an approximate range. cn2an reads them
# as one number (cn2an.cn2an("五六") == 56, cn2an.cn2an("两三") == 23), which is wrong here.
_CN_APPROX = re.compile("([一二两三四五六七八])([二三四五六七八九])([十百千万]?)")
_CN_SMALL = dict(zip("一二两三四五六七八九", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_ORDERS = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10000}
# Counts inside political set phrases: 两个维护, 四个意识, 三个代表, 五位一体, 两个毫不动摇 ...
_SET_PHRASE_TAIL = re.compile(
    "维护|确立|意识|自信|全面|代表|务必|一体|百年|拓展|允许|坚持|伟大|必须|毫不动摇|没有变|大局"
)
# Aspects and points: 从四个方面发力, 以下八个方面的工作. They say how a text is organised, not
# how much of anything there is.
_DISCOURSE_NOUN = re.compile("方面|层面")
_SESSION_TAIL = re.compile("会议|全会|全委会|全体会议|代表大会|党代会|人代会|常委会|产业")

# --------------------------------------------------------------------------------------------
# Masks: spans whose numbers are not quantities.
_YEAR = r"(?:1[89]|20)\d{2}"
_MASK = _LazyPattern(
    "|".join(
        (
            r"(?:https?://|www\.)[A-Za-z0-9./?=&_%:#~+-]+",
            # every pattern that can start inside a run of digits or letters is anchored at the
            # run's start, or a long run would be rescanned from each of its characters
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
            r"(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|gov|edu)"
            r"(?![A-Za-z])",
            # dates: 2023-07-26, 2023.7.26, 2023/7/26, 2024年7月12日, 2024年6月底, 3月19日
            rf"(?<!\d){_YEAR}\s?(?P<sep>[-./])\s?\d{{1,2}}\s?(?P=sep)\s?\d{{1,2}}(?!\d)",
            rf"(?<!\d){_YEAR}\s?年(?:\s?\d{{1,2}}\s?月(?:\s?\d{{1,2}}\s?[日号])?)?"
            r"(?:度|底|末|初|终|中|前|后)?",
            rf"(?<![\d.]){_YEAR}\s?[-—~至到]{{1,2}}\s?{_YEAR}(?:\s?年|(?![\d.\u3400-\u9fff%]))",
            r"(?<![\d.])\d{1,2}\s?(?:[-—~至到]\s?\d{1,2}\s?)?月(?:\s?\d{1,2}\s?[日号])?"
            r"(?:份|底|末|初|中旬|上旬|下旬)?",
            r"(?<![\d.])\d{1,2}\s?[日号](?![内])",
            r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
            # years in brackets and document numbers: 〔2021〕18号, [2019]5号, 国令第711号
            rf"[〔\[(【]\s?{_YEAR}\s?[〕\])】]\s?(?:第\s?)?\d*\s?号?",
            r"第\s?\d+\s?号",
            # telephone numbers, labelled codes, page numbers
            r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)",
            r"(?<!\d)1[3-9]\d{9}(?!\d)",
            r"(?<!\d)400-?\d{3}-?\d{4}(?!\d)",
            r"(?:邮\s?编|邮\s?政\s?编\s?码|电\s?话|传\s?真|手\s?机|QQ|qq|微\s?信|热\s?线"
            r"|编\s?号|代\s?码|帐\s?号|账\s?号|信\s?箱|地\s?址)\s?[:：]?\s?[()\d -]+",
            r"^[ \t\u3000]*[-—–]\s*\d+\s*[-—–][ \t\u3000]*$",
            r"第\s?\d+\s?页(?:\s?[,/，]?\s?共\s?\d+\s?页)?|共\s?\d+\s?页",
            # list markers: 1. 2、 (3) at a line start; section numbers 1.2.3
            r"^[ \t\u3000]*(?:\d{1,3}[.、](?!\d)|\(\d{1,3}\))",
            r"(?<![\d.])\d{1,2}\.(?=[\u4e00-\u9fff])",
            r"(?<![\d.])\d+(?:\.\d+){2,}",
            r"(?<![\d.])\d+(?:\.\d+)?\s?[×xX*]",
        )
    ),
    re.MULTILINE,
    first=r"A-Za-z\d._%+\-—–〔\[(【第邮电传手微热编代帐账信地共 \t\u3000",
)
# Every quantity holds a digit or a Chinese numeral.
_ANY_NUMBER = re.compile(f"[\\d{_CN}]")
_TITLE = re.compile(r"《[^《》\n]{0,120}》")
_QUOTE = re.compile(r"“[^“”\n]{0,20}”|\"[^\"\n]{0,20}\"|「[^「」\n]{0,20}」|『[^『』\n]{0,20}』")

_SENTENCE_END = "。！？!?\n\r\u3000"
_SEGMENT_END = _SENTENCE_END + ";；"
_CLAUSE_END = _SEGMENT_END + ",，:："
_SENTENCE_RE = re.compile(f"[{_SENTENCE_END}]")
_SEGMENT_RE = re.compile(f"[{_SEGMENT_END}]")
_CLAUSE_RE = re.compile(f"[{_CLAUSE_END}]")
_ID_SUFFIX = re.compile(r"\s{0,3}[号楼层室届级版型]")
_WINDOW_BEFORE = re.compile("近|过去|未来|今后|前|最近|这|那|每")
_WINDOW_AFTER = re.compile("的|前|后|来|以来|内|里|中|间|级|度|代|底|末|初|终|期")
_NOT_NOUN = frozenset("的之和及与或等、以")

# --------------------------------------------------------------------------------------------
# Time expressions (for as_of and for stripping from metrics).
_TIME = _LazyPattern(
    # (a space, not a line break: a time never reaches back into the line above)
    r"(?P<lead>截至|截止到|截止|到|至|自|从|较|比|与)?[ \u00a0]?"
    rf"(?:(?<!\d)(?P<y>{_YEAR})\s?年(?:\s?(?P<m>1[0-2]|0?[1-9])\s?月"
    r"(?:\s?(?P<d>[12]\d|3[01]|0?[1-9])\s?日)?)?"
    r"|(?P<rel>今年|去年|上年|前年|本年|明年))"
    r"(?P<suf>年底|年末|年初|底|末|初|终|上半年|下半年)?"
    r"(?P<tail>以来|起|开始|至今|来)?",
    first=r" \u00a0\d截到至自从较比与今去上前本明",
)
_SENTENCE_OPENING = re.compile(
    r"[\s\u3000]*(?:[一二三四五六七八九十]+是|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)?"
    r"[\s\u3000]*"
)
# 要 is a plan, but not in 主要/重要/需要 nor 要求/要点, nor in 要看到 (a report's "note that").
_PLAN_YAO = r"(?<![主重需只必纲摘概紧])要(?!求|点|素|闻|害|事|件|看到|认识到)"
_TARGET_TRIGGER = _LazyPattern(
    r"力争|争取|预期目标|目标(?:是|为|值)|确保|计划(?:到|在|于)|拟|"
    rf"(?P<by>到|至)(?P<year>{_YEAR})年(?:底|末)?(?!的)|"
    rf"{_PLAN_YAO}|"
    r"(?<!即)将(?!近|来|军)",
    first="力争预目确计拟到至要将",
)
_HEADER_TRIGGER = re.compile(r"预期目标|目标(?:是|为)?[:：]")
_REACH_VERB = re.compile(r"(?:提高|提升|扩大|增加|降低|下降|减少|上升)(?:到|至)")
# A sentence that opens with this year's plan: 今年赤字率拟按2.8%安排, 今年要优先稳就业保民生.
_PLAN_FRAME = re.compile(
    r"(?:今年|明年|今明两年|本年度?)(?!以来|上半年|前)"
    rf"(?:将(?!近)|[^,，;；:：。\d]{{0,12}}?(?:拟|{_PLAN_YAO}|计划|力争|确保|安排))"
)
_PLAN_YEARS = ("今年", "明年", "今明", "本年")  # the words _PLAN_FRAME starts with
_PARAGRAPH_BREAK = re.compile("[\n\u3000]")
_HEAD_LIMIT = 16  # how far into a sentence its head reaches (今年二氧化硫、氮氧化物排放量要)
_PAST_MARKER = re.compile("已|曾|过去|以来|(?<![为除])了")

# --------------------------------------------------------------------------------------------
# Metric clean-up.
_COMPARISON = re.compile(
    rf"(?:较|比)(?:{_YEAR}年(?:底|末|初|终|同期)?的?|上年(?:同期)?|去年(?:同期)?|同期|上一年|前一年)"
    r"|与[^,，;；。]{0,12}相比|同比|环比|按可比(?:口径|价格)(?:计算)?"
    r"|(?:是|为|相当于)[^,，;；。]{0,15}的$"  # 是“十一五”时期的2.7倍: a ratio's base
)
_TIME_WORDS = re.compile(
    rf"(?:截至|截止到|截止|自|从)?(?:{_YEAR}\s?年(?:\s?\d{{1,2}}\s?月(?:\s?\d{{1,2}}\s?日)?)?"
    r"(?:底|末|初|终|上半年|下半年|以来|起|开始)?前?|今年|去年|上年|前年|当年|本年|全年|年内"
    r"|近年来|近年|目前|当前|现在|此前|以来)的?"
)
_FILLER_HEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其中|到|拟|据统计|据初步统计|初步统计|全国|全省|全市|全区|全县|全旗|全州|我国|我省|我市|我区"
    r"|我县|我委|我部|我局|我们|本市|本区|本县|本省|目前|截至|共有|共计|合计|总计|共(?![享同建治])"
    r"|有(?![效序力关])|已经|已|累计|均|都|并|还|又|同时|此外|另外|其|在|对|向|从|由|自|将|要"
    r"|实现(?![率值])了?|确保|力争|争取"
    r"|进一步|等|了|的|和|及|与|以及|或|以|、|\s)+"
)
_FILLER_TAIL = re.compile(
    r"(?:达到了|达到|已达|达|为|是|有|完成|实现|共有|共计|合计|总计|共|累计|约为|分别|均|都|已经|已|了|在"
    r"|从|由|至|到|保持在|稳定在|控制在|维持在|提高到|提高至|提升到|提升至|增加到|增加至|增至"
    r"|扩大到|扩大至|降低到|降低至|降到|降至|下降到|下降至|减少到|减少至|减至|上升到|上升至"
    r"|升至|突破|要|将|拟|按|进一步|的|占|计|等|和|及|或|一般|原则上|\s)+$"
)
_CHANGE_ONLY = re.compile(
    r"(?:年均|每年|年|同比|环比|分别|均)?(?:增长|下降|增加|减少|提高|降低|上升|提升|扩大|缩小"
    r"|递增|递减|回落|上涨|下跌|增幅|降幅)(?:了)?"
)
_PRONOUN_SUBJECT = re.compile(r"(?:我委|我部|我局|我们|国办|国务院|本机关)等?")
_LEADING_ACTION = re.compile(
    r"^(?:逐步|进一步|不断|持续|继续|积极|大力|稳步|努力|全面)*"
    r"(?:扩大|提高|增加|加大|提升|推进|加强|实施|开展|完善|落实|推动)"
)
# Verbs shared by a 、-list (累计培训A近8.8万人、B5万余人): the later items inherit them.
_LIST_VERB = re.compile(
    r"^(?:转岗培训|新开工|新增|新建|培训|招录|招聘|培养|改造|建设|建成|完成|覆盖|惠及|救助|帮扶"
    r"|资助|发放|投入|安排|支持|扶持|开工|引进|吸纳|减少|增加)"
)
_LIST_SEPARATOR = re.compile(r"\s?(?:、|和|及|与|以及|或)\s?")
_OWN_VERB = re.compile("再|重新|继续")
# Nouns of measures and tasks: in 提出20条举措支持企业发展 the count ends with the noun.
_MEASURE_NOUN = re.compile("举措|措施|任务|意见|建议|办法|条款|规定|要求")
_MEASURE_ACTION = re.compile(
    r"^(?:研究)?(?:出台|制定|印发|提出|推出|采取|实施|落实|明确)(?:了|出)?(?=.{2})"
)
# Words that open a predicate rather than a noun: 农村贫困人口96户、183人全部稳定脱贫.
_PREDICATE_START = re.compile("全部|全面|均|都|已|实现|达到|得到|获得|直接|被|纳入|列入|完成|享受")
_LIST_ATTRIBUTE_MAX = 6  # 65条、总长度57.9公里的城市道路: an attribute between list items
_SUBJECT_SPLIT = re.compile(r"、|和|及|与|以及")
# Contracted pairs that a 分别-list spells out: 城乡居民收入分别增长8.7%和8.6% is 城镇… and 农村….
_CONTRACTED_PAIRS: Mapping[str, tuple[str, str]] = {
    "城乡": ("城镇", "农村"),
    "进出口": ("进口", "出口"),
    "中小学": ("中学", "小学"),
    "男女": ("男性", "女性"),
}

# --------------------------------------------------------------------------------------------
# Tables. Text taken from a PDF flattens a table into lines: a header that declares the unit
# (单位:万元, 金额(万元), a header cell 万元), lines of labels, then cells of one bare number.
_DECLARED_UNIT = _LazyPattern(
    rf"(?:计量)?单位\s?:\s?(?P<mag>{_MAG})?(?P<unit>{_UNIT})"
    rf"|\((?P<pmag>{_MAG})?(?P<punit>{_UNIT})\)"
    rf"|^[ \t]*(?P<cmag>{_MAG})?(?P<cunit>元|%)[ \t]*$",
    re.MULTILINE,
    first=r"计单( \t万亿千百元%",
)
# A label that names a column rather than a row: 本年处理决定数量, 本年收费金额(单位:万元),
# and the title of the column of row labels (项目, 指标).
_COLUMN_HEADER = re.compile(
    r"(?:数|量|额|率|比例|比重|情况|内容|值)$|^(?:项目|指标|名称|类别|类型|序号)$"
)
_PARENS = re.compile(r"\([^()]*\)")
_CELL_SPACE = frozenset(" \t\r\n\u3000")
_LABEL_STOP = frozenset(",，。;；:：!?！？")
_LABEL_MAX = 24
_RIGHT_LIMIT = 24
_LEFT_LIMIT = 48
_MAX_DIGITS = 15


class _Term(NamedTuple):
    """A number found in the text, before its metric, as_of and kind are known."""

    start: int  # start of the quantity's text (a qualifier written before the number included)
    num_start: int  # start of the first numeral
    end: int
    low: float
    high: float
    unit: str
    word: str | None  # the qualifier word as written


class _Index(NamedTuple):
    """Sorted positions of the text's boundaries, so each look-up is a bisection."""

    sentences: list[int]
    segments: list[int]
    clauses: list[int]

    @staticmethod
    def build(text: str) -> _Index:
        def ends(pattern: re.Pattern[str]) -> list[int]:
            return [m.end() for m in pattern.finditer(text)]

        return _Index(ends(_SENTENCE_RE), ends(_SEGMENT_RE), ends(_CLAUSE_RE))

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

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        i = bisect.bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


def quantities(text: str, *, year: int | None = None, offset: int = 0) -> tuple[Quantity, ...]:
    """Every quantity in ``text``, in text order.

    ``text`` is normalized text (full-width ASCII already NFKC'd). ``year`` is the document's own
    year: it resolves ``今年``/``去年`` in :attr:`~policydiff.model.Quantity.as_of` and tells a
    target year (``到2025年``) from a past one; ``as_of`` stays ``None`` when the text names no
    time for a number. ``offset`` is added to every span, so quantities of a slice of a document
    carry document offsets. Never raises; time is linear in the length of the text.

    >>> q = quantities("截至2023年底,全国共有基层医疗卫生机构65.3万个,其中,村卫生室58.2万个。")
    >>> [(x.metric, x.low, x.unit, x.as_of) for x in q]
    [('基层医疗卫生机构', 653000.0, '个', '2023-12-31'), ('村卫生室', 582000.0, '个', '2023-12-31')]
    >>> q = quantities("城镇和农村居民人均可支配收入分别达35512元、25689元。")
    >>> [(x.metric, x.low) for x in q]
    [('城镇居民人均可支配收入', 35512.0), ('农村居民人均可支配收入', 25689.0)]
    >>> [(x.text, x.low, x.high, x.qualifier, x.kind) for x in quantities("力争提高1~3个百分点")]
    [('1~3个百分点', 1.0, 3.0, None, 'target')]
    >>> quantities("2型糖尿病、5岁以下儿童和“两个允许”,第三批,国办发〔2021〕18号")
    ()
    """
    if not _ANY_NUMBER.search(text):
        return ()  # most lines and headings: nothing to scan for
    masks = _Spans(_mask_spans(text))
    titles = _Spans(m.span() for m in _TITLE.finditer(text))
    terms = sorted(
        [*_arabic_terms(text, masks), *_chinese_terms(text, masks)], key=lambda t: t.start
    )
    terms = _drop_overlaps(terms)
    if not terms:
        return ()
    cells = [i for i, term in enumerate(terms) if _is_cell(text, term)]
    if len(text.split()) == len(cells):
        cells = []  # nothing but cells: no header to declare a unit, no label to name them
    if cells:
        terms = _declared_units(text, terms, cells)
    index = _Index.build(text)
    metrics = _metrics(text, terms, index)
    if cells:
        for i, label in _cell_labels(text, terms, cells).items():
            metrics[i] = label
    times = [
        m for m in _TIME.compiled.finditer(text) if m.start("y" if m["y"] else "rel") not in titles
    ]
    time_starts = [m.start() for m in times]
    triggers = [m for m in _TARGET_TRIGGER.compiled.finditer(text) if m.start() not in titles]
    trigger_starts = [m.start() for m in triggers]
    headers = [m.start() for m in _HEADER_TRIGGER.finditer(text)]
    plans = _Plans(text, index, triggers, year)
    result = []
    for term, metric in zip(terms, metrics, strict=True):
        as_of = _as_of(text, term, index, times, time_starts, year)
        kind = _kind(text, term, index, triggers, trigger_starts, headers, as_of, year, plans)
        result.append(
            Quantity(
                text=text[term.start : term.end],
                span=(term.start + offset, term.end + offset),
                low=term.low,
                high=term.high,
                unit=term.unit,
                qualifier=_qualifier(text, term, index),
                metric=metric,
                as_of=as_of,
                kind=kind,
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------------------------
# 1. Masks


def _mask_spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (_MASK.compiled, _TITLE, _QUOTE):
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
    while True:
        m = _TERM_AR.compiled.search(text, position)
        if m is None:
            return
        position = m.end()
        num_start = m.start("num")
        if num_start in masks:
            continue
        before = _previous_char(text, num_start)
        if before == "第" or (
            0 <= ordinal_end < num_start <= ordinal_end + 3
            and _LIST_SEPARATOR.fullmatch(text[ordinal_end:num_start])
        ):
            ordinal_end = _skip_range(text, m.end())
            position = max(position, ordinal_end)
            continue
        if before == "每" or _is_latin(before) or _is_latin(text[m.end("num") : m.end("num") + 1]):
            continue  # 每10万人口 (a denominator), PM2.5, 5G, H7N9
        if before in ("-", "_") and _is_latin(text[max(0, num_start - 2) : num_start - 1]):
            continue  # COVID-19
        term = _arabic_term(text, m)
        if term is not None:
            position = term.end
            if term.unit == "个" and _DISCOURSE_NOUN.match(text, term.end):
                continue  # 推出8个方面90项政策措施: the aspects only group the measures
            yield term


def _is_latin(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalpha()


def _is_han(char: str) -> bool:
    # Not a regex: sre compiles a class over the CJK range into a 27,000-entry charmap (~5 ms).
    return len(char) == 1 and "\u3400" <= char <= "\u9fff"


def _arabic_term(text: str, m: re.Match[str]) -> _Term | None:
    """The quantity an Arabic-number match stands for, with its range tail, or ``None``."""
    low = _value(m["num"], m["den"], m["mag"])
    if low is None:
        return None
    high = low
    unit = m["unit"] or ""
    end = m.end()
    magnitude = m["mag"]
    about = m["a1"] or m["a2"]
    tail = _RANGE_TAIL.compiled.match(text, end) if m["den"] is None else None
    from_to = tail is not None and tail["sep"] in ("到", "至")
    if from_to and _previous_char(text, m.start()) in ("由", "从"):
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
    end, post = _post(text, end, unit)
    if _is_latin(text[end : end + 1]):
        return None  # 3D打印, 4K: a model name
    if not _keeps(text, m, unit, low, high, magnitude is not None, end, post):
        return None
    word = m["pre"] or post or about
    return _Term(m.start(), m.start("num"), end, low, high, _normal_unit(unit), word)


def _skip_range(text: str, end: int) -> int:
    tail = _RANGE_TAIL.compiled.match(text, end)
    return tail.end() if tail is not None else end


def _value(number: str, denominator: str | None, magnitude: str | None) -> float | None:
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
    post = _POST.match(text, end)
    if post is not None:
        return post.end(), post.group()
    return end, None


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
    """Whether an Arabic term is a quantity: not an age, a year, a window of years or a code."""
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
            if unit == "个" and _DISCOURSE_NOUN.match(following):
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


def _cn_number(numeral: str) -> float | None:
    """A Chinese numeral's value by cn2an, or ``None`` when it is not a number."""
    if numeral in ("十", "百", "千", "万"):
        return float(_CN_ORDERS[numeral])
    plain = numeral.strip("〇零")
    if len(plain) >= 3 and not any(ch in "十百千万亿" for ch in plain):
        return None  # 一二三(级), 二〇二三: digits read one by one are a name or a year
    import cn2an  # deferred: importing cn2an takes ~100 ms, `import policydiff` must not

    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        # cn2an raises on forms it does not know, e.g. 一亿二 (KeyError) and 三四十 (ValueError).
        return None
    return float(value)


def _cn_value(numeral: str) -> tuple[float, float] | None:
    approx = _CN_APPROX.fullmatch(numeral)
    if approx is not None:
        first, second = _CN_SMALL[approx[1]], _CN_SMALL.get(approx[2], 9)
        if second == first + 1:
            order = _CN_ORDERS[approx[3]]
            return float(first * order), float(second * order)
    value = _cn_number(numeral)
    return None if value is None else (value, value)


def _cn_fraction(denominator: str, numerator: str) -> tuple[float, float] | None:
    den = _cn_number(denominator)
    num = _cn_number(numerator)
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


def _is_cell(text: str, term: _Term) -> bool:
    """Whether ``term`` is a table cell: a bare number with white space or a line end around it."""
    if term.unit or term.word is not None:
        return False
    if not all(ch in "0123456789.," for ch in text[term.start : term.end]):
        return False  # 3032.17万 has a magnitude; 5-10 is a range
    before = text[term.start - 1] if term.start > 0 else "\n"
    after = text[term.end] if term.end < len(text) else "\n"
    return before in _CELL_SPACE and after in _CELL_SPACE


def _declared_units(text: str, terms: list[_Term], cells: Sequence[int]) -> list[_Term]:
    """``terms`` with the unit a table header declares applied to the cells below it.

    ``本年收费金额(单位:万元)`` … ``7730.28`` is 77,302,800 元. A declaration holds until the
    next one or the end of the table (a sentence end: prose again). Two declarations that
    differ with no cell between them head different columns: which cell is in which column is
    lost in the flattened text, so neither is applied.
    """
    declared = _declarations(text)
    if not declared:
        return terms
    starts = [terms[i].start for i in cells]
    result = list(terms)
    k = 0
    while k < len(declared):
        # a group: declarations with no cell between them
        group_end = k + 1
        while group_end < len(declared) and bisect.bisect_left(
            starts, declared[group_end][0]
        ) == bisect.bisect_left(starts, declared[k][1]):
            group_end += 1
        units = {(unit, magnitude) for _, _, unit, magnitude in declared[k:group_end]}
        scope_start = declared[group_end - 1][1]
        scope_end = declared[group_end][0] if group_end < len(declared) else len(text)
        line_end = text.find("\n", scope_start, scope_end)  # 金额单位:万元。 ends its own line
        stop = -1 if line_end < 0 else text.find("。", line_end, scope_end)
        scope_end = scope_end if stop < 0 else stop
        k = group_end
        if len(units) != 1:
            continue
        ((unit, magnitude),) = units
        scale = _MAGNITUDES[magnitude] if magnitude else Decimal(1)
        for j in range(bisect.bisect_left(starts, scope_start), len(starts)):
            term = terms[cells[j]]
            if term.start >= scope_end:
                break
            result[cells[j]] = term._replace(
                low=float(Decimal(repr(term.low)) * scale),
                high=float(Decimal(repr(term.high)) * scale),
                unit=_normal_unit(unit),
            )
    return result


def _declarations(text: str) -> list[tuple[int, int, str, str | None]]:
    """The unit declarations of table headers in ``text``: start, end, unit and magnitude."""
    declared = []
    for m in _DECLARED_UNIT.compiled.finditer(text):
        if m["punit"] is not None:
            before = text[m.start() - 1] if m.start() > 0 else "\n"
            if m["punit"] in _NOUN_UNITS or not (_is_han(before) or before in _CELL_SPACE):
                continue  # 9省(区) names a noun; a bracket in prose is not a header
        unit = m["unit"] or m["punit"] or m["cunit"]
        declared.append((m.start(), m.end(), unit, m["mag"] or m["pmag"] or m["cmag"]))
    return declared


def _cell_labels(text: str, terms: Sequence[_Term], cells: Sequence[int]) -> dict[int, str]:
    """Metrics for table cells from the row labels above them, where the pairing is sure.

    A flattened table lists its labels, then its cells: ``行政处罚⏎行政强制⏎4119⏎195``. The
    labels after the last column header (``本年处理决定数量``) pair with the cells below them
    when there are exactly as many of them as cells; any other count means several columns
    (``规章⏎行政规范性文件⏎0⏎0⏎0⏎5⏎0⏎5``), whose reading order the text no longer shows, so
    those cells keep an empty metric.
    """
    by_start = {terms[i].start: i for i in cells}
    labels: dict[int, str] = {}
    pending: list[str] = []  # label lines since the last cell or the last line of prose
    run: list[int] = []

    def pair() -> None:
        headers = [k for k, label in enumerate(pending) if _is_column_header(label)]
        rows = pending[headers[-1] + 1 :] if headers else pending
        if len(rows) == len(run):
            labels.update(zip(run, rows, strict=True))

    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = position + len(line) - len(line.lstrip())
        position += len(line) + 1
        if not stripped:
            continue
        cell = by_start.get(start)
        if cell is not None and terms[cell].end - start == len(stripped):
            run.append(cell)
            continue
        if run:
            pair()
            run, pending = [], []
        if _LABEL_MAX >= len(stripped) >= 2 and not any(
            ch.isdigit() or ch in _LABEL_STOP for ch in stripped
        ):
            pending.append(stripped)
        else:
            pending = []
    if run:
        pair()
    return labels


def _is_column_header(label: str) -> bool:
    """Whether a label names a column (``金额(万元)``, a header cell ``万元``), not a row."""
    return bool(_declarations(label)) or _COLUMN_HEADER.search(_PARENS.sub("", label)) is not None


# --------------------------------------------------------------------------------------------
# 3. Metrics


def _strip_fillers(phrase: str) -> str:
    """``phrase`` without comparisons (较上年), time words and filler at either end."""
    phrase = _COMPARISON.sub("", phrase).replace("分别", "")
    phrase = _TIME_WORDS.sub("", phrase)
    for _ in range(3):  # a time word can hide a filler behind it: 2023年已招录 -> 已招录
        stripped = _FILLER_TAIL.sub("", _FILLER_HEAD.sub("", phrase))
        if stripped == phrase:
            break
        phrase = stripped
    return phrase


def _strip_metric(phrase: str) -> str:
    """The metric a phrase before a number names, or ``""`` when it names none."""
    phrase = _strip_fillers(phrase)
    if _PRONOUN_SUBJECT.fullmatch(phrase) or len(phrase) < 2:
        return ""
    return phrase


def _right_context(text: str, term: _Term, limit: int) -> str:
    window = text[term.end : min(limit, term.end + _RIGHT_LIMIT)]
    cut = _CLAUSE_RE.search(window)
    if cut is not None:
        window = window[: cut.start()]
    if window.count("《") > window.count("》"):
        title = _TITLE.match(text, term.end + window.rindex("《"))
        window = window[: window.rindex("《")] + (title.group() if title else "")
    window = window.strip("的之、 \t")
    window = window[: _list_break(window)]
    window = _FILLER_TAIL.sub("", window)
    # 9个村3.2万人: a one-character noun such as 村 or 县 is a whole noun
    return window if len(window) >= 2 or window in _NOUN_UNITS else ""


def _list_break(phrase: str) -> int:
    """Where a noun phrase ends at a 、 outside parentheses (县(市、区) is one noun)."""
    depth = 0
    for i, char in enumerate(phrase):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif char == "、" and depth == 0:
            return i
    return len(phrase)


def _metrics(text: str, terms: Sequence[_Term], index: _Index) -> list[str]:
    metrics: list[str] = []
    bases: list[str] = []  # each metric without the change verb joined to it (增长, 年均递增)
    distributed: dict[int, str] = {}
    listed = _list_nouns(text, terms)
    for i, term in enumerate(terms):
        if i not in distributed:
            distributed.update(_distribute(text, terms, i, index))
        if i in distributed:
            metrics.append(distributed[i])
            bases.append(distributed[i])
            continue
        clause_start = _Index.start_before(index.clauses, term.start)
        segment_start = _Index.start_before(index.segments, term.start)
        previous = terms[i - 1] if i > 0 else None
        in_clause = previous is not None and previous.end > clause_start
        left_start = previous.end if previous is not None and in_clause else clause_start
        raw_left = text[max(left_start, term.start - _LEFT_LIMIT) : term.start]
        prev_base = bases[-1] if previous is not None and previous.end > segment_start else ""
        clause_base = prev_base if in_clause else ""
        next_start = terms[i + 1].start if i + 1 < len(terms) else len(text)
        right = _right_context(text, term, next_start)
        metric = _strip_metric(raw_left)
        base = metric
        follower = text[term.end : term.end + 1]
        counted_after = (term.unit in _CLASSIFIERS or not term.unit) and follower not in _NOT_NOUN
        list_noun, list_counts = listed[i]
        if list_noun and (
            not metric
            or (list_counts and term.unit in _CLASSIFIERS and not _PREDICATE_START.match(list_noun))
        ):
            # 完成了老城区8条、12.3公里道路提升改造: the noun after the list is what each
            # item measures; a count (条) counts it even when words stand before the list
            metric = base = list_noun
        elif right and ((counted_after and _is_han(follower)) or raw_left.rstrip().endswith("等")):
            # 12个综合试验区, 心血管、儿科等13个类别: the noun after the number is what is
            # counted; 网站中有31个开通了英文版: both sides are
            existential = raw_left.rstrip().endswith("中有") and len(metric) >= 3
            noun = right.partition("的")[0] if _is_han(follower) else right  # 14亿中国人的饭碗
            noun = _measure_noun(noun)
            metric = base = metric + noun if existential else noun
        elif right and follower == "的" and len(metric) <= 4:
            metric = base = metric + right  # 覆盖50%的乡镇卫生院
        elif metric and _CHANGE_ONLY.fullmatch(metric):
            base = prev_base or _previous_clause(text, clause_start, segment_start)
            metric = base + metric  # 较2022年增长9.7%: the subject is the previous number's
        elif not metric:
            metric = right if right and not _CHANGE_ONLY.fullmatch(right) else ""
            if clause_base and _PREDICATE_START.match(metric):
                metric = ""  # 农村贫困人口96户、183人全部稳定脱贫: 183人 shares 96户's subject
            if term.unit == "倍":
                clause_base = prev_base  # 投资615亿元,是“十一五”时期的2.7倍: a ratio of the last
            metric = base = (
                metric or clause_base or _previous_clause(text, clause_start, segment_start)
            )
            if not metric and term.unit in _NOUN_UNITS:
                metric = base = text[term.num_start : term.end].lstrip("0123456789.,")
        elif in_clause and _LIST_SEPARATOR.match(raw_left) and not _LIST_VERB.match(metric):
            # 新建学校3所、医院2所: the second item is built too. But an item with a verb of its
            # own keeps it: 新增就业5300人、再就业1500人 is 再就业, not 新增再就业.
            verb = _LIST_VERB.match(prev_base)
            if verb and not _OWN_VERB.match(metric):
                metric = base = verb.group() + metric
        elif term.unit in _CLASSIFIERS and _MEASURE_NOUN.search(metric[-2:]):
            metric = base = _MEASURE_ACTION.sub("", metric)  # 出台支持举措20条: 支持举措
        metrics.append(metric)
        bases.append(base)
    return metrics


def _measure_noun(noun: str) -> str:
    """``noun`` up to a noun of measures (20条举措支持企业发展 counts 举措)."""
    m = _MEASURE_NOUN.search(noun)
    return noun[: m.end()] if m is not None else noun


def _list_nouns(text: str, terms: Sequence[_Term]) -> list[tuple[str, bool]]:
    """For each term that a 、-list joins to the next, the noun after the list's last item.

    ``完成了老城区8条、12.3公里道路提升改造`` gives ``道路提升改造`` to both items. The flag
    says whether the noun follows the last item directly and every item is bare (nothing but
    ``、``/``和`` between them): only then does a count measure that noun even when words
    stand before the list. An item may carry a short attribute of its own (``完成65条、
    总长度57.9公里的城市道路``); a long one makes a new clause (``城镇新增就业1361万人、
    调查失业率稳定在5%``). One pass from the end, so a list of any length costs linear time.
    """
    found: list[tuple[str, bool]] = [("", False)] * len(terms)
    joined = [False] * len(terms)  # whether terms[i] is joined to terms[i + 1]
    for i in range(len(terms) - 2, -1, -1):
        gap = text[terms[i].end : terms[i + 1].start]
        separator = _LIST_SEPARATOR.match(gap)
        if separator is None:
            continue
        attribute = gap[separator.end() :]
        if len(attribute) > _LIST_ATTRIBUTE_MAX or not all(map(_is_han, attribute)):
            continue
        joined[i] = True
        bare = not attribute
        if joined[i + 1]:
            noun, counts = found[i + 1]
            found[i] = (noun, counts and bare)
            continue
        last = terms[i + 1]
        follower = text[last.end : last.end + 1]
        if follower != "的" and (not _is_han(follower) or follower in _NOT_NOUN):
            continue
        limit = terms[i + 2].start if i + 2 < len(terms) else len(text)
        noun = _right_context(text, last, limit)
        if follower != "的":
            noun = _measure_noun(noun.partition("的")[0])
        found[i] = (noun, bare and follower != "的" and unit_class(last.unit) != "percent")
    return found


def _previous_clause(text: str, clause_start: int, segment_start: int) -> str:
    """The stripped clause before ``clause_start`` in the same segment: the subject a bare
    ``扩大到近8000人`` refers to (逐步扩大农村订单定向免费医学生招生培养规模,…)."""
    if clause_start <= segment_start or clause_start < 1:
        return ""
    start = max(segment_start, clause_start - 1 - _LEFT_LIMIT)
    window = text[start : clause_start - 1]
    cut = window.rfind(",") + 1 or window.rfind("，") + 1
    if any(ch.isdigit() for ch in window[cut:]):
        return ""  # the clause has numbers of its own: it is not a subject
    phrase = _strip_metric(window[cut:])
    return _LEADING_ACTION.sub("", phrase) or phrase


def _distribute(text: str, terms: Sequence[_Term], first: int, index: _Index) -> dict[int, str]:
    """Metrics for a ``分别``-list: the i-th subject before 分别 measures the i-th number."""
    term = terms[first]
    clause_start = _Index.start_before(index.clauses, term.start)
    if first > 0 and terms[first - 1].end > clause_start:
        return {}
    raw_left = text[max(clause_start, term.start - _LEFT_LIMIT) : term.start]
    if "分别" not in raw_left:
        return {}
    run = [first]
    while run[-1] + 1 < len(terms):
        current, following = terms[run[-1]], terms[run[-1] + 1]
        if not _LIST_SEPARATOR.fullmatch(text[current.end : following.start]):
            break
        run.append(run[-1] + 1)
    if len(run) < 2:
        return {}
    subject_part, _, verb_part = raw_left.rpartition("分别")
    subject = _strip_metric(subject_part)
    subjects = [_strip_metric(s) for s in _SUBJECT_SPLIT.split(subject)]
    if len(subjects) == 1 and len(run) == 2:
        for contracted, (first_word, second_word) in _CONTRACTED_PAIRS.items():
            if subject.startswith(contracted):
                head = subject[len(contracted) :]
                subjects = [first_word + head, second_word + head]
    if len(subjects) != len(run) or not all(subjects):
        return {}
    last_len = len(subjects[-2])
    if all(len(s) <= 3 for s in subjects[:-1]) and len(subjects[-1]) >= last_len + 2:
        head = subjects[-1][last_len:]
        subjects = [s + head for s in subjects[:-1]] + [subjects[-1]]
    verb = _strip_fillers(verb_part)
    last = terms[run[-1]]
    limit = _Index.end_after(index.clauses, last.end, len(text))
    obj = ""
    if text.startswith("的", last.end):
        obj = _right_context(text, last, limit)
    return {i: subject + verb + obj for i, subject in zip(run, subjects, strict=True)}


# --------------------------------------------------------------------------------------------
# 4. Qualifier, as_of and kind


def _qualifier(text: str, term: _Term, index: _Index) -> str | None:
    if term.word is not None:
        return QUALIFIERS.get(term.word)
    clause_start = _Index.start_before(index.clauses, term.start)
    if "累计" in text[max(clause_start, term.start - _LEFT_LIMIT) : term.start]:
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
    index: _Index,
    times: Sequence[re.Match[str]],
    time_starts: list[int],
    year: int | None,
) -> str | None:
    segment_start = _Index.start_before(index.segments, term.start)
    i = bisect.bisect_left(time_starts, term.start) - 1
    while i >= 0 and times[i].start() >= segment_start:
        if times[i].end() <= term.num_start:
            value = _time_value(times[i], year)
            if value is not None:
                return value
        i -= 1
    sentence_start = _Index.start_before(index.sentences, term.start)
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
    index: _Index,
    triggers: Sequence[re.Match[str]],
    trigger_starts: list[int],
    headers: list[int],
    as_of: str | None,
    year: int | None,
    plans: _Plans,
) -> Kind:
    if term.word in _TARGET_QUALIFIERS:
        return "target"
    segment_start = _Index.start_before(index.segments, term.start)
    sentence_start = _Index.start_before(index.sentences, term.start)
    h = bisect.bisect_left(headers, term.start) - 1
    if h >= 0 and headers[h] >= sentence_start:
        return "target"
    i = bisect.bisect_left(trigger_starts, term.start) - 1
    while i >= 0 and triggers[i].start() >= segment_start:
        trigger = triggers[i]
        i -= 1
        if trigger.group() == "将" and not text[trigger.end() : term.start].strip():
            continue  # 将2.8万亿元资金纳入…: 将 marks the object here, not the future
        if _past_year(trigger, year):
            continue
        return "target"
    reach = _REACH_VERB.search(text, max(segment_start, term.start - _LEFT_LIMIT), term.start)
    if reach is not None and as_of is not None and year is not None and int(as_of[:4]) >= year:
        return "target"
    if plans.covers(term.start):
        # 今年要优先稳就业保民生,…;城镇新增就业900万人以上: the plan at the head of the
        # sentence or paragraph holds for its later clauses, unless a clause speaks of the past
        clause_start = _Index.start_before(index.clauses, term.start)
        past = as_of is not None and year is not None and int(as_of[:4]) < year
        if not past and _PAST_MARKER.search(text, clause_start, term.start) is None:
            return "target"
    return "actual"


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
        "_breaks",
        "_heads",
        "_index",
        "_none",
        "_paragraphs",
        "_sentences",
        "_text",
        "_triggers",
        "_year",
    )

    def __init__(
        self, text: str, index: _Index, triggers: Sequence[re.Match[str]], year: int | None
    ) -> None:
        self._text = text
        self._index = index
        self._triggers = triggers
        self._year = year
        self._heads: list[re.Match[str]] | None = None  # the triggers a head may hold
        self._breaks: list[int] | None = None  # where paragraphs start
        self._sentences: dict[int, int] = {}
        self._paragraphs: dict[int, int] = {}
        # most texts hold no trigger and no 今年: nothing to look for
        self._none = not triggers and not any(word in text for word in _PLAN_YEARS)

    def covers(self, position: int) -> bool:
        """Whether a plan that opens the sentence or paragraph of ``position`` precedes it."""
        if self._none:
            return False
        sentence = _Index.start_before(self._index.sentences, position)
        head = self._sentences.get(sentence)
        if head is None:
            head = self._sentences[sentence] = self._sentence_plan(sentence)
        if 0 <= head <= position:
            return True
        if self._breaks is None:
            self._breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(self._text)]
        paragraph = _Index.start_before(self._breaks, position)
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
