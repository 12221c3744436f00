"""Many diffs at once: pairs of documents diffed on any :class:`concurrent.futures.Executor`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from typing import Any

from .._api import DocumentLike, parse
from .._diff import compare
from .._read import load
from ..errors import PolicyDiffError
from ..model import DiffOptions, Document, PairResult

__all__ = ["CHUNK", "diff_many"]


_Input = tuple[str, str | None]  # (text, source name)


def _diff_texts(old: _Input, new: _Input, options: DiffOptions) -> PairResult:
    """Worker: parse and diff two documents given as text (picklable in and out)."""
    try:
        result = compare(parse(old[0], source=old[1]), parse(new[0], source=new[1]), options)
    except Exception as err:
        return _failed((old, new), err)
    return PairResult(old[1], new[1], diff=result)


def _diff_chunk(chunk: Sequence[tuple[_Input, _Input]], options: DiffOptions) -> list[PairResult]:
    """Worker: :func:`_diff_texts` for several pairs, one task for the executor."""
    return [_diff_texts(old, new, options) for old, new in chunk]


def _load(item: DocumentLike) -> _Input:
    """A document as ``(text, source)``: decoded here, parsed by the worker that diffs it.

    Parsing here would do in one process what the workers can share.
    """
    if isinstance(item, Document):
        return item.original, item.source
    loaded = load(item)
    return loaded.text, loaded.name


#: Pairs sent to a worker in one task: enough to make a task's overhead (pickling the call,
#: a round trip to a Dask scheduler) small beside its work, few enough to share the work out
#: evenly and report progress often.
CHUNK = 8


def diff_many(
    pairs: Iterable[tuple[Any, Any]],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[PairResult], None] | None = None,
    options: DiffOptions | None = None,
    **overrides: Any,
) -> tuple[PairResult, ...]:
    """Diff every ``(old, new)`` pair in parallel; results in the order of ``pairs``.

    ``executor`` is any :class:`concurrent.futures.Executor`: by default a process pool of
    ``workers`` processes (all cores); pass ``distributed.Client(...).get_executor()`` to
    run on a Dask cluster. Documents travel as text, a few pairs a task, and are parsed
    where they are diffed; results come back as frozen :class:`~policydiff.model.PolicyDiff`
    objects. A pair that fails (a file that cannot be decoded, say) is reported in its
    :class:`PairResult` and does not stop the others. ``progress`` is called with each
    result as it completes. ``options`` (a :class:`~policydiff.model.DiffOptions`) and
    ``overrides`` by name say how to compare, as for :func:`policydiff.diff`.
    """
    chosen = DiffOptions.merged(options, "diff_many()", **overrides)
    loaded: list[tuple[_Input, _Input] | PairResult] = []
    for old, new in pairs:
        try:
            loaded.append((_load(old), _load(new)))
        except PolicyDiffError as err:
            loaded.append(PairResult(_name(old), _name(new), error=str(err)))
    results: dict[int, PairResult] = {}

    def report(k: int, result: PairResult) -> None:
        results[k] = result
        if progress is not None:
            progress(result)

    todo: list[tuple[int, tuple[_Input, _Input]]] = []
    for k, item in enumerate(loaded):
        if isinstance(item, PairResult):
            report(k, item)
        else:
            todo.append((k, item))
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        batches = [todo[at : at + CHUNK] for at in range(0, len(todo), CHUNK)]
        chunks = {
            pool.submit(_diff_chunk, [pair for _, pair in batch], chosen): batch
            for batch in batches
        }
        for future in as_completed(chunks):
            try:
                found = future.result()
            except Exception as err:  # a worker died, or a result could not come back
                found = [_failed(pair, err) for _, pair in chunks[future]]
            for (k, _), result in zip(chunks[future], found, strict=True):
                report(k, result)
    finally:
        if own:
            pool.shutdown()
    return tuple(results[k] for k in range(len(loaded)))


def _failed(pair: tuple[_Input, _Input], err: Exception) -> PairResult:
    return PairResult(pair[0][1], pair[1][1], error=f"{type(err).__name__}: {err}")


def _name(item: Any) -> str | None:
    if isinstance(item, Document):
        return item.source
    if isinstance(item, (str, os.PathLike)):
        return os.path.basename(os.fspath(item))
    return None
