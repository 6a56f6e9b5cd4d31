"""Reading and changing an `imr-letter/1` record by field path, as reviewers' edits do.

Paths: a letter field (``ur_date``), an item field (``items.2.quantity``). Every change returns
a new, validated `Letter`; structural changes to the item list keep the ``items.N.*`` keys of
`spans` and `confidence` pointing at the same items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .derived import rederive
from .schema import Item, Letter, ReviewMark, Span


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # "text", "date", "int", "choice", "list", "span"
    choices: tuple[str, ...] = ()


def _field(model: type[BaseModel], name: str, label: str) -> FieldSpec:
    """A form field whose kind (and choices) come from the model's own annotation, so a new
    determination or sex value, or a changed type, reaches the form without a second list."""
    base: Any = model.model_fields[name].annotation
    if get_origin(base) in (Union, UnionType):  # Optional: the type beside None
        base = next(t for t in get_args(base) if t is not type(None))
    if get_origin(base) is Annotated:  # constrained (an age from 0 to 130): the type itself
        base = get_args(base)[0]
    if base is dt.date:
        return FieldSpec(name, label, "date")
    if base is int:
        return FieldSpec(name, label, "int")
    if isinstance(base, type) and issubclass(base, StrEnum):
        return FieldSpec(name, label, "choice", ("", *(member.value for member in base)))
    if get_origin(base) is list:
        return FieldSpec(name, label, "list")
    if base is Span:
        return FieldSpec(name, label, "span")
    return FieldSpec(name, label, "text")


HEADER_FIELDS = tuple(
    _field(Letter, name, label)
    for name, label in (
        ("case_number", "Case number"),
        ("date_of_injury", "Date of injury"),
        ("ur_date", "UR date"),
        ("patient_age", "Patient age"),
        ("patient_sex", "Patient sex"),
        ("reviewer_licensure", "Reviewer licensure"),
        ("reviewer_specialties", "Reviewer specialties"),
        ("diagnoses", "Diagnoses"),
    )
)
ITEM_FIELDS = tuple(
    _field(Item, name, label)
    for name, label in (
        ("request", "Request"),
        ("treatment", "Treatment"),
        ("determination", "Determination"),
        ("quantity", "Quantity"),
        ("claims_administrator_guideline", "Claims Administrator guideline"),
        ("reviewer_guideline", "MAXIMUS guideline"),
        ("rationale", "Rationale"),
    )
)
HEADER_NAMES = frozenset(f.name for f in HEADER_FIELDS) | {"date_assigned", "priority"}
ITEM_NAMES = frozenset(Item.model_fields)


class PathError(ValueError):
    """A field path that names no field of the record."""


def _field_kind(name: str) -> str:
    return next((f.kind for f in HEADER_FIELDS if f.name == name), "")


def _split(path: str) -> tuple[int | None, str]:
    parts = path.split(".")
    if len(parts) == 1 and parts[0] in HEADER_NAMES:
        return None, parts[0]
    if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit() and parts[2] in ITEM_NAMES:
        return int(parts[1]), parts[2]
    raise PathError(f"no field {path!r}")


def get_value(letter: Letter, path: str) -> Any:
    """The JSON value at a path (dates as ISO strings, spans as {"start", "end"})."""
    index, name = _split(path)
    data = letter.to_json_dict()
    if index is None:
        return data[name]
    if index >= len(data["items"]):
        raise PathError(f"no item {index + 1}: the letter has {len(data['items'])}")
    return data["items"][index][name]


def set_value(letter: Letter, path: str, value: Any) -> Letter:
    """A copy with the value at ``path`` replaced; raises ValueError if it does not validate."""
    index, name = _split(path)
    data = letter.to_json_dict()
    if isinstance(value, str) and name not in ("request",):
        value = value.strip()
    if value == "" and name not in ("request",):
        value = [] if name in ("reviewer_licensure", "reviewer_specialties", "diagnoses") else None
    if index is None:
        data[name] = value
        if _field_kind(name) == "list":
            return element_sources_kept(letter, Letter.model_validate(data), name)
    else:
        if index >= len(data["items"]):
            raise PathError(f"no item {index + 1}: the letter has {len(data['items'])}")
        data["items"][index][name] = value
        letter = Letter.model_validate(data)
        items = list(letter.items)
        items[index] = rederive(items[index].model_copy(), name)
        return letter.model_copy(update={"items": items})
    return Letter.model_validate(data)


def element_sources_kept(before: Letter, after: Letter, name: str) -> Letter:
    """``after`` less the sources of the list elements that changed: an element's source is
    where that element was read, not where the one replacing it was ("York" in place of "New
    York" keeps no source, although its words are there)."""
    old, new = getattr(before, name), getattr(after, name)
    stale = [f"{name}.{n}" for n, element in enumerate(old)
             if n >= len(new) or new[n] != element]  # fmt: skip
    if not any(path in after.spans for path in stale):
        return after
    spans = {path: span for path, span in after.spans.items() if path not in stale}
    return after.model_copy(update={"spans": spans})


def set_span(letter: Letter, path: str, span: Span | None) -> Letter:
    """Record where a field's value, or one element of a list field's (``diagnoses.1``), comes
    from (as when filled from a selection)."""
    field, _, element = path.rpartition(".")
    if not (element.isdigit() and field in HEADER_NAMES
            and _field_kind(field) == "list"):  # fmt: skip
        _split(path)
    spans = dict(letter.spans)
    if span is None:
        spans.pop(path, None)
    elif isinstance(span, Span):
        spans[path] = span
    else:  # a bare pair would travel on unchecked (model_copy does not validate)
        raise TypeError(f"the source of {path} must be a Span, not {type(span).__name__}")
    return letter.model_copy(update={"spans": spans})


def mark_reviewed(letter: Letter, path: str, mark: ReviewMark = "edited") -> Letter:
    """Note that the reviewer changed (or checked and kept) the field at ``path``."""
    _split(path)
    review = dict(letter.review)
    if review.get(path) != "edited":
        review[path] = mark
    return letter.model_copy(update={"review": review})


def _renumber(mapping: dict[str, Any], order: list[int | None]) -> dict[str, Any]:
    """Re-key ``items.N.*`` entries: new item i takes the keys of old item order[i]."""
    old_to_new = {old: new for new, old in enumerate(order) if old is not None}
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        parts = key.split(".", 2)
        if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
            new = old_to_new.get(int(parts[1]))
            if new is None:
                continue
            parts[1] = str(new)
            key = ".".join(parts)
        out[key] = value
    return out


def _reorder(letter: Letter, items: list[Item], order: list[int | None]) -> Letter:
    data = letter.to_json_dict()
    data["items"] = [item.model_dump(mode="json") for item in items]
    data["spans"] = _renumber(data["spans"], order)
    data["confidence"] = _renumber(data["confidence"], order)
    data["review"] = _renumber(data["review"], order)
    return Letter.model_validate(data)


def add_item(letter: Letter, at: int | None = None, item: Item | None = None) -> Letter:
    """Insert an item (empty unless given) at position ``at`` (default: the end)."""
    position = len(letter.items) if at is None else max(0, min(at, len(letter.items)))
    order: list[int | None] = list(range(len(letter.items)))
    order.insert(position, None)
    items = list(letter.items)
    items.insert(position, item or Item())
    return _reorder(letter, items, order)


def remove_item(letter: Letter, index: int) -> Letter:
    if not 0 <= index < len(letter.items):
        raise PathError(f"no item {index + 1}: the letter has {len(letter.items)}")
    order: list[int | None] = [i for i in range(len(letter.items)) if i != index]
    return _reorder(letter, [letter.items[i] for i in order if i is not None], order)


def move_item(letter: Letter, index: int, to: int) -> Letter:
    if not 0 <= index < len(letter.items) or not 0 <= to < len(letter.items):
        raise PathError(
            f"cannot move item {index + 1} to {to + 1}: the letter has {len(letter.items)}"
        )
    order: list[int | None] = list(range(len(letter.items)))
    order.insert(to, order.pop(index))
    return _reorder(letter, [letter.items[i] for i in order if i is not None], order)
