"""Quantities in English text, and the detected language of a document (SPEC §2.3)."""

from __future__ import annotations

import pytest

import policydiff
from policydiff.extract import quantities
from policydiff.normalize import detect_language


def _one(text: str) -> tuple[object, ...]:
    (q,) = quantities(text, year=2024)
    return (q.text, q.low, q.high, q.unit, q.qualifier, q.metric, q.kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Company shall pay at least 10 percent of the Fee.",
            ("at least 10 percent", 10.0, 10.0, "%", "at_least", "Fee", "target"),
        ),
        (
            "In 2023 the coverage rate was 10% of households.",
            ("10%", 10.0, 10.0, "%", None, "households", "actual"),
        ),
        (
            "Each grant shall not exceed $10,000.",
            ("not exceed $10,000", 10000.0, 10000.0, "USD", "at_most", "grant", "target"),
        ),
        (
            "The budget was USD 2.5 million.",
            ("USD 2.5 million", 2.5e6, 2.5e6, "USD", None, "budget", "actual"),
        ),
        (
            "Three-quarters of clinics were open.",
            ("Three-quarters", 0.75, 0.75, "", None, "clinics", "actual"),
        ),
        (
            "The plant delivered approximately 1,200 units.",
            ("approximately 1,200 units", 1200.0, 1200.0, "units", "approx", "units", "actual"),
        ),
        (
            "Waiting times were 5–10 days.",
            ("5–10 days", 5.0, 10.0, "days", None, "days", "actual"),
        ),
        (
            "Waiting times were 5 to 10 days.",
            ("5 to 10 days", 5.0, 10.0, "days", None, "days", "actual"),
        ),
        (
            "Funding rose to more than $3 billion.",
            ("more than $3 billion", 3e9, 3e9, "USD", "over", "Funding", "actual"),
        ),
        (
            "The number of rural clinics shall reach 1,500 by 2030.",
            ("1,500", 1500.0, 1500.0, "", None, "number of rural clinics", "target"),
        ),
        (
            "The State has a goal of 95 percent coverage.",
            ("95 percent", 95.0, 95.0, "%", None, "coverage", "target"),
        ),
        (
            "Spending increased by 4 percent.",
            ("4 percent", 4.0, 4.0, "%", None, "Spending", "change"),
        ),
    ],
)
def test_english_quantities(text: str, expected: tuple[object, ...]) -> None:
    assert _one(text) == expected


def test_references_dates_and_years_are_not_quantities() -> None:
    text = (
        "Under Section 1.1, Sec. 5, Article 3, No. 12 and 42 U.S.C. 1983, as amended on "
        "December 31, 2023 and in 2024, the 3rd report applies."
    )
    assert quantities(text) == ()


def test_target_year_and_as_of() -> None:
    (q,) = quantities("Coverage shall reach 95% by 2030.", year=2024)
    assert (q.kind, q.as_of) == ("target", "2030")


def test_chinese_text_keeps_the_chinese_rules() -> None:
    found = quantities("全国共有村卫生室58.2万个。")
    assert [(q.metric, q.low, q.unit) for q in found] == [("村卫生室", 582000.0, "个")]


def test_language_is_detected_by_the_majority_of_words() -> None:
    assert detect_language("The Secretary shall publish the strategy.") == "en"
    assert detect_language("国家卫生健康委关于DRG付费改革的通知") == "zh"
    # One Chinese sentence among English ones: the English words are the majority.
    mixed = "The Secretary shall publish the strategy each year.\n附件。"
    assert detect_language(mixed) == "en"
    assert detect_language("") == "zh"


def test_document_language_in_metadata() -> None:
    english = policydiff.parse("Plan\n1. Scope\nThe plan covers 12 hospitals.\n")
    chinese = policydiff.parse("一、总体情况\n村卫生室58.2万个。")
    assert (english.language, chinese.language) == ("en", "zh")
    assert english.metadata["language"] == "en"
    d = policydiff.diff(english, english)
    assert {n.change for n in d.nodes} == {"unchanged"}


def test_a_mixed_text_reads_each_line_by_its_own_rules() -> None:
    text = "全国共有村卫生室58.2万个。\nThe budget is $5 million for 12 clinics."
    found = quantities(text)
    assert [(q.text, q.low, q.unit) for q in found] == [
        ("58.2万个", 582000.0, "个"),
        ("$5 million", 5e6, "USD"),
        ("12 clinics", 12.0, "clinics"),
    ]
    assert [text[slice(*q.span)] for q in found] == [q.text for q in found]


def test_a_long_english_text_without_a_full_stop_gives_exact_spans() -> None:
    # How long it takes is measured by benchmarks/scaling.py; a figure reads only the words
    # near it, so one endless sentence is read in time linear in its length.
    text = "the fee is 5 percent and the levy USD 2 million and " * 5_000
    found = quantities(text)
    assert len(found) == 10_000
    assert all(text[q.span[0] : q.span[1]] == q.text for q in found)
    assert quantities("a1.b2@" * 1_000) == ()  # digits run into words name, they do not count
