"""The queue's table: it paints its visible rows itself, in one pass.

Qt's table paints cell by cell through a delegate; from Python that is one call (with copies of
the cell's style options) per cell, and a jump across the queue repaints every visible cell, so
the queue was the largest part of a letter switch. This paints what `QueueModel.data` answers,
as Qt's own delegate drew it: the row's words (cut with "…" when the column is too narrow),
numbers on the right, a low confidence in amber, the selected row in the selection colours, the
grid, and the style's focus frame around the current cell while the queue has the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTableView,
)

from parsing import UNSURE_BELOW

from .queue_model import AMBER, CONFIDENCE_COLUMN, RIGHT_COLUMNS, QueueModel

_AMBER = AMBER.color()
_ELIDE = Qt.TextElideMode.ElideRight


class QueueHeader(QHeaderView):
    """The column titles, in bold. Qt's header repainted all its titles at every letter switch:
    the selected row crosses every column, and Qt draws a column crossed by the selection with
    its title in bold. The titles are bold from the start and the selection is not followed."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, table)
        self.setSectionsClickable(True)  # a click sorts by the column, as on Qt's own header
        self.setHighlightSections(False)
        bold = self.font()
        bold.setBold(True)
        self.setFont(bold)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        pass  # nothing a title shows depends on the selection


class QueueTable(QTableView):
    def __init__(self, model: QueueModel) -> None:
        super().__init__()
        self.setHorizontalHeader(QueueHeader(self))
        self._queue = model
        self.setModel(model)
        # Tab goes on to the next part of the window: moving from cell to cell it went on to
        # the next row, opening one letter after another.
        self.setTabKeyNavigation(False)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Ctrl+Home and Ctrl+End go to the first and last letter in the column the coder is
        in; Qt's table goes to the first or last column as well, the queue thrown sideways."""
        index = super().moveCursor(cursorAction, modifiers)
        ends = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)
        column = self.currentIndex().column()
        if cursorAction in ends and modifiers & Qt.KeyboardModifier.ControlModifier and column >= 0:
            return self._queue.index(index.row(), column)
        return index

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        model = self._queue
        rows = model.rowCount()
        if rows == 0:
            return
        area = event.rect()
        first = self.rowAt(area.top())
        last = self.rowAt(area.bottom())
        if first < 0:
            return
        if last < 0:
            last = rows - 1
        model.fetch(first, last)  # the rows in view not read yet, in one query
        header = self.horizontalHeader()
        columns = []
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            x = self.columnViewportPosition(column)
            width = self.columnWidth(column)
            if x + width > area.left() and x <= area.right():
                columns.append((column, x, width))
        if not columns:
            return
        active = self.isActiveWindow()
        palette = self.palette()
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        text_color = palette.color(group, QPalette.ColorRole.Text)
        selected_color = palette.color(group, QPalette.ColorRole.HighlightedText)
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        grid = self._grid_color()
        selection = self.selectionModel()
        current = self.currentIndex()
        framed = current.row() if self.hasFocus() and current.isValid() else -1
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        metrics = self.fontMetrics()
        widest = metrics.maxWidth()
        advance = metrics.horizontalAdvance
        grid_size = 1 if self.showGrid() else 0
        selected_rows = (
            {i.row() for i in selection.selectedRows()} if selection is not None else set()
        )
        # Each cell's words from their baseline, as Qt centres one line in a cell: a rectangle
        # and alignment flags cost a text layout per cell, the largest part of a jump's paint.
        row_height = self.rowHeight(first)
        exact = QFontMetricsF(self.font())
        exact_advance = exact.horizontalAdvance
        baseline = (row_height - grid_size + exact.ascent() - exact.descent()) / 2
        cells = [
            (column, x + margin, width - 2 * margin - grid_size, column in RIGHT_COLUMNS,
             column == CONFIDENCE_COLUMN)
            for column, x, width in columns
        ]  # fmt: skip
        painter = QPainter(viewport)
        pen = None
        top = self.rowViewportPosition(first)
        for row in range(first, last + 1):
            y = top + (row - first) * row_height
            data = model.row_data(row)
            if data is None:
                continue
            shown = data["shown"]
            is_selected = row in selected_rows
            unsure = data["min_confidence"] < UNSURE_BELOW
            if is_selected:
                painter.fillRect(
                    QRect(columns[0][1], y, columns[-1][1] + columns[-1][2] - columns[0][1],
                          row_height - grid_size), highlight
                )  # fmt: skip
            if row == framed:
                for column, x, width in columns:
                    if column == current.column():
                        self._frame(painter, QRect(x, y, width - grid_size, row_height - grid_size),
                                    is_selected, group)  # fmt: skip
            for column, left, room, right, confidence in cells:
                words = shown[column]
                if not words:
                    continue
                wanted = (
                    selected_color
                    if is_selected
                    else _AMBER
                    if confidence and unsure
                    else text_color
                )
                if wanted is not pen:
                    painter.setPen(wanted)
                    pen = wanted
                if len(words) * widest > room and advance(words) > room:
                    words = metrics.elidedText(words, _ELIDE, room)
                shift = room - exact_advance(words) if right else 0
                painter.drawText(QPointF(left + shift, y + baseline), words)
        if grid_size:  # over the whole area repainted, as Qt's table draws it
            painter.setPen(grid)
            for row in range(first, last + 1):
                bottom = self.rowViewportPosition(row) + self.rowHeight(row) - grid_size
                painter.drawLine(area.left(), bottom, area.right(), bottom)
            for _, x, width in columns:
                painter.drawLine(
                    x + width - grid_size, area.top(), x + width - grid_size, area.bottom()
                )
        painter.end()

    def _grid_color(self) -> QColor:
        option = QStyleOptionViewItem()
        option.initFrom(self)
        hint = self.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self)
        return QColor.fromRgba(hint & 0xFFFFFFFF)

    def _frame(
        self, painter: QPainter, cell: QRect, selected: bool, group: QPalette.ColorGroup
    ) -> None:
        """The style's focus frame around the current cell, as Qt's own delegate draws it."""
        frame = QStyleOptionFocusRect()
        frame.initFrom(self)
        frame.rect = cell
        frame.state = (
            frame.state
            | QStyle.StateFlag.State_HasFocus
            | QStyle.StateFlag.State_KeyboardFocusChange
            | QStyle.StateFlag.State_Item
        )
        frame.backgroundColor = self.palette().color(
            group, QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        )
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self)
