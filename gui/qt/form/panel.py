"""The structured form: header fields and one editor group per disputed item.

Typed editors with inline validation; each change is committed when the field is left, on
Return, or after a short pause in typing, so nothing typed is ever more than a moment from the
database. Fields are marked: amber = the parser was unsure, blue = changed by the reviewer,
green = checked and kept (Return on an unchanged field); the field being worked on has a bar in
the focus colour on its left, a hue of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from parsing import Letter
from parsing.edits import HEADER_FIELDS

from ...review import ReviewSession
from ...review.paths import FieldPath
from ...review.words import field_name
from .fields import (
    CHOICE_TEXT,
    AreaField,
    ChoiceField,
    Editor,
    ItemEditor,
    LineField,
    display,
    make_editor,
    repolish,
    row_label,
)

PARSER_SHOWN_CHARS = 240  # a longer parser value is cut, with "…"


class FormPanel(QScrollArea):
    edited = Signal(str, object)  # path, JSON value
    focused = Signal(str)
    confirmed = Signal(str)  # Return in a field that holds no unsavable text: confirm, go on
    unsaved = Signal(str, object)  # path, the typed text that cannot be saved (None: none now)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form")
        self.setWidgetResizable(True)
        # The scroll bar is always there: appearing as the form grew past the screen (a letter
        # with more items, an item added), it took its width from every field, whose long
        # values all wrapped again; the form jumped sideways, and a switch between a short and
        # a long letter laid all of it out twice.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.setWidget(body)
        self.errors: dict[QWidget, QLabel] = {}
        self.parser_lines: dict[QWidget, QLabel] = {}  # "parser: …" under a changed field
        self._reported: set[str] = set()  # paths told to the window as holding unsavable text
        self.header = QGroupBox("Letter")
        header_layout = QFormLayout(self.header)
        header_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.header_editors: dict[str, Editor] = {}
        for spec in HEADER_FIELDS:
            editor = make_editor(self, spec, spec.name)
            self.header_editors[spec.name] = editor
            header_layout.addRow(row_label(spec.label), self.with_error_label(editor))
        self.body_layout.addWidget(self.header)
        self.items: list[ItemEditor] = []
        self.items_layout = QVBoxLayout()
        self.body_layout.addLayout(self.items_layout)
        self.empty_items = QLabel("No disputed items. Ctrl+Shift+A adds one.")
        self.body_layout.addWidget(self.empty_items)
        legend = QLabel(
            "Borders: amber = parser unsure · blue = changed by you · green = checked · "
            "grey = not checked yet. The bar on the left marks the field you are in."
        )
        legend.setWordWrap(True)
        legend.setObjectName("stateLegend")
        self.body_layout.addWidget(legend)
        self.body_layout.addStretch(1)
        self._record: Letter | None = None
        self._current_item: int | None = None
        self._marked: QWidget | None = None
        self._letter_id: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def with_error_label(self, editor: QWidget) -> QWidget:
        holder = QWidget()
        holder.setObjectName("fieldRow")  # its left bar is the focus mark (style.qss)
        holder.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        label = QLabel()
        label.setObjectName("fieldError")
        label.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote what was typed
        label.setWordWrap(True)  # a message quoting a long typed text wraps, never widens the form
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.hide()
        layout.addWidget(label)
        self.errors[editor] = label
        parser = QLabel()
        parser.setObjectName("parserValue")
        parser.setTextFormat(Qt.TextFormat.PlainText)  # the letter's words, never markup
        parser.setWordWrap(True)
        parser.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        parser.hide()
        layout.addWidget(parser)
        self.parser_lines[editor] = parser
        return holder

    # --- reporting to the window -----------------------------------------------------------

    def field_edited(self, path: str, value: Any) -> None:
        self.edited.emit(path, value)

    def field_focused(self, path: str) -> None:
        self.mark_focused(path)
        self.focused.emit(path)

    def mark_focused(self, path: str | None) -> None:
        """The focus mark (a bar in the focus colour) beside the field at ``path`` only."""
        editor = self.editor(path) if path is not None else None
        row = editor.parentWidget() if editor is not None else None
        if row is self._marked:
            return
        for widget, on in ((self._marked, False), (row, True)):
            if widget is not None:
                widget.setProperty("focusMark", on)
                repolish(widget)
        self._marked = row

    def field_confirmed(self, path: str) -> None:
        self.confirmed.emit(path)

    def show_error(self, editor: QWidget, error: str | None) -> None:
        """Show (or, with None, clear) the message under a field; the window hears of typed
        text that cannot be saved, and of its going. A field with nothing to clear is left
        alone: every field of a letter is cleared at each switch."""
        label = self.errors.get(editor)
        if label is not None and (error or not label.isHidden()):
            label.setText(error or "")
            label.setVisible(bool(error))
        path = getattr(editor, "path", None)
        if path is not None:
            text = editor.text() if isinstance(editor, LineField | AreaField) and error else None
            if text is not None:
                self._reported.add(path)
                self.unsaved.emit(path, text)
            elif path in self._reported:
                self._reported.discard(path)
                self.unsaved.emit(path, None)
        if editor.property("invalid") != bool(error):
            editor.setProperty("invalid", bool(error))
            repolish(editor)

    def mark_unsaved(self, path: str, message: str) -> None:
        """A value could not be saved: keep it on screen, say why, and retry on the next commit."""
        editor = self.editor(path)
        if editor is None:
            return
        if isinstance(editor, LineField | AreaField):
            editor.pending = True
        self.show_error(editor, message)

    def keep_conflicting(self, path: str, mine: Any, theirs: Any, message: str) -> None:
        """Another window saved ``theirs`` first: show the reviewer's ``mine`` again, unsaved,
        beside a message naming theirs; Return saves mine, `take_theirs` (Escape) takes theirs."""
        editor = self.editor(path)
        if isinstance(editor, LineField | AreaField):
            editor.setText(display(editor.spec.kind, mine, full=isinstance(editor, AreaField)))
            editor.theirs = (theirs,)
        self.mark_unsaved(path, message)

    def take_theirs(self, path: str) -> bool:
        """Settle an open conflict for the other window's value; False when none is open."""
        editor = self.editor(path)
        if not isinstance(editor, LineField | AreaField) or editor.theirs is None:
            return False
        editor.setText(
            display(editor.spec.kind, editor.theirs[0], full=isinstance(editor, AreaField))
        )
        editor.pending = False
        editor.theirs = None
        self.show_error(editor, None)
        return True

    def revert_invalid(self, path: str, session: ReviewSession) -> bool:
        """Put the saved value back into a field whose typed text cannot be saved (Escape)."""
        editor = self.editor(path)
        if not isinstance(editor, LineField | AreaField) or not (
            editor.pending and self.has_error(editor)
        ):
            return False
        record = session.record
        text = session.letter.text if session.letter else ""
        if record is None:
            return False
        editor.pending = False
        editor.set_value(FieldPath.parse(path).read(record), text)
        return True

    def has_error(self, editor: QWidget) -> bool:
        return bool(editor.property("invalid"))

    # --- showing a record ------------------------------------------------------------------

    def editors(self) -> dict[str, Editor]:
        found: dict[str, Editor] = dict(self.header_editors)
        for item in self.items:
            if not item.isHidden():
                for editor in item.editors.values():
                    found[editor.path] = editor
        return found

    def editor(self, path: str) -> Editor | None:
        if path in self.header_editors:
            return self.header_editors[path]
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.items) and not self.items[index].isHidden():
                return self.items[index].editors.get(parts[2])
        return None

    def show_record(self, record: Letter, session: ReviewSession, text: str) -> None:
        self._record = record
        while len(self.items) < len(record.items):
            editor = ItemEditor(self, len(self.items))
            self.items.append(editor)
            self.items_layout.addWidget(editor)
        for n, item_editor in enumerate(self.items):
            visible = n < len(record.items)
            item_editor.setHidden(not visible)
            if visible:
                item_editor.set_index(n)
        self.update_titles(record, session)
        self.empty_items.setVisible(not record.items)
        self._show_values(record, session, text)
        if session.letter_id != self._letter_id:
            self._letter_id = session.letter_id
            self._opened(session.current_path)

    def _opened(self, path: str) -> None:
        """Another letter is shown: its first field to check comes into view, and takes the
        focus if the form had it (never a field of the previous letter's place)."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            self.focus_field(path)
        else:
            self.scroll_to(path)

    def update_titles(self, record: Letter, session: ReviewSession) -> None:
        """Item group titles: number, determination, evidence count, whether evidence is required."""
        for n, item_editor in enumerate(self.items[: len(record.items)]):
            item = record.items[n]
            label = f"Item {n + 1}"
            if item.determination:
                label += f" · {item.determination.value.capitalize()}"
            evidence = session.evidence_count(n)
            if evidence:
                label += f" · {evidence} highlight{'s' if evidence > 1 else ''}"
            if item.needs_evidence:
                label += " · evidence required" if evidence else " · needs evidence"
            if item_editor.title() != label:
                item_editor.setTitle(label)

    def _show_values(self, record: Letter, session: ReviewSession, text: str) -> None:
        for path, editor in self.editors().items():
            editor.set_value(FieldPath.parse(path).read(record), text)
            state = (
                "changed"
                if session.is_changed(path)
                else "confirmed"
                if session.is_confirmed(path)
                else "unsure"
                if session.is_unsure(path)
                else ""
            )
            self._show_parser_value(editor, path, state == "changed", session, text)
            if editor.property("reviewState") != state:
                editor.setProperty("reviewState", state)
                repolish(editor)
            tip = {
                "unsure": "The parser was unsure of this value",
                "changed": "Changed by you",
                "confirmed": "Checked by you",
            }
            confidence = record.confidence.get(path)
            tooltip = (
                field_name(path)
                + (f" · confidence {confidence:.2f}" if confidence is not None else "")
                + (f" · {tip[state]}" if state else "")
            )
            if editor.toolTip() != tooltip:
                editor.setToolTip(tooltip)

    def _show_parser_value(
        self, editor: Editor, path: str, changed: bool, session: ReviewSession, text: str
    ) -> None:
        line = self.parser_lines.get(editor)
        if line is None:
            return
        if changed and session.parser_path(path) is None:
            wanted = "an item added here: the parser has no value for it"
            if line.text() != wanted:
                line.setText(wanted)
        elif changed:
            value = session.parser_value(path)
            if isinstance(editor, ChoiceField):
                shown = CHOICE_TEXT.get(value or "", str(value))
            else:
                shown = display(editor.spec.kind, value, text)
            shown = shown or "empty"
            if len(shown) > PARSER_SHOWN_CHARS:
                shown = shown[: PARSER_SHOWN_CHARS - 1] + "…"
            wanted = f"parser: {shown} (Ctrl+Shift+R restores it)"
            if line.text() != wanted:
                line.setText(wanted)
        if line.isHidden() == changed:
            line.setVisible(changed)

    def mark_current_item(self, index: int | None) -> None:
        if index == self._current_item:
            return
        self._current_item = index
        for n, item_editor in enumerate(self.items):
            current = n == index
            if item_editor.property("current") != current:
                item_editor.setProperty("current", current)
                repolish(item_editor)

    def focus_field(self, path: str) -> bool:
        editor = self.editor(path)
        if editor is None:
            return False
        if not editor.hasFocus():
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_to(path)
        return True

    def scroll_to(self, path: str) -> None:
        """Bring a field (with its label, error and parser lines) into the visible area, also
        when it was just added and the form has not been laid out again yet."""
        editor = self.editor(path)
        if editor is None:
            return
        for _ in range(3):  # editors sized to their text settle in a pass or two
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        holder = editor.parentWidget() or editor
        self.ensureWidgetVisible(holder, 20, 24)

    def commit_pending(self) -> None:
        for editor in self.editors().values():
            if getattr(editor, "pending", False):
                editor.commit()
