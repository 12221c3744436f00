"""How extraction time grows with the length of pathological inputs: linear, or worse?

Run from the repository root::

    python benchmarks/scaling.py

Each input repeats one shape that once made a regex or a scan go quadratic (a run of digits,
numerals, dashes or quotes, a ``分别`` list, a table of bare cells, a ``、`` list ...). For each,
:func:`policydiff.quantities` is timed on the text at size ``n`` and ``2n`` (the best of three
runs each) and the ratio printed: about 2 is linear, about 4 quadratic. A ratio above 3 is
flagged. Wall-clock times belong here, not in the test suite, where a loaded machine makes
them flake; the tests check the same inputs for exact spans only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from policydiff import quantities

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


def best_of(text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        quantities(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    print(f"{'shape':10} {'chars':>9} {'time n':>9} {'time 2n':>9} {'ratio':>6}")
    worst = 0.0
    for name, (make, count) in SHAPES.items():
        small, large = make(count), make(2 * count)
        t_small, t_large = best_of(small), best_of(large)
        ratio = t_large / t_small if t_small else float("nan")
        worst = max(worst, ratio)
        flag = "  <- worse than linear" if ratio > 3 else ""
        print(f"{name:10} {len(small):9,} {t_small:8.3f}s {t_large:8.3f}s {ratio:6.2f}{flag}")
    print(f"worst ratio {worst:.2f} (2 = linear, 4 = quadratic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
