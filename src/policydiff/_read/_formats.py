"""What a reader of one file format gives back: the document's text with its tables and places."""

from __future__ import annotations

import attrs

from ..model import Table

__all__ = ["Marked", "Place", "Read"]

#: A stretch of a reader's text that is no part of the document's body, with the reason:
#: ``((start, end), reason)``, e.g. a PDF's running head ``((120, 129), "page furniture")``.
Marked = tuple[tuple[int, int], str]

#: Where a stretch of a reader's text came from: ``(offset in the text where it starts, label)``,
#: the label as a reader shows it (``p.3``, ``¶12``, ``div#zoom > p[4]``).
Place = tuple[int, str]


@attrs.frozen
class Read:
    """A document as one reader read it.

    ``text`` is its running text, one paragraph a line, as plain text would give it; tables
    are not in it but in ``tables`` (their ``key`` set in document order). ``places`` say
    where each stretch of ``text`` came from, in increasing offset order (empty for plain
    text). ``metadata`` holds what the file itself states about the document, by
    :class:`~policydiff.model.Document` field name (``title``, ``issuer``, ``date``,
    ``reference`` …); it overrides what is read from the text. ``marked`` are whole lines of
    ``text`` the reader knows are no body (a PDF's page numbers and running heads and feet):
    they are kept in the text and removed by parsing with the reader's reason, so nothing
    of the file is lost and none of it reads as the body.
    """

    text: str
    tables: tuple[Table, ...] = ()
    places: tuple[Place, ...] = ()
    metadata: dict[str, str] = attrs.field(factory=dict)
    marked: tuple[Marked, ...] = ()
