"""What the form draws matches what it holds. Long values wrap inside their field: no line is
wider than the room the field shows, so no word loses its end at the field's right edge
("sprain of the le / wrist" hid the "ft" of "left", and a coder could "correct" a value that was
right). The focus mark is beside the focused field only."""

from __future__ import annotations

import pytest
from keys import CTRL, key
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPlainTextEdit

pytestmark = pytest.mark.gui


def overflowing_lines(window) -> list[str]:
    """Each shown line of a multi-line field that is wider than the field's room for text."""
    found = []
    for path, editor in window.form.editors().items():
        if not isinstance(editor, QPlainTextEdit) or not editor.isVisible():
            continue
        room = editor.viewport().width() - 2 * editor.document().documentMargin()
        block = editor.document().begin()
        while block.isValid():
            layout = block.layout()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                if line.naturalTextWidth() > room + 0.5 or line.width() > room + 0.5:
                    words = block.text()[line.textStart() : line.textStart() + line.textLength()]
                    found.append(f"{path}: {words!r} ({line.width():.0f} px wide, {room:.0f} shown)")
            block = block.next()
    return found


def test_no_line_of_a_long_value_runs_past_its_field(window, qtbot):
    assert any(
        isinstance(e, QPlainTextEdit) and e.isVisible() and e.document().lineCount() > 1
        for e in window.form.editors().values()
    ), "no field of the first letter wraps: the test checks nothing"
    assert overflowing_lines(window) == []
    key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the next letter
    assert overflowing_lines(window) == []
    key(qtbot, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)  # dark theme: a new sheet
    assert overflowing_lines(window) == []


def _bars(window) -> list[str]:
    """The fields whose row shows the focus mark (a bar in the focus colour on its left), as
    the screen shows them: the window's pixels as last painted (not a fresh rendering, which
    would hide a row Qt was never told to paint again)."""
    from gui.qt.theme import colors

    focus = QColor(colors(window.dark)["focus"])
    screen = window.windowHandle().screen().grabWindow(window.winId()).toImage()
    ratio = screen.width() / window.width()
    shown = []
    for path, editor in window.form.editors().items():
        row = editor.parentWidget()
        if not row.isVisible() or row.visibleRegion().isEmpty():
            continue
        at = row.mapTo(window, row.rect().topLeft())
        at_y = at.y() + row.height() // 2
        if not 0 <= at_y < window.height():
            continue
        left = QColor(screen.pixel(int((at.x() + 1) * ratio), int(at_y * ratio)))
        distance = sum(abs(a - b) for a, b in zip(left.getRgb()[:3], focus.getRgb()[:3], strict=True))
        if distance < 30:
            shown.append(path)
    return shown


def test_the_focus_mark_follows_the_focus_and_leaves_no_trace(window, qtbot):
    from keys import focus

    key(qtbot, Qt.Key.Key_3, CTRL)  # the form
    visited = []
    for _ in range(7):
        key(qtbot, Qt.Key.Key_Tab)
        visited.append(focus().objectName().removeprefix("field:"))
        qtbot.wait(10)
        assert _bars(window) == [visited[-1]], f"after Tab to {visited[-1]}"
    key(qtbot, Qt.Key.Key_F8)  # the next field to check
    qtbot.wait(10)
    assert _bars(window) == [focus().objectName().removeprefix("field:")]


def test_the_fields_keep_their_width_when_the_form_grows_past_the_screen(window, qtbot):
    """A letter whose items all fit, then items added until the form scrolls: the fields keep
    their width. Before, the scroll bar appeared when the form grew past the screen and took
    its width from every field: each long value wrapped again (the form jumped sideways under
    the coder's eyes) and a letter switch between a short and a long form laid all of it out
    twice."""
    window.resize(1000, 2000)  # room for the header and an item without scrolling
    key(qtbot, Qt.Key.Key_3, CTRL)  # the form
    for _ in range(len(window.session.record.items) - 1):
        key(qtbot, Qt.Key.Key_PageDown, CTRL)  # into an item
        key(qtbot, Qt.Key.Key_Backspace, CTRL | Qt.KeyboardModifier.ShiftModifier)  # removed
    assert len(window.session.record.items) == 1
    qtbot.wait(20)
    form = window.form
    bar = form.verticalScrollBar()
    assert bar.maximum() == 0, "the form scrolls with one item: the test checks nothing"
    field = form.editor("case_number")
    width = field.width()
    for _ in range(6):
        key(qtbot, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)  # an item added
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.wait(20)
    assert field.width() == width
