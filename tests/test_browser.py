"""The HTML changelogs in a real browser: headless Chromium (Debian's ``chromium`` package).

Each page is loaded once with ``--dump-dom`` and ``--screenshot``: the DOM must hold the number
table and both anchors of every linked section, Chromium must log no console message, and the
screenshot (``tests/artifacts/<name>.png``, ignored by git) must be a real picture. ``.ci/run``
installs Chromium; without it locally these tests are skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from policydiff import PolicyDiff

from .conftest import ROOT
from .test_render import PAIRS, pair_diff

ARTIFACTS = ROOT / "tests" / "artifacts"
CONSOLE = re.compile(r":CONSOLE[:(]")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        message = "Chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI needs Chromium: {message}", pytrace=False)
        pytest.skip(message)
    return found


def load(
    page: Path, screenshot: Path, profile: Path, *, width: int = 1280, fragment: str = ""
) -> tuple[str, str]:
    """Open ``page`` (at ``#fragment``) headless in a window ``width`` pixels wide; return the
    rendered DOM and Chromium's log."""
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={width},2000",
            f"--screenshot={screenshot}",
            "--dump-dom",
            page.as_uri() + (f"#{fragment}" if fragment else ""),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=profile,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def console_messages(log: str) -> list[str]:
    return [line for line in log.splitlines() if CONSOLE.search(line)]


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_changelog_page_in_chromium(name: str, tmp_path: Path) -> None:
    d: PolicyDiff = pair_diff(name)
    page = tmp_path / f"{name}.html"
    page.write_text(d.to_html(), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"{name}.png"
    screenshot.unlink(missing_ok=True)
    dom, log = load(page, screenshot, tmp_path)

    assert console_messages(log) == []
    assert '<html lang="zh-CN">' in dom
    assert '<table class="numbers">' in dom and '<table class="compare">' in dom
    for change in d.numbers:
        if change.old and change.new:
            assert change.new.quantity.text in dom
    for n in d.nodes:
        if n.old:
            assert f'id="old-{n.old}"' in dom
        if n.new:
            assert f'id="new-{n.new}"' in dom
        if n.old and n.new:
            assert f'href="#new-{n.new}"' in dom and f'href="#old-{n.old}"' in dom
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000


def test_console_check_catches_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>")
    _, log = load(page, tmp_path / "broken.png", tmp_path)
    assert any("undefinedFunction" in line for line in console_messages(log))


# --- the page's tools: filters and search, at a desktop's and a phone's width -------------------

ROW = re.compile(r'<tr class="([^"]*)"( hidden="")?>')


def rows(dom: str) -> list[tuple[set[str], bool]]:
    """Each row of the 新旧对照表: its classes and whether it is shown."""
    return [(set(m.group(1).split()), m.group(2) is None) for m in ROW.finditer(compare(dom))]


def compare(dom: str) -> str:
    """The 新旧对照表 of a page."""
    start = dom.index('<table class="compare">')
    return dom[start : dom.index("</table>", start)]


@pytest.mark.parametrize(
    ("fragment", "width"),
    [
        ("filter=added", 1280),
        ("filter=dropped", 1280),
        ("filter=changed", 1280),
        ("filter=moved", 1280),
        ("filter=numbers", 1280),
        ("filter=added", 390),
        ("filter=numbers", 390),
    ],
)
def test_filters_show_only_their_rows(fragment: str, width: int, tmp_path: Path) -> None:
    d = pair_diff("nhc-2024-2025")
    page = tmp_path / "page.html"
    page.write_text(d.to_html(), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"nhc-{fragment.replace('=', '-')}-{width}.png"
    dom, log = load(page, shot, tmp_path, width=width, fragment=fragment)
    assert console_messages(log) == []
    wanted = fragment.removeprefix("filter=")
    found = rows(dom)
    assert len(found) == len(d.nodes)
    shown = [classes for classes, visible in found if visible]
    assert shown and all(wanted in classes for classes in shown), shown
    assert all(not visible for classes, visible in found if wanted not in classes)
    assert f'data-filter="{wanted}" aria-pressed="true"' in dom
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_search_keeps_the_rows_that_say_it(tmp_path: Path) -> None:
    d = pair_diff("nhc-2024-2025")
    page = tmp_path / "page.html"
    page.write_text(d.to_html(), encoding="utf-8")
    dom, log = load(page, tmp_path / "s.png", tmp_path, fragment="q=村卫生室")
    assert console_messages(log) == []
    chunks = re.split(r"(?=<tr class=)", compare(dom))[1:]
    shown = [c for c in chunks if not re.match(r'<tr class="[^"]*" hidden=""', c)]
    assert shown and all("村卫生室" in c for c in shown)
    assert len(shown) < len(chunks)


def test_without_the_script_every_row_shows(tmp_path: Path) -> None:
    page_text = pair_diff("nhc-2024-2025").to_html()
    page = tmp_path / "page.html"
    page.write_text(re.sub(r"<script>.*?</script>", "", page_text, flags=re.S), encoding="utf-8")
    dom, _ = load(page, tmp_path / "n.png", tmp_path, fragment="filter=added")
    assert all(visible for _, visible in rows(dom))
    assert '<div class="tools" hidden="">' in dom


# --- the example notebook, executed and shown ---------------------------------------------------

GLYPH_MISSING = re.compile(r"Glyph \d+ .* missing from (current )?font")


def cjk_font_installed() -> bool:
    """Whether any font on this machine has Chinese glyphs (the notebook's charts need one)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for path in font_manager.findSystemFonts():
        try:
            if ord("卫") in FT2Font(path).get_charmap():
                return True
        except (OSError, RuntimeError):
            continue
    return False


def test_executed_notebook_in_chromium(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="the notebook needs a Python kernel (ipykernel)")
    if not cjk_font_installed():
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei): charts show boxes")
    from .test_notebook import NOTEBOOK
    from .test_render import child_env

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=child_env(MPLBACKEND="module://matplotlib_inline.backend_inline"))
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    streams = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert not GLYPH_MISSING.search(streams), streams[:500]
    assert "No CJK font is installed" not in streams
    # the outputs as one page: the tables and changelogs as they are, the charts as images
    parts = []
    for out in outputs:
        data = out.get("data", {})
        if "image/png" in data:
            parts.append(f'<img alt="chart" src="data:image/png;base64,{data["image/png"]}">')
        elif "text/html" in data:
            parts.append(data["text/html"])
    assert sum(part.startswith("<img") for part in parts) == 2
    page = tmp_path / "notebook.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><body>'
        + "\n".join(parts)
        + "</body></html>",
        encoding="utf-8",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "quickstart-notebook.png"
    shot.unlink(missing_ok=True)
    dom, log = load(page, shot, tmp_path)
    assert console_messages(log) == []
    assert 'id="digest"' in dom and "<details>" in dom  # the diff shows its digest, detail folded
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
