"""Reading an item header ("Soma 350 MG #30 with No Refill") into treatment, strength,
quantity and refills, each with the span it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Collapsed

_STRENGTH = re.compile(
    r"(?<![\w.#])\d+(?:\.\d+)?(?:\s?/\s?\d+(?:\.\d+)?)*\s?"
    r"(?:mg|mcg|µg|gm|g|ml|meq|units?|iu|%)(?![a-z])"
    r"(?:\s?/\s?(?:ml|hr|h|day|patch))?",
    re.IGNORECASE,
)
_REFILLS = re.compile(
    r"(?:,\s*)?(?:\bwith\s+|\bx\s*|\+\s*)?(?:(?P<none>\bno)|(?P<n>\d{1,2}))\s+refills?\b"
    r"|\brefills?\s*:?\s*(?P<n2>\d{1,2})\b",
    re.IGNORECASE,
)
# Quantity forms, most explicit first; group "q" is the number.
_QUANTITIES = [
    re.compile(r"#\s?(?P<q>\d+(?:\.\d+)?)(?![\d/])"),
    re.compile(r"\b(?:qty|quantity)\s*[:.]?\s*(?P<q>\d+(?:\.\d+)?)\b", re.IGNORECASE),
    re.compile(
        r"\b(?P<q>\d+)\s*(?:count|ct|tablets?|tabs?|capsules?|caps?|patch(?:es)?|pills?|units)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:\bx|×)\s?(?P<q>\d+)(?:\s*(?:sessions?|visits?|treatments?|injections?|weeks?))?\b",
        re.IGNORECASE,
    ),
    re.compile(r"\(?\b(?P<q>\d+)\)?\s*(?:sessions?|visits?|treatments?)\b", re.IGNORECASE),
]
_SUPPLY = re.compile(r"\b\d+\s*-?\s*days?\s+supply\b", re.IGNORECASE)
# What is left hanging once the numbers are cut out.
_DANGLING = re.compile(
    r"^[\s,;:\-(]+|(?:[\s,;:\-(]+|\s+(?:with|x|and|for|of|per))+$", re.IGNORECASE
)


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


def read_request(request: Collapsed) -> RequestParts:
    """Split a collapsed item header into its parts; spans are letter offsets."""
    text = request.text
    cut = [False] * len(text)

    def mark(start: int, end: int) -> None:
        for i in range(start, end):
            cut[i] = True

    refills = refills_span = None
    match = _REFILLS.search(text)
    if match:
        if match.group("none"):
            refills, group = 0, "none"
        else:
            group = "n" if match.group("n") else "n2"
            refills = int(match.group(group))
        refills_span = request.source_span(match.start(group), match.end(group))
        mark(match.start(), match.end())

    strength = strength_span = None
    for match in _STRENGTH.finditer(text):
        if any(cut[match.start() : match.end()]):
            continue
        if strength is None:
            strength = match.group(0)
            strength_span = request.source_span(match.start(), match.end())
        mark(match.start(), match.end())

    for match in _SUPPLY.finditer(text):
        mark(match.start(), match.end())

    quantity = quantity_span = None
    fractional = False
    for pattern in _QUANTITIES:
        for match in pattern.finditer(text):
            if any(cut[match.start("q") : match.end("q")]):
                continue
            number = float(match.group("q"))
            fractional = not number.is_integer()
            quantity = int(number)
            quantity_span = request.source_span(match.start("q"), match.end("q"))
            mark(match.start(), match.end())
            break
        if quantity is not None:
            break

    kept = [i for i, c in enumerate(cut) if not c]
    treatment = treatment_span = None
    if kept:
        raw = "".join(text[i] for i in kept)
        # Re-collapse: cutting can leave doubled spaces.
        pieces = " ".join(raw.split())
        cleaned = _DANGLING.sub("", pieces).strip()
        if cleaned and re.search(r"[A-Za-z]", cleaned):
            treatment = cleaned
            first_word = cleaned.split()[0]
            last_word = cleaned.split()[-1]
            start = text.find(first_word)
            end = text.rfind(last_word) + len(last_word)
            if 0 <= start < end:
                treatment_span = request.source_span(start, end)
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
    )
