from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import align, parse, read
from policydiff._align import _assign, moved_links, similarity

from .conftest import CORPUS, SAMPLES, require
from .strategies import documents


def _brute_force(score: np.ndarray, threshold: float) -> float:
    """The best total score of a one-to-one matching, by trying every one (small inputs)."""
    n_old, n_new = score.shape
    best = 0.0
    for size in range(min(n_old, n_new) + 1):
        for rows in itertools.combinations(range(n_old), size):
            for cols in itertools.permutations(range(n_new), size):
                pairs = list(zip(rows, cols, strict=True))
                if all(score[r, c] >= threshold for r, c in pairs):
                    best = max(best, sum(score[r, c] for r, c in pairs))
    return best


@given(
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=0, max_value=4),
    st.randoms(use_true_random=False),
)
def test_assignment_agrees_with_brute_force(n_old: int, n_new: int, rnd) -> None:  # type: ignore[no-untyped-def]
    score = np.array([[round(rnd.random(), 2) for _ in range(n_new)] for _ in range(n_old)])
    score = score.reshape(n_old, n_new)
    pairs = _assign(score, 0.3)
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    assert all(score[r, c] >= 0.3 for r, c in pairs)
    assert sum(score[r, c] for r, c in pairs) == pytest.approx(_brute_force(score, 0.3))


@given(documents(max_sections=3), documents(max_sections=3))
def test_flat_alignment_is_the_best_matching(a: str, b: str) -> None:
    old = list(parse(a).walk())[:5]
    new = list(parse(b).walk())[:5]
    old = [n for n in old if n.parent_path is None]
    new = [n for n in new if n.parent_path is None]
    links = align(old, new, context_bonus=0).links
    score = similarity(old, new)
    total = sum(link.similarity for link in links)
    assert total == pytest.approx(_brute_force(score, 0.25), abs=1e-3)


@given(documents())
def test_identity_links_every_node_to_itself(text: str) -> None:
    nodes = list(parse(text).walk())
    links = align(nodes, nodes).links
    assert {(link.old, link.new) for link in links} >= {
        (n.path, n.path) for n in nodes if n.heading or n.text
    }
    assert not any(link.moved for link in links)


@given(documents(), documents())
def test_alignment_is_symmetric(a: str, b: str) -> None:
    old, new = list(parse(a).walk()), list(parse(b).walk())
    forward = {(link.old, link.new, link.moved) for link in align(old, new).links}
    backward = {(link.new, link.old, link.moved) for link in align(new, old).links}
    assert forward == backward


def test_moves_are_out_of_order_links() -> None:
    a = list(parse("一、甲乙丙丁。\n二、戊己庚辛。\n三、壬癸子丑。").walk())
    b = list(parse("一、戊己庚辛。\n二、壬癸子丑。\n三、甲乙丙丁。").walk())
    links = {(link.old, link.new): link.moved for link in align(a, b).links}
    assert links == {("1", "3"): True, ("2", "1"): False, ("3", "2"): False}
    assert moved_links(a, b, []) == set()


def test_cross_parent_moves_and_splits() -> None:
    old = parse(
        "一、人才\n(一)扩大农村订单定向医学生招生规模,培养全科医生。实施大学生乡村医生专项计划。\n"
        "二、机构\n(二)开展“优质服务基层行”活动。"
    )
    new = parse(
        "一、人才\n(一)扩大农村订单定向医学生招生规模,培养全科医生。\n"
        "二、机构\n(二)开展“优质服务基层行”活动。\n(三)实施大学生乡村医生专项计划。"
    )
    alignment = align(list(old.walk()), list(new.walk()))
    assert ("1.1", "1.1") in {(link.old, link.new) for link in alignment.links}
    assert [(r.kind, r.old, r.new) for r in alignment.related] == [("split_from", "1.1", "2.3")]


def test_boilerplate_does_not_link_unrelated_sections() -> None:
    old = parse("一、我委加强推进基层医疗卫生机构绩效评价工作。")
    new = parse("一、我委加强推进出生缺陷防治能力提升计划。")
    assert align(list(old.walk()), list(new.walk())).links == ()


def test_empty_inputs() -> None:
    nodes = list(parse("一、甲。").walk())
    assert align([], nodes).links == () and align(nodes, []).links == ()


