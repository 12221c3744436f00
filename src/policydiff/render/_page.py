"""The standalone HTML page's reading tools: a sticky bar with the table of contents, filters
and a search box, a small inline-SVG chart of the headline changes, a print stylesheet.

Everything is inline (no file, font or script is fetched): the page stays one self-contained
file. The tools need the page's one inline script; without it (a notebook that does not run
scripts, a reader that blocks them) the bar's filters stay hidden and the page reads as a
plain changelog. Below full detail a long row of the table shows its first lines, and a
click opens it. The filter buttons and the search box hide rows of the 新旧对照表 with the
``hidden`` attribute; a fragment ``#filter=added`` or ``#q=村卫生室`` opens the page filtered
(a link to a filtered view), by clicking the same button.
"""

from __future__ import annotations

from html import escape

from ..model import NumberChange
from ._digest import Signal
from ._markdown import SIGNAL_TITLES
from ._view import Side, View, clip, metric_label, node_heading, node_label

__all__ = ["FILTERS", "PAGE_CSS", "SCRIPT", "chart", "digest_html", "row_classes", "toolbar"]

#: The filters of the bar: ``(name, label)``; ``all`` shows every row.
FILTERS = (
    ("all", "All 全部"),
    ("added", "New 新增"),
    ("dropped", "Dropped 删除"),
    ("changed", "Changed 修改"),
    ("moved", "Moved 移动"),
    ("numbers", "Numbers 数字"),
)

#: Styles of the bar, the chart and print (added to the page's :data:`~._html.CSS`). A row the
#: filters hide stays hidden on a phone's screen too, where the 新旧对照表's rows are blocks
#: (``display:block`` would otherwise win over the ``hidden`` attribute); print shows them all.
PAGE_CSS = """\
.policydiff .bar{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid \
var(--line);padding:.35rem 0;display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center;\
font-size:.85rem}
.policydiff .bar nav{display:flex;flex-wrap:wrap;gap:.2rem .7rem}
.policydiff .bar .tools{display:flex;flex-wrap:wrap;gap:.25rem;align-items:center}
.policydiff .bar .tools[hidden]{display:none}
.policydiff .bar button{font:inherit;border:1px solid var(--line);background:#f6f8fa;\
border-radius:1em;padding:.05rem .6rem;cursor:pointer}
.policydiff .bar button[aria-pressed="true"]{background:var(--ink);color:#fff}
.policydiff .bar input{font:inherit;border:1px solid var(--line);border-radius:4px;\
padding:.1rem .4rem;width:9rem}
.policydiff .bar .count{color:var(--muted)}
.policydiff svg.chart{max-width:100%;height:auto;font-size:12px}
.policydiff svg.chart .up{fill:#1a7f37}
.policydiff svg.chart .down{fill:#9a3412}
.policydiff svg.chart text{fill:var(--ink)}
.policydiff [id]{scroll-margin-top:3.2rem}
.policydiff .clamped table.compare tr:not(.open) td:not(:target) .body{max-height:8em;\
overflow:hidden;cursor:pointer;-webkit-mask-image:linear-gradient(#000 75%,transparent);\
mask-image:linear-gradient(#000 75%,transparent)}
@media (max-width:700px){.policydiff .bar{position:static}.policydiff .bar input{width:100%}}
@media screen{.policydiff table.compare tr[hidden]{display:none}}
@media print{
.policydiff .bar{display:none}
.policydiff{max-width:none;font-size:11pt}
.policydiff tr[hidden]{display:table-row}
.policydiff tr.folded .body{display:block}
.policydiff .clamped table.compare td .body{max-height:none!important;\
-webkit-mask-image:none!important;mask-image:none!important}
.policydiff table.compare tr{break-inside:avoid}
.policydiff a{color:inherit}
.policydiff del,.policydiff ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

#: The page's one script: the filters and the search of the bar (no network, no storage).
SCRIPT = """\
(function(){
var page=document.querySelector('main.policydiff');if(!page)return;
var rows=[].slice.call(page.querySelectorAll('table.compare tbody tr'));
var tools=page.querySelector('.bar .tools');var box=tools.querySelector('input');
var count=tools.querySelector('.count');var buttons=[].slice.call(tools.querySelectorAll('button'));
var filter='all';
function apply(){var q=box.value.trim().toLowerCase();var shown=0;
rows.forEach(function(r){var ok=(filter==='all'||r.classList.contains(filter))&&
(!q||r.textContent.toLowerCase().indexOf(q)>=0);r.hidden=!ok;if(ok)shown++;});
count.textContent=shown+' / '+rows.length;}
buttons.forEach(function(b){b.addEventListener('click',function(){filter=b.dataset.filter;
buttons.forEach(function(o){o.setAttribute('aria-pressed',String(o===b));});apply();});});
box.addEventListener('input',apply);tools.hidden=false;
rows.forEach(function(r){r.addEventListener('click',function(e){if(!e.target.closest('a'))
r.classList.toggle('open');});});
var h=decodeURIComponent(location.hash.slice(1));var m=/^filter=(\\w+)$/.exec(h);
var s=/^q=(.+)$/.exec(h);if(s){box.value=s[1];}
var pick=m&&tools.querySelector('button[data-filter="'+m[1]+'"]');if(pick){pick.click();}
else{apply();}
})();
"""


def _link(v: View, side: Side, path: str) -> str:
    """A link to the node at ``path`` on ``side``, shown by the document's own label."""
    anchor = escape(f"{side}-{path}", quote=True)
    return f'<a href="#{anchor}">{escape(v.label(side, path))}</a>'


