"""Diff: what was added, dropped, changed and moved between two documents.

- :func:`compare` — two Documents to a :class:`~policydiff.model.PolicyDiff`.
- :func:`inline` — difflib-style opcodes over two texts, cleaned up so a changed number or
  phrase is one edit (:mod:`._inline`).
- :func:`pair_measures` — sentence-level changes between two linked nodes (:mod:`._measures`).
- :func:`pair_numbers` — the quantities of two documents paired by what they measure
  (:mod:`._numbers`).
- lead agencies and cited documents named on one side only (:mod:`._names`).
- :func:`pair_tables` — the tables of two documents paired, their cells paired by row and
  column label (:mod:`._tables`); the cells that changed are number changes too.

Invariants (property-tested): comparing a document with itself gives nothing but
``unchanged``; comparing ``b`` with ``a`` mirrors comparing ``a`` with ``b``; every node of
either side appears exactly once in ``nodes``; the JSON of a diff is the same, byte for byte,
on every run.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

import attrs

from .._align import align
from .._text import without_collection
from ..model import (
    DiffOptions,
    Document,
    Edit,
    Link,
    Node,
    NodeChange,
    OutsideChange,
    PolicyDiff,
    Related,
)
from ._inline import inline
from ._measures import _node_inline, pair_measures
from ._names import agencies, citations
from ._numbers import pair_numbers
from ._tables import pair_tables

__all__ = ["compare", "inline", "outside", "pair_measures", "pair_numbers", "pair_tables"]


@without_collection  # (a diff of two long documents allocates millions of small objects)
def compare(old_doc: Document, new_doc: Document, options: DiffOptions) -> PolicyDiff:
    """What changed from ``old_doc`` to ``new_doc``, as ``options`` say to compare them.

    >>> from policydiff import parse
    >>> old, new = parse("一、总体\\n村卫生室58.2万个。"), parse("一、总体\\n村卫生室57万个。")
    >>> d = compare(old, new, DiffOptions())
    >>> [(n.change, n.old, n.new) for n in d.nodes], [c.change for c in d.numbers]
    ([('changed', '1', '1')], ['changed'])
    """
    old_nodes, new_nodes = list(old_doc.walk()), list(new_doc.walk())
    alignment = align(old_nodes, new_nodes, options=options.align)
    old_by_path = {n.path: n for n in old_nodes}
    new_by_path = {n.path: n for n in new_nodes}
    link_of_old = {link.old: link for link in alignment.links}
    link_of_new = {link.new: link for link in alignment.links}
    # each side's nodes' splits and merges, by path
    related_old: dict[str, list[Related]] = {}
    related_new: dict[str, list[Related]] = {}
    for rel in alignment.related:
        related_old.setdefault(rel.old, []).append(rel)
        related_new.setdefault(rel.new, []).append(rel)

    # Sentence-level changes of each linked pair, computed once: the measures, and the inline
    # edits of the pair's NodeChange.
    measures_of = {
        link.old: pair_measures(
            old_by_path[link.old],
            new_by_path[link.new],
            threshold=options.sentence_threshold,
            merge_gap=options.merge_gap,
        )
        for link in alignment.links
    }

    def linked_change(link: Link, link_old: Node, link_new: Node) -> NodeChange:
        same = (
            link_old.heading == link_new.heading and link_old.text == link_new.text
        ) or link_old.own_text == link_new.own_text
        rel = (
            tuple(
                dict.fromkeys(
                    related_old.get(link_old.path, []) + related_new.get(link_new.path, [])
                )
            )
            if link_old.path in related_old or link_new.path in related_new
            else ()
        )
        # by position (a linked pair of every node of two long documents), in the order of
        # ``_CHANGE_FIELDS``
        return NodeChange(
            "unchanged" if same else "changed",
            link_old.path,
            link_new.path,
            link_old.heading,
            link_new.heading,
            link_old.text,
            link_new.text,
            link.moved,
            1.0 if same else link.similarity,
            rel,
            () if same else _node_inline(measures_of[link_old.path]),
            link_old.label,
            link_new.label,
        )

    def lone(node: Node, side: str) -> NodeChange:
        rel = tuple((related_old if side == "old" else related_new).get(node.path, ()))
        if side == "old":
            return NodeChange(
                "dropped",
                node.path,
                None,
                node.heading,
                "",
                node.text,
                "",
                related=rel,
                inline=(Edit("delete", node.own_text, ""),),
                old_label=node.label,
            )
        return NodeChange(
            "added",
            None,
            node.path,
            "",
            node.heading,
            "",
            node.text,
            related=rel,
            inline=(Edit("insert", "", node.own_text),),
            new_label=node.label,
        )

    # New document order; a dropped node follows the counterpart of the old node before it.
    after: dict[str | None, list[Node]] = {}
    anchor: str | None = None
    for node in old_nodes:
        if node.path in link_of_old:
            anchor = link_of_old[node.path].new
        else:
            after.setdefault(anchor, []).append(node)
    changes: list[NodeChange] = [lone(n, "old") for n in after.get(None, [])]
    for node in new_nodes:
        link = link_of_new.get(node.path)
        if link is None:
            changes.append(lone(node, "new"))
        else:
            changes.append(linked_change(link, old_by_path[link.old], node))
        if gone := after.get(node.path):
            changes += [lone(n, "old") for n in gone]

    measures = tuple(chain.from_iterable(measures_of[link.old] for link in alignment.links))
    numbers = pair_numbers(old_doc, new_doc, alignment, options)
    # pair_numbers walks the nodes; the tables' cells are paired by their labels, after it
    tables, cell_numbers = pair_tables(
        old_doc, new_doc, headline_confidence=options.headline_confidence
    )
    return PolicyDiff(
        old=old_doc,
        new=new_doc,
        nodes=tuple(changes),
        measures=measures,
        numbers=numbers + cell_numbers,
        agencies=agencies(old_doc, new_doc, alignment),
        citations=citations(old_doc, new_doc, alignment),
        alignment=alignment,
        outside=outside(old_doc, new_doc),
        tables=tables,
    )


#: The fields of :class:`~policydiff.model.NodeChange` a linked pair's change gives, in order.
_CHANGE_FIELDS = ("change", "old", "new", "old_heading", "new_heading", "old_text", "new_text",
                  "moved", "similarity", "related", "inline", "old_label", "new_label")  # fmt: skip
if tuple(field.name for field in attrs.fields(NodeChange)) != _CHANGE_FIELDS:
    raise ImportError(
        "policydiff.model.NodeChange's fields moved: compare() gives them by position"
    )

#: Reasons of removed lines that belong to one file's layout, not to the document: a PDF's
#: page numbers and running heads differ with the paper, not with the text.
_LAYOUT = frozenset({"page furniture"})


def outside(old_doc: Document, new_doc: Document) -> tuple[OutsideChange, ...]:
    """The lines outside the body that one document has and the other does not, by their
    text (a line that is chrome in one and the title in the other did not change), the
    dropped ones first, each side in its document's order; a file's page furniture is no
    change of the document.

    >>> from policydiff import parse
    >>> old = parse("首页 > 通知\\n一、总则。适用于全市。\\n版权所有:某委")
    >>> new = parse("首页 > 公告\\n一、总则。适用于全市。\\n版权所有:某委")
    >>> [(o.change, o.text) for o in outside(old, new)]
    [('dropped', '首页>通知'), ('added', '首页>公告')]
    """
    old_lines = [line for line in old_doc.removed if line.reason not in _LAYOUT]
    new_lines = [line for line in new_doc.removed if line.reason not in _LAYOUT]
    old_left = Counter(line.text for line in old_lines) - Counter(line.text for line in new_lines)
    new_left = Counter(line.text for line in new_lines) - Counter(line.text for line in old_lines)
    dropped = [line for line in old_lines if _take(old_left, line.text)]
    added = [line for line in new_lines if _take(new_left, line.text)]
    return tuple(
        [OutsideChange("dropped", line.text, line.reason) for line in dropped]
        + [OutsideChange("added", line.text, line.reason) for line in added]
    )


def _take(left: Counter[str], text: str) -> bool:
    if left[text] <= 0:
        return False
    left[text] -= 1
    return True
