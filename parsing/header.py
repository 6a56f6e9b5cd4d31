"""Letter-level fields: case number, dates, patient, reviewer credentials (diagnoses: diagnoses.py).

Each extractor tries its cues strongest first and returns what it read with the exact
span of the words it read it from and a confidence for the cue that matched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .dates import DATE, parse_date
from .schema import Sex
from .text import keyed_finditer

T = TypeVar("T")

_I = re.IGNORECASE
_IS = re.IGNORECASE | re.DOTALL
_IM = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class FoundList:
    """A list value: the whole list's span and each element's."""

    values: list[str]
    start: int
    end: int
    element_spans: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.0
    note: tuple[int, str] | None = None  # (offset, warning) about the list


# --- case number ---------------------------------------------------------------------------

_CASE_LABELLED = re.compile(r"Case\s*(?:Number|No\.?|#)\s*:?\s*(?P<v>CM\d{2}-\d{4,8})\b", _I)
# No \b in front: a pattern that starts with a literal is found by a fast scan for "CM", and
# the word boundary before it is checked by hand (`_any_case_numbers`).
_CASE_ANY = re.compile(r"(?P<v>CM\d{2}-\d{4,8})\b")


def _any_case_numbers(text: str) -> list[re.Match[str]]:
    return [
        m
        for m in _CASE_ANY.finditer(text)
        if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]


def case_number(text: str) -> tuple[Found[str] | None, set[str]]:
    """The case number, and every distinct case number the letter mentions."""
    anywhere = _any_case_numbers(text) if "CM" in text else []
    seen = {m.group("v").upper() for m in anywhere}
    labelled = _CASE_LABELLED.search(text)
    for match, confidence in ((labelled, 0.98), (anywhere[0] if anywhere else None, 0.8)):
        if match:
            value = match.group("v").upper()
            return Found(value, match.start("v"), match.end("v"), confidence), seen
    return None, seen


# --- dates ---------------------------------------------------------------------------------

_D = rf"(?P<d>{DATE})"

_INJURY_CUES = [
    (re.compile(rf"\bDate\s+of\s+Injury\s*:\s*{_D}", _I), 0.98),
    (re.compile(rf"\bDOI\s*:?\s*{_D}", _I), 0.9),
    (
        re.compile(
            rf"\bdate\s+of\s+(?:the\s+)?(?:industrial\s+)?injury\s+(?:in\s+this\s+case\s+)?"
            rf"(?:is|was|of|on|:)?\s*(?:reported(?:ly)?\s+(?:as\s+)?)?{_D}",
            _I,
        ),
        0.95,
    ),
    (
        re.compile(
            rf"\b(?:industrial|work[- ]related|occupational|cumulative(?:\s+trauma)?|specific)\s+"
            rf"injur(?:y|ies)\s+(?:of|on|dated|sustained\s+on)\s+{_D}",
            _I,
        ),
        0.92,
    ),
    (re.compile(rf"\binjur(?:y|ed)\s+(?:at\s+work\s+)?(?:of|on)\s+{_D}", _I), 0.85),
]

_UR_CUES = [
    (
        re.compile(
            rf"\b(?:UR\s+(?:Denial\s+)?Date|Date\s+of\s+UR(?:\s+Decision)?|UR\s+Decision\s+Date)"
            rf"\s*:\s*{_D}",
            _IM,
        ),
        0.98,
    ),
    (
        re.compile(
            rf"\bUtilization\s+Review(?:\s+(?:report|decision|determination|letter|notice))?"
            rf"\s+dated\s+{_D}",
            _I,
        ),
        0.93,
    ),
    (re.compile(rf"\bUtilization\s+Review\s+(?:on|of)\s+{_D}", _I), 0.9),
    (
        re.compile(
            rf"\bUR\s+(?:report\s+|decision\s+|determination\s+)?(?:dated|on|of)\s+{_D}", _I
        ),
        0.85,
    ),
    (re.compile(rf"\bOn\s+{_D},?\s+(?:the\s+)?(?:Utilization\s+Review|UR)\b", _I), 0.85),
    (
        re.compile(
            rf"\b(?:Utilization\s+Review|UR)\b[^.]{{0,80}}?\b(?:dated|on|of)\s+{_D}",
            _I,
        ),
        0.7,
    ),
]

_ASSIGNED = re.compile(rf"^[^\S\n]*Date\s+Assigned\s*:\s*{_D}", _IM)
_PRIORITY = re.compile(
    r"^[^\S\n]*Priority\s*:[^\S\n]*(?P<v>[A-Za-z][A-Za-z -]{0,30}?)[^\S\n]*$", _IM
)


def _unanchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The cue without its leading word boundary: scanning for it is much faster (the boundary
    in front is checked by hand in `_at_words`; every cue starts with a letter)."""
    return re.compile(pattern.pattern[2:], pattern.flags)


