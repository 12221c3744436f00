"""Score policydiff's article-level verdicts on law amendments against the legislature's answers.

Run from the repository root, with ``../shared`` beside it::

    python benchmarks/score_laws.py            # the table, then policydiff's errors
    python benchmarks/score_laws.py --misses   # every miss of every method, and the rest
    python benchmarks/score_laws.py --json     # the same figures as JSON

``--gold DIR`` and ``--corpus DIR`` score other answer files and texts of the same format.

The answers are ``../shared/gold/laws/*.json`` (format in ``../shared/gold/README.md``); each is
one amendment of a law or regulation, its ``old`` and ``new`` texts in ``../shared/corpus/laws/``.
Every article is named by its number as a string (``第五十四条`` → ``"54"``, ``第一百三十三条之一``
→ ``"133之一"``), read from the marker of each ``article`` node: paths are never parsed. Three
methods are scored on the same articles (policydiff's segmentation of the two texts):

- **policydiff** — ``policydiff.diff(old, new)``. An old article linked to a new article is
  *changed* when the pair's own text (heading and text) differs or any node under either of them
  is changed, added, dropped or moved; an old article linked to nothing, or to a node that is not
  an article, is *deleted*; a new article likewise is *added*, even when it is reported as split
  from or merged into another article (``alignment.related``), unless the gold lists that split.
- **difflib** — :class:`difflib.SequenceMatcher` (``autojunk=False``) over the two lists of
  article texts (each article's text under its span, its own marker taken off, whitespace taken
  out): ``equal`` blocks pair articles as unchanged; ``replace`` blocks pair their articles in
  order, changed when the texts differ, and what is left over on the longer side is deleted or
  added; ``insert`` blocks are added articles, ``delete`` blocks deleted ones.
- **by number** — the same number on both sides pairs two articles, changed when their texts
  differ; a number only in the old text is deleted, only in the new text added.

For each amendment and in total:

- changed / deleted / added precision and recall. A changed pair is right only when both of its
  articles are the gold's; ``consequential``, ``neutral`` and ``source_noise`` pairs are
  don't-cares, left out of changed precision. The old article and the new parts of a gold split
  are scored by the splits row only, not as deleted or added;
- renumbered articles linked right (gold ``unchanged_renumbered`` and ``changed`` pairs whose
  numbers differ) and, beside it, every gold pair linked right;
- untouched articles (``unchanged`` and ``unchanged_renumbered`` that are not don't-cares)
  reported changed, on either side: a count, 0 wanted;
- don't-cares reported changed, by kind (a count, for information: the strict figure the gold's
  ``how`` mentions is the untouched count plus the ``source_noise`` count);
- gold splits found: every new part tied to the old article by a link or a split/merge;
- for policydiff alone: the articles it segmented, against the numbers the gold names (each
  number found once, and no other), and what normalization removed from each text
  (``Document.removed``): whole lines whose original span falls between the first and the last
  article's (0 wanted: text lost from the law), and apart from them, for information, in-line
  deletions there (a Markdown ``##`` before a chapter heading).

The rest is for information and is listed only with ``--misses``: don't-cares reported changed,
in-line deletions, and the baselines' misses.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff._text import chinese_ordinal  # noqa: E402
from policydiff.model import Document, Node, NodeChange, PolicyDiff  # noqa: E402

GOLD = ROOT.parent / "shared" / "gold" / "laws"
CORPUS = ROOT.parent / "shared" / "corpus" / "laws"

METHODS = ("policydiff", "difflib", "by number")
DONT_CARES = ("consequential", "neutral", "source_noise")
Pair = tuple[str, str]
Article = tuple[str, str]  # (number, text)

_MARKER = re.compile(
    r"第\s*(?P<n>[〇零一二三四五六七八九十百千两\d]+)\s*条(?:\s*之\s*(?P<sub>[一二三四五六七八九十]+))?"
)
_SPACE = re.compile(r"\s+")


# --- articles --------------------------------------------------------------------------------


def article_number(marker: str) -> str | None:
    """The number an article marker writes, as the gold writes it, or ``None``.

    >>> [article_number(m) for m in ("第五十四条", "第一百三十三条之一", "第5条", "第一章")]
    ['54', '133之一', '5', None]
    """
    match = _MARKER.fullmatch(marker.strip())
    if match is None:
        return None
    number = chinese_ordinal(match["n"])
    if number is None:
        return None
    return f"{number}之{match['sub']}" if match["sub"] else str(number)


def articles(doc: Document) -> list[tuple[str, Node]]:
    """Every article node of ``doc`` in document order, with its number (unreadable ones left out).

    >>> doc = policydiff.parse("第一条 总则。\\n第二条 附则。")
    >>> [(n, node.marker) for n, node in articles(doc)]
    [('1', '第一条'), ('2', '第二条')]
    """
    found = []
    for node in doc.walk():
        if node.kind == "article":
            number = article_number(node.marker)
            if number is not None:
                found.append((number, node))
    return found


def article_text(doc: Document, node: Node) -> str:
    """What the baselines compare: the text under the article's span, marker and spaces out.

    >>> doc = policydiff.parse("第一条 总则。\\n第二条 附则。")
    >>> [article_text(doc, node) for _, node in articles(doc)]
    ['总则。', '附则。']
    """
    text = _SPACE.sub("", doc.text[node.span[0] : node.span[1]])
    return text.removeprefix(_SPACE.sub("", node.marker))


def article_of(doc: Document) -> dict[str, str]:
    """The number of the article each node lies in (itself or an ancestor), by node path."""
    owner: dict[str, str] = {}

    def visit(node: Node, current: str | None) -> None:
        number = article_number(node.marker) if node.kind == "article" else None
        current = number or current
        if current is not None:
            owner[node.path] = current
        for child in node.children:
            visit(child, current)

    for top in doc.nodes:
        visit(top, None)
    return owner


# --- verdicts --------------------------------------------------------------------------------


@dataclass
class Verdicts:
    """What one method says of each article: links old → new, changed pairs, deleted, added.

    ``ties`` are split/merge ties between an old and a new article (policydiff only), ``notes``
    say more about an old (``old:N``) or new (``new:N``) article for the error list.
    """

    links: dict[str, str] = field(default_factory=dict)
    changed: set[Pair] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    ties: set[Pair] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)

    def link(self, old: str, new: str, changed: bool) -> None:
        """Pair ``old`` with ``new``, as changed or not."""
        self.links[old] = new
        if changed:
            self.changed.add((old, new))

    def says_old(self, old: str) -> str:
        """What the method reports for old article ``old``, in words."""
        if old in self.links:
            new = self.links[old]
            verdict = "changed" if (old, new) in self.changed else "unchanged"
            said = f"linked to new {new} ({verdict})"
        elif old in self.deleted:
            said = "deleted"
        else:
            said = "not seen"
        note = self.notes.get(f"old:{old}")
        return f"{said}; {note}" if note else said

    def says_new(self, new: str) -> str:
        """What the method reports for new article ``new``, in words."""
        old = next((o for o, n in self.links.items() if n == new), None)
        if old is not None:
            verdict = "changed" if (old, new) in self.changed else "unchanged"
            said = f"linked from old {old} ({verdict})"
        elif new in self.added:
            said = "added"
        else:
            said = "not seen"
        note = self.notes.get(f"new:{new}")
        return f"{said}; {note}" if note else said


def by_number(old: Sequence[Article], new: Sequence[Article]) -> Verdicts:
    """The by-number baseline: the same number pairs two articles, changed when texts differ.

    >>> v = by_number([("1", "a"), ("2", "b"), ("3", "c")], [("1", "a"), ("2", "c")])
    >>> v.links, v.changed, v.deleted, v.added
    ({'1': '1', '2': '2'}, {('2', '2')}, {'3'}, set())
    """
    verdicts = Verdicts()
    new_text = dict(new)
    for number, text in old:
        if number in new_text:
            verdicts.link(number, number, text != new_text[number])
        else:
            verdicts.deleted.add(number)
    old_numbers = {number for number, _ in old}
    verdicts.added = {number for number, _ in new if number not in old_numbers}
    return verdicts


def by_difflib(old: Sequence[Article], new: Sequence[Article]) -> Verdicts:
    """The difflib baseline: :class:`difflib.SequenceMatcher` over the two lists of texts.

    ``equal`` pairs articles unchanged; ``replace`` pairs them in order (changed when the texts
    differ), the longer side's rest deleted or added; ``insert`` adds, ``delete`` deletes.

    >>> v = by_difflib([("1", "a"), ("2", "b"), ("3", "c")], [("1", "a"), ("2", "c")])
    >>> v.links, v.changed, v.deleted, v.added
    ({'1': '1', '3': '2'}, set(), {'2'}, set())
    """
    verdicts = Verdicts()
    matcher = difflib.SequenceMatcher(
        None, [text for _, text in old], [text for _, text in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        for (o, old_text), (n, new_text) in zip(olds, news, strict=False):
            verdicts.link(o, n, op != "equal" and old_text != new_text)
        verdicts.deleted.update(o for o, _ in olds[len(news) :])
        verdicts.added.update(n for n, _ in news[len(olds) :])
    return verdicts


def by_policydiff(result: PolicyDiff) -> Verdicts:
    """policydiff's verdicts on the articles of ``result``'s two documents.

    A linked pair of articles is changed when either article's node change, or that of any node
    under either of them, is not ``unchanged`` or is moved: own text and every descendant count.
    """
    old_doc, new_doc = result.old, result.new
    old_owner, new_owner = article_of(old_doc), article_of(new_doc)
    old_articles, new_articles = articles(old_doc), articles(new_doc)
    number_of_new = {node.path: number for number, node in new_articles}
    change_of_old = {c.old: c for c in result.nodes if c.old is not None}
    change_of_new = {c.new: c for c in result.nodes if c.new is not None}
    new_node = {node.path: node for node in new_doc.walk()}

    def touched(node: Node, side: dict[str, NodeChange]) -> bool:
        return any(
            side[n.path].change != "unchanged" or (n is not node and side[n.path].moved)
            for n in node.walk()
        )

    verdicts = Verdicts()
    for rel in result.alignment.related:
        old, new = old_owner.get(rel.old), new_owner.get(rel.new)
        if old is not None and new is not None:
            verdicts.ties.add((old, new))
            verdicts.notes[f"old:{old}"] = f"{rel.kind} (new {new}, {rel.containment:.2f})"
            verdicts.notes[f"new:{new}"] = f"{rel.kind} (old {old}, {rel.containment:.2f})"
    for number, node in old_articles:
        partner = change_of_old[node.path].new
        if partner is None:
            verdicts.deleted.add(number)
        elif partner not in number_of_new:
            verdicts.deleted.add(number)
            other = new_node[partner]
            verdicts.notes[f"old:{number}"] = f"linked to a {other.kind} node {other.marker!r}"
        else:
            changed = touched(node, change_of_old) or touched(new_node[partner], change_of_new)
            verdicts.link(number, number_of_new[partner], changed)
    linked = set(verdicts.links.values())
    verdicts.added = {number for number, _ in new_articles if number not in linked}
    return verdicts


# --- gold ------------------------------------------------------------------------------------


@dataclass
class Gold:
    """One amendment's answers, every article number a string."""

    name: str
    old_file: str
    new_file: str
    changed: set[Pair]
    deleted: set[str]
    added: set[str]
    splits: dict[str, set[str]]
    unchanged: set[Pair]
    renumbered: set[Pair]
    dont_care: dict[Pair, str]

    @classmethod
    def load(cls, path: Path) -> Gold:
        """Read one ``laws/*.json`` answer file."""
        raw = json.loads(path.read_text(encoding="utf-8"))

        def pairs(key: str) -> set[Pair]:
            return {(str(item[0]), str(item[1])) for item in raw.get(key, [])}

        dont_care: dict[Pair, str] = {}
        for kind in DONT_CARES:
            for pair in pairs(kind):
                dont_care.setdefault(pair, kind)
        return cls(
            name=path.stem,
            old_file=raw["old"],
            new_file=raw["new"],
            changed=pairs("changed"),
            deleted={str(n) for n in raw.get("deleted", [])},
            added={str(n) for n in raw.get("added", [])},
            splits=dict(_split(item) for item in raw.get("splits", [])),
            unchanged=pairs("unchanged"),
            renumbered=pairs("unchanged_renumbered"),
            dont_care=dont_care,
        )

    @property
    def pairs(self) -> set[Pair]:
        """Every gold pair of an old and a new article."""
        return self.changed | self.unchanged | self.renumbered

    @property
    def old_numbers(self) -> set[str]:
        """Every old article the gold names."""
        return {o for o, _ in self.pairs} | self.deleted | set(self.splits)

    @property
    def new_numbers(self) -> set[str]:
        """Every new article the gold names."""
        parts = {n for ns in self.splits.values() for n in ns}
        return {n for _, n in self.pairs} | self.added | parts

    def says_old(self, old: str) -> str:
        """What the gold says of old article ``old``, in words."""
        return self._says(old, 0)

    def says_new(self, new: str) -> str:
        """What the gold says of new article ``new``, in words."""
        return self._says(new, 1)

    def _says(self, number: str, side: int) -> str:
        other = "new" if side == 0 else "old"
        for pair in sorted(self.pairs):
            if pair[side] == number:
                kind = (
                    self.dont_care.get(pair)
                    or ("changed" if pair in self.changed else None)
                    or ("unchanged_renumbered" if pair in self.renumbered else "unchanged")
                )
                return f"gold: {kind} with {other} {pair[1 - side]}"
        if number in (self.deleted if side == 0 else self.added):
            return "gold: deleted" if side == 0 else "gold: added"
        for old, parts in self.splits.items():
            if (side == 0 and number == old) or (side == 1 and number in parts):
                return f"gold: split of old {old}"
        return "gold: no such article"


