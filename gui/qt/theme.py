"""Light and dark palettes (Fusion style) and the form's marks, drawn with the colour table of
`gui.review.palette` (checked there against WCAG AA), so what is drawn is what was checked.

The style sheet (resources/style.qss) names colours as ``@name@``, each a key of that table;
an unknown name is an error, not a silent default."""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ..review.palette import DARK, LIGHT

_NAME = re.compile(r"@([a-z_]+)@")


def colors(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def style_sheet(dark: bool) -> str:
    """The window's style sheet with the palette's colours filled in."""
    c = colors(dark)
    sheet = resources.files("resources").joinpath("style.qss").read_text(encoding="utf-8")
    return _NAME.sub(lambda m: c[m.group(1)], sheet)


def apply_theme(app: QApplication, dark: bool) -> str:
    """Set the application's palette; returns the style sheet for the widgets that draw marks.

    The sheet goes on those widgets only (the window's `_apply_theme`), never on the whole
    application: a style sheet there makes every view draw through Qt's style-sheet engine, and
    the queue's table then took twice as long to paint at each letter switch."""
    c = colors(dark)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alt"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["alt"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["selection"],
        QPalette.ColorRole.HighlightedText: c["selected_text"],
        QPalette.ColorRole.ToolTipBase: c["alt"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Mid: c["border"],
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    app.setPalette(palette)
    app.setStyleSheet("")
    return style_sheet(dark)
