"""A letter's review status, as the gold table stores it."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a reviewer's work on a letter stands (stored by value in the gold table)."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"
    FLAGGED = "flagged"
