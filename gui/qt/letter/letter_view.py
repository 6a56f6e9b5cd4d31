"""The letter: read-only text with the current field's source, the current item's rationale and
the reviewer's highlights painted over it; selectable from the keyboard (caret, Shift+arrows)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QKeyEvent,
    QMouseEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from storage.store import Highlight

from .highlighting import EvidenceHighlighter
from .offsets import OffsetMap

DEFAULT_POINT_SIZE = 11


class LetterView(QPlainTextEdit):
    clicked_at = Signal(int)  # a click without a selection, at this offset
    label_key = Signal(str)  # a digit 1-9 pressed in the letter
    delete_key = Signal()  # Delete or Backspace pressed in the letter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSize(DEFAULT_POINT_SIZE)
        self.setFont(font)
        self.setCursorWidth(2)
        self._source: tuple[int, int] | None = None
        self._rationale: tuple[int, int] | None = None
        self._colors = {"source": "#ffe58a", "rationale": "#dbe9ff", "find": "#ff9d5c"}
        self.offsets = OffsetMap("")
        self.highlighter = EvidenceHighlighter(self.document(), self.offsets)

    # --- content ---------------------------------------------------------------------------

    def show_text(self, text: str, highlights: list[Highlight] | None = None) -> None:
        # Highlights first, so the one formatting pass that setPlainText runs paints them too.
        self.offsets = OffsetMap(text)
        self.highlighter.offsets = self.offsets
        self.highlighter.set_highlights(highlights or [], rehighlight=False)
        self.highlighter.forget_marks()
        self.setPlainText(text)
        self._source = self._rationale = None
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_colors(self, source: str, rationale: str, find: str) -> None:
        self._colors = {"source": source, "rationale": rationale, "find": find}

    def set_marks(
        self, source: tuple[int, int] | None, rationale: tuple[int, int] | None, scroll: bool
    ) -> None:
        """Mark the current field's source and the current item's rationale; scroll to the source."""
        self._source, self._rationale = source, rationale
        self.highlighter.set_marks(source, rationale)
        if scroll and source is not None:
            self.scroll_to(source[0], source[1])

    def scroll_to(self, start: int, end: int | None = None) -> None:
        """Bring an offset into the middle of the view, leaving the caret where it was."""
        last = self.document().characterCount() - 1
        keep = self.textCursor()
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(self.offsets.to_qt(start), last)))
        self.setTextCursor(cursor)
        self.centerCursor()
        value = self.verticalScrollBar().value()
        self.setTextCursor(keep)
        self.verticalScrollBar().setValue(value)

    def put_caret(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(
            max(0, min(self.offsets.to_qt(offset), self.document().characterCount() - 1))
        )
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(
            cursor.selectionEnd()
        )

    def caret(self) -> int:
        """The caret's offset in the letter text."""
        return self.offsets.from_qt(self.textCursor().position())

    # --- zoom and find ---------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        font = self.font()
        size = DEFAULT_POINT_SIZE if steps == 0 else max(6, min(40, font.pointSize() + steps))
        font.setPointSize(size)
        self.setFont(font)

    def find_text(self, text: str, backwards: bool = False) -> bool:
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.find(text, flags):
            return True
        cursor = self.textCursor()  # wrap around
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(text, flags)

    # --- keys and mouse --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            == Qt.KeyboardModifier.NoModifier
        )
        if plain and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
            self.label_key.emit(str(event.key() - Qt.Key.Key_0))
            return
        if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_key.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked_at.emit(
                self.offsets.from_qt(self.cursorForPosition(event.position().toPoint()).position())
            )
