"""GUI fixtures: a real main window on a file database with the seed letters."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def db_path(tmp_path, samples_dir):
    from storage.importer import import_paths
    from storage.store import Store

    path = tmp_path / "letters.db"
    with Store.open(path) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    return path


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, db_path, settings):
    from gui.main_window import MainWindow
    from storage.store import Store

    store = Store.open(db_path)
    win = MainWindow(store, "ann", settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    qtbot.wait(10)
    yield win
    win.close()
    store.close()


@pytest.fixture
def db(db_path):
    """A second connection to the window's database, to check what it holds."""
    from storage.store import Store

    with Store.open(db_path) as store:
        yield store
