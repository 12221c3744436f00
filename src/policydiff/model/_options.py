"""Options: every threshold and weight of the align, diff and corpus stages, typed and checked.

- :class:`AlignOptions` — how :func:`policydiff.align` scores and links nodes.
- :class:`DiffOptions` — how :func:`policydiff.diff` pairs sentences and numbers (and aligns).
- :class:`CorpusOptions` — how :mod:`policydiff.corpus` matches documents (and diffs them).

Each is a frozen, picklable record, so it can travel to a worker process or a Dask cluster as
it is. A value outside its range is refused when the record is built, with an
:class:`~policydiff.errors.OptionError` naming the option, the value and the range;
:meth:`DiffOptions.merged` (what ``diff(old, new, **overrides)`` calls) refuses a name that is
no option with an :class:`~policydiff.errors.UnknownOptionError`.

>>> DiffOptions().align.threshold
0.25
>>> DiffOptions.merged(None, "diff()", threshold=0.3, sentence_threshold=0.6).align.threshold
0.3
>>> AlignOptions(threshold=7)
Traceback (most recent call last):
...
policydiff.errors.OptionError: AlignOptions option 'threshold' is 7; it must be a number from 0 to 1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
from attrs import AttrsInstance

from ..errors import OptionError, UnknownOptionError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ._document import Node

__all__ = ["AlignOptions", "CorpusOptions", "DiffOptions", "Scorer"]

_T = TypeVar("_T", bound=AttrsInstance)


class Scorer(Protocol):
    """A similarity scorer: two node sequences to a ``len(old) × len(new)`` matrix in [0, 1].

    It must be symmetric: ``scorer(b, a)`` is ``scorer(a, b).T``. The default is
    :func:`policydiff._align.similarity`.
    """

    def __call__(
        self, old: Sequence[Node], new: Sequence[Node]
    ) -> NDArray[np.float64]: ...  # pragma: no cover - a protocol


def _number(low: float, high: float | None = None, *, integer: bool = False) -> Any:
    """A validator: a number (an ``int`` when ``integer``) from ``low`` to ``high``."""
    kind = "a whole number" if integer else "a number"
    allowed = f"{kind} from {low:g} to {high:g}" if high is not None else f"{kind} ≥ {low:g}"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if (
            not ok
            or isinstance(value, bool)
            or not low <= value  # type: ignore[operator]
            or (high is not None and value > high)  # type: ignore[operator]
        ):
            raise OptionError(type(instance).__name__, attribute.name, value, allowed)

    return check


def _scorer(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not callable(value):
        raise OptionError(
            type(instance).__name__, attribute.name, value, "None or a callable (old, new) → matrix"
        )


def _record(kind: type) -> Any:
    """A validator: an instance of the options record ``kind``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise OptionError(
                type(instance).__name__, attribute.name, value, f"an instance of {kind.__name__}"
            )

    return check


def _field(default: float, low: float, high: float | None = None, *, integer: bool = False) -> Any:
    return attrs.field(default=default, validator=_number(low, high, integer=integer))


