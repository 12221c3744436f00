"""Building documents: a tree of items drawn from the vocabulary, and its text with the path
of every item."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Protocol, TypeVar

import attrs
from hypothesis import strategies as st

from .._text import to_chinese
from ._english import _ENGLISH_TITLES, CHINESE_WORDS, ENGLISH_WORDS, Vocabulary, _english_heading
from ._vocabulary import (
    AGENCIES,
    BOILERPLATE,
    CITING,
    FACTS,
    PART_TITLES,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    TITLE_KINDS,
    TITLES,
)

T = TypeVar("T")

Style = Literal["reply", "tasks", "headings", "contract", "decimal", "statute", "bill"]

#: Document styles: an NHC reply (``一、`` / ``(一)`` headed ``关于…`` / ``一是``), a task list
#: (``(一)`` numbered across sections, each ending in its lead agencies) and a press release
#: (unnumbered headings over ``一是…`` lines).
STYLES: tuple[Style, ...] = ("reply", "tasks", "headings")
#: English document styles (see :mod:`policydiff.strategies._english`): a contract
#: (``ARTICLE I`` / ``Section 1.1`` / ``(a)``), a plan numbered ``1.`` / ``1.1`` / ``1.1.1``,
#: a United Kingdom Act (``1`` / ``(1)`` / ``(a)``) and a United States bill (``SEC. 2.`` /
#: ``(a)`` / ``(1)``).
ENGLISH: tuple[Style, ...] = ("contract", "decimal", "statute", "bill")


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


_MAGNITUDE = {
    "": Decimal(1),
    "万": Decimal(10**4),
    "亿": Decimal(10**8),
    "万亿": Decimal(10**12),
    "million": Decimal(10**6),
    "billion": Decimal(10**9),
}

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
    english: bool = False

    def text(self, year: int) -> str:
        if self.english:
            return self._english(year)
        value = self._format(self.low)
        if self.high != self.low:
            value += "-" + self._format(self.high)
        return (
            f"{self.lead.format(year=year)}{self.metric}{self.before}{value}"
            f"{self.magnitude}{self.unit}{self.after}"
        )

    def _format(self, value: Decimal) -> str:
        return f"{value:.{self.decimals}f}"

    def _english(self, year: int) -> str:
        """``The State shall open at least 1,200 rural health clinics``, ``$2.5 million``."""

        def written(value: Decimal) -> str:
            number = f"{value:,.{self.decimals}f}"
            if self.unit == "$":
                number = "$" + number
            return f"{number} {self.magnitude}" if self.magnitude else number

        value = written(self.low)
        if self.high != self.low:
            value += " to " + written(self.high)
        if self.unit == "%":
            value += "%"
        elif self.unit != "$":
            value += " " + self.unit
        return f"{self.lead.format(year=year)}{self.metric} {self.before}{value}{self.after}"

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


class _Builder:
    """Draws content. Clauses, facts and titles are used at most once in a pair of documents
    (the boilerplate every section repeats aside), so an inserted section never repeats a
    dropped one by chance."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self._uid = 0
        self._titles = list(range(len(TITLES)))
        self.speak(CHINESE_WORDS)

    def speak(self, words: Vocabulary) -> None:
        """Write with ``words`` from now on (a document's language is chosen with its style)."""
        self.words = words
        common = set(words.boilerplate)
        self._clauses = [k for k, clause in enumerate(words.measures) if clause not in common]
        self._facts = list(range(len(words.facts)))

    def uid(self) -> int:
        self._uid += 1
        return self._uid

    def _take(self, pool: list[int]) -> int:
        return pool.pop(self.source.integer(0, len(pool) - 1))

    def clause(self) -> str:
        measures = self.words.measures
        if not self._clauses:  # a pair of huge documents: reuse (never in practice)
            return _pick(self.source, measures)
        return measures[self._take(self._clauses)]

    def clauses(self, most: int = 3) -> list[str]:
        return [self.clause() for _ in range(self.source.integer(1, most))]

    def heading(self, style: Style, level: int) -> str:
        clause = self.clause()
        if self.words.english:
            return _english_heading(clause, style, level)
        return "关于" + clause if style == "reply" and level == 1 else clause

    def heading_like(self, heading: str) -> str:
        """A fresh heading written the way ``heading`` is (``关于…`` or not)."""
        if self.words.english:
            return _english_heading(self.clause(), "contract", 0 if heading.isupper() else 1)
        return ("关于" if heading.startswith("关于") else "") + self.clause()

    def title(self) -> str:
        """A title to cite: a real one, else one composed the way titles are."""
        if self._titles and self.source.chance(0.5):
            return f"《{TITLES[self._take(self._titles)]}》"
        return f"《关于{self.clause()}的{_pick(self.source, TITLE_KINDS)}》"

    def fact(self) -> _Fact | None:
        if not self._facts:
            return None
        if self.words.english:
            return self._english_fact()
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

    def _english_fact(self) -> _Fact:
        facts = self.words.facts
        lead, metric, magnitude, unit, low, high, decimals = facts[self._take(self._facts)]
        value = _draw_value(self.source, Decimal(str(low)), Decimal(str(high)), decimals)
        top = value
        if unit == "%" and self.source.chance(0.15):
            top = value + Decimal(self.source.integer(2, 10))  # a range, ``5 to 10%``
        before = after = ""
        plain = not metric.endswith(("exceed", "fall to", "cut to"))
        if top == value and plain and self.source.chance(0.4):
            if self.source.chance(0.7):
                before = _pick(self.source, self.words.before)
            else:
                after = _pick(self.source, self.words.after)
        return _Fact(
            self.uid(), lead, metric, magnitude, unit, value, top, decimals, before, after, True
        )

    def sentence(self) -> _Sentence:
        if self.source.chance(0.15) and (fact := self.fact()) is not None:
            return _Sentence([], fact=fact)
        if self.words.english:
            clauses = self.clauses()
            if self.source.chance(0.25):
                clauses.append(_pick(self.source, self.words.boilerplate))
            return _Sentence(clauses)
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
        if style in ENGLISH:
            return self._english_draft(style, shape)
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

    def _english_draft(self, style: Style, shape: _Shape) -> _Draft:
        self.speak(ENGLISH_WORDS)
        year = 2018 + self.integer(0, 6)
        items = [self.item(style, 0, shape) for _ in range(self.integer(*shape.sections))]
        draft = _Draft(style=style, year=year, title=_ENGLISH_TITLES[style], parts=[_Part(items)])
        draft.preamble = _Item(self.uid(), sentences=self.sentences(1, 2))
        draft.continuous = style == "contract" and self.source.chance(0.3)
        return draft


