"""The review window: queue | letter | form, every action from the registry, saved as you go.

This is the shell: it lays out the panels, connects their signals to the window's parts
(`menus`, `redraw`, `editing`, `evidence`, `find`, `import_flow`, `adjudicating`) and holds what
belongs to the window as a whole: the banner, the status bar, focus, zoom, theme, closing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from storage.locks import LockAnswer
from storage.queue import QueueQuery
from storage.store import Store, StoreError
from storage.team.disputes import adjudicator
from storage.team.meta import meta

from ...review import ReviewSession
from ...review.actions import A
from ...review.adjudication import Adjudication
from ...review.window_state import StateWriter
from ..dialogs import ShortcutSheet
from ..form.panel import FormPanel
from ..highlight_list import HighlightPanel
from ..letter.panel import LetterPanel
from ..queue.panel import QueuePanel
from ..theme import apply_theme, colors, unshaped
from ..workers import LockReader
from .adjudicating import Adjudicating
from .editing import Editing
from .evidence import EvidenceKeys
from .find import FindAndFilter
from .import_flow import ImportFlow
from .menus import RegistryActions
from .redraw import SessionRedraw

HOLD_CHECK_MS = 1000  # how often the window makes sure it still holds its database locks


class MainWindow(
    RegistryActions, SessionRedraw, Editing, EvidenceKeys, FindAndFilter, ImportFlow, Adjudicating
):
    def __init__(
        self,
        store: Store,
        reviewer: str,
        settings: QSettings | None = None,
        adjudicate: bool = False,
    ) -> None:
        """``adjudicate``: the reviewer is a lead settling coders' disagreements; their records
        are kept under ``adjudication:REVIEWER`` and the queue starts on the disputed letters."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # The application's font (`unshaped`) before any widget is built: set afterwards, it
            # did not reach the widgets a style sheet draws, which kept the font they were built
            # with in a process's first window (a pixel narrower there than in the next).
            app.setFont(unshaped(app.font()))
        super().__init__()
        self.store = store
        self.settings = settings or QSettings()
        self.session = ReviewSession(store, adjudicator(reviewer) if adjudicate else reviewer)
        self.adjudication = Adjudication(self.session) if adjudicate else None
        # Which database, where, and as whom: two files both called letters.db look alike, and
        # every change is recorded under the reviewer's name.
        where = Path(store.path)
        self.setWindowTitle(
            f"imr-review — {where.name} in {where.parent} — {self.session.reviewer}"
            + (" (read-only)" if store.readonly else "")
        )
        self.actions_by_id = {}
        self.state_writer = StateWriter()
        self._build_widgets()
        self._build_actions()
        self.session.listeners.append(self._on_session)
        self.letter_view.reflowed = bool(self.settings.value("reflow", True, type=bool))
        self.actions_by_id[A.REFLOW].setChecked(self.letter_view.reflowed)
        self.dark = bool(self.settings.value("dark", False, type=bool))
        self._apply_theme()
        if self.adjudication is not None:
            self.status_filter.setCurrentIndex(self.status_filter.findData("disagreements"))
            self.session.set_query(QueueQuery(status="disagreements"))
            self._open_initial_letter()
        else:
            self._restore_window_state()  # letter, field, queue, geometry, splitters
        self._show_empty_state()
        # Something in this process may close a descriptor of the database (and so drop SQLite's
        # locks) at any time; look every second and take them back before another program can
        # delete the write-ahead log (storage/locks.py). The look is read on another thread.
        self._lock_reader = LockReader(self)
        self._lock_reader.answered.connect(self._lock_answered)
        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(HOLD_CHECK_MS)
        self._hold_timer.timeout.connect(self._check_hold)
        self._follow_database()  # where the database is now
        self._hold_timer.timeout.connect(self._follow_database)  # another program's changes
        self._hold_timer.start()

    # --- layout ----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        queue = QueuePanel(self.session)
        self.status_filter, self.search_box = queue.status_filter, queue.search_box
        self.model, self.table = queue.model, queue.table
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.search_box.returnPressed.connect(self._filter_changed)
        self.search_box.textEdited.connect(self._search_typed)
        self.table.selectionModel().currentRowChanged.connect(self._queue_row_changed)

        self.highlight_panel = HighlightPanel(self.session)
        self.highlight_panel.activated.connect(self._jump_to_highlight)
        self.adjudication_panel = (
            self._adjudication_list(self.adjudication) if self.adjudication is not None else None
        )
        letter = LetterPanel(self.highlight_panel, self.adjudication_panel)
        self.letter_info, self.find_box = letter.letter_info, letter.find_box
        # A long flag note wraps in the letter's header line instead of widening the letter
        # panel and pushing the form off-screen (belongs in letter/panel.py; kept here for now).
        self.letter_info.setWordWrap(True)
        self.letter_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.letter_view = letter.letter_view
        self.letter_split = letter.split
        self.letter_stack, self.page_view = letter.letter_stack, letter.page_view
        self.find_box.returnPressed.connect(self.find_next)
        self.letter_view.clicked_at.connect(self._letter_clicked)
        self.letter_view.label_key.connect(self._label_key)
        self.letter_view.delete_key.connect(self._delete_key)
        self.letter_view.cursorPositionChanged.connect(self._caret_moved)

        self.form = FormPanel()
        self.form.edited.connect(self._form_edited)
        self.form.focused.connect(self._form_focused)
        self.form.confirmed.connect(self._confirm_and_next)
        self.form.unsaved.connect(self.session.set_unsaved)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(queue)
        splitter.addWidget(letter)
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
        self._fit_first_size()
        if self.store.readonly:
            self.show_banner(
                f"{self.store.path} is open read-only: you can look, but changes cannot be saved."
            )
        elif self.store.notices:
            self.show_banner(" ".join(self.store.notices))
        else:
            self._warn_about_someone_elses_work(self.session.reviewer)

    def _fit_first_size(self) -> None:
        """1480x900, or the screen's free area when that is smaller (a 1280x720 laptop): the
        size a first run opens at; a saved geometry replaces it."""
        width, height = 1480, 900
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            # The frame (title bar, borders) is not known before the window is shown.
            width, height = min(width, free.width() - 16), min(height, free.height() - 40)
            self.move(free.topLeft())
        self.resize(width, height)

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

    def _check_hold(self) -> None:
        try:
            self.store.check_files()
        except StoreError as error:
            self._hold_failed(error)
            return
        probe = self.store.lock_probe()
        if probe is not None:
            self._lock_reader.ask(probe)

    def _lock_answered(self, answer: LockAnswer) -> None:
        if not self._hold_timer.isActive():  # closed, or already stopped over the files
            return
        try:
            self.store.take_lock_answer(answer)
        except StoreError as error:
            self._hold_failed(error)

    def _hold_failed(self, error: StoreError) -> None:
        self._hold_timer.stop()
        self._say(str(error), error=True)
        self.show_banner(str(error))

    # --- focus, zoom, theme ----------------------------------------------------------------

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

    def toggle_dark(self) -> None:
        self.dark = not self.dark
        self.settings.setValue("dark", self.dark)
        self._apply_theme()

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            sheet = apply_theme(app, self.dark)
            for marked in (self.form, self.banner, self.saved_label, self.search_box,
                           self.status_filter, self.find_box):  # fmt: skip
                marked.setStyleSheet(sheet)
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
        if self._typed_value_would_be_lost():  # says so, and where: Escape puts the saved back
            event.ignore()
            return
        if self.keep_importing():  # asks first: quitting stops the import
            event.ignore()
            return
        self.form.commit_pending()
        self._save_window_state(closing=True)
        if self.session.letter_id is not None:  # as kept before the state file (redraw.py)
            self.settings.setValue(self._last_letter_key(), self.session.letter_id)
        self._hold_timer.stop()
        self._lock_reader.close()
        if self._searches is not None:
            self._searches.close()
        self.stop_import()
        self.settings.sync()
        self._filter.stop()
        super().closeEvent(event)
