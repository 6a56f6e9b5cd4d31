"""The rule-based letter parser: canonical text in, an `imr-letter/1` record out.

`parse_text` never raises: whatever it cannot read becomes a warning that names the line
and character offset, and the fields stay empty for the reviewer to fill.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import diagnoses, header
from .calibration import calibrate
from .drugs import generic_name
from .guidelines import guideline_facts
from .items import (
    LAYOUT_2013_HEADING,
    RawItem,
    find_items_2013,
    find_items_2014,
    issues_heading,
    issues_region_start,
)
from .request import SECOND_COUNT, UNREAD_NUMBER, read_request
from .schema import UNSURE_BELOW, Item, Layout, Letter, Span
from .text import LineIndex, collapse_with_map

PARSER_VERSION = "1.7.0"

# Fields every letter states; an absent one gets confidence 0 so review flags it.
_CORE_FIELDS = ("case_number", "date_of_injury", "ur_date")
# Fields many letters leave out; absent, they are still marked for a look.
_OPTIONAL_FIELDS = (
    "patient_age",
    "patient_sex",
    "reviewer_licensure",
    "reviewer_specialties",
    "diagnoses",
)
_ABSENT_OPTIONAL_CONFIDENCE = 0.5
_NO_DIAGNOSIS_CONFIDENCE = 0.3
# Two more MAXIMUS templates, known by their headings (no sample letters yet).
_OTHER_LAYOUTS = (  # (name, words one of which the heading holds, the heading)
    (
        "IMR DECISION(S) AND RATIONALE(S)",
        ("DECISION(S)",),
        re.compile(r"IMR\s+DECISION\(S\)\s+AND\s+RATIONALE\(S\)"),
    ),
    (
        "MEDICAL PROFESSIONAL REVIEW",
        ("PROFESSIONAL", "DISPUTE"),
        re.compile(
            r"^[^\S\n]*(?:MEDICAL\s+PROFESSIONAL\s+REVIEW[^\S\n]*$|ISSUE\s+AT\s+DISPUTE\s*:)",
            re.MULTILINE,
        ),
    ),
)
_DIAGNOSIS_WORD = re.compile(r"\bdiagnos(?:is|es|ed)\b", re.IGNORECASE)
_RATIONALE_SECTION_2013 = re.compile(r"^[^\S\n]*DETERMINATION\s+AND\s+RATIONALE", re.MULTILINE)


def parse_text(text: str, *, calibrated: bool = True) -> Letter:
    """Parse canonical letter text. Never raises. ``calibrated=False`` keeps the rules' raw
    scores as confidence (what `tools/fit_confidence.py` fits the table on)."""
    try:
        return _Parse(text, calibrated).run()
    except Exception as error:  # the last line of defence: a bad letter must not stop a batch
        return Letter(
            parser_version=PARSER_VERSION,
            warnings=[
                f"internal parser error ({type(error).__name__}: {error}); the form is left empty"
            ],
        )


class _Parse:
    def __init__(self, text: str, calibrated: bool = True) -> None:
        self.text = text
        self.calibrated = calibrated
        self.unmeasured: set[str] = set()
        self.index = LineIndex(text)
        self.spans: dict[str, Span] = {}
        self.confidence: dict[str, float] = {}
        self.warnings: list[str] = []
        self.values: dict[str, Any] = {}

    def warn(self, offset: int | None, message: str) -> None:
        where = f"{self.index.where(offset)}: " if offset is not None else ""
        self.warnings.append(where + message)

    def put(self, path: str, start: int, end: int, confidence: float) -> None:
        self.spans[path] = Span(start, end)
        self.confidence[path] = round(confidence, 3)

    def run(self) -> Letter:
        text = self.text
        if not text.strip():
            self.warn(None, "the letter is empty")
            return self.letter(Layout.UNKNOWN, [])

        layout, items, summary_end = self.find_items()
        self.read_header(summary_end)
        return self.letter(layout, items)

    def letter(self, layout: Layout, items: list[Item]) -> Letter:
        for name in _CORE_FIELDS:
            self.confidence.setdefault(name, 0.0)
        for name in _OPTIONAL_FIELDS:
            self.confidence.setdefault(name, _ABSENT_OPTIONAL_CONFIDENCE)
        return Letter(
            parser_version=PARSER_VERSION,
            layout=layout,
            items=items,
            spans=self.spans,
            confidence=calibrate(self.confidence, self.unmeasured)
            if self.calibrated
            else self.confidence,
            warnings=self.warnings,
            **self.values,
        )

    # --- items ---------------------------------------------------------------------------

    def find_items(self) -> tuple[Layout, list[Item], int]:
        text, index = self.text, self.index
        heading = issues_heading(text)
        region = issues_region_start(text, heading)
        raw = find_items_2014(text, index, region or 0)
        layout = Layout.IMR_2014
        if not raw and (LAYOUT_2013_HEADING.search(text) or "has determined the request" in text):
            raw = find_items_2013(text, index)
            layout = Layout.IMR_2013
            if raw:
                self.warn(
                    None, "2013 layout: items, guidelines and rationales read with lower confidence"
                )
        if not raw:
            layout = (
                Layout.IMR_2014
                if heading
                else (Layout.IMR_2013 if layout is Layout.IMR_2013 else Layout.UNKNOWN)
            )
            self.warn(
                region,
                "no disputed items found (no line ends in ': Upheld' or ': Overturned')"
                if layout is not Layout.IMR_2013
                else "2013 layout: no 'MAXIMUS Federal Services, Inc. has determined the request for ...' found",
            )
            if layout is Layout.UNKNOWN:
                self.warn(None, "no IMR letter layout recognised; fill the form by hand")
        summary_end = min(
            [
                p
                for p in (
                    heading.start() if heading else None,
                    raw[0].request_span[0] if raw else None,
                )
                if p is not None
            ]
            or [len(text)]
        )
        if layout is Layout.IMR_2013:
            # 2013 letters list the decisions first and the case summary after them.
            section = _RATIONALE_SECTION_2013.search(text)
            summary_end = section.start() if section else len(text)
        items = [self.read_item(n, item) for n, item in enumerate(raw)]
        other = next(
            (
                name
                for name, marks, pattern in _OTHER_LAYOUTS
                if any(mark in text for mark in marks) and pattern.search(text)
            ),
            None,
        )
        if other and items:
            # Known by its headings only: every item field is for the reviewer to check.
            self.warn(
                None, f"'{other}' layout: items read as in the 2014 letters; check every item field"
            )
            for path in [p for p in self.confidence if p.startswith("items.")]:
                self.confidence[path] = min(self.confidence[path], 0.6)
                self.unmeasured.add(path)  # no gold of this layout: the table does not apply
        if len(items) > 8:
            self.warn(
                raw[8].request_span[0],
                f"{len(items)} disputed items found; letters usually have at most 8",
            )
        return layout, items, summary_end

    def read_item(self, n: int, raw: RawItem) -> Item:
        text, prefix = self.text, f"items.{n}"
        for offset, message in raw.warnings:
            self.warn(offset, f"item {n + 1}: {message}")
        collapsed = collapse_with_map(text, *raw.request_span)
        request = collapsed.text.rstrip(" :")
        self.put(f"{prefix}.request", *raw.request_span, raw.header_confidence)
        if raw.determination_span:
            self.put(
                f"{prefix}.determination", *raw.determination_span, raw.header_confidence + 0.02
            )

        portion = collapse_with_map(text, *raw.portion_span) if raw.portion_span else collapsed
        parts = read_request(portion)
        values: dict[str, Any] = {
            "request": request,
            "determination": raw.determination,
            "treatment": parts.treatment,
            "strength": parts.strength,
            "quantity": parts.quantity,
            "refills": parts.refills,
        }
        treatment_confidence = 0.9
        if parts.treatment:
            generic, matched = generic_name(parts.treatment)
            values["generic_name"] = generic
            if matched:
                treatment_confidence = 0.6
                self.warn(
                    raw.request_span[0],
                    f"item {n + 1}: treatment {parts.treatment.split()[0]!r} looks like a misspelling of {matched!r}",
                )
            elif SECOND_COUNT.search(parts.treatment):
                # a second count of the service is left: two parts of one request, likely
                # meant to be added up or read apart
                treatment_confidence = 0.45
            elif UNREAD_NUMBER.search(parts.treatment):
                # numbers the rules could not place are still in the treatment
                treatment_confidence = 0.7
        else:
            self.warn(raw.request_span[0], f"item {n + 1}: no treatment name in {request!r}")
        self._put_optional(f"{prefix}.treatment", parts.treatment_span, treatment_confidence)
        self._put_optional(f"{prefix}.strength", parts.strength_span, 0.9)
        self._put_optional(f"{prefix}.refills", parts.refills_span, 0.9)
        quantity_confidence = 0.85 if parts.quantity_computed else 0.92
        if SECOND_COUNT.search(parts.treatment or ""):
            quantity_confidence = 0.45  # a second count of the service beside the one taken
        elif UNREAD_NUMBER.search(parts.treatment or ""):
            quantity_confidence = 0.7  # another number is left unread beside the one taken
        # Absent, a quantity is likely right only when no number is left unread in the header.
        unread = parts.quantity_ambiguous or UNREAD_NUMBER.search(parts.treatment or request)
        absent_quantity = 0.6 if unread else 0.9
        if parts.quantity_fractional:
            quantity_confidence = 0.5
            self.warn(
                raw.request_span[0], f"item {n + 1}: quantity is not a whole number; rounded down"
            )
        self._put_optional(
            f"{prefix}.quantity", parts.quantity_span, quantity_confidence, absent=absent_quantity
        )

        for name in ("claims_administrator_guideline", "reviewer_guideline"):
            value = raw.part_values.get(name) or None
            values[name] = value
            self._put_optional(
                f"{prefix}.{name}", raw.parts.get(name), raw.part_confidence, absent=0.0
            )
        rationale = raw.parts.get("rationale")
        if rationale:
            values["rationale"] = Span(start=rationale[0], end=rationale[1])
            confidence = raw.part_confidence if rationale[1] > rationale[0] else 0.3
            self.put(f"{prefix}.rationale", *rationale, confidence)
        else:
            self.confidence[f"{prefix}.rationale"] = 0.0
        values["guideline_sources"], values["guideline_pages"] = guideline_facts(
            values["claims_administrator_guideline"], values["reviewer_guideline"]
        )
        return Item(**values)

    def _put_optional(
        self,
        path: str,
        span: tuple[int, int] | None,
        confidence: float,
        absent: float | None = None,
    ) -> None:
        if span is not None:
            self.put(path, *span, confidence)
        elif absent is not None:
            self.confidence[path] = absent

    # --- letter-level fields ---------------------------------------------------------------

    def read_header(self, summary_end: int) -> None:
        text = self.text
        summary = text[:summary_end]

        found_case, all_cases = header.case_number(text)
        if found_case:
            self._set("case_number", found_case)
            if len(all_cases) > 1:
                self.warn(
                    found_case.start,
                    f"several case numbers in the letter: {', '.join(sorted(all_cases))}",
                )
        else:
            self.warn(None, "no case number (CMyy-nnnnnnn) found")

        for name, words, extractor in (
            ("date_of_injury", "date of injury", header.date_of_injury),
            ("ur_date", "UR date", header.ur_date),
        ):
            found = self._summary_first(extractor, summary)
            if found:
                self._set(name, found)
            else:
                self.warn(None, f"no {words} found")
        for name, extractor_ in (
            ("date_assigned", header.date_assigned),
            ("priority", header.priority),
        ):
            found_ = extractor_(summary)
            if found_:
                self._set(name, found_)

        age, sex = header.age_and_sex(summary)
        if age is None:
            age, sex = header.age_and_sex(text)
        if age and sex:
            self._set("patient_age", age)
            self._set("patient_sex", sex)

        for name, list_extractor in (
            ("reviewer_licensure", header.licensure),
            ("reviewer_specialties", header.specialties),
            ("diagnoses", diagnoses.diagnoses),
        ):
            found_list = list_extractor(summary)
            if found_list:
                self.values[name] = found_list.values
                self.put(name, found_list.start, found_list.end, found_list.confidence)
                for k, span in enumerate(found_list.element_spans):
                    self.put(f"{name}.{k}", *span, found_list.confidence)
                if found_list.note:
                    self.warn(*found_list.note)

        if "diagnoses" not in self.values:
            # Letters state the diagnoses, or what the worker is treated for, in the summary:
            # none read is worth the coder's look.
            mention = _DIAGNOSIS_WORD.search(summary)
            self.confidence["diagnoses"] = _NO_DIAGNOSIS_CONFIDENCE
            if mention:
                self.warn(mention.start(), "a diagnosis is mentioned here but none was read")
            else:
                self.warn(None, "no diagnosis was found in the case summary: check it")

        ur, injury = self.values.get("ur_date"), self.values.get("date_of_injury")
        if ur and injury and ur < injury:
            self.warn(self.spans["ur_date"].start, "the UR date is before the date of injury")
            self.confidence["ur_date"] = min(self.confidence["ur_date"], 0.5)

    def _summary_first(self, extractor: Callable[[str], Any], summary: str) -> Any:
        found = extractor(summary)
        if found is None and len(summary) < len(self.text):
            found = extractor(self.text)
            if found is not None:
                found = type(found)(found.value, found.start, found.end, found.confidence * 0.8)
        return found

    def _set(self, name: str, found: Any) -> None:
        self.values[name] = found.value
        self.put(name, found.start, found.end, found.confidence)


def unsure_fields(letter: Letter) -> list[str]:
    """Field paths whose pre-fill confidence is below the review threshold."""
    return [path for path, value in letter.confidence.items() if value < UNSURE_BELOW]
