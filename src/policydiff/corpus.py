"""Many documents: match two years of a corpus, diff every pair in parallel, follow metrics.

- :func:`match` — pair the documents of two years that are the same series or answer the
  same subject; unmatched ones are new or discontinued.
- :func:`diff_many` — diff many pairs on any :class:`concurrent.futures.Executor` (a process
  pool by default, a Dask cluster's ``Client.get_executor()`` for many machines).
- :func:`timeline` — three or more years of one series as one table of metrics × years.
- :func:`build` — a corpus run into a folder: a changelog per pair, an index, ``numbers.csv``.
- :class:`CorpusMatch`, :class:`Pair`, :class:`PairResult`, :class:`Timeline`,
  :class:`CorpusReport` — frozen results.

Matching reads a document's *identity* (title, subject, reference) and the start of its
*body* as character 4-grams. Blocking: the grams that few documents of either year hold (a
document's signature) propose the pairs worth comparing, so thousands of documents a year
cost thousands of comparisons, not millions. Candidates are compared by the cosine of their
TF-IDF weighted grams and kept when they are alike beyond what documents of one kind share
by chance; a global assignment then picks the pairs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from . import normalize
from .diff import PolicyDiff, diff
from .errors import PolicyDiffError
from .model import Document, QuantityRef
from .read import _looks_like_path, parse, read

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "CorpusEntry",
    "CorpusMatch",
    "CorpusReport",
    "Pair",
    "PairResult",
    "Timeline",
    "TimelineRow",
    "build",
    "diff_many",
    "match",
    "timeline",
]

#: Below this similarity (a TF-IDF cosine of character 4-grams) two documents are not the
#: same series. Real series run as low as 0.07 (Government Work Reports of 2019 and 2020);
#: documents on unrelated subjects stay near 0.01.
MATCH_THRESHOLD = 0.05
#: A pair must also be this many times as similar as its documents are, on average, to the
#: other documents of the other year: documents written from one stock of phrases are all
#: somewhat alike, and two leftovers of one kind must not be paired for that alone.
MATCH_LIFT = 3.0
#: How many rare 4-grams make a document's signature.
SIGNATURE_SIZE = 24
#: How many candidates each document keeps (the best-supported ones).
CANDIDATES = 20


@attrs.frozen
class Pair:
    """Two documents of consecutive years matched as one series, by index and source.

    ``similarity`` is the cosine of their TF-IDF weighted character 4-grams (see
    :func:`match`): near 1 for light edits, 0.1 to 0.2 for a rewritten annual report.
    """

    old: int
    new: int
    old_source: str | None
    new_source: str | None
    similarity: float


@attrs.frozen
class CorpusMatch:
    """The result of :func:`match`.

    ``comparisons`` is how many full document comparisons were made (the blocking keeps it
    far below ``len(old) * len(new)``).
    """

    pairs: tuple[Pair, ...]
    new: tuple[int, ...]
    discontinued: tuple[int, ...]
    comparisons: int


def _identity(doc: Document) -> str:
    return " ".join(x for x in (doc.title, doc.subject, doc.reference) if x)


_BODY_CHARS = 4000  # the start of a body identifies a series; the rest only costs time
_NOT_WORD = re.compile(r"[\W_]+")  # what grams skip: punctuation and spaces


def _gram_counts(texts: Sequence[str]) -> Any:
    """Texts × distinct character 4-grams (a ``csr_matrix``): how often each text holds each.

    Punctuation and spaces are dropped first, so a gram may span a comma. A 4-gram is
    numbered in two steps — each character bigram gets a dense number, a 4-gram is a pair of
    them — so that any text fits in 64 bits; columns are in the grams' text order, so ties
    break the same way on every run.
    """
    from scipy.sparse import csr_matrix

    chars = [
        np.frombuffer(_NOT_WORD.sub("", text).encode("utf-32-le"), dtype="<u4").astype(np.int64)
        for text in texts
    ]
    pair_codes = [c[:-1] << 21 | c[1:] for c in chars]  # a code point has 21 bits
    lengths = np.array([len(p) for p in pair_codes], dtype=np.int64)
    if lengths.sum() < 3:
        return csr_matrix((len(texts), 0))
    _, bigrams = np.unique(np.concatenate(pair_codes), return_inverse=True)
    bigrams = bigrams.ravel().astype(np.int64)  # < 2**31: at most one per character
    # The 4-gram at a bigram is that bigram and the one two further on, in the same text.
    ends = np.repeat(np.cumsum(lengths), lengths)[:-2]
    inside = np.arange(len(ends)) + 2 < ends
    codes = (bigrams[:-2] << 31 | bigrams[2:])[inside]
    rows = np.repeat(np.arange(len(texts)), lengths)[:-2][inside]
    grams, columns = np.unique(codes, return_inverse=True)
    return csr_matrix(
        (np.ones(len(codes)), (rows, columns.ravel())), shape=(len(texts), len(grams))
    )


def _leading(rows: NDArray[np.int64], k: int) -> NDArray[np.bool_]:
    """Which entries of ``rows`` (sorted) are among the first ``k`` of their row."""
    starts = np.searchsorted(rows, rows, side="left")
    leading: NDArray[np.bool_] = np.arange(len(rows)) - starts < k
    return leading


def _proposals(
    present: Any,
    others: Any,
    held: NDArray[np.float64],
    proposes: NDArray[np.float64],
    *,
    size: int,
    k: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The candidates that the documents of one year propose in the other, as (rows, cols).

    ``present`` and ``others`` are the two years' documents × grams (1 where held); ``held``
    counts the documents of the other year holding each gram, ``proposes`` the pairs each
    gram proposes across the two years. A document's signature is its ``size`` grams that
    propose the fewest pairs (but some; ties by gram); its candidates are the ``k`` documents
    of the other year holding most of it, each gram weighing one over ``held``: one gram
    shared with few outweighs several shared with many.
    """
    from scipy.sparse import csr_matrix

    entries = present.tocoo()
    useful = proposes[entries.col] > 0
    rows, cols = entries.row[useful], entries.col[useful]
    order = np.lexsort((cols, proposes[cols], rows))
    rows, cols = rows[order], cols[order]
    signed = _leading(rows, size)
    rows, cols = rows[signed], cols[signed]
    signatures = csr_matrix((1.0 / held[cols], (rows, cols)), shape=present.shape)
    support = (signatures @ others.T).tocoo()
    order = np.lexsort((support.col, -support.data, support.row))
    rows, cols = support.row[order].astype(np.int64), support.col[order].astype(np.int64)
    best = _leading(rows, k)
    return rows[best], cols[best]


