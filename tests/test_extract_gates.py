"""The fast paths of extraction. The word gates of its patterns (``_lexicon._Worded``) test
for a few words before a regex runs, so they must only pass over texts no match could be found
in; quantities are made by position, so the model's fields must keep their order."""

from __future__ import annotations

import importlib
import inspect
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.extract import _identity, _lexicon, _metric, _terms, quantities
from policydiff.model import Quantity

from .conftest import CORPUS, require
from .test_extract import GATE_EXAMPLES, GATE_PIECES

# the modules that make gated patterns, imported so that every one of them is registered
for _module in ("_identity", "_kind", "_metric", "_tables", "_terms"):
    importlib.import_module(f"policydiff.extract.{_module}")

WORDED = list(_lexicon._WORDED)
# (the package's _kind is the function of that name, not its module)
_kinds = importlib.import_module("policydiff.extract._kind")


def _name(pattern: _lexicon._Worded) -> str:
    return pattern.compiled.pattern[:24]


def test_the_gated_patterns_are_registered() -> None:
    assert len(WORDED) >= 6


@pytest.mark.parametrize("pattern", WORDED, ids=_name)
@given(data=st.data())
def test_every_match_holds_one_of_the_words(pattern: _lexicon._Worded, data: st.DataObject) -> None:
    found = data.draw(st.from_regex(pattern.compiled, fullmatch=True))
    assert any(word in found for word in pattern.words), (found, pattern.words)


@pytest.mark.parametrize("pattern", WORDED, ids=_name)
def test_the_gate_finds_what_the_regex_finds_on_the_corpus(pattern: _lexicon._Worded) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    pieces = [piece for text in texts for piece in re.split(r"[。\n]", text)]
    found = 0
    for piece in pieces:
        plain = pattern.compiled.search(piece)
        gated = pattern.search(piece)
        assert (gated and gated.span()) == (plain and plain.span()), piece
        found += plain is not None
    assert found, "the corpus holds no match: the comparison checked nothing"


def test_quantities_are_made_with_their_fields_in_order() -> None:
    # extraction makes each Quantity by position (a keyword call is slower): a field moved or
    # added in the model must show here, not as figures with their fields swapped
    assert [field.name for field in attrs.fields(Quantity)] == [
        "text",
        "span",
        "low",
        "high",
        "unit",
        "qualifier",
        "metric",
        "as_of",
        "kind",
        "subject",
        "measure",
        "scope",
        "period",
    ]
    (q,) = quantities("今年城镇新增就业1200万人以上。", year=2024)
    assert (q.text, q.unit, q.qualifier, q.as_of, q.kind, q.subject, q.measure, q.period) == (
        "1200万人以上",
        "人",
        "at_least",
        "2024",
        "target",
        "城镇新增就业",
        "count",
        "annual",
    )


# Pieces of metrics and sentences that the rules of identity() read: years and spans, measure
# nouns and shares, comparisons, verbs, separators, and plain words.
_PIECES = st.sampled_from(
    [
        "年",
        "2018年",
        "五年",
        "累计",
        "以来",
        "自2018年起",
        "与2000年相比",
        "比2002年",
        "总产量",
        "产量",
        "规模",
        "增加值",
        "面积",
        "占",
        "比重",
        "粮食",
        "财政赤字",
        "国内生产总值",
        "增长",
        "提高",
        "连续",
        "达到",
        "共",
        "又增产",
        "考核",
        "5个",
        ",",
        "，",
        ";",
        "的",
    ]
)
_PHRASES = st.lists(_PIECES, max_size=4).map("".join)


@settings(max_examples=300)
@given(
    metric=_PHRASES,
    unit=st.sampled_from(["个", "%", "元", "吨", "年", "个百分点"]),
    before=_PHRASES,
    sentence=_PHRASES,
    paragraph=st.sampled_from(["", "过去五年,", "今年"]),
    headings=st.sampled_from(["", "“十二五”时期的主要目标和任务", "“十一五”时期工作回顾"]),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
)
def test_a_sentence_identity_reads_nothing_of_is_read_as_empty(
    metric: str,
    unit: str,
    before: str,
    sentence: str,
    paragraph: str,
    headings: str,
    flags: tuple[bool, bool, bool, bool],
) -> None:
    # identity() drops the sentence where _reads_sentence says no rule reads it, so that the
    # figures of one list share an answer: it must be the answer the sentence would give
    if _identity._reads_sentence(metric, unit, sentence):
        return
    read = _identity._identified.__wrapped__
    args = (metric, unit, None, before)
    rest = (paragraph, headings, *flags)
    assert read(*args, sentence, *rest) == read(*args, "", *rest)


