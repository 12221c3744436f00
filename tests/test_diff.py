from __future__ import annotations

import difflib
import itertools
import json
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from policydiff import PolicyDiff, diff, parse, read
from policydiff._diff import inline, pair_measures

from .conftest import CORPUS, SAMPLES, require
from .strategies import documents

NHC_OLD = SAMPLES / "nhc-reply-7663-2024.txt"
NHC_NEW = SAMPLES / "nhc-reply-community-health-2025.txt"

MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}


def node_keys(d: PolicyDiff) -> set[tuple[str, str | None, str | None, bool]]:
    return {(n.change, n.old, n.new, n.moved) for n in d.nodes}


@given(documents())
def test_diff_of_a_document_with_itself_is_empty(text: str) -> None:
    d = diff(parse(text), parse(text))
    assert all(n.change == "unchanged" and not n.moved for n in d.nodes)
    assert all(m.change == "unchanged" for m in d.measures)
    assert all(c.change == "unchanged" for c in d.numbers)
    assert d.agencies == () and d.citations == ()
    assert d.is_empty


# Two orientations of one tie: the old document's section matches either of two identical
# headings of the new one at the same relative distance (found by benchmarks/fuzz.py).
TIE_OLD = "2024年卫生健康重点工作任务\n持续抓好国土绿化。推动消费稳定增长。\n探索实行公立医院主要负责人年薪制\n规范地方政府举债融资机制,探索发展混合所有制经济,组织拟订相关社会救助政策和标准。\n一是推动解决村卫生室医保报销资质。截至2024年底,乡镇卫生院近3.7万个。印发《居民电子健康档案首页基本内容(试行)》,积极防范公立医院运营风险,优化基本药物制度,不断完善医疗卫生服务体系。\n二是推动充电、加氢等设施建设。\n规范和优化基层用药种类\n构建和谐的医患关系,大力推行基层检查、上级诊断、结果共享,夯实公立医院公益性基础。加强水电路气信邮等基础设施建设,强化科学合理网格化布局。\n一是按照《关于加快构建高标准自贸区网络的工作方案》要求,支持企业和社会力量兴办职业教育,确保公立医院实现收支平衡、持续发展,持续放大改革效应。\n二是加快推进公立医院高质量发展。\n三是加强农田水利建设。不断拓展对外经贸合作,制定支持双创深入发展的政策措施,持续提高家庭医生签约率。加强国家安全能力建设,实施国企改革三年行动,开展改善就医感受提升患者体验主题活动。\n加强生态保护修复和综合交通运输体系建设\n一是强化安全生产和应急管理。累计培训基层卫生骨干29万人。\n二是组织开展县医院医疗服务能力评估。参加基本医疗保险人数超过13.6亿人。\n不断将深化医改向纵深推进\n保持社会和谐稳定,完善转移支付制度,抓紧研究制定相关政策措施。\n"
TIE_NEW = "2024年卫生健康重点工作任务\n持续抓好国土绿化。推动消费稳定增长。\n探索实行公立医院主要负责人年薪制\n规范地方政府举债融资机制,探索发展混合所有制经济,组织拟订相关社会救助政策和标准。\n一是推动解决村卫生室医保报销资质。截至2024年底,乡体系。\n二是推动充电、加氢等设施建设。\n规范和优化基层用药种类\n构建和谐的医患关系,大力推行基层检查、上级诊断、结果共享,夯实公立医院公益性基础。加强水电路气信邮等基础设施建设,强化科学合理网格、持续发展,持续放大改革效应。\n二是加快推进公立医院高质量发展。\n三是加强农田水利建设。不断拓展对外经贸合作,制定支持双创深入发展的政策措施,持续提高家庭医生签约率。加强国家安全能力建设,实施国企改革三年行动,开展改善就医感受提升患者体验主题活动。\n加强生态保护修复和综合交通运输体系建设\n一是强化安全生产和应急管理。累计培训基层卫生骨干29万人。\n加强生态保护修复和综合交通运输体系建设\n二是组织开展县医院医疗服务能力评估。参加基本医疗保险人数超过13.6亿人。\n不断将深化医改向纵深推进\n保持社会和谐稳定,完善转移支付制度,抓紧研究制定相关政策措施。\n"


