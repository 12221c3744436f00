"""Tests for the documentation site (``mkdocs.yml``, ``docs/``): it builds with warnings as
errors, and what it must cover is there — every command and option of the command line, every
name of the public API, every benchmark, the JSON schemas — and its examples run."""

from __future__ import annotations

import argparse
import html
import importlib
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from policydiff import cli

from .conftest import ROOT

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict`` (a warning fails the build)."""
    pytest.importorskip("mkdocs", reason="mkdocs is in the docs extra: pip install -e '.[test]'")
    pytest.importorskip("mkdocstrings", reason="mkdocstrings is in the docs extra")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


def _text(page: Path) -> str:
    """A built page's text, tags taken out."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_every_page_in_docs_is_built(site: Path) -> None:
    pages = [p.relative_to(DOCS) for p in DOCS.rglob("*.md")]
    for page in pages:
        built = site / page.with_suffix("") / "index.html"
        if page.stem == "index":
            built = site / page.parent / "index.html"
        assert built.is_file(), f"{page} was not built"


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **sub.choices}


def _sections(page: Path) -> dict[str, str]:
    """A built page's text by ``<h2>`` section id (``""`` for what comes before the first)."""
    parts = re.split(r'<h2 id="([^"]+)"', page.read_text(encoding="utf-8"))
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", part)) for part in parts[::2]]
    return dict(zip(["", *parts[1::2]], texts, strict=True))


def test_cli_page_names_every_command_and_option(site: Path) -> None:
    # Each command has its own section, which names each of its arguments and options.
    sections = _sections(site / "cli" / "index.html")
    missing = []
    for name, parser in _commands().items():
        section = sections.get(f"policydiff-{name}" if name else "")
        if section is None:
            missing.append(f"a section for policydiff {name}")
            continue
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            names = action.option_strings or [str(action.metavar or action.dest)]
            found = section if not isinstance(action, argparse._HelpAction) else sections[""]
            missing += [
                f"policydiff {name} {n}".replace("  ", " ") for n in names if n not in found
            ]
    assert not missing, f"the command-line page lacks {missing}"


@pytest.mark.parametrize(
    ("page", "module"),
    [
        ("api/index.html", "policydiff"),
        ("api/model/index.html", "policydiff.model"),
        ("api/render/index.html", "policydiff.render"),
        ("api/scoring/index.html", "policydiff.scoring"),
        ("api/strategies/index.html", "policydiff.strategies"),
        ("api/corpus/index.html", "policydiff.corpus"),
    ],
)
def test_api_reference_documents_every_public_name(site: Path, page: str, module: str) -> None:
    namespace = importlib.import_module(module)
    built = (site / page).read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([\w.]+)"', built))
    missing = [
        name
        for name in namespace.__all__
        # the version string is named in the page's text
        if f"{module}.{name}" not in anchors and name != "__version__"
    ]
    assert not missing, f"{page} does not document {missing}"


def test_accuracy_and_performance_pages_cover_every_benchmark(site: Path) -> None:
    text = _text(site / "accuracy" / "index.html") + _text(site / "performance" / "index.html")
    scripts = sorted(p.name for p in (ROOT / "benchmarks").glob("*.py"))
    missing = [name for name in scripts if f"benchmarks/{name}" not in text]
    assert not missing, f"the accuracy and performance pages do not cover {missing}"
    assert re.search(r"20\d\d-\d\d-\d\d", text), "say when the figures were taken"


def test_json_page_links_every_schema_file(site: Path) -> None:
    text = (site / "json" / "index.html").read_text(encoding="utf-8")
    for path in (ROOT / "src" / "policydiff" / "schemas").glob("*.json"):
        assert (site / "schemas" / path.name).read_bytes() == path.read_bytes()
        assert f'href="../schemas/{path.name}"' in text, path.name


def test_readme_links_the_docs_and_the_schemas() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# policydiff\n\n```bash\npip install -e . && policydiff demo\n")
    assert "## Documentation" in readme and "mkdocs" in readme
    assert "## JSON schemas" in readme
    for link in re.findall(r"\]\(([^)#]+)", readme):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), f"README links {link}, which is missing"


def test_strategies_page_examples_run(tmp_path: Path) -> None:
    # The page's examples, run as they are written (with few Hypothesis examples), each from a
    # file of its own, as a reader would save it.
    text = (DOCS / "strategies.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    settings.register_profile("docs-examples", parent=settings.default, max_examples=5)
    settings.load_profile("docs-examples")
    try:
        for i, block in enumerate(blocks):
            path = tmp_path / f"example_{i}.py"
            path.write_text(block, encoding="utf-8")
            namespace = runpy.run_path(str(path), run_name=f"example_{i}")
            for name, value in namespace.items():
                if name.startswith("test_") and callable(value):
                    value()
    finally:
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))  # as conftest.py does
