"""A database with no letters yet: the window says what to do instead of showing a blank page
beside a form that takes typing for no letter; the first import opens a letter."""

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
