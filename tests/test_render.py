"""Renderers: Markdown, HTML, terminal, data frames, the command line's formats, golden files.

The golden files in ``tests/golden/`` are compared byte for byte. When a change of output is
intended, regenerate them with ``pytest tests/test_render.py --update-golden`` (or
``POLICYDIFF_UPDATE_GOLDEN=1``) and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import policydiff
from policydiff import MissingExtraError, PolicyDiff, diff, parse, read
from policydiff import render as render_module
from policydiff.cli import main
from policydiff.model import NumberChange, Quantity, QuantityRef
from policydiff.render import change_label, diff_json, html, markdown
from policydiff.render._page import SCRIPT

from .conftest import GOLDEN, ROOT, SAMPLES

PAIRS = {
    "nhc-2024-2025": ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt"),
    "primary-care-2023-key-tasks-2024": (
        "primary-care-priorities-2023-traditional.txt",
        "nhc-key-tasks-2024.txt",
    ),
}
FORMATS: dict[str, Callable[[PolicyDiff], str]] = {
    "md": markdown,
    "html": html,
    # as the command line writes it: with the digest's signals
    "json": lambda d: diff_json(d, indent=2, signals=True),
}

HOSTILE = (
    "一、总则<script>alert(1)</script>\n"
    "村卫生室58.2万个。费用|比例 *约* ~~5~~ _下划线_ [链接](http://x) <b>粗</b> & 〈〉。\n"
)
HOSTILE_NEW = (
    "一、总则<script>alert(1)</script>\n"
    "村卫生室57万个。费用|比例 *约* ~~6~~ _下划线_ [链接](http://x) <b>粗</b> & 〈〉。\n"
    "二、新增<img src=x onerror=alert(2)>\n"
    '"><script>alert(3)</script>。\n'
)


def text_diff(old: str, new: str) -> PolicyDiff:
    """The diff of two documents given as text."""
    return diff(parse(old), parse(new))


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python that imports the policydiff under test."""
    package_root = str(Path(policydiff.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


@functools.cache
def pair_diff(name: str) -> PolicyDiff:
    old, new = PAIRS[name]
    return diff(read(SAMPLES / old), read(SAMPLES / new))


@pytest.fixture(scope="module")
def nhc() -> PolicyDiff:
    return pair_diff("nhc-2024-2025")


# --- golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_golden(name: str, fmt: str, update_golden: bool) -> None:
    got = FORMATS[fmt](pair_diff(name))
    path = GOLDEN / f"{name}.{fmt}"
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(got.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: create it with `pytest --update-golden`")
    want = path.read_bytes().decode("utf-8")
    if got != want:
        shown = "".join(
            list(
                difflib.unified_diff(
                    want.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    f"golden/{path.name}",
                    "now",
                    n=1,
                )
            )[:60]
        )
        pytest.fail(
            f"{path.name} differs from the golden file; if the change is intended, run "
            f"`pytest --update-golden` (or POLICYDIFF_UPDATE_GOLDEN=1) and review:\n{shown}"
        )


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_output_names_files_not_paths_and_holds_no_clock(name: str) -> None:
    d = pair_diff(name)
    for fmt, render in FORMATS.items():
        text = render(d)
        assert str(ROOT) not in text and os.getcwd() not in text, fmt
        # No clock of the run: a time shown is one the documents state (a page's 发布时间).
        stated = d.old.original + d.new.original
        for clock in re.findall(r"\d{2}:\d{2}:\d{2}", text):
            assert clock in stated, (fmt, clock)
        assert render(pair_diff(name)) == text  # pure: same diff, same bytes
    assert d.old.source == PAIRS[name][0]


# --- Markdown -----------------------------------------------------------------------------------


def section(md: str, title: str) -> str:
    """The body of the ``## title`` section of a Markdown text."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


def test_markdown_digest_tells_the_nhc_story_in_the_first_screen(nhc: PolicyDiff) -> None:
    md = nhc.to_markdown()
    # the first screen: what a reader sees before any section of the detail
    first = md[: md.index("## New sections")]
    assert len(first.splitlines()) < 60
    assert "| 乡镇卫生院 | 3.4万个 | 3.3万个 | **-0.1万个 (-2.9%)** |" in first
    assert "| 村卫生室 | 58.2万个 | 57万个 | **-1.2万个 (-2.1%)** |" in first
    assert "| 65万人 | 77万人 | **+12万人 (+18.5%)** |" in first
    signals = section(md, "Policy signals")
    new = signals.split("- **New sections and measures**:")[1].split("\n- ")[0]
    assert "关于完善药品配备和供应 (二、(二); 3 parts)" in new
    assert "关于强化政策支持和监管 (二、(六); 2 parts)" in new
    dropped = signals.split("- **Dropped sections and measures**:")[1].split("\n- ")[0]
    assert "会同国家医保局" in dropped and "(二、(一)二是)" in dropped
    assert "《“十四五”卫生健康人才发展规划》" in signals and "(and 4 more)" in signals
    # unchanged figures are counted, not listed, below full detail
    assert "社区卫生服务中心(站)" not in first and "1 more figure stated alike" in first


def test_markdown_detail_levels_nest(nhc: PolicyDiff) -> None:
    digest, sections, full = (nhc.to_markdown(detail=x) for x in ("digest", "sections", "full"))
    assert len(digest) < len(sections) < len(full)
    assert "## Policy signals" in digest and "## Changed sections" not in digest
    assert "## Changed sections" in sections and "## Moves" not in sections
    assert "## Moves" in full and "## Figures stated in one year only" in full
    # below full, a changed section shows its weightiest sentences and counts the rest
    assert "- *Sentences:* " in sections
    assert "~~我委历来高度重视基层卫生人才队伍建设。~~" in full
    with pytest.raises(ValueError, match="'detail' is 'everything'"):
        nhc.to_markdown(detail="everything")  # type: ignore[arg-type]


def test_markdown_full_tells_the_nhc_story(nhc: PolicyDiff) -> None:
    md = nhc.to_markdown(detail="full")
    title = md.splitlines()[0]
    assert title.startswith("# What changed: ")
    assert "2024-07-12" in title and "2025-06-30" in title and "第7663号建议" in title
    # The figures come first, before any section.
    assert md.index("## Headline figures") < md.index("## New sections")
    figures = section(md, "Headline figures")
    rows = {row.split(" | ")[0].strip("| "): row for row in figures.splitlines() if "|" in row}
    assert "| 3.4万个 | 3.3万个 | **-0.1万个 (-2.9%)** | 一、 |" in rows["乡镇卫生院"]
    assert "| 58.2万个 | 57万个 | **-1.2万个 (-2.1%)** |" in rows["村卫生室"]
    # the two years word the metric differently: both are shown
    trained = rows["培训基层卫生骨干 → 培训基层卫生人员"]
    assert "| 65万人 | 77万人 | **+12万人 (+18.5%)** | 二、(三)二是 → 二、(四)二是 |" in trained
    assert "2023-12-31 → 2024-12-31" in rows["村卫生室"]
    new = section(md, "New sections")
    assert "**二、(二) 关于完善药品配备和供应**" in new
    assert "**二、(六) 关于强化政策支持和监管**" in new
    assert "  - **二、(二)一是 规范和优化基层用药种类**" in new
    dropped = section(md, "Dropped measures")
    assert dropped.count("\n- ") == 1 and "**二、(一)二是**" in dropped and "医保报销" in dropped
    assert "now 二、(五)" in dropped


def test_markdown_redlines_changes_and_notes_moves(nhc: PolicyDiff) -> None:
    md = nhc.to_markdown(detail="full")
    changed = section(md, "Changed sections")
    assert "乡镇卫生院~~3.4万~~ **3.3万**个" in changed
    assert (
        "### 二、(一) → 二、(五) 关于进一步推进医联体建设和分级诊疗"
        " (was “关于持续推进分级诊疗制度”; moved)" in changed
    )
    assert "- 二、(一) → 二、(五) 关于进一步推进医联体建设和分级诊疗" in section(md, "Moves")
    citations = section(md, "Lead agencies and cited documents")
    assert "《医院巡查管理办法(试行)》 (二、(六)二是)" in citations
    # Unchanged material is one line, not repeated.
    assert md.rstrip().splitlines()[-1].startswith("Unchanged: 1 section (二、 关于所提建议的答复)")
    assert md.count("关于所提建议的答复") == 3  # the line, and the context of two new sections


def test_markdown_escapes_document_text() -> None:
    md = markdown(text_diff(HOSTILE, HOSTILE_NEW), detail="full")
    assert re.search(r"(?<!\\)[<>]", md) is None  # no raw HTML at all
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"费用\|比例\*约\* \~\~~~5~~ **6**\~\~" in md
    assert r"\_下划线\_ \[链接\](http://x)" in md
    assert r"\<b\>粗\</b\> \&〈〉" in md
    # Table rows keep their cell count however the text reads.
    for line in md.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 6, 7), line


def test_markdown_of_identical_documents_is_short() -> None:
    text = (SAMPLES / "nhc-key-tasks-2024.txt").read_text(encoding="utf-8")
    md = markdown(text_diff(text, text))
    assert "## New" not in md and "## Dropped" not in md and "## Changed" not in md
    assert md.rstrip().splitlines()[-1].startswith("Unchanged: ")


# --- HTML ---------------------------------------------------------------------------------------


def without_own_script(page: str) -> str:
    """The page less its one inline script (the bar's filters and search), which must be the
    page's own: :data:`policydiff.render._page.SCRIPT`, at the end of the body."""
    own = f"<script>\n{SCRIPT}</script>\n</body>"
    assert page.count("<script") == 1 and own in page
    return page.replace(own, "</body>")


def test_html_renders_script_as_text() -> None:
    page = without_own_script(html(text_diff(HOSTILE, HOSTILE_NEW)))
    assert re.search(r"<(script|img|b)\b", page, re.I) is None
    # (The digits in alert(1) are read as quantities, so they are highlighted: fine, as text.)
    assert "总则&lt;script&gt;alert(" in page and ")&lt;/script&gt;" in page
    assert "新增&lt;img src=x onerror=alert(" in page
    assert "&quot;&gt;&lt;script&gt;alert(" in page


def test_html_is_one_self_contained_page_for_a_phone(nhc: PolicyDiff) -> None:
    page = nhc.to_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width:700px)" in page
    assert re.search(r"<script|<link|@import|url\(|src=", without_own_script(page), re.I) is None
    assert re.search(r"fetch|XMLHttpRequest|import\(|https?:", SCRIPT) is None
    assert re.search(r"(href|src)=\"(https?:)?//", page) is None


def test_html_links_every_linked_pair_both_ways(nhc: PolicyDiff) -> None:
    page = nhc.to_html()
    for n in nhc.nodes:
        if n.old:
            assert f'id="old-{n.old}"' in page
        if n.new:
            assert f'id="new-{n.new}"' in page
        if n.old and n.new:
            assert f'href="#new-{n.new}">→ 新 {n.new_label}</a>' in page
            assert f'href="#old-{n.old}">← 旧 {n.old_label}</a>' in page
    moved = re.search(r'<tr class="changed lvl-1 moved"><td class="old" id="old-2\.1"', page)
    assert moved, "the moved section 2.1 → 2.5 is one row, tagged"


def test_html_number_table_comes_first_with_numbers_highlighted(nhc: PolicyDiff) -> None:
    page = nhc.to_html()
    assert page.index('<table class="numbers">') < page.index('<table class="compare">')
    assert '<span class="num">3.4万个</span>' in page
    assert '<td class="value down">▼ -0.1万个 (-2.9%)</td>' in page
    assert '<td class="value up">▲ +12万人 (+18.5%)</td>' in page
    assert "<del>3.4万</del><ins>3.3万</ins>" not in page  # one side each
    assert "<del>3.4万</del>" in page and "<ins>3.3万</ins>" in page


def test_html_fragment_and_notebook_reprs(nhc: PolicyDiff) -> None:
    fragment = nhc._repr_html_()
    assert fragment.startswith('<div class="policydiff"><style>') and "<html" not in fragment
    assert nhc._repr_markdown_() == nhc.to_markdown()
    doc = nhc.new
    table = doc._repr_html_()
    assert 'class="tree"' in table and "二、(六)二是" in table and "国家卫生健康委" in table
    assert '<span class="num">1800多个</span>' in table


def test_document_html_escapes() -> None:
    table = parse("一、总则<script>x</script>\n正文。")._repr_html_()
    assert "<script>" not in table and "&lt;script&gt;" in table


# --- numbers as a reader says them --------------------------------------------------------------


def quantity(text: str, value: float, unit: str) -> QuantityRef:
    return QuantityRef("1", Quantity(text, (0, len(text)), value, value, unit))


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [
        (quantity("52%", 52, "%"), quantity("55%", 55, "%"), "+3个百分点"),
        (quantity("约25亿元", 2.5e9, "元"), quantity("约10亿元", 1e9, "元"), "-15亿元 (-60.0%)"),
        (quantity("8000人", 8000, "人"), quantity("7950人", 7950, "人"), "-50人 (-0.6%)"),
        (quantity("3个", 3, "个"), quantity("3个", 3, "个"), "unchanged"),
    ],
)
def test_change_label(old: QuantityRef, new: QuantityRef, label: str) -> None:
    delta = new.quantity.low - old.quantity.low
    relative = round(delta / old.quantity.low, 4)
    change = "unchanged" if delta == 0 else "changed"
    assert change_label(NumberChange(change, "m", old, new, delta, relative)) == label


# --- terminal -----------------------------------------------------------------------------------


def test_rich_summary(nhc: PolicyDiff) -> None:
    from rich.console import Console

    console = Console(width=100, color_system="truecolor", force_terminal=True)
    with console.capture() as captured:
        console.print(nhc)  # through __rich__
    out = captured.get()
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "58.2万个 → 57万个" in plain and "-1.2万个 (-2.1%)" in plain
    assert "+ 二、(二) 关于完善药品配备和供应" in plain and "- 二、(一)二是 会同国家医保局" in plain


def test_importing_policydiff_imports_no_optional_extra() -> None:
    code = (
        "import sys, policydiff\n"
        "p = policydiff.parse\n"
        "d = policydiff.diff(p('一、甲\\n乙。'), p('一、甲\\n丙。'))\n"
        "d.to_markdown(); d.to_html(); d.to_json(); d.to_text()\n"
        "print(sorted(m for m in ('rich', 'pandas', 'IPython') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=child_env()
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("call", "extra"),
    [
        (lambda d: d.to_frame(), "pandas"),
        (lambda d: d.nodes_frame(), "pandas"),
        (lambda d: d.__rich__(), "rich"),
    ],
)
def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, call: object, extra: str) -> None:
    monkeypatch.setitem(sys.modules, extra, None)  # makes `import extra` raise ImportError
    d = text_diff("一、甲\n乙。", "一、甲\n丙。")
    with pytest.raises(MissingExtraError, match=re.escape(f"policydiff[{extra}]")) as info:
        call(d)  # type: ignore[operator]
    assert isinstance(info.value, ImportError)


# --- data frames --------------------------------------------------------------------------------


def test_numbers_frame(nhc: PolicyDiff) -> None:
    frame = nhc.to_frame()
    assert list(frame.columns) == list(render_module.NUMBER_COLUMNS)
    assert len(frame) == len(nhc.numbers)
    village = frame[frame["metric"] == "村卫生室"].iloc[0]
    assert (village["old_text"], village["new_text"]) == ("58.2万个", "57万个")
    assert (village["old_low"], village["new_high"], village["delta"]) == (582000, 570000, -12000)
    assert (village["old_node"], village["new_as_of"], village["unit"]) == ("1", "2024-12-31", "个")
    changed = frame[frame["change"] == "changed"].sort_values("relative")
    assert changed["metric"].tolist() == ["乡镇卫生院", "村卫生室", "培训基层卫生人员"]
    added = frame[frame["change"] == "added"]
    assert added["old_low"].isna().all() and added["delta"].isna().all()


def test_nodes_frame(nhc: PolicyDiff) -> None:
    frame = nhc.nodes_frame()
    assert list(frame.columns) == list(render_module.NODE_COLUMNS)
    assert len(frame) == len(nhc.nodes)
    moved = frame[frame["moved"]]
    assert ("2.1", "2.5") in set(zip(moved["old"], moved["new"], strict=True))
    assert frame["change"].value_counts().to_dict() == {
        k: v
        for k, v in nhc.summary["nodes"].items()
        if k in ("added", "changed", "dropped", "unchanged") and v
    }


def test_frames_of_an_empty_diff_have_their_columns() -> None:
    d = text_diff("", "")
    assert list(d.to_frame().columns) == list(render_module.NUMBER_COLUMNS)
    assert d.to_frame().empty and d.nodes_frame().empty


# --- the command line's formats -----------------------------------------------------------------

NHC = [str(SAMPLES / name) for name in PAIRS["nhc-2024-2025"]]


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_cli_diff_formats_match_the_golden_files(
    fmt: str, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    if update_golden:
        pytest.skip("golden files are being rewritten")
    assert main(["diff", *NHC, "--format", fmt]) == 0
    assert capsys.readouterr().out == (GOLDEN / f"nhc-2024-2025.{fmt}").read_text(encoding="utf-8")


def test_cli_text_is_plain_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert out == pair_diff("nhc-2024-2025").to_text()


def test_cli_text_is_rich_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("policydiff.cli._is_terminal", lambda: True)
    assert main(["diff", *NHC]) == 0
    out = capsys.readouterr().out
    assert "Headline figures" in out and "乡镇卫生院" in out and "Changed sections" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_demo_colours_a_real_terminal() -> None:
    import pty

    leader, follower = pty.openpty()
    env = child_env(COLUMNS="100", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "policydiff.cli", "demo"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in out and "Headline figures" in out


@pytest.mark.parametrize(
    ("suffix", "marker"), [(".md", "# What changed"), (".html", "<!DOCTYPE html>")]
)
def test_cli_demo_output_file_format_from_suffix(
    tmp_path: Path, suffix: str, marker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / f"changelog{suffix}"
    assert main(["demo", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").startswith(marker)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


def test_cli_explicit_format_wins_over_suffix(tmp_path: Path) -> None:
    target = tmp_path / "changelog.txt"
    assert main(["demo", "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "policydiff.diff/1"


def test_markdown_renders_as_intended_in_a_gfm_parser(nhc: PolicyDiff) -> None:
    markdown_it = pytest.importorskip("markdown_it")  # comes with rich
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    page = parser.render(nhc.to_markdown(detail="full"))
    assert "<td>乡镇卫生院</td>\n<td>3.4万个</td>\n<td>3.3万个</td>" in page
    assert "<s>3.4万</s> <strong>3.3万</strong>" in page
    hostile = parser.render(markdown(text_diff(HOSTILE, HOSTILE_NEW), detail="full"))
    assert re.search(r"<(script|img|b)\b", hostile) is None and "&lt;script&gt;" in hostile
    assert "<s>5</s> <strong>6</strong>" in hostile  # the escaped ~~ around it stay literal
    assert "<td>费用|比例*约* ~~</td>" in hostile  # an escaped | stays in its cell


@pytest.mark.parametrize("detail", ["digest", "sections", "full"])
def test_cli_detail_levels(detail: str, capsys: pytest.CaptureFixture[str]) -> None:
    d = pair_diff("nhc-2024-2025")
    assert main(["diff", *NHC, "--format", "md", "--detail", detail]) == 0
    assert capsys.readouterr().out == d.to_markdown(detail=detail)  # type: ignore[arg-type]
    assert main(["diff", *NHC, "--format", "text", "--detail", detail]) == 0
    assert capsys.readouterr().out == d.to_text(detail=detail)  # type: ignore[arg-type]
