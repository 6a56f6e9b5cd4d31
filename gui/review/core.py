"""The review session's state and the primitives every part of it writes through.

One reviewer, one open letter: its record, version, status and highlights as the store holds
them. Each change is one store transaction with its audit row; a refused or failed write becomes
a `ReviewError` whose message the window shows. No Qt here.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from parsing import Letter, Span
from storage.queue import QueueQuery
from storage.store import (
    Audit,
    ConflictError,
    GoldRow,
    Highlight,
    LetterRow,
    Store,
    StoreError,
    friendly_error,
)

from .errors import NO_CURRENT_ITEM, ChangedElsewhere, EvidenceKept, NotSaved, ReviewError
from .history import UndoHistory
from .paths import form_paths, item_of
from .status import Status
from .words import plain

if TYPE_CHECKING:
    from .commands import Command

T = TypeVar("T")
CHANGED_ELSEWHERE = (
    "this letter was changed elsewhere (another window or program) since it was opened here; "
    "it was reloaded with that change, and this last action was not applied (do it again if it "
    "is still wanted)"
)


class SessionCore:
    """What one reviewer is looking at, and how a change reaches the store."""

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
        self.status = Status.TODO
        self.note = ""
        self.highlights: list[Highlight] = []
        self.current_path = "case_number"
        self.history = UndoHistory()
        self.saved_at: float | None = None
        self.listeners: list[Callable[[str], None]] = []
        self._labels: list[dict[str, Any]] | None = None
        self._evidence: dict[int, int] | None = None  # highlights per item, worked out when asked
        self._pending_label: tuple[int, int, str] | None = None  # refused once: crosses items
        self.unsaved: dict[str, str] = {}  # field path -> typed text the window cannot save

    if TYPE_CHECKING:  # provided by the navigation and field parts of the session

        def open(self, letter_id: int) -> None: ...

        def _advance(self) -> int | None: ...

        def unsure_paths(self) -> list[str]: ...

        def field_at(self, offset: int) -> str | None: ...

    def notify(self, what: str) -> None:
        """Tell the window what changed: "queue", "letter", "record", "status", "highlights",
        "field", "merged"."""
        for listener in self.listeners:
            listener(what)

    @property
    def letter_id(self) -> int | None:
        return None if self.letter is None else self.letter.id

    def _require_letter(self) -> int:
        if self.letter is None or self.record is None:
            raise ReviewError("no letter is open")
        return self.letter.id

    def _take_gold(self, gold: GoldRow) -> None:
        self.record, self.version = gold.record, gold.version
        self.status, self.note = Status(gold.status), gold.note

    def _saved(self) -> None:
        self.saved_at = time.time()

    def _guarded(self, write: Callable[[], T]) -> T:
        """Run a store write; its failures become review errors with a message to show."""
        try:
            return write()
        except ConflictError:
            # Someone else wrote this letter: show their version rather than overwrite it.
            letter_id, path = self.letter_id, self.current_path
            if letter_id is not None:
                self.open(letter_id)
                if self.record is not None and path in form_paths(self.record):
                    self.set_current(path)
            raise ChangedElsewhere(CHANGED_ELSEWHERE) from None
        except StoreError as error:
            raise NotSaved(plain(str(error)), error) from None
        except sqlite3.Error as error:
            typed = friendly_error(error, self.store.path)
            raise NotSaved(plain(str(typed)), typed) from None

    # --- writing ---------------------------------------------------------------------------

    def execute(self, command: Command, merge: bool = False) -> None:
        """Do a command and keep it on the letter's undo stack (``merge``: fold it into the last
        step when that step is an edit of the same field moments ago)."""
        letter_id = self._require_letter()
        command.do(self)
        self.history.push(letter_id, command, merge)

    def write_record(
        self,
        change: Callable[[Letter], Letter],
        path: str,
        action: str,
        links: dict[int, str] | None = None,
    ) -> GoldRow:
        """One change to the reviewer's record (and its items' highlight links) in the store."""
        letter_id, record = self._require_letter(), self.record
        assert record is not None
        gold = self._guarded(
            lambda: self.store.save_record(
                letter_id, change(record), self.version, Audit(self.reviewer, action, path),
                relink=links,
            )
        )  # fmt: skip
        self.record, self.version, self.status = gold.record, gold.version, Status(gold.status)
        if links:
            self._reload_highlights()
        self._saved()
        self.notify("record")
        return gold

    def write_highlight(self, write: Callable[[int], T]) -> T:
        """Run a highlight change (given the expected version); it raises the gold's version."""
        result = self._guarded(lambda: write(self.version))
        self._saved()  # before the listeners hear of it: "saved HH:MM:SS" shows this save
        self._highlight_written()
        self._reload_highlights()
        return result

    def _highlight_written(self) -> None:
        """A highlight change raised the gold version by one; the first change of a letter also
        created its gold (in progress, from the prediction): take that record and status."""
        self.version += 1
        if self.status != Status.TODO or self.letter_id is None:
            return
        gold = self.store.gold(self.letter_id, self.reviewer)
        if gold is not None and gold.version == self.version:
            self.record, self.status = gold.record, Status(gold.status)
            self.notify("status")
        else:
            self.open(self.letter_id)

    def _reload_highlights(self) -> None:
        letter_id = self._require_letter()
        self.highlights = self.store.highlights(letter_id, self.reviewer)
        self._evidence = None
        self.notify("highlights")

    # --- where the reviewer is -------------------------------------------------------------

    def set_current(self, path: str) -> None:
        if self.current_path != path:
            self.current_path = path
            self.notify("field")

    def source_of(self, path: str) -> Span | None:
        """Where the open record's value at ``path`` was read from (None: nowhere)."""
        if self.record is None:
            return None
        return self.record.span_of(path)

    def current_item(self) -> int | None:
        """The item whose field the reviewer is in; None in a header field (no item is current)."""
        if self.record is None or not self.record.items:
            return None
        index = item_of(self.current_path)
        return None if index is None else min(index, len(self.record.items) - 1)

    def _require_item(self) -> int:
        """The current item, or a refusal that says how to make one current."""
        index = self.current_item()
        if index is not None:
            return index
        if self.record is None or not self.record.items:
            raise ReviewError("this letter has no items; add one first (Ctrl+Shift+A)")
        raise ReviewError(NO_CURRENT_ITEM)

    def evidence_count(self, index: int) -> int:
        if self._evidence is None:
            counts: dict[int, int] = {}
            for highlight in self.highlights:
                linked = item_of(highlight.field)
                if linked is not None:
                    counts[linked] = counts.get(linked, 0) + 1
            self._evidence = counts
        return self._evidence.get(index, 0)

    def keep_done_evidence(
        self, record: Letter | None = None, highlights: list[Highlight] | None = None
    ) -> None:
        """Refuse (EvidenceKept) a change to a done letter that would leave an item that needs
        evidence without any: ``record`` and ``highlights`` as the change would leave them. A
        letter already short of evidence (done before this rule) is not made worse, and is
        not held up either."""
        if self.status != Status.DONE or self.record is None:
            return
        before = _unevidenced(self.record, self.highlights)
        after = _unevidenced(
            self.record if record is None else record,
            self.highlights if highlights is None else highlights,
        )
        if len(after) > len(before):
            raise EvidenceKept(next((n for n in after if n not in before), after[-1]))

    def missing_evidence(self) -> list[int]:
        return [] if self.record is None else _unevidenced(self.record, self.highlights)


def _unevidenced(record: Letter, highlights: list[Highlight]) -> list[int]:
    """The items that need evidence and have no highlight linked to them."""
    linked = {item_of(h.field) for h in highlights}
    return [n for n, item in enumerate(record.items) if item.needs_evidence and n not in linked]
