"""Identity: what a number measures, as fields two years' figures can agree or disagree on.

A display metric (``中央财政赤字拟安排``, ``国内生产总值增长``, ``平均每年城镇新增就业``) mixes
the thing measured with verbs, scope and period. :func:`identity` reads it apart:

- ``subject`` — the measured noun phrase, without the verbs that introduce or close it
  (``安排``, ``拟``, ``提出``, ``达到``), the scope, a growth word, and a comparison
  (``比上年``): ``财政赤字``, ``国内生产总值``, ``城镇新增就业``. Empty when nothing but a verb
  stands there (``投资``, ``完成投资``, ``安排``): such a figure has no identity of its own.
- ``measure`` — ``growth`` (a rate of change: 增长9.9%, 涨幅3%), ``share`` (a rate or a share:
  赤字率, 比重, 覆盖率), ``points`` (个百分点), ``money``, ``per_capita`` (人均, 每人),
  ``count`` (a classifier: 个, 人, 项) or ``amount`` (a physical unit: 吨, 公里).
- ``scope`` — ``中央``, ``地方``, ``中央本级`` …, or ``""`` (unstated or national).
- ``period`` — ``annual`` (the default), ``cumulative`` (累计, 五年, 十一五期间, X年来),
  ``average`` (年均, 平均每年), ``plan`` (a plan period's target: 到2025年 in a yearly report),
  ``previous`` (last year's target said again: 提出…), ``baseline`` (the start of a from-to).
- ``change`` — whether the figure states a change rather than a level: ``比上年增加1000亿元``,
  ``再提高5元``, ``削减财政赤字450亿元``, ``提高1个百分点``. A rate of growth (增长9.9%) is a
  level of its own measure, not a change.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import attrs

from .._kernels import unit_class
from ._lexicon import _POINTS, _Worded

__all__ = ["GENERIC_SUBJECTS", "Identity", "identity", "plan_goal"]


@attrs.frozen
class Identity:
    """What a number measures (see the module docstring)."""

    subject: str
    measure: str
    scope: str
    period: str
    change: bool


#: Nouns that name no measure on their own: a figure whose subject is only one of these pairs
#: only with the very same words in a linked section, never by likeness.
GENERIC_SUBJECTS = frozenset(
    {
        "投资",
        "资金",
        "经费",
        "支出",
        "收入",
        "项目",
        "企业",
        "人数",
        "人次",
        "总额",
        "规模",
        "金额",
        "数量",
        "总量",
        "任务",
        "工作",
        "资产",
        "总产量",
        "产量",
        "面积",
        "增加值",
        "效益",
        "补助",
        "补贴",
        "奖励",
    }
)

# 中央预算内投资 (central budget investment) is the name of one budget line, not 中央's 投资.
_SCOPE_WORD = r"(?:中央本级|中央(?!预算内)|地方|省级|市级|县级|全省|全市|全区|全县|全国)"
# 中央和地方财政安排扶贫资金: both levels together, a scope of its own (not 中央's)
_SCOPE = re.compile(rf"^{_SCOPE_WORD}(?:(?:和|与|及|、){_SCOPE_WORD})*")
_LEAD_VERB = re.compile(
    r"^(?:其中|但|而|并|同时|此外|另外|今年|去年|明年|全年|当年|上年|本年|我们|共|又|再|还"
    r"|拟安排|拟|安排|提出|预计|计划|要|将|把|使|让|实现|完成|达到|确定|预算|按|投入|发行)+"
)
_TAIL_VERB = re.compile(
    r"(?:拟安排|安排|预算|拟|提出|实现|完成|达到|为|是|计|预计|有所|总计|合计|共计|控制|保持"
    r"|稳定|下降到|降到|降至|增加到|提高到|回落|回落到)+$"
)
_GROWTH = re.compile(
    r"(?:年均|年|比上年|同比|实际|名义)?(?:要|将|需|应|力争)?"
    r"(?:增长|增速|涨幅|上涨|增幅|降幅|上升|下降|降低|提高|增加|减少)$"
)
# A single year named as time (去年居民消费价格总水平比上年上涨4.8%), not in a comparison (比上年):
# the figure is that year's, even in a review of five years.
_STREAK = ("连续", "持续", "已连续", "先后")
_RELATIVE_YEAR = _Worded(r"(?<![比较与])(?:去年|上年|今年|本年|当年|明年)", "年")
# A comparison with the year before or a base year: 比上年, 较去年, 同比, 比2002年(底).
_COMPARISON = r"(?:(?:比|较)(?:上年|去年|\d{4}年(?:底|末)?)(?:年初)?(?:预算)?|同比|环比)"
_COMPARE = re.compile(_COMPARISON)
_CHANGE_TAIL = re.compile(
    rf"{_COMPARISON}?(?:再|又|分别|共|累计)?"
    r"(?:增加|减少|提高|降低|削减|增产|减产|多|少|下降|上升|增长|扩大|缩小|压减|压缩|核减|调增|调减)了?$"
    rf"|{_COMPARISON}(?:高|低)了?$"  # 比去年预算高0.2个百分点
)
_CHANGE_HEAD = re.compile(
    r"^(?:再|又|共|累计)?(?:增加|削减|压减|压缩|追加|增拨|核减|减少)(?!到|至)"
)
_SHARE = re.compile(r"率|比重|比例|占比|占|覆盖|普及|达标|合格|满意|参保|入学|利用")
_PER_CAPITA = re.compile(r"人均|每人|每户|每名|每位|每个")
_CUMULATIVE = _Worded(
    r"累计|(?:[二三四五六七八九十两]|\d+)年(?:来|间|内)|五年|十年|期间|以来",
    "累计",
    "年",
    "期间",
    "以来",
)
# A growth measured from a base year several years back: 比2002年增长65.5%, 2005年与2000年相比.
_BASE_YEAR = _Worded(r"比(?:19|20)\d\d年(?:底|末)?|与(?:19|20)\d\d年(?:底|末)?相比", "年")
# A paragraph about a period of years: ——这五年，…; 过去五年…; “十一五”时期…
# (a review: a plan's 十二五时期的主要目标 looks ahead, and a review of a period and a year,
# 十二五时期和2015年工作回顾, mixes the two: neither frames totals)
_PERIOD_HEAD = re.compile(
    r"这五年|过去五年|五年来|本届政府|十[一二三四五]五[”\"]?(?:时期|期间)[^,，。;]{0,16}?回顾"
)
_SINGLE_YEAR = re.compile(r"(?:19|20)\d\d年")
_SINCE = _Worded(
    r"累计|自(?:19|20)\d\d年(?:起|以来)|(?:19|20)\d\d年以来|以来[,，]", "累计", "年", "以来"
)
# A target said again: 提出…, 年初确定的… (没有实现年初确定的单位国内生产总值能耗降低4%左右).
_RESTATED = re.compile(r"^(?:年初|去年)?提出|年初(?:确定|提出|制定)的")
# The source of money with a verb and nothing of what it pays for: 财政安排, 财政拟投入, 国债资金.
_FUNDING = re.compile(
    r"(?:财政|国债|国债资金|资金)(?:拟|预算)?(?:此项|新增|再)?"
    r"(?:安排|投入|支出|拨付|下拨|补助)?(?:的)?(?:资金)?"
)
# Where a predicate starts inside a phrase the metric took whole.
_PREDICATE = re.compile(r"屡创|再创|创下|创历史|连续|继续|稳居|位居|跃居|首次")
_REACHED = re.compile(
    r"(?:达到|达|增加到|提高到|上升到|增长到|扩大到|突破|超过|跃升到|跃上|首次)\s?$"
)
_AVERAGE = _Worded(r"年均|平均每年|每年平均|年平均", "均")
_PLAN = _Worded(r"[十]?[一二三四五六七八九十]五(?:期间|末|时期)?|到20\d\d年|至20\d\d年", "五", "年")
_AMOUNT_UNITS = frozenset(
    {
        "吨",
        "公斤",
        "千克",
        "斤",
        "亩",
        "公顷",
        "平方公里",
        "平方千米",
        "平方米",
        "立方米",
        "千米",
        "公里",
        "米",
        "千瓦时",
        "千瓦",
        "兆瓦",
        "度",
        "蒸吨",
        "倍",
        "年",
        "个月",
        "天",
        "日",
        "小时",
        "分钟",
        "工作日",
        "个工作日",
        "周岁",
        "岁",
    }
)


def identity(
    metric: str,
    unit: str,
    qualifier: str | None,
    before: str,
    *,
    sentence: str = "",
    paragraph: str = "",
    headings: str = "",
    dated: bool = False,
    baseline: bool = False,
    future: bool = False,
    reported: bool = True,
) -> Identity:
    """The identity of a number with display ``metric`` and ``unit``.

    ``before`` is the text of its clause up to the number (where 累计, 年均 or 五年 may stand
    outside the metric); ``sentence`` its sentence up to the number, where a comparison with a
    base year (``2005年与2000年相比``, ``比2002年增长``) makes a growth span several years;
    ``paragraph`` the head of its paragraph and ``headings`` those of its section and its
    ancestors (one a line), where ``这五年`` or ``“十一五”时期…回顾`` makes the undated figures
    totals of the period. ``dated`` says the number has a time of
    its own (a single year); ``baseline`` that it is the start of a from-to clause
    (``从26.6万亿元增加到51.9万亿元``): its period is ``baseline``, the level a change started
    from, never a year's own figure. ``future`` says its time is after the document's year: a
    plan period's figure (``2015年国内生产总值将超过55万亿元`` in a 2011 report).
    ``reported`` says the figure is an actual: only a review of a period counts its totals, a
    plan's targets in the same section are the year's.

    >>> identity("中央财政赤字拟安排", "元", None, "今年中央财政赤字拟安排")
    Identity(subject='财政赤字', measure='money', scope='中央', period='annual', change=False)
    >>> identity("国内生产总值增长", "%", None, "国内生产总值增长")
    Identity(subject='国内生产总值', measure='growth', scope='', period='annual', change=False)
    >>> identity("安排中央财政赤字增加", "元", None, "比上年增加").change
    True
    >>> identity("平均每年城镇新增就业", "人", None, "").period
    'average'
    """
    if sentence and not _reads_sentence(metric, unit, sentence):
        sentence = ""  # nothing in it the rules read: the figure shares its neighbours' answer
    return _identified(
        metric,
        unit,
        qualifier,
        before,
        sentence,
        paragraph,
        headings,
        dated,
        baseline,
        future,
        reported,
    )


# A document's figures repeat their metric, clause head, paragraph head and headings (a list of
# counts, 5个,3个,7个,…): each combination is read once.
@functools.lru_cache(maxsize=4096)
def _identified(
    metric: str,
    unit: str,
    qualifier: str | None,
    before: str,
    sentence: str,
    paragraph: str,
    headings: str,
    dated: bool,
    baseline: bool,
    future: bool,
    reported: bool,
) -> Identity:
    """:func:`identity`, read afresh."""
    phrase = metric.strip()
    kind = unit_class(unit)
    if unit == "年" and phrase.startswith(_STREAK):
        # 连续7年增产: a run of years, of what the words say, changes nothing itself
        return Identity(phrase, "amount", "", "annual", False)
    change = False
    if unit in _POINTS or kind != "percent":
        said = before.rstrip()
        change = _named_change(phrase) or bool(said and _CHANGE_TAIL.search(said))
    period = "annual"
    context = before + phrase
    if baseline:
        period = "baseline"
    elif _RESTATED.search(phrase):
        # 提出国内生产总值增长8%左右 in a review of the past year: that year's target, said
        # again, not this year's
        period = "previous"
    elif _AVERAGE.search(context):
        period = "average"
    elif (
        qualifier == "cumulative"
        or _CUMULATIVE.search(context)
        or _BASE_YEAR.search(sentence)
        or _framed_clause(sentence, before)
    ):
        period = "cumulative"
    elif _SINCE.search(sentence) and kind != "percent":
        # 我委自2018年起实施…项目,截至2024年底,中央财政累计投入约25亿元,共培训…77万人: what
        # a sentence counts since a start, or says is accumulated, is a running total
        period = "cumulative"
    elif future or _PLAN.search(context):
        period = "plan"
    elif (
        reported
        and not (dated or _RELATIVE_YEAR.search(before))
        and _framed(paragraph, headings)
        and not _REACHED.search(before)
    ):
        # a period's review: its undated figures are the period's totals, except the levels it
        # reached (国内生产总值达到39.8万亿元)
        period = "cumulative"
    elif not dated and plan_goal(headings, paragraph):
        # a figure under a plan period's goals (“十二五”时期的主要目标和任务): the plan's, not
        # a year's, unless its paragraph reviews the past period
        period = "plan"
    named = _named(phrase, unit, change)
    subject = _borrowed(named.subject, sentence)
    if unit in _POINTS:
        measure = "points"
    elif kind == "percent":
        share = not named.growth and (named.of_whole or _SHARE.search(subject))
        measure = "share" if share else "growth"
    elif named.per_capita:
        measure = "per_capita"
    elif kind == "money":
        measure = "money"
    elif unit in _AMOUNT_UNITS:
        measure = "amount"
    else:
        measure = "count"
    if len(subject) < 2 or _FUNDING.fullmatch(subject):
        subject = ""  # 中央财政安排, 中央财政拟投入: whose money, not what it is for
    return _identity(subject, measure, named.scope, period, change)


# A metric phrase repeats across a document (增长, 国内生产总值增长, 财政赤字): what it names
# of itself is read once. Every function below reads nothing but its arguments.
_NAMED_CACHE = 4096
# Identities repeat too (most figures of a document share a handful): each is made once. They
# are frozen, so figures can share one.
_identity = functools.lru_cache(maxsize=_NAMED_CACHE)(Identity)


@functools.lru_cache(maxsize=_NAMED_CACHE)
def _named_change(phrase: str) -> bool:
    """Whether a metric phrase states a change (比上年增加, 再提高, 削减)."""
    return bool(_CHANGE_TAIL.search(phrase) or _CHANGE_HEAD.match(phrase))


class _Named(NamedTuple):
    """What a metric phrase names of itself, before its sentence completes it."""

    subject: str
    scope: str
    growth: bool  # a rate of change (增长, 涨幅), not a share
    of_whole: bool  # 占国内生产总值比重: a share, whoever's it is
    per_capita: bool  # 人均, 每人, 每户


# A plan period or a span of years named in a subject: 十一五时期, 累计, 五年来, 过去.
_SPAN = re.compile(
    r"[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)?前?|累计|(?:[二三四五六七八九十两]|\d+)年(?:来|间)?"
    r"|五年|过去"
)


@functools.lru_cache(maxsize=_NAMED_CACHE)
def _named(phrase: str, unit: str, change: bool) -> _Named:
    """The subject, scope and kind of measure the metric ``phrase`` of a number with ``unit``
    names, without the comparison, the verbs, the growth word and the time around it."""
    kind = unit_class(unit)
    subject = _COMPARE.sub("", phrase)
    subject = _AVERAGE.compiled.sub("", subject)
    subject = _SPAN.sub("", subject)
    for _ in range(3):
        stripped = _TAIL_VERB.sub("", _LEAD_VERB.sub("", subject))
        stripped = _CHANGE_TAIL.sub("", stripped) if change else stripped
        stripped = _CHANGE_HEAD.sub("", stripped) if change else stripped
        if stripped == subject:
            break
        subject = stripped
    growth = kind == "percent" and unit != "个百分点" and bool(_GROWTH.search(subject))
    subject = _GROWTH.sub("", subject) if growth else subject
    scope = ""
    if found := _SCOPE.match(subject):
        scope = "" if found.group() == "全国" else found.group()
        subject = subject[found.end() :]
    subject = subject.strip("的之、,， ")
    # 补助标准提高到人均, 奖励扶助标准由人均: per head is how the measure counts (the measure
    # is per capita), and the verb before it no part of what is measured
    subject = _PER_HEAD.sub("", subject)
    if (cut := _PREDICATE.search(subject, 2)) is not None:
        subject = subject[: cut.start()]  # 粮食产量屡创历史新高: the noun before its predicate
    return _Named(
        subject, scope, growth, subject.startswith("占"), bool(_PER_CAPITA.search(phrase))
    )


_PER_HEAD = re.compile(r"(?:由|从|(?:提高|增加|上升|扩大|达到|调整)(?:到|至|为)?)?人均$")

#: Nouns that measure something a sentence names before them: 粮食连续五年增产,总产量52850万吨
#: is the output of 粮食.
_MEASURE_OF = frozenset(
    {"产量", "总产量", "总量", "总额", "规模", "产值", "总值", "增加值", "面积"}
)
_MEASURE_OF_ENDS = tuple(sorted(_MEASURE_OF))
_MEASURE_OF_NOUN = _Worded("|".join(_MEASURE_OF_ENDS), *sorted({noun[-1] for noun in _MEASURE_OF}))
_CLAUSES = re.compile(r"[,，;；:：]")
# Where the noun a clause is about ends: at its predicate (连续, 在…基础上, 又增产) or a figure.
_TOPIC_END = re.compile(
    r"连续|持续|继续|在|又|再|已|实现|达到|突破|超过|增产|减产|增长|增加|下降|保持|稳定|屡创|再创"
    r"|创|首次|合计|共计|总计|\d"
)
_TOPIC_LEAD = re.compile(r"^(?:全国|全年|全省|全市|今年|去年|上年|当年|其中|同时|我国)+")


def _borrowed(subject: str, sentence: str) -> str:
    """``subject``, completed from what the sentence is about where it names only a measure.

    A Chinese sentence names its topic once and comments on it clause by clause: in
    ``粮食连续五年增产,总产量52850万吨`` the 总产量 is grain's, in ``全国财政赤字合计9500亿元,
    占国内生产总值比重在3%以内`` the share is the deficit's. A subject that is only a measure
    noun (:data:`_MEASURE_OF`), a share of something unnamed (``占…比重``), or nothing at all
    where an earlier clause names a measured topic (``粮食总产量在上年…基础上,又增产…,
    达到48401万吨``) takes the noun an earlier clause of the sentence opens with.

    >>> _borrowed("总产量", "粮食连续五年增产，总产量")
    '粮食总产量'
    >>> _borrowed("占国内生产总值比重", "全国财政赤字合计9500亿元，占国内生产总值比重在")
    '财政赤字占国内生产总值比重'
    >>> _borrowed("", "粮食总产量在上年大幅度增长的基础上，又增产1454万吨，达到")
    '粮食总产量'
    >>> _borrowed("", "各地连续开展检查，达到")  # a topic that measures nothing
    ''
    """
    share = subject.startswith("占")
    if subject and not _borrows(subject):
        return subject
    if not subject and not _MEASURE_OF_NOUN.search(sentence):
        return ""  # nothing the sentence names could be measured: no topic to look for
    topic = _topic(sentence)
    if share:
        return topic + subject if topic else ""
    if not subject:
        return topic if topic.endswith(_MEASURE_OF_ENDS) else ""
    return subject if not topic or topic.endswith(subject) else topic + subject


def _borrows(subject: str) -> bool:
    """Whether a subject names only a measure or a share, and so borrows its sentence's topic
    (:func:`_borrowed`)."""
    return subject in _MEASURE_OF or subject.startswith("占")


# What a frame of years (:data:`_SPAN_FRAME`) holds one of.
_FRAME_WORDS = ("年", "累计")
#: The words the rules of :func:`identity` look for in a sentence: where it holds none of them
#: (and the subject borrows nothing, :func:`_reads_sentence`), every rule reads it as empty.
_SENTENCE_WORDS = tuple(
    dict.fromkeys((*_FRAME_WORDS, *_BASE_YEAR.words, *_SINCE.words, *_MEASURE_OF_NOUN.words))
)


# (one scan for them all, as for the mask words)
_SENTENCE_WORD = re.compile("|".join(map(re.escape, _SENTENCE_WORDS)))


def _reads_sentence(metric: str, unit: str, sentence: str) -> bool:
    """Whether :func:`identity` could read anything in ``sentence``: one of its words stands
    there, or the subject of ``metric`` borrows a topic (tests/test_extract_gates.py checks
    that an identity is the same with the sentence and without it wherever this is false)."""
    return _sentence_words(sentence, 0, len(sentence)) or _borrowing(metric, unit)


def _sentence_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds one of the words :func:`identity` reads in a
    sentence: where it does not, a sentence within it is read as empty, unless the subject
    borrows a topic (:func:`_borrowing`)."""
    return _SENTENCE_WORD.search(text, start, end) is not None


