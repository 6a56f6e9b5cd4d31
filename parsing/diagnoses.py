"""Diagnoses from a letter's case summary: every common phrasing, one element per diagnosis.

"The current diagnoses are documented as strain in right hip, ankle, and foot" is one diagnosis
(body sites stay with their diagnosis); "cervicalgia; pain in thoracic spine" is two; lead words
("documented as"), articles and ICD qualifiers ("subsequent encounter") are handled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .header import FoundList, split_list

_IS = re.IGNORECASE | re.DOTALL

_DX_END = (
    r"(?=[\"”]?\.(?:[\"”]|\s|$|[A-Z][a-z])|\s+(?:who|which|per|and\s+(?:was|has|had|is|were|"
    r"underwent|reported))\b|$)"
)
_DIAGNOSIS_CUES = [
    (
        re.compile(r"\bDiagnos(?:is|es)\s*:\s*(?P<v>[^\n]{3,400}?)" + _DX_END, re.IGNORECASE),
        0.85,
    ),
    (
        re.compile(
            r"\bdiagnos(?:is|es)(?:,[^,.\n]{1,40},)?\s+(?:has\s+|have\s+)?(?:(?:were|was|are|is)\s+"
            r"(?:noted|documented|listed)\s+to\s+include\s*:?|is|are|was|were|included|includes?|"
            r"including|been|of|consists?\s+of|that\s+includes?)\s+(?:included\s+|includes?\s+|of\s+)?"
            r"(?P<v>.{3,900}?)" + _DX_END,
            _IS,
        ),
        0.8,
    ),
    (re.compile(r"\bdiagnosed\s+(?:as\s+having|as|with)\s+(?P<v>.{3,900}?)" + _DX_END, _IS), 0.8),
]
# Letters that never use the word "diagnosis" state what the worker is treated for: "is being
# treated for", "is undergoing treatment(s) for", "has been treated for". Read only when no
# statement with the word is found; a duration ("treated for 6 weeks") is no diagnosis.
_TREATED_FOR = re.compile(
    r"\b(?:(?:being|been|is|was|are|were)\s+treated|undergoing\s+treatments?|under\s+treatment)"
    r"\s+for\s*:?\s+(?!\d|the\s+(?:past|last)\b|(?:several|many|a\s+few|about)\s)"
    r"(?P<v>.{3,900}?)" + _DX_END,
    _IS,
)
_TREATED_FOR_CONFIDENCE = 0.75
# Words that open the value but are not part of a diagnosis: "documented as", "a", a quote.
_DX_LEAD = re.compile(
    r"(?:(?:documented|noted|listed|recorded|reported)\s+(?:as\s+|is\s+|to\s+be\s+)?)?"
    r"(?:(?:an?|the)\s+)?[\"“]?",
    re.IGNORECASE,
)
# A list element made only of body sites ("ankle", "lumbar", "right") is part of a neighbour.
_SITE_TEXT = (
    "right left bilateral hip hips ankle ankles foot feet knee knees shoulder shoulders elbow elbows "
    "wrist wrists hand hands neck back arm arms leg legs lumbar cervical thoracic lumbosacral spine "
    "head scalp muscle muscles fascia tendon tendons ligament ligaments finger fingers thumb toe toes "
    "groin chest abdomen pelvis upper lower extremity extremities joint joints of the and low mid "
    "region level forearm side at in medial lateral limb limbs face buttock buttocks thigh thighs heel "
    "heels sided"
)
_SITE_WORDS = frozenset(_SITE_TEXT.split())
_NEUTRAL = frozenset({"of", "the", "and", "upper", "lower", "low", "mid", "at", "in", "side"})
_LATERALITY = frozenset({"right", "left", "bilateral"})
# ICD-style qualifiers that follow a diagnosis after a comma.
_QUALIFIER = re.compile(
    r"(?:initial|subsequent)(?:\s+encounter)?$|unspecified$|sequela$", re.IGNORECASE
)


def _site_only(value: str) -> bool:
    words = [w.strip("(),.") for w in value.lower().split()]
    return (
        bool(words)
        and all(w in _SITE_WORDS for w in words)
        and any(w not in _NEUTRAL for w in words)
    )


def _ends_in_site(value: str) -> bool:
    words = value.lower().split()
    return bool(words) and words[-1] in _SITE_WORDS and words[-1] not in _NEUTRAL


def _merge_sites(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join body-site-only elements to the diagnosis they belong to."""
    out: list[tuple[int, int]] = []
    pending: int | None = None  # start of site-only elements waiting for the next diagnosis
    for a, b in spans:
        value = text[a:b]
        if _QUALIFIER.match(value.strip()) and out and pending is None:
            out[-1] = (out[-1][0], b)
            continue
        if _site_only(value):
            lateral = set(value.lower().split()) <= _LATERALITY
            if out and pending is None and not lateral:
                previous = text[out[-1][0] : out[-1][1]]
                if _ends_in_site(previous) or len(previous.split()) == 1:
                    out[-1] = (out[-1][0], b)
                    continue
            pending = a if pending is None else pending
            continue
        if pending is not None:
            a, pending = pending, None
        out.append((a, b))
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((pending, spans[-1][1]))
    return out


