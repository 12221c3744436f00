"""Names: lead agencies and cited documents one side names and the other does not."""

from __future__ import annotations

from collections.abc import Callable

from .._text import CITATION
from ..model import Alignment, Document, NameChange, Node

__all__ = ["agencies", "citations"]


def _names(
    old: Document,
    new: Document,
    alignment: Alignment,
    names_of: Callable[[Node], tuple[str, ...]],
) -> tuple[NameChange, ...]:
    """Names (agencies or citations) one side gives a node and its counterpart does not."""
    # each node's names, read once (a long document has tens of thousands of nodes)
    # (only the nodes that name any: most name none)
    old_names = {n.path: names for n in old.walk() if (names := names_of(n))}
    new_names = {n.path: names for n in new.walk() if (names := names_of(n))}
    if not old_names and not new_names:
        return ()
    linked_old = {link.old: link.new for link in alignment.links}
    linked_new = {link.new: link.old for link in alignment.links}
    out: list[NameChange] = []
    old_all = {name for names in old_names.values() for name in names}
    new_all = {name for names in new_names.values() for name in names}
    sides = (
        ("added", new_names, linked_new, old_names, old_all),
        ("dropped", old_names, linked_old, new_names, new_all),
    )
    for change, named, linked, others, other_all in sides:
        for path, names in named.items():
            if not names:
                continue
            counterpart = linked.get(path)
            elsewhere = set(others.get(counterpart, ())) if counterpart else other_all
            for name in dict.fromkeys(names):
                if name not in elsewhere and (counterpart is not None or name not in other_all):
                    old_path, new_path = (
                        (counterpart, path) if change == "added" else (path, counterpart)
                    )
                    out.append(NameChange(change, name, old_path, new_path))  # type: ignore[arg-type]
    return tuple(out)


def _agencies_of(node: Node) -> tuple[str, ...]:
    return node.agencies


def _citations_of(node: Node) -> tuple[str, ...]:
    if "《" not in node.text and "《" not in node.heading:
        return ()  # (most nodes cite nothing: no need to join heading and text to search)
    return tuple(CITATION.findall(node.own_text))


def agencies(old: Document, new: Document, alignment: Alignment) -> tuple[NameChange, ...]:
    """Lead agencies a node names and its counterpart (or, unlinked, the other side) does not."""
    return _names(old, new, alignment, _agencies_of)


def citations(old: Document, new: Document, alignment: Alignment) -> tuple[NameChange, ...]:
    """Cited documents (《…》) a node names and its counterpart does not."""
    return _names(old, new, alignment, _citations_of)
