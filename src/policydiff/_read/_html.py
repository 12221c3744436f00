"""Saved web pages: the document's body inside the site's chrome, its tables and metadata.

:func:`read_html` decodes the page (the ``encoding`` given, else the charset the page declares
in ``<meta charset>`` or ``http-equiv``, else the encoding detected as for plain text), parses
it with lxml (a well-kept libxml2 binding that repairs the broken markup saved pages have: a
missing ``<head>``, unclosed tags, fragments) and then:

- drops what a browser does not show as text: ``<head>``, scripts, styles, comments, forms;
- finds the body by text density (:func:`~policydiff._read._html_page.find_body`): the
  smallest element that holds nearly all of the page's sentences. Navigation, breadcrumbs,
  footers, related links, share and print widgets and log-in links lie outside it, or are
  recognised inside it as link lists or widgets, and never become text. They are the site's
  chrome, not the document's text, so they are not kept: what is dropped is the page's, never
  the document's. The page's metadata table (索引号, 发文机关, 成文日期, 文号, 发布日期,
  主题分类 …) is read into ``metadata`` rather than the text;
- writes each paragraph (``<p>``, ``<div>``, ``<li>``, a line ended by ``<br>`` …) as a line,
  with its element (``div.article-content p[4]``) as its place;
- reads each data ``<table>`` (a grid of cells, ``rowspan``/``colspan`` resolved) as a
  :class:`~policydiff.model.Table` whose text is not repeated in the running text; tables that
  lay out the page (nested tables, one column, a frame round the text) are read as paragraphs.

The page's title, if the body does not start with it, is put first, so the text reads as a
plain-text copy of the document would.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, TypeAlias

# lxml ships no type hints (lxml-stubs is not a dependency): its elements are typed as Any.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml import html as lxml_html  # type: ignore[import-untyped, unused-ignore]

from ..model import Table
from ._formats import Place, Read
from ._grid import Cell, header_counts, is_number, looks_like_data, resolve
from ._html_page import (
    Stats,
    find_body,
    is_chrome,
    measure,
    metadata_blocks,
    page_tags,
    read_page_metadata,
)
from ._text import decode

__all__ = ["read_html"]

HtmlElement: TypeAlias = Any

_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
#: A page declaring a Chinese national encoding is decoded as its superset, as browsers do.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: ``</body>`` and ``</html>``: browsers read what follows them into the body; libxml2 drops
#: it (govcn_gazette_2007_npc_resolution.html ends its header with ``</html>`` and puts the
#: whole document after it).
_END_OF_PAGE = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)

#: Elements whose content a reader never sees as text.
_UNSEEN = (
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "input", "select", "option", "textarea", "button", "map", "audio", "video",
    "title", "meta", "link",
)  # fmt: skip

#: Elements that start and end a line.
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "section", "article", "main", "aside", "header", "footer", "nav", "blockquote", "pre",
     "center", "table", "tr", "td", "th", "caption", "thead", "tbody", "tfoot", "hr",
     "address", "figure", "figcaption", "form", "fieldset", "body", "html"}
)  # fmt: skip

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")


def read_html(data: bytes, *, source: str, encoding: str | None = None) -> Read:
    """The body text, tables, places and metadata of a web page's bytes (see the module
    docstring for what is kept and what is dropped)."""
    text = _XML_DECLARATION.sub("", _decode_page(data, source, encoding))
    text = _END_OF_PAGE.sub("", text)
    if not text.strip():
        return Read("")
    root = _parse(text)
    if root is None:
        return Read("")
    tags = page_tags(root)
    _drop_unseen(root)
    body = root.find("body")
    scope = body if body is not None else root
    stats = measure(scope)
    metadata = read_page_metadata(scope, tags)
    container = find_body(scope, stats)
    blocks = metadata_blocks(scope, stats)
    walker = _Walker(container, stats, blocks)
    walker.walk(container)
    walker.flush()
    lines = walker.lines
    opening = _squeeze("".join(line for line, _ in lines[:6]))
    lead: list[tuple[str, str]] = []
    for heading in _lead_in(container, stats):
        before = _Walker(heading, stats, blocks)
        before.walk(heading)
        before.flush()
        lead.extend(
            (line, _name(heading)) for line, _ in before.lines if _squeeze(line) not in opening
        )
    for after in _trailer(container, stats, blocks):
        following = _Walker(after, stats, blocks)
        following.walk(after)
        following.flush()
        lines.extend(following.lines)
    lines = lead + lines
    title = metadata.get("title")
    if title and _squeeze(title) not in _squeeze("".join(line for line, _ in lines[:6])):
        lines.insert(0, (title, "title"))
    out: list[str] = []
    places: list[Place] = []
    offset = 0
    for line, place in lines:
        places.append((offset, place))
        out.append(line)
        offset += len(line) + 1
    return Read("\n".join(out), tuple(walker.tables), tuple(places), metadata)


_HEADINGS = ("h1", "h2", "h3", "h4")


def _lead_in(container: HtmlElement, stats: dict[HtmlElement, Stats]) -> list[HtmlElement]:
    """The headings set just before the body (a title and 文号 in ``<h2>``/``<h3>`` above the
    text): those among the preceding siblings of the body or of its nearest ancestor that has
    any, in document order."""
    node = container
    for _ in range(4):
        parent = node.getparent()
        if parent is None or node.tag == "body":
            break
        found: list[HtmlElement] = []
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str) or is_chrome(sibling, stats):
                continue
            inside = [sibling] if sibling.tag in _HEADINGS else list(sibling.iter(*_HEADINGS))
            found[:0] = [h for h in inside if stats.get(h, Stats()).links == 0]
        if found:
            return found
        node = parent
    return []


#: A block after the body is part of it (a signature and date set apart) only if this short.
_TRAILER_SIZE = 120


def _trailer(
    container: HtmlElement, stats: dict[HtmlElement, Stats], blocks: set[HtmlElement]
) -> list[HtmlElement]:
    """The blocks right after the body that end the document rather than the page: short text
    set apart from the body's element (a signature and date in a ``<div>`` of their own), up to
    the first block that is a widget, a link list, the metadata table or longer."""
    found: list[HtmlElement] = []
    for sibling in container.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        s = stats.get(sibling, Stats())
        if not s.chars and not s.link_chars:
            continue
        if (
            sibling in blocks
            or is_chrome(sibling, stats)
            or s.link_chars
            or s.chars > _TRAILER_SIZE
            or len(found) == 3
        ):
            break
        found.append(sibling)
    return found


def _squeeze(text: str) -> str:
    return "".join(text.split())


_PARSER = lxml_html.HTMLParser(huge_tree=True)
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*>")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")


def _parse(text: str) -> HtmlElement | None:
    """The page's tree, or ``None`` if it holds nothing.

    libxml2 drops what lies deeper than its nesting limit (a page of 3,000 nested ``<div>``):
    when the tree holds fewer Chinese characters than the markup, the page is parsed again
    with its tags flattened (block tags as line breaks), so no text is lost.
    """
    try:
        root: HtmlElement = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    expected = len(_IDEOGRAPH.findall(_TAG_OR_COMMENT.sub("", text)))
    if root is not None and len(_IDEOGRAPH.findall(root.text_content())) >= 0.98 * expected:
        return root

    def flat(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if name in _UNSEEN or name == "a":
            return m.group(0)
        return "" if name not in _BLOCKS and name != "br" else "<br>"

    try:
        flattened: HtmlElement = lxml_html.document_fromstring(_TAG.sub(flat, text), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return root
    return flattened


def _decode_page(data: bytes, source: str, encoding: str | None) -> str:
    """The page's text: in ``encoding`` if given, else in the charset the page declares if it
    decodes, else as :func:`~policydiff._read._text.decode` detects."""
    if encoding is None:
        m = _CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            declared = _SUPERSET.get(declared, declared)
            try:
                name = codecs.lookup(declared).name
                if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                    return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass  # a page that lies about its charset: detect it as for plain text
    return decode(data, source=source, encoding=encoding)


def _drop_unseen(root: HtmlElement) -> None:
    """Remove what a browser does not show as text, keeping the text that follows it.

    Elements hidden by their style are kept: pages hide their body until a script shows it
    (changchun_property_notice_2017.html holds it in a ``display:none`` block)."""
    doomed = [el for el in root.iter() if not isinstance(el.tag, str) or el.tag in _UNSEEN]
    for el in doomed:
        if el is root or el.getparent() is None:
            continue
        _drop(el)


def _drop(el: HtmlElement) -> None:
    """Remove an element (and its inside), keeping its tail text in place."""
    parent = el.getparent()
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


class _Walker:
    """Writes an element's inside as lines of text (one per paragraph) and table records."""

    def __init__(
        self,
        container: HtmlElement,
        stats: dict[HtmlElement, Stats],
        metadata: set[HtmlElement] | None = None,
    ) -> None:
        self.container = container
        self.stats = stats
        self.metadata = metadata or set()
        self.lines: list[tuple[str, str]] = []
        self.tables: list[Table] = []
        self._buffer: list[str] = []
        self._blank = True
        self._owner: HtmlElement = container
        self._ranks: dict[HtmlElement, dict[HtmlElement, tuple[int, int]]] = {}

    def flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        self._blank = True
        for line in _lines(text):
            self.lines.append((line, self.place(self._owner)))

    def place(self, el: HtmlElement) -> str:
        """A short path to an element: the body's element, then the last two steps."""
        steps: list[str] = []
        node: HtmlElement | None = el
        while node is not None and node is not self.container and len(steps) < 2:
            parent = node.getparent()
            k, count = self._rank(node, parent)
            steps.append(f"{node.tag}[{k}]" if count > 1 else node.tag)
            node = parent
        return " ".join([_name(self.container), *reversed(steps)])

    def _rank(self, node: HtmlElement, parent: HtmlElement | None) -> tuple[int, int]:
        """``node``'s rank among its parent's children of its tag, and their number (counted
        once per parent: a body of 30,000 paragraphs must not be counted 30,000 times)."""
        if parent is None:
            return (1, 1)
        ranks = self._ranks.get(parent)
        if ranks is None:
            counts: dict[str, int] = {}
            seen: dict[HtmlElement, int] = {}
            for child in parent:
                counts[child.tag] = counts.get(child.tag, 0) + 1
                seen[child] = counts[child.tag]
            ranks = {child: (k, counts[child.tag]) for child, k in seen.items()}
            self._ranks[parent] = ranks
        return ranks.get(node, (1, 1))

    def add(self, text: str | None, owner: HtmlElement) -> None:
        if text:
            if self._blank:
                self._owner = owner
                self._blank = not text.strip()
            self._buffer.append(text)

    def walk(self, el: HtmlElement) -> None:
        # Iterative: saved pages nest deeper than Python's recursion limit.
        stack: list[tuple[HtmlElement, bool]] = [(el, False)]
        while stack:
            node, done = stack.pop()
            block = node.tag in _BLOCKS
            if done:
                if block:
                    self.flush()
                if node is not el:
                    self.add(node.tail, _block_of(node.getparent(), self.container))
                continue
            if node is not el and (node in self.metadata or is_chrome(node, self.stats)):
                self.add(node.tail, _block_of(node.getparent(), self.container))
                continue
            if node.tag == "br":
                self.flush()
                self.add(node.tail, _block_of(node.getparent(), self.container))
                continue
            if block:
                self.flush()
            if node.tag == "table" and self._table(node):
                self.add(node.tail, _block_of(node.getparent(), self.container))
                continue
            self.add(node.text, node if block else _block_of(node, self.container))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node) if isinstance(child.tag, str))

    def _table(self, table: HtmlElement) -> bool:
        """Record a data table; ``False`` for a layout table, to be read as paragraphs."""
        if any(True for _ in table.iterdescendants("table")):
            return False
        rows: list[list[Cell]] = []
        marked = 0
        for tr in _rows(table):
            cells = [c for c in tr if c.tag in ("td", "th")]
            if not cells:
                continue
            if len(rows) == marked and (
                tr.getparent().tag == "thead" or all(c.tag == "th" for c in cells)
            ):
                marked += 1
            rows.append([(_cell_text(c), _span(c, "rowspan"), _span(c, "colspan")) for c in cells])
        if not looks_like_data([len(row) for row in rows]):
            return False
        if any(len(text) > 300 for row in rows for text, _, _ in row):
            return False  # a frame round the page's text, not a grid of values
        # A grid of text without figures, header cells or ruled borders lays out a page.
        ruled = (table.get("border") or "0").strip() not in ("", "0") or "Mso" in (
            table.get("class") or ""
        )
        if not (marked or ruled or any(is_number(t) for row in rows for t, _, _ in row)):
            return False
        try:
            grid = resolve(rows)
        except ValueError:
            return False  # spans too large for a grid of values: read its cells as text
        header_rows, header_cols = header_counts(grid, marked_rows=marked)
        caption_el = table.find("caption")
        caption = _cell_text(caption_el) if caption_el is not None else ""
        if not caption and self.lines and len(self.lines[-1][0]) <= 80:
            caption = self.lines[-1][0]
        self.tables.append(
            Table(
                key=f"t{len(self.tables) + 1}",
                rows=grid,
                header_rows=header_rows,
                header_cols=header_cols,
                caption=caption,
                where=self.place(table),
            )
        )
        return True


def _rows(table: HtmlElement) -> list[HtmlElement]:
    rows: list[HtmlElement] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _span(cell: HtmlElement, name: str) -> int:
    try:
        return int((cell.get(name) or "1").strip())
    except ValueError:
        return 1


def _cell_text(cell: HtmlElement) -> str:
    walker = _Walker(cell, {})
    walker.walk(cell)
    walker.flush()
    return "\n".join(line for line, _ in walker.lines)


def _block_of(el: HtmlElement | None, container: HtmlElement) -> HtmlElement:
    while el is not None and el is not container and el.tag not in _BLOCKS:
        el = el.getparent()
    return container if el is None else el


def _name(el: HtmlElement) -> str:
    if el.get("id"):
        return f"{el.tag}#{el.get('id')}"
    classes = (el.get("class") or "").split()
    return f"{el.tag}.{classes[0]}" if classes else el.tag


def _lines(text: str) -> list[str]:
    """A paragraph's text as a browser lays it out: runs of spaces one space, a line break
    between two Chinese characters nothing; no line if it is blank."""
    line = _SPACES.sub(" ", _CJK_BREAK.sub("", text)).strip().strip("\u200b\ufeff").strip()
    return [line] if line else []
