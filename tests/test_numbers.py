"""Tests for numbers an analyst can trust: what a figure measures (subject, measure, scope,
period), its kind (actual, target, stated change), pairing by identity with a confidence, and
timelines that never chain two measures."""

from __future__ import annotations

import pytest

import policydiff
from policydiff import SeriesError, diff, parse, quantities
from policydiff.corpus import timeline


def one(text: str, year: int | None = 2014, at: int = 0) -> policydiff.Quantity:
    return quantities(text, year=year)[at]


# --- identity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject", "measure", "scope"),
    [
        ("今年中央财政赤字拟安排2450亿元。", "财政赤字", "money", "中央"),
        ("全国财政赤字合计9500亿元。", "财政赤字", "money", ""),
        ("国内生产总值比上年增长9.9%。", "国内生产总值", "growth", ""),
        ("居民消费价格涨幅控制在3.3%。", "居民消费价格", "growth", ""),
        ("但赤字率稳定在2.1%。", "赤字率", "share", ""),
        ("城镇新增就业1221万人。", "城镇新增就业", "count", ""),
        ("粮食产量57121万吨。", "粮食产量", "amount", ""),
        ("城乡居民人均可支配收入35512元。", "城乡居民人均可支配收入", "per_capita", ""),
        ("粮食产量屡创历史新高,去年达到54641万吨。", "粮食产量", "amount", ""),
        # the name of a budget line, not the central government's 投资 (a generic noun)
        ("今年中央预算内投资安排5776亿元。", "中央预算内投资", "money", ""),
        ("中央本级支出增长3.9%。", "支出", "growth", "中央本级"),
        # a verb that moves money, alone before the amount: what it moves follows
        ("同时发行1万亿元抗疫特别国债。", "抗疫特别国债", "money", ""),
        ("拟发行超长期特别国债1.3万亿元。", "超长期特别国债", "money", ""),
        ("拟连续几年发行超长期特别国债,今年先发行1万亿元。", "超长期特别国债", "money", ""),
        ("城镇调查失业率平均为5.1%。", "城镇调查失业率", "share", ""),
        (
            "城乡居民基本医保财政补助标准提高到人均320元。",
            "城乡居民基本医保财政补助标准",
            "per_capita",
            "",
        ),
        ("安排200亿元技改专项资金支持4441个项目。", "技改专项资金", "money", ""),
    ],
)
def test_identity_reads_subject_measure_and_scope(
    text: str, subject: str, measure: str, scope: str
) -> None:
    q = one(text)
    assert (q.subject, q.measure, q.scope) == (subject, measure, scope)


@pytest.mark.parametrize(
    ("text", "at", "period"),
    [
        ("城镇新增就业1310万人。", 0, "annual"),
        ("累计培训基层卫生骨干65万人。", 0, "cumulative"),
        ("2007年,国内生产总值达到24.66万亿元,比2002年增长65.5%,年均增长10.6%。", 0, "annual"),
        ("2007年,国内生产总值达到24.66万亿元,比2002年增长65.5%,年均增长10.6%。", 1, "cumulative"),
        ("2007年,国内生产总值达到24.66万亿元,比2002年增长65.5%,年均增长10.6%。", 2, "average"),
        ("——这五年,各项社会事业加快发展。城镇新增就业5771万人。", 0, "cumulative"),
        ("——这五年,经济迈上新台阶。国内生产总值达到39.8万亿元。", 0, "annual"),
        ("国内生产总值从26.6万亿元增加到51.9万亿元。", 0, "baseline"),
        ("国内生产总值从26.6万亿元增加到51.9万亿元。", 1, "annual"),
        ("我委自2018年起实施培训项目,截至2024年底,共培训基层卫生人员77万人。", 0, "cumulative"),
    ],
)
def test_period_says_what_a_figure_counts(text: str, at: int, period: str) -> None:
    assert one(text, at=at).period == period


