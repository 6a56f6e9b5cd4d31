"""Evidence highlights: adding, deleting, restoring and relabelling them. Each change raises the
reviewer's gold version (highlights belong to the gold) and writes its audit row."""

from __future__ import annotations

import sqlite3
from typing import Any

from . import reads
from .errors import StoreError
from .gold import GoldMixin
from .rows import Highlight, now

_INSERT = 'INSERT INTO highlights (letter_id, reviewer, start, "end", label, field, created_at'


class HighlightsMixin(GoldMixin):
    """The highlights of a store."""

    def add_highlight(
        self,
        letter_id: int,
        reviewer: str,
        start: int,
        end: int,
        label: str,
        field: str = "",
        *,
        expected_version: int | None = None,
    ) -> int:
        """Add a highlight (its id). Like every highlight change it raises the reviewer's gold
        version; with ``expected_version`` it is refused (ConflictError) when that moved on."""
        text_length = self.conn.execute(
            "SELECT length(text) FROM letters WHERE id = ?", (letter_id,)
        ).fetchone()
        if text_length is None:
            raise StoreError(f"no letter {letter_id}")
        if not 0 <= start < end <= text_length[0]:
            raise StoreError(f"highlight {start}-{end} is outside the letter (0-{text_length[0]})")

        def work(conn: sqlite3.Connection) -> int:
            self._bump_version(conn, letter_id, reviewer, expected_version)
            stamp = now()
            cursor = conn.execute(
                _INSERT + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                (letter_id, reviewer, start, end, label, field, stamp),
            )
            new_id = int(cursor.lastrowid or 0)
            value = Highlight(new_id, letter_id, reviewer, start, end, label, field, stamp).logged()
            reads.write_audit(conn, letter_id, reviewer, "highlight_add", field, None, value, stamp)
            return new_id

        return self._run(work)

    def delete_highlight(
        self, highlight_id: int, reviewer: str, *, expected_version: int | None = None
    ) -> Highlight:
        def work(conn: sqlite3.Connection) -> Highlight:
            found = reads.highlight(conn, highlight_id)
            self._bump_version(conn, found.letter_id, reviewer, expected_version)
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            reads.write_audit(conn, found.letter_id, reviewer, "highlight_delete", found.field,
                              found.logged(), None, now())  # fmt: skip
            return found

        return self._run(work)

    def restore_highlight(
        self, highlight: Highlight, reviewer: str, *, expected_version: int | None = None
    ) -> int:
        """Put a deleted highlight back with its id (undo of a delete)."""
        h = highlight

        def work(conn: sqlite3.Connection) -> int:
            self._bump_version(conn, h.letter_id, reviewer, expected_version)
            conn.execute(
                _INSERT + ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (h.letter_id, h.reviewer, h.start, h.end, h.label, h.field, h.created_at, h.id),
            )
            reads.write_audit(conn, h.letter_id, reviewer, "highlight_add", h.field, None,
                              h.logged(), now())  # fmt: skip
            return h.id

        return self._run(work)

    def update_highlight(
        self,
        highlight_id: int,
        reviewer: str,
        *,
        label: str | None = None,
        field: str | None = None,
        expected_version: int | None = None,
    ) -> Highlight:
        def work(conn: sqlite3.Connection) -> Highlight:
            found = reads.highlight(conn, highlight_id)
            self._bump_version(conn, found.letter_id, reviewer, expected_version)
            new_label = found.label if label is None else label
            new_field = found.field if field is None else field
            conn.execute(
                "UPDATE highlights SET label = ?, field = ? WHERE id = ?",
                (new_label, new_field, highlight_id),
            )
            reads.write_audit(conn, found.letter_id, reviewer, "highlight_change", new_field,
                              {"id": found.id, "label": found.label, "field": found.field},
                              {"id": found.id, "label": new_label, "field": new_field}, now())  # fmt: skip
            return Highlight(found.id, found.letter_id, found.reviewer, found.start, found.end,
                             new_label, new_field, found.created_at)  # fmt: skip

        return self._run(work)

    def highlights(self, letter_id: int, reviewer: str | None = None) -> list[Highlight]:
        sql = f"SELECT {reads.HIGHLIGHT_COLUMNS} FROM highlights WHERE letter_id = ?"
        params: list[Any] = [letter_id]
        if reviewer is not None:
            sql += " AND reviewer = ?"
            params.append(reviewer)
        return [
            Highlight(*r) for r in self.conn.execute(sql + ' ORDER BY start, "end", id', params)
        ]
