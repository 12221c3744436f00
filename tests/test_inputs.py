"""Inputs and outputs a corpus run or a read meets in the wild: long file names, killed runs,
odd folder entries and output paths, documents in other encodings or with a damaged byte,
and file names that carry terminal escape sequences or bidirectional controls."""

from __future__ import annotations

import contextlib
import fcntl
import os
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import policydiff
from policydiff._io import NAME_MAX, bounded, remove_temporaries, safe_name, slug, write_atomic
from policydiff.cli import main
from policydiff.corpus import MANIFEST, _build, build
from policydiff.errors import DecodeError, DecodeWarning, OptionError, OutputError
from policydiff.normalize import clean_controls

_TOPICS = {
    "community": ("关于加强社区卫生服务的答复", "一、加强社区卫生服务中心建设。", "村卫生室"),
    "insurance": ("关于推进医保支付改革的答复", "一、深化医保支付方式改革。", "试点城市"),
    "childcare": ("关于发展婴幼儿照护服务的答复", "一、增加普惠托育服务供给。", "托位"),
}


def _document(topic: str, year: int) -> str:
    title, section, metric = _TOPICS[topic]
    return f"{title}\n{section}{metric}{100 + 7 * year}个。\n二、加强组织保障。\n"


def _folders(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> tuple[Path, Path]:
    """Two year folders holding ``name → text`` documents."""
    folders = (tmp_path / "old", tmp_path / "new")
    for folder, files in zip(folders, (old, new), strict=True):
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return folders


def _three_pairs(tmp_path: Path) -> tuple[Path, Path]:
    return _folders(
        tmp_path,
        {f"{t}-2024.txt": _document(t, 2024) for t in _TOPICS},
        {f"{t}-2025.txt": _document(t, 2025) for t in _TOPICS},
    )


def _run(old: Path, new: Path, out: Path, **kwargs: Any) -> policydiff.corpus.CorpusReport:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return build(old, new, out, executor=pool, **kwargs)


# --- 12. long file names ------------------------------------------------------------------------


def test_a_long_legal_file_name_gets_a_bounded_output_name(tmp_path: Path) -> None:
    long_old = "关于加强社区卫生服务的答复" * 6 + ".txt"  # 238 bytes: a legal name
    long_new = "关于加强社区卫生服务的答复" * 6 + "2025.txt"
    assert len(long_old.encode()) <= NAME_MAX and len(long_new.encode()) <= NAME_MAX
    old, new = _folders(
        tmp_path,
        {long_old: _document("community", 2024), "b.txt": _document("insurance", 2024)},
        {long_new: _document("community", 2025), "b.txt": _document("insurance", 2025)},
    )
    out = tmp_path / "out"
    report = _run(old, new, out)
    assert [e.status for e in report.entries] == ["diffed", "diffed"]
    for entry in report.entries:
        assert entry.markdown and entry.html
        assert len(entry.html.encode()) <= NAME_MAX - 20  # room for a temporary file's name
        assert (out / entry.markdown).is_file() and (out / entry.html).is_file()
    assert (out / "index.md").is_file() and (out / "numbers.csv").is_file()


def test_slugs_are_bounded_stable_and_distinct() -> None:
    one, two = "报告" * 100 + "甲.txt", "报告" * 100 + "乙.txt"
    assert slug(one) == slug(one) != slug(two)
    assert len(slug(one).encode()) <= 96
    assert bounded("a" * 300, 40) != bounded("a" * 299 + "b", 40)
    assert bounded("short", 40) == "short"


def test_write_atomic_writes_a_file_whose_name_is_nearly_name_max(tmp_path: Path) -> None:
    target = tmp_path / ("长" * 84 + ".md")  # 255 bytes: its temporary name would be longer
    assert len(target.name.encode()) == NAME_MAX
    write_atomic(target, "一、总则\n")
    assert target.read_text(encoding="utf-8") == "一、总则\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# --- 13. killed runs and re-runs ----------------------------------------------------------------


def test_temporary_files_of_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    old, new = _three_pairs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    stale = [".index.md.k3j9_x0a.tmp", ".community-2024--community-2025.html.abcd1234.tmp"]
    kept = ["notes.tmp", ".keep", ".index.md.tmp", "mine.abcd1234.tmp"]
    for name in stale + kept:
        (out / name).write_text("half a file", encoding="utf-8")
    _run(old, new, out)
    names = {p.name for p in out.iterdir()}
    assert not names & set(stale)
    assert set(kept) <= names
    assert not [n for n in names if n.endswith(".tmp") and n not in kept]


def test_remove_temporaries_touches_only_our_pattern(tmp_path: Path) -> None:
    for name in (".a.md.abcdefgh.tmp", ".b.abc.tmp", "c.abcdefgh.tmp"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".d.md.abcdefgh.tmp").mkdir()
    assert [p.name for p in remove_temporaries(tmp_path)] == [".a.md.abcdefgh.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".b.abc.tmp",
        ".d.md.abcdefgh.tmp",
        "c.abcdefgh.tmp",
    ]


class _Killed(BaseException):
    """Stands for the run being killed after some pairs finished."""


def test_a_killed_run_keeps_its_finished_pairs_and_a_rerun_skips_them(tmp_path: Path) -> None:
    old, new = _three_pairs(tmp_path)
    out = tmp_path / "out"

    def kill_after_first(done: int, total: int) -> None:
        if done == 1:
            raise _Killed

    with pytest.raises(_Killed):
        _run(old, new, out, progress=kill_after_first)
    assert len(list(out.glob("*.md"))) == 1 and not (out / "index.md").exists()
    report = _run(old, new, out)
    assert sorted(e.status for e in report.entries) == ["diffed", "diffed", "unchanged inputs"]
    again = _run(old, new, out)
    assert [e.status for e in again.entries] == ["unchanged inputs"] * 3
    forced = _run(old, new, out, force=True)
    assert [e.status for e in forced.entries] == ["diffed"] * 3
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # compacted: one line a pair


def test_a_manifest_line_cut_short_is_ignored(tmp_path: Path) -> None:
    old, new = _three_pairs(tmp_path)
    out = tmp_path / "out"
    _run(old, new, out)
    manifest = out / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: len(text) - 40], encoding="utf-8")  # the last line cut short
    report = _run(old, new, out)
    assert sorted(e.status for e in report.entries) == ["diffed"] + ["unchanged inputs"] * 2


