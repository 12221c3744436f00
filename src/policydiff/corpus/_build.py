"""A corpus run into a folder: a changelog per pair, an index, ``numbers.csv``.

A run is safe to kill and to repeat. The output folder is checked (made, written to) before
any document is read, and locked while the run writes to it; temporary files a killed run
left there are removed. Each pair's changelogs are written as soon as the pair is diffed,
and a line is then added to a manifest (:data:`MANIFEST`, JSON lines: the pair's name, a
fingerprint of both texts, policydiff's version and the options, its counts and number
rows), so a run killed half-way keeps the pairs it finished, and a re-run skips every pair
whose fingerprint and changelogs are still there (``force=True`` recomputes them all).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import IO, Any

import attrs

from .. import render
from .._api import read
from .._io import documents_in, remove_temporaries, safe_name, slug, write_atomic
from .._version import __version__
from ..errors import OutputError, PolicyDiffError
from ..model import (
    CorpusEntry,
    CorpusOptions,
    CorpusReport,
    DiffOptions,
    Document,
    Pair,
    PolicyDiff,
)
from ._match import match
from ._parallel import PairRun, run_pairs

__all__ = ["MANIFEST", "build"]

#: The file in a corpus run's folder that lets a re-run skip pairs whose inputs did not change:
#: one JSON object a line, a line added as each pair is written.
MANIFEST = ".policydiff-corpus.jsonl"
#: The manifest's name before it was written a pair at a time; removed when found.
_OLD_MANIFEST = ".policydiff-corpus.json"


def _documents_in(
    folder: Path, encoding: str | None
) -> tuple[list[Document], list[tuple[str, str]]]:
    """The documents of ``folder``, and the entries not read (skipped or unreadable) with
    the reason, in name order."""
    docs: list[Document] = []
    left: list[tuple[str, str]] = []
    found, skipped = documents_in(folder)
    named = [(path, None) for path in found] + list(skipped)
    for path, reason in sorted(named, key=lambda item: item[0].name):
        shown = f"{safe_name(folder.name)}/{safe_name(path.name)}"
        if reason is not None:
            left.append((shown, reason))
            continue
        try:
            docs.append(read(path, encoding=encoding))
        except PolicyDiffError as err:
            left.append((shown, str(err)))
    return docs, left


def _prepare(output: str | os.PathLike[str]) -> Path:
    """The output folder, made if need be and shown to be writable, before any work is done;
    an :class:`~policydiff.errors.OutputError` naming the path given otherwise."""
    out = Path(output)
    given = safe_name(os.fspath(output))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(
            given, "it is a file, not a folder; give a folder for the changelogs"
        ) from None
    except NotADirectoryError:
        raise OutputError(
            given, "a folder on its path is a file; give a folder to write to"
        ) from None
    except OSError as err:
        raise OutputError(
            given, f"cannot make the folder ({err.strerror}); give a folder you may write to"
        ) from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".policydiff-probe.", suffix=".tmp", dir=out)
    except OSError as err:
        raise OutputError(
            given, f"cannot write into the folder ({err.strerror}); give a folder you may write to"
        ) from None
    os.close(fd)
    os.unlink(probe)
    return out


@contextlib.contextmanager
def _locked(out: Path, given: str) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``out`` (on systems with ``flock``), so that two
    runs never write one folder and removing a run's temporary files is safe."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; a second run there is the user's to avoid
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                given, "another policydiff corpus run is writing to it; wait for it to end, "
                "or give another folder"
            ) from None  # fmt: skip
        yield
    finally:
        os.close(fd)


def _read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The records of the manifest by pair name, the last line of a name winning; a line cut
    short by a killed run, or that is not a record, is ignored."""
    records: dict[str, dict[str, Any]] = {}
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return records
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("name"), str):
            records[record["name"]] = record
    return records


