"""Reading an item header ("Soma 350 MG #30 with No Refill") into treatment, strength,
quantity and refills, each with the span it came from.

Frequency and duration give a quantity ("2 times a week for 6 weeks" is 12) unless the header
states a count; directions ("take 1 tab ..."), days' supply and dates of service are cut from
the treatment and never read as its quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Collapsed

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "sixteen": 16,
    "eighteen": 18, "twenty": 20, "twenty-four": 24,
}  # fmt: skip
_N = r"(?:\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_I = re.IGNORECASE

# Numbers left in a treatment once the rules are done: a count or a number they could not place,
# and among those, a second count of the service ("... and eight physical therapy sessions").
_UP_TO_TWELVE = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
UNREAD_NUMBER = re.compile(rf"\d|\b(?:{_UP_TO_TWELVE})\b", _I)
SECOND_COUNT = re.compile(
    rf"\b(?:\d{{1,3}}|{_UP_TO_TWELVE})\s+(?:[\w-]+\s+){{0,3}}?(?:sessions?|visits?|treatments?|injections?)\b",
    _I,
)

_AMOUNT = r"\d+(?:\.\d+)?"
_UNIT = r"(?:mg|mcg|µg|grams?|gm|g|ml|cc|meq|units?|iu|%|percent)"
_STRENGTH = re.compile(
    rf"(?<![\w.#]){_AMOUNT}\s?(?:%\s?)?(?:[/-]\s?{_AMOUNT}\s?(?:%\s?)?)*{_UNIT}(?![a-z])"
    rf"(?:\s?[/-]\s?(?:{_AMOUNT}\s?)?(?:{_UNIT}|hr|h|day|patch)(?![a-z]))*",
    _I,
)
_REFILLS = re.compile(
    r"(?:,\s*)?(?:\bwith\s+|\bx\s*|\+\s*)?(?:(?P<none>\bno)|(?P<n>\d{1,2}))\s+refills?\b"
    rf"|\brefills?\s*:?\s*(?P<n2>\d{{1,2}})\b|\b(?P<w>{_N})\s+refills?\s+of\b",
    _I,
)
# Cut from the treatment, never a quantity: dates of service, directions, days' supply.
# Each with the words (lower case) a header must hold for it to be tried at all.
_CUTS = [
    (("dos",), re.compile(r"\(?\s*\bDOS\s*:?\s*\d{1,2}/\d{1,2}/\d{2,4}\s*\)?", _I)),
    (("order",), re.compile(r",?\s*\bper\s+\d{1,2}/\d{1,2}/\d{2,4}\s+order\b", _I)),
    (
        ("take", "apply", "tablet", "capsule", "mouth", "po", "orally"),
        re.compile(
            rf"\b(?:take|apply|one\s+tablet|one\s+capsule|{_N}\s+(?:by\s+mouth|po|orally)\b)"
            r"[^#]*?(?=,?\s*#|,\s*DOS\b|$)",
            _I,
        ),
    ),
    # hours a day: how long each visit lasts ("Home aide 6 hours per day, 5 times a week")
    (
        ("hour",),
        re.compile(
            rf"\b{_N}(?:\s*(?:-|to)\s*{_N})?\s*hours?\s+(?:(?:per|a|each)\s+day|daily)\b", _I
        ),
    ),
    (("supply",), re.compile(r"(?<![#\d])\b\d+\s*-?\s*days?\s+supply\b", _I)),
    (("supply",), re.compile(r"\bdays?\s+supply\s*:?\s*\d+\b", _I)),
]
_COUNT_WORDS = ("session", "visit", "treatment", "injection")
_FREQUENCY_WORDS = ("times", "week", "twice", "once", "x")
_RANGED_COUNT = re.compile(rf"\b{_N}\s*(?:-|to)\s*{_N}\s*(?:sessions?|visits?|treatments?)\b", _I)
# "2 times a week for 6 weeks", "two times a week times six weeks", "1 to 2 times per week",
# "3 visits per week for 2 weeks".
_FREQUENCY = re.compile(
    rf"(?:\b(?P<f>{_N})(?:\s*(?:-|to)\s*(?P<f2>{_N}))?\s*(?:times|x|(?:visits?|sessions?)(?=\s))\s*"
    r"(?:(?:a|per|each)\s+week|weekly|/\s*(?:week|wk))"
    r"|\b(?P<fw>twice|once)\s+(?:a\s+|per\s+)?week(?:ly)?)"
    rf"(?:\s*,?\s*(?:for|times|x|over)\s*(?P<d>{_N})(?:\s*(?:-|to)\s*(?P<d2>{_N}))?\s*weeks?\b)?",
    _I,
)
_TIMES_TIMES = re.compile(
    rf"\b(?P<f>{_N})\s+times\s+(?P<d>{_N})\b(?!\s*(?:a|per|weeks?|weekly)\b)", _I
)
# Quantity forms, most explicit first; group "q" is the number.
_QUANTITIES = [
    re.compile(rf"\b{_N}\s*\((?P<q>\d{{1,3}})\)", _I),  # "Eight (8)", "One (1)"
    re.compile(
        r"#\s?(?P<q>\d+(?:\.\d+)?)(?![\d/])(?:\s*(?:grams?|gm|g|box(?:es)?|tabs?|tablets?"
        r"|caps?|capsules?|patch(?:es)?|units?|pills?)\b)?",
        _I,
    ),
    re.compile(r"\b(?:qty|quantity)\s*[:.]?\s*(?P<q>\d+(?:\.\d+)?)\b", _I),
    re.compile(rf"\(\s*(?P<q>{_N})\s*(?:sessions?|visits?|treatments?)\s*\)", _I),
    re.compile(rf"^(?P<q>{_N})\s+(?:sessions?|visits?|treatments?)\s+of\b", _I),
    re.compile(
        rf"(?:(?:\bx|×)\s?)?(?<![A-Za-wyz\d])(?P<q>{_N})\s*(?:sessions?|visits?|treatments?)\b", _I
    ),
    re.compile(
        rf"^(?P<q>{_N})\s+(?=(?:[\w-]+\s+){{0,3}}?(?:sessions?|visits?|treatments?|injections?)\b)",
        _I,
    ),
    re.compile(r"\((?P<q>\d{1,3})\)"),
    re.compile(r"(?:(?<=sessions)|(?<=visits)|(?<=treatments))\s*,\s*(?P<q>\d{1,3})\s*$", _I),
    re.compile(
        r"\b(?P<q>\d+)\s*(?:count|ct|tablets?|tabs?|capsules?|caps?|patch(?:es)?|pills?|units)\b",
        _I,
    ),
]
# The quantity forms that need "sessions", "visits" or "treatments" in the header.
_NEEDS_COUNT_WORD = frozenset(_QUANTITIES[3:7] + _QUANTITIES[8:9])
_LATER_QUANTITIES = [
    re.compile(r",\s*(?P<q>\d{1,2})\s*$"),  # "NCV of the bilateral lower extremities, 2"
    re.compile(
        r"^(?P<q>\d{1,2})\s+(?=[A-Za-z]{3})(?!(?:times|x|days?|weeks?|months?|hours?)\b)", _I
    ),
    re.compile(
        r"(?:\bx|×)\s?(?P<q>\d+)(?:\s*(?:sessions?|visits?|treatments?|injections?|weeks?))?\b",
        _I,
    ),
    re.compile(rf"\btimes\s+(?P<q>{_N})\b(?!\s*weeks?)", _I),
]
# What is left hanging once the numbers are cut out.
_LEADING = re.compile(r"^(?:[\s,;:\-(]+|with\s+)+", _I)
_TRAILING = re.compile(r"(?:[\s,;:\-(]+|\s+(?:with|x|and|for|of|per)\b)+$", _I)
_PREPOSITION = re.compile(r"(?:for|to|of|in|with|at)\b", _I)


def _number(word: str) -> float:
    return float(WORD_NUMBERS.get(word.lower(), 0) or word)


def quantity_of(words: str) -> int | None:
    """The quantity a quantity's source words state: "30", "30.00", "Twelve", or a frequency
    and duration ("2 times a week for 6 weeks")."""
    words = " ".join(words.split())
    if re.fullmatch(rf"{_N}|\d+(?:\.\d+)?", words, _I):
        return int(_number(words))
    return read_request(Collapsed(words, tuple(range(len(words))))).quantity


@dataclass(frozen=True)
class RequestParts:
    treatment: str | None
    treatment_span: tuple[int, int] | None
    strength: str | None
    strength_span: tuple[int, int] | None
    quantity: int | None
    quantity_span: tuple[int, int] | None
    refills: int | None
    refills_span: tuple[int, int] | None
    quantity_fractional: bool = False
    quantity_computed: bool = False  # frequency times duration, not a stated count
    quantity_ambiguous: bool = False  # a range ("2-3 times a week") or "unspecified quantity"


def _treatment(request: Collapsed, cut: list[bool]) -> tuple[str | None, tuple[int, int] | None]:
    """What is left of the header once the numbers are cut out, and the span it spans."""
    text = request.text
    # (character, index in the header, whether a cut is beside it); a cut reads as a space
    kept: list[tuple[str, int, bool]] = []
    for i, ch in enumerate(text):
        char = " " if cut[i] or ch.isspace() else ch
        if char == " " and (not kept or kept[-1][0] == " "):
            if kept and cut[i]:
                kept[-1] = (" ", kept[-1][1], True)
            continue
        kept.append((char, i, any(cut[max(0, i - 2) : i + 3])))
    kept = _tidy(kept)
    joined = "".join(ch for ch, _, _ in kept)
    lead = _LEADING.match(joined)
    trail = _TRAILING.search(joined)
    a = lead.end() if lead else 0
    b = trail.start() if trail else len(joined)
    if b <= a or not re.search(r"[A-Za-z]", joined[a:b]):
        return None, None
    positions = [i for ch, i, _ in kept[a:b] if ch != " "]
    return joined[a:b], request.source_span(positions[0], positions[-1] + 1)


def _tidy(kept: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    """Drop the punctuation a cut leaves hanging: " ,", ", ,", "( ", "( )", ", for"."""
    changed = True
    while changed:
        changed = False
        out: list[tuple[str, int, bool]] = []
        n = len(kept)
        for k, (ch, i, by_cut) in enumerate(kept):
            nxt = kept[k + 1][0] if k + 1 < n else ""
            prev = out[-1][0] if out else ""
            if ch == " " and by_cut and (nxt in {",", "/", ")", ";"} or prev in {"(", "/"}):
                changed = True
                continue
            if ch == "," and (prev == "," or nxt == ")"):
                changed = True
                continue
            if ch == "," and by_cut and k + 2 < n and kept[k + 1][0] == " ":
                rest = "".join(c for c, _, _ in kept[k + 2 : k + 7])
                if rest.startswith(",") or _PREPOSITION.match(rest):
                    changed = True
                    continue
            if ch == ")" and prev == "(":
                out.pop()
                changed = True
                continue
            if ch == " " and prev == " ":
                changed = True
                continue
            out.append((ch, i, by_cut))
        kept = out
    return kept


def read_request(request: Collapsed) -> RequestParts:
    """Split a collapsed item header into its parts; spans are letter offsets."""
    text = request.text
    cut = [False] * len(text)

    def mark(start: int, end: int) -> None:
        for i in range(start, end):
            cut[i] = True

    def free(start: int, end: int) -> bool:
        return not any(cut[start:end])

    refills = refills_span = None
    match = _REFILLS.search(text)
    if match:
        group = next(g for g in ("none", "n", "n2", "w") if match.group(g))
        refills = 0 if group == "none" else int(_number(match.group(group)))
        refills_span = request.source_span(match.start(group), match.end(group))
        mark(match.start(), match.end())

    lower = text.lower()
    for words, pattern in _CUTS:
        if not any(word in lower for word in words):
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start() and free(match.start(), match.end()):
                mark(match.start(), match.end())

    strength = strength_span = None
    for match in _STRENGTH.finditer(text):
        if not free(match.start(), match.end()):
            continue
        if strength is None:
            strength = match.group(0).strip()
            strength_span = request.source_span(match.start(), match.start() + len(strength))
        mark(match.start(), match.end())

    product: tuple[int, tuple[int, int]] | None = None
    ambiguous = bool(re.search(r"unspecified\s+(?:quantity|number|duration)", text, _I))
    counts = any(word in lower for word in _COUNT_WORDS)
    for match in _RANGED_COUNT.finditer(text) if counts else ():
        if free(match.start(), match.end()):
            mark(match.start(), match.end())
            ambiguous = True
    frequencies = (_FREQUENCY, _TIMES_TIMES) if any(w in lower for w in _FREQUENCY_WORDS) else ()
    for pattern in frequencies:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            mark(match.start(), match.end())
            groups = match.groupdict()
            ranged = groups.get("f2") or groups.get("d2")
            f = groups.get("f") or groups.get("fw")
            ambiguous = ambiguous or bool(ranged)
            if product is None and f and groups.get("d") and not ranged:
                times = {"twice": 2, "once": 1}.get(f.lower()) or _number(f)
                product = (int(times * _number(groups["d"])), (match.start(), match.end()))

    quantity = quantity_span = None
    fractional = computed = False
    stages: list[re.Pattern[str] | None] = [*_QUANTITIES, None, *_LATER_QUANTITIES]
    for stage in stages:
        if stage in _NEEDS_COUNT_WORD and not counts:
            continue
        if stage is None:  # stated counts first, then frequency times duration
            if product is not None:
                quantity, (a, b) = product
                quantity_span = request.source_span(a, b)
                computed = True
                break
            continue
        for match in stage.finditer(text):
            if not free(match.start("q"), match.end("q")):
                continue
            number = _number(match.group("q"))
            fractional = not number.is_integer()
            quantity = int(number)
            quantity_span = request.source_span(match.start("q"), match.end("q"))
            mark(match.start(), match.end())
            break
        if quantity is not None:
            break

    treatment, treatment_span = _treatment(request, cut)
    return RequestParts(
        treatment,
        treatment_span,
        strength,
        strength_span,
        quantity,
        quantity_span,
        refills,
        refills_span,
        fractional,
        computed,
        ambiguous and quantity is None,
    )
