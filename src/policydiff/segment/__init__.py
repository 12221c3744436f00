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

import functools
import re

from .._text import (
    CN_NUMERALS,
    LEGAL_KINDS,
    ROMAN_LOOKALIKE,
    chinese_ordinal,
    each_once,
    has_han,
    is_latin,
)
from .._text import without_collection as _without_collection
from ..model import Node, Quantity, Span
from ._chinese import inline_chain, may_enumerate, split_agencies
from ._latin import (
    ANNEX_EN,
    is_latin_heading,
    is_latin_kind,
    latin_sentences,
    latin_sub_ordinal,
    numbers_sections,
    read_marker,
    roman_or_letter,
    split_latin_heading,
    title_like,
)
from ._tree import ADDRESS, Draft, Family, Freezer, QuantityFinder

__all__ = [
    "block_marker",
    "segment",
    "split_agencies",
    "split_sentences",
]

_NUM = CN_NUMERALS
_ENUM_KINDS = frozenset({"enum", "enum_di", "enum_seq"})


def block_marker(line: str) -> tuple[str, str, int] | None:
    """``(kind, marker, ordinal)`` of the numbered marker ``line`` opens with, or ``None``.

    The marker is returned as written, trailing spaces excluded.

    >>> block_marker("(十四)常态化开展药品集中带量采购。")
    ('paren_cn', '(十四)', 14)
    >>> block_marker("一、 工作现状"), block_marker("2023.7.26"), block_marker("十八大以来")
    (('cn', '一、', 1), None, None)
    >>> block_marker("Section 1.2 Fees"), block_marker("ARTICLE IV - TERM")
    (('section_en2', 'Section 1.2', 2), ('article_en', 'ARTICLE IV -', 4))
    """
    found = read_marker(line)
    return found[:3] if found is not None else None


# --- sentences, headings, agencies -------------------------------------------------------------

_SENTENCE = re.compile(r"[^。!?;\n]+(?:[。!?;]+[”’)》]*|$)|[。!?;]+")
_SENTENCE_END = re.compile(r"[。!?;\n]")


def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, each with its closing punctuation (and closing quote).

    Text without Han characters is split as English is (abbreviations and citations kept
    whole).

    >>> split_sentences("打造“更有温度的医疗服务。”再谈下一句;最后一句")
    ('打造“更有温度的医疗服务。”', '再谈下一句;', '最后一句')
    >>> split_sentences("See Sec. 5 of 42 U.S.C. 1983, e.g. the rules. It costs $2.5 million.")
    ('See Sec. 5 of 42 U.S.C. 1983, e.g. the rules.', 'It costs $2.5 million.')
    """
    if not has_han(text):
        return latin_sentences(text)
    if not _SENTENCE_END.search(text):
        return (stripped,) if (stripped := text.strip()) else ()  # one sentence, unclosed
    return tuple(filter(None, map(str.strip, _SENTENCE.findall(text))))


_HEADING_MAX = 40
# An item of a list of clauses: ``…;`` and, in English, ``…; and`` / ``…; or``.
_ENDS_CLAUSE = re.compile(r";(?:\s*(?:and|or))?\s*$")
_CLAUSE_BREAK = re.compile(r"[,;:!?]")
_TERMINAL = re.compile(r"[。;:!?,]$")
_TERMINALS = frozenset("。;:!?,")
_DATE_LIKE = re.compile(r"[\d\s.\-/年月日:]+")


def _split_heading(content: str, *, max_length: int = _HEADING_MAX) -> tuple[str, str]:
    """``(heading, rest)``: a first clause ending in ``。`` that reads as a title, or nothing
    (a Latin-script lead is split by ``split_latin_heading``)."""
    stop = content.find("。")
    if stop == -1:
        return "", content
    first = content[:stop]
    if 0 < len(first) <= max_length and not _CLAUSE_BREAK.search(first):
        return first, content[stop + 1 :]
    return "", content


def _is_heading_line(text: str) -> bool:
    """A short line without closing punctuation: an unnumbered heading candidate."""
    if is_latin(text):
        return is_latin_heading(text)
    return (
        0 < len(text) <= _HEADING_MAX
        and text[-1] not in _TERMINALS  # (a line: ``_TERMINAL`` without its regex)
        and "。" not in text
        and not _DATE_LIKE.fullmatch(text)
    )


# --- the tree ------------------------------------------------------------------------------------


def _lines(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the lines of ``text`` that are not blank, and those lines."""
    spans: list[tuple[int, int]] = []
    lines: list[str] = []
    start = 0
    for part in text.split("\n"):
        if part.strip():
            spans.append((start, start + len(part)))
            lines.append(part)
        start += len(part) + 1
    return spans, lines


