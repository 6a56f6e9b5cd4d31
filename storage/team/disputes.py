"""Where coders disagree on a letter, for a lead to settle (adjudication).

A letter is disputed when two or more coders finished it and their records differ in a field the
form shows (values compared as `agreement` compares them) or in their highlights. The lead's
settled record is gold like any other, kept under the reviewer name ``adjudication:LEAD``; exports
prefer it to any single coder's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsing import Letter
from parsing.edits import HEADER_FIELDS, ITEM_FIELDS

from ..store import Highlight, Store
from .agreement import _norm

ADJUDICATION = "adjudication:"


def adjudicator(lead: str) -> str:
    """The reviewer name a lead's settled records are kept under."""
    return f"{ADJUDICATION}{lead}"


def is_adjudication(reviewer: str) -> bool:
    return reviewer.startswith(ADJUDICATION)


def reviewer_name_problem(name: str) -> str | None:
    """Why a name cannot be a reviewer's, or None. Gold under "adjudication:…" is a lead's
    settled answer, which every export takes first (the store matches the prefix as SQLite's
    LIKE does, whatever the case): a coder working under such a name would pass for a lead."""
    if name.strip().lower().startswith(ADJUDICATION):
        return (
            f"the reviewer name {name.strip()!r} is kept for a lead's adjudication: choose another "
            "(a lead settles disputes with --adjudicate under their own name)"
        )
    return None


@dataclass(frozen=True)
class Dispute:
    """A field the coders disagree on, with each coder's value and the parser's."""

    path: str  # a field path, or "items" when the coders kept different numbers of items
    label: str
    values: tuple[tuple[str, Any], ...]  # (coder or "parser", value), coders first

    def value_of(self, who: str) -> Any:
        return next(value for name, value in self.values if name == who)


def coder_records(store: Store, letter_id: int, status: str = "done") -> dict[str, Letter]:
    """The finished records of a letter's coders (adjudications left out), by coder."""
    out = {}
    for reviewer in sorted(store.reviewers_of(letter_id, status)):
        gold = store.gold(letter_id, reviewer)
        if gold is not None and not is_adjudication(reviewer):
            out[reviewer] = gold.record
    return out


def _item_value(record: Letter, index: int, name: str) -> Any:
    return getattr(record.items[index], name) if index < len(record.items) else None


def disputes(
    records: dict[str, Letter], prediction: Letter, settled: Letter | None = None
) -> list[Dispute]:
    """The fields the coders' records disagree on, in form order; with ``settled`` (a lead's
    record) also those where the coders now agree on a value the lead's record does not hold
    (a coder changed their answer after the lead settled it)."""
    coders = list(records)
    found: list[Dispute] = []

    def lead_value(path: str) -> Any:
        if settled is None:
            return None
        if path == "items":
            return len(settled.items)
        parts = path.split(".")
        if parts[0] == "items":
            return _item_value(settled, int(parts[1]), parts[2])
        return getattr(settled, path)

    def add(path: str, label: str, values: dict[str, Any], parser: Any) -> None:
        seen = {repr(_norm(v)) for v in values.values()}
        stale = settled is not None and seen != {repr(_norm(lead_value(path)))}
        if len(seen) > 1 or stale:
            found.append(Dispute(path, label, (*values.items(), ("parser", parser))))

    for spec in HEADER_FIELDS:
        add(spec.name, spec.label, {c: getattr(records[c], spec.name) for c in coders},
            getattr(prediction, spec.name))  # fmt: skip
    counts = {c: len(records[c].items) for c in coders}
    add("items", "Number of items", counts, len(prediction.items))
    for index in range(min(counts.values(), default=0)):
        for spec in ITEM_FIELDS:
            add(f"items.{index}.{spec.name}", f"Item {index + 1} · {spec.label}",
                {c: _item_value(records[c], index, spec.name) for c in coders},
                _item_value(prediction, index, spec.name))  # fmt: skip
    return found


def highlight_key(h: Highlight) -> tuple[int, int, str, str]:
    return (h.start, h.end, h.label, h.field)


def highlight_candidates(
    store: Store, letter_id: int, coders: list[str]
) -> list[tuple[str, Highlight]]:
    """Each distinct highlight the coders made (the first coder to make it named), in letter order."""
    seen: dict[tuple[int, int, str, str], tuple[str, Highlight]] = {}
    for coder in coders:
        for h in store.highlights(letter_id, coder):
            seen.setdefault(highlight_key(h), (coder, h))
    return sorted(seen.values(), key=lambda pair: (pair[1].start, pair[1].end, pair[1].label))


def disputed_letter_ids(store: Store) -> list[int]:
    """Letters finished by two or more coders whose records or highlights differ, and letters
    whose adjudication is not done (a merge reopens one when a coder's answer changes)."""
    reopened = set(store.unfinished_adjudications())
    out = []
    for letter_id in store.letters_reviewed_by_several("done"):
        if letter_id in reopened:
            out.append(letter_id)
            continue
        records = coder_records(store, letter_id)
        if len(records) < 2:
            continue
        if disputes(records, store.prediction(letter_id)):
            out.append(letter_id)
            continue
        marks = {c: {highlight_key(h) for h in store.highlights(letter_id, c)} for c in records}
        if len({frozenset(v) for v in marks.values()}) > 1:
            out.append(letter_id)
    return out
