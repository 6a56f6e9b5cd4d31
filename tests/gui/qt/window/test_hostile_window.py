"""The window against careless input: an import of a FIFO, search-box syntax and huge pastes,
markup in file names, flag notes and parser warnings (shown as plain text, checked on the
grabbed widgets)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from windows import shown

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
    qtbot.waitUntil(lambda: not window.searching, timeout=10_000)  # it runs in the background


@pytest.mark.parametrize(
    "typed", ['"', 'Thermacare"', "NEAR(", "*", "-", "^Thermacare", "text:Thermacare", "AND", "("]
)
def test_search_syntax_characters_are_just_characters(window, qtbot, typed):
    search(window, qtbot, typed)
    assert not window.banner.isVisible(), window.banner.text()
    assert "error" not in window.statusBar().currentMessage()
    expected = {'Thermacare"': [2], "^Thermacare": [2]}.get(typed)
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
        qtbot.waitUntil(lambda: not window.searching, timeout=20_000)
    finally:
        timer.cancel()
    took = time.monotonic() - started
    assert took < 5, f"the search took {took:.0f} s"
    assert window.session.ids == []  # no letter holds those made-up words
    assert "first" in window.statusBar().currentMessage()  # says the search was cut short


# --- markup in names, notes and warnings ---------------------------------------------------------

MARKUP = "<img src=red.png><b>bold"  # no slash: it is also a file and folder name


def red_pixels(widget) -> int:
    image = widget.grab().toImage()
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).name() == "#ff0000"
    )


def shown_tooltip(qtbot, widget, text):
    """Show a tooltip as hovering would, and return Qt's tooltip label."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel, QToolTip

    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QToolTip.showText(widget.mapToGlobal(QPoint(5, 5)), text, widget)
    label = None

    def shown():
        nonlocal label
        label = next(
            (w for w in QApplication.topLevelWidgets()
             if isinstance(w, QLabel) and w.objectName() == "qtooltip_label" and w.isVisible()),
            None,
        )  # fmt: skip
        return label is not None

    qtbot.waitUntil(shown)
    return label


@pytest.fixture
def red_png(tmp_path, monkeypatch):
    """A red picture in the working folder, where a rendered <img src=red.png> would find it."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(80, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    image.save(str(tmp_path / "red.png"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "red.png"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: tooltips raise
def test_markup_in_a_file_name_note_and_warnings_is_shown_as_text(
    qtbot, tmp_path, red_png, settings, monkeypatch
):
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QInputDialog

    from gui.qt.window.main_window import MainWindow
    from parsing import load_file, parse_text
    from storage.store import Prepared, Store

    folder = tmp_path / "in"
    folder.mkdir()
    letter = folder / f"{MARKUP}.txt"
    letter.write_text(
        "IMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture x 6 sessions: Overturned\n"
    )
    loaded = load_file(letter)
    parsed = parse_text(loaded.text)
    warned = parsed.model_copy(update={"warnings": [f"item 1: no treatment name in '{MARKUP}'"]})
    db = folder.parent / "g.db"
    with Store.open(db) as store:
        store.add_prepared([Prepared.of(loaded, warned)])
    store = Store.open(db)
    window = shown(qtbot, MainWindow(store, "ann", settings))
    try:
        info = window.letter_info
        assert MARKUP + ".txt" in info.text() or MARKUP + ".txt" in _shown(info)
        assert red_pixels(info) == 0, "the file name's <img> was rendered"
        tooltip = shown_tooltip(qtbot, info, info.toolTip())
        assert red_pixels(tooltip) == 0, "the warning's <img> was rendered"
        document = QTextDocument()
        document.setHtml(tooltip.text())
        assert f"no treatment name in '{MARKUP}'" in document.toPlainText()
        # A flag note typed with markup in it.
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (MARKUP, True))
        qtbot.keyClick(window, Qt.Key.Key_K, CTRL | SHIFT)  # flag, with a note
        assert window.session.note == MARKUP
        assert MARKUP in _shown(info)
        assert red_pixels(info) == 0, "the note's <img> was rendered"
        # The queue's tooltip of the file name.
        tip = window.model.data(window.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
        label = shown_tooltip(qtbot, window.table.viewport(), tip)
        assert red_pixels(label) == 0, "the queue tooltip's <img> was rendered"
    finally:
        window.close()
        store.close()


def _shown(label) -> str:
    """What a QLabel shows a reader: its text as rendered (rich text) or as it is (plain)."""
    from PySide6.QtGui import QTextDocument

    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def test_markup_in_the_database_path_is_shown_as_text_in_the_banner(
    qtbot, tmp_path, red_png, settings, samples_dir
):
    from gui.qt.window.main_window import MainWindow
    from storage.importer import import_paths
    from storage.store import Store

    folder = tmp_path / MARKUP
    folder.mkdir()
    with Store.open(folder / "g.db") as store:
        import_paths(store, [str(samples_dir)], workers=1)
    with Store.open(folder / "g.db", readonly=True) as store:
        window = MainWindow(store, "ann", settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.banner.isVisible() and MARKUP in _shown(window.banner)
        assert red_pixels(window.banner) == 0
        window.close()


# --- long searches and imports run in the background ---------------------------------------------


def _slow_search(monkeypatch, window):
    """Every queue search first runs a query that never ends by itself (a real SQLite loop, which
    only an interrupt stops), wherever the window runs its searches; a safety timer interrupts
    the window's own connection so that a frozen window still ends the test."""
    import gui.qt.workers
    import gui.review.navigation

    real = gui.review.navigation.queue_ids
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )

    def slow(store, reviewer, query):
        if query.search:
            store.conn.execute(endless).fetchone()
        return real(store, reviewer, query)

    monkeypatch.setattr(gui.review.navigation, "queue_ids", slow)
    monkeypatch.setattr(gui.qt.workers, "queue_ids", slow)
    safety = threading.Timer(8, window.store.conn.interrupt)
    safety.start()
    return safety


