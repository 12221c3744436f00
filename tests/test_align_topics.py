"""Sections rewritten on the same topic: the children of linked sections, splits, merges and
regrouped levels, what the changelog's summary says of them, and identical nodes of any script.

The documents are small reviews in the shape of a government work report: a part per topic
(``一是`` macro policy, ``二是`` structural reform, ``三是`` innovation, ``四是`` livelihoods),
rewritten from one year to the next so that little but the topic words recur.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import AlignOptions, OptionError, align, diff, parse, read
from policydiff.model import PolicyDiff
from policydiff.render._view import view

from .conftest import CORPUS, require

OLD = """一、过去一年工作回顾
过去一年,我们统筹推进稳增长、促改革、调结构、惠民生、防风险各项工作。
一是创新和完善宏观调控,经济运行保持平稳。实施积极的财政政策,赤字率按2.6%安排,新增减税降费超过1.3万亿元。稳健的货币政策保持松紧适度,三次降低存款准备金率,引导市场利率下行。
二是深化供给侧结构性改革,实体经济活力不断释放。推进钢铁、煤炭去产能,淘汰落后产能,降低企业用能和物流成本。
三是深入实施创新驱动发展战略,创新能力进一步提升。加强国家实验室建设,基础研究投入增长,科技成果转化加快。
四是坚持在发展中保障和改善民生。城镇新增就业1361万人,棚户区住房改造580万套,提高退休人员基本养老金。
二、今年工作任务
今年要坚持稳中求进工作总基调。
"""

# The same four topics, in the same order, rewritten.
REWORDED = """一、去年工作回顾
去年,我们攻坚克难,完成全年主要目标任务。
一是宏观政策靠前发力,经济回升向好。财政赤字规模适度扩大,专项债券额度增加,货币供应合理充裕,两次降准。
二是化解过剩产能取得新进展,实体经济根基更加牢固。钢铁行业兼并重组,清理僵尸企业,企业成本负担减轻。
三是科技自立自强迈出新步伐,重大创新成果不断涌现。研发经费投入强度提高,国家实验室体系加快构建。
四是着力保障和改善民生,民生福祉持续增进。就业形势总体稳定,城镇老旧小区改造惠及千万家庭,养老金按时足额发放。
二、今年工作任务
今年要坚持稳中求进工作总基调。
"""

# Four other topics under the same (linked) review.
UNRELATED = """一、去年工作回顾
去年,我们攻坚克难,完成全年主要目标任务。
一是加强国防动员和后备力量建设,巩固军政军民团结。深化国防教育,做好退役军人安置。
二是做好港澳台侨工作,促进海峡两岸交流合作。支持港澳融入国家发展大局。
三是推进文化遗产保护利用,繁荣文艺创作。办好博物馆和公共图书馆。
四是加强气象和地震监测预警,提升防灾减灾能力。完善自然灾害应急预案。
二、今年工作任务
今年要坚持稳中求进工作总基调。
"""

# The macro-policy part in two: fiscal policy, then monetary policy.
SPLIT = """一、去年工作回顾
去年,我们攻坚克难,完成全年主要目标任务。
一是财政政策提质增效,赤字规模适度扩大,减税降费力度加大,专项债券额度增加。
二是货币政策灵活适度,两次降准,引导贷款利率下行,市场流动性合理充裕。
三是化解过剩产能取得新进展,实体经济根基更加牢固。钢铁行业兼并重组,清理僵尸企业,企业成本负担减轻。
四是科技自立自强迈出新步伐,重大创新成果不断涌现。研发经费投入强度提高,国家实验室体系加快构建。
五是着力保障和改善民生,民生福祉持续增进。就业形势总体稳定,城镇老旧小区改造惠及千万家庭,养老金按时足额发放。
二、今年工作任务
今年要坚持稳中求进工作总基调。
"""

# The review summarised in one paragraph, without parts.
SUMMARY = """一、去年工作回顾
去年,我们攻坚克难,完成全年主要目标任务。宏观调控有力有效,积极的财政政策和稳健的货币政策协同发力,减税降费超过1.3万亿元。供给侧结构性改革深入推进,钢铁、煤炭去产能任务完成。创新驱动发展战略深入实施,国家实验室建设加快。民生持续改善,城镇新增就业1361万人,基本养老金提高。
二、今年工作任务
今年要坚持稳中求进工作总基调。
"""

# The tasks under one heading one year, parts of their own the next.
TASKS_UNDER_A_HEADING = """一、总体要求
今年要坚持稳中求进工作总基调,统筹发展和安全。
二、重点任务
今年经济社会发展任务重、挑战多,要扎实做好各项工作。
(一)实施积极的财政政策,赤字率按2.6%安排,新增减税降费超过1.3万亿元,专项债券额度增加。
(二)深入实施创新驱动发展战略,加强国家实验室建设,基础研究投入增长,科技成果转化加快。
(三)保障和改善民生,稳定和扩大就业,提高退休人员基本养老金,推进城镇老旧小区改造。
"""
TASKS_AS_PARTS = """一、总体要求
今年要坚持稳中求进工作总基调,统筹发展和安全。
二、实施积极的财政政策,赤字率按2.8%安排,新增减税降费超过1.5万亿元,专项债券额度增加。
三、深入实施创新驱动发展战略,加强国家实验室建设,基础研究投入增长,科技成果转化加快。
四、保障和改善民生,稳定和扩大就业,提高退休人员基本养老金,推进城镇老旧小区改造。
"""


def compare(old: str, new: str, **options: object) -> PolicyDiff:
    return diff(parse(old), parse(new), **options)


def links(d: PolicyDiff) -> set[tuple[str, str]]:
    return {(link.old, link.new) for link in d.alignment.links}


def related(d: PolicyDiff) -> set[tuple[str, str, str]]:
    return {(r.kind, r.old, r.new) for r in d.alignment.related}


def sections_and_measures(d: PolicyDiff) -> str:
    """The summary's clause on sections: ``0 new, 0 dropped, 5 changed ...``."""
    return view(d).glance.split("Sections and measures: ")[1].split(". Sentences")[0]