@pytest.mark.parametrize(
    ("text", "at", "kind"),
    [
        ("今年拟安排财政赤字13500亿元,比上年增加1500亿元。", 0, "target"),
        ("今年拟安排财政赤字13500亿元,比上年增加1500亿元。", 1, "change"),
        ("城乡居民基本医保财政补助标准再提高5元。", 0, "change"),
        ("削减财政赤字450亿元。", 0, "change"),
        ("城镇新增就业1221万人。", 0, "actual"),
        ("国内生产总值增长9.9%。", 0, "actual"),  # a growth rate is a level of its own measure
        ("去年提出居民消费价格涨幅4%左右。", 0, "target"),  # a target said again
        ("2015年国内生产总值将超过55万亿元。", 0, "target"),  # a future
        # the plan continues into a sentence about the same thing, not into another
        ("为弥补缺口,拟安排中央财政赤字7500亿元。全国财政赤字合计9500亿元。", 1, "target"),
        ("为弥补缺口,拟安排中央财政赤字7500亿元。粮食产量达到57121万吨。", 1, "actual"),
    ],
)
def test_kind_is_actual_target_or_stated_change(text: str, at: int, kind: str) -> None:
    assert one(text, year=2011, at=at).kind == kind


def test_a_threshold_crossed_is_a_lower_bound() -> None:
    q = one("粮食产量首次跃上1.4万亿斤。")
    assert (q.low, q.qualifier, q.subject) == (1.4e12, "over", "粮食产量")


# --- pairing ------------------------------------------------------------------------------


def paired(old: str, new: str) -> list[tuple[str, str, str]]:
    return [
        (c.old.quantity.text, c.new.quantity.text, c.change)
        for c in policydiff.diff(parse(old), parse(new)).numbers
        if c.old and c.new
    ]


def test_figures_of_different_periods_never_pair() -> None:
    old = "一、回顾\n国内生产总值比上年增长9.9%,年均增长9.5%。"
    new = "一、回顾\n国内生产总值比上年增长10.7%。"
    assert paired(old, new) == [("9.9%", "10.7%", "changed")]


def test_a_stated_change_pairs_only_with_a_stated_change() -> None:
    old = "一、财政\n今年拟安排财政赤字12000亿元,比上年增加3500亿元。"
    new = "一、财政\n今年拟安排财政赤字13500亿元,比上年增加1500亿元。"
    assert paired(old, new) == [
        ("12000亿元", "13500亿元", "changed"),
        ("3500亿元", "1500亿元", "changed"),
    ]


def test_another_measure_with_a_like_name_is_not_paired() -> None:
    # 单位国内生产总值能耗 holds 国内生产总值, but measures energy, not output
    old = "一、目标\n单位国内生产总值能耗降低4%左右。"
    new = "一、目标\n国内生产总值增长8%左右。"
    assert paired(old, new) == []


def test_a_bare_noun_pairs_only_with_the_same_words() -> None:
    old = "一、投资\n完成投资120亿元。"
    new = "一、投资\n安排资金80亿元。"
    assert paired(old, new) == []


def test_a_pair_has_a_confidence_and_the_headline_holds_the_confident_ones() -> None:
    d = policydiff.diff(parse("一、总体\n村卫生室58.2万个。"), parse("一、总体\n村卫生室57万个。"))
    (c,) = d.numbers
    assert c.confidence == 1.0 and c.headline
    low = policydiff.diff(
        parse("一、总体\n村卫生室58.2万个。"),
        parse("一、总体\n村卫生室57万个。"),
        headline_confidence=1.0,
    )
    assert low.numbers[0].confidence == 1.0 and low.numbers[0].headline
    strict = policydiff.diff(
        parse("一、人才\n培训基层卫生骨干65万人。"), parse("一、人才\n培训基层卫生人员77万人。")
    )
    (c,) = [c for c in strict.numbers if c.old and c.new]
    assert 0.6 <= (c.confidence or 0) < 1.0


def test_a_rate_changes_in_points_and_a_qualifier_change_is_noted() -> None:
    d = policydiff.diff(
        parse("一、目标\n城镇调查失业率5.5%以内。"), parse("一、目标\n城镇调查失业率5.5%左右。")
    )
    (c,) = d.numbers
    assert c.relative is None  # a rate has no relative change
    assert c.notes == ("qualifier: at most → approximately",)
    md = d.to_markdown(detail="full")
    assert "qualifier: at most → approximately" in md


def test_a_stated_change_that_disagrees_with_the_levels_is_reported() -> None:
    old = "一、财政\n今年拟安排财政赤字12000亿元。"
    agree = "一、财政\n今年拟安排财政赤字13500亿元,比上年增加1500亿元。"
    differ = "一、财政\n今年拟安排财政赤字13500亿元,比上年增加1000亿元。"
    assert all(not c.notes for c in policydiff.diff(parse(old), parse(agree)).numbers)
    notes = [n for c in policydiff.diff(parse(old), parse(differ)).numbers for n in c.notes]
    assert notes == [
        "the new text states a change of +1000亿元, the two values differ by +1500亿元"
    ]


