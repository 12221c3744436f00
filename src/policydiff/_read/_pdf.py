"""PDF files: their text layer and tables."""

from __future__ import annotations

from ..errors import InputError
from ._formats import Read

__all__ = ["read_pdf"]


def read_pdf(data: bytes, *, source: str) -> Read:
    """The text and tables of a PDF file's bytes."""
    raise InputError(source, "it is a PDF, which policydiff cannot read yet; save it as text")
