"""Letters that are not what the parser expects still open, and the reviewer can do the form by hand."""

from __future__ import annotations

import pytest
from keys import ALT, CTRL, SHIFT, key
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from windows import shown

from gui.qt.window.main_window import MainWindow
from parsing import LoadedLetter, parse_text
from storage.store import Prepared, Store

pytestmark = pytest.mark.gui

LETTERS = {
    "empty": "",
    "one huge line": "Soma 350 MG #30 was requested and the applicant was seen again. "
    * 80_000,  # 5 MB
    "control characters": "Case\x00 Number:\x01 CM15-0000001\x1b[31m\x07\nSoma #30: Upheld\x0c\nDecision rationale: \x02no.\n",
    "right to left and emoji": "ملاحظة 😀 القضية\n‏Patient 44-year-old female 👩‍⚕️\nNorco #60: Overturned\nDecision rationale: ✓ documented.\n",
    "not a letter": "Dear friend, thank you for the lovely dinner.\n",
}


@pytest.fixture
def bad_window(qtbot, tmp_path):
    store = Store.open(tmp_path / "bad.db")
    batch = []
    for n, (name, text) in enumerate(LETTERS.items()):
        loaded = LoadedLetter(f"{name}.txt", text, f"sha-{n}", len(text.encode()), "txt", "utf-8")
        batch.append(Prepared.of(loaded, parse_text(text)))
    store.add_prepared(batch)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = shown(qtbot, MainWindow(store, "ann", settings))
    yield win
    win.close()
    store.close()


def test_every_bad_letter_opens_and_is_shown_whole(bad_window, qtbot):
    win = bad_window
    win.session.open(1)
    for n, text in enumerate(LETTERS.values(), 1):
        assert win.session.letter_id == n
        shown = win.letter_view.toPlainText()  # reflowed or not, every word of it
        assert shown.replace("\u2029", " ").split() == text.split() or n == 3
        key(qtbot, Qt.Key.Key_L, CTRL)  # the caret goes to a source, or stays, but nothing breaks
        key(qtbot, Qt.Key.Key_1)  # no selection: a message, no highlight
        key(qtbot, Qt.Key.Key_Escape)
        if n < len(LETTERS):
            key(qtbot, Qt.Key.Key_Right, ALT)
    assert win.store.highlights(1) == []


def test_control_characters_and_right_to_left_text_keep_offsets(bad_window, qtbot):
    win = bad_window
    win.session.open(4)
    text = LETTERS["right to left and emoji"]
    age = win.session.record.spans["patient_age"]
    assert text[age[0] : age[1]] == "44"
    win.session.open(3)
    assert win.session.record.case_number == "CM15-0000001"
    assert win.session.record.items[0].determination.value == "upheld"


def test_a_letter_the_parser_could_not_read_is_filled_by_hand(bad_window, qtbot):
    win = bad_window
    win.session.open(5)
    assert win.session.record.items == [] and win.session.record.case_number is None
    assert "No disputed items" in win.form.empty_items.text() and win.form.empty_items.isVisibleTo(
        win
    )
    win.form.focus_field("case_number")
    qtbot.keyClicks(QApplication.focusWidget(), "CM15-0009999")
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)  # add an item
    assert QApplication.focusWidget().objectName() == "field:items.0.request"
    qtbot.keyClicks(QApplication.focusWidget(), "Acupuncture x 6 sessions")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    gold = win.store.gold(5, "ann")
    assert gold.status == "done"
    assert gold.record.case_number == "CM15-0009999"
    assert [(i.request, i.determination.value) for i in gold.record.items] == [
        ("Acupuncture x 6 sessions", "upheld")
    ]
