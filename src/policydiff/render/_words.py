"""How new and how rare a wording is, judged from the two documents alone (no outside word list).

- :func:`novelty` — the share of a sentence's character 4-grams the other year never writes.
- :class:`Rarity` — how rare a wording's character bigrams are in the two documents.
- :func:`salience` — novelty × rarity × the log of the length: how much a sentence says.
- :func:`maximal`, :func:`repeated` — the runs of characters a text repeats, grown to the
  longest run their places share (the candidates of the digest's phrases).
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = ["CJK", "CJK_RUN", "Rarity", "maximal", "novelty", "repeated", "salience"]

CJK = re.compile(r"[\u3400-\u9fff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_STOP = re.compile(r"[,，。;；:：、!！?？()（）《》“”\"'\s]")


def _grams(text: str, n: int = 4) -> set[str]:
    text = _STOP.sub("", text)
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def novelty(sentence: str, other: str) -> float:
    """The share of a sentence's character 4-grams (punctuation dropped) that ``other``
    never writes: 1.0 for words the other year has nowhere, 0.0 for a sentence it has.

    >>> novelty("婴幼儿照护费用纳入扣除", "发展婴幼儿照护服务。")
    0.75
    """
    grams = _grams(sentence)
    if not grams:
        return 0.0
    squeezed = _STOP.sub("", other)
    return sum(1 for g in grams if g not in squeezed) / len(grams)


def salience(sentence: str, other: str, rarity: Rarity) -> float:
    """How much a sentence one year has says: its :func:`novelty` to the other year, times
    the rarity of its words, times the log of its length (a long new sentence of rare words
    first, a short stock phrase last)."""
    return novelty(sentence, other) * rarity(sentence) * math.log(max(len(sentence), 2))


class Rarity:
    """How rare a wording is in the two documents: the mean over its CJK character bigrams of
    ``log(total / (1 + count))``; ``发展``, ``政策``, ``体系`` are common in any report,
    ``婴幼``, ``扣除`` rare."""

    def __init__(self, *texts: str) -> None:
        self.counts: Counter[str] = Counter()
        for text in texts:
            for run in CJK_RUN.findall(text):
                self.counts.update(run[i : i + 2] for i in range(len(run) - 1))
        self.total = sum(self.counts.values()) + 1

    def __call__(self, text: str) -> float:
        pairs = [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]
        if not pairs:
            return 0.0
        return sum(math.log(self.total / (1 + self.counts[p])) for p in pairs) / len(pairs)


def maximal(term: str, text: str, *, limit: int = 16) -> str:
    """``term`` grown left and right while every place the text writes it has the same
    character beside it: ``低生活保障边缘家`` grows to ``最低生活保障边缘家庭``."""
    starts = [m.start() for m in re.finditer(re.escape(term), text)]
    lo, hi = 0, len(term)
    while hi - lo < limit and starts:
        grown = False
        left = {text[s + lo - 1] if s + lo > 0 else "" for s in starts}
        if len(left) == 1 and CJK.match(next(iter(left))):
            lo -= 1
            grown = True
        right = {text[s + hi] if s + hi < len(text) else "" for s in starts}
        if hi - lo < limit and len(right) == 1 and CJK.match(next(iter(right))):
            hi += 1
            grown = True
        if not grown:
            break
    return text[starts[0] + lo : starts[0] + hi] if starts else term


def repeated(text: str, *, low: int = 4, high: int = 8, least: int = 3) -> Counter[str]:
    """Runs of ``low``–``high`` CJK characters a text writes at least ``least`` times."""
    counts: Counter[str] = Counter()
    for run in CJK_RUN.findall(text):
        for n in range(low, min(high, len(run)) + 1):
            counts.update(run[i : i + n] for i in range(len(run) - n + 1))
    return Counter({t: c for t, c in counts.items() if c >= least})
