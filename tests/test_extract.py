"""Tests for policydiff.extract: the number grammar, what is not a quantity, qualifiers, metrics,
as_of, kind, ``分别``-lists, robustness, and the gold quantities of the samples."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policydiff.extract import QUALIFIERS, _lexicon, quantities, unit_class
from policydiff.model import Quantity

from .conftest import CORPUS, GOLD, SAMPLES, require
from .strategies_quantities import (
    Cell,
    Written,
    chinese_counts,
    declared_tables,
    embedded,
    listed_counts,
    written_quantities,
)

ENUM = {"approx", "nearly", "over", "at_least", "under", "at_most", "cumulative"}


def values(text: str, **kwargs: int) -> list[tuple[float, float, str]]:
    return [(q.low, q.high, q.unit) for q in quantities(text, **kwargs)]


def one(text: str, **kwargs: int) -> Quantity:
    found = quantities(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def full_width_to_ascii(text: str) -> str:
    """What normalization does before extraction: NFKC on U+FF01–U+FF5E only."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in text
    )


# --------------------------------------------------------------------------------------------
# Grammar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("村卫生室58.2万个,", [(582000, 582000, "个")]),
        ("中央财政投入约25亿元。", [(2.5e9, 2.5e9, "元")]),
        ("双向转诊人次数达到3032.17万,", [(30321700, 30321700, "")]),
        ("城镇新增就业1,361万人。", [(13610000, 13610000, "人")]),
        ("国内生产总值达到114万亿元,", [(1.14e14, 1.14e14, "元")]),
        ("粮食产量1.37万亿斤,", [(1.37e12, 1.37e12, "斤")]),
        ("诊疗人次占比达到52%,", [(52, 52, "%")]),
        ("比去年预算高0.2个百分点;", [(0.2, 0.2, "个百分点")]),
        ("报销比例逐级差距保持在5-10%左右。", [(5, 10, "%")]),
        ("每年提升1~3个百分点的速度", [(1, 3, "个百分点")]),
        ("增长6%-6.5%;", [(6, 6.5, "%")]),
        ("增长7%—8%;", [(7, 8, "%")]),
        ("分别增长7%和8%。", [(7, 7, "%"), (8, 8, "%")]),
        ("扩招3至5万人。", [(30000, 50000, "人")]),
        ("村卫生室要达到1/3以上。", [(1 / 3, 1 / 3, "")]),
        ("种类压减三分之一以上。", [(1 / 3, 1 / 3, "")]),
        ("覆盖率达到百分之三十。", [(30, 30, "%")]),
        ("印发十三个文件,", [(13, 13, "个")]),
        ("目前已遴选两批30个城市。", [(2, 2, "批"), (30, 30, "个")]),
        ("确定五批125个国家区域医疗中心建设项目", [(5, 5, "批"), (125, 125, "个")]),
        ("选出五六个试点,", [(5, 6, "个")]),
        ("我委在9省(区)共27个县(市、区)开展试点。", [(9, 9, "省"), (27, 27, "个")]),
        ("我委等13部门印发《意见》", [(13, 13, "部门")]),
        ("主动公开政府信息 1136 条。", [(1136, 1136, "条")]),
        ("建设2×66万千瓦发电项目", [(660000, 660000, "千瓦")]),
        ("关停10蒸吨以下锅炉", [(10, 10, "蒸吨")]),
        ("是十一五时期的2.7倍。", [(2.7, 2.7, "倍")]),
        ("人均预期寿命提高到78.2岁。", [(78.2, 78.2, "岁")]),
        ("劳动年龄人口平均受教育年限提高到11.3年。", [(11.3, 11.3, "年")]),
        ("申请之日起15个工作日内办结", [(15, 15, "个工作日")]),
        ("行政许可\n\n550\n\n行政处罚", [(550, 550, "")]),
    ],
)
def test_grammar(text: str, expected: list[tuple[float, float, str]]) -> None:
    found = values(text)
    assert len(found) == len(expected), found
    for (low, high, unit), (want_low, want_high, want_unit) in zip(found, expected, strict=True):
        assert math.isclose(low, want_low, rel_tol=1e-9)
        assert math.isclose(high, want_high, rel_tol=1e-9)
        assert unit == want_unit


def test_text_and_span_are_what_is_written() -> None:
    text = "累计培训全科专业住院医师近8.8万人、助理全科医生5万余人。"
    found = quantities(text, offset=100)
    assert [q.text for q in found] == ["近8.8万人", "5万余人"]
    for q in found:
        assert text[q.span[0] - 100 : q.span[1] - 100] == q.text


def test_a_decimal_range_is_not_a_date() -> None:
    assert values("基层医疗卫生机构1800.5-1,801万,") == [(18005000, 18010000, "")]


def test_from_to_is_two_values_not_a_range() -> None:
    assert values("报销比例由50%提高到60%,") == [(50, 50, "%"), (60, 60, "%")]


def test_list_of_bare_numbers_before_a_unit_keeps_the_last_unit() -> None:
    assert values("村卫生室58.2万个、57万个") == [(582000, 582000, "个"), (570000, 570000, "个")]


# --------------------------------------------------------------------------------------------
# Not quantities


