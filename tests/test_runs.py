"""Runs of equal nodes linked before the search of large documents (``_align._runs``), and
what the search makes of the nodes between them."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import diff, parse
from policydiff._align import _runs, _sparse
from policydiff._align._runs import WIDTH, equal_runs, leaf_runs

from .test_scale import _mirrored

# Keys from a small alphabet repeat often, so windows repeat and anchors are scarce.
keys = st.lists(st.integers(0, 5), max_size=60).map(lambda k: np.array(k, dtype=np.int64))


def _pairs(old: np.ndarray, new: np.ndarray) -> list[tuple[int, int]]:
    rows, cols = equal_runs(old, new)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


@given(keys, keys)
def test_runs_pair_equal_keys_in_order_and_mirror(old: np.ndarray, new: np.ndarray) -> None:
    pairs = _pairs(old, new)
    assert all(old[i] == new[j] for i, j in pairs)
    # in order on both sides, each node at most once
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    assert sorted((i, j) for j, i in _pairs(new, old)) == pairs


@st.composite
def edited_keys(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys, and the same keys edited as documents are: a block copied elsewhere, a
    key changed, two keys swapped, a block deleted (windows that overlap on two diagonals)."""
    old = list(range(draw(st.integers(WIDTH, 80))))
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("copy", "change", "swap", "delete")))
        at = draw(st.integers(0, len(new) - 1))
        size = draw(st.integers(1, 2 * WIDTH))
        if kind == "copy":
            new[draw(st.integers(0, len(new))) : 0] = new[at : at + size]
        elif kind == "change":
            new[at] = 1000 + at
        elif kind == "swap":
            other = draw(st.integers(0, len(new) - 1))
            new[at], new[other] = new[other], new[at]
        elif len(new) > size:
            del new[at : at + size]
    return np.array(old, dtype=np.int64), np.array(new, dtype=np.int64)


