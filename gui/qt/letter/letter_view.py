"""The letter: read-only text with the current field's source, the current item's rationale and
the reviewer's highlights painted over it; selectable from the keyboard (caret, Shift+arrows,
Ctrl+arrows by words across line ends, Ctrl+T the token at the caret, Alt+Shift+Right/Left to
grow and shrink the selection). Everything it signals or answers is in letter offsets."""

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

from ...review.reflow import Reflow
from ...review.tokens import grow_selection, snap_to_token, word_end, word_start
from ..theme import unshaped
from .highlighting import EvidenceHighlighter
from .offsets import ViewMap

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
        self.setFont(unshaped(font))
        self.setCursorWidth(2)
        self._source: tuple[int, int] | None = None
        self._rationale: tuple[int, int] | None = None
        self._colors = {"source": "#ffe58a", "rationale": "#dbe9ff", "find": "#ff9d5c"}
        self.reflowed = True  # paragraphs joined for reading (`gui.review.reflow`)
        self.offsets = ViewMap("")
        self._grown: list[tuple[tuple[int, int], tuple[int, int]]] = []  # (before, after) steps
        self.highlighter = EvidenceHighlighter(self.document(), self.offsets)

    # --- content ---------------------------------------------------------------------------

    def show_text(self, text: str, highlights: list[Highlight] | None = None) -> None:
        """Show a letter (reflowed when `reflowed`); ``highlights`` in letter offsets."""
        # Highlights first, so the one formatting pass that setPlainText runs paints them too.
        self.offsets = ViewMap(text, Reflow(text) if self.reflowed else None)
        self._grown = []
        self.highlighter.offsets = self.offsets
        self.highlighter.set_highlights(highlights or [], rehighlight=False)
        self.highlighter.forget_marks()
        self.setPlainText(self.offsets.shown)
        self._source = self._rationale = None
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_reflowed(self, on: bool, highlights: list[Highlight]) -> None:
        """Show the letter's paragraphs reflowed, or its lines as printed, keeping the caret,
        the selection and the line at the top of the view (the caret first, when it was in
        view)."""
        if on == self.reflowed:
            return
        selected, caret = self.selection(), self.caret()
        caret_shown = self.viewport().rect().contains(self.cursorRect().center())
        top_left = self.cursorForPosition(self.viewport().rect().topLeft())
        top = self.offsets.from_qt(top_left.position())
        self.reflowed = on
        self.show_text(self.offsets.text, highlights)
        if selected is not None:
            self.select(*selected)
        else:
            self.put_caret(caret)
        # The scroll bar counts lines (blocks) here: the line that was at the top stays there.
        self.verticalScrollBar().setValue(
            self.document().findBlock(self.offsets.to_qt(top)).blockNumber()
        )
        if caret_shown:  # the coder's place stays on screen (the lines above it changed)
            self.ensureCursorVisible()

    def set_colors(self, source: str, rationale: str, find: str) -> None:
        self._colors = {"source": source, "rationale": rationale, "find": find}

    def colors(self) -> dict[str, str]:
        return dict(self._colors)

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
        return self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select(self, start: int, end: int) -> None:
        """Select a letter span (the caret at its end) and bring it into view."""
        first, last = self.offsets.span_to_qt(start, end)
        limit = self.document().characterCount() - 1
        cursor = self.textCursor()
        cursor.setPosition(max(0, min(first, limit)))
        cursor.setPosition(max(0, min(last, limit)), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

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

    def _move_by_word(self, forward: bool, extend: bool) -> None:
        """Ctrl+Right/Left: to the next word's end or the previous word's start, across PDF
        line ends; a strength ("10/325mg") is one word."""
        text = self.offsets.text
        cursor = self.textCursor()
        at = self.offsets.from_qt(cursor.position())
        if forward and cursor.hasSelection() and not extend:
            at = self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())[1]
        to = word_end(text, at) if forward else word_start(text, at)
        mode = QTextCursor.MoveMode.KeepAnchor if extend else QTextCursor.MoveMode.MoveAnchor
        position = self.offsets.to_qt(to)
        if forward and to > at and self.offsets.from_qt(position) < to:
            position = self.offsets.span_to_qt(at, to)[1]  # a word ending inside a reflowed break
        cursor.setPosition(max(0, min(position, self.document().characterCount() - 1)), mode)
        self.setTextCursor(cursor)

    def select_token(self) -> None:
        """Ctrl+T: the drug with its strength, the date or the word at the caret or selection."""
        before = self.selection() or (self.caret(), self.caret())
        span = snap_to_token(self.offsets.text, *before)
        self._grown = [(before, span)]
        self.select(*span)

    def grow(self) -> None:
        """Alt+Shift+Right: the word, then the token, then the whole line."""
        before = self.selection() or (self.caret(), self.caret())
        if self._grown and self._grown[-1][1] != before:
            self._grown = []  # the selection was changed another way since
        span = grow_selection(self.offsets.text, *before)
        self._grown.append((before, span))
        self.select(*span)

    def shrink(self) -> None:
        """Alt+Shift+Left: back to the selection before the last grow."""
        current = self.selection() or (self.caret(), self.caret())
        if not self._grown or self._grown[-1][1] != current:
            self._grown = []
            return
        before, _ = self._grown.pop()
        if before[0] == before[1]:
            self.put_caret(before[0])
        else:
            self.select(*before)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        alt = Qt.KeyboardModifier.AltModifier
        arrows = (Qt.Key.Key_Right, Qt.Key.Key_Left)
        if event.key() in arrows and modifiers in (ctrl, ctrl | shift):
            self._move_by_word(event.key() == Qt.Key.Key_Right, bool(modifiers & shift))
            return
        if event.key() in arrows and modifiers == alt | shift:
            self.grow() if event.key() == Qt.Key.Key_Right else self.shrink()
            return
        if event.key() == Qt.Key.Key_T and modifiers == ctrl:
            self.select_token()
            return
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
