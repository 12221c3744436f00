"""Global renames: a wording replaced by another everywhere it stood, said once.

:func:`renames` finds them in a :class:`~policydiff.model.PolicyDiff`'s changed sentences
(``低收入困难家庭 → 最低生活保障边缘家庭``, 13 places); :func:`rename_only` tells a renderer
which changed sentences they explain, so no sentence bullet repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..model import Edit, MeasureChange, PolicyDiff
from ._words import CJK

__all__ = ["RENAME_PLACES", "Rename", "rename_only", "renames"]

#: A wording replaced in at least this many sentences, and surviving in fewer places than it
#: was replaced, is a global rename.
RENAME_PLACES = 2
_STOP = re.compile(r"[,，。;；:：、!！?？()（）《》“”\"'\s]")


@attrs.frozen
class Rename:
    """A wording replaced by another everywhere it mattered: ``old → new`` in ``places``
    sentences, at the new document's node paths ``where`` (in order, each once)."""

    old: str
    new: str
    places: int
    where: tuple[str, ...]


def _pair(e: Edit) -> tuple[str, str]:
    return e.old.strip(), e.new.strip()


def rename_only(m: MeasureChange, pairs: frozenset[tuple[str, str]]) -> bool:
    """Whether every edit of a changed sentence is one of the renames' replaced wordings."""
    edits = [e for e in m.inline if e.op != "equal"]
    return bool(edits) and m.change == "changed" and all(_pair(e) in pairs for e in edits)


def _shared(texts: Sequence[str], *, forward: bool, limit: int = 4) -> str:
    """The characters every text shares at its start (``forward``) or end, up to ``limit``
    and never across punctuation: the context a replaced wording always stands in."""
    if not texts:
        return ""
    out: list[str] = []
    for i in range(limit):
        chars = {(t[i] if forward else t[-1 - i]) if len(t) > i else "" for t in texts}
        if len(chars) != 1:
            break
        (char,) = chars
        if not char or _STOP.match(char):
            break
        out.append(char)
    return "".join(out if forward else reversed(out))


def renames(d: PolicyDiff) -> tuple[list[Rename], frozenset[tuple[str, str]]]:
    """Replaced wordings that recur and no longer stand (mostly) where they stood."""
    seen: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for m in d.measures:
        if m.change != "changed" or m.new is None:
            continue
        edits = m.inline
        for i, e in enumerate(edits):
            pair = _pair(e)
            if e.op != "replace" or min(len(CJK.findall(p)) for p in pair) < 2:
                continue
            before = edits[i - 1].new if i and edits[i - 1].op == "equal" else ""
            after = edits[i + 1].new if i + 1 < len(edits) and edits[i + 1].op == "equal" else ""
            seen.setdefault(pair, []).append((m.new.node, before, after))
    renames: list[Rename] = []
    pairs: set[tuple[str, str]] = set()
    for (old, new), places in seen.items():
        if len(places) < RENAME_PLACES or d.new.text.count(old) >= len(places):
            continue
        head = _shared([b for _, b, _ in places], forward=False)
        tail = _shared([a for _, _, a in places], forward=True)
        where = tuple(dict.fromkeys(node for node, _, _ in places))
        renames.append(Rename(head + old + tail, head + new + tail, len(places), where))
        pairs.add((old, new))
    renames.sort(key=lambda r: (-r.places, r.old))
    return renames, frozenset(pairs)
