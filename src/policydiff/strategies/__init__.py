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
- :func:`~policydiff.scoring.check_alignment` — score an aligner's links (and its splits,
  merges and number pairs) against a :class:`~policydiff.scoring.Truth` (in
  :mod:`policydiff.scoring`, which needs no Hypothesis; re-exported here).
- :data:`ENGLISH_STYLES` — English documents in four numbering styles (contract, decimal,
  United Kingdom statute, United States bill), written the same way.
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
>>> d = policydiff.diff(policydiff.parse(old), policydiff.parse(new))
>>> from policydiff.scoring import check_alignment
>>> score = check_alignment(truth, d.alignment, numbers=d.numbers)
>>> score.f1 > 0.9, score.spurious
(True, 0.0)

With Hypothesis, in a test of your own aligner::

    from hypothesis import given
    from policydiff.scoring import check_alignment
    from policydiff.strategies import document_pairs

    @given(document_pairs(plan="move-heavy"))
    def test_my_aligner_finds_moves(pair):
        old, new, truth = pair
        score = check_alignment(truth, my_align(old, new))
        assert score.move_recall >= 0.9, score.errors
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence

from hypothesis import strategies as st

from ..scoring import AlignmentScore, NumberPair, Truth, _moves, check_alignment
from ._builder import (
    ENGLISH,
    KINDS,
    STYLES,
    Style,
    _Builder,
    _Draft,
    _Drawn,
    _pick,
    _render,
    _Rendered,
    _Seeded,
    _Shape,
    _Source,
)
from ._editor import PLANS, EditOp, Plan, _draw_ops, _Editor

#: English document styles: ``contract`` (``ARTICLE I`` / ``Section 1.1`` / ``(a)``),
#: ``decimal`` (``1.`` / ``1.1`` / ``1.1.1``), ``statute`` (a United Kingdom Act: ``1`` /
#: ``(1)`` / ``(a)``) and ``bill`` (a United States bill: ``SEC. 2.`` / ``(a)`` / ``(1)``).
#: Give them as ``styles`` to :func:`documents`, :func:`document_pairs` or :func:`random_pair`.
ENGLISH_STYLES = ENGLISH

__all__ = [
    "ENGLISH_STYLES",
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
    unknown = [s for s in styles if s not in STYLES and s not in ENGLISH]
    if unknown or not styles:
        raise ValueError(
            f"unknown document styles {unknown or styles!r}; choose from {STYLES + ENGLISH}"
        )
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
