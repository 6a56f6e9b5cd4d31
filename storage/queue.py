"""The review queue: which letters, in which order, and what each row shows.

The window keeps only the ordered list of ids (one query, fast for 50,000 letters) and asks for
row details a page at a time as rows scroll into view.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from .schema import STATUSES
from .search import fts_query
from .store import Store, StoreError

SEARCH_BUDGET_S = 3.0  # a search that runs longer is stopped with a message, not a frozen window

NEEDS_REVIEW = ("todo", "in_progress")
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "needs review": NEEDS_REVIEW,
    **{status: (status,) for status in STATUSES},
    "disagreements": None,  # finished by several coders who disagree (for a lead to settle)
}
COLUMNS = (
    "id",
    "status",
    "case_number",
    "n_items",
    "min_confidence",
    "reviewers",
    "updated_at",
    "source",
)
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
_FROM = """
FROM letters l
JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)
LEFT JOIN gold g ON g.letter_id = l.id AND g.reviewer = :reviewer
"""


@dataclass(frozen=True)
class QueueQuery:
    status: str = "all"  # a key of STATUS_FILTERS
    search: str = ""  # words that must all occur in the letter (full-text search)
    sort: str = "id"  # one of COLUMNS
    descending: bool = False


def _where(store: Store, query: QueueQuery) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    statuses = STATUS_FILTERS.get(query.status)
    if statuses:
        names = ", ".join(f":s{n}" for n in range(len(statuses)))
        clauses.append(f"coalesce(g.status, 'todo') IN ({names})")
        params.update({f"s{n}": s for n, s in enumerate(statuses)})
    if query.status == "disagreements":
        import json

        from .team.disputes import disputed_letter_ids

        clauses.append("l.id IN (SELECT value FROM json_each(:disputed))")
        params["disputed"] = json.dumps(disputed_letter_ids(store))
    match, _ = fts_query(query.search)
    if match:
        clauses.append("l.id IN (SELECT rowid FROM letters_fts WHERE letters_fts MATCH :q)")
        params["q"] = match
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def queue_ids(store: Store, reviewer: str, query: QueueQuery) -> list[int]:
    """The letter ids the queue shows, in order."""
    where, params = _where(store, query)
    order = _SORT_SQL.get(query.sort, "l.id")
    direction = "DESC" if query.descending else "ASC"
    joins = ""
    if "p." in order:
        joins += (
            " JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)"
        )
    if "g." in order or "g." in where:
        joins += " LEFT JOIN gold g ON g.letter_id = l.id AND g.reviewer = :reviewer"
    # NULLs last whichever way the column sorts; the plain id order can use the primary key.
    nulls = "" if query.sort == "id" else f"({order}) IS NULL, "
    # Every letter has a prediction; its small covering index lists the ids far faster than a
    # scan of the letters table, whose rows hold the whole text.
    base = "(SELECT DISTINCT letter_id AS id FROM predictions)"
    sql = f"SELECT l.id FROM {base} l{joins}{where} ORDER BY {nulls}{order} {direction}, l.id {direction}"
    if "q" not in params:
        return [r[0] for r in store.conn.execute(sql, {"reviewer": reviewer, **params})]
    deadline = time.monotonic() + SEARCH_BUDGET_S
    store.conn.set_progress_handler(lambda: time.monotonic() > deadline, 16)
    try:
        return [r[0] for r in store.conn.execute(sql, {"reviewer": reviewer, **params})]
    except sqlite3.OperationalError as error:
        if "interrupted" not in str(error):
            raise
        raise StoreError(
            f"the search for {query.search[:40]!r} was stopped after {SEARCH_BUDGET_S:g} s; "
            "search for fewer or rarer words"
        ) from None
    finally:
        store.conn.set_progress_handler(None, 0)


def queue_rows(store: Store, reviewer: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Row details for some letter ids."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    sql = (
        "SELECT l.id, coalesce(g.status, 'todo'), coalesce(g.case_number, p.case_number), "
        "coalesce(g.n_items, p.n_items), p.min_confidence, "
        "(SELECT group_concat(reviewer, ', ') FROM gold WHERE letter_id = l.id), g.updated_at, l.source_path "
        f"{_FROM.replace(':reviewer', '?')} WHERE l.id IN ({marks})"
    )
    return {
        row[0]: dict(zip(COLUMNS, row, strict=True))
        for row in store.conn.execute(sql, [reviewer, *ids])
    }


def reviewed_ids(store: Store, reviewer: str) -> set[int]:
    """Letters the reviewer no longer needs to review (done, skipped or flagged)."""
    marks = ", ".join("?" for _ in NEEDS_REVIEW)
    sql = f"SELECT letter_id FROM gold WHERE reviewer = ? AND status NOT IN ({marks})"
    return {r[0] for r in store.conn.execute(sql, (reviewer, *NEEDS_REVIEW))}


def done_count(store: Store, reviewer: str, ids: list[int]) -> int:
    """How many of ``ids`` the reviewer has marked done."""
    if not ids:
        return 0
    done = {
        r[0]
        for r in store.conn.execute(
            "SELECT letter_id FROM gold WHERE reviewer = ? AND status = 'done'", (reviewer,)
        )
    }
    return sum(1 for i in ids if i in done)
