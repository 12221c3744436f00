"""Score policydiff's aligner on a fixed corpus of generated pairs whose true answer is known.

Run from the repository root::

    python benchmarks/synthetic.py               # 1,400 pairs: 200 per edit plan
    python benchmarks/synthetic.py --pairs 140   # fewer, for a quick look
    python benchmarks/synthetic.py --misses 3    # and the first errors of each plan
    python benchmarks/synthetic.py --english     # English pairs, four numbering styles

Every pair comes from :func:`policydiff.strategies.random_pair` (the builders of the Hypothesis
strategies, driven by a seeded :class:`random.Random`): the same corpus on every run and
machine, and the same table (timings go to stderr). Each plan stresses one ability —
``light`` rewordings, ``heavy`` rewrites, ``move-heavy`` moves within and across parents and
levels, a ``renumber`` storm, ``split-merge``, ``numbers``; ``mixed`` draws every operation —
and is scored with SPEC §4's definitions by :func:`policydiff.scoring.check_alignment`:
link precision, recall and F1, the spurious rate, move recall, split/merge recall, and number
pairs (precision and recall over every pair called changed or unchanged, and over changed
values only).

Beside policydiff stands a floor: what a careful user gets from the standard library alone.
``difflib.SequenceMatcher`` aligns the two normalized texts line by line (inside a replaced
block, a line is paired with the most similar later line at ratio ≥ 0.5, as ``ndiff`` does),
characters within paired lines; each old node is then linked to the new node that owns most
of its mapped characters, one to one, when that is at least half of them. Moves come from
:func:`policydiff._align.moved_links` and number pairs from :func:`policydiff._diff.pair_numbers`
over the floor's links, so the difference is the aligner alone.

Each rate is printed with the count it is taken over. A split or a merge may be read either way
round (which of two merged nodes survives), and is scored in the reading the aligner took, so
the true counts of moves and splits can differ a little between policydiff and the floor.

``--english`` scores English pairs instead, in the four numbering styles of
:data:`policydiff.strategies.ENGLISH_STYLES` (a contract ``ARTICLE I`` / ``Section 1.1`` /
``(a)``, a plan ``1.`` / ``1.1`` / ``1.1.1``, a United Kingdom Act ``1`` / ``(1)`` / ``(a)``, a
United States bill ``SEC. 2.`` / ``(a)`` / ``(1)``), each style under every plan, and puts
redlines (``pip install redlines``, in the ``bench`` extra) beside policydiff and the floor:
redlines' word-level opcodes over the same two texts, mapped to nodes as the floor's are (a
node is linked to the node holding most of its kept characters), moves and number pairs taken
the same way. It also counts the body lines policydiff removed (as chrome, title or
signature): a generated document has one title line and nothing else to remove.

Every generated text is also parsed and its paths compared with those the truth names; a
mismatch (a generator or segmenter bug) is counted and reported under the table. Such a pair
is still scored: its errors show as missing links, never as a silently easier pair.
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import policydiff  # noqa: E402
from policydiff._align import moved_links  # noqa: E402
from policydiff._diff import pair_numbers  # noqa: E402
from policydiff.model import Alignment, Document, Link, Node  # noqa: E402
from policydiff.scoring import AlignmentScore, check_alignment  # noqa: E402
from policydiff.strategies import ENGLISH_STYLES, random_pair  # noqa: E402

PLANS = ("light", "heavy", "move-heavy", "renumber", "split-merge", "numbers", "mixed")
#: The issue's targets, on the totals: (label, attribute, bound, higher is better).
TARGETS = (
    ("link F1", "f1", 0.98, True),
    ("move recall", "move_recall", 0.95, True),
    ("split/merge recall", "split_merge_recall", 0.85, True),
    ("spurious", "spurious", 0.01, False),
    ("number precision", "number_precision", 0.98, True),
    ("number recall", "number_recall", 0.95, True),
)
#: (label, rate, the count the rate is taken over): the count says how much a rate rests on.
ROWS = (
    ("link precision", "precision", "reported_links"),
    ("link recall", "recall", "true_links"),
    ("link F1", "f1", None),
    ("spurious", "spurious", "reported_links"),
    ("move recall", "move_recall", "true_moves"),
    ("move precision", "move_precision", "flagged_moves"),
    ("split/merge recall", "split_merge_recall", "true_related"),
    ("split/merge precision", "split_merge_precision", "reported_related"),
    ("number precision", "number_precision", "reported_numbers"),
    ("number recall", "number_recall", "true_numbers"),
    ("change precision", "change_precision", "reported_changes"),
    ("change recall", "change_recall", "true_changes"),
)
#: A line is paired with a line of a replaced block at this difflib ratio or more.
LINE_RATIO = 0.5
#: The floor links an old node to the new node holding this share of its characters or more.
OVERLAP = 0.5


# --- the floor: whole-text difflib mapped to nodes ---------------------------------------------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(k + 1 for k, char in enumerate(text) if char == "\n")
    return starts


def _character_map(old: str, new: str) -> dict[int, int]:
    """Old offset → new offset, for the characters difflib keeps across the two texts."""
    a, b = old.split("\n"), new.split("\n")
    a_start, b_start = _line_starts(old), _line_starts(new)
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace":
            after = j1
            for i in range(i1, i2):
                best, best_j = LINE_RATIO, None
                for j in range(after, j2):
                    line = difflib.SequenceMatcher(None, a[i], b[j], autojunk=False)
                    if line.real_quick_ratio() >= best and line.ratio() >= best:
                        best, best_j = line.ratio(), j
                if best_j is not None:
                    pairs.append((i, best_j))
                    after = best_j + 1
    mapping: dict[int, int] = {}
    for i, j in pairs:
        chars = difflib.SequenceMatcher(None, a[i], b[j], autojunk=False)
        for block in chars.get_matching_blocks():
            for k in range(block.size):
                mapping[a_start[i] + block.a + k] = b_start[j] + block.b + k
    return mapping


def _redlines_map(old: str, new: str) -> dict[int, int]:
    """Old offset → new offset, for the characters of the words redlines keeps."""
    from redlines import Redlines
    from redlines.processor import concatenate_paragraphs_and_add_chr_182, tokenize_text

    def offsets(text: str) -> tuple[list[str], list[int]]:
        tokens = tokenize_text(concatenate_paragraphs_and_add_chr_182(text))
        starts, cursor = [], 0
        for token in tokens:
            word = token.strip()
            at = text.find(word, cursor) if word and word != "¶" else -1
            starts.append(at)
            if at >= 0:
                cursor = at + len(word)
        return tokens, starts

    (a_tokens, a_starts), (_, b_starts) = offsets(old), offsets(new)
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in Redlines(old, new).opcodes:
        if tag != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            if a_starts[i] < 0 or b_starts[j] < 0:
                continue
            for k in range(len(a_tokens[i].strip())):
                mapping[a_starts[i] + k] = b_starts[j] + k
    return mapping


def _own_offsets(node: Node) -> set[int]:
    """The offsets of a node's own text: its span without its children's spans."""
    own = set(range(*node.span))
    for child in node.children:
        own.difference_update(range(*child.span))
    return own


def floor_alignment(old: Document, new: Document, *, redlines: bool = False) -> Alignment:
    """Links from whole-text difflib (or redlines' opcodes), by character overlap (see the
    module docstring)."""
    mapping = (_redlines_map if redlines else _character_map)(old.text, new.text)
    old_nodes, new_nodes = list(old.walk()), list(new.walk())
    owner: dict[int, int] = {}
    for j, node in enumerate(new_nodes):
        for offset in _own_offsets(node):
            owner[offset] = j
    candidates = []
    for i, node in enumerate(old_nodes):
        offsets = [o for o in _own_offsets(node) if not old.text[o].isspace()]
        votes: dict[int, int] = {}
        for offset in offsets:
            j = owner.get(mapping.get(offset, -1), -1)
            if j >= 0:
                votes[j] = votes.get(j, 0) + 1
        for j, count in votes.items():
            share = count / len(offsets)
            if share >= OVERLAP:
                candidates.append((share, i, j))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs = []
    for share, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            pairs.append((i, j, share))
    pairs.sort()
    moved = moved_links(old_nodes, new_nodes, pairs)
    links = tuple(
        Link(old_nodes[i].path, new_nodes[j].path, round(s, 4), (i, j) in moved)
        for i, j, s in pairs
    )
    return Alignment(links=links)


# --- one pair ----------------------------------------------------------------------------------


@attrs.frozen
class Result:
    """The scores of one pair, ours and the floor's, and whether the paths agreed."""

    ours: AlignmentScore
    floor: AlignmentScore
    paths_agree: bool
    seconds: float
    redlines: AlignmentScore | None = None
    removed: int = 0  # body lines removed (as chrome, title, signature) from the two documents
    lines: int = 0  # body lines of the two documents


