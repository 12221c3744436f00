"""Errors raised by policydiff.

Every error derives from :class:`PolicyDiffError` and also from the builtin it resembles, so
callers can catch either (``except policydiff.DecodeError`` or ``except ValueError``). Messages
name the input, show the bad value with ``!r`` and say how to fix it.
"""

from __future__ import annotations

import difflib

__all__ = [
    "DecodeError",
    "DecodeWarning",
    "EmptyDocumentWarning",
    "InputError",
    "MissingExtraError",
    "OptionError",
    "OutputError",
    "PolicyDiffError",
    "SeriesError",
    "SeriesWarning",
    "UnknownOptionError",
]


class PolicyDiffError(Exception):
    """Base class of every error policydiff raises on purpose."""


class DecodeError(PolicyDiffError, ValueError):
    """Bytes that none of the supported encodings decodes.

    ``failures`` names, for each encoding tried, the offset of the first byte it could not
    decode (``None`` where that is not known), so the bad bytes can be found.

    >>> err = DecodeError("doc.txt", ("utf-8", "gb18030"))
    >>> print(err)
    cannot decode 'doc.txt' as any of utf-8, gb18030; re-save it as UTF-8 and try again
    >>> print(DecodeError("doc.txt", ("big5",), failures=((1200, b"\\xff"),)))
    cannot decode 'doc.txt' as big5 (byte 1200, b'\\xff', is not big5); \
re-save it as UTF-8, or give its encoding (--encoding, encoding=)
    """

    def __init__(
        self,
        source: str,
        encodings: tuple[str, ...],
        *,
        failures: tuple[tuple[int, bytes] | None, ...] = (),
    ) -> None:
        self.source = source
        self.encodings = encodings
        self.failures = failures
        where = [
            f"byte {found[0]}, {found[1]!r}, is not {encoding}"
            for encoding, found in zip(encodings, failures, strict=False)
            if found is not None
        ]
        tried = f"as {encodings[0]}" if len(encodings) == 1 else f"as any of {', '.join(encodings)}"
        if not where:
            super().__init__(f"cannot decode {source!r} {tried}; re-save it as UTF-8 and try again")
            return
        super().__init__(
            f"cannot decode {source!r} {tried} ({'; '.join(where)}); "
            "re-save it as UTF-8, or give its encoding (--encoding, encoding=)"
        )


class DecodeWarning(UserWarning):
    """A text decoded with a few bytes replaced by U+FFFD (a UTF-8 file with damaged bytes).

    ``offsets`` are the positions of the bytes replaced, so they can be found and fixed.

    >>> print(DecodeWarning("doc.txt", "utf-8", (1200,)))
    'doc.txt': byte 1200 is not utf-8; read as U+FFFD (fix that byte, or give the file's \
encoding with --encoding or encoding=)
    """

    def __init__(self, source: str, encoding: str, offsets: tuple[int, ...]) -> None:
        self.source = source
        self.encoding = encoding
        self.offsets = offsets
        shown = ", ".join(str(offset) for offset in offsets[:5])
        more = f" and {len(offsets) - 5} more" if len(offsets) > 5 else ""
        which = f"byte {shown} is" if len(offsets) == 1 else f"bytes {shown}{more} are"
        super().__init__(
            f"{source!r}: {which} not {encoding}; read as U+FFFD (fix "
            f"{'that byte' if len(offsets) == 1 else 'those bytes'}, or give the file's "
            "encoding with --encoding or encoding=)"
        )


class EmptyDocumentWarning(UserWarning):
    """A document with no body text (an empty file, or a page that is all site chrome): a
    diff against it reports everything as added or dropped. The message is also kept in
    :attr:`Document.warnings <policydiff.model.Document.warnings>`."""


class InputError(PolicyDiffError, FileNotFoundError):
    """A document path that does not exist or cannot be read."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"cannot read {source!r}: {reason}")


class OutputError(PolicyDiffError, OSError):
    """An output path that cannot be written: a file where a folder is needed, a folder that
    cannot be made or written to, or one that another run is writing to.

    >>> print(OutputError("out", "it is a file; give a folder for the changelogs"))
    cannot write to 'out': it is a file; give a folder for the changelogs
    """

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__(f"cannot write to {target!r}: {reason}")


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


class SeriesWarning(UserWarning):
    """A series of documents followed with a caveat: given out of year order (and sorted),
    two documents of one year, or a document that shares almost nothing with the others."""


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
