"""The team commands' queries: the `meta` table, the letters and records `assign` hands out,
the records `agreement` compares, and `merge`'s copy of a coder's records into the main database
(`storage/team/` holds the rules; this module only reads and writes rows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from .base import StoreBase
from .errors import StoreError
from .rows import Prepared

GOLD_COLUMNS = "letter_id, reviewer, record, case_number, n_items, status, note, version, created_at, updated_at"


def write_meta(conn: sqlite3.Connection, **values: str) -> None:
    for key, value in values.items():
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def adjudications(conn: sqlite3.Connection, letter_id: int) -> list[tuple[str, str, str]]:
    """(lead, record JSON, status) of each lead's adjudication of a letter."""
    return conn.execute(
        "SELECT reviewer, record, status FROM gold WHERE letter_id = ? AND reviewer LIKE 'adjudication:%'",
        (letter_id,),
    ).fetchall()


def reopen_adjudication(conn: sqlite3.Connection, letter_id: int, lead: str, record_json: str,
                        status: str, stamp: str) -> None:  # fmt: skip
    conn.execute(
        "UPDATE gold SET record = ?, status = ?, version = version + 1, updated_at = ?"
        " WHERE letter_id = ? AND reviewer = ?",
        (record_json, status, stamp, letter_id, lead),
    )


def replace_reviewer(conn: sqlite3.Connection, letter_id: int, reviewer: str,
                     gold_row: tuple[Any, ...]) -> None:  # fmt: skip
    """Drop a reviewer's record, highlights and audit rows of a letter, and put ``gold_row``
    (a row of GOLD_COLUMNS, its letter id replaced by ``letter_id``) in their place."""
    for table in ("highlights", "audit_log", "gold"):
        conn.execute(
            f"DELETE FROM {table} WHERE letter_id = ? AND reviewer = ?", (letter_id, reviewer)
        )
    conn.execute(f"INSERT INTO gold ({GOLD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (letter_id, *gold_row[1:]))  # fmt: skip


def insert_highlight(conn: sqlite3.Connection, letter_id: int, reviewer: str,
                     values: tuple[Any, ...]) -> int:  # fmt: skip
    """A highlight (start, end, label, field, created at); its new id."""
    cursor = conn.execute(
        'INSERT INTO highlights (letter_id, reviewer, start, "end", label, field, created_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (letter_id, reviewer, *values),
    )
    return int(cursor.lastrowid or 0)


def insert_audit_row(conn: sqlite3.Connection, letter_id: int, reviewer: str,
                     values: tuple[Any, ...]) -> None:  # fmt: skip
    """An audit row as stored: (at, action, field, old value, new value, patch), JSON as text."""
    conn.execute(
        "INSERT INTO audit_log (at, reviewer, letter_id, action, field, old_value, new_value, patch)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (values[0], reviewer, letter_id, *values[1:]),
    )


def record_merge(conn: sqlite3.Connection, work_id: str, reviewer: str, sha: str, version: int,
                 source: str, stamp: str) -> None:  # fmt: skip
    conn.execute(
        "INSERT OR REPLACE INTO merges (work_id, reviewer, letter_sha256, version, source, merged_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (work_id, reviewer, sha, version, source, stamp),
    )


class TeamMixin(StoreBase):
    """What the team commands read."""

    def meta(self) -> dict[str, str]:
        try:
            return {k: v for k, v in self.conn.execute("SELECT key, value FROM meta")}
        except sqlite3.OperationalError:
            raise StoreError(
                f"{self.path} has no project id (it was written by an older imr-review); "
                "open it once with this version to upgrade it"
            ) from None

    def done_letter_ids(self) -> set[int]:
        """Letters someone has marked done."""
        return {r[0] for r in self.conn.execute("SELECT letter_id FROM gold WHERE status = 'done'")}

    def letter_shas(self) -> dict[int, str]:
        return dict(self.conn.execute("SELECT id, sha256 FROM letters"))

    def letter_texts(self) -> Iterator[tuple[int, str, str]]:
        """(id, sha256, text) of every letter."""
        yield from self.conn.execute("SELECT id, sha256, text FROM letters")

    def prepared(self, letter_id: int) -> Prepared:
        """A letter with its newest prediction, as an import would add it to another database."""
        row = self.conn.execute(
            "SELECT l.sha256, l.source_path, l.text, l.kind, l.size_bytes, l.layout,"
            " p.parser_version, p.record, p.case_number, p.n_items, p.min_confidence"
            " FROM letters l JOIN predictions p ON p.letter_id = l.id"
            " WHERE l.id = ? ORDER BY p.id DESC LIMIT 1",
            (letter_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"letter {letter_id} has no prediction")
        return Prepared(*row)

    def gold_records(self, status: str = "all") -> Iterator[tuple[int, str, str]]:
        """(letter id, reviewer, record JSON) of every gold row (``done`` ones only)."""
        where = " WHERE status = 'done'" if status == "done" else ""
        yield from self.conn.execute("SELECT letter_id, reviewer, record FROM gold" + where)

    def gold_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every gold row (GOLD_COLUMNS), by letter and reviewer."""
        yield from self.conn.execute(
            f"SELECT {GOLD_COLUMNS} FROM gold ORDER BY letter_id, reviewer"
        )

    def merged_version(self, work_id: str, reviewer: str, sha: str) -> int | None:
        """The version of a reviewer's record of a letter last merged from a work database."""
        row = self.conn.execute(
            "SELECT version FROM merges WHERE work_id = ? AND reviewer = ? AND letter_sha256 = ?",
            (work_id, reviewer, sha),
        ).fetchone()
        return None if row is None else int(row[0])

    def reviewer_highlights(self, letter_id: int, reviewer: str) -> list[tuple[Any, ...]]:
        """(id, start, end, label, field, created at) of a reviewer's highlights, by id."""
        return self.conn.execute(
            'SELECT id, start, "end", label, field, created_at FROM highlights'
            " WHERE letter_id = ? AND reviewer = ? ORDER BY id",
            (letter_id, reviewer),
        ).fetchall()

    def reviewer_audit_rows(self, letter_id: int, reviewer: str) -> list[tuple[Any, ...]]:
        """(at, action, field, old value, new value, patch) of a reviewer's audit rows, as stored."""
        return self.conn.execute(
            "SELECT at, action, field, old_value, new_value, patch FROM audit_log"
            " WHERE letter_id = ? AND reviewer = ? ORDER BY id",
            (letter_id, reviewer),
        ).fetchall()
