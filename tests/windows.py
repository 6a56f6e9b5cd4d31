"""Opening a review window in a test as a coder finds it: shown, and holding the keyboard."""

from __future__ import annotations

from typing import TypeVar

from keys import key
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

W = TypeVar("W", bound=QWidget)


def shown(qtbot, win: W, closed_by_qtbot: bool = True) -> W:
    """Show ``win`` and wait until it is the active window, so key presses reach it.
    ``closed_by_qtbot``: closed at the test's end (else the test closes it itself)."""
    if closed_by_qtbot:
        qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def flag_with_note(window, qtbot, note: str) -> None:
    """Ctrl+Shift+K, ``note`` typed in its dialog and accepted; the window active again."""

    def write_note() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(note)
        dialog.accept()

    QTimer.singleShot(50, write_note)
    key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
