"""The queue driven from the keyboard: the status filter, the search marked in the letter,
sorting, and rows that follow the database when another program changes it."""

from __future__ import annotations

import pytest
from keys import ALT, CTRL, SHIFT, key
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_arrow_keys_on_the_status_filter_do_not_switch_letters(window, qtbot):
    key(qtbot, Qt.Key.Key_Return, CTRL)  # letter 1 done; letter 2 opens
    key(qtbot, Qt.Key.Key_Right, ALT)
    key(qtbot, Qt.Key.Key_K, CTRL)  # letter 3 skipped; back to letter 2
    assert window.session.letter_id == 2
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)  # the search box; the filter is before it
    key(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert QApplication.focusWidget() is window.status_filter
    for arrow in [Qt.Key.Key_Down] * 7 + [Qt.Key.Key_Up] * 7:
        key(qtbot, arrow)
        qtbot.wait(50)
        assert window.session.letter_id == 2, window.status_filter.currentText()
    assert window.status_filter.currentData() == "all"
    assert window.table.currentIndex().row() == 1


def underlined(view, offset):
    painted = view.highlighter.format_at(offset)
    return painted is not None and painted.underlineStyle() != painted.UnderlineStyle.NoUnderline


def test_a_letter_opened_from_a_search_shows_the_words_marked(window, qtbot):
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.search_box, "xanax")  # no Return: searched once typing pauses
    qtbot.waitUntil(lambda: window.session.letter_id == 3 and not window.searching)
    text = window.session.letter.text
    view = window.letter_view
    first = text.index("Xanax")
    assert underlined(view, first) and underlined(view, text.index("Xanax", first + 5))
    assert not underlined(view, first - 2)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_qt(first))
    assert view.viewport().rect().contains(view.cursorRect(cursor).center())  # in view
    assert "underlined" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_A, CTRL)  # a search cleared: nothing marked any more
    key(qtbot, Qt.Key.Key_Delete)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.searching and window.model.rowCount() == 3)
    key(qtbot, Qt.Key.Key_Right, ALT)  # letter 3 is the last: back one and forth
    key(qtbot, Qt.Key.Key_Left, ALT)
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert not underlined(view, first)


def column_of(window, header):
    return [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)].index(header)


def test_sorting_from_the_keyboard(window, qtbot):
    key(qtbot, Qt.Key.Key_1, CTRL)
    key(qtbot, Qt.Key.Key_S, ALT)  # the next column: Status
    assert window.session.query.sort == "status" and not window.session.query.descending
    key(qtbot, Qt.Key.Key_S, ALT | SHIFT)  # the other way round
    assert window.session.query.descending
    assert window.table.horizontalHeader().sortIndicatorSection() == column_of(window, "Status")
    assert window.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    for _ in range(3):
        key(qtbot, Qt.Key.Key_S, ALT)  # case number, items, min conf.
    assert window.session.query.sort == "min_confidence"
    shown = [float(window.model.data(window.model.index(r, column_of(window, "Min conf."))))
             for r in range(3)]  # fmt: skip
    assert shown == sorted(shown)
    assert "Min conf." in window.statusBar().currentMessage()
    assert window.session.letter_id == 1  # sorting never opens another letter


def test_the_queue_follows_the_database_when_another_program_changes_it(
    window, qtbot, db, samples_dir, tmp_path
):
    from storage.importer import import_paths

    key(qtbot, Qt.Key.Key_Right, ALT)
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert window.model.rowCount() == 3
    db.set_status(1, "ann", "done")  # another window marks letter 1 done
    status = column_of(window, "Status")
    qtbot.waitUntil(lambda: window.model.data(window.model.index(0, status)) == "done", timeout=6000)
    assert window.progress_label.text() == "1 of 3 done"
    copy = tmp_path / "more"
    copy.mkdir()
    (copy / "another.txt").write_text(
        (samples_dir / next(p.name for p in samples_dir.glob("001_*.txt"))).read_text() + "\nPS\n"
    )
    import_paths(db, [str(copy)], workers=1)  # another program imports a letter
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=6000)
    assert window.session.letter_id == 2 and window.table.currentIndex().row() == 1
    assert window.progress_label.text().endswith("of 4 done")
    assert QApplication.focusWidget() is window.table


