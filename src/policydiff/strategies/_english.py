"""English documents for :mod:`policydiff.strategies`: the vocabulary and the four numbering
styles of English policy and legal texts.

- ``contract`` — ``ARTICLE I - HEADING`` / ``Section 1.1 Heading.`` / ``(a)`` (a contract or
  an agreement); renumbering numbers the sections across articles (``Section 4``).
- ``decimal`` — ``1. Heading`` / ``1.1 Heading.`` / ``1.1.1`` (a plan or a strategy).
- ``statute`` — ``1 Heading`` / ``(1)`` / ``(a)`` (a United Kingdom Act).
- ``bill`` — ``SEC. 1. HEADING.`` / ``(a) Heading.—`` / ``(1)`` (a United States bill).

The clauses are composed, not cut from documents as the Chinese ones are: an action, an
object and a setting of public-health and public-services policy, every object used once, so
no two sections say the same thing by chance (the way an inserted Chinese section never
repeats a dropped one).
"""

from __future__ import annotations

import random

import attrs

from ._vocabulary import (
    ADVERBS,
    BOILERPLATE,
    FACTS,
    MEASURES,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    SYNONYMS,
)

__all__ = [
    "ADVERBS_EN",
    "BOILERPLATE_EN",
    "CHINESE_WORDS",
    "ENGLISH_WORDS",
    "FACTS_EN",
    "HEADINGS_EN",
    "MEASURES_EN",
    "QUALIFIERS_AFTER_EN",
    "QUALIFIERS_BEFORE_EN",
    "SYNONYMS_EN",
    "Vocabulary",
    "roman",
]


_ACTIONS = (
    "strengthen",
    "expand",
    "improve",
    "support",
    "develop",
    "promote",
    "review",
    "modernize",
    "coordinate",
    "monitor",
    "extend",
    "upgrade",
)
_OBJECTS = (
    "primary care networks",
    "community health centers",
    "rural hospital services",
    "maternal and child health programs",
    "mental health services",
    "emergency medical response",
    "vaccination campaigns",
    "chronic disease management",
    "public health laboratories",
    "health workforce training",
    "nursing home inspections",
    "drug procurement procedures",
    "medical records systems",
    "telehealth consultations",
    "patient safety reporting",
    "disease surveillance networks",
    "long-term care insurance",
    "school nutrition standards",
    "clean water supply",
    "housing assistance schemes",
    "road safety enforcement",
    "pension fund oversight",
    "small business lending",
    "vocational education programs",
    "broadband access projects",
    "air quality monitoring",
    "food safety inspections",
    "waste recycling facilities",
    "public transport links",
    "flood defence works",
    "energy efficiency grants",
    "disability support services",
    "child care subsidies",
    "veterans health benefits",
    "tobacco control measures",
    "hospital discharge planning",
    "ambulance fleet maintenance",
    "medical device approvals",
    "health data sharing",
    "pharmacy dispensing rules",
    "dental care coverage",
    "addiction treatment services",
    "elder abuse prevention",
    "workplace injury compensation",
    "infection control practices",
    "blood donation services",
    "organ transplant waiting lists",
    "cancer screening programs",
)
_SETTINGS = (
    "in rural areas",
    "across all regions",
    "for low-income households",
    "in partnership with local authorities",
    "through annual performance reviews",
    "under the national framework",
    "with dedicated federal funding",
    "for older residents",
    "in underserved communities",
    "through shared digital platforms",
    "with independent oversight",
    "before the next reporting period",
    "for people with disabilities",
    "along the northern border",
    "within coastal counties",
    "through regional health boards",
    "alongside private insurers",
    "during winter months",
    "among migrant workers",
    "near major ports",
    "for pregnant women",
    "in tribal lands",
    "across island territories",
    "with university research partners",
    "through mobile outreach teams",
    "for school-age children",
    "after natural disasters",
    "within prison facilities",
    "for homeless shelters",
    "through faith-based charities",
)
_MORE_OBJECTS = (
    "hospital bed capacity",
    "midwifery training places",
    "rare disease registries",
    "antibiotic stewardship plans",
    "heat wave warning systems",
    "lead pipe replacement",
    "opioid overdose prevention",
    "hearing aid subsidies",
    "eye examination vouchers",
    "prenatal checkup schedules",
    "newborn hearing tests",
    "measles outbreak response",
    "tuberculosis contact tracing",
    "malaria bed net distribution",
    "HIV testing sites",
    "hepatitis vaccine stockpiles",
    "suicide prevention hotlines",
    "eating disorder clinics",
    "autism diagnostic services",
    "speech therapy sessions",
    "physiotherapy referrals",
    "home nursing visits",
    "palliative care beds",
    "hospice volunteer networks",
    "caregiver respite grants",
    "dementia day centers",
    "fall prevention classes",
    "wheelchair repair services",
    "sign language interpreters",
    "accessible polling stations",
    "affordable rental units",
    "eviction prevention funds",
    "winter fuel payments",
    "school bus routes",
    "free school meals",
    "teacher recruitment bonuses",
    "adult literacy classes",
    "library opening hours",
    "youth sports facilities",
    "park maintenance crews",
    "street lighting upgrades",
    "bridge safety inspections",
    "rail freight terminals",
    "cycle lane construction",
    "electric vehicle chargers",
    "rooftop solar rebates",
    "wind farm permits",
    "groundwater extraction limits",
    "wetland restoration projects",
    "wildfire fuel breaks",
    "coastal erosion barriers",
    "fishing quota enforcement",
    "crop insurance premiums",
    "livestock disease checks",
    "pesticide residue testing",
    "organic farming grants",
    "farmers market permits",
    "rural post offices",
    "cybersecurity audits",
    "identity fraud investigations",
    "consumer complaint handling",
    "payday loan caps",
    "credit union charters",
    "minimum wage inspections",
    "apprenticeship wage subsidies",
    "job center staffing",
    "refugee resettlement support",
    "citizenship test preparation",
    "court interpreter services",
    "legal aid clinics",
    "juvenile detention alternatives",
    "police body cameras",
    "fire station staffing",
    "search and rescue equipment",
    "earthquake retrofit loans",
    "census outreach workers",
    "tax filing assistance",
    "customs inspection lanes",
    "airport security screening",
    "museum admission waivers",
)
_ALL_OBJECTS = _OBJECTS + _MORE_OBJECTS