def test_corpus_command_force_diffs_every_pair_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _three_pairs(tmp_path)
    out = str(tmp_path / "out")
    assert main(["corpus", str(old), str(new), "-o", out, "--workers", "1"]) == 0
    assert main(["corpus", str(old), str(new), "-o", out, "--workers", "1"]) == 0
    assert "3 pairs (3 unchanged, 0 failed)" in capsys.readouterr().out
    assert main(["corpus", str(old), str(new), "-o", out, "--workers", "1", "--force"]) == 0
    assert "3 pairs (0 unchanged, 0 failed)" in capsys.readouterr().out


# --- 14. input folders and output paths ---------------------------------------------------------


def test_odd_folder_entries_are_skipped_listed_with_their_reasons(tmp_path: Path) -> None:
    old, new = _three_pairs(tmp_path)
    (old / ".draft.txt").write_text(_document("community", 2023), encoding="utf-8")
    (old / "archive").mkdir()
    (old / "gone.txt").symlink_to(old / "no-such-file.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("关于内部事项的答复\n一、机密内容。\n", encoding="utf-8")
    (new / "outside.txt").symlink_to(secret)
    (new / "inside.txt").symlink_to(new / "community-2025.txt")
    os.mkfifo(new / "pipe.txt")
    out = tmp_path / "out"
    report = _run(old, new, out)
    reasons = dict(report.unreadable)
    assert set(reasons) == {
        "old/.draft.txt",
        "old/archive",
        "old/gone.txt",
        "new/outside.txt",
        "new/pipe.txt",
    }
    assert "hidden" in reasons["old/.draft.txt"]
    assert "folder" in reasons["old/archive"]
    assert "does not exist" in reasons["old/gone.txt"]
    assert "outside the folder" in reasons["new/outside.txt"]
    assert "not a regular file" in reasons["new/pipe.txt"]
    assert all(why.startswith("skipped: ") for why in reasons.values())
    # The link out of the folder was not followed; the one inside was.
    assert "机密" not in (out / "index.md").read_text(encoding="utf-8")
    assert "inside.txt" in [*report.new, *(e.new for e in report.entries)]
    index = (out / "index.md").read_text(encoding="utf-8")
    listed = index.split("## Skipped entries", 1)[1].replace("\\", "")  # Markdown escapes
    assert all(f"- {name}: " in listed for name in reasons)


def test_corpus_command_notes_skipped_entries_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _three_pairs(tmp_path)
    (old / ".hidden.txt").write_text("x", encoding="utf-8")
    (old / "sub").mkdir()
    assert main(["corpus", str(old), str(new), "-o", str(tmp_path / "out"), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "2 entries" in captured.err
    assert "old/.hidden.txt" in captured.err
    assert "0 unreadable, 2 skipped" in captured.out


@contextlib.contextmanager
def _no_diffs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if a corpus run reads or diffs any document."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("documents were read or diffed before the output was checked")

    monkeypatch.setattr(_build, "run_pairs", refuse)
    monkeypatch.setattr(_build, "_documents_in", refuse)
    yield


def test_an_output_path_that_is_a_file_is_refused_before_any_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _three_pairs(tmp_path)
    taken = tmp_path / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    with _no_diffs(monkeypatch):
        with pytest.raises(OutputError, match="it is a file"):
            build(old, new, taken)
        assert main(["corpus", str(old), str(new), "-o", str(taken)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and repr(str(taken)) in err and ".tmp" not in err
        assert main(["corpus", str(old), str(new), "-o", str(taken / "out")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and repr(str(taken / "out")) in err
    assert taken.read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_output_folder_is_refused_before_any_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _three_pairs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with _no_diffs(monkeypatch), pytest.raises(OutputError, match="cannot write into"):
            build(old, new, out)
    finally:
        out.chmod(0o755)


def test_an_output_folder_that_cannot_be_written_is_refused_before_any_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _three_pairs(tmp_path)

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("policydiff.corpus._build.tempfile.mkstemp", denied)  # read-only, as root
    with _no_diffs(monkeypatch):
        assert main(["corpus", str(old), str(new), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and repr(str(tmp_path / "out")) in err
    assert "cannot write into the folder (Permission denied)" in err


def test_a_folder_another_run_is_writing_to_is_refused(tmp_path: Path) -> None:
    old, new = _three_pairs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another policydiff corpus run"):
            build(old, new, out)
    finally:
        os.close(fd)
    assert [e.status for e in _run(old, new, out).entries] == ["diffed"] * 3


# --- 15. encodings ------------------------------------------------------------------------------

_TRADITIONAL = (
    "關於加強社區衛生服務的答覆\n一、總體情況。全年公開政府信息1136條,村衛生室58.2萬個。\n"
    "二、下一步工作。繼續推進基層醫療衛生機構建設,提高服務能力。\n"
)
_JAPANESE = (
    "地域保健政策に関する回答\n一、全体の状況。診療所は五万か所で、前年より増加した。\n"
    "二、今後の取組。市町村の保健センターの整備を進める。\n"
)


@pytest.mark.parametrize(("text", "encoding"), [(_TRADITIONAL, "big5"), (_JAPANESE, "shift_jis"),
                                                (_TRADITIONAL, "gb18030")])  # fmt: skip
def test_documents_in_other_encodings_are_detected(
    tmp_path: Path, text: str, encoding: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    assert policydiff.read(path).original == text


@pytest.mark.parametrize(("text", "encoding"), [(_TRADITIONAL, "big5"), (_JAPANESE, "shift_jis")])
def test_a_stray_nul_byte_does_not_hide_the_encoding(
    tmp_path: Path, text: str, encoding: str
) -> None:
    # (charset-normalizer proposes nothing for bytes holding a NUL)
    text = text.replace("。", "。\x00", 1)
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    assert policydiff.read(path).original == text


def test_an_encoding_can_be_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("一、總則".encode("big5"))
    assert policydiff.read(path, encoding="big5").original == "一、總則"
    assert main(["parse", str(path), "--encoding", "big5", "--format", "json"]) == 0
    shown = capsys.readouterr().out
    assert "總則" in shown or "总则" in shown  # read as Big5 (simplified when it is long enough)
    with pytest.raises(DecodeError, match=r"byte 0, b'\\xa4'"):
        policydiff.read(path, encoding="utf-8")
    with pytest.raises(OptionError, match="encoding"):
        policydiff.read(path, encoding="no-such-encoding")
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(path), "--encoding", "no-such-encoding"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "unknown encoding 'no-such-encoding'" in err and "Traceback" not in err


def test_one_bad_byte_in_utf8_is_replaced_and_its_offset_named(tmp_path: Path) -> None:
    text = "一、总体情况\n全年公开政府信息1136条,村卫生室58.2万个。\n二、下一步工作\n"
    data = text.encode()
    at = data.index("村".encode())
    damaged = data[:at] + b"\xff" + data[at + 1 :]  # the first byte of 村 broken
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    with pytest.warns(DecodeWarning, match=f"byte {at} is not utf-8") as caught:
        doc = policydiff.read(path)
    assert caught[0].message.offsets == (at,)  # type: ignore[union-attr]
    assert doc.original.count("\ufffd") >= 1
    assert doc.original.replace("\ufffd", "") == text.replace("村", "")
    assert "58.2万个" in doc.text


def test_cli_warns_of_a_damaged_byte_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.txt"
    text = "一、总体情况\n全年公开政府信息1136条。\n"
    path.write_bytes(text.encode() + b"\xff\n")
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        assert main(["parse", str(path)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("policydiff: warning:")
    assert f"byte {len(text.encode())} is not utf-8" in err


def test_undecodable_bytes_are_refused_with_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x30\xff\xff" * 10)
    with pytest.raises(DecodeError, match=r"byte 0, b'\\x81', is not utf-8") as raised:
        policydiff.read(path)
    assert "is not gb18030" in str(raised.value)


# --- 16. names with control characters; bidirectional isolates ------------------------------------

_ESCAPE_NAME = "\x1b[31mred\x1b]0;owned\x07\u2067.txt"


def test_a_document_name_never_carries_control_characters(tmp_path: Path) -> None:
    path = tmp_path / _ESCAPE_NAME
    path.write_text("一、总则\n村卫生室58.2万个。\n", encoding="utf-8")
    doc = policydiff.read(path)
    assert doc.source == safe_name(_ESCAPE_NAME) == "\\x1b[31mred\\x1b]0;owned\\x07\\u2067.txt"
    assert policydiff.read(b"x", name="a\x1bb").source == "a\\x1bb"
    markdown = policydiff.diff(doc, doc).to_markdown()
    assert "\x1b" not in markdown and "\u2067" not in markdown


def test_cli_output_and_errors_never_carry_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _three_pairs(tmp_path)
    (old / _ESCAPE_NAME).write_text(_document("community", 2023) + "旧", encoding="utf-8")
    (new / ("\x1b[2J" + "x.txt")).write_bytes(b"\x81\x30\xff\xff" * 10)
    path = old / _ESCAPE_NAME
    assert main(["diff", str(path), str(path), "--format", "md"]) == 0
    assert main(["parse", str(tmp_path / "\x1b[2Jmissing.txt")]) == 2
    out = tmp_path / ("out\x1b[0m")
    assert main(["corpus", str(old), str(new), "-o", str(out), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\u2067" not in stream and "\x07" not in stream
    for name in ("index.md", "index.html", "numbers.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u2067" not in text, name


def test_normalization_removes_bidirectional_isolates() -> None:
    text = "一、总则\n依据\u2066《条例》\u2069和\u2067《办法》\u2068,全年公开1136条。\n"
    assert clean_controls(text) == "一、总则\n依据《条例》和《办法》,全年公开1136条。\n"
    doc = policydiff.parse(text)
    assert not set("\u2066\u2067\u2068\u2069") & set(doc.text)
    assert doc.unaccounted() == ""
