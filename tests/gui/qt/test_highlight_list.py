"""The highlight list's Qt model passes Qt's model tester on a real letter's highlights, and keeps
passing while highlights are added, filtered by label, deleted, brought back and another letter
opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def _rows(model):
    return [
        tuple(model.data(model.index(row, column)) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_highlight_list_model(window, qtmodeltester):
    text = window.session.letter.text
    a = text.index("visible limp")
    window.session.add_highlight(a, a + 12, "Clinical fact")
    window.highlight_panel.refresh()
    qtmodeltester.check(window.highlight_panel.model)


def test_highlight_list_model_through_filter_delete_undo_and_another_letter(window, qtmodeltester):
    session, panel = window.session, window.highlight_panel
    model = panel.model
    # Qt's own tester stays attached: every later change is checked as it happens.
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    text = session.letter.text
    limp = text.index("visible limp")
    session.add_highlight(limp, limp + len("visible limp"), "Clinical fact")
    work = text.index("off of work")
    session.add_highlight(work, work + len("off of work"), "Conclusion")
    assert [(label, text) for label, _item, text in _rows(model)] == [
        ("Clinical fact", "visible limp"),
        ("Conclusion", "off of work"),
    ]
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole).name() == "#3fbf8a"

    panel.filter.setCurrentIndex(panel.filter.findData("Conclusion"))
    assert [row[0] for row in _rows(model)] == ["Conclusion"]
    panel.filter.setCurrentIndex(panel.filter.findData(""))
    assert model.rowCount() == 2

    session.delete_highlight(session.highlights[0])
    assert [row[0] for row in _rows(model)] == ["Conclusion"]
    session.undo()
    assert model.rowCount() == 2

    session.open(session.ids[1])
    assert model.rowCount() == 0
    session.open(session.ids[0])
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)  # and pytest-qt's checks on the final state
