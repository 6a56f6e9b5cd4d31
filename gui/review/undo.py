"""Undo and redo of the open letter's commands, across its fields, items and highlights."""

from __future__ import annotations

from .core import SessionCore
from .errors import ReviewError
from .paths import form_paths


class Undo(SessionCore):
    def can_undo(self) -> bool:
        return self.history.can_undo(self.letter_id)

    def can_redo(self) -> bool:
        return self.history.can_redo(self.letter_id)

    def undo(self) -> str:
        """Undo the letter's last command; returns its label."""
        return self._travel(backwards=True)

    def redo(self) -> str:
        """Do again what was last undone; returns its label."""
        return self._travel(backwards=False)

    def _travel(self, backwards: bool) -> str:
        letter_id = self._require_letter()
        command = self.history.take(letter_id, backwards)
        if command is None:
            raise ReviewError(f"nothing to {'undo' if backwards else 'redo'} in this letter")
        try:
            if backwards:
                command.undo(self)
            else:
                command.do(self)
        except ReviewError:  # refused or not saved: the step stays where it was, to try again
            self.history.put(letter_id, command, not backwards)
            raise
        self.history.put(letter_id, command, backwards)
        if self.record is not None:
            # The form follows the field changed back, or the item moved, added or removed.
            target = command.current_after(self.current_path, backwards, self.record)
            target = command.path if target is None else target
            if target in form_paths(self.record):
                self.set_current(target)
        return command.label
