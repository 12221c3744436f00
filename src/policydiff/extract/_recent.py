"""The quantities of the long texts read lately, kept for the next version of the document.

Two versions of a document repeat most of their paragraphs word for word: the second parse of
a diff reads them again. :class:`RecentReads` keeps what the last texts read gave, in the
order they were last asked for, up to a number of quantities in all (the oldest are let go
first), so that a paragraph read again costs a lookup and a shift of its spans. Each text's
quantities are kept as they were first returned — the very tuple the first document's node
holds — with the offset they were read at, so a kept read costs no memory while that
document lives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from ..model import Quantity


class RecentReads:
    """A bounded memory of reads: ``key → (quantities, offset)``, at most ``limit``
    quantities in all, the least recently asked for let go first; safe to share between
    threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._reads: OrderedDict[Hashable, tuple[tuple[Quantity, ...], int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, offset: int) -> tuple[Quantity, ...] | None:
        """What ``key`` gave, its spans moved to ``offset``; ``None`` when it is not kept."""
        with self._lock:
            kept = self._reads.get(key)
            if kept is None:
                return None
            self._reads.move_to_end(key)
        found, at = kept
        if at == offset:
            return found
        return tuple([q.shifted(offset - at) for q in found])

    def add(self, key: Hashable, found: tuple[Quantity, ...], offset: int) -> None:
        """Keep what ``key`` gave read at ``offset`` (a read larger than the limit is not
        kept)."""
        if len(found) > self.limit:
            return
        with self._lock:
            if (old := self._reads.pop(key, None)) is not None:
                self._held -= len(old[0])
            self._reads[key] = (found, offset)
            self._held += len(found)
            while self._held > self.limit:
                _, (gone, _) = self._reads.popitem(last=False)
                self._held -= len(gone)

    def clear(self) -> None:
        """Let every kept read go."""
        with self._lock:
            self._reads.clear()
            self._held = 0

    def __len__(self) -> int:
        return len(self._reads)