@pytest.mark.parametrize(
    "text",
    [
        "2023年,我委印发文件。",
        "2024年7月12日",
        "日期:2025-01-26 发布时间 2023.7.26 09:56",
        "各地要在6月底前制定方案,3月19日召开发布会。",
        "2002年到2005年,连续四年开展评估。",
        "第三批、第51届会刊、第7663号建议、第1、2、3条",
        "进一步完善高血压、2型糖尿病等慢性病患者健康服务",
        "5岁以下儿童死亡率下降,对65岁以上老年人群开展服务",
        "拓展5G应用,细颗粒物(PM2.5)浓度下降,COVID-19疫情",
        "落实“两个允许”要求,推动实现“六个拓展”,发挥“五级书记”作用",
        "国办发〔2021〕18号、国令第 711 号、皖ICP备12001733号",
        "正文\n- 1 -\n正文",
        "电话:15855187095 QQ:314409254 电 话 ： 0517-87222589 邮 编 ： 223100",
        "信箱:314409254@qq.com 来源: www.055110.com 网址 https://www.gov.cn/a/2024/12.htm",
        "实施“十四五”规划,党的二十大精神,十八大以来,一是强机构,三年行动方案",
        "十四届全国人大二次会议,十九届六中全会,三次产业融合",
        "东怡金融广场B座37楼,626小河沿岸,12345热线",
        "贯彻《2023年卫生健康工作要点(第2版)》",
        "每10万人口孕产妇死亡率,近5年来,连续3年内完成",
        "推广一批改革经验,每个街道办好一所社区卫生服务中心",
        "1.属于国家秘密\n(1)其他情形",
        "参保不足1年的农民工,20年以上小区",
        "华润雪花、三元乳业等企业",
        "严格落实中央八项规定精神,持续纠治“四风”",
        "认真贯彻落实中央八项规定及其实施细则精神",
        "严格落实中央八项规定、自治区党委配套规定",
        "协调推进四个全面战略布局,深刻领悟两个确立的决定性意义",
        "坚持两个毫不动摇,统筹两个大局,三个没有变",
        "国家卫生健康委将持续从四个方面发力:",
        "要突出抓好以下八个方面的工作:",
        "从扩大增量、提升存量这两个方面,持续加强队伍建设",
        "从三个层面推进改革,提出以下几点意见,讲三点体会",
    ],
)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the aspects only group what is counted; the measures are the quantity
        ("推出8个方面90项政策措施,实施援企稳岗。", [(90, "项", "政策措施")]),
        ("主要包括六个方面20条具体任务。", [(20, "条", "具体任务")]),
        ("重点是围绕6个方面20条举措,力图改善服务。", [(20, "条", "举措")]),
        ("出台了20条举措,支持企业发展。", [(20, "条", "举措")]),
        ("提出20条举措支持企业发展。", [(20, "条", "举措")]),
        ("出台支持举措20条。", [(20, "条", "支持举措")]),
        ("采取三项措施:一是加强领导。", [(3, "项", "措施")]),
        ("制定12条硬核措施帮助企业纾困。", [(12, "条", "硬核措施")]),
        ("印发惠企政策措施35项。", [(35, "项", "惠企政策措施")]),
        ("部署五项重点任务推动落实。", [(5, "项", "重点任务")]),
        (
            "实施八项工程,严格落实自治区党委28条配套规定和市委十项要求。",
            [
                (8, "项", "工程"),
                (28, "条", "配套规定"),
                (10, "项", "要求"),
            ],
        ),
    ],
)
def test_counts_of_measures_take_the_counted_noun(
    text: str, expected: list[tuple[float, str, str]]
) -> None:
    assert [(q.low, q.unit, q.metric) for q in quantities(text)] == expected


def test_traps_next_to_real_quantities() -> None:
    text = "出生缺陷导致的婴儿死亡率、5岁以下儿童死亡率均降低了30%以上。"
    assert values(text) == [(30, 30, "%")]


# --------------------------------------------------------------------------------------------
# Qualifiers


def test_qualifier_enum_is_small_and_closed() -> None:
    assert set(QUALIFIERS.values()) == ENUM
    with pytest.raises(TypeError):
        QUALIFIERS["约"] = "over"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("约6000人", "approx"),
        ("5-10%左右", "approx"),
        ("近8000人", "nearly"),
        ("接近60%", "nearly"),
        ("超过3万家", "over"),
        ("5万余人", "over"),
        ("1800多个", "over"),
        ("逾百分之五十", "over"),
        ("70%以上", "at_least"),
        ("不低于60%", "at_least"),
        ("不少于70%", "at_least"),
        ("至少有1名", "at_least"),
        ("不到100万元", "under"),
        ("不足1万人", "under"),
        ("4.5%以内", "at_most"),
        ("5.3%以下", "at_most"),
        ("不超过三个月", "at_most"),
        ("累计培训基层卫生骨干65万人", "cumulative"),
        ("累计培训全科专业住院医师近8.8万人", "nearly"),
        ("共培训基层卫生人员77万人", None),
    ],
)
def test_qualifiers(text: str, qualifier: str | None) -> None:
    assert one(text).qualifier == qualifier


