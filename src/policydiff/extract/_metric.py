"""Metrics: the noun phrase each number measures."""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence

from .._kernels import unit_class
from ._lexicon import (
    _CHANGE_ONLY,
    _CLASSIFIERS,
    _CLAUSE_END,
    _CLAUSE_RE,
    _COMPARISON,
    _CONTRACTED_PAIRS,
    _FILLER_HEAD,
    _FILLER_TAIL,
    _FROM,
    _LEADING_ACTION,
    _LEFT_LIMIT,
    _LIST_ATTRIBUTE_MAX,
    _LIST_FIRST,
    _LIST_SEPARATOR,
    _LIST_VERB,
    _MEASURE_ACTION,
    _MEASURE_NOUN,
    _NOT_NOUN,
    _NOUN_UNITS,
    _OWN_VERB,
    _POINTS,
    _PREDICATE_START,
    _PRONOUN_SUBJECT,
    _RIGHT_LIMIT,
    _SUBJECT_SPLIT,
    _TIME_WORDS,
    _TITLE,
    _Worded,
)
from ._terms import _START, _Index, _is_han, _Place, _Term


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
    if len(phrase) < 2:
        return ""  # stripping never lengthens a phrase
    phrase = _strip_fillers(phrase)
    if _PRONOUN_SUBJECT.fullmatch(phrase) or len(phrase) < 2:
        return ""
    return phrase


def _right_context(text: str, term: _Term, limit: int) -> str:
    window = text[term.end : min(limit, term.end + _RIGHT_LIMIT)]
    if not window or window[0] in _CLAUSE_END:
        return ""  # the clause ends with the number: nothing after it
    cut = _CLAUSE_RE.search(window)
    if cut is not None:
        window = window[: cut.start()]
    if "《" in window and window.count("《") > window.count("》"):
        title = _TITLE.match(text, term.end + window.rindex("《"))
        window = window[: window.rindex("《")] + (title.group() if title else "")
    window = window.strip("的之、 \t")
    if not window:
        return ""
    if "、" in window:
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


def _metrics(
    text: str, terms: Sequence[_Term], index: _Index, places: Sequence[_Place]
) -> list[str]:
    metrics: list[str] = []
    bases: list[str] = []  # each metric without the change verb joined to it (增长, 年均递增)
    distributed: dict[int, str] = {}
    listed = _list_nouns(text, terms)
    to_ends = _TO_END.within(text, 0, len(text))  # most texts end no from-to anywhere
    next_starts = [*map(_START, terms[1:]), len(text)]
    for i, (term, place, next_start) in enumerate(zip(terms, places, next_starts, strict=True)):
        clause_start = place.clause
        segment_start = place.segment
        previous = terms[i - 1] if i > 0 else None
        in_clause = previous is not None and previous.end > clause_start
        left_start = previous.end if previous is not None and in_clause else clause_start
        reach = term.start - _LEFT_LIMIT
        raw_left = text[left_start if left_start > reach else reach : term.start]
        if (
            raw_left in _NOTHING
            and (next_start <= term.end or text[term.end : term.end + 1] in _CLAUSE_END)
            and term.unit not in _POINTS
            and not listed[i][0]
            and i not in distributed
        ):
            # A figure that opens its clause and closes it (5个,3个,7个,…): no words of its own
            # name it, and the general way below comes to its last case, what stands before
            # the clause; told here without the other cases (tests/test_extract_gates.py).
            prev_base = bases[-1] if previous is not None and previous.end > segment_start else ""
            if prev_base and (in_clause or term.unit == "倍"):
                metric = prev_base
            elif previous is not None and _number_closes(
                text, previous.num_start, clause_start, segment_start
            ):
                metric = ""
            else:
                metric = _previous_clause(text, clause_start, segment_start)
            if not metric and term.unit in _NOUN_UNITS:
                metric = text[term.num_start : term.end].lstrip("0123456789.,")
            metrics.append(metric)
            bases.append(metric)
            continue
        if not in_clause and i not in distributed:
            # a 分别-list and the ends of a from-to open their clause
            if "分别" in raw_left:
                distributed.update(_distribute(text, terms, i, index, places))
            if (
                i > 0
                and to_ends
                and i not in distributed
                and _TO_END.within(text, clause_start, term.start)
            ):
                distributed.update(_from_to_ends(text, terms, i, places, bases))
        if i in distributed:
            metrics.append(distributed[i])
            bases.append(distributed[i])
            continue
        prev_base = bases[-1] if previous is not None and previous.end > segment_start else ""
        clause_base = prev_base if in_clause else ""
        follower = text[term.end : term.end + 1]
        # (a number that closes its clause, the common case, has nothing after it: told here
        # as _right_context tells it first, without the call)
        closed = next_start <= term.end or follower in _CLAUSE_END
        right = "" if closed else _right_context(text, term, next_start)
        metric = _strip_metric(raw_left)
        base = metric
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
        elif right and _is_han(follower) and _BARE_ACTION.fullmatch(metric) and "的" not in right:
            # 同时发行1万亿元抗疫特别国债: what is issued (or added, allotted) follows the amount,
            # up to its noun of money (安排200亿元技改专项资金支持…: 技改专项资金)
            money = _MONEY_NOUN.search(right)
            metric = base = metric + (right[: money.end()] if money is not None else right)
        elif not right and metric and (action := _BARE_ACTION.fullmatch(metric.lstrip("先再又还"))):
            # 拟连续几年发行超长期特别国债,今年先发行1万亿元: what the clause before issues
            before = _previous_clause(text, clause_start, segment_start)
            _, issued, noun = before.rpartition(action.group())
            if issued and noun:
                metric = base = issued + noun
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
            if metric or clause_base:
                metric = base = metric or clause_base
            elif previous is not None and _number_closes(
                text, previous.num_start, clause_start, segment_start
            ):
                metric = base = ""  # (as _previous_clause finds, without reading the clause)
            else:
                metric = base = _previous_clause(text, clause_start, segment_start)
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
        if term.unit in _POINTS and prev_base:
            change_word = metric.rpartition("、")[2]
            if (not metric or _CHANGE_ONLY.fullmatch(change_word)) and not _CHANGE_ONLY.fullmatch(
                prev_base
            ):
                # 赤字率拟按4%左右安排、比上年提高1个百分点, 比去年预算高0.2个百分点: a change
                # in points with no subject of its own is one of the rate before it
                metric, base = prev_base + (change_word if metric else ""), prev_base
        if metric in _STREAK and right:
            # 连续7年增产, 连续5年超万亿斤: a streak counts what follows it
            metric = base = metric + right
        metrics.append(metric)
        bases.append(base)
    return metrics


