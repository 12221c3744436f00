"""What a changelog shows, decided once for every format: the :class:`View` of a diff.

:func:`view` computes from a :class:`~policydiff.model.PolicyDiff` what every changelog
shows — the two documents' labels and metadata, the sentence of counts, the headline figures,
the new and dropped sections as trees, the changed sections with their measures, moves,
splits and merges, the figures stated in one year only, what did not change — and the
Markdown, HTML, text and terminal renderers render that view. The small functions below say
how one record reads (``change_label``, ``where_label``, ...), the same in every format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs

from .._text import written_magnitude
from ..errors import OptionError
from ..model import Document, Edit, MeasureChange, NodeChange, NumberChange, PolicyDiff, Related
from ._digest import Digest, digest, is_minor, rename_only

__all__ = [
    "DETAILS",
    "Detail",
    "Entry",
    "Side",
    "View",
    "as_of_label",
    "change_label",
    "check_detail",
    "clip",
    "collapsed",
    "contract",
    "depth",
    "doc_label",
    "doc_name",
    "is_heading",
    "measure_edits",
    "metric_label",
    "node_heading",
    "node_label",
    "node_path",
    "node_text",
    "parent_of",
    "view",
    "where_label",
]


Side = Literal["old", "new"]
#: How much a changelog shows: the digest alone, the digest and the changed sections (the
#: default), or every sentence.
Detail = Literal["digest", "sections", "full"]
DETAILS: tuple[Detail, ...] = ("digest", "sections", "full")


def check_detail(detail: str) -> Detail:
    """``detail`` if it is one of :data:`DETAILS`, else an :class:`~policydiff.errors.OptionError`.

    >>> check_detail("full")
    'full'
    """
    for known in DETAILS:
        if detail == known:
            return known
    raise OptionError("render", "detail", detail, "one of " + ", ".join(DETAILS))


def doc_name(doc: Document) -> str:
    """How a changelog names a document: its title, else its subject, else its file name.

    >>> from policydiff import parse
    >>> doc_name(parse("关于加强基层卫生工作的通知\\n\\n一、总则。"))
    '关于加强基层卫生工作的通知'
    >>> doc_name(parse("一、总则。"))
    '(untitled)'
    """
    return doc.title or (f"《{doc.subject}》" if doc.subject else doc.source or "(untitled)")


def doc_label(doc: Document) -> str:
    """The document's name with its date, when it has one."""
    name = doc_name(doc)
    return f"{name} ({doc.date})" if doc.date else name


def _meta_rows(d: PolicyDiff) -> list[tuple[str, str, str]]:
    """``(field, old, new)`` for every metadata field either document states."""
    rows: list[tuple[str, str, str]] = []
    for field in ("title", "subject", "issuer", "date", "reference", "consulted", "source"):
        old, new = getattr(d.old, field), getattr(d.new, field)
        if field == "consulted":
            old, new = "、".join(old), "、".join(new)
        if old or new:
            rows.append((field, old or "", new or ""))
    if d.old.script != d.new.script or d.old.script != "simplified":
        rows.append(("script", d.old.script, d.new.script))
    return rows


def _headline_numbers(d: PolicyDiff) -> list[NumberChange]:
    """Confident pairs of numbers both documents state: the changed ones first, then the
    unchanged, each in order."""
    paired = [c for c in d.numbers if c.old and c.new and c.headline]
    return [c for c in paired if c.change == "changed"] + [
        c for c in paired if c.change == "unchanged"
    ]


def _related_numbers(d: PolicyDiff) -> list[NumberChange]:
    """Pairs below the headline confidence: possibly the same measure, shown apart."""
    return [c for c in d.numbers if c.old and c.new and not c.headline]


def _lone_numbers(d: PolicyDiff) -> list[NumberChange]:
    """Numbers only one document states: the new ones first, then the dropped ones."""
    return [c for c in d.numbers if c.change == "added"] + [
        c for c in d.numbers if c.change == "dropped"
    ]


