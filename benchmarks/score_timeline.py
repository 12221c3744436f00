"""Score policydiff's numbers against the headline figures of ten Government Work Reports.

Run from the repository root, with ``../shared`` beside it::

    python benchmarks/score_timeline.py            # the table
    python benchmarks/score_timeline.py --misses   # and every miss, in words

The answers are ``../shared/gold/gwr-timeline-2005-2014.json`` (format in
``../shared/gold/README.md``): for each report and each of 17 keys (``gdp_growth_target``,
``cpi_actual``, ...) the figure the report states, with its quote and offsets, or ``absent``.
Three things are scored, as that README says:

- **extraction** — at each figure's ``value_offset`` (an offset in the file as it is), the
  quantity policydiff extracts there: its value (``low``/``high``, relative tolerance 1e-9),
  unit, qualifier class and kind. Qualifier classes: ``exact`` (no qualifier), ``approx``
  (约, 左右, 近), ``min`` (以上, 不低于, 超过, 突破), ``max`` (以内, 低于, 不超过); a gold class
  written ``max|exact`` accepts either.
- **timeline series** — ``policydiff.timeline`` over the ten reports: for each key, the row
  holding most of its figures. Precision: of that row's cells, those that are the key's figure of
  their year (a cell in a year the gold says is absent is wrong); recall: of the key's figures,
  those in that row.
- **pairing** — ``policydiff.diff`` of each pair of consecutive reports: a key whose figure both
  years state must be paired (changed or unchanged) old with new. Precision: of the pairs the
  diff reports that touch a gold figure on either side, those that pair the same key's figures;
  recall: of the gold pairs, those reported. Precision is given over every pair and over the
  headline pairs (those at or over the headline confidence; the rest are shown as possibly
  related). A target paired with an actual is counted apart.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff.model import Document, Quantity, QuantityRef  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "gwr-timeline-2005-2014.json"
CORPUS = SHARED / "corpus"

QUALIFIER_CLASS = {
    None: "exact",
    "approx": "approx",
    "nearly": "approx",
    "at_least": "min",
    "over": "min",
    "at_most": "max",
    "under": "max",
    "cumulative": "exact",
}
Figure = tuple[int, int]  # (year, value offset in the file)


def located(doc: Document) -> dict[int, tuple[str, Quantity]]:
    """Every quantity of a document by each original offset its text covers."""
    found: dict[int, tuple[str, Quantity]] = {}
    for node in doc.walk():
        for q in node.quantities:
            start, end = doc.original_span(q.span)
            for offset in range(start, end):
                found.setdefault(offset, (node.path, q))
    return found


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)
        self.misses: list[str] = []

    def add(self, name: str, ok: bool, miss: str = "") -> None:
        self.total[name] += 1
        self.right[name] += ok
        if not ok and miss:
            self.misses.append(f"{name}: {miss}")

    def row(self, name: str) -> str:
        right, total = self.right[name], self.total[name]
        ratio = right / total if total else 1.0
        return f"{name:44} {f'{right}/{total}':>9}  {ratio:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    gold: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))
    years = sorted({g["year"] for g in gold})
    docs = {y: policydiff.read(CORPUS / f"gwr_{y}.txt") for y in years}
    where = {y: located(doc) for y, doc in docs.items()}
    tally = Tally()

    # Each figure once, with every key it answers (a central deficit is often the deficit too).
    keys_of: dict[Figure, set[str]] = defaultdict(set)
    entry_of: dict[Figure, dict[str, Any]] = {}
    absent: set[tuple[str, int]] = set()
    for g in gold:
        if g.get("absent"):
            absent.add((g["metric"], g["year"]))
            continue
        figure = (g["year"], g["value_offset"])
        keys_of[figure].add(g["metric"])
        entry_of[figure] = g

    # --- extraction at each quote --------------------------------------------------------
    found_at: dict[Figure, tuple[str, Quantity]] = {}
    for figure, g in sorted(entry_of.items()):
        hit = where[g["year"]].get(g["value_offset"])
        label = f"{g['year']} {'/'.join(sorted(keys_of[figure]))} {g['value_text']!r}"
        tally.add("extraction: found", hit is not None, f"{label}: nothing extracted")
        if hit is None:
            continue
        found_at[figure] = hit
        q = hit[1]
        value_ok = same(q.low, g["value_low"]) and same(q.high, g["value_high"])
        tally.add("extraction: value", value_ok, f"{label}: {q.low}..{q.high} ({q.text})")
        tally.add("extraction: unit", q.unit == g["unit"], f"{label}: unit {q.unit!r}")
        accepted = (g.get("qualifier_class") or "exact").split("|")
        got = QUALIFIER_CLASS.get(q.qualifier, "exact")
        tally.add("extraction: qualifier", got in accepted, f"{label}: {got} ({q.qualifier})")
        tally.add("extraction: kind", q.kind == g["kind"], f"{label}: {q.kind}, metric {q.metric}")

    def figure_of(year: int, ref: QuantityRef | None) -> Figure | None:
        if ref is None:
            return None
        for figure, (path, q) in found_at.items():
            if figure[0] == year and path == ref.node and q == ref.quantity:
                return figure
        return None

    # --- timeline series -----------------------------------------------------------------
    timeline = policydiff.timeline([docs[y] for y in years])
    rows = [[figure_of(y, cell) for y, cell in zip(years, row.cells, strict=True)] for row in
            timeline.rows]  # fmt: skip
    keys = sorted({k for ks in keys_of.values() for k in ks})
    for key in keys:
        mine = {f for f, ks in keys_of.items() if key in ks}
        counts = [sum(f in mine for f in row) for row in rows]
        best = max(range(len(rows)), key=counts.__getitem__) if any(counts) else None
        held = rows[best] if best is not None else [None] * len(years)
        cells = timeline.rows[best].cells if best is not None else (None,) * len(years)
        for year, figure, cell in zip(years, held, cells, strict=True):
            if cell is None:
                continue
            why = " (the gold says the report states none)" if (key, year) in absent else ""
            tally.add(
                "timeline: series precision",
                figure in mine,
                f"{key} {year}: {cell.quantity.metric} {cell.quantity.text} is not its figure{why}",
            )
        for figure in sorted(mine):
            tally.add("timeline: series recall", figure in held, f"{key} {figure[0]}: missing")

    # --- pairing of consecutive reports ----------------------------------------------------
    for old_year, new_year in itertools.pairwise(years):
        result = policydiff.diff(docs[old_year], docs[new_year])
        pairs = set()
        for change in result.numbers:
            if change.change not in ("changed", "unchanged"):
                continue
            a, b = figure_of(old_year, change.old), figure_of(new_year, change.new)
            if a is None and b is None:
                continue
            ok = a is not None and b is not None and bool(keys_of[a] & keys_of[b])
            old_q, new_q = change.old.quantity, change.new.quantity  # type: ignore[union-attr]
            mixed = old_q.kind != new_q.kind
            said = (
                f"{old_year}→{new_year} {old_q.metric} {old_q.text} → {new_q.metric} {new_q.text}"
            )
            tally.add("pairing: precision (every pair)", ok, f"{said} ({change.confidence})")
            if change.headline:
                tally.add("pairing: precision (headline pairs)", ok, said)
            tally.add("pairing: no target paired with an actual", not mixed)
            if a is not None and b is not None:
                pairs.add((a, b))
        for key in keys:
            a = next((f for f, ks in keys_of.items() if f[0] == old_year and key in ks), None)
            b = next((f for f, ks in keys_of.items() if f[0] == new_year and key in ks), None)
            if a is None or b is None:
                continue
            tally.add("pairing: recall", (a, b) in pairs, f"{old_year}→{new_year} {key}")

    print(f"{'check':44} {'score':>9}  ratio")
    for name in sorted(tally.total):
        print(tally.row(name))
    if args.misses:
        print()
        print("\n".join(tally.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