def run_pair(job: tuple[str, int] | tuple[str, int, str]) -> Result:
    plan, seed = job[0], job[1]
    style = job[2] if len(job) > 2 else None
    styles = {} if style is None else {"styles": [style]}
    old_text, new_text, truth = random_pair(seed, plan=plan, **styles)
    start = time.perf_counter()
    result = policydiff.diff(policydiff.parse(old_text), policydiff.parse(new_text))
    seconds = time.perf_counter() - start
    old, new = result.old, result.new
    agree = [n.path for n in old.walk()] == list(truth.old_paths) and [
        n.path for n in new.walk()
    ] == list(truth.new_paths)
    ours = check_alignment(truth, result.alignment, numbers=result.numbers)
    floor_links = floor_alignment(old, new)
    floor = check_alignment(truth, floor_links, numbers=pair_numbers(old, new, floor_links))
    tag = f"[{plan} #{seed}] " if style is None else f"[{style} {plan} #{seed}] "
    red, removed, lines = None, 0, 0
    if style is not None:
        red_links = floor_alignment(old, new, redlines=True)
        red = check_alignment(truth, red_links, numbers=pair_numbers(old, new, red_links))
        red = attrs.evolve(red, errors=())
        for doc, text in ((old, old_text), (new, new_text)):
            title, *body = text.splitlines()
            lines += len(body)
            removed += sum(1 for r in doc.removed if r.text != title)
    return Result(
        attrs.evolve(ours, errors=tuple(tag + e for e in ours.errors)),
        attrs.evolve(floor, errors=()),
        agree,
        seconds,
        red,
        removed,
        lines,
    )