def test_sorting_while_a_search_runs_keeps_both(window, qtbot, monkeypatch):
    import time

    import gui.qt.workers

    real = gui.qt.workers.queue_ids

    def slow(store, reviewer, query):
        time.sleep(0.8)  # in the search thread: the window goes on meanwhile
        return real(store, reviewer, query)

    monkeypatch.setattr(gui.qt.workers, "queue_ids", slow)
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.search_box, "Soma")
    key(qtbot, Qt.Key.Key_Return)
    assert window.searching
    key(qtbot, Qt.Key.Key_S, ALT)  # sorted by status before the search answers
    key(qtbot, Qt.Key.Key_S, ALT | SHIFT)
    qtbot.waitUntil(lambda: not window.searching, timeout=8000)
    query = window.session.query
    assert (query.search, query.sort, query.descending) == ("Soma", "status", True)
    assert window.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_first_window_lists_the_letters_by_number_and_its_header_says_so(window, qtbot):
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    shown = [window.model.data(window.model.index(row, 0)) for row in range(3)]
    assert shown == ["1", "2", "3"]
    click = QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # a click turns it round
    assert window.model.data(window.model.index(0, 0)) == "3"


def test_a_search_marks_the_open_letter_and_clearing_it_unmarks(window, qtbot):
    """The letter open when a search is typed, and found by it, got no marks until it was left
    and opened again; after the search was cleared its marks stayed (newcomer's finding)."""
    window.session.open(3)
    text, view = window.session.letter.text, window.letter_view
    first = text.index("Xanax")
    assert not underlined(view, first)
    key(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    qtbot.keyClicks(window.search_box, "xanax")
    qtbot.waitUntil(lambda: not window.searching and window.model.rowCount() == 1)
    assert window.session.letter_id == 3
    assert underlined(view, first)
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not window.searching and window.model.rowCount() == 3)
    assert window.session.letter_id == 3 and not underlined(view, first)


def test_the_column_sorted_by_comes_into_view(window, qtbot):
    """At 1280x720 the queue shows four columns; sorting by Min conf. or Last change from the
    keyboard scrolled nothing, so the coder could not see what the queue was sorted by."""
    window.resize(1280, 720)
    qtbot.wait(50)
    table = window.table

    def in_view(header: str) -> bool:
        column = column_of(window, header)
        x = table.columnViewportPosition(column)
        return x >= 0 and x + table.columnWidth(column) <= table.viewport().width() + 1

    key(qtbot, Qt.Key.Key_1, CTRL)
    assert not in_view("Last change"), "the queue shows every column: nothing to test"
    for header in ("Status", "Case number", "Items", "Min conf.", "Reviewers", "Last change", "#"):
        key(qtbot, Qt.Key.Key_S, ALT)
        qtbot.wait(10)
        assert in_view(header), header