@_without_collection  # a node or two a line, and no cycle among them
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
    spans, lines = _lines(text)
    read = each_once(read_marker, lines)
    families = {found[0] for found in read if found is not None}
    allow_headings = not any(numbers_sections(kind) for kind in families)
    legal = [kind for kind in LEGAL_KINDS if kind in families]
    # Whether an unnumbered line reads as a heading over text (followed by text or a
    # numbered line, not by a heading): asked of it and of the line before it, answered for
    # all lines at once (a call a line was a twentieth of segmenting a table flattened to lines).
    over_body: list[bool] = []
    if allow_headings:
        heading_lines = [
            found is None and heading
            for heading, found in zip(each_once(_is_heading_line, lines), read, strict=True)
        ]
        after = [*heading_lines[1:], True]  # (past the last line: no body follows)
        over_body = [
            heading and not following
            for heading, following in zip(heading_lines, after, strict=bool(lines))
        ]

    plain: dict[str, bool] = {}  # ``_plain_line`` of each distinct line

    ranks: dict[str, int] = {}
    parts: list[Draft] = [_root()]
    stack: list[Draft] = [parts[-1]]
    last_top: dict[str, tuple[int, int]] = {}
    since_marker: list[tuple[Draft, Span]] = []

    def rank_of(kind: str) -> int:
        if kind in LEGAL_KINDS and kind not in ranks:
            # The levels of a law nest in their fixed order, given ranks together.
            for level in legal:
                ranks.setdefault(level, len(ranks))
        return ranks.setdefault(kind, len(ranks))

    def attach(draft: Draft) -> None:
        while stack[-1].rank >= draft.rank:
            stack.pop()
        stack[-1].adopt(draft)
        stack.append(draft)

    def add_paragraph(span: Span) -> None:
        owner = stack[-1]
        if owner.kind in _LIST_KINDS:
            owner = _list_parent(stack)
        if owner is not stack[-1]:
            # After a list: a paragraph of the list's parent, after the items.
            while stack[-1] is not owner:
                stack.pop()
            paragraph = Draft("p", "paragraph", "", 1 << 30, span[0], span[1])
            owner.adopt(paragraph, numbered=True)
            stack.append(paragraph)
            owner = paragraph
        elif owner.kind == "root":
            owner = Draft("p", "paragraph", "", 1 << 30, span[0], span[1])
            stack[-1].adopt(owner, numbered=True)
        _fill(owner, text, span, heading=False, heading_max=heading_max)
        since_marker.append((owner, span))

    for index, found in enumerate(read):
        span, line = spans[index], lines[index]
        if found is None and len(stack) == 1:
            if (at_top := plain.get(line)) is None:
                at_top = plain[line] = _plain_line(line)
            if at_top and not (allow_headings and over_body[index]):
                # A paragraph with no section open (a table flattened to lines): what the
                # questions below and ``add_paragraph`` make of it, none of them asked.
                draft = Draft("p", "paragraph", "", 1 << 30, span[0], span[1])
                stack[0].adopt(draft, numbered=True)
                draft.ends_clause = ";" in line and _ENDS_CLAUSE.search(line) is not None
                draft.own.append(span)
                since_marker.append((draft, span))
                continue
        if found is None:
            top = stack[-1]
            if (
                is_latin_kind(top.kind)
                and not top.heading
                and not top.own
                and is_latin_heading(line)
            ):
                # ``ARTICLE I`` on a line of its own, its title on the next.
                top.heading = line
                top.end = span[1]
                continue
            if line[0] in _PART_OPENERS and (
                appendix := (_APPENDIX.match(line) or ANNEX_EN.match(line))
            ):
                # An attachment, a note or the supplementary provisions: a part of its own at
                # the top, whatever numbering came before; its contents nest under it.
                kind = "note" if appendix.group("note") else "annex"
                draft = Draft(kind[0], kind, "", -1, span[0], span[1])
                while len(stack) > 1:
                    stack.pop()
                stack[-1].adopt(draft, numbered=True)
                stack.append(draft)
                last_top.clear()
                since_marker.clear()
                draft.marker = appendix.group(0).strip()
                _fill(
                    draft,
                    text,
                    (span[0] + appendix.end(), span[1]),
                    heading=kind == "annex",
                    heading_max=heading_max,
                )
                continue
            if len(stack) > 1 and ADDRESS.match(line):
                # ``各位代表!`` inside a numbered section: what follows is a section of its own
                # (the unnumbered closing sections of a work report), not the last task's text.
                draft = Draft("c", "closing", "", _rank_of_top(ranks), span[0], span[1])
                while len(stack) > 1 and stack[-1].rank >= draft.rank:
                    stack.pop()
                stack[-1].adopt(draft, numbered=True)
                stack.append(draft)
                _fill(draft, text, span, heading=False, heading_max=heading_max)
                since_marker.clear()
                continue
            if allow_headings and over_body[index]:
                rank = rank_of("heading")
                draft = Draft("h", "heading", "", rank, span[0], span[1])
                draft.heading = line
                while stack[-1].rank >= rank:
                    stack.pop()
                stack[-1].adopt(draft, numbered=True)
                stack.append(draft)
                since_marker.clear()
            else:
                add_paragraph(span)
            continue

        kind, marker, ordinal, marker_end = found
        if kind in ROMAN_LOOKALIKE:
            kind, ordinal = roman_or_letter(kind, marker, ordinal, stack)
        known = ranks.get(kind)
        rank = rank_of(kind) if known is None else known
        sub = _sub_ordinal(marker)
        key = f"{ordinal}-{sub}" if sub else str(ordinal)
        if rank == 0:
            if kind in last_top and (ordinal, sub) <= last_top[kind]:
                if since_marker:
                    _start_new_part(parts, stack, since_marker, text)
                else:  # (right after a numbered line: no paragraph to move into the new part)
                    parts.append(root := Draft("", "root", "", -2, 0, 0))  # (``_root()``)
                    stack.clear()
                    stack.append(root)
            last_top[kind] = (ordinal, sub)
        draft = Draft(key, kind, marker, rank, span[0], span[1])
        while stack[-1].rank >= rank:  # (``attach(draft)``)
            stack.pop()
        stack[-1].adopt(draft)
        stack.append(draft)
        if since_marker:
            since_marker.clear()
        content_start = span[0] + marker_end
        in_law = "article" in families and any(d.kind == "article" for d in stack)
        for sibling in _fill(
            draft, text, (content_start, span[1]), heading=not in_law, heading_max=heading_max
        ):
            attach(sibling)

    freeze = Freezer(
        text, _asked_once(quantities) if quantities is not None else None, split_sentences
    )
    nodes: list[Node] = []
    for number, root in enumerate(parts, start=1):
        prefix = f"p{number}:" if number > 1 else ""
        part_label = f"第{number}部分 " if number > 1 else ""
        nodes.extend(freeze.nodes(root.children, prefix, 0, "", "", part_label))
    return tuple(nodes)


