"""The word gates of the extraction's patterns (``_lexicon._Worded``): a gate tests for a few
words before its regex runs, so it must only pass over texts that no match could be found in."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff.extract import _lexicon

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
