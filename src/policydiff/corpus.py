"""Many documents: match two years of a corpus, diff every pair in parallel, follow metrics.

- :func:`match` — pair the documents of two years that are the same series or answer the
  same subject; unmatched ones are new or discontinued.
- :func:`diff_many` — diff many pairs on any :class:`concurrent.futures.Executor` (a process
  pool by default, a Dask cluster's ``Client.get_executor()`` for many machines).
- :func:`timeline` — three or more years of one series as one table of metrics × years.
- :class:`CorpusMatch`, :class:`Pair`, :class:`PairResult`, :class:`Timeline` — frozen results.

Matching compares a document's *identity* (title, subject, reference) and its *body* with
TF-IDF over character bigrams, but only for candidate pairs: an inverted index over each
document's rarest character 4-grams (its signature) proposes the pairs worth comparing, so
thousands of documents a year cost thousands of comparisons, not millions. A global
assignment then picks the pairs.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from .align import _bigrams
from .diff import PolicyDiff, diff
from .errors import PolicyDiffError
from .model import Document, QuantityRef
from .read import parse, read

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "CorpusMatch",
    "Pair",
    "PairResult",
    "Timeline",
    "TimelineRow",
    "diff_many",
    "match",
    "timeline",
]

#: Below this similarity two documents are not the same series.
MATCH_THRESHOLD = 0.3
#: How many rare 4-grams make a document's signature.
SIGNATURE_SIZE = 24
#: How many candidates each document keeps (the best-supported ones).
CANDIDATES = 20


@attrs.frozen
class Pair:
    """Two documents of consecutive years matched as one series, by index and source."""

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


def _grams4(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)} if len(text) >= 4 else {text}


def _signatures(texts: Sequence[str], size: int) -> list[list[str]]:
    """Each text's ``size`` rarest 4-grams that another text shares (ties by the gram)."""
    grams = [_grams4("".join(_bigram_chars(t))) for t in texts]
    frequency: dict[str, int] = defaultdict(int)
    for found in grams:
        for gram in found:
            frequency[gram] += 1
    # A gram only one text holds proposes no pair: the signature is the rarest shared ones.
    return [
        sorted((g for g in found if frequency[g] >= 2), key=lambda g: (frequency[g], g))[:size]
        for found in grams
    ]


def _bigram_chars(text: str) -> list[str]:
    """The text's Han/alphanumeric characters (punctuation and spaces dropped)."""
    return [c for c in text if c.isalnum()]