def test_a_long_search_leaves_the_window_working_and_escape_stops_it(
    window, qtbot, db, monkeypatch
):
    safety = _slow_search(monkeypatch, window)
    try:
        search_started = time.monotonic()
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
        qtbot.keyClicks(window.search_box, "Thermacare")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        assert time.monotonic() - search_started < 4, "the search froze the window"
        assert window.searching
        # While it runs, the coder goes on: back to the form and a case number typed and saved.
        qtbot.keyClick(window, Qt.Key.Key_Tab)  # leaves the search box
        window.focus_form()
        editor = window.form.editor("case_number")
        qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(editor, "CM17-0000001")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert db.gold(1, "ann").record.case_number == "CM17-0000001"
        assert window.searching  # still looking
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.searching, timeout=3000)
        assert "Search stopped" in window.statusBar().currentMessage()
        assert window.session.ids == [1, 2, 3]  # the queue is as it was
        assert not window.banner.isVisible()
    finally:
        safety.cancel()
    monkeypatch.undo()
    search(window, qtbot, "Thermacare")  # the next search runs as usual
    assert window.session.ids == [2]


def test_a_newer_search_replaces_one_still_running(window, qtbot, monkeypatch):
    safety = _slow_search(monkeypatch, window)
    try:
        qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
        qtbot.keyClicks(window.search_box, "Norco")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        assert window.searching
        monkeypatch.undo()  # searches are quick again: the newer one answers
        qtbot.keyClick(window.search_box, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(window.search_box, "Thermacare")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.searching, timeout=5000)
        assert window.session.ids == [2]
        assert not window.banner.isVisible()  # the stopped search is not reported as an error
    finally:
        safety.cancel()


def test_typing_a_search_searches_once_typing_pauses(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.search_box, "Thermacare")  # no Return
    qtbot.waitUntil(lambda: window.session.ids == [2], timeout=5000)
    assert QApplication.focusWidget() is window.search_box  # typing can go on


def _slow_import(monkeypatch, tmp_path, letters: int, seconds_each: float):
    """A folder of small letters, and an import slowed down per file (a slow disk)."""
    import gui.qt.workers

    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(letters):
        (folder / f"l{n:02d}.txt").write_text(
            f"IMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture x {n + 1} sessions: Overturned\n"
        )
    real = gui.qt.workers.import_paths

    def unhurried(store, paths, *, workers=None, progress=None):
        def step(done, total):
            time.sleep(seconds_each)
            if progress is not None:
                progress(done, total)

        return real(store, paths, workers=workers, progress=step)

    monkeypatch.setattr(gui.qt.workers, "import_paths", unhurried)
    return folder


