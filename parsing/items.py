"""Finding the disputed items of a letter and the parts of each.

2014-2016 layout: each item starts with a header line ending in ": Upheld" or ": Overturned"
(which may wrap, leaving the determination alone on the next line) and holds the labelled
paragraphs "Claims Administrator guideline:", "MAXIMUS guideline:" and "Decision rationale:".

2013 layout: numbered sentences "MAXIMUS Federal Services, Inc. has determined the request
for X is (not) medically necessary and appropriate", rationales under "Rationale for the
Decision:". Read with lower confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import Determination
from .text import Line, LineIndex, collapse, keyed_finditer, trim_span

_DET_WORD = r"(?P<det>Upheld|Overturned|UPHELD|OVERTURNED)"
_HEADER_SAME_LINE = re.compile(
    rf"[^\S\n]*(?P<req>\S.{{0,400}}?)[^\S\n]*:[^\S\n]*{_DET_WORD}[^\S\n]*\.?[^\S\n]*"
)
_HEADER_DET_ALONE = re.compile(rf"[^\S\n]*:?[^\S\n]*{_DET_WORD}[^\S\n]*")
_MAY_HOLD_DETERMINATION = re.compile(r"pheld|verturned|PHELD|VERTURNED")
_LABEL_LINE = re.compile(
    r"(?:claims\s+administrator\s+guideline|maximus\s+guideline|decision\s+rationale"
    r"|set\s+forth\s+below)\s*:",
    re.IGNORECASE,
)
_TERMINAL = tuple('.?!"”')

ISSUES_HEADING = re.compile(r"IMR\s+ISSUES,?\s+DECISIONS,?\s+AND\s+RATIONALES?", re.IGNORECASE)
_SET_FORTH = re.compile(r"set\s+forth\s+below\s*:", re.IGNORECASE)

LABELS = {
    "claims_administrator_guideline": re.compile(
        r"Claims\s+Administrator\s+guideline\s*:", re.IGNORECASE
    ),
    "reviewer_guideline": re.compile(r"(?:MAXIMUS|Reviewer'?s?)\s+guideline\s*:", re.IGNORECASE),
    "rationale": re.compile(r"Decision\s+rationale\s*:", re.IGNORECASE),
}
_LABEL_NAMES = {
    "claims_administrator_guideline": "Claims Administrator guideline:",
    "reviewer_guideline": "MAXIMUS guideline:",
    "rationale": "Decision rationale:",
}


@dataclass
class RawItem:
    """An item as located in the text, before its header is read."""

    request_span: tuple[int, int]
    determination: Determination | None
    determination_span: tuple[int, int] | None
    header_confidence: float
    body: tuple[int, int]
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    part_values: dict[str, str] = field(default_factory=dict)
    part_confidence: float = 0.95
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # The words the treatment and quantity are read from, when not the whole request.
    portion_span: tuple[int, int] | None = None


def _determination(word: str) -> Determination:
    return Determination.UPHELD if word.lower() == "upheld" else Determination.OVERTURNED


_IMR = re.compile("imr")


def issues_heading(text: str) -> re.Match[str] | None:
    """`ISSUES_HEADING.search(text)`, tried only where "imr" is (every heading starts so)."""
    return next(keyed_finditer(ISSUES_HEADING, text, _IMR, 0), None)


def issues_region_start(text: str, heading: re.Match[str] | None) -> int | None:
    """Where the list of disputed items begins, or None when no heading marks it."""
    after = heading.end() if heading else 0
    set_forth = _SET_FORTH.search(text, after, after + 2000) if heading else _SET_FORTH.search(text)
    if set_forth:
        return set_forth.end()
    return heading.end() if heading else None


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


# Partial authorisation: "X was the original request. [Y was authorized by the Claims
# Administrator. The remaining IMR eligible portion of the original request, | The Claims
# Administrator authorized Y, leaving the original request IMR eligible. The original request,]
# Z is: Upheld". The header runs across sentence ends; Z is the part decided.
_PARTIAL_OPENING = re.compile(r"\bwas\s+the\s+original\s+request\s*\.", re.IGNORECASE)
_PARTIAL_MARK = re.compile(
    r"\boriginal\s+request\b|\bIMR\s+eligible\b|\bauthorized\s+by\s+the\s+Claims", re.IGNORECASE
)
_PARTIAL_PORTION = re.compile(r"\boriginal\s+request\s*(?:,|:|\bis\b)\s*", re.IGNORECASE)
_CLOSING_IS = re.compile(r"\s+is\s*$", re.IGNORECASE)
# How far back a header may reach; past that the start is a guess.
_MAX_HEADER_LINES = 6
_MAX_PARTIAL_LINES = 10


def _is_boundary(line: str) -> bool:
    """Does a header start right after this line (a sentence end, a label or a heading)?"""
    stripped = line.strip()
    return (
        _ends_sentence(stripped)
        or bool(_LABEL_LINE.search(stripped))
        or bool(ISSUES_HEADING.search(stripped))
        or len(stripped) > 160
    )


@dataclass
class _Header:
    first: int  # index into the content lines
    last: int
    guessed: bool = False
    partial: bool = False


def _header_lines(content: list[Line], k: int, floor: int) -> _Header:
    """The lines of the header whose determination is on content line ``k``.

    Lines before ``floor`` belong to the previous item's header. A header starts after the
    nearest line that ends a sentence, a label or a heading; a partial authorisation reaches
    back to its "X was the original request." sentence.
    """
    first = k
    bounded = False
    while first > floor:
        if _is_boundary(content[first - 1].text) or k - first >= _MAX_HEADER_LINES:
            bounded = _is_boundary(content[first - 1].text)
            break
        first -= 1
    else:
        bounded = True
    header = _Header(first, k, guessed=not bounded)
    joined = " ".join(line.text for line in content[first : k + 1])
    if _PARTIAL_MARK.search(joined) and not _PARTIAL_OPENING.search(joined):
        for m in range(first - 1, max(floor, k - _MAX_PARTIAL_LINES) - 1, -1):
            if _LABEL_LINE.search(content[m].text) or ISSUES_HEADING.search(content[m].text):
                break
            if _PARTIAL_OPENING.search(content[m].text):
                start = m
                while start > floor and not _is_boundary(content[start - 1].text):
                    start -= 1
                return _Header(start, k, partial=True)
        header.guessed = True  # the closing sentence of a partial header without its opening
    header.partial = bool(_PARTIAL_MARK.search(joined))
    return header


def find_items_2014(text: str, index: LineIndex, region_start: int) -> list[RawItem]:
    content = [
        line
        for line in index.lines(region_start)
        if not line.blank and not index.is_noise(line) and line.end > region_start
    ]
    headers: list[tuple[int, int, int, Determination, tuple[int, int], float, _Header]] = []
    # (header start, request end, line end, determination, det span, confidence, lines)
    floor = 0
    for k, line in enumerate(content):
        if not _MAY_HOLD_DETERMINATION.search(line.text):
            continue
        alone = _HEADER_DET_ALONE.fullmatch(line.text)
        if alone:
            before = content[k - 1].text if k >= 1 else None
            if before is None or _LABEL_LINE.search(before) or _ends_sentence(before):
                continue  # a lone "Upheld" that closes no header
            lines = _header_lines(content, k - 1, floor)
            req_end = content[k - 1].end
            while req_end > content[lines.first].start and text[req_end - 1] in " \t:":
                req_end -= 1
            det = _determination(alone.group("det"))
            det_span = (line.start + alone.start("det"), line.start + alone.end("det"))
            confidence = 0.9
        else:
            same = _HEADER_SAME_LINE.fullmatch(line.text)
            if not same or _LABEL_LINE.search(same.group("req")):
                continue
            lines = _header_lines(content, k, floor)
            req_end = line.start + same.end("req")
            det = _determination(same.group("det"))
            det_span = (line.start + same.start("det"), line.start + same.end("det"))
            confidence = 0.97 if lines.first == k else 0.93
            if lines.first == k:
                start = line.start + same.start("req")
        if lines.first != k:
            start = content[lines.first].start
        if lines.guessed:
            confidence = 0.5
        headers.append((start, req_end, line.end, det, det_span, confidence, lines))
        floor = k + 1

    items: list[RawItem] = []
    for n, (start, req_end, line_end, det, det_span, confidence, lines) in enumerate(headers):
        body_end = headers[n + 1][0] if n + 1 < len(headers) else len(text)
        req_start, req_end = trim_span(text, start, req_end)
        item = RawItem((req_start, req_end), det, det_span, confidence, (line_end, body_end))
        if lines.partial:
            item.portion_span = _partial_portion(text, req_start, req_end)
            closing = _CLOSING_IS.search(text, req_start, req_end)
            if closing:
                item.request_span = (req_start, closing.start())
        if lines.guessed:
            item.warnings.append(
                (
                    req_start,
                    "the item header's first line is a guess; check where the request begins",
                )
            )
        _read_labelled_parts(text, index, item)
        items.append(item)
    return items


def _partial_portion(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The IMR-eligible part of a partial-authorisation header: after its last "original
    request," and before the closing "is"."""
    last = None
    for match in _PARTIAL_PORTION.finditer(text, start, end):
        last = match
    if last is None or last.end() >= end:
        return None
    closing = _CLOSING_IS.search(text, last.end(), end)
    return trim_span(text, last.end(), closing.start() if closing else end)


