"""Files: telling a path from a text, reading bytes with clear errors, writing atomically.

- :func:`looks_like_path` — whether a ``str`` given as a document is meant as a path.
- :func:`read_bytes` — a file's bytes, or an :class:`~policydiff.errors.InputError` saying why.
- :func:`documents_in` — the document files of a folder, in name order.
- :func:`write_atomic` — write a file through a temporary file and a rename (through a
  symbolic link to its file; straight into a device, a FIFO or ``/dev/stdout``).
- :func:`slug` — a file name made safe to build another file name from.
- :func:`sample_path` — where a bundled sample document is.
"""

from __future__ import annotations

import errno
import os
import re
import stat
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
    """Write ``text`` to ``path`` (UTF-8) so that a failed run never leaves half a file.

    A regular file is written through a temporary file beside it and a rename, and keeps its
    permissions. A symbolic link is written through: the file it points to is replaced so, and
    the link stays. What is not a regular file — a terminal, a FIFO, ``/dev/null``, and
    ``/dev/stdout`` or any other name of an open descriptor (``/dev/fd/N``,
    ``/proc/self/fd/N``) — is written to directly, as a shell's ``>>`` would: it cannot be
    replaced, and must not be (a rename over ``/dev/null`` replaces the device, and a file that
    standard output was redirected to would be swapped for one nobody reads).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_atomic(f"{folder}/out/changelog.md", "# 变化\\n")
    ...     print(Path(folder, "out", "changelog.md").read_text(encoding="utf-8"), end="")
    # 变化
    """
    target, direct = _destination(Path(path))
    if direct:
        with open(target, "a", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a directory; give a file name", str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:  # name the file asked for, not the temporary one
        raise OSError(err.errno, err.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Links followed before giving up, as the kernel does (Linux's MAXSYMLINKS).
_MAX_LINKS = 40


def _destination(path: Path) -> tuple[Path, bool]:
    """Where writing to ``path`` lands, and whether to write there directly.

    Links are followed one at a time so that a name of an open descriptor is noticed before
    it resolves to the descriptor's file (``/dev/stdout`` is a link to ``/proc/self/fd/1``,
    which is a link to whatever standard output is).
    """
    current = path
    for _ in range(_MAX_LINKS):
        if _names_a_descriptor(current):
            return current, True
        if not current.is_symlink():
            break
        current = current.parent / os.readlink(current)
    else:
        raise OSError(errno.ELOOP, "too many levels of symbolic links", str(path))
    try:
        mode = current.stat().st_mode
    except OSError:  # not there yet (it will be made), or the write will say what is wrong
        return current, False
    return current, not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _names_a_descriptor(path: Path) -> bool:
    """Whether ``path`` is in a folder of open descriptors (``/proc/<pid>/fd``, ``/dev/fd``)."""
    try:
        folder = Path(os.path.realpath(path.parent))
    except (OSError, ValueError):
        return False
    return folder.name == "fd" and folder.parts[1:2] in (("proc",), ("dev",))


def _mode_for(target: Path) -> int:
    """The permissions a rewritten file gets: its own, or for a new file those a plain
    ``open()`` would give (``mkstemp`` makes the file private)."""
    try:
        return stat.S_IMODE(target.stat().st_mode) & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