# Leftover siblings named alike from one side only: their shared words ran together in one
# lead and apart in the other.
NAMED_OLD = "对十四届全国人大二次会议第1095号建议的答复\n代表您好:\n您提出的《关于指导地方落实公立医院内部分配自主权的建议》收悉,经商财政部、国家发展改革委,现答复如下:\n一、加快药品流通行业创新发展\n加强社会心理服务。\n(一)关于做好北方地区清洁取暖工作。一是确保该家庭至少有一人就业,加强监测评估和宣传引导。二是落实异地就医结算,加快培养国家发展急需的各类技术技能人才,抓紧出台细化措施。三是新增高标准农田8313万亩。推动社会治理重心向基层下移。四是不断完善医疗卫生服务体系。加快发展现代职业教育,鼓励和支持以创业带动就业。不断将深化医改向纵深推进,探索完善药品流通新业态新模式,确保剩余贫困人口全部脱贫,抓紧抓实抓细各项工作。\n(二)夯实城乡基层医疗卫生服务网底,优化医保支出结构,持续加强乡村医疗卫生人才队伍建设,确保全面完成任务。促进上下级医疗机构用药衔接,取消一批行政许可事项,增强政府公信力和执行力,细化实化具体举措。\n二、深入基层、深入一线\n三、深化国际科技合作\n(一)关于丰富和灵活运用财政、货币、就业政策工具。单位国内生产总值能耗下降2.9-8.9%。推进筛诊治康一体化服务,提高资源配置和使用效率。\n(二)关于加强产前筛查和产前诊断与干预。支持文化产业发展,健全天然气产供储销体系,优化归国留学人员和外籍人才服务。保障公立医院人员薪酬的来源,抓紧出台细化措施。一是推动对外投资合作健康有序发展。二是加强金融风险监测预警和化解处置,加快关键信息考证发布及新药审批。三是防范化解重大风险要强化底线思维。四是着力抓好农业生产。\n(三)扩大享受税收优惠小微企业范围,健全工资正常增长机制,促进先天性疾病、遗传性疾病早诊早治。一是持续扩大两岸经济文化交流合作。坚持稳中求进工作总基调。二是培育一批专业化环保骨干企业,建立健全以县带乡、以乡带村的帮扶机制,不断完善分级诊疗制度框架。培育消费新增长点,深入开展国务院大督查,推动医疗技术和医院管理升级换代、弯道超车。三是深化医改要全面贯彻落实党的二十大精神。完善县域巡回医疗和派驻服务工作机制,引导资金更多流向重点领域和薄弱环节,指导社区卫生服务机构等加强临床科室建设。四是加强老年医学科规范化建设,提高电子政务建设的整体效益和水平,加快推进相关立法工作,加强正面宣传和政策解读。打造法治化、国际化、便利化的营商环境。\n(四)关于加快构建中国特色哲学社会科学。健全排污权交易制度,不断优化旅游市场环境。规范民营医院发展,健全社会信用体系,加强数字中国建设整体布局。贯彻落实《关于开展社会救助法律、法规、规章和政策的宣传的通知》,促进医保政策协同,积极稳妥推进混合所有制改革,加快儿童药物研发。\n四、推进城乡义务教育一体化发展\n(一)关于推进家庭医生签约服务高质量发展。会同有关部门出台《有序扩大国家区域医疗中心建设工作方案》,健全公共卫生体系,健全生态补偿机制,加强分级诊疗体系建设。\n国家卫生健康委员会\n2024年11月4日\n"
NAMED_NEW = "对十四届全国人大二次会议第1095号建议的答复\n代表您好:\n您提出的《关于指导地方落实公立医院内部分配自主权的建议》收悉,经商财政部、国家发展改革委,现答复如下:\n一、加速药品流通行业创新发展\n加强社会心理服务,支持保就业、保民生、保运转。\n(一)关于做好北方地区清洁取暖工作。扎实组织拟订相关社会救助政策和标准。一是抓好农业特别是粮食生产。二是确保该家庭至少有一人就业,加强监测评估和宣传引导。三是新增高标准农田约7731万亩。推动社会治理重心向基层下移。四是不断健全医疗卫生服务体系。加快发展现代职业教育,鼓励和支持以创业带动就业。不断扩大基层人才队伍,依法打击制售假冒伪劣商品等违法行为,坚持引进来与走出去相结合。\n(二)扩大优质专科资源辐射面,保持了经济平稳增长。促进上下级医疗机构用药衔接,取消一批行政许可事项,增强政府公信力和执行力,实施三孩生育政策,细化实化具体举措。启动全国碳排放权交易市场。\n二、保障全科医生薪酬待遇\n持续推进生态保护修复重大工程,持续加强行风建设。\n(一)关于完善全民健身公共服务体系。一是达到紧密型标准的县比例不低于48%。推动解决重点民生问题。二是依法接受同级人大及其常委会的监督。开展试点的县(市、区)达到21个。三是加大城市污水管网和处理设施建设力度。保障好群众住房需求,加强监测评估和宣传引导。进一步推广福建省三明市等地医改经验。\n(二)优化基层医疗卫生机构专业技术岗位结构,促进发明创造和转化运用,统筹城乡区域发展。\n(三)关于深入实施医疗卫生机构信息互通共享攻坚行动。持续推进县级医院专科建设,加强和创新社会治理,实施提升就业服务质量工程,推进改革举措落实落地。\n三、深入基层、深入一线\n四、深化国际科技合作\n(一)关于丰富和灵活运用财政、货币、就业政策工具。单位国内生产总值能耗下降3.2-9.2%。推进筛诊治康一体化服务,开展改善就医感受提升患者体验主题活动,进一步强化筛查诊断机构的建设。清理电价附加收费。\n(二)扩大享受税收优惠小微企业范围,健全工资正常增长机制,促进先天性疾病、遗传性疾病早诊早治。一是持续扩大两岸经济文化交流合作。坚持稳中求进工作总基调。二是加大力度推动相关改革。培育消费新增长点,深入开展国务院大督查,推动医疗技术和医院管理升级换代、弯道超车,扩大新增贷款规模。三是加强荒漠化、石漠化、水土流失治理,加强脱贫攻坚与乡村振兴统筹衔接,推动建立符合基层的人事薪酬制度。四是深化医改要全面落实党的二十大精神。完善县域巡回医疗和派驻服务工作机制,全面落实党委领导下的院长负责制。\n(三)关于加快构建中国特色哲学社会科学。健全排污权交易制度,不断优化旅游市场环境。规范民营医院发展,健全社会信用体系,加强数字中国建设整体布局。贯彻落实《关于开展社会救助法律、法规、规章和政策的宣传的通知》,促进医保政策协同,积极稳妥推进混合所有制改革,加快儿童药物研发。\n五、推进城乡义务教育一体化发展\n(一)关于推进家庭医生签约服务高质量发展。会同有关部门出台《有序扩大国家区域医疗中心建设工作方案》,健全公共卫生体系,健全生态补偿机制,加强分级诊疗体系建设。\n(二)关于健全新药价格形成机制。新生儿遗传代谢病筛查率达到97-104%。简化投资审批程序,提高能源储备能力,推进改革举措落实落地。按照《关于优化基层医疗卫生机构布局建设的指导意见》要求,深入开展健康中国行动和爱国卫生运动,促进标准与国际先进水平对接。\n国家卫生健康委员会\n2025年11月4日\n"


