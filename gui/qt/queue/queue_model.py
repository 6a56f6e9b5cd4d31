"""The queue table: a thin, lazy model over the session's ordered letter ids.

Only the id list is held; row details are read when a row is first drawn: the rows the table is
about to paint, in one query (`fetch`), so 50,000 letters open at once and a jump across the
queue reads the dozen rows in view rather than pages of 64.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from parsing import UNSURE_BELOW
from storage.queue import COLUMNS

from ...review import ReviewSession
from ..plain import plain_tooltip
from ..titled_model import TitledColumnsModel

AROUND = 8  # a row asked for outside a paint is read with this many on each side
KEPT_ROWS = 20_000  # rows held before the whole cache is read again as needed
HEADERS = {
    "id": "#",
    "status": "Status",
    "case_number": "Case number",
    "n_items": "Items",
    "min_confidence": "Min conf.",
    "reviewers": "Reviewers",
    "updated_at": "Last change",
    "source": "File",
}
STATUS_TEXT = {
    "todo": "to do",
    "in_progress": "in progress",
    "done": "done",
    "skipped": "skipped",
    "flagged": "flagged",
}
_Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints: Qt asks data() for every role of every visible cell on each repaint, and
# building Qt enums for each comparison costs more than the answer.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, _USER})
RIGHT_COLUMNS = frozenset(
    n for n, c in enumerate(COLUMNS) if c in ("id", "n_items", "min_confidence")
)
CONFIDENCE_COLUMN = COLUMNS.index("min_confidence")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
AMBER = QBrush(QColor("#c77700"))


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """A queue row with its display strings worked out once."""
    shown = []
    for column in COLUMNS:
        value = row[column]
        if column == "status":
            shown.append(STATUS_TEXT.get(value, value))
        elif column == "min_confidence":
            shown.append(f"{value:.2f}")
        elif column == "updated_at":
            shown.append((value or "")[:16].replace("T", " "))
        elif column == "source":
            shown.append(str(value).rsplit("/", 1)[-1])
        else:
            shown.append("" if value is None else str(value))
    return {**row, "shown": shown}


class QueueModel(TitledColumnsModel):
    titles = tuple(HEADERS[column] for column in COLUMNS)

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self._rows: dict[int, dict[str, Any]] = {}  # letter id -> row, as shown
        self.sorts = True  # False: Qt's sort requests are ignored (while the table is set up)

    # --- data ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.session.ids)

    def letter_id(self, row: int) -> int | None:
        """The letter a row shows, without reading the row's details (a jump across the queue
        read the rows around the new one twice: once here, once to paint them)."""
        ids = self.session.ids
        return ids[row] if 0 <= row < len(ids) else None

    def row_data(self, row: int) -> dict[str, Any] | None:
        ids = self.session.ids
        if not 0 <= row < len(ids):
            return None
        found = self._rows.get(ids[row])
        if found is None:
            self.fetch(row - AROUND, row + AROUND)
            found = self._rows.get(ids[row])
        return found

    def fetch(self, first: int, last: int) -> None:
        """Read the rows ``first`` to ``last`` not read yet, in one query."""
        missing = [i for i in self.session.ids[max(0, first) : last + 1] if i not in self._rows]
        if not missing:
            return
        if len(self._rows) + len(missing) > KEPT_ROWS:
            self._rows.clear()
        self._rows.update(
            (letter_id, _shown(data)) for letter_id, data in self.session.rows(missing).items()
        )

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in _ROLES:
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == _DISPLAY:
            return row["shown"][index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in RIGHT_COLUMNS else None
        if role == _FOREGROUND:
            return (
                AMBER
                if index.column() == CONFIDENCE_COLUMN and row["min_confidence"] < UNSURE_BELOW
                else None
            )
        if role == _TOOLTIP:
            column = COLUMNS[index.column()]
            if column in ("source", "id"):
                return plain_tooltip(str(row["source"]))
            if column == "min_confidence":
                return "The lowest confidence the parser gave any field of this letter"
            if column == "status" and row.get("note"):
                return plain_tooltip(f"Notes:\n{row['note']}")
            return None
        return row["id"]  # UserRole

    # flags(): Qt's own answer (enabled, selectable) is the queue's; overriding it in Python
    # put two calls into Python for every cell painted.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sorts:
            return
        self.session.set_query(
            replace(
                self.session.query,
                sort=COLUMNS[column],
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )

    # --- refreshing ------------------------------------------------------------------------

    def reset(self) -> None:
        """The id list changed (filter, search, sort)."""
        self.beginResetModel()
        self._rows.clear()
        self.endResetModel()

    def refresh_letter(self, letter_id: int) -> None:
        """One letter's row changed (status, case number...)."""
        row = self.session.row_of(letter_id)
        if row is None:
            return
        if letter_id in self._rows:  # that row read again, and only that row
            fresh = self.session.rows([letter_id]).get(letter_id)
            if fresh is None:
                del self._rows[letter_id]
            else:
                self._rows[letter_id] = _shown(fresh)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
