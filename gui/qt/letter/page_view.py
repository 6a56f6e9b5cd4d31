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
        bring the first mark into view."""
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
            first = self.marks[0]
            self.ensureVisible(int(first.center().x()), int(first.center().y()), 40, 120)

    def show_message(self, message: str) -> None:
        self.page = -1
        self.marks = []
        self.image_label.setPixmap(QPixmap())
        self.image_label.setText(message)
        self.image_label.adjustSize()
