"""Files: telling a path from a text, reading bytes with clear errors, writing atomically.

- :func:`read_bytes` — a file's bytes, or an :class:`~policydiff.errors.InputError` saying why.
- :func:`documents_in` — the document files of a folder, in name order, and the entries
  skipped (hidden, folders, links that are broken or lead out of the folder), with reasons.
- :func:`write_atomic` — write a file through a temporary file and a rename (through a
  symbolic link to its file; straight into a device, a FIFO or ``/dev/stdout``).
- :func:`remove_temporaries` — the temporary files a killed :func:`write_atomic` left.
- :func:`safe_name` — a name with its control characters shown as escapes, safe to print.
- :func:`slug` — a file name made safe, and short enough, to build another file name from.
- :func:`bounded` — a name cut to a number of UTF-8 bytes, with a hash of the whole.
- :func:`sample_path` — where a bundled sample document is.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

from .errors import InputError

__all__ = [
    "NAME_MAX",
    "SKIPPED",
    "SLUG_BYTES",
    "bounded",
    "documents_in",
    "read_bytes",
    "remove_temporaries",
    "safe_name",
    "sample_path",
    "slug",
    "write_atomic",
]

#: The longest file name, in bytes, most file systems allow (ext4, XFS, APFS, NTFS in UTF-16
#: units): a longer one fails with ``ENAMETOOLONG``.
NAME_MAX = 255

#: How the reason of an entry :func:`documents_in` skipped begins (an index lists them apart
#: from the documents that could not be read).
SKIPPED = "skipped: "


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``; an :class:`InputError` that says what is wrong.

    >>> read_bytes("no/such/file.txt")
    Traceback (most recent call last):
    ...
    policydiff.errors.InputError: cannot read 'no/such/file.txt': no such file; check the path \
(for a document's text, use parse())
    """
    name = os.fspath(path)
    shown = safe_name(name if len(name) <= _SHOWN else name[: _SHOWN - 1] + "…")
    hint = " (for a document's text, use parse())"
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError(shown, "no such file; check the path" + hint) from None
    except IsADirectoryError:
        raise InputError(shown, "it is a folder, not a document file" + hint) from None
    except ValueError:  # an embedded NUL character
        raise InputError(shown, "this is no file name" + hint) from None
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise InputError(shown, "this is no file name: it is too long" + hint) from None
        raise InputError(shown, err.strerror or str(err)) from None


#: A path longer than this is shown cut short in an error (a document's text given as a path).
_SHOWN = 80


