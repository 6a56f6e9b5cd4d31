"""Light and dark palettes (Fusion style) and the field-state colours of the form."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

LIGHT = {
    "window": "#f4f4f2", "base": "#ffffff", "alt": "#f0f0ee", "text": "#1d1d1f", "button": "#e8e8e6",
    "highlight": "#2f6fd6", "highlighted_text": "#ffffff", "mid": "#b8b8b4", "tooltip": "#ffffdc",
    "unsure": "#e0a000", "changed": "#2f7de1", "confirmed": "#2e9d5b", "invalid": "#d93025",
    "source": "#ffe58a", "rationale": "#dbe9ff", "find": "#ff9d5c",
}  # fmt: skip
DARK = {
    "window": "#26272b", "base": "#1c1d20", "alt": "#2a2b2f", "text": "#e6e6e6", "button": "#34353a",
    "highlight": "#3d7be0", "highlighted_text": "#ffffff", "mid": "#55565c", "tooltip": "#3a3b40",
    "unsure": "#f0b429", "changed": "#5b9cf0", "confirmed": "#4cc27f", "invalid": "#ff6b5e",
    "source": "#6b5a12", "rationale": "#213a5e", "find": "#8a4a1c",
}  # fmt: skip


def colors(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, dark: bool) -> None:
    c = colors(dark)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alt"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["highlight"],
        QPalette.ColorRole.HighlightedText: c["highlighted_text"],
        QPalette.ColorRole.ToolTipBase: c["tooltip"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["mid"],
        QPalette.ColorRole.Mid: c["mid"],
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["mid"]))
    app.setPalette(palette)
    sheet = resources.files("resources").joinpath("style.qss").read_text(encoding="utf-8")
    for name in ("unsure", "changed", "confirmed", "invalid"):
        sheet = sheet.replace(f"@{name}@", c[name])
    app.setStyleSheet(sheet)
