"""Matching: pair the documents of two years that continue each other.

A document is read as its *identity* (title, subject, reference) and the start of its *body*
as character 4-grams. Blocking: the grams that few documents of either year hold (a
document's signature) propose the pairs worth comparing, so thousands of documents a year
cost thousands of comparisons, not millions. Candidates are compared by the cosine of their
TF-IDF weighted grams and kept when they are alike beyond what documents of one kind share
by chance; a global assignment then picks the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _kernels as kernels
from .._api import DocumentLike, as_document
from ..model import CorpusMatch, CorpusOptions, Document, Pair

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["match"]


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
    weights = counts.tocsr(copy=True)
    rows = np.repeat(np.arange(weights.shape[0]), np.diff(weights.indptr))
    idf = kernels.idf(counts.shape[0], held)
    weights.data = kernels.tfidf(rows, weights.indices, weights.data, idf, weights.shape[0])
    return weights


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
    kept = scores >= bars
    if not kept.any():
        return []
    rows, row_at = np.unique(firsts[kept], return_inverse=True)
    cols, col_at = np.unique(seconds[kept], return_inverse=True)
    margins: NDArray[np.float64] = np.zeros((len(rows), len(cols)))
    margins[row_at, col_at] = scores[kept] - bars[kept]
    candidate = np.zeros((len(rows), len(cols)), dtype=bool)
    candidate[row_at, col_at] = True
    similarity: NDArray[np.float64] = np.zeros((len(rows), len(cols)))
    similarity[row_at, col_at] = scores[kept]
    return [
        (int(rows[r]), int(cols[c]), float(similarity[r, c]))
        for r, c in kernels.assign(margins, candidate)
    ]


def match(
    old_docs: Sequence[DocumentLike],
    new_docs: Sequence[DocumentLike],
    *,
    options: CorpusOptions | None = None,
    **overrides: Any,
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
    is at least ``match_threshold`` and at least ``lift`` times what its documents share by chance
    (their average similarity to the other year's documents; not checked with only one
    document a year). A global assignment then picks the pairs that clear their bar by most
    in all.

    >>> from policydiff import parse
    >>> old = [parse("关于加强社区卫生服务的答复\\n一、加强社区卫生服务中心建设。"),
    ...        parse("关于推进医保支付改革的答复\\n一、深化医保支付方式改革。")]
    >>> new = [parse("关于推进医保支付改革的答复\\n一、继续深化医保支付方式改革。"),
    ...        parse("关于发展婴幼儿照护的答复\\n一、增加普惠托育供给。")]
    >>> m = match(old, new)
    >>> [(p.old, p.new) for p in m.pairs], m.new, m.discontinued
    ([(1, 0)], (1,), (0,))
    """
    chosen = CorpusOptions.merged(options, "match()", **overrides)
    threshold, lift = chosen.match_threshold, chosen.lift
    signature_size, candidates = chosen.signature_size, chosen.candidates
    old = [as_document(d) for d in old_docs]
    new = [as_document(d) for d in new_docs]
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
    found = kernels.distinct(
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