# one measure noun for each last character the gate looks for (增加值 would end its own topic
# at 增加)
_MEASURE_NOUNS = ["产量", "总额", "规模", "产值", "面积"]


def test_each_end_of_a_measure_noun_has_a_case() -> None:
    assert {noun[-1] for noun in _MEASURE_NOUNS} == set(_identity._MEASURE_OF_NOUN.words)


@pytest.mark.parametrize(
    ("metric", "unit", "sentence"),
    [
        ("国内生产总值增长", "%", "比2002年"),  # 年: a base year
        ("培训", "人", "累计投入资金,"),  # 累计: a running total
        ("建成", "个", "改革开放以来,"),  # 以来: since a start
        # 量, 额, 模, 值, 积: the ends of the measure nouns a topic may close with
        *[("达到", "吨", f"粮食{noun}又增加10万,") for noun in _MEASURE_NOUNS],
        ("总产量", "吨", "粮食又增产,"),  # a measure noun borrows the topic
        ("占国内生产总值比重", "%", "全国财政赤字合计9500亿元,"),  # so does a share
    ],
)
def test_a_sentence_identity_reads_is_kept(metric: str, unit: str, sentence: str) -> None:
    # one case for each word the gate looks for: each one's identity changes with its sentence
    assert _identity._reads_sentence(metric, unit, sentence)
    read = _identity._identified.__wrapped__
    rest = ("", "", False, False, False, True)
    assert read(metric, unit, None, "", sentence, *rest) != read(metric, unit, None, "", "", *rest)


# A look at the character after a number stands for a call of the pattern there: each match
# must start with one of the characters looked for.
@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (_lexicon._RANGE_TAIL.source, _lexicon._RANGE_STARTS),
        (_lexicon._POST.pattern, _lexicon._POST_STARTS),
        (_lexicon._LIST_SEPARATOR.pattern, _lexicon._LIST_FIRST),
    ],
    ids=["range", "post", "list"],
)
@given(data=st.data())
def test_every_match_starts_with_a_character_looked_for(
    pattern: str, starts: frozenset[str], data: st.DataObject
) -> None:
    found = data.draw(st.from_regex(pattern, fullmatch=True))
    assert found[0] in starts or (starts is _lexicon._LIST_FIRST and found[0].isspace())


def test_a_bare_action_is_never_empty() -> None:
    # _metrics asks for a bare action only where the words before a number are not empty
    assert _metric._BARE_ACTION.fullmatch("") is None


# A text that holds none of the mask words is not scanned for masks.
@given(found=st.from_regex(re.compile(_lexicon._MASK.source, re.MULTILINE), fullmatch=True))
def test_every_mask_holds_a_mask_word(found: str) -> None:
    assert any(word in found for word in _lexicon._MASK_WORDS), found


@pytest.mark.parametrize("piece", [p for text in GATE_EXAMPLES for p in text.split()])
def test_every_mask_of_the_examples_holds_a_mask_word(piece: str) -> None:
    for m in _lexicon._MASK.compiled.finditer(piece):
        assert any(word in m.group() for word in _lexicon._MASK_WORDS), m.group()


# One mask for each mask word, holding no other: a word dropped from the list shows here.
_MASKED_BY = {
    **{"年": "2020年", "、": "1、", ".": "1.2.3", "月": "3月", "日": "5日", "号": "5号"},
    **{"-": "2020-5-6", "(": "(3)", ":": "12:30", "/": "2020/5/6", "页": "共5页"},
    **{sep: f"2020{sep}2022" for sep in ("到", "至", "—", "~")},
    "–": "–5–",  # a page footer
    **{"[": "[2020]", "〔": "〔2020〕", "【": "【2020】", "400": "4005556666"},
    **{sign: f"5{sign}" for sign in ("×", "x", "X", "*")},
    **{"QQ": "QQ5", "qq": "qq5", "编": "邮编5", "话": "电话5", "真": "传真5", "手": "手机5"},
    **{"微": "微信5", "线": "热线5", "码": "代码5", "箱": "信箱5", "址": "地址5"},
    **{f"1{d}": f"1{d}022222222" for d in "3456789"},
}


def test_every_mask_word_has_an_example() -> None:
    assert set(_MASKED_BY) == set(_lexicon._MASK_WORDS)