def _tfidf(counts: Any, held: NDArray[np.float64]) -> Any:
    """Rows of sublinear TF × smoothed IDF, of unit length; ``held`` documents hold a gram."""
    from scipy.sparse import diags

    idf = np.log((counts.shape[0] + 1) / (held + 1)) + 1.0
    weights = counts.copy()
    weights.data = (1.0 + np.log(weights.data)) * idf[weights.indices]
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (diags(1.0 / norms) @ weights).tocsr()


def _chance(
    weights: Any,
    n: int,
    firsts: NDArray[np.int64],
    seconds: NDArray[np.int64],
    scores: NDArray[np.float64],
) -> NDArray[np.float64]:
    """For each candidate pair, the similarity its documents show by chance.

    That is the geometric mean of how alike each is, on average, to the documents of the
    other year but its partner: one dot product with the other year's sum, no comparisons.
    """
    old, new = weights[:n], weights[n:]
    to_new = old @ np.asarray(new.sum(axis=0)).ravel()
    to_old = new @ np.asarray(old.sum(axis=0)).ravel()
    old_chance = np.clip((to_new[firsts] - scores) / (new.shape[0] - 1), 0.0, None)
    new_chance = np.clip((to_old[seconds] - scores) / (old.shape[0] - 1), 0.0, None)
    chance: NDArray[np.float64] = np.sqrt(old_chance * new_chance)
    return chance


