"""Numbers: the quantities of two documents paired by what they measure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import _kernels as kernels
from .._text import written_magnitude
from ..extract import GENERIC_SUBJECTS
from ..model import Alignment, DiffOptions, Document, NumberChange, Quantity, QuantityRef

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["pair_numbers", "subject_key"]


_AGGREGATE = re.compile(r"(?:总水平|水平|规模|数量|总数|人数|总额|总量)$")


def subject_key(subject: str) -> str:
    """A subject as it is compared: without 总 and a closing word of aggregate (总水平, 规模,
    人数, 总额) that does not change what is measured.

    >>> subject_key("居民消费价格总水平"), subject_key("粮食总产量")
    ('居民消费价格', '粮食产量')
    """
    return _AGGREGATE.sub("", subject).replace("总", "") or subject


def _metric_similarity(
    old: Sequence[str], new: Sequence[str], options: DiffOptions
) -> NDArray[np.float64]:
    """Similarity of every old subject to every new one, compared by :func:`subject_key`:
    rapidfuzz ratio, or ``partial_metric_weight`` when the shorter (of at least
    ``partial_metric_length`` characters) ends the longer — the same head noun with more
    modifiers (``财政赤字`` in ``全国财政赤字``). A shorter one inside the longer but not at its
    end is another measure (``国内生产总值`` in ``单位国内生产总值能耗``): 0."""
    from rapidfuzz import fuzz, process

    if not old or not new:
        return np.zeros((len(old), len(new)))
    old_keys, new_keys = [subject_key(m) for m in old], [subject_key(m) for m in new]
    threads = kernels.workers_for(len(old), len(new))
    score = (
        process.cdist(old_keys, new_keys, scorer=fuzz.ratio, dtype=np.float64, workers=threads)
        / 100.0
    )
    # A subject inside another, not at its end, is a modifier of another head noun: another
    # measure (国内生产总值 in 单位国内生产总值能耗), however alike the two read.
    inside = process.cdist(
        old_keys, new_keys, scorer=fuzz.partial_ratio, dtype=np.float64, workers=threads
    )
    for i, j in zip(*np.nonzero(inside >= 100.0), strict=True):
        a, b = old_keys[i], new_keys[j]
        short, long = (a, b) if len(a) <= len(b) else (b, a)
        if short != long and short in long and not long.endswith(short):
            score[i, j] = 0.0
    length, weight = options.partial_metric_length, options.partial_metric_weight
    # One look-up a suffix: which keys of each side end with it.
    old_ends, new_ends = _suffixes(old_keys, length), _suffixes(new_keys, length)
    for i, a in enumerate(old_keys):
        for j in new_ends.get(a, ()):
            score[i, j] = max(score[i, j], weight)
    for j, b in enumerate(new_keys):
        for i in old_ends.get(b, ()):
            score[i, j] = max(score[i, j], weight)
    empty = np.array([not m for m in old])[:, None] | np.array([not m for m in new])[None, :]
    result: NDArray[np.float64] = np.where(empty, 0.0, score)
    return result


#: Subjects longer than this are not looked for at the end of others (a table's long label).
_LONGEST_SUFFIX = 40


def _suffixes(keys: Sequence[str], length: int) -> dict[str, list[int]]:
    """The keys (by index) each string of ``length`` to ``_LONGEST_SUFFIX`` characters ends."""
    ends: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        for start in range(max(0, len(key) - _LONGEST_SUFFIX), len(key) - length + 1):
            ends.setdefault(key[start:], []).append(k)
    return ends


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
    options: DiffOptions | None = None,
) -> tuple[NumberChange, ...]:
    """Pair the quantities of two documents that measure the same thing.

    Candidates have the same unit class (percent, money, or the same counting unit) and the
    same kind (actual or target), and either sit in linked nodes (a node and its counterpart,
    its split/merge partner, or their descendants, with linked nodes themselves preferred)
    with metrics at least ``metric_threshold`` similar, or share a metric that each document names
    exactly once. A global assignment keeps the best pairs; every other quantity is
    ``added`` or ``dropped``. ``options`` is a :class:`~policydiff.model.DiffOptions`.
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
    chosen = options if options is not None else DiffOptions()
    threshold = chosen.metric_threshold
    old_subjects = sorted({q.subject for _, q in old_q})
    new_subjects = sorted({q.subject for _, q in new_q})
    subject_score = _metric_similarity(old_subjects, new_subjects, chosen)
    old_at = {m: k for k, m in enumerate(old_subjects)}
    new_at = {m: k for k, m in enumerate(new_subjects)}
    # A subject named once in each document with the same identity is the same measurement
    # wherever the sections holding it went (a target moved to another section).
    old_count: dict[tuple[str, ...], int] = {}
    new_count: dict[tuple[str, ...], int] = {}
    for _, q in old_q:
        old_count[_identity(q)] = old_count.get(_identity(q), 0) + 1
    for _, q in new_q:
        new_count[_identity(q)] = new_count.get(_identity(q), 0) + 1
    # The quantities under each new node (its own and its descendants').
    under: dict[str, list[int]] = {}
    for j, (path_new, _) in enumerate(new_q):
        for ancestor in _ancestors(path_new):
            under.setdefault(ancestor, []).append(j)
    # Identities (all but the subject) as integer codes, for array comparisons.
    codes: dict[tuple[str, ...], int] = {}
    new_code = np.array([codes.setdefault(_identity(q)[1:], len(codes)) for _, q in new_q])
    new_subject = np.array([new_at[q.subject] for _, q in new_q], dtype=np.int64)
    new_generic = np.array([_generic(q) for _, q in new_q], dtype=bool)
    new_metric = np.array([q.metric for _, q in new_q], dtype=object)
    new_by_key = {_identity(q): j for j, (_, q) in enumerate(new_q)}
    scores = np.zeros((len(old_q), len(new_q)))
    for i, (path_old, qo) in enumerate(old_q):
        near: set[str] = set()
        for ancestor in _ancestors(path_old):
            near |= partners.get(ancestor, set())
        ident, generic = _identity(qo), _generic(qo)
        code = codes.get(ident[1:], -1)
        linked = np.array(sorted({j for b in near for j in under.get(b, ())}), dtype=np.int64)
        linked = linked[(new_code[linked] == code) & (new_generic[linked] == generic)]
        if generic:
            # a bare noun or verb (投资, 安排) names no measure: one project's investment is not
            # another's. Only the very same words and value in linked sections pair (a figure
            # repeated), never a likeness nor a position.
            equal = np.array(
                [new_q[j][1].low == qo.low and new_q[j][1].high == qo.high for j in linked],
                dtype=bool,
            )
            linked = linked[(new_metric[linked] == qo.metric) & equal] if qo.metric else linked[:0]
            similarity = np.ones(len(linked))
        else:
            similarity = subject_score[old_at[qo.subject], new_subject[linked]]
        keep = similarity >= threshold
        for j, value in zip(linked[keep], similarity[keep], strict=True):
            weight = 1.0 if (path_old, new_q[j][0]) in direct else chosen.indirect_weight
            scores[i, j] = float(value) * weight
        if generic:
            continue
        if old_count[ident] == 1 and new_count.get(ident) == 1:
            j = new_by_key[ident]
            scores[i, j] = max(scores[i, j], chosen.unique_metric_score)
        # Anywhere in the other document, a figure of the same identity whose subject reads
        # (nearly) the same: sections are regrouped from year to year.
        row = subject_score[old_at[qo.subject]][new_subject]
        anywhere = (row >= chosen.unlinked_similarity) & (new_code == code) & ~new_generic
        for k in np.flatnonzero(anywhere):
            scores[i, k] = max(scores[i, k], float(row[k]) * chosen.unlinked_weight)
    # Of equally good pairs, the one at the nearer relative position: a figure a report states
    # twice (in its summary and in its review) pairs with the counterpart's place.
    if scores.size:
        where_old = np.array([q.span[0] for _, q in old_q], dtype=np.float64)
        where_new = np.array([q.span[0] for _, q in new_q], dtype=np.float64)
        spread_old = (where_old / max(1.0, len(old.text)))[:, None]
        spread_new = (where_new / max(1.0, len(new.text)))[None, :]
        scores = np.where(scores > 0, scores - 1e-6 * np.abs(spread_old - spread_new), 0.0)
    pairs = kernels.assign(scores)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    checked = _check_stated_changes(old_q, new_q, pairs)
    phrase_counts = _in_digits(old_q) and _in_digits(new_q)
    changes: list[tuple[tuple[int, int], NumberChange]] = []
    for i, j in pairs:
        (path_old, qo), (path_new, qn) = old_q[i], new_q[j]
        same = qo.low == qn.low and qo.high == qn.high
        delta = _mid(qn) - _mid(qo)
        # a rate changes in percentage points: its relative change would read as a rate
        rate = kernels.unit_class(qn.unit) == "percent"
        relative = round(delta / _mid(qo), 4) if _mid(qo) and not rate else None
        confidence = round(float(min(1.0, scores[i, j])), 4)
        if phrase_counts and _in_words(qo) and _in_words(qn):
            # Documents that state their figures in digits write a count in Chinese numerals
            # only inside a set phrase (两个市场, 八项主张, 四项措施; GB/T 15835): not a figure
            # to headline. (A law writes every number so: there it is a figure like any.)
            confidence = min(confidence, _PHRASE_CONFIDENCE)
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
                    confidence=confidence,
                    headline=confidence >= chosen.headline_confidence,
                    notes=_notes(qo, qn) + checked.get(j, ()),
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


