"""Named alike: two leftover siblings whose leads use the same words no other sibling uses.

A work report names each part of its review in an opening line (``优先稳就业保民生,人民生活
得到切实保障``; the next year ``着力保障和改善民生,加快发展社会事业``). When a part is rewritten
and moved, its text shares little with its successor's beyond the vocabulary every part of
the report uses, but the two opening lines share words that no other part's opening line of
either year uses: 民生 and 保障 name the livelihoods part in both years and no other part.

Named apart: two siblings whose texts open with different titles in quotation marks (a budget
explanation's ``“教育支出(类)其他教育支出(款)其他教育支出(项)”25.00万元,主要用于…``) are two
items, however alike the template around the titles makes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["RECUR", "named_alike", "named_apart", "title_ids"]

#: A word two leads share names their topic when the two nodes use it at least this often
#: together: once in each lead and once more in either body.
RECUR = 3


def _grams(lead: str) -> frozenset[str]:
    """The bigrams of Han characters in ``lead``."""
    return frozenset(
        lead[k : k + 2]
        for k in range(len(lead) - 1)
        if "\u4e00" <= lead[k] <= "\u9fff" and "\u4e00" <= lead[k + 1] <= "\u9fff"
    )


def named_alike(
    old_leads: Sequence[str],
    new_leads: Sequence[str],
    texts: tuple[Sequence[str], Sequence[str]],
    old_left: Sequence[bool] | NDArray[np.bool_],
    new_left: Sequence[bool] | NDArray[np.bool_],
    terms: int,
) -> NDArray[np.bool_]:
    """Which pairs of leftovers of two corresponding groups are named alike: their leads
    (``old_leads``, ``new_leads``: one per member, in order) share bigrams that each is the
    only member of its group to use and that the two members' ``texts`` (heading and text)
    use at least :data:`RECUR` times together — the topic, not a phrase of the opening lines
    (``能力进一步提升`` and ``提升防灾减灾能力`` share two words and no topic) — in at least
    ``terms`` separate words (:func:`_words`) of each lead. ``old_left`` and ``new_left`` say
    which members are leftovers; other pairs are ``False``, as are all when ``terms`` is 0.

    >>> leads = (["稳就业保民生,人民生活得到保障", "打好三大攻坚战", "推进改革开放"],
    ...          ["推进改革开放", "加强生态环境保护", "着力保障和改善民生"])
    >>> texts = ([leads[0][0] + "就业是最大的民生。", *leads[0][1:]],
    ...          [*leads[1][:2], leads[1][2] + "兜牢民生底线,社会保障扩面。"])
    >>> named_alike(*leads, texts, [True, True, False], [False, True, True], 2).astype(int)
    array([[0, 0, 1],
           [0, 0, 0],
           [0, 0, 0]])
    """
    result = np.zeros((len(old_leads), len(new_leads)), dtype=np.bool_)
    if terms <= 0:
        return result
    old_grams = [_grams(lead) for lead in old_leads]
    new_grams = [_grams(lead) for lead in new_leads]
    old_count = Counter(g for grams in old_grams for g in grams)
    new_count = Counter(g for grams in new_grams for g in grams)
    for a, grams in enumerate(old_grams):
        if not old_left[a]:
            continue
        own = {g for g in grams if old_count[g] == 1 and new_count[g] == 1}
        if _words(old_leads[a], own) < terms:
            continue
        for b, other in enumerate(new_grams):
            if not new_left[b]:
                continue
            shared = {
                g for g in own & other if texts[0][a].count(g) + texts[1][b].count(g) >= RECUR
            }
            # in words of both leads: the same bigrams may run together in one and apart in
            # the other, and a pair must read the same from either side
            if min(_words(old_leads[a], shared), _words(new_leads[b], shared)) >= terms:
                result[a, b] = True
    return result


def _words(lead: str, grams: set[str] | frozenset[str]) -> int:
    """How many runs of ``grams`` ``lead`` holds: bigrams that overlap in it (宏观, 观政 of
    宏观政策) are one word, not two."""
    runs, previous = 0, False
    for k in range(len(lead) - 1):
        inside = lead[k : k + 2] in grams
        runs += inside and not previous
        previous = inside
    return runs


# A title opening a node's text: “…(项)”, 《…条例》, 「…」.
_TITLE = re.compile(r"\s*[“《「]([^”》」\n]{2,80})[”》」]")
_OPENING = frozenset("“《「")


def title_ids(
    old_texts: Sequence[str], new_texts: Sequence[str]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """For each text of either side, a number for the title in quotation marks it opens with
    (the same title, the same number on both sides), or -1 where it opens with none.

    >>> title_ids(["“教育支出(项)”25万元。", "按期完成。"], ["“社会组织管理(项)”21万元。"])
    (array([ 0, -1]), array([1]))
    """
    numbers: dict[str, int] = {}

    def ids(texts: Sequence[str]) -> NDArray[np.int64]:
        # (a text can open with a title only at an opening mark or white space: ``\s``
        # is what ``str.isspace`` says it is)
        found = (
            _TITLE.match(text) if text[:1] in _OPENING or text[:1].isspace() else None
            for text in texts
        )
        return np.array(
            [numbers.setdefault(m.group(1), len(numbers)) if m else -1 for m in found],
            dtype=np.int64,
        )

    return ids(old_texts), ids(new_texts)


def named_apart(old: NDArray[np.int64], new: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether two nodes (:func:`title_ids` ``old`` and ``new``, broadcast) both open with a
    title and the titles differ."""
    result: NDArray[np.bool_] = (old >= 0) & (new >= 0) & (old != new)
    return result
