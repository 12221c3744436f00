"""Read: from a path, bytes or text to a normalized, segmented :class:`~policydiff.model.Document`.

- :func:`read` — a path, ``bytes`` or ``str`` to a Document.
- :func:`parse` — a ``str`` to a Document.

The pipeline: decode → character normalization (:mod:`policydiff.normalize`) → body and
metadata (:mod:`policydiff.metadata`) → hard-wrap repair → segmentation
(:mod:`policydiff.segment`) with quantities (:mod:`policydiff.extract`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import extract, metadata, normalize, segment
from .errors import InputError
from .model import Document, Quantity, RemovedLine

__all__ = ["parse", "read"]

_BLOCK_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇两\d]+[章节条]|[一二三四五六七八九十]+[、.]|"
    r"\([一二三四五六七八九十\d]+\)|\d{1,3}[.、](?!\d)|[\u2460-\u2473])"
)


def read(source: str | bytes | os.PathLike[str], *, name: str | None = None) -> Document:
    """Read a document from a path, its bytes, or its text.

    A ``str`` is taken for a path when it holds no line break and names an existing file or
    looks like one (a file suffix such as ``.txt``, or a leading ``/`` or ``./``): a mistyped
    path raises :class:`~policydiff.errors.InputError` instead of being read as a one-line
    document.
    Anything else is the document's text. ``bytes`` are decoded as UTF-8, UTF-8/UTF-16 with a
    BOM, or GB18030/GBK. ``name`` overrides the recorded ``source``.

    >>> doc = read("一、总体情况\\n全年公开1136条。")
    >>> [node.path for node in doc.walk()]
    ['1']
    """
    if isinstance(source, bytes):
        return parse(normalize.decode(source, source=name or "<bytes>"), source=name)
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(os.fspath(source))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(str(path), "no such file; check the path") from None
        except IsADirectoryError:
            raise InputError(str(path), "it is a directory; give a document file") from None
        except OSError as err:
            raise InputError(str(path), err.strerror or str(err)) from None
        return parse(normalize.decode(data, source=str(path)), source=name or path.name)
    return parse(source, source=name)


_PATH_LIKE = re.compile(r"^[^\n]{1,4096}$")
_SUFFIX = re.compile(r"\.(?:txt|text|md|html?|json|csv)$", re.IGNORECASE)


def _looks_like_path(text: str) -> bool:
    if not _PATH_LIKE.match(text):
        return False
    if _SUFFIX.search(text) or text.startswith(("/", "./", "../", "~", ".\\")):
        return True
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def parse(text: str, *, source: str | None = None) -> Document:
    """Normalize and segment a document's text. Never raises on any ``str``.

    >>> doc = parse("關於會(huì)議的通知\\n一、總體情況。全年公開1136條。")
    >>> doc.script, doc.title, doc.nodes[0].heading, doc.nodes[0].text
    ('traditional', '关于会议的通知', '总体情况', '全年公开1136条。')
    """
    script = normalize.detect_script(text)
    tracked = normalize.normalize_tracked(
        normalize.Tracked.of(text), simplify=script == "traditional"
    )
    width = normalize.wrap_width(tracked.text)
    lines = metadata.split_body(tracked.text, opens_section=segment.block_marker, wrap_width=width)
    removed: list[RemovedLine] = []
    deletions: list[tuple[int, int]] = []
    for line in lines:
        if line.reason is None:
            continue
        start, end = line.start, line.end
        original = (
            (int(tracked.origin[start]), int(tracked.origin[end - 1]) + 1)
            if end > start
            else (0, 0)
        )
        removed.append(RemovedLine(text=line.text, span=original, reason=line.reason))
        deletions.append((start, min(end + 1, len(tracked.text))))
    body = tracked.delete(deletions)
    body = normalize.unwrap_tracked(body, width=width, starts_block=_BLOCK_START)
    body = normalize.tidy_tracked(body)
    meta = metadata.read_metadata(lines, body.text)
    year = int(meta.date[:4]) if meta.date else None

    def finder(chunk: str, offset: int) -> tuple[Quantity, ...]:
        return extract.quantities(chunk, year=year, offset=offset)

    nodes = segment.segment(body.text, quantities=finder)
    return Document(
        text=body.text,
        nodes=nodes,
        original=text,
        offsets=body.offset_map(),
        removed=tuple(removed),
        source=source,
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        subject=meta.subject,
        consulted=meta.consulted,
        reference=meta.reference,
        script=script,
    )
