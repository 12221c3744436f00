"""Segment: cut a normalized body into its tree of numbered sections and measures.

- :func:`segment` — the body text to a tuple of top-level :class:`~policydiff.model.Node`.
- :func:`block_marker` — the numbered marker a line opens with, if any.
- :func:`split_sentences` — a text to its sentences (the measures a diff compares).
- :func:`split_agencies` — a trailing ``(…按职责分工负责)`` list to agency names.

Marker families, outermost first as GB/T 9704 lists them: ``第一章``, ``第一节``, ``第一条``,
``一、``, ``(一)``, ``1.``, ``(1)``, ``①``, and enumerations ``一是…二是…`` (also ``第一,…`` and
``首先…其次…``). Levels are not hard-coded: a family's level is the order in which it first
opens a line in the document, as Markdown heading levels are, so a reply that starts with
``一、`` and a task list that starts with ``一是`` both put their first family at the top.
Enumerations inside a paragraph become children of the node that holds the paragraph.
Unnumbered heading lines are nodes in documents that do not number their sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from ._text import BLOCK_MARKERS, CN_NUMERALS, SECTION_KINDS, chinese_ordinal
from .model import Node, Quantity, Span

__all__ = [
    "block_marker",
    "segment",
    "split_agencies",
    "split_sentences",
]

QuantityFinder = Callable[[str, int, str], tuple[Quantity, ...]]
"""``(text, offset, context) -> quantities`` with spans shifted by ``offset``; ``context`` is
the headings of the node and its ancestors (``过去五年工作回顾`` frames what a section's
figures count)."""

_NUM = CN_NUMERALS
_ENUM_KINDS = frozenset({"enum", "enum_di", "enum_seq"})

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {
    chr(0x3251 + i): i + 21 for i in range(15)
}


def block_marker(line: str) -> tuple[str, str, int] | None:
    """``(kind, marker, ordinal)`` of the numbered marker ``line`` opens with, or ``None``.

    The marker is returned as written, trailing spaces excluded.

    >>> block_marker("(十四)常态化开展药品集中带量采购。")
    ('paren_cn', '(十四)', 14)
    >>> block_marker("一、 工作现状"), block_marker("2023.7.26"), block_marker("十八大以来")
    (('cn', '一、', 1), None, None)
    """
    for kind, pattern in BLOCK_MARKERS:
        match = pattern.match(line)
        if not match:
            continue
        raw = match.group("n")
        ordinal = _CIRCLED.get(raw) if kind == "circled" else chinese_ordinal(raw)
        if ordinal is None or match.end() >= len(line):
            continue
        return kind, match.group(0).strip(), ordinal
    return None


def _marker_end(line: str) -> int:
    for _kind, pattern in BLOCK_MARKERS:
        if match := pattern.match(line):
            return match.end()
    return 0


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


def _inline_chain(text: str, start_at: int = 1) -> tuple[str, list[tuple[int, int, str, int]]]:
    """The longest run of enumeration markers ``start_at, start_at+1, …`` inside ``text``.

    Returns the family's kind and ``(start, content_start, marker, ordinal)`` for each item; a
    single ``一是`` is not an enumeration (it is too often ordinary prose).
    """
    best: tuple[str, list[tuple[int, int, str, int]]] = ("enum", [])
    for kind, pattern in (("enum", _INLINE), ("enum_di", _INLINE_DI), ("enum_seq", _INLINE_SEQ)):
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


# --- sentences, headings, agencies -------------------------------------------------------------

_SENTENCE = re.compile(r"[^。!?;\n]+(?:[。!?;]+[”’)》]*|$)|[。!?;]+")


def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, each with its closing punctuation (and closing quote).

    >>> split_sentences("打造“更有温度的医疗服务。”再谈下一句;最后一句")
    ('打造“更有温度的医疗服务。”', '再谈下一句;', '最后一句')
    """
    return tuple(s.strip() for s in _SENTENCE.findall(text) if s.strip())


_HEADING_MAX = 40
_CLAUSE_BREAK = re.compile(r"[,;:!?]")
_TERMINAL = re.compile(r"[。;:!?,]$")


def _split_heading(content: str, *, max_length: int = _HEADING_MAX) -> tuple[str, str]:
    """``(heading, rest)``: a first clause ending in ``。`` that reads as a title, or nothing."""
    stop = content.find("。")
    if stop == -1:
        return "", content
    first = content[:stop]
    if 0 < len(first) <= max_length and not _CLAUSE_BREAK.search(first):
        return first, content[stop + 1 :]
    return "", content


def _is_heading_line(text: str) -> bool:
    """A short line without closing punctuation: an unnumbered heading candidate."""
    return (
        0 < len(text) <= _HEADING_MAX
        and not _TERMINAL.search(text)
        and "。" not in text
        and not re.fullmatch(r"[\d\s.\-/年月日:]+", text)
    )


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


