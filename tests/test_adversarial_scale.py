"""Adversarial shapes stay linear (issue 15): work is counted, not timed.

``benchmarks/adversarial.py`` times each shape at 1 MB; these tests check the same shapes at a
few hundred lines by counting what the code does — the lines the segmenter runs, the cells
the candidate search multiplies — for a document and one twice as long. A quadratic step
shows as a ratio near 4; a linear one stays near 2. Timed assertions would flake on a busy
machine; counts do not.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import numpy as np
import pytest
from scipy.sparse import csr_matrix

import policydiff
from policydiff._align import _sparse
from policydiff._align._features import _first_equal
from policydiff.extract import quantities

_SEGMENT = "policydiff/segment/"


def _lines_run(work: Callable[[], object], where: str = _SEGMENT) -> int:
    """How many lines of the modules under ``where`` run while ``work`` runs."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        return local if where in frame.f_code.co_filename.replace("\\", "/") else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def _growth(make: Callable[[int], str], n: int) -> float:
    """The segmenter's lines run for ``make(2n)`` over those for ``make(n)``."""
    small = _lines_run(lambda: policydiff.parse(make(n)))
    large = _lines_run(lambda: policydiff.parse(make(2 * n)))
    return large / small


@pytest.mark.parametrize(
    "make",
    [
        # the same marker again and again: each one's key made unique (1, 1~2, 1~3, …)
        pytest.param(lambda n: "一、总体情况\n" + "(一)推进工作。\n" * n, id="repeated-marker"),
        # a list of clauses, a paragraph after each item: who owns the paragraph
        pytest.param(
            lambda n: (
                "一、总体情况\n"
                + "".join(f"({k % 9 + 1})推进工作;\n段落文字。\n" for k in range(n))
            ),
            id="items-and-paragraphs",
        ),
        pytest.param(lambda n: "".join(f"一、{k}项工作\n" for k in range(n)), id="yi-lines"),
        pytest.param(lambda n: "单位:个\n" + "基层医疗\n5个\n" * n, id="count-table"),
    ],
)
def test_segmenting_is_linear(make: Callable[[int], str]) -> None:
    assert _growth(make, 300) < 2.4


def test_repeated_marker_keys_stay_unique_and_in_order() -> None:
    """The shortcut for repeated keys gives the keys a scan from ``~2`` gives."""
    doc = policydiff.parse("一、总体情况\n" + "(一)推进工作。\n" * 5)
    assert [n.path for n in doc.nodes[0].children] == ["1.1", "1.1~2", "1.1~3", "1.1~4", "1.1~5"]


def test_paragraph_after_clause_list_still_goes_to_the_parent() -> None:
    """The counted kinds decide as the scan of the siblings did: after a list of clauses the
    paragraph is the parent's, after a list of sentences it is the last item's."""
    clauses = policydiff.parse("一、总体情况\n(1)推进工作;\n(2)加强管理;\n段落文字。")
    assert [n.path for n in clauses.nodes[0].children] == ["1.1", "1.2", "1.p1"]
    sentences = policydiff.parse("一、总体情况\n(1)推进工作。\n(2)加强管理。\n段落文字。")
    assert [n.path for n in sentences.nodes[0].children] == ["1.1", "1.2"]
    assert "段落文字" in sentences.nodes[0].children[1].text


def test_repeated_short_text_is_read_once_and_shifted() -> None:
    """A short text read again (a table's repeated cell) gives the quantities a first reading
    gives, at its own offset."""
    first = quantities("村卫生室58.2万个。", year=2024, offset=10)
    again = quantities("村卫生室58.2万个。", year=2024, offset=500)
    assert [q.span for q in first] == [(14, 20)]
    assert [q.span for q in again] == [(504, 510)]
    assert [(q.low, q.metric) for q in again] == [(q.low, q.metric) for q in first]
    long = "。".join(["村卫生室58.2万个"] * 30)
    assert [q.span[0] for q in quantities(long, offset=7)][:2] == [11, 22]


