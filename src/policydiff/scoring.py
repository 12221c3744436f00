"""Scoring an aligner against the truth of a generated pair (no Hypothesis needed).

- :class:`Truth` — what an aligner should find for a pair, by path: links, moves, splits and
  merges, added and dropped nodes, number pairs.
- :func:`check_alignment` — score links (and splits, merges and number pairs) against a
  Truth: an :class:`AlignmentScore`, whose counts add up over many pairs.

:mod:`policydiff.strategies` generates pairs with their Truth (it needs Hypothesis); this
module only scores, so a benchmark or another project's test can score without it.
Definitions are SPEC §4's.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from .model import Alignment, Link, NumberChange, Related

__all__ = ["AlignmentScore", "LinkLike", "NumberPair", "RelatedLike", "Truth", "check_alignment"]


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
