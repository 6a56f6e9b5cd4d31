"""Repairing gold that contradicts itself (a span whose text does not support its value, by
the rule of parsing/support.py): the record loses those spans and the audit log gets a
`repair` row holding the patch, so that the log still replays to the record. Used where gold
comes in that was written under an older rule: the schema migrations and `merge`."""

from __future__ import annotations

import json
import sqlite3

from parsing import Letter
from parsing.support import without_contradictions

from ..history import diff


def repair_contradictions(
    conn: sqlite3.Connection,
    letter_id: int,
    reviewer: str,
    text: str,
    stamp: str,
    new_version: bool = True,
) -> bool:
    """Repair one reviewer's gold record of a letter whose text is ``text``; True when it
    needed it. ``new_version``: the record's version goes up (a window holding it reloads);
    a merge keeps the version it brought, which later merges of the same file compare."""
    row = conn.execute(
        "SELECT record FROM gold WHERE letter_id = ? AND reviewer = ?", (letter_id, reviewer)
    ).fetchone()
    if row is None:
        return False
    record = Letter.model_validate_json(row[0])
    clean = without_contradictions(record, text)
    if clean is record:
        return False
    before, after = record.to_json_dict(), clean.to_json_dict()
    bump = ", version = version + 1" if new_version else ""
    conn.execute(
        f"UPDATE gold SET record = ?{bump}, updated_at = ? WHERE letter_id = ? AND reviewer = ?",
        (json.dumps(after, ensure_ascii=False), stamp, letter_id, reviewer),
    )
    conn.execute(
        "INSERT INTO audit_log (at, reviewer, letter_id, action, field, patch)"
        " VALUES (?, ?, ?, 'repair', 'spans', ?)",
        (stamp, reviewer, letter_id, json.dumps(diff(before, after), ensure_ascii=False)),
    )
    return True
