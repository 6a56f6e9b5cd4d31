"""The window never loses its database locks, and notices if it does.

On Linux, closing *any* file descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included. A file dialog that sniffs the database's contents for an icon did exactly that:
another process closing the database then believed it was the last one, checkpointed and deleted
the WAL under the window, and the window's later edits went into a deleted file (invisible to
every other process; after a further import the database was malformed).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QListView

pytestmark = pytest.mark.gui

CLI = Path(sys.executable).with_name("imr-review")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "gui.cli"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, check=False
    )


def other_process_gold(db_path: Path) -> dict[str, object]:
    """The gold record of letter 1 as a separate process reads it."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        "row = c.execute('SELECT record FROM gold WHERE letter_id = 1').fetchone();"
        "print(row[0] if row else 'null'); c.close()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout) or {}


def open_and_close_file_dialog(qtbot, window, keys: tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
    """Press the import key, let the dialog list its folder, then close it with Escape."""
    seen: list[int] = []

    def close_when_listed() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, close_when_listed)
            return
        view = dialog.findChild(QListView, "listView")
        rows = view.model().rowCount(view.rootIndex()) if view is not None else 0
        seen.append(rows)
        if rows == 0 and len(seen) < 100:  # give the folder up to 2 s to be listed
            QTimer.singleShot(20, close_when_listed)
            return
        qtbot.wait(300)  # icons and types are fetched after the listing
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close_when_listed)
    qtbot.keyClick(QApplication.focusWidget(), keys[0], keys[1])
    assert seen and seen[-1] > 0, "the file dialog never listed the database's folder"


def type_into_case_number(qtbot, window, text: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = window.form.editor("case_number")
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ],
    ids=["files", "folder"],
)
def test_import_dialog_in_the_database_folder_loses_no_edit(
    window, qtbot, db_path, monkeypatch, samples_dir, tmp_path, keys
):
    monkeypatch.chdir(db_path.parent)  # the dialog opens in the database's own folder
    (db_path.parent / "incoming").mkdir()  # something for either dialog to list
    (db_path.parent / "incoming.txt").write_text("a letter", encoding="utf-8")
    type_into_case_number(qtbot, window, "CM15-0000001")
    assert other_process_gold(db_path)["case_number"] == "CM15-0000001"

    open_and_close_file_dialog(qtbot, window, keys)
    checked = cli("check", "--db", str(db_path))  # another process opens and closes the database
    assert checked.returncode == 0, checked.stderr

    type_into_case_number(qtbot, window, "CM15-0000002")
    assert "not saved" not in window.statusBar().currentMessage()
    assert other_process_gold(db_path)["case_number"] == "CM15-0000002"

    extra = tmp_path / "extra"
    extra.mkdir()
    letter = sorted(samples_dir.glob("*.txt"))[0]
    (extra / "copy.txt").write_text(
        letter.read_text(encoding="utf-8") + "\nP.S.\n", encoding="utf-8"
    )
    imported = cli("import", str(extra), "--db", str(db_path))
    assert imported.returncode == 0, imported.stderr
    type_into_case_number(qtbot, window, "CM15-0000003")
    window.close()
    window.store.close()

    assert other_process_gold(db_path)["case_number"] == "CM15-0000003"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM letters").fetchone()[0] == 4
    conn.close()


def drop_locks_like_a_sniffing_library(db_path: Path) -> None:
    with open(db_path, "rb") as stray:  # any open and close of the file in this process
        stray.read(16)


def test_a_lost_lock_is_taken_back_before_the_next_write(window, qtbot, db_path):
    type_into_case_number(qtbot, window, "CM15-0000001")
    drop_locks_like_a_sniffing_library(db_path)
    type_into_case_number(qtbot, window, "CM15-0000002")  # the write takes the locks back
    assert cli("check", "--db", str(db_path)).returncode == 0  # ... so this close deletes nothing
    type_into_case_number(qtbot, window, "CM15-0000003")
    assert other_process_gold(db_path)["case_number"] == "CM15-0000003"
    assert Path(f"{db_path}-wal").exists()


def test_the_window_takes_a_lost_lock_back_without_waiting_for_an_edit(window, qtbot, db_path):
    from storage.locks import Identity, locks_held

    type_into_case_number(qtbot, window, "CM15-0000001")
    identity = Identity.of(db_path)
    drop_locks_like_a_sniffing_library(db_path)
    assert locks_held(identity) is False
    qtbot.waitUntil(lambda: locks_held(identity) is True, timeout=3000)
    assert cli("check", "--db", str(db_path)).returncode == 0
    type_into_case_number(qtbot, window, "CM15-0000002")
    assert other_process_gold(db_path)["case_number"] == "CM15-0000002"