def _split(item: Any) -> tuple[str, set[str]]:
    """A gold split as (old, new parts): ``12``, ``[12, [12, 13]]``, ``[12, 12, 13]`` or
    ``{"old": 12, "new": [12, 13]}`` (the parts may be unknown: an empty set)."""
    if isinstance(item, dict):
        old, new = item["old"], item.get("new", [])
    elif isinstance(item, list):
        old, new = item[0], item[1] if len(item) == 2 and isinstance(item[1], list) else item[1:]
    else:
        old, new = item, []
    new = new if isinstance(new, list) else [new]
    return str(old), {str(n) for n in new}


# --- scores ----------------------------------------------------------------------------------


@dataclass
class Score:
    """One cell: ``hits`` out of ``total`` (for a count row: how many of ``total``), with misses."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    count: bool = False

    def add(self, ok: bool, what: str) -> None:
        """Count one case, keeping ``what`` when it went wrong."""
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(what)

    def note(self, reported: bool, what: str) -> None:
        """Count one case of a count row, keeping ``what`` when it was reported."""
        self.total += 1
        self.hits += reported
        if reported:
            self.misses.append(what)

    @property
    def ratio(self) -> float:
        """``hits / total``, 1 when there is nothing to score."""
        return self.hits / self.total if self.total else 1.0

    def __iadd__(self, other: Score) -> Score:
        self.hits += other.hits
        self.total += other.total
        self.misses += other.misses
        return self


ROWS = (
    "changed precision",
    "changed recall",
    "deleted precision",
    "deleted recall",
    "added precision",
    "added recall",
    "renumbered linked right",
    "all gold pairs linked right",
    "untouched reported changed (0 wanted)",
    "consequential reported changed",
    "neutral reported changed",
    "source_noise reported changed",
    "splits found",
)
CHECKS = (
    "old articles segmented",
    "new articles segmented",
    "removed lines inside the articles (0 wanted)",
    "in-line deletions inside the articles",
)


#: Rows that count cases (0 wanted, or for information) rather than score them.
COUNTS = frozenset(
    {name for name in ROWS if name.endswith(("reported changed", "(0 wanted)"))} | set(CHECKS[2:])
)
#: Rows given for information, not errors: what a method says of the don't-cares, and what
#: normalization took out of a line whose rest stays in the body.
INFO = frozenset(
    {
        "consequential reported changed",
        "neutral reported changed",
        "source_noise reported changed",
        "in-line deletions inside the articles",
    }
)


def score(gold: Gold, said: Verdicts) -> dict[str, Score]:
    """Every row of :data:`ROWS` for one method's verdicts on one amendment."""
    rows = {name: Score(count=name in COUNTS) for name in ROWS}
    split_old = set(gold.splits)
    split_new = {n for parts in gold.splits.values() for n in parts}
    split_new |= {n for o, n in said.ties if o in split_old}

    def in_split(pair: Pair) -> bool:
        old, new = pair
        return old in split_old and (new in gold.splits[old] or not gold.splits[old])

    for pair in sorted(said.changed):
        if pair in gold.dont_care or in_split(pair):
            continue
        rows["changed precision"].add(
            pair in gold.changed,
            f"old {pair[0]} → new {pair[1]} reported changed; {gold.says_old(pair[0])}",
        )
    for pair in sorted(gold.changed):
        rows["changed recall"].add(
            pair in said.changed,
            f"old {pair[0]} → new {pair[1]} changed: old {pair[0]} {said.says_old(pair[0])}",
        )
    for old in sorted(said.deleted - split_old):
        rows["deleted precision"].add(
            old in gold.deleted, f"old {old} reported deleted; {gold.says_old(old)}"
        )
    for old in sorted(gold.deleted - split_old):
        rows["deleted recall"].add(old in said.deleted, f"old {old} deleted: {said.says_old(old)}")
    for new in sorted(said.added - split_new):
        rows["added precision"].add(
            new in gold.added, f"new {new} reported added; {gold.says_new(new)}"
        )
    for new in sorted(gold.added - split_new):
        rows["added recall"].add(new in said.added, f"new {new} added: {said.says_new(new)}")
    renumbered = gold.renumbered | {(o, n) for o, n in gold.changed if o != n}
    for name, wanted in (
        ("renumbered linked right", renumbered),
        ("all gold pairs linked right", gold.pairs),
    ):
        for old, new in sorted(wanted):
            rows[name].add(
                said.links.get(old) == new, f"old {old} → new {new}: {said.says_old(old)}"
            )
    reported_old = {o for o, _ in said.changed}
    reported_new = {n for _, n in said.changed}
    for pair in sorted(gold.unchanged | gold.renumbered):
        old, new = pair
        reported = old in reported_old or new in reported_new
        kind = gold.dont_care.get(pair)
        name = f"{kind} reported changed" if kind else "untouched reported changed (0 wanted)"
        side = f"old {old} {said.says_old(old)}"
        if old not in reported_old:
            side = f"new {new} {said.says_new(new)}"
        rows[name].note(reported, f"old {old} → new {new} ({kind or 'untouched'}): {side}")
    for old, parts in sorted(gold.splits.items()):
        tied = {n for o, n in said.ties if o == old}
        if old in said.links:
            tied.add(said.links[old])
        found = parts <= tied if parts else len(tied) >= 2
        rows["splits found"].add(
            found, f"old {old} split into {sorted(parts) or '?'}: tied to {sorted(tied)}"
        )
    return rows


