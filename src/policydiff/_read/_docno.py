"""Document numbers (发文字号) written with one kind of year bracket, whatever the file used.

A document number sets its year in hexagonal brackets, ``银发〔2015〕305号``; web pages and
word processors often type square ones instead (``银发[2015]305号``, ``【2015】``, ``［2015］``,
``﹝2015﹞``), so the same notice read from its PDF and from its web page would differ in every
number it cites. :func:`unify_brackets` rewrites the brackets of a document number only: a year
in brackets right after a Chinese character and right before a serial number and 号. Brackets
anywhere else (``[1]``, ``【注】``, ``[2015年]``) are left as they are. Each bracket is replaced
by one character, so offsets into the text stay valid.
"""

from __future__ import annotations

import re

__all__ = ["unify_brackets"]

_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])[\[［【﹝]((?:19|20)\d{2})[\]］】﹞](?=第?\d{1,5}号)")


def unify_brackets(text: str) -> str:
    """``text`` with the year brackets of its document numbers written ``〔〕``.

    >>> unify_brackets("根据银发[2015]305号和银发【2016】26号文件，见[2015]一文")
    '根据银发〔2015〕305号和银发〔2016〕26号文件，见[2015]一文'
    """
    return _NUMBER.sub(r"〔\1〕", text)