def _signal(s: Signal, v: View) -> str:
    """One signal with links to where it stands."""
    sides: tuple[tuple[Side, str | None], ...] = (("old", s.old), ("new", s.new))
    links = " ".join(
        _link(v, side, path) for side, path in sides if path is not None and path in v.lookup[side]
    )
    if s.kind == "target":
        # listed under its first change (Targets lowered): only what else it did is said
        also = f"also {escape(', '.join(s.changes[1:]))}; " if len(s.changes) > 1 else ""
        return f'{escape(s.text)} <span class="num">{escape(s.detail)}</span> ({also}{links})'

    if s.kind == "citation":
        return escape(f"《{s.text}》")
    if s.kind in ("agency", "phrase"):
        return escape(s.text) + (f" <small>{escape(s.detail)}</small>" if s.detail else "")
    size = f"; {escape(s.detail)}" if s.detail else ""
    return f"{escape(clip(s.text, 80))} ({links}{size})"


def digest_html(v: View) -> str:
    """The digest box: summary, policy signals, renames (the figures follow it)."""
    g = v.digest
    items: list[str] = []
    for kind, change, title in SIGNAL_TITLES:
        group = [s for s in g.signals if s.kind == kind and s.changes[0] == change]
        if not group:
            continue
        more = g.left_out(kind, change)  # type: ignore[arg-type]
        tail = f" <small>(and {more} more)</small>" if more else ""
        inner = "".join(f"<li>{_signal(s, v)}</li>" for s in group)
        items.append(
            f'<li data-signal="{kind}-{change}"><strong>{title}</strong>{tail}<ul>{inner}</ul></li>'
        )
    renames = "".join(
        f"<li><code>{escape(r.old)}</code> → <code>{escape(r.new)}</code>: "
        f"{r.places} places ({', '.join(_link(v, 'new', p) for p in r.where[:6])}"
        f"{', …' if len(r.where) > 6 else ''})</li>"
        for r in g.renames
    )
    return (
        '<section id="digest" class="digest"><h2>Digest 摘要</h2>'
        f'<p class="summary">{escape(g.summary)}</p>'
        + (
            f'<h3>Policy signals 政策信号</h3><ul class="signals">{"".join(items)}</ul>'
            if items
            else ""
        )
        + (f'<h3>Renames 统一改称</h3><ul class="renames">{renames}</ul>' if renames else "")
        + "</section>"
    )