def segmented(gold: Gold, doc: Document, side: str) -> Score:
    """Each article number the gold names found exactly once in ``doc``, and no other; an
    article node whose marker gives no number is a miss too."""
    found = [number for number, _ in articles(doc)]
    wanted = gold.old_numbers if side == "old" else gold.new_numbers
    result = Score()
    for node in doc.walk():
        if node.kind == "article" and article_number(node.marker) is None:
            result.add(False, f"{side}: article node with no number in {node.marker!r}")
    for number in sorted(wanted | set(found), key=_order):
        times = found.count(number)
        ok = number in wanted and times == 1
        what = f"{side} {number}: segmented {times} times" if number in wanted else ""
        result.add(ok, what or f"{side} {number}: segmented, but the gold has no such article")
    return result


def removed_lines(doc: Document) -> list[tuple[str, str, str]]:
    """What normalization removed from ``doc``: (text, reason, where) for each entry.

    ``where`` is ``outside`` the articles, or, for an entry whose original span falls between the
    first article's start and the last article's end, ``line inside`` when its whole line went
    (every visible character of the line is in a removed entry: text lost from the law) or
    ``in-line inside`` when the rest of its line stays in the body (a Markdown ``##`` before a
    chapter heading, an annotation).
    """
    spans = [doc.original_span(node.span) for _, node in articles(doc)]
    first = min((s for s, _ in spans), default=0)
    last = max((e for _, e in spans), default=0)
    gone = bytearray(len(doc.original))
    for entry in doc.removed:
        gone[entry.span[0] : entry.span[1]] = b"\x01" * (entry.span[1] - entry.span[0])
    found = []
    for entry in doc.removed:
        if not (entry.span[0] < last and entry.span[1] > first):
            where = "outside"
        else:
            start = doc.original.rfind("\n", 0, entry.span[0]) + 1
            end = doc.original.find("\n", entry.span[1])
            end = len(doc.original) if end < 0 else end
            whole = all(gone[i] or doc.original[i].isspace() for i in range(start, end))
            where = "line inside" if whole else "in-line inside"
        found.append((entry.text, entry.reason, where))
    return found


