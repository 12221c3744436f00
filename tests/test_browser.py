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


def load(page: Path, screenshot: Path, profile: Path) -> tuple[str, str]:
    """Open ``page`` headless; return the rendered DOM and Chromium's log."""
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
            "--window-size=1280,2000",
            f"--screenshot={screenshot}",
            "--dump-dom",
            page.as_uri(),
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
