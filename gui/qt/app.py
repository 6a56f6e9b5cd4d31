"""Starting the review window: the database, the sample letters on first run, the reviewer's name."""

from __future__ import annotations

import getpass
import os
import signal
import sqlite3
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from storage.importer import import_paths
from storage.paths import default_db_path
from storage.store import ReadOnlyError, Store, StoreError
from storage.team.disputes import reviewer_name_problem

from .window.main_window import MainWindow

GUI_BUSY_TIMEOUT_S = 2.0  # a locked database: say so after two seconds rather than freeze
QUICK_CHECK_BELOW_BYTES = 512 * 2**20  # check smaller databases page by page at start (< 1 s)


def sample_folder() -> Path:
    return Path(str(resources.files("resources").joinpath("samples")))


def import_samples_if_empty(store: Store) -> int:
    """A new user sees real work at once: an empty database gets the bundled sample letters."""
    if store.letter_count() > 0 or store.readonly:
        return 0
    summary = import_paths(store, [str(sample_folder())], workers=1)
    return len(summary.imported)


def confirm_new_database(path: Path) -> bool:
    """A --db naming no file may be a typing mistake: ask before creating a database there."""
    if os.environ.get("IMR_REVIEW_EXIT_AFTER_START"):
        return False  # no one to ask
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "imr-review",
        f"There is no database at\n{path}\n\nCreate a new, empty one there?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the path is the user's text, never markup
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_reviewer(settings: QSettings) -> str | None:
    saved = settings.value("reviewer", "", type=str)
    if saved and not reviewer_name_problem(str(saved)):
        return str(saved)
    default = ""
    try:
        default = getpass.getuser()
    except Exception:  # no login name in some containers
        default = ""
    while True:
        name, ok = QInputDialog.getText(
            None, "imr-review", "Your name (recorded with every change you make):", text=default
        )
        name = name.strip()
        if not ok or not name:
            return None
        problem = reviewer_name_problem(name)
        if problem is None:
            break
        box = QMessageBox(QMessageBox.Icon.Warning, "imr-review", problem.capitalize() + ".")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message holds the name typed
        box.exec()
    settings.setValue("reviewer", name)
    return name


def run_app(
    db: str | None, reviewer: str | None, samples: bool = True, adjudicate: bool = False
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("imr-review")
    app.setApplicationName("imr-review")
    settings = QSettings()
    path = Path(db).expanduser() if db else default_db_path()

    def refuse(message: str) -> int:
        print(f"imr-review: {message}", file=sys.stderr, flush=True)
        if not os.environ.get("IMR_REVIEW_EXIT_AFTER_START"):
            box = QMessageBox(QMessageBox.Icon.Critical, "imr-review", message)
            box.setTextFormat(Qt.TextFormat.PlainText)  # the message names a file
            box.exec()
        return 1

    problem = reviewer_name_problem(reviewer) if reviewer else None
    if problem is not None:  # before anything is opened or kept in the settings
        print(f"imr-review: {problem}", file=sys.stderr, flush=True)
        return 2

    if db and not path.exists() and not confirm_new_database(path):
        return refuse(
            f"no database at {path}; check the name, or create one by importing letters into it "
            f"(imr-review import FILES --db {path})"
        )
    # The bundled samples only ever go into the default database: a database named with --db is
    # a team's or a project's, and sample letters in it would end up in its exports.
    samples = samples and not db
    # Checked page by page through a read-only connection before anything can write to it.
    check = path.exists() and path.stat().st_size <= QUICK_CHECK_BELOW_BYTES
    try:
        store = Store.open(path, busy_timeout=GUI_BUSY_TIMEOUT_S, quick_check=check,
                           make_folder=not db)  # fmt: skip
    except ReadOnlyError as error:
        try:  # a database we may read but not write: open it to look at, with a banner
            store = Store.open(path, readonly=True, quick_check=check)
        except StoreError:
            return refuse(str(error))
    except StoreError as error:
        return refuse(str(error))
    for notice in store.notices:
        print(f"imr-review: {notice}", file=sys.stderr, flush=True)
    if samples:
        import_samples_if_empty(store)
    if reviewer:
        settings.setValue("reviewer", reviewer)
    name = reviewer or ask_reviewer(settings)
    if not name:
        print("imr-review: a reviewer name is needed (give --reviewer NAME)", file=sys.stderr)
        return 2
    try:
        window = MainWindow(store, name, settings, adjudicate=adjudicate)
    except (StoreError, sqlite3.Error) as error:
        store.close()
        return refuse(
            f"{path} cannot be read ({error}). Nothing was changed; restore it from a backup."
        )
    window.show()
    if os.environ.get("IMR_REVIEW_EXIT_AFTER_START"):
        # Smoke tests and the launch benchmark: say when the first letter is on screen, then quit.
        def shown() -> None:
            print(
                f"imr-review: first letter shown: {window.session.letter_id}",
                file=sys.stderr,
                flush=True,
            )
            app.quit()

        QTimer.singleShot(0, shown)
    # Ctrl+C in the terminal closes the window as Ctrl+Q does (typed text saved first), without
    # the question about a running import. Python runs a signal handler only when it next runs
    # code, so a timer wakes it while Qt waits.
    signal.signal(signal.SIGINT, lambda *_: window.close_without_asking())
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    code = app.exec()
    store.close()
    return int(code)
