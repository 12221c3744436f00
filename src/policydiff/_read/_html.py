"""Saved web pages: the document's body inside the site's chrome, its tables and metadata."""

from __future__ import annotations

from ._formats import Read
from ._text import decode

__all__ = ["read_html"]


def read_html(data: bytes, *, source: str, encoding: str | None = None) -> Read:
    """The body text, tables and metadata of a web page's bytes."""
    return Read(decode(data, source=source, encoding=encoding))
