"""The ``policydiff`` command line.

``policydiff diff OLD NEW [--format text|md|html|json] [--output FILE]``, ``policydiff demo``
(the same for the bundled NHC 2024 → 2025 pair), ``policydiff parse DOC [--format text|json]``,
``policydiff numbers DOC [--format table|json|csv]``, ``policydiff corpus OLD_DIR NEW_DIR
--output DIR [--workers N] [--scheduler ADDRESS] [--force]``, ``policydiff timeline FILE...``;
``--encoding`` names the documents' encoding where detection is not wanted. A diff
in the ``text`` format is a coloured summary (rich) when standard output is a terminal, plain
text otherwise; without ``--format``, an ``--output`` file's suffix (``.md``, ``.html``,
``.json``) picks the format.
Exit codes: 0 done, 1 internal error (and for ``corpus``, some pairs failed: they are listed in
the index and the run still writes the others), 2 bad input (a missing file, undecodable bytes),
each with one line on stderr saying what and how to fix it; 130 when interrupted (Ctrl-C), 143
when stopped by ``SIGTERM`` (a corpus run's worker processes are stopped with it). Output files
are written atomically: a failed run never leaves half a file. An ``--output`` that is a
symbolic link is written through (the file it points to is replaced, the link kept); a device,
a FIFO or ``/dev/stdout`` is written to directly. A warning (a UTF-8 file read with a damaged
byte replaced, say) is one line on stderr, ``policydiff: warning: ...``; file names are shown
with their control characters escaped, never sent raw to the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import render
from ._api import diff, read
from ._io import SKIPPED, safe_name, sample_path, write_atomic
from ._read import encoding_name
from .errors import InputError, MissingExtraError, PolicyDiffError
from .model import Document, PolicyDiff

__all__ = ["main"]

# JSON written by the command line is meant to be read as well as parsed.
_INDENT = 2

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
#: A process stopped by a signal exits, as shells report it, with 128 + the signal's number.
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM


class _PairsFailed(Exception):
    """Some pairs of a corpus run failed (the run wrote the others and its index)."""


class _Terminated(BaseException):
    """``SIGTERM`` arrived. A ``BaseException``, as ``KeyboardInterrupt`` is, so that no
    ``except Exception`` holds it up on its way out while cleanups run (a corpus run's worker
    processes stopped, temporary files removed)."""


@contextlib.contextmanager
def _stopping_on_sigterm() -> Iterator[None]:
    """While the command runs, ``SIGTERM`` raises :class:`_Terminated` in the main thread."""

    def stop(signum: int, frame: object) -> None:
        raise _Terminated

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a signal handler
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """While the command runs, each warning is one line on stderr, ``policydiff: warning:``
    and its message (not Python's two lines naming a source file)."""
    previous = warnings.showwarning

    def show(message: Warning | str, *args: object, **kwargs: object) -> None:
        text = " ".join(str(message).split())
        print(f"policydiff: warning: {text}", file=sys.stderr)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = previous


DEMO_PAIR = ("nhc-reply-7663-2024.txt", "nhc-reply-community-health-2025.txt")


def _emit(text: str | None, output: str | None) -> None:
    if text is None:  # the command printed for itself (the coloured terminal summary)
        return
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def _read(path: str, args: argparse.Namespace) -> Document:
    """The document at ``path``, in the ``--encoding`` given, if any."""
    return read(Path(path), encoding=getattr(args, "encoding", None))


def _parse_cmd(args: argparse.Namespace) -> str:
    doc = _read(args.document, args)
    if args.format == "json":
        return render.document_json(doc, indent=_INDENT)
    return render.document_text(doc, show_removed=args.show_removed)


def _numbers_cmd(args: argparse.Namespace) -> str:
    doc = _read(args.document, args)
    if args.format == "json":
        return render.quantities_json(doc, indent=_INDENT)
    if args.format == "csv":
        return render.quantities_csv(doc)
    return render.quantities_table(doc)


DIFF_FORMATS = ("text", "md", "html", "json")
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
_RENDERERS: dict[str, Callable[[PolicyDiff], str]] = {
    "text": render.diff_text,
    "md": render.markdown,
    "html": render.html,
    "json": lambda d: render.diff_json(d, indent=_INDENT),
}


def _diff_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output:
        return _SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "text")
    return "text"


