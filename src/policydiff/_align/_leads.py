"""Leads: what each node of a document says it is about, for the sibling pass.

A node's lead is its heading when few nodes share it, else its opening sentence (its second
when many nodes open alike, ``各位代表!``), cut short: what a reader scans to tell siblings
apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import AlignOptions, Node


def _telling_headings(nodes: Sequence[Node], *, most: int) -> list[str]:
    """Each node's heading, or ``""`` where more than ``most`` nodes of the document share it:
    a heading that opens many sections names none of them.

    >>> from policydiff import parse
    >>> nodes = list(parse("一、总则。甲。\\n二、要求。乙。\\n三、要求。丙。").walk())
    >>> _telling_headings(nodes, most=1)
    ['总则', '', '']
    """
    counts = Counter(node.heading for node in nodes)
    return [n.heading if counts[n.heading] <= most else "" for n in nodes]


def _leads(nodes: Sequence[Node], headings: Sequence[str], *, length: int, most: int) -> list[str]:
    """What each node says it is about: its heading (``headings``: the telling ones), else its
    first sentence cut to ``length`` characters, or its second where more than ``most`` nodes
    open with the same first sentence (``各位代表!``)."""
    openings: Counter[str] = Counter(n.sentences[0] for n in nodes if n.sentences)
    leads = []
    for node, heading in zip(nodes, headings, strict=True):
        sentences = node.sentences or (node.text,)
        first = sentences[0]
        if openings[first] > most:
            first = sentences[1] if len(sentences) > 1 else ""
        leads.append(heading or first[:length])
    return leads


def about(old: Sequence[Node], new: Sequence[Node], options: AlignOptions) -> tuple[Any, Any]:
    """Each side's :func:`_leads`, and which of its nodes have a telling heading."""
    most, length = options.rare_anchor, options.lead_length
    old_heads, new_heads = _telling_headings(old, most=most), _telling_headings(new, most=most)
    return (
        (
            _leads(old, old_heads, length=length, most=most),
            _leads(new, new_heads, length=length, most=most),
        ),
        (np.array([bool(h) for h in old_heads]), np.array([bool(h) for h in new_heads])),
    )