def _plain(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _scaled(value: float, factor: float) -> str:
    """``value`` in the magnitude ``factor`` (1e12 万亿, 1e8 亿, 1e4 万, 1 as it is)."""
    suffix = {1e12: "万亿", 1e8: "亿", 1e4: "万"}.get(factor, "")
    return _plain(value / factor) + suffix


def _signed(text: str) -> str:
    if text == "0":
        return "±0"
    return text if text.startswith("-") else "+" + text


def change_label(c: NumberChange) -> str:
    """A number change as a reader says it: ``-1.2万个 (-2.1%)``, ``+3个百分点``, ``unchanged``.

    >>> from policydiff import diff, parse
    >>> d = diff(parse("村卫生室58.2万个。"), parse("村卫生室57万个。"))
    >>> [change_label(c) for c in d.numbers]
    ['-1.2万个 (-2.1%)']
    """
    if c.change in ("added", "dropped"):
        return c.change
    if c.change == "unchanged" or c.delta is None or c.old is None or c.new is None:
        return "unchanged"
    unit = c.new.quantity.unit
    if unit == "‰":
        return _signed(_plain(c.delta)) + "‰ points"
    if unit in ("%", "个百分点", "百分点"):
        return _signed(_plain(c.delta)) + "个百分点"
    text = _signed(_scaled(c.delta, _written_magnitude(c))) + unit
    return text if c.relative is None else f"{text} ({c.relative * 100:+.1f}%)"


def _written_magnitude(c: NumberChange) -> float:
    """The magnitude the documents write the values in (万亿, 亿, 万, or none): a change reads
    in the documents' own terms (``+0.89万亿元``, ``+2308元``), not as ``+8900亿元``."""
    texts = [ref.quantity.text for ref in (c.new, c.old) if ref is not None]
    return next((f for t in texts if (f := written_magnitude(t)[1]) != 1.0), 1.0)


def where_label(old: str | None, new: str | None) -> str:
    """``2.1`` when a path stayed, ``2.1 → 2.5`` when it changed, one side when one is missing."""
    if old and new:
        return old if old == new else f"{old} → {new}"
    return old or new or ""


def as_of_label(c: NumberChange) -> str:
    """The dates the two values hold for: ``2023-12-31 → 2024-12-31``, or one of them."""
    old = c.old.quantity.as_of if c.old else None
    new = c.new.quantity.as_of if c.new else None
    if c.old is None or c.new is None:
        return old or new or ""
    if old == new:
        return old or ""
    return f"{old or '—'} → {new or '—'}"


def metric_label(c: NumberChange) -> str:
    """The metric a number measures, both sides' words where they differ, marked when it is a
    target or a stated change rather than an actual.

    >>> from policydiff import diff, parse
    >>> c = diff(parse("城镇新增就业1100万人。"), parse("城镇新增就业人数1200万人。")).numbers[0]
    >>> metric_label(c)
    '城镇新增就业 → 城镇新增就业人数'
    """
    ref = c.new or c.old
    label = c.metric or "(no metric)"
    if c.old and c.new and c.old.quantity.metric != c.new.quantity.metric:
        label = (
            f"{c.old.quantity.metric or '(no metric)'} → {c.new.quantity.metric or '(no metric)'}"
        )
    kind = ref.quantity.kind if ref is not None else "actual"
    return label + {"target": " (target)", "change": " (stated change)"}.get(kind, "")


def node_path(n: NodeChange, side: Side) -> str | None:
    """The node's path on one side."""
    return n.old if side == "old" else n.new


def node_label(n: NodeChange, side: Side) -> str:
    """What the document on one side calls the node (``三、(二)``), else its path."""
    label = n.old_label if side == "old" else n.new_label
    return label or node_path(n, side) or ""


def node_heading(n: NodeChange, side: Side) -> str:
    """The node's heading on one side."""
    return n.old_heading if side == "old" else n.new_heading


def node_text(n: NodeChange, side: Side) -> str:
    """The node's own text on one side (without its heading)."""
    return n.old_text if side == "old" else n.new_text


def parent_of(path: str) -> str | None:
    """The parent's path: ``2.1`` for ``2.1.3``, ``None`` for a top-level node."""
    head, sep, _ = path.rpartition(".")
    return head if sep else None


def depth(path: str | None) -> int:
    """How deep a path is: 0 for ``2``, 1 for ``2.1``, ``p2:`` prefixes ignored."""
    return 0 if not path else path.rpartition(":")[2].count(".")


@attrs.frozen
class Entry:
    """An added or dropped node with the added or dropped nodes under it."""

    node: NodeChange
    children: tuple[Entry, ...] = ()


def _lone_nodes(d: PolicyDiff, change: Literal["added", "dropped"]) -> list[Entry]:
    """The added (or dropped) nodes as trees: a new section carries its new measures."""
    side: Side = "new" if change == "added" else "old"
    lone = [n for n in d.nodes if n.change == change]
    paths = {node_path(n, side) for n in lone}
    kids: dict[str | None, list[NodeChange]] = {}
    for n in lone:
        path = node_path(n, side)
        parent = parent_of(path) if path else None
        kids.setdefault(parent if parent in paths else None, []).append(n)

    def entry(n: NodeChange) -> Entry:
        return Entry(n, tuple(entry(k) for k in kids.get(node_path(n, side), [])))

    return [entry(n) for n in kids.get(None, [])]


def _changed_nodes(d: PolicyDiff) -> list[NodeChange]:
    """Linked nodes whose text changed (moved or not), in the new document's order."""
    return [n for n in d.nodes if n.change == "changed"]


def _moved_nodes(d: PolicyDiff) -> list[NodeChange]:
    """Linked nodes that moved, changed or not."""
    return [n for n in d.nodes if n.moved]


def _related_pairs(d: PolicyDiff) -> list[Related]:
    """Every split and merge once."""
    return list(dict.fromkeys(r for n in d.nodes for r in n.related))


def _by_path(d: PolicyDiff, side: Side) -> dict[str, NodeChange]:
    """The node changes by their path on one side."""
    out: dict[str, NodeChange] = {}
    for n in d.nodes:
        path = node_path(n, side)
        if path is not None:
            out[path] = n
    return out


def _measures_of(d: PolicyDiff) -> dict[tuple[str | None, str | None], list[MeasureChange]]:
    """The measures of each linked node pair, keyed by ``(old path, new path)``."""
    old_paths, new_paths = _by_path(d, "old"), _by_path(d, "new")
    out: dict[tuple[str | None, str | None], list[MeasureChange]] = {}
    for m in d.measures:
        n = new_paths.get(m.new.node) if m.new else old_paths.get(m.old.node) if m.old else None
        if n is not None:
            out.setdefault((n.old, n.new), []).append(m)
    return out


def is_heading(m: MeasureChange, n: NodeChange) -> bool:
    """Whether a measure is the node's heading on every side it has."""
    sides = [(m.old, n.old_heading), (m.new, n.new_heading)]
    present = [(ref, heading) for ref, heading in sides if ref is not None]
    return bool(present) and all(
        heading and ref.index == 0 and ref.text == heading for ref, heading in present
    )


def measure_edits(m: MeasureChange) -> tuple[Edit, ...]:
    """A measure as edits: its inline edits, or one insert, delete or equal."""
    if m.change == "changed" and m.inline:
        return m.inline
    old, new = (m.old.text if m.old else ""), (m.new.text if m.new else "")
    if m.change == "added":
        return (Edit("insert", "", new),)
    if m.change == "dropped":
        return (Edit("delete", old, ""),)
    return (Edit("equal", old, new),)


def collapsed(m: MeasureChange, v: View, detail: Detail) -> str:
    """Why a sentence is not shown one by one at ``detail``: ``renamed`` when the digest's
    renames explain every edit of it (at every level), ``reworded`` when it is a
    near-verbatim rewording (below ``full``), ``""`` when it is shown."""
    if m.change != "changed":
        return ""
    if rename_only(m, v.digest.rename_pairs):
        return "renamed"
    if detail != "full" and is_minor(m):
        return "reworded"
    return ""


def contract(text: str, *, keep: int = 20) -> str:
    """Shorten a long run of unchanged text to its ends, so the change around it stands out.

    >>> contract("一二三四五六七八九十" * 6, keep=3)
    '一二三…八九十'
    """
    return text if len(text) <= 2 * keep + 10 else text[:keep] + "…" + text[-keep:]


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ``…`` where it was cut.

    >>> clip("第一行\\n第二行很长很长", 8)
    '第一行 第二行…'
    """
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _unchanged_summary(
    d: PolicyDiff,
    changed_nodes: list[NodeChange],
    measures: dict[tuple[str | None, str | None], list[MeasureChange]],
) -> str:
    """One line for what did not change, so the changelog need not repeat it."""
    same = [n for n in d.nodes if n.change == "unchanged"]
    by_new = {(n.old, n.new): n for n in changed_nodes}
    changed = set(by_new)
    sentences = sum(
        1
        for key, ms in measures.items()
        if key in changed
        for m in ms
        if m.change == "unchanged" and not is_heading(m, by_new[key])
    )
    figures = sum(1 for c in d.numbers if c.change == "unchanged")
    parts: list[str] = []
    if same:
        listed = "; ".join(
            " ".join(x for x in (node_label(n, "new"), n.new_heading) if x) for n in same[:5]
        ) + ("; …" if len(same) > 5 else "")
        parts.append(f"{_count(len(same), 'section')} ({listed})")
    if sentences:
        parts.append(f"{_count(sentences, 'sentence')} inside changed sections")
    if figures:
        parts.append(_count(figures, "figure"))
    return "Unchanged: " + (", ".join(parts) if parts else "nothing") + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fates(d: PolicyDiff) -> list[tuple[str, str]]:
    """``(change, fate)`` of every added or dropped node; the fate says whether its content
    lives on: ``related`` when it was split from or merged into a node of the other side,
    ``regrouped`` when at least half of its children are linked, split or merged (a heading
    the other year does without, its parts under other headings), ``""`` when it is new or
    gone."""
    kids: dict[tuple[Side, str], list[NodeChange]] = {}
    sides: tuple[Side, Side] = ("old", "new")
    for n in d.nodes:
        for which in sides:
            path = node_path(n, which)
            parent = parent_of(path) if path else None
            if parent is not None:
                kids.setdefault((which, parent), []).append(n)
    fates: list[tuple[str, str]] = []
    for n in d.nodes:
        if n.change not in ("added", "dropped"):
            continue
        side: Side = "new" if n.change == "added" else "old"
        children = kids.get((side, node_path(n, side) or ""), [])
        alive = sum(1 for k in children if k.change in ("changed", "unchanged") or k.related)
        fate = (
            "related"
            if n.related
            else "regrouped"
            if children and 2 * alive >= len(children)
            else ""
        )
        fates.append((n.change, fate))
    return fates


def _told(n: int, one: str, more: str) -> str:
    """``n`` with what happened to it, or nothing when ``n`` is 0.

    >>> _told(1, "merged into a new section", "merged into new sections")
    '1 merged into a new section'
    """
    return f"{n} {one if n == 1 else more}" if n else ""


def _glance(d: PolicyDiff) -> str:
    """The diff in one sentence of counts.

    A section rewritten into others is not reported as new or dropped: the nodes split from
    or merged into a node of the other side, and the headings whose parts live on under
    others, are counted apart, so that a recurring topic reworded, split or regrouped never
    reads as a topic the document stopped (or started) covering.
    """
    s = d.summary
    nodes, numbers, measures = s["nodes"], s["numbers"], s["measures"]
    fates = _fates(d)
    split = fates.count(("added", "related"))
    merged = fates.count(("dropped", "related"))
    regrouped = fates.count(("added", "regrouped")) + fates.count(("dropped", "regrouped"))
    added = nodes["added"] - split - fates.count(("added", "regrouped"))
    dropped = nodes["dropped"] - merged - fates.count(("dropped", "regrouped"))
    rewritten = [
        _told(split, "split off from an old section", "split off from old sections"),
        _told(merged, "merged into a new section", "merged into new sections"),
        _told(regrouped, "regrouped (its parts live on)", "regrouped (their parts live on)"),
    ]
    return (
        f"Figures: {numbers['changed']} changed, {numbers['unchanged']} unchanged, "
        f"{numbers['added']} new, {numbers['dropped']} dropped. "
        f"Sections and measures: {added} new, {dropped} dropped, "
        f"{nodes['changed']} changed ({nodes['moved']} moved), {nodes['unchanged']} unchanged"
        + "".join(f", {part}" for part in rewritten if part)
        + ". "
        f"Sentences: {measures['added']} new, {measures['dropped']} dropped, "
        f"{measures['changed']} changed."
    )


@attrs.frozen(eq=False)
class View:
    """What a changelog of one diff shows, in the order it shows it."""

    #: The diff itself, for what a format shows in full (every node, in order).
    diff: PolicyDiff
    #: The documents' names with their dates.
    old_label: str
    new_label: str
    #: ``(field, old, new)`` for every metadata field either document states.
    meta: tuple[tuple[str, str, str], ...]
    #: The diff in one sentence of counts.
    glance: str
    #: Figures both documents state: the changed ones first, then the unchanged.
    headline: tuple[NumberChange, ...]
    #: Pairs below the headline confidence: possibly the same measure.
    related_numbers: tuple[NumberChange, ...]
    #: Figures only one document states: the new ones first, then the dropped ones.
    lone_numbers: tuple[NumberChange, ...]
    #: New (dropped) sections and measures as trees: a new section carries its new measures.
    added: tuple[Entry, ...]
    dropped: tuple[Entry, ...]
    #: Linked nodes whose text changed, in the new document's order.
    changed: tuple[NodeChange, ...]
    #: Linked nodes that moved, changed or not.
    moved: tuple[NodeChange, ...]
    #: Every split and merge once.
    related: tuple[Related, ...]
    #: The measures of each linked node pair, by ``(old path, new path)``.
    measures: Mapping[tuple[str | None, str | None], list[MeasureChange]]
    #: The node changes by their path on each side.
    lookup: Mapping[Side, Mapping[str, NodeChange]]
    #: One line for what did not change.
    unchanged: str
    #: The digest every changelog opens with: summary, figures, signals, renames.
    digest: Digest
    #: Where each node came from in its file, by path on each side, when the place is short
    #: enough to show beside its label (a PDF page ``p.3``, a Word paragraph ``¶12``).
    places: Mapping[Side, Mapping[str, str]] = attrs.field(factory=dict)

    def label(self, side: Side, path: str | None) -> str:
        """What the document on ``side`` calls the node at ``path``, with where it came from
        in its file when that is short (``三、(二) (p.3)``); its path if unknown; a table's
        key with its place, ``t1 (p.3)``."""
        if path is None:
            return ""
        n = self.lookup[side].get(path)
        if n is None:  # a table's key (t1), shown with its place: t1 (p.3)
            doc = self.diff.old if side == "old" else self.diff.new
            where = next((t.where for t in doc.tables if t.key == path), "")
            return f"{path} ({where})" if where else path
        place = self.places.get(side, {}).get(path)
        return f"{node_label(n, side)} ({place})" if place else node_label(n, side)

    def where(self, old: str | None, new: str | None) -> str:
        """:func:`where_label` of two paths, in the documents' own labels."""
        return where_label(self.label("old", old) or None, self.label("new", new) or None)


def view(d: PolicyDiff) -> View:
    """The :class:`View` of a diff: everything a changelog shows, computed once.

    >>> from policydiff import diff, parse
    >>> d = diff(parse("一、总体\\n村卫生室58.2万个。"),
    ...          parse("一、总体\\n村卫生室57万个。\\n二、新增\\n甲。"))
    >>> v = view(d)
    >>> [change_label(c) for c in v.headline], [e.node.new for e in v.added], v.unchanged
    (['-1.2万个 (-2.1%)'], ['2'], 'Unchanged: nothing.')
    """
    measures = _measures_of(d)
    changed = _changed_nodes(d)
    return View(
        diff=d,
        old_label=doc_label(d.old),
        new_label=doc_label(d.new),
        meta=tuple(_meta_rows(d)),
        glance=_glance(d),
        headline=tuple(_headline_numbers(d)),
        related_numbers=tuple(_related_numbers(d)),
        lone_numbers=tuple(_lone_numbers(d)),
        added=tuple(_lone_nodes(d, "added")),
        dropped=tuple(_lone_nodes(d, "dropped")),
        changed=tuple(changed),
        moved=tuple(_moved_nodes(d)),
        related=tuple(_related_pairs(d)),
        measures=measures,
        lookup={"old": _by_path(d, "old"), "new": _by_path(d, "new")},
        unchanged=_unchanged_summary(d, changed, measures),
        digest=digest(d),
        places={"old": _places(d.old), "new": _places(d.new)},
    )


#: A node's place is shown beside its label when it is at most this long: a PDF page or a
#: Word paragraph, not a web page's element path (which the JSON keeps).
_SHORT_PLACE = 8


def _places(doc: Document) -> dict[str, str]:
    return {n.path: n.where for n in doc.walk() if n.where and len(n.where) <= _SHORT_PLACE}
