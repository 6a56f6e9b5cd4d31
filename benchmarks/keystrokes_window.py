"""The keystroke benchmark's window mode: the planned keys pressed in the real review window.

`benchmarks/keystrokes.py --window` runs this: the real-letter gold's letters are imported into a
database file, one `MainWindow` (offscreen) opens each in turn, and every planned key
(gui.review.keystrokes' `plan`) is pressed with QTest on the widget that has the focus, as a
coder's keyboard would: Tab, Ctrl+PgDown, Ctrl+A and the text, Return, Alt+U, Ctrl+Shift+Return.
The database is then read through a second connection and compared with the gold.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gui.review.keystrokes import Step, key_count, plan
from parsing import Letter, load_file, parse_text
from storage.store import Store


def press(name: str) -> None:
    """One key by its name in the key model ("Tab", "Ctrl+PgDown", "a", ",")."""
    widget = QApplication.focusWidget()
    if not isinstance(widget, QWidget):
        raise AssertionError(f"no widget has the focus to press {name!r} in")
    if len(name) == 1:
        QTest.keyClicks(widget, name)
        return
    combination = QKeySequence(name)[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def drive(steps: list[Step]) -> None:
    app = QApplication.instance()
    assert app is not None
    for step in steps:
        for name in step.keys:
            press(name)
        app.processEvents()


def run(
    letters: list[dict[str, Any]],
    real: Path,
    target_of: Callable[[Letter, dict[str, Any]], Letter],
    same: Callable[[Letter, Letter], bool],
) -> tuple[list[int], list[str]]:
    """Keys per letter and the letters whose stored gold is not the gold after the keys."""
    from gui.qt.theme import apply_theme
    from gui.qt.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app, False)
    counts: list[int] = []
    wrong: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letters.db"
        with Store.open(path) as store:
            for gold in letters:
                loaded = load_file(real / gold["file"])
                store.add_letters([(loaded, parse_text(loaded.text))])
        store = Store.open(path)
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, "bench", settings)
        window.resize(1280, 720)
        window.show()
        window.activateWindow()
        app.processEvents()
        with Store.open(path) as reader:
            for n, gold in enumerate(letters, start=1):
                window.session.open(n)
                window._go_to(window.session.current_path)
                app.processEvents()
                assert window.session.prediction is not None
                target = target_of(window.session.prediction, gold)
                steps = plan(window.session.prediction, target, window.session.current_path)
                try:
                    drive(steps)
                except AssertionError as error:
                    wrong.append(f"{gold['file']}: {error}")
                    counts.append(key_count(steps))
                    continue
                stored = reader.gold(n, "bench")
                if stored is None or stored.status != "done" or not same(stored.record, target):
                    wrong.append(gold["file"])
                counts.append(key_count(steps))
        window.close()
        store.close()
        app.processEvents()
    return counts, wrong