def test_a_change_sentences_away_from_a_level_is_not_checked_against_it() -> None:
    old = "一、财政\n今年中央财政赤字拟安排2450亿元,比去年预算赤字减少500亿元。"
    new = (
        "一、财政\n中央财政赤字预算拟安排1800亿元,比去年预算赤字减少650亿元。"
        "合理安排超收收入。同时,削减财政赤字450亿元。"
    )
    d = policydiff.diff(parse(old), parse(new))
    assert [n for c in d.numbers for n in c.notes] == []
    pairs = {(c.old.quantity.text, c.new.quantity.text) for c in d.numbers if c.old and c.new}
    assert pairs == {("2450亿元", "1800亿元"), ("500亿元", "650亿元")}


def test_deltas_read_in_the_documents_magnitude() -> None:
    d = policydiff.diff(
        parse("一、财政\n财政收入5.3万亿元。"), parse("一、财政\n财政收入6.19万亿元。")
    )
    assert policydiff.render.change_label(d.numbers[0]).startswith("+0.89万亿元")


def test_json_carries_identity_and_confidence() -> None:
    import json

    d = policydiff.diff(parse("一、总体\n村卫生室58.2万个。"), parse("一、总体\n村卫生室57万个。"))
    (number,) = json.loads(d.to_json())["numbers"]
    assert (number["confidence"], number["headline"], number["notes"]) == (1.0, True, [])
    assert number["old"]["subject"] == "村卫生室" and number["old"]["measure"] == "count"
    assert number["old"]["period"] == "annual" and number["old"]["scope"] == ""


# --- timelines ----------------------------------------------------------------------------

Y2019 = "2019年3月5日\n一、目标\n国内生产总值增长6%-6.5%。赤字率拟按2.8%安排。"
Y2020 = "2020年5月22日\n一、目标\n今年赤字率拟按3.6%以上安排。"
Y2021 = "2021年3月5日\n一、目标\n国内生产总值增长6%以上。赤字率拟按3.2%左右安排。"


def test_timeline_refuses_fewer_than_two_documents() -> None:
    with pytest.raises(SeriesError, match="two or more"):
        timeline([parse(Y2019)])


def test_timeline_sorts_by_year_and_says_where_it_read_it() -> None:
    series = timeline([parse(Y2021), parse(Y2019), parse(Y2020)])
    assert series.years == ("2019", "2020", "2021")
    assert series.years_from == ("text", "text", "text")


def test_timeline_rows_are_measures_with_explicit_gaps() -> None:
    series = timeline([parse(Y2019), parse(Y2020), parse(Y2021)])
    rows = {(r.metric, r.measure): [c.quantity.text if c else None for c in r.cells]
            for r in series.rows}  # fmt: skip
    assert rows[("赤字率", "share")] == ["2.8%", "3.6%以上", "3.2%左右"]
    assert rows[("国内生产总值", "growth")] == ["6%-6.5%", None, "6%以上"]


def _cpi_report(year: int, body: str) -> str:
    return f"{year}年3月5日\n一、回顾\n{body}\n二、目标\n今年国内生产总值增长8%左右。"


def test_timeline_rows_continue_across_years_that_leave_a_figure_out() -> None:
    # Reports of 2006 and 2010 give the CPI; the three between do not (nor does any diff of
    # neighbouring years see both): the row still continues, with explicit gaps.
    bodies = ["居民消费价格上涨1.8%。", "物价基本稳定。", "物价涨幅得到控制。", "价格总水平基本稳定。",
              "居民消费价格总水平上涨3.3%。"]  # fmt: skip
    series = timeline([parse(_cpi_report(2006 + k, b)) for k, b in enumerate(bodies)])
    rows = {r.metric: [c.quantity.text if c else None for c in r.cells] for r in series.rows}
    assert rows["居民消费价格总水平"] == ["1.8%", None, None, None, "3.3%"]