def _at_words(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` as if the pattern began with \\b: the same matches."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        at = match.start()
        if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            pos = at + 1  # no boundary here: the leftmost match may start further on
            continue
        yield match
        pos = match.end() if match.end() > at else at + 1


_FAST = {
    pattern: _unanchored(pattern)
    for pattern, _ in _INJURY_CUES + _UR_CUES
    if pattern.pattern.startswith("\\b")
}


# The key words every match of a cue starts with (lower case), for the cues most letters lack:
# such a cue is tried only where its key is, not scanned across the whole letter.
_KEYS = {
    _INJURY_CUES[0][0]: re.compile("date"),
    _INJURY_CUES[1][0]: re.compile("doi"),
    _INJURY_CUES[2][0]: re.compile("date"),
    _INJURY_CUES[3][0]: re.compile("industrial|work|occupational|cumulative|specific"),
    _UR_CUES[0][0]: re.compile(r"ur\s|date"),
}


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a date cue, by the fastest scan that finds the same."""
    keys = _KEYS.get(pattern)
    if keys is not None:
        return keyed_finditer(pattern, text, keys, 0)
    fast = _FAST.get(pattern)
    return _at_words(fast, text) if fast is not None else pattern.finditer(text)


def _first_date(text: str, cues: list[tuple[re.Pattern[str], float]]) -> Found[dt.date] | None:
    for pattern, confidence in cues:
        for match in scan(pattern, text):
            value = parse_date(match.group("d"))
            if value is not None:
                return Found(value, match.start("d"), match.end("d"), confidence)
    return None


def date_of_injury(text: str) -> Found[dt.date] | None:
    return _first_date(text, _INJURY_CUES)


def ur_date(text: str) -> Found[dt.date] | None:
    return _first_date(text, _UR_CUES)


def date_assigned(text: str) -> Found[dt.date] | None:
    return _first_date(text, [(_ASSIGNED, 0.98)])


# The 2016-17 cover's next column, "Application Received:", run into the priority's line by the
# PDF's text ("Priority: Standard Application" / "Received:").
_NEXT_COLUMN = re.compile(r"[^\S\n]+Application$")
_RECEIVED_NEXT = re.compile(r"[^\S\n]*\n[^\S\n]*Received\b")


def priority(text: str) -> Found[str] | None:
    match = _PRIORITY.search(text)
    if not match:
        return None
    value, start, end = match.group("v").strip(), match.start("v"), match.end("v")
    glued = _NEXT_COLUMN.search(value)
    if glued and _RECEIVED_NEXT.match(text, match.end()):
        value = value[: glued.start()]
        end = start + len(value)
    return Found(value, start, end, 0.95)


# --- patient -------------------------------------------------------------------------------

_AGE_SEX = re.compile(
    r"\b(?P<age>\d{1,3})\s{0,3}[- ]?\s{0,3}(?:years?|yrs?|y/o)\s{0,3}[- ]?\s{0,3}(?:old\s+)?"
    r"(?P<sex>female|male|woman|man|gentleman|lady|girl|boy)\b",
    _I,
)
_YEARS = re.compile("year|yr|y/o")
_SEX_WORDS = {
    "female": Sex.FEMALE, "woman": Sex.FEMALE, "lady": Sex.FEMALE, "girl": Sex.FEMALE,
    "male": Sex.MALE, "man": Sex.MALE, "gentleman": Sex.MALE, "boy": Sex.MALE,
}  # fmt: skip


def age_and_sex(text: str) -> tuple[Found[int] | None, Found[Sex] | None]:
    # Every match holds "year", "yr" or "y/o", its number at most 10 characters before.
    for match in keyed_finditer(_AGE_SEX, text, _YEARS, 10):
        age = int(match.group("age"))
        if age > 120:
            continue
        sex = _SEX_WORDS[match.group("sex").lower()]
        return (
            Found(age, match.start("age"), match.end("age"), 0.95),
            Found(sex, match.start("sex"), match.end("sex"), 0.95),
        )
    return None, None


# --- reviewer credentials ------------------------------------------------------------------

_LICENSURE_LINE = re.compile(r"State\s*\(s\)\s+of\s+Licensure\s*:[^\S\n]*(?P<v>[^\n]*)", _I)
_SPECIALTY_LINE = re.compile(r"Certification\s*\(s\)\s*/\s*Specialty\s*:[^\S\n]*(?P<v>[^\n]*)", _I)
_LICENSED_SENTENCE = re.compile(
    r"\blicensed\s+to\s+practice\s+(?:medicine\s+)?in\s+(?:the\s+states?\s+of\s+)?"
    r"(?P<v>[A-Z][^.;\n]{1,120}?(?:\n[^\S\n]*\n?[^\S\n]*[A-Z][^.;\n]{0,60}?)?)(?=\s*[.;]|\s+(?:and\s+)?(?:is|has|He|She)\b)",
    re.DOTALL,
)
_CERTIFIED_SENTENCE = re.compile(
    r"\bBoard[ -]Certified\s+in\s+(?P<v>.{2,160}?)"
    r"(?=\s*,\s*(?:and\s+)?(?:has|is|who|holds)\b|\s+and\s+(?:is|has|holds)\b|\s*[.;]|\s+who\b)",
    _IS,
)
_SUBSPECIALTY = re.compile(
    r"\bsub-?specialty\s+(?:certification\s+)?in\s+(?P<v>.{2,120}?)"
    r"(?=\s*,|\s+and\s+(?:is|has)\b|\s*[.;])",
    _IS,
)


def split_list(
    text: str, start: int, end: int, split_on_and: bool
) -> tuple[list[str], list[tuple[int, int]]]:
    """Split "a, b, and c" (and, when asked, "a and b") into values with their spans."""
    separator = r"\s*(?:,|;)\s*(?:and\s+)?" + (r"|\s+and\s+" if split_on_and else "")
    values: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = start
    pieces = [(m.start(), m.end()) for m in re.finditer(separator, text[start:end])]
    bounds = []
    for a, b in pieces:
        bounds.append((cursor, start + a))
        cursor = start + b
    bounds.append((cursor, end))
    for a, b in bounds:
        while a < b and (text[a].isspace() or text[a] in ",;:"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:."):
            b -= 1
        value = " ".join(text[a:b].split())
        value = re.sub(r"^(?:and|or)\s+", "", value, flags=re.IGNORECASE)
        if value:
            values.append(value)
            spans.append((a, b))
    return values, spans


def _list_from(
    match: re.Match[str] | None, text: str, confidence: float, split_on_and: bool
) -> FoundList | None:
    if match is None:
        return None
    start, end = match.start("v"), match.end("v")
    while end > start and text[end - 1] in " \t.;":
        end -= 1
    values, spans = split_list(text, start, end, split_on_and)
    if not values:
        return None
    return FoundList(values, spans[0][0], spans[-1][1], spans, confidence)


def licensure(text: str) -> FoundList | None:
    return _list_from(_LICENSURE_LINE.search(text), text, 0.97, True) or _list_from(
        _LICENSED_SENTENCE.search(text), text, 0.88, True
    )


_CONTINUATION = re.compile(
    r"\n(?:[^\S\n]*\n)?[^\S\n]*(?P<v>[A-Z][A-Za-z &,/()-]{1,60}?)[^\S\n]*(?=\n|$)"
)
_NOT_CONTINUATION = re.compile(r"(?:The|He|She|This|Dr\.?)\b|[A-Z &]+$")


def _line_with_continuation(match: re.Match[str] | None, text: str) -> FoundList | None:
    """The specialty line's list, joined with a continuation line when the line wraps
    ("Public Health &" / "General Preventive Medicine")."""
    if match is None:
        return None
    start, end = match.start("v"), match.end("v")
    following = _CONTINUATION.match(text, end)
    if following and not _NOT_CONTINUATION.match(following.group("v")):
        end = following.end("v")
    values, spans = split_list(text, start, end, False)
    if not values:
        return None
    return FoundList(values, spans[0][0], spans[-1][1], spans, 0.97)


def specialties(text: str) -> FoundList | None:
    found = _line_with_continuation(_SPECIALTY_LINE.search(text), text)
    if found:
        return found
    found = _list_from(_CERTIFIED_SENTENCE.search(text), text, 0.88, False)
    sub = _list_from(_SUBSPECIALTY.search(text), text, 0.8, False)
    if found and sub:
        return FoundList(
            found.values + sub.values,
            found.start,
            max(found.end, sub.end),
            found.element_spans + sub.element_spans,
            min(found.confidence, sub.confidence),
        )
    return found or sub