# --------------------------------------------------------------------------------------------
# Metrics

NHC_2024 = (
    "截至2023年底,全国共有基层医疗卫生机构65.3万个,其中,社区卫生服务中心(站)3.7万个,"
    "乡镇卫生院3.4万个,村卫生室58.2万个,基本实现城乡居民医疗卫生服务全覆盖。"
)


def test_metrics_of_a_list_after_its_total() -> None:
    assert [q.metric for q in quantities(NHC_2024)] == [
        "基层医疗卫生机构",
        "社区卫生服务中心(站)",
        "乡镇卫生院",
        "村卫生室",
    ]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("持续实施基层卫生人才能力提升培训项目,已累计培训基层卫生骨干65万人。", "培训基层卫生骨干"),
        ("截至2024年底,中央财政累计投入约25亿元,共培训基层卫生人员77万人。", "培训基层卫生人员"),
        ("2023年已招录大学生村医约6000人;", "招录大学生村医"),
        ("截至2023年底,基层医疗卫生机构诊疗人次占比达到52%,", "基层医疗卫生机构诊疗人次占比"),
        (
            "逐步扩大农村订单定向免费医学生招生培养规模,2024年将进一步扩大到近8000人;",
            "农村订单定向免费医学生招生培养规模",
        ),
        ("全国87.71%的县级医院达到医疗服务能力基本标准", "县级医院达到医疗服务能力基本标准"),
        ("深入推进基层卫生健康12个综合试验区建设。", "综合试验区建设"),
        ("设置心血管、儿科、呼吸等13个类别的国家医学中心", "类别"),
        ("特别是粮食生产。近14亿中国人的饭碗要端牢", "中国人"),
    ],
)
def test_metric(text: str, metric: str) -> None:
    assert quantities(text)[-1].metric == metric


def test_a_bare_change_takes_the_subject_before_it() -> None:
    text = "全国双向转诊人次数达到3032.17万,较2022年终增长9.7%,机制不断健全。"
    assert [q.metric for q in quantities(text)] == ["双向转诊人次数", "双向转诊人次数增长"]


def test_a_change_after_a_change_keeps_the_first_subject() -> None:
    text = "城镇常住居民人均可支配收入完成30788元,比2010年增加13480元,年均递增12.2%。"
    assert [q.metric for q in quantities(text)] == [
        "城镇常住居民人均可支配收入",
        "城镇常住居民人均可支配收入增加",
        "城镇常住居民人均可支配收入年均递增",
    ]


def test_from_to_values_share_their_subject() -> None:
    text = "地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元,年均增长12.1%;"
    found = quantities(text)
    assert [q.metric for q in found] == ["地区生产总值", "地区生产总值", "地区生产总值年均增长"]
    assert [q.as_of for q in found] == ["2010", "2015", "2015"]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("累积完成全社会固定资产投资615亿元,是“十一五”时期的2.7倍。", "累积完成全社会固定资产投资"),
        ("一般公共财政预算收入完成17亿元,按可比口径增长13%;", "一般公共财政预算收入增长"),
        ("今年赤字率拟按3.6%以上安排,", "赤字率"),
        ("牧业年度牲畜头数16.4万头(只)、", "牧业年度牲畜头数"),
        ("铺设自来水管道85公里,解决了9个村3.2万人的安全饮水;", "安全饮水"),
        ("发放就业小额担保贷款1230万元,实现城镇新增就业6790人。", "城镇新增就业"),
        ("实现高职院校扩招100万人目标。", "高职院校扩招"),
        ("每人每月一般不超过本市最低生活保障标准,每次救助时间一般不超过三个月。", "每次救助时间"),
        ("力争新增城镇就业1100万人以上。", "新增城镇就业"),
    ],
)
def test_metric_regressions_from_the_corpus(text: str, metric: str) -> None:
    assert quantities(text)[-1].metric == metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("铺设自来水管道85公里,解决了9个村3.2万人的安全饮水;", "村"),
        ("新增试点5个县,覆盖人口80万。", "县"),
        ("共有乡镇12个,其中建成示范乡镇3个镇。", "镇"),
    ],
)
def test_a_one_character_noun_after_a_count_is_its_metric(text: str, metric: str) -> None:
    counts = [q for q in quantities(text) if q.unit == "个"]
    assert counts[-1].metric == metric


