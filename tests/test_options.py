"""Tests for the options records: every threshold named, checked when built, reachable by name
from the functions that use it, and picklable for executors."""

from __future__ import annotations

import pickle

import attrs
import numpy as np
import pytest

import policydiff
from policydiff import AlignOptions, DiffOptions, OptionError, UnknownOptionError
from policydiff.corpus import CorpusOptions, diff_many, match, timeline

OLD = "一、总体情况\n村卫生室58.2万个。\n二、人才队伍\n培训基层卫生人员65万人。"
NEW = "一、总体情况\n村卫生室57万个。\n二、人才队伍建设\n培训基层卫生人员77万人。"

# Every number field of every options record, with a value just outside its range.
OUT_OF_RANGE = [
    (AlignOptions, "threshold", 1.01),
    (AlignOptions, "threshold", -0.1),
    (AlignOptions, "containment", 7),
    (AlignOptions, "body_share", float("nan")),
    (AlignOptions, "heading_weight", -1),
    (AlignOptions, "anchor_weight", 11),
    (AlignOptions, "context_bonus", 2),
    (AlignOptions, "context_floor", 1.5),
    (AlignOptions, "cross_level", -0.5),
    (AlignOptions, "uninvert_keep", 3),
    (AlignOptions, "short_heading", 0.5),
    (AlignOptions, "rare_anchor", 0),
    (AlignOptions, "rare_anchor", 2.5),
    (DiffOptions, "sentence_threshold", 1.2),
    (DiffOptions, "metric_threshold", -0.01),
    (DiffOptions, "partial_metric_length", 0),
    (DiffOptions, "partial_metric_weight", 1.1),
    (DiffOptions, "indirect_weight", -1),
    (DiffOptions, "unique_metric_score", 2),
    (DiffOptions, "merge_gap", -1),
    (DiffOptions, "merge_gap", 1.5),
    (CorpusOptions, "match_threshold", 1.5),
    (CorpusOptions, "lift", -1),
    (CorpusOptions, "signature_size", 0),
    (CorpusOptions, "candidates", 0),
]


@pytest.mark.parametrize(("record", "name", "value"), OUT_OF_RANGE)
def test_a_value_out_of_range_is_refused_naming_option_value_and_range(
    record: type, name: str, value: float
) -> None:
    with pytest.raises(OptionError) as caught:
        record(**{name: value})
    message = str(caught.value)
    assert f"{record.__name__} option {name!r} is {value!r}" in message
    assert "it must be" in message and ("from" in message or "≥" in message)
    assert caught.value.option == name
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("record", [AlignOptions, DiffOptions, CorpusOptions])
def test_every_field_is_documented_and_range_checked(record: type) -> None:
    source = __import__("inspect").getsource(record)
    for field in attrs.fields(record):
        assert "#: " in source.split(f"    {field.name}:")[0].rsplit("\n\n", 1)[-1], field.name
        assert field.validator is not None, field.name


@pytest.mark.parametrize("value", [True, "0.3", None])
def test_a_value_of_the_wrong_type_is_refused(value: object) -> None:
    with pytest.raises(OptionError):
        AlignOptions(threshold=value)  # type: ignore[arg-type]


def test_a_nested_record_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(OptionError, match="'align' is 3"):
        DiffOptions(align=3)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="'align' is 3"):
        policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW), align=3)


def test_diff_rejects_an_unknown_option_by_name() -> None:
    with pytest.raises(UnknownOptionError) as caught:
        policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW), treshold=0.3)
    message = str(caught.value)
    assert message.startswith("diff() has no option 'treshold' (did you mean 'threshold'?)")
    assert "heading_weight" in message and "metric_threshold" in message
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: policydiff.align([], [], bogus=1), "align()"),
        (lambda: match([], [], bogus=1), "match()"),
        (lambda: timeline([OLD, NEW], bogus=1), "timeline()"),
        (lambda: diff_many([], bogus=1), "diff_many()"),
    ],
)
def test_every_entry_point_rejects_unknown_options(call: object, name: str) -> None:
    with pytest.raises(UnknownOptionError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value).startswith(f"{name} has no option 'bogus'")


def test_diff_reaches_every_align_and_diff_option_by_name() -> None:
    base = policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW))
    # heading_weight and anchor_weight reach the scorer: with them at 0 the headings, which
    # differ, no longer pull the similarity of section 2 down.
    plain = policydiff.diff(
        policydiff.parse(OLD), policydiff.parse(NEW), heading_weight=0.0, anchor_weight=0.0
    )
    sim = {n.new: n.similarity for n in base.nodes}
    sim_plain = {n.new: n.similarity for n in plain.nodes}
    assert sim != sim_plain
    # a threshold above every similarity links nothing
    none = policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW), threshold=1.0)
    assert not none.alignment.links and base.alignment.links
    # metric_threshold reaches the number pairing
    strict = policydiff.diff(
        policydiff.parse(OLD), policydiff.parse(NEW), metric_threshold=1.0, unique_metric_score=0.0
    )
    loose = policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW))
    assert len([c for c in loose.numbers if c.change == "changed"]) == 2
    assert len([c for c in strict.numbers if c.change == "changed"]) == 2  # same metrics: 1.0


def test_options_and_overrides_combine() -> None:
    options = DiffOptions(align=AlignOptions(threshold=0.4), sentence_threshold=0.7)
    merged = DiffOptions.merged(options, "diff()", containment=0.5, metric_threshold=0.8)
    assert merged.align.threshold == 0.4 and merged.align.containment == 0.5
    assert merged.sentence_threshold == 0.7 and merged.metric_threshold == 0.8
    assert DiffOptions.merged(options, "diff()") is options
    corpus = CorpusOptions.merged(None, "build()", lift=2.0, threshold=0.3, merge_gap=4)
    assert (corpus.lift, corpus.diff.align.threshold, corpus.diff.merge_gap) == (2.0, 0.3, 4)


def test_a_custom_scorer_is_used() -> None:
    def nothing_alike(old: object, new: object) -> np.ndarray:
        return np.zeros((len(old), len(new)))  # type: ignore[arg-type]

    result = policydiff.diff(policydiff.parse(OLD), policydiff.parse(NEW), scorer=nothing_alike)
    assert not result.alignment.links
    assert {n.change for n in result.nodes} == {"added", "dropped"}


def test_options_are_frozen_hashable_and_picklable() -> None:
    options = CorpusOptions(lift=2.0, diff=DiffOptions(align=AlignOptions(threshold=0.3)))
    assert pickle.loads(pickle.dumps(options)) == options
    assert hash(options) == hash(pickle.loads(pickle.dumps(options)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        options.lift = 1.0  # type: ignore[misc]


def test_defaults_are_those_the_documentation_states() -> None:
    # README and the docstrings quote these; a change to a default must change them too.
    align = AlignOptions()
    assert (align.threshold, align.containment, align.heading_weight, align.anchor_weight) == (
        0.25,
        0.6,
        0.35,
        0.25,
    )
    diff = DiffOptions()
    assert (diff.sentence_threshold, diff.metric_threshold, diff.merge_gap) == (0.5, 0.6, 2)
