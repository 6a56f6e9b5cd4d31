"""The page view of a PDF letter: Ctrl+Shift+P shows the page holding the current field's
source, the source's characters marked on it, and follows the field."""

from __future__ import annotations

import pytest
from keys import CTRL, SHIFT, key
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from windows import shown

pytestmark = pytest.mark.gui


@pytest.fixture
def pdf_window(qtbot, tmp_path, seed_text):
    from fpdf import FPDF

    from gui.qt.window.main_window import MainWindow
    from storage.importer import import_paths
    from storage.store import Store

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    text = seed_text("001").encode("latin-1", "replace").decode("latin-1")
    pdf.multi_cell(0, 5, text)  # three pages or so
    letter = tmp_path / "letters" / "letter.pdf"
    letter.parent.mkdir()
    pdf.output(str(letter))
    store = Store.open(tmp_path / "pdf.db")
    import_paths(store, [str(letter.parent)], workers=1)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = shown(qtbot, MainWindow(store, "ann", settings), closed_by_qtbot=False)
    yield win
    win.close()
    win.deleteLater()
    qtbot.wait(10)
    store.close()


def marked_text(window):
    """The PDF's own characters under the marks (read back from PDFium by their boxes)."""
    import pypdfium2 as pdfium

    from gui.qt.letter.page_view import SCALE

    document = pdfium.PdfDocument(window.session.letter.source_path)
    textpage = document[window.page_view.page].get_textpage()
    height = document[window.page_view.page].get_height()
    chars = []
    for box in window.page_view.marks:
        x, y = box.center().x() / SCALE, height - box.center().y() / SCALE
        index = textpage.get_index(x, y, 1, 1)
        chars.append(textpage.get_text_range(index, 1))
    document.close()
    return "".join(chars)


def test_the_page_view_marks_the_current_fields_source(pdf_window, qtbot):
    window = pdf_window
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)  # the second item (Hydrocodone, on a later page)
    key(qtbot, Qt.Key.Key_Tab)
    path = window.session.current_path
    assert path == "items.1.treatment"
    start, end = window.session.record.spans[path]
    source = window.session.letter.text[start:end]
    key(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    assert window.letter_stack.currentWidget() is window.page_view
    assert window.action("page_view").isChecked()
    assert "".join(marked_text(window).split()) == "".join(source.split())
    assert window.page_view.page > 0  # the item is not on the first page
    assert f"page {window.page_view.page + 1} of" in window.statusBar().currentMessage()
    key(qtbot, Qt.Key.Key_Tab)  # the page view follows the field: the determination
    start, end = window.session.record.spans[window.session.current_path]
    assert "".join(marked_text(window).split()) == "".join(
        window.session.letter.text[start:end].split()
    )
    key(qtbot, Qt.Key.Key_P, CTRL | SHIFT)  # back to the text
    assert window.letter_stack.currentWidget() is window.letter_view
    assert QApplication.focusWidget() is window.letter_view


def test_a_text_letter_or_a_moved_pdf_says_why_there_is_no_page(pdf_window, qtbot, tmp_path):
    window = pdf_window
    moved = tmp_path / "elsewhere.pdf"
    (tmp_path / "letters" / "letter.pdf").rename(moved)
    key(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    assert window.page_view.page == -1
    assert "no longer at" in window.page_view.image_label.text()


def test_the_marked_source_is_in_view_whole(pdf_window, qtbot):
    """A source is brought into view whole when it fits: it had been scrolled to by its first
    character's centre only, and the end of a date at the right of the page cut off ("10/1")."""
    from PySide6.QtCore import QRectF

    window = pdf_window
    key(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    view = window.page_view
    checked = 0
    for _ in range(12):  # the letter's fields, one after another
        key(qtbot, Qt.Key.Key_Tab)
        if not view.marks:
            continue
        seen = QRectF(view.horizontalScrollBar().value(), view.verticalScrollBar().value(),
                      view.viewport().width(), view.viewport().height())  # fmt: skip
        union = view.marks[0]
        for box in view.marks[1:]:
            union = union.united(box)
        if union.width() < seen.width() - 40 and union.height() < seen.height() - 40:
            checked += 1
            assert seen.contains(union), (window.session.current_path, union, seen)
    assert checked >= 3
