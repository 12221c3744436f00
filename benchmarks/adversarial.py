"""Adversarial inputs at scale: does one diff stay under 10 seconds and 1 GB?

Run from the repository root::

    python benchmarks/adversarial.py                    # every case
    python benchmarks/adversarial.py --case parens      # one case (repeatable)
    python benchmarks/adversarial.py --timeout 60       # give up on a case after a minute

Each case is a document of one shape that once made policydiff quadratic in time or memory
(issue 15), at about 1 MB of UTF-8 (plain paragraphs also at 256 KB), and the same document
mutated: a few lines touched, a few figures changed, a little text inserted, so that the
diff has real work to do. Each runs in a subprocess of its own, which parses the two texts
and diffs them (:func:`policydiff.parse`, :func:`policydiff.diff`; the texts are parsed
first so that what is timed is the library's work, whatever ``diff`` takes a ``str`` for;
policydiff and the SciPy modules it loads on first use are imported before the clock starts).
Its peak resident memory is ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read in a
small process whose only child it is: ``RUSAGE_CHILDREN`` is the largest peak of every child
waited for so far, so read in this script's own process a small case after a large one
would show the large one's peak.

The table shows, per case, the input size, the seconds spent parsing and diffing (wall
clock), the CPU seconds of the whole case process (making the texts too; on a busy machine
the wall clock says more about the neighbours than about policydiff), the peak RSS, and
whether the case meets the targets (SPEC §5: 1 MB of any shape under 10 s and 1 GB).
The exit status is 1 when any case misses a target (or fails, or times out), else 0.
A case's address space is capped (``--cap-gb``, default 6) so a runaway case fails with
``MemoryError`` instead of starving the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

#: The targets of SPEC §5.
TARGET_SECONDS = 10.0
TARGET_BYTES = 1 << 30

MB = 1 << 20
KB = 1 << 10

# fmt: off
_WORDS = (
    "推进", "加强", "完善", "健全", "落实", "基层", "医疗", "卫生", "服务", "体系",
    "建设", "机制", "改革", "村民", "社区", "保障", "能力", "水平", "管理", "制度",
    "人才", "队伍", "培训", "监督", "考核", "信息", "平台", "资金", "项目", "试点",
)
# fmt: on
_NUMERALS = "一二三四五六七八九十"


def _sentence(rng: random.Random, words: int = 8) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(words)) + "。"


def _fill(target: int, piece: Callable[[int], str]) -> str:
    """``piece(0) + piece(1) + ...`` until the UTF-8 reaches ``target`` bytes."""
    parts: list[str] = []
    size = k = 0
    while size < target:
        part = piece(k)
        parts.append(part)
        size += len(part.encode("utf-8"))
        k += 1
    return "".join(parts)


def plain_paragraphs(target: int) -> str:
    """Paragraphs without any marker: each a line of two sentences (about 40 bytes a
    paragraph at 256 KB is the issue's 6,400 paragraphs)."""
    rng = random.Random(1)
    return _fill(target, lambda k: _sentence(rng, 3) + _sentence(rng, 3) + "\n")


def nested_sections(target: int) -> str:
    """一、 sections holding (一) tasks holding 1. items holding (1) points, each with text."""
    rng = random.Random(2)

    def section(k: int) -> str:
        lines = [f"{_NUMERALS[k % 10]}、{_sentence(rng, 3)}"]
        for i in range(4):
            lines.append(f"({_NUMERALS[i]}){_sentence(rng, 4)}")
            for j in range(3):
                lines.append(f"{j + 1}.{_sentence(rng, 4)}")
                lines.extend(f"({m + 1}){_sentence(rng, 5)}" for m in range(2))
        return "\n".join(lines) + "\n"

    return _fill(target, section)


def parens(target: int) -> str:
    """``(1)(2)`` over and over: markers and numbers at once, on one line."""
    return _fill(target, lambda k: "(1)(2)")


def count_table(target: int) -> str:
    """A table flattened to lines: a label line, a cell line (a count), over and over."""
    rng = random.Random(4)
    return "单位:个\n" + _fill(
        target, lambda k: f"{rng.choice(_WORDS)}{rng.choice(_WORDS)}\n{rng.randrange(1, 999)}个\n"
    )


def yi_lines(count: int) -> str:
    """``一、`` lines, ``count`` of them, each with a word after it."""
    rng = random.Random(5)
    return "".join(f"一、{rng.choice(_WORDS)}\n" for _ in range(count))


def one_paragraph(target: int) -> str:
    """One paragraph of one repeated character, no punctuation but 《》 titles."""
    return _fill(target, lambda k: "啊" * 400 + f"《{_WORDS[k % len(_WORDS)]}条例》")


def numbers(count: int) -> str:
    """``count`` figures with units (``5个,``), a hundred to a paragraph."""
    rng = random.Random(7)
    lines = []
    for start in range(0, count, 100):
        figures = ",".join(f"{rng.randrange(1, 10)}个" for _ in range(min(100, count - start)))
        lines.append(f"{rng.choice(_WORDS)}{figures}。")
    return "\n".join(lines) + "\n"


def repeated_marker(target: int) -> str:
    """One ``一、`` section holding the same ``(一)`` item over and over (each key made unique:
    ``1``, ``1~2``, ``1~3``, …)."""
    rng = random.Random(8)
    return "一、总体情况\n" + _fill(target, lambda k: f"(一){_sentence(rng, 4)}\n")


def clause_list(target: int) -> str:
    """Items closing with ``;``, a paragraph after each: whose paragraph is it (the list's
    parent's, after a list of clauses)."""
    rng = random.Random(9)
    return "一、总体情况\n" + _fill(
        target, lambda k: f"({k % 9 + 1}){_sentence(rng, 3)[:-1]};\n{_sentence(rng, 4)}\n"
    )


#: name → (what it is, how to make it).
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "plain-256k": ("plain paragraphs, 256 KB", lambda: plain_paragraphs(256 * KB)),
    "plain-1m": ("plain paragraphs, 1 MB", lambda: plain_paragraphs(MB)),
    "nested-128k": ("nested sections, 128 KB", lambda: nested_sections(128 * KB)),
    "nested-1m": ("nested sections, 1 MB", lambda: nested_sections(MB)),
    "parens-1m": ("(1)(2) repeated, 1 MB", lambda: parens(MB)),
    "table-1m": ("flattened count table, 1 MB", lambda: count_table(MB)),
    "yi-100k": ("100,000 一、 lines", lambda: yi_lines(100_000)),
    "paragraph-1m": ("one 1 MB paragraph, one character and 《》", lambda: one_paragraph(MB)),
    "numbers-200k": ("200,000 numbers", lambda: numbers(200_000)),
    "repeat-1m": ("the same (一) item repeated, 1 MB", lambda: repeated_marker(MB)),
    "clauses-1m": ("clause items, a paragraph after each, 1 MB", lambda: clause_list(MB)),
}