@pytest.mark.parametrize(
    ("folder", "pair"),
    [
        (SAMPLES, ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt")),
        (SAMPLES, ("primary-care-priorities-2023-traditional.txt", "nhc-key-tasks-2024.txt")),
        # pairs with a split or a merge
        (CORPUS, ("hailar_gwr_2016.txt", "hailar_gwr_2017.txt")),
        (CORPUS, ("hongze_gov_info_disclosure_2023.txt", "hongze_gov_info_disclosure_2024.txt")),
    ],
)
def test_dense_and_sparse_scoring_agree(
    folder: Path, pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policydiff._align import _features as module

    old = list(read(require(folder / pair[0])).walk())
    new = list(read(require(folder / pair[1])).walk())
    dense_score, dense = similarity(old, new), align(old, new)
    monkeypatch.setattr(module, "DENSE_CELLS", 0)
    sparse_score, sparse = similarity(old, new), align(old, new)
    np.testing.assert_allclose(dense_score, sparse_score, atol=1e-12)
    assert dense == sparse
    assert dense.links
    if folder == CORPUS:  # these pairs exercise splits and merges too
        assert dense.related


@given(st.lists(st.text(alphabet="村医卫生ab Z09-—かの\n", max_size=12), min_size=1, max_size=8))
def test_the_bigrams_of_texts_read_together_are_those_of_each_read_alone(
    texts: list[str],
) -> None:
    # one pass over all the texts joined: each bigram owned by the right text, and a text
    # of English (ASCII letters, no Han character) read by its words, as read alone
    from policydiff._align._features import _WORD_CODE, _bigram_codes

    codes, owner = _bigram_codes(texts)
    for k, text in enumerate(texts):
        alone, _ = _bigram_codes([text])
        assert sorted(codes[owner == k].tolist()) == sorted(alone.tolist())
        english = any(c.isascii() and c.isalpha() for c in text)
        english = english and not any("\u3400" <= c <= "\u9fff" for c in text)
        assert bool((codes[owner == k] >= _WORD_CODE).any()) == english


@given(st.data())
def test_corresponding_groups_are_counted_as_by_hand(data: st.DataObject) -> None:
    # the groups whose children the sibling pass compares: linked parents, both tops, and
    # groups most of whose members' links join them (counted in arrays, checked by Counter)
    from collections import Counter

    from policydiff._align._siblings import _corresponding

    def parents(n: int) -> np.ndarray:
        return np.array([data.draw(st.integers(-1, k - 1)) for k in range(n)], dtype=np.int64)

    n, m = data.draw(st.integers(1, 9)), data.draw(st.integers(1, 9))
    old_parent, new_parent = parents(n), parents(m)
    olds = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=min(n, m)))
    news = data.draw(st.permutations(range(m)))[: len(olds)]
    pairs = sorted(zip(olds, news, strict=True))
    anchors = data.draw(st.integers(1, 3))
    between = Counter((int(old_parent[i]), int(new_parent[j])) for i, j in pairs)
    leaving_old = Counter(int(old_parent[i]) for i, _ in pairs)
    leaving_new = Counter(int(new_parent[j]) for _, j in pairs)
    expected = {(-1, -1), *pairs}
    for (p, q), count in between.items():
        if count >= anchors and (2 * count > leaving_old[p] or 2 * count > leaving_new[q]):
            expected.add((p, q))

    def compared(groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(p, q) for p, q in groups if p in old_parent and q in new_parent]

    found = _corresponding(pairs, old_parent, new_parent, anchors)
    assert compared(found) == compared(sorted(expected))
    assert set(found) <= expected


def test_anchors_are_read_from_the_heading_and_the_text() -> None:
    from policydiff._align import anchors

    cited = parse("一、落实《中华人民共和国预算法》\n全国村卫生室58.2万个。").nodes[0]
    assert anchors(cited) == {"《中华人民共和国预算法》", "#村卫生室"}
    quoted = parse("(一)加强“基层首诊”制度建设\n推进分级诊疗。").nodes[0]
    assert anchors(quoted) == {"“基层首诊”"}
    body = parse("(一)制度建设\n落实“基层首诊”制度和《医师法》。").nodes[0]
    assert anchors(body) == {"“基层首诊”", "《医师法》"}
    assert anchors(parse("(一)制度建设\n推进分级诊疗。").nodes[0]) == frozenset()