#: A verb that moves money, alone before an amount: what it moves is the noun after it.
_BARE_ACTION = re.compile(r"发行|增发|新增|安排|投入|下达|拨付|筹集")
_MONEY_NOUN = re.compile(r"资金|国债|债券|投资|经费|补助|补贴|贷款|保险")

#: Adverbs of a run of years that name nothing measured themselves.
_STREAK = frozenset({"连续", "持续", "已连续", "先后"})


def _measure_noun(noun: str) -> str:
    """``noun`` up to a noun of measures (20条举措支持企业发展 counts 举措)."""
    m = _MEASURE_NOUN.search(noun)
    return noun[: m.end()] if m is not None else noun


#: A term's end; what a separator of a list may start with (as ``_list_nouns`` tells it: one
#: of :data:`_LIST_FIRST` or a space; the tests put a pattern of every character in its place).
_END = operator.attrgetter("end")
_LIST_START = re.compile(f"[\\s{''.join(sorted(_LIST_FIRST))}]")


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
    # the terms a separator may follow, found from the separators' first characters, so that
    # a text of many figures and no list is not walked figure by figure
    ending_at = dict(zip(map(_END, terms[:-1]), range(len(terms) - 1), strict=True))
    starts = map(re.Match.start, _LIST_START.finditer(text))
    candidates = [ending_at[p] for p in starts if p in ending_at]
    for i in reversed(candidates):
        first = text[terms[i].end : terms[i].end + 1]
        if first not in _LIST_FIRST and not first.isspace():
            continue  # no separator starts here
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
    end = clause_start - 1
    start = end - _LEFT_LIMIT if end - _LEFT_LIMIT > segment_start else segment_start
    cut = text.rfind(",", start, end) + 1 or text.rfind("，", start, end) + 1 or start
    clause = text[cut:end]
    if any(map(str.isdigit, clause)):
        return ""  # the clause has numbers of its own: it is not a subject
    phrase = _strip_metric(clause)
    return _LEADING_ACTION.sub("", phrase) or phrase


#: What stands before a figure that opens its clause (the tests empty it to compare the ways).
_NOTHING = frozenset({""})
#: The digits :func:`_number_closes` looks for (the tests empty it to compare with the long way).
_DIGITS = frozenset("0123456789")


def _number_closes(text: str, position: int, clause_start: int, segment_start: int) -> bool:
    """Whether a digit at ``position`` stands in the clause :func:`_previous_clause` reads
    before ``clause_start``, so that it finds no subject there: a list of figures (5个,3个,7个)
    is not read clause by clause. It is told by the digit and the commas after it only."""
    end = clause_start - 1
    start = end - _LEFT_LIMIT
    return (
        text[position : position + 1] in _DIGITS
        and (segment_start if segment_start > start else start) <= position < end
        and text.find(",", position, end) < 0
        and text.find("，", position, end) < 0
    )


# Where the nouns a clause opens with end: at its predicate or a time word.
_TOPIC_END = re.compile(r"近年来|首次|出现|连续|继续|持续|同时|均|都|分别|已|比上年|较上年|同比")


