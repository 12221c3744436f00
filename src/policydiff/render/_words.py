"""How new and how rare a wording is, judged from the two documents alone (no outside word list).

- :func:`novelty` — the share of a sentence's character 4-grams the other year never writes.
- :class:`Rarity` — how rare a wording's character bigrams are in the two documents.
- :func:`salience` — novelty × rarity × the log of the length: how much a sentence says.
- :func:`maximal`, :func:`repeated` — the runs of characters a text repeats, grown to the
  longest run their places share (the candidates of the digest's phrases).
- :func:`common_parts`, :func:`trimmed_in`, :func:`overlap` — whether a phrase only one year
  writes is nevertheless no new term: two words the other year uses all the time put together
  (``继续做好``, ``支持政策``), the other year's phrase with a particle (``在疫情防控中``), or
  a piece of a phrase already shown (``政管理体制`` beside ``行政管理体制``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

__all__ = [
    "CJK",
    "CJK_RUN",
    "Rarity",
    "common_parts",
    "maximal",
    "novelty",
    "overlap",
    "repeated",
    "salience",
    "trimmed_in",
]

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
    known = _all_grams(other)
    return sum(1 for g in grams if g not in known) / len(grams)


@functools.lru_cache(maxsize=8)
def _all_grams(text: str) -> frozenset[str]:
    """Every 4-gram of a text (punctuation dropped), computed once per document: a digest
    asks :func:`novelty` of a thousand sentences against the same other year."""
    return frozenset(_grams(text))


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
        self.counts: Counter[str] = Counter(
            run[i : i + 2] for text in texts for run in CJK_RUN.findall(text)
            for i in range(len(run) - 1)
        )  # fmt: skip
        self.total = sum(self.counts.values()) + 1
        # each bigram's weight, once: log(total / (1 + count)); an unseen one's is log(total)
        self._weight = {p: math.log(self.total / (1 + c)) for p, c in self.counts.items()}
        self._unseen = math.log(self.total)

    def __call__(self, text: str) -> float:
        pairs = [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]
        if not pairs:
            return 0.0
        weight, unseen = self._weight, self._unseen
        return sum(weight.get(p, unseen) for p in pairs) / len(pairs)


def maximal(term: str, text: str, *, limit: int = 16) -> str:
    """``term`` grown left and right while every place the text writes it has the same
    character beside it: ``低生活保障边缘家`` grows to ``最低生活保障边缘家庭``."""
    starts = _places(term, text)
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


def _places(term: str, text: str) -> list[int]:
    """Where ``text`` writes ``term`` (overlapping places apart), in order."""
    places: list[int] = []
    at = text.find(term)
    while at >= 0 and term:
        places.append(at)
        at = text.find(term, at + len(term))
    return places


def repeated(text: str, *, low: int = 4, high: int = 8, least: int = 3) -> Counter[str]:
    """Runs of ``low``–``high`` CJK characters a text writes at least ``least`` times.

    A run of n characters is written at least as often as its first n − 1, so runs of each
    length are counted only where the shorter one before them was frequent: a report's
    hundred thousand runs of four to eight characters come down to a few thousand.

    >>> sorted(repeated("推进改革开放。推进改革开放。推进改革开放。", high=6).items())[:3]
    [('推进改革', 3), ('推进改革开', 3), ('推进改革开放', 3)]
    """
    runs = CJK_RUN.findall(text)
    counts = Counter(run[i : i + low] for run in runs for i in range(len(run) - low + 1))
    frequent = {t for t, c in counts.items() if c >= least}
    found = Counter({t: counts[t] for t in frequent})
    for n in range(low + 1, high + 1):
        longer = Counter(
            run[i : i + n]
            for run in runs
            for i in range(len(run) - n + 1)
            if run[i : i + n - 1] in frequent
        )
        frequent = {t for t, c in longer.items() if c >= least}
        if not frequent:
            break
        found.update({t: longer[t] for t in frequent})
    return found


def common_parts(term: str, other: str, *, every: int = 10000, least: int = 3) -> bool:
    """Whether ``term`` splits into two parts of at least two characters that ``other`` each
    writes often — at least once every ``every`` characters, and ``least`` times.

    Such a phrase is a new pairing of two words the other year uses all the time
    (``继续`` + ``做好``, ``支持`` + ``政策``, ``改革`` + ``完善``), not a new term: its absence
    from the other year is a choice of words, not of policy. A term with a part the other
    year never or seldom writes (``留抵`` of ``留抵退税``, ``转型`` of ``绿色转型`` in a year
    that says it twice) stays a new term.

    >>> other = "继续推进改革。" * 3 + "做好各项工作。" * 3
    >>> common_parts("继续做好", other), common_parts("留抵退税", other)
    (True, False)
    """
    often = max(least, len(other) / every)
    return any(
        other.count(term[:i]) >= often and other.count(term[i:]) >= often
        for i in range(2, len(term) - 1)
    )


def trimmed_in(term: str, other: str, *, keep: int = 4) -> bool:
    """Whether ``other`` writes ``term`` with one character cut from either end or both,
    leaving at least ``keep``: ``在疫情防控中`` is ``疫情防控`` with a preposition around it.

    >>> trimmed_in("在疫情防控中", "做好疫情防控。"), trimmed_in("十三五", "十三届")
    (True, False)
    """
    cores = (term[1:], term[:-1], term[1:-1])
    return any(len(core) >= keep and core in other for core in cores)


def overlap(a: str, b: str, *, least: int = 3) -> bool:
    """Whether ``a`` and ``b`` share a run of at least ``least`` characters (or one holds the
    other): ``行政管理体制``, ``政管理体制`` and ``管理体制改革`` say one topic.

    >>> overlap("行政管理体制", "管理体制改革"), overlap("六保", "六稳")
    (True, False)
    """
    if a in b or b in a:
        return True
    short, long = sorted((a, b), key=len)
    return any(short[i : i + least] in long for i in range(len(short) - least + 1))
