"""The fast paths of extraction. The word gates of its patterns (``_lexicon._Worded``) test
for a few words before a regex runs, so they must only pass over texts no match could be found
in; quantities are made by position, so the model's fields must keep their order."""

from __future__ import annotations

import importlib
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff.extract import _lexicon, quantities
from policydiff.model import Quantity

from .conftest import CORPUS, require

# the modules that make gated patterns, imported so that every one of them is registered
for _module in ("_identity", "_kind", "_metric", "_tables", "_terms"):
    importlib.import_module(f"policydiff.extract.{_module}")

WORDED = list(_lexicon._WORDED)


def _name(pattern: _lexicon._Worded) -> str:
    return pattern.compiled.pattern[:24]


def test_the_gated_patterns_are_registered() -> None:
    assert len(WORDED) >= 6


@pytest.mark.parametrize("pattern", WORDED, ids=_name)
@given(data=st.data())
def test_every_match_holds_one_of_the_words(pattern: _lexicon._Worded, data: st.DataObject) -> None:
    found = data.draw(st.from_regex(pattern.compiled, fullmatch=True))
    assert any(word in found for word in pattern.words), (found, pattern.words)


@pytest.mark.parametrize("pattern", WORDED, ids=_name)
def test_the_gate_finds_what_the_regex_finds_on_the_corpus(pattern: _lexicon._Worded) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(require(CORPUS).glob("*.txt"))]
    pieces = [piece for text in texts for piece in re.split(r"[。\n]", text)]
    found = 0
    for piece in pieces:
        plain = pattern.compiled.search(piece)
        gated = pattern.search(piece)
        assert (gated and gated.span()) == (plain and plain.span()), piece
        found += plain is not None
    assert found, "the corpus holds no match: the comparison checked nothing"


def test_quantities_are_made_with_their_fields_in_order() -> None:
    # extraction makes each Quantity by position (a keyword call is slower): a field moved or
    # added in the model must show here, not as figures with their fields swapped
    assert [field.name for field in attrs.fields(Quantity)] == [
        "text",
        "span",
        "low",
        "high",
        "unit",
        "qualifier",
        "metric",
        "as_of",
        "kind",
        "subject",
        "measure",
        "scope",
        "period",
    ]
    (q,) = quantities("今年城镇新增就业1200万人以上。", year=2024)
    assert (q.text, q.unit, q.qualifier, q.as_of, q.kind, q.subject, q.measure, q.period) == (
        "1200万人以上",
        "人",
        "at_least",
        "2024",
        "target",
        "城镇新增就业",
        "count",
        "annual",
    )
