"""The window binds the action registry: every window-only handler exists, menus grey out what
the session's rules disable, and the keys still reach the session to say why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from gui.review.actions import ACTIONS, A
from gui.review.errors import NO_CURRENT_ITEM
from gui.review.handlers import OnWindow

pytestmark = pytest.mark.gui


def menu(window, title: str) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == title)


def test_every_window_handler_is_a_method_of_the_window(window):
    for spec in ACTIONS:
        if isinstance(spec.handler, OnWindow):
            assert callable(getattr(window, spec.handler.method)), spec.id


def test_menus_grey_out_what_cannot_be_done_and_keys_still_explain(window, qtbot):
    assert window.session.current_path == "case_number"  # a letter field: no item is current
    form = menu(window, "Form")
    form.aboutToShow.emit()
    assert not window.action(A.UPHELD).isEnabled()
    assert not window.action(A.UNDO).isEnabled()
    assert window.action(A.NEXT_ITEM).isEnabled() and window.action(A.ADD_ITEM).isEnabled()
    form.aboutToHide.emit()
    assert window.action(A.UPHELD).isEnabled()  # the key is not swallowed: it says why
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert NO_CURRENT_ITEM.split(":")[0] in window.statusBar().currentMessage()
