"""One field's history, read from the audit log and said in plain words: when, who, what was
done and the value before and after ("Patient age", "changed", "42" → "43").

Rows about the whole letter that touched the field count too: accepting the letter confirms
it, undo and redo of any of its changes. Item moves renumber paths; a row is listed under the
path it had when written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.store import Store

from .words import shown_value

ACTIONS = {
    "edit": "changed",
    "fill": "filled from the letter",
    "confirm": "confirmed",
    "confirm_all": "confirmed with the whole letter",
    "restore": "given back the parser's value",
    "undo": "undone",
    "redo": "redone",
}


@dataclass(frozen=True)
class FieldEvent:
    at: str  # ISO time as the audit log keeps it (UTC)
    reviewer: str
    action: str  # in plain words
    old: str
    new: str


def field_history(
    store: Store, letter_id: int, path: str, reviewer: str | None = None
) -> list[FieldEvent]:
    """What happened to the field at ``path`` of a letter, oldest first (of one reviewer, or
    of everyone)."""
    events: list[FieldEvent] = []
    for row in store.audit(letter_id):
        if reviewer is not None and row["reviewer"] != reviewer:
            continue
        event = _event(row, path)
        if event is not None:
            events.append(event)
    return events


def _event(row: dict[str, Any], path: str) -> FieldEvent | None:
    action = ACTIONS.get(row["action"], row["action"].replace("_", " "))
    old, new = row["old_value"], row["new_value"]
    if row["field"] == path:
        return FieldEvent(row["at"], row["reviewer"], action, shown_value(old), shown_value(new))
    if row["field"] == "review":  # the review marks of the whole letter (accept, its undo)
        before = (old or {}).get(path) if isinstance(old, dict) else None
        after = (new or {}).get(path) if isinstance(new, dict) else None
        if before == after:
            return None
        return FieldEvent(row["at"], row["reviewer"], action, before or "not checked",
                          after or "not checked")  # fmt: skip
    return None
