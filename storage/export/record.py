"""The `imr-export/2` record: one letter as every export format sees it, as pydantic models.

The shape is stable so that any number of exports load together: the same keys and types in
every row, lists of ``{path, ...}`` entries where the stored letter has maps keyed by field path,
nulls typed. docs/imr-export-2.schema.json is generated from these models and
docs/imr-export-2.features.json (a `datasets.Features` definition) from that schema; a test
keeps both in step with the code. docs/export.md describes the fields.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import from_json

from parsing.schema import Item, LetterFields, ReviewMark

from ..schema import Status

EXPORT_FORMAT: Literal["imr-export/2"] = "imr-export/2"
NonNegative = Annotated[int, Field(ge=0)]


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_serialization_defaults_required=True,  # every key is in every row
    )


class SpanRef(_Strict):
    """Where the value at a field path was read from: ``text[start:end]``."""

    path: str
    start: NonNegative
    end: NonNegative


class ConfidenceRef(_Strict):
    path: str
    value: Annotated[float, Field(ge=0.0, le=1.0)]


class ReviewRef(_Strict):
    path: str
    mark: ReviewMark


class ExportLetter(_Strict, LetterFields):
    """An `imr-letter/1` record with its three path-keyed maps as lists (same fields otherwise)."""

    # The defaults are the stored record's: a record saved before a field existed exports it too.
    items: list[Item] = []
    spans: list[SpanRef] = []
    confidence: list[ConfidenceRef] = []
    warnings: list[str] = []
    review: list[ReviewRef] = []

    @classmethod
    def from_stored(cls, record_json: str) -> ExportLetter:
        """From a stored `imr-letter/1` record (JSON text)."""
        return cls.model_validate(stored_letter(record_json))

    def value_at(self, path: str) -> Any:
        """The value at a field path (``case_number``, ``diagnoses.1``, ``items.0.quantity``)."""
        parts = path.split(".")
        if parts[0] == "items":
            if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) >= len(self.items):
                return None
            return getattr(self.items[int(parts[1])], parts[2], None)
        value = getattr(self, parts[0], None)
        if len(parts) == 2 and isinstance(value, list):
            index = int(parts[1]) if parts[1].isdigit() else len(value)
            return value[index] if index < len(value) else None
        return value


_LETTER_DEFAULTS: dict[str, Any] = ExportLetter().model_dump(mode="json", by_alias=True)
_ITEM_DEFAULTS: dict[str, Any] = Item().model_dump(mode="json")


def stored_letter(record_json: str) -> dict[str, Any]:
    """A stored `imr-letter/1` record (JSON text) in the export shape, as plain JSON values.

    Every key is present, in the model's order; the path-keyed maps become lists. This is what
    `ExportLetter` validates, and what the JSON Lines writer emits without building models.
    """
    data: dict[str, Any] = from_json(record_json)
    if data.keys() != _LETTER_DEFAULTS.keys():  # saved before a field existed
        data = {**_LETTER_DEFAULTS, **data}
    items = data["items"]
    if any(item.keys() != _ITEM_DEFAULTS.keys() for item in items):
        data["items"] = [{**_ITEM_DEFAULTS, **item} for item in items]
    spans = data["spans"]
    confidence = data["confidence"]
    review = data["review"]
    if isinstance(spans, dict):
        data["spans"] = [{"path": p, "start": a, "end": b} for p, (a, b) in spans.items()]
    if isinstance(confidence, dict):
        data["confidence"] = [{"path": p, "value": v} for p, v in confidence.items()]
    if isinstance(review, dict):
        data["review"] = [{"path": p, "mark": m} for p, m in review.items()]
    return data


class Highlight(_Strict):
    """An evidence span a reviewer marked, with one of the database's labels."""

    id: int
    start: NonNegative
    end: NonNegative
    label: str
    field: str | None  # the field path it supports (``items.0.rationale``), or None
    reviewer: str
    text: str  # text[start:end]


class ExportRecord(_Strict):
    """One exported letter: its text, the parser's record, the gold record and the highlights."""

    format: Literal["imr-export/2"] = EXPORT_FORMAT
    id: int
    source: str
    sha256: str
    text: str
    status: Status
    note: str | None = None  # the reviewer's note (why it was flagged); absent in rows before it
    reviewer: str | None  # who made the exported gold (None: nobody changed the prediction)
    updated_at: str | None  # when, ISO 8601 UTC
    parser_version: str
    split: Split | None
    prediction: ExportLetter
    gold: ExportLetter  # the prediction itself while nobody has changed it
    highlights: list[Highlight]


ADDED_FIELDS = ("note",)  # fields added within imr-export/2, absent from earlier rows


def json_schema() -> dict[str, Any]:
    schema = ExportRecord.model_json_schema(by_alias=True, mode="serialization")
    # Written in every row now, but added within imr-export/2: rows written before lack it.
    schema["required"] = [name for name in schema["required"] if name not in ADDED_FIELDS]
    schema["$id"] = "imr-export/2"
    schema["title"] = (
        "imr-export/2 record (one JSON Lines row of `imr-review export --format jsonl`)"
    )
    return schema


# --- a datasets.Features definition, from the JSON Schema (no `datasets` import needed) ------

_SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def _feature(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _feature(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in node:  # X or null: datasets values are nullable already
        (inner,) = [n for n in node["anyOf"] if n.get("type") != "null"]
        return _feature(inner, defs)
    if "const" in node or "enum" in node:
        return {"dtype": "string", "_type": "Value"}
    kind = node["type"]
    if kind == "array":
        return {"feature": _feature(node["items"], defs), "_type": "List"}
    if kind == "object":
        return {name: _feature(sub, defs) for name, sub in node["properties"].items()}
    return {"dtype": _SCALARS[kind], "_type": "Value"}


def features_dict() -> dict[str, Any]:
    """The record as a `datasets.Features` dict: ``datasets.Features.from_dict(features_dict())``."""
    schema = json_schema()
    return _feature(schema, schema.get("$defs", {}))


def docs_files() -> dict[str, str]:
    """The generated files shipped in docs/: the JSON Schema and the `datasets.Features` dict."""
    return {
        "imr-export-2.schema.json": json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
        "imr-export-2.features.json": json.dumps(features_dict(), indent=2) + "\n",
    }
