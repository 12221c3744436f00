"""Many diffs at once: pairs of documents diffed on any :class:`concurrent.futures.Executor`.

A process pool breaks when one of its workers dies (the out-of-memory killer, a crash in
native code, a ``kill``): every task it still held fails with
:class:`~concurrent.futures.process.BrokenProcessPool`, whichever pair was to blame. So on
its own pool, :func:`diff_many` rebuilds the pool and retries the pairs not yet done, one pair
a task and no more tasks at once than there are workers, so that another death points at a
few pairs; those are then retried alone. A pair whose worker has died under it
:data:`DEATHS` times in these retries is given up, and reported with the reason.

A worker ignores Ctrl-C (the main process stops the pool) and exits as soon as the main
process is gone, however it died; the main process stops its workers at once when it is
interrupted (``KeyboardInterrupt``, ``SystemExit``) rather than waiting for their diffs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    as_completed,
    wait,
)
from typing import Any

import attrs

from .._api import DocumentLike, document_of
from .._diff import compare
from .._read import Loaded, load
from ..errors import PolicyDiffError
from ..model import DiffOptions, Document, PairResult

__all__ = ["CHUNK", "DEATHS", "PairRun", "diff_many", "run_pairs"]


_Input = Loaded | Document  # a file read (not yet parsed), or a Document as given
_Task = tuple[_Input, _Input]


def _diff_texts(old: _Input, new: _Input, options: DiffOptions) -> PairResult:
    """Worker: parse (when read but not parsed) and diff two documents (picklable in and
    out)."""
    try:
        result = compare(_parsed(old), _parsed(new), options)
    except Exception as err:
        return _failed((old, new), err)
    return PairResult(_source(old), _source(new), diff=result)


def _parsed(item: _Input) -> Document:
    return item if isinstance(item, Document) else document_of(item)


def _source(item: _Input) -> str | None:
    return item.source if isinstance(item, Document) else item.name


def _diff_chunk(chunk: Sequence[_Task], options: DiffOptions) -> list[PairResult]:
    """Worker: :func:`_diff_texts` for several pairs, one task for the executor."""
    return [_diff_texts(old, new, options) for old, new in chunk]


def _load(item: DocumentLike) -> _Input:
    """A document read here (so that a file that cannot be read fails here, at once) and
    parsed by the worker that diffs it: parsing here would do in one process what the
    workers can share. A Document is sent as it is."""
    return item if isinstance(item, Document) else load(item)


#: Pairs sent to a worker in one task: enough to make a task's overhead (pickling the call,
#: a round trip to a Dask scheduler) small beside its work, few enough to share the work out
#: evenly and report progress often.
CHUNK = 8

#: How many times a worker may die while diffing a pair, in the retries after a pool broke,
#: before the pair is given up: once beside other pairs, then alone. (The first death, in the
#: chunked first run, blames no pair: every pending pair fails with it.)
DEATHS = 2

#: How often (seconds) a worker checks that the process that started it is still alive.
_WATCH_INTERVAL = 0.5


def _watch_parent() -> None:
    """Worker initializer: ignore Ctrl-C, and exit as soon as the parent process is gone.

    Ctrl-C reaches every process of the terminal's group; the main process stops the pool,
    so a worker need not print a traceback of its own. A parent killed outright (``kill -9``,
    or ``SIGTERM`` in a program that does not handle it) cannot stop its workers; a worker
    then finds itself adopted by another process and exits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A handler the main process set (the command line's, say) is no worker's business:
    # stopped by its pool, a worker ends quietly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="policydiff-watch-parent", daemon=True).start()


def _process_pool(workers: int) -> Executor:
    """The process pool :func:`diff_many` runs on when given no executor."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent)


def _terminate(pool: Executor) -> None:
    """Stop a pool now: drop the queued tasks and end its worker processes mid-diff."""
    stop = getattr(pool, "terminate_workers", None)  # ProcessPoolExecutor, Python 3.14+
    if callable(stop):
        stop()
        return
    # Before 3.14, a ProcessPoolExecutor's workers are only in its ``_processes``.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with contextlib.suppress(Exception):
            process.terminate()


@contextlib.contextmanager
def _own_pool(workers: int) -> Iterator[Executor]:
    """A new process pool, shut down on the way out; its workers stopped at once when the way
    out is an exception (Ctrl-C, ``SystemExit`` from a signal handler) rather than waited for."""
    pool = _process_pool(workers)
    try:
        yield pool
    except BaseException:
        _terminate(pool)
        raise
    pool.shutdown()


@attrs.frozen
class PairRun:
    """A pair's result and whether it was retried (a worker died while it was pending)."""

    result: PairResult
    retried: bool = False


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
    :class:`PairResult` and does not stop the others. When a worker of the default pool dies,
    the pool is rebuilt and the pending pairs are retried (a pair whose worker dies under it
    :data:`DEATHS` times is reported as failed); an executor given here is not rebuilt, and the
    pairs it lost are reported as failed. ``progress`` is called with each result as it
    completes. ``options`` (a :class:`~policydiff.model.DiffOptions`) and ``overrides`` by
    name say how to compare, as for :func:`policydiff.diff`.
    """
    chosen = DiffOptions.merged(options, "diff_many()", **overrides)
    runs = run_pairs(pairs, executor=executor, workers=workers, progress=progress, options=chosen)
    return tuple(run.result for run in runs)


def run_pairs(
    pairs: Iterable[tuple[Any, Any]],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[PairResult], None] | None = None,
    finished: Callable[[int, PairRun], None] | None = None,
    options: DiffOptions,
) -> tuple[PairRun, ...]:
    """:func:`diff_many`, saying of each pair whether it had to be retried;
    ``finished(index, run)`` is called as each pair finishes (in this thread), so that its
    result can be kept before the others are done."""
    loaded: list[_Task | PairResult] = []
    for old, new in pairs:
        try:
            loaded.append((_load(old), _load(new)))
        except PolicyDiffError as err:
            loaded.append(PairResult(_name(old), _name(new), error=str(err)))
    results: dict[int, PairResult] = {}
    retried: set[int] = set()

    def report(k: int, result: PairResult) -> None:
        results[k] = result
        if progress is not None:
            progress(result)
        if finished is not None:
            finished(k, PairRun(result, k in retried))

    tasks: dict[int, _Task] = {}
    for k, item in enumerate(loaded):
        if isinstance(item, PairResult):
            report(k, item)
        else:
            tasks[k] = item
    if executor is not None:
        lost, broke = _run_chunks(executor, tasks, options, report)
        why = "the executor lost a worker (only diff_many's own process pool is rebuilt)"
        for k in lost:
            report(k, _failed(tasks[k], broke, why))
    else:
        width = workers or os.cpu_count() or 1
        with _own_pool(width) as pool:
            lost, _ = _run_chunks(pool, tasks, options, report)
        retried.update(lost)
        _retry(lost, tasks, options, width, report)
    return tuple(PairRun(results[k], k in retried) for k in range(len(loaded)))


def _run_chunks(
    pool: Executor,
    tasks: dict[int, _Task],
    options: DiffOptions,
    report: Callable[[int, PairResult], None],
) -> tuple[list[int], BaseException | None]:
    """Run ``tasks`` on ``pool``, :data:`CHUNK` pairs a task; the pairs lost to a broken pool
    (in order) and the error that broke it."""
    order = sorted(tasks)
    batches = [order[at : at + CHUNK] for at in range(0, len(order), CHUNK)]
    chunks: dict[Future[list[PairResult]], list[int]] = {}
    lost: list[int] = []
    broke: BaseException | None = None
    for at, batch in enumerate(batches):
        try:
            chunks[pool.submit(_diff_chunk, [tasks[k] for k in batch], options)] = batch
        except BrokenExecutor as err:
            broke = err
            lost.extend(k for rest in batches[at:] for k in rest)
            break
    for future in as_completed(chunks):
        batch = chunks[future]
        try:
            found = future.result()
        except BrokenExecutor as err:
            broke = err
            lost.extend(batch)
            continue
        except Exception as err:  # a result or an argument that cannot be pickled, say
            found = [_failed(tasks[k], err) for k in batch]
        for k, result in zip(batch, found, strict=True):
            report(k, result)
    return sorted(lost), broke


def _retry(
    lost: list[int],
    tasks: dict[int, _Task],
    options: DiffOptions,
    width: int,
    report: Callable[[int, PairResult], None],
) -> None:
    """Retry the pairs a broken pool lost, each round on a new pool, until every pair has a
    result: suspects (pairs that were running when a worker died) alone, first, then the
    others ``width`` at a time."""
    deaths: dict[int, int] = {}
    pending = lost
    why = f"a worker process died while diffing it, {DEATHS} times (the last time alone)"
    while pending:
        before = (len(pending), sum(deaths.values()))
        with _own_pool(width) as pool:
            pending, broke = _retry_round(pool, pending, tasks, options, width, deaths, report)
        for k in [k for k in pending if deaths.get(k, 0) >= DEATHS]:
            pending.remove(k)
            report(k, _failed(tasks[k], broke, f"{why}; not retried again"))
        if pending and (len(pending), sum(deaths.values())) == before:
            # Nothing ran and no pair was to blame: a pool that cannot even start.
            for k in pending:
                report(k, _failed(tasks[k], broke, "the process pool cannot run"))
            return


def _retry_round(
    pool: Executor,
    pending: list[int],
    tasks: dict[int, _Task],
    options: DiffOptions,
    width: int,
    deaths: dict[int, int],
    report: Callable[[int, PairResult], None],
) -> tuple[list[int], BaseException | None]:
    """One pool's worth of retries; the pairs still pending when it broke, and the error."""
    waiting = deque(sorted(pending, key=lambda k: (-deaths.get(k, 0), k)))
    running: dict[Future[list[PairResult]], int] = {}

    def room() -> bool:
        if not waiting or any(deaths.get(k) for k in running.values()):
            return False  # a suspect runs alone
        return not running if deaths.get(waiting[0]) else len(running) < width

    while waiting or running:
        while room():
            k = waiting.popleft()
            try:
                running[pool.submit(_diff_chunk, [tasks[k]], options)] = k
            except BrokenExecutor as err:
                waiting.appendleft(k)
                return _broken(running, waiting, tasks, deaths, report, err)
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            if isinstance(future.exception(), BrokenExecutor):
                return _broken(running, waiting, tasks, deaths, report, future.exception())
            k = running.pop(future)
            try:
                (result,) = future.result()
            except Exception as err:
                result = _failed(tasks[k], err)
            report(k, result)
    return [], None


def _broken(
    running: dict[Future[list[PairResult]], int],
    waiting: deque[int],
    tasks: dict[int, _Task],
    deaths: dict[int, int],
    report: Callable[[int, PairResult], None],
    err: BaseException | None,
) -> tuple[list[int], BaseException | None]:
    """A pool broke: keep what its running tasks finished, count a death against each pair
    that was still running, and return every pair left."""
    left = list(waiting)
    wait(running)
    for future, k in running.items():
        failure = future.exception()
        if isinstance(failure, BrokenExecutor):
            deaths[k] = deaths.get(k, 0) + 1
            left.append(k)
        elif failure is not None:
            report(k, _failed(tasks[k], failure))
        else:
            (result,) = future.result()
            report(k, result)
    return sorted(left), err


def _failed(pair: _Task, err: BaseException | None, why: str = "") -> PairResult:
    cause = "" if err is None else f"{type(err).__name__}: {err}"
    error = f"{why} ({cause})" if why and cause else why or cause
    return PairResult(_source(pair[0]), _source(pair[1]), error=error)


def _name(item: Any) -> str | None:
    if isinstance(item, Document):
        return item.source
    if isinstance(item, (str, os.PathLike)):
        return os.path.basename(os.fspath(item))
    return None
