"""Speed and memory of policydiff, side by side with difflib and diff-match-patch.

Run from the repository root (``pip install -e '.[bench]'`` first)::

    python benchmarks/speed.py              # every pair
    python benchmarks/speed.py --quick      # skip the 1 MB pair

For each pair of raw texts, in one process, the median of repeated runs after three warm-up runs:

- policydiff end to end (read both, normalize, segment, extract, align, diff, JSON), and
  each stage alone;
- ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`` at character level;
- ``fast_diff_match_patch.diff(a, b, cleanup="Semantic", timelimit=0)``.

Pairs: the NHC sample pair, a Government Work Report pair (2021 → 2022), and pairs of about
100 KB and 1 MB per side built by concatenating the real documents of ``../shared/corpus``
(earlier years on one side, later years on the other). Peak memory is the maximum resident
set of a fresh process running policydiff end to end on the pair. A baseline that would run
past ``--limit`` seconds is stopped and reported as ``>limit``.
"""

from __future__ import annotations

import argparse
import difflib
import math
import multiprocessing as mp
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff import align  # noqa: E402
from policydiff.extract import forget_texts  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
# Consecutive documents of one series, each used on one side only, so the two sides share no
# identical document (which would let a text differ skip it in one step).
SERIES = [
    ("gwr_2019.txt", "gwr_2020.txt"),
    ("hailar_gwr_2016.txt", "hailar_gwr_2017.txt"),
    ("shanghai_social_assistance_reg_2018.txt", "shanghai_social_assistance_reg_2024.txt"),
    ("gwr_2021.txt", "gwr_2022.txt"),
    ("hongze_gov_info_disclosure_2023.txt", "hongze_gov_info_disclosure_2024.txt"),
    ("gov_office_reply_govwebsite_2005.txt", "gov_office_reply_govwebsite_2006.txt"),
]


def _concatenate(size: int) -> tuple[str, str]:
    """Old and new sides of about ``size`` bytes each: the series pairs in the same order,
    repeated as often as needed."""
    old_parts: list[str] = []
    new_parts: list[str] = []
    total = 0
    k = 0
    while total < size:
        old_name, new_name = SERIES[k % len(SERIES)]
        old_parts.append((CORPUS / old_name).read_text(encoding="utf-8"))
        new_parts.append((CORPUS / new_name).read_text(encoding="utf-8"))
        total += len(old_parts[-1].encode("utf-8"))
        k += 1
    return "\n".join(old_parts), "\n".join(new_parts)


def pairs(quick: bool) -> list[tuple[str, str, str]]:
    samples = ROOT / "samples"
    found = [
        (
            "NHC sample pair",
            (samples / "nhc-reply-7663-2024.txt").read_text(encoding="utf-8"),
            (samples / "nhc-reply-community-health-2025.txt").read_text(encoding="utf-8"),
        ),
        (
            "GWR 2021→2022",
            (CORPUS / "gwr_2021.txt").read_text(encoding="utf-8"),
            (CORPUS / "gwr_2022.txt").read_text(encoding="utf-8"),
        ),
        ("~100 KB", *_concatenate(100_000)),
    ]
    if not quick:
        found.append(("~1 MB", *_concatenate(1_000_000)))
    return found


def median_time(run: Callable[[], Any], repeat: int, warm_up: int = 3) -> float:
    """The median time of ``run`` over ``repeat`` runs after ``warm_up`` runs, each reading
    its texts afresh: what policydiff remembers of the texts it read is let go before each
    run (:func:`policydiff.extract.forget_texts`, not timed), so that a run of the same pair
    is timed as the first one, not as a lookup."""
    for _ in range(warm_up):
        forget_texts()
        run()
    times = []
    for _ in range(repeat):
        forget_texts()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def end_to_end(old: str, new: str) -> str:
    return policydiff.diff(policydiff.parse(old), policydiff.parse(new)).to_json()


