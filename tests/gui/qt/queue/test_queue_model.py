"""The queue's Qt model passes Qt's model tester on a queue of real letters (many more rows than
are in view, which the lazy model reads as they are drawn), and keeps passing while the queue is
filtered, searched, sorted, a row changes status, and new letters are imported. A jump across
the queue reads the rows that come into view, not the whole queue or pages of it."""

from __future__ import annotations

import random

import pytest
from keys import CTRL, key
from PySide6.QtCore import Qt
from synthetic import random_letter, render

from storage.importer import import_paths
from storage.queue import COLUMNS
from storage.store import Store

pytestmark = pytest.mark.gui

LETTERS = 150  # many screens of the queue


def _write_letters(folder, count, seed):
    rng = random.Random(seed)
    folder.mkdir()
    for n in range(count):
        (folder / f"l{n:04d}.txt").write_text(render(random_letter(rng)))
    return folder


@pytest.fixture
def big_window(open_window, tmp_path):
    path = tmp_path / "queue.db"
    with Store.open(path) as store:
        import_paths(store, [str(_write_letters(tmp_path / "letters", LETTERS, 7))], workers=1)
    return open_window(path)


def _ids_shown(model):
    return [
        model.data(model.index(row, 0), Qt.ItemDataRole.UserRole) for row in range(model.rowCount())
    ]


def test_queue_model_passes_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.model)


def test_queue_model_passes_the_model_tester_through_filter_sort_and_reload(
    big_window, qtmodeltester, tmp_path, qtbot
):
    window, model = big_window, big_window.model
    # Qt's own tester stays attached: every later change is checked as it happens.
    qtmodeltester.check(model)
    assert model.rowCount() == LETTERS
    assert _ids_shown(model) == window.session.ids
    assert model.data(model.index(LETTERS - 1, COLUMNS.index("id"))) == str(window.session.ids[-1])

    flagged = window.session.ids[100]  # far out of view
    window.session.open(flagged)
    window.session.flag("check this one")
    row = window.session.row_of(flagged)
    assert model.data(model.index(row, COLUMNS.index("status"))) == "flagged"

    window.status_filter.setCurrentIndex(window.status_filter.findData("flagged"))
    assert _ids_shown(model) == [flagged]

    window.status_filter.setCurrentIndex(window.status_filter.findData("all"))
    window.table.sortByColumn(COLUMNS.index("id"), Qt.SortOrder.DescendingOrder)
    shown = _ids_shown(model)
    assert shown == sorted(shown, reverse=True) and len(shown) == LETTERS

    window.search_box.setText("no letter holds this word zzyzx")
    window.search_box.returnPressed.emit()
    qtbot.waitUntil(lambda: not window.searching)
    assert model.rowCount() == 0
    window.search_box.clear()
    window.search_box.returnPressed.emit()
    assert model.rowCount() == LETTERS

    window.import_letters([str(_write_letters(tmp_path / "more", 20, 8))])
    assert model.rowCount() == LETTERS + 20
    assert _ids_shown(model) == window.session.ids
    qtmodeltester.check(model, force_py=True)  # and pytest-qt's checks on the final state


def test_a_jump_to_the_end_of_the_queue_reads_only_the_rows_coming_into_view(big_window, qtbot):
    window, table = big_window, big_window.table
    asked: list[list[int]] = []
    rows = window.session.rows

    def counted(ids):
        asked.append(list(ids))
        return rows(ids)

    window.session.rows = counted
    key(qtbot, Qt.Key.Key_1, CTRL)  # to the queue
    key(qtbot, Qt.Key.Key_End, CTRL)  # the last letter opens
    qtbot.waitUntil(lambda: window.session.letter_id == window.session.ids[-1])
    table.repaint()
    in_view = [row for row in range(LETTERS) if table.visualRect(window.model.index(row, 0))
               .intersects(table.viewport().rect())]  # fmt: skip
    assert in_view[-1] == LETTERS - 1 and len(in_view) < LETTERS // 4
    read = [letter for query in asked for letter in query]
    assert set(window.session.ids[row] for row in in_view) <= set(read)
    # One query, for the rows in view (it was two: the rows around the new one were read first
    # to learn which letter the row shows)
    assert len(asked) == 1 and len(read) <= len(in_view) + 1, (len(asked), len(read))
    shown = window.model.data(window.model.index(LETTERS - 1, COLUMNS.index("id")))
    assert shown == str(window.session.ids[-1])
