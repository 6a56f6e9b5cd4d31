"""The letter driven with real key presses: the caret moves by words, selections snap to what a
coder means, and a found phrase stays selected to be labelled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_ctrl_arrows_move_the_caret_by_a_word_in_the_letter(window, qtbot):
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert QApplication.focusWidget() is window.letter_view
    window.letter_view.put_caret(0)
    text = window.session.letter.text
    key(qtbot, Qt.Key.Key_Right, CTRL)
    key(qtbot, Qt.Key.Key_Right, CTRL)
    assert window.session.letter_id == 1  # the letter stays
    after = window.letter_view.caret()
    assert 0 < after < 20  # two words on, at the start of a word
    assert text[after].isalnum() and not text[after - 1].isalnum()
    key(qtbot, Qt.Key.Key_Left, CTRL)
    assert window.session.letter_id == 1
    assert window.letter_view.caret() < after


def test_alt_arrows_change_letters_from_any_focus(window, qtbot):
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_2, CTRL)
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert window.session.letter_id == 3
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert window.session.letter_id == 2
