"""The parser's value beside a changed field, and a field's history, in the real window: a
changed field shows "parser: …" under it in plain text, Ctrl+Shift+R gives that value back, and
Ctrl+H shows what happened to the field (from the audit log) in plain words."""

from __future__ import annotations

import pytest
from keys import CTRL, CTRL_SHIFT, SHIFT, focus, key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

pytestmark = pytest.mark.gui


def parser_line(window, path):
    from PySide6.QtWidgets import QLabel

    row = window.form.editor(path).parentWidget()
    (label,) = [w for w in row.findChildren(QLabel) if w.objectName() == "parserValue"]
    return label


def test_a_changed_field_shows_the_parsers_value_and_one_key_restores_it(window, qtbot, db):
    window.session.set_current("ur_date")
    window.form.focus_field("ur_date")
    original = window.form.editor("ur_date").text()
    assert not parser_line(window, "ur_date").isVisible()
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2015-07-30")
    key(qtbot, Qt.Key.Key_Return)
    line = parser_line(window, "ur_date")
    assert line.isVisible()
    assert line.text().startswith(f"parser: {original}")
    assert line.textFormat() == Qt.TextFormat.PlainText
    key(qtbot, Qt.Key.Key_Tab, SHIFT)  # back to the UR date
    assert focus().objectName() == "field:ur_date"
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    assert db.gold(1, "ann").record.ur_date.isoformat() == original
    assert focus().text() == original
    assert not parser_line(window, "ur_date").isVisible()


def test_a_markup_value_is_shown_as_text(window, qtbot):
    window.session.edit("case_number", "<b>bold</b>")
    line = parser_line(window, "case_number")
    assert line.isVisible() and line.textFormat() == Qt.TextFormat.PlainText


def test_ctrl_h_shows_the_fields_history_in_plain_words(window, qtbot):
    window.session.set_current("ur_date")
    window.form.focus_field("ur_date")
    original = window.form.editor("ur_date").text()
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2015-07-30")
    key(qtbot, Qt.Key.Key_Tab, SHIFT)  # leave it: saved
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)  # restored
    key(qtbot, Qt.Key.Key_H, CTRL)
    dialog = window.findChild(QDialog, "fieldHistory")
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "UR date" in text and "ur_date" not in text
    assert f"changed: {original} → 2015-07-30" in text
    assert f"given back the parser's value: 2015-07-30 → {original}" in text
    assert "ann" in text
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_added_item_moved_up_shows_no_parser_value_and_restores_none(window, qtbot, db):
    """Ctrl+Shift+A, type a request, Return, Alt+Up: the new item is first. It once showed the
    parser's first request as its own, and Ctrl+Shift+R copied it in (newcomer's finding)."""
    first = window.session.record.items[0].request
    window.session.set_current("items.0.request")
    window.form.focus_field("items.0.request")
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert focus().objectName() == "field:items.1.request"
    qtbot.keyClicks(focus(), "X-ray of the left shoulder")
    key(qtbot, Qt.Key.Key_Return)
    window.form.focus_field("items.1.request")
    window.session.set_current("items.1.request")
    key(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.session.record.items[0].request == "X-ray of the left shoulder")
    line = parser_line(window, "items.0.request")
    assert line.isVisible() and "parser has no value" in line.text()
    window.form.focus_field("items.0.request")
    window.session.set_current("items.0.request")
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    gold = db.gold(1, "ann").record
    assert [i.request for i in gold.items[:2]] == ["X-ray of the left shoulder", first]
