"""A key held down repeats: a coder who holds Ctrl+Return a moment too long must not mark the
letters after this one done unseen (found by a newcomer: 15 letters in 1.2 s)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def hold(qtbot, key, modifiers, repeats: int) -> None:
    """Press a key and let the keyboard repeat it, as X does for a held key."""
    for n in range(repeats + 1):
        widget = QApplication.focusWidget()
        event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, "", n > 0)
        QApplication.sendEvent(widget, event)
        qtbot.wait(5)
    release = QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, "", False)
    QApplication.sendEvent(QApplication.focusWidget(), release)


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [(Qt.Key.Key_Return, CTRL), (Qt.Key.Key_Return, CTRL | SHIFT), (Qt.Key.Key_K, CTRL)],
    ids=["done", "accept", "skip"],
)
def test_holding_a_finishing_key_finishes_one_letter_only(window, qtbot, db, key, modifiers):
    assert window.session.letter_id == 1
    hold(qtbot, key, modifiers, repeats=10)
    finished = [n for n in (1, 2, 3) if db.gold(n, "ann") is not None
                and db.gold(n, "ann").status in ("done", "skipped")]
    assert finished == [1]
    assert window.session.letter_id == 2


def test_holding_remove_item_removes_one_item_only(window, qtbot, db):
    window.session.set_current("items.0.treatment")
    window._go_to("items.0.treatment")
    before = len(window.session.record.items)
    assert before >= 2
    hold(qtbot, Qt.Key.Key_Backspace, CTRL | SHIFT, repeats=5)
    assert len(db.gold(1, "ann").record.items) == before - 1
