"""Siblings: the children of corresponding sections, linked on their topic even when reworded.

A recurring section is rewritten every year (a work report's review of macro policy, of
reform, of livelihoods): its words change, its topic and its place among its siblings do not.
The passes before this one link what the words alone can; the nodes they leave over are
compared here again, within the groups of children that correspond:

- two groups correspond when their parents are linked to each other, when both are the tops of
  their documents, or when enough of their members are already linked to each other (a
  level that one year drops: the tasks under ``三、`` becoming parts of their own); members
  linked into a third group belong to another correspondence;
- a leftover pair scores its similarity, or that similarity with the pair's leads (a heading,
  else the opening sentence) compared as headings are, where either has no heading, if that
  is higher;
- it gets a bonus for its groups' correspondence, and one for its rank: the links already
  made between the two groups cut them into gaps, and the k-th leftover of a gap is a prior
  for the k-th leftover of the partner gap, counted from either end;
- the bonuses lower the bar, they are no licence: a pair must score at least a share of the
  threshold on its own, and clearly more than each of its nodes scores, as a median, against
  the other's siblings;
- the leftovers are then linked by a global assignment, as the first pass links, and the pass
  repeats for the children of the sections it linked.

A leftover that would have been linked to a sibling already taken is split from it (or merged
into it) when it explains some of that sibling that the sibling's own partner does not; and
where one of two linked sections states in its own text what the other holds in numbered
children, those children are split from (merged into) it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .. import _kernels as kernels
from ..model import AlignOptions, Node, Related
from ._features import Matrix, _array, _Features, _parents
from ._leads import about
from ._links import _heaviest_increasing, _tie_break
from ._named import named_alike, named_apart

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Two corresponding groups of more members than this (old × new) are not compared: their
#: dense blocks would take gigabytes, and only machine-made documents have such groups.
BLOCK_CELLS = 1_000_000

#: A group of siblings is named by its parent's index, ``_TOP`` for the top of a document.
_TOP = -1


def _members(parents: NDArray[np.int64]) -> dict[int, list[int]]:
    """Each group's members in document order, by the group's parent (``_TOP`` at the top)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k, parent in enumerate(parents.tolist()):
        groups[parent].append(k)
    return groups


def _corresponding(
    pairs: Sequence[tuple[int, int]],
    old_parent: NDArray[np.int64],
    new_parent: NDArray[np.int64],
    anchors: int,
) -> list[tuple[int, int]]:
    """The pairs of groups ``(old parent, new parent)`` whose children are compared: groups
    with members on both sides.

    Groups correspond when their parents are linked to each other or are both the top, or
    when at least ``anchors`` of their members are linked to each other and those links are
    most of the links either group's members have. (Counted in arrays: a flat document links
    a hundred thousand leaves, none of them a group.)
    """
    found = {(_TOP, _TOP)}
    if not pairs:
        return sorted(found)
    linked = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    # Groups are numbered by their parent's index plus one: 0 is the top.
    old_of, new_of = old_parent[linked[:, 0]] + 1, new_parent[linked[:, 1]] + 1
    has_old = np.zeros(len(old_parent) + 1, dtype=bool)
    has_old[old_parent + 1] = True
    has_new = np.zeros(len(new_parent) + 1, dtype=bool)
    has_new[new_parent + 1] = True
    both = has_old[linked[:, 0] + 1] & has_new[linked[:, 1] + 1]
    found.update(zip(linked[both, 0].tolist(), linked[both, 1].tolist(), strict=True))
    width = len(new_parent) + 1
    groups, count = np.unique(old_of * width + new_of, return_counts=True)
    p, q = groups // width, groups % width
    leaving_old = np.bincount(old_of, minlength=len(old_parent) + 1)
    leaving_new = np.bincount(new_of, minlength=width)
    strong = (count >= anchors) & ((2 * count > leaving_old[p]) | (2 * count > leaving_new[q]))
    found.update(zip((p[strong] - 1).tolist(), (q[strong] - 1).tolist(), strict=True))
    return sorted(found)


