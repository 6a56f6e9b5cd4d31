"""The page view of a PDF letter (Ctrl+Shift+P): the page holding the current field's source,
drawn by PDFium, the source's characters marked on it. It takes the letter view's place."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from .pdf_pages import PdfLetter

SCALE = 1.5  # 108 dots per inch: a letter's small print stays readable


class PageView(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll it
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.image_label = QLabel()
        self.image_label.setTextFormat(Qt.TextFormat.PlainText)
        self.setWidget(self.image_label)
        self.page = -1
        self.marks: list[QRectF] = []  # the marked characters, in the drawn image's pixels
        self.mark_color = QColor("#ffb000")

    def show_page(self, pdf: PdfLetter, page: int, span: tuple[int, int] | None) -> None:
        """Draw ``page`` with the characters of the letter span ``span`` on it marked, and
        bring the marks into view."""
        pixels, width, height, stride = pdf.render_page(page, SCALE)
        image = QImage(pixels, width, height, stride, QImage.Format.Format_RGB888).copy()
        boxes = pdf.char_boxes(*span, page) if span is not None else []
        self.marks = [QRectF(left * SCALE, top * SCALE, (right - left) * SCALE,
                             (bottom - top) * SCALE) for left, top, right, bottom in boxes]  # fmt: skip
        if self.marks:
            painter = QPainter(image)
            fill = QColor(self.mark_color)
            fill.setAlpha(90)
            painter.setPen(QColor(self.mark_color).darker(130))
            painter.setBrush(fill)
            for box in self.marks:
                painter.drawRect(box.adjusted(-1, -1, 1, 1))
            painter.end()
        self.page = page
        self.image_label.setPixmap(QPixmap.fromImage(image))
        self.image_label.resize(image.size())
        if self.marks:
            self._bring_into_view()

    def _bring_into_view(self) -> None:
        """All the marks in view, whole (with room around them) when they fit, else those of
        the source's first line: scrolling to the first character's centre had cut a date's
        end off."""
        first = self.marks[0]
        line = whole = first
        for box in self.marks[1:]:
            whole = whole.united(box)
            if box.top() <= first.bottom():
                line = line.united(box)
        viewport = self.viewport()
        if whole.width() < viewport.width() - 80 and whole.height() < viewport.height() - 80:
            line = whole
        room_x = max(0, viewport.width() // 2 - 4)
        room_y = max(0, viewport.height() // 2 - 4)
        self.ensureVisible(int(line.center().x()), int(line.center().y()),
                           min(room_x, int(line.width() / 2) + 40),
                           min(room_y, int(line.height() / 2) + 120))  # fmt: skip

    def show_message(self, message: str) -> None:
        self.page = -1
        self.marks = []
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(message)
        self.image_label.adjustSize()
