"""The queue the reviewer works through, where they are in it, and opening a letter."""

from __future__ import annotations

from typing import Any

from storage.queue import QueueQuery, done_count, queue_ids, queue_rows, reviewed_ids

from .core import SessionCore
from .errors import ReviewError
from .status import Status


class Navigation(SessionCore):
    def set_query(self, query: QueueQuery, ids: list[int] | None = None) -> None:
        """Show another queue; ``ids``: its letters when already found (by a search run in the
        background), else they are read now."""
        self.query = query
        self.ids = queue_ids(self.store, self.reviewer, query) if ids is None else list(ids)
        self._row_of = {letter_id: row for row, letter_id in enumerate(self.ids)}
        self.notify("queue")

    def filter(self, query: QueueQuery, ids: list[int] | None = None) -> None:
        """Show another queue; when the open letter is not in it, open its first letter to review."""
        self.set_query(query, ids)
        if self.letter_id not in self.ids and self.ids:
            self.open_first()

    def rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        return queue_rows(self.store, self.reviewer, ids)

    def progress(self) -> tuple[int, int]:
        """(done, total) over the letters the queue shows."""
        return done_count(self.store, self.reviewer, self.ids), len(self.ids)

    def row_of(self, letter_id: int) -> int | None:
        return self._row_of.get(letter_id)

    @property
    def position(self) -> int | None:
        if self.letter is None:
            return None
        return self._row_of.get(self.letter.id)

    def open(self, letter_id: int) -> None:
        """Show a letter: the reviewer's gold if they started it, else the parser's prediction;
        the caret goes to the first field still to check."""
        self.letter = self.store.letter(letter_id)
        self.prediction = self.store.prediction(letter_id)
        gold = self.store.gold(letter_id, self.reviewer)
        if gold is None:
            self.record, self.version, self.status, self.note = (
                self.prediction, 0, Status.TODO, "",
            )  # fmt: skip
        else:
            self._take_gold(gold)
        self.highlights = self.store.highlights(letter_id, self.reviewer)
        self._evidence = self._pending_label = None
        self.unsaved = {}
        paths = self.unsure_paths()
        self.current_path = paths[0] if paths else "case_number"
        self.notify("letter")

    def open_first(self) -> bool:
        """Open the first letter that needs review (or the first in the queue)."""
        if not self.ids:
            return False
        target = self._next_needing_review(-1) or self.ids[0]
        self.open(target)
        return True

    def _next_needing_review(self, after: int) -> int | None:
        """The first letter after row ``after`` (wrapping) that still needs review."""
        finished = reviewed_ids(self.store, self.reviewer)  # one query, not one per letter
        current = self.letter_id
        for letter_id in self.ids[after + 1 :] + self.ids[: after + 1]:
            if letter_id != current and letter_id not in finished:
                return letter_id
        return None

    def next(self) -> bool:
        return self._step(+1)

    def previous(self) -> bool:
        return self._step(-1)

    def _step(self, delta: int) -> bool:
        position = self.position
        if position is None:
            return self.open_first()
        if not 0 <= position + delta < len(self.ids):
            raise ReviewError(f"this is the {'last' if delta > 0 else 'first'} letter in the queue")
        self.open(self.ids[position + delta])
        return True

    def _advance(self) -> int | None:
        position = self.position
        target = self._next_needing_review(position if position is not None else -1)
        if target is not None:
            self.open(target)
        return target
