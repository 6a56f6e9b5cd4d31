"""The reviewers' gold records: reading them, and every write of one, version-guarded and logged.

Gold rows carry a version number; a write that expected another version is refused (optimistic
locking: two windows on one letter never silently overwrite each other). The guard is in the
UPDATE statement itself. A record change dumps the new record to JSON once: the stored row, the
audit patch and the logged values all come from that one dump and the stored JSON of before.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from typing import Any

from parsing import Letter
from parsing.support import without_contradictions

from ..history import diff
from . import reads
from .base import StoreBase
from .errors import ConflictError, StoreError
from .rows import Audit, GoldRow, now
from .schema import STATUSES


def _stored(conn: sqlite3.Connection, letter_id: int, reviewer: str) -> tuple[str, int, str, str]:
    """The reviewer's record as stored (JSON), its version, status and note; the newest
    prediction at version 0 while the reviewer has no gold."""
    row = conn.execute(
        "SELECT record, version, status, note FROM gold WHERE letter_id = ? AND reviewer = ?",
        (letter_id, reviewer),
    ).fetchone()
    if row is not None:
        return str(row[0]), int(row[1]), row[2], row[3]
    return reads.prediction_json(conn, letter_id), 0, "todo", ""


def _at(data: dict[str, Any], field: str) -> Any:
    """The JSON value a field path names in a record's JSON (None where there is none)."""
    parts = field.split(".")
    if parts[0] == "spans":
        return data.get("spans", {}).get(field[len("spans.") :])
    if len(parts) == 3 and parts[0] == "items" and parts[1].isdigit():
        items = data.get("items", [])
        index = int(parts[1])
        return items[index].get(parts[2]) if index < len(items) else None
    return data.get(field)


def _start(conn: sqlite3.Connection, letter_id: int, reviewer: str, data: dict[str, Any],
           status: str, note: str, stamp: str) -> None:  # fmt: skip
    """Log the record a reviewer's gold starts from (the prediction), so the log replays."""
    start = {"record": data, "status": status, "note": note, "highlights": []}
    reads.write_audit(conn, letter_id, reviewer, "start", "", None, start, stamp)


def _write(conn: sqlite3.Connection, letter_id: int, reviewer: str, record: Letter, payload: str,
           status: str, note: str, version: int, stamp: str) -> int:  # fmt: skip
    """Write the gold row the caller last saw at ``version`` (0: none yet). The guard is in
    the statement itself, so a row another window or process changed is never overwritten."""
    values = (payload, record.case_number, len(record.items), status, note, stamp)
    if version == 0:
        exists = conn.execute(
            "SELECT version FROM gold WHERE letter_id = ? AND reviewer = ?", (letter_id, reviewer)
        ).fetchone()
        if exists is not None:
            raise ConflictError(
                f"letter {letter_id} was changed elsewhere (version {exists[0]}, this window "
                "had none yet); reload it to see the other change"
            )
        conn.execute(
            "INSERT INTO gold (record, case_number, n_items, status, note, created_at, updated_at,"
            " letter_id, reviewer, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (*values, stamp, letter_id, reviewer),
        )
        return 1
    cursor = conn.execute(
        "UPDATE gold SET record = ?, case_number = ?, n_items = ?, status = ?, note = ?,"
        " updated_at = ?, version = version + 1 WHERE letter_id = ? AND reviewer = ? AND version = ?",
        (*values, letter_id, reviewer, version),
    )
    if cursor.rowcount != 1:
        raise ConflictError(
            f"letter {letter_id} was changed elsewhere (this window had version {version}); "
            "reload it to see the other change"
        )
    return version + 1


def _begun(status: str) -> str:
    # The first change of a letter to do puts it in progress (replay knows this rule).
    return "in_progress" if status == "todo" else status


FINISHED = ("done", "skipped", "flagged")


