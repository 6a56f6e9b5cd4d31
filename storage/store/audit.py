"""Reading the audit log and who reviewed what (the log is written by each change, in its
transaction: `reads.write_audit`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .base import StoreBase

_ROW_KEYS = ("id", "action", "field", "old_value", "new_value", "patch")


def _decoded(value: str | None) -> Any:
    return None if value is None else json.loads(value)


class AuditMixin(StoreBase):
    """The audit log and the reviewers of each letter."""

    def reviewers_of(self, letter_id: int, status: str | None = None) -> list[str]:
        """Who has a gold record of a letter (with that status)."""
        sql = "SELECT reviewer FROM gold WHERE letter_id = ?" + (
            " AND status = ?" if status else ""
        )
        params: tuple[Any, ...] = (letter_id, status) if status else (letter_id,)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY reviewer", params)]

    def letters_reviewed_by_several(self, status: str = "done") -> list[int]:
        """Letters with two or more gold records of that status (adjudications not counted)."""
        return [r[0] for r in self.conn.execute(
            "SELECT letter_id FROM gold WHERE status = ? AND reviewer NOT LIKE 'adjudication:%'"
            " GROUP BY letter_id HAVING count(*) >= 2 ORDER BY letter_id", (status,))]  # fmt: skip

    def unfinished_adjudications(self) -> list[int]:
        """Letters with a lead's adjudication that is not done."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT letter_id FROM gold WHERE reviewer LIKE 'adjudication:%'"
            " AND status != 'done' ORDER BY letter_id")]  # fmt: skip

    def gold_with_text(self) -> Iterator[tuple[int, str, str, str, str, str]]:
        """(letter id, reviewer, gold record JSON, status, note, letter text) for every gold row."""
        yield from self.conn.execute(
            "SELECT g.letter_id, g.reviewer, g.record, g.status, g.note, l.text"
            " FROM gold AS g JOIN letters AS l ON l.id = g.letter_id ORDER BY g.letter_id, g.reviewer"
        )

    def audit_rows(self, letter_id: int, reviewer: str) -> list[dict[str, Any]]:
        """One reviewer's audit rows of one letter, oldest first, values decoded."""
        return [
            dict(zip(_ROW_KEYS, (*row[:3], *map(_decoded, row[3:])), strict=True))
            for row in self.conn.execute(
                "SELECT id, action, field, old_value, new_value, patch FROM audit_log"
                " WHERE letter_id = ? AND reviewer = ? ORDER BY id",
                (letter_id, reviewer),
            )
        ]

    def audit(self, letter_id: int | None = None, snapshots: bool = False) -> list[dict[str, Any]]:
        """The audit log (of one letter), oldest first: what was done, by whom, when. The rows
        holding whole records for replaying (start, baseline) only with ``snapshots``."""
        sql = (
            "SELECT id, at, reviewer, letter_id, action, field, old_value, new_value FROM audit_log"
            " WHERE (? OR action NOT IN ('start', 'baseline'))"
        )
        params: list[Any] = [snapshots]
        if letter_id is not None:
            sql += " AND letter_id = ?"
            params.append(letter_id)
        rows = []
        for r in self.db.query(sql + " ORDER BY id", params):
            row = dict(r)
            row["old_value"] = _decoded(row["old_value"])
            row["new_value"] = _decoded(row["new_value"])
            rows.append(row)
        return rows
