"""Opening a review window in a test as a coder finds it: shown, and holding the keyboard."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

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
