"""The form's field editors: a line edit for text, dates, numbers, lists and spans, a choice
box for the fixed choices, and the group of editors of one disputed item. Each editor reports to
its `FormPanel` (typed, committed, focused, confirmed with Return)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from parsing.edits import ITEM_FIELDS, FieldSpec

from ...review.convert import typed
from ...review.paths import FieldPath
from ...review.words import list_text

if TYPE_CHECKING:
    from .panel import FormPanel

COMMIT_AFTER_MS = 600
LABEL_WIDTH = 120  # pixels; a longer field name wraps
MAX_LINES = 8  # a long text's editor grows to this many lines, then scrolls
LONG_FIELDS = frozenset(
    {"request", "treatment", "claims_administrator_guideline", "reviewer_guideline", "rationale"}
)
CHOICE_TEXT = {
    "": "—",
    "upheld": "Upheld",
    "overturned": "Overturned",
    "female": "female",
    "male": "male",
}


def display(kind: str, value: Any, text: str = "", full: bool = False) -> str:
    """A value as its editor shows it; a source span as its words (shortened unless ``full``)."""
    if value is None:
        return ""
    if kind == "list":
        return list_text(value)
    if kind == "span":
        excerpt = " ".join(text[value["start"] : value["end"]].split())
        return excerpt if full or len(excerpt) < 160 else excerpt[:157] + "…"
    return str(value)


def _plain_return(event: QKeyEvent) -> bool:
    """Return or Enter with no modifier: save the field, mark it checked, go to the next."""
    return (
        event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )


class _Field:
    """What every field editor shares: its path and how it reports to the form."""

    path: str
    spec: FieldSpec
    form: FormPanel

    def _focus(self) -> None:
        self.form.field_focused(self.path)


class _TypedField(_Field):
    """A field typed as text: saved after a pause, when left, or on Return (which then
    confirms it and goes on to the next field); text that cannot be saved stays, marked."""

    pending: bool
    theirs: tuple[Any] | None  # another window's value, while a conflict is open
    timer: QTimer

    # provided by the widget (the Qt class comes first in each field's bases)
    def text(self) -> str:
        raise NotImplementedError

    def setText(self, text: str) -> None:
        raise NotImplementedError

    def hasFocus(self) -> bool:
        raise NotImplementedError

    def show_start(self) -> None:
        raise NotImplementedError

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _setup(self, form: FormPanel, spec: FieldSpec, path: str) -> None:
        self.form, self.spec, self.path = form, spec, path
        self.pending = False
        self.theirs = None
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMMIT_AFTER_MS)
        self.timer.timeout.connect(self.commit)

    def _typed(self, _: str = "") -> None:
        self.pending = True
        _, error = typed(FieldPath.parse(self.path), self.text())
        self.form.show_error(self._widget(), error)
        self.timer.start()

    def commit(self) -> None:
        self.timer.stop()
        if not self.pending:
            return
        value, error = typed(FieldPath.parse(self.path), self.text())
        self.form.show_error(self._widget(), error)
        if error:
            return
        self.pending = False
        self.form.field_edited(self.path, value)

    def set_value(self, value: Any, text: str) -> None:
        if self.pending and self.hasFocus():
            return  # never overwrite what the reviewer is typing
        shown = display(self.spec.kind, value, text, full=isinstance(self, AreaField))
        if self.text() != shown:
            self.setText(shown)
            if not isinstance(self, AreaField):  # a text area shows new text from its start
                self.show_start()
        elif not self.hasFocus():
            self.show_start()  # not where the previous letter's value was left
        self.pending = False
        self.theirs = None
        self.form.show_error(self._widget(), None)

    def _return(self) -> None:
        self.commit()  # saves what was typed; text that cannot be saved stays, marked
        if not self.form.has_error(self._widget()):
            self.form.field_confirmed(self.path)


class LineField(QLineEdit, _TypedField):
    def __init__(self, form: FormPanel, spec: FieldSpec, path: str) -> None:
        super().__init__()
        self._setup(form, spec, path)
        self.timer.setParent(self)
        self.setObjectName(f"field:{path}")
        self.setClearButtonEnabled(False)
        if spec.kind == "date":
            self.setPlaceholderText("YYYY-MM-DD")
        elif spec.kind == "list":
            self.setPlaceholderText("separated by ;")
        elif spec.kind == "span":
            self.setReadOnly(True)
            self.setPlaceholderText("select the paragraph in the letter, then Ctrl+E")
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self.commit)

    def show_start(self) -> None:
        self.setCursorPosition(0)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._focus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _plain_return(event):
            self._return()
            return
        super().keyPressEvent(event)


class AreaField(QPlainTextEdit, _TypedField):
    """Long text (a request, a guideline, a list, the rationale): wrapped over as many lines as
    it needs, up to `MAX_LINES`, then it scrolls. A value is one line of data: Return confirms
    and goes on, as in every field; no key adds a line break (pasted ones become spaces)."""

    def __init__(self, form: FormPanel, spec: FieldSpec, path: str) -> None:
        super().__init__()
        self._setup(form, spec, path)
        self.timer.setParent(self)
        self._loading = False
        self._wrapped_at = -1  # the viewport width the text was last wrapped at
        self.setObjectName(f"field:{path}")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if spec.kind == "list":
            self.setPlaceholderText("separated by ;")
        elif spec.kind == "span":
            self.setReadOnly(True)
            self.setPlaceholderText("select the paragraph in the letter, then Ctrl+E")
        self.textChanged.connect(self._changed)
        self._fit()

    def text(self) -> str:
        return self.toPlainText().replace("\r\n", " ").replace("\n", " ")

    def setText(self, text: str) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def show_start(self) -> None:
        cursor = self.textCursor()
        if cursor.position() == 0 and not cursor.hasSelection():
            self.verticalScrollBar().setValue(0)
            return  # moving the cursor where it is would still redraw the field
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(0)

    def _changed(self) -> None:
        self._fit()
        if not self._loading and not self.isReadOnly():
            self._typed()

    def _fit(self) -> None:
        """As tall as the wrapped text, between one line and `MAX_LINES`."""
        line = self.fontMetrics().lineSpacing()
        lines = 0
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        shown = max(1, min(MAX_LINES, lines))
        margins = self.contentsMargins()
        doc_margin = 2 * int(self.document().documentMargin())
        height = shown * line + doc_margin + margins.top() + margins.bottom() + 2
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # Qt wraps the text again at the viewport's width...
        self._wrapped_at = self.viewport().width()
        self._fit()

    def viewportEvent(self, event: QEvent) -> bool:
        """... but only when the field itself is resized. The form's style sheet changes the
        field's padding when it is applied (and could with a state), which narrows the viewport
        alone: the lines stayed wrapped at the old width and their ends were cut off ("sprain
        of the le"). Wrap them again whenever the viewport's width changes. When the field
        itself is resized, its viewport's Resize comes first, so the text is wrapped here and
        again by Qt: two layouts of a short text, on resizes only (a letter switch changes a
        field's height, never its width)."""
        if event.type() == QEvent.Type.Resize and self.viewport().width() != self._wrapped_at:
            self._wrapped_at = self.viewport().width()
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # Qt's only way to wrap
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # the text again
            self._fit()
        return super().viewportEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(120, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.height())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().splitlines()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self._return()
            else:
                event.ignore()  # a window key (Ctrl+Return...) or nothing: never a line break
            return
        super().keyPressEvent(event)


class ChoiceField(QComboBox, _Field):
    def __init__(self, form: FormPanel, spec: FieldSpec, path: str) -> None:
        super().__init__()
        self.form, self.spec, self.path = form, spec, path
        self.pending = False
        self.setObjectName(f"field:{path}")
        for choice in spec.choices:
            self.addItem(CHOICE_TEXT.get(choice, choice), choice)
        self.activated.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        self.form.field_edited(self.path, self.itemData(index) or None)

    def commit(self) -> None:
        pass

    def set_value(self, value: Any, text: str) -> None:
        index = self.findData(value or "")
        self.setCurrentIndex(max(0, index))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._focus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _plain_return(event):
            self.form.field_confirmed(self.path)
            return
        super().keyPressEvent(event)


Editor = LineField | AreaField | ChoiceField
TypedField = LineField | AreaField


def make_editor(form: FormPanel, spec: FieldSpec, path: str) -> Editor:
    if spec.kind == "choice":
        return ChoiceField(form, spec, path)
    if spec.name in LONG_FIELDS or spec.kind in ("list", "span"):
        return AreaField(form, spec, path)
    return LineField(form, spec, path)


class ItemEditor(QGroupBox):
    def __init__(self, form: FormPanel, index: int) -> None:
        super().__init__()
        self.index = index
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, Editor] = {}
        for spec in ITEM_FIELDS:
            editor = make_editor(form, spec, f"items.{index}.{spec.name}")
            self.editors[spec.name] = editor
            layout.addRow(row_label(spec.label), form.with_error_label(editor))

    def set_index(self, index: int) -> None:
        self.index = index
        for name, editor in self.editors.items():
            editor.path = f"items.{index}.{name}"
            editor.setObjectName(f"field:{editor.path}")


def row_label(text: str) -> QLabel:
    """A field's name beside it, `LABEL_WIDTH` wide in every group (the editors line up), a
    long name ("Claims Administrator guideline") wrapped, leaving the editors room."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFixedWidth(LABEL_WIDTH)  # the same in every group: the editors line up
    return label


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a property it reads changed, and paint the widget
    again: polishing alone left a plain widget (a field's row, whose left bar is the focus mark)
    as it was on screen, so the mark stayed beside fields the focus had left."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