def _identity(q: Quantity) -> tuple[str, ...]:
    """What two quantities must share to be paired, the subject first: kind, unit, measure,
    period, scope."""
    return (q.subject, q.kind, kernels.unit_key(q.unit), q.measure, q.period, q.scope)


def _generic(q: Quantity) -> bool:
    """Whether a quantity's subject names no measure of its own (empty, or a bare noun)."""
    return not q.subject or q.subject in GENERIC_SUBJECTS


_QUALIFIER_WORDS = {
    "approx": "approximately",
    "nearly": "nearly",
    "over": "over",
    "at_least": "at least",
    "under": "under",
    "at_most": "at most",
}


def _notes(old: Quantity, new: Quantity) -> tuple[str, ...]:
    """What a reader should know beside the values: a qualifier that changed (a floor that
    became an approximation), a metric worded differently."""
    notes = []
    # 累计 says what is counted (the period), not how exact the figure is
    before, after = (q.qualifier if q.qualifier != "cumulative" else None for q in (old, new))
    if before != after:
        words = (_QUALIFIER_WORDS.get(q or "", "exact") for q in (before, after))
        notes.append("qualifier: {} → {}".format(*words))
    return tuple(notes)


_DECREASE = re.compile(r"(?:减少|降低|削减|下降|减产|压减|压缩|缩小|核减|调减|少)了?$")