# --------------------------------------------------------------------------------------------
# 、-lists whose counted noun follows the last item


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        (
            "完成了老城区8条、12.3公里道路提升改造,百姓出行难问题得到进一步改善。",
            ["道路提升改造", "道路提升改造"],
        ),
        ("今年新建3座、1.2万平方米公共厕所。", ["公共厕所", "公共厕所"]),
        (
            "改造中心城区老旧小区45个、供热管网36.5公里和2处、1.5公顷街心公园,",
            [
                "改造中心城区老旧小区",
                "改造供热管网",
                "街心公园",
                "街心公园",
            ],
        ),
        # an item with an attribute of its own keeps it; a bare item takes the list's noun
        (
            "投资4.7亿元,完成65条、总长度57.9公里的城市道路新建改造,继续打通断头路。",
            ["投资", "城市道路新建改造", "总长度城市道路新建改造"],
        ),
        # a predicate after the list is not what the items count
        ("到2017年底前实现农村贫困人口96户、183人全部稳定脱贫。", ["农村贫困人口"] * 2),
        ("精准扶贫工作按期完成,96户、183人实现全部脱贫。", ["实现全部脱贫"] * 2),
        # not one list: each item has its own subject
        (
            "城镇新增就业1361万人、调查失业率稳定在5%左右的较低水平。",
            [
                "城镇新增就业",
                "调查失业率",
            ],
        ),
        ("新建文化活动室17所、卫生室8所;", ["新建文化活动室", "新建卫生室"]),
        ("村卫生室58.2万个、57万个,", ["村卫生室", "村卫生室"]),
    ],
)
def test_a_list_takes_the_noun_after_its_last_item(text: str, metrics: list[str]) -> None:
    assert [q.metric for q in quantities(text)] == metrics


@settings(max_examples=100)
@given(listed_counts())
def test_a_list_takes_the_noun_after_its_last_item_anywhere(case: tuple[str, str]) -> None:
    text, noun = case
    assert [q.metric for q in quantities(text)] == [noun, noun], text


# --------------------------------------------------------------------------------------------
# Tables flattened into lines

HONGZE_FEES = "信息内容\n本年收费金额(单位:万元)\n行政事业性收费\n7730.28"


def test_a_declared_unit_applies_to_the_cells_of_its_table() -> None:
    q = one(HONGZE_FEES)
    assert (q.text, q.low, q.unit, q.metric) == ("7730.28", 77302800.0, "元", "行政事业性收费")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "信息内容\n本年处理决定数量\n行政处罚\n行政强制\n4119\n195",
            [(4119, "", "行政处罚"), (195, "", "行政强制")],
        ),
        (
            "单位:亿元\n项目\n金额\n一般公共预算收入\n政府性基金收入\n12.5\n3.25",
            [(1.25e9, "元", "一般公共预算收入"), (3.25e8, "元", "政府性基金收入")],
        ),
        (
            "项目\n金额\n万元\n营业收入\n营业成本\n1,234.5\n17",
            [(12345000, "元", "营业收入"), (170000, "元", "营业成本")],
        ),
        ("指标\n参保率(%)\n城乡居民医保\n95.5", [(95.5, "%", "城乡居民医保")]),
        ("金额单位:千元。\n项目\n罚没收入\n36.5", [(36500, "元", "罚没收入")]),
        # several columns: which cell is in which column is lost, so no label is sure
        (
            "信息内容\n本年制发件数本年废止件数现行有效件数\n规章\n行政规范性文件\n0\n3\n0\n5\n0\n8",
            [(0, "", ""), (3, "", ""), (0, "", ""), (5, "", ""), (0, "", ""), (8, "", "")],
        ),
        # two columns declaring different units: neither applies
        ("项目\n数量(件)\n金额(万元)\n甲项目\n3\n4", [(3, "", ""), (4, "", "")]),
        # the table ends where prose starts; a noun unit in brackets declares nothing
        (
            "单位:万元\n收入\n100\n说明:以上为初步数。\n件数\n20",
            [
                (1e6, "元", "收入"),
                (20, "", ""),
            ],
        ),
        ("覆盖9省(区)\n合计\n27", [(9, "省", "覆盖"), (27, "", "合计")]),
        # a number inside prose is not a cell, whatever a header said before it
        ("(单位:万元)\n全年收费为5,比上年略增。", [(5, "", "收费")]),
    ],
)
def test_tables(text: str, expected: list[tuple[float, str, str]]) -> None:
    found = [(q.low, q.unit, q.metric) for q in quantities(text)]
    assert len(found) == len(expected), found
    for (low, unit, metric), (want_low, want_unit, want_metric) in zip(
        found, expected, strict=True
    ):
        assert math.isclose(low, want_low, rel_tol=1e-12)
        assert (unit, metric) == (want_unit, want_metric)


@settings(max_examples=200)
@given(declared_tables())
def test_declared_units_and_row_labels_anywhere(case: tuple[str, list[Cell]]) -> None:
    text, cells = case
    found = quantities(text)
    assert len(found) == len(cells), (text, found)
    for q, cell in zip(found, cells, strict=True):
        assert math.isclose(q.low, cell.low, rel_tol=1e-12), (text, q)
        assert (q.unit, q.metric) == (cell.unit, cell.metric), (text, q)


def test_a_number_at_the_start_of_the_text() -> None:
    assert values("5个试点城市,COVID-19 abc") == [(5, 5, "个")]


def test_a_list_shares_its_verb() -> None:
    text = "累计培训全科专业住院医师近8.8万人、助理全科医生5万余人,转岗培训全科医生25万余人。"
    assert [q.metric for q in quantities(text)] == [
        "培训全科专业住院医师",
        "培训助理全科医生",
        "转岗培训全科医生",
    ]


# --------------------------------------------------------------------------------------------
# 分别-lists


def test_fenbie_distributes_subjects_with_a_shared_head() -> None:
    found = quantities("城镇和农村居民人均可支配收入分别达35512元、25689元。")
    assert [(q.metric, q.low, q.unit) for q in found] == [
        ("城镇居民人均可支配收入", 35512, "元"),
        ("农村居民人均可支配收入", 25689, "元"),
    ]


