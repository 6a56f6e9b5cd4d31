"""What the queue draws: each cell's words, right-aligned numbers, a low confidence in amber,
the open letter's row in the selection colour. The queue's table paints its rows itself (not
through a delegate or the model's roles), so these read the pixels of the painted table."""

from __future__ import annotations

import random

import pytest
from keys import CTRL, focus, key
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle
from synthetic import random_letter, render

from gui.qt.queue.queue_model import AMBER
from parsing import UNSURE_BELOW
from storage.importer import import_paths
from storage.queue import COLUMNS
from storage.store import Store

pytestmark = pytest.mark.gui


@pytest.fixture
def mixed_window(open_window, tmp_path, samples_dir):
    """The samples (the parser unsure of some field of each) and synthetic letters (sure)."""
    folder = tmp_path / "letters"
    folder.mkdir()
    rng = random.Random(3)
    for n in range(12):
        (folder / f"s{n:02d}.txt").write_text(render(random_letter(rng)))
    with Store.open(tmp_path / "mixed.db") as store:
        import_paths(store, [str(samples_dir), str(folder)], workers=1)
    return open_window(tmp_path / "mixed.db")


def _cell(window, row, column):
    """The painted cell as an image."""
    table = window.table
    rect = table.visualRect(window.model.index(row, COLUMNS.index(column)))
    assert rect.isValid() and table.viewport().rect().contains(rect), "cell not on screen"
    return table.viewport().grab(rect).toImage()


def _share(image: QImage, color: QColor, tolerance: int = 40) -> float:
    """The share of the image's pixels within ``tolerance`` of ``color``."""
    near = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - color.red())
                + abs(pixel.green() - color.green())
                + abs(pixel.blue() - color.blue())
                <= tolerance
            ):
                near += 1
    return near / (image.width() * image.height())


def _ink(image: QImage, background: QColor) -> int:
    """How many pixels differ from the background: the drawn text."""
    return sum(
        image.pixelColor(x, y) != background
        for y in range(image.height())
        for x in range(image.width())
    )


def _ink_columns(image: QImage, background: QColor) -> list[int]:
    return [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y) != background for y in range(image.height()))
    ]


def test_the_queue_draws_words_numbers_right_and_low_confidence_in_amber(mixed_window, qtbot):
    window = mixed_window
    model, table = window.model, window.table
    window.resize(1600, 800)
    window.splitter.setSizes([700, 500, 400])  # every column of the queue in view
    rows = [model.row_data(n) for n in range(model.rowCount())]
    unsure = [n for n, r in enumerate(rows) if r and r["min_confidence"] < UNSURE_BELOW]
    sure = [n for n, r in enumerate(rows) if r and r["min_confidence"] >= UNSURE_BELOW]
    assert unsure and sure, "the samples hold letters of both kinds"
    window.session.open(window.session.ids[-1])  # no selection over the rows looked at
    qtbot.wait(50)
    background = table.palette().color(QPalette.ColorRole.Base)

    # A low confidence is drawn in amber, a sure one is not.
    amber = AMBER.color()
    assert _share(_cell(window, unsure[0], "min_confidence"), amber) > 0.01
    assert _share(_cell(window, sure[0], "min_confidence"), amber) == 0

    # The case number's words are drawn from the left; the number of items from the right.
    row = sure[0] if sure[0] != model.rowCount() - 1 else unsure[0]
    case = _cell(window, row, "case_number")
    assert _ink(case, background) > 20
    assert min(_ink_columns(case, background)) < case.width() // 4
    items = _cell(window, row, "n_items")
    assert min(_ink_columns(items, background)) > items.width() // 2


def test_the_open_letters_row_is_drawn_in_the_selection_colour(window, qtbot):
    table = window.table
    window.session.open(window.session.ids[1])
    qtbot.wait(50)
    highlight = table.palette().color(QPalette.ColorRole.Highlight)
    assert _share(_cell(window, 1, "status"), highlight, tolerance=10) > 0.5
    assert _share(_cell(window, 0, "status"), highlight, tolerance=10) == 0
    # its words are still drawn, in the selected text's colour
    assert _ink(_cell(window, 1, "status"), highlight) > 20
    words = table.palette().color(QPalette.ColorRole.HighlightedText)
    assert _share(_cell(window, 1, "status"), words, tolerance=60) > 0.02


def test_a_word_too_long_for_its_column_is_cut_with_an_ellipsis(mixed_window, qtbot):
    window, table = mixed_window, mixed_window.table
    window.resize(1600, 800)
    window.splitter.setSizes([700, 500, 400])
    table.setColumnWidth(COLUMNS.index("case_number"), 48)  # "CM16-0230548" needs twice that
    window.session.open(window.session.ids[-1])
    qtbot.wait(50)
    background = table.palette().color(QPalette.ColorRole.Base)
    model = window.model
    column = COLUMNS.index("case_number")
    row = next(n for n in range(model.rowCount()) if len(model.row_data(n)["shown"][column]) > 9)
    case = _cell(window, row, "case_number")
    assert _ink(case, background) > 20  # the start of the number, and "…"
    # Not merely clipped at the cell's edge: drawn that way, the cell would look otherwise.
    clipped = QImage(case.size(), case.format())
    clipped.fill(background)
    painter = QPainter(clipped)
    painter.setFont(table.font())
    painter.setPen(table.palette().color(QPalette.ColorRole.Text))
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    inner = clipped.rect().adjusted(margin, 0, -margin, 0)
    painter.drawText(inner, flags, model.row_data(row)["shown"][column])
    painter.end()
    assert clipped != case, "the long text was clipped, not cut with an ellipsis"
    items = _cell(window, row, "n_items")  # right-aligned: its left half stays blank
    assert min(_ink_columns(items, background)) > items.width() // 2


def test_the_current_cell_is_framed_while_the_queue_has_the_keyboard(window, qtbot):
    """Left, Right and type-ahead work on the current cell: a keyboard user must see it, also
    after Ctrl+Space has taken the selection off its row."""
    table = window.table
    key(qtbot, Qt.Key.Key_1, CTRL)  # to the queue
    assert focus() is table
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Right)  # the current cell: row 1, status
    key(qtbot, Qt.Key.Key_Space, CTRL)  # its row no longer selected
    qtbot.wait(50)
    current = table.currentIndex()
    assert (current.row(), current.column()) == (1, COLUMNS.index("status"))
    assert not table.selectionModel().isSelected(current)
    background = table.palette().color(QPalette.ColorRole.Base)
    framed = _cell(window, 1, "status")
    plain = _cell(window, 2, "status")  # the same words ("to do"), not current
    # the frame: ink along the cell's top and left edges, where the row below has none
    edges = [(x, 1) for x in range(2, framed.width() - 2)] + [(1, y) for y in range(2, framed.height() - 2)]
    assert sum(framed.pixelColor(x, y) != background for x, y in edges) > len(edges) // 2
    assert sum(plain.pixelColor(x, y) != background for x, y in edges) == 0
