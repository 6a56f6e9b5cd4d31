"""The review window driven with real key presses; each test then checks the database."""

from __future__ import annotations

import datetime as dt

import pytest
from keys import ALT, CTRL, SHIFT, focus, key
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog
from windows import flag_with_note

from gui.review.actions import ACTIONS, A
from storage.queue import COLUMNS

pytestmark = pytest.mark.gui


def type_text(qtbot, text):
    qtbot.keyClicks(focus(), text)


def replace_text(qtbot, text):
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, text)


def test_window_title_and_first_letter(window, db_path):
    assert window.windowTitle() == f"imr-review — {db_path.name} in {db_path.parent} — ann"
    assert window.session.letter_id == 1
    assert focus().objectName() == "field:case_number"  # the first unsure field
    shown = window.letter_view.toPlainText()  # reflowed: the letter's words, lines joined
    assert shown.split() == window.session.letter.text.split() and len(shown) < len(
        window.session.letter.text
    )


def test_review_a_letter_from_opening_to_done_without_the_mouse(window, qtbot, db):
    type_text(qtbot, "CM15-0148723")
    key(qtbot, Qt.Key.Key_Tab)  # leaving the field saves it
    assert db.gold(1, "ann").record.case_number == "CM15-0148723"
    key(qtbot, Qt.Key.Key_F8)  # the next unsure field
    assert focus().objectName() == "field:patient_age"
    key(qtbot, Qt.Key.Key_Return)  # checked and kept (empty: the letter gives no age); on
    assert focus().objectName() == "field:patient_sex"
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # to the first item
    assert focus().objectName() == "field:items.0.request"
    key(qtbot, Qt.Key.Key_O, ALT)  # Overturned
    key(qtbot, Qt.Key.Key_Return, CTRL)  # done, and on to the next letter
    gold = db.gold(1, "ann")
    assert gold.status == "done"
    assert gold.record.items[0].determination.value == "overturned"
    assert gold.record.review == {
        "case_number": "edited",
        "patient_age": "confirmed",
        "items.0.determination": "edited",
    }
    assert window.session.letter_id == 2
    assert focus().objectName().startswith("field:")
    assert window.progress_label.text() == "1 of 3 done"
    assert [e["field"] for e in db.audit(1)] == [
        "case_number",
        "patient_age",
        "items.0.determination",
        "status",
    ]


def test_correct_a_determination_and_a_date(window, qtbot, db):
    key(qtbot, Qt.Key.Key_Tab)  # case number -> date of injury
    key(qtbot, Qt.Key.Key_Tab)  # -> UR date
    assert focus().objectName() == "field:ur_date"
    replace_text(qtbot, "31/31/2015")
    key(qtbot, Qt.Key.Key_Tab)
    error = window.form.errors[window.form.editor("ur_date")]
    assert error.isVisible() and "not a date" in error.text()
    assert db.gold(1, "ann") is None  # nothing invalid is saved
    key(qtbot, Qt.Key.Key_Tab, SHIFT)  # back to the UR date
    assert focus().objectName() == "field:ur_date"
    replace_text(qtbot, "07/29/2015")
    key(qtbot, Qt.Key.Key_Return)
    assert not error.isVisible()
    assert db.gold(1, "ann").record.ur_date == dt.date(2015, 7, 29)
    assert window.form.editor("ur_date").text() == "2015-07-29"
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert focus().objectName() == "field:items.1.request"
    key(qtbot, Qt.Key.Key_U, ALT)  # already upheld: no change
    key(qtbot, Qt.Key.Key_O, ALT)
    assert db.gold(1, "ann").record.items[1].determination.value == "overturned"
    assert window.form.editor("items.1.determination").currentText() == "Overturned"
    assert window.form.editor("items.1.determination").property("reviewState") == "changed"
    assert window.form.editor("items.0.determination").property("reviewState") == ""


def test_typing_is_saved_after_a_pause_without_leaving_the_field(window, qtbot, db):
    type_text(qtbot, "CM15-0000042")
    qtbot.waitUntil(lambda: db.gold(1, "ann") is not None, timeout=3000)
    assert db.gold(1, "ann").record.case_number == "CM15-0000042"
    assert focus().objectName() == "field:case_number"


