"""Score policydiff against the hand-made gold files in ``../shared/gold``.

Run from the repository root::

    python benchmarks/score_gold.py            # one table
    python benchmarks/score_gold.py --json     # the same figures as JSON

What is scored (SPEC §4): structure (gold nodes found by their ``starts`` anchor, with the gold
path and marker), metadata fields, normalization checks, the 2023H2 task list (markers, ordinal
paths, lead agencies, the Q&A as its own part), and quantities (a gold quantity is found when a
predicted one in the same node has the same ``low``/``high`` and unit class).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff.extract import unit_class  # noqa: E402
from policydiff.model import Document, Node, Quantity  # noqa: E402

SAMPLES = ROOT / "samples"
GOLD = ROOT.parent / "shared" / "gold"


@dataclass
class Score:
    """One row of the table: ``hits`` out of ``total``, with what went wrong."""

    name: str
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(what)

    @property
    def ratio(self) -> float:
        return self.hits / self.total if self.total else 1.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def node_starts(node: Node) -> str:
    """What a gold ``starts`` anchor is compared with: heading, else text, after the marker."""
    return _squash(node.heading + "。" + node.text if node.heading else node.text)


def find_node(doc: Document, starts: str, path: str | None = None) -> Node | None:
    """The node whose heading or text begins with ``starts`` (the one at ``path`` if several)."""
    anchor = _squash(starts)
    found = [n for n in doc.walk() if node_starts(n).startswith(anchor)]
    if not found:
        found = [n for n in doc.walk() if _squash(n.marker + node_starts(n)).startswith(anchor)]
    if path is not None:
        for node in found:
            if node.path == path:
                return node
    numbered = [n for n in found if n.marker]
    return (numbered or found or [None])[0]


def same_value(q: Quantity, low: float, high: float) -> bool:
    return math.isclose(q.low, low, rel_tol=1e-9) and math.isclose(q.high, high, rel_tol=1e-9)


def score_structure(doc: Document, gold: Iterable[dict[str, Any]], name: str) -> Score:
    score = Score(name)
    for item in gold:
        node = find_node(doc, item["starts"], item["path"])
        ok = node is not None and node.path == item["path"] and node.marker == item["marker"]
        got = f"{node.path} {node.marker}" if node else "not found"
        score.add(ok, f"{item['path']} {item['marker']} {item['starts'][:12]}… → {got}")
    return score


def score_metadata(doc: Document, gold: dict[str, Any], name: str) -> Score:
    score = Score(name)
    for key, want in gold.items():
        if key == "title_contains":
            score.add(bool(doc.title and want in doc.title), f"title {doc.title!r} ∌ {want!r}")
            continue
        got = getattr(doc, key)
        got = list(got) if isinstance(got, tuple) else got
        score.add(got == want, f"{key}: {got!r} ≠ {want!r}")
    return score


_DIGIT = re.compile(r"\d")


def score_quantities(doc: Document, gold: list[dict[str, Any]], name: str) -> tuple[Score, Score]:
    """Recall over the gold quantities and precision over the predicted ones with digits."""
    recall = Score(f"{name} recall")
    matched: set[int] = set()
    for item in gold:
        node = _node_at(doc, item["node"])
        candidates = list(node.quantities) if node else []
        hit = next(
            (
                q
                for q in candidates
                if same_value(q, item["low"], item["high"])
                and unit_class(q.unit) == unit_class(item["unit"])
                and id(q) not in matched
            ),
            None,
        )
        if hit is not None:
            matched.add(id(hit))
        recall.add(hit is not None, f"{item['node']} {item['text']}")
    precision = Score(f"{name} precision")
    for node in doc.walk():
        for q in node.quantities:
            if _DIGIT.search(q.text):
                precision.add(id(q) in matched, f"{node.path} {q.text} ({q.metric})")
    return recall, precision


def _node_at(doc: Document, path: str) -> Node | None:
    try:
        return doc.node(path)
    except KeyError:
        return None


def _text_checks(text: str, must: Iterable[str], must_not: Iterable[str], name: str) -> Score:
    score = Score(name)
    for item in must:
        score.add(item in text, f"missing {item!r}")
    for item in must_not:
        score.add(item not in text, f"still has {item!r}")
    return score


def score_nhc_pair(gold: dict[str, Any]) -> Iterator[Score]:
    old = policydiff.read(SAMPLES / gold["old"])
    new = policydiff.read(SAMPLES / gold["new"])
    yield score_structure(old, gold["structure"]["old"], "NHC 2024 structure")
    yield score_structure(new, gold["structure"]["new"], "NHC 2025 structure")
    yield score_metadata(old, gold["metadata"]["old"], "NHC 2024 metadata")
    yield score_metadata(new, gold["metadata"]["new"], "NHC 2025 metadata")
    for doc, side, label in ((old, "old", "NHC 2024"), (new, "new", "NHC 2025")):
        yield from score_quantities(doc, gold["quantities"][side], f"{label} quantities")
    yield from score_links(old, new, gold, "NHC 2024→2025")
    yield from score_numbers(old, new, gold, "NHC 2024→2025")


def score_primary_care(gold: dict[str, Any]) -> Iterator[Score]:
    old = policydiff.read(SAMPLES / gold["old"])
    new = policydiff.read(SAMPLES / gold["new"])
    yield score_structure(old, gold["structure"]["old"], "2023 priorities structure")
    norm = gold["normalization"]
    yield _text_checks(
        old.text, norm["old_must_contain"], norm["old_must_not_contain"], "2023 normalization"
    )
    yield _text_checks(new.text, [], norm["new_must_not_contain"], "2024 key tasks chrome")
    headings = Score("2024 key-task headings")
    for heading in gold["structure"]["new_headings"]:
        node = next((n for n in new.walk() if n.kind == "heading" and n.heading == heading), None)
        ok = node is not None and any(c.kind == "enum" for c in node.children)
        headings.add(ok, f"{heading} → {'no 一是 children' if node else 'not a heading node'}")
    yield headings
    measures = Score("2024 key-task measures")
    for measure in gold["structure"]["new_measures"]:
        marker, _, rest = measure.partition("是")
        node = find_node(new, rest)
        measures.add(node is not None and node.marker == marker + "是", measure)
    yield measures
    traps = Score("2023/2024 quantity traps")
    for doc in (old, new):
        for node in doc.walk():
            for q in node.quantities:
                bad = re.search(r"型|岁", doc.text[q.span[1] : q.span[1] + 1] + q.text)
                traps.add(not bad, f"{node.path} {q.text} extracted")
    yield traps
    yield from score_links(old, new, gold, "2023→2024 priorities")
    yield from score_numbers(old, new, gold, "2023→2024 priorities")


def score_reform(gold: dict[str, Any]) -> Iterator[Score]:
    doc = policydiff.read(SAMPLES / gold["file"])
    tasks = Score("2023H2 tasks (一)…(二十)")
    from policydiff._text import chinese_ordinal

    for ordinal, starts in enumerate(gold["tasks"], start=1):
        node = find_node(doc, starts)
        ok = (
            node is not None
            and node.kind == "paren_cn"
            and chinese_ordinal(node.marker.strip("()")) == ordinal
            and node.key == str(ordinal)
            and node.parent_path is not None
            and ":" not in node.path
        )
        tasks.add(ok, f"({ordinal}) {starts} → {node.path if node else 'not found'}")
    yield tasks
    agencies = Score("2023H2 lead agencies")
    example = gold["lead_agencies_example"]
    node = find_node(doc, example["task"])
    got = list(node.agencies) if node else []
    agencies.add(got == example["agencies"], f"{got}")
    yield agencies
    part = Score("2023H2 Q&A is part p2")
    qa = [n for n in doc.walk() if n.path.startswith("p2:")]
    part.add(bool(qa) and any(n.marker == "一、" for n in qa), "no p2: part with 一、")
    task_paths = {n.path for n in doc.walk() if n.kind == "paren_cn"}
    part.add(not any(p.startswith("p2:") for p in task_paths), "tasks leaked into p2")
    yield part
    quantities = Score("2023H2 sample quantities")
    for item in gold["quantities_sample"]:
        node = find_node(doc, item["task"])
        hit = node is not None and any(
            same_value(q, item["low"], item["high"]) and q.unit == item["unit"]
            for q in node.quantities
        )
        quantities.add(hit, item["text"])
    yield quantities


def _resolve(doc: Document, ref: str) -> str | None:
    """A gold link end: a path as written, else a ``starts`` anchor."""
    if (
        _node_at(doc, ref) is not None
        and re.fullmatch(r"[\w.:~]+", ref)
        and not re.search(r"[\u4e00-\u9fff]", ref)
    ):
        return ref
    node = find_node(doc, ref)
    return node.path if node else None


def score_links(
    old: Document, new: Document, gold: dict[str, Any], name: str
) -> tuple[Score, Score, Score]:
    """Link precision, recall and spurious rate, as redlines' alignment benchmark counts them.

    Precision: right links / reported links, over links with an end the gold annotates
    (optional links are neither rewarded nor punished). Recall: required links found (a
    ``required_any`` link is found when any one of its partners is linked). Spurious: reported
    links touching a node the gold says is added or dropped.
    """
    from policydiff import align

    alignment = align(list(old.walk()), list(new.walk()))
    reported = {(link.old, link.new) for link in alignment.links}
    links = gold["links"]
    required = {(_resolve(old, a), _resolve(new, b)) for a, b in links.get("required", [])}
    optional = {(_resolve(old, a), _resolve(new, b)) for a, b in links.get("optional", [])}
    required_any = [
        (_resolve(old, a), {_resolve(new, b) for b in bs})
        for a, bs in links.get("required_any", [])
    ]
    recall = Score(f"{name} link recall")
    for pair in sorted(required, key=str):
        recall.add(pair in reported, f"missing {pair[0]} → {pair[1]}")
    for a, bs in required_any:
        recall.add(
            any((a, b) in reported for b in bs), f"missing {a} → any of {sorted(map(str, bs))}"
        )
    annotated_old = {_resolve(old, item["starts"]) for item in gold["structure"].get("old", [])}
    annotated_new = {_resolve(new, item["starts"]) for item in gold["structure"].get("new", [])}
    for a, b in required | optional:
        annotated_old.add(a)
        annotated_new.add(b)
    for a, bs in required_any:
        annotated_old.add(a)
        annotated_new.update(bs)
    right_any = {(a, b) for a, bs in required_any for b in bs}
    precision = Score(f"{name} link precision")
    for pair in sorted(reported):
        if pair in optional or (
            pair not in required
            and pair not in right_any
            and pair[0] not in annotated_old
            and pair[1] not in annotated_new
        ):
            continue
        precision.add(pair in required or pair in right_any, f"wrong {pair[0]} → {pair[1]}")
    dropped, added = _gold_added_dropped(links.get("note", ""))
    spurious = Score(f"{name} spurious (1 = none)")
    for a, b in sorted(reported):
        spurious.add(a not in dropped and b not in added, f"link {a} → {b} touches added/dropped")
    return precision, recall, spurious


def score_numbers(
    old: Document, new: Document, gold: dict[str, Any], name: str
) -> tuple[Score, Score]:
    """Number-change precision and recall: a predicted changed/unchanged pair is right when
    both of its sides match a gold pair (node and value)."""
    result = policydiff.diff(old, new)
    required = gold.get("number_changes", {}).get("required", [])
    predicted = [c for c in result.numbers if c.change in ("changed", "unchanged")]

    def matches(change: Any, item: dict[str, Any]) -> bool:
        (old_node, old_value), (new_node, new_value) = item["old"], item["new"]
        return (
            change.old.node == old_node
            and change.new.node == new_node
            and math.isclose(change.old.quantity.low, old_value, rel_tol=1e-9)
            and math.isclose(change.new.quantity.low, new_value, rel_tol=1e-9)
            and change.change == item["change"]
        )

    recall = Score(f"{name} number recall")
    for item in required:
        recall.add(any(matches(c, item) for c in predicted), f"missing {item['metric']}")
    precision = Score(f"{name} number precision")
    for change in predicted:
        precision.add(
            any(matches(change, item) for item in required),
            f"wrong {change.metric}: {change.old.node} {change.old.quantity.text} → "
            f"{change.new.node} {change.new.quantity.text}",
        )
    return precision, recall


def _gold_added_dropped(note: str) -> tuple[set[str], set[str]]:
    """Paths the gold's note calls dropped (old) and added (new)."""
    dropped = set(re.findall(r"old ([\d.]+) \([^)]*\) has no counterpart", note))
    added_part = note.split("new", 1)[1] if "added" in note and "new" in note else ""
    added = set(re.findall(r"(\d+(?:\.\d+)*) \(", added_part))
    return dropped, added


def score_all() -> list[Score]:
    scores: list[Score] = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if "links" in gold and gold.get("old", "").startswith("nhc-reply"):
            scores.extend(score_nhc_pair(gold))
        elif "normalization" in gold:
            scores.extend(score_primary_care(gold))
        elif "tasks" in gold:
            scores.extend(score_reform(gold))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    if not GOLD.is_dir():
        print(f"no gold files at {GOLD}: check out ../shared beside the repository")
        return 2
    scores = score_all()
    if args.json:
        print(json.dumps({s.name: [s.hits, s.total] for s in scores}, ensure_ascii=False))
        return 0
    width = max(len(s.name) for s in scores) + 2
    print(f"{'check':<{width}}{'score':>10}{'ratio':>9}")
    for s in scores:
        print(f"{s.name:<{width}}{s.hits:>5}/{s.total:<4}{s.ratio:>9.3f}")
        if args.misses or s.ratio < 1:
            for miss in s.misses[: None if args.misses else 5]:
                print(f"    ✗ {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
