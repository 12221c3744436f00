"""Quantities in English (and other Latin-script) text: the rules of :mod:`policydiff.extract`
for ``10 percent``, ``$10,000``, ``USD 2.5 million``, ``three-quarters``, ``1,200 units``.

:func:`english_quantities` reads a text that holds no Han character; Chinese text never comes
here, so the Chinese rules and their results do not change. How a text is read:

1. *Masks* — numbers that measure nothing: years and dates (``December 31, 2023``, ``by
   2030``), references (``Section 1.1``, ``Sec. 5``, ``42 U.S.C. 1983``, ``No. 5``,
   ``Article 3``, ``Schedule 1``, ``Public Law 117-58``), ordinals (``1st``), list markers.
2. *Terms* — a number (digits with thousands separators and decimals, a number word
   ``twelve``, a fraction ``three-quarters``), a currency before it (``$``, ``USD``, ``€``,
   ``£``), a scale after it (``million``, ``bn``), a unit (``%``, ``percent``, ``percentage
   points``, a currency word, or the counted noun: ``1,200 units``), a second number for a
   range (``5–10``, ``5 to 10``, ``between 5 and 10``) and the qualifier words around it
   (``at least``, ``up to``, ``approximately``, ``more than``, ``not exceed``, ``or more``).
3. *Metric* — the noun phrase measured: ``of the Fee`` after a share, the counted noun after a
   count, otherwise the subject before the number without its verbs and determiners
   (``The total budget for rural clinics shall reach`` → ``total budget for rural clinics``).
4. *Kind* — ``change`` after ``increase by``/``reduce by``; ``target`` in a sentence that
   states an obligation, a goal or a future date (``shall``, ``must``, ``will``, ``goal of``,
   ``target``, ``by 2030``); ``actual`` otherwise. ``as_of`` is the year the clause names
   (``in 2023``, ``by 2030``, ``as of December 31, 2023``).

>>> [(q.text, q.low, q.unit, q.qualifier, q.metric) for q in english_quantities(
...     "The Company shall pay at least 10 percent of the Fee, up to $10,000.")]
[('at least 10 percent', 10.0, '%', 'at_least', 'Fee'), ('up to $10,000', 10000.0, 'USD', \
'at_most', 'Company')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..model import Kind, Quantity

__all__ = ["english_quantities"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD_VALUES = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_FRACTIONS = {
    "one-half": 0.5,
    "half": 0.5,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "one-quarter": 0.25,
    "one-fourth": 0.25,
    "three-quarters": 0.75,
    "three-fourths": 0.75,
}
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
}
#: Written qualifiers → the enum of :data:`policydiff.extract.QUALIFIERS`.
ENGLISH_QUALIFIERS = {
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "no fewer than": "at_least",
    "not fewer than": "at_least",
    "a minimum of": "at_least",
    "minimum of": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "not more than": "at_most",
    "not exceed": "at_most",
    "not to exceed": "at_most",
    "not exceeding": "at_most",
    "a maximum of": "at_most",
    "maximum of": "at_most",
    "approximately": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "an estimated": "approx",
    "more than": "over",
    "over": "over",
    "exceeding": "over",
    "above": "over",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "less than": "under",
    "fewer than": "under",
    "under": "under",
    "below": "under",
    "a total of": "cumulative",
    "cumulatively": "cumulative",
}
_AFTER_QUALIFIERS = {"or more": "at_least", "or less": "at_most", "or fewer": "at_most"}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_FRACTION = "|".join(sorted(_FRACTIONS, key=len, reverse=True))
_CUR = r"US\$|\$|€|£|USD|EUR|GBP"
_SCALE = r"thousand|million|billion|trillion|bn|mn|m|b"
_UNIT = r"%|percent|per cent|percentage points?|dollars|euros|pounds"
_QUAL = "|".join(re.escape(q) for q in sorted(ENGLISH_QUALIFIERS, key=len, reverse=True))
_TERM = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?:(?P<between>between)\s+)?"
    rf"(?:(?P<cur>{_CUR})\s?)?(?P<n1>{_NUM}|(?i:{_FRACTION})|(?i:{_WORDS}))(?![\w.,]?\d)"
    rf"(?:\s?(?P<scale1>{_SCALE})\b)?"
    rf"(?:\s?(?P<sep>[–—-]|to|and)\s?(?:{_CUR})?\s?(?P<n2>{_NUM})(?![\w.,]?\d)"
    rf"(?:\s?(?P<scale2>{_SCALE})\b)?)?"
    rf"(?:\s?(?P<unit>{_UNIT})(?![A-Za-z]))?"
    rf"(?:\s+(?P<after>or more|or less|or fewer)\b)?",
)
# Numbers that measure nothing: references, dates, years, ordinals, codes.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_MASK = re.compile(
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"\s+\d{{4}}|{_MONTH}\s+\d{{4}}|"
    r"(?:Section|Sections|Sec\.|Secs\.|SEC\.|§§?|Article|Articles|Art\.|Chapter|Part|Title|"
    r"Schedule|Annex|Appendix|Exhibit|Clause|Paragraph|para\.|No\.|Nos\.|Number|Rule|"
    r"Regulation|Public Law|Pub\. L\.|Form|Item|Table|Figure|Fig\.|Phase|Level|Tier|Grade|"
    r"Step|Stage|Round|Volume|Vol\.|page|p\.|pp\.)\s*[\dIVXLC][\w.\-–()]*|"
    r"\d+\s+(?:U\.S\.C\.|C\.F\.R\.|Stat\.|U\.S\.)\s*§?\s*[\d\w.\-()]*|"
    r"\b\d+(?:st|nd|rd|th)\b|\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b(?!\s?(?:%|percent))|"
    r"^\s*\(?[\dA-Za-z]{1,4}[.)]\s|\(\w{1,4}\)|\b\d{1,2}:\d\d\b|\+?\d[\d\s().-]{8,}\d",
    re.MULTILINE,
)
# Nouns and words after a number that are not what it counts.
_NOT_COUNTED = _wordset(
    "of to and or the a an in on by for with from at as is are was were be shall will may must "
    "per than that which"
)
_COUNT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
_SUBJECT_STOP = re.compile(
    r"(?:[,;:.()]|\b(?:that|which|who|where|if|when|and|or|but|while|because|including)\b)"
)
_VERB = _wordset(
    "shall must will would should may can could is are was were be been being has have had "
    "not reach reaches reached increase increases increased rise rises rose grow grows grew "
    "reduce reduces reduced decrease decreases decreased fall falls fell total totals "
    "totalled totaled amount amounts amounted equal equals exceed exceeds exceeded remain "
    "remains remained means mean report reports reported pay pays paid provide provides "
    "provided receive receives received "
    "allocate allocates allocated spend spends spent cover covers covered achieve achieves "
    "achieved raise raised cut cuts set sets stand stands stood deliver delivers delivered "
    "train trains trained build builds built serve serves served employ employs employed "
    "hire hires hired award awards awarded make makes made to by at of up from more less "
    "than least approximately about around nearly almost over under below above some "
    "an a the its their this that these those each every all any such no"
)
_PREPOSITIONS = _wordset(
    "within by in on at before after per for from to during under over each until since"
)
_DETERMINERS = _wordset("a an the its their this that these those each every all any such")
_VERB_ONLY = _VERB - _DETERMINERS
_CHANGE = re.compile(
    r"\b(?:increase[sd]?|raise[sd]?|rise[sn]?|rose|grow[sn]?|grew|reduce[sd]?|cut|cuts|"
    r"decrease[sd]?|lower(?:ed|s)?|expand(?:ed|s)?|fall(?:s|en)?|fell|up|down)\s+by\s*$",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"\b(?:shall|must|will|goal|goals|target|targets|aim|aims|plan(?:s|ned)? to|expected to|"
    r"to reach|to achieve|by (?:the end of )?(?:fiscal year )?(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?:(?P<rel>by|in|as of|at the end of|end of|since|for|during|until)\s+(?:the end of\s+)?"
    r"(?:fiscal year\s+|FY\s*)?(?:(?:December|Dec\.?)\s+31,?\s+)?(?P<y>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?=\s+[A-Z(\"“]|\s*$)|\n")


class _Found(NamedTuple):
    start: int
    num_start: int
    end: int
    low: float
    high: float
    unit: str
    qualifier: str | None
    noun: str  # the counted noun after a count, if any


def _value(raw: str) -> float | None:
    low = raw.lower()
    if low in _FRACTIONS:
        return _FRACTIONS[low]
    if low in _WORD_VALUES:
        return float(_WORD_VALUES[low])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _masked(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _MASK.finditer(text)]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` is in one of ``spans`` (in text order, not overlapping)."""
    k = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]


