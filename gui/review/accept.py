"""The keys of a coder's day: accept a correct letter with one key, Return to confirm a field
and go on to the next, and the parser's value beside a changed field with one key to restore it.

Typed text the window could not save (a date that is no date) is reported here by the window
(`set_unsaved`); accepting a letter is refused while any is left, so nothing typed is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parsing.evaluation import align_items

from .commands import ConfirmAll, RestoreField
from .core import SessionCore
from .errors import EvidenceMissing, ReviewError
from .paths import FieldPath, PathError, form_paths
from .status import Status
from .words import field_name, shown_value


class Accepting(SessionCore):
    if TYPE_CHECKING:  # provided by the field and status parts of the session

        def confirm(self, path: str) -> None: ...

        def is_changed(self, path: str) -> bool: ...

        def _set_status(self, status: Status, note: str | None = None) -> None: ...

        def require_items(self) -> None: ...

    def set_unsaved(self, path: str, text: str | None) -> None:
        """The window reports typed text in a field that cannot be saved (None: there is none)."""
        if text is None:
            self.unsaved.pop(path, None)
        else:
            self.unsaved[path] = text

    def accept_letter(self) -> int | None:
        """Confirm every field, mark the letter done and open the next letter needing review
        (its id; None when none is left). Refused, with nothing changed, while typed text cannot
        be saved or an item that needs evidence has none."""
        self._require_letter()
        assert self.record is not None
        for path, text in self.unsaved.items():
            raise ReviewError(
                f"“{text}” in {field_name(path)} cannot be saved as it is: correct it, or press "
                "Escape in it to put back the saved value, before accepting the letter"
            )
        self.require_items()
        missing = self.missing_evidence()
        if missing:
            source = self.source_of(f"items.{missing[0]}.rationale")
            self.set_current(f"items.{missing[0]}.rationale")
            raise EvidenceMissing(missing[0], source.start if source else None)
        unchecked = [p for p in form_paths(self.record) if not self.record.review.get(p)]
        if unchecked:
            self.execute(ConfirmAll(unchecked))
        self._set_status(Status.DONE)
        return self._advance()

    def next_field(self, path: str | None = None) -> str | None:
        """The field after ``path`` (the current one) in form order, across items; None after
        the last field."""
        if self.record is None:
            return None
        order = form_paths(self.record)
        here = path or self.current_path
        at = order.index(here) if here in order else -1
        return order[at + 1] if at + 1 < len(order) else None

    def confirm_and_next(self) -> str:
        """Return in a field: confirm it (an edited field stays edited) and go to the next
        field; the last field stays current. Returns the field now current."""
        self._require_letter()
        assert self.record is not None
        here = self.current_path
        if not self.record.review.get(here) and here in form_paths(self.record):
            self.confirm(here)
        following = self.next_field(here)
        if following is not None:
            self.set_current(following)
        return self.current_path

    def parser_path(self, path: str) -> str | None:
        """Where the parser has the field at ``path``: the same path for a letter field; for an
        item's field, the parser's item at the same place in the letter (items move, and the
        reviewer adds some); None for an item the parser did not read."""
        if self.prediction is None or self.record is None:
            return None
        field = FieldPath.find(path)
        if field is None or field.item is None:
            return path
        pairs = align_items(
            [{} for _ in self.prediction.items], [{} for _ in self.record.items],
            self.prediction.spans, self.record.spans,
        )  # fmt: skip
        for predicted, gold in pairs:
            if gold == field.item:
                return str(FieldPath(field.name, predicted))
        return None

    def parser_value(self, path: str) -> Any:
        """The parser's value of a field (JSON, as the form reads it); None where the parser
        had no such field (an item the reviewer added)."""
        where = self.parser_path(path)
        if where is None or self.prediction is None:
            return None
        try:
            return FieldPath.parse(where).read(self.prediction)
        except PathError:
            return None

    def parser_shown(self, path: str) -> str:
        """The parser's value in words, for beside a changed field."""
        return shown_value(self.parser_value(path))

    def can_restore(self, path: str | None = None) -> bool:
        target = path or self.current_path
        return self.is_changed(target) and self.parser_path(target) is not None

    def restore(self, path: str | None = None) -> str:
        """Give a changed field back the parser's value and source (one step to undo); returns
        what the status bar says."""
        self._require_letter()
        target = path or self.current_path
        if not self.is_changed(target):
            raise ReviewError(f"{field_name(target)} has not been changed: nothing to restore")
        where = self.parser_path(target)
        if where is None or self.prediction is None:
            raise ReviewError(
                f"{field_name(target)}: this item was added here, the parser has no value for it"
            )
        field = FieldPath.parse(target)
        span = self.prediction.span_of(where)
        elements = {  # a list's elements: the parser's source of each (header lists only)
            f"{target}.{path.rpartition('.')[2]}": source
            for path, source in self.prediction.spans.items()
            if field.item is None and path.rpartition(".")[0] == where
            and path.rpartition(".")[2].isdigit()
        }  # fmt: skip
        self.execute(RestoreField(field, self.parser_value(target), span, elements))
        return f"{field_name(target)}: the parser's value is back ({self.parser_shown(target)})."
