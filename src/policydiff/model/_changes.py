"""Alignments and diffs: the records the align and diff stages produce."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Literal

import attrs

from . import _display
from ._document import Document, Quantity
from ._tables import TableChange

__all__ = [
    "Alignment",
    "Change",
    "Edit",
    "Link",
    "MeasureChange",
    "NameChange",
    "NodeChange",
    "NumberChange",
    "Op",
    "OutsideChange",
    "PolicyDiff",
    "QuantityRef",
    "Related",
    "SentenceRef",
]


Change = Literal["unchanged", "changed", "added", "dropped"]
Op = Literal["equal", "replace", "insert", "delete"]
#: How much a changelog shows: the digest alone, the digest and the changed sections (the
#: default), or every sentence (see :mod:`policydiff.render`).
Detail = Literal["digest", "sections", "full"]


@attrs.frozen
class Link:
    """A pair of comparable nodes, one from each document, by path.

    ``moved`` is true when the pair is out of order among its siblings (not in the longest
    increasing subsequence of linked positions under the same linked parents) or changed
    parents.
    """

    old: str
    new: str
    similarity: float
    moved: bool = False


@attrs.frozen
class Related:
    """An unlinked node whose text lives on, mostly, inside a linked node of the other side.

    ``kind`` is ``merged_into`` (an old node, ``old``, absorbed into the new node ``new``) or
    ``split_from`` (a new node, ``new``, carved out of the old node ``old``); ``containment`` is
    the share of the unlinked node's weighted text found in its partner.
    """

    kind: Literal["split_from", "merged_into"]
    old: str
    new: str
    containment: float


@attrs.frozen
class Alignment:
    """The result of :func:`policydiff.align`: links, and splits and merges, by path."""

    links: tuple[Link, ...] = ()
    related: tuple[Related, ...] = ()

    def new_for(self, old_path: str) -> str | None:
        """The new path linked to ``old_path``, if any."""
        return next((link.new for link in self.links if link.old == old_path), None)

    def old_for(self, new_path: str) -> str | None:
        """The old path linked to ``new_path``, if any."""
        return next((link.old for link in self.links if link.new == new_path), None)


@attrs.frozen
class Edit:
    """One difflib-style opcode over two texts: ``equal``, ``replace``, ``insert``, ``delete``."""

    op: Op
    old: str
    new: str


@attrs.frozen
class NodeChange:
    """What happened to one node (or a linked pair of nodes) between the two documents.

    ``old`` and ``new`` are the nodes' paths (machine ids); ``old_label`` and ``new_label``
    what each document calls them (``三、(二)``, ``第九条``), for people to read.
    """

    change: Change
    old: str | None
    new: str | None
    old_heading: str = ""
    new_heading: str = ""
    old_text: str = ""
    new_text: str = ""
    moved: bool = False
    similarity: float = 0.0
    related: tuple[Related, ...] = ()
    inline: tuple[Edit, ...] = ()
    old_label: str = ""
    new_label: str = ""


@attrs.frozen
class SentenceRef:
    """A sentence (a measure) of a node: the node's path, its index, its text."""

    node: str
    index: int
    text: str


@attrs.frozen
class MeasureChange:
    """A sentence-level change inside a pair of linked nodes.

    ``moved`` is true when a linked pair of sentences (``unchanged`` or ``changed``) is out of
    order with the other pairs of the two nodes: not in the longest increasing subsequence of
    their linked positions.
    """

    change: Change
    old: SentenceRef | None
    new: SentenceRef | None
    inline: tuple[Edit, ...] = ()
    moved: bool = False


@attrs.frozen
class QuantityRef:
    """A quantity with the path of the node that states it."""

    node: str
    quantity: Quantity


@attrs.frozen
class NumberChange:
    """A number that changed, stayed, appeared or disappeared, with what it measures.

    ``delta`` and ``relative`` compare the midpoints of the two values (``None`` when a side is
    missing, for ``relative`` also when the old value is zero or the values are rates, which
    change in percentage points). A pair has a ``confidence`` in [0, 1] that both sides measure
    the same thing; ``headline`` pairs are those at or over
    :attr:`DiffOptions.headline_confidence <policydiff.model.DiffOptions.headline_confidence>`,
    the rest are shown as possibly related. ``notes`` say what a reader should know beside the
    values (``qualifier: at least → approximately``).
    """

    change: Change
    metric: str
    old: QuantityRef | None
    new: QuantityRef | None
    delta: float | None = None
    relative: float | None = None
    confidence: float | None = None
    headline: bool = False
    notes: tuple[str, ...] = ()


@attrs.frozen
class NameChange:
    """A lead agency or cited document that one side names and the other does not."""

    change: Literal["added", "dropped"]
    name: str
    old: str | None
    new: str | None


@attrs.frozen
class OutsideChange:
    """A line outside the body (chrome, title, metadata, signature, …) that one document has
    and the other does not: nothing the reading took out changes unseen.

    ``reason`` is why the line was taken out of the body (see
    :class:`~policydiff.model.RemovedLine`).
    """

    change: Literal["added", "dropped"]
    text: str
    reason: str


