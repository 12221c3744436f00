"""How the alignment of large documents compares with the exact one, and what it says of a
lightly edited table.

Run from the repository root: ``python benchmarks/large_alignment.py`` (``--seeds 1 2 3`` for
other edits). Two measurements:

1. **Real documents.** Every real document we have (the samples, ``../shared/corpus`` and its
   formats and laws, as ``benchmarks/fuzz.py`` reads them) joined into one text, against the
   same text with each document edited by ``fuzz.py``'s seeded edits (spans deleted, markers
   inserted, figures changed, lines duplicated and swapped), about 2,500 nodes a side. The
   pair is aligned three ways: by the dense scorer over every old × new pair (the exact
   alignment, what documents below ``_sparse.SPARSE_CELLS`` get), and on candidate pairs as
   large documents are (``SPARSE_CELLS`` set to 0), with and without the leaves in equal runs
   linked first (``_align._runs.leaf_runs``; without, the search alone). Printed: links, how many
   of them the dense alignment has too, how many it has that the large-document path misses,
   and the links reported moved.
2. **A flattened count table** (``adversarial.py``'s table-1m cut to 120 KB, mutated as that
   benchmark mutates it: 2% of its lines touched, nothing moved): links, links reported
   moved, links out of place (old and new path differ), and the nodes reported added, dropped
   and changed, with and without the runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import adversarial  # noqa: E402
import fuzz  # noqa: E402
import policydiff  # noqa: E402
import policydiff._align as aligner  # noqa: E402
from policydiff._align import _sparse, align  # noqa: E402
from policydiff.model import Alignment, Node  # noqa: E402

_EDIT_ROUNDS = 3


@contextmanager
def _path(*, dense: bool, runs: bool) -> Iterator[None]:
    """Align as the dense path does, or as large documents are, with or without runs."""
    cells, leaf_runs = _sparse.SPARSE_CELLS, aligner.leaf_runs
    _sparse.SPARSE_CELLS = 10**13 if dense else 0
    if not runs:
        empty = np.zeros(0, dtype=np.int64)
        aligner.leaf_runs = lambda old, new: (empty, empty)  # (the name align() calls)
    try:
        yield
    finally:
        _sparse.SPARSE_CELLS, aligner.leaf_runs = cells, leaf_runs


def _links(alignment: Alignment) -> set[tuple[str, str]]:
    return {(link.old, link.new) for link in alignment.links}


def real_documents(seed: int) -> tuple[list[Node], list[Node]]:
    docs, _ = fuzz.real_documents()
    rng = random.Random(seed)
    olds, news = [], []
    for _, text in docs:
        edited = text
        for _ in range(_EDIT_ROUNDS):
            edited = fuzz._edit(edited, rng)
        olds.append(text)
        news.append(edited)
    return (
        list(policydiff.parse("\n".join(olds)).walk()),
        list(policydiff.parse("\n".join(news)).walk()),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    print("real documents joined, edited: links (with the dense path's), missed, moved")
    print("| seed | nodes | dense links | moved | path | links | shared | missed | moved |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in args.seeds:
        old, new = real_documents(seed)
        with _path(dense=True, runs=False):
            exact = align(old, new)
        exact_links = _links(exact)
        for name, runs in (("candidates + runs", True), ("candidates alone", False)):
            with _path(dense=False, runs=runs):
                found = align(old, new)
            links = _links(found)
            print(
                f"| {seed} | {len(old):,} × {len(new):,} | {len(exact_links):,} "
                f"| {sum(link.moved for link in exact.links):,} | {name} | {len(links):,} "
                f"| {len(links & exact_links):,} | {len(exact_links - links):,} "
                f"| {sum(link.moved for link in found.links):,} |"
            )
    print()
    print("flattened count table, 120 KB, 2% of lines touched")
    print("| path | links | moved | out of place | changed | added | dropped |")
    print("|---|---|---|---|---|---|---|")
    text = adversarial.count_table(adversarial.MB)[:120_000]
    a, b = policydiff.parse(text), policydiff.parse(adversarial.mutate(text))
    for name, runs in (("candidates + runs", True), ("candidates alone", False)):
        with _path(dense=False, runs=runs):
            result = policydiff.diff(a, b)
        links = result.alignment.links
        count = {kind: sum(n.change == kind for n in result.nodes) for kind in
                 ("changed", "added", "dropped")}  # fmt: skip
        print(
            f"| {name} | {len(links):,} | {sum(link.moved for link in links):,} "
            f"| {sum(link.old != link.new for link in links):,} | {count['changed']:,} "
            f"| {count['added']:,} | {count['dropped']:,} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
