"""Two windows on one database, and a database locked by another program.

Choice: both windows may edit (no read-only second instance). Edits of different letters both
land; the same letter is protected by the gold row's version number: the second window's write
is refused, it reloads the other window's change and says so, and nothing is overwritten.
"""

from __future__ import annotations

import sqlite3

import pytest
from keys import key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.qt.window.main_window import MainWindow
from storage.store import Store

pytestmark = pytest.mark.gui


@pytest.fixture
def second_window(qtbot, db_path, tmp_path):
    from PySide6.QtCore import QSettings

    store = Store.open(db_path)
    win = MainWindow(
        store, "ann", QSettings(str(tmp_path / "second.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(win)
    yield win
    win.close()
    store.close()


def test_two_windows_edit_different_letters_and_both_land(window, second_window, db):
    second_window.session.open(2)
    window.session.edit("case_number", "CM15-0000001")
    second_window.session.edit("case_number", "CM15-0000002")
    assert db.gold(1, "ann").record.case_number == "CM15-0000001"
    assert db.gold(2, "ann").record.case_number == "CM15-0000002"


def test_same_letter_in_two_windows_never_loses_an_update(window, second_window, qtbot, db):
    second_window.session.open(1)
    window.session.edit("case_number", "CM15-0000001")  # the first window writes
    second_window.form.commit_pending()
    second_window._form_edited("patient_age", 44)  # the second window still holds the old version
    # Another field changed elsewhere: no conflict; both changes are kept, and the window says so.
    assert db.gold(1, "ann").record.case_number == "CM15-0000001"
    assert db.gold(1, "ann").record.patient_age == 44
    assert "changed in another window" in second_window.statusBar().currentMessage()
    assert second_window.form.editor("case_number").text() == "CM15-0000001"  # reloaded
    window.session.open(1)
    window.session.edit("patient_age", 45)  # now the same field: a conflict, nothing overwritten
    second_window._form_edited("patient_age", 46)
    assert db.gold(1, "ann").record.patient_age == 45
    assert "changed elsewhere" in second_window.statusBar().currentMessage()


def test_a_locked_database_keeps_the_typed_value_and_saves_it_later(window, qtbot, db_path, db):
    window.store.conn.execute("PRAGMA busy_timeout = 200")
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    qtbot.keyClicks(QApplication.focusWidget(), "CM15-0148723")
    key(qtbot, Qt.Key.Key_Tab)
    editor = window.form.editor("case_number")
    error = window.form.errors[editor]
    assert error.isVisible() and "not saved" in error.text() and "locked" in error.text()
    assert editor.text() == "CM15-0148723"  # still on screen
    assert window.banner.isVisible()
    locker.execute("ROLLBACK")
    locker.close()
    assert db.gold(1, "ann") is None  # no partial write
    key(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the field
    key(qtbot, Qt.Key.Key_Return)  # and save it again
    assert db.gold(1, "ann").record.case_number == "CM15-0148723"
    assert not error.isVisible() and not window.banner.isVisible()


def test_an_invalid_value_stays_on_screen_until_corrected(window, qtbot, db):
    key(qtbot, Qt.Key.Key_F8)
    assert QApplication.focusWidget().objectName() == "field:patient_age"
    qtbot.keyClicks(QApplication.focusWidget(), "400")
    key(qtbot, Qt.Key.Key_Tab)
    editor = window.form.editor("patient_age")
    assert editor.text() == "400" and "not saved" in window.form.errors[editor].text()
    assert db.gold(1, "ann") is None
