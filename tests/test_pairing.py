"""Number pairing as a whole: identical figures at identical places pair (a document diffed
with itself pairs every figure with itself, whatever it measures), ``diff(b, a)`` pairs what
``diff(a, b)`` pairs, and memory stays linear in the figures (no dense old × new matrix).

Hypothesis examples follow the profile ``tests/conftest.py`` loads; the tests that diff two
documents per example run a quarter as many (at least ten). Wall-clock times are left to
``benchmarks/scaling.py``.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Iterator

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff import (
    Alignment,
    Document,
    Link,
    PolicyDiff,
    Quantity,
    QuantityRef,
    diff,
    parse,
)
from policydiff import _kernels as kernels
from policydiff._align import align
from policydiff._diff import pair_numbers
from policydiff._diff._groups import generic
from policydiff._diff._numbers import (
    _ancestors,
    _anchors,
    _Figures,
    _repeated,
    _same_but_span,
    _same_place,
    _Sides,
)
from policydiff.strategies import Truth, document_pairs, documents

from .conftest import CORPUS, SAMPLES, require

FEW = settings(
    max_examples=max(10, settings().max_examples // 4),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}


def figures(d: PolicyDiff) -> list[tuple[str, str | None, str | None]]:
    return [
        (
            c.change,
            c.old.quantity.text if c.old else None,
            c.new.quantity.text if c.new else None,
        )
        for c in d.numbers
    ]


def assert_pairs_itself(d: PolicyDiff) -> None:
    """Every figure of a document diffed with itself is paired with itself, unchanged."""
    for c in d.numbers:
        assert c.change == "unchanged", c
        assert c.old is not None and c.new is not None
        assert (c.old.node, c.old.quantity) == (c.new.node, c.new.quantity), c


def assert_mirrors(old: str, new: str) -> None:
    """``diff(new, old)`` pairs the figures ``diff(old, new)`` pairs, the other way round."""
    a, b = parse(old), parse(new)
    forward, backward = diff(a, b), diff(b, a)

    def ref(side: QuantityRef | None) -> tuple[str, tuple[int, int]] | None:
        return None if side is None else (side.node, side.quantity.span)

    assert {
        (MIRROR[c.change], ref(c.new), ref(c.old), -(c.delta or 0.0)) for c in forward.numbers
    } == {(c.change, ref(c.old), ref(c.new), c.delta or 0.0) for c in backward.numbers}


# --- a document diffed with itself --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "58.2万个",  # the figure of the issue: no words before it
        "0\n5\n0\n",
        "项目\n本年新制发件数\n规章\n0\n0\n5\n行政规范性文件\n0\n5\n",  # a flattened table
        "一、总体\n全年共5个,6个,5个。",
    ],
)
def test_a_document_of_bare_figures_diffed_with_itself_is_empty(text: str) -> None:
    doc = parse(text)
    assert any(not q.metric for node in doc.walk() for q in node.quantities)
    d = diff(doc, doc)
    assert_pairs_itself(d)
    assert d.is_empty


def test_a_bare_figure_pairs_at_the_same_place_of_a_changed_node() -> None:
    old = parse("一、总体\n本年5\n0\n7\n")
    new = parse("一、总体\n今年5\n0\n8\n")
    assert figures(diff(old, new)) == [
        ("unchanged", "5", "5"),
        ("unchanged", "0", "0"),
        ("added", None, "8"),
        ("dropped", "7", None),
    ]


def test_a_bare_figure_is_paired_by_its_place_alone_so_never_a_headline() -> None:
    d = diff(parse("一、总体\n本年5\n0\n"), parse("一、总体\n今年5\n0\n"))
    assert [c.confidence for c in d.numbers] == [0.5, 0.5]
    assert not any(c.headline for c in d.numbers)


def test_a_bare_figure_does_not_pair_with_another_place() -> None:
    # the same value in another ordinal place, or in a node linked to another, is not the same
    old = parse("一、总体\n本年5\n0\n")
    new = parse("一、总体\n本年0\n5\n")
    assert [c.change for c in diff(old, new).numbers] == ["added", "added", "dropped", "dropped"]


def test_figures_pair_with_themselves_even_where_the_aligner_linked_nothing() -> None:
    doc = parse("一、总体\n58.2万个,村卫生室57万个。\n二、其他\n0\n5\n")
    changes = pair_numbers(doc, doc, Alignment())
    assert [c.change for c in changes] == ["unchanged"] * 4
    assert all(c.old and c.new and c.old.quantity == c.new.quantity for c in changes)


def corpus_documents() -> Iterator[str]:
    yield from sorted(p.name for p in SAMPLES.glob("*.txt"))
    if CORPUS.exists():
        yield from sorted(f"corpus/{p.name}" for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("name", list(corpus_documents()))
def test_every_real_document_diffed_with_itself_pairs_every_figure_with_itself(
    name: str,
) -> None:
    path = (
        require(CORPUS / name.removeprefix("corpus/"))
        if name.startswith("corpus/")
        else (SAMPLES / name)
    )
    doc = parse(path.read_text(encoding="utf-8"))
    d = diff(doc, doc)
    assert len(d.numbers) == sum(len(node.quantities) for node in doc.walk())
    assert_pairs_itself(d)
    assert d.is_empty


def test_the_corpus_is_checked_when_it_is_there() -> None:
    require(CORPUS / "hongze_gov_info_disclosure_2023.txt")  # the 182 bare figures of the issue
    assert sum(1 for name in corpus_documents() if name.startswith("corpus/")) >= 20


#: Figures with no words before them, as tables and lists write them.
BARE = ["58.2万个", "(1)(2)", "0\n5\n", "5个,6个", "3.5%", "12\n"]


@st.composite
def documents_with_bare_figures(draw: st.DrawFn) -> str:
    """A generated policy document with bare figures put at the start of some lines."""
    lines = draw(documents()).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = draw(st.sampled_from(BARE)) + lines[at]
    return "\n".join(lines)


@FEW
@given(documents_with_bare_figures())
def test_a_generated_document_diffed_with_itself_pairs_every_figure_with_itself(
    text: str,
) -> None:
    doc = parse(text)
    d = diff(doc, doc)
    assert_pairs_itself(d)
    assert d.is_empty


# --- diff(b, a) mirrors diff(a, b) --------------------------------------------------------

#: Two figures of one subject (a 分别 list), with text before or after them that moves their
#: relative positions: the two orders of pairing were equally good by position, and which
#: won depended on which document was old.
TWO = "中、高等职业教育在校生分别达到2000万人和861万人。"
FILLER = "更加重视职业教育发展。"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (TWO, TWO + FILLER * 2),
        (TWO, TWO + FILLER * 3),
        (TWO, FILLER * 2 + TWO + FILLER * 3),
        (FILLER + TWO + FILLER, FILLER * 3 + TWO),
        ("增长5%。增长6%。", "增长4万个,增长6%。"),  # the example of the issue
    ],
)
def test_pairs_read_the_same_from_either_side(old: str, new: str) -> None:
    assert_mirrors(old, new)


def test_equal_figures_of_one_subject_pair_in_order() -> None:
    d = diff(parse(TWO), parse(TWO + FILLER * 2))
    assert figures(d) == [
        ("unchanged", "2000万人", "2000万人"),
        ("unchanged", "861万人", "861万人"),
    ]


@st.composite
def tied_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two short documents stating a few figures of one subject each (drawn from one pool,
    so that many pairings tie), after and before drawn runs of filler that move their
    relative positions."""
    value = st.sampled_from(["5", "6", "861", "2000"])
    figures = st.one_of(
        st.builds("在校生分别达到{}万人和{}万人。".format, value, value),
        st.builds("城镇新增就业{}万人。".format, value),
        st.builds("增长{}%。".format, value),
    )
    pool = draw(st.lists(figures, min_size=1, max_size=3))

    def side() -> str:
        stated = "".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)))
        return FILLER * draw(st.integers(0, 4)) + stated + FILLER * draw(st.integers(0, 4))

    return side(), side()