def _plain_line(line: str) -> bool:
    """A line that neither may open an attachment nor may hold an enumeration: met with no
    section open, it is a paragraph of the part as it stands unless it is a heading over text
    (an unnumbered line that is not an address, a part after the body, a Latin title)."""
    return line[0] not in _PART_OPENERS and not may_enumerate(line)


def _asked_once(quantities: QuantityFinder) -> QuantityFinder:
    """``quantities``, asked once of each text and context: asked again, its answer is shifted.

    A finder answers by the text and the context alone, its spans shifted by the offset: a
    table's label or cell, a list's heading repeated down a document holds the same quantities
    wherever it stands.
    """
    known: dict[tuple[str, str], tuple[int, tuple[Quantity, ...]]] = {}

    def finder(text: str, offset: int, context: str) -> tuple[Quantity, ...]:
        if (seen := known.get((text, context))) is None:
            found = quantities(text, offset, context)
            known[text, context] = (offset, found)
            return found
        first, found = seen
        return tuple([q.shifted(offset - first) for q in found]) if found else ()

    return finder


def _rank_of_top(ranks: dict[str, int]) -> int:
    """The rank of a document's top level (0 once any numbered family has opened a line)."""
    return 0 if ranks else 1 << 29


def _root() -> Draft:
    return Draft("", "root", "", -2, 0, 0)