def test_timeline_keeps_a_figure_stated_twice_in_one_row() -> None:
    # 2012 states last year's CPI in its review and again where it sets the new target; the
    # diff with 2011 pairs one statement, the diff with 2013 the other: one row, three years.
    head = "{}年3月5日\n一、回顾\n经济平稳运行。{}\n二、物价\n{}今年物价压力仍大。"
    texts = [
        head.format(2011, "", "去年居民消费价格上涨3.3%。"),
        head.format(2012, "居民消费价格上涨5.4%。", "去年居民消费价格上涨5.4%。"),
        head.format(2013, "居民消费价格上涨2.6%。", ""),
    ]
    series = timeline([parse(t) for t in texts])
    cpi = [r for r in series.rows if r.subject == "居民消费价格"]
    assert len(cpi) == 1
    assert [c.quantity.text if c else None for c in cpi[0].cells] == ["3.3%", "5.4%", "2.6%"]


def test_a_measure_noun_takes_the_topic_its_sentence_names() -> None:
    # 总产量 is grain's output: the sentence named grain in its first clause
    (q,) = quantities("粮食连续五年增产，总产量52850万吨。")
    assert q.subject == "粮食总产量"
    (_, q) = quantities("粮食总产量在上年大幅度增长的基础上，又增产1454万吨，达到48401万吨。")
    assert q.subject == "粮食总产量"
    (_, share) = quantities("全国财政赤字合计9500亿元，占国内生产总值比重在3%以内。")
    assert (share.subject, share.measure) == ("财政赤字占国内生产总值比重", "share")
    # with no earlier clause there is nothing to borrow
    (q,) = quantities("总产量52850万吨。")
    assert q.subject == "总产量"


def test_an_undated_text_reads_its_relative_times_by_a_year_it_opens_with_or_its_name() -> None:
    def as_of(doc: policydiff.Document) -> list[str | None]:
        return [q.as_of for node in doc.walk() for q in node.quantities]

    body = "各位代表:\n一、回顾\n去年国内生产总值增长7.8%。"
    assert as_of(parse("2013\t" + body)) == ["2012"]
    assert as_of(parse(body, source="reports/gwr_2013.txt")) == ["2012"]
    # two years in the name, or none anywhere: no year to read 去年 by; the date stays unset
    assert as_of(parse(body, source="gwr_2012_2013.txt")) == [None]
    assert parse("2013\t" + body).date is None


def test_a_figure_the_text_gives_for_its_own_year_is_a_target() -> None:
    def kinds(text: str) -> list[str]:
        return [q.kind for node in parse(text).walk() for q in node.quantities]

    head = "2013年3月5日\n一、工作\n"
    assert kinds(head + "今年城镇保障性住房基本建成470万套。") == ["target"]
    assert kinds(head + "中央财政今年安排再就业补助资金251亿元。") == ["target"]
    # a part of the year gone by, or a clause that speaks of the past, is an actual
    assert kinds(head + "今年截至8月底,新增公积金贷款10681笔。") == ["actual"]
    assert kinds(head + "今年以来,新增就业800万人。") == ["actual"]
    assert kinds(head + "今年已新增就业800万人。") == ["actual"]
    assert kinds(head + "去年城镇保障性住房基本建成432万套。") == ["actual"]


def test_a_sentence_framed_by_a_plan_period_still_to_run_states_the_plans_goals() -> None:
    body = "\n一、节能\n“十一五”期间,关停5000万千瓦小火电机组;五年淘汰落后炼铁产能1亿吨。"
    during = [q.kind for node in parse("2007年3月5日" + body).walk() for q in node.quantities]
    after = [q.kind for node in parse("2011年3月5日" + body).walk() for q in node.quantities]
    assert (during, after) == (["target", "target"], ["actual", "actual"])


def test_a_target_set_at_the_start_of_the_year_said_again_is_the_previous_one() -> None:
    (q, _) = quantities(
        "全国没有实现年初确定的单位国内生产总值能耗降低4%左右、主要污染物排放总量减少2%的目标。"
    )
    assert q.period == "previous"


def test_a_clause_opening_with_a_span_of_years_frames_the_next() -> None:
    built, proposals, rate = quantities(
        "五年共办理人大代表建议405件和政协委员提案590件,办复率均达100%。"
    )
    assert {built.period, proposals.period, rate.period} == {"cumulative"}
    (energy, oxygen) = quantities("近三年累计,单位国内生产总值能耗下降10.08%,化学需氧量减少6.61%。")
    assert (energy.period, oxygen.period) == ("cumulative", "cumulative")
    assert (oxygen.subject, oxygen.measure) == ("化学需氧量", "growth")
    # a streak is no span, and a clause with a time of its own keeps it
    (grain,) = quantities("粮食连续五年增产,总产量52850万吨。")
    assert grain.period == "annual"
    (_, year) = quantities("五年新增就业5000万人,去年新增就业1100万人。")
    assert year.period == "annual"


