"""Evidence highlighting with real key presses; the database and a jsonl export are read back."""

from __future__ import annotations

import json

import pytest
from keys import ALT, CTRL, SHIFT, key
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication
from windows import shown

from storage.export import export

pytestmark = pytest.mark.gui


def to_rationale(qtbot, item_number: int):
    """From the form, reach item N's rationale field and put the caret at its start in the letter."""
    for _ in range(item_number):
        key(qtbot, Qt.Key.Key_PageDown, CTRL)
    for _ in range(6):  # request -> ... -> rationale
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == f"field:items.{item_number - 1}.rationale"
    key(qtbot, Qt.Key.Key_L, CTRL)


def select_words(qtbot, count: int):
    for _ in range(count):
        key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)


def rows(db, letter_id=1):
    text = db.letter(letter_id).text
    return [(h.label, h.field, text[h.start : h.end]) for h in db.highlights(letter_id, "ann")]


def test_select_label_relabel_delete_overlap_undo(window, qtbot, db, tmp_path):
    to_rationale(qtbot, 1)
    view = window.letter_view
    assert QApplication.focusWidget() is view
    select_words(qtbot, 3)  # "No" "the" "request": punctuation is no stop
    key(qtbot, Qt.Key.Key_2)
    assert rows(db) == [("Missing documentation", "items.0.rationale", "No, the request")]
    assert "Labelled Missing documentation for item 1" in window.statusBar().currentMessage()

    key(qtbot, Qt.Key.Key_Left)  # caret back onto the highlight, no selection
    assert "Missing documentation · item 1" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_3)  # relabel
    assert rows(db) == [("Clinical fact", "items.0.rationale", "No, the request")]

    key(qtbot, Qt.Key.Key_L, CTRL)  # back to the rationale's start
    select_words(qtbot, 6)  # overlaps the first highlight and runs on
    key(qtbot, Qt.Key.Key_4)
    labelled = rows(db)
    assert ("Conclusion", "items.0.rationale", "No, the request for Soma (carisoprodol") in labelled
    assert len(labelled) == 2
    # The overlap is drawn with both colours mixed and a dashed underline of its own.
    start = db.highlights(1, "ann")[0].start
    block = view.document().findBlock(start)
    formats = block.layout().formats()
    dashed = QTextCharFormat.UnderlineStyle.DashUnderline
    assert any(f.format.underlineStyle() == dashed for f in formats)
    assert any(f.format.underlineStyle() != dashed for f in formats)

    key(qtbot, Qt.Key.Key_Z, CTRL)  # undo the overlapping highlight
    assert [r[0] for r in rows(db)] == ["Clinical fact"]
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert sorted(r[0] for r in rows(db)) == ["Clinical fact", "Conclusion"]

    key(qtbot, Qt.Key.Key_L, CTRL)
    key(qtbot, Qt.Key.Key_Right)  # inside both; the narrower one is removed
    key(qtbot, Qt.Key.Key_Delete)
    assert [r[0] for r in rows(db)] == ["Conclusion"]
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert sorted(r[0] for r in rows(db)) == ["Clinical fact", "Conclusion"]

    # The side list shows both; filtering by label narrows it; Return jumps to one.
    panel = window.highlight_panel
    assert panel.model.rowCount() == 2
    panel.filter.setCurrentIndex(panel.filter.findData("Conclusion"))
    assert panel.model.rowCount() == 1
    key(qtbot, Qt.Key.Key_4, CTRL)
    assert QApplication.focusWidget() is panel.table
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view
    conclusion = next(h for h in db.highlights(1, "ann") if h.label == "Conclusion")
    assert view.caret() == conclusion.start

    # What the database holds is exactly what the jsonl export carries.
    db.set_status(1, "ann", "done")
    export(db, "jsonl", tmp_path / "out.jsonl")
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    exported = sorted(
        (a["label"], a["field"], a["text"], a["start"], a["end"]) for a in record["highlights"]
    )
    stored = sorted(
        (h.label, h.field or None, record["text"][h.start : h.end], h.start, h.end)
        for h in db.highlights(1, "ann")
    )
    assert exported == stored
    assert len(exported) == 2


