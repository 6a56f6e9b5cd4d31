"""The queue's queries: the ordered letter ids one reviewer's queue shows, and row details a
page at a time (`storage/queue.py` turns the window's query into these arguments)."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from .base import StoreBase
from .errors import QueryInterruptedError, classify

COLUMNS = ("id", "status", "case_number", "n_items", "min_confidence", "reviewers",
           "updated_at", "source")  # fmt: skip
NEEDS_REVIEW = ("todo", "in_progress")
_SORT_SQL = {
    "id": "l.id",
    "status": "coalesce(g.status, 'todo')",
    "case_number": "coalesce(g.case_number, p.case_number)",
    "n_items": "coalesce(g.n_items, p.n_items)",
    "min_confidence": "p.min_confidence",
    "reviewers": "(SELECT group_concat(reviewer) FROM gold WHERE letter_id = l.id)",
    "updated_at": "g.updated_at",
    "source": "(SELECT source_path FROM letters WHERE id = l.id)",
}
_NEWEST_PREDICTION = (
    " JOIN predictions p ON p.letter_id = l.id"
    " AND p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)"
)
_OWN_GOLD = " LEFT JOIN gold g ON g.letter_id = l.id AND g.reviewer = :reviewer"


def _where(
    statuses: tuple[str, ...] | None, only: list[int] | None, match: str
) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if statuses:
        names = ", ".join(f":s{n}" for n in range(len(statuses)))
        clauses.append(f"coalesce(g.status, 'todo') IN ({names})")
        params.update({f"s{n}": s for n, s in enumerate(statuses)})
    if only is not None:
        clauses.append("l.id IN (SELECT value FROM json_each(:only))")
        params["only"] = json.dumps(only)
    if match:
        clauses.append("l.id IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH :q)")
        params["q"] = match
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class QueueMixin(StoreBase):
    """The review queue's reads."""

    def queue_ids(
        self,
        reviewer: str,
        *,
        statuses: tuple[str, ...] | None = None,
        only: list[int] | None = None,
        match: str = "",
        sort: str = "id",
        descending: bool = False,
        budget_s: float = 3.0,
    ) -> list[int]:
        """The letter ids the queue shows, in order: with one of ``statuses`` (the reviewer's;
        todo without gold), among ``only``, whose text matches the FTS5 query ``match``. A
        search running over ``budget_s`` is stopped (QueryInterruptedError)."""
        where, params = _where(statuses, only, match)
        order = _SORT_SQL.get(sort, "l.id")
        direction = "DESC" if descending else "ASC"
        joins = (_NEWEST_PREDICTION if "p." in order else "") + (
            _OWN_GOLD if "g." in order or "g." in where else ""
        )
        # NULLs last whichever way the column sorts; the plain id order can use the primary key.
        nulls = "" if sort == "id" else f"({order}) IS NULL, "
        # Every letter has a prediction; its small covering index lists the ids far faster than a
        # scan of the letters table, whose rows hold the whole text.
        base = "(SELECT DISTINCT letter_id AS id FROM predictions)"
        sql = f"SELECT l.id FROM {base} l{joins}{where} ORDER BY {nulls}{order} {direction}, l.id {direction}"
        params["reviewer"] = reviewer
        if not match:
            return [r[0] for r in self.conn.execute(sql, params)]
        deadline = time.monotonic() + budget_s
        self.conn.set_progress_handler(lambda: time.monotonic() > deadline, 16)
        try:
            return [r[0] for r in self.conn.execute(sql, params)]
        except sqlite3.Error as error:
            typed = classify(error, self.path)
            if isinstance(typed, QueryInterruptedError):
                raise typed from None
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def queue_rows(self, reviewer: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Row details (by COLUMNS, and "note": every reviewer's flag note, "name: note" a
        line) for some letter ids."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        sql = (
            "SELECT l.id, coalesce(g.status, 'todo'), coalesce(g.case_number, p.case_number), "
            "coalesce(g.n_items, p.n_items), p.min_confidence, "
            "(SELECT group_concat(reviewer, ', ') FROM gold WHERE letter_id = l.id), g.updated_at, "
            "l.source_path, (SELECT group_concat(reviewer || ': ' || note, char(10)) FROM gold "
            "WHERE letter_id = l.id AND coalesce(note, '') != '') "
            f"FROM letters l"
            f"{_NEWEST_PREDICTION}{_OWN_GOLD.replace(':reviewer', '?')} WHERE l.id IN ({marks})"
        )
        return {
            row[0]: dict(zip((*COLUMNS, "note"), row, strict=True))
            for row in self.conn.execute(sql, [reviewer, *ids])
        }

    def reviewed_ids(self, reviewer: str) -> set[int]:
        """Letters the reviewer no longer needs to review (done, skipped or flagged)."""
        marks = ", ".join("?" for _ in NEEDS_REVIEW)
        sql = f"SELECT letter_id FROM gold WHERE reviewer = ? AND status NOT IN ({marks})"
        return {r[0] for r in self.conn.execute(sql, (reviewer, *NEEDS_REVIEW))}

    def done_ids(self, reviewer: str) -> set[int]:
        """Letters the reviewer has marked done."""
        sql = "SELECT letter_id FROM gold WHERE reviewer = ? AND status = 'done'"
        return {r[0] for r in self.conn.execute(sql, (reviewer,))}