def test_add_and_remove_an_item(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert focus().objectName() == "field:items.2.request"
    type_text(qtbot, "Urine drug screen")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:items.2.treatment"
    type_text(qtbot, "Urine drug screen")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_U, ALT)
    items = db.gold(1, "ann").record.items
    assert [(i.request, i.determination and i.determination.value) for i in items][2] == (
        "Urine drug screen",
        "upheld",
    )
    key(qtbot, Qt.Key.Key_Up, ALT)  # move it up
    assert [i.request for i in db.gold(1, "ann").record.items][1] == "Urine drug screen"
    key(qtbot, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert [i.request for i in db.gold(1, "ann").record.items] == [
        "Soma 350 MG #30 with No Refill", "Percocet 10 MG #60 with No Refill"
    ]  # fmt: skip
    assert not window.form.items[2].isVisible()


def test_fill_a_field_from_a_keyboard_selection(window, qtbot, db):
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:ur_date"
    key(qtbot, Qt.Key.Key_L, CTRL)  # caret to the UR date's source
    assert focus() is window.letter_view
    assert window.letter_view.caret() == window.session.record.spans["ur_date"][0]
    key(qtbot, Qt.Key.Key_Escape)  # back to the field
    assert focus().objectName() == "field:ur_date"
    for _ in range(2):
        key(qtbot, Qt.Key.Key_F8)  # patient age, patient sex (the unsure ones)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)  # licensure, specialties, diagnoses
    assert focus().objectName() == "field:diagnoses"
    key(qtbot, Qt.Key.Key_F, CTRL)  # find the words, which selects them in the letter
    type_text(qtbot, "chronic low back and hip pain")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_E, CTRL)  # into the current field
    gold = db.gold(1, "ann").record
    assert gold.diagnoses == ["chronic low back", "hip pain"]
    # Prose was read as a list at its "and": the coder is told how, to join them if wrong.
    said = window.statusBar().currentMessage()
    assert "2 elements: chronic low back; hip pain" in said, said
    a, b = gold.spans["diagnoses"]
    assert " ".join(db.letter(1).text[a:b].split()) == "chronic low back and hip pain"
    assert db.audit(1)[-1]["action"] == "fill"  # as docs/database.md names it
    key(qtbot, Qt.Key.Key_Escape)  # closes the find bar; the found words stay selected
    assert focus() is window.letter_view and not window.find_box.isVisible()
    key(qtbot, Qt.Key.Key_Escape)  # back to the form
    assert focus().objectName() == "field:diagnoses" and not window.find_box.isVisible()
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:items.0.treatment"
    key(qtbot, Qt.Key.Key_L, CTRL)
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)  # select the word at the source
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_E, CTRL)
    assert db.gold(1, "ann").record.items[0].treatment == "Soma 350"
    assert db.gold(1, "ann").record.review["items.0.treatment"] == "edited"


def test_undo_and_redo_across_items(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)  # request -> treatment -> determination -> quantity
    assert focus().objectName() == "field:items.0.quantity"
    replace_text(qtbot, "31")
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # leaving saves it
    assert focus().objectName() == "field:items.1.request"
    key(qtbot, Qt.Key.Key_O, ALT)
    assert db.gold(1, "ann").record.items[1].determination.value == "overturned"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert db.gold(1, "ann").record.items[1].determination.value == "upheld"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert db.gold(1, "ann").record.items[0].quantity == 30
    assert window.form.editor("items.0.quantity").text() == "30"
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert db.gold(1, "ann").record.items[0].quantity == 31
    key(qtbot, Qt.Key.Key_Y, CTRL)
    assert db.gold(1, "ann").record.items[1].determination.value == "overturned"
    assert [e["action"] for e in db.audit(1)] == ["edit", "edit", "undo", "undo", "redo", "redo"]


def test_next_and_previous_from_any_focus(window, qtbot):
    key(qtbot, Qt.Key.Key_Right, ALT)  # from a line edit
    assert window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert focus() is window.letter_view
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert window.session.letter_id == 3
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert focus() is window.table
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert window.session.letter_id == 2
    assert window.table.currentIndex().row() == 1
    key(qtbot, Qt.Key.Key_Up)  # moving in the queue opens that letter
    assert window.session.letter_id == 1
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert "first letter" in window.statusBar().currentMessage()


