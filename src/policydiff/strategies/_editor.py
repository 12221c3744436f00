"""Editing documents: edit scripts drawn from a plan, applied to a copy of a document's tree."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

import attrs

from ._builder import (
    _MAGNITUDE,
    _QUALIFIED_END,
    KINDS,
    _Builder,
    _depth,
    _Draft,
    _Item,
    _pick,
    _problem,
    _render,
    _Sentence,
    _Shape,
    _Source,
)
from ._vocabulary import AGENCIES


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
        if draft.style in ("headings", "decimal", "statute", "bill"):
            # Nothing to renumber but by a new first section (a heading in a press release):
            # these styles number their sections one way only.
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
                words = self.builder.words
                qualifiers = ["", *words.before, *words.after]
                written = _pick(self.source, qualifiers)
                fact.before = written if written in words.before else ""
                fact.after = written if written in words.after else ""
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


def _swap_synonym(text: str, source: _Source, synonyms: tuple[tuple[str, str], ...]) -> str | None:
    found = [(a, b) for a, b in synonyms if a in text] + [(b, a) for a, b in synonyms if b in text]
    if not found:
        return None
    old, new = _pick(source, found)
    return text.replace(old, new, 1)


def _light_change(item: _Item, builder: _Builder) -> bool:
    """One small rewording a later year makes: a synonym, an adverb, a clause added or cut."""
    source = builder.source
    adverbs = builder.words.adverbs
    plain = [s for s in item.sentences if s.fact is None]
    way = source.integer(0, 3)
    if way == 0:
        spots: list[tuple[_Sentence | None, int]] = [(None, 0)] if item.heading else []
        spots += [(s, k) for s in plain for k in range(len(s.clauses))]
        if spots:
            sentence, k = _pick(source, spots)
            text = item.heading if sentence is None else sentence.clauses[k]
            swapped = _swap_synonym(text, source, builder.words.synonyms)
            if swapped is not None:
                if sentence is None:
                    item.heading = swapped
                else:
                    sentence.clauses[k] = swapped
                return True
        way = 1
    if way == 1:
        spots = [(s, k) for s in plain for k in range(len(s.clauses))]
        spots = [(s, k) for s, k in spots if s is not None and not s.clauses[k].startswith(adverbs)]
        if spots:
            sentence, k = _pick(source, spots)
            assert sentence is not None
            sentence.clauses[k] = _pick(source, adverbs) + sentence.clauses[k]
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
    adverbs = builder.words.adverbs
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
            item.heading = _swap_synonym(item.heading, source, builder.words.synonyms) or (
                _reworded_heading(_pick(source, adverbs), item.heading)
                if not item.heading.startswith(("关于", *adverbs, "Further", "FURTHER"))
                else item.heading
            )
    if source.chance(0.5) or not plain:
        item.sentences.append(_Sentence(builder.clauses()))


def _reworded_heading(adverb: str, heading: str) -> str:
    """A heading with an adverb before it, in the heading's own case (``FURTHER …`` over an
    English article, ``Further …`` in title case, ``进一步…`` in Chinese)."""
    if not adverb.isascii():
        return adverb + heading
    word = "Further "
    return word.upper() + heading if heading.isupper() else word + heading
