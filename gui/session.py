"""Where the widgets found the review session before `gui.review`: names kept for them until
they move to `gui.qt`."""

from .review import (
    NO_CURRENT_ITEM,
    ChangedElsewhere,
    CrossesItems,
    EditConflict,
    EvidenceMissing,
    ReviewError,
    ReviewSession,
    field_kind,
    form_paths,
)
from .review import item_of as item_index

__all__ = [
    "NO_CURRENT_ITEM",
    "ChangedElsewhere",
    "CrossesItems",
    "EditConflict",
    "EvidenceMissing",
    "ReviewError",
    "ReviewSession",
    "field_kind",
    "form_paths",
    "item_index",
]