def _terms(text: str) -> Iterator[_Found]:
    masks = _masked(text)
    for match in _TERM.finditer(text):
        n1 = match.group("n1")
        if _inside(masks, match.start("n1")):
            continue
        if n1[0].isdigit() and text[match.start("n1") - 1 : match.start("n1")].isalpha():
            continue  # a digit run into a word (H7N9, COVID19, a1) names, it does not count
        value = _value(n1)
        if value is None:
            continue
        is_word = not n1[0].isdigit()
        cur, unit_word = match.group("cur"), (match.group("unit") or "").lower()
        scale1, scale2 = match.group("scale1"), match.group("scale2")
        if scale1 in ("m", "b") and not cur:
            scale1 = None  # ``5 m`` is five metres, not five million, without a currency
        n2 = match.group("n2")
        sep = match.group("sep")
        if n2 is not None and sep == "and" and not match.group("between"):
            n2 = None  # ``5 and 10`` is two figures; ``between 5 and 10`` is a range
        end = match.end()
        if n2 is None and (match.group("n2") is not None):
            end = match.end("scale1") if scale1 else match.end("n1")
            unit_word = ""
        low = value * (_SCALES[scale1.lower()] if scale1 else 1.0)
        high = low
        if n2 is not None:
            top = _value(n2)
            if top is None:
                continue
            scale = scale2 or scale1
            high = top * (_SCALES[scale.lower()] if scale else 1.0)
            if scale2 and not scale1:
                low = value * _SCALES[scale2.lower()]
            if high < low:
                continue
        unit = ""
        if unit_word in ("%", "percent", "per cent"):
            unit = "%"
        elif unit_word.startswith("percentage point"):
            unit = "percentage points"
        elif cur or unit_word in _CURRENCIES:
            unit = _CURRENCIES[(cur or unit_word).lower()]
        noun = ""
        if not unit:
            words: list[re.Match[str]] = []
            # each word right after the last (a match at the position, not a search on:
            # searching would scan the rest of the text for every figure)
            while len(words) < 4:
                word = _COUNT_WORD.match(text, words[-1].end() if words else end)
                if word is None or word.group(1) in _NOT_COUNTED or word.group(1) in _VERB:
                    break
                words.append(word)
            if words:
                noun = " ".join(w.group(1) for w in words)
                unit = words[-1].group(1)
                end = words[-1].end()
        if is_word and not unit and n1.lower() not in _FRACTIONS:
            continue  # ``three`` alone is prose, not a figure
        if not unit and not is_word:
            following = text[end : end + 1]
            if following.isalpha() or (value.is_integer() and 1900 <= value <= 2100):
                continue
        qualifier = ENGLISH_QUALIFIERS.get((match.group("qual") or "").lower())
        if match.group("after"):
            qualifier = _AFTER_QUALIFIERS[match.group("after").lower()]
        elif match.group("unit") is None and not noun:
            end = min(end, match.start("after")) if match.group("after") else end
        start = match.start("qual") if match.group("qual") else match.start()
        if match.group("between") and n2 is None:
            start = match.start("cur") if cur else match.start("n1")
        yield _Found(start, match.start("n1"), end, low, high, unit, qualifier, noun)