def _compose() -> tuple[str, ...]:
    """Clauses that share as few words as real sections do: every object twice at most, with
    its own action and setting each time."""
    rng = random.Random("policydiff:english-clauses")
    clauses = []
    for round_ in range(2):
        objects = list(_ALL_OBJECTS)
        rng.shuffle(objects)
        for k, obj in enumerate(objects):
            action = _ACTIONS[(k + 5 * round_) % len(_ACTIONS)]
            setting = _SETTINGS[(k * 7 + 3 * round_) % len(_SETTINGS)]
            clauses.append(f"{action} {obj} {setting}")
    return tuple(clauses)


#: Clauses of action, each ``action object setting`` (``expand mental health services in
#: rural areas``).
MEASURES_EN: tuple[str, ...] = _compose()

#: Clauses every section may repeat: an aligner must not be fooled by them.
BOILERPLATE_EN: tuple[str, ...] = (
    "in accordance with applicable law",
    "subject to the availability of appropriations",
    "as the Secretary may determine",
    "in consultation with the relevant agencies",
    "to the extent practicable",
)

#: Section headings.
HEADINGS_EN: tuple[str, ...] = tuple(
    " ".join(w.capitalize() if w not in ("and", "of", "for", "in") else w for w in o.split())
    for o in _OBJECTS
)