@given(edited_keys())
def test_runs_of_edited_sequences_pair_equal_keys_in_order_and_mirror(
    pair: tuple[np.ndarray, np.ndarray],
) -> None:
    old, new = pair
    pairs = _pairs(old, new)
    assert all(old[i] == new[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    assert sorted((i, j) for j, i in _pairs(new, old)) == pairs


@given(st.lists(st.integers(0, 10**6), min_size=WIDTH, max_size=200, unique=True))
def test_a_sequence_of_distinct_keys_is_one_run_with_itself(values: list[int]) -> None:
    same = np.array(values, dtype=np.int64)
    assert _pairs(same, same) == [(k, k) for k in range(len(values))]


def test_runs_stop_at_an_edit_and_start_again_after_it() -> None:
    old = np.arange(20, dtype=np.int64)
    new = old.copy()
    new[9] = 99  # one node edited: the runs on either side of it are linked
    assert _pairs(old, new) == [(k, k) for k in range(20) if k != 9]


def test_windows_overlapping_on_two_diagonals_are_let_go_however_far_apart() -> None:
    # 0..13 in place, then a changed key, then 11..39 again: the windows of 0..10 stand on one
    # diagonal, those of 11.. on another. The last of the first and the first of the second
    # overlap and are let go, and so must be the windows further apart that overlap too
    # (9..12 and 12..15), or key 12 would be claimed by two anchors, differently each way.
    old = np.arange(40, dtype=np.int64)
    new = np.concatenate((np.arange(14), [100], np.arange(11, 40)))
    pairs = _pairs(old, new)
    assert all(old[i] == new[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    assert sorted((i, j) for j, i in _pairs(new, old)) == pairs


def test_a_moved_block_is_left_to_the_search() -> None:
    # The block 10..19 moved to the end: its anchors cross the others', and crossing anchors
    # are let go, so only what stays in order on both sides is linked.
    old = np.arange(40, dtype=np.int64)
    new = np.concatenate((np.arange(10), np.arange(20, 40), np.arange(10, 20)))
    pairs = _pairs(old, new)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    assert not any(10 <= i < 20 for i, _ in pairs)


def test_a_window_repeated_on_one_side_is_no_anchor() -> None:
    block = list(range(WIDTH))
    old = np.array([*block, 50, *block], dtype=np.int64)  # the block twice
    new = np.array([*block, 60], dtype=np.int64)
    assert _pairs(old, new) == []


def test_anchors_are_checked_node_by_node_not_by_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every window hashed alike by place: the hashes meet, the nodes do not.
    monkeypatch.setattr(
        _runs, "_window_hashes", lambda k, w: np.arange(len(k) - w + 1, dtype=np.uint64)
    )
    old = np.arange(10, dtype=np.int64)
    assert _pairs(old, old + 100) == []
    assert _pairs(old, old.copy()) == [(k, k) for k in range(10)]


def test_only_leaves_are_linked_by_runs() -> None:
    text = "".join(
        f"{k}、第{k}节\n(一)推进第{k}项工作。\n(二)落实第{k}项任务。\n" for k in range(1, 9)
    )
    nodes = list(parse(text).walk())
    rows, cols = leaf_runs(nodes, nodes)
    assert rows.tolist() == cols.tolist()
    leaves = [k for k, node in enumerate(nodes) if not node.children]
    assert rows.tolist() == leaves and len(leaves) < len(nodes)


# --- the large-document alignment with runs -------------------------------------------------


def _table(lines: int, seed: int) -> list[str]:
    """A count table flattened to lines: labels that repeat and counts that repeat."""
    rng = random.Random(seed)
    words = ("推进", "加强", "完善", "健全", "落实", "基层", "医疗", "卫生")
    out = ["基层医疗卫生机构数量统计如下。"]  # (a sentence first: the body starts at the top)
    for _ in range(lines // 2):
        out += [rng.choice(words) + rng.choice(words), f"{rng.randrange(1, 60)}个"]
    return out


def test_edited_lines_of_a_large_table_are_paired_where_they_stand() -> None:
    # 3,000 lines past SPARSE_CELLS, their labels and counts repeated hundreds of times; 40
    # labels edited. Each edited line pairs with the line in its place, never with a far
    # copy of what it became or was, so nothing is reported moved.
    lines = _table(3_000, 1)
    rng = random.Random(2)
    edited = list(lines)
    for k in rng.sample(range(1, len(lines), 2), 40):
        edited[k] += "工作"
    a, b = parse("\n".join(lines)), parse("\n".join(edited))
    assert len(a.nodes) * len(b.nodes) > _sparse.SPARSE_CELLS
    forward = diff(a, b)
    links = forward.alignment.links
    assert len(links) == len(lines)
    assert all(link.old == link.new and not link.moved for link in links)
    assert sum(n.change == "changed" for n in forward.nodes) == 40
    assert _mirrored(forward, diff(b, a))
    assert diff(a, a).is_empty


def test_a_moved_line_found_beside_edits_at_both_ends_is_still_a_move() -> None:
    # The unique line M moves from near the start to near the end; beside its old place
    # and its new one a line was edited, so both ends of M's pair stand in gaps with a pair
    # of their own. M reads the same on both sides and nowhere else: it is linked, moved.
    lines = _table(3_000, 3)
    moved = "全新项目合计"
    old = [*lines[:500], moved, *lines[500:]]
    new = list(lines)
    new[501] = "改写" + new[501]  # (the line after M's old place)
    new[2_500] = "改写" + new[2_500]
    new.insert(2_500, moved)
    a, b = parse("\n".join(old)), parse("\n".join(new))
    assert len(a.nodes) * len(b.nodes) > _sparse.SPARSE_CELLS
    forward = diff(a, b)
    by_old = {link.old: link for link in forward.alignment.links}
    m_old = next(n.path for n in a.nodes if n.text == moved)
    m_new = next(n.path for n in b.nodes if n.text == moved)
    assert by_old[m_old].new == m_new and by_old[m_old].moved
    assert sum(link.moved for link in forward.alignment.links) == 1
    assert _mirrored(forward, diff(b, a))


def test_a_repeated_cell_edited_away_here_and_in_there_is_no_move() -> None:
    # A count the table repeats is edited away at one line and, some lines on, another
    # line is edited into it. The two lines read the same, but so do dozens of others: each
    # edited line is compared where it stands, and nothing is reported moved.
    lines = _table(3_000, 4)
    k1 = next(k for k in range(1_000, len(lines), 2) if lines.count(lines[k]) > 20)  # a count
    k2 = next(k for k in range(k1 + 40, len(lines), 2) if lines[k] != lines[k1])  # (a run between)
    cell = lines[k1]
    edited = list(lines)
    edited[k1] = cell.replace("个", "项")
    edited[k2] = cell
    a, b = parse("\n".join(lines)), parse("\n".join(edited))
    assert len(a.nodes) * len(b.nodes) > _sparse.SPARSE_CELLS
    forward = diff(a, b)
    assert not any(link.moved for link in forward.alignment.links)
    assert all(link.old == link.new for link in forward.alignment.links)
    assert _mirrored(forward, diff(b, a))