def _assign(
    firsts: NDArray[np.int64],
    seconds: NDArray[np.int64],
    scores: NDArray[np.float64],
    bars: NDArray[np.float64],
) -> list[tuple[int, int, float]]:
    """The one-to-one pairs that clear their bar by most in all, as (old, new, score).

    Maximizing the margins rather than the scores keeps two weak pairs from displacing a
    strong one.
    """
    from scipy.optimize import linear_sum_assignment

    kept = scores >= bars
    if not kept.any():
        return []
    rows, row_at = np.unique(firsts[kept], return_inverse=True)
    cols, col_at = np.unique(seconds[kept], return_inverse=True)
    margins: NDArray[np.float64] = np.zeros((len(rows), len(cols)))
    margins[row_at, col_at] = scores[kept] - bars[kept]
    similarity = np.full((len(rows), len(cols)), np.nan)  # NaN: not a candidate
    similarity[row_at, col_at] = scores[kept]
    return [
        (int(rows[r]), int(cols[c]), float(similarity[r, c]))
        for r, c in zip(*linear_sum_assignment(margins, maximize=True), strict=True)
        if not np.isnan(similarity[r, c])
    ]


def _as_documents(docs: Iterable[Document | str | os.PathLike[str]]) -> list[Document]:
    return [d if isinstance(d, Document) else read(d) for d in docs]


def match(
    old_docs: Sequence[Document | str | os.PathLike[str]],
    new_docs: Sequence[Document | str | os.PathLike[str]],
    *,
    threshold: float = MATCH_THRESHOLD,
    lift: float = MATCH_LIFT,
    signature_size: int = SIGNATURE_SIZE,
    candidates: int = CANDIDATES,
) -> CorpusMatch:
    """Pair the documents of two years that continue each other.

    A document is read as the character 4-grams of its identity (title, subject, reference)
    and the first 4,000 characters of its body. Blocking: each document's signature is its
    ``signature_size`` grams that propose the fewest pairs across the two years (a gram
    held by 2 old and 3 new documents proposes 6), and each document proposes as candidates
    the ``candidates`` documents of the other year holding most of its signature. Only
    candidates are compared (``comparisons`` counts them): by the cosine of their TF-IDF
    weighted grams, the similarity, in which what a whole kind of document shares (a title
    template, a salutation, stock phrases) weighs little. A pair is kept when its similarity
    is at least ``threshold`` and at least ``lift`` times what its documents share by chance
    (their average similarity to the other year's documents; not checked with only one
    document a year). A global assignment then picks the pairs that clear their bar by most
    in all.

    >>> old = ["关于加强社区卫生服务的答复\\n一、加强社区卫生服务中心建设。",
    ...        "关于推进医保支付改革的答复\\n一、深化医保支付方式改革。"]
    >>> new = ["关于推进医保支付改革的答复\\n一、继续深化医保支付方式改革。",
    ...        "关于发展婴幼儿照护的答复\\n一、增加普惠托育供给。"]
    >>> m = match(old, new)
    >>> [(p.old, p.new) for p in m.pairs], m.new, m.discontinued
    ([(1, 0)], (1,), (0,))
    """
    old = _as_documents(old_docs)
    new = _as_documents(new_docs)
    if not old or not new:
        return CorpusMatch((), tuple(range(len(new))), tuple(range(len(old))), 0)
    n = len(old)
    counts = _gram_counts([f"{_identity(d)}\n{d.text[:_BODY_CHARS]}" for d in old + new])
    present = counts.copy()
    present.data[:] = 1.0
    held_old = np.asarray(present[:n].sum(axis=0)).ravel()
    held_new = np.asarray(present[n:].sum(axis=0)).ravel()
    proposes = held_old * held_new
    old_rows, new_cols = _proposals(
        present[:n], present[n:], held_new, proposes, size=signature_size, k=candidates
    )
    new_rows, old_cols = _proposals(
        present[n:], present[:n], held_old, proposes, size=signature_size, k=candidates
    )
    found = np.unique(
        np.concatenate((old_rows * len(new) + new_cols, old_cols * len(new) + new_rows))
    )
    firsts, seconds = found // len(new), found % len(new)
    weights = _tfidf(counts, held_old + held_new)
    scores = np.asarray(weights[firsts].multiply(weights[n + seconds]).sum(axis=1)).ravel()
    bars = np.full(len(scores), threshold)
    if lift > 0 and len(old) > 1 and len(new) > 1:
        bars = np.maximum(bars, lift * _chance(weights, n, firsts, seconds, scores))
    pairs = [
        Pair(i, j, old[i].source, new[j].source, round(score, 4))
        for i, j, score in sorted(_assign(firsts, seconds, scores, bars))
    ]
    matched_old = {p.old for p in pairs}
    matched_new = {p.new for p in pairs}
    return CorpusMatch(
        pairs=tuple(pairs),
        new=tuple(j for j in range(len(new)) if j not in matched_new),
        discontinued=tuple(i for i in range(len(old)) if i not in matched_old),
        comparisons=len(found),
    )