@given(tied_pairs())
@settings(deadline=None)
def test_pairs_of_tied_figures_read_the_same_from_either_side(pair: tuple[str, str]) -> None:
    assert_mirrors(*pair)


@FEW
@given(document_pairs(plan="numbers"))
def test_pairs_of_generated_documents_read_the_same_from_either_side(
    pair: tuple[str, str, Truth],
) -> None:
    assert_mirrors(pair[0], pair[1])


# --- the assignment kernel ----------------------------------------------------------------


@st.composite
def sparse_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]:
    """Up to 7 × 7 matrices of a few distinct weights (so that ties happen), as cells."""
    n, m = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    cells = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1), st.integers(0, m - 1), st.sampled_from([0.5, 0.8, 1.0])
            ),
            max_size=n * m,
            unique_by=lambda cell: cell[:2],
        )
    )
    rows = np.array([c[0] for c in cells], dtype=np.int64)
    cols = np.array([c[1] for c in cells], dtype=np.int64)
    return rows, cols, np.array([c[2] for c in cells]), (n, m)


def total(pairs: list[tuple[int, int]], dense: np.ndarray) -> float:
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert all(dense[i, j] > 0 for i, j in pairs)
    return round(float(sum(dense[i, j] for i, j in pairs)), 9)


@pytest.mark.parametrize("solver", ["dense", "lapjvsp"])
@given(matrix=sparse_matrices())
def test_the_sparse_assignment_is_as_good_as_the_dense_one(
    solver: str,
    matrix: tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]],
) -> None:
    rows, cols, weights, shape = matrix
    dense = np.zeros(shape)
    dense[rows, cols] = weights
    with pytest.MonkeyPatch.context() as patch:
        if solver == "lapjvsp":
            patch.setattr(kernels, "DENSE_CELLS", 0)
        found = kernels.assign_sparse(rows, cols, weights, shape)
    assert total(found, dense) == total(kernels.assign(dense), dense)


