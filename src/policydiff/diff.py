"""Diff: what was added, dropped, changed and moved between two documents.

- :func:`diff` — two documents (or paths, or texts) to a :class:`PolicyDiff`.
- :class:`PolicyDiff` — nodes, measures, numbers, agencies, citations and a summary, frozen.
- :func:`inline` — difflib-style opcodes over two texts, cleaned up so a changed number or
  phrase is one edit.
- :func:`pair_measures` — sentence-level changes between two linked nodes.
- :func:`pair_numbers` — the quantities of two documents paired by what they measure.

Invariants (property-tested): ``diff(a, a)`` holds nothing but ``unchanged``; ``diff(b, a)``
mirrors ``diff(a, b)``; every node of either side appears exactly once in ``nodes``; the JSON
of a diff is the same, byte for byte, on every run.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .align import align, own_text, workers_for
from .model import (
    Alignment,
    Document,
    Edit,
    MeasureChange,
    NameChange,
    Node,
    NodeChange,
    NumberChange,
    Op,
    Quantity,
    QuantityRef,
    Related,
    SentenceRef,
)
from .read import read

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["PolicyDiff", "diff", "inline", "pair_measures", "pair_numbers"]

#: Two sentences of linked nodes are the same measure, changed, at this similarity or more.
SENTENCE_THRESHOLD = 0.5
#: Two quantities measure the same thing at this metric similarity or more.
METRIC_THRESHOLD = 0.6


@attrs.frozen
class PolicyDiff:
    """What changed from ``old`` to ``new``: a frozen, picklable value.

    ``nodes`` has one :class:`~policydiff.model.NodeChange` per node of either side (linked
    pairs once), in the new document's order with dropped nodes where they stood; ``measures``
    the sentence-level changes inside linked nodes; ``numbers`` the quantities paired by what
    they measure; ``agencies`` and ``citations`` the lead agencies and cited documents one side
    names and the other does not; ``summary`` counts of each kind.
    """

    old: Document
    new: Document
    nodes: tuple[NodeChange, ...]
    measures: tuple[MeasureChange, ...]
    numbers: tuple[NumberChange, ...]
    agencies: tuple[NameChange, ...]
    citations: tuple[NameChange, ...]
    alignment: Alignment = attrs.field(repr=False)

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        """Counts by kind: nodes, measures and numbers by change, plus moves."""

        def count(items: Sequence[Any]) -> dict[str, int]:
            counts = {"unchanged": 0, "changed": 0, "added": 0, "dropped": 0}
            for item in items:
                counts[item.change] += 1
            return counts

        nodes = count(self.nodes)
        nodes["moved"] = sum(1 for n in self.nodes if n.moved)
        nodes["split_or_merged"] = sum(1 for n in self.nodes if n.related)
        return {
            "nodes": nodes,
            "measures": count(self.measures),
            "numbers": count(self.numbers),
            "agencies": {
                "added": sum(1 for a in self.agencies if a.change == "added"),
                "dropped": sum(1 for a in self.agencies if a.change == "dropped"),
            },
            "citations": {
                "added": sum(1 for c in self.citations if c.change == "added"),
                "dropped": sum(1 for c in self.citations if c.change == "dropped"),
            },
        }

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed at all."""
        return all(n.change == "unchanged" and not n.moved for n in self.nodes) and not (
            any(m.change != "unchanged" for m in self.measures)
            or any(n.change != "unchanged" for n in self.numbers)
            or self.agencies
            or self.citations
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """The diff as JSON, schema ``policydiff.diff/1`` (sorted keys, stable): compact, or
        pretty-printed with ``indent`` spaces, as the command line writes it (``indent=2``)."""
        from .render import diff_json

        return diff_json(self, indent=indent)

    def to_text(self) -> str:
        """A plain-text summary of the diff for a terminal."""
        from .render import diff_text

        return diff_text(self)

    def to_markdown(self) -> str:
        """The changelog as Markdown (see :func:`policydiff.render.markdown`)."""
        from .render import markdown

        return markdown(self)

    def to_html(self, *, standalone: bool = True) -> str:
        """The changelog as one self-contained HTML page (see :func:`policydiff.render.html`)."""
        from .render import html

        return html(self, standalone=standalone)

    def to_frame(self) -> Any:
        """One row per number change, as a pandas DataFrame (the ``pandas`` extra)."""
        from .render import numbers_frame

        return numbers_frame(self)

    def nodes_frame(self) -> Any:
        """One row per node change, as a pandas DataFrame (the ``pandas`` extra)."""
        from .render import nodes_frame

        return nodes_frame(self)

    def _repr_html_(self) -> str:
        from .render import html

        return html(self, standalone=False)

    def _repr_markdown_(self) -> str:
        from .render import markdown

        return markdown(self)

    def __rich__(self) -> Any:
        from .render import diff_rich

        return diff_rich(self)


# --- inline edits ---------------------------------------------------------------------------

_NUMBER_CHARS = frozenset("0123456789.,%万亿千百十零〇一二三四五六七八九两")


def inline(old: str, new: str, *, merge_gap: int = 2) -> tuple[Edit, ...]:
    """Opcodes that turn ``old`` into ``new``, character based but cleaned up for readers.

    Equal runs of ``merge_gap`` characters or fewer between two changes are folded into them
    (as diff-match-patch's semantic cleanup does), and a change is widened so it never cuts a
    number in two: ``3.4万`` → ``3.3万`` is one replacement, not ``4`` → ``3``.

    >>> [(e.op, e.old, e.new) for e in inline("乡镇卫生院3.4万个", "乡镇卫生院3.3万个")]
    [('equal', '乡镇卫生院', '乡镇卫生院'), ('replace', '3.4万', '3.3万'), ('equal', '个', '个')]
    >>> [(e.op, e.old, e.new) for e in inline("村卫生室58.2万个", "村卫生室57万个")][1]
    ('replace', '58.2万', '57万')
    """
    if old == new:
        return (Edit("equal", old, new),) if old else ()
    opcodes = _opcodes(old, new)
    segments: list[list[Any]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inner = 0 < k < len(opcodes) - 1
        if tag == "equal" and inner and i2 - i1 <= merge_gap:
            tag = "replace"
        if segments and segments[-1][0] != "equal" and tag != "equal":
            segments[-1][2], segments[-1][4] = i2, j2
        else:
            segments.append([tag, i1, i2, j1, j2])
    for k, seg in enumerate(segments):
        if seg[0] == "equal":
            continue
        while (
            k > 0
            and segments[k - 1][2] > segments[k - 1][1]
            and old[seg[1] - 1] in _NUMBER_CHARS
            and _touches_number(old, seg[1], seg[2], new, seg[3], seg[4], left=True)
        ):
            seg[1] -= 1
            seg[3] -= 1
            segments[k - 1][2] -= 1
            segments[k - 1][4] -= 1
        while (
            k + 1 < len(segments)
            and segments[k + 1][2] > segments[k + 1][1]
            and old[seg[2]] in _NUMBER_CHARS
            and _touches_number(old, seg[1], seg[2], new, seg[3], seg[4], left=False)
        ):
            seg[2] += 1
            seg[4] += 1
            segments[k + 1][1] += 1
            segments[k + 1][3] += 1
    edits = []
    for tag, i1, i2, j1, j2 in segments:
        a, b = old[i1:i2], new[j1:j2]
        op: Op = (
            "equal" if tag == "equal" else "replace" if a and b else "delete" if a else "insert"
        )
        edits.append(Edit(op, a, b))
    return tuple(_merge_adjacent(edits))


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the common head and tail set aside first (as diff-match-patch
    does): they are equal anyway, and difflib's time grows with the length it compares."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(
        None, old[head : len(old) - tail], new[head : len(new) - tail], autojunk=False
    ).get_opcodes()
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


def _touches_number(old: str, i1: int, i2: int, new: str, j1: int, j2: int, *, left: bool) -> bool:
    """Whether a change's edge character, on either side, belongs to a number."""
    if left:
        return (i2 > i1 and old[i1] in _NUMBER_CHARS) or (j2 > j1 and new[j1] in _NUMBER_CHARS)
    return (i2 > i1 and old[i2 - 1] in _NUMBER_CHARS) or (j2 > j1 and new[j2 - 1] in _NUMBER_CHARS)


def _merge_adjacent(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in edits:
        if not edit.old and not edit.new:
            continue
        if merged and merged[-1].op != "equal" and edit.op != "equal":
            prev = merged.pop()
            old, new = prev.old + edit.old, prev.new + edit.new
            op: Op = "replace" if old and new else ("delete" if old else "insert")
            merged.append(Edit(op, old, new))
        elif merged and merged[-1].op == "equal" and edit.op == "equal":
            prev = merged.pop()
            merged.append(Edit("equal", prev.old + edit.old, prev.new + edit.new))
        else:
            merged.append(edit)
    return merged


# --- measures -------------------------------------------------------------------------------


def _sentences(node: Node) -> list[str]:
    sentences = list(node.sentences)
    return [node.heading, *sentences] if node.heading else sentences


def pair_measures(
    old: Node, new: Node, *, threshold: float = SENTENCE_THRESHOLD
) -> tuple[MeasureChange, ...]:
    """Sentence-level changes between two linked nodes (the heading counts as a sentence).

    Equal sentences are matched in order first (difflib over the sentence lists); within each
    run of differing sentences the pairs of highest similarity at or over ``threshold`` are
    ``changed``, the rest ``added`` or ``dropped``.
    """
    a, b = _sentences(old), _sentences(new)
    out: list[MeasureChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                ref_old = SentenceRef(old.path, i1 + k, a[i1 + k])
                ref_new = SentenceRef(new.path, j1 + k, b[j1 + k])
                out.append(MeasureChange("unchanged", ref_old, ref_new))
            continue
        pairs = _best_pairs(a[i1:i2], b[j1:j2], threshold)
        by_old = dict(pairs)
        paired_new = {q for _, q in pairs}
        # In the new text's order; a dropped sentence follows the new partner of the last
        # paired sentence before it.
        events: list[tuple[int, int, int, MeasureChange]] = []
        for p, q in pairs:
            text_old, text_new = a[i1 + p], b[j1 + q]
            change = MeasureChange(
                "changed",
                SentenceRef(old.path, i1 + p, text_old),
                SentenceRef(new.path, j1 + q, text_new),
                inline(text_old, text_new),
            )
            events.append((q, 0, q, change))
        for q in range(j2 - j1):
            if q not in paired_new:
                added = MeasureChange("added", None, SentenceRef(new.path, j1 + q, b[j1 + q]))
                events.append((q, 0, q, added))
        for p in range(i2 - i1):
            if p not in by_old:
                anchor = max((by_old[x] for x in by_old if x < p), default=-1)
                dropped = MeasureChange("dropped", SentenceRef(old.path, i1 + p, a[i1 + p]), None)
                events.append((anchor, 1, p, dropped))
        out.extend(change for *_, change in sorted(events, key=lambda e: e[:3]))
    return tuple(out)


def _best_pairs(a: Sequence[str], b: Sequence[str], threshold: float) -> list[tuple[int, int]]:
    if not a or not b:
        return []
    from rapidfuzz import fuzz, process
    from scipy.optimize import linear_sum_assignment

    threads = workers_for(len(a), len(b))
    scores = process.cdist(a, b, scorer=fuzz.ratio, dtype=np.float64, workers=threads) / 100.0
    scores = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if scores[r, c] > 0)


# --- numbers ----------------------------------------------------------------------------------


def _unit_class(unit: str) -> str:
    if unit in ("%", "个百分点", "‰"):
        return "percent:" + unit
    if unit.endswith("元"):
        return "money"
    return "count:" + unit


def _metric_similarity(old: Sequence[str], new: Sequence[str]) -> NDArray[np.float64]:
    """Similarity of every old metric to every new one: rapidfuzz ratio, or 0.9 × partial
    ratio when both have four characters or more (a metric reworded around the same core)."""
    from rapidfuzz import fuzz, process

    if not old or not new:
        return np.zeros((len(old), len(new)))
    threads = workers_for(len(old), len(new))
    ratio = process.cdist(old, new, scorer=fuzz.ratio, dtype=np.float64, workers=threads) / 100.0
    partial = process.cdist(old, new, scorer=fuzz.partial_ratio, dtype=np.float64, workers=threads)
    long_old = np.array([len(m) >= 4 for m in old])[:, None]
    long_new = np.array([len(m) >= 4 for m in new])[None, :]
    score = np.maximum(ratio, np.where(long_old & long_new, 0.9 * partial / 100.0, 0.0))
    empty = np.array([not m for m in old])[:, None] | np.array([not m for m in new])[None, :]
    result: NDArray[np.float64] = np.where(empty, 0.0, score)
    return result


def _ancestors(path: str) -> list[str]:
    """``p2:2.3.1`` → ``['p2:2.3.1', 'p2:2.3', 'p2:2']``."""
    found = [path]
    while "." in path:
        path = path.rpartition(".")[0]
        found.append(path)
    return found


def _mid(q: Quantity) -> float:
    return (q.low + q.high) / 2.0


def pair_numbers(
    old: Document,
    new: Document,
    alignment: Alignment,
    *,
    threshold: float = METRIC_THRESHOLD,
) -> tuple[NumberChange, ...]:
    """Pair the quantities of two documents that measure the same thing.

    Candidates have the same unit class (percent, money, or the same counting unit) and the
    same kind (actual or target), and either sit in linked nodes (a node and its counterpart,
    its split/merge partner, or their descendants, with linked nodes themselves preferred)
    with metrics at least ``threshold`` similar, or share a metric that each document names
    exactly once. A global assignment keeps the best pairs; every other quantity is
    ``added`` or ``dropped``.
    """
    old_q = [(node.path, q) for node in old.walk() for q in node.quantities]
    new_q = [(node.path, q) for node in new.walk() for q in node.quantities]
    # Which new nodes each old node is linked to, through itself or an ancestor.
    partners: dict[str, set[str]] = {}
    for link in alignment.links:
        partners.setdefault(link.old, set()).add(link.new)
    for rel in alignment.related:
        partners.setdefault(rel.old, set()).add(rel.new)
    direct = {(link.old, link.new) for link in alignment.links} | {
        (rel.old, rel.new) for rel in alignment.related
    }
    old_metrics = sorted({q.metric for _, q in old_q})
    new_metrics = sorted({q.metric for _, q in new_q})
    metric_score = _metric_similarity(old_metrics, new_metrics)
    old_at = {m: k for k, m in enumerate(old_metrics)}
    new_at = {m: k for k, m in enumerate(new_metrics)}
    # A metric named once in each document, the same kind and unit, is the same measurement
    # wherever the sections holding it went (a target moved to another section).
    old_count: dict[tuple[str, str, str], int] = {}
    new_count: dict[tuple[str, str, str], int] = {}
    for _, q in old_q:
        k = (q.metric, q.kind, _unit_class(q.unit))
        old_count[k] = old_count.get(k, 0) + 1
    for _, q in new_q:
        k = (q.metric, q.kind, _unit_class(q.unit))
        new_count[k] = new_count.get(k, 0) + 1
    # The quantities under each new node (its own and its descendants').
    under: dict[str, list[int]] = {}
    for j, (path_new, _) in enumerate(new_q):
        for ancestor in _ancestors(path_new):
            under.setdefault(ancestor, []).append(j)
    new_kind = np.array([q.kind for _, q in new_q], dtype=object)
    new_unit = np.array([_unit_class(q.unit) for _, q in new_q], dtype=object)
    new_metric = np.array([new_at[q.metric] for _, q in new_q], dtype=np.int64)
    new_by_key: dict[tuple[str, str, str], int] = {}
    for j, (_, q) in enumerate(new_q):
        new_by_key[(q.metric, q.kind, _unit_class(q.unit))] = j
    scores = np.zeros((len(old_q), len(new_q)))
    for i, (path_old, qo) in enumerate(old_q):
        near: set[str] = set()
        for ancestor in _ancestors(path_old):
            near |= partners.get(ancestor, set())
        unit = _unit_class(qo.unit)
        candidates = np.array(sorted({j for b in near for j in under.get(b, ())}), dtype=np.int64)
        if len(candidates):
            same = (new_kind[candidates] == qo.kind) & (new_unit[candidates] == unit)
            candidates = candidates[same]
            similarity = metric_score[old_at[qo.metric], new_metric[candidates]]
            keep = similarity >= threshold
            for j, value in zip(candidates[keep], similarity[keep], strict=True):
                weight = 1.0 if (path_old, new_q[j][0]) in direct else 0.95
                scores[i, j] = float(value) * weight
        key = (qo.metric, qo.kind, unit)
        if len(qo.metric) >= 2 and old_count[key] == 1 and new_count.get(key) == 1:
            j = new_by_key[key]
            scores[i, j] = max(scores[i, j], 0.9)
    pairs: list[tuple[int, int]] = []
    if scores.any():
        from scipy.optimize import linear_sum_assignment

        rows, cols = linear_sum_assignment(scores, maximize=True)
        pairs = [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if scores[r, c] > 0]
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    changes: list[tuple[tuple[int, int], NumberChange]] = []
    for i, j in pairs:
        (path_old, qo), (path_new, qn) = old_q[i], new_q[j]
        same = qo.low == qn.low and qo.high == qn.high
        delta = _mid(qn) - _mid(qo)
        relative = round(delta / _mid(qo), 4) if _mid(qo) else None
        changes.append(
            (
                (j, i),
                NumberChange(
                    "unchanged" if same else "changed",
                    qn.metric or qo.metric,
                    QuantityRef(path_old, qo),
                    QuantityRef(path_new, qn),
                    round(delta, 6),
                    relative,
                ),
            )
        )
    for j, (path_new, qn) in enumerate(new_q):
        if j not in paired_new:
            changes.append(
                ((j, -1), NumberChange("added", qn.metric, None, QuantityRef(path_new, qn)))
            )
    for i, (path_old, qo) in enumerate(old_q):
        if i not in paired_old:
            changes.append(
                (
                    (len(new_q), i),
                    NumberChange("dropped", qo.metric, QuantityRef(path_old, qo), None),
                )
            )
    changes.sort(key=lambda item: item[0])
    return tuple(change for _, change in changes)


# --- agencies and citations -------------------------------------------------------------------

_CITATION = re.compile(r"《([^《》]{2,80})》")


def _names(
    old: Document,
    new: Document,
    alignment: Alignment,
    names_of: Any,
) -> tuple[NameChange, ...]:
    """Names (agencies or citations) one side gives a node and its counterpart does not."""
    old_nodes = {n.path: n for n in old.walk()}
    new_nodes = {n.path: n for n in new.walk()}
    linked_old = {link.old: link.new for link in alignment.links}
    linked_new = {link.new: link.old for link in alignment.links}
    out: list[NameChange] = []
    old_all = {name for node in old_nodes.values() for name in names_of(node)}
    new_all = {name for node in new_nodes.values() for name in names_of(node)}
    sides = (
        ("added", new_nodes, linked_new, old_nodes, old_all),
        ("dropped", old_nodes, linked_old, new_nodes, new_all),
    )
    for change, nodes, linked, others, other_all in sides:
        for path, node in nodes.items():
            counterpart = linked.get(path)
            elsewhere = set(names_of(others[counterpart])) if counterpart else other_all
            for name in dict.fromkeys(names_of(node)):
                if name not in elsewhere and (counterpart is not None or name not in other_all):
                    old_path, new_path = (
                        (counterpart, path) if change == "added" else (path, counterpart)
                    )
                    out.append(NameChange(change, name, old_path, new_path))  # type: ignore[arg-type]
    return tuple(out)


def _agencies(node: Node) -> tuple[str, ...]:
    return node.agencies


def _citations(node: Node) -> tuple[str, ...]:
    return tuple(_CITATION.findall(own_text(node)))


# --- the diff ---------------------------------------------------------------------------------


def _as_document(source: Document | str | bytes | os.PathLike[str]) -> Document:
    return source if isinstance(source, Document) else read(source)


def diff(
    old: Document | str | bytes | os.PathLike[str],
    new: Document | str | bytes | os.PathLike[str],
    **options: Any,
) -> PolicyDiff:
    """What changed from ``old`` to ``new`` (Documents, paths, bytes or texts).

    ``options`` are passed to :func:`~policydiff.align.align` (``threshold``,
    ``containment``, ``scorer``, ``context_bonus``), except ``sentence_threshold`` and
    ``metric_threshold``, which tune :func:`pair_measures` and :func:`pair_numbers`.

    >>> d = diff("一、总体情况\\n村卫生室58.2万个。", "一、总体情况\\n村卫生室57万个。")
    >>> [(n.change, n.old, n.new) for n in d.nodes]
    [('changed', '1', '1')]
    """
    old_doc, new_doc = _as_document(old), _as_document(new)
    sentence_threshold = options.pop("sentence_threshold", SENTENCE_THRESHOLD)
    metric_threshold = options.pop("metric_threshold", METRIC_THRESHOLD)
    old_nodes, new_nodes = list(old_doc.walk()), list(new_doc.walk())
    alignment = align(old_nodes, new_nodes, **options)
    old_by_path = {n.path: n for n in old_nodes}
    new_by_path = {n.path: n for n in new_nodes}
    link_of_old = {link.old: link for link in alignment.links}
    link_of_new = {link.new: link for link in alignment.links}
    related: dict[str, list[Related]] = {}
    for rel in alignment.related:
        related.setdefault("old:" + rel.old, []).append(rel)
        related.setdefault("new:" + rel.new, []).append(rel)

    # Sentence-level changes of each linked pair, computed once: the measures, and the inline
    # edits of the pair's NodeChange.
    measures_of = {
        link.old: pair_measures(
            old_by_path[link.old], new_by_path[link.new], threshold=sentence_threshold
        )
        for link in alignment.links
    }

    def linked_change(link_old: Node, link_new: Node) -> NodeChange:
        link = link_of_old[link_old.path]
        same = own_text(link_old) == own_text(link_new)
        rel = tuple(
            dict.fromkeys(
                related.get("old:" + link_old.path, []) + related.get("new:" + link_new.path, [])
            )
        )
        return NodeChange(
            "unchanged" if same else "changed",
            link_old.path,
            link_new.path,
            link_old.heading,
            link_new.heading,
            link_old.text,
            link_new.text,
            moved=link.moved,
            similarity=1.0 if same else link.similarity,
            related=rel,
            inline=() if same else _node_inline(measures_of[link_old.path]),
        )

    def lone(node: Node, side: str) -> NodeChange:
        rel = tuple(related.get(f"{side}:{node.path}", []))
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
                inline=(Edit("delete", own_text(node), ""),),
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
            inline=(Edit("insert", "", own_text(node)),),
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
            changes.append(linked_change(old_by_path[link.old], node))
        changes.extend(lone(n, "old") for n in after.get(node.path, []))

    measures = tuple(m for link in alignment.links for m in measures_of[link.old])
    numbers = pair_numbers(old_doc, new_doc, alignment, threshold=metric_threshold)
    return PolicyDiff(
        old=old_doc,
        new=new_doc,
        nodes=tuple(changes),
        measures=measures,
        numbers=numbers,
        agencies=_names(old_doc, new_doc, alignment, _agencies),
        citations=_names(old_doc, new_doc, alignment, _citations),
        alignment=alignment,
    )


def _node_inline(measures: tuple[MeasureChange, ...]) -> tuple[Edit, ...]:
    """Inline edits of a linked pair, sentence by sentence (cheap on long nodes).

    Edits stay apart at sentence boundaries: a dropped heading and a dropped first sentence
    are two deletions, not one run of glued text.
    """
    edits: list[Edit] = []
    for change in measures:
        if change.change == "unchanged" and change.old and change.new:
            edits.append(Edit("equal", change.old.text, change.new.text))
        elif change.change == "changed":
            edits.extend(change.inline)
        elif change.change == "added" and change.new:
            edits.append(Edit("insert", "", change.new.text))
        elif change.change == "dropped" and change.old:
            edits.append(Edit("delete", change.old.text, ""))
    merged: list[Edit] = []
    for edit in edits:  # unchanged text runs on; changes stay one a sentence
        if merged and edit.op == "equal" and merged[-1].op == "equal":
            merged[-1] = Edit("equal", merged[-1].old + edit.old, merged[-1].new + edit.new)
        else:
            merged.append(edit)
    return tuple(merged)
