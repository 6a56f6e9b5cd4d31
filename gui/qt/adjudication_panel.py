"""The adjudication list: each disagreement with every coder's value, each coder's highlight.

Keys, with the list focused (Ctrl+5): Up/Down move; on a disagreement a number picks that value
(the coders' in order, then the parser's); on a highlight Return (or A) accepts it into the
lead's record and Delete (or D) drops it. A new value is typed in the form as usual.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..review.adjudication import Adjudication
from ..review.words import list_text

SHOWN_CHARS = 60


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if hasattr(value, "value"):
        value = value.value
    if isinstance(value, list):
        value = list_text(value)
    if hasattr(value, "start") and hasattr(value, "end"):
        value = f"characters {value.start}-{value.end}"
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


class AdjudicationList(QListWidget):
    picked = Signal(int, int)  # dispute index, choice index
    accepted = Signal(int)  # candidate index
    dropped = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if data and plain:
            kind, index = data
            text = event.text()
            if kind == "dispute" and text.isdigit() and text != "0":
                self.picked.emit(index, int(text) - 1)
                return
            if kind == "highlight" and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_A,
            ):
                self.accepted.emit(index)
                return
            if kind == "highlight" and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_D):
                self.dropped.emit(index)
                return
        super().keyPressEvent(event)


class AdjudicationPanel(QWidget):
    """Shown under the letter when the window settles disagreements."""

    def __init__(self, adjudication: Adjudication, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adjudication = adjudication
        self.setObjectName("adjudication")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)  # else its whole line is the least width of the column
        self.list = AdjudicationList()
        self.list.setObjectName("adjudicationList")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        """Redraw from the adjudication's state, keeping the selected row."""
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        adj = self.adjudication
        for n, dispute in enumerate(adj.disputes):
            chosen = adj.chosen(dispute)
            choices = "   ".join(
                f"{k + 1} {who}: {_shown(value)}" for k, (who, value) in enumerate(dispute.values)
            )
            mark = f"✓ {chosen}" if chosen and adj.session.version > 0 else "?"
            item = QListWidgetItem(f"[{mark}] {dispute.label} —  {choices}")
            item.setData(Qt.ItemDataRole.UserRole, ("dispute", n))
            self.list.addItem(item)
        text = adj.session.letter.text if adj.session.letter else ""
        for n, (coder, h) in enumerate(adj.candidates):
            state = "accepted" if adj.accepted(h) else "not taken"
            words = _shown(text[h.start : h.end])
            item = QListWidgetItem(f"[{state}] {coder}'s {h.label}: “{words}”")
            item.setData(Qt.ItemDataRole.UserRole, ("highlight", n))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        coders = ", ".join(adj.coders) or "no coders"
        self.title.setText(
            f"Disagreements of {coders}: {len(adj.disputes)} field(s), {len(adj.candidates)} "
            "highlight(s). A number picks a value; Return accepts a highlight, Delete drops it."
        )
