"""The text of an English draft in its numbering style, and the path of every item."""

from __future__ import annotations

from ._builder import _Draft, _Fact, _Item, _Rendered, _Sentence
from ._english import roman


def _letter(n: int) -> str:
    return chr(ord("a") + n - 1) if n <= 26 else chr(ord("a") + (n - 1) % 26) * 2


def _sentence(sentence: _Sentence, year: int) -> str:
    if sentence.fact is not None:
        return sentence.fact.text(year) + "."
    text = ", ".join(sentence.clauses)
    return text[:1].upper() + text[1:] + "."


def render_english(draft: _Draft) -> _Rendered:
    """Render an English draft (see :mod:`policydiff.strategies._english` for the styles)."""
    lines: list[str] = []
    paths: dict[int, str] = {}
    facts: dict[int, tuple[int, _Fact]] = {}
    year, style = draft.year, draft.style

    def body(item: _Item) -> str:
        return " ".join(_sentence(s, year) for s in item.sentences)

    def own(item: _Item) -> str:
        text = body(item)
        if not item.heading:
            return text
        stop = ".\u2014" if style == "bill" else ". "
        return f"{item.heading}{stop}{text}" if text else item.heading

    def record(item: _Item, path: str) -> None:
        paths[item.uid] = path
        for sentence in item.sentences:
            if sentence.fact is not None:
                facts[sentence.fact.uid] = (item.uid, sentence.fact)

    lines.append(draft.title.format(year=year))
    if draft.preamble is not None:
        lines.append(body(draft.preamble))
        record(draft.preamble, "p1")
    counter = 0
    for k, top in enumerate(draft.parts[0].items, start=1):
        path = str(k)
        record(top, path)
        lines.append(
            {
                "contract": f"ARTICLE {roman(k)} - {top.heading}",
                "decimal": f"{k}. {top.heading}",
                "statute": f"{k} {top.heading}",
                "bill": f"SEC. {k}. {top.heading}.",
            }[style]
        )
        if top.sentences:
            lines.append(body(top))
        for j, child in enumerate(top.children, start=1):
            counter += 1
            ordinal = counter if draft.continuous else j
            child_path = f"{path}.{ordinal}"
            record(child, child_path)
            marker = {
                "contract": f"Section {counter}" if draft.continuous else f"Section {k}.{j}",
                "decimal": f"{k}.{j}",
                "statute": f"({j})",
                "bill": f"({_letter(j)})",
            }[style]
            lines.append(f"{marker} {own(child)}")
            for e, grandchild in enumerate(child.children, start=1):
                record(grandchild, f"{child_path}.{e}")
                marker = {
                    "contract": f"({_letter(e)})",
                    "decimal": f"{k}.{j}.{e}",
                    "statute": f"({_letter(e)})",
                    "bill": f"({e})",
                }[style]
                lines.append(f"{marker} {own(grandchild)}")
    return _Rendered("\n".join(lines) + "\n", paths, facts, {})
