"""Plain text: bytes to ``str`` in the encodings Chinese government sites really serve, and in
the others a document may come in (Big5, Shift-JIS, ...), detected or refused.

How bytes are decoded, first rule that applies:

1. a byte-order mark decides UTF-8/16/32;
2. an ``encoding`` given by the caller is used, strictly: a byte it cannot decode is refused
   with its offset;
3. valid UTF-8 is UTF-8;
4. UTF-8 with a few damaged places (at most :data:`MAX_DAMAGED` runs of bad bytes, and no
   more than one in :data:`DAMAGE_RATIO` of its non-ASCII characters) is read with each run
   replaced by one U+FFFD, and a :class:`~policydiff.errors.DecodeWarning` names their
   offsets: one bad byte in a downloaded file should not lose the whole document, and the
   U+FFFD stays visible in the text and the diff;
5. otherwise charset-normalizer proposes an East Asian encoding (:data:`DETECTED`), and
   GB18030 (a superset of GBK and GB2312, what most Chinese government sites serve) is
   weighed against it (see :func:`_choose`);
6. bytes nothing decodes are refused with the offset where each encoding failed.
"""

from __future__ import annotations

import codecs
import contextlib
import unicodedata
import warnings

from ..errors import DecodeError, DecodeWarning, OptionError

__all__ = [
    "DAMAGE_RATIO",
    "DETECTED",
    "ENCODINGS",
    "MAX_DAMAGED",
    "MIN_COMMON",
    "TRUSTED",
    "decode",
    "encoding_name",
]

#: Encodings tried, in order, for bytes without a byte-order mark (before detection).
ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

#: At most this many damaged places (runs of bad bytes) are replaced in an otherwise UTF-8
#: text.
MAX_DAMAGED = 16
#: ... and at most one per this many of its non-ASCII characters (GBK or Big5 text read as
#: UTF-8 fails on almost every character, far above this).
DAMAGE_RATIO = 8
#: From this many non-ASCII bytes on, charset-normalizer's answer is taken as it is.
TRUSTED = 400

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: charset-normalizer's names of encodings GB18030 decodes the same way (it is their superset).
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})
#: The encodings charset-normalizer may answer with: the East Asian multi-byte ones and
#: UTF-16/32 without a byte-order mark. A single-byte code page (CP1252, KOI8-R, ...) decodes
#: any bytes at all, so junk would never be refused (charset-normalizer reads
#: ``b"ok \x81\x30\xff\xff"`` as CP1125); a document in one must be given its encoding.
DETECTED = frozenset(
    {
        *_GB_FAMILY,
        *("big5", "big5hkscs", "cp950"),
        *("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213", "iso2022_jp"),
        *("euc_jp", "euc_jis_2004", "euc_jisx0213"),
        *("euc_kr", "cp949", "johab"),
        *("utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"),
    }
)
#: Below this many non-ASCII bytes, a text is taken only when at least this share of its
#: non-ASCII characters are common ones (:func:`_common_share`); real text scores above 0.9.
MIN_COMMON = 0.5


def encoding_name(encoding: str) -> str:
    """The canonical name of an encoding Python knows; an :class:`OptionError` otherwise.

    >>> encoding_name("Big5"), encoding_name("SJIS")
    ('big5', 'shift_jis')
    """
    try:
        return codecs.lookup(encoding).name
    except (LookupError, ValueError, TypeError):
        raise OptionError(
            "read()", "encoding", encoding, "an encoding Python knows (utf-8, gb18030, big5, "
            "shift_jis, euc-kr, utf-16, ...)"
        ) from None  # fmt: skip