def test_filter_and_search(window, qtbot, db):
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    assert focus() is window.search_box
    type_text(qtbot, "Thermacare")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.searching)  # the search runs in the background
    assert window.model.rowCount() == 1 and window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_Return, CTRL)  # done
    assert db.gold(2, "ann").status == "done"
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_Delete)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.searching)
    assert window.model.rowCount() == 3
    key(qtbot, Qt.Key.Key_Tab, SHIFT)  # to the status filter
    assert focus() is window.status_filter
    key(qtbot, Qt.Key.Key_Down)  # "Needs review"
    assert window.status_filter.currentData() == "needs review"
    assert window.session.ids == [1, 3]
    assert window.progress_label.text() == "0 of 2 done"


def test_sorting_by_lowest_confidence(window, qtbot):
    column = list(
        window.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(window.model.columnCount())
    ).index("Min conf.")
    window.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    shown = [float(window.model.data(window.model.index(r, column))) for r in range(3)]
    assert shown == sorted(shown)


def test_shortcuts_survive_dialogs_and_focus_changes(window, qtbot):
    def close_sheet():
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "shortcutSheet"
        text = dialog.browser.toPlainText()
        for spec in ACTIONS:
            assert (
                spec.shortcuts[0] in text or spec.shortcuts[0].replace("PgDown", "PgDown") in text
            )
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(50, close_sheet)
    key(qtbot, Qt.Key.Key_F1)
    assert QApplication.activeModalWidget() is None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    flag_with_note(window, qtbot, "page 2 is missing")
    assert window.session.status == "flagged" and window.session.note == "page 2 is missing"
    # A lead looking down the queue reads why it was flagged on the status cell.
    model = window.table.model()
    status = model.index(window.session.row_of(1), COLUMNS.index("status"))
    assert model.data(status) == "flagged"
    assert "ann: page 2 is missing" in model.data(status, Qt.ItemDataRole.ToolTipRole)
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_K, CTRL)  # skip
    assert window.session.letter_id == 3


def test_dark_palette_and_zoom(window, qtbot, settings):
    light = QApplication.palette().window().color().lightness()
    key(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert QApplication.palette().window().color().lightness() < light
    assert settings.value("dark", type=bool) is True
    size = window.letter_view.font().pointSize()
    key(qtbot, Qt.Key.Key_Equal, CTRL)
    assert window.letter_view.font().pointSize() == size + 1
    key(qtbot, Qt.Key.Key_0, CTRL)
    assert window.letter_view.font().pointSize() == size
    key(qtbot, Qt.Key.Key_D, CTRL | SHIFT)


def test_focusing_a_field_shows_its_source_and_a_click_selects_a_field(window, qtbot):
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:date_of_injury"
    start, end = window.session.record.spans["date_of_injury"]
    highlighter = window.letter_view.highlighter
    assert highlighter.format_at(start).fontWeight() == QFont.Weight.DemiBold  # the source, in bold
    assert highlighter.format_at(end - 1).fontWeight() == QFont.Weight.DemiBold
    assert (
        highlighter.format_at(end + 1) is None
        or highlighter.format_at(end + 1).fontWeight() != QFont.Weight.DemiBold
    )
    view = window.letter_view
    cursor = view.textCursor()
    quantity = window.session.record.spans["items.1.quantity"][0]
    cursor.setPosition(view.offsets.to_qt(quantity))  # where the view shows it
    view.scroll_to(quantity)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.cursorRect(cursor).center() + QPoint(2, 0),
    )
    assert window.session.current_path == "items.1.quantity"
    assert focus().objectName() == "field:items.1.quantity"


def test_reopens_on_the_letter_that_was_open(qtbot, db_path, settings):
    from gui.qt.window.main_window import MainWindow
    from storage.store import Store

    with Store.open(db_path) as store:
        first = MainWindow(store, "ann", settings)
        qtbot.addWidget(first)
        first.session.open(3)
        first.close()
    with Store.open(db_path) as store:
        again = MainWindow(store, "ann", settings)
        qtbot.addWidget(again)
        assert again.session.letter_id == 3
        again.close()


def test_every_action_has_a_distinct_shortcut():
    keys = [k for spec in ACTIONS for k in spec.shortcuts]
    assert len(keys) == len(set(keys))
    assert {spec.id for spec in ACTIONS} == set(A)


