"""Word ``.docx`` files: their paragraphs and tables."""

from __future__ import annotations

from ..errors import InputError
from ._formats import Read

__all__ = ["read_docx"]


def read_docx(data: bytes, *, source: str) -> Read:
    """The paragraphs and tables of a Word file's bytes."""
    raise InputError(
        source, "it is a Word document, which policydiff cannot read yet; save it as text"
    )
