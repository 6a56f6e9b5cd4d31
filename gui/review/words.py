"""Field names and values in the words the form uses, for every message the coder reads.

The store, the audit log and the undo stack name a field by its path (``items.0.treatment``);
the coder never sees that: messages say "Item 1 treatment", "Patient age". `plain` rewrites any
path left inside a message (an error from a lower layer), so no internal name gets through.
"""

from __future__ import annotations

import re
from typing import Any

from parsing.edits import HEADER_FIELDS, ITEM_FIELDS

LABELS = {f.name: f.label for f in (*HEADER_FIELDS, *ITEM_FIELDS)}
LABELS.update({"date_assigned": "Date assigned", "priority": "Priority", "needs_evidence":
               "needs evidence", "review": "review marks", "items": "items"})  # fmt: skip
_ITEM_PATH = re.compile(r"\bitems\.(\d+)\.([a-z_]+)\b")
_NAME = re.compile(r"\b(" + "|".join(sorted((n for n in LABELS if "_" in n), key=len,
                                              reverse=True)) + r")\b")  # fmt: skip


def field_name(path: str) -> str:
    """The form's name of a field path: "Patient age", "Item 2 treatment"."""
    found = _ITEM_PATH.fullmatch(path)
    if found:
        label = LABELS.get(found.group(2), found.group(2).replace("_", " "))
        return f"Item {int(found.group(1)) + 1} {_lower_first(label)}"
    return LABELS.get(path, path.replace("_", " ").replace(".", " "))


def plain(message: str) -> str:
    """``message`` with every field path in it named as the form names it."""
    message = _ITEM_PATH.sub(lambda m: field_name(m.group(0)), message)
    message = re.sub(r"'(\w+)'", lambda m: f"“{field_name(m.group(1))}”"
                     if m.group(1) in LABELS else m.group(0), message)  # fmt: skip
    return _NAME.sub(lambda m: field_name(m.group(1)), message)


def list_text(values: list[Any]) -> str:
    """A list as its field shows it, element by element with semicolons ("contusion of face,
    scalp and neck; cervical sprain"), which the form reads back as the same list."""
    return "; ".join(str(v) for v in values)


def shown_value(value: Any) -> str:
    """A field value as the form shows it ("empty" for no value; a source as its offsets)."""
    if value in (None, "", []):
        return "empty"
    if isinstance(value, list):
        return list_text(value)
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"letter characters {value['start']}–{value['end']}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _lower_first(label: str) -> str:
    # "MAXIMUS guideline" and "UR date" keep their capitals; "Treatment" becomes "treatment".
    head = label.split(" ")[0]
    return label if head.isupper() or head == "Claims" else label[0].lower() + label[1:]