# --- many diffs ---------------------------------------------------------------------------------


@attrs.frozen
class PairResult:
    """The diff of one pair, or the error that stopped it (the others still ran)."""

    old_source: str | None
    new_source: str | None
    diff: PolicyDiff | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_Input = tuple[str, str | None]  # (text, source name)


def _diff_texts(old: _Input, new: _Input, options: dict[str, Any]) -> PairResult:
    """Worker: parse and diff two documents given as text (picklable in and out)."""
    try:
        result = diff(parse(old[0], source=old[1]), parse(new[0], source=new[1]), **options)
    except Exception as err:
        return _failed((old, new), err)
    return PairResult(old[1], new[1], diff=result)


def _diff_chunk(
    chunk: Sequence[tuple[_Input, _Input]], options: dict[str, Any]
) -> list[PairResult]:
    """Worker: :func:`_diff_texts` for several pairs, one task for the executor."""
    return [_diff_texts(old, new, options) for old, new in chunk]


def _load(item: Document | str | bytes | os.PathLike[str]) -> _Input:
    """A document as ``(text, source)``: decoded here, parsed by the worker that diffs it.

    Parsing here would do in one process what the workers can share.
    """
    if isinstance(item, Document):
        return item.original, item.source
    if isinstance(item, bytes):
        return normalize.decode(item), None
    if isinstance(item, str) and not _looks_like_path(item):
        return item, None
    path = Path(os.fspath(item))
    try:
        data = path.read_bytes()
    except OSError:
        doc = read(path)  # raises the InputError that says what is wrong with the path
        return doc.original, doc.source
    return normalize.decode(data, source=str(path)), path.name


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
    **options: Any,
) -> tuple[PairResult, ...]:
    """Diff every ``(old, new)`` pair in parallel; results in the order of ``pairs``.

    ``executor`` is any :class:`concurrent.futures.Executor`: by default a process pool of
    ``workers`` processes (all cores); pass ``distributed.Client(...).get_executor()`` to
    run on a Dask cluster. Documents travel as text, a few pairs a task, and are parsed
    where they are diffed; results come back as frozen :class:`~policydiff.diff.PolicyDiff`
    objects. A pair that fails (a file that cannot be decoded, say) is reported in its
    :class:`PairResult` and does not stop the others. ``progress`` is called with each
    result as it completes; ``options`` go to ``diff``.
    """
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
            pool.submit(_diff_chunk, [pair for _, pair in batch], dict(options)): batch
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


# --- timelines ---------------------------------------------------------------------------------


@attrs.frozen
class TimelineRow:
    """One metric followed across the years: a cell per year, ``None`` where it is missing."""

    metric: str
    cells: tuple[QuantityRef | None, ...]


