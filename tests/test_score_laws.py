"""The law-amendment scorer, ``benchmarks/score_laws.py``: its verdicts and its baselines.

The scorer is a script, not a module of the package, so it is loaded from its path.
"""

from __future__ import annotations

import doctest
import importlib.util
import sys
from types import ModuleType

import pytest

import policydiff

from .conftest import CORPUS, GOLD, ROOT, require


@pytest.fixture(scope="module")
def score_laws() -> ModuleType:
    path = ROOT / "benchmarks" / "score_laws.py"
    spec = importlib.util.spec_from_file_location("score_laws", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_the_docstring_examples_hold(score_laws: ModuleType) -> None:
    assert doctest.testmod(score_laws).failed == 0


def test_article_numbers_are_read_from_markers(score_laws: ModuleType) -> None:
    assert score_laws.article_number("第一百三十二条") == "132"
    assert score_laws.article_number("第一百三十三条之一") == "133之一"
    assert score_laws.article_number("(一)") is None


def test_the_by_number_baseline(score_laws: ModuleType) -> None:
    old = [("1", "总则"), ("2", "旧的规定"), ("3", "将被删去"), ("4", "附则")]
    new = [("1", "总则"), ("2", "新的规定"), ("4", "附则"), ("5", "新增一条")]
    said = score_laws.by_number(old, new)
    assert said.links == {"1": "1", "2": "2", "4": "4"}
    assert said.changed == {("2", "2")}
    assert said.deleted == {"3"}
    assert said.added == {"5"}


def test_the_by_number_baseline_misses_a_renumbering(score_laws: ModuleType) -> None:
    old = [("1", "总则"), ("2", "将被删去"), ("3", "附则")]
    new = [("1", "总则"), ("2", "附则")]
    said = score_laws.by_number(old, new)
    assert said.changed == {("2", "2")} and said.deleted == {"3"} and not said.added
    assert score_laws.by_difflib(old, new).links == {"1": "1", "3": "2"}


def test_a_change_in_an_item_makes_its_article_changed(score_laws: ModuleType) -> None:
    old = policydiff.parse(
        "第一条 为了规范停车秩序，保障道路交通安全，制定本条例。\n\n"
        "第二条 停车设施管理应当遵守下列规定：\n\n"
        "（一）公共停车场应当公示收费标准；\n\n"
        "（二）经营者应当按照规定开具发票。\n\n"
        "第三条 市交通主管部门负责停车信息系统的建设。\n\n"
        "第四条 本条例自公布之日起施行。"
    )
    new = policydiff.parse(
        "第一条 为了规范停车秩序，保障道路交通安全，制定本条例。\n\n"
        "第二条 停车设施管理应当遵守下列规定：\n\n"
        "（一）公共停车场应当公示收费标准；\n\n"
        "（二）经营者应当按照规定开具电子发票。\n\n"
        "第三条 本条例自公布之日起施行。"
    )
    said = score_laws.by_policydiff(policydiff.diff(old, new))
    assert said.links == {"1": "1", "2": "2", "4": "3"}
    assert said.changed == {("2", "2")}
    assert said.deleted == {"3"} and not said.added


def test_policydiff_finds_the_one_changed_article_of_the_minors_law(
    score_laws: ModuleType,
) -> None:
    gold = score_laws.Gold.load(require(GOLD / "laws" / "p02_minors.json"))
    result = score_laws.score_amendment(gold, require(CORPUS / "laws"))
    rows = result.rows["policydiff"]
    assert rows["changed precision"].total == rows["changed recall"].total == 1
    assert rows["changed precision"].ratio == rows["changed recall"].ratio == 1.0
    untouched = rows["untouched reported changed (0 wanted)"]
    assert (untouched.hits, untouched.total) == (0, 131), untouched.misses
