"""Field sources: where each value of a record was read from, as labelled spans with the value.

brat, spaCy and Label Studio carry them beside the reviewers' highlights. The label is the field
name (``date_of_injury``, ``determination``, ``rationale``); list fields contribute one span per
element (``diagnoses.1``), not one for the whole list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from parsing.edits import HEADER_FIELDS, HEADER_NAMES, ITEM_FIELDS, ITEM_NAMES

from .record import ExportLetter

LIST_FIELDS = frozenset(f.name for f in HEADER_FIELDS if f.kind == "list")


@dataclass(frozen=True)
class FieldSource:
    path: str
    label: str
    start: int
    end: int
    text: str
    value: str | None  # the value as text (None for a rationale: its text is the value)


def as_text(value: Any) -> str | None:
    """A field value as one line of text (dates ISO, enums by value, lists joined by "; ")."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def field_sources(letter: ExportLetter, text: str) -> list[FieldSource]:
    """The record's field sources in text order (spans outside the text are left out)."""
    pairs = [(s.path, s.start, s.end) for s in letter.spans]
    for n, item in enumerate(letter.items):
        if item.rationale is not None:
            pairs.append((f"items.{n}.rationale", item.rationale.start, item.rationale.end))
    out = []
    for path, start, end in sorted(set(pairs), key=lambda p: (p[1], p[2], p[0])):
        parts = path.split(".")
        if (parts[0] in LIST_FIELDS and len(parts) == 1) or not 0 <= start < end <= len(text):
            continue
        label = parts[2] if parts[0] == "items" and len(parts) == 3 else parts[0]
        value = None if label == "rationale" else as_text(letter.value_at(path))
        out.append(FieldSource(path, label, start, end, text[start:end], value))
    return out


def field_labels() -> list[str]:
    """Every label a field source can carry: the record's field names (letter, then item)."""
    ordered = (
        [f.name for f in HEADER_FIELDS]
        + sorted(HEADER_NAMES)
        + [f.name for f in ITEM_FIELDS]
        + sorted(ITEM_NAMES)
    )
    return list(dict.fromkeys(ordered))


def field_values(letter: ExportLetter) -> list[tuple[str, str]]:
    """Every field the form shows that holds a value, as (path, value as text), in form order
    (rationales left out: their value is their span)."""
    out = []
    for spec in HEADER_FIELDS:
        value = as_text(letter.value_at(spec.name))
        if value:
            out.append((spec.name, value))
    for n in range(len(letter.items)):
        for spec in ITEM_FIELDS:
            value = as_text(letter.value_at(f"items.{n}.{spec.name}"))
            if value and spec.kind != "span":
                out.append((f"items.{n}.{spec.name}", value))
    return out