def decode(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> str:
    """Decode the bytes of a text document (the rules are in this module's docstring).

    Raises :class:`~policydiff.errors.DecodeError` naming what was tried and where it failed.

    >>> decode("卫生".encode("gb18030"))
    '卫生'
    >>> decode(b"\\xef\\xbb\\xbfok")
    'ok'
    >>> decode("關於加強社區衛生服務的答覆,全年公開1136條。".encode("big5"))
    '關於加強社區衛生服務的答覆,全年公開1136條。'
    >>> decode("一、總則".encode("big5"), encoding="big5")
    '一、總則'
    """
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, bom_encoding, source)
    if encoding is not None:
        return _strict(data, encoding_name(encoding), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_failure = (err.start, data[err.start : err.start + 1])
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, offsets = damaged
        warnings.warn(DecodeWarning(source, "utf-8", offsets), stacklevel=2)
        return text
    chosen = _choose(data)
    if chosen is not None:
        return chosen
    try:
        data.decode("gb18030")
        gb_failure = None
    except UnicodeDecodeError as err:
        gb_failure = (err.start, data[err.start : err.start + 1])
    raise DecodeError(source, ENCODINGS, failures=(utf8_failure, gb_failure))


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        bad = data[err.start : max(err.end, err.start + 1)][:4]
        raise DecodeError(source, (encoding,), failures=((err.start, bad),)) from None


def _damaged_utf8(data: bytes) -> tuple[str, tuple[int, ...]] | None:
    """UTF-8 text with a few damaged places, each run of bad bytes replaced by one U+FFFD,
    and the offset of each run's first byte; ``None`` when the bytes are not UTF-8 with a
    little damage."""
    pieces: list[str] = []
    offsets: list[int] = []
    at = 0
    while True:
        try:
            pieces.append(data[at:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            start, end = at + err.start, at + err.end
            if start > at or not offsets:  # a new damaged place, not more of the last one
                if len(offsets) == MAX_DAMAGED:
                    return None
                pieces.append(data[at:start].decode("utf-8"))
                pieces.append("\ufffd")
                offsets.append(start)
            at = end
    text = "".join(pieces)
    non_ascii = sum(1 for char in text if char > "\x7f") - len(offsets)
    if non_ascii < DAMAGE_RATIO * len(offsets):
        return None
    return text, tuple(offsets)


def _choose(data: bytes) -> str | None:
    """The text of ``data`` in the encoding it most plausibly is: GB18030, or one that
    charset-normalizer detects; ``None`` when none decodes it.

    charset-normalizer alone is not enough on short inputs: on GBK excerpts of eight
    characters of the sample documents it named GB18030 17 times in 168 (Big5, UTF-16 and
    CP949 otherwise), while GB18030 decodes nearly any byte pairs, Big5 included
    (``"總則".encode("big5")`` reads as GB18030 ``"笨珓"``). From :data:`TRUSTED` non-ASCII
    bytes on, its first answer was right on every excerpt; below that, of GB18030 and its
    answers, the text with most common characters wins (:func:`_common_share`): real text
    is made of them, mojibake of rarer ones about half of the time; a text with fewer than
    :data:`MIN_COMMON` of them is refused.
    """
    from charset_normalizer import from_bytes  # imported when needed: most input is UTF-8

    texts: list[str] = []
    # GB18030 first, so that it wins a tie: most Chinese government sites serve GBK.
    with contextlib.suppress(UnicodeDecodeError):
        texts.append(data.decode("gb18030"))
    trusted = sum(byte > 0x7F for byte in data) >= TRUSTED
    matches = from_bytes(data)
    if not matches and b"\x00" in data:
        # charset-normalizer takes bytes with a NUL for binary and proposes nothing (a Big5
        # document with one stray NUL: no answer; without it: Big5). No East Asian encoding
        # uses the byte 0 inside a character, so it is asked about the bytes without them,
        # and the answer decodes the bytes as they are.
        matches = from_bytes(data.replace(b"\x00", b""))
    for match in matches:
        if match.encoding not in DETECTED:
            continue
        encoding = "gb18030" if match.encoding in _GB_FAMILY else match.encoding
        try:
            texts.append(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        if trusted:
            return texts[-1]
    best = max(texts, key=_common_share, default=None)
    return best if best is not None and _common_share(best) >= MIN_COMMON else None


def _common_share(text: str) -> float:
    """The share of a text's non-ASCII characters that are common in real documents: the
    most frequent Han characters (GB2312 level 1, Big5's frequent level), CJK punctuation
    and full-width forms, kana, Latin letters with accents.

    Hangul syllables are left out: EUC-KR lays them out where GB2312 has its common Han
    characters, so counting them would read short GBK texts as Korean.
    """
    common = total = 0
    for char in text:
        if char <= "\x7f" or char.isspace():
            continue
        total += 1
        common += _is_common(char)
    return common / total if total else 0.0


def _is_common(char: str) -> bool:
    code = ord(char)
    if 0x3000 <= code <= 0x30FF or 0xFF01 <= code <= 0xFF5E:
        return True  # CJK punctuation, kana, full-width forms
    if code < 0x250:
        return unicodedata.category(char).startswith("L")  # é, ü, ñ
    if not 0x4E00 <= code <= 0x9FFF:
        return False
    for encoding, low, high in (("gb2312", b"\xb0\xa1", b"\xd7\xfe"),
                                ("big5", b"\xa4\x40", b"\xc6\x7e")):  # fmt: skip
        try:
            encoded = char.encode(encoding)
        except UnicodeEncodeError:
            continue
        if low <= encoded <= high:
            return True
    return False
