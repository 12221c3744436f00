"""Read every file of ``../shared/corpus/formats`` (PDF, Word, web pages) through
:func:`policydiff.read`, and compare the documents that exist in two formats.

Run from the repository root::

    python benchmarks/read_formats.py              # one read a file
    python benchmarks/read_formats.py --repeat 3   # the fastest of three reads
    python benchmarks/read_formats.py --tables --show 40   # and the PDF tables' cells

One row a file: format, pages (PDF) or size, read time, wall clock and CPU
(``policydiff.read`` end to end: the format's reader, then normalize, segment and extract),
nodes, tables, table cells (records
with their labels), quantities (in nodes and in cells), and ``ok``, the one-line error it
was refused with, or ``TRACEBACK`` with the exception (a bug: every bad file must be refused
with an :class:`~policydiff.errors.InputError`).

Then the same document in two formats (SOURCES.md X1, X2, X3): the nodes of each read as
``[label, text]`` in document order, matched by :class:`difflib.SequenceMatcher`; reported are
the nodes only one side has, the matched nodes whose quantities (text, value, unit)
differ, and the metadata fields (title, issuer, date, reference) that differ. The target is
none of any.

With ``--tables``, each PDF's table cells against pdfplumber's own reading of the file (its
pdfminer text in the cells of its default table finder, page by page): the cells that
agree, and with ``--show`` the ones that do not, for a person to judge.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import re
import sys
import time
import traceback
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff.errors import PolicyDiffError  # noqa: E402
from policydiff.extract import forget_texts  # noqa: E402

FORMATS = ROOT.parent / "shared" / "corpus" / "formats"
PAIRS = [
    ("X1", "beijing_earthquake_warning_rules_2022", "pdf", "docx"),
    ("X2", "beijing_admin_penalty_procedure_rules_2023", "pdf", "docx"),
    ("X3", "fuzhou_property_supplement_2016", "pdf", "html"),
]


def _pages(path: Path) -> str:
    if path.suffix != ".pdf":
        return f"{path.stat().st_size / 1024:.0f} KB"
    import pypdfium2  # type: ignore[import-untyped]

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        return "?"
    pages = len(document)
    document.close()
    return f"{pages} p"


def _quantities(doc: Any) -> int:
    in_nodes = sum(len(node.quantities) for node in doc.walk())
    in_cells = sum(1 for table in doc.tables for cell in table.cells if cell.quantity)
    return int(in_nodes + in_cells)


def _read(path: Path, repeat: int) -> tuple[Any, float, float, str]:
    """The document, the fastest read's wall-clock and CPU seconds, and ``ok`` or what went
    wrong. CPU time is what the read costs on an idle core: on a shared machine the wall
    clock also counts the time other processes held the cores."""
    best = best_cpu = float("inf")
    doc = None
    for _ in range(repeat):
        forget_texts()  # (each read afresh, not a lookup of the one before)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            doc = policydiff.read(path)
        except PolicyDiffError as err:
            return None, time.perf_counter() - start, time.process_time() - cpu, f"refused: {err}"
        except Exception as err:  # a bug: report it and go on
            trace = traceback.format_exception_only(type(err), err)[-1].strip()
            wall = time.perf_counter() - start
            return None, wall, time.process_time() - cpu, f"TRACEBACK {trace}"
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return doc, best, best_cpu, "ok"


def _node_keys(doc: Any) -> list[tuple[str, str]]:
    return [(node.label, node.text) for node in doc.walk()]


def _quantity_keys(node: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple((q.text, q.low, q.high, q.unit) for q in node.quantities)


def compare(a: Any, b: Any) -> dict[str, int]:
    """How two documents' nodes and quantities differ: nodes only in ``a`` or ``b`` (by
    ``[label, text]``), matched nodes whose quantities differ, and metadata fields (title,
    issuer, date, reference) that differ."""
    nodes_a, nodes_b = list(a.walk()), list(b.walk())
    keys_a, keys_b = _node_keys(a), _node_keys(b)
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    matched = 0
    quantities = 0
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            matched += 1
            left, right = nodes_a[block.a + k], nodes_b[block.b + k]
            quantities += _quantity_keys(left) != _quantity_keys(right)
    fields = ("title", "issuer", "date", "reference")
    return {
        "metadata_differ": sum(getattr(a, f) != getattr(b, f) for f in fields),
        "nodes_a": len(keys_a),
        "nodes_b": len(keys_b),
        "only_a": len(keys_a) - matched,
        "only_b": len(keys_b) - matched,
        "quantities_differ": quantities,
    }


def _reference_rows(path: Path) -> list[tuple[str, ...]]:
    """The rows of the tables of a PDF as pdfplumber reads them on its own (pdfminer's text,
    its default table settings), page by page, a merged cell's text at each position it
    covers."""
    import pdfplumber

    rows: list[tuple[str, ...]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                xs = _levels([v for cell in table.cells for v in (cell[0], cell[2])])
                ys = _levels([v for cell in table.cells for v in (cell[1], cell[3])])
                grid = [["" for _ in xs[1:]] for _ in ys[1:]]
                for cell in table.cells:
                    text = _plain(page.crop(cell).extract_text() or "")
                    for r in range(_near(ys, cell[1]), _near(ys, cell[3])):
                        for c in range(_near(xs, cell[0]), _near(xs, cell[2])):
                            grid[r][c] = text
                rows.extend(tuple(row) for row in grid if any(row))
    return rows


def _levels(values: list[float]) -> list[float]:
    levels: list[float] = []
    for value in sorted(values):
        if not levels or value - levels[-1] > 3:
            levels.append(value)
    return levels


def _near(levels: list[float], value: float) -> int:
    return min(range(len(levels)), key=lambda i: abs(levels[i] - value))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_tables(path: Path, doc: Any, show: int) -> tuple[int, int]:
    """How many cells of ``doc``'s tables agree with pdfplumber's own reading of the PDF (both
    NFKC-normalized, without spaces). A row is compared with the reference row of the same
    width that ends with the same cell and agrees in most cells; a row no reference row
    matches counts as disagreeing. The disagreements are for a person to judge: pdfplumber
    reads each page alone, so a label or a row that a page break cuts is missing there."""
    reference = _reference_rows(path)
    agree = total = 0
    shown = 0
    for table in doc.tables:
        for r, row in enumerate(table.rows):
            mine = tuple(_plain(text) for text in row)
            total += len(mine)
            same = [ref for ref in reference if len(ref) == len(mine) and ref[-1] == mine[-1]]
            best = max(
                same,
                key=lambda ref: sum(a == b for a, b in zip(ref, mine, strict=True)),
                default=None,
            )
            if best is None:
                if shown < show:
                    shown += 1
                    print(f"    {table.key} ({table.where}) row {r}: no such row {mine}")
                continue
            agree += sum(a == b for a, b in zip(best, mine, strict=True))
            for c, (a, b) in enumerate(zip(mine, best, strict=True)):
                if a != b and shown < show:
                    shown += 1
                    print(
                        f"    {table.key} ({table.where}) row {r} col {c}: {a!r} / pdfplumber {b!r}"
                    )
    return agree, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="reads a file (fastest kept)")
    parser.add_argument("--show", type=int, default=0, help="print up to N differences each")
    parser.add_argument(
        "--tables", action="store_true", help="compare PDF tables with pdfplumber's own reading"
    )
    args = parser.parse_args(argv)
    if not FORMATS.is_dir():
        print(f"{FORMATS} is missing: check out ../shared beside the repository")
        return 1
    with contextlib.suppress(Exception):  # imports and first-call setup out of the timings
        policydiff.parse("一、预热。")
    files = sorted(p for p in FORMATS.rglob("*") if p.suffix in (".pdf", ".docx", ".html"))
    header = (
        f"{'file':52} {'fmt':4} {'pages':>7} {'wall s':>7} {'cpu s':>6} {'nodes':>5} {'tables':>6} "
        f"{'cells':>6} {'qty':>5}  status"
    )
    print(header)
    print("-" * len(header))
    tracebacks = refused = 0
    by_format: dict[str, list[float]] = {}
    for path in files:
        doc, seconds, cpu, status = _read(path, args.repeat)
        fmt = path.suffix[1:]
        by_format.setdefault(fmt, []).append(cpu)
        tracebacks += status.startswith("TRACEBACK")
        refused += status.startswith("refused")
        if doc is None:
            counts = f"{'':>5} {'':>6} {'':>6} {'':>5}"
        else:
            nodes = sum(1 for _ in doc.walk())
            cells = sum(len(t.cells) for t in doc.tables)
            counts = f"{nodes:>5} {len(doc.tables):>6} {cells:>6} {_quantities(doc):>5}"
        name = str(path.relative_to(FORMATS))
        print(f"{name:52} {fmt:4} {_pages(path):>7} {seconds:7.2f} {cpu:6.2f} {counts}  {status}")
    print()
    for fmt, times in sorted(by_format.items()):
        print(
            f"{fmt}: {len(times)} files, {sum(times):.2f} CPU s in all, slowest {max(times):.2f} s"
        )
    print(f"{len(files)} files: {refused} refused, {tracebacks} tracebacks")
    print()
    print(
        "Same document, two formats (nodes compared as [label, text], quantities per matched node)"
    )
    print(
        f"{'pair':4} {'document':44} {'a':4} {'b':4} {'nodes a':>7} {'nodes b':>7} "
        f"{'only a':>6} {'only b':>6} {'qty differ':>10} {'meta differ':>11}"
    )
    for pair, stem, fmt_a, fmt_b in PAIRS:
        left, right = f"{fmt_a}/{stem}.{fmt_a}", f"{fmt_b}/{stem}.{fmt_b}"
        a, _, _, status_a = _read(FORMATS / left, 1)
        b, _, _, status_b = _read(FORMATS / right, 1)
        if a is None or b is None:
            print(f"{pair:4} {stem:44} {fmt_a:4} {fmt_b:4} {status_a if a is None else status_b}")
            continue
        c = compare(a, b)
        print(
            f"{pair:4} {stem:44} {fmt_a:4} {fmt_b:4} {c['nodes_a']:>7} {c['nodes_b']:>7} "
            f"{c['only_a']:>6} {c['only_b']:>6} {c['quantities_differ']:>10} "
            f"{c['metadata_differ']:>11}"
        )
        if args.show:
            shown_a = [f"{label} {text}" for label, text in _node_keys(a)]
            shown_b = [f"{label} {text}" for label, text in _node_keys(b)]
            diff = difflib.unified_diff(shown_a, shown_b, lineterm="", n=0)
            for line in list(diff)[: args.show]:
                print("    " + line[:160])
    if args.tables:
        print()
        print("PDF tables against pdfplumber's own reading (cells that agree / cells)")
        for path in files:
            if path.suffix != ".pdf":
                continue
            doc, _, _, _ = _read(path, 1)
            if doc is None or not doc.tables:
                continue
            if args.show:
                print(f"  {path.name}")
            agree, total = check_tables(path, doc, args.show)
            print(f"  {path.name:48} {agree:>5} / {total:<5} {agree / total:.3f}")
    return 1 if tracebacks else 0


if __name__ == "__main__":
    raise SystemExit(main())