def test_shortcut_sheet_dialog_lists_the_registry(window):
    from gui.qt.dialogs import ShortcutSheet

    sheet = ShortcutSheet(window)
    text = sheet.browser.toPlainText()
    assert all(spec.text.rstrip("…") in text for spec in ACTIONS)
    assert isinstance(sheet, QDialog)


def test_import_from_the_window_names_every_failure(window, qtbot, tmp_path, samples_dir, db):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "IMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture x 6 sessions: Overturned\n"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "dup.txt").write_bytes(next(samples_dir.glob("000_*.txt")).read_bytes())
    summary = window.import_letters([str(folder)])
    assert (len(summary.imported), len(summary.duplicates), len(summary.failed)) == (1, 1, 1)
    assert window.model.rowCount() == 4 and db.letter_count() == 4
    box = window.findChild(QDialog, "importSummary")
    assert box is not None and "empty.txt: the file is empty" in box.detailedText()
    box.close()
    assert (
        "Imported 1 letter; 1 already here; 1 could not be read."
        in window.statusBar().currentMessage()
    )


def test_the_letter_header_shows_the_status_as_it_changes(window, qtbot, db):
    assert "letter 1 · todo" in window.letter_info.text()
    replace_text(qtbot, "CM15-0000099")
    key(qtbot, Qt.Key.Key_Return)  # the first change starts the letter
    assert db.gold(1, "ann").status == "in_progress"
    assert "letter 1 · in progress" in window.letter_info.text()
    key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # letter 2, not started
    assert "letter 2 · todo" in window.letter_info.text()
    key(qtbot, Qt.Key.Key_2, CTRL)  # into the letter: a highlight starts it too
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)  # a word
    key(qtbot, Qt.Key.Key_4)
    assert db.highlights(2, "ann"), window.statusBar().currentMessage()
    assert "letter 2 · in progress" in window.letter_info.text()


def test_skipping_a_done_or_flagged_letter_keeps_its_status(window, qtbot, db):
    """Ctrl+K is "not now, the next one": on a letter already done it must not take the letter
    out of the gold (done letters are what is exported), nor drop a flag a lead looks for."""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # to the first item
    key(qtbot, Qt.Key.Key_O, ALT)  # Overturned
    key(qtbot, Qt.Key.Key_Return, CTRL)  # done, on to letter 2
    assert db.gold(1, "ann").status == "done"
    key(qtbot, Qt.Key.Key_Left, ALT)  # back to letter 1 to look at it again
    assert window.session.letter_id == 1
    key(qtbot, Qt.Key.Key_K, CTRL)
    assert db.gold(1, "ann").status == "done"
    assert window.session.letter_id == 2
    assert "done" in window.statusBar().currentMessage()

    flag_with_note(window, qtbot, "page 2 is missing")  # letter 2
    assert db.gold(2, "ann").status == "flagged"
    key(qtbot, Qt.Key.Key_K, CTRL)
    assert db.gold(2, "ann").status == "flagged"
    assert db.gold(2, "ann").note == "page 2 is missing"
    assert window.session.letter_id == 3
    assert "flagged" in window.statusBar().currentMessage()


def test_a_case_number_corrected_by_one_digit_loses_the_parsers_source(
    open_window, qtbot, tmp_path
):
    """The corrected number is not the one the letter prints: the old source would contradict
    it (and had been kept, "similar enough"), in the window's mark and in every export."""
    from synthetic import write_letters

    from storage.importer import import_paths
    from storage.store import Store
    from storage.verify import gold_problems

    write_letters(tmp_path / "letters", 1, seed=3)
    path = tmp_path / "one.db"
    with Store.open(path) as store:
        import_paths(store, [str(tmp_path / "letters")], workers=1)
    window = open_window(path)
    parsed = window.session.record.case_number
    start, end = window.session.record.spans["case_number"]
    assert parsed and parsed in window.session.letter.text[start:end]
    window.form.focus_field("case_number")
    corrected = parsed[:-1] + ("1" if parsed[-1] != "1" else "2")
    replace_text(qtbot, corrected)
    key(qtbot, Qt.Key.Key_Return)
    with Store.open(path) as db:
        gold = db.gold(1, "ann").record
        assert gold.case_number == corrected
        assert "case_number" not in gold.spans
        assert gold_problems(db) == []