def _manifest_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


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
    force: bool = False,
    encoding: str | None = None,
    **overrides: Any,
) -> CorpusReport:
    """Match the documents of two folders, diff every pair, write the changelogs.

    Writes, atomically, into ``output``: ``<old>--<new>.md`` and ``.html`` for each matched
    pair (named from the two file names, each cut to :data:`~policydiff._io.SLUG_BYTES`
    bytes; where two pairs would get one name, each gets a short hash of its file names
    after it), ``index.md`` and ``index.html`` (pairs with similarity and counts of changes,
    new and discontinued documents, and every entry of the two folders not read, with the
    reason: skipped, as hidden files, folders and links that are broken or lead out of their
    folder are, or unreadable), ``numbers.csv`` (every number change of the corpus), and the
    manifest (:data:`MANIFEST`) that lets a re-run skip pairs whose inputs did not change.

    ``output`` is made and checked before any document is read: a file there, or a folder
    that cannot be made or written to, raises :class:`~policydiff.errors.OutputError`. Each
    pair's changelogs are written, and its manifest line added, as soon as it is diffed, so a
    run that is killed keeps the pairs it finished; the next run removes the temporary files
    it left and skips those pairs (``force=True`` diffs every pair again). Each entry's
    ``status`` is ``diffed``, ``retried`` (diffed after a worker process died while the pair
    was pending), ``unchanged inputs`` (skipped) or ``failed`` (with its ``error``; a re-run
    tries it again). ``progress(done, total)`` is called as pairs finish. ``encoding`` names
    the documents' encoding (by default detected for each). ``options`` (a
    :class:`~policydiff.model.CorpusOptions`) and ``overrides`` by name say how documents are
    matched and compared.
    """
    chosen = CorpusOptions.merged(options, "build()", **overrides)
    out = _prepare(output)
    with _locked(out, safe_name(os.fspath(output))):
        remove_temporaries(out)
        return _build(Path(old_dir), Path(new_dir), out, chosen, executor, workers, progress,
                      force, encoding)  # fmt: skip


def _build(
    old_dir: Path,
    new_dir: Path,
    out: Path,
    chosen: CorpusOptions,
    executor: Executor | None,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
    force: bool,
    encoding: str | None,
) -> CorpusReport:
    """:func:`build` in a prepared and locked output folder."""
    old_docs, left_old = _documents_in(old_dir, encoding)
    new_docs, left_new = _documents_in(new_dir, encoding)
    matched = match(old_docs, new_docs, options=chosen)
    manifest = {} if force else _read_manifest(out)
    names = _pair_names(matched.pairs)
    todo: list[tuple[Pair, str, str]] = []
    kept: dict[str, dict[str, Any]] = {}
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
    # The manifest, rewritten with the pairs kept, then added to a pair at a time.
    write_atomic(out / MANIFEST, "".join(_manifest_line(_stored(n, kept[n])) for n in kept))
    with open(out / MANIFEST, "a", encoding="utf-8") as journal:

        def finished(k: int, run: PairRun) -> None:
            nonlocal done
            _, name, fingerprint = todo[k]
            kept[name] = _write_pair(out, name, fingerprint, run, journal)
            done += 1
            if progress is not None:
                progress(done, total)

        run_pairs(
            [(old_docs[pair.old], new_docs[pair.new]) for pair, _, _ in todo],
            executor=executor,
            workers=workers,
            finished=finished,
            options=chosen.diff,
        )
    (out / _OLD_MANIFEST).unlink(missing_ok=True)
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
        unreadable=tuple(left_old + left_new),
        comparisons=matched.comparisons,
    )
    write_atomic(out / "index.md", render.index_markdown(report))
    write_atomic(out / "index.html", render.index_html(report))
    rows = (row for name in names for row in kept[name].get("numbers", []))
    write_atomic(out / "numbers.csv", render.numbers_csv(rows))
    # The journal, compacted: one line a pair of this run, the pairs that failed left out.
    lines = [_manifest_line(_stored(n, kept[n])) for n in names if kept[n]["status"] != "failed"]
    write_atomic(out / MANIFEST, "".join(lines))
    return report


def _write_pair(
    out: Path, name: str, fingerprint: str, run: PairRun, journal: IO[str]
) -> dict[str, Any]:
    """Write a diffed pair's changelogs, then its line of the manifest; its record."""
    result = run.result
    if result.diff is None:
        return {"status": "failed", "error": result.error}
    try:
        write_atomic(out / f"{name}.md", render.markdown(result.diff))
        write_atomic(out / f"{name}.html", render.html(result.diff))
    except OSError as err:  # one pair's file (a full disk, say) must not lose the others
        return {"status": "failed", "error": f"cannot write its changelog: {err}"}
    record = {
        "status": "retried" if run.retried else "diffed",
        "fingerprint": fingerprint,
        "counts": result.diff.summary["nodes"]
        | {f"numbers_{k}": v for k, v in result.diff.summary["numbers"].items()},
        "numbers": _number_rows(result.diff),
    }
    journal.write(_manifest_line(_stored(name, record)))
    journal.flush()
    return record


def _stored(name: str, record: dict[str, Any]) -> dict[str, Any]:
    """A pair's record as the manifest keeps it: its name, without the run's status."""
    return {"name": name} | {k: v for k, v in record.items() if k != "status"}
