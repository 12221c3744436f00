"""Read: a document's bytes, path or text to its decoded text, by what the bytes are.

- :func:`load` — a path, ``bytes`` or ``str`` to a :class:`Loaded` text with its name.
- :func:`decode` — the bytes of a plain-text document to ``str`` (encoding detected, or
  given; refused with the offset of the first bad byte).
- :func:`sniff` — the format of some bytes (text, PDF, Word, web page), by content.

This stage only turns input into text; :mod:`policydiff._api` then normalizes and segments
it. PDF and Word files are recognised by their content and refused with a clear error rather
than decoded as junk; a saved web page is read as its text, markup and all.
"""

from __future__ import annotations

import os

import attrs

from .._io import looks_like_path, read_bytes, safe_name
from ..errors import InputError
from ..model import Table
from ._docx import read_docx
from ._formats import Place, Read
from ._html import read_html
from ._pdf import read_pdf
from ._sniff import Format, sniff
from ._text import ENCODINGS, decode, encoding_name

__all__ = [
    "ENCODINGS",
    "Format",
    "Loaded",
    "Place",
    "Read",
    "decode",
    "encoding_name",
    "load",
    "sniff",
]

Source = str | bytes | os.PathLike[str]


@attrs.frozen
class Loaded:
    """A document's text and the name it is known by (its file name), if any, made safe to
    show (:func:`policydiff._io.safe_name`), with what a file format's reader found beside
    the text (``tables``, ``places``, ``metadata``: see :class:`Read`)."""

    text: str
    name: str | None
    tables: tuple[Table, ...] = ()
    places: tuple[Place, ...] = ()
    metadata: dict[str, str] = attrs.field(factory=dict)


def load(source: Source, *, name: str | None = None, encoding: str | None = None) -> Loaded:
    """The text of a document given as a path, its bytes, or its text.

    A ``str`` is taken for a path when :func:`policydiff._io.looks_like_path` says so (a
    mistyped path is an error, not a one-line document); anything else is the text itself.
    ``name`` overrides the recorded name (by default a path's file name); either way, control
    characters in it (a terminal's escape sequences, bidirectional overrides) are shown as
    escapes, so the name can be printed and written into a changelog safely. ``encoding``
    names the encoding of a path's or bytes' content (by default it is detected, see
    :func:`decode`).

    >>> load("一、总则。全年公开1136条。").text
    '一、总则。全年公开1136条。'
    >>> loaded = load("一、总则".encode("gb18030"), name="a.txt")
    >>> loaded.text, loaded.name
    ('一、总则', 'a.txt')
    >>> print(load(b"ok", name="\\x1b[31mred.txt").name)
    \\x1b[31mred.txt
    """
    if encoding is not None:
        encoding = encoding_name(encoding)
    shown = None if name is None else safe_name(name)
    if isinstance(source, bytes):
        return _loaded(_decode(source, shown or "<bytes>", encoding), shown)
    if isinstance(source, os.PathLike) or looks_like_path(source):
        path = os.fspath(source)
        data = read_bytes(path)
        return _loaded(
            _decode(data, safe_name(path), encoding), shown or safe_name(os.path.basename(path))
        )
    return Loaded(source, shown)


def _loaded(read: Read, name: str | None) -> Loaded:
    return Loaded(read.text, name, read.tables, read.places, read.metadata)


def _decode(data: bytes, source: str, encoding: str | None) -> Read:
    """The bytes read by the reader of their format (:func:`sniff`)."""
    found = sniff(data)
    if found == "pdf":
        return read_pdf(data, source=source)
    if found == "docx":
        return read_docx(data, source=source)
    if found == "html":
        return read_html(data, source=source, encoding=encoding)
    if found == "doc":
        raise InputError(
            source,
            "it is an old binary Word 97 document, which policydiff cannot read; "
            "save it as .docx or as text",
        )
    return Read(decode(data, source=source, encoding=encoding))