def test_a_huge_component_is_paired_greedily_heaviest_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kernels, "SPARSE_NODES", 0)
    rows, cols = np.array([0, 0, 1]), np.array([0, 1, 0])
    # the best total is (0, 1) + (1, 0); greedy takes the heaviest cell first
    weights = np.array([0.9, 0.8, 0.85])
    assert kernels.assign_sparse(rows, cols, weights, (2, 2), dense_cells=0) == [(0, 0)]


@pytest.mark.parametrize("rounds", [0, 1, 8])
@given(matrix=sparse_matrices())
def test_the_greedy_pairing_takes_what_a_walk_heaviest_first_takes(
    rounds: int, matrix: tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]
) -> None:
    rows, cols, weights, shape = matrix
    walked, used_rows, used_cols = set(), set(), set()
    for k in np.lexsort((cols, rows, -weights)).tolist():
        if rows[k] not in used_rows and cols[k] not in used_cols:
            used_rows.add(rows[k])
            used_cols.add(cols[k])
            walked.add((int(rows[k]), int(cols[k])))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kernels, "_GREEDY_ROUNDS", rounds)
        found = kernels._assign_greedy(rows, cols, weights, shape)
    assert set(zip(found[0].tolist(), found[1].tolist(), strict=True)) == walked


# --- memory -----------------------------------------------------------------------------


def tiled(unit: str, figures: int, *, touched: bool) -> Document:
    """``unit`` parsed once and its quantities repeated to about ``figures`` in one node, with
    their offsets shifted; ``touched`` changes the node's text and the first figure, so that
    nothing is identical and every figure goes through candidates and the assignment."""
    base = parse(unit)
    template = next(node for node in base.walk() if node.quantities)
    width = len(base.text)
    copies = figures // len(template.quantities)
    found: list[Quantity] = [
        attrs.evolve(q, span=(q.span[0] + r * width, q.span[1] + r * width))
        for r in range(copies)
        for q in template.quantities
    ]
    if touched:
        found[0] = attrs.evolve(found[0], low=found[0].low + 1, high=found[0].high + 1)
    node = attrs.evolve(
        template,
        path="p1",
        text=template.text * copies + ("改" if touched else ""),
        span=(0, width * copies),
        quantities=tuple(found),
        children=(),
    )
    return attrs.evolve(base, text=base.text * copies, nodes=(node,))


