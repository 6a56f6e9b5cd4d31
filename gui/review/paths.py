"""A typed field path and the one place that reads and writes a record field by it.

Paths name a letter field (``ur_date``) or an item field (``items.2.quantity``); the string
form is what the store, the audit log and the window use. Reading a field here never dumps the
whole record, and writing one validates only that field (the models validate on assignment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from parsing import Letter, Span
from parsing.derived import rederive
from parsing.edits import (
    HEADER_FIELDS,
    HEADER_NAMES,
    ITEM_FIELDS,
    ITEM_NAMES,
    FieldSpec,
    element_sources_kept,
)

from .errors import ReviewError

SPECS: dict[str, FieldSpec] = {f.name: f for f in (*HEADER_FIELDS, *ITEM_FIELDS)}
LIST_NAMES = frozenset(name for name, spec in SPECS.items() if spec.kind == "list")
KEPT_AS_TYPED = frozenset({"request"})  # the request keeps its spaces, as the letter has it


class PathError(ReviewError):
    """A field path that names no field of the record."""


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A letter field (``item`` None) or the field ``name`` of item ``item`` (0-based)."""

    name: str
    item: int | None = None

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        found = cls.find(text)
        if found is None:
            raise PathError(f"no field {text!r}")
        return found

    @classmethod
    def find(cls, text: str) -> FieldPath | None:
        """The path ``text`` names, or None (as for a highlight linked to the whole letter)."""
        parts = text.split(".")
        if len(parts) == 1 and parts[0] in HEADER_NAMES:
            return cls(parts[0])
        if (
            len(parts) == 3
            and parts[0] == "items"
            and parts[1].isdigit()
            and parts[2] in ITEM_NAMES
        ):
            return cls(parts[2], int(parts[1]))
        return None

    def __str__(self) -> str:
        return self.name if self.item is None else f"items.{self.item}.{self.name}"

    @property
    def kind(self) -> str:
        spec = SPECS.get(self.name)
        return "text" if spec is None else spec.kind

    @property
    def choices(self) -> tuple[str, ...]:
        spec = SPECS.get(self.name)
        return () if spec is None else tuple(c for c in spec.choices if c)

    def of_item(self, item: int) -> FieldPath:
        return FieldPath(self.name, item)

    def read(self, record: Letter) -> Any:
        """The field's value as JSON (ISO dates, enum strings, spans as {"start", "end"})."""
        if self.item is None:
            return _json(getattr(record, self.name))
        if self.item >= len(record.items):
            raise PathError(f"no item {self.item + 1}: the letter has {len(record.items)}")
        return _json(getattr(record.items[self.item], self.name))

    def write(self, record: Letter, value: Any) -> Letter:
        """A copy of ``record`` with this field set to ``value`` (JSON, as `read` gives);
        raises ValueError when the value does not validate. Other fields are shared, not copied."""
        if isinstance(value, str) and self.name not in KEPT_AS_TYPED:
            value = value.strip()
        if value == "" and self.name not in KEPT_AS_TYPED:
            value = [] if self.name in LIST_NAMES else None
        if self.item is None:
            changed = record.model_copy()
            setattr(changed, self.name, value)  # validated: the model validates assignments
            if self.name in LIST_NAMES:
                return element_sources_kept(record, changed, self.name)
            return changed
        if self.item >= len(record.items):
            raise PathError(f"no item {self.item + 1}: the letter has {len(record.items)}")
        item = record.items[self.item].model_copy()
        setattr(item, self.name, value)
        rederive(item, self.name)  # the hidden fields worked out from this one
        items = list(record.items)
        items[self.item] = item
        return record.model_copy(update={"items": items})


def item_of(path: str) -> int | None:
    """The item a path string belongs to (None: a letter field, or no field at all)."""
    found = FieldPath.find(path)
    return None if found is None else found.item


def field_kind(path: str) -> str:
    found = FieldPath.find(path)
    return "text" if found is None else found.kind


def form_paths(record: Letter) -> list[str]:
    """Every field the form shows, in form order."""
    paths = [f.name for f in HEADER_FIELDS]
    for n in range(len(record.items)):
        paths += [f"items.{n}.{f.name}" for f in ITEM_FIELDS]
    return paths


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Span):
        return {"start": value.start, "end": value.end}  # as the record's JSON has a rationale
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value
