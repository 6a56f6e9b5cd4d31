"""The review window: queue | letter | form, every action from the registry, saved as you go."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.importer import ImportStopped, ImportSummary, import_paths
from storage.queue import COLUMNS, STATUS_FILTERS, QueueQuery
from storage.search import MAX_SEARCH_WORDS, MAX_WORD_CHARS, fts_query
from storage.store import Store, StoreError, friendly_error
from storage.team.disputes import adjudicator
from storage.team.meta import meta

from .adjudication import Adjudication
from .adjudication_panel import AdjudicationPanel
from .dialogs import ShortcutSheet
from .file_dialogs import choose_letters
from .form import FormPanel
from .highlight_list import HighlightPanel
from .letter_view import LetterView
from .plain import html_text, plain_tooltip
from .queue_model import QueueModel
from .review.actions import ACTIONS, MENUS, A, ActionSpec, enabled_actions
from .review.handlers import Handler, OnSession, OnWindow, Reply
from .session import (
    CrossesItems,
    EditConflict,
    EvidenceMissing,
    ReviewError,
    ReviewSession,
    item_index,
)
from .theme import apply_theme, colors

LEAVES_LETTER = frozenset({A.NEXT, A.PREVIOUS, A.DONE_NEXT, A.SKIP})
HOLD_CHECK_MS = 1000  # how often the window makes sure it still holds its database locks

STATUS_FILTER_TEXT = {
    "all": "All letters",
    "needs review": "Needs review",
    "todo": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "skipped": "Skipped",
    "flagged": "Flagged",
    "disagreements": "Coders disagree",
}


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


class _ShortcutsWin(QObject):
    """Registered shortcuts beat text widgets' own bindings (Ctrl+Z in a line edit, Ctrl+Left
    in the letter...), so each works window-wide whatever has the focus."""

    def __init__(self, window: MainWindow, keys: set[str]) -> None:
        super().__init__(window)
        self.window = window
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and _portable(QKeySequence(event.keyCombination())) in self.keys
        ):
            event.ignore()
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        reviewer: str,
        settings: QSettings | None = None,
        adjudicate: bool = False,
    ) -> None:
        """``adjudicate``: the reviewer is a lead settling coders' disagreements; their records
        are kept under ``adjudication:REVIEWER`` and the queue starts on the disputed letters."""
        super().__init__()
        self.store = store
        self.settings = settings or QSettings()
        self.session = ReviewSession(store, adjudicator(reviewer) if adjudicate else reviewer)
        self.adjudication = Adjudication(self.session) if adjudicate else None
        self.setWindowTitle(
            f"imr-review — {Path(store.path).name}" + (" (read-only)" if store.readonly else "")
        )
        self.actions_by_id: dict[A, QAction] = {}
        self._build_widgets()
        self._build_actions()
        self.session.listeners.append(self._on_session)
        self.dark = self.settings.value("dark", False, type=bool)
        self._apply_theme()
        if self.adjudication is not None:
            self.status_filter.setCurrentIndex(self.status_filter.findData("disagreements"))
        self.session.set_query(QueueQuery(status="disagreements" if adjudicate else "all"))
        self._open_initial_letter()
        # Something in this process may close a descriptor of the database (and so drop SQLite's
        # locks) at any time; look every second and take them back before another program can
        # delete the write-ahead log (storage/locks.py).
        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(HOLD_CHECK_MS)
        self._hold_timer.timeout.connect(self._check_hold)
        self._hold_timer.start()

    # --- layout ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for key in STATUS_FILTERS:
            self.status_filter.addItem(STATUS_FILTER_TEXT[key], key)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchLetters")
        self.search_box.setPlaceholderText("Search letters (Ctrl+Shift+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self._filter_changed)
        self.model = QueueModel(self.session)
        self.table = QTableView()
        self.table.setObjectName("queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 76, 104, 40, 64, 80, 110)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._queue_row_changed)
        # The file name is above the letter and in the "#" column's tooltip; a hidden column costs
        # nothing to paint when a switch scrolls the queue.
        self.table.setColumnHidden(COLUMNS.index("source"), True)

        queue_panel = QWidget()
        queue_layout = QVBoxLayout(queue_panel)
        queue_layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search_box, 1)
        queue_layout.addLayout(filters)
        queue_layout.addWidget(self.table, 1)

        self.find_box = QLineEdit()
        self.find_box.setObjectName("findInLetter")
        self.find_box.setPlaceholderText(
            "Find in this letter (Return: next, Shift+Return: previous, Escape: close)"
        )
        self.find_box.hide()
        self.find_box.returnPressed.connect(lambda: self._find(False))
        self.letter_view = LetterView()
        self.letter_view.clicked_at.connect(self._letter_clicked)
        self.letter_info = QLabel()
        self.letter_info.setObjectName("letterInfo")
        self.letter_info.setTextFormat(Qt.TextFormat.RichText)
        letter_panel = QWidget()
        letter_layout = QVBoxLayout(letter_panel)
        letter_layout.setContentsMargins(4, 4, 4, 4)
        letter_layout.addWidget(self.letter_info)
        letter_layout.addWidget(self.find_box)
        self.highlight_panel = HighlightPanel(self.session)
        self.highlight_panel.activated.connect(self._jump_to_highlight)
        letter_split = QSplitter(Qt.Orientation.Vertical)
        letter_split.addWidget(self.letter_view)
        letter_split.addWidget(self.highlight_panel)
        self.adjudication_panel: AdjudicationPanel | None = None
        if self.adjudication is not None:
            self.adjudication_panel = AdjudicationPanel(self.adjudication)
            self.adjudication_panel.list.picked.connect(self._pick)
            self.adjudication_panel.list.accepted.connect(
                lambda n: self._settle(lambda: self.adjudication.accept(n))  # type: ignore[union-attr]
            )
            self.adjudication_panel.list.dropped.connect(
                lambda n: self._settle(lambda: self.adjudication.drop(n))  # type: ignore[union-attr]
            )
            letter_split.addWidget(self.adjudication_panel)
        letter_split.setStretchFactor(0, 5)
        letter_split.setStretchFactor(1, 1)
        letter_split.setSizes([700, 160])
        if self.adjudication_panel is not None:  # the disagreements are the work here
            letter_split.setStretchFactor(2, 2)
            letter_split.setSizes([460, 110, 290])
        letter_layout.addWidget(letter_split, 1)
        self.letter_view.label_key.connect(self._label_key)
        self.letter_view.delete_key.connect(self._delete_key)
        self.letter_view.cursorPositionChanged.connect(self._caret_moved)

        self.form = FormPanel()
        self.form.edited.connect(self._form_edited)
        self.form.focused.connect(self._form_focused)
        self.form.confirmed.connect(lambda path: self._run(lambda: self.session.confirm(path)))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(queue_panel)
        splitter.addWidget(letter_panel)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([350, 660, 470])
        self.splitter = splitter

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # messages name files
        self.banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().addPermanentWidget(self.progress_label)
        self.resize(1480, 900)
        if self.store.readonly:
            self.show_banner(
                f"{self.store.path} is open read-only: you can look, but changes cannot be saved."
            )
        elif self.store.notices:
            self.show_banner(" ".join(self.store.notices))
        else:
            self._warn_about_someone_elses_work(self.session.reviewer)

    def _build_actions(self) -> None:
        menus = {name: self.menuBar().addMenu(name) for name in MENUS}
        keys: set[str] = set()
        for spec in ACTIONS:
            if spec.scope != "window":
                continue  # keys the letter view handles itself
            action = self._make_action(spec, self._bind(spec.handler, spec))
            menus[spec.menu].addAction(action)
            self.addAction(action)  # window-wide, even with the menu bar hidden
            keys.update(_portable(QKeySequence(k)) for k in spec.shortcuts)
        for menu in menus.values():  # menus grey out what cannot be done; keys still explain why
            menu.aboutToShow.connect(self._grey_out_actions)
            menu.aboutToHide.connect(self._enable_actions)
        self.shortcut_keys = keys
        self._filter = _ShortcutsWin(self, keys)
        QApplication.instance().installEventFilter(self._filter)  # type: ignore[union-attr]

    def _bind(self, handler: Handler, spec: ActionSpec | None = None) -> Callable[[], Any]:
        """What a registry handler runs in this window (an action that leaves the letter first
        makes sure nothing typed in it would be lost)."""
        if isinstance(handler, OnSession):
            bound = lambda: self._run(lambda: self._reply(handler.run(self.session)))  # noqa: E731
        else:
            assert isinstance(handler, OnWindow), handler
            bound = getattr(self, handler.method)
        if spec is not None and spec.id in LEAVES_LETTER:
            return lambda: None if self._typed_value_would_be_lost() else bound()
        return bound

    def _typed_value_would_be_lost(self) -> bool:
        """A field holds typed text that cannot be saved (not a date, not a number): say so and
        stay, rather than drop it by opening another letter."""
        self.form.commit_pending()
        for path, editor in self.form.editors().items():
            if getattr(editor, "pending", False) and self.form.has_error(editor):
                shown = editor.text() if hasattr(editor, "text") else ""
                name = getattr(getattr(editor, "spec", None), "label", path)
                self._say(
                    f"“{shown}” in {name} cannot be saved as it is: correct it, or press Escape "
                    "in it to put back the saved value, before leaving this letter.",
                    error=True,
                )
                self.form.focus_field(path)
                return True
        return False

    def _reply(self, reply: Reply) -> None:
        if reply.message:
            self._say(reply.message)
        if reply.focus_field:
            self._go_to(self.session.current_path)

    def _grey_out_actions(self) -> None:
        self.form.commit_pending()  # what was typed counts (an edit to undo, say)
        allowed = enabled_actions(self.session)
        for action_id, action in self.actions_by_id.items():
            action.setEnabled(action_id in allowed)

    def _enable_actions(self) -> None:
        for action in self.actions_by_id.values():
            action.setEnabled(True)

    def _make_action(self, spec: ActionSpec, handler: Callable[[], Any]) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.id.value)
        action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(spec.help)
        action.setCheckable(spec.checkable)
        action.triggered.connect(lambda _checked=False: handler())
        self.actions_by_id[spec.id] = action
        return action

    # --- running actions -------------------------------------------------------------------

    def _run(self, work: Callable[[], Any]) -> Any:
        """Commit what is being typed, then do the action; problems go to the status bar."""
        self.form.commit_pending()
        try:
            return work()
        except ReviewError as error:
            self._say(str(error), error=True)
        except StoreError as error:
            self._say(str(error), error=True)
            self.show_banner(str(error))
        except sqlite3.Error as error:  # a read that found the file damaged or locked
            message = str(friendly_error(error, self.store.path))
            self._say(message, error=True)
            self.show_banner(message)
        return None

    def _say(self, message: str, error: bool = False) -> None:
        self.statusBar().showMessage(("⚠ " if error else "") + message, 8000)

    def _warn_about_someone_elses_work(self, reviewer: str) -> None:
        """A coder's work database (from `imr-review assign`) opened under another name."""
        try:
            info = meta(self.store)
        except StoreError:
            return
        owner = info.get("coder", "")
        if info.get("role") == "work" and owner and owner != reviewer:
            self.show_banner(
                f"This is {owner}'s work database (made by imr-review assign), and you are working "
                f"as {reviewer}: your changes are kept, and merged, as {reviewer}'s. If you are "
                f"{owner}, close and reopen with --reviewer {owner}."
            )

    # --- adjudication ----------------------------------------------------------------------

    def focus_adjudication(self) -> None:
        if self.adjudication_panel is None:
            self._say("Open imr-review with --adjudicate to settle coders' disagreements.")
            return
        self.adjudication_panel.list.setFocus()

    def _refresh_adjudication(self, reload: bool = False) -> None:
        if self.adjudication is None or self.adjudication_panel is None:
            return
        if reload:
            self.adjudication.load()
        self.adjudication_panel.refresh()

    def _settle(self, work: Callable[[], Any]) -> None:
        self._run(work)
        self._refresh_adjudication()

    def _pick(self, dispute: int, choice: int) -> None:
        assert self.adjudication is not None
        who = self._run(lambda: self.adjudication.pick(dispute, choice))  # type: ignore[union-attr]
        if who is not None:
            label = self.adjudication.disputes[dispute].label
            self._say(f"{label}: took {who}'s value.")
        self._refresh_adjudication()

    def _check_hold(self) -> None:
        try:
            self.store.check_hold()
        except StoreError as error:
            self._hold_timer.stop()
            self._say(str(error), error=True)
            self.show_banner(str(error))

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    # --- session events --------------------------------------------------------------------

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
            self._refresh_adjudication(reload=True)
        elif what == "record":
            self._refresh_adjudication()
            self._show_record()
            self._paint_marks(scroll=False)
            if session.letter_id is not None:
                self.model.refresh_letter(session.letter_id)
            self._update_saved()
        elif what == "status":
            if session.letter_id is not None:
                self.model.refresh_letter(session.letter_id)
            self._update_progress()
            self._update_saved()
            self._update_info()
        elif what == "field":
            self._paint_marks(scroll=True)
        elif what == "merged":
            self._say(
                "Saved. This letter had also been changed in another window (other fields); "
                "it now shows both changes."
            )
        elif what == "highlights":
            self.letter_view.highlighter.set_highlights(session.highlights)
            self.highlight_panel.refresh()
            self._refresh_adjudication()
            if session.record is not None:
                self.form.update_titles(session.record, session)
            self._update_saved()

    def _show_record(self) -> None:
        session = self.session
        if session.record is not None and session.letter is not None:
            self.form.show_record(session.record, session, session.letter.text)
            self.form.mark_current_item(
                session.current_item() if item_index(session.current_path) is not None else None
            )

    def _paint_marks(self, scroll: bool) -> None:
        session = self.session
        if session.record is None:
            return
        source = session.source_of(session.current_path)
        index = item_index(session.current_path)
        rationale = session.source_of(f"items.{index}.rationale") if index is not None else None
        self.letter_view.set_marks(source, rationale, scroll)
        self.form.mark_current_item(index)

    def _select_current_row(self) -> None:
        position = self.session.position
        selection = self.table.selectionModel()
        if position is None:
            return
        index = self.model.index(position, 0)
        if selection.currentIndex().row() != position:
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.scrollTo(index)

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
            text += f" · parser: {len(warnings)} warning(s)"
            self.letter_info.setToolTip(plain_tooltip("\n".join(warnings)))
        else:
            self.letter_info.setToolTip("")
        self.letter_info.setText(text)

    def _remember_letter(self) -> None:
        if self.session.letter_id is not None:
            self.settings.setValue(self._last_letter_key(), self.session.letter_id)
            self.settings.sync()  # a kill right after a switch still reopens on this letter

    def _last_letter_key(self) -> str:
        return f"last_letter/{self.session.reviewer}/{Path(self.store.path).resolve()}"

    def _open_initial_letter(self) -> None:
        last = self.settings.value(self._last_letter_key(), None)
        try:
            if last is not None and int(last) in self.session.ids:
                self.session.open(int(last))
            else:
                self.session.open_first()
        except (StoreError, ValueError, TypeError):
            self.session.open_first()
        QTimer.singleShot(0, lambda: self._go_to(self.session.current_path))

    # --- handlers --------------------------------------------------------------------------

    def _queue_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        letter_id = self.model.data(self.model.index(current.row(), 0), Qt.ItemDataRole.UserRole)
        if letter_id is not None and letter_id != self.session.letter_id:
            if self._typed_value_would_be_lost():
                self._select_current_row()
                return
            self._run(lambda: self.session.open(letter_id))

    def _filter_changed(self) -> None:
        query = replace(
            self.session.query,
            status=self.status_filter.currentData(),
            search=self.search_box.text(),
        )
        if self._run(lambda: self.session.filter(query) or True) is None:
            return  # said in the status bar and the banner
        if self.banner.isVisible() and not self.store.readonly:
            self.banner.hide()  # an earlier search's (or read's) error is over
        if fts_query(query.search)[1]:
            self._say(
                f"Searched for the first {MAX_SEARCH_WORDS} words only (each up to "
                f"{MAX_WORD_CHARS} characters); the rest were left out."
            )

    def _form_edited(self, path: str, value: Any) -> None:
        """Save a field. If it cannot be saved, what was typed stays on screen, marked unsaved,
        and is tried again when the field is left or Return is pressed."""
        try:
            self.session.set_current(path)
            self.session.edit(path, value)
        except EditConflict as conflict:
            message = f"Not saved: {conflict}."
            self.form.keep_conflicting(path, conflict.mine, conflict.theirs, message)
            self.form.focus_field(path)
            self._say(message, error=True)
        except (ReviewError, StoreError) as error:
            self.form.mark_unsaved(path, f"not saved: {error}")
            self._say(f"Not saved: {error}", error=True)
            if isinstance(error, StoreError) or "database" in str(error) or "locked" in str(error):
                self.show_banner(str(error))
        else:
            if self.banner.isVisible() and not self.store.readonly:
                self.banner.hide()

    def _form_focused(self, path: str) -> None:
        self.session.set_current(path)

    def _letter_clicked(self, offset: int) -> None:
        path = self.session.click(offset)
        if path is not None:
            self.form.focus_field(path)

    def _go_to(self, path: str) -> None:
        self.session.set_current(path)
        self._paint_marks(scroll=True)
        self.form.focus_field(path)

    def done_and_next(self) -> None:
        if self.adjudication is not None and self.adjudication_panel is not None:
            still_open = self.adjudication.open_disputes()
            if still_open:  # a lead's letter is done only when every disagreement is settled
                self._say(
                    f"{len(still_open)} disagreement(s) not settled yet: pick a value for each "
                    "(a number key), or type one in the form.",
                    error=True,
                )
                self.adjudication_panel.list.setCurrentRow(still_open[0])
                self.adjudication_panel.list.setFocus()
                return

        def work() -> None:
            try:
                next_id = self.session.done_and_next()
            except EvidenceMissing as missing:
                self._say(f"{missing}. Select its evidence and press a label key.", error=True)
                self.letter_view.setFocus()
                if missing.offset is not None:
                    self.letter_view.put_caret(missing.offset)
                self._paint_marks(scroll=False)
                return
            if next_id is None:
                self._say("Letter done. No letter in this queue needs review any more.")
            else:
                self._say("Letter done; opened the next one that needs review.")
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

    def _fill_from_selection(self) -> None:
        selected = self.letter_view.selection()
        if selected is None:
            raise ReviewError("select words in the letter first (Ctrl+L, then Shift+arrows)")
        path = self.session.current_path
        self.session.fill_from_selection(*selected, path=path)
        self._say(f"Filled {path} from the selection.")

    def fill_from_selection(self) -> None:
        self._run(self._fill_from_selection)

    # --- evidence ----------------------------------------------------------------------------

    def _label_key(self, key: str) -> None:
        label = self.session.label_for_key(key)
        if label is None:
            self._say(f"no label has the key {key}", error=True)
            return
        name = label["name"]
        selected = self.letter_view.selection()
        if selected is None:
            highlight = self.session.highlight_at(self.letter_view.caret())
            if highlight is None:
                self._say(
                    "Select words in the letter first (Shift+arrows), then press a label's number.",
                    error=True,
                )
                return
            self._run(lambda: self.session.relabel_highlight(highlight, name))
            self._say(f"Relabelled as {name}.")
            return
        try:
            made = self.session.label_selection(*selected, name)
        except CrossesItems as crossing:
            self._say(f"{crossing}: press {key} again to label it anyway.", error=True)
            return
        except (ReviewError, StoreError) as error:
            self._say(str(error), error=True)
            return
        # Clear the selection; the caret rests at the new highlight's end.
        self.letter_view.put_caret(made.end)
        where = "the letter" if not made.field else f"item {item_index(made.field) + 1}"  # type: ignore[operator]
        self._say(f"Labelled {name} for {where}.")

    def _delete_key(self) -> None:
        highlight = self.session.highlight_near(self.letter_view.caret())
        if highlight is None:
            self._say("The caret is not on a highlight.", error=True)
            return
        self._run(lambda: self.session.delete_highlight(highlight))
        self._say(f"Removed the {highlight.label} highlight (Ctrl+Z brings it back).")

    def _caret_moved(self) -> None:
        if not self.letter_view.hasFocus():
            return
        highlight = self.session.highlight_near(self.letter_view.caret())
        if highlight is not None:
            index = item_index(highlight.field)
            where = "the letter as a whole" if index is None else f"item {index + 1}"
            self.statusBar().showMessage(
                f"{highlight.label} · {where} · Delete removes it, a number relabels it", 6000
            )

    def _jump_to_highlight(self, highlight_id: int) -> None:
        highlight = next((h for h in self.session.highlights if h.id == highlight_id), None)
        if highlight is None:
            return
        if item_index(highlight.field) is not None:
            self.session.set_current(highlight.field)
        self.letter_view.scroll_to(highlight.start)
        self.letter_view.setFocus()
        self.letter_view.put_caret(highlight.start)

    # --- importing ---------------------------------------------------------------------------

    def _choose_and_import(self, folder: bool) -> None:
        self.form.commit_pending()
        paths = choose_letters(self, folder)
        if paths:
            self.import_letters(paths)

    def import_letters(self, paths: list[str]) -> ImportSummary | None:
        """Import files or folders with a progress dialog; the queue then shows the new letters."""
        if self.store.readonly:
            self._say("This database is open read-only; nothing can be imported.", error=True)
            return None
        progress = QProgressDialog("Reading and parsing letters…", "Stop", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise ImportStopped

        try:
            summary = import_paths(self.store, paths, workers=1, progress=step)
        except ImportStopped:
            summary = None
        except StoreError as error:
            progress.close()
            self._say(str(error), error=True)
            self.show_banner(str(error))
            return None
        progress.close()
        self._run(lambda: self.session.set_query(self.session.query))
        if summary is None:
            self._say(
                "Import stopped; the letters read before it are in the queue. Import again to finish."
            )
            return None
        message = (
            f"Imported {len(summary.imported)} letter(s); {len(summary.duplicates)} already here; "
            f"{len(summary.failed)} could not be read."
        )
        if summary.notes:
            message += f" {len(summary.notes)} note(s)."
        self._say(message, error=bool(summary.failed))
        if summary.failed or summary.notes:
            listed = summary.failed + summary.notes
            details = "\n".join(f"{path}: {reason}" for path, reason in listed[:50])
            more = f"\n… and {len(listed) - 50} more" if len(listed) > 50 else ""
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Import", message, QMessageBox.StandardButton.Ok, self
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setObjectName("importSummary")
            box.setDetailedText(details + more)
            box.open()
        if self.session.letter is None and self.session.ids:
            self._run(self.session.open_first)
        return summary

    def caret_to_source(self) -> None:
        source = self.session.source_of(self.session.current_path)
        self.letter_view.setFocus()
        if source is not None:
            self.letter_view.put_caret(source[0])
        else:
            self._say("This field has no source in the letter yet; the caret stays where it was.")

    def back_to_form(self) -> None:
        if self.form.take_theirs(self.session.current_path):
            self._say("Kept the other window's value; nothing of yours was saved over it.")
            return
        if self.form.revert_invalid(self.session.current_path, self.session):
            self._say("Put back the saved value.")
            return
        if self.find_box.isVisible():
            self.find_box.hide()
        self._go_to(self.session.current_path)

    def show_find(self) -> None:
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _find(self, backwards: bool) -> None:
        if not self.find_box.text():
            self.show_find()
            return
        if not self.letter_view.find_text(self.find_box.text(), backwards):
            self._say(f"{self.find_box.text()!r} is not in this letter", error=True)

    def find_next(self) -> None:
        self._find(False)

    def find_previous(self) -> None:
        self._find(True)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def focus_queue(self) -> None:
        self.table.setFocus()

    def focus_letter(self) -> None:
        self.letter_view.setFocus()

    def focus_form(self) -> None:
        self._go_to(self.session.current_path)

    def focus_highlights(self) -> None:
        self.highlight_panel.table.setFocus()

    def zoom_in(self) -> None:
        self.letter_view.zoom(+1)

    def zoom_out(self) -> None:
        self.letter_view.zoom(-1)

    def zoom_reset(self) -> None:
        self.letter_view.zoom(0)

    def import_files(self) -> None:
        self._choose_and_import(folder=False)

    def import_folder(self) -> None:
        self._choose_and_import(folder=True)

    def toggle_dark(self) -> None:
        self.dark = not self.dark
        self.settings.setValue("dark", self.dark)
        self._apply_theme()

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.dark)
        c = colors(self.dark)
        self.letter_view.set_colors(c["source"], c["rationale"], c["find"])
        self.letter_view.highlighter.set_colors(
            {label["name"]: label["color"] for label in self.session.labels},
            self.dark,
            rationale=c["rationale"],
            source=c["source"],
        )
        self.letter_view.highlighter.rehighlight()
        self.actions_by_id[A.DARK].setChecked(self.dark)

    def show_shortcuts(self) -> None:
        ShortcutSheet(self, self.session.labels).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.form.commit_pending()
        self._hold_timer.stop()
        self.settings.sync()
        QApplication.instance().removeEventFilter(self._filter)  # type: ignore[union-attr]
        super().closeEvent(event)

    # --- for tests and screenshots ---------------------------------------------------------

    def action(self, action_id: A) -> QAction:
        return self.actions_by_id[action_id]