@attrs.frozen
class AlignOptions:
    """How nodes are scored and linked (:func:`policydiff.align`).

    Similarity of two nodes is their text similarity (weight 1) plus ``heading_weight`` times
    their heading similarity and ``anchor_weight`` times their shared anchors, divided by the
    weights that apply; it lies in [0, 1].
    """

    #: Below this similarity no link is made.
    threshold: float = _field(0.25, 0, 1)
    #: An unlinked node whose weighted text lies at least this much inside a linked node of the
    #: other side is reported as split from / merged into it.
    containment: float = _field(0.6, 0, 1)
    #: An unlinked node's body (its text under the heading) is also tested for containment on
    #: its own when it carries at least this share of the node's weight: a measure carved out
    #: of another may be given a title of its own.
    body_share: float = _field(0.5, 0, 1)
    #: Weight of heading similarity, where either node has a heading.
    heading_weight: float = _field(0.35, 0, 10)
    #: Weight of shared anchors (cited titles, quoted names, metrics, agencies), where both
    #: nodes have some.
    anchor_weight: float = _field(0.25, 0, 10)
    #: Bonus, in a second pass, for pairs whose parents (or children) were linked to each other.
    context_bonus: float = _field(0.1, 0, 1)
    #: Only pairs of at least this share of ``threshold`` get the context bonus: context helps
    #: a near miss over the line, never an unrelated pair.
    context_floor: float = _field(0.6, 0, 1)
    #: A subtree matched against a single node (a section against a measure that became a
    #: section) counts this much of a like-for-like match.
    cross_level: float = _field(0.9, 0, 1)
    #: A link pair that turns the hierarchy upside down (parent → child and child → parent) is
    #: swapped when the swapped links keep at least this share of the similarity.
    uninvert_keep: float = _field(0.8, 0, 1)
    #: A heading's cover of the other node's text counts in full from this many distinct
    #: bigrams on, in proportion below: a short heading (``强队伍``) recurs by chance.
    short_heading: float = _field(6.0, 1)
    #: An anchor named by more nodes than this in one document is boilerplate (a document's
    #: own title) and is not an anchor; when leftover siblings are compared, a heading or an
    #: opening sentence shared by more nodes than this (``各位代表!``) does not name a node.
    rare_anchor: int = _field(2, 1, integer=True)
    #: Nodes left unlinked by the passes above are compared again with the children of the
    #: corresponding section (a section rewritten under the same heading keeps its topic, not
    #: its words): a pair of leftover children of linked parents, of the two tops, or of two
    #: groups already sharing ``sibling_anchors`` links gets this bonus. 0 (or a
    #: ``context_bonus`` of 0) turns the pass off.
    sibling_bonus: float = _field(0.1, 0, 1)
    #: ... and this much more times its rank prior: the links between the two groups cut them
    #: into gaps, and in a gap the k-th leftover is a prior for the k-th of the partner gap,
    #: counted from either end (1 at the same rank, 1/2 one place apart, ...; 0 across a link).
    rank_bonus: float = _field(0.1, 0, 1)
    #: The bonuses lower the bar, they never link unrelated text: a pair of leftover siblings
    #: is linked only if it scores at least this share of ``threshold`` on its own ...
    sibling_floor: float = _field(0.6, 0, 1)
    #: ... and at least this many times what each of its nodes scores, as a median, against
    #: two or more other siblings of its partner (how alike two sections of these documents
    #: are anyway); a split or a merge, this many times what its leftover scores so.
    sibling_lift: float = _field(2.0, 1, 100)
    #: A leftover child whose best sibling on the other side is already linked is split from
    #: (merged into) it when the pair scores at least this share of ``threshold`` (besides
    #: ``sibling_lift``), and when the leftover explains some of that sibling that the
    #: sibling's own partner does not: what is carved out of a section is what its successor
    #: lacks.
    split_floor: float = _field(0.5, 0, 1)
    #: Two groups of children whose parents are not linked correspond when at least this many
    #: of their members are linked to each other and those are most of the links of either
    #: group: a level dropped or added (tasks under ``三、`` one year, parts of their own the
    #: next).
    sibling_anchors: int = _field(2, 1, integer=True)
    #: A node without a heading is named, when leftover siblings are compared, by its first
    #: sentence up to this many characters (a 总分 paragraph states its topic first); 0 leaves
    #: such nodes to their text alone.
    lead_length: int = _field(40, 0, integer=True)
    #: Two leftover siblings whose leads share at least this many bigrams that no other
    #: sibling's lead uses, in either group (民生 and 保障 in ``优先稳就业保民生,人民生活得到切实
    #: 保障`` and ``着力保障和改善民生,加快发展社会事业``), are named alike: a part rewritten and
    #: moved. Such a pair needs only to score more than each of its nodes scores, as a median,
    #: against the other's siblings, and gets ``sibling_bonus`` once more. 0 turns this off.
    named_terms: int = _field(2, 0, integer=True)
    #: Where one of two linked sections has children and the other none, and the other's text
    #: is closer to the whole section than to its own text alone (a review in parts one year,
    #: summarised in one text the next), the leftover children are split from (merged into)
    #: it. Either kind of split or merge is reported only when at least this share of the
    #: leftover's weighted text is found in its partner.
    related_containment: float = _field(0.08, 0, 1)
    #: A custom scorer, ``(old_nodes, new_nodes) -> matrix in [0, 1]``, instead of the default.
    #: It must be symmetric (``scorer(b, a)`` is ``scorer(a, b).T``); picklable if the options
    #: travel to other processes.
    scorer: Scorer | None = attrs.field(default=None, validator=_scorer, eq=False)

    @classmethod
    def merged(cls, options: AlignOptions | None, function: str, **overrides: Any) -> AlignOptions:
        """``options`` (default: the defaults) with ``overrides`` applied, every name checked."""
        return _apply(options if options is not None else cls(), overrides, function)


