"""Hypothesis strategies for Chinese policy documents, and a checker for aligners.

Needs the ``testing`` extra (``pip install policydiff[testing]``, which brings Hypothesis).
``import policydiff`` does not import this module, so the library itself never needs Hypothesis.

- :func:`documents` — realistic policy documents as text: ``一、`` sections holding ``(一)``
  tasks holding ``一是…二是…`` measures (a reply, a task list) or unnumbered headings over
  ``一是`` paragraphs (a press release), written in clauses of real documents, with numbers,
  lead agencies and cited ``《》`` titles.
- :func:`edits` — an edit script: a tuple of :class:`EditOp`, drawn from a :class:`Plan`.
- :func:`document_pairs` — ``(old_text, new_text, truth)``: a document, the same document after
  an edit script, and the :class:`Truth`: what an aligner should find, by path.
- :func:`random_pair` — the same generator driven by a seed instead of Hypothesis, for
  benchmarks that must give the same corpus on every run.
- :func:`check_alignment` — score an aligner's links (and its splits, merges and number
  pairs) against a :class:`Truth`: an :class:`AlignmentScore`.
- :data:`PLANS` — the named edit plans: ``light``, ``heavy``, ``move-heavy``, ``renumber``,
  ``split-merge``, ``numbers`` and ``mixed``.

How a pair is made. A document is first built as a tree of items, each with an identity that
edits keep; the text is rendered from the tree, and so are the paths policydiff's segmenter
gives each node (SPEC §2.2: ordinals, ``h`` + position for unnumbered headings, ``p1`` for a
preamble, ``p2:`` for a second part whose numbering restarts). An edit script then changes a
copy of the tree — insert, drop, reword lightly or heavily, move within or across parents,
renumber, promote or demote a level, split, merge, change a number, change an agency — and
the truth compares the two trees by identity: an item in both is a link; one only in the old
tree is dropped, only in the new one added. Moves follow SPEC §2.4 (not in the longest
increasing subsequence of linked positions under linked parents, or a changed parent); when
two orders are equally long the link is neither required nor forbidden to be a move
(:attr:`Truth.maybe_moved`). The test suite checks that ``policydiff.parse`` of every
generated text gives exactly the paths the truth names.

The same builder functions serve Hypothesis and the seeded generator: every random choice
goes through a small source object, a Hypothesis ``draw`` in :func:`document_pairs` (so
examples shrink: fewer sections, fewer edits, the first phrases of the vocabulary) and a
:class:`random.Random` in :func:`random_pair`.

>>> old, new, truth = random_pair(3, plan="light")
>>> import policydiff
>>> sorted(node.path for node in policydiff.parse(old).walk()) == sorted(truth.old_paths)
True
>>> d = policydiff.diff(old, new)
>>> score = check_alignment(truth, d.alignment, numbers=d.numbers)
>>> score.f1 > 0.9, score.spurious
(True, 0.0)

With Hypothesis, in a test of your own aligner::

    from hypothesis import given
    from policydiff.strategies import check_alignment, document_pairs

    @given(document_pairs(plan="move-heavy"))
    def test_my_aligner_finds_moves(pair):
        old, new, truth = pair
        score = check_alignment(truth, my_align(old, new))
        assert score.move_recall >= 0.9, score.errors
"""

from __future__ import annotations

import copy
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Literal, Protocol, TypeVar

import attrs
from hypothesis import strategies as st

from ._vocabulary import (
    ADVERBS,
    AGENCIES,
    BOILERPLATE,
    CITING,
    FACTS,
    MEASURES,
    PART_TITLES,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    SYNONYMS,
    TITLE_KINDS,
    TITLES,
)
from .model import Alignment, Link, NumberChange, Related

__all__ = [
    "KINDS",
    "PLANS",
    "STYLES",
    "AlignmentScore",
    "EditOp",
    "NumberPair",
    "Plan",
    "Style",
    "Truth",
    "check_alignment",
    "document_pairs",
    "documents",
    "edits",
    "random_pair",
]

T = TypeVar("T")

Style = Literal["reply", "tasks", "headings"]
#: Document styles: an NHC reply (``一、`` / ``(一)`` headed ``关于…`` / ``一是``), a task list
#: (``(一)`` numbered across sections, each ending in its lead agencies) and a press release
#: (unnumbered headings over ``一是…`` lines).
STYLES: tuple[Style, ...] = ("reply", "tasks", "headings")

#: The edit operations, simplest first (a shrunk edit script uses the first ones).
KINDS: tuple[str, ...] = (
    "reword_light",
    "number",
    "agency",
    "insert",
    "drop",
    "reword_heavy",
    "move",
    "move_across",
    "renumber",
    "promote",
    "demote",
    "split",
    "merge",
)


# --- random choices: one interface over Hypothesis and random.Random ---------------------------


class _Source(Protocol):
    """Where the builders take their random choices from."""

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""

    def chance(self, p: float) -> bool:
        """True with probability ``p`` (Hypothesis shrinks it to False)."""


class _Seeded:
    """Choices from a :class:`random.Random`: the same seed gives the same pair."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def integer(self, low: int, high: int) -> int:
        return low if high <= low else self._rng.randint(low, high)

    def chance(self, p: float) -> bool:
        return self._rng.random() < p


class _Drawn:
    """Choices drawn by Hypothesis, so that the examples they build shrink."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def integer(self, low: int, high: int) -> int:
        return low if high <= low else self._draw(st.integers(low, high))

    def chance(self, p: float) -> bool:
        if p <= 0.0 or p >= 1.0:
            return p >= 1.0
        # 0, where Hypothesis shrinks to, means "no": the feature goes away.
        return self._draw(st.integers(0, 99)) >= 100 - round(100 * p)


def _pick(source: _Source, options: Sequence[T]) -> T:
    return options[source.integer(0, len(options) - 1)]


# --- the document being built: a mutable tree with identities ---------------------------------

_MAGNITUDE = {"": Decimal(1), "万": Decimal(10**4), "亿": Decimal(10**8), "万亿": Decimal(10**12)}
# A metric phrase ending in a qualifier of its own takes no second one (不低于约60% reads badly).
_QUALIFIED_END = ("不低于", "超过", "增至")


@attrs.define
class _Fact:
    """A number a sentence states: ``{lead}{metric}{before}{value}{magnitude}{unit}{after}``."""

    uid: int
    lead: str
    metric: str
    magnitude: str
    unit: str
    low: Decimal
    high: Decimal
    decimals: int
    before: str = ""
    after: str = ""

    def text(self, year: int) -> str:
        value = self._format(self.low)
        if self.high != self.low:
            value += "-" + self._format(self.high)
        return (
            f"{self.lead.format(year=year)}{self.metric}{self.before}{value}"
            f"{self.magnitude}{self.unit}{self.after}"
        )

    def _format(self, value: Decimal) -> str:
        return f"{value:.{self.decimals}f}"

    def values(self) -> tuple[float, float]:
        scale = _MAGNITUDE[self.magnitude]
        return float(self.low * scale), float(self.high * scale)


@attrs.define
class _Sentence:
    """A measure: clauses joined by ``,``, or a fact, optionally citing a title first."""

    clauses: list[str]
    fact: _Fact | None = None
    citing: str = ""
    end: str = "。"

    def text(self, year: int) -> str:
        if self.fact is not None:
            return self.fact.text(year) + self.end
        return ",".join([self.citing, *self.clauses] if self.citing else self.clauses) + self.end