def _brute_top(left: Any, right: Any, which: np.ndarray) -> set[tuple[int, int]]:
    """Score every row; keep the TOP best distinct rows (ties to the earlier), and of the
    rows equal to each, the last before and the first after the left row's place."""
    product = (left[which] @ right.T).toarray()
    dense = right.toarray()
    n_left, n_right = left.shape[0], right.shape[0]
    found = set()
    for r, row in zip(which.tolist(), product, strict=True):
        firsts = [
            c for c in range(n_right) if not any((dense[c] == dense[e]).all() for e in range(c))
        ]
        best = sorted(firsts, key=lambda c: (-row[c], c))[: _sparse.TOP]
        place = r * n_right / n_left
        for c in (c for c in best if row[c] > 0):
            equal = [e for e in range(n_right) if (dense[e] == dense[c]).all()]
            before = [e for e in equal if e < place]
            after = [e for e in equal if e >= place]
            found |= {(r, e) for e in (before[-1:] + after[:1])}
    return found


def test_top_takes_of_equal_rows_the_nearest_to_the_row() -> None:
    """Equal rows scored once give the pairs that scoring every row gives: the best distinct
    rows, and of each the rows of its kind nearest the row's place."""
    rng = np.random.default_rng(5)
    base = rng.integers(0, 3, size=(12, 9)).astype(np.float64)
    left = csr_matrix(base[rng.integers(0, 12, size=40)])
    right = csr_matrix(base[rng.integers(0, 12, size=50)])
    which = np.arange(0, 40, 3)
    rows, cols = _sparse._top(left, right, which, _first_equal(left), _first_equal(right))
    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == _brute_top(left, right, which)


def test_an_edited_repeated_line_is_a_candidate_for_the_line_in_its_place() -> None:
    """A table that repeats one cell thousands of times: a cell edited near the end is a
    candidate for the cell that stood in its place, not only for the first cells of the table,
    and the diff reports that one cell changed, nothing moved."""
    old = "\n".join(["村卫生室", "5个"] * 1500)
    lines = old.split("\n")
    lines[2800] = "乡村卫生室"
    new = "\n".join(lines)
    result = policydiff.diff(policydiff.parse(old), policydiff.parse(new))
    changed = [c for c in result.nodes if c.change != "unchanged"]
    assert [(c.change, c.old_text, c.new_text) for c in changed] == [
        ("changed", "村卫生室", "乡村卫生室")
    ]
    assert changed[0].old == changed[0].new
    assert not any(c.moved for c in result.nodes)


def test_repeated_lines_edited_here_and_there_stay_in_place() -> None:
    """A list that repeats a few items a thousand times, a dozen of one item edited near its
    start: every line keeps its partner in place — the ranks of the unedited occurrences drift
    by every edit before them, their places do not — and nothing is reported moved."""
    lines = ["一、社区", "一、建设", "一、项目"] * 1000
    old = "\n".join(lines)
    for k in range(0, 36 * 3, 9):  # every third 社区 of the first hundred lines
        lines[k] = "一、社区服务"
    result = policydiff.diff(policydiff.parse(old), policydiff.parse("\n".join(lines)))
    assert not any(c.moved for c in result.nodes)
    changed = [c for c in result.nodes if c.change != "unchanged"]
    assert len(changed) == 12
    assert all(c.change == "changed" and c.old == c.new for c in changed)


