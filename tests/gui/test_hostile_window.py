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