@pytest.mark.parametrize("unit", ["村卫生室5个。", "投资5亿元。", "5个,"])
def test_pairing_thousands_of_like_figures_takes_memory_linear_in_them(unit: str) -> None:
    """One node of 5,000 figures of one identity against a touched copy: a dense matrix of
    scores would take 200 MB; the candidates and the assignment take a few MB."""
    old, new = tiled(unit, 5_000, touched=False), tiled(unit, 5_000, touched=True)
    links = Alignment((Link("p1", "p1", 0.99),))
    pair_numbers(tiled(unit, 20, touched=False), tiled(unit, 20, touched=True), links)  # imports
    tracemalloc.start()
    try:
        changes = pair_numbers(old, new, links)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20
    assert sum(c.change != "unchanged" for c in changes) <= 2  # the touched figure


# --- long labels that differ where it matters ------------------------------------------------

_LINES = (
    "{k}.“一般公共服务支出(类)宣传事务(款)一般行政管理事务(项)”{mark}{value}万元,用于宣传事务。\n",
    "{k}.“一般公共服务支出(类)组织事务(款)一般行政管理事务(项)”{mark}{value}万元,用于组织事务。\n",
)


@pytest.mark.parametrize("mark", ["", "科目"])
def test_budget_lines_pair_by_the_words_that_tell_them_apart(mark: str) -> None:
    """Two 类/款/项 lines read 90% alike; reordered, each still pairs with its own line, and a
    line the document calls a 科目 is the same line."""
    propaganda, organisation = _LINES
    old = parse(
        "一、支出\n"
        + propaganda.format(k=1, mark="", value="110.60")
        + organisation.format(k=2, mark="", value="88.87")
    )
    new = parse(
        "一、支出\n"
        + organisation.format(k=1, mark=mark, value="107.50")
        + propaganda.format(k=2, mark=mark, value="110.60")
    )
    pairs = {
        (c.old.quantity.text, c.new.quantity.text)
        for c in diff(old, new).numbers
        if c.old and c.new
    }
    assert pairs == {("110.60万元", "110.60万元"), ("88.87万元", "107.50万元")}


def test_a_figure_stated_in_many_nodes_pairs_as_a_headline_only_through_a_direct_link() -> None:
    # Every line of a budget states its 预算执行数: where only the section holding the lines
    # is linked, which line is which is a guess, shown as possibly related, not a headline.
    from policydiff import parse
    from policydiff._diff import pair_numbers
    from policydiff.model import Alignment, Link

    old = parse("一、项目支出\n1.甲类支出。预算执行数为10万元。\n2.乙类支出。预算执行数为20万元。")
    new = parse("一、项目支出\n1.丙类支出。预算执行数为12万元。\n2.丁类支出。预算执行数为25万元。")
    parents = Alignment(links=(Link("1", "1", 0.5),))
    pairs = [c for c in pair_numbers(old, new, parents) if c.old and c.new]
    assert len(pairs) == 2 and not any(c.headline for c in pairs)
    lines = Alignment(links=(Link("1", "1", 0.5), Link("1.1", "1.1", 0.5), Link("1.2", "1.2", 0.5)))
    assert all(c.headline for c in pair_numbers(old, new, lines) if c.old and c.new)
    # a figure stated once on each side is no guess under a linked section
    once_old = parse("一、项目支出\n1.甲类支出。预算执行数为10万元。\n2.乙类支出。")
    once_new = parse("一、项目支出\n1.丙类支出。预算执行数为12万元。\n2.丁类支出。")
    (only,) = [c for c in pair_numbers(once_old, once_new, parents) if c.old and c.new]
    assert only.headline


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=60))
def test_distinct_keys_are_numpys_unique_values(values: list[int]) -> None:
    # the candidate keys are made distinct by a sort, not by np.unique's hash (seconds on
    # millions of keys): the same values, in the same order
    keys = np.array(values, dtype=np.int64)
    assert kernels.distinct(keys).tolist() == np.unique(keys).tolist()


