"""The vocabulary :mod:`policydiff.strategies` writes documents with: real policy phrases.

Nothing here is invented. :data:`MEASURES` are clauses cut from the sample documents in
``samples/`` and the real documents in ``../shared/corpus`` (Government Work Reports, NHC
replies and task lists, a district's disclosure report, a municipal regulation): every clause
of a node split at ``,。;:!?``, kept when it is 8–20 Han characters that open with a verb or
adverb of action (``加强``, ``推进``, ``完善``, …), states no quantity, holds no marker
(``一是``, ``第一``), nothing a normalizer would take for web chrome, no person and no
pronoun (``我们``, ``这``), and is not a near-duplicate (rapidfuzz ratio under 70) of a clause
kept before it. The health-sector documents come first, so a shrunk example reads like an NHC
reply. :data:`FACTS` are the numbers those documents state, with the words around them;
:data:`TITLES`, :data:`AGENCIES` and :data:`SYNONYMS` are taken from the same texts.
"""

from __future__ import annotations

from ._clauses import MEASURES

__all__ = [
    "ADVERBS",
    "AGENCIES",
    "BOILERPLATE",
    "CITING",
    "FACTS",
    "MEASURES",
    "PART_TITLES",
    "QUALIFIERS_AFTER",
    "QUALIFIERS_BEFORE",
    "SYNONYMS",
    "TITLES",
    "TITLE_KINDS",
]


#: Clauses of :data:`MEASURES` that documents repeat in section after section: they tell
#: nothing apart, and a good aligner is not fooled by them (SPEC §2.4).
BOILERPLATE: tuple[str, ...] = (
    "切实加强组织领导",
    "加强监测评估和宣传引导",
    "确保各项改革任务落地见效",
    "推进改革举措落实落地",
    "持续放大改革效应",
    "加强正面宣传和政策解读",
    "完善改进举措并抓好落实",
    "抓紧出台细化措施",
    "细化实化具体举措",
    "扎实做好各项工作",
    "确保全面完成任务",
    "抓紧抓实抓细各项工作",
    "推动落实医改工作任务",
    "抓紧研究制定相关政策措施",
    "完善相关支持政策",
    "形成推动发展的合力",
    "加强政策协调配合",
)

#: Numbers the documents state: ``(lead, metric phrase, magnitude, unit, low, high, decimals)``.
#: ``{year}`` in the lead is the document's year; a value is drawn between ``low`` and
#: ``high`` with ``decimals`` digits after the point, in units of the magnitude.
FACTS: tuple[tuple[str, str, str, str, float, float, int], ...] = (
    ("截至{year}年底,全国共有", "基层医疗卫生机构", "万", "个", 30, 90, 1),
    ("截至{year}年底,", "乡镇卫生院", "万", "个", 2, 5, 1),
    ("截至{year}年底,全国有", "村卫生室", "万", "个", 40, 70, 1),
    ("", "基层医疗卫生机构诊疗人次占比达到", "", "%", 40, 70, 0),
    ("", "三级公立医院平均预约诊疗率为", "", "%", 40, 80, 1),
    ("", "孕前检查率达到", "", "%", 80, 99, 1),
    ("累计", "培训基层卫生骨干", "万", "人", 20, 90, 0),
    ("", "招录大学生村医", "", "人", 3000, 9000, 0),
    ("", "中央财政每年安排补助资金", "亿", "元", 5, 40, 0),
    ("", "组建各种形式医联体", "万", "个", 1, 3, 1),
    ("", "全国互联网医院达到", "", "家", 1500, 3000, 0),
    ("", "城镇新增就业", "万", "人", 900, 1400, 0),
    ("", "城镇调查失业率", "", "%", 4, 6, 1),
    ("", "居民消费价格涨幅", "", "%", 2, 4, 1),
    ("", "新增高标准农田", "万", "亩", 6000, 9000, 0),
    ("", "新建改建农村公路", "万", "公里", 10, 30, 0),
    ("", "棚户区住房改造", "万", "套", 300, 700, 0),
    ("", "农村危房改造", "万", "户", 100, 200, 0),
    ("", "粮食产量", "万亿", "斤", 1.2, 1.4, 2),
    ("", "新增高速铁路运营里程", "", "公里", 2000, 5000, 0),
    ("", "完成铁路投资", "亿", "元", 6000, 9000, 0),
    ("", "中央预算内投资安排", "亿", "元", 5000, 7000, 0),
    ("", "居民医保人均财政补助标准增加", "", "元", 20, 40, 0),
    ("", "高职院校扩招", "万", "人", 50, 150, 0),
    ("", "县级医院达到医疗服务能力基本标准的比例为", "", "%", 70, 95, 2),
    ("", "远程医疗服务覆盖乡镇卫生院比例达到", "", "%", 50, 90, 0),
    ("力争", "新增建设社区医院", "", "所", 300, 800, 0),
    ("", "达到紧密型标准的县比例不低于", "", "%", 40, 80, 0),
    ("", "国家区域医疗中心建设项目达到", "", "个", 80, 150, 0),
    ("", "综合医改试点省份增至", "", "个", 8, 15, 0),
    ("", "每个城市中央财政补助", "亿", "元", 3, 9, 0),
    ("", "新生儿遗传代谢病筛查率达到", "", "%", 90, 99, 0),
    ("", "参加基本医疗保险人数超过", "亿", "人", 12, 14, 1),
    ("", "日均新设企业", "万", "户", 1, 3, 1),
    ("", "减税降费", "万亿", "元", 1, 3, 2),
    ("", "单位国内生产总值能耗下降", "", "%", 2, 4, 1),
    ("", "易地扶贫搬迁", "万", "人", 200, 300, 0),
    ("", "资助各类学校家庭困难学生", "亿", "人次", 0.8, 1.2, 1),
    ("", "开展试点的县(市、区)达到", "", "个", 20, 40, 0),
    ("", "巡查社区卫生服务中心", "", "个", 1000, 2500, 0),
)

