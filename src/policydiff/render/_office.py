"""What the Word and Excel writers share: text XML can hold, and files whose bytes depend on
their content only.

- :func:`xml_text` — document text without the characters XML 1.0 cannot hold.
- :func:`stable_zip` — an Office file (a zip) with every part dated :data:`FIXED`.
- :func:`deliver` — a written file's bytes, saved (atomically) where asked.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime, timezone

from .._io import write_atomic

__all__ = ["FIXED", "deliver", "stable_zip", "xml_text"]

#: The date a written Office file claims (its properties and its parts): fixed, so that the
#: same diff gives the same bytes on every run.
FIXED = datetime(2000, 1, 1, tzinfo=timezone.utc)

# What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a Word or Excel file is XML):
    python-docx and openpyxl refuse them.

    >>> xml_text("村卫生室\\x0b57万个\\x00")
    '村卫生室57万个'
    """
    return _NOT_XML.sub("", text)


# The dates of a file's core properties (openpyxl sets "modified" to the time it saves).
_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes) -> bytes:
    """An Office file (a zip) with every part, and its core properties' dates, dated
    :data:`FIXED`, so that its bytes depend on its content only, not on the moment it was
    written."""
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            part = source.read(info)
            if info.filename == "docProps/core.xml":
                part = _DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", part)
            target.writestr(fixed, part)
    return out.getvalue()


def deliver(data: bytes, path: str | os.PathLike[str] | None) -> bytes:
    """``data``, written first to ``path`` when one is given (atomically: a failed write
    never leaves half a file)."""
    if path is not None:
        write_atomic(path, data)
    return data
