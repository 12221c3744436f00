"""How extraction and number pairing grow with the size of pathological inputs: linear, or
worse?

Run from the repository root::

    python benchmarks/scaling.py                  # both tables
    python benchmarks/scaling.py --extraction     # extraction only
    python benchmarks/scaling.py --pairing        # number pairing only
    python benchmarks/scaling.py --pairing --numbers 5000   # smaller pairing inputs

**Extraction.** Each input repeats one shape that once made a regex or a scan go quadratic (a
run of digits, numerals, dashes or quotes, a ``分别`` list, a table of bare cells, a ``、`` list
...). For each, :func:`policydiff.quantities` is timed on the text at size ``n`` and ``2n``.

**Pairing.** Each input is a document of ``n`` (then ``2n``) figures of one shape that once made
pairing quadratic or ran out of memory: ``(1)(2)`` repeated, bare counts (``5个,``), a flattened
count table (a label line, a cell line, one node each), one subject stated over and over
(``村卫生室5个。``), one bare noun over and over (``投资5亿元。``), and thousands of distinct but
alike labels (``项目1`` … ``项目n``). A unit of the shape is parsed once and its quantities
tiled, so that extraction (timed above) is not timed again; the other side is the same
document with every node's text touched and its first figure changed, so that no node is
identical and every figure goes through candidates and the assignment, and each node is
linked to its counterpart. :func:`pair_numbers` is timed on the two.

Every time is the best of three runs; the ratio of the ``2n`` time to the ``n`` time is printed:
about 2 is linear, about 4 quadratic. A ratio above 3 is flagged. Wall-clock times belong
here, not in the test suite, where a loaded machine makes them flake; the tests check the same
inputs for exact spans (extraction) and bounded memory (pairing) only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from policydiff import Alignment, Document, Link, Quantity, parse, quantities
from policydiff._diff import pair_numbers
from policydiff.extract import forget_texts

#: Each shape as a function of a repeat count, at its base count (about 300,000 characters).
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "digits": (lambda k: "1" * k, 300_000),
    "numerals": (lambda k: "一" * k, 300_000),
    "counts": (lambda k: "5个," * k, 50_000),
    "dashes": (lambda k: "5-" * k, 100_000),
    "quotes": (lambda k: "“" * k, 300_000),
    "emails": (lambda k: "a1.b2@" * k, 50_000),
    "fenbie": (lambda k: "城镇和农村分别达" + "35元、" * k, 40_000),
    "times": (lambda k: "截至2024年底," * k, 30_000),
    "plans": (lambda k: "扩大投资。今年拟安排5亿元。" + "新建3个。" * k, 50_000),
    "table": (lambda k: "单位:万元\n项目\n" + "收入\n" * k + "5\n" * k, 50_000),
    "list": (lambda k: "完成" + "8条、" * k + "道路", 50_000),
}


#: Pairing shapes: a unit of text, whether each copy of it is a node of its own (a table's
#: rows) rather than part of one long node, and whether each copy's subjects are made
#: distinct (``项目1``, ``项目2`` …).
PAIRING: dict[str, tuple[str, bool, bool]] = {
    "parens": ("(1)(2)" * 4, False, False),
    "counts": ("5个," * 4, False, False),
    "count table": ("村卫生室\n5\n乡镇卫生院\n7\n", True, False),
    "one subject": ("村卫生室5个。", False, False),
    "bare noun": ("投资5亿元。", False, False),
    "labels": ("项目完成7个。", False, True),
}


def best_of(run: Callable[[], object], runs: int = 3) -> float:
    """The best time of ``runs`` runs, each reading its texts afresh (what policydiff
    remembers of the texts it read is let go before each, untimed)."""
    times = []
    for _ in range(runs):
        forget_texts()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def ratio_row(name: str, size: int, t_small: float, t_large: float) -> float:
    ratio = t_large / t_small if t_small else float("nan")
    flag = "  <- worse than linear" if ratio > 3 else ""
    print(f"{name:12} {size:9,} {t_small:8.3f}s {t_large:8.3f}s {ratio:6.2f}{flag}")
    return ratio


def extraction() -> float:
    print(f"{'extraction':12} {'chars':>9} {'time n':>9} {'time 2n':>9} {'ratio':>6}")
    worst = 0.0
    for name, (make, count) in SHAPES.items():
        small, large = make(count), make(2 * count)
        t_small = best_of(lambda text=small: quantities(text))
        t_large = best_of(lambda text=large: quantities(text))
        worst = max(worst, ratio_row(name, len(small), t_small, t_large))
    return worst


def tiled(unit: str, figures: int, *, rows: bool, distinct: bool, touched: bool) -> Document | None:
    """A document of about ``figures`` quantities: ``unit`` parsed once, its quantities
    repeated with their offsets shifted a copy at a time, in one node or in one node a copy
    (``rows``). ``distinct`` gives each copy's subjects a number of their own; ``touched``
    changes every node's text and the first figure's value (the other side of a diff).
    ``None`` when extraction reads no figure in ``unit``."""
    base = parse(unit)
    template = next((node for node in base.walk() if node.quantities), None)
    if template is None:
        return None
    found = [q for node in base.walk() for q in node.quantities]
    copies = max(1, figures // len(found))
    width = len(base.text)

    def copy(r: int) -> list[Quantity]:
        moved = []
        for q in found:
            q = attrs.evolve(q, span=(q.span[0] + r * width, q.span[1] + r * width))
            if distinct:
                q = attrs.evolve(q, subject=f"{q.subject}{r}", metric=f"{q.metric}{r}")
            moved.append(q)
        return moved

    every = [copy(r) for r in range(copies)]
    if touched:
        first = every[0][0]
        every[0][0] = attrs.evolve(first, low=first.low + 1, high=first.high + 1)
    mark = "改" if touched else ""
    if rows:
        nodes = tuple(
            attrs.evolve(
                template,
                path=f"p{r + 1}",
                text=template.text + mark,
                span=(r * width, (r + 1) * width),
                quantities=tuple(every[r]),
                children=(),
            )
            for r in range(copies)
        )
    else:
        whole = tuple(q for part in every for q in part)
        nodes = (
            attrs.evolve(
                template,
                path="p1",
                text=template.text * copies + mark,
                span=(0, width * copies),
                quantities=whole,
                children=(),
            ),
        )
    return attrs.evolve(base, text=base.text * copies, nodes=nodes)


def pairing(figures: int) -> float:
    print(f"{'pairing':12} {'figures':>9} {'time n':>9} {'time 2n':>9} {'ratio':>6}")
    worst = 0.0
    for name, (unit, rows, distinct) in PAIRING.items():
        times, sizes = [], []
        for count in (figures, 2 * figures):
            old = tiled(unit, count, rows=rows, distinct=distinct, touched=False)
            new = tiled(unit, count, rows=rows, distinct=distinct, touched=True)
            if old is None or new is None:
                break
            links = Alignment(tuple(Link(n.path, n.path, 1.0) for n in old.walk()))
            sizes.append(sum(len(node.quantities) for node in old.walk()))
            times.append(
                best_of(lambda old=old, new=new, links=links: pair_numbers(old, new, links))
            )
        if len(times) < 2:
            print(f"{name:12} {'—':>9}  (extraction reads no figure in {unit[:12]!r})")
            continue
        worst = max(worst, ratio_row(name, sizes[0], *times))
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extraction", action="store_true", help="time extraction only")
    parser.add_argument("--pairing", action="store_true", help="time number pairing only")
    parser.add_argument(
        "--numbers", type=int, default=100_000, help="figures a side at n (default 100,000)"
    )
    args = parser.parse_args()
    both = args.extraction == args.pairing
    worst = 0.0
    if args.extraction or both:
        worst = max(worst, extraction())
    if args.pairing or both:
        worst = max(worst, pairing(args.numbers))
    print(f"worst ratio {worst:.2f} (2 = linear, 4 = quadratic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
