"""Where the widgets import the review session from until they move to `gui.qt`: the names
they use, from `gui.review`."""

from .review import CrossesItems, EditConflict, EvidenceMissing, ReviewError, ReviewSession
from .review import item_of as item_index

__all__ = [
    "CrossesItems",
    "EditConflict",
    "EvidenceMissing",
    "ReviewError",
    "ReviewSession",
    "item_index",
]