#: Qualifiers written before and after a number (SPEC §2.3), as the documents write them.
QUALIFIERS_BEFORE: tuple[str, ...] = ("约", "近", "超过")
QUALIFIERS_AFTER: tuple[str, ...] = ("以上", "左右")

#: Titles the documents cite in 《》.
TITLES: tuple[str, ...] = (
    "关于进一步深化改革促进乡村医疗卫生体系健康发展的意见",
    "关于全面推进紧密型县域医疗卫生共同体建设的指导意见",
    "关于优化基层医疗卫生机构布局建设的指导意见",
    "关于推动公立医院高质量发展的意见",
    "关于推进分级诊疗制度建设的指导意见",
    "关于加强首诊和转诊服务提升医疗服务连续性的通知",
    "关于改革完善基层药品联动管理机制扩大基层药品种类的意见",
    "“十四五”卫生健康人才发展规划",
    "有序扩大国家区域医疗中心建设工作方案",
    "区域医疗中心建设试点工作方案",
    "居民电子健康档案首页基本内容(试行)",
    "医院巡查管理办法(试行)",
    "中华人民共和国政府信息公开条例",
    "政府信息公开信息处理费管理办法",
    "社会救助暂行办法",
)
#: What a composed title ends with (``关于…的指导意见``).
TITLE_KINDS: tuple[str, ...] = ("意见", "指导意见", "通知", "实施方案", "工作方案")
#: How a sentence cites a title: ``{title}`` is replaced by ``《…》``.
CITING: tuple[str, ...] = (
    "印发{title}",
    "贯彻落实{title}",
    "按照{title}要求",
    "指导各地落实{title}",
    "会同有关部门出台{title}",
)

#: Lead agencies, as the 2023 H2 health-reform task list names them.
AGENCIES: tuple[str, ...] = (
    "国家卫生健康委",
    "国家发展改革委",
    "教育部",
    "科技部",
    "工业和信息化部",
    "民政部",
    "财政部",
    "人力资源社会保障部",
    "农业农村部",
    "商务部",
    "国务院国资委",
    "税务总局",
    "市场监管总局",
    "金融监管总局",
    "国家医保局",
    "国家中医药局",
    "国家疾控局",
    "国家药监局",
    "中央军委后勤保障部卫生局",
)

#: Words one year's document swaps for another's in the same measure.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("加强", "强化"),
    ("推进", "推动"),
    ("完善", "健全"),
    ("提升", "提高"),
    ("积极", "大力"),
    ("持续", "不断"),
    ("开展", "实施"),
    ("扩大", "增加"),
    ("支持", "鼓励"),
    ("指导", "引导"),
    ("优化", "改进"),
    ("落实", "贯彻落实"),
    ("建立", "建立健全"),
    ("促进", "推动"),
    ("加快", "加速"),
)
#: Adverbs a later year puts before a verb (``进一步加强``).
ADVERBS: tuple[str, ...] = ("进一步", "持续", "扎实", "稳步", "全面", "切实", "着力", "深入")

#: Titles of a document's second part, whose numbering restarts (SPEC §2.2 ``p2:``).
PART_TITLES: tuple[str, ...] = ("政策解读", "重点任务分工", "政策问答")