def _draw_value(source: _Source, low: Decimal, high: Decimal, decimals: int) -> Decimal:
    step = Decimal(1).scaleb(-decimals)
    value = low + (high - low) * Decimal(source.integer(0, 1000)) / 1000
    return max(step, value.quantize(step, rounding=ROUND_HALF_UP))


def _depth(style: Style) -> int:
    """How many levels of nodes a style nests."""
    return 2 if style == "headings" else 3


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
    if draft.style in ENGLISH:
        from ._english_render import render_english  # the English renderer builds on this one

        return render_english(draft)
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
                    lines.append(f"{to_chinese(e)}是{own(child, with_agencies=False)}")
                continue
            path = f"{prefix}{k}"
            record(top, path)
            lines.append(f"{to_chinese(k)}、{top.heading}")
            if top.sentences or top.agencies:
                text = body(top, with_agencies=True)
                if text:
                    lines.append(text)
            for j, task in enumerate(top.children, start=1):
                counter += 1
                ordinal = counter if draft.continuous else j
                task_path = f"{path}.{ordinal}"
                record(task, task_path)
                line = f"({to_chinese(ordinal)}){own(task, with_agencies=not task.children)}"
                for e, measure in enumerate(task.children, start=1):
                    record(measure, f"{task_path}.{e}")
                    line += f"{to_chinese(e)}是{own(measure, with_agencies=False)}"
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
