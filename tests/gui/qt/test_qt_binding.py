"""Guard against a Qt binding that drops references to None (PySide6 6.12.0 on Python 3.11 does:
every call returning None takes one away, until Python aborts mid-session)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

pytestmark = pytest.mark.gui


def test_qt_calls_keep_none_alive(qapp):
    editor = QLineEdit()
    before = sys.getrefcount(None)
    for _ in range(2000):
        editor.setToolTip("x")
        editor.property("unset")
        QApplication.focusWidget()
    assert abs(sys.getrefcount(None) - before) < 100
