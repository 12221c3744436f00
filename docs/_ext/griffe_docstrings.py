"""A Griffe extension: policydiff's docstrings, written for the REPL and Sphinx-style roles,
rendered as Markdown by mkdocstrings.

- ``:func:`~policydiff.scoring.check_alignment``` (and ``:class:``, ``:mod:``, ``:data:``,
  ``:attr:``, ``:meth:``, ``:exc:``) becomes a code span of the name shown (``check_alignment``);
- a block of ``>>>`` examples becomes a fenced ``pycon`` block;
- a paragraph ending in ``::`` (a literal block follows) ends in ``:``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|mod|data|attr|meth|exc|obj|const):`([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    if "<" in target and target.endswith(">"):  # :attr:`shown <target>`
        return f"``{target.partition('<')[0].strip()}``"
    if target.startswith("~"):
        target = target[1:].rpartition(".")[2]
    return f"``{target}``"


def _fence_examples(text: str) -> str:
    out: list[str] = []
    inside = False
    indent = ""
    for line in text.splitlines():
        stripped = line.lstrip()
        if not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out += [f"{indent}```pycon", line]
            inside = True
        elif inside and not stripped:
            out += [f"{indent}```", line]
            inside = False
        else:
            out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown(text: str) -> str:
    """A docstring's text as Markdown (see the module docstring)."""
    text = _ROLE.sub(_role, text)
    text = re.sub(r"(?m)(\S)::$", r"\1:", text)
    text = re.sub(r"(?m)^(\s*)::$", "", text)
    return _fence_examples(text)


class ReSTDocstrings(griffe.Extension):
    """Rewrite each docstring as it is loaded (see :func:`markdown`)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