@given(documents(), documents(), st.data())
def test_every_node_is_counted_in_each_of_its_ancestors_subtrees(
    a: str, b: str, data: st.DataObject
) -> None:
    # ancestors found by the chain of parents (every node walked from a document) or path by
    # path (nodes given without some of their ancestors): both as a walk up the paths finds
    from policydiff._align._features import _ancestry

    old, new = list(parse(a).walk()), list(parse(b).walk())
    if data.draw(st.booleans()) and old:
        old = data.draw(st.lists(st.sampled_from(old), unique_by=id, min_size=1))
    nodes = [*old, *new]
    expected = set()
    for k, node in enumerate(nodes):
        side = range(len(old)) if k < len(old) else range(len(old), len(nodes))
        for m in side:
            if m == k or node.path.startswith(nodes[m].path + "."):
                expected.add((m, k))
    ancestors, members = _ancestry(old, new)
    found = list(zip(ancestors.tolist(), members.tolist(), strict=True))
    assert len(found) == len(set(found))
    assert set(found) == expected


_TITLED = st.tuples(
    st.text(st.characters(categories=["Zs", "Cc"]) | st.sampled_from(" \u3000\x1c\x85\n")),
    st.sampled_from(["“", "《", "「", "("]),
    st.text(alphabet="甲乙丙\n", min_size=1, max_size=5),
    st.sampled_from(["", "”", "》", "」"]),
    st.text(max_size=4),
).map("".join)


@given(st.lists(_TITLED | st.text(max_size=8), max_size=6))
def test_title_ids_look_for_a_title_only_where_one_can_open(texts: list[str]) -> None:
    # the opening-mark gate in front of the pattern drops no title it would find
    from policydiff._align._named import _TITLE, title_ids

    numbers: dict[str, int] = {}
    expected = [
        numbers.setdefault(m.group(1), len(numbers)) if (m := _TITLE.match(t)) else -1
        for t in texts
    ]
    assert title_ids(texts, [])[0].tolist() == expected


@given(documents())
def test_walk_parents_are_the_parents_of_the_same_nodes(text):
    """An alignment's nodes remember their parents (a tuple cannot change): the same indexes
    as any other sequence of those nodes gives, and found once."""
    from policydiff._align._features import Walk, _parents

    nodes = list(parse(text).walk())
    walk = Walk(nodes)
    assert _parents(walk).tolist() == _parents(nodes).tolist()
    assert _parents(walk) is _parents(walk)
    by_path = {node.path: k for k, node in enumerate(nodes)}
    assert _parents(walk).tolist() == [by_path.get(n.path.rpartition(".")[0], -1) for n in nodes]


def _in_order_by_lists(old, new, scored):
    """``in_order`` written plainly: each group's links, old nodes and new nodes sorted."""
    from collections import defaultdict

    from policydiff._align._features import _parents

    old_parent, new_parent = _parents(old).tolist(), _parents(new).tolist()
    groups = defaultdict(list)
    for k, (i, j, score) in enumerate(scored):
        a, b = old[i], new[j]
        if a.children or b.children:
            continue
        alike = (a.text, b.text, a.heading, b.heading, a.marker, b.marker, a.kind, b.kind)
        groups[(score, old_parent[i], new_parent[j], alike)].append(k)
    result = list(scored)
    for members in groups.values():
        olds = sorted(scored[k][0] for k in members)
        news = sorted(scored[k][1] for k in members)
        for k, i, j in zip(sorted(members), olds, news, strict=True):
            result[k] = (i, j, scored[k][2])
    return result


_ALIKE_LINES = ["合计。", "5个。", "合计。", "5个。", "一、甲。", "二、丁。"]


@given(
    st.lists(st.sampled_from(_ALIKE_LINES), min_size=1, max_size=14),
    st.lists(st.sampled_from(_ALIKE_LINES), min_size=1, max_size=14),
    st.randoms(use_true_random=False),
)
def test_in_order_pairs_alike_links_as_sorted_lists_would(old_lines, new_lines, rng):
    """Links of alike leaves under one pair of parents, of one similarity, pair first with
    first, whatever order the links come in and however many groups there are."""
    from policydiff._align import in_order

    old = list(parse("\n".join(old_lines)).walk())
    new = list(parse("\n".join(new_lines)).walk())
    olds, news = list(range(len(old))), list(range(len(new)))
    rng.shuffle(olds)
    rng.shuffle(news)
    scored = [(i, j, rng.choice([1.0, 1.0, 0.9])) for i, j in zip(olds, news, strict=False)]
    rng.shuffle(scored)
    assert in_order(old, new, scored) == _in_order_by_lists(old, new, scored)


