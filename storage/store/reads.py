"""Reads the write transactions share: a letter's text, its newest prediction, one highlight,
and the audit row every change writes. Each takes the connection the transaction runs on."""

from __future__ import annotations

import sqlite3
from typing import Any

from parsing import Letter

from .errors import StoreError
from .rows import Highlight, to_json

HIGHLIGHT_COLUMNS = 'id, letter_id, reviewer, start, "end", label, field, created_at'


def letter_text(conn: sqlite3.Connection, letter_id: int, path: str) -> str:
    row = conn.execute("SELECT text FROM letters WHERE id = ?", (letter_id,)).fetchone()
    if row is None:
        raise StoreError(f"no letter {letter_id} in {path}")
    return str(row[0])


def prediction_json(conn: sqlite3.Connection, letter_id: int) -> str:
    """The newest prediction of a letter, as stored."""
    row = conn.execute(
        "SELECT record FROM predictions WHERE letter_id = ? ORDER BY id DESC LIMIT 1",
        (letter_id,),
    ).fetchone()
    if row is None:
        raise StoreError(f"letter {letter_id} has no prediction")
    return str(row[0])


def prediction(conn: sqlite3.Connection, letter_id: int) -> Letter:
    return Letter.model_validate_json(prediction_json(conn, letter_id))


def highlight(conn: sqlite3.Connection, highlight_id: int) -> Highlight:
    row = conn.execute(
        f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)
    ).fetchone()
    if row is None:
        raise StoreError(f"no highlight {highlight_id}")
    return Highlight(*row)


def write_audit(
    conn: sqlite3.Connection,
    letter_id: int,
    reviewer: str,
    action: str,
    field: str,
    old: Any,
    new: Any,
    stamp: str,
    patch: list[list[Any]] | None = None,
) -> None:
    """One audit-log row, in the transaction of the change it records."""
    conn.execute(
        "INSERT INTO audit_log (at, reviewer, letter_id, action, field, old_value, new_value, patch)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (stamp, reviewer, letter_id, action, field, to_json(old), to_json(new), to_json(patch)),
    )
