"""Errors raised by policydiff.

Every error derives from :class:`PolicyDiffError` and also from the builtin it resembles, so
callers can catch either (``except policydiff.DecodeError`` or ``except ValueError``). Messages
name the input, show the bad value with ``!r`` and say how to fix it.
"""

from __future__ import annotations

__all__ = ["DecodeError", "InputError", "MissingExtraError", "PolicyDiffError"]


class PolicyDiffError(Exception):
    """Base class of every error policydiff raises on purpose."""


class DecodeError(PolicyDiffError, ValueError):
    """Bytes that none of the supported encodings decodes.

    >>> err = DecodeError("doc.txt", ("utf-8", "gb18030"))
    >>> print(err)
    cannot decode 'doc.txt' as any of utf-8, gb18030; re-save it as UTF-8 and try again
    """

    def __init__(self, source: str, encodings: tuple[str, ...]) -> None:
        self.source = source
        self.encodings = encodings
        super().__init__(
            f"cannot decode {source!r} as any of {', '.join(encodings)}; "
            "re-save it as UTF-8 and try again"
        )


class InputError(PolicyDiffError, FileNotFoundError):
    """A document path that does not exist or cannot be read."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"cannot read {source!r}: {reason}")


class MissingExtraError(PolicyDiffError, ImportError):
    """An optional dependency that a feature needs is not installed.

    >>> print(MissingExtraError("pandas", "pandas"))
    this feature needs pandas: pip install 'policydiff[pandas]'
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"this feature needs {package}: pip install 'policydiff[{extra}]'")
