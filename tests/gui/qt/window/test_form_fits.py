"""The form at 1280x720, in the real window: it scrolls up and down but nothing is cut off on
the right, and neither an error message quoting a long typed text nor a long value widens it;
a long flag note does not push the form off-screen either."""

from __future__ import annotations

import pytest
from keys import CTRL, focus, key
from PySide6.QtCore import QPoint, Qt
from windows import flag_with_note

pytestmark = pytest.mark.gui


def nothing_cut_off_on_the_right(window) -> list[str]:
    form = window.form
    viewport = form.viewport()
    cut = []
    if form.horizontalScrollBar().maximum() > 0:
        cut.append("the form scrolls sideways")
    for path, editor in form.editors().items():
        right = editor.mapTo(viewport, QPoint(editor.width(), 0)).x()
        if right > viewport.width():
            cut.append(path)
    window_right = form.mapTo(window, QPoint(form.width(), 0)).x()
    if window_right > window.width():
        cut.append("the form is past the window's edge")
    return cut


@pytest.fixture
def small(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(30)
    return window


def test_the_form_fits_at_1280x720(small, qtbot):
    assert nothing_cut_off_on_the_right(small) == []
    assert small.form.width() >= 300


def test_a_long_error_or_value_does_not_widen_the_form(small, qtbot):
    width = small.form.width()
    small.session.set_current("ur_date")
    small.form.focus_field("ur_date")
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "not a date at all but a very long piece of text " * 4)
    qtbot.wait(30)
    small.session.edit("case_number", "CM15-" + "9" * 300)
    qtbot.wait(30)
    assert nothing_cut_off_on_the_right(small) == []
    assert abs(small.form.width() - width) <= 2


def test_a_long_flag_note_does_not_push_the_form_away(small, qtbot):
    width = small.form.width()
    note = "Needs a lead's look: the second item's dates disagree with the first page " * 6
    flag_with_note(small, qtbot, note)
    qtbot.wait(30)
    assert small.session.note == note.strip()
    assert nothing_cut_off_on_the_right(small) == []
    assert abs(small.form.width() - width) <= 2


def test_a_first_window_fits_the_screen(window):
    """With no saved window state (a first run) the window opens inside the screen it is on:
    on a 1280x720 display it once opened at 1480x900, the form and the status line off-screen."""
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert frame.width() <= screen.width() and frame.height() <= screen.height()
    assert screen.contains(frame.topLeft())