# --- the table ---------------------------------------------------------------------------------


def _cell(score: AlignmentScore, rate: str, count: str | None) -> str:
    value = getattr(score, rate)
    shown = "   —  " if value is None else f"{value:6.3f}"
    return f"{shown} of {getattr(score, count):<6}" if count else f"{shown}{'':9}"


def table(
    title: str,
    ours: AlignmentScore,
    floor: AlignmentScore,
    redlines: AlignmentScore | None = None,
) -> list[str]:
    head = f"  {'':<24}{'ours':<17}  {'floor':<17}" + ("  redlines" if redlines else "")
    lines = [f"{title}: {ours.pairs} pairs", head.rstrip()]
    for label, rate, count in ROWS:
        line = f"  {label:<24}{_cell(ours, rate, count)}  {_cell(floor, rate, count)}"
        if redlines is not None:
            line += f"  {_cell(redlines, rate, count)}"
        lines.append(line.rstrip())
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--pairs", type=int, default=1400, help="pairs in all (default 1400)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--misses", type=int, default=0, help="show this many errors per plan")
    parser.add_argument(
        "--english", action="store_true", help="English pairs in four styles, beside redlines"
    )
    args = parser.parse_args(argv)
    if args.english:
        return english(args)
    per_plan = max(1, math.ceil(args.pairs / len(PLANS)))
    jobs = [(plan, seed) for plan in PLANS for seed in range(per_plan)]
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_pair, jobs, chunksize=8))
    else:
        results = [run_pair(job) for job in jobs]
    elapsed = time.perf_counter() - started

    totals_ours, totals_floor = AlignmentScore(), AlignmentScore()
    mismatched = 0
    out: list[str] = []
    for plan in PLANS:
        mine = [r for (p, _), r in zip(jobs, results, strict=True) if p == plan]
        ours = sum((r.ours for r in mine), AlignmentScore())
        floor = sum((r.floor for r in mine), AlignmentScore())
        mismatched += sum(not r.paths_agree for r in mine)
        out += table(plan, ours, floor)
        out += [f"    ✗ {e}" for e in ours.errors[: args.misses]]
        out.append("")
        totals_ours += ours
        totals_floor += floor
    out += table("totals", totals_ours, totals_floor)
    out.append("")
    out.append("targets (totals)")
    for label, name, bound, higher in TARGETS:
        value = getattr(totals_ours, name)
        met = value >= bound if higher else value <= bound
        sign = "≥" if higher else "≤"
        out.append(f"  {label:<24}{value:6.3f} {sign} {bound:<5} {'met' if met else 'MISSED'}")
    out.append(f"  generated paths that policydiff.parse disagreed with: {mismatched} pairs")
    print("\n".join(out))
    seconds = sum(r.seconds for r in results)
    print(
        f"{len(jobs)} pairs in {elapsed:.1f} s with {args.jobs} workers; "
        f"policydiff.diff {1000 * seconds / len(jobs):.0f} ms a pair",
        file=sys.stderr,
    )
    return 0


