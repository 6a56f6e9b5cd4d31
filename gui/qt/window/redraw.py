"""Redrawing the window from what the session tells its listeners changed ("queue", "letter",
"record", "status", "field", "merged", "highlights"), and remembering where the coder was: the
letter, field, queue, geometry and splitters, kept on close and at each letter change and
restored on reopening (`gui.review.window_state`)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer

from storage.queue import COLUMNS, QueueQuery
from storage.store import StoreError

from ...review import item_of
from ...review.actions import A
from ...review.window_state import StateWriter, capture, load_state, restore, state_key
from ...review.words import field_name
from ..letter.pdf_pages import PageError, PdfLetter
from ..letter.search_terms import search_spans
from ..letter.warnings_dialog import WarningsDialog
from ..plain import html_text, plain_tooltip
from .base import WindowParts

STATE_FALLBACK = Path.home() / ".imr-review-window-state.json"


class SessionRedraw(WindowParts):
    """The session's listener: each kind of change redraws only what it touches."""

    def _on_session(self, what: str) -> None:
        session = self.session
        if what == "queue":
            self.model.reset()
            self._select_current_row()
            self._update_progress()
        elif what == "letter":
            assert session.letter is not None and session.record is not None
            self.letter_view.show_text(session.letter.text, session.highlights)
            self.highlight_panel.refresh()
            self._show_record()
            self._select_current_row()
            self._update_info()
            self._remember_letter()
            self._paint_marks(scroll=True)
            self._mark_search_terms(scroll=True)
            self._update_page_view()
            self._refresh_adjudication(reload=True)
            self._show_empty_state()
        elif what == "record":
            self._refresh_adjudication()
            self._show_record()
            self._paint_marks(scroll=False)
            if session.letter_id is not None:
                self.model.refresh_letter(session.letter_id)
            self._update_saved()
            self._update_info()  # the first change starts the letter (todo -> in progress)
        elif what == "status":
            if session.letter_id is not None:
                self.model.refresh_letter(session.letter_id)
            self._update_progress()
            self._update_saved()
            self._update_info()
        elif what == "field":
            self._paint_marks(scroll=True)
            self._update_page_view()
        elif what == "merged":
            self._say(
                "Saved. This letter had also been changed in another window (other fields); "
                "it now shows both changes."
            )
        elif what == "highlights":
            self.letter_view.highlighter.set_highlights(session.highlights)
            self.highlight_panel.refresh()
            self._refresh_adjudication()
            self._update_info()  # a first highlight starts the letter too
            if session.record is not None:
                self.form.update_titles(session.record, session)
            self._update_saved()

    def _mark_search_terms(self, scroll: bool) -> None:
        """A letter opened while the queue is searched: its search words underlined, the first
        one brought into view."""
        session = self.session
        if session.letter is None:
            return
        spans = search_spans(session.letter.text, session.query.search)
        view = self.letter_view
        view.highlighter.set_found(spans, view.colors()["find"])
        if spans and scroll:
            view.scroll_to(*spans[0])
            self._say(
                f"The words searched for are underlined in this letter ({len(spans)} "
                f"place{'' if len(spans) == 1 else 's'})."
            )

    def toggle_reflow(self) -> None:
        """Ctrl+Shift+L: the letter's paragraphs reflowed for reading, or its printed lines."""
        on = not self.letter_view.reflowed
        self.settings.setValue("reflow", on)
        self.actions_by_id[A.REFLOW].setChecked(on)
        if self.session.letter is None:
            self.letter_view.reflowed = on
            return
        self.letter_view.set_reflowed(on, self.session.highlights)
        self._paint_marks(scroll=False)
        self._mark_search_terms(scroll=False)
        self._say("Paragraphs reflowed for reading." if on else "Lines as printed in the letter.")

    def _show_empty_state(self) -> None:
        """With no letter open (none imported yet) the letter pane says how to add some, and
        the form takes no typing. The words are set once; a letter switch only enables the form."""
        if not self.letter_view.placeholderText():
            keys = [self.actions_by_id[a].shortcut().toString()
                    for a in (A.IMPORT_FILES, A.IMPORT_FOLDER)]  # fmt: skip
            self.letter_view.setPlaceholderText(
                f"No letters here yet. {keys[0]} imports letter files (.txt or .pdf); "
                f"{keys[1]} imports a folder of them."
            )
        self.form.setEnabled(self.session.letter is not None)

    def _show_record(self) -> None:
        session = self.session
        if session.record is not None and session.letter is not None:
            self.form.show_record(session.record, session, session.letter.text)
            self.form.mark_current_item(
                session.current_item() if item_of(session.current_path) is not None else None
            )

    def _update_progress(self) -> None:
        done, total = self.session.progress()
        self.progress_label.setText(f"{done} of {total} done")

    def _update_saved(self) -> None:
        if self.session.saved_at is not None:
            self.saved_label.setText(
                "✓ saved " + time.strftime("%H:%M:%S", time.localtime(self.session.saved_at))
            )

    def _update_info(self) -> None:
        session = self.session
        if session.letter is None or session.prediction is None:
            return
        warnings = session.prediction.warnings
        status = {"in_progress": "in progress"}.get(session.status, session.status)
        note = f" · note: {html_text(session.note)}" if session.note else ""
        name = html_text(Path(session.letter.source_path).name)
        text = f"<b>{name}</b> · letter {session.letter.id} · {status}{note}"
        if warnings:
            text += f" · parser: {len(warnings)} warning(s), Ctrl+Shift+W reads them"
            self.letter_info.setToolTip(plain_tooltip("\n".join(warnings)))
        else:
            self.letter_info.setToolTip("")
        self.letter_info.setText(text)

    # --- the page view of a PDF letter -------------------------------------------------------

    _pdf: tuple[int, PdfLetter] | None = None

    def toggle_page_view(self) -> None:
        """Ctrl+Shift+P: the PDF page holding the current field's source, or the text again."""
        showing = self.letter_stack.currentWidget() is self.page_view
        self.letter_stack.setCurrentWidget(self.letter_view if showing else self.page_view)
        self.actions_by_id[A.PAGE_VIEW].setChecked(not showing)
        if showing:
            self.letter_view.setFocus()
            return
        self._update_page_view()
        self.page_view.setFocus()

    def _update_page_view(self) -> None:
        session = self.session
        if self.letter_stack.currentWidget() is not self.page_view or session.letter is None:
            return
        letter = session.letter
        if letter.kind != "pdf":
            self.page_view.show_message(
                "This letter was imported from a text file: it has no pages to show. "
                "Ctrl+Shift+P goes back to its text."
            )
            return
        if self._pdf is None or self._pdf[0] != letter.id:
            if self._pdf is not None:
                self._pdf[1].close()
                self._pdf = None
            try:
                self._pdf = (letter.id, PdfLetter.open(letter.source_path, letter.text))
            except PageError as error:
                self.page_view.show_message(f"The page cannot be shown: {error}.")
                self._say(f"The page cannot be shown: {error}.", error=True)
                return
        pdf = self._pdf[1]
        source = session.source_of(session.current_path)
        page = pdf.page_at(source.start) if source is not None else 0
        self.page_view.show_page(pdf, page, source)
        where = f"page {page + 1} of {pdf.pages}"
        self._say(f"{field_name(session.current_path)}: {where}, its source marked."
                  if source is not None else
                  f"{field_name(session.current_path)} has no source in the letter; {where}.")  # fmt: skip

    def show_warnings(self) -> None:
        """Ctrl+Shift+W: the parser's warnings in a plain-text box."""
        session = self.session
        if session.letter is None or session.prediction is None:
            return
        name = Path(session.letter.source_path).name
        WarningsDialog(name, list(session.prediction.warnings), self).exec()

    def _remember_letter(self) -> None:
        if self.session.letter_id is None:
            return
        if self._state_restored and self._save_window_state():
            # A kill a few milliseconds after a switch, or later, still reopens on this letter:
            # the state file, which holds it, is written at once on the state writer's thread
            # and replaced whole (the kernel keeps it through a kill of this process). The
            # settings get the letter at close only: any change to them is written out (locked,
            # synced to disk twice) at the next turn of the event loop, a few milliseconds of
            # every switch.
            return
        self.settings.setValue(self._last_letter_key(), self.session.letter_id)
        self.settings.sync()

    # --- the window's state, kept between runs (gui/review/window_state.py) -----------------

    _state_restored = False
    _state_key: str | None = None
    state_writer: StateWriter

    def _state_file(self) -> Path:
        """Beside the window's other settings, one file per user."""
        kept = self.settings.fileName()
        return Path(kept).with_name("window-state.json") if kept else STATE_FALLBACK

    def _save_window_state(self, closing: bool = False) -> bool:
        """Hand where the coder is to the state writer (``closing``: see it written and let the
        writer end); False when a write failed, which the status bar then names."""
        state = capture(
            self.session,
            bytes(self.saveGeometry().data()),
            {"main": self.splitter.sizes(), "letter": self.letter_split.sizes()},
        )
        if self._state_key is None:
            self._state_key = state_key(self.session)
        self.state_writer.keep(self._state_file(), self._state_key, state)
        if closing:
            self.state_writer.close()
        failure = self.state_writer.take_failure()
        if failure is not None:
            path, error = failure
            reason = getattr(error, "strerror", None) or error
            self._say(f"Where you were could not be kept in {path}: {reason}.", error=True)
            return False
        return True

    def _restore_window_state(self) -> None:
        """Reopen on the letter, field, queue, geometry and splitters kept at the last close."""
        state = load_state(self._state_file(), state_key(self.session))
        if state.letter_id is None:  # kept by an older version: the letter only
            last = str(self.settings.value(self._last_letter_key(), ""))
            state.letter_id = int(last) if last.isdigit() else None
        if state.geometry:
            self.restoreGeometry(QByteArray(state.geometry))
        for name, splitter in (("main", self.splitter), ("letter", self.letter_split)):
            sizes = state.splitters.get(name)
            if sizes and len(sizes) == splitter.count() and sum(sizes) > 0:
                splitter.setSizes(sizes)
        blocked = self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(state.status_filter)))
        self.status_filter.blockSignals(blocked)
        self.search_box.setText(state.search)
        header = self.table.horizontalHeader()
        blocked = header.blockSignals(True)
        order = Qt.SortOrder.DescendingOrder if state.descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(COLUMNS.index(state.sort), order)
        header.blockSignals(blocked)
        try:
            dropped = restore(self.session, state)
        except (StoreError, sqlite3.Error):  # a search that cannot run: the whole queue instead
            self.search_box.clear()
            self.session.set_query(QueueQuery())
            self.session.open_first()
            dropped = "the last search could not be run again"
        self._state_restored = True
        if dropped == f"letter {self.session.letter_id} is open but not in this queue":
            self._say(f"Reopened where you were: {dropped} (Alt+Right opens the queue's first).")
        elif dropped:
            self._say(f"Reopened where you were, except: {dropped}.")
        QTimer.singleShot(0, lambda: self._go_to(self.session.current_path))

    def _last_letter_key(self) -> str:
        return f"last_letter/{self.session.reviewer}/{Path(self.store.path).resolve()}"

    def _open_initial_letter(self) -> None:
        last = self.settings.value(self._last_letter_key(), None)
        try:
            if last is not None and int(str(last)) in self.session.ids:
                self.session.open(int(str(last)))
            else:
                self.session.open_first()
        except (StoreError, ValueError, TypeError):
            self.session.open_first()
        QTimer.singleShot(0, lambda: self._go_to(self.session.current_path))