def test_tab_leaves_the_queue_without_opening_another_letter(window, qtbot):
    """Tab in the queue moved from cell to cell and on to the next row, opening letter after
    letter (and scrolling the # column out of view); it now goes on to the next part of the
    window, as Tab does everywhere else, and the open letter stays open."""
    from keys import focus

    from storage.queue import COLUMNS

    key(qtbot, Qt.Key.Key_1, CTRL)
    assert focus() is window.table
    opened = window.session.letter_id
    for _ in range(len(COLUMNS) + 1):
        key(qtbot, Qt.Key.Key_Tab)
        if focus() is not window.table:
            break
    assert focus() is not window.table
    assert window.session.letter_id == opened
    key(qtbot, Qt.Key.Key_1, CTRL)
    key(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focus() is not window.table and window.session.letter_id == opened


def test_the_sorted_columns_title_fits_beside_the_sort_arrow(window, qtbot):
    """Sorted by case number, the header's arrow was drawn over "Case number"; the "#" column
    cut a five-digit letter id ("48...")."""
    from storage.queue import COLUMNS

    header = window.table.horizontalHeader()
    for column in range(len(COLUMNS)):
        window.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        if not header.isSectionHidden(column):
            assert header.sectionSize(column) >= header.sectionSizeHint(column), COLUMNS[column]
    ids = window.table.fontMetrics().horizontalAdvance("50000")
    assert header.sectionSize(0) >= ids + 8


@pytest.fixture
def long_queue(open_window, tmp_path):
    """Eighty synthetic letters: more than the queue shows at once."""
    from synthetic import write_letters

    from storage.importer import import_paths
    from storage.store import Store

    write_letters(tmp_path / "letters", 80, seed=11)
    with Store.open(tmp_path / "long.db") as store:
        import_paths(store, [str(tmp_path / "letters")], workers=1)
    return open_window(tmp_path / "long.db")


def _rows_in_view(table) -> tuple[int, int]:
    viewport = table.viewport()
    last = table.rowAt(viewport.height() - 1)
    return table.rowAt(0), last if last >= 0 else table.model().rowCount() - 1


def test_the_next_letters_stay_in_view_as_the_coder_goes_down_the_queue(long_queue, qtbot):
    """Alt+Right from the last row in view: the queue brings the open letter to its middle, so
    the letters that come next are in view and the next presses do not move the queue. Before,
    the open letter stayed on the bottom row and the whole queue moved at every press."""
    window, table = long_queue, long_queue.table
    _, last = _rows_in_view(table)
    assert last < window.model.rowCount() - 20, "the queue shows every letter: nothing to test"
    window.session.open(window.session.ids[last])
    qtbot.wait(20)
    key(qtbot, Qt.Key.Key_Right, ALT)
    qtbot.wait(20)
    row = window.session.position
    first, last = _rows_in_view(table)
    assert first <= row <= last
    assert last - row >= 5, f"row {row} opened, rows {first}-{last} in view"
    top = table.verticalScrollBar().value()
    key(qtbot, Qt.Key.Key_Right, ALT)
    qtbot.wait(20)
    assert table.verticalScrollBar().value() == top  # the next row was in view: no move


def test_the_queue_scrolled_sideways_stays_still_while_the_arrows_go_down_it(long_queue, qtbot):
    """Right arrows take the current cell to a column out of view (the queue scrolls
    sideways), then Down goes down the rows in view: the queue does not move. It moved at every
    press, once scrolled sideways: the row's first cell was out of view, so the row counted as
    out of view and was brought to the middle."""
    window, table = long_queue, long_queue.table
    key(qtbot, Qt.Key.Key_1, CTRL)  # the queue
    for _ in range(6):
        key(qtbot, Qt.Key.Key_Right)
    assert table.horizontalScrollBar().value() > 0, "the queue shows every column: nothing to test"
    _, last = _rows_in_view(table)
    top = table.verticalScrollBar().value()
    while table.currentIndex().row() < last - 1:
        key(qtbot, Qt.Key.Key_Down)
        assert table.verticalScrollBar().value() == top, f"moved at row {table.currentIndex().row()}"
    assert window.session.position == last - 1


def test_the_column_the_coder_scrolled_to_stays_in_view_down_the_queue(long_queue, qtbot):
    """Right arrows bring a column out of view into it (the queue scrolls sideways, as a coder
    does to read the Reviewers column of a narrow queue); Down, and the next letter opened from
    the form, keep that column and the current cell in view. The queue snapped back to its
    first column at each press, the current cell's frame out of view."""
    window, table = long_queue, long_queue.table
    bar = table.horizontalScrollBar()
    key(qtbot, Qt.Key.Key_1, CTRL)  # the queue
    for _ in range(6):
        key(qtbot, Qt.Key.Key_Right)
    sideways, column = bar.value(), table.currentIndex().column()
    assert sideways > 0, "the queue shows every column: nothing to test"

    def current_cell_in_view() -> bool:  # as much of it as the queue's width lets in
        shown = table.viewport().rect().intersected(table.visualRect(table.currentIndex()))
        return shown.width() >= min(table.columnWidth(column), table.viewport().width()) // 2

    assert current_cell_in_view()
    for press in range(3):
        key(qtbot, Qt.Key.Key_Down)
        assert (bar.value(), table.currentIndex().column()) == (sideways, column), f"Down {press + 1}"
        assert current_cell_in_view()
    key(qtbot, Qt.Key.Key_3, CTRL)  # the form; the next letters from there
    _, last = _rows_in_view(table)
    while window.session.position <= last:  # past the bottom: that one comes to the middle
        key(qtbot, Qt.Key.Key_Right, ALT)
        assert (bar.value(), table.currentIndex().column()) == (sideways, column)
        assert current_cell_in_view()
    assert table.rowViewportPosition(window.session.position) > 0
    key(qtbot, Qt.Key.Key_1, CTRL)
    for ends in (Qt.Key.Key_End, Qt.Key.Key_Home):  # the last letter, the first: same column
        key(qtbot, ends, CTRL)
        assert (bar.value(), table.currentIndex().column()) == (sideways, column)
    assert window.session.position == 0


def test_a_click_on_the_row_cut_at_the_bottom_opens_it_where_it_is(long_queue, qtbot):
    """A click on the bottom row, cut by the queue's edge: that letter opens and the queue moves
    by that row at most, so a second click lands on the row after it, not on a letter half a
    page further (the open letter was brought to the middle)."""
    window, table = long_queue, long_queue.table
    viewport = table.viewport()
    row = table.rowAt(viewport.height() - 1)
    if table.rowViewportPosition(row) + table.rowHeight(row) <= viewport.height():
        window.resize(window.width(), window.height() + table.rowHeight(row) // 2)
        qtbot.wait(20)
        row = table.rowAt(viewport.height() - 1)
    assert table.rowViewportPosition(row) + table.rowHeight(row) > viewport.height()
    top = table.verticalScrollBar().value()
    at = table.visualRect(window.model.index(row, 1)).center()
    at.setY(viewport.height() - 3)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert window.session.position == row
    assert table.verticalScrollBar().value() - top <= 1
