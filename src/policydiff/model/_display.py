"""How records show themselves without the records importing a renderer.

Records sit at the ground floor of policydiff and import nothing above them, yet a
:class:`~policydiff.model.PolicyDiff` renders itself (``to_markdown()``, ``_repr_html_``,
``__rich__``, ...). The methods are declared on the records, typed, and look their renderer up
here by name; :mod:`policydiff._api` installs the renderers when ``policydiff`` is imported
(which importing any of its modules does first), as rich's ``__rich__`` protocol lets an object
render itself without the library that shows it being imported by the object's module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["install", "show"]

_RENDERERS: dict[str, Callable[..., Any]] = {}


def install(**renderers: Callable[..., Any]) -> None:
    """Register renderers by name (``install(markdown=...)``); a later call replaces a name."""
    _RENDERERS.update(renderers)


def show(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call the renderer installed under ``name``.

    >>> import policydiff
    >>> show("document_text", policydiff.parse("一、总则。")).splitlines()[0]
    '一、 【总则】'
    """
    try:
        renderer = _RENDERERS[name]
    except KeyError:  # pragma: no cover - _api installs every name when policydiff is imported
        raise LookupError(f"no renderer {name!r} is installed; import policydiff first") from None
    return renderer(*args, **kwargs)