def _clean_phrase(words: list[str]) -> str:
    while words and words[-1].lower() in _VERB:
        words.pop()
    # The subject is the last noun phrase: cut at a verb inside it (``the Company shall pay``).
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower() in _VERB_ONLY - {"of", "to", "by", "at", "from"}:
            words = words[k + 1 :]
            break
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return " ".join(words[-8:])


def _metric(text: str, found: _Found, clause_start: int, sentence_start: int) -> str:
    after = text[found.end : found.end + 120]
    if found.unit in ("%", "percentage points", ""):
        of = re.match(r"\s+(?:of|in|for)\s+((?:[\w'’-]+\s*){1,8})", after)
        if of:
            words = re.split(r"\s+", of.group(1).strip())
            cut = next(
                (
                    k
                    for k, w in enumerate(words)
                    if k and (w.lower() in _VERB_ONLY or w.lower() in _PREPOSITIONS)
                ),
                len(words),
            )
            phrase = _clean_phrase(words[:cut])
            if phrase:
                return phrase
        if found.unit != "":
            # ``95 percent coverage``: the noun after a share is what it measures.
            run = re.match(r"\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})", after)
            nouns: list[str] = []
            for word in run.group(1).split() if run else ():
                if word in _NOT_COUNTED or word in _VERB:
                    break
                nouns.append(word)
            if nouns:
                return " ".join(nouns)
    if found.noun:
        return found.noun
    before = text[clause_start : found.start]
    phrase = _clean_phrase(re.findall(r"[\w'’-]+", before))
    if phrase and not any(c.isdigit() for c in phrase):
        return phrase
    # Nothing of its own before it (``…, up to $10,000``, ``from 80% to 95%``): the subject
    # of its sentence, the words before the sentence's first verb.
    words = re.findall(r"[\w'’-]+", text[sentence_start : found.start])
    first = next((k for k, w in enumerate(words) if w.lower() in _VERB_ONLY), 0)
    return _clean_phrase(words[:first])