@attrs.define
class _Item:
    """One node to be: heading, sentences, lead agencies and children."""

    uid: int
    heading: str = ""
    sentences: list[_Sentence] = attrs.Factory(list)
    agencies: list[str] = attrs.Factory(list)
    children: list[_Item] = attrs.Factory(list)

    def walk(self) -> Iterable[_Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.define
class _Part:
    """A run of top-level items; a later part restarts the numbering (``p2:``)."""

    items: list[_Item]
    title: _Item | None = None


@attrs.define
class _Draft:
    """A whole document under construction, and the record of the edits applied to it."""

    style: Style
    year: int
    title: str
    parts: list[_Part]
    preamble: _Item | None = None
    continuous: bool = False
    salutation: bool = False
    signature: tuple[str, str] = ("", "")
    relations: list[tuple[str, int, int]] = attrs.Factory(list)
    frozen: set[int] = attrs.Factory(set)
    rewritten: set[int] = attrs.Factory(set)
    fresh: set[int] = attrs.Factory(set)
    log: list[tuple[str, int | None, int | None]] = attrs.Factory(list)

    def items(self) -> Iterable[_Item]:
        """Every item that becomes a node, in document order."""
        if self.preamble is not None:
            yield self.preamble
        for part in self.parts:
            if part.title is not None:
                yield part.title
            for item in part.items:
                yield from item.walk()


@attrs.frozen
class _Shape:
    """How big a document is: ranges of sections, of tasks per section, of measures per task."""

    sections: tuple[int, int] = (1, 4)
    children: tuple[int, int] = (0, 4)
    enums: tuple[int, int] = (2, 4)


# --- building documents ---------------------------------------------------------------------


class _Builder:
    """Draws content. Clauses, facts and titles are used at most once in a pair of documents
    (the boilerplate every section repeats aside), so an inserted section never repeats a
    dropped one by chance."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        common = set(BOILERPLATE)
        self._clauses = [k for k, clause in enumerate(MEASURES) if clause not in common]
        self._facts = list(range(len(FACTS)))
        self._titles = list(range(len(TITLES)))
        self._uid = 0

    def uid(self) -> int:
        self._uid += 1
        return self._uid

    def _take(self, pool: list[int]) -> int:
        return pool.pop(self.source.integer(0, len(pool) - 1))

    def clause(self) -> str:
        if not self._clauses:  # a pair of huge documents: reuse (never in practice)
            return _pick(self.source, MEASURES)
        return MEASURES[self._take(self._clauses)]

    def clauses(self, most: int = 3) -> list[str]:
        return [self.clause() for _ in range(self.source.integer(1, most))]

    def heading(self, style: Style, level: int) -> str:
        clause = self.clause()
        return "关于" + clause if style == "reply" and level == 1 else clause

    def heading_like(self, heading: str) -> str:
        """A fresh heading written the way ``heading`` is (``关于…`` or not)."""
        return ("关于" if heading.startswith("关于") else "") + self.clause()

    def title(self) -> str:
        """A title to cite: a real one, else one composed the way titles are."""
        if self._titles and self.source.chance(0.5):
            return f"《{TITLES[self._take(self._titles)]}》"
        return f"《关于{self.clause()}的{_pick(self.source, TITLE_KINDS)}》"

    def fact(self) -> _Fact | None:
        if not self._facts:
            return None
        lead, metric, magnitude, unit, low, high, decimals = FACTS[self._take(self._facts)]
        value = _draw_value(self.source, Decimal(str(low)), Decimal(str(high)), decimals)
        top = value
        if unit == "%" and not magnitude and self.source.chance(0.15):
            top = value + Decimal(self.source.integer(2, 10))  # a range, ``5-10%``
        before = after = ""
        if top == value and not metric.endswith(_QUALIFIED_END) and self.source.chance(0.4):
            if self.source.chance(0.5):
                before = _pick(self.source, QUALIFIERS_BEFORE)
            else:
                after = _pick(self.source, QUALIFIERS_AFTER)
        return _Fact(self.uid(), lead, metric, magnitude, unit, value, top, decimals, before, after)

    def sentence(self) -> _Sentence:
        if self.source.chance(0.15) and (fact := self.fact()) is not None:
            return _Sentence([], fact=fact)
        citing = ""
        if self.source.chance(0.08):
            citing = _pick(self.source, CITING).format(title=self.title())
        clauses = self.clauses()
        if self.source.chance(0.25):
            clauses.append(_pick(self.source, BOILERPLATE))
        return _Sentence(clauses, citing=citing)

    def sentences(self, low: int, high: int) -> list[_Sentence]:
        return [self.sentence() for _ in range(self.source.integer(low, high))]

    def agencies(self) -> list[str]:
        pool = list(AGENCIES)
        return [pool.pop(self.source.integer(0, len(pool) - 1)) for _ in range(self.integer(1, 4))]

    def integer(self, low: int, high: int) -> int:
        return self.source.integer(low, high)

    def item(self, style: Style, level: int, shape: _Shape) -> _Item:
        """A fresh item at ``level`` with its subtree, valid where it stands."""
        item = _Item(self.uid())
        deepest = _depth(style) - 1
        if style == "headings":
            if level == 0:
                item.heading = self.heading(style, 0)
                if self.source.chance(0.7):
                    item.children = [
                        self.item(style, 1, shape) for _ in range(self.integer(*shape.enums))
                    ]
                item.sentences = self.sentences(0 if item.children else 1, 2)
            else:
                if self.source.chance(0.5):
                    item.heading = self.heading(style, 1)
                item.sentences = self.sentences(0 if item.heading else 1, 2)
            return item
        if level == 0:
            item.heading = self.heading(style, 0)
            if style == "reply" and self.source.chance(0.4):
                item.sentences = self.sentences(1, 2)
            item.children = [
                self.item(style, 1, shape) for _ in range(self.integer(*shape.children))
            ]
        elif level == 1:
            if self.source.chance(0.8):
                item.heading = self.heading(style, 1)
            if level < deepest and self.source.chance(0.35):
                item.children = [
                    self.item(style, 2, shape) for _ in range(self.integer(*shape.enums))
                ]
            item.sentences = self.sentences(0 if item.heading or item.children else 1, 3)
            if style == "tasks" and self.source.chance(0.85):
                item.agencies = self.agencies()
        else:
            if self.source.chance(0.5):
                item.heading = self.heading(style, 2)
            item.sentences = self.sentences(0 if item.heading else 1, 2)
        if not item.heading and not item.sentences:
            item.sentences = [self.sentence()]
        return item

    def draft(self, style: Style, shape: _Shape) -> _Draft:
        year = 2018 + self.integer(0, 6)
        sections = self.integer(*shape.sections)
        items = [self.item(style, 0, shape) for _ in range(sections)]
        draft = _Draft(style=style, year=year, title="", parts=[_Part(items)])
        if style == "reply":
            draft.title = f"对十四届全国人大二次会议第{self.integer(1000, 9999)}号建议的答复"
            draft.salutation = True
            agencies = "、".join(self.agencies()[:2])
            subject = f"您提出的《关于{self.clause()}的建议》收悉"
            draft.preamble = _Item(
                self.uid(),
                sentences=[_Sentence([subject, f"经商{agencies}", "现答复如下"], end=":")],
            )
            draft.signature = (
                "国家卫生健康委员会",
                f"{self.integer(1, 12)}月{self.integer(1, 28)}日",
            )
        elif style == "tasks":
            draft.title = "深化医药卫生体制改革{year}年重点工作任务"
            draft.continuous = self.source.chance(0.7)
            draft.preamble = _Item(
                self.uid(),
                sentences=[
                    _Sentence(["为" + self.clause(), self.clause(), "制定以下重点工作任务"])
                ],
            )
            if self.source.chance(0.2):
                title = _Item(self.uid(), heading=_pick(self.source, PART_TITLES))
                more = [self.item(style, 0, shape) for _ in range(self.integer(1, 2))]
                draft.parts.append(_Part(more, title=title))
        else:
            draft.title = "{year}年卫生健康重点工作任务"
            draft.preamble = _Item(self.uid(), sentences=self.sentences(1, 2))
        return draft


def _draw_value(source: _Source, low: Decimal, high: Decimal, decimals: int) -> Decimal:
    step = Decimal(1).scaleb(-decimals)
    value = low + (high - low) * Decimal(source.integer(0, 1000)) / 1000
    return max(step, value.quantize(step, rounding=ROUND_HALF_UP))


def _depth(style: Style) -> int:
    """How many levels of nodes a style nests."""
    return 2 if style == "headings" else 3


# --- rendering: the text, and the path of every item -----------------------------------------

_CN_DIGITS = "一二三四五六七八九"


def _cn(n: int) -> str:
    """``14`` → ``十四``: the numeral a marker writes (1 to 99)."""
    if n < 10:
        return _CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" + (_CN_DIGITS[ones - 1] if ones else "")
    )


@attrs.frozen
class _Rendered:
    """A rendered draft: the text, and by item identity its path, facts and agencies."""

    text: str
    paths: Mapping[int, str]
    facts: Mapping[int, tuple[int, _Fact]]
    agencies: Mapping[int, tuple[str, ...]]


def _agency_text(agencies: Sequence[str]) -> str:
    if not agencies:
        return ""
    if len(agencies) == 1:
        return f"({agencies[0]}负责)"
    return "(" + "、".join(agencies) + "等按职责分工负责)"


def _render(draft: _Draft) -> _Rendered:
    lines: list[str] = []
    paths: dict[int, str] = {}
    facts: dict[int, tuple[int, _Fact]] = {}
    agencies: dict[int, tuple[str, ...]] = {}
    year = draft.year

    def body(item: _Item, *, with_agencies: bool) -> str:
        text = "".join(s.text(year) for s in item.sentences)
        if with_agencies and item.agencies:
            agencies[item.uid] = tuple(item.agencies)
            text += _agency_text(item.agencies)
        return text

    def own(item: _Item, *, with_agencies: bool) -> str:
        heading = item.heading + "。" if item.heading else ""
        return heading + body(item, with_agencies=with_agencies)

    def record(item: _Item, path: str) -> None:
        paths[item.uid] = path
        for sentence in item.sentences:
            if sentence.fact is not None:
                facts[sentence.fact.uid] = (item.uid, sentence.fact)

    if draft.title:
        lines.append(draft.title.format(year=year))
    if draft.salutation:
        lines.append("代表您好:")
    if draft.preamble is not None:
        lines.append(body(draft.preamble, with_agencies=False))
        record(draft.preamble, "p1")
    for number, part in enumerate(draft.parts, start=1):
        prefix = f"p{number}:" if number > 1 else ""
        if part.title is not None:
            lines.append(part.title.heading)
            record(part.title, prefix + "p1")
        counter = 0
        for k, top in enumerate(part.items, start=1):
            if draft.style == "headings":
                path = f"{prefix}h{k}"
                record(top, path)
                lines.append(top.heading)
                if top.sentences:
                    lines.append(body(top, with_agencies=False))
                for e, child in enumerate(top.children, start=1):
                    record(child, f"{path}.{e}")
                    lines.append(f"{_cn(e)}是{own(child, with_agencies=False)}")
                continue
            path = f"{prefix}{k}"
            record(top, path)
            lines.append(f"{_cn(k)}、{top.heading}")
            if top.sentences or top.agencies:
                text = body(top, with_agencies=True)
                if text:
                    lines.append(text)
            for j, task in enumerate(top.children, start=1):
                counter += 1
                ordinal = counter if draft.continuous else j
                task_path = f"{path}.{ordinal}"
                record(task, task_path)
                line = f"({_cn(ordinal)}){own(task, with_agencies=not task.children)}"
                for e, measure in enumerate(task.children, start=1):
                    record(measure, f"{task_path}.{e}")
                    line += f"{_cn(e)}是{own(measure, with_agencies=False)}"
                lines.append(line)
    issuer, date = draft.signature
    if issuer:
        lines.extend((issuer, f"{year}年{date}"))
    return _Rendered("\n".join(lines) + "\n", paths, facts, agencies)


def _problem(draft: _Draft) -> str | None:
    """Why the draft would not render into the tree it stands for, or ``None``."""
    if not draft.parts or any(not part.items for part in draft.parts):
        return "an empty part"
    depth = _depth(draft.style)

    def check(item: _Item, level: int) -> str | None:
        if level >= depth:
            return "too deep"
        if not item.heading and not item.sentences:
            return "an item with no text"
        if level == 0 and not item.heading:
            return "a section without a heading"
        if draft.style == "headings":
            if level == 0 and not item.sentences and not item.children:
                return "a heading with nothing under it"
        elif level == 1 and len(item.children) == 1:
            return "a single 一是 (not an enumeration)"
        for child in item.children:
            if problem := check(child, level + 1):
                return problem
        return None

    for part in draft.parts:
        for item in part.items:
            if problem := check(item, 0):
                return problem
    return None


# --- edits ----------------------------------------------------------------------------------


@attrs.frozen
class EditOp:
    """One operation of an edit script.

    ``kind`` is one of :data:`KINDS`; ``target``, ``to`` and ``amount`` are abstract choices,
    resolved when the script is applied: ``target`` picks the item (or list) among those the
    operation can apply to, counting round (so any integer is valid and small ones shrink to
    the first candidates), ``to`` the destination position, ``amount`` how much (how many
    light rewordings, which agency change). An operation with no candidate does nothing.

    >>> EditOp("move", target=2, to=0)
    EditOp(kind='move', target=2, to=0, amount=0)
    """

    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    target: int = 0
    to: int = 0
    amount: int = 0


def _known_kinds(
    _plan: object, _attribute: object, operations: tuple[tuple[str, int], ...]
) -> None:
    unknown = [kind for kind, _weight in operations if kind not in KINDS]
    if unknown or not operations or any(weight < 1 for _kind, weight in operations):
        raise ValueError(
            f"a plan needs (kind, weight) pairs with kinds from KINDS and weights of 1 or more, "
            f"got {operations!r}"
        )


@attrs.frozen
class Plan:
    """A mix of edit operations: ``(kind, weight)`` pairs and how many operations a script has.

    ``front`` draws destination positions near the start of lists, so inserts and drops
    renumber everything after them (a renumbering storm).
    """

    name: str
    operations: tuple[tuple[str, int], ...] = attrs.field(validator=_known_kinds)
    min_ops: int = 1
    max_ops: int = 4
    front: bool = False


PLANS: Mapping[str, Plan] = MappingProxyType(
    {
        plan.name: plan
        for plan in (
            Plan(
                "light",
                (("reword_light", 6), ("number", 2), ("agency", 1), ("insert", 1), ("drop", 1)),
                1,
                4,
            ),
            Plan(
                "heavy",
                (
                    ("reword_heavy", 6),
                    ("reword_light", 2),
                    ("insert", 2),
                    ("drop", 2),
                    ("number", 1),
                ),
                10,
                24,
            ),
            Plan(
                "move-heavy",
                (
                    ("move", 4),
                    ("move_across", 4),
                    ("promote", 1),
                    ("demote", 1),
                    ("reword_light", 1),
                ),
                2,
                6,
            ),
            Plan(
                "renumber",
                (("renumber", 2), ("insert", 3), ("drop", 3), ("reword_light", 1)),
                3,
                8,
                front=True,
            ),
            Plan("split-merge", (("split", 3), ("merge", 3), ("reword_light", 1)), 1, 4),
            Plan("numbers", (("number", 6), ("agency", 1), ("reword_light", 1)), 2, 6),
            Plan("mixed", tuple((kind, 1) for kind in KINDS), 2, 10),
        )
    }
)
"""The named edit plans. ``mixed`` uses every operation; the others stress one ability each."""


def _draw_ops(source: _Source, plan: Plan) -> tuple[EditOp, ...]:
    weighted = [kind for kind, weight in plan.operations for _ in range(weight)]
    ops = []
    for _ in range(source.integer(plan.min_ops, plan.max_ops)):
        kind = _pick(source, weighted)
        target = source.integer(0, 255)
        to = source.integer(0, 1 if plan.front else 255)
        ops.append(EditOp(kind, target, to, source.integer(0, 255)))
    return tuple(ops)


# Where an item stands: its list, its index in it, its level, the item owning the list.
_Place = tuple[list[_Item], int, int, _Item | None]


def _containers(draft: _Draft) -> list[tuple[list[_Item], int, _Item | None]]:
    """Every list of items, with its level and owner, in document order."""
    found: list[tuple[list[_Item], int, _Item | None]] = []

    def visit(items: list[_Item], level: int, owner: _Item | None) -> None:
        found.append((items, level, owner))
        for item in items:
            visit(item.children, level + 1, item)

    for part in draft.parts:
        visit(part.items, 0, None)
    return found


def _places(draft: _Draft) -> dict[int, _Place]:
    return {
        item.uid: (items, index, level, owner)
        for items, level, owner in _containers(draft)
        for index, item in enumerate(items)
    }


def _rewordable(draft: _Draft) -> list[_Item]:
    """Items a rewording may change: not part titles (labels), not the formula that opens a
    reply or a task list (``您提出的…收悉``), not split or merged items."""
    fixed = draft.frozen | {part.title.uid for part in draft.parts if part.title is not None}
    if draft.preamble is not None and draft.style != "headings":
        fixed.add(draft.preamble.uid)
    return [item for item in draft.items() if item.uid not in fixed]


class _Editor:
    """Applies edit operations to a draft, drawing fresh content from the builder."""

    def __init__(self, builder: _Builder, plan: Plan) -> None:
        self.builder = builder
        self.source = builder.source
        self.plan = plan
        self.shape = _Shape(sections=(1, 1), children=(0, 2), enums=(2, 3))

    def apply(self, draft: _Draft, op: EditOp) -> _Draft:
        """The draft after ``op``; the draft itself when nothing valid can be done."""
        candidates: Callable[[_Draft], list[Any]] = getattr(self, f"_{op.kind}_candidates")
        change: Callable[[_Draft, Any, EditOp], bool] = getattr(self, f"_{op.kind}")
        options = candidates(draft)
        for k in range(len(options)):
            trial = copy.deepcopy(draft)
            if change(trial, options[(op.target + k) % len(options)], op) and not _problem(trial):
                return trial
        return draft

    # insert: a fresh item (with a small subtree) in any list, at position ``to``.
    def _insert_candidates(self, draft: _Draft) -> list[int]:
        return list(range(len(_containers(draft))))

    def _insert(self, draft: _Draft, which: int, op: EditOp) -> bool:
        items, level, _owner = _containers(draft)[which]
        if level >= _depth(draft.style):
            return False
        item = self.builder.item(draft.style, level, self.shape)
        items.insert(op.to % (len(items) + 1), item)
        draft.fresh.update(node.uid for node in item.walk())
        draft.log.append(("insert", None, item.uid))
        return True

    # Items split or merged are not dropped afterwards: their content lives on elsewhere, and
    # the truth would have to say where.
    def _drop_candidates(self, draft: _Draft) -> list[int]:
        return [uid for uid in _places(draft) if uid not in draft.frozen]

    def _drop(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        items, index, _level, _owner = _places(draft)[uid]
        if self.plan.front:
            index = min(op.to, len(items) - 1)
            uid = items[index].uid
        if any(node.uid in draft.frozen for node in items[index].walk()):
            return False
        del items[index]
        draft.log.append(("drop", uid, None))
        return True

    def _reword_light_candidates(self, draft: _Draft) -> list[int]:
        return [item.uid for item in _rewordable(draft)]

    def _reword_light(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        item = _find(draft, uid)
        for _ in range(1 + op.amount % 2):
            _light_change(item, self.builder)
        draft.log.append(("reword_light", uid, uid))
        return True

    def _reword_heavy_candidates(self, draft: _Draft) -> list[int]:
        # Once rewritten, an item is not rewritten again: two rewrites in a row would leave
        # too little of it to call it the same measure.
        return [
            item.uid
            for item in _rewordable(draft)
            if item is not draft.preamble and item.uid not in draft.rewritten
        ]

    def _reword_heavy(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        _heavy_change(_find(draft, uid), self.builder)
        draft.rewritten.add(uid)
        draft.log.append(("reword_heavy", uid, uid))
        return True

    def _move_candidates(self, draft: _Draft) -> list[int]:
        return [uid for uid, (items, *_rest) in _places(draft).items() if len(items) >= 2]

    def _move(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        items, index, _level, _owner = _places(draft)[uid]
        item = items.pop(index)
        others = [p for p in range(len(items) + 1) if p != index]
        items.insert(others[op.to % len(others)], item)
        draft.log.append(("move", uid, uid))
        return True

    def _move_across_candidates(self, draft: _Draft) -> list[tuple[int, int]]:
        containers = _containers(draft)
        return [
            (uid, which)
            for uid, (items, _index, level, _owner) in _places(draft).items()
            for which, (other, other_level, _o) in enumerate(containers)
            if other_level == level and other is not items
        ]

    def _move_across(self, draft: _Draft, choice: tuple[int, int], op: EditOp) -> bool:
        uid, which = choice
        target = _containers(draft)[which][0]
        items, index, _level, _owner = _places(draft)[uid]
        item = items.pop(index)
        target.insert(op.to % (len(target) + 1), item)
        draft.log.append(("move", uid, uid))
        return True

    def _renumber_candidates(self, draft: _Draft) -> list[int]:
        return [0]

    def _renumber(self, draft: _Draft, _choice: int, op: EditOp) -> bool:
        if draft.style == "headings":  # nothing to renumber but by a new first heading
            return self._insert(draft, 0, attrs.evolve(op, to=0))
        draft.continuous = not draft.continuous
        draft.log.append(("renumber", None, None))
        return True

    def _promote_candidates(self, draft: _Draft) -> list[int]:
        return [uid for uid, (_items, _i, level, _o) in _places(draft).items() if level > 0]

    def _promote(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        places = _places(draft)
        items, index, _level, owner = places[uid]
        assert owner is not None
        outer, owner_index, _l, _o = places[owner.uid]
        outer.insert(owner_index + 1, items.pop(index))
        draft.log.append(("promote", uid, uid))
        return True

    def _demote_candidates(self, draft: _Draft) -> list[int]:
        return [uid for uid, (_items, index, _l, _o) in _places(draft).items() if index > 0]

    def _demote(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        items, index, _level, _owner = _places(draft)[uid]
        item = items.pop(index)
        items[index - 1].children.append(item)
        draft.log.append(("demote", uid, uid))
        return True

    def _split_candidates(self, draft: _Draft) -> list[int]:
        return [
            uid
            for uid in _places(draft)
            if uid not in draft.frozen and len(_find(draft, uid).sentences) >= 2
        ]

    def _split(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        items, index, level, _owner = _places(draft)[uid]
        item = items[index]
        keep = math.ceil(len(item.sentences) / 2)
        part = _Item(self.builder.uid(), sentences=item.sentences[keep:])
        del item.sentences[keep:]
        if level == 0 or (item.heading and self.source.chance(0.5)):
            part.heading = self.builder.heading(draft.style, level)
        items.insert(index + 1, part)
        draft.relations.append(("split_from", uid, part.uid))
        draft.frozen.update((uid, part.uid))
        draft.log.append(("split", uid, part.uid))
        return True

    def _merge_candidates(self, draft: _Draft) -> list[int]:
        return [
            uid
            for uid, (items, index, _l, _o) in _places(draft).items()
            if len(items) >= 2 and uid not in draft.frozen and not items[index].children
        ]

    def _merge(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        items, index, _level, _owner = _places(draft)[uid]
        into = items[index - 1] if index > 0 else items[1]
        # Merged into an item the script inserted, an item is only reworded: not a merge.
        if into.uid in draft.frozen or into.uid in draft.fresh:
            return False
        item = items.pop(index)
        if item.heading:  # the merged measure's title becomes a sentence of its new home
            into.sentences.append(_Sentence([item.heading]))
        into.sentences.extend(item.sentences)
        into.agencies.extend(a for a in item.agencies if a not in into.agencies)
        draft.relations.append(("merged_into", uid, into.uid))
        draft.frozen.update((uid, into.uid))
        draft.log.append(("merge", uid, into.uid))
        return True

    def _number_candidates(self, draft: _Draft) -> list[tuple[int, int]]:
        return [
            (item.uid, k)
            for item in draft.items()
            for k, sentence in enumerate(item.sentences)
            if sentence.fact is not None
        ]

    def _number(self, draft: _Draft, choice: tuple[int, int], op: EditOp) -> bool:
        """A new value, as a later year writes it: sometimes with another qualifier (``约`` for
        ``近``), sometimes in full digits rather than ``万`` (``3.7万个`` → ``37000个``)."""
        uid, k = choice
        fact = _find(draft, uid).sentences[k].fact
        assert fact is not None
        percent = self.source.integer(3, 30) * (1 if self.source.chance(0.6) else -1)
        step = Decimal(1).scaleb(-fact.decimals)
        factor = 1 + Decimal(percent) / 100
        low = max(step, (fact.low * factor).quantize(step, rounding=ROUND_HALF_UP))
        if low == fact.low:
            low = fact.low + step
        fact.high, fact.low = low + (fact.high - fact.low), low
        if fact.low == fact.high and not fact.metric.endswith(_QUALIFIED_END):
            if self.source.chance(0.3):
                qualifiers = ["", *QUALIFIERS_BEFORE, *QUALIFIERS_AFTER]
                written = _pick(self.source, qualifiers)
                fact.before = written if written in QUALIFIERS_BEFORE else ""
                fact.after = written if written in QUALIFIERS_AFTER else ""
            if fact.magnitude == "万" and self.source.chance(0.15):
                fact.low = fact.high = (fact.low * _MAGNITUDE["万"]).quantize(Decimal(1))
                fact.magnitude, fact.decimals = "", 0
        draft.log.append(("number", uid, uid))
        return True

    def _agency_candidates(self, draft: _Draft) -> list[int]:
        rendered = _render(draft)
        return [uid for uid in rendered.agencies if uid not in draft.frozen]

    def _agency(self, draft: _Draft, uid: int, op: EditOp) -> bool:
        agencies = _find(draft, uid).agencies
        unused = [a for a in AGENCIES if a not in agencies]
        way = op.amount % 3
        if way == 2 and len(agencies) > 1:
            del agencies[self.source.integer(0, len(agencies) - 1)]
        elif way == 1 and unused:
            agencies.append(_pick(self.source, unused))
        elif unused:
            agencies[self.source.integer(0, len(agencies) - 1)] = _pick(self.source, unused)
        else:
            return False
        draft.log.append(("agency", uid, uid))
        return True


def _find(draft: _Draft, uid: int) -> _Item:
    return next(item for item in draft.items() if item.uid == uid)


def _swap_synonym(text: str, source: _Source) -> str | None:
    found = [(a, b) for a, b in SYNONYMS if a in text] + [(b, a) for a, b in SYNONYMS if b in text]
    if not found:
        return None
    old, new = _pick(source, found)
    return text.replace(old, new, 1)


def _light_change(item: _Item, builder: _Builder) -> bool:
    """One small rewording a later year makes: a synonym, an adverb, a clause added or cut."""
    source = builder.source
    plain = [s for s in item.sentences if s.fact is None]
    way = source.integer(0, 3)
    if way == 0:
        spots: list[tuple[_Sentence | None, int]] = [(None, 0)] if item.heading else []
        spots += [(s, k) for s in plain for k in range(len(s.clauses))]
        if spots:
            sentence, k = _pick(source, spots)
            text = item.heading if sentence is None else sentence.clauses[k]
            swapped = _swap_synonym(text, source)
            if swapped is not None:
                if sentence is None:
                    item.heading = swapped
                else:
                    sentence.clauses[k] = swapped
                return True
        way = 1
    if way == 1:
        spots = [(s, k) for s in plain for k in range(len(s.clauses))]
        spots = [(s, k) for s, k in spots if s is not None and not s.clauses[k].startswith(ADVERBS)]
        if spots:
            sentence, k = _pick(source, spots)
            assert sentence is not None
            sentence.clauses[k] = _pick(source, ADVERBS) + sentence.clauses[k]
            return True
        way = 2
    if way == 3:
        long = [s for s in plain if len(s.clauses) >= 2]
        if long:
            sentence = _pick(source, long)
            del sentence.clauses[source.integer(1, len(sentence.clauses) - 1)]
            return True
    if plain:
        sentence = _pick(source, plain)
        sentence.clauses.insert(source.integer(0, len(sentence.clauses)), builder.clause())
    else:
        item.sentences.append(_Sentence([builder.clause()]))
    return True


def _heavy_change(item: _Item, builder: _Builder) -> None:
    """A rewrite: most plain sentences replaced, the rest reworded, the heading reworded or
    replaced, a sentence added. Numbers and citations stay (a rewrite keeps what the measure is
    about), and so does at least one sentence or the heading: it is still the same measure."""
    source = builder.source
    plain = [k for k, s in enumerate(item.sentences) if s.fact is None]
    kept_other = len(plain) < len(item.sentences)  # a number or a citation survives
    replace = {k for k in plain if source.chance(0.6)}
    if plain and not replace:
        replace = {_pick(source, plain)}
    if len(replace) == len(plain) > 1:
        replace.discard(_pick(source, plain))
    for k in plain:
        sentence = item.sentences[k]
        if k in replace and len(plain) > 1:
            sentence.clauses = builder.clauses()
        elif k in replace:  # the only sentence: rewrite half of its clauses, add one
            keep = sentence.clauses[: max(1, len(sentence.clauses) // 2)]
            sentence.clauses = keep + builder.clauses(2)
        else:
            _light_change(item, builder)
    if item.heading:
        survivors = len(plain) - len(replace) + kept_other
        if survivors and source.chance(0.3):
            item.heading = builder.heading_like(item.heading)
        else:
            item.heading = _swap_synonym(item.heading, source) or (
                _pick(source, ADVERBS) + item.heading
                if not item.heading.startswith(("关于", *ADVERBS))
                else item.heading
            )
    if source.chance(0.5) or not plain:
        item.sentences.append(_Sentence(builder.clauses()))


# --- the truth --------------------------------------------------------------------------------


@attrs.frozen
class NumberPair:
    """A number in both documents: where it stands on each side and its value on each side."""

    old: str
    new: str
    old_low: float
    old_high: float
    new_low: float
    new_high: float
    unit: str
    metric: str

    @property
    def changed(self) -> bool:
        """Whether the value changed."""
        return (self.old_low, self.old_high) != (self.new_low, self.new_high)

    def reversed(self) -> NumberPair:
        """The same pair seen from the new document."""
        return NumberPair(
            self.new,
            self.old,
            self.new_low,
            self.new_high,
            self.old_low,
            self.old_high,
            self.unit,
            self.metric,
        )


@attrs.frozen
class Truth:
    """What an aligner should find between two generated documents, by path.

    ``old_paths``/``new_paths`` are every node's path, in document order, as
    :func:`policydiff.parse` assigns them. ``links`` are the true ``(old, new)`` pairs;
    ``moved`` the links that are moves under every longest order, ``maybe_moved`` those that
    are moves under some but not all (an adjacent swap: either of the two moved). ``related``
    holds ``(kind, old, new)`` splits and merges (``split_from``: a new node carved out of a
    linked old one; ``merged_into``: an old node absorbed into a linked new one). ``added`` and
    ``dropped`` are the nodes without a true link (split-off and merged-away nodes included).
    A merge leaves two candidates for the survivor and a split two for the continuation:
    :func:`check_alignment` accepts either reading (the truth lists the one that keeps the
    heading and the first place), as SPEC §4's ``required_any`` links do for gold files.
    ``numbers`` pairs every number both documents state; ``agencies`` lists ``(change, name,
    old, new)`` lead-agency changes of linked nodes; ``edits`` says what was done, in words.
    """

    old_paths: tuple[str, ...]
    new_paths: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    moved: tuple[tuple[str, str], ...] = ()
    maybe_moved: tuple[tuple[str, str], ...] = ()
    related: tuple[tuple[str, str, str], ...] = ()
    added: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    numbers: tuple[NumberPair, ...] = ()
    agencies: tuple[tuple[str, str, str, str], ...] = ()
    edits: tuple[str, ...] = ()

    def reversed(self) -> Truth:
        """The truth of the pair swapped (new → old): what ``align(new, old)`` should find.

        >>> t = Truth(("1", "2"), ("1",), (("1", "1"),), dropped=("2",))
        >>> t.reversed().added, t.reversed().links
        (('2',), (('1', '1'),))
        """
        flip = {"split_from": "merged_into", "merged_into": "split_from"}
        change = {"added": "dropped", "dropped": "added"}
        return Truth(
            old_paths=self.new_paths,
            new_paths=self.old_paths,
            links=tuple((b, a) for a, b in self.links),
            moved=tuple((b, a) for a, b in self.moved),
            maybe_moved=tuple((b, a) for a, b in self.maybe_moved),
            related=tuple((flip[kind], b, a) for kind, a, b in self.related),
            added=self.dropped,
            dropped=self.added,
            numbers=tuple(pair.reversed() for pair in self.numbers),
            agencies=tuple((change[c], name, b, a) for c, name, a, b in self.agencies),
            edits=self.edits,
        )


def _orders(sequence: Sequence[int]) -> tuple[list[bool], list[bool]]:
    """For each element: is it in some longest increasing subsequence, and in all of them?"""
    n = len(sequence)
    ending = [1] * n
    starting = [1] * n
    for k in range(n):
        for m in range(k):
            if sequence[m] < sequence[k]:
                ending[k] = max(ending[k], ending[m] + 1)
    for k in range(n - 1, -1, -1):
        for m in range(k + 1, n):
            if sequence[m] > sequence[k]:
                starting[k] = max(starting[k], starting[m] + 1)
    longest = max(ending, default=0)
    some = [ending[k] + starting[k] - 1 == longest for k in range(n)]
    per_length: dict[int, int] = defaultdict(int)
    for k in range(n):
        if some[k]:
            per_length[ending[k]] += 1
    every = [some[k] and per_length[ending[k]] == 1 for k in range(n)]
    return some, every


def _parent(path: str) -> str | None:
    head, sep, _ = path.rpartition(".")
    return head if sep else None


def _moves(
    links: Sequence[tuple[str, str]], old_paths: Sequence[str], new_paths: Sequence[str]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """``(moved, maybe_moved)`` among ``links`` by SPEC §2.4's rule, from the paths alone.

    A link whose parents are not linked to each other (nor both at the top) changed parents:
    a move. Within a group of links under the same linked parents, a link in no longest
    increasing subsequence of new positions (taken in old order) is a move; one in some but
    not all of them may be a move (of two equally good orders, an aligner may keep either).
    """
    new_of = dict(links)
    old_position = {path: k for k, path in enumerate(old_paths)}
    new_position = {path: k for k, path in enumerate(new_paths)}
    groups: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
    moved: set[tuple[str, str]] = set()
    maybe: set[tuple[str, str]] = set()
    for a, b in sorted(links, key=lambda link: old_position[link[0]]):
        above, below = _parent(a), _parent(b)
        if (above is None and below is None) or (above is not None and new_of.get(above) == below):
            groups[above].append((a, b))
        else:
            moved.add((a, b))
    for members in groups.values():
        some, every = _orders([new_position[b] for _, b in members])
        for link, in_some, in_every in zip(members, some, every, strict=True):
            if not in_some:
                moved.add(link)
            elif not in_every:
                maybe.add(link)
    return (
        tuple(link for link in links if link in moved),
        tuple(link for link in links if link in maybe),
    )


def _truth(old: _Rendered, new: _Rendered, draft: _Draft) -> Truth:
    common = [uid for uid in old.paths if uid in new.paths]
    linked = set(common)

    def pair(uid: int) -> tuple[str, str]:
        return old.paths[uid], new.paths[uid]

    related = []
    for kind, a, b in draft.relations:
        # ``a`` lives on in the new document when ``b`` was split from it; ``b`` is linked
        # when ``a`` was merged into it. A relation whose ends a later edit undid is dropped.
        lone, home = (b, a) if kind == "split_from" else (a, b)
        lone_side, other_side = (new, old) if kind == "split_from" else (old, new)
        if home in linked and lone in lone_side.paths and lone not in other_side.paths:
            related.append((kind, old.paths[a], new.paths[b]))

    numbers = []
    for fact_uid, (old_item, fact) in old.facts.items():
        if fact_uid in new.facts:
            new_item, new_fact = new.facts[fact_uid]
            (old_low, old_high), (new_low, new_high) = fact.values(), new_fact.values()
            numbers.append(
                NumberPair(
                    old.paths[old_item],
                    new.paths[new_item],
                    old_low,
                    old_high,
                    new_low,
                    new_high,
                    fact.unit,
                    fact.metric,
                )
            )

    agencies = []
    for uid in common:
        before_names, after_names = old.agencies.get(uid, ()), new.agencies.get(uid, ())
        agencies += [("added", a, *pair(uid)) for a in after_names if a not in before_names]
        agencies += [("dropped", a, *pair(uid)) for a in before_names if a not in after_names]

    def where(uid: int | None) -> str:
        if uid is None:
            return "∅"
        return old.paths.get(uid) or new.paths.get(uid) or "(gone)"

    log = []
    for kind, before, after in draft.log:
        if kind == "renumber":
            way = "across sections" if draft.continuous else "per section"
            log.append(f"renumber (一) tasks {way}")
        else:
            target = new.paths.get(after, "(gone)") if after is not None else "∅"
            log.append(f"{kind} {where(before)} → {target}")
    links = tuple(pair(uid) for uid in common)
    moved, maybe = _moves(links, tuple(old.paths.values()), tuple(new.paths.values()))
    return Truth(
        old_paths=tuple(old.paths.values()),
        new_paths=tuple(new.paths.values()),
        links=links,
        moved=moved,
        maybe_moved=maybe,
        related=tuple(related),
        added=tuple(path for uid, path in new.paths.items() if uid not in linked),
        dropped=tuple(path for uid, path in old.paths.items() if uid not in linked),
        numbers=tuple(numbers),
        agencies=tuple(agencies),
        edits=tuple(log),
    )


def _make_pair(
    draft: _Draft, ops: Sequence[EditOp], builder: _Builder, plan: Plan
) -> tuple[str, str, Truth]:
    old = _render(draft)
    editor = _Editor(builder, plan)
    new_draft = copy.deepcopy(draft)
    new_draft.year += 1
    for op in ops:
        new_draft = editor.apply(new_draft, op)
    new = _render(new_draft)
    return old.text, new.text, _truth(old, new, new_draft)


# --- public strategies ----------------------------------------------------------------------


def _shape(max_sections: int, max_children: int) -> _Shape:
    if max_sections < 1 or max_children < 0:
        raise ValueError(
            f"max_sections must be at least 1 and max_children at least 0, got "
            f"{max_sections!r} and {max_children!r}"
        )
    return _Shape(sections=(1, max_sections), children=(0, max_children))


def _plan(plan: str | Plan) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if plan not in PLANS:
        raise ValueError(f"unknown edit plan {plan!r}; choose one of {sorted(PLANS)}")
    return PLANS[plan]


def _style(source: _Source, styles: Sequence[Style]) -> Style:
    unknown = [s for s in styles if s not in STYLES]
    if unknown or not styles:
        raise ValueError(f"unknown document styles {unknown or styles!r}; choose from {STYLES}")
    return _pick(source, list(styles))


def documents(
    *,
    styles: Sequence[Style] = STYLES,
    max_sections: int = 4,
    max_children: int = 4,
) -> st.SearchStrategy[str]:
    """Realistic Chinese policy documents, as text.

    ``styles`` chooses among :data:`STYLES`; ``max_sections`` bounds the top-level sections
    (or headings), ``max_children`` the tasks in a section. Every document parses without
    error into the paths its structure says; examples shrink towards one short section.

    >>> from hypothesis import given, settings
    >>> import policydiff
    >>> @settings(max_examples=5, derandomize=True)
    ... @given(documents(styles=["tasks"]))
    ... def check(text):
    ...     assert policydiff.parse(text).nodes
    >>> check()
    """

    @st.composite
    def build(draw: st.DrawFn) -> str:
        builder = _Builder(_Drawn(draw))
        style = _style(builder.source, styles)
        return _render(builder.draft(style, _shape(max_sections, max_children))).text

    return build()


def edits(*, plan: str | Plan = "mixed") -> st.SearchStrategy[tuple[EditOp, ...]]:
    """Edit scripts of a plan (a name in :data:`PLANS`, or a :class:`Plan`).

    >>> from hypothesis import find
    >>> find(edits(plan="split-merge"), lambda ops: len(ops) >= 2)
    (EditOp(kind='split', target=0, to=0, amount=0), EditOp(kind='split', target=0, to=0, amount=0))
    """
    chosen = _plan(plan)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[EditOp, ...]:
        return _draw_ops(_Drawn(draw), chosen)

    return build()


def document_pairs(
    *,
    plan: str | Plan = "mixed",
    styles: Sequence[Style] = STYLES,
    max_sections: int = 4,
    max_children: int = 4,
) -> st.SearchStrategy[tuple[str, str, Truth]]:
    """``(old_text, new_text, truth)``: a document, the same after an edit script, the truth.

    The script is drawn with :func:`edits` from ``plan``; the other options are those of
    :func:`documents`. A failing example shrinks to a small document and few edits, and
    ``truth.edits`` says in words what was done.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, derandomize=True, deadline=None)
    ... @given(document_pairs(plan="light"))
    ... def check(pair):
    ...     old, new, truth = pair
    ...     linked = [old_path for old_path, _ in truth.links]
    ...     assert sorted(linked + list(truth.dropped)) == sorted(truth.old_paths)
    >>> check()
    """
    chosen = _plan(plan)
    shape = _shape(max_sections, max_children)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, Truth]:
        builder = _Builder(_Drawn(draw))
        draft = builder.draft(_style(builder.source, styles), shape)
        return _make_pair(draft, draw(edits(plan=chosen)), builder, chosen)

    return build()


def random_pair(
    seed: int | str,
    *,
    plan: str | Plan = "mixed",
    styles: Sequence[Style] = STYLES,
    max_sections: int = 6,
    max_children: int = 5,
) -> tuple[str, str, Truth]:
    """A pair like :func:`document_pairs` gives, from a seed: the same seed, the same pair.

    The builders are those of the strategies, driven by :class:`random.Random` seeded with the
    plan's name and ``seed``, so a benchmark corpus is the same on every run and machine.
    Documents are larger by default (up to 6 sections of up to 5 tasks).

    >>> random_pair(1, plan="numbers") == random_pair(1, plan="numbers")
    True
    """
    chosen = _plan(plan)
    builder = _Builder(_Seeded(random.Random(f"policydiff:{chosen.name}:{seed}")))
    draft = builder.draft(_style(builder.source, styles), _shape(max_sections, max_children))
    return _make_pair(draft, _draw_ops(builder.source, chosen), builder, chosen)


# --- scoring ----------------------------------------------------------------------------------


def _ratio(hits: int, total: int, *, empty: float = 1.0) -> float:
    return hits / total if total else empty


@attrs.frozen
class AlignmentScore:
    """How well links (and splits, merges, number pairs) agree with a :class:`Truth`.

    Counts, so that scores of many pairs add up (``a + b``, or ``sum(scores, AlignmentScore())``)
    into totals over all links rather than an average of averages; the rates are properties.
    Definitions are SPEC §4's: precision = right links / reported links; recall = true links
    found; spurious = reported links touching a node the truth says is added or dropped, over
    reported links; move recall = true moves reported as moved links; split/merge recall =
    true splits and merges reported with the same kind and ends. A number pair is right when
    both of its sides stand in the nodes the truth says, with the truth's values (relative
    tolerance 1e-9): over every pair the diff calls ``changed`` or ``unchanged``
    (``number_precision``/``number_recall``) and over changed values only
    (``change_precision``/``change_recall``). Rates over nothing are 1.0 (0.0 for spurious).
    ``errors`` lists what went wrong, in words.
    """

    pairs: int = 0
    true_links: int = 0
    reported_links: int = 0
    right_links: int = 0
    spurious_links: int = 0
    true_moves: int = 0
    found_moves: int = 0
    flagged_moves: int = 0
    right_flags: int = 0
    true_related: int = 0
    reported_related: int = 0
    right_related: int = 0
    numbers_scored: bool = False
    true_numbers: int = 0
    reported_numbers: int = 0
    right_numbers: int = 0
    true_changes: int = 0
    reported_changes: int = 0
    right_changes: int = 0
    errors: tuple[str, ...] = attrs.field(default=(), repr=False)

    def __add__(self, other: AlignmentScore) -> AlignmentScore:
        if not isinstance(other, AlignmentScore):
            return NotImplemented
        counts = {
            field.name: getattr(self, field.name) + getattr(other, field.name)
            for field in attrs.fields(AlignmentScore)
            if field.name not in ("numbers_scored", "errors")
        }
        return AlignmentScore(
            **counts,
            numbers_scored=self.numbers_scored or other.numbers_scored,
            errors=self.errors + other.errors,
        )

    @property
    def precision(self) -> float:
        """Right links / reported links."""
        return _ratio(self.right_links, self.reported_links)

    @property
    def recall(self) -> float:
        """True links found / true links."""
        return _ratio(self.right_links, self.true_links)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def spurious(self) -> float:
        """Reported links touching an added or dropped node / reported links."""
        return _ratio(self.spurious_links, self.reported_links, empty=0.0)

    @property
    def move_recall(self) -> float:
        """True moves reported as moved links / true moves."""
        return _ratio(self.found_moves, self.true_moves)

    @property
    def move_precision(self) -> float:
        """Right links flagged moved that truly are (or may be) moves / right links flagged."""
        return _ratio(self.right_flags, self.flagged_moves)

    @property
    def split_merge_recall(self) -> float:
        """True splits and merges reported / true splits and merges."""
        return _ratio(self.right_related, self.true_related)

    @property
    def split_merge_precision(self) -> float:
        """Reported splits and merges that are true / reported."""
        return _ratio(self.right_related, self.reported_related)

    @property
    def number_precision(self) -> float | None:
        """Right number pairs / reported pairs (``None`` when numbers were not scored)."""
        return _ratio(self.right_numbers, self.reported_numbers) if self.numbers_scored else None

    @property
    def number_recall(self) -> float | None:
        """True number pairs found / true pairs (``None`` when numbers were not scored)."""
        return _ratio(self.right_numbers, self.true_numbers) if self.numbers_scored else None

    @property
    def change_precision(self) -> float | None:
        """Right ``changed`` pairs / pairs reported ``changed`` (``None`` when not scored)."""
        return _ratio(self.right_changes, self.reported_changes) if self.numbers_scored else None

    @property
    def change_recall(self) -> float | None:
        """True changed numbers found / true changed numbers (``None`` when not scored)."""
        return _ratio(self.right_changes, self.true_changes) if self.numbers_scored else None


LinkLike = Link | tuple[str, str] | tuple[str, str, bool]
RelatedLike = Related | tuple[str, str, str]


def _link_tuple(link: LinkLike) -> tuple[str, str, bool]:
    if isinstance(link, Link):
        return link.old, link.new, link.moved
    if len(link) == 3:
        return link[0], link[1], bool(link[2])
    return link[0], link[1], False


def _related_tuple(item: RelatedLike) -> tuple[str, str, str]:
    if isinstance(item, Related):
        return item.kind, item.old, item.new
    return item[0], item[1], item[2]


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _number_matches(change: NumberChange, pair: NumberPair) -> bool:
    if change.old is None or change.new is None:
        return False
    old, new = change.old.quantity, change.new.quantity
    return (
        change.old.node == pair.old
        and change.new.node == pair.new
        and _same(old.low, pair.old_low)
        and _same(old.high, pair.old_high)
        and _same(new.low, pair.new_low)
        and _same(new.high, pair.new_high)
    )


def _reading(truth: Truth, reported: set[tuple[str, str]]) -> Truth:
    """The truth, with each split or merge read the way the reported links read it.

    Two nodes merged into one leave two candidates for the survivor, and a node split in two
    leaves two candidates for its continuation: either reading is right, with the other node
    as the merged (split) one — what SPEC §4's ``required_any`` links express for gold files.
    Where the reported links take the other reading, the truth is rewritten to it, and its
    moves are worked out again from the rewritten links.
    """
    links, related = list(truth.links), list(truth.related)
    added, dropped = list(truth.added), list(truth.dropped)
    for index, (kind, a, b) in enumerate(truth.related):
        if kind == "merged_into":
            survivor = next((link for link in links if link[1] == b), None)
            other = (a, b)
        else:
            survivor = next((link for link in links if link[0] == a), None)
            other = (a, b)
        if survivor is None or survivor in reported or other not in reported:
            continue
        links[links.index(survivor)] = other
        if kind == "merged_into":
            related[index] = (kind, survivor[0], b)
            dropped[dropped.index(a)] = survivor[0]
        else:
            related[index] = (kind, a, survivor[1])
            added[added.index(b)] = survivor[1]
    if links == list(truth.links):
        return truth
    moved, maybe = _moves(links, truth.old_paths, truth.new_paths)
    return attrs.evolve(
        truth,
        links=tuple(links),
        related=tuple(related),
        added=tuple(added),
        dropped=tuple(dropped),
        moved=moved,
        maybe_moved=maybe,
    )


def check_alignment(
    truth: Truth,
    links: Alignment | Iterable[LinkLike],
    *,
    related: Iterable[RelatedLike] = (),
    numbers: Iterable[NumberChange] | None = None,
) -> AlignmentScore:
    """Score an aligner's output against the truth of a generated pair.

    ``links`` are :class:`~policydiff.model.Link` objects, ``(old, new)`` or ``(old, new,
    moved)`` tuples, or a whole :class:`~policydiff.model.Alignment` (whose splits and merges
    are scored too). ``related`` adds ``Related`` objects or ``(kind, old, new)`` tuples.
    ``numbers`` are the :class:`~policydiff.model.NumberChange` s of a diff; number pairs are
    scored only when they are given (``None``: not scored, the number rates are ``None``).

    >>> truth = Truth(("1", "2", "3"), ("1", "2"), (("1", "1"), ("3", "2")), dropped=("2",))
    >>> score = check_alignment(truth, [("1", "1"), ("2", "2")])
    >>> score.precision, score.recall, score.spurious
    (0.5, 0.5, 0.5)
    >>> score.errors
    ('missing link 3 → 2', 'wrong link 2 → 2', 'spurious link 2 → 2 (2 was dropped)')
    """
    found_related: list[RelatedLike] = list(related)
    if isinstance(links, Alignment):
        found_related.extend(links.related)
        links = links.links
    reported = {}
    for link in links:
        old, new, moved = _link_tuple(link)
        reported[(old, new)] = moved
    truth = _reading(truth, set(reported))
    true = set(truth.links)
    errors: list[str] = []
    right = [pair for pair in reported if pair in true]
    errors += [f"missing link {a} → {b}" for a, b in truth.links if (a, b) not in reported]
    errors += [f"wrong link {a} → {b}" for a, b in reported if (a, b) not in true]
    dropped, added = set(truth.dropped), set(truth.added)
    spurious = 0
    for a, b in reported:
        if a in dropped or b in added:
            spurious += 1
            why = f"{a} was dropped" if a in dropped else f"{b} was added"
            errors.append(f"spurious link {a} → {b} ({why})")

    true_moves = set(truth.moved)
    may_move = true_moves | set(truth.maybe_moved)
    found_moves = sum(1 for pair in true_moves if reported.get(pair))
    errors += [f"missed move {a} → {b}" for a, b in truth.moved if reported.get((a, b)) is False]
    flagged = [pair for pair in right if reported[pair]]
    right_flags = sum(1 for pair in flagged if pair in may_move)
    errors += [f"not a move: {a} → {b}" for a, b in flagged if (a, b) not in may_move]

    true_related = set(truth.related)
    reported_related = {_related_tuple(item) for item in found_related}
    errors += [
        f"missed {k} {a} → {b}" for k, a, b in truth.related if (k, a, b) not in reported_related
    ]
    errors += [f"wrong {k} {a} → {b}" for k, a, b in sorted(reported_related - true_related)]

    score = AlignmentScore(
        pairs=1,
        true_links=len(true),
        reported_links=len(reported),
        right_links=len(right),
        spurious_links=spurious,
        true_moves=len(true_moves),
        found_moves=found_moves,
        flagged_moves=len(flagged),
        right_flags=right_flags,
        true_related=len(true_related),
        reported_related=len(reported_related),
        right_related=len(true_related & reported_related),
    )
    if numbers is None:
        return attrs.evolve(score, errors=tuple(errors))
    predicted = [c for c in numbers if c.change in ("changed", "unchanged") and c.old and c.new]
    unused = list(truth.numbers)
    right_numbers = right_changes = 0
    for change in predicted:
        hit = next((pair for pair in unused if _number_matches(change, pair)), None)
        if hit is None:
            assert change.old is not None and change.new is not None
            errors.append(
                f"wrong number pair {change.old.node} {change.old.quantity.text} → "
                f"{change.new.node} {change.new.quantity.text}"
            )
            continue
        unused.remove(hit)
        right_numbers += 1
        right_changes += change.change == "changed" and hit.changed
    errors += [f"missed number {p.metric} {p.old} → {p.new}" for p in unused]
    return attrs.evolve(
        score,
        numbers_scored=True,
        true_numbers=len(truth.numbers),
        reported_numbers=len(predicted),
        right_numbers=right_numbers,
        true_changes=sum(1 for pair in truth.numbers if pair.changed),
        reported_changes=sum(1 for c in predicted if c.change == "changed"),
        right_changes=right_changes,
        errors=tuple(errors),
    )