def _read_labelled_parts(text: str, index: LineIndex, item: RawItem) -> None:
    body_start, body_end = item.body
    found: list[tuple[int, int, str]] = []
    for name, pattern in LABELS.items():
        match = pattern.search(text, body_start, body_end)
        if match:
            found.append((match.start(), match.end(), name))
        else:
            item.warnings.append((body_start, f"no '{_LABEL_NAMES[name]}' label in this item"))
    found.sort()
    for n, (_, label_end, name) in enumerate(found):
        value_end = found[n + 1][0] if n + 1 < len(found) else body_end
        span = _trim_trailing_noise(text, index, label_end, value_end)
        item.parts[name] = span
        item.part_values[name] = collapse(text, span[0], span[1], index)


def _trim_trailing_noise(text: str, index: LineIndex, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, and page footers or headers left at either end of a paragraph."""
    start, end = trim_span(text, start, end)
    while end > start:
        last = index.line(index.line_number(end - 1))
        if index.is_noise(last) and last.start >= start:
            start, end = trim_span(text, start, last.start)
        else:
            break
    while start < end:
        first = index.line(index.line_number(start))
        if index.is_noise(first) and first.end <= end and first.start >= start - 1:
            start, end = trim_span(text, first.end, end)
        else:
            break
    return start, end


# --- 2013 layout ---------------------------------------------------------------------------

LAYOUT_2013_HEADING = re.compile(
    r"INDEPENDENT\s+MEDICAL\s+REVIEW\s+DECISION\s+AND\s+RATIONALE", re.IGNORECASE
)
_DECISION_2013 = re.compile(
    r"MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+has\s+determined\s+(?:that\s+)?the\s+request(?:ed)?\s+"
    r"(?:for\s+)?(?P<req>.{2,400}?)\s+(?P<neg>is\s*not|was\s*not|is|was)\s*medically\s*necessary"
    r"(?:\s+and\s+appropriate)?",
    re.IGNORECASE | re.DOTALL,
)
_RATIONALE_2013 = re.compile(r"Rationale\s+for\s+the\s+Decision\s*:", re.IGNORECASE)
_CA_2013 = re.compile(
    r"The\s+Claims\s+Administrator\s+based\s+its\s+decision\s+on\s+(?:the\s+)?(?P<v>.{3,600}?)"
    r"(?=\.\s+[A-Z]|\.\s*$|\Z)",
    re.DOTALL,
)
_REVIEWER_2013 = re.compile(
    r"The\s+(?:Physician|Expert|Professional)\s+Reviewer\s+based\s+his/her\s+decision\s+on\s+"
    r"(?:the\s+)?(?P<v>.{3,600}?)(?=\.\s+[A-Z]|\.\s*$|\Z)",
    re.DOTALL,
)
_NUMBERED_LINE = re.compile(r"[^\S\n]*\d{1,2}\s*[.)][^\S\n]+\S")


def find_items_2013(text: str, index: LineIndex) -> list[RawItem]:
    decisions = list(_DECISION_2013.finditer(text))
    # Real letters list the decisions twice (on the notice and under the decision heading):
    # a decision already listed is the same item again.
    seen: set[tuple[str, bool]] = set()
    unique = []
    for match in decisions:
        key = (" ".join(match.group("req").split()).casefold(), "not" in match.group("neg").lower())
        if key not in seen:
            seen.add(key)
            unique.append(match)
    last_decision_end = decisions[-1].end() if decisions else 0
    decisions = unique
    items: list[RawItem] = []
    for match in decisions:
        det = (
            Determination.UPHELD
            if "not" in match.group("neg").lower()
            else Determination.OVERTURNED
        )
        items.append(
            RawItem(
                trim_span(text, match.start("req"), match.end("req")),
                det,
                (match.start("neg"), match.end()),
                0.75,
                (match.end(), match.end()),
                part_confidence=0.6,
            )
        )
    if not items:
        return items
    after = last_decision_end
    rationales = list(_RATIONALE_2013.finditer(text, after))
    ca = list(_CA_2013.finditer(text, after))
    reviewer = list(_REVIEWER_2013.finditer(text, after))
    starts = sorted(m.start() for m in [*rationales, *ca, *reviewer])
    for n, item in enumerate(items):
        for name, matches in (
            ("claims_administrator_guideline", ca),
            ("reviewer_guideline", reviewer),
        ):
            if n < len(matches) and len(matches) == len(items):
                m = matches[n]
                item.parts[name] = trim_span(text, m.start("v"), m.end("v"))
                item.part_values[name] = collapse(text, m.start("v"), m.end("v"), index)
            else:
                item.warnings.append(
                    (after, f"2013 layout: could not tie a {_LABEL_NAMES[name]!r} to this item")
                )
        if n < len(rationales) and len(rationales) == len(items):
            label = rationales[n]
            end = next((s for s in starts if s > label.end()), len(text))
            end = _back_to_numbered_heading(index, label.end(), end)
            item.parts["rationale"] = _trim_trailing_noise(text, index, label.end(), end)
        else:
            item.warnings.append(
                (after, "2013 layout: could not tie a 'Rationale for the Decision:' to this item")
            )
    return items


def _back_to_numbered_heading(index: LineIndex, floor: int, end: int) -> int:
    """Move ``end`` back to the numbered item heading that introduces the next section."""
    number = index.line_number(end)
    for _ in range(4):
        number -= 1
        if number < 0:
            break
        line = index.line(number)
        if line.start <= floor:
            break
        if _NUMBERED_LINE.match(line.text):
            return line.start
    return end