def test_label_across_two_items_asks_for_a_second_press(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_L, CTRL)  # caret at item 2's header
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right)  # inside "Percocet"
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Up, SHIFT)  # back up into the end of item 1's rationale
    key(qtbot, Qt.Key.Key_5)
    assert rows(db) == []
    assert "press 5 again" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_5)
    assert [r[0] for r in rows(db)] == ["Other"]


def test_done_needs_evidence_puts_the_caret_at_the_item(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 2
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)  # item 2 needs evidence
    assert db.gold(1, "ann").record.items[1].needs_evidence is True
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert window.session.letter_id == 1 and db.gold(1, "ann").status == "in_progress"
    assert "item 2 needs at least one evidence highlight" in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is window.letter_view
    assert (
        window.letter_view.caret()
        == db.gold(1, "ann").record.items[1].rationale.start
    )
    select_words(qtbot, 3)
    key(qtbot, Qt.Key.Key_1)
    assert rows(db)[0][1] == "items.1.rationale"
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert db.gold(1, "ann").status == "done" and window.session.letter_id == 2


def test_digits_still_type_in_form_fields(window, qtbot, db):
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "field:items.0.quantity"
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_4)
    key(qtbot, Qt.Key.Key_5)
    key(qtbot, Qt.Key.Key_Tab)
    assert db.gold(1, "ann").record.items[0].quantity == 45
    assert db.highlights(1, "ann") == []


def test_offsets_stay_right_after_emoji_and_right_to_left_text(qtbot, tmp_path, settings):
    """Qt counts UTF-16 units; the letter's offsets count characters. An emoji must not shift them."""
    from gui.qt.window.main_window import MainWindow
    from parsing import LoadedLetter, parse_text
    from storage.store import Prepared, Store

    text = "Note 😀😀 from the clinic (مرحبا) ✓\nIMR ISSUES, DECISIONS AND RATIONALES\nset forth below:\nSoma 350mg #30: Upheld\nDecision rationale: 🙂 No functional improvement was documented.\n"
    with Store.open(tmp_path / "e.db") as store:
        store.add_prepared(
            [
                Prepared.of(
                    LoadedLetter("e.txt", text, "x", len(text), "txt", "utf-8"), parse_text(text)
                )
            ]
        )
        win = shown(qtbot, MainWindow(store, "ann", settings))
        quantity = win.session.record.spans["items.0.quantity"]
        assert text[quantity[0] : quantity[1]] == "30"
        key(qtbot, Qt.Key.Key_PageDown, CTRL)
        for _ in range(6):
            key(qtbot, Qt.Key.Key_Tab)
        key(qtbot, Qt.Key.Key_L, CTRL)  # caret at the rationale, after three emoji
        assert win.letter_view.caret() == win.session.record.items[0].rationale.start
        select_words(qtbot, 4)
        key(qtbot, Qt.Key.Key_3)
        (made,) = store.highlights(1, "ann")
        assert text[made.start : made.end].startswith("🙂 No functional")
        assert (
            win.letter_view.highlighter.format_at(made.start + 3).background().color().alpha() > 0
        )
        win.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_label_stays_visible_inside_the_rationale_tint(window, qtbot, db, dark):
    """Found by a coder: a Clinical fact highlight vanished inside the current item's rationale
    tint. Each label is drawn with its own tint and an underline that stands out (3:1) from the
    page, the rationale tint and its own tint, in both palettes."""
    from gui.review.palette import PALETTES, contrast

    if dark:
        key(qtbot, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)
    to_rationale(qtbot, 1)
    select_words(qtbot, 2)
    key(qtbot, Qt.Key.Key_3)  # Clinical fact, inside the rationale being shown
    (made,) = db.highlights(1, "ann")
    painted = window.letter_view.highlighter.format_at(made.start + 1)
    assert painted is not None and painted.fontUnderline()
    table = PALETTES["dark" if dark else "light"]
    underline = painted.underlineColor().name()
    tint = painted.background().color().name()
    assert tint != table["rationale"]
    for background in (table["base"], table["rationale"], tint):
        assert contrast(underline, background) >= 3.0, (underline, background)


