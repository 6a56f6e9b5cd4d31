"""Drive a real review window in this process with real key presses, forever, printing what is
confirmed saved. The kill-loop test SIGKILLs this process at random moments.

    python drive_app.py DB SETTINGS_INI SEED

Lines printed (flushed): READY <letter>, SEND <what> ..., ACK <what> ... (ACK only once the
change is in the database: the session reports it saved and the window shows it).
"""

from __future__ import annotations

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.qt.window.main_window import MainWindow
from storage.store import Store

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def say(*words: object) -> None:
    # One write per line: a pipe write this small is atomic, so a kill never leaves half a line.
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def main() -> None:
    db, ini, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    app = QApplication(sys.argv[:1])
    store = Store.open(db)
    window = MainWindow(store, "ann", QSettings(ini, QSettings.Format.IniFormat))
    window.show()
    window.activateWindow()
    app.processEvents()
    session = window.session
    say("READY", session.letter_id)

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget() or window, key, modifier)
        app.processEvents()

    n = 0
    while True:
        n += 1
        letter = session.letter_id
        roll = rng.random()
        if roll < 0.45:  # type a case number and leave the field
            value = f"CM{rng.randint(13, 16)}-{rng.randint(0, 9999999):07d}"
            window.form.focus_field("case_number")
            say("SEND edit", letter, "case_number", value)
            press(Qt.Key.Key_A, CTRL)
            QTest.keyClicks(QApplication.focusWidget(), value)
            press(Qt.Key.Key_Tab)
            if session.record is not None and session.record.case_number == value:
                say("ACK edit", letter, "case_number", value)
        elif roll < 0.65 and session.record is not None and session.record.items:
            value = rng.choice(["upheld", "overturned"])
            current = session.record.items[0].determination
            if current is not None and current.value == value:  # a change, so that it is saved
                value = "overturned" if value == "upheld" else "upheld"
            window.form.focus_field("items.0.request")
            say("SEND edit", letter, "items.0.determination", value)
            press(Qt.Key.Key_U if value == "upheld" else Qt.Key.Key_O, ALT)
            if (
                session.record.items[0].determination
                and session.record.items[0].determination.value == value
            ):
                say("ACK edit", letter, "items.0.determination", value)
        elif roll < 0.8 and session.letter is not None and len(session.letter.text) > 200:
            start = rng.randrange(0, len(session.letter.text) - 100)
            cursor = window.letter_view.textCursor()
            cursor.setPosition(window.letter_view.offsets.to_qt(start))
            cursor.setPosition(
                window.letter_view.offsets.to_qt(start + rng.randint(5, 80)),
                cursor.MoveMode.KeepAnchor,
            )
            window.letter_view.setTextCursor(cursor)
            window.letter_view.setFocus()
            before = {h.id for h in session.highlights}
            say("SEND highlight", letter)
            press(Qt.Key.Key_1)
            press(Qt.Key.Key_1)  # a second press labels even across two items
            for h in session.highlights:
                if h.id not in before:
                    say("ACK highlight", letter, h.id, h.start, h.end)
        elif roll < 0.95:
            say("SEND open")
            press(Qt.Key.Key_Right, ALT)
            if session.letter_id != letter:
                say("ACK open", session.letter_id)
        else:
            say("SEND done", letter)
            press(Qt.Key.Key_Return, CTRL)
            if store.gold(letter, "ann") is not None and store.gold(letter, "ann").status == "done":
                say("ACK done", letter)
                say("ACK open", session.letter_id)


if __name__ == "__main__":
    main()
