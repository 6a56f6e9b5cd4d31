"""The gold's own rules, checked over a whole database (for `imr-review check` and exports).

- Consistency: every span of a gold record supports its value (parsing/support.py).
- History: replaying a reviewer's audit rows of a letter from its last start or baseline gives
  its gold record, status, note and highlights exactly (storage/history.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from parsing import Letter
from parsing.support import contradictions

from .history import replay
from .store import Store


@dataclass(frozen=True)
class GoldProblem:
    letter_id: int
    reviewer: str
    what: str

    def __str__(self) -> str:
        return f"letter {self.letter_id} ({self.reviewer}): {self.what}"


def contradiction_problems(
    letter_id: int, reviewer: str, record: Letter, text: str
) -> list[GoldProblem]:
    found = []
    for path in contradictions(record, text):
        span = record.spans[path]
        shown = " ".join(text[span.start : span.end].split())[:60]
        found.append(
            GoldProblem(letter_id, reviewer, f"the span of {path} reads {shown!r}, not its value")
        )
    return found


def history_problems(store: Store, letter_id: int, reviewer: str, gold_json: str,
                     status: str, note: str) -> list[GoldProblem]:  # fmt: skip
    rows = store.audit_rows(letter_id, reviewer)
    starts = [n for n, row in enumerate(rows) if row["action"] in ("start", "baseline")]
    if not starts:
        return [GoldProblem(letter_id, reviewer, "the audit log has no start for this gold")]
    state = replay(rows[starts[-1] :])
    problems = [GoldProblem(letter_id, reviewer, p) for p in state.problems]
    if state.record != json.loads(gold_json):
        problems.append(
            GoldProblem(letter_id, reviewer, "the audit log does not replay to the gold record")
        )
    if (state.status, state.note) != (status, note):
        problems.append(GoldProblem(
            letter_id, reviewer,
            f"the audit log replays to status {state.status!r} and note {state.note!r}, "
            f"the gold says {status!r} and {note!r}"))  # fmt: skip
    stored = {h.id: h.logged() for h in store.highlights(letter_id, reviewer)}
    if {k: _comparable(v) for k, v in state.highlights.items()} != {
        k: _comparable(v) for k, v in stored.items()
    }:
        problems.append(
            GoldProblem(letter_id, reviewer, "the audit log does not replay to the highlights")
        )
    return problems


def _comparable(highlight: dict[str, object]) -> tuple[object, ...]:
    return tuple(highlight.get(k) for k in ("id", "start", "end", "label", "field"))


def gold_problems(store: Store, history: bool = True) -> list[GoldProblem]:
    """Every broken rule in the database's gold, letter by letter."""
    problems: list[GoldProblem] = []
    for letter_id, reviewer, gold_json, status, note, text in store.gold_with_text():
        record = Letter.model_validate_json(gold_json)
        problems += contradiction_problems(letter_id, reviewer, record, text)
        if history:
            problems += history_problems(store, letter_id, reviewer, gold_json, status, note)
    return problems
