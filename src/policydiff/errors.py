"""Errors raised by policydiff.

Every error derives from :class:`PolicyDiffError` and also from the builtin it resembles, so
callers can catch either (``except policydiff.DecodeError`` or ``except ValueError``). Messages
name the input, show the bad value with ``!r`` and say how to fix it.
"""

from __future__ import annotations

import difflib

__all__ = [
    "DecodeError",
    "InputError",
    "MissingExtraError",
    "OptionError",
    "PolicyDiffError",
    "SeriesError",
    "UnknownOptionError",
]


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


class SeriesError(PolicyDiffError, ValueError):
    """A series of documents that cannot be followed as one (fewer than two, say)."""


class OptionError(PolicyDiffError, ValueError):
    """An option given a value outside its allowed range.

    >>> print(OptionError("AlignOptions", "threshold", 7, "a number from 0 to 1"))
    AlignOptions option 'threshold' is 7; it must be a number from 0 to 1
    """

    def __init__(self, owner: str, option: str, value: object, allowed: str) -> None:
        self.owner = owner
        self.option = option
        self.value = value
        self.allowed = allowed
        super().__init__(f"{owner} option {option!r} is {value!r}; it must be {allowed}")


class UnknownOptionError(PolicyDiffError, TypeError):
    """A keyword that names no option of the function it was given to.

    >>> print(UnknownOptionError("diff()", "treshold", ("threshold", "containment")))
    diff() has no option 'treshold' (did you mean 'threshold'?); its options are containment, \
threshold
    """

    def __init__(self, function: str, option: str, known: tuple[str, ...]) -> None:
        self.function = function
        self.option = option
        close = difflib.get_close_matches(option, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        super().__init__(
            f"{function} has no option {option!r}{hint}; its options are {', '.join(sorted(known))}"
        )
