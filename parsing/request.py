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
_LEADING = re.compile(r"^[\s,;:\-(]+")
_TRAILING = re.compile(r"(?:[\s,;:\-(]+|\s+(?:with|x|and|for|of|per)\b)+$", re.IGNORECASE)


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


def _treatment(request: Collapsed, cut: list[bool]) -> tuple[str | None, tuple[int, int] | None]:
    """What is left of the header once the numbers are cut out, and the span it spans."""
    text = request.text
    kept: list[tuple[str, int]] = []  # (character, index in the header); a cut reads as a space
    for i, ch in enumerate(text):
        char = " " if cut[i] or ch.isspace() else ch
        if char == " " and (not kept or kept[-1][0] == " "):
            continue
        kept.append((char, i))
    joined = "".join(ch for ch, _ in kept)
    lead = _LEADING.match(joined)
    trail = _TRAILING.search(joined)
    a = lead.end() if lead else 0
    b = trail.start() if trail else len(joined)
    if b <= a or not re.search(r"[A-Za-z]", joined[a:b]):
        return None, None
    positions = [i for ch, i in kept[a:b] if ch != " "]
    return joined[a:b], request.source_span(positions[0], positions[-1] + 1)


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
    )
