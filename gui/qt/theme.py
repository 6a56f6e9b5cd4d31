"""Light and dark palettes (Fusion style) and the form's marks, drawn with the colour table of
`gui.review.palette` (checked there against WCAG AA), so what is drawn is what was checked.

The style sheet (resources/style.qss) names colours as ``@name@``, each a key of that table;
an unknown name is an error, not a silent default."""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtGui import QColor, QFont, QPalette
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


_R = QPalette.ColorRole
# Which of Qt's palette roles take each of the theme's colours.
_ROLES_BY_COLOUR = {
    "window": (_R.Window,),
    "text": (_R.WindowText, _R.Text, _R.ButtonText, _R.ToolTipText),
    "base": (_R.Base,),
    "alt": (_R.AlternateBase, _R.Button, _R.ToolTipBase),
    "selection": (_R.Highlight,),
    "selected_text": (_R.HighlightedText,),
    "muted": (_R.PlaceholderText,),
    "border": (_R.Mid,),
}


def apply_theme(app: QApplication, dark: bool) -> str:
    """Set the application's palette; returns the style sheet for the widgets that draw marks.

    The sheet goes on those widgets only (the window's `_apply_theme`), never on the whole
    application: a style sheet there makes every view draw through Qt's style-sheet engine, and
    the queue's table then took twice as long to paint at each letter switch."""
    c = colors(dark)
    app.setStyle("Fusion")
    palette = QPalette()
    for name, roles in _ROLES_BY_COLOUR.items():
        for role in roles:
            palette.setColor(role, QColor(c[name]))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    app.setPalette(palette)
    app.setStyleSheet("")
    return style_sheet(dark)


def unshaped(font: QFont) -> QFont:
    """``font`` laid out without shaping where its script needs none (Latin: no kerning, no
    ligatures). Every label, field and queue cell is laid out again at each letter switch;
    shaping was about a tenth of the switch. Scripts that need shaping keep it."""
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font
