"""Fuzz the invariants of SPEC §2.5 and §5 on many pairs, with Hypothesis.

Run from the repository root::

    python benchmarks/fuzz.py                 # 10,000 pairs
    python benchmarks/fuzz.py --pairs 200     # a quick look
    python benchmarks/fuzz.py --seconds 600   # stop after ten minutes, whatever the count

Each pair ``(a, b)`` comes from one of four sources, drawn by Hypothesis in the proportions
of ``--mix``:

- ``unicode``: arbitrary Unicode text (control characters, surrogates escaped by Python,
  markers and numbers mixed in);
- ``policy``: policy-shaped documents and their edited versions
  (:func:`policydiff.strategies.document_pairs`, every edit plan);
- ``bytes``: a policy-shaped document encoded in one of many encodings (UTF-8 with and
  without BOM, UTF-16, GB18030, Big5 after conversion to traditional characters, and
  Shift-JIS or EUC-KR where they hold the text, else GB18030) and an edited version, both
  written to temporary files and read back with :func:`policydiff.read`, which must give
  the text back; and arbitrary bytes, which may be refused (``DecodeError``,
  ``InputError``) but nothing else;
- ``real``: every real document of ``../shared/corpus`` and ``samples/`` that policydiff
  reads, with a few random edits (spans deleted, text inserted, figures changed, lines
  duplicated or swapped); besides the drawn pairs, every one of them is diffed once with
  itself and once with a seeded edit of itself before the pairs (``real self-diff``,
  ``real edited``; counted apart from the pairs).

For each pair the texts are parsed once and three diffs made: ``diff(a, b)``,
``diff(b, a)`` and ``diff(a, a)``. Counted: exceptions (anything but a refusal of bytes
that are not text), ``diff(a, a)`` that is not empty, mirror violations (``diff(b, a)``
must have the same node links swapped, added↔dropped, the same moves, and the same
number pairs swapped with their deltas negated), and for ``bytes`` a document read back
differently from the text written. A table of the counts is printed, then an example of
each kind of violation; the exit status is 1 on any violation, else 0. Hypothesis runs in
its generate phase only (nothing is shrunk: a violation is counted, not raised), without a
database, in batches of :data:`BATCH` pairs whose seeds come from ``--seed`` (the same
seed, the same pairs).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import opencc  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import policydiff  # noqa: E402
from policydiff import Document, PolicyDiff, diff, parse  # noqa: E402
from policydiff.errors import DecodeError, InputError  # noqa: E402
from policydiff.strategies import PLANS, document_pairs, documents  # noqa: E402

SOURCES = ("unicode", "policy", "bytes", "real")
_TRADITIONAL = opencc.OpenCC("s2t")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "shift_jis", "euc_kr")
MIRROR = {"added": "dropped", "dropped": "added", "changed": "changed", "unchanged": "unchanged"}
_MARKERS = ("一、", "(一)", "1.", "(1)", "①", "第一章", "第一条", "一是", "《条例》", "58.2万个",
            "5%", "\n", "。", "、", "约", "不低于", "截至2024年底", "\n附件")  # fmt: skip


def real_documents() -> tuple[list[tuple[str, str]], list[str]]:
    """Every real document as ``(name, text)``, and the names of those policydiff cannot
    read (PDF and Word files, which it refuses for now)."""
    shared = ROOT.parent / "shared" / "corpus"
    paths = sorted(ROOT.glob("samples/*.txt"))
    paths += sorted(p for p in shared.rglob("*") if p.is_file() and p.suffix != ".md")
    paths += sorted(shared.glob("laws/*.md"))
    readable, refused = [], []
    for path in paths:
        if path.name in ("README.md", "SOURCES.md"):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                readable.append(
                    (str(path.relative_to(ROOT.parent)), policydiff.read(path).original)
                )
        except (InputError, DecodeError):
            refused.append(path.name)
    return readable, refused


# --- what is drawn --------------------------------------------------------------------------------


def unicode_text() -> st.SearchStrategy[str]:
    """Arbitrary Unicode with the pieces of policy documents mixed in."""
    piece = st.one_of(st.text(max_size=40), st.sampled_from(_MARKERS))
    return st.lists(piece, max_size=12).map("".join)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """``text`` with up to five random edits: a span deleted, text inserted, a figure
    changed, a line duplicated, two lines swapped."""
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(("delete", "insert", "figure", "duplicate", "swap")))
        at = draw(st.integers(0, len(text)))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "insert":
            text = text[:at] + draw(unicode_text()) + text[at:]
        elif kind == "figure":
            digits = [i for i, c in enumerate(text) if c in "0123456789"]
            if digits:
                i = digits[at % len(digits)]
                text = text[:i] + draw(st.sampled_from("0123456789")) + text[i + 1 :]
        else:
            lines = text.split("\n")
            i, j = at % len(lines), draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def _edit(text: str, rng: random.Random) -> str:
    """``text`` with one to five seeded random edits, the kinds :func:`edited` makes."""
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(("delete", "insert", "figure", "duplicate", "swap"))
        at = rng.randint(0, len(text))
        if kind == "delete":
            text = text[:at] + text[at + rng.randint(1, 200) :]
        elif kind == "insert":
            text = text[:at] + "".join(rng.choices(_MARKERS, k=3)) + text[at:]
        elif kind == "figure":
            digits = [i for i, c in enumerate(text) if c in "0123456789"]
            if digits:
                i = digits[at % len(digits)]
                text = text[:i] + rng.choice("0123456789") + text[i + 1 :]
        else:
            lines = text.split("\n")
            i, j = at % len(lines), rng.randrange(len(lines))
            if kind == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


# --- checks ---------------------------------------------------------------------------------------


def node_keys(d: PolicyDiff) -> set[tuple[str, str | None, str | None, bool]]:
    return {(n.change, n.old, n.new, n.moved) for n in d.nodes}


def number_keys(d: PolicyDiff, *, swap: bool = False) -> set[tuple[Any, ...]]:
    """Each number change as (change, old side, new side, delta); with ``swap``, as the
    mirror image would have it."""
    keys = set()
    for c in d.numbers:
        old = (c.old.node, c.old.quantity.span) if c.old else None
        new = (c.new.node, c.new.quantity.span) if c.new else None
        delta = None if c.delta is None else round(c.delta, 6) + 0.0
        if swap:
            keys.add((MIRROR[c.change], new, old, None if delta is None else -delta + 0.0))
        else:
            keys.add((c.change, old, new, delta))
    return keys


def mirrors(forward: PolicyDiff, backward: PolicyDiff) -> bool:
    """Whether ``backward`` (``diff(b, a)``) mirrors ``forward`` (``diff(a, b)``)."""
    swapped = {(MIRROR[c], new, old, moved) for c, old, new, moved in node_keys(forward)}
    return node_keys(backward) == swapped and number_keys(backward) == number_keys(
        forward, swap=True
    )


class Tally:
    """Counts by source and by kind of violation, and the first example of each."""

    def __init__(self) -> None:
        self.pairs: Counter[str] = Counter()
        self.found: Counter[tuple[str, str]] = Counter()
        self.examples: dict[str, str] = {}

    def add(self, source: str, kind: str, example: str) -> None:
        self.found[source, kind] += 1
        self.examples.setdefault(kind, f"[{source}] {example}")

    def check(self, source: str, a: Document, b: Document) -> None:
        """Diff ``a`` and ``b`` both ways and ``a`` with itself; count what is wrong."""
        self.pairs[source] += 1
        shown = f"a={_short(a.original)} b={_short(b.original)}"
        try:
            forward, backward, same = diff(a, b), diff(b, a), diff(a, a)
        except Exception:
            self.add(source, "exception", f"{shown}\n{_last_lines(traceback.format_exc())}")
            return
        if not same.is_empty:
            self.add(source, "diff(a, a) not empty", f"a={_short(a.original)}")
        if not mirrors(forward, backward):
            self.add(source, "mirror", shown)


def _short(text: str, size: int = 120) -> str:
    return repr(text if len(text) <= size else text[:size] + "…")


def _last_lines(text: str, count: int = 3) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-count:])


def _read_back(tally: Tally, folder: Path, text: str, encoding: str, name: str) -> Document | None:
    """``text`` written in ``encoding`` and read back; ``None`` (and a violation) when it
    comes back different or not at all (a refusal of a text the encoding holds is one)."""
    data = text.encode(encoding)
    expected = data.decode(encoding).removeprefix("\ufeff")
    path = folder / name
    path.write_bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = policydiff.read(path)
    except DecodeError as err:
        tally.add("bytes", "read back wrong", f"{encoding}: {_short(expected)}: {err}")
        return None
    except Exception as err:
        tally.add("bytes", "exception", f"{encoding}: {_short(expected)}: {err!r}")
        return None
    if doc.original != expected:
        tally.add(
            "bytes", "read back wrong", f"{encoding}: {_short(expected)} → {_short(doc.original)}"
        )
        return None
    return doc


def run(pairs: int, mix: dict[str, int], seconds: float | None, seed: int | None) -> Tally:
    """Run ``pairs`` pairs drawn from the sources in the proportions of ``mix``."""
    tally = Tally()
    real, refused = real_documents()
    kinds = Counter(Path(name).suffix or "?" for name in refused)
    refusals = ", ".join(f"{n} {suffix}" for suffix, n in sorted(kinds.items())) or "none"
    print(f"real documents: {len(real)} read, {len(refused)} refused by read() ({refusals})",
          file=sys.stderr)  # fmt: skip
    for name, text in real:
        tally.pairs["real self-diff"] += 1
        try:
            doc = parse(text, source=name)
            if not diff(doc, doc).is_empty:
                tally.add("real self-diff", "diff(a, a) not empty", name)
        except Exception:
            tally.add(
                "real self-diff", "exception", f"{name}\n{_last_lines(traceback.format_exc())}"
            )
    # Every real document once more, edited: a few seeded random edits each.
    edits = random.Random(seed)
    for name, text in real:
        try:
            tally.check("real edited", parse(text, source=name), parse(_edit(text, edits)))
        except Exception:  # parse() itself failed
            tally.pairs["real edited"] += 1
            tally.add("real edited", "exception", f"{name}\n{_last_lines(traceback.format_exc())}")
    weighted = [source for source in SOURCES for _ in range(mix.get(source, 0))]
    plans = sorted(PLANS)
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="policydiff-fuzz-"))
    texts = [text for _, text in real]

    def one(data: st.DataObject) -> None:
        source = data.draw(st.sampled_from(weighted), label="source")
        if source == "unicode":
            one_text, other_text = data.draw(unicode_text()), data.draw(unicode_text())
            tally.check(source, parse(one_text), parse(other_text))
        elif source == "policy":
            old, new, _ = data.draw(document_pairs(plan=data.draw(st.sampled_from(plans))))
            tally.check(source, parse(old), parse(new))
        elif source == "real" and texts:
            text = data.draw(st.sampled_from(texts))
            tally.check(source, parse(text), parse(data.draw(edited(text))))
        elif data.draw(st.booleans(), label="raw bytes"):
            raw = data.draw(st.binary(max_size=2000))
            (folder / "raw.bin").write_bytes(raw)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    doc = policydiff.read(folder / "raw.bin")
            except (DecodeError, InputError):
                tally.pairs["bytes refused"] += 1
                return
            except Exception as err:
                tally.pairs["bytes"] += 1
                tally.add("bytes", "exception", f"{_short(repr(raw))}: {err!r}")
                return
            tally.check("bytes", doc, doc)
        else:
            encoding = data.draw(st.sampled_from(ENCODINGS))
            old = data.draw(documents())
            if encoding == "big5":  # Big5 holds traditional characters, not simplified ones
                old = _TRADITIONAL.convert(old)
            new = data.draw(edited(old))
            try:
                old.encode(encoding), new.encode(encoding)
            except UnicodeEncodeError:  # a text the encoding cannot hold: GB18030 holds all
                encoding = "gb18030"
            a = _read_back(tally, folder, old, encoding, "a.txt")
            b = _read_back(tally, folder, new, encoding, "b.txt")
            if a is None or b is None:
                tally.pairs["bytes"] += 1
                return
            tally.check("bytes", a, b)

    # Hypothesis runs in batches, each with a seed of its own, so that the time budget is
    # checked between them: stopping inside a run would make Hypothesis replay the example.
    seeds = random.Random(seed)
    try:
        done = 0
        while done < pairs:
            if seconds is not None and time.monotonic() - started > seconds:
                print(f"stopped after {seconds:.0f} s", file=sys.stderr)
                break
            batch = min(BATCH, pairs - done)
            limits = settings(max_examples=batch, deadline=None, database=None,
                              phases=[Phase.generate],
                              suppress_health_check=list(HealthCheck))  # fmt: skip
            test = limits(given(data=st.data())(one))
            hypothesis_seed(seeds.getrandbits(64))(test)()
            done += batch
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return tally


#: Pairs drawn in one Hypothesis run (the time budget is checked between runs).
BATCH = 50

KINDS = ("exception", "diff(a, a) not empty", "mirror", "read back wrong")


def table(tally: Tally, elapsed: float) -> str:
    rows: list[tuple[str, ...]] = [("source", "pairs", *KINDS)]
    sources = [s for s in ("real self-diff", "real edited", *SOURCES, "bytes refused")
               if tally.pairs[s]]  # fmt: skip
    for source in sources:
        rows.append((source, f"{tally.pairs[source]:,}",
                     *(f"{tally.found[source, kind]:,}" for kind in KINDS)))  # fmt: skip
    total = sum(tally.pairs[s] for s in SOURCES)
    rows.append(("total", f"{total:,}",
                 *(f"{sum(n for (s, k), n in tally.found.items() if k == kind):,}"
                   for kind in KINDS)))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"\n{total:,} pairs in {elapsed:.0f} s ('bytes refused': arbitrary bytes "
                 "read() refused as not text, which is right)")  # fmt: skip
    return "\n".join(lines)


def _mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in SOURCES or not weight.isdigit():
            raise argparse.ArgumentTypeError(f"{part!r}: give source=weight, sources {SOURCES}")
        mix[name] = int(weight)
    return mix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10_000, help="pairs to draw (10,000)")
    parser.add_argument("--mix", type=_mix, default=_mix("unicode=40,policy=35,bytes=20,real=5"),
                        help="weights of the sources (default unicode=40,policy=35,bytes=20,"
                        "real=5)")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis's seed (repeatable)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tally = run(args.pairs, args.mix, args.seconds, args.seed)
    print(table(tally, time.monotonic() - started))
    if tally.examples:
        print("\nfirst example of each violation:")
        for kind, example in tally.examples.items():
            print(f"- {kind}: {example}")
    return 1 if tally.found else 0


if __name__ == "__main__":
    sys.exit(main())
