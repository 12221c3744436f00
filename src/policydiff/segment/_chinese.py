"""Chinese documents: inline enumerations (``一是…二是…``) and lead-agency lists."""

from __future__ import annotations

import re

from .._text import CN_NUMERALS, chinese_ordinal

_NUM = CN_NUMERALS

# Inline enumerations: ``一是`` after the start of a paragraph or a clause boundary.
# Each opens with a lookahead for its first character, so that re does not try the
# lookbehinds at every position of the text.
_INLINE = re.compile(
    rf"(?=[其{_NUM}])(?:^|(?<=[。;:!?,]))(?P<m>其?(?P<n>[{_NUM}]{{1,3}})是)(?=[^,。;:、])"
)
_INLINE_DI = re.compile(rf"(?=第)(?:^|(?<=[。;:!?]))(?P<m>第(?P<n>[{_NUM}]{{1,2}})[,、:])(?!\d)")
_INLINE_SEQ = re.compile(
    r"(?=[首其再最])(?:^|(?<=[。;!?]))(?P<m>(?P<n>首先|其次|再次|最后)[,、:]?)"
)
_SEQ_ORDINAL = {"首先": 1, "其次": 2, "再次": 3}
_SEQ_WORD = re.compile("首先|其次|再次|最后")


def may_enumerate(text: str) -> bool:
    """Whether ``text`` holds a word every inline enumeration marker holds (``是``, ``第``,
    ``首先``, ``其次``, ``再次``, ``最后``): a text without one holds no enumeration."""
    return "是" in text or "第" in text or "次" in text or "首" in text or "最" in text


def inline_chain(text: str, start_at: int = 1) -> tuple[str, list[tuple[int, int, str, int]]]:
    """The longest run of enumeration markers ``start_at, start_at+1, …`` inside ``text``.

    Returns the family's kind and ``(start, content_start, marker, ordinal)`` for each item; a
    single ``一是`` is not an enumeration (it is too often ordinary prose).
    """
    best: tuple[str, list[tuple[int, int, str, int]]] = ("enum", [])
    # Most lines hold no word a family's markers all hold (是, 第, 首先…): not searched.
    families = (
        *((("enum", _INLINE),) if "是" in text else ()),
        *((("enum_di", _INLINE_DI),) if "第" in text else ()),
        *((("enum_seq", _INLINE_SEQ),) if _SEQ_WORD.search(text) else ()),
    )
    for kind, pattern in families:
        chain: list[tuple[int, int, str, int]] = []
        expected = start_at
        for match in pattern.finditer(text):
            raw = match.group("n")
            if kind == "enum_seq":
                ordinal = _SEQ_ORDINAL.get(raw, expected if chain and raw == "最后" else 0)
            else:
                ordinal = chinese_ordinal(raw) or 0
            if ordinal == expected:
                chain.append((match.start("m"), match.end("m"), match.group("m"), ordinal))
                expected += 1
        minimum = 1 if start_at > 1 else 2
        if len(chain) >= minimum and len(chain) > len(best[1]):
            best = (kind, chain)
    return best


_AGENCIES = re.compile(
    r"\(([^()]{2,400}?)(?:等)?(?:按职责分工|分别)?(?:负责|牵头)[^()]{0,80}\)\s*$"
)
_REGION_RUN = re.compile(
    r"(?:各?省|自治区|直辖市)(?:、(?:自治区|直辖市|计划单列市|新疆生产建设兵团))+"
)


def split_agencies(text: str) -> tuple[str, ...]:
    """The lead agencies of a trailing ``(…按职责分工负责)`` list, or ``()``.

    >>> split_agencies("(国家医保局、财政部、国家卫生健康委等按职责分工负责)")
    ('国家医保局', '财政部', '国家卫生健康委')
    >>> split_agencies("(国家卫生健康委、中央军委后勤保障部卫生局和各省、自治区、直辖市人民政府"
    ...                "等按职责分工负责。以下均需各省、自治区、直辖市人民政府负责,不再列出)")
    ('国家卫生健康委', '中央军委后勤保障部卫生局', '各省、自治区、直辖市人民政府')
    """
    match = _AGENCIES.search(text)
    if not match:
        return ()
    inside = match.group(1)
    inside = re.split(r"[。;]", inside)[0]
    inside = re.sub(r"(?:等)?(?:按职责分工|分别)?(?:负责|牵头)$", "", inside)
    protected = _REGION_RUN.sub(lambda m: m.group(0).replace("、", "\0"), inside)
    names: list[str] = []
    for part in protected.split("、"):
        for piece in re.split(r"和(?=各)|及(?=各)", part):
            name = piece.replace("\0", "、").strip()
            name = re.sub(r"等$", "", name)
            if name:
                names.append(name)
    return tuple(names)