@pytest.mark.parametrize("solver", ["dense", "lapjvsp", "greedy"])
@given(matrix=sparse_matrices(), data=st.data())
def test_the_assignment_is_the_same_whatever_order_the_cells_come_in(
    solver: str,
    matrix: tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]],
    data: st.DataObject,
) -> None:
    # cells in row then column order are ordered by one stable sort, others by three keys:
    # both must give the same pairs, ties (equal weights) included
    rows, cols, weights, shape = matrix
    ordered = np.lexsort((cols, rows))
    shuffled = np.array(data.draw(st.permutations(range(len(rows)))), dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        if solver != "dense":
            patch.setattr(kernels, "DENSE_CELLS", 0)
        if solver == "greedy":
            patch.setattr(kernels, "SPARSE_NODES", 0)
        found = [
            kernels.assign_sparse(rows[k], cols[k], weights[k], shape)
            for k in (ordered, shuffled.reshape(-1))
        ]
    assert found[0] == found[1]
    key = -weights[ordered]
    assert (
        kernels._stable_order(key, rows[ordered], cols[ordered], shape[1]).tolist()
        == np.lexsort((cols[ordered], rows[ordered], key)).tolist()
    )


@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.integers(0, 3),
            st.sampled_from([0.0, -0.0, 1.0, 2.5, math.inf, math.nan]),
        ),
        max_size=30,
    )
)
def test_an_identity_is_repeated_when_stated_in_several_nodes_with_several_values(
    figures: list[tuple[int, int, float]],
) -> None:
    # _repeated counts distinct places and values at once; held against one set of each an
    # identity, as the figures come
    located = [("1", Quantity("5个", (0, 2), value, value)) for _, _, value in figures]
    ids = np.array([code for code, _, _ in figures], dtype=np.int64)
    nodes = np.array([node for _, node, _ in figures], dtype=np.int64)
    places: dict[int, set[int]] = {}
    values: dict[int, set[tuple[float, float]]] = {}
    for (code, node, _), (_, q) in zip(figures, located, strict=True):
        places.setdefault(code, set()).add(node)
        values.setdefault(code, set()).add((q.low, q.high))
    plain = [len(places.get(c, ())) > 1 and len(values.get(c, ())) > 1 for c in range(5)]
    assert _repeated(ids, nodes, located, np.ones(5, dtype=bool)).tolist() == plain
    # asked about some identities only, it reads the figures of those alone
    asked = np.arange(5) % 2 == 0
    expected = [found and bool(ask) for found, ask in zip(plain, asked, strict=True)]
    assert _repeated(ids, nodes, located, asked).tolist() == expected


@st.composite
def bare_figures_changed(draw: st.DrawFn) -> tuple[str, str]:
    """A document with bare figures, and the same with bare figures put before some lines."""
    old = draw(documents_with_bare_figures()).split("\n")
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(new) - 1))
        new[at] = draw(st.sampled_from(BARE)) + new[at]
    return "\n".join(old), "\n".join(new)


@FEW
@given(bare_figures_changed())
def test_bare_figures_pair_by_place_as_if_every_node_were_looked_at(pair: tuple[str, str]) -> None:
    # _same_place looks only at the nodes holding a figure not anchored; held against a look
    # at every node's bare figures and every direct link
    old, new = (parse(text) for text in pair)
    alignment = align(list(old.walk()), list(new.walk()))
    old_q, new_q = _located(old), _located(new)
    sides = _sides(old, new, alignment)
    bare: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
    for found, located in zip(bare, (old_q, new_q), strict=True):
        for k, (path, q) in enumerate(located):
            if generic(q) and not q.metric:
                found.setdefault(path, []).append(k)
    plain = [
        (i, j)
        for a, b in sorted(_node_pairs(alignment))
        if a in bare[0] and b in bare[1]
        for i, j in zip(bare[0][a], bare[1][b], strict=False)
        if i in sides.free_old
        and j in sides.free_new
        and sides.old_identity[i] == sides.new_identity[j]
        and (old_q[i][1].low, old_q[i][1].high) == (new_q[j][1].low, new_q[j][1].high)
    ]
    rows, cols, _ = _same_place(sides)
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == plain


def _located(doc: Document) -> list[tuple[str, Quantity]]:
    return [(node.path, q) for node in doc.walk() for q in node.quantities]