def _answer_the_next_question(qtbot, *keys: Qt.Key) -> list[str]:
    """Once a message box is up, note its text and press ``keys`` in it, one after another,
    each on the widget with the focus (Tab moves it between the buttons, Space presses one)."""
    seen: list[str] = []
    tries: list[int] = []

    def answer() -> None:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
        if not boxes:
            tries.append(1)
            if len(tries) < 50:  # up to 1 s for the question to come up
                QTimer.singleShot(20, answer)
            return
        box = boxes[0]
        seen.append(f"{box.text()}\n{box.informativeText()}")
        for key in keys:
            qtbot.keyClick(box.focusWidget() or box, key)
        if keys and box.isVisible():  # the keys did not answer it: never leave the test waiting
            box.reject()

    QTimer.singleShot(0, answer)
    return seen


def test_quitting_during_an_import_asks_first(window, qtbot, tmp_path, db, monkeypatch):
    folder = _slow_import(monkeypatch, tmp_path, letters=40, seconds_each=0.15)
    window.start_import([str(folder)])
    dialog = window.findChild(QDialog, "importProgress")
    qtbot.waitUntil(lambda: dialog.value() >= 3, timeout=10_000)
    window.activateWindow()  # the coder goes back to the window, the import's progress aside
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()

    seen = _answer_the_next_question(qtbot, Qt.Key.Key_Escape)  # Escape: keep working
    qtbot.keyClick(window.table, Qt.Key.Key_Q, CTRL)
    assert window.isVisible() and window.importing, "Ctrl+Q stopped the import without asking"
    question = seen[-1]
    assert "import is running" in question and "of 40 files" in question
    assert "stay imported" in question

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = _answer_the_next_question(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Space)
    qtbot.keyClick(window.table, Qt.Key.Key_Q, CTRL)  # Tab to "Stop the import and quit", Space
    assert "import is running" in seen[-1]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not window.importing or window._import.wait(10)
    assert 3 < db.letter_count() < 43  # the letters read so far stayed


def test_the_question_goes_when_the_import_ends_while_it_is_up(window, qtbot, tmp_path, db, monkeypatch):
    folder = _slow_import(monkeypatch, tmp_path, letters=8, seconds_each=0.1)
    window.start_import([str(folder)])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = _answer_the_next_question(qtbot)  # looks, answers nothing
    forced: list[str] = []

    def close_it_if_still_up() -> None:  # the test never hangs on a question left up
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                forced.append(widget.text())
                widget.reject()

    QTimer.singleShot(15_000, close_it_if_still_up)
    qtbot.keyClick(window.table, Qt.Key.Key_Q, CTRL)  # returns when the question is gone
    assert seen and "import is running" in seen[-1]
    assert not forced, "the question stayed up after the import ended"
    assert window.isVisible() and not window.importing
    box = window.findChild(QDialog, "importSummary")
    assert box is not None or "Imported 8 letter" in window.statusBar().currentMessage()


def test_an_import_runs_in_the_background_while_the_review_goes_on(
    window, qtbot, tmp_path, db, monkeypatch
):
    folder = _slow_import(monkeypatch, tmp_path, letters=30, seconds_each=0.1)
    runner = window.start_import([str(folder)])
    assert runner is not None and window.importing
    editor = window.form.editor("case_number")
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "CM17-0000002")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert db.gold(1, "ann").record.case_number == "CM17-0000002"
    assert window.importing  # the import was still running while the coder worked
    assert window.start_import([str(folder)]) is None  # one import at a time
    assert "still running" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.importing, timeout=20_000)
    assert db.letter_count() == 33 and window.model.rowCount() == 33
    assert "Imported 30 letters" in window.statusBar().currentMessage()


def test_stop_in_the_import_dialog_keeps_what_was_read(window, qtbot, tmp_path, db, monkeypatch):
    folder = _slow_import(monkeypatch, tmp_path, letters=40, seconds_each=0.05)
    window.start_import([str(folder)])
    dialog = window.findChild(QDialog, "importProgress")
    qtbot.waitUntil(lambda: dialog.value() >= 5, timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the dialog's Stop
    qtbot.waitUntil(lambda: not window.importing, timeout=10_000)
    assert "Import stopped" in window.statusBar().currentMessage()
    assert 3 < db.letter_count() < 43
    assert window.model.rowCount() == db.letter_count()