def test_a_log_deleted_under_the_window_stops_writes_and_says_so(window, qtbot, db_path):
    type_into_case_number(qtbot, window, "CM15-0000001")
    window._hold_timer.stop()  # the worst case: nothing noticed the lost lock in time
    drop_locks_like_a_sniffing_library(db_path)
    assert cli("check", "--db", str(db_path)).returncode == 0  # deletes the log under the window
    assert not Path(f"{db_path}-wal").exists()
    type_into_case_number(qtbot, window, "CM15-0000002")
    message = window.statusBar().currentMessage().lower()
    assert "not saved" in message and "write-ahead log" in message
    assert window.banner.isVisible()
    assert window.form.editor("case_number").text() == "CM15-0000002"  # still on screen
    assert other_process_gold(db_path)["case_number"] == "CM15-0000001"  # the saved edit is there
    window.close()
    window.store.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_database_moved_under_the_window_stops_writes_and_says_so(window, qtbot, db_path):
    type_into_case_number(qtbot, window, "CM15-0000001")
    moved = db_path.with_name("moved.db")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db_path}{suffix}").exists():
            os.rename(f"{db_path}{suffix}", f"{moved}{suffix}")
    type_into_case_number(qtbot, window, "CM15-0000002")
    message = window.statusBar().currentMessage().lower()
    assert "not saved" in message and "moved, replaced or deleted" in message
    assert window.banner.isVisible()
    assert not db_path.exists()  # nothing was created at the old path


class SlowProc:
    """/proc as this machine's kernel serves /proc/locks after a pause (6-16 ms a read), slowed
    further so that a read on the window's thread could not go unnoticed; records who reads."""

    def __init__(self, real: Callable[[Path], str], delay: float) -> None:
        self.real, self.delay = real, delay
        self.on_window_thread: list[bool] = []

    def __call__(self, path: Path) -> str:
        self.on_window_thread.append(threading.current_thread() is threading.main_thread())
        time.sleep(self.delay)
        return self.real(path)


def longest_pause(qtbot, for_ms: int) -> float:
    """The longest the window's event loop went without serving a 5 ms timer, in ms."""
    clock, gaps = QElapsedTimer(), [0.0]
    clock.start()

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.wait(for_ms)
    timer.stop()
    return max(gaps)


def test_the_lock_check_never_keeps_the_window_waiting(window, qtbot, db_path, monkeypatch):
    from storage import locks

    slow = SlowProc(locks._proc_text, delay=0.4)
    monkeypatch.setattr(locks, "_proc_text", slow)
    pause = longest_pause(qtbot, 3500)  # three checks or more
    assert slow.on_window_thread, "the window stopped checking its locks"
    assert not any(slow.on_window_thread), "the window read its locks on its own thread"
    assert pause < 300, f"the window stood still for {pause:.0f} ms"
    identity = locks.Identity.of(db_path)

    def held() -> bool | None:  # read at full speed, by the test
        with monkeypatch.context() as fast:
            fast.setattr(locks, "_proc_text", slow.real)
            return locks.locks_held(identity)

    drop_locks_like_a_sniffing_library(db_path)  # ... and it still takes a lost lock back
    assert held() is False
    qtbot.waitUntil(lambda: held() is True, timeout=4000)
    assert not any(slow.on_window_thread)
    assert cli("check", "--db", str(db_path)).returncode == 0
    assert Path(f"{db_path}-wal").exists()


def test_a_lost_lock_is_taken_back_after_a_search_has_run(window, qtbot, db_path):
    """SQLite counts a file's locks once per process: while the queue search kept a connection
    of its own open, reconnecting the window's took nothing back from the system, and a lost
    lock stayed lost for as long as the window was open."""
    from storage.locks import Identity, locks_held

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl_shift)  # the search box
    qtbot.keyClicks(window.search_box, "Soma")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.searching, timeout=10_000)
    identity = Identity.of(db_path)
    drop_locks_like_a_sniffing_library(db_path)
    assert locks_held(identity) is False
    qtbot.waitUntil(lambda: locks_held(identity) is True, timeout=4000)
    assert cli("check", "--db", str(db_path)).returncode == 0
    assert Path(f"{db_path}-wal").exists()
