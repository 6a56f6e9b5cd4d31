"""Small dialogs: the F1 shortcut sheet (generated from the action registry) and a field's
history (plain text, from the audit log)."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..review.actions import shortcut_sheet
from ..review.field_history import FieldEvent

EXTRA_KEYS = [
    ("In the letter", [
        ("Shift+arrows, Shift+Ctrl+arrows", "Select", "Select text from the keyboard (Ctrl+L puts the caret at the field's source)"),
    ]),
    ("In the form", [
        ("Tab / Shift+Tab", "Next / previous field", "Move between fields; a field is saved when you leave it"),
        ("Return", "Confirm and go on", "Save what you typed (or mark an unchanged field checked) and go to the next field; a value that cannot be saved keeps you there"),
        ("(none)", "Line breaks", "Long values (request, guidelines, rationale, lists) wrap over several lines, up to eight, then scroll; a value is one line of data, so no key adds a line break (Shift+Return neither; pasted ones become spaces)"),
    ]),
]  # fmt: skip


def shortcut_html(labels: list[dict[str, str]] | None = None) -> str:
    parts = ["<h2>Keyboard shortcuts</h2>"]
    label_rows = [
        (label["key"], label["name"], label.get("description", ""))
        for label in labels or []
        if label.get("key")
    ]
    extra = [("Labels (keys in the letter)", label_rows)] if label_rows else []
    for menu, rows in [*shortcut_sheet(), *extra, *EXTRA_KEYS]:
        parts.append(f"<h3>{escape(menu)}</h3><table cellspacing='0' cellpadding='3'>")
        for keys, name, help_text in rows:
            parts.append(
                f"<tr><td width='190'><b>{escape(keys)}</b></td><td width='220'>{escape(name)}</td>"
                f"<td>{escape(help_text)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


class ShortcutSheet(QDialog):
    def __init__(
        self, parent: QWidget | None = None, labels: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("imr-review: keyboard shortcuts")
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(shortcut_html(labels))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def history_lines(events: list[FieldEvent]) -> str:
    """A field's history as plain lines, oldest first, times in local time."""
    if not events:
        return "Nothing has been done to this field yet: it holds the parser's value, unchecked."
    lines = []
    for event in events:
        try:
            when = dt.datetime.fromisoformat(event.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            when = event.at
        lines.append(f"{when} · {event.reviewer} · {event.action}: {event.old} → {event.new}")
    return "\n".join(lines)


class FieldHistoryDialog(QDialog):
    """What happened to one field (Ctrl+H), as plain text; Escape or Close shuts it."""

    def __init__(self, parent: QWidget, name: str, events: list[FieldEvent]) -> None:
        super().__init__(parent)
        self.setObjectName("fieldHistory")
        self.setWindowTitle(f"History of {name}")
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(f"{name}\n\n" + history_lines(events))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
