"""The queue panel: the status filter, the search box and the table of letters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from storage.queue import COLUMNS, STATUS_FILTERS

from ...review import ReviewSession
from .queue_model import QueueModel
from .table import QueueTable

STATUS_FILTER_TEXT = {
    "all": "All letters",
    "needs review": "Needs review",
    "todo": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "skipped": "Skipped",
    "flagged": "Flagged",
    "disagreements": "Coders disagree",
}
COLUMN_WIDTHS = (40, 76, 104, 40, 64, 80, 110)


class QueuePanel(QWidget):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for key in STATUS_FILTERS:
            self.status_filter.addItem(STATUS_FILTER_TEXT[key], key)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchLetters")
        self.search_box.setPlaceholderText("Search letters (Ctrl+Shift+F)")
        self.search_box.setClearButtonEnabled(True)
        self.model = QueueModel(session)
        self.table = table = QueueTable(self.model)
        table.setObjectName("queue")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The header shows the order from the start, but the letters are read once, by the
        # window setting the session's query (the one kept from the last run): letting Qt sort
        # here read all the queue's ids three times more at each start (0.2 s at 50,000).
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.model.sorts = False
        table.setSortingEnabled(True)
        self.model.sorts = True
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(22)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        header = table.horizontalHeader()
        cell = table.fontMetrics().horizontalAdvance("999999") + 12  # a letter id up to 6 digits
        for column, width in enumerate(COLUMN_WIDTHS):
            table.setColumnWidth(column, max(width, cell) if column == 0 else width)
        # The sorted column's title fits beside its arrow (drawn over "Case number" and "Items"
        # before); the others keep their narrow widths, so more columns fit in the panel.
        header.sortIndicatorChanged.connect(self._fit_sorted_title)
        self._fit_sorted_title(header.sortIndicatorSection())
        # The file name is above the letter and in the "#" column's tooltip; a hidden column costs
        # nothing to paint when a switch scrolls the queue.
        table.setColumnHidden(COLUMNS.index("source"), True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search_box, 1)
        layout.addLayout(filters)
        layout.addWidget(table, 1)

    def _fit_sorted_title(self, column: int, *_: object) -> None:
        header = self.table.horizontalHeader()
        if not 0 <= column < header.count():
            return
        wanted = header.sectionSizeHint(column)  # with the arrow, on the sorted column
        if header.sectionSize(column) < wanted:
            header.resizeSection(column, wanted)