def documents_in(folder: str | os.PathLike[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files of ``folder`` that may be documents, in name order, and the entries skipped,
    each with the reason.

    Skipped: hidden entries (a name that starts with a dot), folders (not searched), what is
    not a regular file (a FIFO would block the run), and symbolic links that are broken or
    lead out of ``folder`` (a link must not make a run read what its folder does not hold).
    A link to a file inside the folder is a document.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.txt", "a.txt", ".draft.txt"):
    ...         _ = Path(tmp, name).write_text("一、总则", encoding="utf-8")
    ...     found, skipped = documents_in(tmp)
    ...     [p.name for p in found], [(p.name, why) for p, why in skipped]
    (['a.txt', 'b.txt'], [('.draft.txt', 'skipped: hidden (its name starts with a dot)')])
    """
    home = Path(os.path.realpath(folder))
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in sorted(Path(folder).iterdir()):
        reason = _skip_reason(path, home)
        if reason is None:
            found.append(path)
        else:
            skipped.append((path, SKIPPED + reason))
    return found, skipped


def _skip_reason(path: Path, home: Path) -> str | None:
    """Why the entry ``path`` of the folder ``home`` (resolved) is no document; ``None`` for
    a document."""
    if path.name.startswith("."):
        return "hidden (its name starts with a dot)"
    try:
        if path.is_symlink():
            target = safe_name(os.readlink(path))
            real = Path(os.path.realpath(path))
            if not real.exists():
                return f"a symbolic link to {target!r}, which does not exist"
            if os.path.commonpath([home, real]) != str(home):
                return f"a symbolic link to {target!r}, outside the folder (not followed)"
        mode = path.stat().st_mode
    except (OSError, ValueError) as err:
        return f"cannot examine it ({getattr(err, 'strerror', None) or err})"
    if stat.S_ISDIR(mode):
        return "a folder (folders inside are not searched)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, a socket or a device)"
    return None


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` to ``path`` (UTF-8; ``bytes`` as they are, a Word or Excel file) so
    that a failed run never leaves half a file.

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
    data = text.encode("utf-8") if isinstance(text, str) else text
    if direct:
        with open(target, "ab") as handle:
            handle.write(data)
        return
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a directory; give a file name", str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(target.name), suffix=".tmp",
                                   dir=target.parent)  # fmt: skip
    except OSError as err:  # name the file asked for, not the temporary one
        raise OSError(err.errno, err.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: A temporary file of :func:`write_atomic`: ``.NAME.XXXXXXXX.tmp`` (``mkstemp``'s eight
#: random characters), NAME the file's name, cut short (ending in ``~``) where need be.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
#: What a temporary name adds to the prefix: ``mkstemp``'s eight characters and ``.tmp``.
_TEMPORARY_TAIL = 12


def _temporary_prefix(name: str) -> str:
    """``.NAME.``, with NAME cut (and marked ``~``) so that the temporary file's name is no
    longer than :data:`NAME_MAX` bytes even when ``name`` itself is nearly that long."""
    prefix = f".{name}."
    room = NAME_MAX - _TEMPORARY_TAIL
    if len(_utf8(prefix)) <= room:
        return prefix
    return f".{_cut(name, room - 3)}~."


def remove_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that :func:`write_atomic` leaves in ``folder`` when its
    process is killed between writing and renaming; the files removed.

    Only regular files named as :func:`write_atomic` names them (``.NAME.XXXXXXXX.tmp``)
    are touched. Call it on a folder no other run is writing to (a corpus run holds a lock on
    its output folder).
    """
    removed = []
    for path in sorted(Path(folder).iterdir()):
        if _TEMPORARY.fullmatch(path.name) and stat.S_ISREG(path.lstat().st_mode):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


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


#: The longest :func:`slug`, in UTF-8 bytes: two of them, ``--``, a hash to tell apart pairs
#: that share a name, a suffix and a temporary file's additions stay within :data:`NAME_MAX`.
SLUG_BYTES = 96


def slug(name: str | None, *, max_bytes: int = SLUG_BYTES) -> str:
    """A document's file name, without its suffix, made safe for another file's name: no
    characters a file name or a terminal would trip on, at most ``max_bytes`` bytes of
    UTF-8 (a longer one is cut, and ends in a hash of the whole, :func:`bounded`).

    >>> slug("2024 年 报告.txt"), slug(None)
    ('2024_年_报告', 'document')
    >>> long = slug("关于" * 100 + ".txt")
    >>> len(long.encode()), long[-9:]
    (96, '-66b2088f')
    """
    stem = Path(name or "document").stem
    return bounded(re.sub(r"[^\w\-.]+", "_", stem).strip("_") or "document", max_bytes)


def bounded(name: str, max_bytes: int) -> str:
    """``name`` if its UTF-8 is at most ``max_bytes`` bytes; else its start, cut at a
    character, then ``-`` and eight hex digits of a hash of the whole name (the same on every
    run, and different for names that share their start).

    >>> bounded("a" * 30, 20)
    'aaaaaaaaaaa-3a54fc0c'
    >>> bounded("short", 20)
    'short'
    """
    data = _utf8(name)
    if len(data) <= max_bytes:
        return name
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{_cut(name, max_bytes - 9)}-{digest}"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape" if _ESCAPED.search(text) else "surrogatepass")


_ESCAPED = re.compile("[\udc80-\udcff]")


def _cut(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` whose UTF-8 is at most ``max_bytes`` bytes."""
    size = 0
    for at, char in enumerate(text):
        size += len(_utf8(char))
        if size > max_bytes:
            return text[:at]
    return text


def safe_name(name: str) -> str:
    """``name`` with every character a terminal or a page could act on shown as an escape:
    control characters (``ESC`` starts a terminal's escape sequences), format characters
    (bidirectional overrides and isolates reorder what is shown), line and paragraph
    separators, and the lone surrogates that stand for undecodable bytes of a file name
    (shown as the byte, ``\\xff``).

    >>> print(safe_name("\\x1b[2Jreport\\u202egpj.txt"))
    \\x1b[2Jreport\\u202egpj.txt
    >>> safe_name("报告 2024.txt")
    '报告 2024.txt'
    """
    if name.isprintable():
        return name
    return "".join(_escape(char) for char in name)


def _escape(char: str) -> str:
    code = ord(char)
    if char.isprintable() or unicodedata.category(char) in ("Zs", "Co", "Cn"):
        return char
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def sample_path(name: str) -> Path:
    """The path of a bundled sample document (installed package or source checkout)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "samples", here.parents[1] / "samples"):
        if (folder / name).is_file():
            return folder / name
    raise InputError(name, "this bundled sample is missing; reinstall policydiff")
