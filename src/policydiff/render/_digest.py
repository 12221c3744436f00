"""The digest that opens every changelog: what an analyst would say first, computed once.

:func:`digest` reads a :class:`~policydiff.model.PolicyDiff` and says, in records every format
renders the same way:

- the headline figures (the confident pairs that changed);
- the policy signals (:class:`Signal`): new and dropped sections and commitments, targets
  raised or lowered and tightened or loosened (a floor that became an approximation), new and
  dropped cited documents and lead agencies, and the phrases one year uses and the other never
  does, ranked by how rare and how prominent they are;
- the global renames (:class:`Rename`): a wording replaced everywhere it stood
  (``低收入困难家庭 → 最低生活保障边缘家庭``, 13 places), said once instead of sentence by
  sentence; :func:`rename_only` tells a renderer which changed sentences they explain;
- a summary paragraph of the above.

Nothing here reads a clock or a file: the same diff gives the same digest. The rankings use
only the two documents (no outside word list): a sentence is *novel* by the share of its
character 4-grams the other document never writes, a phrase *rare* by its length and absence
from the other year, *prominent* by how often it recurs and whether a heading states it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs

from ..model import MeasureChange, NameChange, NumberChange, PolicyDiff
from ._renames import Rename, rename_only
from ._renames import renames as find_renames
from ._words import (
    Rarity,
    common_parts,
    maximal,
    novelty,
    overlap,
    repeated,
    salience,
    trimmed_in,
)

__all__ = [
    "COMMITMENT_WORDS",
    "Digest",
    "Rename",
    "Signal",
    "SignalChange",
    "SignalKind",
    "digest",
    "is_minor",
    "novelty",
    "rename_only",
    "salience",
]

SignalKind = Literal["section", "commitment", "target", "citation", "agency", "phrase"]
SignalChange = Literal["added", "dropped", "raised", "lowered", "tightened", "loosened"]

#: Words that make a sentence a commitment (something the government says it will do, keep
#: doing or require): a sentence without any of them is description, not a measure.
# fmt: off
COMMITMENT_WORDS = (
    "要", "将", "力争", "确保", "必须", "应当", "继续", "进一步", "持续", "着力", "坚持", "推动",
    "推进", "加快", "加强", "加大", "完善", "健全", "实施", "落实", "深化", "支持", "鼓励", "扩大",
    "建立", "强化", "优化", "促进", "引导", "规范",
)
# fmt: on
# 主要, 重要, 需要, 必要 and 将近 are not commitments.
_COMMITMENT = re.compile(
    "|".join(
        w if w not in ("要", "将") else f"(?<![主重需必纲摘概]){w}(?!近)" for w in COMMITMENT_WORDS
    )
)
#: How many signals of one kind and change the digest lists (the rest are counted).
PER_GROUP = 5
#: How many changed headline figures the digest lists at most; of a table's cells (listed,
#: all of them, under Tables) only the :data:`TABLE_FIGURES` that changed most, which in a
#: budget are its totals. A department budget changes hundreds of cells a year.
FIGURES = 20
TABLE_FIGURES = 5
#: Groups that list fewer: the targets only one year sets are many and mostly small, and the
#: new and dropped commitments of a rewritten report many and each long.
GROUP_LIMITS = {
    ("target", "added"): 3,
    ("target", "dropped"): 3,
    ("commitment", "added"): 3,
    ("commitment", "dropped"): 3,
}
#: A sentence is novel when at least this share of its 4-grams is absent from the other year.
NOVEL = 0.6
#: A changed sentence is a minor rewording when at most this share of its characters changed
#: and no figure did.
MINOR_SHARE = 0.15

_DIGIT = re.compile(r"[0-9０-９]")  # 一老一小, 十四五 are words; 2035 is a figure
#: A heading that ends in an exclamation mark addresses the audience (各位代表!), it names no
#: topic: the section is said by its first sentence instead.
_ADDRESS = re.compile(r"[!！]$")
_QUOTED = re.compile(r"“([^“”\n]{2,16})”")

# Qualifiers that bind (a floor, a ceiling, an exact value) and those that only approximate:
# a target moving from the first to the second is loosened, the other way tightened.
_LOOSE = frozenset({"approx", "nearly"})


@attrs.frozen
class Signal:
    """One thing an analyst would point at, with where it stands.

    ``kind`` says what it is (``section``, ``commitment``, ``target``, ``citation``,
    ``agency``, ``phrase``); ``changes`` what happened to it (``added``, ``dropped``,
    ``raised``, ``lowered``, ``tightened``, ``loosened``; a target may be lowered and
    loosened at once); ``text`` the words; ``old``/``new`` the node paths on each side
    (``None`` on a side that does not state it); ``detail`` the values of a target
    (``6%以上 → 5.5%左右``) or a phrase's count, as a changelog says them; ``score`` the rank
    inside its group. The same as data: ``old_value``/``new_value`` a target's figures as
    written on each side (``None`` where that side sets none), ``count`` a phrase's
    occurrences or a section's new or dropped parts (``None`` for the other kinds).
    """

    kind: SignalKind
    changes: tuple[SignalChange, ...]
    text: str
    old: str | None = None
    new: str | None = None
    detail: str = ""
    score: float = 0.0
    old_value: str | None = None
    new_value: str | None = None
    count: int | None = None


@attrs.frozen
class Digest:
    """What opens a changelog: a summary, the headline figures, the signals, the renames.

    ``figures`` are the changed headline figures it lists (:data:`FIGURES` at most: those of
    the text in document order, then the table cells that changed most), of ``changed`` in
    all. ``more`` counts the signals of each ``(kind, change)`` group left out of ``signals``
    (each group lists at most :data:`PER_GROUP`); ``rename_pairs`` the raw replaced wordings
    the renames explain, for :func:`rename_only`; ``weights`` each sentence change's weight
    (see :meth:`weight`).
    """

    summary: str
    figures: tuple[NumberChange, ...]
    signals: tuple[Signal, ...]
    renames: tuple[Rename, ...]
    more: tuple[tuple[SignalKind, SignalChange, int], ...] = ()
    rename_pairs: frozenset[tuple[str, str]] = frozenset()
    weights: Mapping[tuple[str, int, str, int], float] = attrs.field(factory=dict, repr=False)
    changed: int = 0

    def weight(self, m: MeasureChange) -> float:
        """How much a sentence change says (:func:`salience` of its new or old words); the
        changelogs show the weightiest sentences of a section first when they must choose."""
        return self.weights.get(_key(m), 0.0)

    def group(self, kind: SignalKind, change: SignalChange) -> tuple[Signal, ...]:
        """The signals of one kind whose first change is ``change``, in rank order."""
        return tuple(s for s in self.signals if s.kind == kind and s.changes[0] == change)

    def left_out(self, kind: SignalKind, change: SignalChange) -> int:
        """How many signals of the group the digest did not list."""
        return next((n for k, c, n in self.more if (k, c) == (kind, change)), 0)


def is_minor(m: MeasureChange) -> bool:
    """Whether a changed sentence is a near-verbatim rewording: few characters changed and
    no figure among them.

    >>> from policydiff.model import Edit, MeasureChange, SentenceRef
    >>> same = "加强基层医疗卫生服务体系建设工作。"
    >>> m = MeasureChange("changed", SentenceRef("1", 0, "进一步" + same),
    ...     SentenceRef("1", 0, "持续" + same),
    ...     (Edit("replace", "进一步", "持续"), Edit("equal", same, same)))
    >>> is_minor(m)
    True
    """
    if m.change != "changed" or m.old is None or m.new is None:
        return False
    edits = [e for e in m.inline if e.op != "equal"]
    changed = sum(len(e.old) + len(e.new) for e in edits)
    total = len(m.old.text) + len(m.new.text)
    if any(re.search(r"[0-9０-９]", e.old + e.new) for e in edits):
        return False
    return total > 0 and changed <= MINOR_SHARE * total


def _top(
    signals: Iterable[Signal],
) -> tuple[list[Signal], list[tuple[SignalKind, SignalChange, int]]]:
    """Each ``(kind, first change)`` group ranked by score and cut to :data:`PER_GROUP`."""
    groups: dict[tuple[SignalKind, SignalChange], list[Signal]] = {}
    for s in signals:
        groups.setdefault((s.kind, s.changes[0]), []).append(s)
    kept: list[Signal] = []
    more: list[tuple[SignalKind, SignalChange, int]] = []
    for (kind, change), group in groups.items():
        group.sort(key=lambda s: -s.score)  # stable: document order breaks ties
        limit = GROUP_LIMITS.get((kind, change), PER_GROUP)
        kept += group[:limit]
        if len(group) > limit:
            more.append((kind, change, len(group) - limit))
    return kept, more


def _first_sentence(text: str) -> str:
    """The first sentence of a text that is not an address to the audience (各位代表!)."""
    sentences: list[str] = [
        m.strip() for m in re.findall(r"[^。;；!！?？\n]*[。;；!！?？]?", text) if m.strip()
    ]
    said = [x for x in sentences if not _ADDRESS.search(x)]
    return (said or sentences or [text.strip()])[0]


def _sections(d: PolicyDiff) -> list[Signal]:
    """New and dropped nodes that open a topic: a top-level lone node, not split from or
    merged into a node of the other year, ranked by how new its words are and how much it
    holds."""
    lone = {
        (n.change, n.new if n.change == "added" else n.old): n
        for n in d.nodes
        if n.change in ("added", "dropped")
    }
    out: list[Signal] = []
    for (change, path), n in lone.items():
        if path is None or n.related:
            continue
        if (change, path.rpartition(".")[0]) in lone:
            continue  # said by its parent
        added = change == "added"
        heading = n.new_heading if added else n.old_heading
        text = n.new_text if added else n.old_text
        other = d.old.text if added else d.new.text
        below = sum(1 for c, p in lone if c == change and p and p.startswith(path + "."))
        score = novelty(heading + text, other) + math.log1p(below)
        out.append(
            Signal(
                "section",
                ("added" if added else "dropped",),
                heading if heading and not _ADDRESS.search(heading) else _first_sentence(text),
                old=None if added else path,
                new=path if added else None,
                detail=f"{below} parts" if below else "",
                score=score,
                count=below or None,
            )
        )
    return out


def _key(m: MeasureChange) -> tuple[str, int, str, int]:
    return (
        m.old.node if m.old else "",
        m.old.index if m.old else -1,
        m.new.node if m.new else "",
        m.new.index if m.new else -1,
    )


def _weights(d: PolicyDiff, rarity: Rarity) -> dict[tuple[str, int, str, int], float]:
    """Each sentence change's weight: for a new or dropped sentence its :func:`salience`
    against the other year; for a changed one the salience of the words it gained or lost."""
    out: dict[tuple[str, int, str, int], float] = {}
    for m in d.measures:
        if m.change == "added" and m.new:
            out[_key(m)] = salience(m.new.text, d.old.text, rarity)
        elif m.change == "dropped" and m.old:
            out[_key(m)] = salience(m.old.text, d.new.text, rarity)
        elif m.change == "changed":
            gained = "".join(e.new for e in m.inline if e.op != "equal")
            lost = "".join(e.old for e in m.inline if e.op != "equal")
            out[_key(m)] = rarity(gained + lost) * math.log1p(len(gained) + len(lost))
    return out


def _commitments(d: PolicyDiff, weights: dict[tuple[str, int, str, int], float]) -> list[Signal]:
    """New and dropped sentences that commit to something, ranked by how new their words are
    to the other year (a reworded old commitment is not a new one): their :func:`salience`,
    which ``weights`` holds (:func:`_weights`)."""
    out: list[Signal] = []
    headings = {(n.old, n.old_heading) for n in d.nodes} | {(n.new, n.new_heading) for n in d.nodes}
    for m in d.measures:
        if m.change not in ("added", "dropped"):
            continue
        ref = m.new if m.change == "added" else m.old
        if ref is None or not _COMMITMENT.search(ref.text) or (ref.node, ref.text) in headings:
            continue  # a heading is said with its section
        other = d.old.text if m.change == "added" else d.new.text
        if novelty(ref.text, other) < NOVEL:
            continue
        score = weights[_key(m)]
        out.append(
            Signal(
                "commitment",
                ("added",) if m.change == "added" else ("dropped",),
                ref.text,
                old=ref.node if m.change == "dropped" else None,
                new=ref.node if m.change == "added" else None,
                score=score,
            )
        )
    return out


def _binding(q: str | None) -> bool:
    return q not in _LOOSE


def _targets(d: PolicyDiff) -> list[Signal]:
    """Targets both years set for the same measure: raised or lowered, tightened or
    loosened (a binding qualifier — a floor, a ceiling, an exact value — given up for an
    approximation, or the reverse)."""
    out: list[Signal] = []
    for c in d.numbers:
        if not (c.old and c.new and c.headline) or "target" not in (
            c.old.quantity.kind,
            c.new.quantity.kind,
        ):
            continue
        changes: list[SignalChange] = []
        if c.change == "changed" and c.delta:
            changes.append("raised" if c.delta > 0 else "lowered")
        before, after = _binding(c.old.quantity.qualifier), _binding(c.new.quantity.qualifier)
        if before != after:
            changes.append("tightened" if after else "loosened")
        if changes:
            out.append(
                Signal(
                    "target",
                    tuple(changes),
                    c.metric,
                    old=c.old.node,
                    new=c.new.node,
                    detail=f"{c.old.quantity.text} → {c.new.quantity.text}",
                    score=abs(c.relative or 0.0) + 1.0,
                    old_value=c.old.quantity.text,
                    new_value=c.new.quantity.text,
                )
            )
    return out


def _lone_targets(d: PolicyDiff) -> list[Signal]:
    """Targets only one year sets (a growth target the other year did not set): the year's
    own before a plan period's goals, rates first, named measures before bare ones, figures
    written in words (``两个``) left out."""
    out: list[Signal] = []
    for c in d.numbers:
        ref = c.new if c.change == "added" else c.old if c.change == "dropped" else None
        if (
            ref is None
            or ref.quantity.kind != "target"
            or not re.search(r"[0-9]", ref.quantity.text)
        ):
            continue
        rate = ref.quantity.unit in ("%", "个百分点", "百分点", "‰")
        # a named measure (国内生产总值增长) before a bare one (税率, 规模)
        score = (2.0 if rate else 1.0) + min(len(c.metric), 8) / 4
        if ref.quantity.period == "annual":
            score += 4.0  # (the year's targets, before the 2021–2025 plan's 城镇化率 65%)
        out.append(
            Signal(
                "target",
                ("added",) if c.change == "added" else ("dropped",),
                c.metric,
                old=ref.node if c.change == "dropped" else None,
                new=ref.node if c.change == "added" else None,
                detail=ref.quantity.text,
                score=score,
                old_value=ref.quantity.text if c.change == "dropped" else None,
                new_value=ref.quantity.text if c.change == "added" else None,
            )
        )
    return out


def _names(kind: Literal["citation", "agency"], changes: tuple[NameChange, ...]) -> list[Signal]:
    """Each cited document or lead agency one year names and the other does not, once."""
    out: dict[tuple[str, str], Signal] = {}
    for c in changes:
        key = (c.change, c.name)
        if key not in out:
            out[key] = Signal(kind, (c.change,), c.name, old=c.old, new=c.new, score=0.0)
    return list(out.values())


def _phrases(d: PolicyDiff, known: set[str], rarity: Rarity) -> list[Signal]:
    """Phrases one year uses and the other never writes, ranked by rarity and prominence.

    Candidates are the terms a document sets in quotation marks (“放管服”, “一老一小”) and
    the runs of characters it repeats, each grown to the longest run its places share; one
    counts when the other document never writes it and no cited document or rename says it
    already (``known``). Rarity is :class:`~policydiff.render._words.Rarity`; prominence its
    count, doubled when a heading states it.

    What only looks new is left out (see :mod:`._words`): a pairing of two words the other
    year writes all the time (:func:`common_parts`: ``继续做好``), the other year's phrase
    with a character or two around it (:func:`trimmed_in`: ``在疫情防控中``), and a phrase
    sharing three characters with a better-ranked one (:func:`overlap`: ``政管理体制`` after
    ``行政管理体制``). A term the document quotes is kept whatever its parts: quoting marks
    it as a term.
    """
    out: list[Signal] = []
    for change, doc, other in (("added", d.new, d.old), ("dropped", d.old, d.new)):
        start = len(out)
        headings = " ".join(node.heading for node in doc.walk())
        found = Counter(_QUOTED.findall(doc.text))
        for term in repeated(doc.text):
            grown = maximal(term, doc.text)
            found.setdefault(grown, doc.text.count(grown))
        quoted = set(_QUOTED.findall(doc.text))
        chosen: dict[str, int] = {}
        for term, count in sorted(found.items(), key=lambda t: (-len(t[0]), t[0])):
            if term in other.text or _DIGIT.search(term):
                continue
            if any(term in k or k in term for k in known):
                continue
            if any(term in longer and count <= n for longer, n in chosen.items()):
                continue  # part of a longer phrase that says the same
            if term not in quoted and (
                common_parts(term, other.text) or trimmed_in(term, other.text)
            ):
                continue
            chosen[term] = count
        ranked: list[Signal] = []
        texts = [(n.path, n.heading + n.text) for n in doc.walk()]
        for term, count in chosen.items():
            prominence = math.log1p(count) * (2 if term in headings else 1)
            node = next((path for path, text in texts if term in text), None)
            ranked.append(
                Signal(
                    "phrase",
                    ("added" if change == "added" else "dropped",),
                    term,
                    old=node if change == "dropped" else None,
                    new=node if change == "added" else None,
                    detail=f"×{count}",
                    score=rarity(term) * prominence,
                    count=count,
                )
            )
        ranked.sort(key=lambda s: -s.score)  # stable: document order breaks ties
        for signal in ranked:
            if not any(overlap(signal.text, kept.text) for kept in out[start:]):
                out.append(signal)
    return out


def _summary(
    d: PolicyDiff,
    figures: Sequence[NumberChange],
    signals: Sequence[Signal],
    renames: Sequence[Rename],
    more: Sequence[tuple[SignalKind, SignalChange, int]],
) -> str:
    """The digest in a few sentences of counts, the biggest news first."""

    def count(kind: SignalKind, change: SignalChange) -> int:
        listed = sum(1 for s in signals if s.kind == kind and s.changes[0] == change)
        return listed + next((n for k, c, n in more if (k, c) == (kind, change)), 0)

    parts: list[str] = []
    if figures:
        parts.append(f"{_n(len(figures), 'headline figure')} changed")
    targets = [
        s for s in signals if s.kind == "target" and s.changes[0] not in ("added", "dropped")
    ]
    moves = Counter(change for s in targets for change in s.changes)
    if targets:
        said = ", ".join(f"{n} {change}" for change, n in sorted(moves.items()))
        parts.append(f"{_n(len(targets), 'target')} moved ({said})")
    lists: tuple[tuple[SignalKind, str], ...] = (
        ("section", "sections"),
        ("commitment", "commitments"),
    )
    names: tuple[tuple[SignalKind, str], ...] = (
        ("citation", "cited documents"),
        ("agency", "lead agencies"),
    )
    for kind, nouns in lists:
        new, old = count(kind, "added"), count(kind, "dropped")
        if new or old:
            parts.append(f"{new} new and {old} dropped {nouns}")
    if renames:
        places = sum(r.places for r in renames)
        parts.append(f"{_n(len(renames), 'wording')} renamed throughout ({places} sentences)")
    for kind, nouns in names:
        new, old = count(kind, "added"), count(kind, "dropped")
        if new or old:
            parts.append(f"{new} new and {old} dropped {nouns}")
    if not parts:
        return "Nothing of note changed." if d.is_empty else "Only small rewordings changed."
    return "; ".join(parts).capitalize() + "."


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def digest(d: PolicyDiff) -> Digest:
    """The :class:`Digest` of a diff.

    >>> from policydiff import diff, parse
    >>> old = parse("第一条 低收入困难家庭可以申请。\\n第二条 低收入困难家庭应当登记。")
    >>> new = parse("第一条 最低生活保障边缘家庭可以申请。\\n第二条 最低生活保障边缘家庭应当登记。")
    >>> [(r.old, r.new, r.places) for r in digest(diff(old, new)).renames]
    [('低收入困难家庭', '最低生活保障边缘家庭', 2)]
    """
    renames, pairs = find_renames(d)
    changed = [c for c in d.numbers if c.old and c.new and c.headline and c.change == "changed"]
    figures = _figures(d, changed)
    citations = _names("citation", d.citations)
    known = {s.text for s in citations} | {w for r in renames for w in (r.old, r.new)}
    rarity = Rarity(d.old.text, d.new.text)
    weights = _weights(d, rarity)
    kept, more = _top(
        [
            *_sections(d),
            *_targets(d),
            *_lone_targets(d),
            *_commitments(d, weights),
            *citations,
            *_names("agency", d.agencies),
            *_phrases(d, known, rarity),
        ]
    )
    return Digest(
        summary=_summary(d, changed, kept, renames, more),
        figures=figures,
        signals=tuple(kept),
        renames=tuple(renames),
        more=tuple(more),
        rename_pairs=pairs,
        weights=weights,
        changed=len(changed),
    )


def _figures(d: PolicyDiff, changed: Sequence[NumberChange]) -> tuple[NumberChange, ...]:
    """The changed headline figures a digest lists (:data:`FIGURES`, :data:`TABLE_FIGURES`)."""
    cells = {t.key for t in d.new.tables} | {t.key for t in d.old.tables}
    in_tables = [c for c in changed if c.new is not None and c.new.node in cells]
    in_text = [c for c in changed if not (c.new is not None and c.new.node in cells)]
    most = sorted(in_tables, key=lambda c: -abs(c.delta or 0.0))[:TABLE_FIGURES]
    return tuple(in_text[: FIGURES - len(most)] + most)
