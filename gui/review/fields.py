"""Field edits: typing a value, filling a field from selected letter words, confirming it, and
what the form needs to know about each field (changed, confirmed, unsure, its source)."""

from __future__ import annotations

import re
from typing import Any

from parsing import UNSURE_BELOW, Span, unsure_fields
from parsing.dates import DATE_RE
from parsing.text import collapse, trim_span

from .commands import Confirm, EditField, FillFromSelection
from .convert import from_selection
from .core import SessionCore
from .errors import ChangedElsewhere, EditConflict, ReviewError
from .paths import FieldPath, form_paths
from .words import field_name


class Fields(SessionCore):
    def edit(self, path: str, value: Any, merge: bool = True) -> None:
        """Set a field (the value as JSON: ISO dates, enum strings, ints, lists)."""
        self._require_letter()
        assert self.record is not None
        field = FieldPath.parse(path)
        current = field.read(self.record)
        if _same(current, value):
            return
        try:
            field.write(self.record, value)  # validate before writing
        except ValueError as error:
            raise ReviewError(_refused(path, error)) from None
        try:
            self.execute(EditField(field, value), merge=merge)
            return
        except ChangedElsewhere:
            theirs = self._value_now(field)
        if _same(theirs, current):
            # The other change left this field alone: no conflict here, so save on top of it.
            try:
                self.execute(EditField(field, value))
                self.notify("merged")
                return
            except ChangedElsewhere:
                theirs = self._value_now(field)
        raise EditConflict(path, value, theirs)

    def _value_now(self, field: FieldPath) -> Any:
        """The value at ``field`` in the record as now loaded (None where the path is gone)."""
        if self.record is None:
            return None
        try:
            return field.read(self.record)
        except ReviewError:
            return None

    def confirm(self, path: str) -> None:
        """The reviewer checked a field and keeps it as it is."""
        if self.record is None or self.record.review.get(path):
            return
        self.execute(Confirm(FieldPath.parse(path)))

    def set_determination(self, value: str) -> None:
        index = self._require_item()
        self.edit(f"items.{index}.determination", value, merge=False)

    def fill_from_selection(self, start: int, end: int, path: str | None = None) -> None:
        """Put the selected words into a field and make them its source."""
        self._require_letter()
        assert self.letter is not None and self.record is not None
        target = FieldPath.parse(path or self.current_path)
        text = self.letter.text
        start, end = trim_span(text, start, end)
        if end <= start:
            raise ReviewError("select some words in the letter first")
        if target.kind == "date":  # narrow a loose selection ("on June 24, 2014.") to the date
            found = DATE_RE.search(text, start, end)
            if found:
                start, end = found.start(), found.end()
        source = Span(start, end)
        value: Any = source if target.kind == "span" else from_selection(
            target, collapse(text, start, end)
        )
        elements = _element_sources(text, source, value) if target.kind == "list" else {}
        command = FillFromSelection(target, value, source,
                                    {f"{target}.{n}": span for n, span in elements.items()})  # fmt: skip
        try:
            command.change(self.record)
        except ValueError as error:
            raise ReviewError(_refused(str(target), error)) from None
        self.execute(command)

    # --- what the form shows ---------------------------------------------------------------

    def is_unsure(self, path: str) -> bool:
        if self.record is None:
            return False
        confidence = self.record.confidence.get(path)
        return confidence is not None and confidence < UNSURE_BELOW

    def unsure_paths(self) -> list[str]:
        """Fields the parser was unsure of that the reviewer has not edited or confirmed, in
        form order."""
        if self.record is None:
            return []
        review, unsure = self.record.review, set(unsure_fields(self.record))
        return [p for p in form_paths(self.record) if p in unsure and not review.get(p)]

    def unchecked_paths(self) -> list[str]:
        """Fields the reviewer has neither edited nor confirmed, in form order."""
        if self.record is None:
            return []
        review = self.record.review
        return [p for p in form_paths(self.record) if not review.get(p)]

    def next_unsure(self, backwards: bool = False) -> str:
        """Go to the next field still to check (wrapping): the parser's unsure fields first,
        then, once they are all checked, every field not yet confirmed or edited."""
        paths = self.unsure_paths() or self.unchecked_paths()
        if not paths:
            raise ReviewError("no unsure or unconfirmed fields left in this letter")
        target = _after(form_paths(self.record) if self.record else [], paths,
                        self.current_path, backwards)  # fmt: skip
        self.set_current(target)
        return target

    def field_at(self, offset: int) -> str | None:
        """The field whose source covers a letter offset (the narrowest one)."""
        if self.record is None:
            return None
        best: tuple[int, str] | None = None
        for path in form_paths(self.record):
            span = self.record.span_of(path)
            if span is not None and span.start <= offset < span.end:
                width = span.end - span.start
                if best is None or width < best[0]:
                    best = (width, path)
        return best[1] if best else None

    def is_changed(self, path: str) -> bool:
        return self.record is not None and self.record.review.get(path) == "edited"

    def is_confirmed(self, path: str) -> bool:
        return self.record is not None and self.record.review.get(path) == "confirmed"


def _after(order: list[str], paths: list[str], here: str, backwards: bool) -> str:
    """The first of ``paths`` after ``here`` in ``order`` (before it, ``backwards``), wrapping."""
    at = order.index(here) if here in order else -1
    ranked = sorted(paths, key=order.index)
    if backwards:
        before = [p for p in ranked if order.index(p) < at]
        return before[-1] if before else ranked[-1]
    after = [p for p in ranked if order.index(p) > at]
    return after[0] if after else ranked[0]


def _same(a: Any, b: Any) -> bool:
    def norm(v: Any) -> Any:
        return None if v in ("", [], None) else v

    return bool(norm(a) == norm(b))


# The validator's refusals the form can meet, in the form's words: a field name goes before them.
_PLAINLY = {
    "less_than_equal": "must be {le} or less",
    "less_than": "must be less than {lt}",
    "greater_than_equal": "must be {ge} or more",
    "greater_than": "must be more than {gt}",
    "string_too_long": "takes at most {max_length} characters",
}


def _refused(path: str, error: ValueError) -> str:
    """Why a value was refused, as the coder reads it ("Patient age must be 130 or less")."""
    errors = getattr(error, "errors", None)
    found = errors() if callable(errors) else None
    if not found:
        return f"{field_name(path)}: {error}"
    first = found[0]
    plainly = _PLAINLY.get(str(first.get("type")))
    if plainly is not None:
        try:
            return f"{field_name(path)} {plainly.format(**first.get('ctx', {}))}"
        except (KeyError, IndexError):
            pass
    message = str(first.get("msg", error)).removeprefix("Value error, ")
    return f"{field_name(path)}: {message}"


def _element_sources(text: str, source: Span, elements: list[str]) -> dict[int, Span]:
    """Where in the selection each element of a list read from it stands, in order (its words
    with any spacing or line breaks between them); an element not found there gets none."""
    found: dict[int, Span] = {}
    at = source.start
    for n, element in enumerate(elements):
        words = element.split()
        if not words:
            continue
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
        match = pattern.search(text, at, source.end)
        if match is None:
            continue
        found[n] = Span(match.start(), match.end())
        at = match.end()
    return found