#: Numbers: ``(lead, metric phrase, magnitude, unit, low, high, decimals)``; the unit is
#: ``%``, ``$`` (written before the value) or the counted noun (written after it).
FACTS_EN: tuple[tuple[str, str, str, str, float, float, int], ...] = (
    ("", "The share of residents covered by primary care shall reach", "", "%", 60, 95, 1),
    ("", "Annual funding for community health centers shall be", "million", "$", 50, 900, 1),
    ("", "The program shall train", "", "community health workers", 500, 9000, 0),
    ("", "The State shall open", "", "rural health clinics", 20, 400, 0),
    ("", "The vaccination rate among children shall be", "", "%", 80, 99, 1),
    ("", "Each grant shall not exceed", "", "$", 50000, 900000, 0),
    ("", "The budget for mental health services is", "billion", "$", 1, 9, 2),
    ("In {year}, ", "hospitals reported", "", "patient safety incidents", 1000, 9000, 0),
    ("", "The waiting time target for emergency care is", "", "hours", 2, 8, 0),
    ("", "Telehealth consultations shall cover", "", "%", 20, 70, 0),
    ("", "The Fund shall provide", "million", "$", 10, 400, 1),
    ("", "Nursing homes inspected each year shall number", "", "facilities", 300, 3000, 0),
    ("", "The uninsured rate shall fall to", "", "%", 3, 12, 1),
    ("", "The Department shall hire", "", "public health nurses", 100, 2000, 0),
    ("", "Capital spending on rural hospitals shall total", "million", "$", 100, 800, 0),
    ("", "The screening program shall reach", "", "older adults", 10000, 90000, 0),
    ("", "The cap on out-of-pocket drug costs is", "", "$", 1000, 4000, 0),
    ("", "Broadband projects shall connect", "", "rural households", 5000, 90000, 0),
    ("", "The pension fund reserve ratio shall be", "", "%", 20, 60, 1),
    ("", "The Authority shall inspect", "", "food businesses", 2000, 20000, 0),
    ("", "Energy efficiency grants shall total", "million", "$", 20, 500, 1),
    ("", "The share of buses running on clean fuel shall be", "", "%", 10, 80, 0),
    ("", "Flood defence works shall protect", "", "homes", 1000, 50000, 0),
    ("", "Child care subsidies shall support", "", "families", 5000, 90000, 0),
    ("", "The recycling rate shall reach", "", "%", 30, 75, 1),
    ("", "Veterans health benefits shall cost", "billion", "$", 1, 20, 2),
    ("", "The Board shall approve", "", "medical devices", 50, 900, 0),
    ("", "The share of ambulance calls answered on time shall reach", "", "%", 60, 95, 0),
    ("", "Small business loans shall total", "million", "$", 100, 900, 0),
    ("", "Vocational programs shall enroll", "", "apprentices", 1000, 30000, 0),
    ("", "Dental care coverage shall include", "", "low-income children", 10000, 90000, 0),
    ("", "Addiction treatment centers shall provide", "", "treatment beds", 100, 3000, 0),
    ("", "The smoking rate among adults shall fall to", "", "%", 8, 20, 1),
    ("", "The blood service shall collect", "", "donations", 10000, 90000, 0),
    ("", "The transplant waiting list shall be cut to", "", "patients", 1000, 9000, 0),
    ("", "Cancer screening shall cover", "", "%", 50, 90, 0),
)
#: Qualifiers written before and after a number.
QUALIFIERS_BEFORE_EN: tuple[str, ...] = ("approximately ", "at least ", "more than ", "up to ")
QUALIFIERS_AFTER_EN: tuple[str, ...] = (" or more",)

#: Words a later year writes for the same thing.
SYNONYMS_EN: tuple[tuple[str, str], ...] = (
    ("strengthen", "reinforce"),
    ("expand", "broaden"),
    ("improve", "enhance"),
    ("support", "assist"),
    ("develop", "build up"),
    ("promote", "encourage"),
    ("review", "assess"),
    ("modernize", "update"),
    ("coordinate", "align"),
    ("monitor", "track"),
    ("extend", "widen"),
    ("upgrade", "renew"),
)
#: Adverbs a later year puts before a clause.
ADVERBS_EN: tuple[str, ...] = ("further ", "steadily ", "actively ", "continuously ")

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """``4`` → ``IV``.

    >>> roman(4), roman(14)
    ('IV', 'XIV')
    """
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


@attrs.frozen
class Vocabulary:
    """The words a document is written with: its clauses, numbers and the words a later
    year changes (synonyms, adverbs, qualifiers)."""

    measures: tuple[str, ...]
    boilerplate: tuple[str, ...]
    facts: tuple[tuple[str, str, str, str, float, float, int], ...]
    synonyms: tuple[tuple[str, str], ...]
    adverbs: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    english: bool = False


CHINESE_WORDS = Vocabulary(
    MEASURES, BOILERPLATE, FACTS, SYNONYMS, ADVERBS, QUALIFIERS_BEFORE, QUALIFIERS_AFTER
)
ENGLISH_WORDS = Vocabulary(
    MEASURES_EN,
    BOILERPLATE_EN,
    FACTS_EN,
    SYNONYMS_EN,
    ADVERBS_EN,
    QUALIFIERS_BEFORE_EN,
    QUALIFIERS_AFTER_EN,
    english=True,
)

_ENGLISH_TITLES: dict[str, str] = {
    "contract": "HEALTH SERVICES AGREEMENT {year}",
    "decimal": "National Health Plan {year}",
    "statute": "Public Health Act {year}",
    "bill": "A BILL",
}
_SMALL = frozenset({"and", "of", "for", "in", "with", "to", "the", "under", "across", "through"})


def _english_heading(clause: str, style: str, level: int) -> str:
    """A heading made of a clause's object and setting, in title case (upper case for an
    article or a bill's section)."""
    words = clause.split()[1:]
    title = " ".join(w if w in _SMALL else w[:1].upper() + w[1:] for w in words)
    return title.upper() if level == 0 and style in ("contract", "bill") else title
