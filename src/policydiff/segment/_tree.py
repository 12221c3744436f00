"""The tree the segmenter builds: drafts of nodes while it reads, frozen nodes at the end.

A document of 100,000 lines makes a draft or two a line: the drafts are plain classes with
slots (no generated methods, no defaults made by factories), and freezing one into a
:class:`~policydiff.model.Node` asks each question of it once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs

from .._text import ROMAN_LOOKALIKE, is_latin
from ..model import Node, Quantity, Span
from ._chinese import split_agencies
from ._latin import LATIN_ITEMS, LATIN_SEPARATORS, is_latin_kind, join_label

QuantityFinder = Callable[[str, int, str], tuple[Quantity, ...]]
"""``(text, offset, context) -> quantities`` with spans shifted by ``offset``; ``context`` is
the headings of the node and its ancestors (``过去五年工作回顾`` frames what a section's
figures count)."""


class Family:
    """What a draft knows of its children to key and place the next: made with the first, as
    most drafts (a list's items, a table's lines) have none and a long list paid for empty dicts."""

    __slots__ = ("counts", "last", "repeats", "taken", "unclosed")

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}  # the children's keys and kinds
        # The children's unnumbered keys, by prefix, and the next ``~n`` to try for a repeated
        # key: made when first needed (a part of 100,000 parts holds one numbered child).
        self.counts: dict[str, int] | None = None
        self.repeats: dict[str, int] | None = None
        # Of each kind of unnumbered children (a list's items, as ``_list_parent`` asks): the
        # last one (which knows how many there are) and how many before the last do not close
        # with ``;`` (a child's lines are all read once a later sibling opens).
        self.last: dict[str, Draft] = {}
        self.unclosed: dict[str, int] | None = None


class Draft:
    """A node under construction (mutable; frozen into a :class:`~policydiff.model.Node` at the
    end)."""

    __slots__ = (
        "children",
        "end",
        "ends_clause",
        "family",
        "heading",
        "heading_stop",
        "inline",
        "key",
        "kind",
        "marker",
        "nth",
        "own",
        "rank",
        "start",
    )

    def __init__(self, key: str, kind: str, marker: str, rank: int, start: int, end: int) -> None:
        self.key = key
        self.kind = kind
        self.marker = marker
        self.rank = rank
        self.start = start
        self.end = end
        self.heading = ""
        self.heading_stop = ""
        self.own: list[Span] = []
        self.children: list[Draft] = []
        self.inline = False
        self.ends_clause = False  # its last line closes with ``;``: an item of a list of clauses
        self.family: Family | None = None
        self.nth = 0  # of the unnumbered children of its kind its parent adopted, the how manieth

    def __repr__(self) -> str:
        return f"Draft({self.key!r}, {self.kind!r}, {self.marker!r}, {self.start}, {self.end})"

    def adopt(self, child: Draft, *, numbered: bool = False) -> None:
        """Append ``child``, its key made unique among the children (``3~2`` for a second
        ``3``, ``section3`` for a 第三节 beside a 第三条); a ``numbered`` child's key is a
        prefix to number (``p`` → ``p4``)."""
        if (family := self.family) is None:
            if not numbered and not self.children:
                # A first child keeps its key: the family is made with a second (most drafts,
                # a part of a text that restarts its numbering each line, hold one child).
                child.nth = 1
                self.children.append(child)
                return
            family = self.family = Family()
            for first in self.children:  # (the one child adopted without a family)
                family.taken[first.key] = first.kind
                family.last[first.kind] = first
        kind = child.kind
        key = child.key
        taken = family.taken
        if numbered:
            if (counts := family.counts) is None:
                counts = family.counts = {}
            count = counts[key] = counts.get(key, 0) + 1
            key = f"{key}{count}"
        if taken.get(key, kind) != kind:
            # Another family's number (a 节 among articles): the kind tells them apart.
            key = f"{kind}{key}"
        if key in taken:
            # Keys are only ever added: the first free ``~n`` is past the one given last.
            if (repeats := family.repeats) is None:
                repeats = family.repeats = {}
            n = repeats.get(key, 2)
            while f"{key}~{n}" in taken:
                n += 1
            repeats[key] = n + 1
            key = f"{key}~{n}"
        child.key = key
        taken[key] = kind
        self.children.append(child)
        if numbered:
            # A paragraph, a heading, a part: no list's item, not counted (2% of parsing a
            # table flattened to lines, a paragraph a line).
            return
        last = family.last
        if (before := last.get(kind)) is None:
            child.nth = 1
        else:
            child.nth = before.nth + 1
            if not before.ends_clause:
                if (unclosed := family.unclosed) is None:
                    unclosed = family.unclosed = {}
                unclosed[kind] = unclosed.get(kind, 0) + 1
        last[kind] = child


# An address to the audience standing alone: ``各位代表!``, ``同志们、朋友们!``.
ADDRESS = re.compile(r"^[^,。;:!?]{0,10}(?:代表|委员|同志|朋友|先生|女士)们?[!:]$")


class Freezer:
    """Drafts to frozen nodes: paths, labels, own text, sentences (split by ``sentences``),
    agencies and quantities (read by ``quantities``, in the context of the headings above).

    What a node's own text gives (the text stripped, its sentences, agencies and quantities)
    is read once for each text and context and reused for a repeat, its quantities shifted to
    where the repeat stands: a table flattened to lines repeats its labels and cells.
    """

    __slots__ = ("_read", "quantities", "sentences", "text")

    def __init__(
        self,
        text: str,
        quantities: QuantityFinder | None,
        sentences: Callable[[str], tuple[str, ...]],
    ) -> None:
        self.text = text
        self.quantities = quantities
        self.sentences = sentences
        # ``(raw text, headings)`` -> own text, sentences, agencies, offset, quantities there.
        self._read: dict[tuple[str, str], _OwnText] = {}

    def own_text(self, span: Span, headings: str) -> tuple[_OwnText, tuple[Quantity, ...]]:
        """What the own text in ``span`` gives, with its quantities placed there.

        (Given the span, not its ends: a call that unpacks its arguments with ``*`` is not
        made in the interpreter's fast way, 2% of parsing a table flattened to lines.)
        """
        start, end = span
        raw = self.text[start:end]
        if (known := self._read.get((raw, headings))) is None:
            own = raw.strip()
            agencies = split_agencies(own) if ")" in own else ()
            found = self.quantities(raw, start, headings) if self.quantities is not None else ()
            known = self._read[raw, headings] = (
                own,
                self.sentences(own) if own else (),
                agencies,
                start,
                found,
                is_latin(raw),
            )
            return known, found
        found = known[4]
        if not found or not (by := start - known[3]):
            return known, found
        if len(found) == 1:  # (most texts that hold a quantity: no list made for it)
            return known, (found[0].shifted(by),)
        return known, tuple([q.shifted(by) for q in found])

    def nodes(
        self,
        drafts: list[Draft],
        prefix: str,
        level: int,
        parent_path: str = "",
        headings: str = "",
        label: str = "",
    ) -> list[Node]:
        """``drafts`` (siblings) and their children as frozen nodes, under ``parent_path``
        (``prefix`` for a part's top-level nodes), below headings ``headings`` and label
        ``label``.

        A paragraph of one line is frozen here, in one loop for all (a table flattened to lines
        is a paragraph a line); :meth:`node` freezes the others.
        """
        frozen: list[Node] = []
        append = frozen.append
        under = f"{parent_path}." if parent_path else prefix  # (a path is ``under`` + key)
        for draft in drafts:
            spans = draft.own
            if (
                draft.kind != "paragraph"
                or len(spans) != 1
                or draft.children
                or draft.heading
                or draft.marker
                or "~" in (key := draft.key)
            ):
                append(self.node(draft, prefix, level, parent_path, headings, label))
                continue
            # What :meth:`node` makes of it (its label what :func:`own_label` makes of its key
            # and its line), its own text read once for a repeat (``own_text``).
            known, found = self.own_text(spans[0], headings)
            number = key.lstrip("p")
            append(
                Node(
                    under + key,
                    "",
                    "paragraph",
                    "",
                    known[0],
                    (draft.start, draft.end),
                    level,
                    known[1],
                    (),
                    known[2],
                    found,
                    draft.heading_stop,
                    f"{label}¶{number}" if known[5] else f"{label}第{number}段",
                )
            )
        return frozen

    def node(
        self,
        draft: Draft,
        prefix: str,
        level: int,
        parent_path: str = "",
        headings: str = "",
        label: str = "",
    ) -> Node:
        """``draft`` and its children as a frozen node (see :meth:`nodes`)."""
        key = draft.key
        kind = draft.kind
        path = f"{parent_path}.{key}" if parent_path else f"{prefix}{key}"
        spans = draft.own
        text = self.text
        quantities = self.quantities
        if _plain_kind(kind):
            # What ``join_label`` makes of most kinds, and ``own_label`` of their markers.
            label += draft.marker if draft.marker and "~" not in key else own_label(draft, text)
        else:
            label = join_label(label, draft, own_label(draft, text))
        heading = draft.heading
        if heading:
            headings = f"{headings}\n{heading}".strip()
        found: tuple[Quantity, ...] = ()
        if heading and quantities is not None:
            head_start = text.find(heading, draft.start)
            if head_start >= 0:
                found = quantities(heading, head_start, headings)
        agencies: tuple[str, ...] = ()
        if len(spans) == 1:
            (own, sentences, agencies, _, _, _), placed = self.own_text(spans[0], headings)
            found += placed
        elif not spans:
            own, sentences = "", ()
        else:
            own_parts = [text[s:e].strip() for s, e in spans]
            own = "\n".join(p for p in own_parts if p)
            sentences = self.sentences(own) if own else ()
            for part in reversed(own_parts):
                # A list of agencies closes with ``)``: a part without one holds none.
                if ")" in part and (agencies := split_agencies(part)):
                    break
            if quantities is not None:
                # One call for each run of own lines that only line breaks separate: a
                # table's unit (单位:万元) or a plan's 今年要… applies to the lines below it.
                runs: list[list[int]] = []
                for s, e in spans:
                    if runs and not text[runs[-1][1] : s].strip():
                        runs[-1][1] = e
                    else:
                        runs.append([s, e])
                for s, e in runs:
                    found += quantities(text[s:e], s, headings)
        if draft.children:
            children = tuple(self.nodes(draft.children, prefix, level + 1, path, headings, label))
            end = max(draft.end, max(c.span[1] for c in children))
        else:
            children = ()
            end = draft.end
        # By position (a third of the time keywords take), in the order of ``NODE_FIELDS``.
        return Node(
            path,
            draft.marker,
            kind,
            heading,
            own,
            (draft.start, end),
            level,
            sentences,
            children,
            agencies,
            found,
            draft.heading_stop,
            label,
        )


# A node's own text read: stripped, its sentences, agencies, where it was read, its quantities
# there, whether it is Latin script.
_OwnText = tuple[str, tuple[str, ...], tuple[str, ...], int, tuple[Quantity, ...], bool]


#: The fields of :class:`~policydiff.model.Node` :class:`Freezer` gives, in the order it gives them.
NODE_FIELDS = (
    "path",
    "marker",
    "kind",
    "heading",
    "text",
    "span",
    "level",
    "sentences",
    "children",
    "agencies",
    "quantities",
    "heading_stop",
    "label",
)
if tuple(field.name for field in attrs.fields(Node))[: len(NODE_FIELDS)] != NODE_FIELDS:
    raise ImportError("policydiff.model.Node's fields moved: Freezer gives them by position")


def _plain_kind(kind: str) -> bool:
    """Whether a kind's marker, unrepeated, is its label as written, after its parent's."""
    if (known := _PLAIN_KINDS.get(kind)) is None:
        known = _PLAIN_KINDS[kind] = not (
            is_latin_kind(kind)
            or kind in LATIN_ITEMS
            or kind in ROMAN_LOOKALIKE
            or kind in ("annex", "note")
        )
    return known


_PLAIN_KINDS: dict[str, bool] = {}
_LABEL_EXCERPT = 12
# An English heading in a label: its words take about three times the characters.
LATIN_LABEL_EXCERPT = 36


def own_label(draft: Draft, text: str) -> str:
    """What the document calls a node, after its parent's label: its marker as written
    (``(二)``, ``第九条``, ``附件1``), an unnumbered heading in corner brackets, ``第2段`` for a
    paragraph, the opening words of an unnumbered section; ``(第2处)`` for a repeated number."""
    key, _, repeat = draft.key.partition("~")
    kind = draft.kind
    marker = draft.marker
    if kind == "paragraph":  # (first: the most common; a paragraph has no marker)
        latin = bool(draft.own) and is_latin(text[draft.own[0][0] : draft.own[0][1]])
        own = f"¶{key.lstrip('p')}" if latin else f"第{key.lstrip('p')}段"
    elif marker and (is_latin_kind(kind) or kind in LATIN_ITEMS):
        own = marker.rstrip(LATIN_SEPARATORS)
    elif kind in ROMAN_LOOKALIKE:
        own = marker
    elif marker:
        own = marker.rstrip(":.、 \u2014\u2013-") if kind in ("annex", "note") else marker
    elif kind == "heading" and is_latin(draft.heading):
        own = f"\u201c{_excerpt(draft.heading, LATIN_LABEL_EXCERPT)}\u201d"
    elif kind == "heading":
        own = f"「{_excerpt(draft.heading)}」"
    else:
        lines = [text[s:e].strip() for s, e in draft.own]
        words = next((line for line in lines if not ADDRESS.match(line)), "")
        own = f"「{_excerpt(words)}」" if words else ""
    return f"{own}(第{repeat}处)" if repeat else own


_LABEL_BREAK = re.compile(r"[,。;:!?]")


def _excerpt(words: str, limit: int = _LABEL_EXCERPT) -> str:
    first = _LABEL_BREAK.split(words, maxsplit=1)[0]
    return first if len(first) <= limit else first[:limit] + "…"