@given(documents(), documents())
@example(TIE_OLD, TIE_NEW)
@example(NAMED_OLD, NAMED_NEW)
def test_reverse_diff_mirrors(a: str, b: str) -> None:
    forward, backward = diff(parse(a), parse(b)), diff(parse(b), parse(a))
    assert node_keys(backward) == {
        (MIRROR[change], new, old, moved) for change, old, new, moved in node_keys(forward)
    }
    fwd_numbers = {
        (c.change, c.old.node if c.old else None, c.new.node if c.new else None, c.delta)
        for c in forward.numbers
    }
    back_numbers = {
        (
            MIRROR[c.change],
            c.new.node if c.new else None,
            c.old.node if c.old else None,
            None if c.delta is None else -c.delta,
        )
        for c in backward.numbers
    }
    assert {(a, b, c, None if d is None else round(d, 6)) for a, b, c, d in fwd_numbers} == {
        (a, b, c, None if d is None else round(d + 0.0, 6)) for a, b, c, d in back_numbers
    }


@given(documents(), documents())
def test_every_node_appears_exactly_once(a: str, b: str) -> None:
    d = diff(parse(a), parse(b))
    olds = [n.old for n in d.nodes if n.old is not None]
    news = [n.new for n in d.nodes if n.new is not None]
    assert sorted(olds) == sorted(n.path for n in d.old.walk())
    assert sorted(news) == sorted(n.path for n in d.new.walk())