# "and" inside one diagnosis: "cervical and lumbar spine strain", "left sided neck and shoulder
# pain", "sprain and strain", "numbness and weakness bilateral upper extremities", "muscle and or
# tendon" (lists of what a worker is treated for are written this way).
_AND = re.compile(r"\s+and\s+(?!or\b)")
# A new diagnosis starts without a separator: "... rule out X", "right shoulder strain right
# elbow contusion" (a condition word, then a side).
_RULE_OUT = re.compile(
    r"\s+(?:and\s+)?(?=rule\s+out\b)"
    r"|(?:(?<=strain)|(?<=sprain)|(?<=contusion)|(?<=pain)|(?<=tear)|(?<=fracture))\s+(?=(?:right|left)\s)",
    re.IGNORECASE,
)
# "status post being punched in the face" tells how the injury happened: no diagnosis.
_MECHANISM = re.compile(r"status\s+post\s+being\b", re.IGNORECASE)
_QUALIFIER_TAIL = re.compile(r"\s+(?:initial|subsequent)(?:\s+encounter)?$")
_LONE_CONDITIONS = frozenset({"strain", "sprain", "injury", "injuries"})


_CONDITION_TEXT = (
    "strain strains sprain sprains pain contusion contusions injury injuries tear tears fracture "
    "syndrome impingement laceration abrasion disorder dysfunction lesion"
)
_CONDITION_WORDS = frozenset(_CONDITION_TEXT.split())
_CONDITION_ENDINGS = ("itis", "opathy", "osis", "algia")
_ICD_TISSUES = (
    frozenset({"muscle", "muscles", "fascia"}),
    frozenset({"fascia", "tendon", "tendons"}),
)


def _has_condition(words: list[str]) -> bool:
    return any(w in _CONDITION_WORDS or w.endswith(_CONDITION_ENDINGS) for w in words)


def _joins(left: str, right: str) -> bool:
    """Whether "LEFT and RIGHT" is one diagnosis."""
    lw, rw = left.lower().split(), right.lower().split()
    if not lw or not rw:
        return False
    bare = _QUALIFIER_TAIL.sub("", right.lower()).strip()
    if _site_only(bare) and _has_condition(lw):  # "contusion to the lower back and pelvis"
        return True
    if lw[-1] in _ICD_TISSUES[0] and rw[0] in _ICD_TISSUES[1]:  # "muscle and tendons of ..."
        return True
    if not _has_condition(lw) and (
        (lw[-1] in _SITE_WORDS and rw[0] in _SITE_WORDS)  # "left sided neck and shoulder pain"
        or (lw[-1].endswith("al") and rw[0].endswith("al"))  # "homicidal and suicidal thoughts"
    ):
        return True
    if len(rw) == 1 and rw[0] in _LONE_CONDITIONS:  # "sprain and strain"
        return True
    return len(lw) == 1 and rw[-1] in _SITE_WORDS and rw[-1] not in _NEUTRAL


