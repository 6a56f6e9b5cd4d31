"""Undoable commands: one class per kind of change, each with do, undo and its audit label.

A command is made with what the reviewer asked for, then run by the session. Its first `do`
applies the change through the store (logged under `action`); it keeps what it needs to go
back (`undo`, logged as "undo") and to go forward again (a later `do`, logged as "redo").
`label` is what the window says after undoing or redoing it.
"""

from __future__ import annotations

import dataclasses
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from parsing import Letter, Span
from parsing.edits import add_item, mark_reviewed, move_item, remove_item, set_span
from storage.store import Highlight

from .paths import FieldPath, item_of
from .status import Status
from .words import field_name

if TYPE_CHECKING:
    from .core import SessionCore

# Edits of one field within this many seconds undo as one step (typing a word is one edit).
MERGE_SECONDS = 2.0


class Command(ABC):
    label: str  # "edit UR date": said after "Undone:" / "Redone:"
    action: str  # the audit log's action when first done
    path: str  # the field the change is about (the form follows it on undo), or "items"

    @abstractmethod
    def do(self, session: SessionCore) -> None: ...

    @abstractmethod
    def undo(self, session: SessionCore) -> None: ...

    def absorb(self, later: Command) -> bool:
        """Fold a later command into this one (True) so they undo as one step."""
        return False

    def current_after(self, current: str, backwards: bool, record: Letter) -> str | None:
        """The field the form goes to once this is undone (``backwards``) or done again, from
        ``current``, ``record`` as it now is; None: the field the change is about (``path``)."""
        return None


class RecordChange(Command):
    """A change of the reviewer's record; undo and redo put back a whole snapshot, with the
    links of the highlights whose item moved."""

    def __init__(self, path: str, label: str, action: str = "edit",
                 links: dict[int, str] | None = None) -> None:  # fmt: skip
        self.path, self.label, self.action = path, label, action
        self.links_after = dict(links or {})
        self.links_before: dict[int, str] = {}
        self.before: Letter | None = None
        self.after: Letter | None = None
        self.at = time.monotonic()

    @abstractmethod
    def change(self, record: Letter) -> Letter:
        """The change, applied to the record as the store holds it (in its transaction)."""

    def do(self, session: SessionCore) -> None:
        if self.after is None:
            before = session.record
            assert before is not None
            self.links_before = {
                h.id: h.field for h in session.highlights if h.id in self.links_after
            }
            _keep_evidence(session, lambda: self.change(before), self.links_after)
            gold = session.write_record(self.change, self.path, self.action, self.links_after)
            self.before, self.after = before, gold.record
        else:
            after = self.after
            _keep_evidence(session, lambda: after, self.links_after)
            session.write_record(lambda _: after, self.path, "redo", self.links_after)

    def undo(self, session: SessionCore) -> None:
        before = self.before
        assert before is not None, "undo of a command never done"
        _keep_evidence(session, lambda: before, self.links_before)
        session.write_record(lambda _: before, self.path, "undo", self.links_before)

    def absorb(self, later: Command) -> bool:
        if (
            isinstance(later, RecordChange)
            and later.path == self.path
            and time.monotonic() - self.at < MERGE_SECONDS
        ):
            self.after, self.at = later.after, time.monotonic()
            return True
        return False


class EditField(RecordChange):
    def __init__(self, path: FieldPath, value: Any) -> None:
        super().__init__(str(path), f"edit {field_name(str(path))}")
        self.field, self.value = path, value

    def change(self, record: Letter) -> Letter:
        return mark_reviewed(self.field.write(record, self.value), self.path)


class FillFromSelection(RecordChange):
    """A field filled from words selected in the letter, which become its source."""

    def __init__(
        self, path: FieldPath, value: Any, span: Span, elements: dict[str, Span] | None = None
    ) -> None:
        super().__init__(str(path), f"fill {field_name(str(path))} from selection", "fill")
        self.field, self.value, self.span = path, value, span
        self.elements = dict(elements or {})  # a list's elements: where each was read

    def change(self, record: Letter) -> Letter:
        filled = set_span(self.field.write(record, self.value), self.path, self.span)
        for element, source in self.elements.items():
            filled = set_span(filled, element, source)
        return mark_reviewed(filled, self.path)


class Confirm(RecordChange):
    """The reviewer checked a field and keeps its value."""

    def __init__(self, path: FieldPath) -> None:
        super().__init__(str(path), f"confirm {field_name(str(path))}", "confirm")

    def change(self, record: Letter) -> Letter:
        return mark_reviewed(record, self.path, "confirmed")