# --- reworded children of linked parents ---------------------------------------------------------


def test_reworded_children_of_linked_parents_link_as_changed() -> None:
    d = compare(OLD, REWORDED)
    assert ("1", "1") in links(d)
    assert {("1.1", "1.1"), ("1.2", "1.2"), ("1.3", "1.3"), ("1.4", "1.4")} <= links(d)
    children = [n for n in d.nodes if (n.old or n.new or "").startswith("1.")]
    assert {n.change for n in children} == {"changed"}
    assert sections_and_measures(d).startswith("0 new, 0 dropped")


def test_unrelated_children_of_linked_parents_do_not_link() -> None:
    d = compare(OLD, UNRELATED)
    assert ("1", "1") in links(d)
    assert not {(a, b) for a, b in links(d) if a.startswith("1.") or b.startswith("1.")}
    assert not d.alignment.related
    assert sections_and_measures(d).startswith("4 new, 4 dropped")


def test_a_part_rewritten_and_moved_links_by_the_words_that_name_it() -> None:
    # The livelihoods part of a work report's review: second in 2021 (优先稳就业保民生,人民生活
    # 得到切实保障), seventh in 2022 (着力保障和改善民生,加快发展社会事业), rewritten so that its
    # text is hardly closer to its successor than to any other part. 民生 and 保障 name it in
    # both years and no other part.
    old, new = read(require(CORPUS / "gwr_2021.txt")), read(require(CORPUS / "gwr_2022.txt"))
    moved = {(link.old, link.new, link.moved) for link in diff(old, new).alignment.links}
    assert ("1.2", "1.7", True) in moved
    assert ("1.2", "1.7", True) not in {
        (link.old, link.new, link.moved) for link in diff(old, new, named_terms=0).alignment.links
    }


def test_the_topic_pass_is_a_context_pass_that_can_be_turned_off() -> None:
    for off in ({"sibling_bonus": 0}, {"context_bonus": 0}):
        assert ("1.1", "1.1") not in links(compare(OLD, REWORDED, **off))
    with pytest.raises(OptionError, match="sibling_floor"):
        AlignOptions(sibling_floor=1.5)
    with pytest.raises(OptionError, match="sibling_anchors"):
        AlignOptions(sibling_anchors=0)


def test_the_topic_pass_reads_the_same_from_either_side() -> None:
    for old, new in ((OLD, REWORDED), (OLD, SPLIT), (OLD, SUMMARY), (OLD, UNRELATED)):
        a, b = list(parse(old).walk()), list(parse(new).walk())
        forward, backward = align(a, b), align(b, a)
        assert {(x.old, x.new, x.moved) for x in forward.links} == {
            (x.new, x.old, x.moved) for x in backward.links
        }
        mirror = {"split_from": "merged_into", "merged_into": "split_from"}
        assert {(r.kind, r.old, r.new) for r in forward.related} == {
            (mirror[r.kind], r.new, r.old) for r in backward.related
        }


# --- splits, merges, summaries and regrouped levels ----------------------------------------------


def test_a_child_split_in_two_is_reported_as_a_split() -> None:
    d = compare(OLD, SPLIT)
    kept = d.alignment.new_for("1.1")
    assert kept in ("1.1", "1.2")
    (carved,) = {"1.1", "1.2"} - {kept}
    assert ("split_from", "1.1", carved) in related(d)
    assert {("1.2", "1.3"), ("1.3", "1.4"), ("1.4", "1.5")} <= links(d)
    assert "1 split off from an old section" in sections_and_measures(d)
    assert sections_and_measures(d).startswith("0 new, 0 dropped")


