"""English documents from policydiff.strategies: every style parses into the paths its truth
names, and an aligner can be scored on them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import policydiff
from policydiff.scoring import check_alignment
from policydiff.strategies import ENGLISH_STYLES, document_pairs, random_pair

MARKERS = {
    "contract": ("ARTICLE I - ", "Section 1."),
    "decimal": ("1. ", "1.1 "),
    "statute": ("1 ", "(1) "),
    "bill": ("SEC. 1. ", "(a) "),
}


@pytest.mark.parametrize("style", ENGLISH_STYLES)
@pytest.mark.parametrize("plan", ["mixed", "split-merge", "renumber"])
def test_english_pairs_parse_into_their_paths(style: str, plan: str) -> None:
    for seed in range(3):
        old, new, truth = random_pair(seed, plan=plan, styles=[style])
        old_doc, new_doc = policydiff.parse(old), policydiff.parse(new)
        assert [n.path for n in old_doc.walk()] == list(truth.old_paths)
        assert [n.path for n in new_doc.walk()] == list(truth.new_paths)
        assert (old_doc.language, new_doc.language) == ("en", "en")
        assert old_doc.unaccounted() == ""
        assert [r.reason for r in old_doc.removed] == ["title"]


@pytest.mark.parametrize("style", ENGLISH_STYLES)
def test_english_styles_write_their_numbering(style: str) -> None:
    old, _new, _truth = random_pair(0, plan="light", styles=[style])
    lines = old.splitlines()
    top, second = MARKERS[style]
    assert any(line.startswith(top) for line in lines)
    assert any(line.startswith(second) for line in lines)


def test_english_numbers_are_paired() -> None:
    old, new, truth = random_pair(1, plan="numbers", styles=["contract"])
    d = policydiff.diff(policydiff.parse(old), policydiff.parse(new))
    score = check_alignment(truth, d.alignment, numbers=d.numbers)
    assert truth.numbers
    assert score.number_recall == 1.0


@settings(max_examples=10, derandomize=True, deadline=None)
@given(document_pairs(plan="light", styles=list(ENGLISH_STYLES)))
def test_english_hypothesis_pairs_parse(pair: tuple[str, str, object]) -> None:
    old, _new, truth = pair
    assert [n.path for n in policydiff.parse(old).walk()] == list(truth.old_paths)  # type: ignore[attr-defined]


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document styles"):
        random_pair(0, styles=["sonnet"])  # type: ignore[list-item]


@pytest.mark.parametrize("style", ENGLISH_STYLES)
def test_english_splits_and_merges_are_found_by_their_words(style: str) -> None:
    """Letter pairs (th, in, on) are in every English sentence; sections of Latin script are
    compared by their words, so a split or a merge stands out from its unrelated siblings."""
    from policydiff import diff, parse
    from policydiff.scoring import AlignmentScore, check_alignment

    total = AlignmentScore()
    for seed in range(12):
        old, new, truth = random_pair(seed, plan="split-merge", styles=[style])
        d = diff(parse(old), parse(new))
        total += check_alignment(truth, d.alignment, numbers=d.numbers)
    assert total.split_merge_recall >= 0.85, total.errors
    assert total.spurious <= 0.01, total.errors


def test_latin_text_is_compared_by_words_and_han_text_by_characters() -> None:
    from policydiff._align._features import _WORD_CODE, _bigram_codes

    codes, owner = _bigram_codes(["The fee shall be 10 dollars.", "收费标准为10元"])
    english, chinese = codes[owner == 0], codes[owner == 1]
    assert (english >= _WORD_CODE).sum() == 5 + 4  # five words and four pairs of them
    assert (english < _WORD_CODE).sum() == 1  # the digits' bigram: 10
    assert (chinese < _WORD_CODE).all() and len(chinese) == 7
