"""The side list of a letter's highlights (label, item, text): jump to each, filter by label."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.store import Highlight

from ..review import ReviewSession, item_of
from .titled_model import TitledColumnsModel

COLUMNS = ("Label", "Item", "Text")
_Index = QModelIndex | QPersistentModelIndex


class HighlightListModel(TitledColumnsModel):
    titles = COLUMNS

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.label_filter = ""
        self.rows: list[Highlight] = []

    def refresh(self) -> None:
        rows = [
            h
            for h in self.session.highlights
            if not self.label_filter or h.label == self.label_filter
        ]
        if not rows and not self.rows:
            return  # empty before and after: no reset, so no header sizing and repaint
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        highlight = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return highlight.label
            if index.column() == 1:
                item = item_of(highlight.field)
                return "letter" if item is None else f"item {item + 1}"
            text = self.session.letter.text if self.session.letter else ""
            return " ".join(text[highlight.start : highlight.end].split())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            color = next(
                (
                    label["color"]
                    for label in self.session.labels
                    if label["name"] == highlight.label
                ),
                None,
            )
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return f"{highlight.start}-{highlight.end}"
        if role == Qt.ItemDataRole.UserRole:
            return highlight.id
        return None


class HighlightPanel(QWidget):
    activated = Signal(int)  # highlight id to jump to

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = HighlightListModel(session)
        self.filter = QComboBox()
        self.filter.setObjectName("highlightFilter")
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, as everywhere else
        self.table.setObjectName("highlights")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        self.fill_filter()

    def fill_filter(self) -> None:
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("All highlights", "")
        for label in self.session.labels:
            self.filter.addItem(f"{label['key'] or '·'}  {label['name']}", label["name"])
        index = self.filter.findData(current) if current else 0
        self.filter.setCurrentIndex(max(0, index))
        self.filter.blockSignals(False)

    def refresh(self) -> None:
        self.model.refresh()
        wanted = f"All highlights ({len(self.session.highlights)})"
        if self.filter.itemText(0) != wanted:
            self.filter.setItemText(0, wanted)

    def _filter_changed(self) -> None:
        self.model.label_filter = self.filter.currentData() or ""
        self.model.refresh()

    def _activated(self, index: QModelIndex) -> None:
        highlight_id = self.model.data(self.model.index(index.row(), 0), Qt.ItemDataRole.UserRole)
        if highlight_id is not None:
            self.activated.emit(highlight_id)