def inside(removed: Iterable[tuple[str, str, str]], where: str) -> Score:
    """The count of removed entries that are ``where`` (``line inside``, ``in-line inside``)."""
    result = Score(count=True)
    for text, reason, place in removed:
        result.note(place == where, f"{reason} {text!r} removed ({where} the articles)")
    return result


def _order(number: str) -> tuple[int, str]:
    head, _, tail = number.partition("之")
    return (int(head) if head.isdigit() else 0, tail)


@dataclass
class Amendment:
    """The scores of one amendment: a row per method, the segmentation checks, removed lines."""

    gold: Gold
    articles: tuple[int, int]
    rows: dict[str, dict[str, Score]]
    checks: dict[str, Score]
    removed: dict[str, list[tuple[str, str, str]]]


def score_amendment(gold: Gold, corpus: Path) -> Amendment:
    """Read, diff and score one amendment with the three methods."""
    old = policydiff.read(corpus / gold.old_file)
    new = policydiff.read(corpus / gold.new_file)
    old_articles = [(n, article_text(old, node)) for n, node in articles(old)]
    new_articles = [(n, article_text(new, node)) for n, node in articles(new)]
    verdicts = {
        "policydiff": by_policydiff(policydiff.diff(old, new)),
        "difflib": by_difflib(old_articles, new_articles),
        "by number": by_number(old_articles, new_articles),
    }
    rows = {method: score(gold, said) for method, said in verdicts.items()}
    removed = {"old": removed_lines(old), "new": removed_lines(new)}
    both = removed["old"] + removed["new"]
    checks = {
        CHECKS[0]: segmented(gold, old, "old"),
        CHECKS[1]: segmented(gold, new, "new"),
        CHECKS[2]: inside(both, "line inside"),
        CHECKS[3]: inside(both, "in-line inside"),
    }
    return Amendment(
        gold=gold,
        articles=(len(old_articles), len(new_articles)),
        rows=rows,
        checks=checks,
        removed=removed,
    )