def test_two_children_merged_into_one_are_a_merge_not_a_drop() -> None:
    d = compare(SPLIT, REWORDED)
    assert [(r.kind, r.new) for r in d.alignment.related] == [("merged_into", "1.1")]
    clause = sections_and_measures(d)
    assert clause.startswith("0 new, 0 dropped") and "1 merged into a new section" in clause
    assert clause in d.to_markdown(detail="full")


def test_parts_summarised_in_their_section_are_merged_into_it() -> None:
    d = compare(OLD, SUMMARY)
    assert related(d) == {("merged_into", f"1.{k}", "1") for k in range(1, 5)}
    assert sections_and_measures(d).startswith("0 new, 0 dropped")
    back = compare(SUMMARY, OLD)
    assert related(back) == {("split_from", "1", f"1.{k}") for k in range(1, 5)}
    # Parts on topics the summary does not mention stay dropped.
    assert not compare(UNRELATED, SUMMARY).alignment.related


def test_a_heading_whose_parts_became_sections_is_regrouped_not_dropped() -> None:
    d = compare(TASKS_UNDER_A_HEADING, TASKS_AS_PARTS)
    assert {("2.1", "2"), ("2.2", "3"), ("2.3", "4")} <= links(d)
    clause = sections_and_measures(d)
    assert clause.startswith("0 new, 0 dropped") and "1 regrouped (its parts live on)" in clause


def test_the_summary_still_says_dropped_when_a_topic_is_gone() -> None:
    d = compare(OLD, UNRELATED)
    assert "merged" not in view(d).glance and "split" not in view(d).glance
    assert sections_and_measures(d).startswith("4 new, 4 dropped")


# --- identical nodes of any script ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["——", "……\n\n——", "ひらがな", "한국어", "Ⅰ", "Ⅱ、Ⅲ", "café", "一、——\n二、〇〇"]
)
def test_identical_texts_without_han_latin_or_digits_have_no_change(text: str) -> None:
    assert diff(parse(text), parse(text)).is_empty
    nodes = list(parse(text).walk())
    assert {(x.old, x.new) for x in align(nodes, nodes).links} == {(n.path, n.path) for n in nodes}


@given(st.text(max_size=200))
def test_identical_documents_link_every_node_to_itself(text: str) -> None:
    doc = parse(text)
    d = diff(doc, doc)
    assert all(n.change == "unchanged" and not n.moved for n in d.nodes)
    assert not d.alignment.related


NO_NUMERALS = st.characters(exclude_categories=("Nd", "Nl", "No", "Cs"))


@given(
    st.text(NO_NUMERALS, max_size=200)
    | st.text(st.sampled_from("二、。(一)——かな한é,;:!?-%"), max_size=80)
)
def test_identical_documents_without_figures_have_an_empty_diff(text: str) -> None:
    # Figures are paired by the numbers stage, whose own tests cover them.
    doc = parse(text)
    assert diff(doc, doc).is_empty


def _budget(lines: list[tuple[str, str, str, str]]) -> str:
    return "一、项目支出说明\n" + "".join(
        f"{k}.“{title}”{amount}万元,主要用于{use}。2022年当年预算执行数为{amount}万元,"
        f"2023年预算安排{amount}万元,比2022年预算执行数增加10%。主要原因是:{why}。\n"
        for k, (title, amount, use, why) in enumerate(lines, start=1)
    )


_KEPT = [
    (
        "一般公共服务支出(类)统计信息事务(款)专项普查活动(项)",
        "60.13",
        "统计管理",
        "统计管理经费增加",
    ),
    ("公共安全支出(类)司法(款)公共法律服务(项)", "30.00", "公共法律服务", "公共法律服务经费增加"),
    (
        "城乡社区支出(类)城乡社区管理事务(款)城管执法(项)",
        "822.95",
        "城管执法",
        "城乡社区管理事务经费增加",
    ),
]
_SOCIAL = (
    "社会保障和就业支出(类)民政管理事务(款)社会组织管理(项)",
    "21.50",
    "社会组织管理",
    "社会组织管理经费增加",
)


def test_items_titled_apart_are_two_items_however_alike_their_template() -> None:
    old = parse(_budget([*_KEPT, _SOCIAL]))
    new = parse(
        _budget(
            [
                *_KEPT,
                (
                    "教育支出(类)其他教育支出(款)其他教育支出(项)",
                    "25.00",
                    "其他教育支出",
                    "项目调整",
                ),
            ]
        )
    )
    changes = {(c.change, c.old, c.new) for c in diff(old, new).nodes}
    assert {("dropped", "1.4", None), ("added", None, "1.4")} <= changes
    # the same item, its figures changed, is linked
    renewed = parse(_budget([*_KEPT, (_SOCIAL[0], "25.00", _SOCIAL[2], _SOCIAL[3])]))
    assert ("changed", "1.4", "1.4") in {(c.change, c.old, c.new) for c in diff(old, renewed).nodes}