@pytest.mark.parametrize(("word", "text"), _MASKED_BY.items())
def test_a_mask_word_is_the_only_one_its_example_holds(word: str, text: str) -> None:
    assert [m.group() for m in _lexicon._MASK.compiled.finditer(text)] == [text]
    assert [w for w in _lexicon._MASK_WORDS if w in text] == [word]
    assert _lexicon._MASK_WORD.search(text) is not None  # the one scan for them all


_FIGURES = st.lists(
    st.one_of(
        GATE_PIECES,
        st.sampled_from(["5个", "3.5%", "12万元", "不低于", "不超过", "约", "左右", "以上", "第"]),
        st.sampled_from(["三个", "两批", "百分之五", "1~3", "到", "至", "由", "、", ",", "。"]),
    ),
    max_size=30,
).map("".join)


@given(text=_FIGURES)
def test_arabic_terms_come_in_order_without_overlapping(text: str) -> None:
    # quantities() leaves the Arabic terms unsorted when there are no Chinese ones
    masks = _terms._Spans(_terms._mask_spans(text))
    found = list(_terms._arabic_terms(text, masks))
    assert _terms._drop_overlaps(sorted(found, key=lambda t: t.start)) == found


@given(text=_FIGURES)
def test_a_text_without_year_or_plan_has_targets_by_their_words_only(text: str) -> None:
    # quantities() gives a figure its kind by its own qualifier word, without _kind, where the
    # text holds no trigger, header or plan and the year is unknown
    triggers = list(_lexicon._TARGET_TRIGGER.compiled.finditer(text))
    headers = [m.start() for m in _lexicon._HEADER_TRIGGER.finditer(text)]
    index = _terms._Index.build(text)
    plans = _kinds._Plans(text, index, triggers, None)
    if headers or not plans.none:
        return
    terms = list(_terms._arabic_terms(text, _terms._Spans(_terms._mask_spans(text))))
    places = index.places([t.start for t in terms])
    for term, place in zip(terms, places, strict=True):
        slow = _kinds._kind(text, term, place, triggers, [], headers, None, None, plans)
        assert slow == ("target" if term.word in _lexicon._TARGET_QUALIFIERS else "actual")


def test_terms_and_places_are_made_with_their_fields_in_order() -> None:
    # _arabic_term and _Index.places make them by position, without the classes' checks
    assert _terms._Term._fields == ("start", "num_start", "end", "low", "high", "unit", "word")
    assert _terms._Place._fields == ("sentence", "segment", "clause", "paragraph")
    # _arabic_terms reads the groups of its pattern by position (m.groups(), m.regs)
    pattern = _lexicon._TERM_AR.compiled
    assert pattern.groups == len(_terms._TERM_GROUPS)
    assert sorted(pattern.groupindex, key=pattern.groupindex.__getitem__) == [*_terms._TERM_GROUPS]
    (term,) = _terms._arabic_terms("约12万个", _terms._Spans(iter(())))
    assert term == _terms._Term(0, 1, 5, 120000.0, 120000.0, "个", "约")
    places = _terms._Index.build("一。二,三;四\n五").places([4, 6, 8])
    assert places == [
        _terms._Place(2, 2, 4, 0),
        _terms._Place(2, 6, 6, 0),
        _terms._Place(8, 8, 8, 8),
    ]


@given(found=st.from_regex(_lexicon._TIME.source, fullmatch=True))
def test_every_time_holds_the_time_word(found: str) -> None:
    # a text without the word is not scanned for times
    assert _lexicon._TIME_WORD in found, found


@pytest.mark.parametrize("piece", [p for text in GATE_EXAMPLES for p in text.split()])
def test_every_time_of_the_examples_holds_the_time_word(piece: str) -> None:
    for m in _lexicon._TIME.compiled.finditer(piece):
        assert _lexicon._TIME_WORD in m.group(), m.group()


class _Everything:
    """A set that holds everything: put in place of a gate's set, it sends every case the
    general way."""

    def __contains__(self, item: object) -> bool:
        return True


def _terms_both_ways(text: str) -> tuple[list[_terms._Term], list[_terms._Term]]:
    masks = _terms._Spans(_terms._mask_spans(text))
    fast = list(_terms._arabic_terms(text, masks))
    with pytest.MonkeyPatch.context() as patch:
        for name in ("_MARKED_BEFORE", "_MARKED_AFTER", "_READ_UNITS", "_READ_AFTER"):
            patch.setattr(_terms, name, _Everything())
        general = list(_terms._arabic_terms(text, masks))
    return fast, general