def score_all(gold_dir: Path = GOLD, corpus: Path = CORPUS) -> list[Amendment]:
    """Every amendment of ``gold_dir``, in name order."""
    return [score_amendment(Gold.load(p), corpus) for p in sorted(gold_dir.glob("*.json"))]


def totals(amendments: Iterable[Amendment]) -> tuple[dict[str, dict[str, Score]], dict[str, Score]]:
    """The rows and checks of several amendments added up."""
    rows = {m: {name: Score(count=name in COUNTS) for name in ROWS} for m in METHODS}
    checks = {name: Score(count=name in COUNTS) for name in CHECKS}
    for amendment in amendments:
        for method in METHODS:
            for name in ROWS:
                rows[method][name] += amendment.rows[method][name]
        for name in CHECKS:
            checks[name] += amendment.checks[name]
    return rows, checks


# --- output ----------------------------------------------------------------------------------


def _cell(s: Score) -> str:
    figure = f"{s.hits}/{s.total}"
    return f"{figure:>9}" + (" " * 7 if s.count else f"  {s.ratio:.3f}")


def table(amendments: Sequence[Amendment]) -> Iterator[str]:
    """The table: for each amendment and in total, a row per check and a column per method."""
    width = max(len(name) for name in (*ROWS, *CHECKS)) + 4
    yield f"{'check':<{width}}" + "".join(f"{m:>16}" for m in METHODS)
    sections = [
        (
            f"{a.gold.name} ({a.articles[0]} → {a.articles[1]} articles)",
            a.rows,
            a.checks,
        )
        for a in amendments
    ]
    sections.append(("total", *totals(amendments)))
    for title, rows, checks in sections:
        yield ""
        yield title
        for name in ROWS:
            yield f"  {name:<{width - 2}}" + "".join(_cell(rows[m][name]) for m in METHODS)
        for name in CHECKS:
            yield f"  {name:<{width - 2}}" + _cell(checks[name])