def _identity_measure(unit: str, metric: str) -> str:
    if unit == "%":
        return "growth" if re.search(r"\bgrowth\b", metric) else "share"
    if unit == "percentage points":
        return "points"
    if unit in _CURRENCIES.values():
        return "money"
    return "count"


#: How far before and after a figure its sentence is read for its subject, year and kind.
_CONTEXT = 300


def english_quantities(
    text: str, *, year: int | None = None, offset: int = 0
) -> tuple[Quantity, ...]:
    """Every quantity in an English ``text``, in text order (see the module docstring).

    ``year`` is the document's own year: a year after it (``by 2030``) makes a target.
    ``offset`` is added to every span. Never raises; time is linear in the text.

    >>> [(q.low, q.high, q.unit, q.kind, q.as_of) for q in english_quantities(
    ...     "The goal is to train 5 to 10 thousand nurses by 2030.")]
    [(5000.0, 10000.0, 'nurses', 'target', '2030')]
    >>> [(q.low, q.unit, q.metric) for q in english_quantities(
    ...     "The budget is USD 2.5 million; three-quarters of clinics report.")]
    [(2500000.0, 'USD', 'budget'), (0.75, '', 'clinics')]
    """
    if not any(c.isdigit() for c in text) and not re.search(
        rf"(?i)\b(?:{_WORDS}|{_FRACTION})\b", text
    ):
        return ()
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    result: list[Quantity] = []
    for found in _terms(text):
        at = bisect.bisect_right(ends, found.start) - 1
        # Within a sentence, only the _CONTEXT characters each side of a figure are read: a
        # sentence of a million characters (no full stop) stays linear.
        sentence = max(ends[at], found.start - _CONTEXT)
        stops = [m.end() for m in _SUBJECT_STOP.finditer(text, sentence, found.start)]
        clause = stops[-1] if stops else sentence
        metric = _metric(text, found, clause, sentence)
        after = bisect.bisect_right(ends, found.end)
        sentence_end = min(ends[after] if after < len(ends) else len(text), found.end + _CONTEXT)
        whole = text[sentence:sentence_end]
        as_of = None
        for m in _YEAR.finditer(whole):
            as_of = m.group("y")
            if sentence + m.start() > found.start:
                break
        kind: Kind = "actual"
        if _CHANGE.search(text[max(sentence, found.start - 40) : found.start]):
            kind = "change"
        elif _TARGET.search(whole) or (
            as_of is not None and year is not None and int(as_of) > year
        ):
            kind = "target"
        measure = _identity_measure(found.unit, metric)
        period = "cumulative" if found.qualifier == "cumulative" else "annual"
        result.append(
            Quantity(
                text=text[found.start : found.end],
                span=(found.start + offset, found.end + offset),
                low=found.low,
                high=found.high,
                unit=found.unit,
                qualifier=found.qualifier,
                metric=metric,
                as_of=as_of,
                kind=kind,
                subject=metric.lower(),
                measure=measure,
                period=period,
            )
        )
    return tuple(result)
