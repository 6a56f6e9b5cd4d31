"""The form's field editors: a line edit for text, dates, numbers, lists and spans, a choice
box for the fixed choices, and the group of editors of one disputed item. Each editor reports to
its `FormPanel` (typed, committed, focused, confirmed with Return)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from parsing.edits import ITEM_FIELDS, FieldSpec

from ...review.convert import typed
from ...review.paths import FieldPath

if TYPE_CHECKING:
    from .panel import FormPanel

COMMIT_AFTER_MS = 600
CHOICE_TEXT = {
    "": "—",
    "upheld": "Upheld",
    "overturned": "Overturned",
    "female": "female",
    "male": "male",
}


def display(kind: str, value: Any, text: str = "") -> str:
    if value is None:
        return ""
    if kind == "list":
        return ", ".join(value)
    if kind == "span":
        excerpt = " ".join(text[value["start"] : value["end"]].split())
        return excerpt if len(excerpt) < 160 else excerpt[:157] + "…"
    return str(value)


def _plain_return(event: QKeyEvent) -> bool:
    """Return or Enter with no modifier: save the field, or mark it checked."""
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


class LineField(QLineEdit, _Field):
    def __init__(self, form: FormPanel, spec: FieldSpec, path: str) -> None:
        super().__init__()
        self.form, self.spec, self.path = form, spec, path
        self.pending = False
        self.theirs: tuple[Any] | None = None  # another window's value, while a conflict is open
        self.setObjectName(f"field:{path}")
        self.setClearButtonEnabled(False)
        if spec.kind == "date":
            self.setPlaceholderText("YYYY-MM-DD")
        elif spec.kind == "list":
            self.setPlaceholderText("comma-separated")
        elif spec.kind == "span":
            self.setReadOnly(True)
            self.setPlaceholderText("select the paragraph in the letter, then Ctrl+E")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMMIT_AFTER_MS)
        self.timer.timeout.connect(self.commit)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self.commit)

    def _typed(self, _: str) -> None:
        self.pending = True
        _, error = typed(FieldPath.parse(self.path), self.text())
        self.form.show_error(self, error)
        self.timer.start()

    def commit(self) -> None:
        self.timer.stop()
        if not self.pending:
            return
        value, error = typed(FieldPath.parse(self.path), self.text())
        self.form.show_error(self, error)
        if error:
            return
        self.pending = False
        self.form.field_edited(self.path, value)

    def set_value(self, value: Any, text: str) -> None:
        if self.pending and self.hasFocus():
            return  # never overwrite what the reviewer is typing
        shown = display(self.spec.kind, value, text)
        if self.text() != shown:
            self.setText(shown)
            self.setCursorPosition(0)
        self.pending = False
        self.theirs = None
        self.form.show_error(self, None)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._focus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _plain_return(event):
            was_pending = self.pending
            self.commit()
            if not was_pending and not self.form.has_error(self):
                self.form.field_confirmed(self.path)
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


Editor = LineField | ChoiceField


def make_editor(form: FormPanel, spec: FieldSpec, path: str) -> Editor:
    return ChoiceField(form, spec, path) if spec.kind == "choice" else LineField(form, spec, path)


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
            layout.addRow(spec.label, form.with_error_label(editor))

    def set_index(self, index: int) -> None:
        self.index = index
        for name, editor in self.editors.items():
            editor.path = f"items.{index}.{name}"
            editor.setObjectName(f"field:{editor.path}")


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