def as_json(amendments: Sequence[Amendment]) -> dict[str, Any]:
    """The figures of the table as ``[hits, total]``, with the removed lines."""

    def figures(rows: dict[str, dict[str, Score]], checks: dict[str, Score]) -> dict[str, Any]:
        out: dict[str, Any] = {
            m: {name: [s.hits, s.total] for name, s in rows[m].items()} for m in METHODS
        }
        out["policydiff checks"] = {name: [s.hits, s.total] for name, s in checks.items()}
        return out

    result = {a.gold.name: figures(a.rows, a.checks) for a in amendments}
    result["total"] = figures(*totals(amendments))
    result["removed"] = {
        a.gold.name: {
            side: [{"text": t, "reason": r, "where": w} for t, r, w in lines]
            for side, lines in a.removed.items()
        }
        for a in amendments
    }
    return result


def misses(
    amendments: Sequence[Amendment], methods: Sequence[str], *, info: bool = False
) -> Iterator[str]:
    """Every miss of ``methods``, by amendment and row (policydiff's checks with policydiff);
    the rows of :data:`INFO` only with ``info``."""
    for method in methods:
        for a in amendments:
            rows = dict(a.rows[method])
            if method == "policydiff":
                rows.update(a.checks)
            for name, s in rows.items():
                if info or name not in INFO:
                    for miss in s.misses:
                        yield f"{method} · {a.gold.name} · {name}: {miss}"


