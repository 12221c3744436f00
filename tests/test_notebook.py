"""examples/quickstart.ipynb runs from start to end in a fresh kernel, from any directory, with
policydiff laid out as a wheel installs it (the package and the data pyproject ships with it,
no source checkout beside it)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES
from .test_render import child_env

NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")


def installed_copy(site: Path) -> Path:
    """``src/policydiff`` and the files the wheel's ``force-include`` adds to it, copied into
    ``site`` as ``pip install`` would lay them out; the package's folder."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    package = site / "policydiff"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for source in wheel["packages"]:
        shutil.copytree(ROOT / source, site / Path(source).name, ignore=ignore)
    for source, target in wheel.get("force-include", {}).items():
        shutil.copytree(ROOT / source, site / target, ignore=ignore)
    return package


def code(notebook_path: Path) -> str:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(notebook_path, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_reads_only_bundled_samples() -> None:
    # Every file the notebook reads is a bundled sample, named through sample_path: nothing
    # of the repository around it (examples/data, a path relative to policydiff.__file__).
    source = code(NOTEBOOK)
    names = re.findall(r"sample_path\(f?\"([^\"]+)\"\)", source)
    assert names, "the notebook reads its documents through policydiff.sample_path"
    years = range(2019, 2023)
    files = [name.replace("{year}", str(year)) for name in names for year in years]
    assert all((SAMPLES / name).is_file() for name in files), files
    assert "__file__" not in source and "examples/" not in source and "Path(" not in source


def test_wheel_layout_holds_the_samples(tmp_path: Path) -> None:
    package = installed_copy(tmp_path)
    shipped = {p.relative_to(package / "samples") for p in (package / "samples").rglob("*.txt")}
    wanted = {p.relative_to(SAMPLES) for p in SAMPLES.rglob("*.txt")}
    assert shipped == wanted and Path("work-reports/gwr_2022.txt") in shipped


def test_quickstart_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="the notebook needs a Python kernel (ipykernel)")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "commit it without outputs"
    # policydiff as a wheel installs it, in a folder of its own; the notebook runs in another
    # directory that is neither the repository nor examples/.
    site, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    package = installed_copy(site)
    notebook.cells.append(nbformat.v4.new_code_cell("print(policydiff.__file__)"))
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
    )
    # The kernel imports the copied policydiff first (PYTHONPATH), and draws inline whatever
    # MPLBACKEND the environment sets.
    env = child_env(MPLBACKEND="module://matplotlib_inline.backend_inline")
    env["PYTHONPATH"] = str(site)
    client.execute(env=env)  # raises CellExecutionError, with the traceback, when a cell fails

    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    kinds = [out.output_type for out in outputs]
    assert "error" not in kinds
    where = notebook.cells[-1].outputs[0]["text"].strip()
    assert Path(where).resolve() == (package / "__init__.py").resolve(), where
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    assert 'class="tree"' in html  # the Document's table
    assert 'class="compare"' in html  # the diff's 新旧对照表
    assert "村卫生室" in html and "58.2万个" in html  # the frame of changed numbers
    assert sum("image/png" in out.get("data", {}) for out in outputs) == 2  # the two plots
    assert "5.5%左右" in html and "3.6%以上" in html  # the timeline of targets
    markdown = "".join(out.get("data", {}).get("text/markdown", "") for out in outputs)
    assert markdown.startswith("# What changed")