@functools.lru_cache(maxsize=_NAMED_CACHE)
def _borrowing(metric: str, unit: str) -> bool:
    """Whether the subject ``metric`` names, a change or not, borrows its sentence's topic."""
    phrase = metric.strip()
    return any(_borrows(_named(phrase, unit, change).subject) for change in (False, True))


def _topic(sentence: str) -> str:
    """The noun an earlier clause of ``sentence`` opens with before its predicate, nearest
    clause first (at most three back), or ``""``."""
    clauses = _tail_clauses(sentence)
    if len(clauses) < 2:
        return ""
    for clause in reversed(clauses[-4:-1]):
        clause = clause.strip()
        end = _TOPIC_END.search(clause)
        if end is None:
            continue
        noun = _TOPIC_LEAD.sub("", clause[: end.start()])
        noun = _TAIL_VERB.sub("", _LEAD_VERB.sub("", noun))
        if (found := _SCOPE.match(noun)) is not None:
            noun = noun[found.end() :]
        if 2 <= len(noun) <= 10 and all("\u4e00" <= c <= "\u9fff" for c in noun):
            return "" if noun in GENERIC_SUBJECTS else noun
    return ""


# A clause that opens with a span of years frames the clauses after it: 五年共办理…,办复率均达
# 100%; 近三年累计,单位国内生产总值能耗下降10.08%. (粮食连续五年增产 names a streak, not a span.)
_SPAN_FRAME = re.compile(
    r"^(?:[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)?)?(?:前|近|过去|这|最近)?"
    r"(?:[二三四五六七八九十两]|\d{1,2})年(?![\d月])(?:来|间|内|中)?(?:累计|共|合计)?"
    r"|^累计"
)
# A time of the clause's own, which the frame does not override.
_OWN_TIME = re.compile(r"(?:19|20)\d\d年|今年|去年|上年|全年|当年|本年|明年")


