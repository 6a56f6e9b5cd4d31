"""The `imr-letter/1` record: what the parser produces, the store keeps and the exports carry.

Field names here are a public contract (docs/format.md): add fields, never rename them.
Every character offset indexes the canonical letter text (see `parsing.text.canonical_text`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import partial
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

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


class _Offsets(NamedTuple):
    start: int
    end: int


class Span(_Offsets):
    """A half-open character range [start, end) of the canonical letter text.

    ``text[start:end]``. The one type for a place in the letter from the parser's record to the
    exports: an item's rationale, the source of each value (`Letter.spans`), what
    `Letter.span_of` answers. It is an immutable pair with named fields (``span.start``,
    ``span.end``), not a model of its own, so that the few dozen spans of a record are read and
    written by pydantic's compiled code: a model per span made reading a record about twice as
    slow; a named pair costs about 0.3 microseconds a span more than the bare pairs did and
    writes as fast (benchmarks/letter_model.py). The JSON keeps the shapes of `imr-letter/1`: a rationale
    is ``{"start", "end"}``, an entry of `spans` is ``[start, end]`` (docs/format.md).
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int) -> Span:
        for value in (start, end):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"a span's offsets are whole numbers of 0 or more, not {value!r}")
        if end < start:
            raise ValueError(f"span end {end} is before its start {start}")
        return super().__new__(cls, start, end)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """A `Span` field (an item's rationale) reads and writes ``{"start": 3, "end": 9}``."""
        checked = core_schema.no_info_after_validator_function(_span_from_object, _OBJECT)
        return core_schema.json_or_python_schema(
            json_schema=checked,
            python_schema=core_schema.no_info_wrap_validator_function(_span_or_object, checked),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _span_as_object, return_schema=_OBJECT
            ),
            ref=_SPAN_REF,
            metadata={"pydantic_js_functions": [_span_json_schema]},
        )


_NON_NEGATIVE = core_schema.int_schema(ge=0)
_OBJECT = core_schema.typed_dict_schema(
    {
        "start": core_schema.typed_dict_field(_NON_NEGATIVE),
        "end": core_schema.typed_dict_field(_NON_NEGATIVE),
    },
    extra_behavior="forbid",
)
_SPAN_REF = "parsing.schema.Span"
# The JSON Schema's words for a span (docs/imr-export-2.schema.json), as when Span was a model.
_DESCRIPTION = "A half-open character range [start, end) of the canonical letter text."
_new_span = partial(tuple.__new__, Span)  # no checks: for offsets pydantic has validated


def _span_from_object(value: dict[str, int]) -> Span:
    start, end = value["start"], value["end"]
    if end < start:
        raise ValueError(f"span end {end} is before its start {start}")
    return _new_span((start, end))


def _span_or_object(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Span:
    return value if isinstance(value, Span) else handler(value)


def _span_as_object(span: Span) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}


def _span_json_schema(schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
    json_schema = handler.resolve_ref_schema(handler(schema))
    json_schema.update(title="Span", description=_DESCRIPTION)
    return json_schema


def _in_order(spans: dict[str, Span]) -> dict[str, Span]:
    for path, (start, end) in spans.items():
        if end < start:
            raise ValueError(f"the span of {path}: end {end} is before its start {start}")
    return spans


class _SpanPairs:
    """`Letter.spans`: a map of field path to `Span`, each written ``[start, end]`` in the JSON.

    Pydantic's compiled code reads each pair (offsets of 0 or more) and writes each Span back as
    a pair; each checked pair becomes a Span without a second check (`_new_span`, no Python
    frame), and one call per record checks that no span ends before it starts.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        pair = core_schema.tuple_schema([_NON_NEGATIVE, _NON_NEGATIVE])
        span = core_schema.no_info_after_validator_function(_new_span, pair)
        return core_schema.no_info_after_validator_function(
            _in_order, core_schema.dict_schema(core_schema.str_schema(), span)
        )


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


class LetterFields(BaseModel):
    """The letter-level fields, in their public order: what the parsed `Letter` and the export
    record's letter (`storage.export.record.ExportLetter`) both begin with."""

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
    reviewer_licensure: list[str] = []  # pydantic gives each record its own copy
    reviewer_specialties: list[str] = []
    diagnoses: list[str] = []


class Letter(LetterFields):
    """A parsed (or reviewer-corrected) IMR final determination letter."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    items: list[Item] = Field(default_factory=list)
    spans: Annotated[dict[str, Span], _SpanPairs()] = Field(default_factory=dict)
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

    def span_of(self, path: str) -> Span | None:
        """Where the value at a field path (``items.0.quantity``) was read from."""
        if path.endswith(".rationale"):
            item = self.item_at(path)
            if item is not None and item.rationale is not None:
                return item.rationale
        return self.spans.get(path)

    def item_at(self, path: str) -> Item | None:
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.items):
                return self.items[index]
        return None
