"""A web page's parts: where its body is (by text density) and what its metadata table says.

- :func:`measure` — for every element, the punctuated running text, plain text and link text
  it holds (links never count as running text).
- :func:`find_body` — the smallest element holding nearly all of the page's running text.
- :func:`read_page_metadata` — the fields of a government site's metadata table (索引号,
  发文机关, 成文日期, 文号, 发布日期, 主题分类 …) and of its ``<meta>`` tags.
- :func:`is_chrome` — whether an element inside the body is a widget (share, print, related
  links) rather than part of the document.

The body is found by what it holds, not by a site's class names: a document's sentences carry
its punctuation (。，；、), while menus, footers and link lists carry almost none and are
mostly link text. Class names are used only as a hint for blocks that hold no sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple, TypeAlias

# lxml ships no type hints (lxml-stubs is not a dependency): its elements are typed as Any.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "METADATA_LABEL",
    "Stats",
    "find_body",
    "is_chrome",
    "iso_date",
    "measure",
    "metadata_blocks",
    "page_tags",
    "read_page_metadata",
]

HtmlElement: TypeAlias = Any

#: Sentence punctuation: what running text has and menus lack.
_SENTENCE = frozenset("。，；、！？,;")

#: The share of the page's running text the chosen element must hold.
BODY_SHARE = 0.9


class Stats(NamedTuple):
    """What one element holds: sentence punctuation and non-space characters outside links,
    characters inside links, and the number of links."""

    punct: int = 0
    chars: int = 0
    link_chars: int = 0
    links: int = 0


_SENTENCE_MARK = re.compile("[" + "".join(sorted(_SENTENCE)) + "]")


def _count(into: list[int], text: str | None, in_link: bool) -> None:
    if not text:
        return
    chars = (
        len(text) - sum(1 for ch in text if ch.isspace())
        if len(text) < 64
        else (len("".join(text.split())))
    )
    if in_link:
        into[2] += chars
    else:
        into[0] += len(_SENTENCE_MARK.findall(text))
        into[1] += chars


def measure(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Every element's :class:`Stats`, its descendants included (no recursion: pages nest
    deeply)."""
    order: list[HtmlElement] = []
    in_link: dict[HtmlElement, bool] = {}
    own: dict[HtmlElement, list[int]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        link = el.tag == "a" or (parent is not None and in_link.get(parent, False))
        in_link[el] = link
        order.append(el)
        counts = [0, 0, 0, 1 if el.tag == "a" else 0]
        _count(counts, el.text, link)
        own[el] = counts
        if el.tail and parent is not None and parent in own:
            _count(own[parent], el.tail, in_link[parent])
    for el in reversed(order):
        parent = el.getparent()
        if el is not root and parent is not None and parent in own:
            total, part = own[parent], own[el]
            total[0] += part[0]
            total[1] += part[1]
            total[2] += part[2]
            total[3] += part[3]
    return {el: Stats(*counts) for el, counts in own.items()}


#: Elements whose inside is a paragraph: the search for the body stops above them.
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "span", "a", "strong"})


def find_body(root: HtmlElement, stats: dict[HtmlElement, Stats]) -> HtmlElement:
    """The element holding the document: from the root, go down into the child that holds at
    least :data:`BODY_SHARE` of the page's running text (sentence punctuation; characters
    outside links when the page has none) while there is one and it is not a paragraph."""
    total = stats[root]

    def weight(el: HtmlElement) -> int:
        s = stats.get(el, Stats())
        return s.punct if total.punct else s.chars

    whole = weight(root)
    node = root
    while whole:
        kids = [el for el in node if isinstance(el.tag, str)]
        if not kids:
            break
        best = max(kids, key=weight)
        if weight(best) < BODY_SHARE * whole or best.tag in _PARAGRAPHS:
            break
        if not any(isinstance(el.tag, str) and el.tag not in _INLINE for el in best):
            break
        node = best
    return node


_INLINE = frozenset(
    {"a", "span", "strong", "b", "em", "i", "u", "font", "sup", "sub", "small", "big", "label",
     "abbr", "code", "s", "strike", "ins", "del", "mark", "q", "cite", "bdi", "bdo", "tt"}
)  # fmt: skip

_CHROME_HINT = re.compile(
    r"share|print|toolbar|breadcrumb|crumb|(?:^|[-_\s])nav|menu|footer|related|comment|login|"
    r"search|qrcode|erweima|fontsize|font-size|bdshare|(?:^|[-_\s])fx(?:$|[-_\s])|pager|"
    r"prev|next|xgwz|xgxx|xglj",
    re.IGNORECASE,
)


#: Widgets are short: a longer block is looked at by its name only (reading every large block's
#: text would take time growing with the square of the page's size).
_WIDGET_SIZE = 200

