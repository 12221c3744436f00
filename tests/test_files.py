"""Files and corpus runs: output names, writing through links and devices, CSV cells a
spreadsheet would run, and a corpus run that loses a worker process."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import queue
import select
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import policydiff
from policydiff import Document, parse, render
from policydiff._io import write_atomic
from policydiff.cli import main
from policydiff.corpus import _parallel, build, diff_many
from policydiff.model import Node
from policydiff.render._csv import csv_cell

# --- documents ------------------------------------------------------------------------------------

_TOPICS = {
    "community": ("关于加强社区卫生服务的答复", "一、加强社区卫生服务中心建设。", "村卫生室"),
    "insurance": ("关于推进医保支付改革的答复", "一、深化医保支付方式改革。", "试点城市"),
    "childcare": ("关于发展婴幼儿照护服务的答复", "一、增加普惠托育服务供给。", "托位"),
    "elderly": ("关于推进居家养老服务的答复", "一、发展社区居家养老服务。", "养老床位"),
    "vaccines": ("关于完善疫苗接种管理的答复", "一、规范预防接种门诊管理。", "接种门诊"),
    "rural": ("关于巩固乡村医生队伍的答复", "一、稳定乡村医生队伍待遇。", "乡村医生"),
}


def _document(topic: str, year: int, extra: str = "") -> str:
    title, section, metric = _TOPICS[topic]
    count = 100 + 7 * year
    return f"{title}\n{section}{metric}{count}个。{extra}\n二、加强组织保障。\n"


def _folders(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> tuple[Path, Path]:
    """Two year folders holding ``name → text`` documents."""
    folders = (tmp_path / "old", tmp_path / "new")
    for folder, files in zip(folders, (old, new), strict=True):
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return folders


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- corpus output names --------------------------------------------------------------------------


def _colliding(tmp_path: Path) -> tuple[Path, Path]:
    """``a b.txt`` and ``a_b.txt`` (one slug), ``x y.txt`` and ``x_y.txt``, and two names
    that differ only in case (one file on a case-insensitive file system)."""
    return _folders(
        tmp_path,
        {
            "a b.txt": _document("community", 2024),
            "a_b.txt": _document("insurance", 2024),
            "Case.txt": _document("childcare", 2024),
            "case.txt": _document("elderly", 2024),
        },
        {
            "x y.txt": _document("community", 2025),
            "x_y.txt": _document("insurance", 2025),
            "new.txt": _document("childcare", 2025),
            "NEW.txt": _document("elderly", 2025),
        },
    )


def test_corpus_output_names_are_unique_and_each_pair_keeps_its_own_rows(tmp_path: Path) -> None:
    old, new = _colliding(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        report = build(old, new, tmp_path / "out", executor=pool)
    pairs = {(e.old, e.new): e for e in report.entries}
    assert set(pairs) == {
        ("a b.txt", "x y.txt"),
        ("a_b.txt", "x_y.txt"),
        ("Case.txt", "new.txt"),
        ("case.txt", "NEW.txt"),
    }
    stems = [e.markdown for e in report.entries]
    assert all(stems) and len({s.casefold() for s in stems if s}) == 4
    topics = {"a b.txt": "community", "a_b.txt": "insurance", "Case.txt": "childcare",
              "case.txt": "elderly"}  # fmt: skip
    for (old_name, _), entry in pairs.items():
        changelog = (tmp_path / "out" / (entry.markdown or "")).read_text(encoding="utf-8")
        assert _TOPICS[topics[old_name]][0] in changelog
        assert all(_TOPICS[t][0] not in changelog for t in topics.values() if t != topics[old_name])
    numbers = (tmp_path / "out" / "numbers.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(numbers)))
    expected = []
    for old_name, new_name in sorted(pairs):
        result = policydiff.diff(old / old_name, new / new_name)
        expected += [
            (old_name, new_name, *(str(row[c] or "") for c in ("metric", "old_text", "new_text")))
            for row in render.number_rows(result)
        ]
    found = [(r["old_document"], r["new_document"], r["metric"], r["old_text"], r["new_text"])
             for r in rows]  # fmt: skip
    assert sorted(found) == sorted(expected)
    assert len({(r[0], r[1]) for r in found}) == 4


def test_corpus_output_names_are_the_same_on_every_run(tmp_path: Path) -> None:
    old, new = _colliding(tmp_path)
    names = []
    for run in ("one", "two"):
        with ThreadPoolExecutor(max_workers=2) as pool:
            report = build(old, new, tmp_path / run, executor=pool)
        names.append(sorted(p.name for p in (tmp_path / run).iterdir()))
        assert [e.status for e in report.entries] == ["diffed"] * 4
    assert names[0] == names[1]
    # A name gets a suffix only where it would collide.
    single = _folders(
        tmp_path / "single", {"a b.txt": _document("community", 2024)},
        {"x y.txt": _document("community", 2025)},
    )  # fmt: skip
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = build(*single, tmp_path / "four", executor=pool)
    assert [e.markdown for e in report.entries] == ["a_b--x_y.md"]


# --- writing through symbolic links, into devices and FIFOs ---------------------------------------


def test_write_atomic_writes_through_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "real" / "changelog.md"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "latest.md"
    link.symlink_to(Path("real") / "changelog.md")
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "changelog.md")
    assert real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["changelog.md"]
    # A link to a file that does not exist yet creates that file.
    dangling = tmp_path / "next.md"
    dangling.symlink_to(tmp_path / "real" / "next-target.md")
    write_atomic(dangling, "made")
    assert dangling.is_symlink()
    assert (tmp_path / "real" / "next-target.md").read_text(encoding="utf-8") == "made"


def test_write_atomic_writes_into_a_fifo_without_replacing_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(fifo, "一、总则\n")
        assert os.read(reader, 1024).decode("utf-8") == "一、总则\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _null_device(tmp_path: Path) -> Path:
    """A character device to write to: a null device of our own where we may make one (as
    root), else ``/dev/null`` (which, not being root, no writer could replace)."""
    if os.geteuid() == 0:
        own = tmp_path / "null"
        try:
            os.mknod(own, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except OSError:
            pytest.skip("cannot make a device node here")
        return own
    return Path("/dev/null")


def test_write_atomic_writes_into_a_character_device(tmp_path: Path) -> None:
    device = _null_device(tmp_path)
    before = os.lstat(device)
    write_atomic(device, "nothing to keep")
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert sorted(p.name for p in device.parent.iterdir() if p.name.endswith(".tmp")) == []


def _stdout_alias(folder: Path) -> Path:
    """A link like ``/dev/stdout`` (to ``/proc/self/fd/1``), made in ``folder`` so that a
    writer that replaces links instead of writing through them cannot harm the real one."""
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd")
    alias = folder / "stdout"
    alias.symlink_to("/proc/self/fd/1")
    return alias


def test_write_atomic_writes_to_stdout_by_its_names(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    alias = _stdout_alias(tmp_path)
    sys.stdout.flush()
    write_atomic(alias, "到标准输出\n")
    write_atomic("/dev/fd/1", "再一行\n")
    assert capfd.readouterr().out == "到标准输出\n再一行\n"
    assert alias.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["stdout"]


def test_output_to_stdout_in_a_pipe_and_in_a_redirected_file(tmp_path: Path) -> None:
    alias = _stdout_alias(tmp_path)
    doc = tmp_path / "doc.txt"
    doc.write_text("一、总则\n村卫生室58.2万个。\n", encoding="utf-8")
    command = [sys.executable, "-m", "policydiff.cli", "numbers", str(doc), "-o", str(alias)]
    piped = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert "58.2万个" in piped.stdout
    # Standard output redirected to a file: that file gets the text, and stays the same file.
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n", encoding="utf-8")
    inode = log.stat().st_ino
    with log.open("a", encoding="utf-8") as handle:
        appended = subprocess.run(command, stdout=handle, check=False, timeout=60)
    assert appended.returncode == 0
    assert log.stat().st_ino == inode
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n") and "58.2万个" in text
    assert alias.is_symlink()


def test_write_atomic_says_which_file_it_could_not_write(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a directory") as raised:
        write_atomic(tmp_path, "text")
    assert raised.value.filename == str(tmp_path) and ".tmp" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


# --- CSV cells a spreadsheet would run ------------------------------------------------------------

_FORMULAS = ['=HYPERLINK("http://evil.example","点击")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0",
             "-1+1", "\t=1+1", "\r=1+1"]  # fmt: skip


def _is_safe(cell: str) -> bool:
    """A CSV cell a spreadsheet reads as text or as a number, never as a formula."""
    return not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or csv_cell(cell) == cell


@pytest.mark.parametrize("formula", _FORMULAS)
def test_csv_cells_that_start_like_a_formula_get_a_quote(formula: str) -> None:
    assert csv_cell(formula) == "'" + formula


@pytest.mark.parametrize("number", ["-2.1", "+3", "-5%", "1e-3", "-0.5", "12"])
def test_csv_cells_that_are_numbers_stay(number: str) -> None:
    assert csv_cell(number) == number


@given(st.text())
def test_no_csv_cell_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert cell in (text, "'" + text)
    if cell == text and text.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(text.removesuffix("%"))  # left as it is only when it is a plain number


def _with_metric(doc: policydiff.Document, metric: str) -> policydiff.Document:
    """``doc`` with its first quantity measuring ``metric``."""

    def evolve(node: Node) -> Node:
        quantities = tuple(attrs.evolve(q, metric=metric) for q in node.quantities)
        return attrs.evolve(
            node, quantities=quantities, children=tuple(evolve(c) for c in node.children)
        )

    return attrs.evolve(doc, nodes=tuple(evolve(n) for n in doc.nodes))


@pytest.mark.parametrize("formula", _FORMULAS)
def test_numbers_csv_neutralizes_formulas(formula: str) -> None:
    doc = _with_metric(policydiff.parse("村卫生室-2.1万个。"), formula)
    rows = _csv_cells(render.quantities_csv(doc))
    assert rows[1][rows[0].index("metric")] == "'" + formula
    assert all(_is_safe(cell) for row in rows for cell in row)


def test_numbers_command_csv_neutralizes_a_formula_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("一、总则\n@SUM(1)覆盖50%。=HYPERLINK(1)增长-2.1%。\n", encoding="utf-8")
    assert main(["numbers", str(doc), "--format", "csv"]) == 0
    rows = _csv_cells(capsys.readouterr().out)
    assert all(_is_safe(cell) for row in rows for cell in row), rows


def test_timeline_csv_and_corpus_numbers_csv_neutralize_formulas() -> None:
    assert _csv_cells(render.csv_text([["metric", "2024"], ["@SUM(A1)", "-2.1"]])) == [
        ["metric", "2024"],
        ["'@SUM(A1)", "-2.1"],
    ]
    rows = [{"old_document": "=cmd|' /C calc'!A0.txt", "new_document": "b.txt",
             "metric": "+evil", "old_low": -2.1, "delta": -0.5, "old_text": "-2.1%"}]  # fmt: skip
    (cells,) = csv.DictReader(io.StringIO(render.numbers_csv(rows)))
    assert cells["old_document"] == "'=cmd|' /C calc'!A0.txt"
    assert cells["metric"] == "'+evil"
    assert (cells["old_low"], cells["delta"], cells["old_text"]) == ("-2.1", "-0.5", "-2.1%")


def test_timeline_command_csv_is_safe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for year, value in ((2022, "5"), (2023, "6"), (2024, "7")):
        path = tmp_path / f"report-{year}.txt"
        path.write_text(f"一、总则\n=HYPERLINK(1)村卫生室{value}万个。\n", encoding="utf-8")
        paths.append(str(path))
    assert main(["timeline", *paths, "--format", "csv"]) == 0
    rows = _csv_cells(capsys.readouterr().out)
    assert all(_is_safe(cell) for row in rows for cell in row), rows


# --- a corpus run that loses a worker -------------------------------------------------------------


class _FlakyPool(Executor):
    """A process pool stand-in: runs tasks in order on one thread and, as a process pool does
    when a worker dies, breaks on a task whose documents hold a marker of ``kills`` (while that
    marker has kills left): that task and every later one fail with BrokenProcessPool, and
    submitting to it raises it."""

    def __init__(self, kills: dict[str, int]) -> None:
        self._kills = kills
        self._tasks: queue.Queue[Any] = queue.Queue()
        self._broken = False
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self._broken:
            raise BrokenProcessPool("a child process terminated abruptly")
        future: Future[Any] = Future()
        self._tasks.put((future, fn, args, kwargs))
        return future

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, fn, args, kwargs = task
            if not future.set_running_or_notify_cancel():
                continue
            killer = next((m for m, n in self._kills.items() if n and m in repr(args)), None)
            if killer is not None:
                self._kills[killer] -= 1
                self._broken = True
            if self._broken:
                future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as err:
                future.set_exception(err)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._tasks.put(None)
        if wait:
            self._thread.join()


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[dict[str, int], list[_FlakyPool]]]:
    """Process pools that break on marked documents: ``(kills by marker, pools made)``."""
    kills: dict[str, int] = {}
    made: list[_FlakyPool] = []

    def pool(workers: int) -> _FlakyPool:
        made.append(_FlakyPool(kills))
        return made[-1]

    monkeypatch.setattr(_parallel, "_process_pool", pool)
    yield kills, made
    for each in made:
        each.shutdown(wait=False)


def _pairs(count: int, marked: dict[int, str]) -> list[tuple[Document, Document]]:
    topics = list(_TOPICS)
    return [
        (
            parse(_document(topics[k % len(topics)], 2024 + k, marked.get(k, ""))),
            parse(_document(topics[k % len(topics)], 2025 + k)),
        )
        for k in range(count)
    ]


def test_a_lost_worker_is_replaced_and_its_pairs_retried(
    flaky: tuple[dict[str, int], list[_FlakyPool]],
) -> None:
    kills, made = flaky
    kills["一次失败"] = 1
    pairs = _pairs(30, {12: "一次失败"})
    results = diff_many(pairs, workers=2)
    assert [r.error for r in results] == [None] * 30
    assert len(made) >= 2
    assert [r.diff.old.original for r in results] == [o.original for o, _ in pairs]  # type: ignore[union-attr]


def test_a_pair_that_kills_its_worker_every_time_fails_alone(
    flaky: tuple[dict[str, int], list[_FlakyPool]],
) -> None:
    kills, _ = flaky
    kills["每次失败"] = 99
    results = diff_many(_pairs(30, {3: "每次失败", 20: "每次失败"}), workers=2)
    failed = [k for k, r in enumerate(results) if not r.ok]
    assert failed == [3, 20]
    assert "worker process died" in (results[3].error or "")
    assert all(r.diff is not None for k, r in enumerate(results) if k not in failed)
    assert kills["每次失败"] > 90  # retried a few times, not without end


class _DeadPool(_FlakyPool):
    """A process pool that cannot start a worker: broken from the first task."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        raise BrokenProcessPool("a child process terminated abruptly")


