"""A corpus run into a folder: a changelog per pair, an index, ``numbers.csv``."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import attrs

from .. import render
from .._api import read
from .._io import documents_in, slug, write_atomic
from .._version import __version__
from ..errors import PolicyDiffError
from ..model import (
    CorpusEntry,
    CorpusOptions,
    CorpusReport,
    DiffOptions,
    Document,
    Pair,
    PairResult,
    PolicyDiff,
)
from ._match import match
from ._parallel import run_pairs

__all__ = ["MANIFEST", "build"]

#: The file in a corpus run's folder that lets a re-run skip pairs whose inputs did not change.
MANIFEST = ".policydiff-corpus.json"


def _documents_in(folder: Path) -> tuple[list[Document], list[tuple[str, str]]]:
    docs: list[Document] = []
    bad: list[tuple[str, str]] = []
    for path in documents_in(folder):
        try:
            docs.append(read(path))
        except PolicyDiffError as err:
            bad.append((f"{folder.name}/{path.name}", str(err)))
    return docs, bad


def _fingerprint(old: Document, new: Document, options: DiffOptions) -> str:
    """What a pair's changelogs depend on: both texts, policydiff's version, the options (a
    custom scorer by its qualified name, not its address)."""
    scorer = options.align.scorer
    named = attrs.evolve(options, align=attrs.evolve(options.align, scorer=None))
    scorer_name = "" if scorer is None else _qualified_name(scorer)
    digest = hashlib.sha256()
    for part in (old.original, new.original, __version__, repr(named), scorer_name):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _qualified_name(thing: object) -> str:
    """``module.qualname`` of a function, or of the class of a callable object."""
    named = thing if hasattr(thing, "__qualname__") else type(thing)
    return f"{getattr(named, '__module__', '')}.{getattr(named, '__qualname__', '')}"


def _pair_names(pairs: Sequence[Pair]) -> list[str]:
    """The stem of each pair's changelogs: ``<old>--<new>`` from the two file names
    (:func:`~policydiff._io.slug`), unique in the run.

    Different file names can make one stem (``a b.txt`` and ``a_b.txt`` are both ``a_b``),
    and stems that differ only in case or Unicode normalization are one file on macOS and
    Windows. Each pair whose stem is shared so gets a suffix: the start of a hash of its two
    file names, the same on every run.

    >>> pairs = [Pair(0, 0, "a b.txt", "x.txt", 1.0), Pair(1, 1, "a_b.txt", "x.txt", 1.0),
    ...          Pair(2, 2, "c.txt", "y.txt", 1.0)]
    >>> _pair_names(pairs)
    ['a_b--x-c280110b', 'a_b--x-3ef3595e', 'c--y']
    """
    stems = [f"{slug(p.old_source)}--{slug(p.new_source)}" for p in pairs]
    shared = Counter(_folded(stem) for stem in stems)
    taken = {_folded(stem) for stem in stems if shared[_folded(stem)] == 1}
    names = []
    for pair, stem in zip(pairs, stems, strict=True):
        if shared[_folded(stem)] == 1:
            names.append(stem)
            continue
        digest = hashlib.sha256(
            f"{pair.old_source}\0{pair.new_source}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        for size in range(8, len(digest) + 1, 4):  # eight hex digits, more only if need be
            name = f"{stem}-{digest[:size]}"
            if _folded(name) not in taken:
                break
        taken.add(_folded(name))
        names.append(name)
    return names


def _folded(name: str) -> str:
    """A file name as a case-insensitive file system compares it."""
    return unicodedata.normalize("NFC", name).casefold()


def _number_rows(result: PolicyDiff) -> list[dict[str, Any]]:
    """The diff's number changes as :func:`policydiff.render.number_rows` gives them, with the
    names of the two documents in front."""
    names = {"old_document": result.old.source, "new_document": result.new.source}
    return [names | row for row in render.number_rows(result)]


def build(
    old_dir: str | os.PathLike[str],
    new_dir: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: CorpusOptions | None = None,
    **overrides: Any,
) -> CorpusReport:
    """Match the documents of two folders, diff every pair, write the changelogs.

    Writes, atomically, into ``output``: ``<old>--<new>.md`` and ``.html`` for each matched
    pair (named from the two file names; where two pairs would get one name, each gets a
    short hash of its file names after it), ``index.md`` and ``index.html`` (pairs with
    similarity and counts of changes, new, discontinued and unreadable documents),
    ``numbers.csv`` (every number change of the corpus), and a manifest that lets a re-run
    skip pairs whose inputs did not change. Each entry's ``status`` is ``diffed``,
    ``retried`` (diffed after a worker process died while the pair was pending),
    ``unchanged inputs`` (skipped) or ``failed`` (with its ``error``; a re-run tries it
    again). ``progress(done, total)`` is called as pairs finish. ``options`` (a
    :class:`~policydiff.model.CorpusOptions`) and ``overrides`` by name say how documents are
    matched and compared.
    """
    chosen = CorpusOptions.merged(options, "build()", **overrides)
    out = Path(output)
    old_docs, bad_old = _documents_in(Path(old_dir))
    new_docs, bad_new = _documents_in(Path(new_dir))
    matched = match(old_docs, new_docs, options=chosen)
    manifest_path = out / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    names = _pair_names(matched.pairs)
    todo: list[tuple[Pair, str, str]] = []
    kept: dict[str, Any] = {}
    for pair, name in zip(matched.pairs, names, strict=True):
        fingerprint = _fingerprint(old_docs[pair.old], new_docs[pair.new], chosen.diff)
        previous = manifest.get(name)
        written = all((out / f"{name}{suffix}").is_file() for suffix in (".md", ".html"))
        if previous and previous.get("fingerprint") == fingerprint and written:
            kept[name] = dict(previous, status="unchanged inputs")
        else:
            todo.append((pair, name, fingerprint))
    total = len(matched.pairs)
    done = len(kept)
    if progress is not None:
        progress(done, total)

    def advanced(_: PairResult) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    runs = run_pairs(
        [(old_docs[pair.old], new_docs[pair.new]) for pair, _, _ in todo],
        executor=executor,
        workers=workers,
        progress=advanced,
        options=chosen.diff,
    )
    for (_, name, fingerprint), run in zip(todo, runs, strict=True):
        result = run.result
        if result.diff is None:
            kept[name] = {"status": "failed", "error": result.error, "fingerprint": None}
            continue
        write_atomic(out / f"{name}.md", render.markdown(result.diff))
        write_atomic(out / f"{name}.html", render.html(result.diff))
        kept[name] = {
            "status": "retried" if run.retried else "diffed",
            "fingerprint": fingerprint,
            "counts": result.diff.summary["nodes"]
            | {f"numbers_{k}": v for k, v in result.diff.summary["numbers"].items()},
            "numbers": _number_rows(result.diff),
        }
    entries = []
    for pair, name in zip(matched.pairs, names, strict=True):
        record = kept[name]
        ok = record["status"] != "failed"
        entries.append(
            CorpusEntry(
                old=pair.old_source or "",
                new=pair.new_source or "",
                similarity=pair.similarity,
                status=record["status"],
                markdown=f"{name}.md" if ok else None,
                html=f"{name}.html" if ok else None,
                counts=tuple(sorted((record.get("counts") or {}).items())),
                error=record.get("error"),
            )
        )
    report = CorpusReport(
        entries=tuple(entries),
        new=tuple(new_docs[j].source or "" for j in matched.new),
        discontinued=tuple(old_docs[i].source or "" for i in matched.discontinued),
        unreadable=tuple(bad_old + bad_new),
        comparisons=matched.comparisons,
    )
    write_atomic(out / "index.md", render.index_markdown(report))
    write_atomic(out / "index.html", render.index_html(report))
    rows = (row for name in names for row in kept[name].get("numbers", []))
    write_atomic(out / "numbers.csv", render.numbers_csv(rows))
    stored = {
        name: {k: v for k, v in record.items() if k != "status"} for name, record in kept.items()
    }
    write_atomic(manifest_path, json.dumps(stored, ensure_ascii=False, sort_keys=True, indent=1))
    return report