def english(args: argparse.Namespace) -> int:
    """The English benchmark: every style under every plan, ours beside the floor and
    redlines, a table a style and the totals."""
    per = max(1, math.ceil(args.pairs / (len(PLANS) * len(ENGLISH_STYLES))))
    jobs = [
        (plan, seed, style) for style in ENGLISH_STYLES for plan in PLANS for seed in range(per)
    ]
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(run_pair, jobs, chunksize=8))
    else:
        results = [run_pair(job) for job in jobs]
    elapsed = time.perf_counter() - started
    out: list[str] = []
    totals = [AlignmentScore(), AlignmentScore(), AlignmentScore()]
    removed = lines = mismatched = 0
    for style in ENGLISH_STYLES:
        mine = [r for job, r in zip(jobs, results, strict=True) if job[2] == style]
        sums = [
            sum((getattr(r, side) for r in mine), AlignmentScore())
            for side in ("ours", "floor", "redlines")
        ]
        style_removed = sum(r.removed for r in mine)
        style_lines = sum(r.lines for r in mine)
        mismatched += sum(not r.paths_agree for r in mine)
        out += table(f"English, {style}", *sums)
        out.append(f"  {'body lines removed':<24}{style_removed} of {style_lines}")
        out += [f"    ✗ {e}" for e in sums[0].errors[: args.misses]]
        out.append("")
        totals = [t + s for t, s in zip(totals, sums, strict=True)]
        removed += style_removed
        lines += style_lines
    out += table("English totals", *totals)
    out.append(f"  {'body lines removed':<24}{removed} of {lines}")
    out.append("")
    out.append("targets (English totals, every style)")
    for label, name, bound, higher in (
        *TARGETS,
        ("change precision", "change_precision", 0.95, True),
        ("change recall", "change_recall", 0.95, True),
    ):
        values = [getattr(totals[0], name)]
        values += [
            getattr(
                sum(
                    (r.ours for job, r in zip(jobs, results, strict=True) if job[2] == s),
                    AlignmentScore(),
                ),
                name,
            )
            for s in ENGLISH_STYLES
        ]
        worst = min(values) if higher else max(values)
        met = worst >= bound if higher else worst <= bound
        sign = "≥" if higher else "≤"
        shown = " ".join(f"{v:.3f}" for v in values)
        out.append(f"  {label:<24}{shown}  {sign} {bound:<5} {'met' if met else 'MISSED'}")
    out.append(f"  body lines removed      {removed} = 0 {'met' if removed == 0 else 'MISSED'}")
    out.append(f"  generated paths that policydiff.parse disagreed with: {mismatched} pairs")
    print("\n".join(out))
    seconds = sum(r.seconds for r in results)
    print(
        f"{len(jobs)} English pairs in {elapsed:.1f} s with {args.jobs} workers; "
        f"policydiff.diff {1000 * seconds / len(jobs):.0f} ms a pair",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
