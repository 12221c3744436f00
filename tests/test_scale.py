"""Scale: large and adversarial inputs take time and memory that grow gently, and the paths
taken for them agree with the exact ones on inputs both can take; plus a small profile of the
fuzz properties of ``benchmarks/fuzz.py`` not kept elsewhere (arbitrary Unicode, edited real
documents)."""

from __future__ import annotations

import random
import time
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import PolicyDiff, diff, parse
from policydiff._align import _links, _sparse, align
from policydiff._diff import _inline, _measures
from policydiff.strategies import document_pairs

from .conftest import SAMPLES

MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}
_MARKERS = ("一、", "(一)", "1.", "(1)", "①", "第一条", "《条例》", "58.2万个", "5%", "\n", "。",
            "\n附件")  # fmt: skip

FEW = settings(max_examples=max(10, settings().max_examples // 3), deadline=None)


def _mirrored(forward: PolicyDiff, backward: PolicyDiff) -> bool:
    nodes = {(MIRROR[n.change], n.new, n.old, n.moved) for n in forward.nodes}
    numbers = {
        (MIRROR[c.change], c.new and c.new.node, c.old and c.old.node, -(c.delta or 0.0) + 0.0)
        for c in forward.numbers
    }
    return nodes == {(n.change, n.old, n.new, n.moved) for n in backward.nodes} and numbers == {
        (c.change, c.old and c.old.node, c.new and c.new.node, (c.delta or 0.0) + 0.0)
        for c in backward.numbers
    }


# --- inline edits of long texts ------------------------------------------------------------


def _lcs(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for k, y in enumerate(b):
            previous, row[k + 1] = row[k + 1], previous + 1 if x == y else max(row[k + 1], row[k])
    return row[-1]


@given(st.text("ab啊c", max_size=14), st.text("ab啊c", max_size=14))
def test_the_long_text_diff_is_a_shortest_edit_script(a: str, b: str) -> None:
    opcodes = _inline._long_opcodes(a, b)
    assert "".join(b[j1:j2] for _, _, _, j1, j2 in opcodes) == b
    assert "".join(a[i1:i2] for _, i1, i2, _, _ in opcodes) == a
    assert all(a[i1:i2] == b[j1:j2] for tag, i1, i2, j1, j2 in opcodes if tag == "equal")
    assert sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal") == _lcs(a, b)


def test_one_long_paragraph_of_one_character_is_diffed_in_time_linear_in_it() -> None:
    # issue 15 item 7: difflib compares every "啊" with every "啊" (minutes at 1 MB)
    old = ("啊" * 400 + "《推进条例》") * 500  # 200,000 characters
    new = old[:50_000] + "加强" + old[50_000:150_000] + old[150_001:]
    started = time.perf_counter()
    edits = _inline.inline(old, new)
    assert time.perf_counter() - started < 5.0
    assert [e.op for e in edits] == ["equal", "insert", "equal", "delete", "equal"]
    assert [e.new for e in edits if e.op == "insert"] == ["加强"]
    assert "".join(e.new for e in edits) == new and "".join(e.old for e in edits) == old


def test_two_huge_sentences_score_as_rapidfuzz_scores_them() -> None:
    from rapidfuzz import fuzz

    rng = random.Random(3)
    a = "".join(rng.choice("推进加强完善健全落实基层") for _ in range(40_000))
    b = a[:9_000] + "医疗卫生" + a[9_000:30_000] + a[30_050:]
    assert _measures._huge_ratio(a, b, 0.5) == pytest.approx(fuzz.ratio(a, b) / 100, abs=1e-9)
    assert _measures._huge_ratio(a, a[::-1], 0.5) == 0.0  # too far apart to tell cheaply


# --- moves among thousands of siblings --------------------------------------------------------


@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from([1.0, 0.9, 0.5, 0.25])), max_size=40))
def test_the_fenwick_heaviest_run_agrees_with_the_quadratic_one(
    items: list[tuple[int, float]],
) -> None:
    weights = [1.0 + s / (len(items) + 1) for _, s in items]
    expected = _links._heaviest_increasing(items)  # quadratic below QUADRATIC_ITEMS
    assert _links._heaviest_increasing_tree(items, weights, 1e-9) == expected


