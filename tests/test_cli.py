from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import docx as python_docx
import openpyxl
import pytest

import policydiff
from policydiff import AlignOptions, DiffOptions, cli
from policydiff._io import write_atomic
from policydiff.cli import main
from policydiff.errors import EmptyDocumentWarning, SeriesWarning

from .conftest import ROOT, SAMPLES


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


# --- conventions: version, exit codes, standard input, formats by suffix, output errors -------

OLD, NEW = SAMPLES / "nhc-reply-7663-2024.txt", SAMPLES / "nhc-reply-community-health-2025.txt"


def one_error_line(err: str) -> str:
    """The single line a failed command writes on stderr."""
    assert err.count("\n") == 1 and err.startswith("policydiff: error: "), err
    return err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"policydiff {policydiff.__version__}\n"
    result = subprocess.run([sys.executable, "-m", "policydiff.cli", "--version"],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0 and result.stdout.split() == ["policydiff", "0.1.0"]


def test_exit_code_says_whether_the_documents_differ(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(NEW), "--exit-code"]) == 1
    assert main(["diff", str(OLD), str(OLD), "--exit-code"]) == 0
    assert main(["diff", str(OLD), str(NEW)]) == 0  # without it, 0 for done
    assert main(["demo", "--exit-code"]) == 1
    assert main(["diff", str(OLD), "/nonexistent/new.txt", "--exit-code"]) == 2
    capsys.readouterr()


def test_exit_code_of_an_internal_error_is_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "diff", broken)
    assert main(["diff", str(OLD), str(NEW), "--exit-code"]) == 3
    assert main(["diff", str(OLD), str(NEW)]) == 1
    err = capsys.readouterr().err
    assert err.count("internal error: RuntimeError: boom") == 2


def test_exit_codes_are_documented_in_help_readme_and_docs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert (
        "exit 0 when nothing changed, 1 when the documents differ, 2 for bad input, 3 for an internal error"
        in shown
    )
    for page in (ROOT / "README.md", ROOT / "docs" / "cli.md"):
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert "--exit-code" in text and "3 internal error" in text, page


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_dash_reads_standard_input_as_bytes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, OLD.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["diff", "-", str(OLD), "--format", "json", "--exit-code"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["source"] == "<stdin>"


def test_dash_reads_a_word_file_through_the_same_readers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = python_docx.Document()
    for line in ("一、总体情况", "全国有村卫生室57万个。", "二、下一步工作", "继续加强基层。"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    stdin_of(monkeypatch, buffer.getvalue())
    assert main(["numbers", "-", "--format", "json"]) == 0
    quantities = json.loads(capsys.readouterr().out)["quantities"]
    assert [q["text"] for q in quantities] == ["57万个"]


def test_dash_can_be_read_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, b"\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe5\x88\x99")
    assert main(["diff", "-", "-"]) == 2
    assert "standard input can be read once" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("command", "suffix", "check"),
    [
        ("diff", ".md", lambda t: t.startswith("# What changed")),
        ("diff", ".markdown", lambda t: t.startswith("# What changed")),
        ("diff", ".html", lambda t: t.startswith("<!DOCTYPE html>")),
        ("diff", ".json", lambda t: json.loads(t)["schema"] == "policydiff.diff/1"),
        ("diff", ".txt", lambda t: t.startswith("old: ")),
        ("diff", ".csv", lambda t: t.startswith("\ufeffchange,metric,")),
        ("parse", ".json", lambda t: json.loads(t)["schema"] == "policydiff.document/1"),
        ("parse", ".txt", lambda t: "【" in t),
        ("numbers", ".csv", lambda t: t.startswith("\ufeffpath,") or t.startswith("\ufeff")),
        ("numbers", ".json", lambda t: json.loads(t)["schema"] == "policydiff.numbers/1"),
    ],
)
def test_output_suffix_picks_the_format(
    command: str, suffix: str, check: Callable[[str], bool], tmp_path: Path
) -> None:
    target = tmp_path / f"out{suffix}"
    inputs = [str(OLD), str(NEW)] if command == "diff" else [str(OLD)]
    assert main([command, *inputs, "-o", str(target)]) == 0
    assert check(target.read_text(encoding="utf-8"))


