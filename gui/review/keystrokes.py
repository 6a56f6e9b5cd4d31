"""The keys a coder presses to turn the parser's prediction into the gold: a planner over the
app's keys, and a driver that does the planned steps on a review session.

The key model (the registry's keys and the form's own): Tab and Shift+Tab move one field,
Ctrl+PgDown and Ctrl+PgUp jump to an item's first field, Ctrl+A then the text types a value
(Return saves it, confirms it and goes to the next field), Alt+U and Alt+O set the current item's
determination, Ctrl+Shift+A adds an item after the current one, Ctrl+Shift+Backspace removes it,
and Ctrl+Shift+Return accepts the letter (confirms the rest, done). A value is typed in its
shortest form the form reads back as the same value (7/28/15 for 2015-07-28).

The plan edits the fields in `PLANNED` (the values a coder types; sources and guideline texts are
not compared), aligns items by place (extra ones removed from the end, missing ones added there)
and visits the fields in the cheaper of the sweeps down-then-up or up-then-down from where the
letter opens. That is the shortest plan under this model, not a search over every order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsing import Item, Letter

from .convert import convert
from .errors import ReviewError
from .paths import FieldPath, form_paths
from .session import ReviewSession
from .words import list_text

HEADER = ("case_number", "date_of_injury", "ur_date", "patient_age", "patient_sex",
          "reviewer_licensure", "reviewer_specialties", "diagnoses")  # fmt: skip
ITEM = ("request", "treatment", "determination", "quantity")
HEAD = 10**6  # the item number of a letter field, for ordering
PLANNED = (*HEADER, *(f"items.{name}" for name in ITEM))
KEYS = {"next_field": "Tab", "previous_field": "Shift+Tab", "next_item": "Ctrl+PgDown",
        "previous_item": "Ctrl+PgUp", "confirm_next": "Return", "add_item": "Ctrl+Shift+A",
        "remove_item": "Ctrl+Shift+Backspace", "accept": "Ctrl+Shift+Return",
        "upheld": "Alt+U", "overturned": "Alt+O"}  # fmt: skip


@dataclass(frozen=True)
class Step:
    op: str  # a KEYS name, "type" (Ctrl+A and the text) or "clear" (Ctrl+A, Delete)
    path: str = ""  # the field the step is done in
    text: str = ""

    @property
    def keys(self) -> list[str]:
        if self.op == "type":
            return ["Ctrl+A", *self.text]
        if self.op == "clear":
            return ["Ctrl+A", "Delete"]
        return [KEYS[self.op]]


def key_count(plan: list[Step]) -> int:
    return sum(len(step.keys) for step in plan)


def value_of(record: Letter, path: str) -> Any:
    try:
        return FieldPath.parse(path).read(record)
    except ReviewError:
        return None


def differs(a: Any, b: Any) -> bool:
    def norm(v: Any) -> Any:
        return None if v in ("", [], None) else v

    return bool(norm(a) != norm(b))


def typed_text(path: str, value: Any) -> str:
    """The shortest text the form reads back as ``value`` in the field at ``path``."""
    field = FieldPath.parse(path)
    if isinstance(value, list):
        candidates = [list_text([str(v) for v in value])]
    elif field.kind == "date" and isinstance(value, str):
        day = dt.date.fromisoformat(value)
        candidates = [f"{day.month}/{day.day}/{day.year % 100:02d}",
                      f"{day.month}/{day.day}/{day.year}", value]  # fmt: skip
    else:
        candidates = [str(value)]
    for text in sorted(candidates, key=len):
        try:
            if not differs(convert(field, text), value):
                return text
        except ReviewError:
            continue
    raise ReviewError(f"no text types the value {value!r} in {path}")


def plan(prediction: Letter, gold: Letter, start: str) -> list[Step]:
    """The steps from the prediction (the form opened at ``start``) to the gold."""
    steps: list[Step] = []
    keep = min(len(prediction.items), len(gold.items))
    order = form_paths(prediction)
    wanted = [p for p in order if _planned(p) and (_item(p) < keep or _item(p) == HEAD) and
              differs(value_of(prediction, p), value_of(gold, p))]  # fmt: skip
    cursor = start
    best: list[Step] | None = None
    for sweep in _sweeps(order, wanted, start):
        trial: list[Step] = []
        here = start
        for path in sweep:
            here = _visit(trial, order, here, path, value_of(gold, path))
        if best is None or key_count(trial) < key_count(best):
            best, cursor = trial, here
    steps += best or []
    count = len(prediction.items)
    while count > len(gold.items):  # the parser found too many: remove from the end
        target = f"items.{count - 1}.request"
        cursor = _go(steps, form_paths(_with_items(prediction, count)), cursor, target, item=True)
        steps.append(Step("remove_item", cursor))
        count -= 1
        cursor = f"items.{count - 1}.request" if count else "case_number"
    for index in range(count, len(gold.items)):  # too few: add after the last, type its fields
        order = form_paths(_with_items(prediction, count))
        if count:
            cursor = _go(steps, order, cursor, f"items.{count - 1}.request", item=True)
        steps.append(Step("add_item", cursor))
        count += 1
        cursor = f"items.{index}.request"
        order = form_paths(_with_items(prediction, count))
        for name in ITEM:
            path = f"items.{index}.{name}"
            value = value_of(gold, path)
            if differs(None, value):
                cursor = _visit(steps, order, cursor, path, value)
    steps.append(Step("accept", cursor))
    return steps


def _visit(steps: list[Step], order: list[str], here: str, path: str, value: Any) -> str:
    """Go to a field and give it ``value``; returns where the form is then."""
    if path.endswith(".determination") and value in ("upheld", "overturned"):
        here = _go(steps, order, here, path, item=True)
        steps.append(Step(str(value), here))
        return here
    here = _go(steps, order, here, path)
    if differs(value, None):
        steps.append(Step("type", path, typed_text(path, value)))
    else:
        steps.append(Step("clear", path))
    steps.append(Step("confirm_next", path))
    at = order.index(path)
    return order[at + 1] if at + 1 < len(order) else path


def _go(steps: list[Step], order: list[str], here: str, target: str, item: bool = False) -> str:
    """The cheapest moves from ``here`` to ``target`` (``item``: any field of its item will
    do); returns the field reached."""
    routes = []
    targets = [p for p in order if _item(p) == _item(target)] if item else [target]
    for goal in targets:
        routes.append(_route(order, here, goal))
    moves, reached = min(routes, key=lambda r: len(r[0]))
    steps += [Step(op, "") for op in moves]
    return reached


def _route(order: list[str], here: str, goal: str) -> tuple[list[str], str]:
    a, b = order.index(here), order.index(goal)
    tabs = ["next_field"] * (b - a) if b >= a else ["previous_field"] * (a - b)
    best = tabs
    first = order.index(f"items.{_item(goal)}.request") if _item(goal) < HEAD else -1
    if first >= 0:  # jump to the goal's item by Ctrl+PgDown/PgUp, then Tab within it
        here_item = _item(here)
        jumps: list[str] = []
        if here_item >= HEAD:
            jumps = ["next_item"] * (_item(goal) + 1)
        elif _item(goal) > here_item:
            jumps = ["next_item"] * (_item(goal) - here_item)
        elif _item(goal) < here_item:
            jumps = ["previous_item"] * (here_item - _item(goal))
        elif a != first:
            jumps = ["previous_item", "next_item"] if _item(goal) else ["previous_item"]
        if jumps or a == first:
            route = jumps + ["next_field"] * (b - first)
            if len(route) < len(best):
                best = route
    return best, goal


def _sweeps(order: list[str], wanted: list[str], start: str) -> Iterator[list[str]]:
    at = order.index(start) if start in order else 0
    below = [p for p in wanted if order.index(p) < at]
    above = [p for p in wanted if order.index(p) >= at]
    yield above + below[::-1]
    yield below[::-1] + above
    yield wanted


def _planned(path: str) -> bool:
    found = FieldPath.find(path)
    if found is None:
        return False
    return (found.name if found.item is None else f"items.{found.name}") in PLANNED


def _item(path: str) -> int:
    found = FieldPath.find(path)
    return HEAD if found is None or found.item is None else found.item


def _with_items(record: Letter, count: int) -> Letter:
    """The record with ``count`` items (for the form's order of fields only)."""
    items = list(record.items[:count])
    items += [Item()] * (count - len(items))
    return record.model_copy(update={"items": items})


def apply_plan(session: ReviewSession, steps: list[Step]) -> None:
    """Do the planned steps on a review session, as the window would for their keys."""
    for step in steps:
        if step.op == "next_field":
            following = session.next_field()
            if following is not None:
                session.set_current(following)
        elif step.op == "previous_field":
            order = form_paths(session.record) if session.record else []
            at = order.index(session.current_path)
            session.set_current(order[max(0, at - 1)])
        elif step.op in ("next_item", "previous_item"):
            session.go_to_item(+1 if step.op == "next_item" else -1)
        elif step.op in ("type", "clear"):
            _check_at(session, step.path)
            session.edit(step.path, convert(FieldPath.parse(step.path), step.text), merge=False)
        elif step.op == "confirm_next":
            _check_at(session, step.path)
            session.confirm_and_next()
        elif step.op in ("upheld", "overturned"):
            session.set_determination(step.op)
        elif step.op == "add_item":
            session.add_item()
        elif step.op == "remove_item":
            session.remove_item()
        elif step.op == "accept":
            session.accept_letter()


def _check_at(session: ReviewSession, path: str) -> None:
    if session.current_path != path:
        raise AssertionError(f"the plan types in {path} but the form is at {session.current_path}")
