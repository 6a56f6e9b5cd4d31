"""What the window draws comes from the checked colour table (gui/review/palette.py), so the
WCAG AA test of that table covers what the coder sees: the Qt palette's roles, and every colour
in the style sheet (field marks, focus mark, errors, borders)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from gui.qt.theme import apply_theme, colors
from gui.review.palette import PALETTES

pytestmark = pytest.mark.gui
ROLES = {
    QPalette.ColorRole.Window: "window",
    QPalette.ColorRole.WindowText: "text",
    QPalette.ColorRole.Base: "base",
    QPalette.ColorRole.Text: "text",
    QPalette.ColorRole.Highlight: "selection",
    QPalette.ColorRole.HighlightedText: "selected_text",
    QPalette.ColorRole.PlaceholderText: "muted",
}


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_theme_draws_with_the_checked_colours(qapp, name):
    table = PALETTES[name]
    dark = name == "dark"
    saved_palette, saved_sheet = qapp.palette(), qapp.styleSheet()
    try:
        sheet = apply_theme(qapp, dark)
        palette = QApplication.palette()
        for role, key in ROLES.items():
            assert palette.color(role).name() == table[key], key
        used = set(re.findall(r"#[0-9a-fA-F]{6}\b", sheet))
        assert used, "the style sheet draws the field marks"
        assert used <= set(table.values())
        for mark in ("focus", "changed", "unsure", "confirmed", "invalid", "border"):
            assert table[mark] in used, mark
        assert {colors(dark)[k] for k in ("source", "rationale", "find")} <= set(table.values())
    finally:
        qapp.setPalette(saved_palette)
        qapp.setStyleSheet(saved_sheet)


def test_the_window_lays_out_latin_text_without_shaping(window):
    """Text is laid out without shaping where its script needs none (the letter, the form's
    fields and labels, the queue): kerning and ligatures cost a tenth of each letter switch.
    The letter's own font and the zoomed letter keep it."""
    prefer = QFont.StyleStrategy.PreferNoShaping
    field = window.form.editor("case_number")
    for widget in (window.letter_view, field, window.table):
        assert widget.font().styleStrategy() & prefer, widget.objectName()
    window.letter_view.zoom(2)
    assert window.letter_view.font().styleStrategy() & prefer