def _check_stated_changes(
    old_q: Sequence[tuple[str, Quantity]],
    new_q: Sequence[tuple[str, Quantity]],
    pairs: Sequence[tuple[int, int]],
) -> dict[int, tuple[str, ...]]:
    """Notes for paired levels whose change the new document also states, where the three
    disagree: 今年拟安排财政赤字13500亿元,比上年增加1500亿元 against last year's 12000亿元.

    A stated change modifies the level just before it in the same node, of the same unit and
    subject (or of no subject of its own); its sign is its verb's (增加 +, 减少 −).
    """
    old_of = {j: i for i, j in pairs}
    notes: dict[int, tuple[str, ...]] = {}
    for c, (path, change) in enumerate(new_q):
        if change.kind != "change" or kernels.unit_class(change.unit) == "percent":
            continue
        level = next(
            (
                k
                for k in range(c - 1, -1, -1)
                if new_q[k][0] == path
                and new_q[k][1].kind != "change"
                and kernels.unit_key(new_q[k][1].unit) == kernels.unit_key(change.unit)
                and (not change.subject or change.subject == new_q[k][1].subject)
            ),
            None,
        )
        if level is None or level not in old_of:
            continue
        stated = _mid(change) * (-1 if _DECREASE.search(change.metric) else 1)
        found = _mid(new_q[level][1]) - _mid(old_q[old_of[level]][1])
        if abs(found - stated) > 0.01 * max(abs(stated), abs(found)):
            word, factor = written_magnitude(change.text)
            notes[level] = (
                f"the new text states a change of {stated / factor:+g}{word}{change.unit}, "
                f"the two values differ by {found / factor:+g}{word}{change.unit}",
            )
    return notes


#: The confidence of a pair of counts written in Chinese numerals in documents that write their
#: figures in digits: below any sensible headline threshold.
_PHRASE_CONFIDENCE = 0.5
_DIGIT = re.compile(r"[0-9]")


def _in_words(q: Quantity) -> bool:
    """Whether a figure is written without a digit (``两个``, ``八项``, ``三分之一``)."""
    return _DIGIT.search(q.text) is None


def _in_digits(quantities: Sequence[tuple[str, Quantity]]) -> bool:
    """Whether a document writes most of its figures in digits (a report, not a law)."""
    written = sum(1 for _, q in quantities if not _in_words(q))
    return written > len(quantities) / 2