class ConfirmAll(RecordChange):
    """The reviewer checked a whole letter: every field not yet marked becomes confirmed (one
    step to undo, one audit row: the review marks before and after)."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__("review", "confirm every field of the letter", "confirm_all")
        self.paths = list(paths)

    def change(self, record: Letter) -> Letter:
        review = dict(record.review)
        for path in self.paths:
            review.setdefault(path, "confirmed")
        return record.model_copy(update={"review": review})


class RestoreField(RecordChange):
    """A changed field given back the parser's value and source; the reviewer chose it, so it
    counts as confirmed."""

    def __init__(
        self, path: FieldPath, value: Any, span: Span | None,
        elements: dict[str, Span] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(str(path), f"restore the parser's {field_name(str(path))}", "restore")
        self.field, self.value, self.span = path, value, span
        self.elements = dict(elements or {})  # a list's: the parser's source of each element

    def change(self, record: Letter) -> Letter:
        restored = set_span(self.field.write(record, self.value), self.path, self.span)
        for element, source in self.elements.items():
            restored = set_span(restored, element, source)
        review = dict(restored.review)
        review[self.path] = "confirmed"
        return restored.model_copy(update={"review": review})


class SetNeedsEvidence(RecordChange):
    def __init__(self, index: int, required: bool) -> None:
        self.field = FieldPath("needs_evidence", index)
        verb = "require" if required else "do not require"
        super().__init__(str(self.field), f"{verb} evidence for item {index + 1}")
        self.required = required

    def change(self, record: Letter) -> Letter:
        return self.field.write(record, self.required)


class AddItem(RecordChange):
    def __init__(self, at: int, links: dict[int, str]) -> None:
        super().__init__("items", "add item", "add_item", links)
        self.position = at

    def change(self, record: Letter) -> Letter:
        return add_item(record, self.position)

    def current_after(self, current: str, backwards: bool, record: Letter) -> str | None:
        """Undone: the item before the one added (the letter's first field when none); done
        again: the added item."""
        if not backwards:
            return str(FieldPath("request", self.position))
        return str(FieldPath("request", self.position - 1)) if self.position else "case_number"


class RemoveItem(RecordChange):
    def __init__(self, index: int, links: dict[int, str]) -> None:
        super().__init__("items", f"remove item {index + 1}", "remove_item", links)
        self.index = index

    def change(self, record: Letter) -> Letter:
        return remove_item(record, self.index)

    def current_after(self, current: str, backwards: bool, record: Letter) -> str | None:
        """Undone: the item put back; done again: the item now in its place (or the one before,
        the letter's first field when none is left), as removing it went."""
        if backwards:
            return str(FieldPath("request", self.index))
        if not record.items:
            return "case_number"
        return str(FieldPath("request", min(self.index, len(record.items) - 1)))


class MoveItem(RecordChange):
    def __init__(self, index: int, to: int, links: dict[int, str]) -> None:
        super().__init__("items", f"move item {index + 1}", "move_item", links)
        self.index, self.to = index, to

    def change(self, record: Letter) -> Letter:
        return move_item(record, self.index, self.to)

    def current_after(self, current: str, backwards: bool, record: Letter) -> str | None:
        """The moved item's field, at its place before the move or after it again."""
        here = FieldPath.parse(current) if item_of(current) is not None else None
        name = here.name if here is not None else "request"
        return str(FieldPath(name, self.index if backwards else self.to))


class HighlightChange(Command):
    """A change of one evidence highlight; undo and redo bring it from one state to the other
    (None: it does not exist)."""

    path = "highlights"

    def __init__(self, label: str, action: str, before: Highlight | None = None) -> None:
        self.label, self.action = label, action
        self.before: Highlight | None = before
        self.after: Highlight | None = None
        self.done_once = False

    @abstractmethod
    def first(self, session: SessionCore) -> Highlight | None:
        """Make the change in the store; the highlight as it is now (None: gone)."""

    def do(self, session: SessionCore) -> None:
        if not self.done_once:
            self.after = self.first(session)
            self.done_once = True
        else:
            _move(session, self.before, self.after)

    def undo(self, session: SessionCore) -> None:
        _move(session, self.after, self.before)


class AddHighlight(HighlightChange):
    def __init__(self, start: int, end: int, label: str, link: str) -> None:
        super().__init__(f"highlight {label}", "highlight_add")
        self.start, self.end, self.name, self.link = start, end, label, link

    def first(self, session: SessionCore) -> Highlight | None:
        letter_id = session._require_letter()
        new_id = session.write_highlight(
            lambda version: session.store.add_highlight(
                letter_id, session.reviewer, self.start, self.end, self.name, self.link,
                expected_version=version,
            )
        )  # fmt: skip
        return next(h for h in session.highlights if h.id == new_id)


class DeleteHighlight(HighlightChange):
    def __init__(self, highlight: Highlight) -> None:
        super().__init__(f"remove {highlight.label}", "highlight_delete", highlight)

    def first(self, session: SessionCore) -> Highlight | None:
        _move(session, self.before, None)
        return None


class RelabelHighlight(HighlightChange):
    def __init__(self, highlight: Highlight, label: str) -> None:
        super().__init__(f"relabel {highlight.label} as {label}", "highlight_change", highlight)
        self.name = label

    def first(self, session: SessionCore) -> Highlight | None:
        old = self.before
        assert old is not None
        updated: Highlight = session.write_highlight(
            lambda version: session.store.update_highlight(
                old.id, session.reviewer, label=self.name, expected_version=version
            )
        )
        return updated


def _move(session: SessionCore, old: Highlight | None, new: Highlight | None) -> None:
    """Bring a highlight from state ``old`` to state ``new`` (None: absent)."""
    store, reviewer = session.store, session.reviewer
    kept = [h for h in session.highlights if old is None or h.id != old.id]
    session.keep_done_evidence(highlights=kept + ([new] if new is not None else []))

    def write(version: int) -> None:
        if old is not None and new is None:
            store.delete_highlight(old.id, reviewer, expected_version=version)
        elif old is None and new is not None:
            store.restore_highlight(new, reviewer, expected_version=version)
        elif old is not None and new is not None:
            store.update_highlight(new.id, reviewer, label=new.label, field=new.field,
                                   expected_version=version)  # fmt: skip

    session.write_highlight(write)


def _keep_evidence(
    session: SessionCore, record: Callable[[], Letter], links: dict[int, str]
) -> None:
    """Refuse a record change that would leave a done letter's item short of its evidence
    (``record``: the record it would leave, worked out only for a done letter)."""
    if session.status != Status.DONE:
        return
    relinked = [
        dataclasses.replace(h, field=links[h.id]) if h.id in links else h
        for h in session.highlights
    ]
    session.keep_done_evidence(record(), relinked)