# A part after the numbered body: ``附件1:``, ``附表``, ``附录二``, ``附则``, ``注:``, ``注1``.
_APPENDIX = re.compile(
    rf"^(?P<label>(?:附件|附表|附录)\s*(?:\d{{1,2}}|[{_NUM}]{{1,3}})?|附\s*则"
    rf"|(?P<note>注释?|备注)\s*(?:\d{{1,2}}|[{_NUM}]{{1,3}})?)\s*(?:[::.、]\s*|$|(?=\s))"
)
# What either pattern of a part after the body opens with: most lines are not asked them.
_PART_OPENERS = frozenset("附注备SAE")
_SUB = re.compile(rf"条之(?P<n>[{_NUM}]{{1,3}})$")
# ``Section 5A``: a section inserted after section 5 by an amendment (as ``第五条之一``).


@functools.lru_cache(maxsize=1024)  # a document repeats its markers (一、 to 十、) many times
def _sub_ordinal(marker: str) -> int:
    """``1`` for ``第一百三十三条之一`` or ``Section 5A``, ``0`` for a marker without one."""
    match = _SUB.search(marker)
    if match:
        return chinese_ordinal(match.group("n")) or 0
    return latin_sub_ordinal(marker)


_LIST_KINDS = frozenset(
    {"paren_cn", "paren_arabic", "arabic", "circled", "cn", "arabic_paren"}
    | {*ROMAN_LOOKALIKE, *ROMAN_LOOKALIKE.values()}
)


def _list_parent(stack: list[Draft]) -> Draft:
    """Who owns a paragraph line that opens with no marker: the innermost open node, or the
    parent of a list when that node is an item of a list of clauses (a law's 项, or items
    closing with ``;``) — the paragraph after a list is the parent's, not the last item's."""
    owner = stack[-1]
    if owner.kind not in _LIST_KINDS or len(stack) < 3 or len(owner.own) != 1:
        return owner
    parent = stack[-2]
    in_law = any(d.kind == "article" for d in stack[:-1])
    # Counted as the children were adopted: a scan of them all a line made a long list
    # quadratic.
    family = parent.family or Family()  # (none yet: ``owner`` is its only child)
    unclosed = family.unclosed or {}
    last = family.last.get(owner.kind)
    clauses = last is not None and last.nth >= 2 and not unclosed.get(owner.kind, 0)
    return parent if in_law or clauses else owner