# --- the tree ------------------------------------------------------------------------------------


@attrs.define
class _Draft:
    """A node under construction (mutable; frozen into a :class:`Node` at the end)."""

    key: str
    kind: str
    marker: str
    rank: int
    start: int
    end: int
    heading: str = ""
    own: list[Span] = attrs.Factory(list)
    children: list[_Draft] = attrs.Factory(list)
    inline: bool = False


def _lines(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for part in text.split("\n"):
        if part.strip():
            spans.append((start, start + len(part)))
        start += len(part) + 1
    return spans


def segment(
    text: str,
    *,
    quantities: QuantityFinder | None = None,
    heading_max: int = _HEADING_MAX,
) -> tuple[Node, ...]:
    """Cut a normalized body into its tree of nodes. Never raises on any ``str``.

    ``quantities`` extracts a node's quantities from its own text (see
    :func:`policydiff.extract.quantities`); ``heading_max`` is the longest first clause taken
    as a node's heading.

    >>> nodes = segment(
    ...     "一、总体情况\\n(一)主动公开。全年公开1136条。\\n(二)依申请公开。一是受理。二是答复。"
    ... )
    >>> [(n.path, n.marker, n.heading) for top in nodes for n in top.walk()]
    [('1', '一、', '总体情况'), ('1.1', '(一)', '主动公开'), ('1.2', '(二)', '依申请公开'), \
('1.2.1', '一是', '受理'), ('1.2.2', '二是', '答复')]
    """
    lines = _lines(text)
    marked = [(span, block_marker(text[span[0] : span[1]])) for span in lines]
    allow_headings = not any(m is not None and m[0] in SECTION_KINDS for _, m in marked)

    ranks: dict[str, int] = {}
    parts: list[list[_Draft]] = [[]]
    stack: list[_Draft] = []
    last_top: dict[str, int] = {}
    since_marker: list[tuple[_Draft, Span]] = []

    def rank_of(kind: str) -> int:
        return ranks.setdefault(kind, len(ranks))

    def attach(draft: _Draft) -> None:
        while stack and stack[-1].rank >= draft.rank:
            stack.pop()
        siblings = stack[-1].children if stack else parts[-1]
        draft.key = _unique(draft.key, siblings)
        siblings.append(draft)
        stack.append(draft)

    def add_paragraph(span: Span) -> None:
        if stack:
            owner = stack[-1]
        else:
            owner = _Draft("", "paragraph", "", rank=1 << 30, start=span[0], end=span[1])
            owner.key = f"p{sum(1 for d in parts[-1] if d.kind == 'paragraph') + 1}"
            parts[-1].append(owner)
        _fill(owner, text, span, heading=False, heading_max=heading_max)
        since_marker.append((owner, span))

    for index, (span, found) in enumerate(marked):
        line = text[span[0] : span[1]]
        if found is None:
            if allow_headings and _is_heading_line(line) and _followed_by_body(text, marked, index):
                rank = rank_of("heading")
                siblings_before = _headings_under(stack, parts, rank)
                draft = _Draft(f"h{siblings_before + 1}", "heading", "", rank, span[0], span[1])
                draft.heading = line
                attach(draft)
                since_marker.clear()
            else:
                add_paragraph(span)
            continue

        kind, marker, ordinal = found
        rank = rank_of(kind)
        if rank == 0:
            if kind in last_top and ordinal <= last_top[kind]:
                _start_new_part(parts, stack, since_marker, text)
            last_top[kind] = ordinal
        draft = _Draft(str(ordinal), kind, marker, rank, span[0], span[1])
        attach(draft)
        since_marker.clear()
        content_start = span[0] + _marker_end(line)
        for sibling in _fill(
            draft, text, (content_start, span[1]), heading=True, heading_max=heading_max
        ):
            attach(sibling)

    nodes: list[Node] = []
    for number, drafts in enumerate(parts, start=1):
        prefix = f"p{number}:" if number > 1 else ""
        nodes.extend(_freeze(d, prefix, text, 0, quantities) for d in drafts)
    return tuple(nodes)


def _followed_by_body(
    text: str, marked: Sequence[tuple[Span, tuple[str, str, int] | None]], index: int
) -> bool:
    """Whether the line after ``index`` is body text or a numbered line, not another heading."""
    if index + 1 >= len(marked):
        return False
    (start, end), found = marked[index + 1]
    return found is not None or not _is_heading_line(text[start:end])


def _headings_under(stack: list[_Draft], parts: list[list[_Draft]], rank: int) -> int:
    holder = [d for d in stack if d.rank < rank]
    siblings = holder[-1].children if holder else parts[-1]
    return sum(1 for d in siblings if d.kind == "heading")


def _unique(key: str, siblings: Sequence[_Draft]) -> str:
    taken = {d.key for d in siblings}
    if key not in taken:
        return key
    n = 2
    while f"{key}~{n}" in taken:
        n += 1
    return f"{key}~{n}"


def _start_new_part(
    parts: list[list[_Draft]],
    stack: list[_Draft],
    since_marker: list[tuple[_Draft, Span]],
    text: str,
) -> None:
    """Open a new part; paragraphs from a title-like line before it on move into the new part."""
    moved: list[Span] = []
    first = next(
        (
            i
            for i, (_, span) in enumerate(since_marker)
            if _is_heading_line(text[span[0] : span[1]])
        ),
        None,
    )
    if first is not None:
        for owner, span in since_marker[first:]:
            if owner.kind == "paragraph" and owner in parts[-1]:
                parts[-1].remove(owner)
            elif span in owner.own:
                owner.own.remove(span)
                owner.end = max([owner.start, *(e for _, e in owner.own)])
            else:
                break
            moved.append(span)
    stack.clear()
    parts.append([])
    for number, span in enumerate(moved, start=1):
        draft = _Draft(f"p{number}", "paragraph", "", 1 << 30, span[0], span[1])
        draft.own.append(span)
        parts[-1].append(draft)
    since_marker.clear()


def _fill(
    draft: _Draft,
    text: str,
    span: Span,
    *,
    heading: bool,
    heading_max: int,
) -> list[_Draft]:
    """Give ``draft`` the content in ``span``: heading, own text, inline enumeration children.

    Returns the siblings that follow ``draft`` on the same line (``一是…。二是…`` on a line that
    opened with ``一是``), for the caller to place.
    """
    start, end = span
    content = text[start:end]
    draft.end = max(draft.end, end)
    continuing = heading and draft.kind in _ENUM_KINDS and draft.key.isdigit()
    kind, chain = _inline_chain(content, start_at=int(draft.key) + 1 if continuing else 1)
    if continuing and kind != draft.kind:
        chain = []
    lead_end = start + (chain[0][0] if chain else len(content))
    if heading and not draft.heading and not draft.own:
        lead = text[start:lead_end]
        if lead and not _TERMINAL.search(lead) and "。" not in lead and len(lead) <= heading_max:
            draft.heading, start = lead, lead_end
        else:
            title, _rest = _split_heading(lead, max_length=heading_max)
            if title:
                draft.heading = title
                start += len(title) + 1
    if lead_end > start:
        draft.own.append((start, lead_end))
    siblings: list[_Draft] = []
    for i, (item_start, content_start, marker, ordinal) in enumerate(chain):
        item_end = span[0] + chain[i + 1][0] if i + 1 < len(chain) else end
        rank = draft.rank if continuing else draft.rank + 1
        child = _Draft(str(ordinal), kind, marker, rank, span[0] + item_start, item_end)
        child.inline = True
        _fill(
            child, text, (span[0] + content_start, item_end), heading=True, heading_max=heading_max
        )
        if continuing:
            siblings.append(child)
        else:
            child.key = _unique(child.key, draft.children)
            draft.children.append(child)
    return siblings


def _freeze(
    draft: _Draft,
    prefix: str,
    text: str,
    level: int,
    quantities: QuantityFinder | None,
    parent_path: str = "",
    headings: str = "",
) -> Node:
    path = f"{parent_path}.{draft.key}" if parent_path else f"{prefix}{draft.key}"
    headings = f"{headings}\n{draft.heading}".strip() if draft.heading else headings
    own_parts = [text[s:e].strip() for s, e in draft.own]
    own = "\n".join(p for p in own_parts if p)
    found: list[Quantity] = []
    if quantities is not None:
        if draft.heading:
            head_start = text.find(draft.heading, draft.start)
            if head_start >= 0:
                found.extend(quantities(draft.heading, head_start, headings))
        # One call for each run of own lines that only line breaks separate: a table's unit
        # (单位:万元) or a plan's 今年要… applies to the lines below it.
        runs: list[list[int]] = []
        for s, e in draft.own:
            if runs and not text[runs[-1][1] : s].strip():
                runs[-1][1] = e
            else:
                runs.append([s, e])
        for s, e in runs:
            found.extend(quantities(text[s:e], s, headings))
    children = tuple(
        _freeze(child, prefix, text, level + 1, quantities, path, headings)
        for child in draft.children
    )
    end = max([draft.end, *(c.span[1] for c in children)])
    return Node(
        path=path,
        marker=draft.marker,
        kind=draft.kind,
        heading=draft.heading,
        text=own,
        span=(draft.start, end),
        level=level,
        sentences=split_sentences(own),
        children=children,
        agencies=next((a for part in reversed(own_parts) if (a := split_agencies(part))), ()),
        quantities=tuple(found),
    )
