"""The review session: what one reviewer is looking at and doing, as plain methods (no Qt).

The window calls these and redraws from the state its listeners are told changed; tests drive
them directly. Each part lives in its own module; this class puts them together.
"""

from __future__ import annotations

from .accept import Accepting
from .fields import Fields
from .highlights import Highlights
from .items import Items
from .navigation import Navigation
from .statuses import Statuses
from .undo import Undo


class ReviewSession(Accepting, Navigation, Statuses, Fields, Items, Highlights, Undo):
    """What one reviewer is looking at and doing."""
