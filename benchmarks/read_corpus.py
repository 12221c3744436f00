"""Time reading every real document we have (the samples and ``../shared/corpus``).

Run from the repository root: ``python benchmarks/read_corpus.py``. Prints the median of
five timed runs after one warm-up, per document and in total (decode, normalize, find the
body, segment, extract quantities). Each read reads its document afresh: what extraction
remembers of the texts read before is let go first (untimed).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff.extract import forget_texts  # noqa: E402

RUNS = 5


def main() -> int:
    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted(
        (ROOT.parent / "shared" / "corpus").glob("*.txt")
    )
    for path in paths:  # warm-up: imports, OpenCC dictionaries, regex compilation
        policydiff.read(path)
    per_doc: dict[str, float] = {}
    totals = []
    for _ in range(RUNS):
        start_all = time.perf_counter()
        for path in paths:
            forget_texts()
            start = time.perf_counter()
            policydiff.read(path)
            per_doc.setdefault(path.name, 0.0)
            per_doc[path.name] += time.perf_counter() - start
        totals.append(time.perf_counter() - start_all)
    size = sum(p.stat().st_size for p in paths)
    for name, seconds in per_doc.items():
        print(f"{name:<50}{seconds / RUNS * 1000:8.1f} ms")
    print(
        f"{len(paths)} documents, {size / 1024:.0f} KiB: median {statistics.median(totals):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
