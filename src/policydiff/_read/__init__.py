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
from ._sniff import Format, sniff
from ._text import ENCODINGS, decode, encoding_name

__all__ = ["ENCODINGS", "Format", "Loaded", "decode", "encoding_name", "load", "sniff"]

Source = str | bytes | os.PathLike[str]


@attrs.frozen
class Loaded:
    """A document's text and the name it is known by (its file name), if any, made safe to
    show (:func:`policydiff._io.safe_name`)."""

    text: str
    name: str | None


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
    >>> load("一、总则".encode("gb18030"), name="a.txt")
    Loaded(text='一、总则', name='a.txt')
    >>> print(load(b"ok", name="\\x1b[31mred.txt").name)
    \\x1b[31mred.txt
    """
    if encoding is not None:
        encoding = encoding_name(encoding)
    shown = None if name is None else safe_name(name)
    if isinstance(source, bytes):
        return Loaded(_decode(source, shown or "<bytes>", encoding), shown)
    if isinstance(source, os.PathLike) or looks_like_path(source):
        path = os.fspath(source)
        data = read_bytes(path)
        return Loaded(
            _decode(data, safe_name(path), encoding), shown or safe_name(os.path.basename(path))
        )
    return Loaded(source, shown)


def _decode(data: bytes, source: str, encoding: str | None) -> str:
    found = sniff(data)
    if found not in ("text", "html"):
        raise InputError(
            source, f"it is a {_NAMES[found]}, which policydiff cannot read yet; save it as text"
        )
    return decode(data, source=source, encoding=encoding)


_NAMES = {"pdf": "PDF", "docx": "Word document", "doc": "Word 97 document"}
