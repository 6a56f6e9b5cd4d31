"""The review queue: which letters, in which order, and what each row shows.

The window keeps only the ordered list of ids (one query, fast for 50,000 letters) and asks for
row details a page at a time as rows scroll into view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import STATUSES
from .search import fts_query
from .store import QueryInterruptedError, Store, StoreError
from .store.queue import COLUMNS as COLUMNS
from .store.queue import NEEDS_REVIEW as NEEDS_REVIEW

SEARCH_BUDGET_S = 3.0  # a search that runs longer is stopped with a message, not a frozen window

STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "needs review": NEEDS_REVIEW,
    **{status: (status,) for status in STATUSES},
    "disagreements": None,  # finished by several coders who disagree (for a lead to settle)
}


@dataclass(frozen=True)
class QueueQuery:
    status: str = "all"  # a key of STATUS_FILTERS
    search: str = ""  # words that must all occur in the letter (full-text search)
    sort: str = "id"  # one of COLUMNS
    descending: bool = False


def queue_ids(store: Store, reviewer: str, query: QueueQuery) -> list[int]:
    """The letter ids the queue shows, in order."""
    only = None
    if query.status == "disagreements":
        from .team.disputes import disputed_letter_ids

        only = disputed_letter_ids(store)
    match, _ = fts_query(query.search)
    try:
        return store.queue_ids(
            reviewer,
            statuses=STATUS_FILTERS.get(query.status),
            only=only,
            match=match,
            sort=query.sort,
            descending=query.descending,
            budget_s=SEARCH_BUDGET_S,
        )
    except QueryInterruptedError:
        raise StoreError(
            f"the search for {query.search[:40]!r} was stopped after {SEARCH_BUDGET_S:g} s; "
            "search for fewer or rarer words"
        ) from None


def queue_rows(store: Store, reviewer: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Row details for some letter ids."""
    return store.queue_rows(reviewer, ids)


def reviewed_ids(store: Store, reviewer: str) -> set[int]:
    """Letters the reviewer no longer needs to review (done, skipped or flagged)."""
    return store.reviewed_ids(reviewer)


def done_count(store: Store, reviewer: str, ids: list[int]) -> int:
    """How many of ``ids`` the reviewer has marked done."""
    if not ids:
        return 0
    done = store.done_ids(reviewer)
    return sum(1 for i in ids if i in done)
