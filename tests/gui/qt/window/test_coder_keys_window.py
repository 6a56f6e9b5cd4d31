"""The coder's keys from the review layer, pressed in the real window: Ctrl+Shift+Return
accepts a correct letter, Ctrl+Shift+R gives a changed field back the parser's value, F8 goes on
to unconfirmed fields once the unsure ones are checked. Each test then checks the database."""

from __future__ import annotations

import pytest
from keys import CTRL_SHIFT, key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_one_key_accepts_a_correct_letter(window, qtbot, db):
    key(qtbot, Qt.Key.Key_Return, CTRL_SHIFT)
    gold = db.gold(1, "ann")
    assert gold.status == "done"
    assert set(gold.record.review.values()) == {"confirmed"}
    assert window.session.letter_id == 2


def test_one_key_restores_the_parsers_value(window, qtbot, db):
    window.session.edit("ur_date", "2015-07-29")
    window.session.set_current("ur_date")
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    assert db.gold(1, "ann").record.ur_date.isoformat() == "2015-07-28"
    assert "the parser's value is back" in window.statusBar().currentMessage()


def test_f8_goes_on_to_unconfirmed_fields(window, qtbot):
    for path in window.session.unsure_paths():
        window.session.confirm(path)
    window.session.set_current("case_number")
    key(qtbot, Qt.Key.Key_F8)
    assert window.session.current_path == window.session.unchecked_paths()[0]
    assert QApplication.focusWidget().objectName() == f"field:{window.session.current_path}"
