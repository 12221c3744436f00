"""Read: a document's path or bytes to its decoded text, by what the bytes are.

- :func:`load` — a path (``str`` or ``PathLike``) or ``bytes`` to a :class:`Loaded` text with
  its name.
- :func:`decode` — the bytes of a plain-text document to ``str`` (encoding detected, or
  given; refused with the offset of the first bad byte).
- :func:`sniff` — the format of some bytes (text, PDF, Word, web page), by content.

This stage only turns input into text; :mod:`policydiff._api` then normalizes and segments
it. Each format has its reader (:func:`read_pdf`, :func:`read_docx`, :func:`read_html`, plain
text), chosen by the bytes' content, not the file name; each gives a :class:`Read`: the
running text, the tables apart, where each stretch came from, and the metadata the file
states.
"""

from __future__ import annotations

import os

import attrs

from .._io import read_bytes, safe_name
from ..errors import InputError
from ..model import Table
from ._docno import unify_brackets
from ._docx import read_docx
from ._formats import Marked, Place, Read
from ._html import read_html
from ._pdf import read_pdf
from ._sniff import Format, sniff
from ._text import ENCODINGS, decode, encoding_name

__all__ = [
    "ENCODINGS",
    "Format",
    "Loaded",
    "Marked",
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
    the text (``tables``, ``places``, ``metadata``, ``marked``: see :class:`Read`)."""

    text: str
    name: str | None
    tables: tuple[Table, ...] = ()
    places: tuple[Place, ...] = ()
    metadata: dict[str, str] = attrs.field(factory=dict)
    marked: tuple[Marked, ...] = ()


def load(source: Source, *, name: str | None = None, encoding: str | None = None) -> Loaded:
    """The text of a document given as a path or its bytes.

    A ``str`` is always a path, as in :mod:`pathlib`: a string that names no file (a
    document's text, a mistyped path, a folder) raises :class:`~policydiff.errors.InputError`
    pointing to :func:`policydiff.parse`, which takes text. ``name`` overrides the recorded
    name (by default a path's file name); either way, control characters in it (a
    terminal's escape sequences, bidirectional overrides) are shown as escapes, so the name
    can be printed and written into a changelog safely. ``encoding`` names the encoding of a
    path's or bytes' content (by default it is detected, see :func:`decode`).

    >>> load("一、总则。")
    Traceback (most recent call last):
    ...
    policydiff.errors.InputError: cannot read '一、总则。': no such file; check the path \
(for a document's text, use parse())
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
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        data = read_bytes(path)
        return _loaded(
            _decode(data, safe_name(path), encoding), shown or safe_name(os.path.basename(path))
        )
    raise TypeError(
        f"a document is a path or bytes, not {type(source).__name__}; for text, use parse()"
    )


def _loaded(read: Read, name: str | None) -> Loaded:
    """``read`` as loaded: the year brackets of document numbers in its text, tables and
    metadata written alike whatever the format (:func:`unify_brackets`)."""
    tables = tuple(
        attrs.evolve(
            table,
            rows=tuple(tuple(unify_brackets(cell) for cell in row) for row in table.rows),
            caption=unify_brackets(table.caption),
        )
        for table in read.tables
    )
    metadata = {key: unify_brackets(value) for key, value in read.metadata.items()}
    return Loaded(unify_brackets(read.text), name, tables, read.places, metadata, read.marked)


#: The name of the OLE stream that holds an encrypted Office package, as OLE writes names.
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def _decode(data: bytes, source: str, encoding: str | None) -> Read:
    """The bytes read by the reader of their format (:func:`sniff`)."""
    found = sniff(data)
    if found == "pdf":
        return read_pdf(data, source=source)
    if found == "docx":
        return read_docx(data, source=source)
    if found == "html":
        return read_html(data, source=source, encoding=encoding)
    if found == "doc" and _ENCRYPTED_OOXML in data:
        # A password-protected .docx (or .xlsx) is an OLE file holding the encrypted package
        # (MS-OFFCRYPTO), not a Word 97 document.
        raise InputError(
            source,
            "it is a password-protected Office file; remove the password in Word "
            "(File > Info > Protect Document) and save it again",
        )
    if found == "doc":
        raise InputError(
            source,
            "it is an old binary Word 97 document, which policydiff cannot read; "
            "save it as .docx or as text",
        )
    return Read(decode(data, source=source, encoding=encoding))