def test_the_same_label_twice_on_the_same_words_makes_one_highlight(window, qtbot, db):
    """Ctrl+T then 3, Ctrl+T then 3 again: it made two identical highlights, both exported
    (newcomer's finding). The second press now says the words already have that label."""
    to_rationale(qtbot, 1)
    select_words(qtbot, 3)
    key(qtbot, Qt.Key.Key_3)
    assert len(rows(db)) == 1
    key(qtbot, Qt.Key.Key_L, CTRL)
    select_words(qtbot, 3)  # the same words again
    key(qtbot, Qt.Key.Key_3)
    assert rows(db) == [("Clinical fact", "items.0.rationale", "No, the request")]
    assert "already" in window.statusBar().currentMessage()


def test_words_in_another_items_part_of_the_letter_are_linked_to_that_item(window, qtbot, db):
    """Item 1 is current; the coder finds words of item 2's rationale and labels them: they are
    evidence for item 2, whose part of the letter holds them (they had been linked to item 1)."""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 1's request
    assert QApplication.focusWidget().objectName() == "field:items.0.request"
    key(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "a short-acting opioid")
    key(qtbot, Qt.Key.Key_Return)  # found and selected in item 2's rationale
    key(qtbot, Qt.Key.Key_Escape)  # the find bar closes, the words stay selected
    key(qtbot, Qt.Key.Key_3)
    assert rows(db) == [("Clinical fact", "items.1.rationale", "a short-acting opioid")]
    assert "for item 2" in window.statusBar().currentMessage()


def test_a_done_letter_keeps_the_evidence_its_items_need(window, qtbot, db):
    """Done was refused while an item that needs evidence had none, but once done, the one
    highlight could be deleted (or its labelling undone), or evidence required of an item with
    none: the letter stayed done, exported as gold, without the evidence (a newcomer's session
    found it). Each is now refused, saying what to do; the letter stays done with its evidence."""
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 2
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)  # needs evidence
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_Home, CTRL)
    key(qtbot, Qt.Key.Key_3, CTRL)
    to_rationale(qtbot, 2)
    select_words(qtbot, 3)
    key(qtbot, Qt.Key.Key_1)
    assert rows(db)[0][1] == "items.1.rationale"
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert db.gold(1, "ann").status == "done" and window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert window.session.letter_id == 1

    def refused(what: str) -> None:
        said = window.statusBar().currentMessage()
        assert "item 2 needs evidence" in said and "letter is done" in said, (what, said)
        assert db.gold(1, "ann").status == "done", what
        assert [r[1] for r in rows(db)] == ["items.1.rationale"], what

    key(qtbot, Qt.Key.Key_Z, CTRL)  # undo the labelling
    refused("undo")
    key(qtbot, Qt.Key.Key_3, CTRL)
    to_rationale(qtbot, 2)
    key(qtbot, Qt.Key.Key_Right)  # onto the highlight
    key(qtbot, Qt.Key.Key_Delete)
    refused("delete")
    key(qtbot, Qt.Key.Key_4, CTRL)  # the highlight list, as the newcomer went
    key(qtbot, Qt.Key.Key_Home)
    key(qtbot, Qt.Key.Key_Return)  # to the highlight in the letter
    key(qtbot, Qt.Key.Key_Delete)
    refused("delete from the list")
    key(qtbot, Qt.Key.Key_3, CTRL)  # the form, at item 2's rationale
    key(qtbot, Qt.Key.Key_PageUp, CTRL)  # item 1: no evidence
    assert QApplication.focusWidget().objectName().startswith("field:items.0.")
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    said = window.statusBar().currentMessage()
    assert "item 1 needs evidence" in said and "letter is done" in said, said
    assert db.gold(1, "ann").record.items[0].needs_evidence is False
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # item 2 may stop needing it: nothing is lost
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    assert db.gold(1, "ann").record.items[1].needs_evidence is False
