"""The ``policydiff`` command line: ``diff``, ``demo``, ``parse``, ``numbers``, ``corpus``,
``timeline``, ``completion bash|zsh``, ``--version`` (the reference: ``docs/cli.md``).

A document given as ``-`` is read from standard input, as bytes, through the readers a file
goes through. Without ``--format``, the suffix of ``--output`` picks the format among those the
command writes (``.txt .md .html .json .csv .docx .xlsx``); any other suffix is an error, no
suffix the default. A CSV file written with ``--output`` starts with a UTF-8 byte-order mark
(Excel). The numbers of :class:`~policydiff.model.DiffOptions` and
:class:`~policydiff.model.AlignOptions` are options of ``diff``, ``demo``, ``timeline`` and
``corpus`` (with :class:`~policydiff.model.CorpusOptions`'s), checked by the records.

Exit codes: 0 done, 1 internal error (for ``corpus``, also: some pairs failed, listed in the
index), 2 bad input (a missing file, undecodable bytes, an output that cannot be written),
each with one line on stderr saying what and how to fix it; with ``--exit-code`` (``diff``,
``demo``), as ``diff(1)``: 0 no change, 1 changes, 2 bad input, 3 internal error; 130 when
interrupted, 143 when stopped by ``SIGTERM`` (a corpus run's workers stopped with it). Output
files are written atomically; an ``--output`` that is a folder or lies under a file is refused
before any work; a symbolic link is written through; a device, a FIFO or ``/dev/stdout`` is
written to directly. A warning is one line on stderr, ``policydiff: warning: ...``; file names
are shown with their control characters escaped, never sent raw to the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from . import render
from ._api import diff, read
from ._arguments import SHELLS, add_record_options, completion_script
from ._io import SKIPPED, safe_name, sample_path, write_atomic
from ._read import encoding_name
from ._version import __version__
from .errors import InputError, MissingExtraError, OutputError, PolicyDiffError
from .model import AlignOptions, CorpusOptions, DiffOptions, Document, PolicyDiff

__all__ = ["main"]

# JSON written by the command line is meant to be read as well as parsed.
_INDENT = 2

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2
#: With ``--exit-code``: the documents differ (as ``diff(1)`` says it), and an internal error.
EXIT_CHANGES, EXIT_INTERNAL_CODED = 1, 3
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


def _emit(data: str | bytes | None, output: str | None) -> None:
    if data is None:  # the command printed for itself (the coloured terminal summary)
        return
    if output:
        try:
            write_atomic(output, data)
        except OSError as err:  # one line naming the file asked for, not a temporary one
            reason = (err.strerror or str(err)).lower()
            if err.errno == errno.ENOENT:  # /proc, a folder removed meanwhile
                reason = "no file can be made there"
            raise OutputError(safe_name(output), reason) from None
    elif isinstance(data, bytes):
        if _is_terminal():
            raise OutputError("standard output", "this format is binary; give --output FILE")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)


def _check_output(output: str) -> None:
    """Refuse, before any work, an ``--output`` that cannot be a file: a folder, a path
    under a file, a folder that cannot be written to."""
    target = Path(output)
    shown = safe_name(output)
    if target.is_dir():
        raise OutputError(shown, "it is a folder; give a file name, such as "
                                 f"{safe_name(str(target / 'changelog.md'))}")  # fmt: skip
    for folder in target.parents:
        if folder.is_dir():
            if not target.exists() and not os.access(folder, os.W_OK | os.X_OK):
                raise OutputError(shown, f"the folder {safe_name(str(folder))!r} cannot be "
                                         "written to (permission denied)")  # fmt: skip
            break
        if folder.exists() or folder.is_symlink():
            raise OutputError(shown, f"{safe_name(str(folder))!r} is a file, not a folder")
    if target.is_file() and not os.access(target, os.W_OK):
        raise OutputError(shown, "the file cannot be written to (permission denied)")


def _read(path: str, args: argparse.Namespace) -> Document:
    """The document at ``path`` (``-``: standard input's bytes), in the ``--encoding`` given."""
    encoding = getattr(args, "encoding", None)
    if path != "-":
        return read(Path(path), encoding=encoding)
    if getattr(args, "stdin_read", False):
        raise InputError("-", "standard input can be read once; give the other document as a file")
    args.stdin_read = True
    stdin = sys.stdin
    data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    return read(data, name="<stdin>", encoding=encoding)


#: The suffixes of ``--output`` and the formats they pick (``text``: the command's first).
SUFFIXES = {
    **{".txt": "text", ".text": "text", ".md": "md", ".markdown": "md", ".html": "html"},
    **{".htm": "html", ".json": "json", ".csv": "csv", ".docx": "docx", ".xlsx": "xlsx"},
}
#: Excel opens a CSV file as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"


def _format(args: argparse.Namespace, formats: Sequence[str]) -> str:
    """The format asked for: ``--format``, else the ``--output`` suffix, else the first."""
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if not suffix:
        return formats[0]
    found = SUFFIXES.get(suffix, "")
    found = formats[0] if found == "text" else found
    if found not in formats:
        known = ", ".join(k for k, v in SUFFIXES.items() if v in formats or v == "text")
        raise OutputError(
            safe_name(args.output), f"policydiff {args.command} writes no {suffix!r} files; "
            f"use one of {known}, or give --format"
        )  # fmt: skip
    return found


def _csv_file(text: str, args: argparse.Namespace) -> str:
    """CSV as written: with a byte-order mark for Excel when it goes to a regular file."""
    target = Path(args.output) if args.output else None
    to_file = target is not None and (not target.exists() or target.is_file())
    return BOM + text if to_file else text


def _parse_cmd(args: argparse.Namespace) -> str:
    fmt = _format(args, ("text", "json"))
    doc = _read(args.document, args)
    if fmt == "json":
        return render.document_json(doc, indent=_INDENT)
    return render.document_text(doc, show_removed=args.show_removed)


def _numbers_cmd(args: argparse.Namespace) -> str:
    fmt = _format(args, ("table", "json", "csv"))
    doc = _read(args.document, args)
    if fmt == "json":
        return render.quantities_json(doc, indent=_INDENT)
    if fmt == "csv":
        return _csv_file(render.quantities_csv(doc), args)
    return render.quantities_table(doc)


DIFF_FORMATS = ("text", "md", "html", "json", "csv", "docx", "xlsx")
_RENDERERS: dict[str, Callable[[PolicyDiff], str | bytes]] = {
    "text": render.diff_text,
    "md": render.markdown,
    "html": render.html,
    "json": lambda d: render.diff_json(d, indent=_INDENT, signals=True),
    "csv": render.diff_csv,
    "docx": render.docx,
    "xlsx": render.xlsx,
}


#: The formats that show a detail level (``--detail``).
_DETAILED: dict[str, Callable[..., str]] = {
    "text": render.diff_text,
    "md": render.markdown,
    "html": render.html,
}


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


def _show_diff(result: PolicyDiff, args: argparse.Namespace) -> str | bytes | None:
    args.changed = not result.is_empty
    fmt = _format(args, DIFF_FORMATS)
    if fmt == "text" and not args.output and _is_terminal() and _print_rich(result):
        return None
    detailed = _DETAILED.get(fmt)
    shown = detailed(result, detail=args.detail) if detailed else _RENDERERS[fmt](result)
    return _csv_file(shown, args) if fmt == "csv" and isinstance(shown, str) else shown


def _options(args: argparse.Namespace, record: Any = DiffOptions) -> Any:
    """The options the tuning flags give (a ``record``: DiffOptions, or CorpusOptions), checked
    by the records (an ``OptionError`` names the option, the value and its range)."""
    given = {k.removeprefix(_TUNE): v for k, v in vars(args).items() if k.startswith(_TUNE)}
    return record.merged(None, f"policydiff {args.command}",
                         **{k: v for k, v in given.items() if v is not None})  # fmt: skip


def _diff_cmd(args: argparse.Namespace) -> str | bytes | None:
    _format(args, DIFF_FORMATS)  # an unknown suffix is refused before the documents are read
    options = _options(args)
    return _show_diff(diff(_read(args.old, args), _read(args.new, args), options=options), args)


def _demo_cmd(args: argparse.Namespace) -> str | bytes | None:
    _format(args, DIFF_FORMATS)
    options = _options(args)
    old, new = (read(sample_path(name)) for name in DEMO_PAIR)
    return _show_diff(diff(old, new, options=options), args)


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
            options=_options(args, CorpusOptions),
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

    fmt = _format(args, ("table", "csv", "json"))
    docs = [_read(f, args) for f in args.documents]
    result = timeline(docs, min_years=args.min_years, options=_options(args))
    rows = result.find(args.metric) if args.metric else result.rows
    if fmt == "json":
        return render.timeline_json(result, rows, indent=_INDENT)
    cells = render.timeline_rows(result, rows)
    return _csv_file(render.csv_text(cells), args) if fmt == "csv" else render.table(cells)


def _completion_cmd(args: argparse.Namespace) -> str:
    return completion_script(_parser(), args.shell)


#: The prefix of the tuning options' destinations (``--threshold`` → ``tune_threshold``).
_TUNE = "tune_"
#: The options records whose numbers are options of diff, demo and timeline, and their group.
TUNING = (
    "tuning",
    "thresholds and weights of the comparison: the fields of policydiff.DiffOptions and "
    "policydiff.AlignOptions (for corpus, also policydiff.corpus.CorpusOptions), each checked "
    "against its range",
    (DiffOptions, AlignOptions),
)


def _add_diff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=DIFF_FORMATS,
        default=None,
        help="text (a coloured summary on a terminal), md (the changelog), html (a side-by-side "
        "page), json (schema policydiff.diff/1), csv (the number changes), docx (a Word "
        "changelog with the 新旧对照表), xlsx (Excel sheets of numbers, sections, sentences); "
        "default: from the --output suffix, else text",
    )
    p.add_argument(
        "--output", "-o",
        help="write to this file (atomically) instead of standard output; its suffix (.txt, "
        ".md, .html, .json, .csv, .docx, .xlsx) picks the format",
    )  # fmt: skip
    p.add_argument(
        "--detail",
        choices=render.DETAILS,
        default="sections",
        help="how much text, md and html show: digest (the digest alone), sections (the digest "
        "and the changed sections, near-verbatim rewordings collapsed; the default) or full "
        "(every sentence)",
    )
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 0 when nothing changed, 1 when the documents differ, 2 for bad input, "
        "3 for an internal error (as diff(1) and git diff --exit-code)",
    )
    add_record_options(p, TUNING, _TUNE)


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
        epilog="A document given as - is read from standard input. Exit codes: 0 done, 1 "
        "internal error, 2 bad input (one line on stderr says what and how to fix it); with "
        "--exit-code (diff, demo): 0 no change, 1 changes, 2 bad input, 3 internal error; "
        "130 interrupted, 143 stopped by SIGTERM.",
    )
    parser.add_argument("--version", action="version", version=f"policydiff {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="show a document's sections, measures and metadata")
    p.add_argument(
        "document", help="path of the document (PDF, Word, web page or text; - for stdin)"
    )
    p.add_argument(
        "--format", choices=("text", "json"), default=None,
        help="text, or json (schema policydiff.document/1); default: from the --output suffix "
        "(.txt, .json), else text",
    )  # fmt: skip
    p.add_argument(
        "--show-removed",
        action="store_true",
        help="also list the lines taken out of the body (chrome, title, signature …) and why",
    )
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    _add_encoding(p)
    p.set_defaults(run=_parse_cmd)

    p = sub.add_parser("numbers", help="list the quantities a document states")
    p.add_argument("document", help="path of the document (- for standard input)")
    p.add_argument(
        "--format", choices=("table", "json", "csv"), default=None,
        help="default: from the --output suffix (.txt, .json, .csv), else table",
    )  # fmt: skip
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    _add_encoding(p)
    p.set_defaults(run=_numbers_cmd)

    p = sub.add_parser("diff", help="what changed from OLD to NEW")
    p.add_argument("old", help="path of last year's document (- for standard input)")
    p.add_argument("new", help="path of this year's document (- for standard input)")
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
    add_record_options(p, (TUNING[0], TUNING[1], (CorpusOptions, *TUNING[2])), _TUNE)
    p.set_defaults(run=_corpus_cmd, emit_to_stdout=True)

    p = sub.add_parser("timeline", help="follow the numbers of one series across three+ years")
    p.add_argument("documents", nargs="+", help="the series' documents, oldest first")
    p.add_argument("--metric", help="only rows whose metric contains this text")
    p.add_argument("--min-years", type=int, default=2, help="rows present in fewer are left out")
    p.add_argument(
        "--format", choices=("table", "csv", "json"), default=None,
        help="default: from the --output suffix (.txt, .csv, .json), else table",
    )  # fmt: skip
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    _add_encoding(p)
    add_record_options(p, TUNING, _TUNE)
    p.set_defaults(run=_timeline_cmd)

    p = sub.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a completion script for bash (source it, or save it as "
        "~/.local/share/bash-completion/completions/policydiff) or zsh (save it as _policydiff "
        "in a folder of $fpath).",
    )
    p.add_argument("shell", choices=SHELLS)
    p.set_defaults(run=_completion_cmd)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], str | bytes | None] = args.run
    coded = getattr(args, "exit_code", False)
    try:
        with _stopping_on_sigterm(), _warnings_on_stderr():
            output = (
                None if getattr(args, "emit_to_stdout", False) else getattr(args, "output", None)
            )
            if output:
                _check_output(output)
            _emit(run(args), output)
    except _PairsFailed as err:
        print(f"policydiff: error: {err}", file=sys.stderr)
        return EXIT_INTERNAL
    except PolicyDiffError as err:
        print(f"policydiff: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, json.JSONDecodeError) as err:
        print(f"policydiff: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("policydiff: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("policydiff: stopped by SIGTERM", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as err:
        print(
            f"policydiff: internal error: {type(err).__name__}: {_one_line(err)} "
            "(please report it with the input that caused it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_CODED if coded else EXIT_INTERNAL
    return EXIT_CHANGES if coded and getattr(args, "changed", False) else EXIT_OK


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


if __name__ == "__main__":
    sys.exit(main())