def test_an_unknown_suffix_is_an_error_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.pdf"
    assert main(["diff", str(OLD), "/nonexistent/new.txt", "-o", str(target)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "writes no '.pdf' files" in line and ".docx" in line and "--format" in line
    assert main(["parse", str(OLD), "-o", str(tmp_path / "doc.docx")]) == 2
    assert ".json" in one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []
    # An explicit --format wins over the suffix.
    assert main(["parse", str(OLD), "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "policydiff.document/1"


def test_output_that_is_a_folder_or_under_a_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(OLD), str(NEW), "-o", str(tmp_path)]) == 2
    assert "it is a folder; give a file name" in one_error_line(capsys.readouterr().err)
    note = tmp_path / "note.txt"
    note.write_text("x", encoding="utf-8")
    assert main(["diff", str(OLD), str(NEW), "-o", str(note / "out.md")]) == 2
    assert "is a file, not a folder" in one_error_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_a_full_device_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(OLD), "-o", "/dev/full"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "cannot write to '/dev/full': no space left on device" in line


def test_output_that_cannot_be_written_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if Path("/proc/version").is_file():  # no new file can be made in /proc, even as root
        assert main(["parse", str(OLD), "-o", "/proc/version"]) == 2
        assert "cannot write to '/proc/version'" in one_error_line(capsys.readouterr().err)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("root may write into a read-only folder")
        assert main(["parse", str(OLD), "-o", str(locked / "doc.txt")]) == 2
        assert "permission denied" in one_error_line(capsys.readouterr().err)
    finally:
        locked.chmod(0o700)


def test_binary_formats_are_not_sent_to_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    assert main(["diff", str(OLD), str(NEW), "--format", "docx"]) == 2
    assert "give --output FILE" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_cli_writes_word_and_excel_by_suffix(suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"changes{suffix}"
    assert main(["diff", str(OLD), str(NEW), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data[:2] == b"PK"
    if suffix == ".docx":
        assert "村卫生室" in [
            r.cells[0].text for t in python_docx.Document(io.BytesIO(data)).tables for r in t.rows
        ]
    else:
        assert "Numbers" in openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def test_binary_formats_go_down_a_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policydiff.cli", "diff", str(OLD), str(NEW), "--format", "xlsx"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Numbers" in openpyxl.load_workbook(io.BytesIO(result.stdout)).sheetnames


# --- tuning flags --------------------------------------------------------------------------


def test_tuning_flags_set_the_options_records(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[DiffOptions] = []
    real = cli.diff

    def spy(old: Any, new: Any, *, options: DiffOptions) -> Any:
        seen.append(options)
        return real(old, new, options=options)

    monkeypatch.setattr(cli, "diff", spy)
    args = ["--threshold", "0.3", "--metric-threshold", "0.7", "--merge-gap", "4"]
    assert main(["diff", str(OLD), str(NEW), "-o", os.devnull, *args]) == 0
    assert seen[0] == DiffOptions(align=AlignOptions(threshold=0.3), metric_threshold=0.7,
                                  merge_gap=4)  # fmt: skip
    assert main(["diff", str(OLD), str(NEW), "-o", os.devnull]) == 0
    assert seen[1] == DiffOptions()


def test_corpus_takes_the_corpus_options_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import policydiff.corpus

    seen: list[Any] = []

    def spy(*args: Any, options: Any, **kwargs: Any) -> Any:
        seen.append(options)
        raise policydiff.PolicyDiffError("stopped")

    monkeypatch.setattr(policydiff.corpus, "build", spy)
    flags = ["--match-threshold", "0.2", "--threshold", "0.3", "--candidates", "5"]
    assert main(["corpus", str(SAMPLES), str(SAMPLES), "-o", str(tmp_path), *flags]) == 2
    assert seen == [policydiff.corpus.CorpusOptions(match_threshold=0.2, candidates=5,
                    diff=DiffOptions(align=AlignOptions(threshold=0.3)))]  # fmt: skip
    capsys.readouterr()


def test_every_number_of_the_options_records_is_a_documented_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for record in (DiffOptions, AlignOptions):
        for field in attrs.fields(record):
            if str(field.type) in ("float", "int"):
                assert f"--{field.name.replace('_', '-')}" in shown, field.name
    assert (
        "Two quantities measure the same thing at this metric similarity or more. (default: 0.6)"
        in shown
    )


def test_a_tuning_value_out_of_range_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(NEW), "--threshold", "7"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "'threshold' is 7.0; it must be a number from 0 to 1" in line


def test_diff_csv_lists_the_number_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(OLD), str(NEW), "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert not text.startswith("\ufeff")  # a pipe gets plain CSV
    records = list(csv.DictReader(io.StringIO(text)))
    village = next(r for r in records if r["metric"] == "村卫生室")
    assert (village["change"], village["old_text"], village["new_text"]) == (
        "changed",
        "58.2万个",
        "57万个",
    )
    target = tmp_path / "numbers.csv"
    assert main(["diff", str(OLD), str(NEW), "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfchange,metric,")
    assert target.read_text(encoding="utf-8-sig") == text


# --- shell completion ----------------------------------------------------------------------


def complete(script: str, words: list[str]) -> list[str]:
    """What bash completes for the command line ``words`` (the last one being typed)."""
    program = (
        f"{script}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n_policydiff\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n"
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completion_completes_commands_options_and_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert complete(script, ["policydiff", "di"]) == ["diff"]
    assert set(complete(script, ["policydiff", ""])) >= {"diff", "parse", "completion", "--version"}
    assert "--metric-threshold" in complete(script, ["policydiff", "diff", "--metric"])
    assert complete(script, ["policydiff", "diff", "--format", "x"]) == ["xlsx"]
    assert complete(script, ["policydiff", "completion", ""]) == ["bash", "zsh"]
    assert complete(script, ["policydiff", "diff", "--threshold", ""]) == []


def test_zsh_completion_describes_every_command_and_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["completion", "zsh"]) == 0
    script = capsys.readouterr().out
    assert script.startswith("#compdef policydiff\n")
    for command in ("parse", "numbers", "diff", "demo", "corpus", "timeline", "completion"):
        assert f"                {command})" in script
    assert "'--format[" in script and ":format:(text md html json csv docx xlsx)'" in script
    assert "'--metric-threshold[Two quantities measure the same thing" in script
    assert "'1:shell:(bash zsh)'" in script
    if shutil.which("zsh"):
        subprocess.run(["zsh", "-n"], input=script, text=True, check=True)


# --- timeline inputs and empty documents -----------------------------------------------------


def test_timeline_needs_two_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", str(OLD)]) == 2
    assert "give two or more documents" in one_error_line(capsys.readouterr().err)


def test_timeline_sorts_years_given_out_of_order_with_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["timeline", str(NEW), str(OLD), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["years"] == ["2024", "2025"]
    assert err == (
        "policydiff: warning: the documents were not given in year order; sorted by year: "
        "nhc-reply-7663-2024.txt (2024), nhc-reply-community-health-2025.txt (2025)\n"
    )


def test_timeline_warns_of_a_document_of_another_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "football-2026.txt"
    other.write_text(
        "关于举办2026年全市中学生足球联赛的通知\n一、比赛时间。比赛于2026年5月在市体育中心举行,"
        "共32支球队参赛。\n二、报名办法。各校于4月底前将报名表报送市教育局体卫艺处。\n",
        "utf-8",
    )
    assert main(["timeline", str(OLD), str(NEW), str(other)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "football-2026.txt (2026) shares almost nothing with the other documents" in err
    with pytest.warns(SeriesWarning, match="2 documents of 2024"):
        policydiff.timeline([OLD, OLD, NEW])


def test_an_empty_document_warns_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["diff", str(empty), str(NEW), "-o", os.devnull]) == 0
    assert capsys.readouterr().err == (
        "policydiff: warning: 'empty.txt' is empty; a diff against it reports everything as "
        "added or dropped\n"
    )
    with pytest.warns(EmptyDocumentWarning, match="is empty"):
        doc = policydiff.read(empty)
    assert doc.warnings == ("'empty.txt' is empty; a diff against it reports everything as "
                            "added or dropped",)  # fmt: skip
    assert main(["parse", str(empty), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == list(doc.warnings)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert policydiff.read(OLD).warnings == ()


# --- the README ----------------------------------------------------------------------------


def test_readme_starts_with_the_set_up_commands_and_says_what_tests_need() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    assert first.splitlines() == [
        "pip install -e . && policydiff demo",
        "pip install -e '.[test]' && python -m pytest",
    ]
    for needed in ("../shared", "Chromium", "--exit-code", "--encoding", "--force", "completion"):
        assert needed in readme, needed


def test_readme_example_paths_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"[\"']((?:\.\./shared|samples|examples)/[^\"'\s{}]+)[\"']", readme))
    templated = re.findall(
        r'"(\.\./shared/[^"]*)\{year\}([^"]*)" for year in \(([\d, ]+)\)', readme
    )
    for head, tail, years in templated:
        paths |= {f"{head}{year}{tail}" for year in years.split(", ")}
    assert len(paths) >= 6 and templated
    for path in sorted(paths):
        if path.startswith("../shared") and not (ROOT.parent / "shared").exists():
            continue
        assert (ROOT / path).exists(), path
