"""The letter driven with real key presses: the caret moves by words, selections snap to what a
coder means, and a found phrase stays selected to be labelled."""

from __future__ import annotations

import pytest
from keys import ALT, CTRL, SHIFT, key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_ctrl_arrows_move_the_caret_by_a_word_in_the_letter(window, qtbot):
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert QApplication.focusWidget() is window.letter_view
    window.letter_view.put_caret(0)
    text = window.session.letter.text
    key(qtbot, Qt.Key.Key_Right, CTRL)
    key(qtbot, Qt.Key.Key_Right, CTRL)
    assert window.session.letter_id == 1  # the letter stays
    after = window.letter_view.caret()
    assert text[:after].split() == ["HOW", "THE"]  # two words on, at the end of a word
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


def letter_with(window, qtbot, phrase):
    """Open the seed letter holding ``phrase`` (Alt+Right) and focus the letter (Ctrl+2)."""
    while phrase not in window.session.letter.text:
        key(qtbot, Qt.Key.Key_Right, ALT)
    key(qtbot, Qt.Key.Key_2, CTRL)
    return window.session.letter.text


def selected(window):
    span = window.letter_view.selection()
    return None if span is None else window.session.letter.text[span[0] : span[1]]


def test_one_key_selects_a_drug_with_its_strength_and_labels_it(window, qtbot, db):
    text = letter_with(window, qtbot, "Norco 10/325mg #120")
    at = text.index("Norco 10/325mg #120")
    window.letter_view.put_caret(at + 2)  # inside "Norco"
    key(qtbot, Qt.Key.Key_T, CTRL)
    assert selected(window) == "Norco 10/325mg #120"
    key(qtbot, Qt.Key.Key_1)
    (made,) = db.highlights(window.session.letter_id)
    assert (made.start, made.end) == (at, at + len("Norco 10/325mg #120"))


def test_grow_and_shrink_the_selection(window, qtbot):
    text = letter_with(window, qtbot, "Norco 10/325mg #120")
    at = text.index("Norco 10/325mg #120")
    window.letter_view.put_caret(at + 7)  # inside "10/325mg"
    key(qtbot, Qt.Key.Key_Right, ALT | SHIFT)
    assert selected(window) == "10/325mg"
    key(qtbot, Qt.Key.Key_Right, ALT | SHIFT)
    assert selected(window) == "Norco 10/325mg #120"
    key(qtbot, Qt.Key.Key_Right, ALT | SHIFT)
    assert selected(window) == "Norco 10/325mg #120:  Upheld"
    key(qtbot, Qt.Key.Key_Left, ALT | SHIFT)
    assert selected(window) == "Norco 10/325mg #120"
    assert window.session.letter_id == 3  # Alt+Shift+arrows never change letters


def test_word_selection_goes_on_across_pdf_line_ends_and_strengths(window, qtbot):
    text = letter_with(window, qtbot, "Norco 10/325mg #120")
    at = text.index("Norco 10/325mg #120")
    window.letter_view.put_caret(at)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected(window) == "Norco 10/325mg #120"
    key(qtbot, Qt.Key.Key_Left, ALT)  # letter 1: "... a claim for \n\nchronic low back"
    key(qtbot, Qt.Key.Key_Left, ALT)
    key(qtbot, Qt.Key.Key_2, CTRL)
    text = window.session.letter.text
    first = text.index("a claim for")
    window.letter_view.put_caret(first + len("a claim "))
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected(window).split() == ["for", "chronic"]


def test_find_then_escape_keeps_the_found_words_selected_to_label(window, qtbot, db):
    text = letter_with(window, qtbot, "Norco 10/325mg #120")
    key(qtbot, Qt.Key.Key_3, CTRL)  # from the form, as a coder would
    key(qtbot, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.find_box
    qtbot.keyClicks(window.find_box, "10/325mg #120")
    key(qtbot, Qt.Key.Key_Return)
    scrolled = window.letter_view.verticalScrollBar().value()
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.find_box.isVisible()
    assert QApplication.focusWidget() is window.letter_view
    assert selected(window) == "10/325mg #120"
    assert window.letter_view.verticalScrollBar().value() == scrolled  # the words stay in view
    key(qtbot, Qt.Key.Key_Left, CTRL | SHIFT)  # take the drug's name in too
    key(qtbot, Qt.Key.Key_T, CTRL)
    assert selected(window) == "Norco 10/325mg #120"
    key(qtbot, Qt.Key.Key_4)
    at = text.index("Norco 10/325mg #120")
    assert [(h.label, h.start, h.end) for h in db.highlights(3)] == [
        ("Conclusion", at, at + len("Norco 10/325mg #120"))
    ]
    key(qtbot, Qt.Key.Key_Escape)  # a second Escape: back to the form
    assert QApplication.focusWidget().objectName().startswith("field:")
