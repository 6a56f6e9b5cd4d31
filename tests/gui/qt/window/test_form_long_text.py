"""Long values in the form, in the real window: guidelines, rationale and request are shown
whole, wrapped over as many lines as they need (up to a cap, then they scroll), from their
start, never scrolled where the previous letter's value was left; Return still confirms and
goes on, and no key puts a line break into a value."""

from __future__ import annotations

import pytest
from keys import SHIFT, focus, key
from PySide6.QtCore import Qt

from gui.qt.form.fields import MAX_LINES

pytestmark = pytest.mark.gui
LONG = ("A guideline quoted at length, " * 40).strip()


def lines_tall(editor) -> float:
    return editor.height() / editor.fontMetrics().lineSpacing()


def go_to(window, path):
    window.session.set_current(path)
    window.form.focus_field(path)


def test_a_long_guideline_is_shown_on_several_lines_up_to_a_cap(window, qtbot):
    window.resize(1280, 720)
    window.session.edit("items.0.reviewer_guideline", LONG)
    window.session.edit("items.0.claims_administrator_guideline", "MTUS")
    go_to(window, "items.0.reviewer_guideline")
    qtbot.wait(20)
    editor = window.form.editor("items.0.reviewer_guideline")
    assert editor.toPlainText() == LONG
    assert MAX_LINES - 0.5 <= lines_tall(editor) <= MAX_LINES + 1.5  # grown, then capped
    assert editor.verticalScrollBar().maximum() > 0  # the rest scrolls
    short = window.form.editor("items.0.claims_administrator_guideline")
    assert lines_tall(short) < 2.5  # a short value takes one line (and its frame)
    assert editor.width() <= window.form.viewport().width()  # wrapped, not widened


def test_the_rationale_is_readable_in_the_form(window, qtbot):
    record = window.session.record
    span = record.items[0].rationale
    words = " ".join(window.session.letter.text[span.start : span.end].split())
    editor = window.form.editor("items.0.rationale")
    assert editor.toPlainText() == words  # whole, not cut to a line
    assert lines_tall(editor) >= min(3, MAX_LINES)


def test_a_long_value_opens_at_its_start_on_the_next_letter(window, qtbot):
    window.session.edit("items.0.reviewer_guideline", LONG)
    go_to(window, "items.0.reviewer_guideline")
    editor = window.form.editor("items.0.reviewer_guideline")
    key(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # read to its end
    assert editor.verticalScrollBar().value() > 0
    window.session.next()
    window.session.previous()
    editor = window.form.editor("items.0.reviewer_guideline")
    assert editor.verticalScrollBar().value() == 0
    assert editor.textCursor().position() == 0


def test_return_in_a_long_field_confirms_and_goes_on_without_a_line_break(window, qtbot, db):
    go_to(window, "items.0.reviewer_guideline")
    editor = focus()
    before = editor.toPlainText()
    key(qtbot, Qt.Key.Key_End)
    key(qtbot, Qt.Key.Key_Return, SHIFT)  # no line break either
    assert "\n" not in editor.toPlainText() and editor.toPlainText() == before
    key(qtbot, Qt.Key.Key_Return)
    assert focus().objectName() == "field:items.0.rationale"
    assert db.gold(1, "ann").record.review == {"items.0.reviewer_guideline": "confirmed"}


def test_the_help_sheet_says_how_line_breaks_go():
    from gui.qt.dialogs import shortcut_html

    sheet = shortcut_html()
    assert "no key adds a line break" in sheet and "Shift+Return" in sheet