def test_json_is_compact_unless_indented() -> None:
    d = diff(NHC_OLD, NHC_NEW)
    compact, pretty = d.to_json(), d.to_json(indent=2)
    assert json.loads(compact) == json.loads(pretty)
    assert compact.count("\n") == 1 and compact.endswith("}\n")
    assert pretty.startswith('{\n  "') and pretty.count("\n") > 100


def test_json_is_byte_identical_across_processes() -> None:
    code = (
        "import sys, policydiff;"
        f"sys.stdout.write(policydiff.diff({str(NHC_OLD)!r}, {str(NHC_NEW)!r}).to_json())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    runs.add(diff(NHC_OLD, NHC_NEW).to_json())
    assert len(runs) == 1
    data = json.loads(runs.pop())
    assert data["schema"] == "policydiff.diff/1"
    assert set(data) >= {
        "old",
        "new",
        "nodes",
        "measures",
        "numbers",
        "agencies",
        "citations",
        "summary",
    }


@pytest.mark.parametrize(
    ("old", "new", "edits"),
    [
        ("乡镇卫生院3.4万个", "乡镇卫生院3.3万个", [("replace", "3.4万", "3.3万")]),
        ("培训65万人", "培训77万人", [("replace", "65万", "77万")]),
        (
            "扩宽基层卫生人才渠道",
            "加强基层卫生人才培训",
            [("replace", "扩宽", "加强"), ("replace", "渠道", "培训")],
        ),
        ("甲乙丙", "甲乙丙丁", [("insert", "", "丁")]),
        ("甲乙丙丁", "乙丙丁", [("delete", "甲", "")]),
    ],
)
def test_inline_edits_are_whole(old: str, new: str, edits: list[tuple[str, str, str]]) -> None:
    found = [(e.op, e.old, e.new) for e in inline(old, new)]
    assert [e for e in found if e[0] != "equal"] == edits
    assert "".join(e[1] for e in found) == old and "".join(e[2] for e in found) == new


@given(
    st.text(alphabet="甲乙丙丁3.4万个,", max_size=30),
    st.text(alphabet="甲乙丙丁3.4万个,", max_size=30),
)
def test_inline_edits_rebuild_both_texts(old: str, new: str) -> None:
    edits = inline(old, new)
    assert "".join(e.old for e in edits) == old and "".join(e.new for e in edits) == new
    assert all(e.op == "equal" or e.old != e.new for e in edits)
    # no two equal runs, and no two changes, side by side
    assert all((a.op == "equal") != (b.op == "equal") for a, b in itertools.pairwise(edits))


def test_inline_sets_the_common_head_and_tail_aside() -> None:
    # difflib keeps the longest block "ab" and inserts "ac" before it; setting the common head
    # "a" and tail "b" aside first (for speed) inserts "ca" between them instead. The trade is
    # documented in _opcodes: the same two characters inserted, the same two kept.
    difflib_ops = difflib.SequenceMatcher(None, "ab", "acab", autojunk=False).get_opcodes()
    assert difflib_ops == [("insert", 0, 0, 0, 2), ("equal", 0, 2, 2, 4)]
    edits = [(e.op, e.old, e.new) for e in inline("ab", "acab")]
    assert edits == [("equal", "a", "a"), ("insert", "", "ca"), ("equal", "b", "b")]
    inserted = sum(len(e.new) for e in inline("ab", "acab") if e.op != "equal")
    assert inserted == sum(j2 - j1 for tag, _, _, j1, j2 in difflib_ops if tag != "equal")


def test_measures_pair_changed_sentences() -> None:
    old = parse("(一)人才。扩大订单定向医学生规模到8000人。实施专项计划。").nodes[0]
    new = parse("(一)人才。扩大订单定向医学生规模到9000人。开展巡查。").nodes[0]
    changes = [
        (m.change, m.old.text if m.old else None, m.new.text if m.new else None)
        for m in pair_measures(old, new)
    ]
    assert ("unchanged", "人才", "人才") in changes
    assert (
        "changed",
        "扩大订单定向医学生规模到8000人。",
        "扩大订单定向医学生规模到9000人。",
    ) in changes
    assert ("dropped", "实施专项计划。", None) in changes
    assert ("added", None, "开展巡查。") in changes


def test_nhc_pair_sections() -> None:
    d = diff(read(NHC_OLD), read(NHC_NEW))
    by_old = {n.old: n for n in d.nodes if n.old}
    by_new = {n.new: n for n in d.nodes if n.new}
    assert by_old["2.1.2"].change == "dropped"
    assert by_new["2.2"].change == "added" and by_new["2.6"].change == "added"
    assert by_old["2.1"].new == "2.5" and by_old["2.1"].moved
    assert by_old["2.3.2"].new == "2.4.2"


CORPUS_PAIRS = [
    ("gwr_2019.txt", "gwr_2020.txt"),
    ("gwr_2020.txt", "gwr_2021.txt"),
    ("gwr_2021.txt", "gwr_2022.txt"),
    ("hailar_gwr_2016.txt", "hailar_gwr_2017.txt"),
    ("hongze_gov_info_disclosure_2023.txt", "hongze_gov_info_disclosure_2024.txt"),
    ("shanghai_social_assistance_reg_2018.txt", "shanghai_social_assistance_reg_2024.txt"),
    ("gov_office_reply_govwebsite_2005.txt", "gov_office_reply_govwebsite_2006.txt"),
    ("gov_office_reply_govwebsite_2006.txt", "gov_office_reply_govwebsite_2006b.txt"),
]


@pytest.mark.parametrize(("old", "new"), CORPUS_PAIRS)
def test_corpus_pairs_diff(old: str, new: str) -> None:
    a, b = require(CORPUS / old), require(CORPUS / new)
    d = diff(a, b)
    assert len([n for n in d.nodes if n.old]) == len(list(d.old.walk()))
    assert len([n for n in d.nodes if n.new]) == len(list(d.new.walk()))
    json.loads(d.to_json())


def test_regulation_articles_link_one_to_one() -> None:
    a = require(CORPUS / "shanghai_social_assistance_reg_2018.txt")
    b = require(CORPUS / "shanghai_social_assistance_reg_2024.txt")
    d = diff(a, b)
    links = {(n.old, n.new) for n in d.nodes if n.old and n.new}
    # The amendment renamed 低收入困难家庭 to 最低生活保障边缘家庭 but kept the articles.
    assert {("1.1", "1.1"), ("2.11", "2.11"), ("2.12", "2.12")} <= links
    assert not any(n.moved for n in d.nodes if n.old == n.new)