@attrs.frozen
class Timeline:
    """Metrics × years, from the chain of year-to-year alignments of one series."""

    years: tuple[str, ...]
    rows: tuple[TimelineRow, ...]

    def find(self, text: str) -> tuple[TimelineRow, ...]:
        """The rows whose metric contains ``text`` in any year."""
        return tuple(
            row
            for row in self.rows
            if text in row.metric or any(c and text in c.quantity.metric for c in row.cells)
        )

    def to_frame(self) -> Any:
        """One row per (metric, year) with value, unit, as-of, kind and node (pandas)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import MissingExtraError

            raise MissingExtraError("pandas", "pandas") from None
        records = []
        for number, row in enumerate(self.rows):
            for year, cell in zip(self.years, row.cells, strict=True):
                q = cell.quantity if cell else None
                records.append(
                    {
                        "row": number,
                        "metric": row.metric,
                        "year": year,
                        "text": q.text if q else None,
                        "low": q.low if q else None,
                        "high": q.high if q else None,
                        "unit": q.unit if q else None,
                        "as_of": q.as_of if q else None,
                        "kind": q.kind if q else None,
                        "node": cell.node if cell else None,
                    }
                )
        return pd.DataFrame.from_records(records)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year(doc: Document, position: int) -> str:
    """The document's year: from its date, else from its file name, else its position."""
    if doc.date:
        return doc.date[:4]
    if doc.source and (found := _YEAR.search(doc.source)):
        return found.group(1)
    return doc.source or str(position + 1)


def timeline(
    docs: Sequence[Document | str | os.PathLike[str]],
    *,
    min_years: int = 2,
    **options: Any,
) -> Timeline:
    """Follow every number of a series of documents (oldest first) across the years.

    Each year is diffed with the next, and with the one after that, so a metric a year leaves
    out (the GDP target of 2020) continues across the gap, shown as missing. Rows with a value
    in fewer than ``min_years`` years are left out. ``options`` go to ``diff``.
    """
    documents = _as_documents(docs)
    years = tuple(_year(d, k) for k, d in enumerate(documents))
    # Each quantity of each year is a node of a graph; a paired number change is an edge.
    ids: dict[tuple[int, str, int], int] = {}
    cells: list[tuple[int, QuantityRef]] = []
    for k, doc in enumerate(documents):
        for node in doc.walk():
            for q_index, quantity in enumerate(node.quantities):
                ids[(k, node.path, q_index)] = len(cells)
                cells.append((k, QuantityRef(node.path, quantity)))
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}

    def key(k: int, ref: QuantityRef) -> int | None:
        node = documents[k].node(ref.node)
        for q_index, quantity in enumerate(node.quantities):
            if quantity == ref.quantity:
                return ids[(k, ref.node, q_index)]
        return None

    for step in (1, 2):
        for k in range(len(documents) - step):
            result = diff(documents[k], documents[k + step], **options)
            for change in result.numbers:
                if (
                    change.change not in ("changed", "unchanged")
                    or not change.old
                    or not change.new
                ):
                    continue
                a, b = key(k, change.old), key(k + step, change.new)
                if a is None or b is None or a in successor or b in predecessor:
                    continue
                if step == 2 and not _skips_a_year(a, b, successor, predecessor):
                    continue
                successor[a], predecessor[b] = b, a
    rows: list[TimelineRow] = []
    for start in range(len(cells)):
        if start in predecessor:
            continue
        row: list[QuantityRef | None] = [None] * len(documents)
        current: int | None = start
        while current is not None:
            k, ref = cells[current]
            row[k] = ref
            current = successor.get(current)
        if sum(cell is not None for cell in row) >= min_years:
            latest = next(cell for cell in reversed(row) if cell is not None)
            rows.append(TimelineRow(latest.quantity.metric, tuple(row)))
    return Timeline(years=years, rows=tuple(rows))


