"""Hypothesis strategies for the test suite: small policy-like documents."""

from __future__ import annotations

from hypothesis import strategies as st

PHRASES = (
    "加强基层医疗卫生服务能力建设",
    "推进紧密型县域医共体建设",
    "完善家庭医生签约服务",
    "扩大农村订单定向医学生招生规模",
    "实施基层卫生人才能力提升培训项目",
    "优化医疗资源布局",
    "深化医保支付方式改革",
    "推动优质医疗资源下沉",
    "健全公共卫生服务体系",
    "开展“优质服务基层行”活动",
    "落实《关于进一步深化改革的意见》",
    "提高基层医务人员收入",
)
NUMERALS = "一二三四五六七八九十"


@st.composite
def sentences(draw: st.DrawFn) -> str:
    phrase = draw(st.sampled_from(PHRASES))
    if draw(st.booleans()):
        value = draw(st.integers(min_value=1, max_value=999))
        unit = draw(st.sampled_from(["个", "人", "万人", "亿元", "%"]))
        return f"{phrase},共{value}{unit}。"
    return f"{phrase}。"


@st.composite
def documents(draw: st.DrawFn, *, max_sections: int = 4) -> str:
    """A reply-like document: 一、 sections, (一) subsections, inline 一是… measures."""
    lines: list[str] = []
    sub = 0
    for s in range(draw(st.integers(min_value=1, max_value=max_sections))):
        lines.append(f"{NUMERALS[s]}、{draw(st.sampled_from(PHRASES))}")
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            body = draw(sentences())
            items = draw(st.lists(sentences(), max_size=3))
            enumerated = "".join(f"{NUMERALS[k]}是{item}" for k, item in enumerate(items))
            lines.append(f"({NUMERALS[sub % 10]}){body}{enumerated if len(items) > 1 else ''}")
            sub += 1
        if draw(st.booleans()):
            lines.append(draw(sentences()))
    return "\n".join(lines)