# How far back the clauses that may frame a number are looked for.
_FRAME_REACH = 120


def _tail_clauses(sentence: str) -> list[str]:
    """The clauses of the last :data:`_FRAME_REACH` characters of ``sentence``, without the
    first when the cut falls inside it."""
    clauses = _CLAUSES.split(sentence[-_FRAME_REACH:])
    return clauses[1:] if len(sentence) > _FRAME_REACH else clauses


def _framed_clause(sentence: str, before: str) -> bool:
    """Whether one of the two clauses before the number's own, in its sentence, opens with a
    span of years (:data:`_SPAN_FRAME`) and the number's clause names no time of its own.

    >>> _framed_clause("五年共办理人大代表建议405件,办复率均达", "办复率均达")
    True
    >>> _framed_clause("粮食连续五年增产,总产量", "总产量")
    False
    >>> _framed_clause("2007年,国内生产总值达到", "国内生产总值达到")  # a year, not a span
    False
    """
    if not any(word in sentence for word in _FRAME_WORDS):
        return False  # no span of years anywhere: the common case, decided at once
    clauses = _tail_clauses(sentence)
    if len(clauses) < 2 or _OWN_TIME.search(before):
        return False
    return any(_SPAN_FRAME.match(c.strip()) for c in clauses[-3:-1])


