"""The `imr-letter/1` record: what the parser produces, the store keeps and the exports carry.

Field names here are a public contract (docs/format.md): add fields, never rename them.
Every character offset indexes the canonical letter text (see `parsing.text.canonical_text`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_ID = "imr-letter/1"

# How unsure a value may be before the review window marks it for checking.
UNSURE_BELOW = 0.8


class Determination(StrEnum):
    """The outcome for one disputed item: the UR denial is upheld or overturned."""

    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Layout(StrEnum):
    """Which letter template the parser recognised."""

    IMR_2014 = "imr-2014"  # "IMR ISSUES, DECISIONS AND RATIONALES", items ending ": Upheld"
    IMR_2013 = "imr-2013"  # "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE"
    UNKNOWN = "unknown"


class Span(BaseModel):
    """A half-open character range [start, end) of the canonical letter text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


SpanPair = tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]
ReviewMark = Literal["edited", "confirmed"]


class Item(BaseModel):
    """One disputed treatment and its decision."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    request: str = ""
    treatment: str | None = None
    determination: Determination | None = None
    quantity: Annotated[int, Field(ge=0)] | None = None
    claims_administrator_guideline: str | None = None
    reviewer_guideline: str | None = None
    rationale: Span | None = None
    # Extras beyond the required contract.
    strength: str | None = None
    refills: Annotated[int, Field(ge=0)] | None = None
    generic_name: str | None = None
    guideline_sources: list[str] = Field(default_factory=list)
    guideline_pages: list[str] = Field(default_factory=list)
    # Gold only: the letter cannot be marked done until this item has an evidence highlight.
    needs_evidence: bool = False


class Letter(BaseModel):
    """A parsed (or reviewer-corrected) IMR final determination letter."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    schema_id: Literal["imr-letter/1"] = Field(default="imr-letter/1", alias="schema")
    parser_version: str | None = None
    layout: Layout = Layout.UNKNOWN
    case_number: str | None = None
    date_of_injury: dt.date | None = None
    ur_date: dt.date | None = None
    date_assigned: dt.date | None = None
    priority: str | None = None
    patient_age: Annotated[int, Field(ge=0, le=130)] | None = None
    patient_sex: Sex | None = None
    reviewer_licensure: list[str] = Field(default_factory=list)
    reviewer_specialties: list[str] = Field(default_factory=list)
    diagnoses: list[str] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    spans: dict[str, SpanPair] = Field(default_factory=dict)
    confidence: dict[str, Confidence] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    # Gold only: fields a reviewer changed ("edited") or checked and kept ("confirmed").
    review: dict[str, ReviewMark] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The record as plain JSON types, keyed by the public names."""
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Letter:
        return cls.model_validate(data)

    def span_of(self, path: str) -> tuple[int, int] | None:
        """Where the value at a field path (``items.0.quantity``) was read from."""
        if path.endswith(".rationale"):
            item = self.item_at(path)
            if item is not None and item.rationale is not None:
                return (item.rationale.start, item.rationale.end)
        pair = self.spans.get(path)
        return None if pair is None else (pair[0], pair[1])

    def item_at(self, path: str) -> Item | None:
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.items):
                return self.items[index]
        return None