@FEW
@given(
    st.integers(257, 1500),
    st.lists(st.tuples(st.integers(0, 1499), st.integers(0, 1499)), max_size=12),
    st.randoms(use_true_random=False),
)
def test_setting_the_pivots_aside_keeps_what_every_best_run_keeps(
    n: int, swaps: list[tuple[int, int]], rng: random.Random
) -> None:
    values = list(range(n))
    for a, b in swaps:
        values[a % n], values[b % n] = values[b % n], values[a % n]
    if rng.random() < 0.3:  # (values repeated: a pivot is strictly above and below)
        values = [value // 2 for value in values]
    items = [(value, rng.choice([1.0, 0.9, 0.5])) for value in values]
    with_pivots = _links._heaviest_increasing(items)
    limit = _links._PIVOT_ITEMS
    _links._PIVOT_ITEMS = n  # every item through the patience sorts
    try:
        assert with_pivots == _links._heaviest_increasing(items)
    finally:
        _links._PIVOT_ITEMS = limit


def test_links_in_place_are_settled_without_a_search(monkeypatch: pytest.MonkeyPatch) -> None:
    # 100,000 siblings in order but for one pair swapped and one link gone far: only the
    # swapped pair is searched.
    searched: list[int] = []
    run = _links._heaviest_run

    def counting(items: list[tuple[int, float]], weights: list[float], tie: float) -> set[int]:
        searched.append(len(items))
        return run(items, weights, tie)

    monkeypatch.setattr(_links, "_heaviest_run", counting)
    items = [(k, 1.0) for k in range(100_000)]
    items[500], items[501] = items[501], items[500]
    items[10] = (250_000, 1.0)
    kept = _links._heaviest_increasing(items)
    assert searched == [2]
    assert kept == set(range(100_000)) - {10, 500, 501}  # two equally good orders: both moved


# --- sparse alignment ---------------------------------------------------------------------------


def _alignment_keys(old_text: str, new_text: str) -> tuple[set[tuple[object, ...]], ...]:
    old, new = list(parse(old_text).walk()), list(parse(new_text).walk())
    result = align(old, new)
    return (
        {(link.old, link.new, link.moved, link.similarity) for link in result.links},
        {(r.kind, r.old, r.new, r.containment) for r in result.related},
    )


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> tuple[tuple[set[tuple[object, ...]], ...], tuple[set[tuple[object, ...]], ...]]:
    dense = _alignment_keys(old, new)
    monkeypatch.setattr(_sparse, "SPARSE_CELLS", 0)
    sparse = _alignment_keys(old, new)
    monkeypatch.undo()
    return dense, sparse


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt"),
        ("health-reform-tasks-2023h2.txt", "nhc-key-tasks-2024.txt"),
    ],
)
def test_sparse_and_dense_alignment_agree_on_real_documents(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    dense, sparse = _both_ways(
        monkeypatch, (SAMPLES / old).read_text("utf-8"), (SAMPLES / new).read_text("utf-8")
    )
    assert dense[0] and sparse == dense


@FEW
@given(document_pairs())
def test_sparse_and_dense_alignment_agree_on_generated_pairs(pair: tuple[str, str, object]) -> None:
    old, new, _ = pair
    with pytest.MonkeyPatch.context() as patch:
        dense, sparse = _both_ways(patch, old, new)
    assert sparse[0] == dense[0]


def _flat(paragraphs: int, seed: int) -> str:
    rng = random.Random(seed)
    words = ("推进", "加强", "完善", "健全", "落实", "基层", "医疗", "卫生", "服务", "体系")
    return "".join(
        "".join(rng.choice(words) for _ in range(4)) + "。" + str(k) + "个。\n"
        for k in range(paragraphs)
    )


def test_a_flat_document_of_thousands_of_paragraphs_is_aligned_on_candidates() -> None:
    # issue 15 item 4: 1,600 × 1,600 nodes are past SPARSE_CELLS; dense, the matrices of
    # 6,400 paragraphs took 3.3 GB
    old = _flat(1_600, 1)
    lines = old.split("\n")
    lines[100] = "全新的一段文字。"
    del lines[700]
    lines.insert(1_200, lines.pop(300))
    new = "\n".join(lines)
    a, b = parse(old), parse(new)
    assert len(a.nodes) * len(b.nodes) > _sparse.SPARSE_CELLS
    assert diff(a, a).is_empty
    forward, backward = diff(a, b), diff(b, a)
    assert _mirrored(forward, backward)
    changes = [n.change for n in forward.nodes]
    assert changes.count("unchanged") >= 1_595
    assert sum(n.moved for n in forward.nodes) == 1


def test_documents_of_leaves_score_their_candidates_as_nested_ones_would() -> None:
    """Where no node has children the subtree matrix is the own matrix, and the candidate
    search and the scorer compute one product instead of four: the same candidates and the
    same scores as the general path, given a copy of the matrix that is not the same object."""
    from policydiff._align._features import Walk, _Features
    from policydiff.model import AlignOptions

    old = _flat(400, 5)
    lines = old.split("\n")
    for k in range(10, 400, 37):  # a word of every 37th line rewritten: fuzzy candidates
        lines[k] = "改革" + lines[k][2:]
    lines.insert(250, lines.pop(40))
    a, b = Walk(parse(old).walk()), Walk(parse("\n".join(lines)).walk())
    options = AlignOptions()
    shortcut = _Features(a, b)
    assert shortcut.flat and shortcut.tree_tfidf is shortcut.own_tfidf
    general = _Features(a, b)
    general.flat, general.tree_tfidf = False, general.own_tfidf.copy()
    fast, slow = (_sparse.sparse_similarity(a, b, f, options) for f in (shortcut, general))
    assert len(fast.rows) > len(a)
    assert fast.rows.tolist() == slow.rows.tolist() and fast.cols.tolist() == slow.cols.tolist()
    assert fast.values.tolist() == slow.values.tolist()


# --- the fuzz properties, a small profile -------------------------------------------------------


def _unicode() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.text(max_size=30), st.sampled_from(_MARKERS)), max_size=8).map(
        "".join
    )


@FEW
@given(_unicode(), _unicode())
def test_arbitrary_unicode_diffs_are_empty_with_themselves_and_mirror(a: str, b: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an empty document is warned about, rightly
        one, other = parse(a), parse(b)
        assert diff(one, one).is_empty
        assert _mirrored(diff(one, other), diff(other, one))


@FEW
@given(st.sampled_from(sorted(p.name for p in SAMPLES.glob("*.txt"))), st.randoms())
def test_edited_real_documents_mirror(name: str, rng: random.Random) -> None:
    text = (SAMPLES / name).read_text("utf-8")
    lines = text.split("\n")
    for _ in range(3):
        k = rng.randrange(len(lines))
        kind = rng.choice(("delete", "insert", "swap"))
        if kind == "delete":
            del lines[k]
        elif kind == "insert":
            lines.insert(k, rng.choice(_MARKERS) + "推进基层医疗卫生服务体系建设。")
        else:
            j = rng.randrange(len(lines))
            lines[k], lines[j] = lines[j], lines[k]
    one, other = parse(text), parse("\n".join(lines))
    assert _mirrored(diff(one, other), diff(other, one))
