"""Numbers: the quantities of two documents paired by what they measure.

:func:`pair_numbers` is one global assignment over candidate pairs, built so that its time and
memory grow about linearly with the number of quantities and its pairs do not depend on which
document is called old:

1. *Anchors* (:func:`_anchors`): a node linked to a node of the very same text (or left
   unlinked at the same path as one) states the very same quantities, and they pair as they
   stand — comparing a document with itself pairs every figure with itself, whatever it
   measures and whatever the aligner made of its node.
2. *Candidates*, found by joins on identity, never a dense old × new matrix:

   - a figure with a subject of its own, with one of the same kind, unit, measure, period and
     scope whose subject reads alike (:func:`subject_key`, :func:`similar_subjects`);
   - a figure whose subject names no measure (``投资``, ``安排``), with the same words and the
     same value in linked nodes;
   - a figure with no words at all before it (a table cell, a bare ``58.2万个``), with the one
     of the same value and identity at the same place — the same ordinal among such figures —
     in a directly linked node.

   Groups of like figures are paired each with each up to a budget of pairs and subjects
   compared up to a budget of comparisons, neither of which a real document reaches; past
   them (a machine-made table of thousands of like figures) a group pairs with itself only,
   each figure with those of about its rank (:func:`~policydiff._diff._groups.join`), and
   subjects only when equal or one ends the other.
3. *Scores* by identity, link and position (:func:`_subject_scores`); equally good pairs are
   told apart by the squared distance of their relative positions, which prefers pairs that
   keep the two documents' order.
4. *Assignment* (:func:`policydiff._kernels.assign_sparse`), posed in an orientation fixed by
   the two documents, not by the order of the arguments, so that ``diff(b, a)`` pairs what
   ``diff(a, b)`` pairs even where two assignments are equally good.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from .. import _kernels as kernels
from ..model import (
    Alignment,
    DiffOptions,
    Document,
    Link,
    Node,
    NumberChange,
    Quantity,
    Related,
)
from ._groups import (
    Groups,
    generic,
    identity,
    join,
    similar_subjects,
)
from ._notes import directions
from ._number_changes import number_changes

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["pair_numbers", "subject_key"]

_Located = tuple[str, Quantity]
#: Candidate pairs: old indices, new indices and their scores.
_Scored = tuple["NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.float64]"]


_AGGREGATE = re.compile(r"(?:总水平|水平|规模|数量|总数|人数|总额|总量)$")


#: Quotation marks around a subject, and 科目 after a quoted budget line (``“…(项)”科目``):
#: the same line whether the document quotes it or names it a heading of the budget.
_WRAPPING = re.compile(r"[“”‘’\"']|(?<=[”’\"'])科目$")


#: Names of one statistical indicator that reports use in turn (the national accounts' and
#: the statistical yearbook's own glossary): a ratio of the deficit to GDP is the 赤字率, energy
#: use per unit of GDP the 能源消耗强度, GDP and CPI their abbreviations.
_SYNONYMS = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        # (compared after 总 is dropped: 国内生产总值 reads 国内生产值)
        (r"GDP", "国内生产值"),
        (r"CPI", "居民消费价格"),
        (r"财政赤字占国内生产值的?比重", "赤字率"),
        (r"^赤字$", "财政赤字"),  # 赤字规模5.66万亿元 (规模 dropped) is the fiscal deficit
        (r"单位国内生产值能源消耗|单位国内生产值能耗|能源消耗强度|能耗强度", "单位国内生产值能耗"),
    )
)


def subject_key(subject: str) -> str:
    """A subject as it is compared: without 总, a closing word of aggregate (总水平, 规模,
    人数, 总额) that does not change what is measured, and quotation marks (with the 科目 a
    budget puts after a quoted line).

    >>> subject_key("居民消费价格总水平"), subject_key("粮食总产量")
    ('居民消费价格', '粮食产量')
    >>> subject_key("“城乡社区支出(类)城管执法(项)”科目")
    '城乡社区支出(类)城管执法(项)'
    >>> subject_key("能源消耗强度") == subject_key("单位国内生产总值能耗")
    True
    """
    key = _AGGREGATE.sub("", _WRAPPING.sub("", subject)).replace("总", "")
    for pattern, name in _SYNONYMS:
        key = pattern.sub(name, key)
    return key or subject


#: At most this many subject comparisons (rapidfuzz ``ratio``) a diff: past it, the remaining
#: identities pair subjects only when equal or one ends the other. A real document of 1 MB
#: compares well under a million.
_FUZZY_CELLS = 1 << 22
#: Weight of the squared distance between two figures' relative positions in the assignment:
#: small enough to decide only between equally good pairs.
_POSITION_WEIGHT = 1e-6


def pair_numbers(
    old: Document,
    new: Document,
    alignment: Alignment,
    options: DiffOptions | None = None,
) -> tuple[NumberChange, ...]:
    """Pair the quantities of two documents that measure the same thing.

    Candidates have the same unit class (percent, money, or the same counting unit) and the
    same kind (actual, target or stated change), measure and period, and either sit in linked
    nodes (a node and its counterpart, its split/merge partner, or their descendants, with
    linked nodes themselves preferred) with subjects at least ``metric_threshold`` similar,
    or share a subject that each document names exactly once, or have subjects at least
    ``unlinked_similarity`` similar wherever they are. A figure whose subject names no measure
    pairs only with the same words and value in linked nodes, and one with no words before it
    only with the same value at the same place of a directly linked node; the quantities of
    nodes of identical text, linked or at the same path, pair as they stand. A global
    assignment keeps the best pairs (of equally good ones, those nearer in relative
    position); every other quantity is ``added`` or ``dropped``. ``options`` is a
    :class:`~policydiff.model.DiffOptions`.

    >>> from policydiff import parse
    >>> from policydiff._align import align
    >>> old, new = parse("一、总体\\n村卫生室58.2万个。"), parse("一、总体\\n村卫生室57万个。")
    >>> links = align(list(old.walk()), list(new.walk()))
    >>> [(c.change, c.metric, c.delta) for c in pair_numbers(old, new, links)]
    [('changed', '村卫生室', -12000.0)]
    """
    chosen = options if options is not None else DiffOptions()
    old_f, new_f = _Figures(old), _Figures(new)
    old_q, new_q = old_f.located, new_f.located
    anchored = _anchors(old_f, new_f, alignment)
    rows, cols, scores = _candidates(old_f, new_f, alignment, chosen, anchored)
    where_old = _where(old_q, old)
    where_new = _where(new_q, new)
    weights = scores - _POSITION_WEIGHT * (where_old[rows] - where_new[cols]) ** 2
    if _old_first(old, new, old_q, new_q):
        found = kernels.assign_sparse(rows, cols, weights, (len(old_q), len(new_q)))
    else:
        found = [
            (i, j) for j, i in kernels.assign_sparse(cols, rows, weights, (len(new_q), len(old_q)))
        ]
    # the score of each chosen pair: 1 for an anchor (identical figures at identical places)
    found_scores: list[float] = []
    if found:
        cell = rows * max(1, len(new_q)) + cols
        by_cell = np.argsort(cell, kind="stable")
        wanted = np.array([i * max(1, len(new_q)) + j for i, j in found], dtype=np.int64)
        found_scores = scores[by_cell[np.searchsorted(cell[by_cell], wanted)]].tolist()
    signs = (directions(old_q, old.text), directions(new_q, new.text))
    return number_changes(
        old_q,
        new_q,
        anchored + found,
        [1.0] * len(anchored) + found_scores,
        chosen,
        signs,
        new.text,
    )


# --- anchors, orientation, position -------------------------------------------------------


class _Figures:
    """One document's quantities, read in one walk: each with its node's path
    (``located``, in document order), the nodes that state them with the index of their
    first quantity (``nodes``, by path), and each quantity's node as an integer, the index of
    its path in ``paths`` (``node_of``; a node's quantities are consecutive). The anchors,
    the candidates and the assignment all read these, and a document of a hundred thousand
    nodes is walked once for them all."""

    def __init__(self, doc: Document) -> None:
        located: list[_Located] = []
        nodes: dict[str, tuple[Node, int]] = {}
        sizes: list[int] = []
        for node in doc.walk():
            if node.quantities:  # (a table's label lines, half its nodes, state none)
                path, quantities = node.path, node.quantities
                nodes[path] = (node, len(located))
                sizes.append(len(quantities))
                # (a node of one figure, a table's count, appended: a third faster than a zip)
                if len(quantities) == 1:
                    located.append((path, quantities[0]))
                else:
                    located += zip(repeat(path), quantities)
        self.located, self.nodes, self.paths = located, nodes, list(nodes)
        self.node_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)


def _anchors(old: _Figures, new: _Figures, alignment: Alignment) -> list[tuple[int, int]]:
    """Pairs ``(old index, new index)`` of the quantities of nodes of identical text at
    identical places — linked to each other, or left unlinked at the same path: the k-th of
    one with the k-th of the other, where the two are the same quantity (all but their
    offsets; the same words can read differently in another document's context)."""
    # (only nodes that state figures can anchor any: a table's label lines are half its nodes)
    old_nodes, new_nodes = old.nodes, new.nodes
    places = [
        (a, b)
        for link in alignment.links
        if (a := old_nodes.get(link.old)) is not None and (b := new_nodes.get(link.new)) is not None
    ]
    alike = old_nodes.keys() & new_nodes.keys()
    if alike:
        alike -= {link.old for link in alignment.links}
        alike -= {link.new for link in alignment.links}
        places += [(old_nodes[path], new_nodes[path]) for path in old_nodes if path in alike]
    anchored: list[tuple[int, int]] = []
    for (node_a, start_a), (node_b, start_b) in places:
        qa, qb = node_a.quantities, node_b.quantities
        # (the same own text: the same text and heading tell it without making either's)
        if len(qa) != len(qb) or not (
            (node_a.text == node_b.text and node_a.heading == node_b.heading)
            or node_a.own_text == node_b.own_text
        ):
            continue
        if len(qa) == 1:  # (most nodes that state a figure: a table's cell, a line's count)
            if _same_but_span(qa[0], qb[0]):
                anchored.append((start_a, start_b))
            continue
        same = map(_same_but_span, qa, qb)
        anchored += [(start_a + k, start_b + k) for k, equal in enumerate(same) if equal]
    return anchored


def _same_but_span(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities are one but for their span: the same figure at another offset.
    Every other field, spelled out (tests/test_pairing.py holds them to the class's): read so,
    each is a fast slot access, where an ``attrgetter`` of their names looked each one up and
    took the anchors of a long table twice as long."""
    return (a.text, a.low, a.high, a.unit, a.qualifier, a.metric, a.as_of, a.kind, a.subject,
            a.measure, a.scope, a.period) == (b.text, b.low, b.high, b.unit, b.qualifier,
            b.metric, b.as_of, b.kind, b.subject, b.measure, b.scope, b.period)  # fmt: skip


def _old_first(
    old: Document, new: Document, old_q: Sequence[_Located], new_q: Sequence[_Located]
) -> bool:
    """Whether the assignment is posed with the old quantities as rows.

    A solver breaks ties between equally good assignments by the order of its rows, so the
    problem is posed in an orientation that the two documents fix, whichever is old: the
    document whose text sorts first gives the rows.
    """
    if old.text != new.text:
        return old.text < new.text
    # the same text read differently (another year, another source): the first difference
    for a, b in zip(old_q, new_q, strict=False):
        if a != b:
            return repr(a) < repr(b)
    return len(old_q) <= len(new_q)


def _where(located: Sequence[_Located], doc: Document) -> NDArray[np.float64]:
    """Each quantity's relative position in its document, from 0 to 1."""
    starts = np.array([q.span[0] for _, q in located], dtype=np.float64)
    return starts / max(1.0, len(doc.text))


def _ancestors(path: str) -> list[str]:
    """``p2:2.3.1`` → ``['p2:2.3.1', 'p2:2.3', 'p2:2']``."""
    found = [path]
    while "." in path:
        path = path.rpartition(".")[0]
        found.append(path)
    return found


# --- candidates -------------------------------------------------------------------------


class _Sides:
    """What the candidate sources share: both documents' quantities, those not anchored with
    their identities, and which of their nodes are linked — through themselves or any
    ancestors of theirs (a link or a split/merge), and which directly (the two nodes
    themselves).

    Only nodes that hold a figure not anchored take part in a candidate, so ``partners`` holds
    the links of those nodes and of their ancestors alone: a long table links a hundred
    thousand lines, of which a few changed.
    """

    def __init__(
        self,
        old: _Figures,
        new: _Figures,
        alignment: Alignment,
        anchored: Sequence[tuple[int, int]],
    ) -> None:
        old_q, new_q = old.located, new.located
        self.old_q, self.new_q = old_q, new_q
        taken_old = {i for i, _ in anchored}
        taken_new = {j for _, j in anchored}
        self.free_old = [k for k in range(len(old_q)) if k not in taken_old]
        self.free_new = [k for k in range(len(new_q)) if k not in taken_new]
        # (only the figures not anchored are looked at by their identity: of a table, a few)
        self.old_identity = {k: identity(old_q[k][1]) for k in self.free_old}
        self.new_identity = {k: identity(new_q[k][1]) for k in self.free_new}
        open_paths = dict.fromkeys(old_q[k][0] for k in self.free_old)
        wanted = {ancestor for path in open_paths for ancestor in _ancestors(path)}
        self.partners: dict[str, set[str]] = {}
        if wanted:
            pairs: tuple[Link | Related, ...] = (*alignment.links, *alignment.related)
            for pair in pairs:
                if pair.old in wanted:
                    self.partners.setdefault(pair.old, set()).add(pair.new)
        self._near: dict[str, set[str]] = {}
        # Nodes as integers, for looking up links a distinct pair of nodes at a time.
        self.old_paths, self.new_paths = old.paths, new.paths
        self.old_node, self.new_node = old.node_of, new.node_of

    def near(self, old_path: str) -> set[str]:
        """The new nodes linked to ``old_path`` or to one of its ancestors (``old_path`` a
        node that holds a figure not anchored)."""
        if old_path not in self._near:
            found: set[str] = set()
            for ancestor in _ancestors(old_path):
                found |= self.partners.get(ancestor, set())
            self._near[old_path] = found
        return self._near[old_path]

    def flags(
        self, i: NDArray[np.int64], j: NDArray[np.int64]
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """For pairs of quantities (old and new indices): whether their nodes are linked, and
        whether directly. Each distinct pair of nodes is looked up once."""
        if not len(i):
            return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
        width = len(self.new_paths)
        distinct, back = np.unique(self.old_node[i] * width + self.new_node[j], return_inverse=True)
        linked = np.zeros(len(distinct), dtype=bool)
        direct = np.zeros(len(distinct), dtype=bool)
        for k, value in enumerate(distinct.tolist()):
            a, b = self.old_paths[value // width], self.new_paths[value % width]
            near = self.near(a)
            linked[k] = any(ancestor in near for ancestor in _ancestors(b))
            direct[k] = b in self.partners.get(a, ())
        return linked[back], direct[back]


def _candidates(
    old: _Figures,
    new: _Figures,
    alignment: Alignment,
    options: DiffOptions,
    anchored: Sequence[tuple[int, int]],
) -> _Scored:
    """Every pair of quantities that may measure the same thing, with its score: arrays of
    old indices, new indices and scores, each pair once. Anchored quantities take no part."""
    sides = _Sides(old, new, alignment, anchored)
    parts = [_same_words(sides, options), _same_place(sides), _subject_scores(sides, options)]
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    scores = np.concatenate([p[2] for p in parts])
    keep = scores > 0
    return rows[keep], cols[keep], scores[keep]


def _same_words(sides: _Sides, options: DiffOptions) -> _Scored:
    """Figures whose subject names no measure (a bare noun or verb: 投资, 安排): one
    project's investment is not another's. Only the very same words and value in linked
    nodes pair (a figure repeated), never a likeness nor a position."""

    def keys(
        located: Sequence[_Located], identities: Mapping[int, tuple[str, ...]], free: Sequence[int]
    ) -> list[tuple[object, ...] | None]:
        found: list[tuple[object, ...] | None] = []
        for k in free:
            q = located[k][1]
            worded = generic(q) and bool(q.metric)
            found.append((*identities[k][1:], q.metric, q.low, q.high) if worded else None)
        return found

    groups = Groups(
        keys(sides.old_q, sides.old_identity, sides.free_old),
        keys(sides.new_q, sides.new_identity, sides.free_new),
    )
    i, j, _ = join(groups, *groups.common())
    i = np.asarray(sides.free_old, dtype=np.int64)[i]
    j = np.asarray(sides.free_new, dtype=np.int64)[j]
    linked, direct = sides.flags(i, j)
    score = np.where(direct, 1.0, options.indirect_weight) * linked
    return i, j, score


def _same_place(sides: _Sides) -> _Scored:
    """Figures with no words before them (a table cell, a bare ``58.2万个``): nothing says
    what they measure, so each pairs only with the figure of the same value and identity at
    the same place in a directly linked node — the same ordinal among such figures."""
    bare_old = _bare(sides.old_q, sides.old_node, sides.free_old)
    bare_new = _bare(sides.new_q, sides.new_node, sides.free_new)
    free_old, free_new = set(sides.free_old), set(sides.free_new)
    rows, cols = [], []
    # (the directly linked nodes that both hold such figures, in the order of their paths)
    places = sorted((a, b) for a in bare_old for b in sides.partners.get(a, ()) if b in bare_new)
    for a, b in places:
        for i, j in zip(bare_old[a], bare_new[b], strict=False):
            qo, qn = sides.old_q[i][1], sides.new_q[j][1]
            if (
                i in free_old
                and j in free_new
                and sides.old_identity[i] == sides.new_identity[j]
                and qo.low == qn.low
                and qo.high == qn.high
            ):
                rows.append(i)
                cols.append(j)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.ones(len(rows))


def _bare(
    located: Sequence[_Located], node_of: NDArray[np.int64], free: Sequence[int]
) -> dict[str, list[int]]:
    """The figures with no words before them of each node that holds a figure not anchored,
    by path: every one of the node's, anchored or not, as their ordinal is their place. (A
    node's figures are consecutive in ``located``: ``node_of`` never falls.)"""
    nodes = np.unique(node_of[np.asarray(free, dtype=np.int64)])
    starts = np.searchsorted(node_of, nodes, side="left").tolist()
    ends = np.searchsorted(node_of, nodes, side="right").tolist()
    found: dict[str, list[int]] = {}
    for start, end in zip(starts, ends, strict=True):
        bare = [k for k in range(start, end) if _is_bare(located[k][1])]
        if bare:
            found[located[start][0]] = bare
    return found


def _is_bare(q: Quantity) -> bool:
    return generic(q) and not q.metric


def _subject_scores(sides: _Sides, options: DiffOptions) -> _Scored:
    """Figures with a subject of their own, by identity: the same kind, unit, measure, period
    and scope, and subjects that read alike (compared by :func:`subject_key`).

    A pair scores the best of: its subjects' similarity (at least ``metric_threshold``) in
    linked nodes, times ``indirect_weight`` unless the two nodes are linked themselves;
    ``unique_metric_score`` when each document names the identity once (the same measurement
    wherever the sections holding it went); its similarity times ``unlinked_weight`` anywhere
    when at least ``unlinked_similarity`` (sections are regrouped from year to year).
    """
    compared: dict[str, str] = {}

    def keys(
        located: Sequence[_Located], identities: Mapping[int, tuple[str, ...]], free: Sequence[int]
    ) -> list[tuple[object, ...] | None]:
        found: list[tuple[object, ...] | None] = []
        for k in free:
            q = located[k][1]
            if q.subject not in compared:
                compared[q.subject] = subject_key(q.subject)
            found.append(None if generic(q) else (*identities[k][1:], compared[q.subject]))
        return found

    groups = Groups(
        keys(sides.old_q, sides.old_identity, sides.free_old),
        keys(sides.new_q, sides.new_identity, sides.free_new),
    )
    # Subjects are compared within an identity (all but the subject), in a fixed order of
    # identities so that the comparison budget is spent the same way either way round.
    by_code: dict[tuple[object, ...], tuple[list[int], list[int]]] = {}
    for g, found in enumerate(groups.keys):
        olds, news = by_code.setdefault(found[:-1], ([], []))
        if groups.old_size[g]:
            olds.append(g)
        if groups.new_size[g]:
            news.append(g)
    budget = [_FUZZY_CELLS]
    pair_old: list[int] = []
    pair_new: list[int] = []
    similarity: list[float] = []
    for code in sorted(by_code, key=repr):
        olds, news = (sorted(gs, key=lambda g: str(groups.keys[g][-1])) for gs in by_code[code])
        if not olds or not news:
            continue
        a, b, s = similar_subjects(
            [str(groups.keys[g][-1]) for g in olds],
            [str(groups.keys[g][-1]) for g in news],
            options,
            budget,
        )
        pair_old += [olds[k] for k in a]
        pair_new += [news[k] for k in b]
        similarity += s
    i, j, p = join(groups, np.array(pair_old, dtype=np.int64), np.array(pair_new, dtype=np.int64))
    sim = np.array(similarity, dtype=np.float64)[p]
    i = np.asarray(sides.free_old, dtype=np.int64)[i]
    j = np.asarray(sides.free_new, dtype=np.int64)[j]
    if not len(i):  # (no figure with a subject of its own has a candidate: a table of counts)
        return i, j, sim
    linked, direct = sides.flags(i, j)
    # every figure's identity, for how often and where each document states it
    ids: dict[tuple[str, ...], int] = {}
    old_id = np.array(
        [ids.setdefault(identity(q), len(ids)) for _, q in sides.old_q], dtype=np.int64
    )
    new_id = np.array(
        [ids.setdefault(identity(q), len(ids)) for _, q in sides.new_q], dtype=np.int64
    )
    # an identity stated with several values in several nodes of a document (not one figure
    # said twice): only a direct link tells them apart
    asked = np.zeros(len(ids), dtype=bool)
    asked[old_id[i]] = asked[new_id[j]] = True
    repeated = _repeated(old_id, sides.old_node, sides.old_q, asked)
    repeated |= _repeated(new_id, sides.new_node, sides.new_q, asked)
    guess = np.where(repeated[old_id[i]] | repeated[new_id[j]], options.repeated_weight, 1.0)
    indirect = options.indirect_weight * guess
    near = np.where(
        linked & (sim >= options.metric_threshold), sim * np.where(direct, 1.0, indirect), 0.0
    )
    # A subject named once in each document with the same identity is the same measurement
    # wherever the sections holding it went (a target moved to another section).
    once_old = np.bincount(old_id, minlength=len(ids)) == 1
    once_new = np.bincount(new_id, minlength=len(ids)) == 1
    unique = (old_id[i] == new_id[j]) & once_old[old_id[i]] & once_new[new_id[j]]
    anywhere = np.where(
        sim >= options.unlinked_similarity, sim * options.unlinked_weight * guess, 0.0
    )
    score = np.maximum(np.maximum(near, anywhere), np.where(unique, options.unique_metric_score, 0))
    return i, j, score


def _repeated(
    ids: NDArray[np.int64],
    nodes: NDArray[np.int64],
    located: Sequence[_Located],
    asked: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """For each identity ``asked`` about, whether a document states it in more than one node
    with more than one value (false for the others)."""
    # only the figures of the identities asked about (of a table of counts, a few) are read
    keep = np.flatnonzero(asked[ids])
    ids, nodes = ids[keep], nodes[keep]
    # each distinct (identity, node) and (identity, value) once, counted by identity
    width = int(nodes.max()) + 1 if len(nodes) else 1
    places = np.unique(ids * width + nodes) // width
    figures = (located[k][1] for k in keep.tolist())
    values = {(code, q.low, q.high) for code, q in zip(ids.tolist(), figures, strict=True)}
    by_value = np.fromiter((code for code, _, _ in values), dtype=np.int64, count=len(values))
    result: NDArray[np.bool_] = (np.bincount(places, minlength=len(asked)) > 1) & (
        np.bincount(by_value, minlength=len(asked)) > 1
    )
    return result
