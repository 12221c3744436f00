"""Find a document's body among web chrome, and read its metadata.

- :func:`split_body` — classify the lines of a normalized text into body and removed lines
  (chrome, metadata fields, title, salutation, signature), nothing lost;
  :func:`removed_lines` — the removed lines alone.
- :func:`read_metadata` — title, issuer, date, subject, consulted, reference from the removed
  lines and the body, and the body's language (:func:`~policydiff._text.detect_language`).
- :func:`parse_date` — a written Chinese date as ISO ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``).

The body is what lies between the document's title or salutation and its signature block.
Chrome is recognised by what it says (breadcrumbs, log-in and share links, copyright and ICP
lines, contact blocks, related-article lists, image file names), and only on short lines
without a full stop, so a sentence of the body is never taken for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

import attrs

from ._text import (
    chinese_digits,
    chinese_ordinal,
    detect_language,
    display_width,
    each_once,
    opens_block,
)

__all__ = [
    "Line",
    "Metadata",
    "is_addressee",
    "parse_date",
    "read_metadata",
    "removed_lines",
    "split_body",
]


@attrs.frozen
class Line:
    """One line of a normalized text: its text, its span there and why it was removed."""

    text: str
    start: int
    end: int
    reason: str | None = None  # None: part of the body


@attrs.frozen
class Metadata:
    """The metadata fields of a document (``None``/empty when the document does not say)."""

    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    subject: str | None = None
    consulted: tuple[str, ...] = ()
    reference: str | None = None
    language: Literal["zh", "en"] = "zh"


_SHORT = 60  # a line longer than this, or holding a full stop, is never chrome

_CHROME = re.compile(
    r"当前位置|您的位置|首页\s*[>»]|[>»]\s*正文|网站首页|返回顶部|返回首页|"
    r"登录|登陆|注册|退出|分享到|扫码|扫一扫|二维码|关注公众号|公众号|微信支付|支付宝|打赏|"
    r"手机查看|手机版|喜欢作者|收藏|打印本页|打印|关闭窗口|^关闭$|字号|^[大中小]$|"
    r"版权所有|Copyright|©|ICP备|ICP证|公网安备|网安备|免责声明|法律声明|隐私政策|"
    r"联系我们|关于我们|诚聘英才|投诉建议|网站地图|"
    r"相关阅读|相关文章|相关新闻|推荐阅读|热点排行|一周推荐|^推荐$|最新文章|人气排名|"
    r"上一篇|下一篇|阅读:|浏览次数|点击数|访问量|"
    r"^来源[:\s]|^【作者|^作者[:\s]|^责任编辑|^编辑[:\s]|^发布(?:时间|日期)[:\s]|"
    r"^(?:电话|地址|邮箱|信箱|传真|QQ|微信|邮编)[:\s(]|"
    r"\.(?:jpe?g|png|gif|bmp|webp|svg)$|^<!--.*-->$|^×$|^[-—]\s*\d+\s*[-—]$|"
    r"^(?:专长|擅长)[:\s]|律师推荐|律师门户|律师$",
    re.IGNORECASE,
)
# Chrome by its shape alone, removed wherever it stands: page numbers of a PDF extraction,
# image file names, HTML comments, a lone close button.
_CHROME_SHAPE = re.compile(
    r"^[-—]\s*\d+\s*[-—]$|^第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?$|"
    r"^\S{1,60}\.(?:jpe?g|png|gif|bmp|webp|svg)$|^<!--.*-->$|^×$",
    re.IGNORECASE,
)
# What a line opens with, or holds, that ``_CHROME_SHAPE`` finds chrome of (the empty line
# aside, which it never is): most lines are not searched.
_SHAPE_OPENERS = frozenset("-—第<×")
_FIELD = re.compile(
    r"^(?P<name>发文机关|发文日期|发布日期|成文日期|施行日期|实施日期|时效性|效力级别|发文字号|"
    r"索引号|主题分类|主题词|文号|发布机构|公文种类|失效日期)[:\s]*(?P<value>.*)$"
)
_ADDRESSED = ("代表", "委员", "同志", "先生", "女士", "主任", "局长", "厅长", "院长")
_SALUTATION = re.compile(
    rf"^(?:各位代表|.{{0,40}}?(?:{'|'.join(_ADDRESSED)}))"
    r"(?:您好|你好|们好)?[:,]?(?:您好|你好)?[:,]?$"
)
# The addressee line of an official document (主送机关): bodies named one after another,
# each ending in what a body's name ends in (or the people addressed: ``各住房公积金缴存职工:``),
# and a colon (``各区人民政府,市政府各委、办、局:``, ``各有关单位:``). Parenthesised aliases are
# dropped first (``…事务中心(不动产登记事务中心)``).
_ADDRESSEE_BODY = re.compile(
    r"(?:政府|委员会|委|办公厅|办公室|办|局|厅|部|署|院|中心|单位|部门|机关|机构|公司|企业|集团|"
    r"银行|行|会|处|室|所|站|队|校|学校|街道|乡镇|镇|乡|村|社区|县|区|市|省|州|盟|旗|"
    r"人|职工|居民|市民|群众|同志|代表)$"
)
_ADDRESSEE_PARENS = re.compile(r"\([^()]{1,40}\)")
_DATE_LINE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九○]{4})年[\d一二三四五六七八九十〇零○]{1,3}月"
    r"[\d一二三四五六七八九十〇零○]{1,3}日$"
)
# The patterns above for a whole text, to find the lines that match in one search (neither
# reaches past the end of a line), and the words one of which every match holds: a text with
# none is not searched (a search finding nothing tries every line: 1% of parsing a table).
_Search = tuple[re.Pattern[str], tuple[str, ...]]
_SALUTATION_LINE: _Search = (re.compile(_SALUTATION.pattern, re.MULTILINE), _ADDRESSED)
_DATE_LINES: _Search = (re.compile(_DATE_LINE.pattern, re.MULTILINE), ("年",))
_ORG = re.compile(r"(?:委员会|委|部|局|厅|办公厅|办公室|政府|院|署|会|中心|办|司|处|室)$")
_TITLE_WORDS = re.compile(
    r"答复|通知|意见|报告|办法|条例|规定|方案|决定|公告|任务|规划|纲要|解读|的函|要点|细则|"
    r"指南|计划|通报|批复|决议|讲话|工作"
)
# ``!`` and ``?`` end a sentence only when text in CJK or nothing follows (not ``<!--``).
_FULL_STOP = re.compile(r"。|[!?](?=$|[^\x21-\x7e])")
_CONTENT_END = re.compile(r"[。!?;:”)》]$")


# A line of English (or other Latin-script) prose: it closes a sentence or a clause
# (``(c) pay $10,000 within 30 days.``, ``(a) the Fee; and``), or it holds the small words
# that running text and headings hold and a menu does not (``Payment of fees``). Such a line
# is never chrome by its words, however short: a menu is ``Home About News Contact``.
_LATIN_SENTENCE = re.compile(
    r"[.;:!?]['\"\u201d\u2019)]*$|[.;:!?]\s+[A-Z(\"\u201c]|;\s*(?:and|or)$"
)
_LATIN_SMALL_WORD = re.compile(
    r"\b(?:of|the|and|to|in|for|by|with|shall|must|may|is|are|be|on|or|from|under|each|per)\b"
)
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _is_latin_prose(text: str) -> bool:
    if _HAN.search(text) or _CHROME_WORDS_EN.search(text):
        return False
    words = len(text.split())
    return words >= 2 and (
        bool(_LATIN_SENTENCE.search(text)) or bool(_LATIN_SMALL_WORD.search(text))
    )


# A menu of English words lists at least this many (``Home About News Contact Search``).
_LATIN_MENU_ITEMS = 5
# English chrome by its words: what a site's frame says and a document's body never does.
_CHROME_WORDS_EN = re.compile(
    r"copyright|©|all rights reserved|privacy policy|terms of use|cookie|sign in|log ?in\b|"
    r"subscribe|share this|follow us|skip to|back to top|related articles|print this",
    re.IGNORECASE,
)


def _is_short(text: str) -> bool:
    return len(text) <= _SHORT and not _FULL_STOP.search(text) and not _is_latin_prose(text)


def _no_menu(text: str) -> bool:
    """Too few words for a menu (:func:`_is_navigation` counts them): most lines."""
    return len(text.split()) < 3


def _is_navigation(text: str) -> bool:
    """A menu: several short words side by side (``刑事辩护 交通事故 离婚纠纷 …``)."""
    tokens = text.split()
    if len(tokens) < 3 or _FULL_STOP.search(text) or _is_latin_prose(text):
        return False
    if not _HAN.search(text) and (len(tokens) < _LATIN_MENU_ITEMS or opens_block(text)):
        # ``Public Health Act 2024`` is a title, ``(1) Home Nursing Visits`` a numbered
        # heading: a menu has more items and no number.
        return False
    lengths = [len(t) for t in tokens]
    return min(lengths) >= 2 and max(lengths) <= 8


def _is_chrome(text: str) -> bool:
    # The cheap questions first: most lines are long, or say no chrome word and are no menu.
    if len(text) > _SHORT:
        return False
    if _CHROME.search(text):
        return _is_short(text)
    return not _no_menu(text) and _is_short(text) and _is_navigation(text)


def _is_content(text: str, wrap_width: int | None = None) -> bool:
    """A line of running text: a sentence, a long line, or a line wrapped at full width."""
    if (
        wrap_width is not None
        and 2 * len(text) >= wrap_width - 4  # (two columns a character at most)
        and display_width(text) >= wrap_width - 4
    ):
        return True
    return (
        len(text) > _SHORT
        or bool(_FULL_STOP.search(text))
        or (bool(_LATIN_SENTENCE.search(text)) and _is_latin_prose(text))
    )


def split_body(
    text: str,
    *,
    opens_section: Callable[[str], object] | None = None,
    wrap_width: int | None = None,
) -> list[Line]:
    """Classify every line of ``text`` as body (``reason=None``) or removed, with the reason.

    ``opens_section`` recognises a line that opens a numbered section; such a line starts the
    body when it comes before any running text. ``wrap_width`` is the width at which a
    hard-wrapped text (PDF extraction) was cut, if it was: such lines are running text.

    >>> lines = split_body("首页 > 新闻 > 正文\\n关于某事的通知\\n一、总则。\\n版权所有:某委")
    >>> [(line.text, line.reason) for line in lines]
    [('首页 > 新闻 > 正文', 'chrome'), ('关于某事的通知', 'title'), ('一、总则。', None), \
('版权所有:某委', 'chrome')]
    """
    return _as_lines(*_classify(text, opens_section, wrap_width), every=True)


def removed_lines(
    text: str,
    *,
    opens_section: Callable[[str], object] | None = None,
    wrap_width: int | None = None,
) -> list[Line]:
    """The lines :func:`split_body` removes (those it gives a reason), alone: what a reader of
    the body needs, without an object for each of its lines.

    >>> lines = removed_lines("首页 > 新闻\\n一、总则。\\n二、要求。")
    >>> [(line.text, line.reason) for line in lines]
    [('首页 > 新闻', 'chrome')]
    """
    return _as_lines(*_classify(text, opens_section, wrap_width), every=False)


def _as_lines(lines: list[str], reasons: list[str | None], *, every: bool) -> list[Line]:
    """The lines with their spans and reasons: ``every`` line, or only the removed ones."""
    out: list[Line] = []
    offset = 0
    for line, reason in zip(lines, reasons, strict=True):
        if every or reason is not None:
            out.append(Line(line, offset, offset + len(line), reason))
        offset += len(line) + 1
    return out


def _classify(
    text: str, opens_section: Callable[[str], object] | None, wrap_width: int | None
) -> tuple[list[str], list[str | None]]:
    """The lines of ``text`` and the reason each is removed for (``None``: body), as
    :func:`split_body` gives them."""
    lines = text.split("\n")
    reasons: list[str | None] = [None] * len(lines)
    n = len(lines)
    # Whether a line is running text, whether it opens a section and whether it is chrome,
    # asked once a line, and once for lines that repeat (a table's labels and cells): the scans
    # for the body's first and last lines both cross every line of a text with neither.
    running: dict[str, bool] = {}
    opening: dict[str, bool] = {}
    chrome: dict[str, bool] = {}

    def runs(i: int) -> bool:
        if (known := running.get(line := lines[i])) is None:
            known = running[line] = _is_content(line, wrap_width)
        return known

    def opens(i: int) -> bool:
        if (known := opening.get(line := lines[i])) is None:
            known = opening[line] = opens_section is not None and bool(opens_section(line))
        return known

    def is_chrome(line: str) -> bool:
        if (known := chrome.get(line)) is None:
            known = chrome[line] = _is_chrome(line)
        return known

    # Start of the body: after a salutation, else at the first running text or numbered line.
    start = None
    # The first salutation, found in one search of the text.
    if salutations := _matching_lines(_SALUTATION_LINE, text, first=True):
        i = salutations[0]
        if i + 1 < n:
            start = i + 1
            reasons[i] = "salutation"
    # Lines that, wherever they stand, neither start the body nor end it: a repeat is passed
    # over at once.
    inert: set[str] = set()
    if start is None:
        first = next((i for i, line in enumerate(lines) if line), n)
        for i, line in enumerate(lines):
            if line in inert:
                continue
            if ":" in line and i + 1 < n and is_addressee(line):
                # The addressee line (主送机关) above the running text: the body follows it.
                reasons[i] = "salutation"
                start = i + 1
                break
            opened = opens(i) and i + 1 < n
            # An English heading over running text, below the title, opens the body too.
            opened = opened or (
                i > first
                and i + 1 < n
                and "A" <= line[:1] <= "Z"  # (as ``_LATIN_HEADING`` opens)
                and _opens_latin_body(line, lines[i + 1])
            )
            if (runs(i) and not _is_dateline(line) and not _is_chrome(line)) or opened:
                start = i
                break
            if _inert(line, opening[line], running[line]):
                inert.add(line)
    if start is None:
        start = 0

    # End of the body: a signature block (an issuer line and a date line) after the start.
    end = n
    for i in reversed(_matching_lines(_DATE_LINES, text)):
        if i <= start:
            break
        j = i - 1
        if j >= start and _ORG.search(lines[j]) and _is_short(lines[j]):
            reasons[j] = "signature"
            reasons[i] = "signature"
            end = j
            for k in range(i + 1, n):
                reasons[k] = None if _is_content(lines[k]) else "chrome"
            break

    for i in range(start):
        if reasons[i] is None:
            reasons[i] = _header_reason(lines[i])
    # Inside the body (up to its last line of running text or numbered line) a line is chrome
    # only by its shape (a page number, an image file name); a keyword such as 注册 or 退出
    # removes nothing there (``(三)强迫他人参与或者退出投标、拍卖的``).
    last = start
    for i in range(end - 1, start - 1, -1):
        if lines[i] not in inert and (runs(i) or opens(i)):
            last = i
            break
    shaped = min(last + 1, end)
    for i in range(start, shaped):
        if reasons[i] is None:
            line = lines[i]
            if (line[:1] in _SHAPE_OPENERS or "." in line) and _CHROME_SHAPE.search(line):
                reasons[i] = "chrome"
    # (past the last: the lines asked in one pass, a repeat answered at once)
    for i, said in enumerate(each_once(is_chrome, lines[shaped:end]), start=shaped):
        if said and reasons[i] is None:
            reasons[i] = "chrome"
    if end == n:
        # No signature: short lines left over after the last line of running text are chrome
        # when they say so.
        # Past the body's last line no line is running text, and the loop above has judged
        # every line already: the walk back starts at the last line.
        for i in range(last, start, -1):
            if runs(i) if wrap_width is None else _is_content(lines[i]):
                break
            if is_chrome(lines[i]):
                reasons[i] = "chrome"

    titles = [i for i in range(start) if reasons[i] == "header"]
    title = _pick_title([lines[i] for i in titles])
    for i in titles:
        reasons[i] = "title" if lines[i] == title else "chrome"
    return lines, reasons


def _inert(line: str, opens: bool, runs: bool) -> bool:
    """Whether a line's repeat can be passed over by the scans for the body's first and last
    lines: it neither ``opens`` a section nor ``runs`` as text (what the scan for the last line
    asks), and holds no addressee's colon nor an English heading's capital (whether that starts
    the body depends on the line below)."""
    return not (opens or runs or ":" in line or "A" <= line[:1] <= "Z")


def _matching_lines(search: _Search, text: str, *, first: bool = False) -> list[int]:
    """The indices of the lines of ``text`` where a ``search``'s pattern (a pattern that stays
    in a line, compiled with ``re.MULTILINE``) matches, in order; only the first if ``first``."""
    pattern, needs = search
    found: list[int] = []
    if not any(word in text for word in needs):
        return found
    line, at = 0, 0
    for match in pattern.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        if not found or found[-1] != line:
            found.append(line)
            if first:
                break
    return found


_LATIN_HEADING = re.compile(r"^[A-Z][^.;:!?,]{0,79}$")


def _opens_latin_body(text: str, following: str) -> bool:
    """An English heading line (``Introduction``) with English running text below it."""
    return (
        bool(_LATIN_HEADING.match(text))
        and not _HAN.search(text)
        and not _CHROME_WORDS_EN.search(text)
        and _is_latin_prose(following)
        and bool(_LATIN_SENTENCE.search(following))
    )


#: A document number standing alone above the title (发文字号): ``沪建房管联〔2021〕476号``.
_DOCUMENT_NUMBER = re.compile(r"^\S{1,20}〔(?:19|20)\d{2}〕\s*第?\s*\d{1,5}\s*号$")


def _header_reason(text: str) -> str | None:
    if not text:
        return None
    if (
        _FIELD.match(text)
        or _DATE_LINE.match(text)
        or _is_dateline(text)
        or _DOCUMENT_NUMBER.match(text)
    ):
        return "metadata"
    if _is_chrome(text):
        return "chrome"
    return "header"


_DATELINE = re.compile(r"^[—\-]*\s*\d{4}[年.\-/]\d{1,2}[月.\-/]\d{1,2}")


def is_addressee(text: str) -> bool:
    """Whether a line is the addressee line of an official document (主送机关): names of
    bodies separated by commas or 、, ending with a colon, no sentence.

    >>> is_addressee("各区人民政府,市政府各委、办、局:"), is_addressee("各有关单位:")
    (True, True)
    >>> is_addressee("现就有关事项通知如下:"), is_addressee("抄送:市委办公厅,市人大办公厅。")
    (False, False)
    """
    text = text.strip()
    if not text.endswith(":") or len(text) > 160 or _FULL_STOP.search(text):
        return False
    names = _ADDRESSEE_PARENS.sub("", text[:-1])
    if names.startswith(("抄送", "抄报", "附件", "主题词")):
        return False
    names = names.removeprefix("主送").lstrip(":")
    parts = [p.strip() for p in re.split(r"[,、;]", names)]
    return bool(parts) and all(
        p and len(p) <= 40 and _ADDRESSEE_BODY.search(p) and not re.search(r"\s", p) for p in parts
    )


def _is_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text)) or bool(re.fullmatch(r"\d{4}", text))


# Lines above a body that are never its title: a photo caption (``…新华社记者姚大伟摄``), a
# dateline (``—2017年2月11日在…会议上``), a speaker's office and name (``…代区长 杨国宏``), a
# site's own line (``来源: 新华网``).
_NOT_TITLE = re.compile(
    r"(?:记者|摄影|图)[^,。]{0,12}摄$|摄$|^[—\-]|^\d{1,2}月\d{1,2}日|"
    r"网$|^(?:来源|稿源|作者|编辑)"
)
_SPEAKER = re.compile(
    r"(?:总理|主席|书记|省长|市长|县长|区长|旗长|州长|部长|主任|厅长|局长)\s*\S{2,4}$"
)


def _pick_title(candidates: Sequence[str]) -> str | None:
    """The header line that reads most like a document title (never a caption, a dateline,
    a speaker line or a site line)."""
    candidates = [
        c
        for c in candidates
        if not _NOT_TITLE.search(c) and not (_SPEAKER.search(c) and not _TITLE_WORDS.search(c))
    ]
    if not candidates:
        return None
    worded = [c for c in candidates if _TITLE_WORDS.search(c) and len(c) >= 4]
    # An English title may be short (``A BILL``): its letters are not characters' worth.
    pool = worded or [c for c in candidates if len(c) >= 8 or not _HAN.search(c)]
    return max(pool, key=len) if pool else None


# --- metadata ---------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年|[.\-/])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/])\s*(?:(?P<d>\d{1,2})\s*日?)?"
)


def parse_date(text: str) -> str | None:
    """The first date written in ``text``, as ISO ``YYYY-MM-DD`` (``YYYY-MM`` without a day).

    >>> parse_date("发文日期2024年07月12日")
    '2024-07-12'
    >>> parse_date("二〇二四年七月十二日")
    '2024-07-12'
    >>> parse_date("2023.7.26") , parse_date("没有日期")
    ('2023-07-26', None)
    """
    cn = re.search(
        r"([〇零一二三四五六七八九○]{4})年([一二三四五六七八九十]{1,3})月"
        r"(?:([一二三四五六七八九十]{1,3})日)?",
        text,
    )
    if cn:
        year = chinese_digits(cn.group(1))
        month, day = (str(chinese_ordinal(g)) if g else None for g in cn.groups()[1:])
    else:
        match = _DATE.search(text)
        if not match:
            return None
        year, month, day = match.group("y"), match.group("m"), match.group("d")
    assert year is not None and month is not None
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


_SUBJECT_TITLED = re.compile(r"提出的(《[^》]{2,80}》)")
_SUBJECT_PLAIN = re.compile(r"提出的(关于[^,。《》]{2,80}?的(?:建议|提案|议案))")
_CONSULTED = re.compile(r"经商([^,。:;]{2,120}?)(?:同意)?[,,]?\s*现(?:答复|函复|回复)")
_REFERENCE = re.compile(r"第\s*(\d+)\s*号(建议|提案|议案)")
_ISSUER_FIELD = re.compile(r"^(?:发文机关|发布机构)[:\s]*(.+)$")


def read_metadata(lines: Sequence[Line], body: str) -> Metadata:
    """Title, issuer, date, subject, consulted and reference of a classified document:
    ``lines`` are its removed lines (:func:`removed_lines`; body lines, of no reason, are
    passed over, so :func:`split_body`'s every line does as well).

    The signature block wins over header fields for issuer and date (it is the document's own
    word; a header field may be a site's rewording); the subject is the suggestion's title in a
    reply (``您提出的《关于…的建议》收悉``).
    """
    title = next((line.text for line in lines if line.reason == "title"), None)
    signature = [line.text for line in lines if line.reason == "signature"]
    fields = [line.text for line in lines if line.reason == "metadata"]

    issuer = signature[0] if signature else None
    if issuer is None:
        for field in fields:
            if match := _ISSUER_FIELD.match(field):
                issuer = match.group(1).strip()
                break

    date = parse_date(signature[-1]) if signature else None
    if date is None:
        for field in fields:
            if field.startswith(("发文日期", "成文日期")) and (date := parse_date(field)):
                break
    if date is None:
        # A dateline (``2024年12月31日…修正``): the latest one dates this version.
        dates = [d for field in fields if (d := parse_date(field))]
        date = max(dates) if dates else None
    if date is None:
        for line in lines:
            if line.reason == "chrome" and "发布" in line.text and (date := parse_date(line.text)):
                break

    head = body[:2000]
    subject = None
    if match := _SUBJECT_TITLED.search(head):
        subject = match.group(1)[1:-1]
    elif match := _SUBJECT_PLAIN.search(head):
        subject = match.group(1)

    consulted: tuple[str, ...] = ()
    if match := _CONSULTED.search(head):
        consulted = tuple(p.strip() for p in re.split(r"[、,和]", match.group(1)) if p.strip())

    reference = None
    for source in (title or "", head):
        if match := _REFERENCE.search(source):
            reference = f"第{match.group(1)}号{match.group(2)}"
            break
    if reference is None:
        # The document's own number, as the header states it (沪建房管联〔2021〕476号).
        reference = next((f for f in fields if _DOCUMENT_NUMBER.match(f)), None)

    return Metadata(
        title=title,
        issuer=issuer,
        date=date,
        subject=subject,
        consulted=consulted,
        reference=reference,
        language=detect_language(body),
    )