def _skips_a_year(a: int, b: int, successor: dict[int, int], predecessor: dict[int, int]) -> bool:
    """A two-year edge is used only when the year between has no link for either end."""
    return a not in successor and b not in predecessor


# --- a corpus run into a folder -------------------------------------------------------------------

MANIFEST = ".policydiff-corpus.json"
_DOCUMENT_COLUMNS = ("old_document", "new_document")


@attrs.frozen
class CorpusEntry:
    """One matched pair of a corpus run: where its changelogs are and what they hold."""

    old: str
    new: str
    similarity: float
    status: str  # "diffed", "unchanged inputs" (skipped) or "failed"
    markdown: str | None = None
    html: str | None = None
    counts: tuple[tuple[str, int], ...] = ()
    error: str | None = None


@attrs.frozen
class CorpusReport:
    """What :func:`build` did: the pairs, the new and discontinued documents, the failures."""

    entries: tuple[CorpusEntry, ...]
    new: tuple[str, ...]
    discontinued: tuple[str, ...]
    unreadable: tuple[tuple[str, str], ...]
    comparisons: int


def _documents_in(folder: Path) -> tuple[list[Document], list[tuple[str, str]]]:
    docs: list[Document] = []
    bad: list[tuple[str, str]] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            docs.append(read(path))
        except PolicyDiffError as err:
            bad.append((f"{folder.name}/{path.name}", str(err)))
    return docs, bad


def _slug(name: str | None) -> str:
    stem = Path(name or "document").stem
    return re.sub(r"[^\w\-.]+", "_", stem).strip("_") or "document"


def _fingerprint(old: Document, new: Document, options: dict[str, Any]) -> str:
    import hashlib

    from . import __version__

    digest = hashlib.sha256()
    for part in (old.original, new.original, __version__, repr(sorted(options.items()))):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _number_rows(result: PolicyDiff) -> list[dict[str, Any]]:
    """The diff's number changes as :func:`policydiff.render.number_rows` gives them, with the
    names of the two documents in front."""
    from .render import number_rows

    names = {"old_document": result.old.source, "new_document": result.new.source}
    return [names | row for row in number_rows(result)]


