"""The review state and every review action as a plain method: no Qt here.

The window calls these and redraws from the state; tests drive them directly. Each change is
written to the store at once (one transaction with its audit row) and pushed on the letter's
undo stack as a before/after snapshot, so undo and redo work across items and fields.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parsing import UNSURE_BELOW, Letter
from parsing.dates import DATE_RE, parse_date
from parsing.edits import (
    HEADER_FIELDS,
    ITEM_FIELDS,
    add_item,
    get_value,
    mark_reviewed,
    move_item,
    remove_item,
    set_span,
    set_value,
)
from parsing.text import collapse, trim_span
from storage.queue import QueueQuery, done_count, queue_ids, queue_rows, reviewed_ids
from storage.store import (
    ConflictError,
    GoldRow,
    Highlight,
    LetterRow,
    Store,
    StoreError,
    friendly_error,
)

# Edits of one field within this many seconds undo as one step (typing a word is one edit).
MERGE_SECONDS = 2.0
_KIND = {f.name: f.kind for f in HEADER_FIELDS} | {f.name: f.kind for f in ITEM_FIELDS}


class ReviewError(Exception):
    """An action that cannot be done now, with a message for the status bar."""


class ChangedElsewhere(ReviewError):
    """Another window or program changed the letter first: it was reloaded, nothing was applied."""


class EditConflict(ChangedElsewhere):
    """A typed value met another window's newer one; the window keeps both and lets the reviewer
    choose (``mine`` saves over ``theirs`` on the reloaded letter)."""

    def __init__(self, path: str, mine: Any, theirs: Any) -> None:
        super().__init__(
            f"this letter was changed elsewhere: another window saved {_shown(theirs)} here since "
            "it was opened. Yours is kept in the box, not saved: Return saves it over theirs, "
            "Escape takes theirs"
        )
        self.path, self.mine, self.theirs = path, mine, theirs


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "an empty value"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return f"“{value}”"


class CrossesItems(ReviewError):
    """A highlight would run from one item's part of the letter into another's."""


@dataclass
class Step:
    """One undoable change: the record before and after it (with the items' highlight links),
    or a highlight before and after it (None: it did not exist)."""

    path: str
    label: str
    before: Letter | None = None
    after: Letter | None = None
    links_before: dict[int, str] = field(default_factory=dict)
    links_after: dict[int, str] = field(default_factory=dict)
    highlight_before: Highlight | None = None
    highlight_after: Highlight | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def is_highlight(self) -> bool:
        return self.before is None


class EvidenceMissing(ReviewError):
    """Done was refused: an item that needs evidence has no highlight."""

    def __init__(self, item: int, offset: int | None) -> None:
        super().__init__(
            f"item {item + 1} needs at least one evidence highlight before the letter is done"
        )
        self.item = item
        self.offset = offset


NO_CURRENT_ITEM = "no item is current: go to an item's field first (Ctrl+PgDown: the next item); nothing was changed"
WORD_CHARS = re.compile(r"[\w'’-]")


def field_kind(path: str) -> str:
    return _KIND.get(path.split(".")[-1], "text")


def form_paths(record: Letter) -> list[str]:
    """Every field the form shows, in form order."""
    paths = [f.name for f in HEADER_FIELDS]
    for n in range(len(record.items)):
        paths += [f"items.{n}.{f.name}" for f in ITEM_FIELDS]
    return paths


def item_index(path: str) -> int | None:
    parts = path.split(".")
    return int(parts[1]) if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit() else None


def value_from_selection(kind: str, name: str, text: str) -> Any:
    """Turn selected letter words into a field value; raises ReviewError when they do not fit."""
    words = " ".join(text.split())
    if not words:
        raise ReviewError("select some words in the letter first")
    if kind == "date":
        day = parse_date(words) or _iso(words)
        if day is None:
            raise ReviewError(f"{words!r} is not a date")
        return day.isoformat()
    if kind == "int":
        match = re.search(r"\d+(?:\.\d+)?", words)
        if not match:
            raise ReviewError(f"{words!r} holds no number")
        return int(float(match.group(0)))
    if kind == "choice":
        lowered = words.lower()
        for choice in ("upheld", "overturned", "female", "male"):
            if choice in lowered:
                return choice
        if re.search(r"\b(woman|lady)\b", lowered):
            return "female"
        if re.search(r"\b(man|gentleman)\b", lowered):
            return "male"
        raise ReviewError(f"{words!r} is not one of the choices for {name}")
    if kind == "list":
        return [p for p in (x.strip() for x in re.split(r",|;|\band\b", words)) if p]
    return words


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class ReviewSession:
    """What one reviewer is looking at and doing."""

    def __init__(self, store: Store, reviewer: str) -> None:
        self.store = store
        self.reviewer = reviewer
        self.query = QueueQuery()
        self.ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self.letter: LetterRow | None = None
        self.record: Letter | None = None
        self.prediction: Letter | None = None
        self.version = 0
        self.status = "todo"
        self.note = ""
        self.highlights: list[Highlight] = []
        self.current_path = "case_number"
        self.undo_stacks: dict[int, list[Step]] = {}
        self.redo_stacks: dict[int, list[Step]] = {}
        self.saved_at: float | None = None
        self.listeners: list[Callable[[str], None]] = []
        self._labels: list[dict[str, Any]] | None = None
        self._evidence: dict[int, int] | None = None  # highlights per item, worked out when asked

    # --- notifications ---------------------------------------------------------------------

    def notify(self, what: str) -> None:
        """Tell the window what changed: "queue", "letter", "record", "status", "highlights", "field"."""
        for listener in self.listeners:
            listener(what)

    # --- the queue -------------------------------------------------------------------------

    def set_query(self, query: QueueQuery) -> None:
        self.ids = queue_ids(self.store, self.reviewer, query)
        self.query = query  # only once it ran: a refused search leaves the queue as it was
        self._row_of = {letter_id: row for row, letter_id in enumerate(self.ids)}
        self.notify("queue")

    def rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        return queue_rows(self.store, self.reviewer, ids)

    def progress(self) -> tuple[int, int]:
        """(done, total) over the letters the queue shows."""
        return done_count(self.store, self.reviewer, self.ids), len(self.ids)

    def row_of(self, letter_id: int) -> int | None:
        return self._row_of.get(letter_id)

    @property
    def position(self) -> int | None:
        if self.letter is None:
            return None
        return self._row_of.get(self.letter.id)

    # --- opening letters -------------------------------------------------------------------

    @property
    def letter_id(self) -> int | None:
        return None if self.letter is None else self.letter.id

    def open(self, letter_id: int) -> None:
        self.letter = self.store.letter(letter_id)
        self.prediction = self.store.prediction(letter_id)
        gold = self.store.gold(letter_id, self.reviewer)
        if gold is None:
            self.record, self.version, self.status, self.note = self.prediction, 0, "todo", ""
        else:
            self.record, self.version, self.status, self.note = (
                gold.record,
                gold.version,
                gold.status,
                gold.note,
            )
        self.highlights = self.store.highlights(letter_id, self.reviewer)
        self._evidence = None
        paths = self.unsure_paths()
        self.current_path = paths[0] if paths else "case_number"
        self.notify("letter")

    def open_first(self) -> bool:
        """Open the first letter that needs review (or the first in the queue)."""
        if not self.ids:
            return False
        target = self._next_needing_review(-1) or self.ids[0]
        self.open(target)
        return True

    def _next_needing_review(self, after: int) -> int | None:
        """The first letter after row ``after`` (wrapping) that still needs review."""
        finished = reviewed_ids(self.store, self.reviewer)  # one query, not one per letter
        current = self.letter_id
        for letter_id in self.ids[after + 1 :] + self.ids[: after + 1]:
            if letter_id != current and letter_id not in finished:
                return letter_id
        return None

    def next(self) -> bool:
        return self._step(+1)

    def previous(self) -> bool:
        return self._step(-1)

    def _step(self, delta: int) -> bool:
        position = self.position
        if position is None:
            return self.open_first()
        if not 0 <= position + delta < len(self.ids):
            raise ReviewError(f"this is the {'last' if delta > 0 else 'first'} letter in the queue")
        self.open(self.ids[position + delta])
        return True

    # --- statuses --------------------------------------------------------------------------

    def _set_status(self, status: str, note: str | None = None) -> None:
        letter_id = self._require_letter()
        gold = self._guarded(
            lambda: self.store.set_status(letter_id, self.reviewer, status, note, self.version)
        )
        self.record, self.version, self.status, self.note = (
            gold.record,
            gold.version,
            gold.status,
            gold.note,
        )
        self._saved()
        self.notify("status")

    def done_and_next(self) -> int | None:
        """Mark done and open the next letter needing review; returns its id (None: all done)."""
        missing = self.missing_evidence()
        if missing:
            index = missing[0]
            self.set_current(f"items.{index}.rationale")
            source = self.source_of(f"items.{index}.rationale") or self.source_of(
                f"items.{index}.request"
            )
            raise EvidenceMissing(index, source[0] if source else None)
        self._set_status("done")
        return self._advance()

    def skip(self) -> int | None:
        self._set_status("skipped")
        return self._advance()

    def flag(self, note: str) -> None:
        self._set_status("flagged", note)

    def _advance(self) -> int | None:
        position = self.position
        target = self._next_needing_review(position if position is not None else -1)
        if target is not None:
            self.open(target)
        return target

    # --- editing ---------------------------------------------------------------------------

    def _require_letter(self) -> int:
        if self.letter is None or self.record is None:
            raise ReviewError("no letter is open")
        return self.letter.id

    def _guarded(self, write: Callable[[], Any]) -> Any:
        try:
            return write()
        except ConflictError:
            # Someone else wrote this letter: show their version rather than overwrite it.
            letter_id = self.letter_id
            path = self.current_path
            if letter_id is not None:
                self.open(letter_id)
                if self.record is not None and path in form_paths(self.record):
                    self.set_current(path)
            raise ChangedElsewhere(
                "this letter was changed elsewhere (another window or program) since it was opened "
                "here; it was "
                "reloaded with that change, and this last action was not applied (do it again if "
                "it is still wanted)"
            ) from None
        except StoreError as error:
            raise ReviewError(str(error)) from None
        except sqlite3.Error as error:
            raise ReviewError(str(friendly_error(error, self.store.path))) from None

    def _saved(self) -> None:
        self.saved_at = time.time()

    def apply(
        self,
        path: str,
        label: str,
        change: Callable[[Letter], Letter],
        action: str = "edit",
        merge: bool = False,
        links: dict[int, str] | None = None,
    ) -> None:
        """Run a change through the store, then record it for undo."""
        letter_id = self._require_letter()
        before = self.record
        assert before is not None
        links_before = {h.id: h.field for h in self.highlights if links and h.id in links}
        gold = self._write(change, path, action, links)
        self._push(
            letter_id,
            Step(path, label, before, gold.record, links_before, dict(links or {})),
            merge=merge,
        )
        self._saved()
        self.notify("record")

    def _push(self, letter_id: int, step: Step, merge: bool = False) -> None:
        stack = self.undo_stacks.setdefault(letter_id, [])
        last = stack[-1] if stack else None
        if (
            merge
            and last is not None
            and not last.is_highlight
            and last.path == step.path
            and time.monotonic() - last.at < MERGE_SECONDS
        ):
            last.after, last.at = step.after, time.monotonic()
        else:
            stack.append(step)
        self.redo_stacks[letter_id] = []

    def _reload_highlights(self) -> None:
        letter_id = self._require_letter()
        self.highlights = self.store.highlights(letter_id, self.reviewer)
        self._evidence = None
        self.notify("highlights")

    def edit(self, path: str, value: Any, merge: bool = True) -> None:
        """Set a field (the value as JSON: ISO dates, enum strings, ints, lists)."""
        self._require_letter()
        assert self.record is not None
        try:
            current = get_value(self.record, path)
        except ValueError as error:
            raise ReviewError(str(error)) from None
        if _same(current, value):
            return
        try:
            set_value(self.record, path, value)  # validate before writing
        except ValueError as error:
            raise ReviewError(f"{path}: {_first_error(error)}") from None

        def change(record: Letter) -> Letter:
            return mark_reviewed(set_value(record, path, value), path)

        try:
            self.apply(path, f"edit {path}", change, merge=merge)
            return
        except ChangedElsewhere:
            theirs = self._value_now(path)
        if _same(theirs, current):
            # The other change left this field alone: no conflict here, so save on top of it.
            try:
                self.apply(path, f"edit {path}", change, merge=False)
                self.notify("merged")
                return
            except ChangedElsewhere:
                theirs = self._value_now(path)
        raise EditConflict(path, value, theirs)

    def _value_now(self, path: str) -> Any:
        """The value at ``path`` in the record as now loaded (None where the path is gone)."""
        if self.record is None:
            return None
        try:
            return get_value(self.record, path)
        except ValueError:
            return None

    def confirm(self, path: str) -> None:
        """The reviewer checked a field and keeps it as it is."""
        if self.record is None or self.record.review.get(path):
            return
        self.apply(
            path, f"confirm {path}", lambda r: mark_reviewed(r, path, "confirmed"), action="confirm"
        )

    def set_determination(self, value: str) -> None:
        index = self._require_item()
        self.edit(f"items.{index}.determination", value, merge=False)

    def fill_from_selection(self, start: int, end: int, path: str | None = None) -> None:
        """Put the selected words into a field and make them its source."""
        self._require_letter()
        assert self.letter is not None
        target = path or self.current_path
        start, end = trim_span(self.letter.text, start, end)
        if end <= start:
            raise ReviewError("select some words in the letter first")
        kind = field_kind(target)
        if kind == "date":  # narrow a loose selection ("on June 24, 2014.") to the date in it
            found = DATE_RE.search(self.letter.text, start, end)
            if found:
                start, end = found.start(), found.end()
        if kind == "span":
            value: Any = {"start": start, "end": end}
        else:
            value = value_from_selection(kind, target, collapse(self.letter.text, start, end))

        def change(record: Letter) -> Letter:
            return mark_reviewed(
                set_span(set_value(record, target, value), target, (start, end)), target
            )

        try:
            change(self.record)  # type: ignore[arg-type]
        except ValueError as error:
            raise ReviewError(f"{target}: {_first_error(error)}") from None
        self.apply(target, f"fill {target} from selection", change)

    # --- items -----------------------------------------------------------------------------

    def current_item(self) -> int | None:
        """The item whose field the reviewer is in; None in a header field (no item is current)."""
        if self.record is None or not self.record.items:
            return None
        index = item_index(self.current_path)
        return None if index is None else min(index, len(self.record.items) - 1)

    def _require_item(self) -> int:
        """The current item, or a refusal that says how to make one current."""
        index = self.current_item()
        if index is not None:
            return index
        if self.record is None or not self.record.items:
            raise ReviewError("this letter has no items; add one first (Ctrl+Shift+A)")
        raise ReviewError(NO_CURRENT_ITEM)

    def add_item(self) -> int:
        self._require_letter()
        assert self.record is not None
        current = self.current_item()
        at = len(self.record.items) if current is None else current + 1
        order: list[int | None] = list(range(len(self.record.items)))
        order.insert(at, None)
        self.apply(
            "items",
            "add item",
            lambda r: add_item(r, at),
            action="add_item",
            links=self._relinks(order),
        )
        self.current_path = f"items.{at}.request"
        self.notify("field")
        return at

    def remove_item(self) -> None:
        index = self._require_item()
        assert self.record is not None
        order: list[int | None] = [i for i in range(len(self.record.items)) if i != index]
        self.apply(
            "items",
            f"remove item {index + 1}",
            lambda r: remove_item(r, index),
            action="remove_item",
            links=self._relinks(order),
        )
        remaining = len(self.record.items)
        self.current_path = (
            f"items.{min(index, remaining - 1)}.request" if remaining else "case_number"
        )
        self.notify("field")

    def move_item(self, delta: int) -> None:
        index = self._require_item()
        assert self.record is not None
        to = index + delta
        if not 0 <= to < len(self.record.items):
            raise ReviewError("the item cannot move further")
        name = (
            self.current_path.split(".")[-1]
            if item_index(self.current_path) is not None
            else "request"
        )
        order: list[int | None] = list(range(len(self.record.items)))
        order.insert(to, order.pop(index))
        self.apply(
            "items",
            f"move item {index + 1}",
            lambda r: move_item(r, index, to),
            action="move_item",
            links=self._relinks(order),
        )
        self.current_path = f"items.{to}.{name}"
        self.notify("field")

    def _relinks(self, order: list[int | None]) -> dict[int, str]:
        """New field paths for highlights whose item moves (new item i was old item order[i]);
        the evidence of a removed item stays, linked to the letter as a whole."""
        new_index = {old: new for new, old in enumerate(order) if old is not None}
        links: dict[int, str] = {}
        for highlight in self.highlights:
            old = item_index(highlight.field)
            if old is None:
                continue
            moved = new_index.get(old)
            target = "" if moved is None else f"items.{moved}." + highlight.field.split(".", 2)[2]
            if target != highlight.field:
                links[highlight.id] = target
        return links

    def go_to_item(self, delta: int) -> None:
        if self.record is None or not self.record.items:
            raise ReviewError("this letter has no items")
        current = item_index(self.current_path)
        target = (
            0
            if current is None and delta > 0
            else (len(self.record.items) - 1 if current is None else current + delta)
        )
        target = max(0, min(target, len(self.record.items) - 1))
        self.set_current(f"items.{target}.request")

    # --- undo ------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self.letter_id is not None and self.undo_stacks.get(self.letter_id))

    def can_redo(self) -> bool:
        return bool(self.letter_id is not None and self.redo_stacks.get(self.letter_id))

    def _write(
        self,
        change: Callable[[Letter], Letter],
        path: str,
        action: str,
        links: dict[int, str] | None,
    ) -> GoldRow:
        """One change to the reviewer's record (and its items' highlight links) in the store."""
        letter_id = self._require_letter()
        gold: GoldRow = self._guarded(
            lambda: self.store.change_record(
                letter_id,
                self.reviewer,
                change,
                field=path,
                action=action,
                expected_version=self.version,
                highlight_fields=links,
            )
        )
        self.record, self.version, self.status = gold.record, gold.version, gold.status
        if links:
            self._reload_highlights()
        return gold

    def _restore(self, record: Letter, path: str, action: str, links: dict[int, str]) -> None:
        self._write(lambda _: record, path, action, links)
        self._saved()
        self.notify("record")

    def _move_highlight(self, old: Highlight | None, new: Highlight | None) -> None:
        """Bring a highlight from state ``old`` to state ``new`` (None: absent)."""

        version = self.version

        def write() -> None:
            if old is not None and new is None:
                self.store.delete_highlight(old.id, self.reviewer, expected_version=version)
            elif old is None and new is not None:
                self.store.restore_highlight(new, self.reviewer, expected_version=version)
            elif old is not None and new is not None:
                self.store.update_highlight(new.id, self.reviewer, label=new.label,
                                            field=new.field, expected_version=version)  # fmt: skip

        self._guarded(write)
        self._highlight_written()
        self._reload_highlights()
        self._saved()

    def _run_step(self, step: Step, backwards: bool) -> None:
        if step.is_highlight:
            if backwards:
                self._move_highlight(step.highlight_after, step.highlight_before)
            else:
                self._move_highlight(step.highlight_before, step.highlight_after)
            return
        record = step.before if backwards else step.after
        assert record is not None
        links = step.links_before if backwards else step.links_after
        self._restore(record, step.path, "undo" if backwards else "redo", links)

    def undo(self) -> str:
        return self._travel(backwards=True)

    def redo(self) -> str:
        return self._travel(backwards=False)

    def _travel(self, backwards: bool) -> str:
        """Undo (or redo) the letter's last step, moving it to the other stack."""
        letter_id = self._require_letter()
        source, target = (
            (self.undo_stacks, self.redo_stacks)
            if backwards
            else (self.redo_stacks, self.undo_stacks)
        )
        stack = source.get(letter_id) or []
        if not stack:
            raise ReviewError(f"nothing to {'undo' if backwards else 'redo'} in this letter")
        step = stack.pop()
        self._run_step(step, backwards=backwards)
        target.setdefault(letter_id, []).append(step)
        self._follow(step.path)
        return step.label

    def _follow(self, path: str) -> None:
        if path != "items" and self.record is not None and path in form_paths(self.record):
            self.set_current(path)

    # --- evidence highlights ----------------------------------------------------------------

    @property
    def labels(self) -> list[dict[str, Any]]:
        if self._labels is None:
            self._labels = self.store.labels()
        return self._labels

    def label_for_key(self, key: str) -> dict[str, Any] | None:
        return next((label for label in self.labels if label["key"] == key), None)

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Grow a selection to whole words; drop spaces at its ends."""
        assert self.letter is not None
        text = self.letter.text
        start, end = trim_span(text, max(0, start), min(len(text), end))
        while start > 0 and WORD_CHARS.match(text[start - 1]) and WORD_CHARS.match(text[start]):
            start -= 1
        while end < len(text) and WORD_CHARS.match(text[end]) and WORD_CHARS.match(text[end - 1]):
            end += 1
        return start, end

    def section_of(self, offset: int) -> int | None:
        """The item whose part of the letter holds ``offset`` (None: before the first item)."""
        if self.record is None:
            return None
        found = None
        for n in range(len(self.record.items)):
            span = self.record.span_of(f"items.{n}.request")
            if span is not None and span[0] <= offset:
                found = n
        return found

    def highlight_link(self) -> str:
        index = item_index(self.current_path)
        if index is None or self.record is None or index >= len(self.record.items):
            return ""
        return f"items.{index}.rationale"

    def add_highlight(
        self, start: int, end: int, label: str, force: bool = False, link: str | None = None
    ) -> Highlight:
        """Label the words selected; linked to the current item (or the letter as a whole), or
        to the field ``link`` names (as when a lead accepts a coder's highlight)."""
        letter_id = self._require_letter()
        if not any(existing["name"] == label for existing in self.labels):
            raise ReviewError(f"no label {label!r} in this database's label set")
        start, end = self.snap(start, end)
        if end <= start:
            raise ReviewError("select some words in the letter first")
        first, last = self.section_of(start), self.section_of(end - 1)
        if first != last and not force:
            where = lambda n: "the letter's opening" if n is None else f"item {n + 1}"  # noqa: E731
            raise CrossesItems(f"the selection runs from {where(first)} into {where(last)}")
        if link is None:
            link = self.highlight_link()
        new_id = self._guarded(
            lambda: self.store.add_highlight(
                letter_id, self.reviewer, start, end, label, link, expected_version=self.version
            )
        )
        self._highlight_written()
        self._reload_highlights()
        created = next(h for h in self.highlights if h.id == new_id)
        self._push(letter_id, Step("highlights", f"highlight {label}", highlight_after=created))
        self._saved()
        return created

    def _highlight_written(self) -> None:
        """A highlight change raised the gold version by one; the first change of a letter also
        created its gold (in progress, from the prediction): take that record and status."""
        self.version += 1
        if self.status != "todo" or self.letter_id is None:
            return
        gold = self.store.gold(self.letter_id, self.reviewer)
        if gold is not None and gold.version == self.version:
            self.record, self.status = gold.record, gold.status
            self.notify("status")
        else:
            self.open(self.letter_id)

    def highlight_at(self, offset: int) -> Highlight | None:
        """The narrowest highlight under ``offset`` (the newest when several are as narrow)."""
        covering = [h for h in self.highlights if h.start <= offset < h.end]
        if not covering:
            return None
        return min(covering, key=lambda h: (h.end - h.start, -h.id))

    def delete_highlight(self, highlight: Highlight) -> None:
        letter_id = self._require_letter()
        self._guarded(
            lambda: self.store.delete_highlight(
                highlight.id, self.reviewer, expected_version=self.version
            )
        )
        self._highlight_written()
        self._reload_highlights()
        self._push(
            letter_id, Step("highlights", f"remove {highlight.label}", highlight_before=highlight)
        )
        self._saved()

    def relabel_highlight(self, highlight: Highlight, label: str) -> Highlight:
        letter_id = self._require_letter()
        if label == highlight.label:
            return highlight
        updated = self._guarded(
            lambda: self.store.update_highlight(
                highlight.id, self.reviewer, label=label, expected_version=self.version
            )
        )
        self._highlight_written()
        self._reload_highlights()
        self._push(letter_id, Step("highlights", f"relabel {highlight.label} as {label}", None, None,
                                   highlight_before=highlight, highlight_after=updated))  # fmt: skip
        self._saved()
        return updated  # type: ignore[no-any-return]

    def evidence_count(self, index: int) -> int:
        if self._evidence is None:
            counts: dict[int, int] = {}
            for highlight in self.highlights:
                linked = item_index(highlight.field)
                if linked is not None:
                    counts[linked] = counts.get(linked, 0) + 1
            self._evidence = counts
        return self._evidence.get(index, 0)

    def toggle_needs_evidence(self) -> bool:
        index = self._require_item()
        assert self.record is not None
        value = not self.record.items[index].needs_evidence
        path = f"items.{index}.needs_evidence"
        self.apply(path, f"{'require' if value else 'do not require'} evidence for item {index + 1}",
                   lambda r: set_value(r, path, value))  # fmt: skip
        return value

    def missing_evidence(self) -> list[int]:
        if self.record is None:
            return []
        return [
            n
            for n, item in enumerate(self.record.items)
            if item.needs_evidence and not self.evidence_count(n)
        ]

    # --- fields ----------------------------------------------------------------------------

    def set_current(self, path: str) -> None:
        if self.current_path != path:
            self.current_path = path
            self.notify("field")

    def is_unsure(self, path: str) -> bool:
        if self.record is None:
            return False
        confidence = self.record.confidence.get(path)
        return confidence is not None and confidence < UNSURE_BELOW

    def unsure_paths(self) -> list[str]:
        """Fields the parser was unsure of that the reviewer has not edited or confirmed, in form order."""
        if self.record is None:
            return []
        return [
            p
            for p in form_paths(self.record)
            if self.is_unsure(p) and not self.record.review.get(p)
        ]

    def next_unsure(self, backwards: bool = False) -> str:
        paths = self.unsure_paths()
        if not paths:
            raise ReviewError("no unsure or unconfirmed fields left in this letter")
        order = form_paths(self.record) if self.record else []
        here = order.index(self.current_path) if self.current_path in order else -1
        ranked = sorted(paths, key=order.index)
        if backwards:
            before = [p for p in ranked if order.index(p) < here]
            target = before[-1] if before else ranked[-1]
        else:
            after = [p for p in ranked if order.index(p) > here]
            target = after[0] if after else ranked[0]
        self.set_current(target)
        return target

    def source_of(self, path: str) -> tuple[int, int] | None:
        if self.record is None:
            return None
        return self.record.span_of(path)

    def field_at(self, offset: int) -> str | None:
        """The field whose source covers a letter offset (the narrowest one)."""
        if self.record is None:
            return None
        best: tuple[int, str] | None = None
        for path in form_paths(self.record):
            span = self.record.span_of(path)
            if span and span[0] <= offset < span[1]:
                width = span[1] - span[0]
                if best is None or width < best[0]:
                    best = (width, path)
        return best[1] if best else None

    def is_changed(self, path: str) -> bool:
        return self.record is not None and self.record.review.get(path) == "edited"

    def is_confirmed(self, path: str) -> bool:
        return self.record is not None and self.record.review.get(path) == "confirmed"


def _same(a: Any, b: Any) -> bool:
    def norm(v: Any) -> Any:
        if v in ("", [], None):
            return None
        return v

    return bool(norm(a) == norm(b))


def _first_error(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return str(found[0].get("msg", error))
    return str(error)