def _start_new_part(
    parts: list[Draft],
    stack: list[Draft],
    since_marker: list[tuple[Draft, Span]],
    text: str,
) -> None:
    """Open a new part; paragraphs from a title-like line before it on move into the new part."""
    if not since_marker:  # (a new part right after a numbered line: nothing to move)
        root = _root()
        parts.append(root)
        stack[:] = [root]
        return
    moved: list[Span] = []
    heads = (i for i, (_, (s, e)) in enumerate(since_marker) if _is_heading_line(text[s:e]))
    first = next(heads, None)
    top = parts[-1].children
    if first is not None:
        for owner, span in since_marker[first:]:
            if owner.kind == "paragraph" and top and top[-1] is owner and owner.own == [span]:
                top.pop()
            elif span in owner.own:
                owner.own.remove(span)
                owner.end = max([owner.start, *(e for _, e in owner.own)])
            else:
                break
            moved.append(span)
    parts.append(_root())
    stack[:] = [parts[-1]]
    for span in moved:
        draft = Draft("p", "paragraph", "", 1 << 30, span[0], span[1])
        draft.own.append(span)
        parts[-1].adopt(draft, numbered=True)
    since_marker.clear()


def _fill(
    draft: Draft,
    text: str,
    span: Span,
    *,
    heading: bool,
    heading_max: int,
) -> list[Draft]:
    """Give ``draft`` the content in ``span``: heading, own text, inline enumeration children.

    Returns the siblings that follow ``draft`` on the same line (``一是…。二是…`` on a line that
    opened with ``一是``), for the caller to place.
    """
    start, end = span
    content = text[start:end]
    draft.end = max(draft.end, end)
    draft.ends_clause = ";" in content and _ENDS_CLAUSE.search(content) is not None
    if not may_enumerate(content):
        # Most lines: no enumeration inside, and in a paragraph no heading to look for.
        if not heading:
            if end > start:
                draft.own.append((start, end))
            return []
        chain: list[tuple[int, int, str, int]] = []
        kind, continuing = "", False
    else:
        continuing = heading and draft.kind in _ENUM_KINDS and draft.key.isdigit()
        kind, chain = inline_chain(content, start_at=int(draft.key) + 1 if continuing else 1)
        if continuing and kind != draft.kind:
            chain = []
    lead_end = start + chain[0][0] if chain else end
    if not heading or draft.heading or draft.own:
        pass  # (a paragraph's line, or a node's second line: no heading to look for)
    elif is_latin(lead := content if lead_end == end else text[start:lead_end]):
        if is_latin_heading(lead):
            draft.heading, start = lead, lead_end
        elif lead.endswith(".") and is_latin_heading(lead[:-1]) and title_like(lead[:-1]):
            # ``SEC. 2. SHORT TITLE.``: a heading alone after its marker, with its stop.
            draft.heading, draft.heading_stop, start = lead[:-1], ".", lead_end
        else:
            title, rest = split_latin_heading(lead)
            if title:
                stop = rest[: len(rest) - len(rest.lstrip(".:\u2014\u2013- "))]
                draft.heading, draft.heading_stop = title, stop.strip()
                start += len(title) + len(stop)
    else:
        # (``lead[-1]`` as ``_TERMINAL`` reads it: a line's lead holds no line break)
        if lead and lead[-1] not in _TERMINALS and "。" not in lead and len(lead) <= heading_max:
            draft.heading, start = lead, lead_end
        else:
            title, _rest = _split_heading(lead, max_length=heading_max)
            if title:
                draft.heading = title
                draft.heading_stop = text[start + len(title)]
                start += len(title) + 1
    if lead_end > start:
        draft.own.append((start, lead_end))
    siblings: list[Draft] = []
    for i, (item_start, content_start, marker, ordinal) in enumerate(chain):
        item_end = span[0] + chain[i + 1][0] if i + 1 < len(chain) else end
        rank = draft.rank if continuing else draft.rank + 1
        child = Draft(str(ordinal), kind, marker, rank, span[0] + item_start, item_end)
        child.inline = True
        _fill(
            child, text, (span[0] + content_start, item_end), heading=True, heading_max=heading_max
        )
        if continuing:
            siblings.append(child)
        else:
            draft.adopt(child)
    return siblings