_NEIGHBOURS = st.sampled_from(
    [
        *("方面", "PM", "G", "-", "_", "每", "第", "年", "岁", "省", "(区)", "个百分点", "百分点"),
        *("5.2024", "COVID-", "以上", "左右", "多", "余", "、", "1", "3/4", "亿", "万"),
    ]
)


# one case for each mark and each thing read after a unit
_MARKED = [
    *("第1、2、3条", "每10万人口", "PM2.5", "5G", "COVID-19", "x_5个", "5.2024年部门预算表"),
    *("9省(区)", "5个方面", "65岁以上", "5岁儿童", "3年内", "5%左右", "3%-5%", "3~5个", "3/4"),
    *("2个百分点", "提高2百分点", "5个G", "3万余人", "约5个"),
]


@pytest.mark.parametrize("text", _MARKED)
def test_arabic_terms_with_a_mark_are_the_same_without_their_gates(text: str) -> None:
    fast, general = _terms_both_ways(text)
    assert fast == general


@settings(max_examples=500)
@given(text=st.lists(st.one_of(_NEIGHBOURS, _FIGURES), max_size=12).map("".join))
def test_arabic_terms_are_the_same_without_their_gates(text: str) -> None:
    # a number with no mark beside it (第, 每, a letter, 年) and a unit with nothing read after
    # it is made from its match alone: it must be the term the general way makes
    fast, general = _terms_both_ways(text)
    assert fast == general


def test_arabic_terms_are_the_same_without_their_gates_on_the_corpus() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    found = 0
    for text in texts:
        fast, general = _terms_both_ways(text)
        assert fast == general
        found += len(fast)
    assert found > 1000


def _metrics_both_ways(text: str) -> tuple[list[str], list[str]]:
    masks = _terms._Spans(_terms._mask_spans(text))
    terms = _terms._drop_overlaps(
        sorted(
            [*_terms._arabic_terms(text, masks), *_terms._chinese_terms(text, masks)],
            key=_terms._START,
        )
    )
    if not terms:
        return [], []  # (quantities() does not ask)
    index = _terms._Index.build(text)
    places = index.places([term.start for term in terms])
    fast = _metric._metrics(text, terms, index, places)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_metric, "_DIGITS", frozenset())
        patch.setattr(_metric, "_NOTHING", frozenset())
        patch.setattr(_metric, "_LIST_START", re.compile(r"[\s\S]"))
        general = _metric._metrics(text, terms, index, places)
    return fast, general


@pytest.mark.parametrize(
    "text",
    [
        "考核6个,3个,7个。",  # the clause before holds a number: no subject
        "考核6个,共3个,新建7个",
        "建成9省(区,市),3个",  # a comma inside the unit's parenthesis: the clause is read
        "建成1,000个,3个",  # a comma inside the number
        "建成5个,覆盖,3个",  # a clause between
        "建成5个;3个",  # another segment
        "投资3亿元,新建学校,3所",
        "投资615亿元,2.7倍,3个省",  # a ratio: the figure before's subject
        "新建学校3所,2所",
        "增长5%,2个百分点",  # a change in points
        "赤字率3%,1个百分点",
        "建成,5个\u3000和3个学校",  # a list over a space that closes a clause
        "新建5所,9省,3个",  # a noun unit names itself
        "建成学校5所,其中,3所",
        "考核6个,3个、4个学校",  # a list's noun
        "完成了老城区8条 、12.3公里道路提升改造",  # a list over a space
        "新建学校3所和医院2所及5个站",
        "完成了老城区8条、9条、12.3公里道路提升改造",  # a list of three
        "完成了老城区8条和12.3公里道路提升改造",
    ],
)
def test_metrics_are_the_same_without_their_gates(text: str) -> None:
    fast, general = _metrics_both_ways(text)
    assert fast == general


@settings(max_examples=300)
@given(text=st.lists(st.one_of(_NEIGHBOURS, _FIGURES), max_size=14).map("".join))
def test_metrics_are_the_same_without_their_gates_anywhere(text: str) -> None:
    fast, general = _metrics_both_ways(text)
    assert fast == general


def test_metrics_are_the_same_without_their_gates_on_the_corpus() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    for text in texts:
        for piece in text.split("\n"):
            fast, general = _metrics_both_ways(piece)
            assert fast == general, piece


