"""Shared fixtures. Qt runs offscreen: set before anything imports PySide6."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # for `synthetic`

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# `make stress` runs the property tests with a far larger budget (HYPOTHESIS_PROFILE=stress).
settings.register_profile("default", max_examples=200)
settings.register_profile("stress", max_examples=int(os.environ.get("IMR_FUZZ_EXAMPLES", "20000")))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def seed_text():
    """The canonical text of a bundled seed letter, by its number prefix ("000")."""
    from parsing import load_file

    def read(prefix: str) -> str:
        (path,) = SAMPLES.glob(f"{prefix}_*.txt")
        return load_file(path).text

    return read


@pytest.fixture
def store():
    """An empty in-memory store."""
    from storage.store import Store

    with Store.memory() as opened:
        yield opened


@pytest.fixture
def seeded_store(store):
    """The in-memory store with the three seed letters imported (ids 1, 2, 3)."""
    from parsing import load_file, parse_text

    batch = []
    for path in sorted(SAMPLES.glob("*.txt")):
        loaded = load_file(path)
        batch.append((loaded, parse_text(loaded.text)))
    store.add_letters(batch)
    return store


# --- the review window (GUI tests) ---------------------------------------------------------


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
def open_window(qtbot, settings):
    """Opens the review window on a database file (as reviewer "ann"), shown and active;
    closed with its store at the end of the test."""
    from windows import shown

    from gui.qt.window.main_window import MainWindow
    from storage.store import Store

    opened = []

    def opener(path):
        store = Store.open(path)
        win = MainWindow(store, "ann", settings)
        opened.append((win, store))
        shown(qtbot, win)
        qtbot.wait(10)
        return win

    yield opener
    for win, store in opened:
        win.close()
        store.close()


@pytest.fixture
def window(open_window, db_path):
    return open_window(db_path)


@pytest.fixture
def db(db_path):
    """A second connection to the window's database, to check what it holds."""
    from storage.store import Store

    with Store.open(db_path) as store:
        yield store


# --- a team of coders (tests/teamwork.py has their day) ------------------------------------


@pytest.fixture
def main_db(tmp_path):
    """A main database of thirty synthetic letters with two items each."""
    from teamwork import main_database

    return main_database(tmp_path, letters=30, items=2, seed=5)


@pytest.fixture
def assigned(main_db, tmp_path):
    """The letters of `main_db` assigned to ann, bob and cy, ten of them to all three."""
    from teamwork import CODERS

    from storage.store import Store
    from storage.team.assign import assign

    with Store.open(main_db) as store:
        plan = assign(store, CODERS, tmp_path / "work", everyone="10", seed=7)
    return plan
