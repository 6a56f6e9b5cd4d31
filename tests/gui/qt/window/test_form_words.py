"""The form's messages in plain words, in the real window: a field is named as the form names it
("Item 1 quantity", never items.0.quantity), and "saved HH:MM:SS" follows every save, a
highlight's too, not the save before it."""

from __future__ import annotations

import time

import pytest
from keys import CTRL, SHIFT, focus, key
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def test_a_value_that_cannot_be_saved_is_named_as_the_form_names_it(window, qtbot):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 1
    for _ in range(3):  # request -> treatment -> determination -> quantity
        key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:items.0.quantity"
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "twelve")
    key(qtbot, Qt.Key.Key_K, CTRL)  # skip the letter: refused, the typed text would be lost
    message = window.statusBar().currentMessage()
    assert "“twelve” in Item 1 quantity cannot be saved" in message
    assert window.session.letter_id == 1


def test_field_tooltips_name_fields_in_plain_words(window):
    tip = window.form.editor("items.0.request").toolTip()
    assert tip.startswith("Item 1 request") and "items.0" not in tip
    assert window.form.editor("patient_age").toolTip().startswith("Patient age")


def test_saved_time_follows_a_highlight_save(window, qtbot):
    key(qtbot, Qt.Key.Key_Return)  # a save: case number confirmed
    first = window.saved_label.text()
    assert first.startswith("✓ saved ")
    time.sleep(1.1)  # the next save falls in another second
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    for _ in range(6):  # request -> ... -> rationale
        key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_L, CTRL)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_2)  # label the selection: a save
    assert window.session.highlights
    shown = time.strftime("%H:%M:%S", time.localtime(window.session.saved_at))
    assert window.saved_label.text() == f"✓ saved {shown}"
    assert window.saved_label.text() != first