def test_a_plan_periods_span_frames_the_next_clauses_and_its_name_leaves_the_subject() -> None:
    text = "“十一五”前四年累计单位国内生产总值能耗下降14.38%,化学需氧量、二氧化硫排放量分别下降9.66%和13.14%。"
    found = quantities(text)
    assert [q.period for q in found] == ["cumulative"] * 3
    assert [q.subject for q in found] == ["单位国内生产总值能耗", "化学需氧量", "二氧化硫排放量"]


def test_figures_under_a_plan_periods_goals_are_the_plans() -> None:
    text = ("2011年3月5日\n一、2010年工作回顾\n森林覆盖率达到20.36%。\n"
            "二、“十二五”时期的主要目标和任务\n森林覆盖率达到21.66%,城镇化率从47.5%提高到51.5%。")  # fmt: skip
    found = {q.text: (q.period, q.kind) for node in parse(text).walk() for q in node.quantities}
    assert found == {
        "20.36%": ("annual", "actual"),
        "21.66%": ("plan", "target"),  # a goal of the plan period, not a result
        "47.5%": ("baseline", "actual"),
        "51.5%": ("plan", "target"),
    }


def test_two_levels_of_government_together_are_a_scope_of_their_own() -> None:
    (both,) = quantities("中央和地方财政安排扶贫资金162亿元。")
    (central,) = quantities("中央财政安排扶贫资金122亿元。")
    assert (both.scope, central.scope) == ("中央和地方", "中央")
    d = policydiff.diff(parse("一、扶贫\n中央财政安排扶贫资金122亿元。"),
                        parse("一、扶贫\n中央和地方财政安排扶贫资金162亿元。"))  # fmt: skip
    assert sorted(c.change for c in d.numbers) == ["added", "dropped"]


def test_a_year_named_in_a_five_year_review_is_that_years_figure() -> None:
    text = (
        "过去五年工作回顾\n一、回顾\n去年居民消费价格总水平比上年上涨4.8%。五年新增就业5000万人。"
    )
    cpi, jobs = quantities(text)
    assert (cpi.period, jobs.period) == ("annual", "cumulative")


def test_a_modal_before_a_growth_word_is_not_the_subject() -> None:
    (q,) = quantities("今年能源消耗强度要降低3.9%以上。")
    assert (q.subject, q.measure) == ("能源消耗强度", "growth")


def test_figures_in_two_units_of_one_dimension_pair_and_compare_in_the_new_unit() -> None:
    d = policydiff.diff(
        parse("一、农业\n粮食产量57121万吨。"), parse("一、农业\n粮食产量超过1.2万亿斤。")
    )
    (c,) = d.numbers
    assert c.change == "changed" and c.delta == pytest.approx(1.2e12 - 5.7121e8 * 2000)
    assert c.relative == pytest.approx(0.0504, abs=1e-4)
    same = policydiff.diff(
        parse("一、农业\n粮食产量6亿吨。"), parse("一、农业\n粮食产量1.2万亿斤。")
    )
    assert [c.change for c in same.numbers] == ["unchanged"]
    # a count is no unit of measure: 人 and 个 never pair
    apart = policydiff.diff(
        parse("一、就业\n新增就业100万人。"), parse("一、就业\n新增就业100万个。")
    )
    assert sorted(c.change for c in apart.numbers) == ["added", "dropped"]


def test_counts_in_set_phrases_are_not_headline_figures_in_a_report() -> None:
    # A report states its figures in digits; 两个市场 is a phrase, not a figure to headline.
    report = "一、开放\n统筹国内国际两个市场。进出口总额{}万亿美元,实际利用外资{}亿美元。"
    d = policydiff.diff(parse(report.format(1.15, 606)), parse(report.format(1.42, 603)))
    by_text = {c.new.quantity.text: c for c in d.numbers if c.new and c.old}
    assert by_text["两个"].confidence == 0.5 and not by_text["两个"].headline
    assert by_text["1.42万亿美元"].headline and by_text["603亿美元"].headline
    # A law writes every number in words: there a count is a figure like any other.
    law = "第一条 每次救助时间不超过三个月。\n第二条 拒绝接受介绍三次的,停止救助。"
    d = policydiff.diff(parse(law), parse(law))
    assert all(c.headline for c in d.numbers if c.old and c.new)