def _split_treated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list of what the worker is treated for: split on commas and semicolons, then on "and"
    and "rule out" where these do not join one diagnosis."""
    _, pieces = split_list(text, start, end, False)
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        cuts = [m for m in _RULE_OUT.finditer(text, a, b) if m.start() > a]
        starts = [a] + [m.end() for m in cuts]
        ends = [m.start() for m in cuts] + [b]
        for x, y in zip(starts, ends, strict=True):
            parts, cursor = [], x
            for m in _AND.finditer(text, x, y):
                parts.append((cursor, m.start()))
                cursor = m.end()
            parts.append((cursor, y))
            current = parts[0]
            for p_start, p_end in parts[1:]:
                if _joins(text[current[0] : current[1]], text[p_start:p_end]):
                    current = (current[0], p_end)
                else:
                    out.append(current)
                    current = (p_start, p_end)
            out.append(current)
    joined: list[tuple[int, int]] = []
    for a, b in out:
        if _MECHANISM.match(text, a, b):
            continue
        before = text[joined[-1][0] : joined[-1][1]].lower().split() if joined else []
        now = text[a:b].lower().split()
        if before and now and before[-1] in _ICD_TISSUES[0] and now[0] in _ICD_TISSUES[1]:
            joined[-1] = (joined[-1][0], b)  # "strain of muscle, fascia and tendon of ..."
        else:
            joined.append((a, b))
    return _merge_sites(text, joined)


def _diagnosis_list(
    text: str, start: int, end: int, treated: bool = False
) -> tuple[list[str], list[tuple[int, int]]]:
    if treated and ";" not in text[start:end]:
        spans = _split_treated(text, start, end)
    elif ";" in text[start:end]:
        semicolons = [
            (m.start(), m.end()) for m in re.finditer(r"\s*;\s*(?:and\s+)?", text[start:end])
        ]
        pieces, cursor = [], start
        for a, b in semicolons:
            pieces.append((cursor, start + a))
            cursor = start + b
        pieces.append((cursor, end))
        # Each semicolon piece may itself list several ("A, B and C; D").
        spans = []
        for a, b in pieces:
            _, sub = split_list(text, a, b, True)
            spans += _merge_sites(text, sub) or [(a, b)]
    else:
        _, spans = split_list(text, start, end, True)
        spans = _merge_sites(text, spans)
    values, kept = [], []
    for a, b in spans:
        while a < b and (text[a].isspace() or text[a] in ',;:"“'):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ',;:."”'):
            b -= 1
        lead = re.match(r"(?:(?:and|or)\s+)?(?:an?\s+)?", text[a:b], re.IGNORECASE)
        a += lead.end() if lead else 0
        if a < b:
            values.append(" ".join(text[a:b].split()))
            kept.append((a, b))
    return values, kept


def diagnoses(text: str) -> FoundList | None:
    """The diagnoses the summary states. A summary that states them again later ("He was
    diagnosed with ... He was diagnosed with ...") gives the later ones too, each once, with a
    lower score and a warning naming the later statement."""
    lower = _folded(text)
    for pattern, confidence in _DIAGNOSIS_CUES:
        for match in _cue_matches(pattern, text, lower, 0):
            values, spans = _statement(text, match)
            if values:
                note = None
                later = _later_statements(text, lower, match.end())
                if later:
                    seen = {v.casefold() for v in values}
                    for statement in later:
                        for value, span in zip(*_statement(text, statement), strict=True):
                            if value.casefold() not in seen:
                                seen.add(value.casefold())
                                values.append(value)
                                spans.append(span)
                    note = (
                        later[0].start(),
                        "the diagnoses are stated here again; the list joins both: check it",
                    )
                    confidence = min(confidence, 0.7)
                return FoundList(values, spans[0][0], spans[-1][1], spans, confidence, note)
    for match in _TREATED_FOR.finditer(text):
        values, spans = _statement(text, match, treated=True)
        if values:
            return FoundList(values, spans[0][0], spans[-1][1], spans, _TREATED_FOR_CONFIDENCE)
    return None


def _statement(
    text: str, match: re.Match[str], treated: bool = False
) -> tuple[list[str], list[tuple[int, int]]]:
    start = match.start("v")
    lead = _DX_LEAD.match(text, start, match.end("v"))
    if lead:
        start = lead.end()
    return _diagnosis_list(text, start, match.end("v"), treated)


def _folded(text: str) -> str | None:
    """``text`` lower-cased letter for letter (the same offsets), as the cues' case-blind
    matching reads it; None where lower-casing changes the length."""
    lower = text.lower()
    if len(lower) != len(text):
        return None
    return lower.replace("\u0131", "i").replace("\u017f", "s")  # dotless i, long s


def _cue_matches(
    pattern: re.Pattern[str], text: str, lower: str | None, pos: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos)`` for a cue that begins with the word "diagnos": the same
    matches, tried only where that word is (scanning for it is much faster than for the cue)."""
    if lower is None:
        yield from pattern.finditer(text, pos)
        return
    at = lower.find("diagnos", pos)
    while at != -1:
        match = pattern.match(text, at)
        if match is not None:
            yield match
            at = lower.find("diagnos", max(match.end(), at + 1))
        else:
            at = lower.find("diagnos", at + 1)


def _later_statements(text: str, lower: str | None, after: int) -> list[re.Match[str]]:
    """Each later statement of diagnoses, in letter order (the first cue that reads there)."""
    found: list[re.Match[str]] = []
    while (
        lower.find("diagnos", after) != -1
        if lower is not None
        else "diagnos" in text[after:].lower()
    ):
        matches = [
            m for p, _ in _DIAGNOSIS_CUES if (m := next(_cue_matches(p, text, lower, after), None))
        ]
        if not matches:
            break
        first = min(matches, key=lambda m: m.start())
        found.append(first)
        after = first.end()
    return found