# A heading that names a plan period's goals or tasks: “十二五”时期的主要目标和任务.
_PLAN_GOALS = re.compile(
    r"十[一二三四五六七八九]五[”\"]?(?:时期|期间|规划)?[^,，。]{0,8}?(?:目标|任务)"
)


def plan_goal(headings: str, paragraph: str) -> bool:
    """Whether an undated figure of ``paragraph`` is one of a plan period's goals: a section
    heading names them (:func:`_plan_section`) and the paragraph does not review a period.

    >>> plan_goal("“十四五”时期主要目标任务", "常住人口城镇化率提高到65%。")
    True
    >>> plan_goal("“十四五”时期主要目标任务", "过去五年,城镇新增就业超过6000万人。")
    False
    """
    return _plan_section(headings) and not _PERIOD_HEAD.search(paragraph)


@functools.lru_cache(maxsize=256)
def _plan_section(headings: str) -> bool:
    """Whether a section heading (one a line) names a plan period's goals or tasks.

    >>> _plan_section("“十二五”时期的主要目标和任务"), _plan_section("“十一五”时期工作回顾")
    (True, False)
    """
    return any(_PLAN_GOALS.search(h) for h in headings.splitlines())


@functools.lru_cache(maxsize=1024)
def _framed(paragraph: str, headings: str) -> bool:
    """Whether a paragraph head, or a section heading that names no single year as well,
    reviews a period of years."""
    if _PERIOD_HEAD.search(paragraph):
        return True
    return any(_PERIOD_HEAD.search(h) and not _SINGLE_YEAR.search(h) for h in headings.splitlines())
