"""Real key presses for the window tests: what has the keyboard focus, and a key pressed there,
as a coder presses it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = CTRL | SHIFT


def focus() -> QWidget | None:
    """The widget that has the keyboard focus."""
    return QApplication.focusWidget()


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """Press (and release) a key in the widget that has the focus."""
    qtbot.keyClick(focus(), k, modifier)
