"""The window against careless input: an import of a FIFO, search-box syntax and huge pastes,
markup in file names, flag notes and parser warnings (shown as plain text, checked on the
grabbed widgets)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _unblock_later(fifo, seconds: float) -> threading.Timer:
    """Should a reader block on the FIFO, open its other end after a while so the test ends."""

    def release() -> None:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass

    timer = threading.Timer(seconds, release)
    timer.start()
    return timer


def test_importing_a_fifo_from_the_window_does_not_freeze_it(window, qtbot, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "a.txt").write_text(
        "IMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture x 6 sessions: Overturned\n"
    )
    timer = _unblock_later(folder / "pipe.txt", 15)
    started = time.monotonic()
    try:
        summary = window.import_letters([str(folder)])
    finally:
        timer.cancel()
    took = time.monotonic() - started
    assert took < 10, f"the window was busy for {took:.0f} s"
    assert len(summary.imported) == 1
    box = window.findChild(QDialog, "importSummary")
    assert box is not None
    assert f"{folder / 'pipe.txt'}: not a regular file" in box.detailedText()
    box.close()


# --- the search box ----------------------------------------------------------------------------


def search(window, qtbot, text: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
    assert QApplication.focusWidget() is window.search_box
    qtbot.keyClick(window.search_box, Qt.Key.Key_A, CTRL)
    if text:
        qtbot.keyClicks(window.search_box, text)
    else:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Delete)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    "typed", ['"', 'Thermacare"', "NEAR(", "*", "-", "^Thermacare", "text:Thermacare", "AND", "("]
)
def test_search_syntax_characters_are_just_characters(window, qtbot, typed):
    search(window, qtbot, typed)
    assert not window.banner.isVisible(), window.banner.text()
    assert "error" not in window.statusBar().currentMessage()
    expected = {"Thermacare\"": [2], "^Thermacare": [2]}.get(typed)
    if expected is not None:  # the word in it is searched for
        assert window.session.ids == expected


def test_a_search_error_clears_with_the_next_valid_search(window, qtbot, monkeypatch):
    from storage import queue

    monkeypatch.setattr(queue, "SEARCH_BUDGET_S", 0.0)  # any search now runs out of time
    search(window, qtbot, "Thermacare")
    assert window.banner.isVisible() and "search" in window.banner.text()
    monkeypatch.undo()
    search(window, qtbot, "Thermacare")
    assert not window.banner.isVisible()
    assert window.session.ids == [2]


def test_a_200_kb_paste_into_the_search_box_does_not_freeze_the_window(window, qtbot):
    words = " ".join(f"word{n} Soma Norco" for n in range(20_000))[: 200 * 1024]
    QApplication.clipboard().setText(words)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClick(window.search_box, Qt.Key.Key_V, CTRL)
    # Should the search run away, interrupt it after 20 s so that the test ends.
    timer = threading.Timer(20, window.store.conn.interrupt)
    timer.start()
    started = time.monotonic()
    try:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    finally:
        timer.cancel()
    took = time.monotonic() - started
    assert took < 5, f"the window was busy for {took:.0f} s"
    assert window.session.ids == []  # no letter holds those made-up words
    assert "first" in window.statusBar().currentMessage()  # says the search was cut short
