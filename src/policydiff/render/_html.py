"""HTML: a diff as one self-contained page, a 新旧对照表 (old | new, side by side).

- :func:`html` — the page: the two documents, the headline figures (numbers highlighted), the
  new and dropped sections linked to their rows, then every node in the new document's order,
  the old text beside the new with ``<del>``/``<ins>``, added and dropped nodes in their place
  and each linked pair's anchors (``#old-2.1`` ↔ ``#new-2.5``) pointing at each other. Inline
  CSS only, no script, nothing fetched; columns stack on a phone.
- :func:`document_html` — a document's tree as a compact table, for a notebook.

Every piece of document text goes through :func:`html.escape`: a document that contains
``<script>`` shows it as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Literal

from ..model import Document, Edit, MeasureChange, NameChange, NodeChange, NumberChange, PolicyDiff
from ._page import PAGE_CSS, SCRIPT, chart, digest_html, row_classes, toolbar
from ._tables import tables_html
from ._view import (
    Detail,
    Side,
    View,
    as_of_label,
    change_label,
    check_detail,
    clip,
    depth,
    doc_name,
    metric_label,
    node_heading,
    node_label,
    node_path,
    node_text,
    view,
)

__all__ = ["CSS", "document_html", "html"]

#: The page's only style sheet, scoped to ``.policydiff`` so a notebook's own styles survive.
CSS = """\
.policydiff{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--add:#dafbe1;--add-ink:#116329;\
--del:#ffebe9;--del-ink:#82071e;--num:#fff1b8;--link:#0969da;color:var(--ink);\
font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB",\
"Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;\
line-height:1.7;max-width:1200px;margin:0 auto;padding:1rem;font-size:16px}
.policydiff h1{font-size:1.45rem;line-height:1.35;margin:.2rem 0 .8rem}
.policydiff h2{font-size:1.15rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line)}
.policydiff a{color:var(--link);text-decoration:none}
.policydiff a:hover{text-decoration:underline}
.policydiff table{border-collapse:collapse;width:100%}
.policydiff th,.policydiff td{border:1px solid var(--line);padding:.35rem .6rem;\
vertical-align:top;text-align:left}
.policydiff th{background:#f6f8fa;font-weight:600}
.policydiff .scroll{overflow-x:auto}
.policydiff .glance{color:var(--muted)}
.policydiff del{background:var(--del);color:var(--del-ink);text-decoration:line-through}
.policydiff ins{background:var(--add);color:var(--add-ink);text-decoration:none}
.policydiff .num{background:var(--num);border-radius:3px;font-weight:600;\
font-variant-numeric:tabular-nums}
.policydiff del .num,.policydiff ins .num{background:transparent}
.policydiff table.numbers td.value{white-space:nowrap;font-variant-numeric:tabular-nums}
.policydiff .down{color:#9a3412;font-weight:600}
.policydiff .up{color:#1a7f37;font-weight:600}
.policydiff .same{color:var(--muted)}
.policydiff table.compare{table-layout:fixed}
.policydiff table.compare td{width:50%}
.policydiff tr.added td.new{background:#f3fcf5}
.policydiff tr.dropped td.old{background:#fff6f5}
.policydiff tr.unchanged td{color:var(--muted)}
.policydiff td.empty{background:repeating-linear-gradient(135deg,#f6f8fa 0 6px,#fff 6px 12px)}
.policydiff .loc{font-size:.8rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:.1rem .5rem;\
align-items:baseline}
.policydiff .loc .path{font-weight:600}
.policydiff .tag{font-size:.72rem;border:1px solid currentColor;border-radius:1em;padding:0 .45em}
.policydiff .tag.added{color:var(--add-ink)}
.policydiff .tag.dropped{color:var(--del-ink)}
.policydiff .tag.moved{color:#8250df}
.policydiff .heading{font-weight:700}
.policydiff .lvl-1 .body,.policydiff .lvl-1 .loc{margin-left:.8rem}
.policydiff .lvl-2 .body,.policydiff .lvl-2 .loc{margin-left:1.6rem}
.policydiff .lvl-3 .body,.policydiff .lvl-3 .loc{margin-left:2.4rem}
.policydiff td:target,.policydiff tr:target{outline:3px solid var(--link);outline-offset:-3px}
.policydiff [id]{scroll-margin-top:1rem}
.policydiff ul{padding-left:1.3rem}
.policydiff table.tree td.text{color:var(--muted)}
.policydiff footer{margin-top:2rem;font-size:.8rem;color:var(--muted)}
.policydiff .digest{border:1px solid var(--line);border-radius:6px;padding:.2rem 1rem;\
margin:1rem 0;background:#fbfcfd}
.policydiff .digest .summary{font-weight:600}
.policydiff .digest ul ul{margin:.1rem 0}
.policydiff .renames code{background:#f6f8fa;padding:0 .3em}
.policydiff tr.folded .body{display:none}
.policydiff tr.folded td:target .body{display:block}
@media (max-width:700px){
.policydiff{padding:.6rem;font-size:15px}
.policydiff table.compare thead{display:none}
.policydiff table.compare,.policydiff table.compare tbody,.policydiff table.compare tr,\
.policydiff table.compare td{display:block;width:auto}
.policydiff table.compare tr{border:1px solid var(--line);margin-bottom:.7rem}
.policydiff table.compare td{border:0}
.policydiff table.compare td+td{border-top:1px dashed var(--line)}
.policydiff table.compare td.empty{display:none}
.policydiff table.numbers thead{display:none}
.policydiff table.numbers,.policydiff table.numbers tbody,\
.policydiff table.numbers tr{display:block}
.policydiff table.numbers tr{border-bottom:1px solid var(--line);padding:.35rem 0}
.policydiff table.numbers td{display:inline-block;border:0;padding:0 .5rem 0 0}
.policydiff table.numbers td:first-child{display:block;font-weight:600}
.policydiff table.numbers td.old::after{content:" →"}
.policydiff table.compare td::before{content:attr(data-side);font-size:.72rem;color:var(--muted)}
.policydiff [class^="lvl-"] .body,.policydiff [class^="lvl-"] .loc{margin-left:0}
}
"""


def _anchor(side: Side, path: str) -> str:
    return escape(f"{side}-{path}", quote=True)


def _link(side: Side, path: str, label: str | None = None) -> str:
    return f'<a href="#{_anchor(side, path)}">{escape(label or path)}</a>'


_NO_MATCH = re.compile(r"(?!)")


def _needles(texts: Iterable[str]) -> re.Pattern[str]:
    """One pattern for the quantities of a node, longest first so ``58.2万个`` beats ``58.2``."""
    unique = sorted({t for t in texts if t}, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, unique))) if unique else _NO_MATCH


def _marked(text: str, numbers: re.Pattern[str]) -> str:
    """Escaped text with the node's quantities in ``<span class="num">``."""
    out: list[str] = []
    cursor = 0
    for match in numbers.finditer(text):
        out.append(escape(text[cursor : match.start()]))
        out.append(f'<span class="num">{escape(match.group())}</span>')
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return "".join(out)


def _edits_html(edits: tuple[Edit, ...], side: Side, numbers: re.Pattern[str]) -> str:
    """One side of some edits: equal text plain, this side's changes in ``<del>``/``<ins>``."""
    out: list[str] = []
    for e in edits:
        if e.op == "equal":
            out.append(_marked(e.old if side == "old" else e.new, numbers))
        elif side == "old" and e.op in ("delete", "replace") and e.old:
            out.append(f"<del>{_marked(e.old, numbers)}</del>")
        elif side == "new" and e.op in ("insert", "replace") and e.new:
            out.append(f"<ins>{_marked(e.new, numbers)}</ins>")
    return "".join(out)


def _body(
    n: NodeChange, side: Side, measures: list[MeasureChange], numbers: re.Pattern[str]
) -> str:
    """A node's heading and text on one side, sentence by sentence with its changes marked."""
    heading, text = node_heading(n, side), node_text(n, side)
    refs = [(m, m.old if side == "old" else m.new) for m in measures]
    ordered = sorted(((ref.index, m, ref.text) for m, ref in refs if ref), key=lambda r: r[0])
    if not ordered:
        return _lone_body(n, side, numbers)
    out: list[str] = []
    cursor = 0
    for index, m, sentence in ordered:
        if m.change == "unchanged":
            shown = _marked(sentence, numbers)
        elif m.change == "changed":
            shown = _edits_html(m.inline, side, numbers)
        else:
            tag = "ins" if side == "new" else "del"
            shown = f"<{tag}>{_marked(sentence, numbers)}</{tag}>"
        if heading and index == 0 and sentence == heading:
            out.append(f'<div class="heading">{shown}</div>')
            continue
        found = text.find(sentence, cursor)
        if found >= 0:
            if cursor and "\n" in text[cursor:found]:
                out.append("<br>")
            cursor = found + len(sentence)
        out.append(shown)
    return "".join(out)


def _lone_body(n: NodeChange, side: Side, numbers: re.Pattern[str]) -> str:
    heading, text = node_heading(n, side), node_text(n, side)
    parts = [f'<div class="heading">{_marked(heading, numbers)}</div>'] if heading else []
    if text:
        parts.append(_marked(text, numbers).replace("\n", "<br>"))
    return "".join(parts)


def _cell(n: NodeChange, side: Side, body: str, label: str, v: View) -> str:
    path = node_path(n, side)
    if path is None:
        return '<td class="empty"></td>'
    other: Side = "new" if side == "old" else "old"
    counterpart = node_path(n, other)
    loc = [f'<a class="path" href="#{_anchor(side, path)}">{escape(node_label(n, side))}</a>']
    if counterpart is not None:
        arrow = f"→ {_label_of(other)} " if side == "old" else f"← {_label_of(other)} "
        loc.append(
            f'<a class="xref" href="#{_anchor(other, counterpart)}">{arrow}'
            f"{escape(node_label(n, other))}</a>"
        )
    if n.change in ("added", "dropped"):
        loc.append(f'<span class="tag {n.change}">{_TAGS[n.change]}</span>')
    if n.moved:
        loc.append('<span class="tag moved">moved 移动</span>')
    for r in n.related:
        loc.append(
            f'<span class="tag">{escape(r.kind.replace("_", " "))} '
            f"{_ref(v, other, r.old if other == 'old' else r.new)}</span>"
        )
    return (
        f'<td class="{side}" id="{_anchor(side, path)}" data-side="{escape(label, quote=True)}">'
        f'<div class="loc">{"".join(loc)}</div><div class="body">{body}</div></td>'
    )


_TAGS = {"added": "new 新增", "dropped": "dropped 删除"}
#: Below full detail, a long row shows its first lines; a click (or its anchor) opens it.
_CLAMPED = ' class="clamped"'


def _label_of(side: Side) -> str:
    """The short name of a side: ``旧`` or ``新``."""
    return "旧" if side == "old" else "新"


def _quantity_patterns(doc: Document) -> dict[str, re.Pattern[str]]:
    return {node.path: _needles(q.text for q in node.quantities) for node in doc.walk()}


def _compare(v: View, detail: Detail = "full") -> str:
    d = v.diff
    measures = v.measures
    patterns = {"old": _quantity_patterns(d.old), "new": _quantity_patterns(d.new)}
    old_label = f"旧 Old · {d.old.date or doc_name(d.old)}"
    new_label = f"新 New · {d.new.date or doc_name(d.new)}"
    sides: tuple[tuple[Side, str], ...] = (("old", old_label), ("new", new_label))
    rows: list[str] = []
    for n in d.nodes:
        cells = []
        for side, label in sides:
            path = node_path(n, side)
            numbers = patterns[side].get(path or "", _NO_MATCH)
            if n.change in ("added", "dropped"):
                body = _lone_body(n, side, numbers)
            else:
                body = _body(n, side, measures.get((n.old, n.new), []), numbers)
            shown = node_label(n, side) if path else ""
            cells.append(_cell(n, side, body, f"{label} {shown}".strip(), v))
        classes = [n.change, f"lvl-{min(depth(n.new or n.old), 3)}"] + (
            ["moved"] if n.moved else []
        )
        if detail != "full" and n.change == "unchanged" and not n.moved:
            classes.append("folded")
        classes += row_classes(
            v, n.old, n.new
        )  # its label stays (a link may lead to it), its text folds
        rows.append(f'<tr class="{" ".join(classes)}">{"".join(cells)}</tr>')
    return (
        '<table class="compare"><thead><tr>'
        f"<th>{escape(old_label)}</th><th>{escape(new_label)}</th>"
        "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


def _ref(v: View, side: Side, path: str, prefix: str = "") -> str:
    """A link to the node at ``path`` on ``side``, shown by the document's own label."""
    return _link(side, path, f"{prefix}{v.label(side, path)}")


def _where(c: NumberChange, v: View) -> str:
    parts = []
    if c.old:
        parts.append(_ref(v, "old", c.old.node, f"{_label_of('old')} "))
    if c.new:
        parts.append(_ref(v, "new", c.new.node, f"{_label_of('new')} "))
    return " → ".join(parts)


def _trend(c: NumberChange) -> str:
    if c.change != "changed" or c.delta is None:
        return "same"
    return "up" if c.delta > 0 else "down" if c.delta < 0 else "same"


def _numbers(v: View) -> str:
    numbers = v.headline
    if not numbers:
        return "<p>No figure is stated in both documents.</p>"
    arrows = {"up": "▲ ", "down": "▼ ", "same": ""}
    rows = []
    for c in numbers:
        trend = _trend(c)
        rows.append(
            f'<tr class="{c.change}"><td>{escape(metric_label(c))}</td>'
            f'<td class="value old"><span class="num">'
            f"{escape(c.old.quantity.text if c.old else '')}"
            f'</span></td><td class="value new"><span class="num">'
            f"{escape(c.new.quantity.text if c.new else '')}</span></td>"
            f'<td class="value {trend}">{arrows[trend]}{escape(change_label(c))}'
            f"{_notes(c)}</td><td>{_where(c, v)}</td><td>{escape(as_of_label(c))}</td></tr>"
        )
    return (
        '<div class="scroll"><table class="numbers"><thead><tr><th>Metric 指标</th>'
        "<th>Old 旧</th><th>New 新</th><th>Change 变化</th><th>Where 位置</th>"
        "<th>As of 截至</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    ) + _related_numbers(v)


def _notes(c: NumberChange) -> str:
    return f"<br><small>{escape('; '.join(c.notes))}</small>" if c.notes else ""


def _related_numbers(v: View) -> str:
    """Pairs below the headline confidence, apart: they may measure different things."""
    if not v.related_numbers:
        return ""
    rows = "".join(
        f"<tr><td>{escape(metric_label(c))}</td>"
        f'<td class="value"><span class="num">{escape(c.old.quantity.text if c.old else "")}'
        f'</span></td><td class="value"><span class="num">'
        f"{escape(c.new.quantity.text if c.new else '')}</span></td>"
        f"<td>{c.confidence or 0:.2f}</td><td>{_where(c, v)}</td></tr>\n"
        for c in v.related_numbers
    )
    return (
        '<h3>Possibly related figures 可能相关的数字</h3><p class="glance">Paired below the '
        "headline confidence: they may measure different things.</p>"
        '<div class="scroll"><table class="numbers"><thead><tr><th>Metric 指标</th>'
        "<th>Old 旧</th><th>New 新</th><th>Confidence 置信度</th><th>Where 位置</th></tr>"
        f"</thead><tbody>\n{rows}</tbody></table></div>"
    )


def _lone_list(v: View) -> str:
    """The new and dropped sections and measures, each a link to its row."""
    groups: tuple[tuple[Literal["added", "dropped"], Side, str], ...] = (
        ("added", "new", "New 新增"),
        ("dropped", "old", "Dropped 删除"),
    )
    items: list[str] = []
    for change, side, title in groups:
        entries = v.added if change == "added" else v.dropped
        for sections, noun in ((True, "sections"), (False, "measures")):
            chosen = [e for e in entries if bool(e.children) == sections]
            if not chosen:
                continue
            links = []
            for e in chosen:
                path = node_path(e.node, side) or ""
                label = node_heading(e.node, side) or clip(node_text(e.node, side), 30)
                links.append(_link(side, path, f"{node_label(e.node, side)} {label}"))
            items.append(f"<li><strong>{title} {noun}:</strong> {'; '.join(links)}</li>")
    return f'<ul class="lone">{"".join(items)}</ul>' if items else ""


def _names(changes: tuple[NameChange, ...], quote: bool, v: View) -> list[str]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        side: Side = "new" if c.change == "added" else "old"
        where = c.new if c.change == "added" else c.old
        places = grouped.setdefault((c.change, c.name), [])
        if where and _ref(v, side, where) not in places:
            places.append(_ref(v, side, where))
    items = []
    for (change, name), places in grouped.items():
        shown = escape(f"《{name}》" if quote else name)
        where = f" ({', '.join(places)})" if places else ""
        items.append(f'<li><span class="tag {change}">{change}</span> {shown}{where}</li>')
    return items


def _others(v: View) -> str:
    d = v.diff
    parts: list[str] = []
    names = _names(d.agencies, quote=False, v=v) + _names(d.citations, quote=True, v=v)
    if names:
        parts.append(
            '<section id="names"><h2>Lead agencies and cited documents 牵头部门与引用文件</h2>'
            f"<ul>{''.join(names)}</ul></section>"
        )
    if d.outside:
        items = "".join(
            f'<li><span class="tag {o.change}">{o.change}</span> '
            f"<small>{escape(o.reason)}</small> {escape(o.text)}</li>"
            for o in d.outside
        )
        parts.append(
            f'<section id="outside"><h2>Outside the body 正文以外</h2><ul>{items}</ul></section>'
        )
    lone = v.lone_numbers
    if lone:
        rows = []
        for c in lone:
            ref = c.new or c.old
            if ref is None:
                continue
            side: Side = "new" if c.new else "old"
            rows.append(
                f'<tr class="{c.change}"><td><span class="tag {c.change}">{c.change}</span></td>'
                f"<td>{escape(metric_label(c))}</td>"
                f'<td class="value"><span class="num">{escape(ref.quantity.text)}</span></td>'
                f"<td>{_ref(v, side, ref.node, f'{_label_of(side)} ')}</td>"
                f"<td>{escape(as_of_label(c))}</td></tr>"
            )
        parts.append(
            '<section id="other-figures"><h2>Figures stated in one year only 仅一年出现的数字</h2>'
            '<div class="scroll"><table class="numbers"><thead><tr><th></th><th>Metric 指标</th>'
            "<th>Value 数值</th><th>Where 位置</th><th>As of 截至</th></tr></thead><tbody>\n"
            + "\n".join(rows)
            + "\n</tbody></table></div></section>"
        )
    return "\n".join(parts)


def _meta(rows: tuple[tuple[str, str, str], ...]) -> str:
    body = "".join(
        f"<tr><th>{escape(field.capitalize())}</th><td>{escape(old) or '—'}</td>"
        f"<td>{escape(new) or '—'}</td></tr>"
        for field, old, new in rows
    )
    return (
        '<div class="scroll"><table class="meta"><thead><tr><th></th><th>Old 旧</th>'
        f"<th>New 新</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def _content(v: View, detail: Detail, *, fold: bool = False) -> str:
    d = v.diff
    head = [
        f"<header><h1>What changed 新旧对照: {escape(v.old_label)} → {escape(v.new_label)}</h1>",
        _meta(v.meta),
        f'<p class="glance">{escape(v.glance)}</p>',
        "</header>",
        digest_html(v),
        '<section id="numbers"><h2>Headline figures 主要数字变化</h2>',
        chart(v),
        _numbers(v),
        "</section>",
    ]
    footer = (
        f"<footer>Compared by policydiff: {escape(d.old.source or '(text)')} → "
        f"{escape(d.new.source or '(text)')}.</footer>"
    )
    if detail == "digest":
        return "\n".join([*head, footer])
    parts = [
        tables_html(d),
        _lone_list(v),
        f'<section id="compare"{_CLAMPED if detail == "sections" else ""}>'
        "<h2>新旧对照表 · Side by side</h2>",
        '<p class="glance">Old text on the left, new on the right, in the new document’s '
        "order: <del>deleted</del>, <ins>inserted</ins>, "
        '<span class="num">numbers</span>. ' + escape(v.unchanged) + "</p>",
        _compare(v, detail),
        "</section>",
        _others(v),
    ]
    rest = "\n".join(part for part in parts if part)  # a part with nothing to say is no line
    if fold:  # a notebook shows the digest; the sections open on a click
        rest = (
            f"<details><summary>The sections, side by side 新旧对照表</summary>\n{rest}\n</details>"
        )
    return "\n".join([*head, rest, footer])


def html(d: PolicyDiff, *, standalone: bool = True, detail: Detail = "sections") -> str:
    """The changelog as HTML: a whole page, or (``standalone=False``) a ``<div>`` for a notebook.

    The digest opens the page, then the headline figures; ``detail`` ``digest`` stops there,
    ``sections`` (the default) adds the 新旧对照表 of every node that changed or moved,
    ``full`` every node. The ``<div>`` for a notebook folds everything after the figures into
    a ``<details>`` element.

    >>> from policydiff import diff, parse
    >>> page = html(diff(parse("一、总则\\n<script>evil()</script>"),
    ...                  parse("一、总则\\n村卫生室57万个。")))
    >>> "<script>evil" in page, "&lt;script&gt;evil()&lt;/script&gt;" in page
    (False, True)
    >>> page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    True
    """
    v = view(d)
    detail = check_detail(detail)
    content = _content(v, detail, fold=not standalone)
    if not standalone:
        return f'<div class="policydiff"><style>{CSS}</style>\n{content}\n</div>\n'
    title = escape(f"What changed: {v.old_label} → {v.new_label}")
    bar = toolbar(v, digest_only=detail == "digest")
    script = "" if detail == "digest" else f"<script>\n{SCRIPT}</script>\n"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}{PAGE_CSS}</style>\n</head>\n<body>\n"
        f'<main class="policydiff">\n{bar}\n{content}\n</main>\n{script}</body>\n</html>\n'
    )


def document_html(doc: Document) -> str:
    """A document as a compact HTML table: its metadata, then one row per node.

    >>> from policydiff import parse
    >>> table = document_html(parse("一、总则\\n村卫生室57万个。"))
    >>> "57万个" in table and 'class="tree"' in table
    True
    """
    meta = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(str(value))}</td></tr>"
        for name, value in doc.metadata.items()
        if value
    )
    rows = []
    for node in doc.walk():
        numbers = _needles(q.text for q in node.quantities)
        rows.append(
            f'<tr class="lvl-{min(node.level, 3)}"><td>{escape(node.label or node.path)}</td>'
            f"<td>{escape(node.marker)}</td>"
            f'<td class="heading">{_marked(node.heading, numbers)}</td>'
            f'<td class="text">{_marked(clip(node.text, 80), numbers)}</td>'
            f"<td>{escape('、'.join(q.text for q in node.quantities))}</td>"
            f"<td>{escape('、'.join(node.agencies))}</td></tr>"
        )
    return (
        f'<div class="policydiff"><style>{CSS}</style>'
        f'<table class="meta"><tbody>{meta}</tbody></table>'
        '<table class="tree"><thead><tr><th>path</th><th>marker</th><th>heading</th>'
        "<th>text</th><th>numbers</th><th>agencies</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>\n"
    )