def test_jiezhi_a_year_is_an_as_of_date_not_a_target() -> None:
    from policydiff import quantities

    assert quantities("截至2024年底,全国有村卫生室57万个")[0].kind == "actual"
    assert quantities("截止到2024年底,村卫生室57万个")[0].kind == "actual"
    assert quantities("到2025年底,村卫生室达到60万个")[0].kind == "target"


@pytest.mark.parametrize(
    "text", ["设计策略:1、建筑形体方正,2、立面简洁。", "要求如下:1、加强管理;2、完善制度。"]
)
def test_item_numbers_inside_a_line_are_no_figures(text: str) -> None:
    assert quantities(text) == ()


def test_a_list_of_counts_is_still_read() -> None:
    assert [q.text for q in quantities("新建学校3所、医院2所。")] == ["3所", "2所"]


def test_a_fenbie_list_takes_its_subjects_from_the_clause_before_when_its_own_has_none() -> None:
    text = "化学需氧量、二氧化硫排放总量近年来首次出现双下降,比上年分别下降3.14%和4.66%。"
    assert [q.subject for q in quantities(text)] == ["化学需氧量", "二氧化硫排放总量"]


def test_figures_in_the_years_programme_are_targets_but_for_what_is_past() -> None:
    text = ("2016年2月19日\n一、2015年工作回顾\n建成平安小区120个。\n二、2016年工作安排\n"
            "建成平安小区136个。去年已建成公园3个。")  # fmt: skip
    kinds = {q.text: q.kind for node in parse(text).walk() for q in node.quantities}
    assert kinds == {"120个": "actual", "136个": "target", "3个": "actual"}


def test_a_streak_of_years_counts_what_follows_it() -> None:
    (_, grew, _) = quantities(
        "粮食产量屡创历史新高,去年达到54641万吨,连续7年增产;农民人均纯收入达到5919元。"
    )
    (above,) = quantities("粮食总产量实现了“八连增”,连续5年超万亿斤。")
    assert (grew.subject, grew.kind) == ("连续增产", "actual")
    assert above.subject == "连续超万亿斤"


def test_a_condition_after_a_future_verb_is_no_target() -> None:
    text = "当个贷率达到或超过85%时,公积金中心将严密监控,若月末个贷率连续3个月达到或超过85%,将视情调减额度。"
    kinds = [q.kind for q in quantities(text)]
    assert kinds[1:] == ["actual", "actual"]


def test_a_bracket_is_named_by_its_bounds() -> None:
    old = parse("一、税\n对小微企业年应纳税所得额不到100万元的部分,再减半征收所得税。")
    new = parse("一、税\n对小微企业年应纳税所得额100万元至300万元部分,再减半征收企业所得税。")
    assert sorted(c.change for c in policydiff.diff(old, new).numbers) == ["added", "dropped"]
    assert [c.change for c in policydiff.diff(old, old).numbers] == ["unchanged"]


def test_a_count_of_places_pairs_only_with_the_same_words() -> None:
    # what the provinces did is what is counted: two programmes' counts are not one measure
    old = parse("一、社会保障\n28个省(区、市)已初步建立社会救助体系的基本框架。")
    new = parse("一、社会保障\n已有25个省(自治区、直辖市)初步建立了农村最低生活保障制度。")
    assert sorted(c.change for c in policydiff.diff(old, new).numbers) == ["added", "dropped"]
    assert [c.change for c in policydiff.diff(old, old).numbers] == ["unchanged"]


def test_a_from_to_whose_end_is_the_next_clause_starts_from_a_baseline() -> None:
    text = "化学需氧量、二氧化硫排放量由上年分别增长5.6%和13.1%,减为增长1.2%和1.8%。"
    assert [q.period for q in quantities(text)] == ["baseline", "baseline", "annual", "annual"]


def test_the_end_of_a_from_to_in_the_next_clause_measures_what_its_start_does() -> None:
    found = quantities(
        "化学需氧量、二氧化硫排放量由上年分别增长5.6%和13.1%,减为增长1.2%和1.8%。", year=2007
    )
    assert [(q.text, q.subject, q.period) for q in found] == [
        ("5.6%", "化学需氧量", "baseline"),
        ("13.1%", "二氧化硫排放量", "baseline"),
        ("1.2%", "化学需氧量", "annual"),
        ("1.8%", "二氧化硫排放量", "annual"),
    ]
    (_, end) = quantities("城镇登记失业率由上年的4.3%,降为4.1%。", year=2008)
    assert (end.subject, end.measure) == ("城镇登记失业率", "share")