class GoldMixin(StoreBase):
    """Reading and writing gold records."""

    def gold(self, letter_id: int, reviewer: str) -> GoldRow | None:
        row = self.conn.execute(
            "SELECT letter_id, reviewer, record, status, note, version, created_at, updated_at FROM gold"
            " WHERE letter_id = ? AND reviewer = ?",
            (letter_id, reviewer),
        ).fetchone()
        if row is None:
            return None
        return GoldRow(row[0], row[1], Letter.model_validate_json(row[2]), *row[3:])

    def record(self, letter_id: int, reviewer: str) -> tuple[Letter, int]:
        """The reviewer's current record (gold, or the prediction until they change it) and its version."""
        gold = self.gold(letter_id, reviewer)
        if gold is not None:
            return gold.record, gold.version
        return reads.prediction(self.conn, letter_id), 0

    def save_record(
        self,
        letter_id: int,
        record: Letter,
        expected_version: int | None,
        audit: Audit,
        *,
        relink: dict[int, str] | None = None,
    ) -> GoldRow:
        """Store ``record`` as the reviewer's gold and log it, atomically, if the stored gold is
        still at ``expected_version`` (0: the reviewer has none yet; None: whatever it is);
        otherwise ConflictError and nothing is written.

        ``relink`` re-links highlights (id -> field path) in the same transaction, as when items
        move and the evidence must stay with its item."""
        reviewer = audit.reviewer
        if not reviewer:
            raise StoreError("a reviewer name is needed to record a change")

        def work(conn: sqlite3.Connection) -> GoldRow:
            old_json, version, status, note = _stored(conn, letter_id, reviewer)
            if expected_version is not None:
                version = expected_version  # _write's guard refuses it if the row moved on
            # Gold never contradicts itself: a span whose text no longer supports its value goes.
            new = without_contradictions(record, reads.letter_text(conn, letter_id, self.path))
            old_data, new_data = json.loads(old_json), new.to_json_dict()
            stamp = now()
            if version == 0:
                _start(conn, letter_id, reviewer, old_data, status, note, stamp)
            status = _begun(status)
            payload = json.dumps(new_data, ensure_ascii=False)
            new_version = _write(
                conn, letter_id, reviewer, new, payload, status, note, version, stamp
            )
            reads.write_audit(conn, letter_id, reviewer, audit.action, audit.field,
                              _at(old_data, audit.field), _at(new_data, audit.field), stamp,
                              diff(old_data, new_data))  # fmt: skip
            for highlight_id, new_field in (relink or {}).items():
                self._relink(conn, letter_id, reviewer, highlight_id, new_field, stamp)
            return GoldRow(letter_id, reviewer, new, status, note, new_version, stamp, stamp)

        return self._run(work)

    def change_record(
        self,
        letter_id: int,
        reviewer: str,
        change: Callable[[Letter], Letter],
        *,
        field: str,
        action: str = "edit",
        expected_version: int | None = None,
        highlight_fields: dict[int, str] | None = None,
    ) -> GoldRow:
        """``save_record`` of ``change`` applied to the reviewer's current record (for scripts and
        tests). Without ``expected_version`` the version just read is expected, so a change made
        elsewhere meanwhile is refused rather than overwritten."""
        if not reviewer:
            raise StoreError("a reviewer name is needed to record a change")
        record, version = self.record(letter_id, reviewer)
        expected = version if expected_version is None else expected_version
        return self.save_record(letter_id, change(record), expected,
                                Audit(reviewer, action, field), relink=highlight_fields)  # fmt: skip

    def set_status(
        self,
        letter_id: int,
        reviewer: str,
        status: str,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> GoldRow:
        """Mark a letter todo / in_progress / done / skipped / flagged (with an optional note)."""
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")

        def work(conn: sqlite3.Connection) -> GoldRow:
            old_json, version, old_status, old_note = _stored(conn, letter_id, reviewer)
            stored = version
            if expected_version is not None:
                version = expected_version  # _write's guard refuses it if the row moved on
            new_note = old_note if note is None else note
            stamp = now()
            record = Letter.model_validate_json(old_json)
            if stored == 0 or version == 0:
                record, payload = self._begin(conn, letter_id, reviewer, old_json, record,
                                              old_status, old_note, stamp)  # fmt: skip
            else:
                payload = old_json  # the record is as stored: no need to dump it again
            new_version = _write(conn, letter_id, reviewer, record, payload, status, new_note,
                                 version, stamp)  # fmt: skip
            reads.write_audit(
                conn, letter_id, reviewer, "status", "status", old_status, status, stamp
            )
            if new_note != old_note:
                reads.write_audit(
                    conn, letter_id, reviewer, "note", "note", old_note, new_note, stamp
                )
            return GoldRow(letter_id, reviewer, record, status, new_note, new_version, stamp, stamp)

        row = self._run(work)
        if status in FINISHED:
            self.checkpoint()
        return row

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file, as far as readers allow (PASSIVE
        never waits). Done when a letter is finished, so that a copy of the file alone (a work
        file mailed back while its window is open) holds every finished letter."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _begin(self, conn: sqlite3.Connection, letter_id: int, reviewer: str, old_json: str,
               record: Letter, status: str, note: str, stamp: str) -> tuple[Letter, str]:  # fmt: skip
        """A reviewer's first write of a letter: log where the gold starts, and drop the
        prediction's spans that contradict their values ("repair"). The record and its JSON."""
        old_data = json.loads(old_json)
        _start(conn, letter_id, reviewer, old_data, status, note, stamp)
        clean = without_contradictions(record, reads.letter_text(conn, letter_id, self.path))
        if clean is record:
            return record, old_json
        new_data = clean.to_json_dict()
        patch = diff(old_data, new_data)
        reads.write_audit(conn, letter_id, reviewer, "repair", "spans", None, None, stamp, patch)
        return clean, json.dumps(new_data, ensure_ascii=False)

    def _bump_version(
        self, conn: sqlite3.Connection, letter_id: int, reviewer: str, expected: int | None
    ) -> int:
        """Raise the reviewer's gold version for a change of its highlights (which belong to the
        gold as much as its fields do): a window holding an older version is then refused, so
        evidence can never be linked from a stale item list. Returns the new version."""
        old_json, version, status, note = _stored(conn, letter_id, reviewer)
        if expected is not None and expected != version:
            raise ConflictError(
                f"letter {letter_id} was changed elsewhere (version {version}, this window had "
                f"{expected}); reload it to see the other change"
            )
        if version == 0:
            stamp = now()
            record = Letter.model_validate_json(old_json)
            record, payload = self._begin(conn, letter_id, reviewer, old_json, record,
                                          status, note, stamp)  # fmt: skip
            return _write(
                conn, letter_id, reviewer, record, payload, _begun(status), note, 0, stamp
            )
        conn.execute(
            "UPDATE gold SET version = version + 1, updated_at = ? WHERE letter_id = ? AND reviewer = ?",
            (now(), letter_id, reviewer),
        )
        return version + 1

    def _relink(self, conn: sqlite3.Connection, letter_id: int, reviewer: str,
                highlight_id: int, new_field: str, stamp: str) -> None:  # fmt: skip
        found = reads.highlight(conn, highlight_id)
        if found.letter_id != letter_id or found.field == new_field:
            return
        conn.execute("UPDATE highlights SET field = ? WHERE id = ?", (new_field, highlight_id))
        reads.write_audit(conn, letter_id, reviewer, "highlight_change", new_field,
                          {"id": found.id, "label": found.label, "field": found.field},
                          {"id": found.id, "label": found.label, "field": new_field}, stamp)  # fmt: skip
