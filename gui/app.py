"""Starting the review window: the database, the sample letters on first run, the reviewer's name."""

from __future__ import annotations

import getpass
import os
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from storage.importer import import_paths
from storage.paths import default_db_path
from storage.store import Store, StoreError

from .main_window import MainWindow


def sample_folder() -> Path:
    return Path(str(resources.files("resources").joinpath("samples")))


def import_samples_if_empty(store: Store) -> int:
    """A new user sees real work at once: an empty database gets the bundled sample letters."""
    if store.letter_count() > 0 or store.readonly:
        return 0
    summary = import_paths(store, [str(sample_folder())], workers=1)
    return len(summary.imported)


def ask_reviewer(settings: QSettings) -> str | None:
    saved = settings.value("reviewer", "", type=str)
    if saved:
        return str(saved)
    default = ""
    try:
        default = getpass.getuser()
    except Exception:  # no login name in some containers
        default = ""
    name, ok = QInputDialog.getText(
        None, "imr-review", "Your name (recorded with every change you make):", text=default
    )
    name = name.strip()
    if not ok or not name:
        return None
    settings.setValue("reviewer", name)
    return name


def run_app(db: str | None, reviewer: str | None, samples: bool = True) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("imr-review")
    app.setApplicationName("imr-review")
    settings = QSettings()
    path = Path(db).expanduser() if db else default_db_path()
    try:
        store = Store.open(path)
    except StoreError as error:
        try:
            store = Store.open(path, readonly=True)
        except StoreError:
            print(f"imr-review: {error}", file=sys.stderr, flush=True)
            if not os.environ.get("IMR_REVIEW_EXIT_AFTER_START"):
                QMessageBox.critical(None, "imr-review", str(error))
            return 1
    if samples:
        import_samples_if_empty(store)
    if reviewer:
        settings.setValue("reviewer", reviewer)
    name = reviewer or ask_reviewer(settings)
    if not name:
        print("imr-review: a reviewer name is needed (give --reviewer NAME)", file=sys.stderr)
        return 2
    window = MainWindow(store, name, settings)
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
    code = app.exec()
    store.close()
    return int(code)