def _child(target: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    start = time.perf_counter()
    target(*args)
    seconds = time.perf_counter() - start
    queue.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def in_child(target: Callable[..., Any], args: tuple[Any, ...], limit: float) -> tuple[float, int]:
    """Run once in a fresh process: (seconds, peak RSS in KiB), or (inf, 0) past ``limit``."""
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(target, args, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        return math.inf, 0
    seconds, rss = queue.get()
    return float(seconds), int(rss)


def run_difflib(old: str, new: str) -> None:
    difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def run_dmp(old: str, new: str) -> None:
    import fast_diff_match_patch

    fast_diff_match_patch.diff(old, new, cleanup="Semantic", timelimit=0)


def stages(old: str, new: str, repeat: int) -> dict[str, float]:
    a, b = policydiff.parse(old), policydiff.parse(new)
    nodes_a, nodes_b = list(a.walk()), list(b.walk())
    result = policydiff.diff(a, b)
    return {
        "read": median_time(lambda: (policydiff.parse(old), policydiff.parse(new)), repeat),
        "align": median_time(lambda: align(nodes_a, nodes_b), repeat),
        "diff": median_time(lambda: policydiff.diff(a, b), repeat),
        "json": median_time(result.to_json, repeat),
    }


def fmt(seconds: float) -> str:
    if math.isinf(seconds):
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1 MB pair")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per baseline run")
    args = parser.parse_args()
    rows = []
    for name, old, new in pairs(args.quick):
        size = (len(old.encode()) + len(new.encode())) / 2
        # more runs for the small pairs: their median moves with the load of a shared machine
        repeat = 21 if size < 20_000 else 7 if size < 200_000 else 3
        ours = median_time(lambda old=old, new=new: end_to_end(old, new), repeat)
        parts = stages(old, new, repeat)
        baseline_repeat = repeat if size < 200_000 else 1
        diff_lib = (
            median_time(lambda old=old, new=new: run_difflib(old, new), baseline_repeat)
            if size < 200_000
            else in_child(run_difflib, (old, new), args.limit)[0]
        )
        dmp = (
            median_time(lambda old=old, new=new: run_dmp(old, new), baseline_repeat)
            if size < 200_000
            else in_child(run_dmp, (old, new), args.limit)[0]
        )
        _, rss = in_child(end_to_end, (old, new), 3600)
        rows.append((name, size, ours, parts, diff_lib, dmp, rss))

    header = (
        f"{'pair':<16}{'KB/side':>9}{'policydiff':>12}{'read':>10}{'align':>10}{'diff':>10}"
        f"{'json':>9}{'difflib':>11}{'dmp':>11}{'pd/difflib':>12}{'pd/dmp':>9}{'peak RSS':>10}"
    )
    print(header)
    for name, size, ours, parts, diff_lib, dmp, rss in rows:
        ratio_difflib = "—" if math.isinf(diff_lib) else f"{ours / diff_lib:.3f}"
        ratio_dmp = "—" if math.isinf(dmp) else f"{ours / dmp:.3f}"
        limit = f">{args.limit:.0f} s"
        print(
            f"{name:<16}{size / 1000:>9.0f}{fmt(ours):>12}{fmt(parts['read']):>10}"
            f"{fmt(parts['align']):>10}{fmt(parts['diff']):>10}{fmt(parts['json']):>9}"
            f"{(fmt(diff_lib) if not math.isinf(diff_lib) else limit):>11}"
            f"{(fmt(dmp) if not math.isinf(dmp) else limit):>11}"
            f"{ratio_difflib:>12}{ratio_dmp:>9}{rss / 1024:>7.0f} MB"
        )
    sized = [(size, ours) for name, size, ours, *_ in rows if name.startswith("~")]
    if len(sized) == 2:
        (s1, t1), (s2, t2) = sized
        exponent = math.log(t2 / t1) / math.log(s2 / s1)
        print(f"growth exponent of policydiff time, 100 KB → 1 MB: {exponent:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
