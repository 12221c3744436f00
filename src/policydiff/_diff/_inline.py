"""Inline edits: difflib-style opcodes over two texts, cleaned up for a reader."""

from __future__ import annotations

import difflib
from typing import Any

from ..model import DiffOptions, Edit, Op

__all__ = ["inline"]


#: Texts whose lengths multiply to more than this are compared by :func:`_long_opcodes`:
#: difflib's ``find_longest_match`` takes time in proportion to the product where characters
#: repeat (one 1 MB paragraph of one character took minutes).
LONG_CELLS = 4_000_000
#: :func:`_long_opcodes` gives up past this many inserted and deleted characters: the middle
#: is then one replacement, the whole of both texts shown.
MAX_EDITS = 500

_NUMBER_CHARS = frozenset("0123456789.,%万亿千百十零〇一二三四五六七八九两")


def inline(old: str, new: str, *, merge_gap: int = DiffOptions().merge_gap) -> tuple[Edit, ...]:
    """Opcodes that turn ``old`` into ``new``, character based but cleaned up for readers.

    Equal runs of ``merge_gap`` characters or fewer between two changes are folded into them
    (as diff-match-patch's semantic cleanup does), and a change is widened so it never cuts a
    number in two: ``3.4万`` → ``3.3万`` is one replacement, not ``4`` → ``3``.

    >>> [(e.op, e.old, e.new) for e in inline("乡镇卫生院3.4万个", "乡镇卫生院3.3万个")]
    [('equal', '乡镇卫生院', '乡镇卫生院'), ('replace', '3.4万', '3.3万'), ('equal', '个', '个')]
    >>> [(e.op, e.old, e.new) for e in inline("村卫生室58.2万个", "村卫生室57万个")][1]
    ('replace', '58.2万', '57万')
    """
    if old == new:
        return (Edit("equal", old, new),) if old else ()
    opcodes = _opcodes(old, new)
    segments: list[list[Any]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inner = 0 < k < len(opcodes) - 1
        if tag == "equal" and inner and i2 - i1 <= merge_gap:
            tag = "replace"
        if segments and segments[-1][0] != "equal" and tag != "equal":
            segments[-1][2], segments[-1][4] = i2, j2
        else:
            segments.append([tag, i1, i2, j1, j2])
    for k, seg in enumerate(segments):
        if seg[0] == "equal":
            continue
        while (
            k > 0
            and segments[k - 1][2] > segments[k - 1][1]
            and old[seg[1] - 1] in _NUMBER_CHARS
            and _touches_number(old, seg[1], seg[2], new, seg[3], seg[4], left=True)
        ):
            seg[1] -= 1
            seg[3] -= 1
            segments[k - 1][2] -= 1
            segments[k - 1][4] -= 1
        while (
            k + 1 < len(segments)
            and segments[k + 1][2] > segments[k + 1][1]
            and old[seg[2]] in _NUMBER_CHARS
            and _touches_number(old, seg[1], seg[2], new, seg[3], seg[4], left=False)
        ):
            seg[2] += 1
            seg[4] += 1
            segments[k + 1][1] += 1
            segments[k + 1][3] += 1
    edits = []
    for tag, i1, i2, j1, j2 in segments:
        a, b = old[i1:i2], new[j1:j2]
        op: Op = (
            "equal" if tag == "equal" else "replace" if a and b else "delete" if a else "insert"
        )
        edits.append(Edit(op, a, b))
    return tuple(_merge_adjacent(edits))


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the common head and tail set aside first (as diff-match-patch
    does): difflib's time grows with the length it compares, and a node's sentences share long
    heads and tails.

    The trade: difflib's source warns that stripping a common prefix or suffix can change its
    result, because the longest matching block may start inside the prefix. ``ab`` → ``acab``
    is ``insert "ac"`` then ``equal "ab"`` to difflib, but ``equal "a"``, ``insert "ca"``,
    ``equal "b"`` here. Both scripts insert the same two characters and keep the same two: the
    edit is as small, only placed differently, and inline edits are for a reader, who sees
    one insertion either way. ``tests/test_diff.py`` pins this case.

    >>> _opcodes("ab", "acab")
    [('equal', 0, 1, 0, 1), ('insert', 1, 1, 1, 3), ('equal', 1, 2, 3, 4)]
    """
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    middle: list[tuple[str, int, int, int, int]]
    if len(a) * len(b) <= LONG_CELLS:
        middle = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    else:
        middle = _long_opcodes(a, b)
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


def _touches_number(old: str, i1: int, i2: int, new: str, j1: int, j2: int, *, left: bool) -> bool:
    """Whether a change's edge character, on either side, belongs to a number."""
    if left:
        return (i2 > i1 and old[i1] in _NUMBER_CHARS) or (j2 > j1 and new[j1] in _NUMBER_CHARS)
    return (i2 > i1 and old[i2 - 1] in _NUMBER_CHARS) or (j2 > j1 and new[j2 - 1] in _NUMBER_CHARS)


def _merge_adjacent(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in edits:
        if not edit.old and not edit.new:
            continue
        if merged and merged[-1].op != "equal" and edit.op != "equal":
            prev = merged.pop()
            old, new = prev.old + edit.old, prev.new + edit.new
            op: Op = "replace" if old and new else ("delete" if old else "insert")
            merged.append(Edit(op, old, new))
        elif merged and merged[-1].op == "equal" and edit.op == "equal":
            prev = merged.pop()
            merged.append(Edit("equal", prev.old + edit.old, prev.new + edit.new))
        else:
            merged.append(edit)
    return merged


def _long_opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes for long texts: Myers' O(ND) greedy diff (the fewest characters inserted and
    deleted), its diagonal runs compared slice by slice in C, so that its time grows with the
    number of edits, not with the product of the lengths. Past :data:`MAX_EDITS` edits the two
    texts are one replacement.

    >>> _long_opcodes("abc", "abxc")
    [('equal', 0, 2, 0, 2), ('insert', 2, 2, 2, 3), ('equal', 2, 3, 3, 4)]
    """
    blocks = _myers_blocks(a, b, MAX_EDITS)
    if blocks is None:
        blocks = []
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for x, y, size in [*blocks, (len(a), len(b), 0)]:
        tag = "replace" if i < x and j < y else "delete" if i < x else "insert" if j < y else ""
        if tag:
            opcodes.append((tag, i, x, j, y))
        if size:
            opcodes.append(("equal", x, x + size, y, y + size))
        i, j = x + size, y + size
    return opcodes


def _common_prefix(a: str, x: int, b: str, y: int) -> int:
    """How many characters ``a[x:]`` and ``b[y:]`` share at their start: slices compared in
    growing steps, then halved."""
    limit = min(len(a) - x, len(b) - y)
    if limit <= 0 or a[x] != b[y]:
        return 0
    done, step = 0, 8
    while done < limit:
        size = min(step, limit - done)
        if a[x + done : x + done + size] == b[y + done : y + done + size]:
            done += size
            step *= 2
            continue
        low, high = 0, size  # a prefix of ``low`` agrees, one of ``high`` does not
        while high - low > 1:
            mid = (low + high) // 2
            if a[x + done : x + done + mid] == b[y + done : y + done + mid]:
                low = mid
            else:
                high = mid
        return done + low
    return done


def _myers_blocks(a: str, b: str, most: int) -> list[tuple[int, int, int]] | None:
    """The matching blocks ``(i, j, size)`` of a shortest edit script of ``a`` into ``b``
    (Myers 1986), or ``None`` when it needs more than ``most`` insertions and deletions."""
    n, m = len(a), len(b)
    offset = most + 1
    frontier = [0] * (2 * most + 3)  # furthest x on each diagonal k = x - y; -1 unreachable
    trace: list[list[int]] = []
    for d in range(most + 1):
        trace.append(frontier[offset - d - 1 : offset + d + 2])
        for k in range(-d, d + 1, 2):
            # inlined _step (this loop runs most² / 2 times)
            down = frontier[offset + k + 1] if k < d or d == 0 else -1
            if down - k > m:
                down = -1
            right = frontier[offset + k - 1] + 1 if k > -d and frontier[offset + k - 1] >= 0 else -1
            if right > n:
                right = -1
            x = down if down >= right else right
            if x >= 0:
                y = x - k
                if x < n and y < m and a[x] == b[y]:
                    x += _common_prefix(a, x, b, y)
            frontier[offset + k] = x
            if x == n and x - k == m:
                return _backtrack(n, m, trace, d, k)
    return None


def _step(frontier: list[int], offset: int, d: int, k: int, n: int, m: int) -> tuple[int, bool]:
    """Where diagonal ``k`` starts in round ``d`` (before its run of equal characters), and
    whether it is reached by an insertion from ``k + 1`` (else by a deletion from ``k - 1``):
    the further of the two that stays on the grid, the insertion of two equal ones; -1 where
    neither does."""
    down = frontier[offset + k + 1] if k < d or d == 0 else -1
    if down - k > m:
        down = -1
    right = frontier[offset + k - 1] + 1 if k > -d and frontier[offset + k - 1] >= 0 else -1
    if right > n:
        right = -1
    if down >= right:
        return down, True
    return right, False


def _backtrack(
    n: int, m: int, trace: list[list[int]], d: int, k: int
) -> list[tuple[int, int, int]]:
    """The matching blocks of the path that ends at ``(n, m)`` on diagonal ``k`` after ``d``
    edits."""
    blocks: list[tuple[int, int, int]] = []
    x = n
    for step in range(d, 0, -1):
        start, down = _step(trace[step], step + 1, step, k, n, m)
        previous = k + 1 if down else k - 1
        before_x = trace[step][previous + step + 1]
        if x > start:
            blocks.append((start, start - k, x - start))
        x, k = before_x, previous
    if x > 0:
        blocks.append((0, 0, x))
    blocks.reverse()
    return blocks