def test_fenbie_distributes_subjects_verb_and_object() -> None:
    found = quantities("目前,县域医学影像中心、远程医疗服务已分别覆盖50%、70%以上的乡镇卫生院。")
    assert [(q.metric, q.low, q.qualifier) for q in found] == [
        ("县域医学影像中心覆盖乡镇卫生院", 50, None),
        ("远程医疗服务覆盖乡镇卫生院", 70, "at_least"),
    ]


def test_fenbie_spells_out_a_contracted_pair() -> None:
    found = quantities("城乡居民人均可支配收入分别增长8.7%和8.6%。")
    assert [q.metric for q in found] == ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]


def test_fenbie_with_mismatched_counts_falls_back_to_the_clause() -> None:
    found = quantities("各项指标分别增长5%、6%和7%。")
    assert len(found) == 3
    assert all(q.metric == "各项指标增长" for q in found)


# --------------------------------------------------------------------------------------------
# as_of


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("截至2024年底,共培训基层卫生人员77万人。", "2024-12-31"),
        ("截至2023年6月底,共培训基层卫生人员77万人。", "2023-06-30"),
        ("截至2024年2月29日,共培训77万人。", "2024-02-29"),
        ("2023年,我委等10部门印发《意见》。", "2023"),
        ("2024年6月,我委等3部门印发《首页》。", "2024-06"),
        ("2024年,共巡查社区卫生服务中心1800多个。", "2024"),
        ("今年达到紧密型标准的县比例不低于60%。", "2023"),
        ("去年年底,经国务院同意,联合9个部门印发了文件。", "2022-12-31"),
        ("去年新增减税降费超过1万亿元。", "2022"),
        ("持续实施培训项目,已累计培训基层卫生骨干65万人。", None),
        ("2018年起,中央财政每年安排补助资金约10亿元。", None),
        ("双向转诊人次数较2022年终增长9.7%。", None),
        ("贯彻《2023年工作要点》,培训77万人。", None),
    ],
)
def test_as_of(text: str, as_of: str | None) -> None:
    assert quantities(text, year=2023)[-1].as_of == as_of


def test_relative_years_need_the_documents_year() -> None:
    assert one("今年新增就业1100万人。").as_of is None
    assert one("今年新增就业1100万人。", year=2019).as_of == "2019"


def test_a_sentence_opening_time_scopes_the_whole_sentence() -> None:
    text = "截至2023年底,全国有乡镇卫生院3.4万个;村卫生室58.2万个。"
    assert [q.as_of for q in quantities(text)] == ["2023-12-31", "2023-12-31"]


def test_a_time_inside_a_segment_does_not_leak_into_the_next() -> None:
    text = "2023年已招录大学生村医约6000人;持续实施项目,已累计培训基层卫生骨干65万人。"
    assert [q.as_of for q in quantities(text)] == ["2023", None]


# --------------------------------------------------------------------------------------------
# kind


@pytest.mark.parametrize(
    "text",
    [
        "2024年将进一步扩大到近8000人;",
        "力争新增建设社区医院500所。",
        "今年发展主要预期目标是:国内生产总值增长6%-6.5%;城镇新增就业1100万人以上。",
        "到2025年,家庭医生签约率达到75%。",
        "今年达到紧密型标准的县比例不低于60%。",
        "村卫生室要达到1/3以上。",
        "确保每个乡镇卫生院至少有1名主治医师。",
        "每次救助时间一般不超过三个月。",
    ],
)
def test_targets(text: str) -> None:
    assert quantities(text, year=2024)[-1].kind == "target"


@pytest.mark.parametrize(
    "text",
    [
        "截至2023年底,全国共有基层医疗卫生机构65.3万个。",
        "将2.8万亿元中央财政资金纳入直达范围。",
        "到2020年底,全国完成改造5.6万个。",
        "地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元。",
        "常住人口城镇化率提高到60.6%。",
    ],
)
def test_actuals(text: str) -> None:
    assert quantities(text, year=2024)[-1].kind == "actual"


