"""Why a review action was refused: exceptions whose message is meant for the status bar."""

from __future__ import annotations

from typing import Any

from .words import list_text

NO_CURRENT_ITEM = (
    "no item is current: go to an item's field first (Ctrl+PgDown: the next item); "
    "nothing was changed"
)


class ReviewError(Exception):
    """An action that cannot be done now, with a message for the status bar."""


class NotSaved(ReviewError):
    """The database refused a change (full disk, locked, read-only, damaged, moved...):
    ``cause`` is the store's typed error, the message says it in the form's words."""

    def __init__(self, message: str, cause: Exception) -> None:
        super().__init__(message)
        self.cause = cause


class InputError(ReviewError):
    """Typed or selected text that does not make a value of the field's kind."""


class ChangedElsewhere(ReviewError):
    """Another window or program changed the letter first: it was reloaded, nothing was applied."""


class EditConflict(ChangedElsewhere):
    """A typed value met another window's newer one; the window keeps both and lets the reviewer
    choose (``mine`` saves over ``theirs`` on the reloaded letter)."""

    def __init__(self, path: str, mine: Any, theirs: Any) -> None:
        super().__init__(
            f"this letter was changed elsewhere: another window saved {_shown(theirs)} here since "
            "it was opened. Yours is kept in the box, not saved: Return saves it over theirs, "
            "Escape takes theirs"
        )
        self.path, self.mine, self.theirs = path, mine, theirs


class CrossesItems(ReviewError):
    """A highlight would run from one item's part of the letter into another's."""


class EvidenceMissing(ReviewError):
    """Done was refused: an item that needs evidence has no highlight."""

    def __init__(self, item: int, offset: int | None) -> None:
        super().__init__(
            f"item {item + 1} needs at least one evidence highlight before the letter is done"
        )
        self.item = item
        self.offset = offset


class EvidenceKept(ReviewError):
    """Refused: the letter is done, and the change would leave an item that needs evidence
    without a highlight."""

    def __init__(self, item: int) -> None:
        super().__init__(
            f"The letter is done and item {item + 1} needs evidence: this would leave it with "
            f"none. Highlight evidence for item {item + 1} first, or stop requiring it "
            "(Ctrl+Shift+E)."
        )
        self.item = item


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "an empty value"
    if isinstance(value, list):
        value = list_text(value)
    return f"“{value}”"