def _is_terminal() -> bool:
    """Whether standard output is a terminal (a person is reading, so colours help)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _print_rich(result: PolicyDiff) -> bool:
    """Print the coloured summary; ``False`` when rich is not installed."""
    try:
        from rich.console import Console
    except ImportError:
        return False
    Console(file=sys.stdout).print(render.diff_rich(result))
    return True


def _show_diff(result: PolicyDiff, args: argparse.Namespace) -> str | None:
    fmt = _diff_format(args)
    if fmt == "text" and not args.output and _is_terminal() and _print_rich(result):
        return None
    return _RENDERERS[fmt](result)


def _diff_cmd(args: argparse.Namespace) -> str | None:
    return _show_diff(diff(_read(args.old, args), _read(args.new, args)), args)


def _demo_cmd(args: argparse.Namespace) -> str | None:
    old, new = (read(sample_path(name)) for name in DEMO_PAIR)
    return _show_diff(diff(old, new), args)


def _corpus_cmd(args: argparse.Namespace) -> str:
    from .corpus import build

    for folder in (args.old_dir, args.new_dir):
        if not Path(folder).is_dir():
            raise InputError(
                safe_name(folder), "not a folder; give the folders of the two years' documents"
            )
    client = None
    executor = None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtraError("dask.distributed", "dask") from None
        client = Client(args.scheduler)  # type: ignore[no-untyped-call]
        executor = client.get_executor()  # type: ignore[no-untyped-call]
    bar = _progress_bar()
    try:
        report = build(
            args.old_dir, args.new_dir, args.output, executor=executor, workers=args.workers,
            progress=bar.update if bar else None, force=args.force, encoding=args.encoding,
        )  # fmt: skip
    finally:
        if bar:
            bar.close()
        if client is not None:
            client.close()  # type: ignore[no-untyped-call]
    failed = [e for e in report.entries if e.status == "failed"]
    skipped = sum(1 for e in report.entries if e.status == "unchanged inputs")
    retried = sum(1 for e in report.entries if e.status == "retried")
    passed = [name for name, why in report.unreadable if why.startswith(SKIPPED)]
    index = safe_name(str(Path(args.output) / "index.html"))
    if passed:
        shown = ", ".join(passed[:3]) + (", ..." if len(passed) > 3 else "")
        print(
            f"policydiff: note: {len(passed)} entries of the input folders skipped (hidden, "
            f"folders, links broken or leading out of their folder), listed in {index}: {shown}",
            file=sys.stderr,
        )
    summary = (
        f"{len(report.entries)} pairs ({skipped} unchanged, {len(failed)} failed), "
        f"{len(report.new)} new, {len(report.discontinued)} discontinued, "
        f"{len(report.unreadable) - len(passed)} unreadable, {len(passed)} skipped; "
        f"{report.comparisons} comparisons; "
        + (f"{retried} retried after a worker process died; " if retried else "")
        + f"index: {index}\n"
    )
    if not failed:
        return summary
    _emit(summary, None)
    first = failed[0]
    reason = " ".join((first.error or "").split())
    raise _PairsFailed(
        f"{len(failed)} of {len(report.entries)} pairs failed, listed in {index!r} "
        f"(first: {first.old!r} → {first.new!r}: {reason}); run the command again to retry them"
    )


class _Bar:
    """A rich progress bar on standard error (only when it is a terminal)."""

    def __init__(self) -> None:
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._task = self._progress.add_task("diffing pairs", total=None)
        self._progress.start()

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()


def _progress_bar() -> _Bar | None:
    try:
        if not sys.stderr.isatty():
            return None
        return _Bar()
    except (ImportError, AttributeError, ValueError):
        return None


def _timeline_cmd(args: argparse.Namespace) -> str:
    from .corpus import timeline

    result = timeline([_read(f, args) for f in args.documents], min_years=args.min_years)
    rows = result.find(args.metric) if args.metric else result.rows
    if args.format == "json":
        return render.timeline_json(result, rows, indent=_INDENT)
    cells = render.timeline_rows(result, rows)
    return render.csv_text(cells) if args.format == "csv" else render.table(cells)


def _add_diff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=DIFF_FORMATS,
        default=None,
        help="text (a coloured summary on a terminal), md (the changelog), html (a side-by-side "
        "page), json (schema policydiff.diff/1); default: from the --output suffix, else text",
    )
    p.add_argument("--output", "-o", help="write to this file (atomically) instead of stdout")


def _add_encoding(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--encoding",
        type=_encoding,
        default=None,
        help="the documents' encoding (utf-8, gb18030, big5, shift_jis, ...); default: a "
        "byte-order mark, UTF-8, or detected; a byte it cannot decode is refused with its offset",
    )


def _encoding(name: str) -> str:
    """An ``--encoding`` value checked as the argument is parsed, so a typo exits 2 at once."""
    try:
        return encoding_name(name)
    except PolicyDiffError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {name!r}; give one Python knows, such as utf-8, gb18030, big5, "
            "shift_jis"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policydiff",
        description="What changed between two years of the same government policy document.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="show a document's sections, measures and metadata")
    p.add_argument("document", help="path of the document (UTF-8, UTF-16, GB18030/GBK)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--show-removed",
        action="store_true",
        help="also list the lines taken out of the body (chrome, title, signature …) and why",
    )
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    _add_encoding(p)
    p.set_defaults(run=_parse_cmd)

    p = sub.add_parser("numbers", help="list the quantities a document states")
    p.add_argument("document")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--output", "-o")
    _add_encoding(p)
    p.set_defaults(run=_numbers_cmd)

    p = sub.add_parser("diff", help="what changed from OLD to NEW")
    p.add_argument("old", help="path of last year's document")
    p.add_argument("new", help="path of this year's document")
    _add_diff_options(p)
    _add_encoding(p)
    p.set_defaults(run=_diff_cmd)

    p = sub.add_parser("demo", help="diff the bundled NHC 2024 → 2025 sample pair")
    _add_diff_options(p)
    p.set_defaults(run=_demo_cmd)

    p = sub.add_parser(
        "corpus",
        help="match two years' folders, diff every pair, write changelogs",
        description="Match the documents of two years' folders, diff every pair in parallel, "
        "write a changelog per pair, an index and numbers.csv. A pair whose worker process "
        "dies is retried; exit code 1 when some pairs still failed (they are listed in the "
        "index, the others written), 2 for bad input (an output folder that cannot be "
        "written is reported before any diff). Hidden files, folders and symbolic links "
        "that are broken or lead out of their folder are skipped, and listed in the index. "
        "Each pair's changelogs are written as soon as it is diffed, so a run that is "
        "killed keeps the pairs it finished; a re-run skips the pairs whose inputs, "
        "options and policydiff version are unchanged (--force diffs them all again).",
    )
    p.add_argument("old_dir", help="folder of last year's documents")
    p.add_argument("new_dir", help="folder of this year's documents")
    p.add_argument("--output", "-o", required=True, help="folder for the changelogs and index")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--scheduler", help="a Dask scheduler address to run the diffs on a cluster")
    p.add_argument(
        "--force", action="store_true", help="diff every pair again, even those up to date"
    )
    _add_encoding(p)
    p.set_defaults(run=_corpus_cmd, emit_to_stdout=True)

    p = sub.add_parser("timeline", help="follow the numbers of one series across three+ years")
    p.add_argument("documents", nargs="+", help="the series' documents, oldest first")
    p.add_argument("--metric", help="only rows whose metric contains this text")
    p.add_argument("--min-years", type=int, default=2, help="rows present in fewer are left out")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--output", "-o")
    _add_encoding(p)
    p.set_defaults(run=_timeline_cmd)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], str | None] = args.run
    try:
        with _stopping_on_sigterm(), _warnings_on_stderr():
            output = (
                None if getattr(args, "emit_to_stdout", False) else getattr(args, "output", None)
            )
            _emit(run(args), output)
    except _PairsFailed as err:
        print(f"policydiff: error: {err}", file=sys.stderr)
        return EXIT_INTERNAL
    except PolicyDiffError as err:
        print(f"policydiff: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, json.JSONDecodeError) as err:
        print(f"policydiff: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("policydiff: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("policydiff: stopped by SIGTERM", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as err:
        print(
            f"policydiff: internal error: {type(err).__name__}: {err} "
            "(please report it with the input that caused it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