GWR_2020_TARGETS = (
    "综合研判形势,我们对疫情前考虑的预期目标作了适当调整。今年要优先稳就业保民生,坚决打赢"
    "脱贫攻坚战,努力实现全面建成小康社会目标任务;城镇新增就业900万人以上,城镇调查失业率6%"
    "左右,城镇登记失业率5.5%左右;居民消费价格涨幅3.5%左右;进出口促稳提质。"
)
GWR_2021_INVESTMENT = (
    "扩大有效投资。今年拟安排地方政府专项债券3.65万亿元,优化债券资金使用,优先支持在建工程。"
    "中央预算内投资安排6100亿元。继续支持促进区域协调发展的重大工程。政府投资更多向惠及面广的"
    "民生项目倾斜,新开工改造城镇老旧小区5.3万个,提升县城公共服务水平。"
)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (GWR_2020_TARGETS, 2020),
        (
            "积极的财政政策要加力提效。今年赤字率拟按2.8%安排,比去年预算高0.2个百分点;财政赤字"
            "2.76万亿元,其中中央财政赤字1.83万亿元。",
            2019,
        ),
        ("明年要着力扩大内需;新增专项债券额度3000亿元,新建保障性住房20万套。", 2023),
        ("力争全年粮食产量稳定;新建高标准农田4500万亩,耕地保有量18亿亩以上。", 2023),
        (GWR_2021_INVESTMENT, 2021),
        (
            "加强农田水利建设。今年计划新建高标准农田1亿亩。完成农村公路改造2万公里,新增供水"
            "能力300万吨。",
            2022,
        ),
        ("做好就业工作。明年将新增城镇就业1200万人。高校毕业生就业率保持在90%。", 2024),
    ],
)
def test_a_plan_at_the_head_carries_to_the_end(text: str, year: int) -> None:
    found = quantities(text, year=year)
    assert len(found) >= 2
    # (a stated change of a planned figure, 比去年预算高0.2个百分点, is a change, not an actual)
    levels = [q.kind for q in found if q.unit not in ("个百分点", "百分点")]
    assert levels == ["target"] * len(levels), found
    assert "actual" not in {q.kind for q in found}, found


@pytest.mark.parametrize(
    "text",
    [
        # the past in a planned sentence or paragraph stays a fact
        "今年要巩固成果;去年城镇新增就业1361万人,已完成改造5.6万个。",
        "扩大有效投资。今年拟安排专项债券。过去五年累计完成投资8万亿元,以来新增就业6000万人。",
        # 要看到 points at a fact; 今年已过去 and 今年以来 are not plans
        "要看到,去年城镇新增就业1361万人,粮食产量1.3万亿斤。",
        "今年已过去近5个月,下一阶段要毫不放松常态化疫情防控。",
        "今年以来,新增就业500万人;要继续抓好就业。",
        # a plan later in the sentence or paragraph does not reach back
        "城镇新增就业1352万人,要继续稳就业。",
        "稳定和扩大就业。城镇新增就业1186万人。今年要继续稳就业。",
        # a review has no plan at its head
        "过去一年,国内生产总值增长6.1%;城镇新增就业1352万人,调查失业率在5.3%以下。",
    ],
)
def test_a_plan_does_not_turn_facts_into_targets(text: str) -> None:
    found = [q for q in quantities(text, year=2021) if q.kind == "target"]
    assert found == [], found


def test_reaching_a_level_this_year_is_a_target() -> None:
    text = "2023年达到服务能力标准的机构比例提高到70%以上。"
    assert one(text, year=2023).kind == "target"
    assert one(text, year=2024).kind == "actual"


# --------------------------------------------------------------------------------------------
# unit classes, laziness, robustness


def test_unit_class() -> None:
    assert [unit_class(u) for u in ("%", "个百分点", "元", "亿美元", "个", "")] == [
        "percent",
        "percent",
        "money",
        "money",
        "count",
        "count",
    ]


def test_import_does_not_load_cn2an() -> None:
    code = "import sys, policydiff.extract; print('cn2an' in sys.modules)"
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "text",
    [
        "1" * 300_000,
        "一" * 300_000,
        "5个," * 50_000,
        "5-" * 100_000,
        "“" * 300_000,
        "a1.b2@" * 50_000,
        "城镇和农村分别达" + "35元、" * 40_000,
        "截至2024年底," * 30_000,
        "扩大投资。今年拟安排5亿元。" + "新建3个。" * 50_000,
        "单位:万元\n项目\n" + "收入\n" * 50_000 + "5\n" * 50_000,
        "完成" + "8条、" * 50_000 + "道路",
    ],
    ids=[
        "digits",
        "numerals",
        "counts",
        "dashes",
        "quotes",
        "emails",
        "fenbie",
        "times",
        "plans",
        "table",
        "list",
    ],
)
def test_long_inputs_give_exact_spans(text: str) -> None:
    # How long these take, and that it grows linearly, is measured by benchmarks/scaling.py.
    found = quantities(text)
    assert all(text[q.span[0] : q.span[1]] == q.text for q in found)
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(found))


GATED = ("_MASK", "_TERM_AR", "_TERM_CN", "_TIME", "_TARGET_TRIGGER", "_DECLARED_UNIT")
# Pieces of text the gated patterns start with or look at, mixed with prose, digits and spaces.
GATE_PIECES = st.sampled_from(
    [
        *"0123456789٣.,-—–~%+_@/:〔〕[](){}【】《》“”×",
        *(" ", "\t", "\n", "\u3000", "\u00a0", "2024", "年", "月", "日", "号", "底", "第", "页"),
        *("共", "截至", "到", "自", "从", "较", "比", "与", "今年", "去年", "上年", "本年", "力争"),
        *(
            "预期目标",
            "目标是",
            "确保",
            "计划到",
            "拟",
            "要",
            "要求",
            "将",
            "将近",
            "不低于",
            "超过",
        ),
        *("近", "约", "累计", "多", "左右", "以上", "万", "亿", "千", "百", "十", "一", "两", "三"),
        *("个", "人", "元", "项", "分之", "百分之", "邮编", "电话", "传真", "微信", "热线", "编号"),
        *("代码", "账号", "信箱", "地址", "QQ", "www.", "http://", "a", "x", ".com", ".cn", "增长"),
        *("单位:", "计量单位:", "(万元)", "万元", "元", "(区)", "人次", "百万", "千瓦", "%"),
    ]
)


