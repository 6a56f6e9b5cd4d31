"""Editing from the window: a queue row opens its letter, the form's edits and focus go to the
session, a click in the letter selects its field, Escape goes back to the form, and the letter's
status commands that need the window (done and next, flag with a note)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QInputDialog

from storage.store import StoreError

from ...review import EditConflict, EvidenceMissing, ReviewError
from ...review.date_doubts import date_doubts
from ...review.errors import NotSaved
from ...review.field_history import field_history
from ...review.paths import form_paths
from ...review.words import field_name, plain
from ..dialogs import FieldHistoryDialog
from .base import WindowParts


class Editing(WindowParts):
    """The form, the queue and the letter's status, wired to the session."""

    def _queue_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        letter_id = self.model.letter_id(current.row())
        if letter_id is not None and letter_id != self.session.letter_id:
            if self._typed_value_would_be_lost():
                self._select_current_row()
                return
            self._run(lambda: self.session.open(letter_id))

    def _form_edited(self, path: str, value: Any) -> None:
        """Save a field. If it cannot be saved, what was typed stays on screen, marked unsaved,
        and is tried again when the field is left or Return is pressed."""
        try:
            self.session.set_current(path)
            self.session.edit(path, value)
        except EditConflict as conflict:
            message = f"Not saved: {plain(str(conflict))}."
            self.form.keep_conflicting(path, conflict.mine, conflict.theirs, message)
            self.form.focus_field(path)
            self._say(message, error=True)
        except (ReviewError, StoreError) as error:
            said = plain(str(error))
            self.form.mark_unsaved(path, f"not saved: {said}")
            name = field_name(path)
            self._say(
                f"Not saved: {said}" if said.startswith(name) else f"Not saved ({name}): {said}",
                error=True,
            )
            if isinstance(error, (StoreError, NotSaved)):  # the database's trouble, not the input's
                self.show_banner(said)
        else:
            if self.banner.isVisible() and not self.store.readonly:
                self.banner.hide()
            record = self.session.record
            doubts = date_doubts(record, path) if record is not None else []
            joined = [v for v in value if "," in str(v)] if isinstance(value, list) else []
            if doubts:  # saved: the coder may know better; but a slip is seen at once
                self._say(f"{field_name(path)} saved, but check it: {'; '.join(doubts)}.",
                          error=True)  # fmt: skip
            elif joined:  # commas stay inside an element: say so, once it matters
                self._say(
                    f"{field_name(path)} saved as {len(value)} (“{plain(str(joined[0]))[:60]}” is "
                    "one, comma and all); put ; between two to keep them apart."
                )

    def _confirm_and_next(self, path: str) -> None:
        """Return in a field (its typed text already saved): confirm it, go to the next field."""

        def work() -> None:
            self.session.set_current(path)
            self.session.confirm_and_next()
            self._go_to(self.session.current_path)

        self._run(work)

    def show_field_history(self) -> None:
        """Ctrl+H: the current field's history from the audit log, in plain words."""
        letter_id = self.session.letter_id
        if letter_id is None:
            return
        self.form.commit_pending()
        path = self.session.current_path
        events = self._run(
            lambda: field_history(self.store, letter_id, path, self.session.reviewer)
        )
        if events is None:
            return
        dialog = FieldHistoryDialog(self, field_name(path), events)
        dialog.finished.connect(lambda _result: self._go_to(path))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _form_focused(self, path: str) -> None:
        self.session.set_current(path)

    def _letter_clicked(self, offset: int) -> None:
        path = self.session.click(offset)
        if path is not None:
            self.form.focus_field(path)

    def _disputes_still_open(self) -> bool:
        """A lead's letter is done only when every disagreement is settled: if one is not, say
        so and put the adjudication list's focus on it."""
        if self.adjudication is None or self.adjudication_panel is None:
            return False
        still_open = self.adjudication.open_disputes()
        if not still_open:
            return False
        self._say(
            f"{len(still_open)} disagreement(s) not settled yet: pick a value for each "
            "(a number key), or type one in the form.",
            error=True,
        )
        self.adjudication_panel.list.setCurrentRow(still_open[0])
        self.adjudication_panel.list.setFocus()
        return True

    def done_and_next(self) -> None:
        if self._disputes_still_open():
            return

        def work() -> None:
            session = self.session
            letter_id, record = session.letter_id, session.record
            unchecked, unsure = len(session.unchecked_paths()), len(session.unsure_paths())
            total = len(form_paths(record)) if record is not None else 0
            try:
                next_id = self.session.done_and_next()
            except EvidenceMissing as missing:
                self._say(f"{missing}. Select its evidence and press a label key.", error=True)
                self.letter_view.setFocus()
                if missing.offset is not None:
                    self.letter_view.put_caret(missing.offset)
                self._paint_marks(scroll=False)
                return
            done = "Letter done"
            if unchecked:  # the coder's call; said, so that it is one
                doubt = (f"the parser was unsure of {unsure} of them" if unsure
                         else "the parser was sure of all of them")  # fmt: skip
                done = f"Letter {letter_id} done with {unchecked} of {total} fields not checked"
                done += f" ({doubt})"
            if next_id is None:
                self._say(f"{done}. No letter in this queue needs review any more.")
            else:
                self._say(f"{done}; opened the next one that needs review.")
            self._go_to(self.session.current_path)

        self._run(work)

    def flag(self) -> None:
        self.form.commit_pending()
        note, ok = QInputDialog.getText(
            self, "Flag letter", "Why is this letter flagged?", text=self.session.note
        )
        if ok:
            self._run(lambda: self.session.flag(note.strip()))
            self._say("Letter flagged.")
        self._go_to(self.session.current_path)

    def back_to_form(self) -> None:
        if self._stop_search():
            self._say("Search stopped; the queue is as it was.")
            return
        if self.form.take_theirs(self.session.current_path):
            self._say("Kept the other window's value; nothing of yours was saved over it.")
            return
        if self.form.revert_invalid(self.session.current_path, self.session):
            self._say("Put back the saved value.")
            return
        if self._leave_find():
            return  # to the letter, the found words still selected
        self._go_to(self.session.current_path)
