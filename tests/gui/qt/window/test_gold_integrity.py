"""Gold that cannot be silently wrong, driven through the real window with key presses.

Each test reproduces a defect a coder met: an item action hitting item 1 from a header field, a
typed correction keeping the parser's source span, evidence ending up on another item after a
second window removed one, and a conflict between two windows discarding the typed value.
"""

from __future__ import annotations

import pytest
from keys import ALT, CTRL, SHIFT, focus, key
from PySide6.QtCore import QSettings, Qt

from gui.qt.window.main_window import MainWindow
from parsing.support import contradictions
from storage.store import Store

pytestmark = pytest.mark.gui


def tab_to(qtbot, name: str, limit: int = 40) -> None:
    for _ in range(limit):
        if focus().objectName() == f"field:{name}":
            return
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}; focus is on {focus().objectName()}")


def items_of(db, letter_id: int = 1):
    gold = db.gold(letter_id, "ann")
    record = gold.record if gold else db.prediction(letter_id)
    return [(i.request, i.determination and i.determination.value) for i in record.items]


def test_remove_item_from_a_header_field_removes_nothing_and_says_why(window, qtbot, db):
    before = items_of(db)
    key(qtbot, Qt.Key.Key_3, CTRL)  # into the form: the case number
    assert focus().objectName() == "field:case_number"
    key(qtbot, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert items_of(db) == before
    message = window.statusBar().currentMessage()
    assert "item" in message and "Ctrl+PgDown" in message


def test_determination_key_from_diagnoses_changes_no_item(window, qtbot, db):
    before = items_of(db)
    key(qtbot, Qt.Key.Key_3, CTRL)
    tab_to(qtbot, "diagnoses")
    key(qtbot, Qt.Key.Key_O, ALT)
    key(qtbot, Qt.Key.Key_U, ALT)
    assert items_of(db) == before
    assert "Ctrl+PgDown" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # in an item, the same key works
    key(qtbot, Qt.Key.Key_O, ALT)
    assert items_of(db)[0][1] == "overturned"


def test_move_and_needs_evidence_need_a_current_item_too(window, qtbot, db):
    before = items_of(db)
    key(qtbot, Qt.Key.Key_3, CTRL)
    key(qtbot, Qt.Key.Key_Down, ALT)
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    assert items_of(db) == before
    assert not any(i.needs_evidence for i in window.session.record.items)


def test_typing_over_the_parsers_request_drops_its_old_source(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert focus().objectName() == "field:items.0.request"
    assert "items.0.request" in window.session.record.spans
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "Partial Hospitalization day treatment")
    key(qtbot, Qt.Key.Key_Tab)
    gold = db.gold(1, "ann").record
    assert gold.items[0].request == "Partial Hospitalization day treatment"
    assert "items.0.request" not in gold.spans  # no source: its text is not in the letter there
    assert list(contradictions(gold, db.letter(1).text)) == []


def test_a_shortened_value_keeps_the_source_it_still_reads_from(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "Soma 350 MG #30")
    key(qtbot, Qt.Key.Key_Tab)
    gold = db.gold(1, "ann").record
    start, end = gold.spans["items.0.request"]
    assert db.letter(1).text[start:end].startswith("Soma 350 MG #30")


@pytest.fixture
def window_b(qtbot, db_path, tmp_path):
    store = Store.open(db_path)
    win = MainWindow(store, "ann", QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    yield win
    win.close()
    store.close()


def test_evidence_never_lands_on_another_item_after_a_second_window_removed_one(
    window, window_b, qtbot, db
):
    # Window A is on item 2 (Percocet); window B removes item 1 (Soma) without A reloading.
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.session.current_path == "items.1.request"
    window_b.session.set_current("items.0.request")
    window_b.session.remove_item()
    # A labels words of item 2's rationale as evidence.
    start, _ = window.session.record.spans["items.1.rationale"]
    window.letter_view.setFocus()
    window.letter_view.put_caret(start)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_1)
    for highlight in db.highlights(1, "ann"):
        index = int(highlight.field.split(".")[1]) if highlight.field else None
        if index is not None:
            treatment = db.gold(1, "ann").record.items[index].treatment
            assert treatment == "Percocet", f"evidence for Percocet linked to {treatment}"
    assert "changed" in window.statusBar().currentMessage()


def test_a_conflict_keeps_the_typed_value_shows_theirs_and_lets_the_reviewer_choose(
    window, window_b, qtbot, db
):
    window_b.session.open(1)
    window_b.session.edit("case_number", "CM15-1111111")  # the other window saves first
    key(qtbot, Qt.Key.Key_3, CTRL)
    qtbot.keyClicks(focus(), "CM15-2222222")
    key(qtbot, Qt.Key.Key_Tab)
    editor = window.form.editor("case_number")
    assert editor.text() == "CM15-2222222"  # what the reviewer typed is still there
    message = window.form.errors[editor].text()
    assert "CM15-1111111" in message  # ... beside the other window's value
    assert "was lost" not in message
    assert db.gold(1, "ann").record.case_number == "CM15-1111111"
    editor.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # keep mine
    assert db.gold(1, "ann").record.case_number == "CM15-2222222"


def test_a_conflict_can_be_settled_for_the_other_value_with_escape(window, window_b, qtbot, db):
    window_b.session.open(1)
    window_b.session.edit("case_number", "CM15-1111111")
    key(qtbot, Qt.Key.Key_3, CTRL)
    qtbot.keyClicks(focus(), "CM15-2222222")
    key(qtbot, Qt.Key.Key_Tab)
    editor = window.form.editor("case_number")
    editor.setFocus()
    key(qtbot, Qt.Key.Key_Escape)  # take theirs
    assert editor.text() == "CM15-1111111"
    key(qtbot, Qt.Key.Key_Tab)
    assert db.gold(1, "ann").record.case_number == "CM15-1111111"
    assert not window.form.has_error(editor)


def test_a_change_elsewhere_to_another_field_is_no_conflict(window, window_b, qtbot, db):
    window_b.session.open(1)
    window_b.session.edit("case_number", "CM15-1111111")  # the other window, another field
    key(qtbot, Qt.Key.Key_3, CTRL)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:ur_date"
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2015-07-29")
    key(qtbot, Qt.Key.Key_Tab)
    gold = db.gold(1, "ann").record
    assert (gold.case_number, gold.ur_date.isoformat()) == ("CM15-1111111", "2015-07-29")
    assert not window.form.has_error(window.form.editor("ur_date"))
    assert window.form.editor("case_number").text() == "CM15-1111111"  # reloaded


def test_leaving_a_letter_never_drops_text_that_cannot_be_saved(window, qtbot, db):
    key(qtbot, Qt.Key.Key_3, CTRL)
    tab_to(qtbot, "date_of_injury")
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2016-13-45")
    key(qtbot, Qt.Key.Key_Right, ALT)  # next letter: refused, the text stays
    assert window.session.letter_id == 1
    assert window.form.editor("date_of_injury").text() == "2016-13-45"
    assert "cannot be saved" in window.statusBar().currentMessage()
    assert focus().objectName() == "field:date_of_injury"
    key(qtbot, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)  # accept: refused too
    assert window.session.letter_id == 1
    assert window.form.editor("date_of_injury").text() == "2016-13-45"
    assert db.gold(1, "ann") is None or db.gold(1, "ann").status != "done"
    key(qtbot, Qt.Key.Key_Escape)  # put the saved value back
    assert window.form.editor("date_of_injury").text() == "2014-06-24"
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert window.session.letter_id == 2


def test_closing_never_drops_text_that_cannot_be_saved(window, qtbot, db):
    key(qtbot, Qt.Key.Key_3, CTRL)
    tab_to(qtbot, "date_of_injury")
    key(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "2016-13-45")
    key(qtbot, Qt.Key.Key_Q, CTRL)  # quit: refused, the text stays, the window says why
    assert window.isVisible()
    assert window.form.editor("date_of_injury").text() == "2016-13-45"
    assert "cannot be saved" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_Escape)  # the saved value back: now the window closes
    key(qtbot, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()


def test_a_diagnosis_with_a_comma_stays_one_diagnosis_when_another_is_corrected(
    open_window, db_path, qtbot
):
    """Real letters list diagnoses such as "contusion of face, scalp and neck" (23 of 174 have
    one with a comma): correcting the next diagnosis in the form must not split that one."""
    from parsing.edits import set_value

    diagnoses = ["contusion of face, scalp and neck", "acute cervical sprain"]
    with Store.open(db_path) as store:
        store.change_record(1, "ann", lambda r: set_value(r, "diagnoses", diagnoses),
                            field="diagnoses")  # fmt: skip
    window = open_window(db_path)
    key(qtbot, Qt.Key.Key_3, CTRL)
    tab_to(qtbot, "diagnoses")
    key(qtbot, Qt.Key.Key_End, CTRL)
    for _ in range(len("sprain")):
        key(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(focus(), "strain")
    key(qtbot, Qt.Key.Key_Return)
    with Store.open(db_path) as store:
        gold = store.gold(1, "ann").record
    assert gold.diagnoses == ["contusion of face, scalp and neck", "acute cervical strain"]
    assert window.session.record.diagnoses == gold.diagnoses



def test_a_warning_goes_once_the_next_action_succeeds(window, qtbot, db):
    key(qtbot, Qt.Key.Key_3, CTRL)  # a header field: no item is current
    key(qtbot, Qt.Key.Key_O, ALT)
    assert window.statusBar().currentMessage().startswith("⚠")
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # into item 1
    key(qtbot, Qt.Key.Key_O, ALT)  # the same key, now it works
    assert items_of(db)[0][1] == "overturned"
    assert not window.statusBar().currentMessage().startswith("⚠")



def test_a_warning_stays_while_another_program_writes(window, qtbot, db):
    """The window reads the queue again when another program commits (every second at most);
    that is not the coder's next action, so the warning stays up."""
    key(qtbot, Qt.Key.Key_3, CTRL)
    key(qtbot, Qt.Key.Key_O, ALT)  # refused: no item is current
    warning = window.statusBar().currentMessage()
    assert warning.startswith("⚠")
    db.set_status(2, "bob", "skipped")  # another program's change
    qtbot.wait(2500)  # the window has followed it
    assert window.statusBar().currentMessage() == warning


def test_typing_a_comma_in_a_list_says_it_stays_inside_one_element(window, qtbot, db):
    """Commas used to part a list's elements; they now stay inside one (a diagnosis such as
    "contusion of face, scalp and neck"), and the window says so when a typed value has one."""
    key(qtbot, Qt.Key.Key_3, CTRL)
    tab_to(qtbot, "reviewer_specialties")
    editor = focus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Orthopedic Surgery, Pain Management")
    key(qtbot, Qt.Key.Key_Return)
    assert db.gold(1, "ann").record.reviewer_specialties == ["Orthopedic Surgery, Pain Management"]
    message = window.statusBar().currentMessage()
    assert "saved as 1" in message and "put ; between" in message, message
