"""Adjudication: a lead settles where coders disagree, one field or highlight at a time. No Qt.

The lead's record is an ordinary gold record kept under ``adjudication:LEAD`` and edited through
the review session, so every pick is saved at once, logged in the audit log and undoable. It
starts as the first coder's record (the fields all coders agree on are already settled); each
disputed field then takes the value (and source span) of the coder the lead picks, or the
parser's, or what the lead types in the form; each coder's highlight is accepted or dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parsing import Letter
from parsing.edits import get_value, set_value
from storage.store import Highlight
from storage.team.disputes import (
    Dispute,
    coder_records,
    disputes,
    highlight_candidates,
    highlight_key,
)

from .commands import AddHighlight, RecordChange
from .errors import ReviewError
from .session import ReviewSession


def _under(key: str, path: str) -> bool:
    return key == path or key.startswith(f"{path}.")


def take(record: Letter, source: Letter, path: str) -> Letter:
    """``record`` with the value at ``path`` (or, for "items", the whole item list) and its
    spans taken from ``source``; the field marked as changed by the reviewer."""
    if path == "items":
        taken = record.model_copy(update={"items": [i.model_copy() for i in source.items]})
        prefix = "items"
    else:
        taken = set_value(record, path, get_value(source, path))
        prefix = path
    spans = {k: v for k, v in taken.spans.items() if not _under(k, prefix)}
    spans |= {k: v for k, v in source.spans.items() if _under(k, prefix)}
    review = dict(taken.review)
    review[path if path != "items" else "items"] = "edited"
    if path == "items":
        review = {k: v for k, v in review.items() if not _under(k, "items")}
        review |= {k: v for k, v in source.review.items() if _under(k, "items")}
    return taken.model_copy(update={"spans": spans, "review": review})


class Settle(RecordChange):
    """One answer of the lead's (a value taken from a coder or the parser, or the record the
    adjudication starts from): undoable, logged as `adjudicate`."""

    def __init__(self, path: str, label: str, change: Callable[[Letter], Letter]) -> None:
        super().__init__(path, label, action="adjudicate")
        self._change = change

    def change(self, record: Letter) -> Letter:
        return self._change(record)


class Adjudication:
    """The disputes of the letter the session has open, and the lead's answers to them."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.coders: dict[str, Letter] = {}
        self.disputes: list[Dispute] = []
        self.candidates: list[tuple[str, Highlight]] = []

    def load(self) -> None:
        """Read the coders' records of the open letter and begin the lead's record from the
        first coder's (so the form shows what the lead is editing); call when a letter opens."""
        session = self.session
        if session.letter_id is None or session.prediction is None:
            self.coders, self.disputes, self.candidates = {}, [], []
            return
        self.coders = coder_records(session.store, session.letter_id)
        if len(self.coders) >= 2:
            self.start()
        settled = session.record if session.version > 0 else None
        self.disputes = (
            disputes(self.coders, session.prediction, settled) if len(self.coders) >= 2 else []
        )
        self.candidates = highlight_candidates(session.store, session.letter_id, list(self.coders))

    def start(self) -> None:
        """Begin the lead's record from the first coder's, once per letter (its review marks
        left behind: a mark on the lead's record means the lead settled that field)."""
        if self.session.version != 0 or not self.coders:
            return
        first, record = next(iter(self.coders.items()))
        base = record.model_copy(update={"review": {}})
        self.session.execute(Settle("record", f"start from {first}'s record", lambda _: base))

    def open_disputes(self) -> list[int]:
        """The disagreements the lead has not settled yet."""
        return [n for n, dispute in enumerate(self.disputes) if self.chosen(dispute) is None]

    def chosen(self, dispute: Dispute) -> str | None:
        """Whose value the lead settled a dispute with ("lead" for a value of their own; None
        while it is open, including after the pick was undone)."""
        record = self.session.record
        if record is None or not record.review.get(dispute.path):
            return None
        current = len(record.items) if dispute.path == "items" else _value(record, dispute.path)
        for who, value in dispute.values:
            if repr(_plain(value)) == repr(_plain(current)):
                return who
        return "lead"

    def pick(self, index: int, choice: int) -> str:
        """Settle dispute ``index`` with value ``choice`` (0: the first coder's; the parser's last)."""
        if not 0 <= index < len(self.disputes):
            raise ReviewError("no such disagreement")
        dispute = self.disputes[index]
        if not 0 <= choice < len(dispute.values):
            raise ReviewError(f"choose 1 to {len(dispute.values)} for {dispute.label}")
        self.start()
        who = dispute.values[choice][0]
        source = self.coders.get(who) or self.session.prediction
        assert source is not None
        path = dispute.path
        self.session.execute(
            Settle(path, f"take {who}'s {dispute.label}", lambda r: take(r, source, path))
        )
        return who

    def accepted(self, highlight: Highlight) -> Highlight | None:
        key = highlight_key(highlight)
        return next((h for h in self.session.highlights if highlight_key(h) == key), None)

    def accept(self, index: int) -> None:
        _, highlight = self.candidates[index]
        if self.accepted(highlight) is not None:
            return
        self.start()
        self.session.execute(
            AddHighlight(highlight.start, highlight.end, highlight.label, highlight.field)
        )

    def drop(self, index: int) -> None:
        _, highlight = self.candidates[index]
        mine = self.accepted(highlight)
        if mine is not None:
            self.session.delete_highlight(mine)


def _value(record: Letter, path: str) -> Any:
    try:
        return get_value(record, path)
    except ValueError:
        return None


def _plain(value: Any) -> Any:
    if hasattr(value, "value"):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "start") and hasattr(value, "end") and not isinstance(value, dict):
        return {"start": value.start, "end": value.end}
    return value
