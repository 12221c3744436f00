"""The words and patterns quantities are read with: qualifiers, units, masks, times,
target triggers, metric fillers and table headers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType

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
        # 首次跃上1.4万亿斤, 站上100万亿元: a threshold crossed, a lower bound
        "跃上": "over",
        "站上": "over",
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
        # reach or exceed: the value itself counts (达到或超过90%, 达到或高于, 超过或等于).
        "达到或超过": "at_least",
        "达到或高于": "at_least",
        "超过或等于": "at_least",
        "大于或等于": "at_least",
        "大于等于": "at_least",
        # below or equal: the value itself counts.
        "小于或等于": "at_most",
        "小于等于": "at_most",
        "低于或等于": "at_most",
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


class _Worded:
    """A regex each match of which holds one of a few ``words``.

    :meth:`search` looks for the words first, a substring scan in C, and runs the regex only
    where one of them stands: a regex that may start anywhere is tried at each position of
    the text, microseconds for a sentence that most often holds none of the words. The tests
    check, for every pattern made so (:data:`_WORDED`), that each string it matches holds
    one of its words.
    """

    __slots__ = ("compiled", "words")

    def __init__(self, pattern: str, *words: str) -> None:
        self.compiled = re.compile(pattern)
        self.words = words
        _WORDED.append(self)

    def search(self, text: str) -> re.Match[str] | None:
        for word in self.words:
            if word in text:
                return self.compiled.search(text)
        return None

    def within(self, text: str, start: int, end: int) -> bool:
        """Whether one of the words stands in ``text[start:end]``: where none does, no match
        can be found there."""
        # a loop, not any() over a generator: this runs for every number of a text
        for word in self.words:  # noqa: SIM110
            if text.find(word, start, end) >= 0:
                return True
        return False

    def fullmatch(self, text: str) -> re.Match[str] | None:
        for word in self.words:
            if word in text:
                return self.compiled.fullmatch(text)
        return None


#: Every :class:`_Worded` pattern, for the tests.
_WORDED: list[_Worded] = []


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
# The characters a range tail and a trailing qualifier start with: most numbers are followed
# by neither, and a look at one character spares a call of the pattern (tests/test_extract.py
# checks every match starts with one of them).
_RANGE_STARTS = frozenset(" \u00a0-~—–至到")
_POST_STARTS = frozenset(word[0] for word in _POST_QUALIFIERS)
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
_DISCOURSE_NOUNS = ("方面", "层面")
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
            # and inside a line, after a clause or another marker: ,(2)完成… (1)(2)
            r"(?<=[,;:。、)!?])\(\d{1,2}\)(?=[\u4e00-\u9fff(]|$)",
            # 设计策略:1、建筑形体方正…;2、…: an item number after a colon or a clause's end
            r"(?<=[,;:。，；：])[ \u3000]?\d{1,2}、(?=[\u4e00-\u9fff])",
            r"(?<![\d.])\d{1,2}\.(?=[\u4e00-\u9fff])",
            r"(?<![\d.])\d+(?:\.\d+){2,}",
            r"(?<![\d.])\d+(?:\.\d+)?\s?[×xX*]",
        )
    ),
    re.MULTILINE,
    first=r"A-Za-z\d._%+\-—–〔\[(【第邮电传手微热编代帐账信地共 \t\u3000",
)
# Every match of a mask holds one of these: a text that holds none (a list of figures,
# 5个,3个,7个,…) is not scanned for masks at all (tests/test_extract_gates.py checks the list).
_MASK_WORDS = (
    *("年", "、", ".", "月", "日", "号", "-", "(", ":", "到", "至", "—", "–", "~", "/"),
    *("[", "〔", "【", "页", "×", "x", "X", "*", "400", "QQ", "qq"),  # (an e-mail holds .)
    # the labels of codes, each by its rarer character (手机 by 手, not 机)
    *("编", "话", "真", "手", "微", "线", "码", "箱", "址"),
    *(f"1{digit}" for digit in "3456789"),  # a mobile number
)
# (one scan for them all: a short line is told in a step, not one for each word)
_MASK_WORD = re.compile("|".join(map(re.escape, _MASK_WORDS)))
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
# Every time expression holds 年 (2024年, 今年, 上年): a text without it holds none.
_TIME_WORD = "年"
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
    rf"(?<![截止])(?P<by>到|至)(?P<year>{_YEAR})年(?:底|末)?(?!的)|"
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
# Units of a change in percentage points (比上年提高1个百分点).
_POINTS = frozenset({"个百分点", "百分点"})
# The start of a from-to clause: 从26.6万亿元增加到51.9万亿元, 由6.1%下降到0.95%.
_FROM = _Worded("从|由", "从", "由")

# --------------------------------------------------------------------------------------------
# Metric clean-up.
_COMPARISON = re.compile(
    rf"(?:较|比)(?:{_YEAR}年(?:底|末|初|终|同期)?的?|上年(?:同期)?|去年(?:同期)?|同期|上一年|前一年)"
    r"(?:年初)?(?:预算)?"  # 比上年年初预算增加1800亿元: last year's budget
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
    r"(?:达到了|达到|已达|达|为|是|有|完成|实现|共有|共计|合计|总计|共|累计|约为|分别|全年平均|平均"
    r"|(?<![人户])均|都|已经|已|了|在"
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
_LIST_WORDS = ("、", "和", "及", "与", "以及", "或")
_LIST_SEPARATOR = re.compile(rf"\s?(?:{'|'.join(_LIST_WORDS)})\s?")
# What a separator starts with, besides a space: a look at one character rules most gaps out.
_LIST_FIRST = frozenset(word[0] for word in _LIST_WORDS)
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
