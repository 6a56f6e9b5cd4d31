"""The review application without Qt: the session, its undoable commands, field paths, the one
input converter and the action registry. The widgets in `gui` call this; nothing here imports
Qt (an import-linter contract)."""

from .errors import (
    NO_CURRENT_ITEM,
    ChangedElsewhere,
    CrossesItems,
    EditConflict,
    EvidenceMissing,
    InputError,
    ReviewError,
)
from .paths import FieldPath, field_kind, form_paths, item_of
from .session import ReviewSession
from .status import Status

__all__ = [
    "NO_CURRENT_ITEM",
    "ChangedElsewhere",
    "CrossesItems",
    "EditConflict",
    "EvidenceMissing",
    "FieldPath",
    "InputError",
    "ReviewError",
    "ReviewSession",
    "Status",
    "field_kind",
    "form_paths",
    "item_of",
]