# One text for each way a gated match can start.
GATE_EXAMPLES = [
    "\u3000- 3 -\n 1.总则 第3页 共5页\n\t(2)说明\n— 4 —\n– 5 –",
    "_a@x.cn .b@x.cn %c@x.cn +d@x.cn -e@x.cn f.gov.cn 2024.7.26 2024-7-26 3月19日 12:30",
    "〔2021〕18号 [2019]5号 (2020)3号 【2022】7号 国令第711号 5×3 1.2.3 5.总",
    "邮编:100000 电话:010-12345678 传真:64 手机:13912345678 微信:5 热线:12345 编号:7",
    "代码:8 帐号:9 账号:10 信箱:11 地址:12号 www.gov.cn http://a.cn QQ:123 qq:4",
    "截至2024年底 到2025年 至2023年 自2020年以来 从2019年 较2018年 比上年 与去年",
    "他2024年,其今年,其去年,其上年,其前年,其本年,其明年, 2024年 \u30002023年底",
    "力争 争取 预期目标 目标是 确保 计划到 拟 要 将 到2025年",
    "不低于5% 低于3% 多于2个 大约5 将近3 少于4 接近6 最多7 突破8 累计9 约10 至少11 超过12 近13 逾14 高于15",
    "一个 二个 三个 四个 五个 六个 七个 八个 九个 零个 〇个 两批 十项 百人 千人 万元 亿元",
    "百分之五 三分之一 不少于三个 低于三个 多于三个 大约三个 将近三个 少于三个 接近三个",
    "最多三个 突破三个 累计三个 约三个 至少三个 超过三个 近三个 逾三个 高于三个 共5页",
    "金额(单位:万元)\n计量单位:亿元\n 万元 \n\t%\n元\n千元\n百万元\n数量(人次) 9省(区) 单位 : 吨",
]


@pytest.mark.parametrize("text", GATE_EXAMPLES)
def test_gated_patterns_find_what_the_plain_ones_find(text: str) -> None:
    # A gate of first characters only skips positions where no match can start: a pattern
    # edited without its gate shows here.
    for name in GATED:
        lazy = getattr(_lexicon, name)
        plain = re.compile(lazy.source, lazy.compiled.flags)
        assert [m.span() for m in lazy.compiled.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], name


@settings(max_examples=300)
@given(st.lists(GATE_PIECES, max_size=25).map("".join))
def test_gated_patterns_find_what_the_plain_ones_find_anywhere(text: str) -> None:
    test_gated_patterns_find_what_the_plain_ones_find(text)


def test_gated_patterns_agree_on_the_corpus() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    for name in GATED:
        lazy = getattr(_lexicon, name)
        plain = re.compile(lazy.source, lazy.compiled.flags)
        for text in texts:
            assert [m.span() for m in lazy.compiled.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], name


@settings(max_examples=200)
@given(st.text())
@example("第1、2、3条,约5-到万亿")
@example("分别" + "、" * 10 + "5%")
@example("百分之点")
def test_never_raises_and_spans_are_exact(text: str) -> None:
    found = quantities(text, year=2024, offset=7)
    previous_end = 7
    for q in found:
        assert previous_end <= q.span[0] < q.span[1] <= len(text) + 7
        assert text[q.span[0] - 7 : q.span[1] - 7] == q.text
        assert q.low <= q.high
        assert q.qualifier is None or q.qualifier in ENUM
        assert q.kind in ("actual", "target")
        previous_end = q.span[1]


@settings(max_examples=300)
@given(written_quantities().flatmap(lambda w: st.tuples(st.just(w), embedded(w.text))))
def test_round_trip(case: tuple[Written, tuple[str, int]]) -> None:
    written, (sentence, at) = case
    found = [q for q in quantities(sentence) if q.span[0] <= at < q.span[1] or q.span[0] == at]
    assert len(found) == 1, (sentence, quantities(sentence))
    q = found[0]
    assert q.text == written.text
    assert math.isclose(q.low, written.low, rel_tol=1e-9)
    assert math.isclose(q.high, written.high, rel_tol=1e-9)
    assert q.unit == written.unit
    assert q.qualifier == written.qualifier


@settings(max_examples=100)
@given(chinese_counts().flatmap(lambda c: st.tuples(st.just(c), embedded(c[0]))))
def test_round_trip_chinese_numerals(case: tuple[tuple[str, int, str], tuple[str, int]]) -> None:
    (written, value, unit), (sentence, at) = case
    found = [q for q in quantities(sentence) if q.span[0] == at]
    assert [(q.text, q.low, q.unit) for q in found] == [(written, value, unit)]


# --------------------------------------------------------------------------------------------
# Samples and gold


def _read(path: Path) -> str:
    return full_width_to_ascii(require(path).read_text(encoding="utf-8"))


