"""Terminal: a diff as a coloured rich renderable (the ``rich`` extra, imported lazily)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import MissingExtraError
from ..model import NumberChange, PolicyDiff
from ._plain import _digest_lines, _value
from ._tables import tables_rich
from ._view import (
    Entry,
    Side,
    change_label,
    clip,
    is_heading,
    metric_label,
    node_heading,
    node_label,
    node_text,
    view,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["diff_rich"]


def diff_rich(d: PolicyDiff) -> RenderableType:
    """The diff as a rich renderable: a coloured summary for a terminal.

    rich is imported here, not when policydiff is: ``pip install 'policydiff[rich]'``.

    >>> from rich.console import Console
    >>> from policydiff import diff, parse
    >>> console = Console(width=60, color_system=None)
    >>> d = diff(parse("一、总体\\n村卫生室58.2万个。"), parse("一、总体\\n村卫生室57万个。"))
    >>> with console.capture() as captured:
    ...     console.print(diff_rich(d))
    >>> "58.2万个" in captured.get() and "-2.1%" in captured.get()
    True
    """
    try:
        from rich import box
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text
    except ImportError as err:
        raise MissingExtraError("rich", "rich") from err
    v = view(d)

    parts: list[RenderableType] = [
        Text.assemble(
            ("What changed: ", "bold"),
            (v.old_label, "bold red"),
            " → ",
            (v.new_label, "bold green"),
        ),
        Text(v.glance, style="dim"),
    ]
    # the digest: its summary bold, each group of signals under its title
    for said in _digest_lines(v)[2:]:
        parts.append(Text(said[2:], style="" if said.startswith("    ") else "bold"))
    numbers = v.headline
    if numbers:
        table = Table(title="Headline figures", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("metric", ratio=1, min_width=10, overflow="fold")
        for column in ("old → new", "change"):
            table.add_column(column, no_wrap=True)
        # A label pair (二、(三)二是 → 二、(四)二是) folds rather than squeeze the metric.
        table.add_column("where", ratio=1, max_width=16, overflow="fold")
        for c in numbers:
            style = "dim" if c.change == "unchanged" else "bold"
            table.add_row(
                metric_label(c),
                Text.assemble(_value(c.old), " → ", (_value(c.new), style)),
                Text(change_label(c), style=_trend_style(c)),
                v.where(c.old.node if c.old else None, c.new.node if c.new else None),
            )
        parts.append(table)

    parts += tables_rich(d)

    def listing(title: str, entries: tuple[Entry, ...], side: Side, style: str, sign: str) -> None:
        if not entries:
            return
        parts.append(Text(title, style="bold underline"))
        stack = [(e, 0) for e in reversed(entries)]
        while stack:
            entry, level = stack.pop()
            n = entry.node
            label = node_heading(n, side) or clip(node_text(n, side), 36)
            parts.append(Text(f"{'  ' * level}{sign} {node_label(n, side)} {label}", style=style))
            stack.extend((kid, level + 1) for kid in reversed(entry.children))

    listing("New sections and measures", v.added, "new", "green", "+")
    listing("Dropped sections and measures", v.dropped, "old", "red", "-")
    changed = v.changed
    if changed:
        parts.append(Text("Changed sections", style="bold underline"))
        measures = v.measures
        for n in changed:
            counts = {"added": 0, "dropped": 0, "changed": 0}
            for m in measures.get((n.old, n.new), []):
                if m.change in counts and not is_heading(m, n):
                    counts[m.change] += 1
            line = Text("~ ", style="yellow")
            line.append(v.where(n.old, n.new), style="bold")
            line.append(" " + (n.new_heading or n.old_heading or clip(n.new_text, 30)))
            if n.moved:
                line.append(" (moved)", style="magenta")
            line.append(
                f"  +{counts['added']} -{counts['dropped']} ~{counts['changed']} sentences",
                style="dim",
            )
            parts.append(line)
    parts.append(Text(v.unchanged, style="dim"))
    parts.append(
        Text("The full redline: --format md or --format html.", style="dim italic"),
    )
    return Group(*parts)


def _trend_style(c: NumberChange) -> str:
    if c.change != "changed" or c.delta is None:
        return "dim"
    return "bold cyan" if c.delta > 0 else "bold magenta" if c.delta < 0 else "dim"
