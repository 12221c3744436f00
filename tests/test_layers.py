"""Tests for the package's shape: enforced layers, a light ``import policydiff``, complete and
sorted ``__all__`` lists, no module named like a function, small modules."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policydiff

from .conftest import ROOT

SRC = ROOT / "src" / "policydiff"
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(policydiff.__path__, prefix="policydiff.")
    if not info.name.startswith("policydiff.strategies") or "hypothesis" in sys.modules
)


def _isort(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps ``__all__`` in: CONSTANTS, then Classes, then the rest,
    each alphabetical."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_layers_contract_is_kept() -> None:
    # The contract is in pyproject.toml ([tool.importlinter]); function-level imports count.
    command = shutil.which("lint-imports")
    assert command is not None, "lint-imports is missing: pip install -e '.[test]'"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def _fresh(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_import_policydiff_stays_light() -> None:
    heavy = ("policydiff.corpus", "pandas", "rich", "hypothesis", "cn2an", "distributed")
    loaded = _fresh(f"import policydiff, sys; print([m for m in {heavy!r} if m in sys.modules])")
    assert loaded == "[]"


def test_timeline_is_imported_on_first_use() -> None:
    assert _fresh(
        "import sys, policydiff; before = 'policydiff.corpus' in sys.modules; "
        "f = policydiff.timeline; print(before, 'policydiff.corpus' in sys.modules, f.__name__)"
    ) == ("False True timeline")


def test_scoring_needs_no_hypothesis() -> None:
    # sys.modules[name] = None makes any import of that name fail, as if it were not installed.
    out = _fresh(
        "import sys; sys.modules['hypothesis'] = None; "
        "from policydiff.scoring import Truth, check_alignment; "
        "t = Truth(('1', '2'), ('1',), (('1', '1'),), dropped=('2',)); "
        "print(check_alignment(t, [('1', '1')]).f1)"
    )
    assert out == "1.0"


@pytest.mark.parametrize("name", MODULES)
def test_all_is_complete_and_sorted(name: str) -> None:
    module = importlib.import_module(name)
    public = [n for n in vars(module) if not n.startswith("_")]
    if name.rpartition(".")[2].startswith("_") and not hasattr(module, "__all__"):
        return  # a private module with nothing to declare
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert list(exported) == sorted(exported, key=_isort), f"{name}.__all__ is out of order"
    for item in exported:
        assert hasattr(module, item), f"{name}.__all__ names {item!r}, which it lacks"
    # Every public function and class defined in the module is exported.
    defined = [
        n
        for n in public
        if getattr(vars(module)[n], "__module__", None) == name
        and callable(vars(module)[n])
        and not isinstance(vars(module)[n], type(sys))
    ]
    missing = sorted(set(defined) - set(exported))
    assert not missing, f"{name} defines {missing} without exporting them"


def test_package_all_lists_the_public_api() -> None:
    assert list(policydiff.__all__) == sorted(policydiff.__all__, key=_isort)
    for item in policydiff.__all__:
        assert getattr(policydiff, item) is not None


def test_no_module_is_named_like_a_function_it_exports() -> None:
    # policydiff.diff is the function; a submodule of that name would shadow it on import.
    for name in MODULES:
        leaf = name.rpartition(".")[2]
        parent = importlib.import_module(name.rpartition(".")[0])
        exported = getattr(parent, "__all__", ())
        assert leaf not in exported or isinstance(getattr(parent, leaf), type(sys)), name


def test_no_module_is_longer_than_600_lines() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not long, long


def test_sources_are_utf8_files_of_the_package() -> None:
    # a stray module left behind by a move would shadow the package it was moved into
    for path in SRC.glob("*.py"):
        assert not (SRC / path.stem).is_dir(), f"{path.name} and the package {path.stem}/"
    assert Path(policydiff.__file__).parent == SRC