def main() -> int:
    """Score every amendment and print the table (or JSON), then the misses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--misses", action="store_true", help="list every miss of every method, and the rest"
    )
    parser.add_argument("--gold", type=Path, default=GOLD, help="the folder of answer files")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the folder of law texts")
    args = parser.parse_args()
    if not args.gold.is_dir():
        print(f"no gold files at {args.gold}: check out ../shared beside the repository")
        return 2
    amendments = score_all(args.gold, args.corpus)
    if args.json:
        print(json.dumps(as_json(amendments), ensure_ascii=False))
        return 0
    print("\n".join(table(amendments)))
    print("\nwhat policydiff removed (✗ a whole line between the first and the last article)")
    for a in amendments:
        for side, lines in a.removed.items():
            for (text, reason, where), times in Counter(lines).items():
                mark = {"line inside": "✗", "in-line inside": "·"}.get(where, " ")
                again = f"  (×{times})" if times > 1 else ""
                print(f"  {mark} {a.gold.name} {side} [{reason}, {where}] {text!r}{again}")
    if args.misses:
        errors = list(misses(amendments, METHODS, info=True))
        print(f"\nevery miss ({len(errors)})")
    else:
        errors = list(misses(amendments, ("policydiff",)))
        print(f"\npolicydiff errors ({len(errors)}; --misses lists the rest)")
    for line in errors:
        print(f"  ✗ {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
