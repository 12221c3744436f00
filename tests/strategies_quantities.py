"""Hypothesis strategies: quantities written the ways Chinese policy documents write them.

- :func:`written_quantities` — a :class:`Written` quantity: its text (``约25亿元``, ``5-10%左右``,
  ``1,361万人``, ``5万余人``) and the values, unit and qualifier extraction must give back.
- :func:`chinese_counts` — a count in Chinese numerals with a classifier (``十三个``, ``两批``).
- :func:`embedded` — a quantity inside a sentence of the kind it appears in.
- :func:`declared_tables` — a table flattened into lines, its unit declared in the header
  (``本年收费金额(单位:万元)``), and what each cell must read as.
- :func:`listed_counts` — a ``、``-list of quantities whose counted noun follows the last item
  (``完成了老城区8条、12.3公里道路提升改造``).

The expected values are computed the way a reader would, with :class:`~decimal.Decimal`, from
the digits drawn — never by calling the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from hypothesis import strategies as st


class Written(NamedTuple):
    """A quantity as written, and what extraction must read from it."""

    text: str
    low: float
    high: float
    unit: str
    qualifier: str | None


MAGNITUDES = {"": 1, "千": 10**3, "万": 10**4, "亿": 10**8, "万亿": 10**12}
COUNT_UNITS = (
    "个",
    "人",
    "人次",
    "元",
    "家",
    "所",
    "种",
    "项",
    "部门",
    "省",
    "县",
    "批",
    "条",
    "件",
    "次",
    "台",
    "张",
    "床",
    "名",
    "户",
    "亩",
    "公顷",
    "吨",
    "千米",
    "公里",
    "平方米",
    "美元",
    "辆",
    "套",
    "座",
    "处",
    "例",
)
RATE_UNITS = ("%", "个百分点", "倍")
BEFORE = {
    "约": "approx",
    "大约": "approx",
    "近": "nearly",
    "接近": "nearly",
    "将近": "nearly",
    "超过": "over",
    "逾": "over",
    "不低于": "at_least",
    "不少于": "at_least",
    "至少": "at_least",
    "不到": "under",
    "不足": "under",
    "低于": "under",
    "不超过": "at_most",
    "不高于": "at_most",
}
AFTER = {"左右": "approx", "以上": "at_least", "以下": "at_most", "以内": "at_most"}
INFIX = {"余": "over", "多": "over"}
RANGE_SEPARATORS = ("-", "~", "—", "至", "到")
# Sentences a quantity appears in; {q} is the quantity. None of them holds another number.
FRAMES = (
    "截至去年底,全国共有基层医疗卫生机构{q},比上年有所增加。",
    "其中,社区卫生服务中心(站){q};乡镇卫生院保持稳定。",
    "中央财政每年安排补助资金{q},用于设备提档升级。",
    "力争到本期末,覆盖率达到{q}。",
    "各地要确保培训规模{q},并加强督导。",
    "经统计,全年完成投资{q}",
)


@st.composite
def _number(draw: st.DrawFn, *, max_int: int) -> tuple[str, Decimal]:
    """A positive number as written (``58.2``, ``1,361``) and its exact value."""
    whole = draw(st.integers(min_value=1, max_value=max_int))
    places = draw(st.integers(min_value=0, max_value=2))
    digits = "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=places, max_size=places))
    )
    if digits and digits[-1] == "0":
        digits = digits[:-1] + "5"
    written = f"{whole:,}" if whole >= 1000 and draw(st.booleans()) else str(whole)
    value = Decimal(f"{whole}.{digits}") if digits else Decimal(whole)
    return (f"{written}.{digits}" if digits else written), value


@st.composite
def written_quantities(draw: st.DrawFn) -> Written:
    """A quantity: value, magnitude, unit, qualifier, point or range, written as documents do."""
    rate = draw(st.booleans())
    unit = draw(st.sampled_from(RATE_UNITS if rate else ("", *COUNT_UNITS)))
    magnitude = "" if rate else draw(st.sampled_from(sorted(MAGNITUDES)))
    if not unit and not magnitude:
        magnitude = "万"  # a bare number is read only when something marks it as a quantity
    scale = Decimal(MAGNITUDES[magnitude])
    first, low = draw(_number(max_int=999 if rate else 99_999))
    if draw(st.booleans()):  # a range: 5-10%, 1~3个百分点, 7%—8%, 3至5万人
        second, high = draw(_number(max_int=999 if rate else 99_999))
        if high < low:
            first, second, low, high = second, first, high, low
        separator = draw(st.sampled_from(RANGE_SEPARATORS))
        repeat = unit == "%" and draw(st.booleans())
        body = f"{first}{'%' if repeat else ''}{separator}{second}{magnitude}{unit}"
        infix = ""
    else:
        high = low
        infix = draw(st.sampled_from(["", *INFIX]))
        body = f"{first}{magnitude}{infix}{unit}" if infix else f"{first}{magnitude}{unit}"
    before = draw(st.sampled_from(["", *BEFORE]))
    after = "" if infix else draw(st.sampled_from(["", *AFTER]))
    qualifier = BEFORE.get(before) or AFTER.get(after) or INFIX.get(infix)
    return Written(
        text=f"{before}{body}{after}",
        low=float(low * scale),
        high=float(high * scale),
        unit=unit,
        qualifier=qualifier,
    )


@st.composite
def chinese_counts(draw: st.DrawFn) -> tuple[str, int, str]:
    """A count in Chinese numerals with its classifier: ``(text, value, unit)``."""
    import cn2an

    value = draw(st.integers(min_value=2, max_value=99_999))
    unit = draw(st.sampled_from(["个", "批", "项", "家", "所", "种", "条", "件", "名", "部门"]))
    numeral = cn2an.an2cn(value)
    if value == 2 and draw(st.booleans()):
        numeral = "两"
    return f"{numeral}{unit}", value, unit


def embedded(quantity: str) -> st.SearchStrategy[tuple[str, int]]:
    """A sentence holding ``quantity``, with the offset where the quantity starts."""
    return st.sampled_from(FRAMES).map(lambda frame: (frame.format(q=quantity), frame.index("{q}")))


class Cell(NamedTuple):
    """What extraction must read from one cell of a flattened table."""

    low: float
    unit: str
    metric: str


# Row labels of the tables annual reports publish; none ends like a column header (数, 额, 率).
ROW_LABELS = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "一般公共预算收入",
    "政府性基金收入",
    "国有资本经营收入",
    "城乡居民医保",
    "罚没收入",
    "专项债券",
)
# Column headers end the way the extractor tells a column from a row (数量, 金额, 值, 率).
COLUMNS = ("本年收费金额", "金额", "本年处理决定数量", "完成值", "增长率")
# How a header declares its unit: the text, the scale and the unit it gives.
DECLARED = (
    ("(单位:万元)", 10**4, "元"),
    ("(单位:亿元)", 10**8, "元"),
    ("(万元)", 10**4, "元"),
    ("(元)", 1, "元"),
    ("(%)", 1, "%"),
    ("(单位:人)", 1, "人"),
    ("(单位:万人次)", 10**4, "人次"),
)


@st.composite
def declared_tables(draw: st.DrawFn) -> tuple[str, list[Cell]]:
    """A one-column table as PDF extraction flattens it: title, column header, row labels,
    then the cells; the unit is declared in the column header, on a line of its own before
    the table, or (for money) in a header cell such as ``万元``."""
    labels = draw(st.lists(st.sampled_from(ROW_LABELS), min_size=1, max_size=4, unique=True))
    declared, scale, unit = draw(st.sampled_from(DECLARED))
    column = draw(st.sampled_from(COLUMNS))
    layout = draw(
        st.sampled_from(["header", "line", "cell"] if unit == "元" else ["header", "line"])
    )
    if layout == "header":
        head = ["信息内容", column + declared]
    elif layout == "line":
        head = [declared.strip("()"), "项目", column]
    else:
        head = ["项目", column, declared.strip("()")]
    cells, written = [], []
    for label in labels:
        text, value = draw(_number(max_int=99_999))
        if "." not in text and "," not in text and 1900 <= value <= 2100:
            text, value = text + ".5", value + Decimal("0.5")  # a bare 2023 is read as a year
        written.append(text)
        cells.append(Cell(float(value * scale), unit, label))
    return "\n".join([*head, *labels, *written]), cells


@st.composite
def listed_counts(draw: st.DrawFn) -> tuple[str, str]:
    """A count and a length listed with 、 before the noun they both measure, and that noun:
    ``完成了老城区8条、12.3公里道路提升改造`` → ``道路提升改造``."""
    verb = draw(st.sampled_from(["完成了", "实施了", "新建", "完成", "改造了"]))
    place = draw(st.sampled_from(["老城区", "中心城区", "开发区", "城北片区", ""]))
    count = draw(st.integers(min_value=2, max_value=999))
    classifier = draw(st.sampled_from(["条", "个", "座", "处", "所"]))
    size, _ = draw(_number(max_int=999))
    measure = draw(st.sampled_from(["公里", "平方米", "万平方米", "亩", "公顷", "千米"]))
    noun = draw(st.sampled_from(["道路", "供热管网", "背街小巷", "绿地", "污水管网", "公园"]))
    action = draw(st.sampled_from(["提升改造", "新建改造", "建设", ""]))
    text = f"{verb}{place}{count}{classifier}、{size}{measure}{noun}{action},群众出行更加便利。"
    return text, noun + action
