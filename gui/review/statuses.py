"""The actions that set a letter's review status: done (and on to the next), skip, flag."""

from __future__ import annotations

from .core import SessionCore
from .errors import EvidenceMissing, ReviewError
from .status import Status

KEPT_BY_SKIP = frozenset({Status.DONE, Status.FLAGGED})
NO_ITEMS = (
    "this letter has no disputed items, so it cannot be done: add them (Ctrl+Shift+A), or flag "
    "it (Ctrl+Shift+K) if it is not a determination letter"
)


class Statuses(SessionCore):
    """Done, skip and flag: written at once, not undoable (the audit log keeps them)."""

    def _set_status(self, status: Status, note: str | None = None) -> None:
        letter_id = self._require_letter()
        gold = self._guarded(
            lambda: self.store.set_status(letter_id, self.reviewer, status, note, self.version)
        )
        self._take_gold(gold)
        self._saved()
        self.notify("status")

    def require_items(self) -> None:
        """Gold with no disputed item is no determination: such a letter is never done."""
        if self.record is not None and not self.record.items:
            raise ReviewError(NO_ITEMS)

    def done_and_next(self) -> int | None:
        """Mark done and open the next letter needing review; returns its id (None: all done)."""
        self._require_letter()
        self.require_items()
        missing = self.missing_evidence()
        if missing:
            index = missing[0]
            self.set_current(f"items.{index}.rationale")
            source = self.source_of(f"items.{index}.rationale") or self.source_of(
                f"items.{index}.request"
            )
            raise EvidenceMissing(index, source.start if source else None)
        self._set_status(Status.DONE)
        return self._advance()

    def skip(self) -> int | None:
        """Not now: mark the letter skipped and open the next needing review. A letter already
        done or flagged keeps that status (done letters are the gold that is exported, and a
        flag is what a lead looks for): skipping it only moves on."""
        self._require_letter()
        if self.status not in KEPT_BY_SKIP:
            self._set_status(Status.SKIPPED)
        return self._advance()

    def flag(self, note: str) -> None:
        self._set_status(Status.FLAGGED, note)
