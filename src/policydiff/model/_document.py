"""Documents: the records the read, segment and extract stages produce.

- :class:`Quantity` — one number a document states, with what it measures.
- :class:`Node` — one numbered section, measure, heading or paragraph of a document.
- :class:`Document` — a normalized, segmented document with its metadata.
- :class:`RemovedLine` — a line normalization took out of the body (menus, ads, title, ...).
- :class:`OffsetMap` — maps offsets in the normalized text back to the original text.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from . import _display

if TYPE_CHECKING:
    from ._tables import Table

__all__ = [
    "Document",
    "Kind",
    "Node",
    "OffsetMap",
    "Quantity",
    "RemovedLine",
    "Script",
    "Span",
]

Span = tuple[int, int]
Kind = Literal["actual", "target", "change"]
Script = Literal["simplified", "traditional"]


@attrs.frozen
class Quantity:
    """One number a document states, with the thing it measures.

    ``low``/``high`` carry the value with its magnitude applied (``58.2万个`` → 582000.0) and are
    equal for a point value; a range (``5-10%``) has ``low < high``. ``unit`` is the classifier or
    unit as written after the number (``个``, ``%``, ``元``; ``""`` when none). ``qualifier`` is one
    of a small enum (see :data:`policydiff.extract.QUALIFIERS`) or ``None``. ``span`` is relative
    to the text the quantity was extracted from (for a node's quantities: the document's text).

    ``metric`` is what a reader is shown (the noun phrase before the number); what the number
    measures is also read apart into ``subject`` (the measured noun phrase, ``""`` when only a
    generic verb or noun stands there), ``measure`` (``growth``, ``share``, ``points``,
    ``money``, ``per_capita``, ``count``, ``amount``), ``scope`` (``中央``, ``地方`` …, ``""``
    when unstated or national) and ``period`` (``annual``, ``cumulative``, ``average``,
    ``plan``, ``previous``, ``baseline``, or ``condition``: a threshold saying whom a rule
    applies to, 对已拥有1套住房的家庭). ``kind`` is ``actual``, ``target`` (a plan, a budget,
    a goal) or ``change`` (a stated change: ``比上年增加1000亿元``, ``再提高5元``).
    """

    text: str
    span: Span
    low: float
    high: float
    unit: str = ""
    qualifier: str | None = None
    metric: str = ""
    as_of: str | None = None
    kind: Kind = "actual"
    subject: str = ""
    measure: str = ""
    scope: str = ""
    period: str = "annual"

    @property
    def is_range(self) -> bool:
        """Whether the quantity is a range rather than a point value."""
        return self.low != self.high

    def shifted(self, by: int) -> Quantity:
        """The same quantity with its span moved ``by`` characters: the same words read again
        elsewhere (a table's repeated cell). ``attrs.evolve(q, span=…)`` without asking the
        class for its fields each time (a table of 100,000 cells asks it as often): each field
        read by name and given by position, a quarter less than a getter of them all and a
        list (a test checks every field is given).

        >>> Quantity("57万个", (4, 9), 570000.0, 570000.0, "个").shifted(10).span
        (14, 19)
        """
        start, end = self.span
        return Quantity(
            self.text,
            (start + by, end + by),
            self.low,
            self.high,
            self.unit,
            self.qualifier,
            self.metric,
            self.as_of,
            self.kind,
            self.subject,
            self.measure,
            self.scope,
            self.period,
        )


@attrs.frozen
class Node:
    """One section, measure, unnumbered heading or paragraph of a document.

    ``path`` joins the keys of the node and its ancestors with ``.``; a numbered node's key is the
    ordinal its marker says (``(十四)`` → ``14``), an unnumbered heading's is ``h`` + its position
    among its sibling headings, a paragraph's ``p`` + its position. A later part of a document
    whose top-level numbering restarts prefixes every path with ``p2:`` (``p3:``, ...).
    ``kind`` names the marker family (``cn`` for ``一、``, ``paren_cn`` for ``(一)``, ``enum`` for
    ``一是``, ``heading``, ``paragraph``, ...). ``text`` is the node's own text after its marker and
    heading, without its children; ``heading_stop`` is the full stop that closed the heading
    (``总则。``), kept apart from both; ``span`` covers the whole node, children included, in
    the document's normalized text. ``label`` is what the document calls the node: its own
    numbering as written, cumulated from the top (``三、(二)1.``, ``第二编第三章第九条``), for
    people to read; ``path`` is the machine id. ``where`` says where the node came from in
    a file that has places of its own (``p.3`` for a PDF page, ``¶12`` for a Word paragraph,
    an HTML element), empty for plain text.
    """

    path: str
    marker: str
    kind: str
    heading: str
    text: str
    span: Span
    level: int = 0
    sentences: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    agencies: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    heading_stop: str = ""
    label: str = ""
    where: str = ""

    @property
    def key(self) -> str:
        """The node's own key: the last component of its path."""
        return self.path.rpartition(".")[2].rpartition(":")[2]

    @property
    def parent_path(self) -> str | None:
        """The path of the node's parent, or ``None`` for a top-level node."""
        head, sep, _ = self.path.rpartition(".")
        return head if sep else None

    @property
    def own_text(self) -> str:
        """Heading and own text: what the node says itself, children aside."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text

    @property
    def full_text(self) -> str:
        """Heading, own text and every descendant's text, in document order."""
        parts = [self.heading, self.text]
        parts.extend(child.full_text for child in self.children)
        return "\n".join(part for part in parts if part)

    def walk(self) -> Iterator[Node]:
        """Yield this node and its descendants in document order."""
        return _walk([self])


def _walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """``nodes`` and their descendants in document order: one generator for the whole walk,
    not one a node (a document of 100,000 nodes is walked many times a diff)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if node.children:
            stack.extend(reversed(node.children))


@attrs.frozen
class RemovedLine:
    """A line that normalization took out of the document's body, kept for inspection.

    ``reason`` is one of ``chrome`` (menus, ads, share buttons, copyright, ...), ``metadata``
    (field lines such as ``发文日期…``), ``title``, ``salutation``, ``signature``, ``markup``
    (a Markdown heading's ``##``) and ``pinyin`` (``(huì)`` after a character). ``span`` is in
    the original text.
    """

    text: str
    span: Span
    reason: str


@attrs.frozen
class OffsetMap:
    """Maps offsets in a normalized text back to offsets in the original text.

    Stored as runs: from normalized offset ``starts[i]`` on, offsets advance one for one from
    original offset ``origins[i]``, until the next run starts.

    >>> m = OffsetMap(starts=(0, 3), origins=(0, 5), length=6, original_length=8)
    >>> [m.to_original(i) for i in range(7)]
    [0, 1, 2, 5, 6, 7, 8]
    """

    starts: tuple[int, ...]
    origins: tuple[int, ...]
    length: int
    original_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that normalization left unchanged."""
        return cls(starts=(0,), origins=(0,), length=length, original_length=length)

    def to_original(self, offset: int) -> int:
        """The original offset of normalized ``offset`` (the end maps to the original end)."""
        if offset >= self.length:
            return self.original_length
        if offset < 0 or not self.starts:
            raise IndexError(f"offset {offset!r} is outside the normalized text")
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[i] + offset - self.starts[i]

    def span_to_original(self, span: Span) -> Span:
        """The original span of a normalized span: from its first to past its last character."""
        start, end = span
        if end <= start:
            origin = self.to_original(start)
            return (origin, origin)
        return (self.to_original(start), self.to_original(end - 1) + 1)


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char)[0] != "C"


@attrs.frozen
class Document:
    """A normalized, segmented policy document with its metadata.

    ``text`` is the normalized body (web chrome, title, salutation and signature taken out, each
    kept in ``removed``); ``original`` is the decoded input and ``offsets`` maps one to the other.
    ``nodes`` are the top-level nodes; :meth:`walk` yields every node in document order.
    Metadata fields are ``None`` (or empty) when the document does not state them.
    ``language`` is ``zh`` or ``en`` (English and other Latin-script text), detected: a mixed
    document is in the language most of its words are (see
    :func:`policydiff.normalize.detect_language`).
    ``tables`` are the tables a PDF, Word file or web page holds, kept apart from the text as
    :class:`~policydiff.model.Table` records. ``warnings`` are what reading it warned of (a
    document with no body text), each a sentence.
    """

    text: str
    nodes: tuple[Node, ...] = ()
    original: str = attrs.field(default="", repr=False)
    offsets: OffsetMap | None = attrs.field(default=None, repr=False)
    removed: tuple[RemovedLine, ...] = attrs.field(default=(), repr=False)
    source: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    subject: str | None = None
    consulted: tuple[str, ...] = ()
    reference: str | None = None
    script: Script = "simplified"
    language: Literal["zh", "en"] = "zh"
    tables: tuple[Table, ...] = attrs.field(default=(), repr=False)
    warnings: tuple[str, ...] = attrs.field(default=(), repr=False)

    def walk(self) -> Iterator[Node]:
        """Yield every node in document order (parents before their children)."""
        return _walk(self.nodes)

    def node(self, path: str) -> Node:
        """The node at ``path``; raises :class:`KeyError` naming the path when there is none."""
        for node in self.walk():
            if node.path == path:
                return node
        raise KeyError(f"no node at path {path!r} in {self.source or 'the document'}")

    def unaccounted(self) -> str:
        """The input's characters that are in no node and no removed entry, in input order.

        Empty when nothing was lost: every character of :attr:`original` other than whitespace
        and invisible control or format characters (zero-width spaces, byte-order marks) is
        either in a :attr:`removed` entry or in the body, and every character of the body is in
        exactly one node's marker, heading or text. Normalization may fold a character
        (full-width ``５`` → ``5``, traditional → simplified); the folded one counts for it.

        >>> from policydiff import parse
        >>> parse("首页 > 通知\\n一、总则。全年公开1136条。").unaccounted()
        ''
        """
        original = self.original
        lost: list[str] = []
        if original and self.offsets is not None:
            kept = bytearray(len(original))
            for entry in self.removed:
                kept[entry.span[0] : entry.span[1]] = b"\x01" * (entry.span[1] - entry.span[0])
            for i in range(len(self.text)):
                kept[self.offsets.to_original(i)] = 1
            lost.extend(c for c, k in zip(original, kept, strict=True) if not k and _visible(c))
        in_nodes: Counter[str] = Counter()
        for node in self.walk():
            own = node.marker + node.heading + node.heading_stop + node.text
            in_nodes.update(c for c in own if _visible(c))
        for char in self.text:
            if not _visible(char):
                continue
            if in_nodes[char] > 0:
                in_nodes[char] -= 1
            else:
                lost.append(char)
        return "".join(lost)

    def original_span(self, span: Span) -> Span:
        """Where a span of the normalized text lies in the original text."""
        if self.offsets is None:
            return span
        return self.offsets.span_to_original(span)

    def _repr_html_(self) -> str:
        html: str = _display.show("document_html", self)
        return html

    @property
    def metadata(self) -> dict[str, object]:
        """The metadata fields as a plain dict (for JSON output)."""
        return {
            "source": self.source,
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "subject": self.subject,
            "consulted": list(self.consulted),
            "reference": self.reference,
            "script": self.script,
            "language": self.language,
        }