def _vectors(texts: Sequence[str]) -> tuple[list[dict[str, float]], dict[str, float]]:
    frequency: dict[str, int] = defaultdict(int)
    bags: list[dict[str, int]] = []
    for text in texts:
        bag: dict[str, int] = defaultdict(int)
        for gram in _bigrams(text):
            bag[gram] += 1
        bags.append(bag)
        for gram in bag:
            frequency[gram] += 1
    n = len(texts)
    idf = {g: math.log((n + 1) / (f + 1)) + 1.0 for g, f in frequency.items()}
    vectors = []
    for bag in bags:
        vector = {g: (1 + math.log(c)) * idf[g] for g, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({g: v / norm for g, v in vector.items()})
    return vectors, idf


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


def _as_documents(docs: Iterable[Document | str | os.PathLike[str]]) -> list[Document]:
    return [d if isinstance(d, Document) else read(d) for d in docs]


def match(
    old_docs: Sequence[Document | str | os.PathLike[str]],
    new_docs: Sequence[Document | str | os.PathLike[str]],
    *,
    threshold: float = MATCH_THRESHOLD,
    signature_size: int = SIGNATURE_SIZE,
    candidates: int = CANDIDATES,
) -> CorpusMatch:
    """Pair the documents of two years that continue each other.

    Similarity is body similarity (the first 4,000 characters), raised to its mean with
    identity similarity (title, subject, reference) when the identities agree more than the
    bodies do — each a TF-IDF cosine over character bigrams. A reply to a new suggestion on
    the same topic keeps its body's similarity even though its subject changed. Only
    candidate pairs sharing signature 4-grams are compared, at most ``candidates`` per
    document. Pairs below ``threshold`` are never made.

    >>> old = ["关于加强社区卫生服务的答复\\n一、加强社区卫生服务中心建设。",
    ...        "关于推进医保支付改革的答复\\n一、深化医保支付方式改革。"]
    >>> new = ["关于推进医保支付改革的答复\\n一、继续深化医保支付方式改革。",
    ...        "关于发展托育服务的答复\\n一、增加托育服务供给。"]
    >>> m = match(old, new)
    >>> [(p.old, p.new) for p in m.pairs], m.new, m.discontinued
    ([(1, 0)], (1,), (0,))
    """
    old = _as_documents(old_docs)
    new = _as_documents(new_docs)
    if not old or not new:
        return CorpusMatch((), tuple(range(len(new))), tuple(range(len(old))), 0)
    bodies = [d.text[:_BODY_CHARS] for d in old + new]
    identities = [_identity(d) for d in old + new]
    signatures = _signatures(
        [i + b for i, b in zip(identities, bodies, strict=True)], signature_size
    )
    index: dict[str, list[int]] = defaultdict(list)
    for j, signature in enumerate(signatures[len(old) :]):
        for gram in signature:
            index[gram].append(j)
    body_vectors, _ = _vectors(bodies)
    identity_vectors, _ = _vectors(identities)
    scores: dict[tuple[int, int], float] = {}
    comparisons = 0
    for i, signature in enumerate(signatures[: len(old)]):
        support: dict[int, int] = defaultdict(int)
        for gram in signature:
            for j in index.get(gram, ()):
                support[j] += 1
        best = sorted(support, key=lambda j: (-support[j], j))[:candidates]
        for j in best:
            comparisons += 1
            body = _cosine(body_vectors[i], body_vectors[len(old) + j])
            if identities[i] and identities[len(old) + j]:
                ident = _cosine(identity_vectors[i], identity_vectors[len(old) + j])
                score = max(body, (body + ident) / 2)
            else:
                score = body
            if score >= threshold:
                scores[(i, j)] = score
    pairs: list[Pair] = []
    if scores:
        from scipy.optimize import linear_sum_assignment

        rows = sorted({i for i, _ in scores})
        cols = sorted({j for _, j in scores})
        row_at = {i: k for k, i in enumerate(rows)}
        col_at = {j: k for k, j in enumerate(cols)}
        matrix: NDArray[np.float64] = np.zeros((len(rows), len(cols)))
        for (i, j), score in scores.items():
            matrix[row_at[i], col_at[j]] = score
        picked_rows, picked_cols = linear_sum_assignment(matrix, maximize=True)
        for r, c in zip(picked_rows, picked_cols, strict=True):
            if matrix[r, c] > 0:
                i, j = rows[r], cols[c]
                pairs.append(
                    Pair(i, j, old[i].source, new[j].source, round(float(matrix[r, c]), 4))
                )
    pairs.sort(key=lambda p: p.old)
    matched_old = {p.old for p in pairs}
    matched_new = {p.new for p in pairs}
    return CorpusMatch(
        pairs=tuple(pairs),
        new=tuple(j for j in range(len(new)) if j not in matched_new),
        discontinued=tuple(i for i in range(len(old)) if i not in matched_old),
        comparisons=comparisons,
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
        return PairResult(old[1], new[1], error=f"{type(err).__name__}: {err}")
    return PairResult(old[1], new[1], diff=result)


def _load(item: Document | str | bytes | os.PathLike[str]) -> _Input:
    if isinstance(item, Document):
        return item.original, item.source
    doc = read(item)
    return doc.original, doc.source


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
    run on a Dask cluster. Documents travel as text and results come back as frozen
    :class:`~policydiff.diff.PolicyDiff` objects. A pair that fails (a file that cannot be
    decoded, say) is reported in its :class:`PairResult` and does not stop the others.
    ``progress`` is called with each result as it completes; ``options`` go to ``diff``.
    """
    loaded: list[tuple[_Input, _Input] | PairResult] = []
    for old, new in pairs:
        try:
            loaded.append((_load(old), _load(new)))
        except PolicyDiffError as err:
            loaded.append(PairResult(_name(old), _name(new), error=str(err)))
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        futures = {
            k: pool.submit(_diff_texts, item[0], item[1], dict(options))
            for k, item in enumerate(loaded)
            if not isinstance(item, PairResult)
        }
        results: list[PairResult] = []
        for k, item in enumerate(loaded):
            if isinstance(item, PairResult):
                result = item
            else:
                try:
                    result = futures[k].result()
                except Exception as err:
                    result = PairResult(
                        item[0][1], item[1][1], error=f"{type(err).__name__}: {err}"
                    )
            if progress is not None:
                progress(result)
            results.append(result)
    finally:
        if own:
            pool.shutdown()
    return tuple(results)


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