def toolbar(v: View, *, digest_only: bool) -> str:
    """The sticky bar: links to the page's sections and top-level rows, then the filters and
    the search box (hidden until the script shows them)."""
    links = [("digest", "Digest 摘要"), ("numbers", "Figures 数字")]
    if not digest_only:
        links.append(("compare", "Side by side 对照"))
    top = [
        n
        for n in v.diff.nodes
        if n.change != "unchanged" and (n.new or n.old or "").count(".") == 0
    ]
    nav = "".join(f'<a href="#{key}">{escape(label)}</a>' for key, label in links)
    if not digest_only:
        for n in top[:12]:
            side: Side = "new" if n.new else "old"
            path = n.new or n.old or ""
            label = clip(f"{node_label(n, side)} {node_heading(n, side)}".strip(), 14)
            nav += f'<a href="#{side}-{escape(path, quote=True)}">{escape(label)}</a>'
    tools = ""
    if not digest_only:
        buttons = "".join(
            f'<button type="button" data-filter="{key}" aria-pressed="{str(key == "all").lower()}"'
            f">{escape(label)}</button>"
            for key, label in FILTERS
        )
        tools = (
            f'<div class="tools" hidden>{buttons}'
            '<input type="search" placeholder="Search 搜索" aria-label="Search the sections">'
            '<span class="count"></span></div>'
        )
    return f'<div class="bar"><nav aria-label="Contents">{nav}</nav>{tools}</div>'


def row_classes(v: View, old: str | None, new: str | None) -> list[str]:
    """``numbers`` for a row whose node states a figure that changed, came or went."""
    for c in v.diff.numbers:
        if c.change == "unchanged":
            continue
        if (c.old and c.old.node == old and old) or (c.new and c.new.node == new and new):
            return ["numbers"]
    return []


def _value(c: NumberChange) -> tuple[float, str]:
    """The bar's length (a relative change, or percentage points as such) and its label."""
    if c.relative is not None:
        return c.relative * 100, f"{c.relative * 100:+.1f}%"
    delta = c.delta or 0.0
    return delta, f"{delta:+.1f}pp"


def chart(v: View, *, width: int = 640, row: int = 22, limit: int = 12) -> str:
    """The headline changes as horizontal bars from a middle line: right and green for a rise,
    left and red for a fall (relative change, or percentage points for rates)."""
    figures = [c for c in v.digest.figures if c.delta is not None][:limit]
    if not figures:
        return ""
    values = [_value(c) for c in figures]
    scale = max(abs(x) for x, _ in values) or 1.0
    label_w, middle = 230, 230 + (width - 230) // 2
    half = (width - 230) // 2 - 60
    parts = [
        f'<svg class="chart" role="img" aria-label="Headline changes" viewBox="0 0 {width} '
        f'{row * len(figures) + 10}" width="{width}" height="{row * len(figures) + 10}">',
        f'<line x1="{middle}" y1="0" x2="{middle}" y2="{row * len(figures) + 10}" '
        'stroke="#d1d9e0"/>',
    ]
    for i, (c, (x, shown)) in enumerate(zip(figures, values, strict=True)):
        y = 5 + i * row
        length = abs(x) / scale * half
        left = middle - length if x < 0 else middle
        trend = "up" if x > 0 else "down"
        text_x = middle + length + 4 if x >= 0 else middle - length - 4
        anchor = "start" if x >= 0 else "end"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">'
            f"{escape(clip(metric_label(c), 16))}</text>"
            f'<rect class="{trend}" x="{left:.1f}" y="{y + 3}" width="{max(length, 1):.1f}" '
            f'height="{row - 8}"><title>{escape(metric_label(c))}: {escape(shown)}</title>'
            f'</rect><text x="{text_x:.1f}" y="{y + 14}" text-anchor="{anchor}">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
