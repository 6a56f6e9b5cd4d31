"""What the parts of the review window share: the widgets and the session they wire together,
and the few primitives every part calls (run an action, say something, go to a field).

`MainWindow` is put together from one part per concern (`menus`, `redraw`, `editing`,
`evidence`, `find`, `import_flow`, `adjudicating`), each a subclass of `WindowParts`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
)

from storage.store import Store, StoreError, friendly_error

from ...review import ReviewError, ReviewSession, item_of
from ...review.actions import A
from ...review.adjudication import Adjudication
from ...review.words import field_name, plain
from ..adjudication_panel import AdjudicationPanel
from ..form.panel import FormPanel
from ..highlight_list import HighlightPanel
from ..letter.letter_view import LetterView
from ..letter.page_view import PageView
from ..queue.queue_model import QueueModel

WARNING = "⚠ "  # how the status bar starts a message about something that went wrong


class WindowParts(QMainWindow):
    """The shared state of the window's parts; `MainWindow.__init__` sets every attribute."""

    store: Store
    session: ReviewSession
    settings: QSettings
    adjudication: Adjudication | None
    adjudication_panel: AdjudicationPanel | None
    actions_by_id: dict[A, QAction]
    dark: bool
    # the queue panel
    status_filter: QComboBox
    search_box: QLineEdit
    model: QueueModel
    table: QTableView
    # the letter panel
    letter_info: QLabel
    find_box: QLineEdit
    letter_view: LetterView
    letter_split: QSplitter  # the letter above, its highlights below
    letter_stack: QStackedWidget  # the letter's text, or its PDF page
    page_view: PageView
    splitter: QSplitter  # queue | letter | form
    highlight_panel: HighlightPanel
    # the form and the window's edges
    form: FormPanel
    banner: QLabel
    saved_label: QLabel
    progress_label: QLabel
    _hold_timer: QTimer

    def _run(self, work: Callable[[], Any]) -> Any:
        """Commit what is being typed, then do the action; problems go to the status bar."""
        self.form.commit_pending()
        try:
            return work()
        except ReviewError as error:
            self._say(plain(str(error)), error=True)
        except StoreError as error:
            self._say(plain(str(error)), error=True)
            self.show_banner(str(error))
        except sqlite3.Error as error:  # a read that found the file damaged or locked
            message = str(friendly_error(error, self.store.path))
            self._say(message, error=True)
            self.show_banner(message)
        return None

    def _stop_search(self) -> bool:
        """Stop a queue search still running (`find.FindAndFilter`); whether there was one."""
        return False

    def _leave_find(self) -> bool:
        """Escape: close the find bar (`find.FindAndFilter`); whether that was all it did."""
        return False

    def _update_progress(self) -> None:
        """The "N of M done" count (`redraw.SessionRedraw`)."""

    def _mark_search_terms(self, scroll: bool) -> None:
        """The queue search's words underlined in the open letter (`redraw.SessionRedraw`)."""

    def _forget_warning(self) -> None:
        """The coder starts another action: a warning about the last one goes (before anything
        the new action may warn about, such as the save of a typed value it makes first)."""
        if self.statusBar().currentMessage().startswith(WARNING):
            self.statusBar().clearMessage()

    def _say(self, message: str, error: bool = False) -> None:
        self.statusBar().showMessage((WARNING if error else "") + message, 8000)

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def _go_to(self, path: str) -> None:
        self.session.set_current(path)
        self._paint_marks(scroll=True)
        self.form.focus_field(path)

    def _paint_marks(self, scroll: bool) -> None:
        session = self.session
        if session.record is None:
            return
        source = session.source_of(session.current_path)
        index = item_of(session.current_path)
        rationale = session.source_of(f"items.{index}.rationale") if index is not None else None
        self.letter_view.set_marks(source, rationale, scroll)
        self.form.mark_current_item(index)

    def _select_current_row(self) -> None:
        position = self.session.position
        selection = self.table.selectionModel()
        if position is None:
            return
        table = self.table
        # The column the coder went to stays current (and in view), whichever row comes next.
        index = self.model.index(position, max(selection.currentIndex().column(), 0))
        # A row out of view, or cut at the queue's top or bottom edge (the columns scrolled
        # sideways do not count), is brought to the middle, the letters that come next in view
        # with it: kept on the edge (as Qt scrolls), the queue moved at every next letter. A row
        # the coder clicked or arrowed to in the queue itself is left where it is, to Qt: a
        # clicked row cut at the edge moves by that row, not under the pointer by half a page.
        top = table.rowViewportPosition(position)
        bottom = top + table.rowHeight(position)
        height = table.viewport().height()
        chosen_in_queue = selection.currentIndex().row() == position
        out_of_view = bottom <= 0 or top >= height
        cut = top < 0 or bottom > height
        if not chosen_in_queue:
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        if out_of_view or (cut and not chosen_in_queue):  # to the middle, up or down only
            sideways = table.horizontalScrollBar().value()
            table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            table.horizontalScrollBar().setValue(sideways)
        table.scrollTo(index)  # into view by the least move (none when it is in view)

    def _typed_value_would_be_lost(self) -> bool:
        """A field holds typed text that cannot be saved (not a date, not a number): say so and
        stay, rather than drop it by opening another letter."""
        self.form.commit_pending()
        for path, editor in self.form.editors().items():
            if getattr(editor, "pending", False) and self.form.has_error(editor):
                shown = editor.text() if hasattr(editor, "text") else ""
                self._say(
                    f"“{shown}” in {field_name(path)} cannot be saved as it is: correct it, or press Escape "
                    "in it to put back the saved value, before leaving this letter.",
                    error=True,
                )
                self.form.focus_field(path)
                return True
        return False

    def _refresh_adjudication(self, reload: bool = False) -> None:
        if self.adjudication is None or self.adjudication_panel is None:
            return
        if reload:
            self.adjudication.load()
        self.adjudication_panel.refresh()
