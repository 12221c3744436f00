"""Plain text: bytes to ``str`` in the encodings Chinese government sites really serve."""

from __future__ import annotations

import codecs

from ..errors import DecodeError

__all__ = ["ENCODINGS", "decode"]

#: Encodings tried, in order, for bytes without a byte-order mark.
ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode the bytes of a text document.

    A byte-order mark decides UTF-8/16/32; otherwise UTF-8 is tried, then GB18030 (a superset
    of GBK and GB2312). Raises :class:`~policydiff.errors.DecodeError` naming what was tried.

    >>> decode("卫生".encode("gb18030"))
    '卫生'
    >>> decode(b"\\xef\\xbb\\xbfok")
    'ok'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise DecodeError(source, (encoding,)) from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DecodeError(source, ENCODINGS)