def _matches(gold: dict[str, object], q: Quantity) -> bool:
    low, high, unit = gold["low"], gold["high"], gold["unit"]
    assert isinstance(low, (int, float)) and isinstance(high, (int, float))
    assert isinstance(unit, str)
    return (
        math.isclose(q.low, low, rel_tol=1e-9)
        and math.isclose(q.high, high, rel_tol=1e-9)
        and unit_class(q.unit) == unit_class(unit)
    )


@pytest.mark.parametrize(("side", "year"), [("old", 2024), ("new", 2025)])
def test_gold_quantities_of_the_nhc_replies(side: str, year: int) -> None:
    gold = json.loads(require(GOLD / "nhc-reply-2024-vs-2025.json").read_text(encoding="utf-8"))
    found = quantities(_read(SAMPLES / gold[side]), year=year)
    wanted = gold["quantities"][side]
    # Gold excludes years, dates and counts written in Chinese numerals: score digits only.
    scored = [q for q in found if re.search(r"\d", q.text)]
    recall = sum(any(_matches(g, q) for q in found) for g in wanted) / len(wanted)
    precision = sum(any(_matches(g, q) for g in wanted) for q in scored) / len(scored)
    assert recall >= 0.95
    assert precision >= 0.95
    metrics = {q.metric for q in found}
    assert {"社区卫生服务中心(站)", "乡镇卫生院", "村卫生室"} <= metrics
    assert ("培训基层卫生骨干" if side == "old" else "培训基层卫生人员") in metrics


def test_traps_of_the_primary_care_pair() -> None:
    opencc = pytest.importorskip("opencc")
    gold = json.loads(
        require(GOLD / "primary-care-2023-vs-key-tasks-2024.json").read_text(encoding="utf-8")
    )
    assert "2型糖尿病" in gold["number_changes"]["note"]
    old = opencc.OpenCC("t2s").convert(_read(SAMPLES / gold["old"]))
    old = re.sub(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", "", old)
    for text, year in ((old, 2023), (_read(SAMPLES / gold["new"]), 2024)):
        for q in quantities(text, year=year):
            around = text[max(0, q.span[0] - 1) : q.span[1] + 1]
            assert not re.search(r"\d+型|\d+岁", around), q
    found = {q.text for q in quantities(old, year=2023)}
    assert {"不低于60%", "1/3以上", "70%以上", "1~3个百分点"} <= found


def test_quantities_of_the_health_reform_sample() -> None:
    gold = json.loads(require(GOLD / "health-reform-tasks-2023h2.json").read_text(encoding="utf-8"))
    found = quantities(_read(SAMPLES / gold["file"]), year=2023)
    for wanted in gold["quantities_sample"]:
        hits = [q for q in found if _matches(wanted, q)]
        assert hits, wanted
        if "qualifier" in wanted:
            assert {q.qualifier for q in hits} == {QUALIFIERS[wanted["qualifier"]]}


def test_every_corpus_document_extracts() -> None:
    paths = sorted(require(CORPUS).glob("*.txt"))
    assert paths
    for path in paths:
        found = quantities(full_width_to_ascii(path.read_text(encoding="utf-8")))
        assert all(isinstance(q, Quantity) for q in found)
    assert any(q.text == "突破90万亿元" for q in quantities(_read(CORPUS / "gwr_2019.txt")))


def test_a_time_does_not_reach_into_the_line_above() -> None:
    (q,) = quantities("上一段结束。\n今年发展的主要预期目标是:国内生产总值增长6%左右", year=2019)
    assert (q.as_of, q.kind) == ("2019", "target")
    (q,) = quantities("见上文\n2019年10月,国家卫生健康委等4部门联合印发方案。")
    assert q.as_of == "2019-10"


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("全年实现新增就业5300人、再就业1500人。", ["新增就业", "再就业"]),
        ("新建学校3所、医院2所。", ["新建学校", "新建医院"]),
        ("培训全科医生3万人、乡村医生5万人。", ["培训全科医生", "培训乡村医生"]),
    ],
)
def test_a_list_shares_its_verb_unless_an_item_has_its_own(text: str, metrics: list[str]) -> None:
    assert [q.metric for q in quantities(text)] == metrics


def test_inline_list_markers_are_not_quantities() -> None:
    assert quantities("(1)(2)(1)(2)") == ()
    found = [q.text for q in quantities("(1)加强管理,(2)完成5个。(3)")]
    assert found == ["5个"]
    # Not after a clause or a marker: a figure in parentheses stays a figure.
    assert [q.low for q in quantities("人数(3)")] == [3.0]


def test_an_item_number_run_into_a_year_is_no_figure() -> None:
    # A contents page: 5.2024年部门一般公共预算支出功能分类预算表 is item 5, a table of 2024.
    assert quantities("5.2024年部门一般公共预算支出功能分类预算表") == ()
    assert [q.low for q in quantities("任期为5.5年")] == [5.5]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("个贷率达到或超过90%时暂停", "at_least"),
        ("个贷率超过90%时暂停", "over"),
        ("比例大于等于3%", "at_least"),
        ("比例小于或等于5%", "at_most"),
    ],
)
def test_reach_or_exceed_counts_the_value_itself(text: str, qualifier: str) -> None:
    (q,) = quantities(text)
    assert q.qualifier == qualifier