def _gap_prior(
    old_members: Sequence[int],
    new_members: Sequence[int],
    linked: dict[int, int],
    score: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The rank prior of every pair of leftovers of the two groups (0 for linked members).

    The links between the two groups that keep their order (those every best increasing
    subsequence keeps, so that the prior reads the same from either side) cut both groups
    into gaps; in a gap, the leftover ``x`` places from one end and the partner gap's leftover
    ``y`` places from the same end have the prior ``1 / (1 + |x - y|)``, from the better end.
    Leftovers of different gaps have none: linking them would cross a link.
    """
    new_position = {j: b for b, j in enumerate(new_members)}
    cuts = [
        (a, new_position[linked[i]])
        for a, i in enumerate(old_members)
        if linked.get(i) in new_position
    ]
    kept = _heaviest_increasing(
        [(b, float(score[old_members[a], new_members[b]])) for a, b in cuts]
    )
    bounds = [(-1, -1), *(cuts[m] for m in sorted(kept)), (len(old_members), len(new_members))]
    linked_new = set(linked.values())
    prior = np.zeros((len(old_members), len(new_members)))
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        xs = [a for a in range(a0 + 1, a1) if old_members[a] not in linked]
        ys = [b for b in range(b0 + 1, b1) if new_members[b] not in linked_new]
        if not xs or not ys:
            continue
        x = np.arange(len(xs))[:, None]
        y = np.arange(len(ys))[None, :]
        apart = np.minimum(np.abs(x - y), np.abs((len(xs) - 1 - x) - (len(ys) - 1 - y)))
        prior[np.ix_(xs, ys)] = 1.0 / (1.0 + apart)
    return prior


def _split_prior(
    old_members: Sequence[int],
    new_members: Sequence[int],
    linked: dict[int, int],
) -> NDArray[np.float64]:
    """The prior of every pair of a leftover and a linked member of the other group being a
    split (or a merge): ``1 / (1 + k)`` when the leftover stands ``k`` members away from the
    linked member's partner in its own group, 0 when that partner is in another group.

    What is carved out of a section mostly stays beside what is left of it.
    """
    linked_back = {j: i for i, j in linked.items()}
    prior = np.zeros((len(old_members), len(new_members)))
    # New leftovers beside the partner of a linked old member ...
    _beside(prior, old_members, new_members, linked, linked_back)
    # ... and old leftovers beside the partner of a linked new member.
    _beside(prior.T, new_members, old_members, linked_back, linked)
    return prior


def _beside(
    prior: NDArray[np.float64],
    members: Sequence[int],
    others: Sequence[int],
    links: dict[int, int],
    links_back: dict[int, int],
) -> None:
    """Fill ``prior[a, b]`` with ``1 / distance`` between the other group's leftover ``b`` and
    the partner of ``members[a]``, where that partner is in the other group."""
    position = {k: b for b, k in enumerate(others)}
    rows = [(a, position[links[k]]) for a, k in enumerate(members) if links.get(k) in position]
    leftovers = np.array([b for b, k in enumerate(others) if k not in links_back], dtype=np.int64)
    if not rows or not len(leftovers):
        return
    at = np.array([a for a, _ in rows], dtype=np.int64)
    partner = np.array([b for _, b in rows], dtype=np.int64)
    prior[np.ix_(at, leftovers)] = 1.0 / np.abs(leftovers[None, :] - partner[:, None])


def _quantile_without_self(values: NDArray[np.float64], q: float) -> NDArray[np.float64]:
    """Each cell: the ``q`` quantile (linear interpolation) of the other cells of its row,
    ``inf`` where the row has fewer than two others (too few to say what is usual)."""
    cols = values.shape[1]
    if cols < 3:
        return np.full_like(values, np.inf)
    by_value = np.argsort(values, axis=1, kind="stable")
    order = np.take_along_axis(values, by_value, axis=1)
    rank = np.empty_like(by_value)
    np.put_along_axis(rank, by_value, np.arange(cols)[None, :], axis=1)
    position = q * (cols - 2)  # in the sorted list of the cols - 1 others
    low = int(np.floor(position))
    high = min(low + 1, cols - 2)
    weight = position - low

    def other(t: int) -> NDArray[np.float64]:
        # The t-th of the other cells: the t-th of the row, or the next where the cell itself
        # comes at or before it.
        result: NDArray[np.float64] = np.take_along_axis(
            order, np.where(rank <= t, t + 1, t), axis=1
        )
        return result

    result: NDArray[np.float64] = (1 - weight) * other(low) + weight * other(high)
    return result


def _evidence(
    old_members: Sequence[int],
    new_members: Sequence[int],
    leads: tuple[Sequence[str], Sequence[str]],
    headed: tuple[NDArray[np.bool_], NDArray[np.bool_]],
    score: NDArray[np.float64],
    options: AlignOptions,
) -> NDArray[np.float64]:
    """The similarity of every pair of the two groups, or, where either node has no heading,
    that similarity with the nodes' leads compared as headings are, if that is higher."""
    block = score[np.ix_(old_members, new_members)]
    weight = options.heading_weight
    if not weight or not options.lead_length:
        return block
    from rapidfuzz import fuzz, process

    leads_old = [leads[0][i] for i in old_members]
    leads_new = [leads[1][j] for j in new_members]
    ratio = process.cdist(
        leads_old,
        leads_new,
        scorer=fuzz.ratio,
        dtype=np.float64,
        workers=kernels.workers_for(len(leads_old), len(leads_new)),
    )
    # A short lead matches by chance: it counts in proportion to its length, in full from
    # ``short_heading`` bigrams on, as a short heading does.
    size_old = np.array([max(len(t) - 1, 0) for t in leads_old], dtype=np.float64)
    size_new = np.array([max(len(t) - 1, 0) for t in leads_new], dtype=np.float64)
    short = np.minimum(1.0, np.minimum.outer(size_old, size_new) / options.short_heading)
    lead = np.asarray(ratio, dtype=np.float64) / 100.0 * short
    both = np.logical_and.outer(headed[0][old_members], headed[1][new_members])
    with_leads = (block + weight * lead) / (1.0 + weight)
    result: NDArray[np.float64] = np.where(both, block, np.maximum(block, with_leads))
    return result


class _Block:
    """Two corresponding groups of children and which pairs of them are on the same topic."""

    def __init__(
        self,
        old_members: list[int],
        new_members: list[int],
        evidence: NDArray[np.float64],
        options: AlignOptions,
        named: NDArray[np.bool_] | None = None,
    ) -> None:
        self.old_members, self.new_members = old_members, new_members
        self.evidence = evidence
        self.named = np.zeros(evidence.shape, dtype=np.bool_) if named is None else named
        # How alike two sections of these groups usually are: each node's median evidence
        # against the other group's members. A link must stand out for both of its nodes
        # (where a node has too few siblings to say what is usual, nothing stands out: the
        # score alone must carry the pair) and reach the floor; a split or a merge must stand
        # out for its leftover, whose content it places (the section it went into may
        # resemble several: it took them in).
        lift = options.sibling_lift
        usual_old = _quantile_without_self(evidence, 0.5)
        usual_new = _quantile_without_self(evidence.T, 0.5).T
        strong = evidence >= options.sibling_floor * options.threshold
        self.topical = strong & (evidence >= lift * usual_old) & (evidence >= lift * usual_new)
        # leftovers named alike (and each other's best leftover) need only stand out at all
        self.topical |= self.named & (evidence > usual_old) & (evidence > usual_new)
        strong = evidence >= options.split_floor * options.threshold
        self.merges = strong & (evidence >= lift * usual_old)
        self.splits = strong & (evidence >= lift * usual_new)
        self.bonus = options.sibling_bonus
        self.rank_bonus = options.rank_bonus

    def link_values(
        self, linked: dict[int, int], score: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """What each pair of leftovers is worth to the assignment, bonuses included."""
        prior = _gap_prior(self.old_members, self.new_members, linked, score)
        result: NDArray[np.float64] = (
            self.evidence + self.bonus * (1 + self.named) + self.rank_bonus * prior
        )
        return result

    def split_values(self, linked: dict[int, int]) -> NDArray[np.float64]:
        """What each pair of a leftover and a linked member is worth as a split or a merge
        (0 where the linked member's partner is not in the leftover's group)."""
        prior = _split_prior(self.old_members, self.new_members, linked)
        result: NDArray[np.float64] = np.where(
            prior > 0, self.evidence + self.bonus + self.rank_bonus * prior, 0.0
        )
        return result


def _mutual_best(evidence: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which pairs are each other's best: the largest of their row and of their column."""
    if not evidence.size:
        return np.zeros(evidence.shape, dtype=np.bool_)
    best: NDArray[np.bool_] = (evidence >= evidence.max(axis=1, keepdims=True)) & (
        evidence >= evidence.max(axis=0, keepdims=True)
    )
    return best


def _sibling_pass(
    old: Sequence[Node],
    new: Sequence[Node],
    pairs: list[tuple[int, int]],
    score: NDArray[np.float64],
    options: AlignOptions,
    titles: tuple[NDArray[np.int64], NDArray[np.int64]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """``pairs`` with the links among the leftover children of corresponding groups added,
    and the leftovers that would have been linked to a sibling already taken, each as
    ``(old, new)`` with its best such sibling: splits and merges.

    Newly linked parents make new groups correspond, so the pass repeats until it links
    nothing more (once for each level of the documents, at most). ``titles`` numbers the
    titles the nodes open with (``_Features.titles``): items titled apart are never linked on
    sibling evidence.
    """
    old_parent, new_parent = _parents(old), _parents(new)
    old_groups, new_groups = _members(old_parent), _members(new_parent)
    # What each node is about, read when a group is first compared (a flat document of a
    # hundred thousand lines is one group too large to compare).
    read: list[tuple[Any, Any]] = []
    old_set = {p: set(members) for p, members in old_groups.items()}
    new_set = {q: set(members) for q, members in new_groups.items()}
    pairs = sorted(pairs)
    done: set[tuple[int, int]] = set()
    blocks: list[_Block] = []
    while True:
        linked = dict(pairs)
        linked_new = set(linked.values())
        linked_back = {j: i for i, j in pairs}
        fresh = [
            group
            for group in _corresponding(pairs, old_parent, new_parent, options.sibling_anchors)
            if group not in done and old_groups.get(group[0]) and new_groups.get(group[1])
        ]
        done.update(fresh)
        candidates: dict[tuple[int, int], float] = {}
        for p, q in fresh:
            # Members linked into a third group belong to another correspondence.
            olds = [i for i in old_groups[p] if i not in linked or linked[i] in new_set[q]]
            news = [j for j in new_groups[q] if j not in linked_new or linked_back[j] in old_set[p]]
            left_over = any(i not in linked for i in olds) or any(j not in linked_new for j in news)
            if not olds or not news or not left_over:
                continue  # nothing left over: nothing to link, split or merge
            if len(olds) * len(news) > BLOCK_CELLS:
                continue  # a machine-made group of thousands: its words alone decide
            if not read:
                read.append(about(old, new, options))
            leads, headed = read[0]
            evidence = _evidence(olds, news, leads, headed, score, options)
            # (two items titled apart are two items, however alike their template)
            evidence[named_apart(titles[0][olds][:, None], titles[1][news][None, :])] = 0.0
            left_old = np.array([i not in linked for i in olds])
            left_new = np.array([j not in linked_new for j in news])
            named = named_alike(
                [leads[0][i] for i in olds],
                [leads[1][j] for j in news],
                (
                    [f"{old[i].heading}\n{old[i].text}" for i in olds],
                    [f"{new[j].heading}\n{new[j].text}" for j in news],
                ),
                left_old,
                left_new,
                options.named_terms,
            ) & _mutual_best(np.where(np.outer(left_old, left_new), evidence, -1.0))
            block = _Block(olds, news, evidence, options, named)
            blocks.append(block)
            if not block.topical.any():
                continue
            values = block.link_values(linked, score)
            usable = block.topical & (values >= options.threshold)
            for a, b in zip(*np.nonzero(usable), strict=True):
                i, j = olds[int(a)], news[int(b)]
                if i not in linked and j not in linked_new:
                    value = float(values[a, b])
                    candidates[(i, j)] = max(candidates.get((i, j), 0.0), value)
        added = _assign_candidates(candidates, len(old))
        if not added:
            break
        pairs = sorted([*pairs, *added])
    if not blocks:
        return pairs, []
    parents = ([bool(n.children) for n in old], [bool(n.children) for n in new])
    return pairs, _taken(blocks, pairs, parents, options.threshold)


def _assign_candidates(
    candidates: dict[tuple[int, int], float], n_old: int
) -> list[tuple[int, int]]:
    """The one-to-one candidates of largest total value, by a global assignment over each
    set of candidates that share nodes (the sets are independent of each other)."""
    if not candidates:
        return []
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    keys = sorted(candidates)
    n = n_old + max(j for _, j in keys) + 1
    rows = np.array([i for i, _ in keys])
    cols = np.array([n_old + j for _, j in keys])
    graph = coo_matrix((np.ones(len(keys)), (rows, cols)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    by_component: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key in keys:
        by_component[int(component[key[0]])].append(key)
    chosen: list[tuple[int, int]] = []
    for members in by_component.values():
        olds = sorted({i for i, _ in members})
        news = sorted({j for _, j in members})
        row = {i: r for r, i in enumerate(olds)}
        col = {j: c for c, j in enumerate(news)}
        weights = np.zeros((len(olds), len(news)))
        for i, j in members:
            weights[row[i], col[j]] = candidates[(i, j)]
        weights = np.where(weights > 0, weights + _tie_break(len(olds), len(news)), 0.0)
        chosen += [(olds[r], news[c]) for r, c in kernels.assign(weights)]
    return sorted(chosen)


def _taken(
    blocks: Sequence[_Block],
    pairs: Sequence[tuple[int, int]],
    parents: tuple[Sequence[bool], Sequence[bool]],
    threshold: float,
) -> list[tuple[int, int]]:
    """Leftovers whose best eligible sibling is linked to another node, each with that
    sibling: ``(old, new)``, the leftover on one side.

    ``parents`` says which old and which new nodes have children: those are left out, since
    their similarity takes in their children's text, and their children's links already say
    where that went.
    """
    linked = dict(pairs)
    linked_new = {j for _, j in pairs}
    best: dict[tuple[int, int], tuple[tuple[float, int], int, int]] = {}  # by leftover
    for block in blocks:
        if not (block.merges | block.splits).any():
            continue
        values = block.split_values(linked)
        usable = (block.merges | block.splits) & (values >= threshold)
        for a, b in zip(*np.nonzero(usable), strict=True):
            i, j = block.old_members[int(a)], block.new_members[int(b)]
            if i not in linked and j in linked_new and block.merges[a, b] and not parents[0][i]:
                key = (0, i)  # an old leftover, merged into j
            elif j not in linked_new and i in linked and block.splits[a, b] and not parents[1][j]:
                key = (1, j)  # a new leftover, split from i
            else:
                continue
            # The bonuses lower the bar; which section the leftover's content went to, the
            # text decides.
            # Of equally good partners, the earliest in its document: the same pick read from
            # either side.
            partner = j if key[0] == 0 else i
            value = (float(block.evidence[a, b]), -partner)
            if key not in best or value > best[key][0]:
                best[key] = (value, i, j)
    return sorted((i, j) for _, i, j in best.values())


def _sibling_related(
    old: Sequence[Node],
    new: Sequence[Node],
    pairs: Sequence[tuple[int, int]],
    taken: Sequence[tuple[int, int]],
    known: set[str],
    features: _Features,
    options: AlignOptions,
) -> list[Related]:
    """Splits and merges among corresponding children, for the nodes ``known`` does not
    name yet.

    A leftover whose best eligible sibling is linked to another node is split from (merged
    into) that sibling. Where a linked section has children and its partner none, the
    partner states in its own text what the children held: its leftover children are merged
    into (split from) it. Either way the leftover must have a body, and at least
    ``related_containment`` of its weighted text must be found in its partner.
    """
    linked = dict(pairs)
    linked_new = {j for _, j in pairs}
    found: list[tuple[Literal["split_from", "merged_into"], int, int]] = [
        ("split_from" if i in linked else "merged_into", i, j) for i, j in taken
    ]
    old_groups, new_groups = _members(_parents(old)), _members(_parents(new))
    for p, q in sorted(linked.items()):
        if old_groups.get(p) and not new_groups.get(q) and _holds_children(features, p, q):
            found += [("merged_into", i, q) for i in old_groups[p] if i not in linked]
        elif new_groups.get(q) and not old_groups.get(p) and _holds_children(features, p, q):
            found += [("split_from", p, j) for j in new_groups[q] if j not in linked_new]
    result: list[Related] = []
    linked_back = {j: i for i, j in pairs}
    by_sibling = set(taken)
    for kind, i, j in found:
        node = old[i] if kind == "merged_into" else new[j]
        lone = node.path
        # A bare heading names a section; without a body it holds nothing to carve or merge.
        if lone in known or not node.text.strip():
            continue
        if (i, j) in by_sibling and not _carved(features, i, j, linked, linked_back):
            continue
        share = _share(features, i, j, lone_old=kind == "merged_into")
        if share < options.related_containment:
            continue
        known.add(lone)
        result.append(Related(kind, old[i].path, new[j].path, round(share, 4)))
    return result


def _row(matrix: Matrix, k: int) -> NDArray[np.float64]:
    """Row ``k`` of a features matrix as a dense vector (the same from a dense or a sparse
    matrix, so that both give the same answers)."""
    return _array(matrix[k : k + 1]).ravel()


def _carved(
    features: _Features,
    i: int,
    j: int,
    linked: dict[int, int],
    linked_back: dict[int, int],
) -> bool:
    """Whether the leftover of the pair ``(old i, new j)`` explains some of its linked
    sibling that the sibling's own partner does not.

    What is carved out of a section is what its successor lacks: a new node is split from an
    old one only if the old one is more like what it became and the new node together than
    like what it became alone (a merge likewise). A section that went on unchanged has had
    nothing carved out of it.
    """
    n = features.n_old
    if i in linked:  # a new leftover j split from old i, which became linked[i]
        lone, source, successor = n + j, i, n + linked[i]
    else:  # an old leftover i merged into new j, which continues linked_back[j]
        lone, source, successor = i, n + j, linked_back[j]
    source_row, alone = (_row(features.own, k) * features.idf for k in (source, successor))
    whole = alone + _row(features.own, lone) * features.idf

    def cosine(a: NDArray[np.float64]) -> float:
        norm = float(np.linalg.norm(a)) * float(np.linalg.norm(source_row))
        return float(a @ source_row) / norm if norm else 0.0

    return cosine(whole) > cosine(alone)


def _holds_children(features: _Features, i: int, j: int) -> bool:
    """Whether, of the linked old ``i`` and new ``j``, one of which has children, the other's
    own text is closer to the whole section (children included) than to its own text alone:
    then the children's content is in it, not dropped beside it."""
    n = features.n_old
    own_old, own_new = _row(features.own_tfidf, i), _row(features.own_tfidf, n + j)
    tree_old, tree_new = _row(features.tree_tfidf, i), _row(features.tree_tfidf, n + j)
    alone = float(own_old @ own_new)
    return max(float(tree_old @ own_new), float(own_old @ tree_new)) > alone


def _share(features: _Features, i: int, j: int, *, lone_old: bool) -> float:
    """The share of the lone node's weighted text (old ``i`` or new ``j``) that the other
    holds too."""
    n = features.n_old
    lone, home = (i, n + j) if lone_old else (n + j, i)
    total = float(features.own_weight[lone])
    if total <= 0:
        return 0.0
    overlap = np.minimum(_row(features.own, lone), _row(features.own, home)) @ features.idf
    return float(overlap) / total
