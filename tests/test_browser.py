"""The HTML changelogs in a real browser: headless Chromium (Debian's ``chromium`` package).

Each page is loaded once with ``--dump-dom`` and ``--screenshot``: the DOM must hold the number
table and both anchors of every linked section, Chromium must log no console message, and the
screenshot (``tests/artifacts/<name>.png``, ignored by git) must be a real picture. The page's
tools are then used as a reader uses them: :class:`Page` drives Chromium over its DevTools pipe,
clicks each filter button and types into the search box with the mouse and keyboard, at a
desktop's and a phone's width, checks which rows the browser shows and saves a screenshot of
each state. ``.ci/run`` installs Chromium; without it locally these tests are skipped, saying
so.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


# --- the page's tools, clicked and typed into, at a desktop's and a phone's width ---------------


class Page:
    """One page in headless Chromium, driven over the DevTools protocol through a pipe
    (``--remote-debugging-pipe``: JSON messages ending in a NUL byte, on file descriptors 3
    and 4 of the browser), so no driver beyond Chromium itself is needed. Clicks and typing go
    through the browser's input pipeline (``Input.dispatchMouseEvent``, ``Input.insertText``):
    a control hidden, covered or off-screen does not receive them."""

    def __init__(self, profile: Path, width: int, height: int) -> None:
        import fcntl

        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire() -> None:  # in the child: its fd 3 reads our commands, fd 4 answers
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,  # before exec, in the child: it only moves two descriptors
            cwd=profile,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        (target,) = [
            t["targetId"]
            for t in self.send("Target.getTargets")["targetInfos"]
            if t["type"] == "page"
        ]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 700,
        )

    def _message(self, timeout: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], timeout)
            assert ready, "Chromium did not answer in time"
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)  # type: ignore[no-any-return]

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message(30)
            if reply.get("id") == self._next:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait(self, event: str) -> None:
        """Read messages until ``event`` arrives (keeping the others)."""
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._message(30))

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Scroll the element into view and click its middle with the mouse: the click lands
        on whatever is on top there, as a person's would."""
        x, y = self.js(
            f"(() => {{const e = document.querySelector({json.dumps(selector)});"
            "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            "return [r.x + r.width / 2, r.y + r.height / 2];})()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def type(self, text: str) -> None:
        """Type ``text`` into the focused element (as an input method commits it)."""
        self.send("Input.insertText", text=text)

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def console(self) -> list[str]:
        """What the page logged or threw (console calls, exceptions, browser log entries)."""
        said = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")
        return [json.dumps(e["params"])[:300] for e in self.events if e.get("method") in said]

    def close(self) -> None:
        with contextlib.suppress(AssertionError):  # already gone
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)


#: What each row of the 新旧对照表 is and whether the browser shows it.
ROWS_JS = (
    "[...document.querySelectorAll('table.compare tbody tr')]"
    ".map(r => [r.className.split(' '), r.checkVisibility(), r.textContent])"
)
FILTER_KEYS = ("added", "dropped", "changed", "moved", "numbers", "all")


@pytest.fixture(scope="module", params=[1280, 390], ids=["desktop", "phone"])
def nhc_page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The NHC pair's page open in Chromium at a desktop's or a phone's width."""
    chromium()
    width: int = request.param
    folder = tmp_path_factory.mktemp(f"page-{width}")
    d = pair_diff("nhc-2024-2025")
    page_file = folder / "page.html"
    page_file.write_text(d.to_html(), encoding="utf-8")
    page = Page(folder, width, 900)
    try:
        page.open(page_file.as_uri())
        yield page, width, d
    finally:
        page.close()


def test_clicked_filters_show_only_their_rows(nhc_page: Any) -> None:
    page, width, d = nhc_page
    ARTIFACTS.mkdir(exist_ok=True)
    total = len(d.nodes)
    assert page.js("document.querySelector('.bar .tools').checkVisibility()")
    for key in FILTER_KEYS:
        button = f'.bar .tools button[data-filter="{key}"]'
        # on screen and inside the window at this width (a phone wraps the bar)
        left, right = page.js(
            f"(() => {{const r = document.querySelector({json.dumps(button)})"
            ".getBoundingClientRect(); return [r.left, r.right];})()"
        )
        assert 0 <= left < right <= width, (key, left, right)
        page.click(button)
        rows = page.js(ROWS_JS)
        assert len(rows) == total
        shown = [classes for classes, visible, _ in rows if visible]
        if key == "all":
            assert len(shown) == total
        else:
            assert shown, key
            assert all(key in classes for classes in shown), (key, shown)
            assert not [c for c, visible, _ in rows if not visible and key in c], key
        pressed = page.js(
            "[...document.querySelectorAll('.bar .tools button')]"
            ".filter(b => b.getAttribute('aria-pressed') === 'true').map(b => b.dataset.filter)"
        )
        assert pressed == [key]
        count = page.js("document.querySelector('.bar .tools .count').textContent")
        assert count == f"{len(shown)} / {total}"
        page.js("document.querySelector('table.compare').scrollIntoView()")  # the rows left
        page.screenshot(ARTIFACTS / f"nhc-click-{key}-{width}.png")
    assert page.console() == []
    assert (ARTIFACTS / f"nhc-click-added-{width}.png").read_bytes().startswith(b"\x89PNG")


def test_typing_in_the_search_box_keeps_the_rows_that_say_it(nhc_page: Any) -> None:
    page, width, _ = nhc_page
    page.click('.bar .tools button[data-filter="all"]')
    page.click(".bar .tools input")
    assert page.js("document.activeElement.matches('.bar .tools input')")
    page.type("村卫生室")
    rows = page.js(ROWS_JS)
    shown = [text for _, visible, text in rows if visible]
    assert shown and all("村卫生室" in text for text in shown)
    assert len(shown) < len(rows)
    # a filter clicked on top of the search narrows it further
    page.click('.bar .tools button[data-filter="changed"]')
    both = [(c, text) for c, visible, text in page.js(ROWS_JS) if visible]
    assert all("changed" in c and "村卫生室" in text for c, text in both)
    ARTIFACTS.mkdir(exist_ok=True)
    page.js("document.querySelector('table.compare').scrollIntoView()")
    page.screenshot(ARTIFACTS / f"nhc-search-{width}.png")
    assert page.console() == []


def test_a_fragment_opens_the_page_filtered(tmp_path: Path) -> None:
    # A link to ``#filter=…`` or ``#q=…`` shares a filtered view.
    d = pair_diff("nhc-2024-2025")
    page = tmp_path / "page.html"
    page.write_text(d.to_html(), encoding="utf-8")
    dom, log = load(page, tmp_path / "f.png", tmp_path, fragment="filter=numbers")
    assert console_messages(log) == []
    found = rows(dom)
    shown = [classes for classes, visible in found if visible]
    assert shown and all("numbers" in classes for classes in shown)
    assert 'data-filter="numbers" aria-pressed="true"' in dom


ROW = re.compile(r'<tr class="([^"]*)"( hidden="")?>')


def rows(dom: str) -> list[tuple[set[str], bool]]:
    """Each row of the 新旧对照表 in a dumped DOM: its classes and whether it is shown."""
    return [(set(m.group(1).split()), m.group(2) is None) for m in ROW.finditer(compare(dom))]


def compare(dom: str) -> str:
    """The 新旧对照表 of a page."""
    start = dom.index('<table class="compare">')
    return dom[start : dom.index("</table>", start)]


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
