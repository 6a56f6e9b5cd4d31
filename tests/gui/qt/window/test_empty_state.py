"""A database with no letters yet: the window says what to do instead of showing a blank page
beside a form that takes typing for no letter; the first import opens a letter. A file with no
disputed item (no letter at all) is never marked done."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_window(open_window, tmp_path):
    return open_window(tmp_path / "empty.db")


def test_an_empty_database_says_how_to_add_letters(empty_window, qtbot):
    view = empty_window.letter_view
    assert view.toPlainText() == ""
    assert "Ctrl+O" in view.placeholderText() and "Ctrl+Shift+O" in view.placeholderText()
    assert not empty_window.form.isEnabled()  # nothing to type into
    qtbot.keyClick(empty_window.letter_view, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert empty_window.session.letter is None


def test_letters_imported_by_another_program_open_in_the_window(empty_window, qtbot, samples_dir):
    from storage.importer import import_paths
    from storage.store import Store

    with Store.open(empty_window.store.path) as other:  # `imr-review import` meanwhile
        import_paths(other, [str(samples_dir)], workers=1)
    qtbot.waitUntil(lambda: empty_window.session.letter is not None, timeout=5000)
    assert empty_window.letter_view.toPlainText()
    assert empty_window.form.isEnabled()


def test_a_file_with_no_disputed_items_cannot_be_done(open_window, tmp_path, qtbot):
    """A grocery list imported by mistake was accepted as done gold with one key (newcomer's
    finding): a letter with no disputed item is no determination; it can be flagged."""
    from storage.importer import import_paths
    from storage.store import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.txt").write_text("Grocery list: eggs, milk, bread\n")
    path = tmp_path / "n.db"
    with Store.open(path) as store:
        import_paths(store, [str(tmp_path / "in")], workers=1)
    window = open_window(path)
    assert window.session.record is not None and window.session.record.items == []
    enter = Qt.Key.Key_Return
    for modifier in (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
                     Qt.KeyboardModifier.ControlModifier):  # fmt: skip
        qtbot.keyClick(window.focusWidget() or window, enter, modifier)
        assert window.session.status != "done"
        assert "no disputed items" in window.statusBar().currentMessage()
    gold = window.store.gold(1, "ann")
    assert gold is None or gold.status != "done"