def mutate(text: str, seed: int = 0) -> str:
    """The text with some of its lines touched (a word added), figures changed (a digit
    raised) and words inserted into long lines, at places a seeded generator picks."""
    rng = random.Random(seed)
    lines = text.split("\n")
    if len(lines) < 50:  # one long line (or a few): cut it into pieces to touch instead
        size = max(1, len(text) // 50)
        lines = [text[at : at + size] for at in range(0, len(text), size)]
        return "".join(_touch(piece, rng) if k % 5 == 2 else piece for k, piece in enumerate(lines))
    for k in rng.sample(range(len(lines)), k=min(len(lines) // 50, 2000)):
        lines[k] = _touch(lines[k], rng)
    return "\n".join(lines)


def _touch(line: str, rng: random.Random) -> str:
    """A figure of ``line`` raised by one, or a word inserted into it."""
    digits = [i for i, c in enumerate(line[:200]) if c.isdigit() and c != "9"]
    if digits and rng.random() < 0.5:
        i = rng.choice(digits)
        return line[:i] + str(int(line[i]) + 1) + line[i + 1 :]
    at = rng.randrange(len(line) + 1)
    return line[:at] + rng.choice(_WORDS) + line[at:]


def _child(name: str) -> None:
    """Run one case in this process; print its timings as JSON."""
    # Imports are the process's, not the input's: the SciPy modules policydiff loads on first
    # use (sparse matrices, graphs, assignment) are loaded before the clock starts, as
    # policydiff itself is (0.4–0.6 s of a fresh process, paid once).
    import scipy.optimize
    import scipy.sparse.csgraph  # noqa: F401

    import policydiff

    old = CASES[name][1]()
    new = mutate(old)
    start = time.perf_counter()
    a, b = policydiff.parse(old), policydiff.parse(new)
    parsed = time.perf_counter()
    # Said at once, so that a case that then times out still shows what parsing took.
    print(json.dumps({"bytes": len(old.encode("utf-8")), "parse": parsed - start}), flush=True)
    result = policydiff.diff(a, b)
    done = time.perf_counter()
    print(json.dumps({
        "diff": done - parsed, "nodes": len(result.nodes), "numbers": len(result.numbers),
    }))  # fmt: skip


def _run(name: str, timeout: float, cap: int) -> dict[str, object]:
    """Run a case in a subprocess; its figures, peak RSS and status."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", name],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limit,
    )  # fmt: skip
    started = time.perf_counter()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - started
    figures: dict[str, object] = {"case": name, "wall": wall}
    for line in out.strip().splitlines():
        figures |= json.loads(line)
    if proc.returncode == 0 and "diff" in figures:
        figures["status"] = "ok"
    elif proc.returncode is not None and proc.returncode < 0 and wall >= timeout:
        figures["status"] = f"timeout ({timeout:.0f} s)"
    else:
        last = (err.strip().splitlines() or ["?"])[-1]
        figures["status"] = "MemoryError" if "MemoryError" in err else f"error: {last[:60]}"
    return figures


def _run_measured(name: str, timeout: float, cap: int) -> dict[str, object]:
    """:func:`_run` in a process of its own, so that ``RUSAGE_CHILDREN`` there is this one
    case's child alone: its peak resident memory, as the kernel counted it."""
    script = (
        "import json, resource, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        "import adversarial\n"
        f"figures = adversarial._run({name!r}, {timeout!r}, {cap!r})\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "figures['rss'] = usage.ru_maxrss * 1024\n"
        "figures['cpu'] = usage.ru_utime + usage.ru_stime\n"
        "print(json.dumps(figures))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"case": name, "status": f"error: {done.stderr.strip()[-60:]}"}


def _seconds(row: dict[str, object]) -> tuple[str, str, str]:
    """A case's parse, diff and total seconds as shown: ``> N`` for a step cut short by the
    timeout, ``-`` for one that did not run."""
    parse = row.get("parse")
    diff = row.get("diff")
    timed_out = str(row["status"]).startswith("timeout")
    wall = float(row.get("wall") or 0.0)  # type: ignore[arg-type]
    if parse is None:
        cut = f"> {wall:.0f}" if timed_out else "-"
        return cut, "-", cut
    parsed = float(parse)  # type: ignore[arg-type]
    if diff is None:
        cut = f"> {wall - parsed:.0f}" if timed_out else "-"
        return f"{parsed:.1f}", cut, f"> {wall:.0f}" if timed_out else "-"
    diffed = float(diff)  # type: ignore[arg-type]
    return f"{parsed:.1f}", f"{diffed:.1f}", f"{parsed + diffed:.1f}"


def _table(rows: list[dict[str, object]]) -> str:
    head = ("case", "what", "size", "parse s", "diff s", "total s", "CPU s", "peak RSS", "status")
    lines = [head]
    for row in rows:
        name = str(row["case"])
        size = row.get("bytes")
        rss = row.get("rss")
        lines.append((
            name, CASES[name][0],
            f"{int(size) / MB:.2f} MB" if size is not None else "-",  # type: ignore[call-overload]
            *_seconds(row),
            f"{float(row['cpu']):.1f}" if row.get("cpu") is not None else "-",  # type: ignore[arg-type]
            f"{int(rss) / MB:,.0f} MB" if rss is not None else "-",  # type: ignore[call-overload]
            str(row.get("verdict", row["status"])),
        ))  # fmt: skip
    widths = [max(_width(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(cell + " " * (width - _width(cell))
                     for cell, width in zip(line, widths, strict=True)).rstrip()
           for line in lines]  # fmt: skip
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def _width(cell: str) -> int:
    """Columns a cell takes on a terminal: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)


def _verdict(row: dict[str, object]) -> tuple[str, bool]:
    """A case's verdict and whether it meets both targets."""
    if row["status"] != "ok":
        return str(row["status"]), False
    total = float(row["parse"]) + float(row["diff"])  # type: ignore[arg-type]
    rss = int(row.get("rss") or 0)  # type: ignore[call-overload]
    misses = []
    if total >= TARGET_SECONDS:
        misses.append(f"SLOW (≥ {TARGET_SECONDS:.0f} s)")
    if rss >= TARGET_BYTES:
        misses.append("MEMORY (≥ 1 GB)")
    return (", ".join(misses) or "ok"), not misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a case may take")
    parser.add_argument("--cap-gb", type=float, default=6.0, help="address space of a case")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    cap = int(args.cap_gb * (1 << 30))
    rows = []
    for name in args.case or list(CASES):
        row = _run_measured(name, args.timeout, cap)
        row["verdict"], row["met"] = _verdict(row)
        rows.append(row)
        print(f"{name}: {row['verdict']}", file=sys.stderr, flush=True)
    print(_table(rows))
    print(f"\ntargets: under {TARGET_SECONDS:.0f} s (parse + diff) and 1 GB peak RSS per case")
    missed = [str(row["case"]) for row in rows if not row["met"]]
    if missed:
        print(f"missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
