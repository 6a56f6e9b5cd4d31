"""The parser's warnings read from the keyboard, and messages that name fields as the form does."""

from __future__ import annotations

import pytest
from keys import ALT, CTRL, SHIFT, key
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit

pytestmark = pytest.mark.gui


def test_a_key_shows_the_parser_warnings_as_plain_text(window, qtbot):
    key(qtbot, Qt.Key.Key_Right, ALT)
    key(qtbot, Qt.Key.Key_Right, ALT)  # letter 3: a misspelt drug and no case number
    assert "Ctrl+Shift+W" in window.letter_info.text()
    before = QApplication.focusWidget()
    seen = {}

    def read_and_close():
        from gui.qt.letter.warnings_dialog import WarningsDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WarningsDialog):  # not up yet: look again shortly
            QTimer.singleShot(50, read_and_close)
            return
        seen["dialog"] = isinstance(dialog, QDialog)
        shown = dialog.focusWidget()  # the box the keyboard is in, active window or not
        seen["plain"] = isinstance(shown, QPlainTextEdit) and shown.isReadOnly()
        seen["text"] = dialog.text.toPlainText()
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
        if dialog.isVisible():  # never leave a modal dialog open (the test then fails)
            seen["plain"] = False
            dialog.reject()

    QTimer.singleShot(100, read_and_close)
    key(qtbot, Qt.Key.Key_W, CTRL | SHIFT)
    assert seen["dialog"] and seen["plain"]
    assert "treatment 'Xanaz' looks like a misspelling of 'xanax'" in seen["text"]
    assert "no case number (CMyy-nnnnnnn) found" in seen["text"]
    window.activateWindow()  # the offscreen platform gives the window back its activation late
    qtbot.waitUntil(lambda: QApplication.focusWidget() is before)


def test_filling_a_field_names_it_as_the_form_does(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "field:items.0.treatment"
    key(qtbot, Qt.Key.Key_L, CTRL)
    key(qtbot, Qt.Key.Key_T, CTRL)  # the token at the source
    key(qtbot, Qt.Key.Key_E, CTRL)
    message = window.statusBar().currentMessage()
    assert message == "Filled Item 1 treatment from the selection."
    assert "items.0" not in message
