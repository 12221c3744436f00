"""Files: telling a path from a text, reading bytes with clear errors, writing atomically.

- :func:`looks_like_path` — whether a ``str`` given as a document is meant as a path.
- :func:`read_bytes` — a file's bytes, or an :class:`~policydiff.errors.InputError` saying why.
- :func:`documents_in` — the document files of a folder, in name order.
- :func:`write_atomic` — write a file through a temporary file and a rename.
- :func:`slug` — a file name made safe to build another file name from.
- :func:`sample_path` — where a bundled sample document is.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["documents_in", "looks_like_path", "read_bytes", "sample_path", "slug", "write_atomic"]

_PATH_LIKE = re.compile(r"^[^\n]{1,4096}$")
_SUFFIX = re.compile(r"\.(?:txt|text|md|html?|json|csv|pdf|docx?)$", re.IGNORECASE)


def looks_like_path(text: str) -> bool:
    """Whether ``text`` names a file: one line that is an existing file or looks like a path
    (a document suffix such as ``.txt``, or a leading ``/``, ``./``, ``../``, ``~``).

    A mistyped path is then an error (:func:`read_bytes`), never read as a one-line document.

    >>> looks_like_path("reports/2024.txt"), looks_like_path("一、总则。全年公开1136条。")
    (True, False)
    """
    if not _PATH_LIKE.match(text):
        return False
    if _SUFFIX.search(text) or text.startswith(("/", "./", "../", "~", ".\\")):
        return True
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``; an :class:`InputError` that says what is wrong.

    >>> read_bytes("no/such/file.txt")
    Traceback (most recent call last):
    ...
    policydiff.errors.InputError: cannot read 'no/such/file.txt': no such file; check the path \
(for a document's text, use parse())
    """
    target = Path(os.fspath(path))
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise InputError(
            str(target), "no such file; check the path (for a document's text, use parse())"
        ) from None
    except IsADirectoryError:
        raise InputError(str(target), "it is a directory; give a document file") from None
    except OSError as err:
        raise InputError(str(target), err.strerror or str(err)) from None


def documents_in(folder: str | os.PathLike[str]) -> list[Path]:
    """The files of ``folder`` that may be documents (hidden files aside), in name order."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: a failed run never
    leaves half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        # mkstemp makes the file private; give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slug(name: str | None) -> str:
    """A document's file name, without its suffix, made safe for another file's name.

    >>> slug("2024 年 报告.txt"), slug(None)
    ('2024_年_报告', 'document')
    """
    stem = Path(name or "document").stem
    return re.sub(r"[^\w\-.]+", "_", stem).strip("_") or "document"


def sample_path(name: str) -> Path:
    """The path of a bundled sample document (installed package or source checkout)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "samples", here.parents[1] / "samples"):
        if (folder / name).is_file():
            return folder / name
    raise InputError(name, "this bundled sample is missing; reinstall policydiff")