#: The words of a page's widgets: a block that says nothing else is one.
_WIDGET_WORDS = re.compile(
    r"^(?:[【】\[\]|｜/:：\s]|打印本页|打印|关闭窗口|关闭|收藏|分享到|分享|字体|字号|默认|"
    r"超大|大|中|小|返回顶部|返回|顶部|纠错|我要纠错|打印页面|关闭页面|TOP|扫一扫|扫码|"
    r"在手机打开|手机打开|手机查看|手机版|当前页|二维码)+$",
    re.IGNORECASE,
)


def is_chrome(el: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether an element inside the body is a widget rather than document text, when it holds
    no sentence: a block of three or more links that is mostly link text; links that run a
    script (``javascript:``) and nothing else; a block saying only widget words (打印, 关闭,
    【字体：大 中 小】); an element named like a widget (``share``, ``print``, ``related`` …
    in its class or id)."""
    s = stats.get(el, Stats())
    if s.punct:
        return False
    if s.links >= 3 and s.link_chars >= 0.7 * (s.link_chars + s.chars):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if s.chars + s.link_chars > _WIDGET_SIZE:
        return bool(_CHROME_HINT.search(names))
    links = list(el.iter("a")) if s.links and not s.chars else []
    if links and all(
        (a.get("href") or "").strip().lower().startswith(("javascript:", "#")) for a in links
    ):
        return True
    if el.tag != "body" and _WIDGET_WORDS.match(el.text_content()):
        return True
    return bool(_CHROME_HINT.search(names))


# --- metadata -----------------------------------------------------------------------------

#: The labels of a government site's metadata table, by the metadata key they give.
_LABELS: dict[str, tuple[str, ...]] = {
    "index": ("索引号",),
    "issuer": ("发文机关", "发布机构", "发文单位", "发布单位", "制发机关", "成文机关", "发文机构"),
    "date": ("成文日期", "发文日期", "印发日期", "签发日期", "成文时间"),
    "reference": ("发文字号", "文号", "文件编号"),
    "published": ("发布日期", "公开日期", "发布时间"),
    "topic": ("主题分类", "主题词", "体裁分类", "组配分类"),
    "title": ("文件名称", "名称", "标题"),
}
_LABEL_KEY = {label.replace(" ", ""): key for key, labels in _LABELS.items() for label in labels}

#: A metadata label at the start of a text: ``文号：`` (the colon optional when the value is
#: in the next cell).
METADATA_LABEL = re.compile(
    r"^\s*[\[【]?\s*("
    + "|".join(r"\s*".join(label) for label in sorted(_LABEL_KEY, key=len, reverse=True))
    + r")\s*"
    r"([:：]|[\]】]|$)\s*(.*)$",
    re.DOTALL,
)
_NEXT_LABEL = re.compile(r"\s{2,}|\s*\S{2,5}[:：]|\s*[\[【]")

#: ``<meta name=…>`` tags of government sites, by the metadata key they give.
_META_TAGS = {
    "articletitle": "title",
    "pubdate": "published",
    "contentsource": "source",
}

_ISSUER_END = re.compile(r"(?:局|委员会|委|府|厅|室|办|院|部|中心|处|署|所|会|行|政府)$")
_NO_VALUE = frozenset({"", "无", "-", "--", "/", "暂无", "null", "none"})
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def iso_date(text: str) -> str | None:
    """A date written ``2025-08-20``, ``2025年8月20日`` or ``2025/8/20`` as ISO ``YYYY-MM-DD``.

    >>> iso_date("2025年8月20日"), iso_date("2025-08-20 17:00"), iso_date("不详")
    ('2025-08-20', '2025-08-20', None)
    """
    m = _DATE.search(text)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _pieces(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The page's non-blank text pieces in document order, each stripped, with the element
    holding it."""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start" and el.text and el.text.strip():
            yield el.text.strip(), el
        elif event == "end" and el is not root and el.tail and el.tail.strip():
            yield el.tail.strip(), el.getparent()


#: Elements that hold a label and its value together (``<li>[发文字号] <span>…</span></li>``).
_PAIRS = frozenset({"li", "p", "div", "span", "dd", "dt"})


def _rest_of_block(el: HtmlElement, label: str) -> str:
    """What follows a label in the block holding it (a value split over several spans), ""
    when the label is alone in a table cell (its value is in the next cell)."""
    while el is not None and el.tag not in _PAIRS and el.tag not in ("td", "th"):
        el = el.getparent()
    if el is None or el.tag in ("td", "th"):
        return ""
    text = " ".join(el.text_content().split())
    at = text.find(" ".join(label.split()))
    return text[at + len(" ".join(label.split())) :] if at >= 0 else ""


_CELLS = frozenset({"td", "th", "dt", "dd", "li", "p", "div", "span"})


def _beside(label: HtmlElement, value: HtmlElement) -> bool:
    """Whether a value's element is beside its label's: in the same row or list item."""
    while label.tag not in _CELLS and label.getparent() is not None:
        label = label.getparent()
    parent = label.getparent()
    return parent is not None and any(a is parent for a in value.iterancestors())


def _clean_value(key: str, value: str) -> str | None:
    value = _NEXT_LABEL.split(value.strip(), maxsplit=1)[0].strip() if key != "title" else value
    value = " ".join(value.split())
    if value.lower() in _NO_VALUE:
        return None
    if key in ("date", "published"):
        return iso_date(value)
    if key == "reference" and not any(ch.isdigit() for ch in value):
        return None  # 〔〕号: a template's empty field
    return value


_TITLE_WORD = re.compile(
    r"关于|通知|意见|办法|规定|决定|决议|答复|公告|通告|批复|方案|规划|报告|细则|条例|措施|解读"
)


def _title_part(title: str) -> str:
    """A page title without the site's name: of ``高阳县人民政府网站——关于…的意见`` or
    ``…的决议__2007年第23号国务院公报_中国政府网``, the part that reads as a document's
    title (the longest one when none or several do)."""
    parts = [p for p in re.split(r"\s*(?:[_|｜]+|——|--|\s-\s)\s*", title) if p]
    titled = [p for p in parts if _TITLE_WORD.search(p)] or parts or [title]
    return max(titled, key=len)


def page_tags(root: HtmlElement) -> tuple[tuple[str, str], ...]:
    """The page's ``<meta name=… content=…>`` pairs and its ``<title>`` (as ``("<title>",
    text)``), wherever the parser put them (a stray element in ``<head>`` moves the rest of it
    into ``<body>``)."""
    tags = [
        ((meta.get("name") or "").strip().lower(), " ".join((meta.get("content") or "").split()))
        for meta in root.iter("meta")
    ]
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        tags.append(("<title>", " ".join(title.text_content().split())))
    return tuple(tags)


def read_page_metadata(root: HtmlElement, tags: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The page's metadata: its metadata table's fields (the first value of each) and its
    ``<meta>`` tags (:func:`page_tags`), by :class:`~policydiff.model.Document` field name
    (``title``, ``issuer``, ``date``, ``reference``) and by ``index``, ``published``,
    ``topic``, ``source`` for the others. ``date`` is the date the document was written
    (成文日期), never the date it was posted (``published``)."""
    found: dict[str, str] = {}
    pieces = list(_pieces(root))
    for k, (piece, el) in enumerate(pieces):
        m = METADATA_LABEL.match(piece)
        # Without a colon, a label is one only in a cell of its own (搜索 标题 全文 is not).
        if not m or (not m.group(2) and el.tag not in ("td", "th", "dt")):
            continue
        key = _LABEL_KEY["".join(m.group(1).split())]
        value = m.group(3)
        if not value.strip():
            value = _rest_of_block(el, piece)
        if not value.strip() and k + 1 < len(pieces):
            following, where = pieces[k + 1]
            if not METADATA_LABEL.match(following) and _beside(el, where):
                value = following
        cleaned = _clean_value(key, value)
        if cleaned and key not in found:
            found[key] = cleaned
    for name, content in tags:
        tag_key = _META_TAGS.get(name)
        if tag_key is None or not content or tag_key in found:
            continue
        key = tag_key
        cleaned = _clean_value(key, content) if key == "published" else content
        if cleaned:
            found[key] = cleaned
    page_title = dict(tags).get("<title>")
    if "title" not in found and page_title:
        found["title"] = page_title
    if "title" in found:
        found["title"] = _title_part(found["title"])
    source = found.get("source", "")
    if "issuer" not in found and _ISSUER_END.search(source):
        found["issuer"] = source
    return found


#: A metadata table is short; a larger block is never one.
_METADATA_SIZE = 2000


def metadata_blocks(root: HtmlElement, stats: dict[HtmlElement, Stats]) -> set[HtmlElement]:
    """The elements that are the page's metadata table: two or more labels such as 索引号 and
    文号 inside, no sentence, short (found once for the page, from where its labels are)."""
    keys: dict[HtmlElement, set[str]] = {}
    for piece, el in _pieces(root):
        m = METADATA_LABEL.match(piece)
        if not (m and m.group(2)):
            continue
        key = _LABEL_KEY["".join(m.group(1).split())]
        node: HtmlElement | None = el
        while node is not None:
            keys.setdefault(node, set()).add(key)
            node = node.getparent()
    blocks = set()
    for el, found in keys.items():
        s = stats.get(el, Stats())
        if len(found) >= 2 and s.punct <= 1 and s.chars + s.link_chars <= _METADATA_SIZE:
            blocks.add(el)
    return blocks
