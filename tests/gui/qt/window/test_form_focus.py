"""The focused field, in the real window: always scrolled into view (a newly added item's first
field too) and marked in a colour of its own, distinct from the changed, unsure and confirmed
marks, in the light and the dark palette."""

from __future__ import annotations

import pytest
from keys import CTRL, CTRL_SHIFT, focus, key
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from gui.review.palette import PALETTES
from gui.review.paths import form_paths

pytestmark = pytest.mark.gui


def shown_in_form(window, widget) -> bool:
    viewport = window.form.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return top >= 0 and top + widget.height() <= viewport.height()


def pixels_of(widget, colour: str) -> int:
    """How many pixels of ``colour`` the field's row shows (its editor and what is around it)."""
    image = widget.parentWidget().grab().toImage()
    wanted = QColor(colour).rgb()
    return sum(
        1
        for y in range(0, image.height())
        for x in range(0, min(image.width(), 40))
        if image.pixel(x, y) == wanted
    )


def test_a_new_item_is_added_in_view_with_the_focus_in_it(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(20)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_PageDown, CTRL)  # to the last item
        qtbot.wait(5)
    before = len(window.session.record.items)
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert len(window.session.record.items) == before + 1
    assert focus().objectName() == f"field:items.{before}.request"
    assert shown_in_form(window, focus())
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)  # and another, further down
    assert focus().objectName() == f"field:items.{before + 1}.request"
    assert shown_in_form(window, focus())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_focused_field_is_marked_apart_from_the_changed_one(window, qtbot, dark):
    if dark:
        key(qtbot, Qt.Key.Key_D, CTRL_SHIFT)
    palette = PALETTES["dark" if dark else "light"]
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "CM15-0000002")
    key(qtbot, Qt.Key.Key_Return)  # case number changed; the focus goes to the date of injury
    qtbot.wait(20)
    changed = window.form.editor("case_number")
    focused = window.form.editor("date_of_injury")
    assert focus() is focused
    assert pixels_of(focused, palette["focus"]) > 20
    assert pixels_of(changed, palette["focus"]) == 0
    assert pixels_of(changed, palette["changed"]) > 20
    key(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back: the mark follows
    qtbot.wait(20)
    assert pixels_of(changed, palette["focus"]) > 20
    assert pixels_of(focused, palette["focus"]) == 0


def test_a_letter_opens_with_its_first_field_to_check_in_view(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(20)
    last = form_paths(window.session.record)[-1]
    window.session.set_current(last)
    window.form.focus_field(last)  # the form scrolled to its end
    assert window.form.verticalScrollBar().value() > 0
    key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the next letter opens at its first field to check
    assert window.session.letter_id == 2
    assert focus().objectName() == f"field:{window.session.current_path}"
    assert shown_in_form(window, focus())
