"""How a queue cell is painted: its row's strings, worked out once per page, drawn directly.

Qt's own delegate asks the model for seven roles of every cell it paints, each a call into
Python, then lays the text out through the style; a jump across the queue repaints every
visible row, so that was most of a letter switch. This one makes one call per cell and draws
what `QueueModel.data` answers: the text (cut with "…" when the column is too narrow), right-
aligned numbers, the amber of a low confidence, the selected row's words in the palette's colour
and the style's focus frame around the current cell while the queue has the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
)

from parsing import UNSURE_BELOW

from .queue_model import AMBER, CONFIDENCE_COLUMN, RIGHT_COLUMNS, QueueModel

_AMBER = AMBER.color()

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_FOCUS_FRAME = QStyle.PrimitiveElement.PE_FrameFocusRect
_KEYBOARD_FOCUS_CHANGE = QStyle.StateFlag.State_KeyboardFocusChange
_ITEM = QStyle.StateFlag.State_Item
_HIGHLIGHT = QPalette.ColorRole.Highlight
_WINDOW = QPalette.ColorRole.Window
_FOCUS_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_ELIDE = Qt.TextElideMode.ElideRight
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_ACTIVE_GROUP = QPalette.ColorGroup.Active
_INACTIVE_GROUP = QPalette.ColorGroup.Inactive


class QueueDelegate(QStyledItemDelegate):
    def __init__(self, model: QueueModel) -> None:
        super().__init__()
        self._model = model
        self._widest: int | None = None  # the font's widest character, in pixels
        self._margin: int | None = None  # space each side of a cell's text, as the style leaves

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = self._model.row_data(index.row())
        if row is None:
            return
        state = option.state.value  # plain bits: Python's flag operations cost more than a cell
        if state & _HAS_FOCUS:  # the current cell, while the queue has the keyboard
            self._frame(painter, option, state)
        column = index.column()
        text = row["shown"][column]
        if not text:
            return
        group = _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP
        if state & _SELECTED:  # the table has filled the row with the selection colour
            pen = option.palette.color(group, _HIGHLIGHTED_TEXT)
        elif column == CONFIDENCE_COLUMN and row["min_confidence"] < UNSURE_BELOW:
            pen = _AMBER
        else:
            pen = option.palette.color(group, _TEXT)
        if self._widest is None or self._margin is None:
            self._widest = option.fontMetrics.maxWidth()
            style = option.widget.style() if option.widget is not None else QApplication.style()
            self._margin = style.pixelMetric(_FOCUS_MARGIN, None, option.widget) + 1
        inner = option.rect.adjusted(self._margin, 0, -self._margin, 0)
        width = inner.width()
        if len(text) * self._widest > width:  # it may not fit: measured, and cut if it does not
            metrics = option.fontMetrics
            if metrics.horizontalAdvance(text) > width:
                text = metrics.elidedText(text, _ELIDE, width)
        painter.setPen(pen)
        painter.drawText(inner, _RIGHT if column in RIGHT_COLUMNS else _LEFT, text)

    def _frame(self, painter: QPainter, option: QStyleOptionViewItem, state: int) -> None:
        """The style's focus frame around the current cell, as Qt's own delegate draws it."""
        frame = QStyleOptionFocusRect()
        frame.rect = option.rect
        frame.palette = option.palette
        frame.fontMetrics = option.fontMetrics
        frame.direction = option.direction
        frame.state = option.state | _KEYBOARD_FOCUS_CHANGE | _ITEM
        group = _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP
        frame.backgroundColor = option.palette.color(
            group, _HIGHLIGHT if state & _SELECTED else _WINDOW
        )
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(_FOCUS_FRAME, frame, painter, option.widget)