@attrs.frozen(repr=False)
class PolicyDiff:
    """What changed from ``old`` to ``new``: a frozen, picklable value.

    ``nodes`` has one :class:`NodeChange` per node of either side (linked pairs once), in the
    new document's order with dropped nodes where they stood; ``measures`` the sentence-level
    changes inside linked nodes; ``numbers`` the quantities paired by what they measure;
    ``agencies`` and ``citations`` the lead agencies and cited documents one side names and the
    other does not; ``outside`` the lines outside the body (site chrome, title, metadata,
    signature) one side has and the other does not; ``tables`` the tables of the two
    documents paired, with their cells paired by row and column label (the cells of paired
    tables that changed, came or went are also in ``numbers``, their node the table's key,
    ``t1``); ``summary`` counts of each kind. It
    renders itself (``to_markdown()``, ``to_html()``, ``to_json()``, ``to_text()``,
    ``to_frame()``) and shows itself in Jupyter and rich.
    """

    old: Document
    new: Document
    nodes: tuple[NodeChange, ...]
    measures: tuple[MeasureChange, ...]
    numbers: tuple[NumberChange, ...]
    agencies: tuple[NameChange, ...]
    citations: tuple[NameChange, ...]
    alignment: Alignment = attrs.field(repr=False)
    outside: tuple[OutsideChange, ...] = ()
    tables: tuple[TableChange, ...] = ()

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Counts by kind: nodes, measures, numbers (table cells included) and tables by
        change, plus moves."""

        def count(
            items: Sequence[NodeChange | MeasureChange | NumberChange | TableChange],
        ) -> dict[str, int]:
            counts = {"unchanged": 0, "changed": 0, "added": 0, "dropped": 0}
            for item in items:
                counts[item.change] += 1
            return counts

        def names(items: tuple[NameChange, ...]) -> dict[str, int]:
            return {
                "added": sum(1 for a in items if a.change == "added"),
                "dropped": sum(1 for a in items if a.change == "dropped"),
            }

        nodes = count(self.nodes)
        nodes["moved"] = sum(1 for n in self.nodes if n.moved)
        nodes["split_or_merged"] = sum(1 for n in self.nodes if n.related)
        return {
            "nodes": nodes,
            "measures": count(self.measures),
            "numbers": count(self.numbers),
            "agencies": names(self.agencies),
            "citations": names(self.citations),
            "outside": {
                "added": sum(1 for o in self.outside if o.change == "added"),
                "dropped": sum(1 for o in self.outside if o.change == "dropped"),
            },
            "tables": count(self.tables),
        }

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed at all."""
        return all(n.change == "unchanged" and not n.moved for n in self.nodes) and not (
            any(m.change != "unchanged" for m in self.measures)
            or any(n.change != "unchanged" for n in self.numbers)
            or any(t.change != "unchanged" for t in self.tables)
            or self.agencies
            or self.citations
            or self.outside
        )

    def to_json(self, *, indent: int | None = None, signals: bool = False) -> str:
        """The diff as JSON, schema ``policydiff.diff/1`` (sorted keys, stable): compact, or
        pretty-printed with ``indent`` spaces, as the command line writes it (``indent=2``);
        with ``signals``, the digest's policy signals and renames too (``signals[]``), as the
        command line writes them (see :func:`policydiff.render.diff_json`)."""
        text: str = _display.show("diff_json", self, indent=indent, signals=signals)
        return text

    def to_text(self, *, detail: Detail = "sections") -> str:
        """A plain-text report of the diff, with no Markdown marks (see
        :func:`policydiff.render.diff_text`)."""
        text: str = _display.show("diff_text", self, detail=detail)
        return text

    def to_markdown(self, *, detail: Detail = "sections") -> str:
        """The changelog as Markdown: the digest, then ``detail`` (``digest``, ``sections``
        or ``full``; see :func:`policydiff.render.markdown`)."""
        text: str = _display.show("markdown", self, detail=detail)
        return text

    def to_html(self, *, standalone: bool = True, detail: Detail = "sections") -> str:
        """The changelog as one self-contained HTML page (see :func:`policydiff.render.html`)."""
        text: str = _display.show("html", self, standalone=standalone, detail=detail)
        return text

    def to_docx(self, path: str | os.PathLike[str] | None = None) -> bytes:
        """The changelog as a Word file (see :func:`policydiff.render.docx`): its bytes,
        also written (atomically) to ``path`` when one is given."""
        data: bytes = _display.show("docx", self, path)
        return data

    def to_xlsx(self, path: str | os.PathLike[str] | None = None) -> bytes:
        """Number, table cell, section and sentence changes as an Excel workbook (see
        :func:`policydiff.render.xlsx`): its bytes, also written to ``path`` when given."""
        data: bytes = _display.show("xlsx", self, path)
        return data

    def to_frame(self) -> Any:
        """One row per number change, as a pandas DataFrame (the ``pandas`` extra)."""
        return _display.show("numbers_frame", self)

    def nodes_frame(self) -> Any:
        """One row per node change, as a pandas DataFrame (the ``pandas`` extra)."""
        return _display.show("nodes_frame", self)

    def __repr__(self) -> str:
        """One short line: the two documents and the counts (the changelog is ``to_text()``)."""

        def name(doc: Document) -> str:
            shown = doc.title or doc.source or "(untitled)"
            shown = shown if len(shown) <= 30 else shown[:29] + "…"
            return f"{shown} ({doc.date})" if doc.date else shown

        s = self.summary
        nodes, numbers = s["nodes"], s["numbers"]
        return (
            f"<PolicyDiff {name(self.old)} → {name(self.new)}: sections "
            f"+{nodes['added']} -{nodes['dropped']} ~{nodes['changed']}, figures "
            f"~{numbers['changed']} +{numbers['added']} -{numbers['dropped']}>"
        )

    def _repr_html_(self) -> str:
        text: str = _display.show("html", self, standalone=False)
        return text

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __rich__(self) -> Any:
        return _display.show("diff_rich", self)
