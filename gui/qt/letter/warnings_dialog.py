"""The parser's warnings for the open letter, in a plain-text box the keyboard can read, select
and copy (Ctrl+Shift+W); Escape closes it and the focus goes back where it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class WarningsDialog(QDialog):
    def __init__(self, name: str, warnings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("imr-review: parser warnings")
        count = len(warnings)
        heading = QLabel(
            f"The parser's {count} warning{'' if count == 1 else 's'} for {name}:"
            if count
            else f"The parser had no warnings for {name}."
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("parserWarnings")
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(f"• {warning}" for warning in warnings))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)
        self.text.setFocus()
