from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policydiff._io import write_atomic
from policydiff.cli import main

from .conftest import SAMPLES


def test_parse_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLES / "nhc-reply-7663-2024.txt")]) == 0
    out = capsys.readouterr().out
    assert "    二、(三)二是 【扩宽基层卫生人才渠道】" in out
    assert "date: 2024-07-12" in out


def test_parse_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLES / "health-reform-tasks-2023h2.txt"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('{\n  "')  # the command line pretty-prints
    data = json.loads(out)
    assert data["schema"] == "policydiff.document/1"
    paths = [node["path"] for node in data["nodes"]]
    assert "4.14" in paths and "p2:1" in paths
    task = next(node for node in data["nodes"] if node["path"] == "4.14")
    assert set(task) >= {"path", "marker", "heading", "text", "agencies", "quantities"}
    assert task["agencies"][0] == "国家医保局"


def test_missing_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/doc.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def test_undecodable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x30\xff\xff" * 10)
    assert main(["parse", str(bad)]) == 2
    assert "gb18030" in capsys.readouterr().err


def test_output_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "doc.json"
    assert (
        main(
            [
                "parse",
                str(SAMPLES / "nhc-key-tasks-2024.txt"),
                "--format",
                "json",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "policydiff.document/1"
    assert [p.name for p in target.parent.iterdir()] == ["doc.json"]


def test_write_atomic_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    write_atomic(target, "old")

    with pytest.raises(TypeError):
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_console_script_runs_demo() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policydiff.cli", "demo"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "工作现状和进展情况" in result.stdout


def test_parse_show_removed_lists_every_removed_line_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "首页 > 新闻 > 正文\n关于某事的通知\n一、总则。适用于全市。\n版权所有:某委\n", "utf-8"
    )
    assert main(["parse", str(page), "--show-removed"]) == 0
    out = capsys.readouterr().out
    assert "Removed (3):" in out
    assert "chrome  line 1  首页 > 新闻 > 正文" in out
    assert "title  line 2  关于某事的通知" in out
    assert "chrome  line 4  版权所有:某委" in out
    assert main(["parse", str(page)]) == 0
    assert "Removed" not in capsys.readouterr().out