def _node_pairs(alignment: Alignment) -> set[tuple[str, str]]:
    return {(x.old, x.new) for x in (*alignment.links, *alignment.related)}


def _sides(old: Document, new: Document, alignment: Alignment) -> _Sides:
    old_f, new_f = _Figures(old), _Figures(new)
    assert old_f.located == _located(old)
    assert [old_f.paths[n] for n in old_f.node_of.tolist()] == [p for p, _ in old_f.located]
    return _Sides(old_f, new_f, alignment, _anchors(old_f, new_f, alignment))


@FEW
@given(document_pairs(plan="numbers"))
def test_the_links_of_free_figures_are_those_of_every_link(pair: tuple[str, str, Truth]) -> None:
    # _Sides keeps the links of the nodes holding a figure not anchored (and their ancestors)
    # alone; held against every link, for every pair of figures not anchored
    old, new = parse(pair[0]), parse(pair[1])
    alignment = align(list(old.walk()), list(new.walk()))
    old_q, new_q = _located(old), _located(new)
    sides = _sides(old, new, alignment)
    every = _node_pairs(alignment)
    i = np.array([k for k in sides.free_old for _ in sides.free_new], dtype=np.int64)
    j = np.array([k for _ in sides.free_old for k in sides.free_new], dtype=np.int64)
    linked, direct = sides.flags(i, j)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        path_a, path_b = old_q[a][0], new_q[b][0]
        assert direct[k] == ((path_a, path_b) in every)
        assert linked[k] == any(
            (x, y) in every for x in _ancestors(path_a) for y in _ancestors(path_b)
        )


@FEW
@given(document_pairs(plan="numbers"))
def test_anchors_are_the_equal_figures_of_equal_nodes(pair: tuple[str, str, Truth]) -> None:
    # held against a plain reading: each linked (or unlinked, same-path) pair of nodes of equal
    # own text and as many figures, figure k with figure k where all but their spans agree
    old, new = parse(pair[0]), parse(pair[1])
    alignment = align(list(old.walk()), list(new.walk()))
    old_q, new_q = _located(old), _located(new)
    linked_old = {link.old for link in alignment.links}
    linked_new = {link.new for link in alignment.links}
    places = [(link.old, link.new) for link in alignment.links] + [
        (n.path, n.path)
        for n in old.walk()
        if n.path not in linked_old and n.path not in linked_new
    ]
    old_nodes = {n.path: n for n in old.walk()}
    new_nodes = {n.path: n for n in new.walk()}
    index_old = {(path, q.span): k for k, (path, q) in enumerate(old_q)}
    index_new = {(path, q.span): k for k, (path, q) in enumerate(new_q)}
    expected = []
    for a, b in places:
        if b not in new_nodes or not old_nodes[a].quantities:
            continue
        qa, qb = old_nodes[a].quantities, new_nodes[b].quantities
        if len(qa) != len(qb) or old_nodes[a].own_text != new_nodes[b].own_text:
            continue
        expected += [
            (index_old[(a, x.span)], index_new[(b, y.span)])
            for x, y in zip(qa, qb, strict=True)
            if attrs.evolve(x, span=y.span) == y
        ]
    assert sorted(_anchors(_Figures(old), _Figures(new), alignment)) == sorted(expected)
    itself = align(list(old.walk()), list(old.walk()))
    assert sorted(_anchors(_Figures(old), _Figures(old), itself)) == [
        (k, k) for k in range(len(old_q))
    ]


def test_the_same_figure_at_another_offset_is_every_field_but_the_span() -> None:
    # _same_but_span spells the fields out: held against the class's own list of them
    q = Quantity("5个", (0, 2), 5.0, 5.0, "个", metric="村", subject="村", measure="count")
    assert _same_but_span(q, q.shifted(7))
    for field in attrs.fields(Quantity):
        value = getattr(q, field.name)
        if field.name == "span":
            continue
        other = value + 1.0 if isinstance(value, float) else "target" if value != "target" else "x"
        assert not _same_but_span(q, attrs.evolve(q, **{field.name: other})), field.name