@pytest.mark.parametrize(
    ("old", "new", "delta", "change", "notes"),
    [
        # a rise that became a fall: signed values, and said
        ("化学需氧量排放比上年增长1.2%。", "化学需氧量排放比上年下降3.14%。", -4.34, "changed",
         ("direction: rise → fall",)),
        ("出口比上年减少16%。", "出口比上年增长16%。", 32.0, "changed", ("direction: fall → rise",)),
        # two falls compare as written: the fall grew by 0.5 points
        ("能耗比上年下降3.5%。", "能耗比上年下降4%。", 0.5, "changed", ()),
        # a level reached by falling is a level, not a fall
        ("居民消费价格上涨2.6%。", "居民消费价格涨幅回落到2.6%。", 0.0, "unchanged", ()),
    ],
)  # fmt: skip
def test_a_rise_paired_with_a_fall_compares_signed_values(
    old: str, new: str, delta: float, change: str, notes: tuple[str, ...]
) -> None:
    (pair,) = [c for c in diff(parse(old), parse(new)).numbers if c.old and c.new]
    assert (pair.change, pair.notes) == (change, notes)
    assert pair.delta == pytest.approx(delta)


@pytest.mark.parametrize(
    ("text", "at", "subject", "kind", "measure"),
    [
        # a change against last year's budget is of the figure before it
        ("赤字规模4.06万亿元,比上年年初预算增加1800亿元。", 1, "赤字规模", "change", "money"),
        # a change in points with no subject of its own is one of the rate before it
        ("今年赤字率拟按4%左右安排、比上年提高1个百分点。", 1, "赤字率", "change", "points"),
        ("今年赤字率拟按2.8%安排,比去年预算高0.2个百分点。", 1, "赤字率", "change", "points"),
    ],
)  # fmt: skip
def test_a_stated_change_takes_the_subject_of_the_figure_it_changes(
    text: str, at: int, subject: str, kind: str, measure: str
) -> None:
    q = quantities(text, year=2025)[at]
    assert (q.subject, q.kind, q.measure) == (subject, kind, measure)


def test_the_deficit_by_its_size_is_the_fiscal_deficit() -> None:
    from policydiff._diff._numbers import subject_key

    assert subject_key("赤字规模") == subject_key("财政赤字") == subject_key("财政赤字规模")
    assert subject_key("赤字率") != subject_key("财政赤字")


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        # whom a rule applies to: conditions, beside the figure the rule sets
        ("对已拥有1套住房的本市户籍居民家庭,限购1套住房。", ["condition", "annual"]),
        ("对购买首套自住房且套型建筑面积在90平方米以上的家庭,首付款比例不得低于30%。",
         ["condition", "annual"]),
        ("对已拥有1套及以上住房的,暂停在本市向其出售住房。", ["condition"]),
        # a country described, a tax bracket: no conditions
        ("对我们这样一个拥有14亿人口的发展中国家来说,很不容易。", ["annual"]),
        ("对小微企业年应纳税所得额不到100万元的部分,减半征收。", ["annual"]),
    ],
)  # fmt: skip
def test_a_threshold_saying_whom_a_rule_applies_to_is_a_condition(
    text: str, periods: list[str]
) -> None:
    assert [q.period for q in quantities(text, year=2011)] == periods


def test_conditions_pair_only_with_conditions_and_are_never_headlined() -> None:
    old = "一、限购\n对已拥有2套及以上住房的本市户籍居民家庭,暂停售房。"
    new = (
        "一、限购\n本市户籍成年单身人士未拥有住房的,限购1套住房;对已拥有1套及以上住房的,暂停售房。"
    )
    pairs = [c for c in diff(parse(old), parse(new)).numbers if c.old and c.new]
    assert [(c.old.quantity.text, c.new.quantity.text) for c in pairs] == [
        ("2套及以上", "1套及以上")
    ]
    assert not pairs[0].headline


def test_a_per_head_measure_closing_a_list_of_subjects_is_each_ones() -> None:
    found = quantities("居民医保和基本公共卫生服务经费人均财政补助标准分别再增加30元和5元。")
    assert [q.subject for q in found] == [
        "居民医保人均财政补助标准",
        "基本公共卫生服务经费人均财政补助标准",
    ]
