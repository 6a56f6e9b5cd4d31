"""The queue's Qt model passes Qt's model tester on a queue of real letters (more rows than one
page of the lazy model), and keeps passing while the queue is filtered, searched, sorted, a row
changes status, and new letters are imported."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from synthetic import random_letter, render

from storage.importer import import_paths
from storage.queue import COLUMNS
from storage.store import Store

pytestmark = pytest.mark.gui

LETTERS = 150  # more than two of the model's pages (64 rows each)


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

    flagged = window.session.ids[100]  # on the model's second page
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
