"""examples/quickstart.ipynb runs from start to end in a fresh kernel, from any directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT
from .test_render import child_env

NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def test_quickstart_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="the notebook needs a Python kernel (ipykernel)")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "commit it without outputs"
    # A directory that is neither the repository nor examples/: samples are found by the package.
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # The kernel imports the policydiff under test, installed or not (PYTHONPATH=src), and
    # draws inline whatever MPLBACKEND the environment sets.
    env = child_env(MPLBACKEND="module://matplotlib_inline.backend_inline")
    client.execute(env=env)  # raises CellExecutionError, with the traceback, when a cell fails

    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    kinds = [out.output_type for out in outputs]
    assert "error" not in kinds
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    assert 'class="tree"' in html  # the Document's table
    assert 'class="compare"' in html  # the diff's 新旧对照表
    assert "村卫生室" in html and "58.2万个" in html  # the frame of changed numbers
    assert sum("image/png" in out.get("data", {}) for out in outputs) == 2  # the two plots
    assert "5.5%左右" in html and "3.6%以上" in html  # the timeline of targets
    markdown = "".join(out.get("data", {}).get("text/markdown", "") for out in outputs)
    assert markdown.startswith("# What changed")