def test_undoing_an_item_move_brings_the_form_back_to_that_item(window, qtbot, db):
    """Alt+Down moves item 1 below item 2 and the form follows it; Ctrl+Z puts it back, and the
    form must follow it back too (it had stayed on the second place, now the other item, so
    the next item key, such as Ctrl+Shift+Backspace, hit the wrong one)."""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 1's request
    key(qtbot, Qt.Key.Key_Tab)  # its treatment
    moved = window.session.record.items[0].treatment
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert window.session.record.items[1].treatment == moved
    assert focus().objectName() == "field:items.1.treatment"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert db.gold(1, "ann").record.items[0].treatment == moved
    assert window.session.current_path == "items.0.treatment"
    assert focus().objectName() == "field:items.0.treatment"
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the form goes with the item again
    assert window.session.current_path == "items.1.treatment"


def test_done_says_how_many_fields_were_left_unchecked(window, qtbot, db):
    """Ctrl+Return on a letter whose fields were not all checked marks it done (the coder's
    call) and says so: how many were left, and how many of those the parser was unsure of."""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_O, ALT)  # one field changed: the rest stay as the parser read them
    unsure = len(window.session.unsure_paths())
    unchecked = len(window.session.unchecked_paths())
    assert unsure and unchecked > unsure
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert db.gold(1, "ann").status == "done"
    said = window.statusBar().currentMessage()
    assert f"Letter 1 done with {unchecked} of" in said, said
    assert f"the parser was unsure of {unsure} of them" in said, said


def test_a_date_of_injury_after_the_ur_date_is_saved_and_doubted(window, qtbot, db):
    key(qtbot, Qt.Key.Key_Tab)
    assert focus().objectName() == "field:date_of_injury"
    replace_text(qtbot, "2099-01-01")
    key(qtbot, Qt.Key.Key_Return)
    assert db.gold(1, "ann").record.date_of_injury == dt.date(2099, 1, 1)  # the coder's call
    said = window.statusBar().currentMessage()
    assert "Date of injury saved, but check it: 2099-01-01 is after today" in said, said
    assert "is after the UR date" in said


def test_a_quantity_filled_from_a_drug_and_its_strength_is_the_number_after_the_hash(
    window, qtbot, db
):
    """Ctrl+T selects "Norco 10/325mg #120" (a drug with its strength and quantity, as the
    README shows); Ctrl+E into the item's quantity saved 10, the strength's first number, as
    gold (a newcomer's session found it on real letters: 35 became 10, 27 became 7)."""
    while "Norco 10/325mg #120" not in window.session.letter.text:
        key(qtbot, Qt.Key.Key_Right, ALT)
    record = window.session.record
    (index,) = [n for n, item in enumerate(record.items) if "Norco" in (item.request or "")]
    key(qtbot, Qt.Key.Key_3, CTRL)
    for _ in range(index + 1):
        key(qtbot, Qt.Key.Key_PageDown, CTRL)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)  # request -> treatment -> determination -> quantity
    assert focus().objectName() == f"field:items.{index}.quantity"
    replace_text(qtbot, "7")  # a wrong value, for the fill to correct
    key(qtbot, Qt.Key.Key_Return)  # saved; on to the next field
    assert db.gold(window.session.letter_id, "ann").record.items[index].quantity == 7
    key(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focus().objectName() == f"field:items.{index}.quantity"
    key(qtbot, Qt.Key.Key_2, CTRL)
    text = window.session.letter.text
    at = text.index("Norco 10/325mg #120")
    window.letter_view.put_caret(at + 2)
    key(qtbot, Qt.Key.Key_T, CTRL)
    key(qtbot, Qt.Key.Key_E, CTRL)
    gold = db.gold(window.session.letter_id, "ann").record
    assert gold.items[index].quantity == 120, window.statusBar().currentMessage()
    a, b = gold.spans[f"items.{index}.quantity"]
    assert text[a:b] == "Norco 10/325mg #120"
    key(qtbot, Qt.Key.Key_3, CTRL)  # typed in the letters' own notation, too
    replace_text(qtbot, "#90")
    key(qtbot, Qt.Key.Key_Return)
    assert db.gold(window.session.letter_id, "ann").record.items[index].quantity == 90