def test_a_pool_that_cannot_run_fails_the_pairs_instead_of_retrying_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[_DeadPool] = []

    def pool(workers: int) -> _DeadPool:
        made.append(_DeadPool({}))
        return made[-1]

    monkeypatch.setattr(_parallel, "_process_pool", pool)
    results = diff_many(_pairs(3, {}), workers=2)
    assert ["cannot run" in (r.error or "") for r in results] == [True] * 3
    assert len(made) == 2
    for each in made:
        each.shutdown()


def test_corpus_with_a_failed_pair_lists_it_and_exits_1(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flaky: tuple[dict[str, int], list[_FlakyPool]],
) -> None:
    kills, _ = flaky
    kills["每次失败"], kills["一次失败"] = 99, 1
    markers = {"rural": "每次失败", "vaccines": "一次失败"}
    old, new = _folders(
        tmp_path,
        {f"{t}-2024.txt": _document(t, 2024, markers.get(t, "")) for t in _TOPICS},
        {f"{t}-2025.txt": _document(t, 2025) for t in _TOPICS},
    )
    out = tmp_path / "out"
    assert main(["corpus", str(old), str(new), "-o", str(out), "--workers", "2"]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "1 of 6 pairs failed" in captured.err
    assert "rural-2024.txt" in captured.err and "Traceback" not in captured.err
    assert "6 pairs (0 unchanged, 1 failed)" in captured.out
    assert "retried" in captured.out
    index = (out / "index.md").read_text(encoding="utf-8")
    failed_line = next(line for line in index.splitlines() if "rural-2024.txt" in line)
    assert "failed" in failed_line and "worker process died" in failed_line
    retried_line = next(line for line in index.splitlines() if "vaccines-2024.txt" in line)
    assert "retried" in retried_line
    # A re-run retries the failed pair only.
    kills["每次失败"] = 0
    assert main(["corpus", str(old), str(new), "-o", str(out), "--workers", "2"]) == 0
    assert "6 pairs (5 unchanged, 0 failed)" in capsys.readouterr().out


def _kill_on_marker(old: Sequence[Node], new: Sequence[Node]) -> Any:
    """A scorer that kills the worker process running it when a node holds ``杀死工作进程``."""
    if any("杀死工作进程" in node.text for node in old):
        if multiprocessing.parent_process() is None:  # never the test's own process
            raise RuntimeError("the marked pair was diffed outside a worker process")
        os.kill(os.getpid(), signal.SIGKILL)
    return np.zeros((len(old), len(new)))


def test_a_worker_killed_for_real_is_retried_and_its_pair_reported() -> None:
    pairs = _pairs(12, {5: "杀死工作进程"})
    results = diff_many(pairs, workers=2, scorer=_kill_on_marker)
    assert [k for k, r in enumerate(results) if not r.ok] == [5]
    assert "worker process died" in (results[5].error or "")


# --- the main process dying takes its workers with it ---------------------------------------------


def _state(pid: int) -> str | None:
    """A process's state letter (``Z`` for a zombie), ``None`` when it is gone."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat_line.rsplit(")", 1)[1].split()[0]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


_SLOW_CORPUS = textwrap.dedent(
    """
    import os, sys, time
    from policydiff import cli
    from policydiff.corpus import _parallel

    def slow(old, new, options):
        print(os.getpid(), flush=True)
        time.sleep(120)

    _parallel._diff_texts = slow
    sys.exit(cli.main(sys.argv[1:]))
    """
)


def _start_slow_corpus(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """A corpus run whose workers take two minutes a pair; returns it and its workers, once
    one is at work."""
    old, new = _folders(
        tmp_path, {"a.txt": _document("community", 2024)}, {"b.txt": _document("community", 2025)}
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CORPUS, "corpus", str(old), str(new),
         "-o", str(tmp_path / "out"), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready, "no worker started"
    busy = int(proc.stdout.readline())
    workers = _children(proc.pid)
    assert busy in workers
    return proc, workers


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if all(_state(pid) in (None, "Z") for pid in pids):
            return True
        time.sleep(0.1)
    return False


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or sys.platform != "linux", reason="reads /proc"
)


@needs_proc
def test_sigterm_stops_the_corpus_run_and_its_workers(tmp_path: Path) -> None:
    proc, workers = _start_slow_corpus(tmp_path)
    try:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
        assert proc.returncode == 128 + signal.SIGTERM
        assert "Traceback" not in err and err.count("\n") == 1
        assert _gone(workers, within=5)
    finally:
        proc.kill()
        for pid in workers:
            if _state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)


@needs_proc
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    proc, workers = _start_slow_corpus(tmp_path)
    try:
        proc.kill()
        proc.wait(timeout=10)
        assert _gone(workers, within=10)
    finally:
        for pid in workers:
            if _state(pid) not in (None, "Z"):
                os.kill(pid, signal.SIGKILL)
