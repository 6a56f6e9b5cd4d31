"""The letter panel: the letter's name and status line, the find bar, the letter itself and,
below it, the highlight list (and the adjudication list when a lead settles disagreements)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from .letter_view import LetterView
from .page_view import PageView


class LetterPanel(QWidget):
    def __init__(
        self, highlights: QWidget, adjudication: QWidget | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.find_box = QLineEdit()
        self.find_box.setObjectName("findInLetter")
        self.find_box.setPlaceholderText(
            "Find in this letter (Return: next, Shift+Return: previous, Escape: close)"
        )
        self.find_box.hide()
        self.letter_view = LetterView()
        self.page_view = PageView()  # a PDF letter's page, in the letter's place (Ctrl+Shift+P)
        self.letter_stack = QStackedWidget()
        self.letter_stack.addWidget(self.letter_view)
        self.letter_stack.addWidget(self.page_view)
        self.letter_info = QLabel()
        self.letter_info.setObjectName("letterInfo")
        self.letter_info.setTextFormat(Qt.TextFormat.RichText)
        self.letter_info.setWordWrap(True)  # a long name or note never widens the window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.letter_info)
        layout.addWidget(self.find_box)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.letter_stack)
        split.addWidget(highlights)
        if adjudication is not None:
            split.addWidget(adjudication)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 160])
        if adjudication is not None:  # the disagreements are the work here
            split.setStretchFactor(2, 2)
            split.setSizes([460, 110, 290])
        layout.addWidget(split, 1)
