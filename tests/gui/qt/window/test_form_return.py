"""Return in a form field, pressed in the real window: it saves what was typed, confirms the
field and moves the focus (and the form's scroll) to the next field; typed text that cannot be
saved stays, and then the one key that accepts a letter refuses. Each test checks the database."""

from __future__ import annotations

import pytest
from keys import CTRL, CTRL_SHIFT, focus, key
from PySide6.QtCore import QPoint, Qt

from gui.review.paths import form_paths

pytestmark = pytest.mark.gui


def shown_in_form(window, widget) -> bool:
    """The whole of ``widget`` lies inside the form's visible area."""
    viewport = window.form.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return (
        top_left.y() >= 0
        and top_left.y() + widget.height() <= viewport.height()
        and top_left.x() >= 0
    )


def test_return_confirms_and_moves_to_the_next_field(window, qtbot, db):
    assert focus().objectName() == "field:case_number"
    key(qtbot, Qt.Key.Key_Return)
    assert focus().objectName() == "field:date_of_injury"
    assert window.session.current_path == "date_of_injury"
    assert db.gold(1, "ann").record.review == {"case_number": "confirmed"}


def test_return_saves_what_was_typed_then_moves_on(window, qtbot, db):
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "CM15-0000001")
    key(qtbot, Qt.Key.Key_Return)
    gold = db.gold(1, "ann")
    assert gold.record.case_number == "CM15-0000001"
    assert gold.record.review == {"case_number": "edited"}
    assert focus().objectName() == "field:date_of_injury"


def test_return_through_the_whole_form_keeps_the_focused_field_in_view(window, qtbot, db):
    window.resize(1280, 720)
    qtbot.wait(20)
    paths = form_paths(window.session.record)
    for path in paths[1:]:
        key(qtbot, Qt.Key.Key_Return)
        assert focus().objectName() == f"field:{path}"
        assert shown_in_form(window, focus()), path
    key(qtbot, Qt.Key.Key_Return)  # the last field: confirmed, and the focus stays
    assert focus().objectName() == f"field:{paths[-1]}"
    review = db.gold(1, "ann").record.review
    assert set(review) == set(paths) and set(review.values()) == {"confirmed"}


def test_a_date_that_is_no_date_stays_and_the_letter_cannot_be_accepted(window, qtbot, db):
    window.session.set_current("ur_date")
    window.form.focus_field("ur_date")
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "31/31/2015")
    key(qtbot, Qt.Key.Key_Return)
    assert focus().objectName() == "field:ur_date"  # stays where the mistake is
    assert focus().text() == "31/31/2015"
    key(qtbot, Qt.Key.Key_Return, CTRL_SHIFT)  # accept the letter: refused
    gold = db.gold(1, "ann")
    assert gold is None or gold.status != "done"
    assert window.session.letter_id == 1
    message = window.statusBar().currentMessage()
    assert "31/31/2015" in message and "UR date" in message
    assert focus().text() == "31/31/2015"
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2015-07-30")
    key(qtbot, Qt.Key.Key_Return, CTRL_SHIFT)  # now it is saved, then accepted
    gold = db.gold(1, "ann")
    assert gold.status == "done"
    assert gold.record.ur_date.isoformat() == "2015-07-30"


def test_text_that_cannot_be_saved_goes_with_the_item_removed(window, qtbot, db):
    """Typed text in an item's field that cannot be saved, then the item removed
    (Ctrl+Shift+Backspace): the letter can be accepted; the text went with its item (the
    accept was refused for good, naming a field no longer on screen)."""
    window.session.open(1)
    items = len(window.session.record.items)
    assert items >= 1
    last = f"items.{items - 1}.quantity"
    window.session.set_current(last)
    window.form.focus_field(last)
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "abc")
    key(qtbot, Qt.Key.Key_Return)  # cannot be saved: stays, marked
    assert focus().text() == "abc"
    key(qtbot, Qt.Key.Key_Backspace, CTRL_SHIFT)  # remove the item
    assert len(window.session.record.items) == items - 1
    key(qtbot, Qt.Key.Key_Return, CTRL_SHIFT)  # accept the letter
    assert "abc" not in window.statusBar().currentMessage()
    assert db.gold(1, "ann").status == "done"