def build(
    old_dir: str | os.PathLike[str],
    new_dir: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> CorpusReport:
    """Match the documents of two folders, diff every pair, write the changelogs.

    Writes, atomically, into ``output``: ``<old>--<new>.md`` and ``.html`` for each matched
    pair, ``index.md`` and ``index.html`` (pairs with similarity and counts of changes, new,
    discontinued and unreadable documents), ``numbers.csv`` (every number change of the
    corpus), and a manifest that lets a re-run skip pairs whose inputs did not change.
    ``progress(done, total)`` is called as pairs finish.
    """
    from .cli import write_atomic
    from .render import html, markdown

    out = Path(output)
    old_docs, bad_old = _documents_in(Path(old_dir))
    new_docs, bad_new = _documents_in(Path(new_dir))
    matched = match(old_docs, new_docs)
    manifest_path = out / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    todo: list[tuple[Pair, str, str]] = []
    kept: dict[str, Any] = {}
    for pair in matched.pairs:
        name = f"{_slug(pair.old_source)}--{_slug(pair.new_source)}"
        fingerprint = _fingerprint(old_docs[pair.old], new_docs[pair.new], options)
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

    results = diff_many(
        [(old_docs[pair.old], new_docs[pair.new]) for pair, _, _ in todo],
        executor=executor,
        workers=workers,
        progress=advanced,
        **options,
    )
    for (_, name, fingerprint), result in zip(todo, results, strict=True):
        if result.diff is None:
            kept[name] = {"status": "failed", "error": result.error, "fingerprint": None}
            continue
        write_atomic(out / f"{name}.md", markdown(result.diff))
        write_atomic(out / f"{name}.html", html(result.diff))
        kept[name] = {
            "status": "diffed",
            "fingerprint": fingerprint,
            "counts": result.diff.summary["nodes"]
            | {f"numbers_{k}": v for k, v in result.diff.summary["numbers"].items()},
            "numbers": _number_rows(result.diff),
        }
    entries = []
    for pair in matched.pairs:
        name = f"{_slug(pair.old_source)}--{_slug(pair.new_source)}"
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
    write_atomic(out / "index.md", _index_markdown(report))
    write_atomic(out / "index.html", _index_html(report))
    write_atomic(out / "numbers.csv", _numbers_csv(kept, entries))
    stored = {
        name: {k: v for k, v in record.items() if k != "status"} for name, record in kept.items()
    }
    write_atomic(manifest_path, json.dumps(stored, ensure_ascii=False, sort_keys=True, indent=1))
    return report


def _numbers_csv(kept: dict[str, Any], entries: list[CorpusEntry]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    from .render import NUMBER_COLUMNS

    columns = [*_DOCUMENT_COLUMNS, *NUMBER_COLUMNS]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        if entry.markdown is None:
            continue
        record = kept[entry.markdown[: -len(".md")]]
        for row in record.get("numbers", []):
            writer.writerow(row)
    return buffer.getvalue()


def _count_line(entry: CorpusEntry) -> str:
    counts = dict(entry.counts)
    if not counts:
        return entry.error or ""
    return (
        f"{counts.get('added', 0)} added, {counts.get('dropped', 0)} dropped, "
        f"{counts.get('changed', 0)} changed, {counts.get('moved', 0)} moved; "
        f"numbers {counts.get('numbers_changed', 0)} changed"
    )


def _index_markdown(report: CorpusReport) -> str:
    from ._markdown import escape

    lines = ["# Corpus changelog", "", "| Old | New | Similarity | Changes | Changelog |",
             "|---|---|---|---|---|"]  # fmt: skip
    for e in report.entries:
        link = (
            f"[md]({e.markdown}) · [html]({e.html})"
            if e.markdown
            else f"failed: {escape(e.error or '')}"
        )
        lines.append(
            f"| {escape(e.old)} | {escape(e.new)} | {e.similarity:.2f} "
            f"| {escape(_count_line(e))} | {link} |"
        )
    for title, names in (
        ("New documents", report.new),
        ("Discontinued documents", report.discontinued),
    ):
        lines += ["", f"## {title}", ""]
        lines += [f"- {escape(n)}" for n in names] or ["- none"]
    if report.unreadable:
        lines += ["", "## Unreadable documents", ""]
        lines += [f"- {escape(name)}: {escape(error)}" for name, error in report.unreadable]
    return "\n".join(lines) + "\n"


def _index_html(report: CorpusReport) -> str:
    from html import escape

    rows = []
    for e in report.entries:
        link = (
            f'<a href="{escape(e.html or "")}">html</a> · '
            f'<a href="{escape(e.markdown or "")}">md</a>'
            if e.markdown
            else f"failed: {escape(e.error or '')}"
        )
        rows.append(
            f"<tr><td>{escape(e.old)}</td><td>{escape(e.new)}</td><td>{e.similarity:.2f}</td>"
            f"<td>{escape(_count_line(e))}</td><td>{link}</td></tr>"
        )
    lists = []
    for title, names in (
        ("New documents", report.new),
        ("Discontinued documents", report.discontinued),
    ):
        items = "".join(f"<li>{escape(n)}</li>" for n in names) or "<li>none</li>"
        lists.append(f"<h2>{title}</h2><ul>{items}</ul>")
    if report.unreadable:
        items = "".join(f"<li>{escape(n)}: {escape(err)}</li>" for n, err in report.unreadable)
        lists.append(f"<h2>Unreadable documents</h2><ul>{items}</ul>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Corpus changelog</title><style>body{font-family:sans-serif;margin:1rem;}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;"
        "text-align:left}</style></head><body><h1>Corpus changelog</h1><table><thead><tr>"
        "<th>Old</th><th>New</th><th>Similarity</th><th>Changes</th><th>Changelog</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>{''.join(lists)}</body></html>\n"
    )
