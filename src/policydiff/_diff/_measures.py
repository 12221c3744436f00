"""Measures: the sentence-level changes between two linked nodes."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np

from .. import _kernels as kernels
from ..model import DiffOptions, Edit, MeasureChange, Node, SentenceRef
from ._inline import inline

__all__ = ["pair_measures"]

_DEFAULTS = DiffOptions()


def _sentences(node: Node) -> list[str]:
    sentences = list(node.sentences)
    return [node.heading, *sentences] if node.heading else sentences


def pair_measures(
    old: Node,
    new: Node,
    *,
    threshold: float = _DEFAULTS.sentence_threshold,
    merge_gap: int = _DEFAULTS.merge_gap,
) -> tuple[MeasureChange, ...]:
    """Sentence-level changes between two linked nodes (the heading counts as a sentence).

    Equal sentences are matched in order first (difflib over the sentence lists); within each
    run of differing sentences the pairs of highest similarity at or over ``threshold`` are
    ``changed`` (with inline edits, :func:`~policydiff._diff._inline.inline` with
    ``merge_gap``), the rest ``added`` or ``dropped``. The defaults are those of
    :class:`~policydiff.model.DiffOptions`.
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
                inline(text_old, text_new, merge_gap=merge_gap),
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

    threads = kernels.workers_for(len(a), len(b))
    scores = process.cdist(a, b, scorer=fuzz.ratio, dtype=np.float64, workers=threads) / 100.0
    return kernels.assign(np.where(scores >= threshold, scores, 0.0))


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