@attrs.frozen
class DiffOptions:
    """How two documents are compared (:func:`policydiff.diff`), alignment included.

    ``diff(old, new, **overrides)`` takes the fields of this record and of :class:`AlignOptions`
    by name.
    """

    #: How nodes are aligned.
    align: AlignOptions = attrs.field(factory=AlignOptions, validator=_record(AlignOptions))
    #: Two sentences of linked nodes are the same measure, changed, at this similarity or more.
    sentence_threshold: float = _field(0.5, 0, 1)
    #: Two quantities measure the same thing at this metric similarity or more.
    metric_threshold: float = _field(0.6, 0, 1)
    #: Metrics of at least this many characters on both sides are also compared by partial
    #: ratio (a metric reworded around the same core) ...
    partial_metric_length: int = _field(4, 1, integer=True)
    #: ... which counts this much of a full match.
    partial_metric_weight: float = _field(0.9, 0, 1)
    #: A pair of quantities in descendants of linked nodes (not the linked nodes themselves)
    #: counts this much of the same pair in the linked nodes.
    indirect_weight: float = _field(0.95, 0, 1)
    #: ... and this much more when its identity stands in more than one node of either
    #: document (a budget whose every line states its 预算执行数): which of them is which,
    #: only a link between the two nodes themselves says. (So does a pair in unlinked
    #: sections, below.)
    repeated_weight: float = _field(0.75, 0, 1)
    #: Two quantities with the same metric, kind and unit, each named once in its document, are
    #: paired wherever they stand, with this score.
    unique_metric_score: float = _field(0.9, 0, 1)
    #: Two figures in sections that are not linked pair only when their subjects are at least
    #: this similar (and their kind, unit, measure, period and scope agree) ...
    unlinked_similarity: float = _field(0.9, 0, 1)
    #: ... and such a pair counts this much of the same pair in linked sections.
    unlinked_weight: float = _field(0.85, 0, 1)
    #: Pairs of numbers at or over this confidence are headline figures; the others are shown
    #: as possibly related. On the GWR 2005–2014 answers, wrong pairs scored 0.59–0.68 (and
    #: two 0.9 or more) and right ones 0.85 or more; the NHC sample's reworded 培训基层卫生骨干
    #: → 培训基层卫生人员, right, scores 0.75.
    headline_confidence: float = _field(0.75, 0, 1)
    #: Inline edits: equal runs of at most this many characters between two changes are folded
    #: into them.
    merge_gap: int = _field(2, 0, integer=True)

    @classmethod
    def merged(cls, options: DiffOptions | None, function: str, **overrides: Any) -> DiffOptions:
        """``options`` with ``overrides`` applied: names of this record's fields or of
        :class:`AlignOptions` (which go to ``align``), every name checked."""
        return _apply(options if options is not None else cls(), overrides, function)


@attrs.frozen
class CorpusOptions:
    """How the documents of two years are matched (:func:`policydiff.corpus.match`), and how
    each pair is then compared."""

    #: Below this similarity (a TF-IDF cosine of character 4-grams) two documents are not the
    #: same series. Real series run as low as 0.07 (Government Work Reports of 2019 and 2020);
    #: documents on unrelated subjects stay near 0.01.
    match_threshold: float = _field(0.05, 0, 1)
    #: A pair must also be this many times as similar as its documents are, on average, to the
    #: other documents of the other year (0: no such test).
    lift: float = _field(3.0, 0)
    #: How many rare 4-grams make a document's signature (blocking).
    signature_size: int = _field(24, 1, integer=True)
    #: How many candidates each document keeps (the best-supported ones).
    candidates: int = _field(20, 1, integer=True)
    #: How each matched pair is compared.
    diff: DiffOptions = attrs.field(factory=DiffOptions, validator=_record(DiffOptions))

    @classmethod
    def merged(
        cls, options: CorpusOptions | None, function: str, **overrides: Any
    ) -> CorpusOptions:
        """``options`` with ``overrides`` applied: names of this record's fields, or of
        :class:`DiffOptions` and :class:`AlignOptions` (which go to ``diff``)."""
        return _apply(options if options is not None else cls(), overrides, function)


def _nested(options: AttrsInstance) -> dict[str, AttrsInstance]:
    """The fields of an options record that are options records themselves, by name."""
    return {
        field.name: getattr(options, field.name)
        for field in attrs.fields(type(options))
        if attrs.has(type(getattr(options, field.name)))
    }


def _names(options: AttrsInstance) -> tuple[str, ...]:
    """Every name an override of ``options`` may use: its fields and its nested records'."""
    names = [field.name for field in attrs.fields(type(options))]
    for nested in _nested(options).values():
        names.extend(_names(nested))
    return tuple(names)


def _apply(base: _T, overrides: dict[str, Any], function: str) -> _T:
    """``base`` with ``overrides`` applied: a field's name sets it, a nested record's field
    name sets that field there; any other name is refused with the names ``function`` takes.
    Values are checked by the records' validators."""
    own = {k: v for k, v in overrides.items() if k in attrs.fields_dict(type(base))}
    rest = {k: v for k, v in overrides.items() if k not in own}
    for name, nested in _nested(base).items():
        value = own.get(name, nested)
        if not attrs.has(type(value)):
            continue  # not a record: the field's validator says so
        names = set(_names(value))
        inner = {k: rest.pop(k) for k in list(rest) if k in names}
        if inner:
            own[name] = _apply(value, inner, function)
    if rest:
        raise UnknownOptionError(function, next(iter(rest)), _names(base))
    # mypy's attrs plugin cannot see that a TypeVar bound to AttrsInstance is an attrs class.
    return attrs.evolve(base, **own) if own else base  # type: ignore[misc]