def test_top_multiplies_only_the_distinct_rows() -> None:
    """A document of few distinct lines repeated: the product's cells are counted by the
    distinct lines, not by all of them."""
    rng = np.random.default_rng(6)
    base = rng.random(size=(4, 12))
    cells: list[int] = []

    def counting(n: int) -> int:
        left = csr_matrix(base[np.arange(n) % 4])
        right = csr_matrix(base[(np.arange(n) + 1) % 4])
        original = csr_matrix.__matmul__

        def spy(self: Any, other: Any) -> Any:
            out = original(self, other)
            cells.append(out.shape[0] * out.shape[1])
            return out

        cells.clear()
        csr_matrix.__matmul__ = spy  # type: ignore[method-assign]
        try:
            _sparse._top(left, right, np.arange(n), _first_equal(left), _first_equal(right))
        finally:
            csr_matrix.__matmul__ = original  # type: ignore[method-assign]
        return sum(cells)

    assert counting(400) == counting(4000) <= 4 * 4 * _sparse.TOP


def test_splits_and_merges_with_equal_nodes_read_once() -> None:
    """Splits and merges found with equal nodes compared once are those found comparing
    every node: the same nodes, the same earliest partners, the same shares."""
    from policydiff._align._features import _Features
    from policydiff._align._related import _related

    old = policydiff.parse(
        "".join(f"({k % 3 + 1})加强基层医疗卫生服务体系建设。\n" for k in range(12))
        + "(9)推进村卫生室标准化建设,完善乡村医生队伍管理。\n"
    )
    new = policydiff.parse(
        "".join(f"({k % 3 + 1})加强基层医疗卫生服务体系建设。\n" for k in range(9))
        + "(8)推进村卫生室标准化建设。\n(9)完善乡村医生队伍管理。\n"
    )
    a, b = list(old.walk()), list(new.walk())
    pairs = [*((k, k) for k in range(9)), (12, 9)]
    features = _Features(a, b)
    assert features.dense  # small: compared node by node
    every = _related(a, b, pairs, 0.6, 0.5, features)
    features.dense = False  # as a large document is: equal nodes compared once
    once = _related(a, b, pairs, 0.6, 0.5, features)
    assert once == every
    # the repeated items merged into the earliest of their equal partners, the item cut in
    # two split from the whole
    assert [(r.kind, r.old, r.new) for r in every] == [
        ("merged_into", "p4:1", "1"),
        ("merged_into", "p4:2", "1"),
        ("merged_into", "p4:3", "1"),
        ("split_from", "p4:9", "p3:9"),
    ]


@pytest.mark.parametrize("collide", [False, True])
def test_first_equal_rows(collide: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row's first equal row, whether the rows' hashes tell them apart or collide (all
    constants 0: every row of a length in one group, then checked cell by cell)."""
    from policydiff._align import _features

    if collide:
        monkeypatch.setattr(_features, "_MIX", (np.int64(0),) * 4)
    rows = [[1, 0, 2], [0, 0, 0], [1, 0, 2], [0, 3, 0], [2, 0, 1], [0, 0, 0], [0, 3, 0]]
    expected = [0, 1, 0, 3, 4, 1, 3]
    assert _first_equal(csr_matrix(np.array(rows, dtype=float))).tolist() == expected
    assert _first_equal(np.array(rows, dtype=float)).tolist() == expected


def test_entries_summed_through_csr_as_by_sorting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many cells are added up through a CSR matrix: the same cells, in the same order, with
    the same sums (counts, so the order of adding changes nothing) as sorting their keys."""
    from policydiff._align import _features

    rng = np.random.default_rng(7)
    rows = rng.integers(0, 500, 5000)
    cols = rng.integers(0, 40, 5000)
    values = rng.integers(-2, 3, 5000).astype(np.float64)
    monkeypatch.setattr(_features, "_SORTED_SUM_MAX", 100)
    through_csr = _features._Entries.sum(rows, cols, values, 40)
    monkeypatch.setattr(_features, "_SORTED_SUM_MAX", 1 << 40)
    sorted_keys = _features._Entries.sum(rows, cols, values, 40)
    for got, expected in zip(through_csr, sorted_keys, strict=True):
        assert got.dtype == expected.dtype
        assert got.tolist() == expected.tolist()
    assert 0.0 not in through_csr.values.tolist()