def _topic_of(clause: str) -> str:
    """The nouns ``clause`` opens with, up to its predicate (``化学需氧量、二氧化硫排放总量
    首次出现双下降`` opens with ``化学需氧量、二氧化硫排放总量``), or ``""``."""
    end = _TOPIC_END.search(clause)
    return clause[: end.start()] if end is not None and end.start() >= 2 else ""


# The end of a from-to whose start is the clause before: ``由上年分别增长5.6%和13.1%,减为增长
# 1.2%和1.8%`` (减为, 降为, 变为, 回落为, with its change word).
_TO_END = _Worded(
    r"(?:减|降|增|升|变|转|上升|下降|回落|提高|扩大|缩小)?为(?:增长|下降|上涨|上升|增加|减少)?",
    "为",
)


def _run(text: str, terms: Sequence[_Term], first: int, step: int) -> list[int]:
    """The terms a list joins to ``terms[first]`` (``5.6%和13.1%``), walking by ``step``."""
    run = [first]
    while 0 <= run[-1] + step < len(terms):
        a, b = sorted((run[-1], run[-1] + step))
        if not _LIST_SEPARATOR.fullmatch(text[terms[a].end : terms[b].start]):
            break
        run.append(run[-1] + step)
    return run


def _from_to_ends(
    text: str,
    terms: Sequence[_Term],
    first: int,
    places: Sequence[_Place],
    bases: Sequence[str],
) -> dict[int, str]:
    """Metrics for the ends of a from-to split over two clauses: the i-th value after ``减为``
    measures what the i-th value of the from-clause before it does."""
    term = terms[first]
    clause_start = places[first].clause
    if first == 0 or terms[first - 1].end > clause_start:
        return {}
    if not _TO_END.fullmatch(text[clause_start : term.start].strip()):
        return {}
    ends = _run(text, terms, first, 1)
    starts = _run(text, terms, first - 1, -1)[::-1]
    if len(starts) != len(ends) or len(bases) < first:
        return {}
    previous = places[starts[0]].clause
    segment_start = places[first].segment
    gap = text[terms[starts[-1]].end : clause_start]
    if (
        previous < segment_start
        or len(gap) > 2
        or not _FROM.compiled.search(text, previous, terms[starts[0]].start)
    ):
        return {}
    return {end: bases[start] for start, end in zip(starts, ends, strict=True)}


# A per-head measure that closes a list of subjects and belongs to each (X和Y人均财政补助标准).
_SHARED_TAIL = re.compile(r"人均|户均|年均")


def _distribute(
    text: str, terms: Sequence[_Term], first: int, index: _Index, places: Sequence[_Place]
) -> dict[int, str]:
    """Metrics for a ``分别``-list: the i-th subject before 分别 measures the i-th number."""
    term = terms[first]
    clause_start = places[first].clause
    if first > 0 and terms[first - 1].end > clause_start:
        return {}
    raw_left = text[max(clause_start, term.start - _LEFT_LIMIT) : term.start]
    if "分别" not in raw_left:
        return {}
    run = _run(text, terms, first, 1)
    if len(run) < 2:
        return {}
    subject_part, _, verb_part = raw_left.rpartition("分别")
    subject = _strip_metric(subject_part)
    if not subject:
        # 化学需氧量、二氧化硫排放总量首次出现双下降,比上年分别下降3.14%和4.66%: the subjects
        # open the clause before
        segment_start = places[first].segment
        subject = _topic_of(_previous_clause(text, clause_start, segment_start))
    subjects = [_strip_metric(s) for s in _SUBJECT_SPLIT.split(subject)]
    if len(subjects) == 1 and len(run) == 2:
        for contracted, (first_word, second_word) in _CONTRACTED_PAIRS.items():
            if subject.startswith(contracted):
                head = subject[len(contracted) :]
                subjects = [first_word + head, second_word + head]
    if len(subjects) != len(run) or not all(subjects):
        return {}
    last_len = len(subjects[-2])
    shared = _SHARED_TAIL.search(subjects[-1], 1)
    if all(len(s) <= 3 for s in subjects[:-1]) and len(subjects[-1]) >= last_len + 2:
        head = subjects[-1][last_len:]
        subjects = [s + head for s in subjects[:-1]] + [subjects[-1]]
    elif shared is not None and not any(_SHARED_TAIL.search(s) for s in subjects[:-1]):
        # 居民医保和基本公共卫生服务经费人均财政补助标准: a per-head measure closing the list is
        # every item's
        subjects = [s + subjects[-1][shared.start() :] for s in subjects[:-1]] + [subjects[-1]]
    verb = _strip_fillers(verb_part)
    last = terms[run[-1]]
    limit = _Index.end_after(index.clauses, last.end, len(text))
    obj = ""
    if text.startswith("的", last.end):
        obj = _right_context(text, last, limit)
    return {i: subject + verb + obj for i, subject in zip(run, subjects, strict=True)}