def test_quantities_read_identities_as_identity_does() -> None:
    # quantities() calls identity()'s cached reading by position, having dropped an unread
    # sentence itself: routed through identity() instead, every figure must stay the same
    extract = importlib.import_module("policydiff.extract")
    # (the order quantities() gives them in)
    assert [*inspect.signature(_identity._identified).parameters] == [
        *("metric", "unit", "qualifier", "before", "sentence", "paragraph", "headings"),
        *("dated", "baseline", "future", "reported"),
    ]

    def through_identity(
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
    ) -> _identity.Identity:
        return _identity.identity(
            metric,
            unit,
            qualifier,
            before,
            sentence=sentence,
            paragraph=paragraph,
            headings=headings,
            dated=dated,
            baseline=baseline,
            future=future,
            reported=reported,
        )

    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    pieces = [piece for text in texts for piece in text.split("\n") if piece.strip()]
    reads = [(piece, context) for piece in pieces for context in ("", "过去五年工作回顾")]
    direct = [extract._quantities(piece, 2023, 0, context) for piece, context in reads]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract, "_identified", through_identity)
        routed = [extract._quantities(piece, 2023, 0, context) for piece, context in reads]
    assert routed == direct
    assert sum(map(len, direct)) > 1000


@given(
    text=st.lists(st.sampled_from(["考核", "5个", ",", "。", ";", "\n", " "]), max_size=20).map(
        "".join
    ),
    data=st.data(),
)
def test_places_are_found_as_one_position_is(text: str, data: st.DataObject) -> None:
    # _Index.places gives every position before the first bound the start of the text at once
    positions = sorted(data.draw(st.lists(st.integers(0, max(0, len(text) - 1)), max_size=8)))
    index = _terms._Index.build(text)
    assert index.places(positions) == [
        _terms._Place(*(_terms._Index.start_before(bounds, p) for bounds in index))
        for p in positions
    ]


def test_every_item_of_a_list_takes_the_noun_after_it() -> None:
    # _list_nouns walks a list from its end: the noun after the last item reaches the first
    found = quantities("完成了老城区8条、9条、12.3公里道路提升改造。")
    assert [q.metric for q in found] == ["道路提升改造"] * 3


# --- the memory of long texts read lately ---------------------------------------------------


_LONG = "截至2023年底,全国共有基层医疗卫生机构65.3万个,其中,村卫生室58.2万个。" * 6


@given(st.integers(0, 5_000), st.integers(0, 5_000))
def test_a_long_text_read_again_elsewhere_gives_what_a_fresh_read_gives(first: int, then: int):
    from policydiff.extract import _RECENT, _quantities

    assert len(_LONG) > 200
    _RECENT.clear()
    assert quantities(_LONG, offset=first) == _quantities(_LONG, None, first, "")
    assert len(_RECENT) == 1
    again = quantities(_LONG, offset=then)
    assert again == _quantities(_LONG, None, then, "")
    assert [q.span[0] - then for q in again] == [q.span[0] for q in quantities(_LONG)]
    # the year and the context are part of what is remembered
    assert quantities(_LONG, year=2024, offset=then) == _quantities(_LONG, 2024, then, "")
    framed = quantities(_LONG, offset=then, context="过去五年工作回顾")
    assert framed == _quantities(_LONG, None, then, "过去五年工作回顾")


def test_the_memory_of_long_texts_lets_the_oldest_go_past_its_limit() -> None:
    from policydiff.extract._recent import RecentReads

    reads = RecentReads(limit=5)
    q = quantities("村卫生室58.2万个。")
    reads.add("a", q * 2, 0)
    reads.add("b", q * 2, 0)
    assert reads.get("a", 0) == q * 2  # (asked for: now the most recent)
    reads.add("c", q * 2, 0)  # six in all: the least recently asked for goes
    assert reads.get("b", 0) is None and reads.get("a", 0) is not None and len(reads) == 2
    reads.add("d", q * 6, 0)  # more than the limit alone: not kept
    assert reads.get("d", 0) is None and len(reads) == 2
    assert reads.get("c", 10)[0].span == (q[0].span[0] + 10, q[0].span[1] + 10)


def test_forgetting_the_texts_read_empties_both_memories() -> None:
    from policydiff.extract import _RECENT, _remembered, forget_texts

    quantities(_LONG)
    quantities("村卫生室58.2万个。")
    assert len(_RECENT) and _remembered.cache_info().currsize
    forget_texts()
    assert not len(_RECENT) and not _remembered.cache_info().currsize