def test_in_order_leaves_alike_sections_linked_as_they_are() -> None:
    # Two alike sections, each holding a line, linked crosswise: a section is no leaf, what
    # it holds tells it apart, so the links stay as they are.
    from policydiff._align import in_order

    nodes = list(parse("一、甲。\n1.乙。\n(1)合计。\n1.乙。\n(1)合计。").walk())
    assert [bool(n.children) for n in nodes] == [True, True, False, True, False]
    scored = [(0, 0, 1.0), (1, 3, 1.0), (2, 4, 1.0), (3, 1, 1.0), (4, 2, 1.0)]
    assert in_order(nodes, nodes, scored) == scored


def _moved_by_groups(old, new, pairs):
    """``moved_links`` written plainly: links grouped by their parents' link in a dict, each
    group's kept links chosen in old order."""
    from collections import defaultdict

    from policydiff._align._features import _parents
    from policydiff._align._links import _heaviest_increasing

    old_parent, new_parent = _parents(old).tolist(), _parents(new).tolist()
    linked = {i: j for i, j, _ in pairs}
    groups, moved = defaultdict(list), set()
    for i, j, score in pairs:
        pi, pj = old_parent[i], new_parent[j]
        if (pi == -1 and pj == -1) or (pi != -1 and linked.get(pi) == pj):
            groups[(pi, pj)].append((i, j, score))
        else:
            moved.add((i, j))
    for members in groups.values():
        members.sort()
        kept = _heaviest_increasing([(j, score) for _, j, score in members])
        moved |= {(i, j) for k, (i, j, _) in enumerate(members) if k not in kept}
    return moved


_NESTED_LINES = ["一、甲。", "二、乙。", "(一)丙。", "(二)丁。", "戊。", "己。", "三、庚。"]


@given(
    st.lists(st.sampled_from(_NESTED_LINES), min_size=1, max_size=16),
    st.lists(st.sampled_from(_NESTED_LINES), min_size=1, max_size=16),
    st.randoms(use_true_random=False),
)
def test_moves_are_found_as_groups_in_a_dict_would_find_them(old_lines, new_lines, rng):
    """Whatever links are given (in order, shuffled, across parents), the moves are those of
    the plain definition: a link whose parents are not linked, and within each group of one
    pair of parents, the links off every heaviest increasing run."""
    old = list(parse("\n".join(old_lines)).walk())
    new = list(parse("\n".join(new_lines)).walk())
    olds, news = list(range(len(old))), list(range(len(new)))
    if rng.random() < 0.5:
        rng.shuffle(news)
    else:  # (mostly in order: a few swaps)
        for _ in range(rng.randrange(3)):
            a, b = rng.randrange(len(news)), rng.randrange(len(news))
            news[a], news[b] = news[b], news[a]
    pairs = [(i, j, rng.choice([1.0, 0.9, 0.5])) for i, j in zip(olds, news, strict=False)]
    pairs = [pair for pair in pairs if rng.random() < 0.9]
    assert moved_links(old, new, pairs) == _moved_by_groups(old, new, pairs)


def test_moves_among_many_siblings_are_those_of_the_plain_definition() -> None:
    # 3,000 top-level leaves, a few links moved far, swapped or gone: the groups found at
    # once, the heaviest runs after setting the pivots aside
    rng = random.Random(3)
    old = list(parse("\n".join(f"第{k}段。" for k in range(3000))).walk())
    news = list(range(3000))
    for _ in range(6):
        a, b = rng.randrange(3000), rng.randrange(3000)
        news[a], news[b] = news[b], news[a]
    pairs = [(i, j, 1.0) for i, j in enumerate(news) if i % 97]
    moved = moved_links(old, old, pairs)
    assert moved == _moved_by_groups(old, old, pairs)
    assert 0 < len(moved) <= 12


@pytest.mark.parametrize("cells", [None, 0])
def test_a_node_that_says_nothing_links_to_its_counterpart(
    cells: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ``附件`` line with nothing after it: no words, no children. Worded by its marker, it
    # links to itself and to its counterpart, on the dense path and on candidates alike.
    from policydiff import diff
    from policydiff._align import _sparse

    if cells is not None:
        monkeypatch.setattr(_sparse, "SPARSE_CELLS", cells)
    text = "一、总则。推进工作。\n二、其他。落实任务。\n附件"
    a = parse(text)
    empty = list(a.walk())[-1]
    assert (empty.marker, empty.heading, empty.text, empty.children) == ("附件", "", "", ())
    assert diff(a, a).is_empty
    b = parse(text.replace("落实任务", "落实新任务"))
    changes = {n.old: n.change for n in diff(a, b).nodes}
    assert changes[empty.path] == "unchanged"
