"""English and other Latin-script documents: markers, levels, labels, headings, sentences and
the body kept whole (SPEC §2.2)."""

from __future__ import annotations

import pytest

import policydiff
from policydiff.segment import block_marker, split_sentences

CONTRACT = """MASTER SERVICES AGREEMENT
This Agreement is made between the Company and the Supplier.
ARTICLE I - DEFINITIONS
Section 1.1 Defined Terms. In this Agreement, the following terms apply.
(a) "Fee" means the amount of $10,000 payable each year;
(b) "Term" means three years; and
(c) "Services" means the work described in Schedule 1.
Section 1.2 Interpretation
The headings do not affect interpretation.
ARTICLE II
PAYMENT
Section 2.1 Fees. The Company shall pay at least 10 percent of the Fee.
(a) a
(b) b
(c) c
(d) d
(e) e
(f) f
(g) g
(h) h
(i) the ninth item, a letter
(j) the tenth, with sub-items:
(i) roman one
(ii) roman two
SCHEDULE 1 - SERVICES
The Supplier shall deliver 1,200 units.
"""

BILL = """A BILL
To improve access to rural health care.
SECTION 1. SHORT TITLE.
This Act may be cited as the Rural Health Act.
SEC. 2. GRANTS.
(a) In General.—The Secretary shall award grants.
(1) Amount.—Each grant shall not exceed $500,000.
(A) at least 40 percent for clinics; and
(B) the rest for training.
(b) Reports.—The Secretary shall report each year.
"""

STATUTE = """Public Health Act 2024
1 Duty to publish
(1) The Secretary of State must publish a strategy.
(2) The strategy must set out—
(a) the targets, and
(b) the period.
2 Reports
(1) The Secretary of State must lay a report before Parliament.
3 HIV Testing Sites through Mobile Outreach Teams
(1) The Secretary of State must fund testing sites.
"""

DECIMAL = """Health Plan 2030
1. Purpose
1.1 Scope
1.1.1 This plan covers all hospitals.
1.1.2 It applies from 2025.
1.2 Goals
The goal is to reach 95% coverage by 2030.
2. Funding
2.1 Budget
The budget is USD 2.5 million.
"""


def _tree(text: str) -> list[tuple[str, str, str]]:
    return [(n.path, n.label, n.heading) for n in policydiff.parse(text).walk()]


def test_contract_articles_sections_letters_and_romans() -> None:
    tree = _tree(CONTRACT)
    assert ("1", "ARTICLE I", "DEFINITIONS") in tree
    assert ("1.1", "Section 1.1", "Defined Terms") in tree
    assert ("1.1.2", "Section 1.1(b)", "") in tree
    assert ("2", "ARTICLE II", "PAYMENT") in tree  # the heading on the line after the marker
    # (i) after (h) is the ninth letter; (i) after (j) opens a roman list under it.
    assert ("2.1.9", "Section 2.1(i)", "") in tree
    assert ("2.1.10.1", "Section 2.1(j)(i)", "") in tree
    assert ("2.1.10.2", "Section 2.1(j)(ii)", "") in tree
    assert ("a1", "SCHEDULE 1", "SERVICES") in tree


def test_us_bill_sections_and_dashed_headings() -> None:
    doc = policydiff.parse(BILL)
    tree = [(n.path, n.label, n.heading) for n in doc.walk()]
    assert ("1", "SECTION 1", "SHORT TITLE") in tree
    assert ("2", "SEC. 2", "GRANTS") in tree
    assert ("2.1", "SEC. 2(a)", "In General") in tree
    assert ("2.1.1", "SEC. 2(a)(1)", "Amount") in tree
    assert ("2.1.1.1", "SEC. 2(a)(1)(A)", "") in tree
    assert ("2.2", "SEC. 2(b)", "Reports") in tree
    node = next(n for n in doc.walk() if n.path == "2.1.1")
    assert node.text == "Each grant shall not exceed $500,000."


def test_uk_statute_numbers_and_subsections() -> None:
    tree = _tree(STATUTE)
    assert ("1", "1", "Duty to publish") in tree
    assert ("1.2.1", "1(2)(a)", "") in tree
    assert ("2.1", "2(1)", "") in tree
    # A heading that opens with an acronym; small words of a title in lower case.
    assert ("3", "3", "HIV Testing Sites through Mobile Outreach Teams") in tree


def test_decimal_numbering_levels() -> None:
    tree = _tree(DECIMAL)
    assert ("1.1.2", "1.1.2", "") in tree
    assert ("1.2", "1.2", "Goals") in tree
    assert ("2.1", "2.1", "Budget") in tree


@pytest.mark.parametrize("text", [CONTRACT, BILL, STATUTE, DECIMAL])
def test_no_english_body_line_is_removed(text: str) -> None:
    doc = policydiff.parse(text)
    assert doc.unaccounted() == ""
    assert [r.reason for r in doc.removed] == ["title"]


def test_markers_in_running_text_are_not_markers() -> None:
    assert block_marker("Article 5 of the Act applies.") is None
    assert block_marker("10 percent of the fee") is None
    assert block_marker("1.5 million people") is None
    assert block_marker("Sec. 2. Grants.") == ("section_en", "Sec. 2.", 2)


def test_english_sentences_keep_abbreviations_and_citations() -> None:
    text = (
        "Under 42 U.S.C. 1983 and Sec. 5, e.g. the rules of Acme Inc. apply. "
        "No. 5 costs $2.5 million. The U.S. Government pays."
    )
    assert split_sentences(text) == (
        "Under 42 U.S.C. 1983 and Sec. 5, e.g. the rules of Acme Inc. apply.",
        "No. 5 costs $2.5 million.",
        "The U.S. Government pays.",
    )


def test_unnumbered_english_headings_are_nodes_with_their_words_as_labels() -> None:
    doc = policydiff.parse(
        "Annual Health Report\nIntroduction\nThe plan covers all hospitals.\n"
        "Funding Priorities\nThe budget is $5 million.\n"
    )
    assert [(n.path, n.label, n.heading) for n in doc.walk()] == [
        ("h1", "\u201cIntroduction\u201d", "Introduction"),
        ("h2", "\u201cFunding Priorities\u201d", "Funding Priorities"),
    ]
    assert [r.reason for r in doc.removed] == ["title"]
