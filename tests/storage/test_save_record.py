"""`Store.save_record`: the record a window made, stored with its audit row if the gold is still
the version the window saw; and the kind of every SQLite error read from its code alone."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsing import Letter
from parsing.edits import set_value
from storage.history import replay
from storage.store import Audit, ConflictError, StoreError, friendly_error
from storage.store.errors import classify


@contextmanager
def counted_dumps():
    """Count whole-record dumps (`Letter.model_dump`, which `to_json_dict` goes through)."""
    calls = []
    original = Letter.model_dump

    def model_dump(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    Letter.model_dump = model_dump
    try:
        yield calls
    finally:
        Letter.model_dump = original


def test_save_record_stores_logs_and_replays(seeded_store):
    record, version = seeded_store.record(1, "ann")
    first = seeded_store.save_record(
        1,
        set_value(record, "case_number", "CM15-0000001"),
        version,
        Audit("ann", "edit", "case_number"),
    )
    second = seeded_store.save_record(
        1,
        set_value(first.record, "patient_age", 41),
        first.version,
        Audit("ann", "edit", "patient_age"),
    )
    assert (second.version, second.status) == (2, "in_progress")
    stored = seeded_store.gold(1, "ann")
    assert stored is not None and stored.record == second.record
    rows = seeded_store.audit_rows(1, "ann")
    assert [r["action"] for r in rows] == ["start", "edit", "edit"]
    assert (rows[1]["field"], rows[1]["old_value"], rows[1]["new_value"]) == (
        "case_number", record.case_number, "CM15-0000001"
    )  # fmt: skip
    assert (rows[2]["old_value"], rows[2]["new_value"]) == (record.patient_age, 41)
    assert replay(rows).record == second.record.to_json_dict()


def test_save_record_from_a_stale_version_is_refused_and_writes_nothing(seeded_store):
    record, _ = seeded_store.record(1, "ann")
    seeded_store.save_record(1, set_value(record, "patient_age", 40), 0, Audit("ann"))
    before = seeded_store.audit_rows(1, "ann")
    with pytest.raises(ConflictError, match="changed elsewhere"):
        seeded_store.save_record(1, set_value(record, "patient_age", 50), 0, Audit("ann"))
    with pytest.raises(ConflictError, match="changed elsewhere"):
        seeded_store.save_record(1, set_value(record, "patient_age", 50), 7, Audit("ann"))
    assert seeded_store.gold(1, "ann").record.patient_age == 40
    assert seeded_store.audit_rows(1, "ann") == before


def test_save_record_needs_a_reviewer(seeded_store):
    record, _ = seeded_store.record(1, "ann")
    with pytest.raises(StoreError, match="reviewer name"):
        seeded_store.save_record(1, record, 0, Audit(""))


def test_an_edit_dumps_the_record_once(seeded_store):
    """The store dumps the record once per change: the row, the audit patch and the logged
    values come from that one dump (it was five; benchmarks/record_dumps.py measures the window)."""
    record, version = seeded_store.record(2, "ann")
    for n in range(3):  # the first change (which logs the start) and later ones
        changed = set_value(record, "patient_age", 30 + n)
        with counted_dumps() as calls:
            gold = seeded_store.save_record(
                2, changed, version, Audit("ann", "edit", "patient_age")
            )
        assert len(calls) == 1
        record, version = gold.record, gold.version


CODES = {
    "SQLITE_FULL": "DiskFullError",
    "SQLITE_BUSY": "DatabaseBusyError",
    "SQLITE_BUSY_SNAPSHOT": "DatabaseBusyError",
    "SQLITE_LOCKED": "DatabaseBusyError",
    "SQLITE_READONLY": "ReadOnlyError",
    "SQLITE_READONLY_DBMOVED": "ReadOnlyError",
    "SQLITE_CORRUPT": "DamagedDatabaseError",
    "SQLITE_NOTADB": "DamagedDatabaseError",
    "SQLITE_IOERR_WRITE": "DiskIOError",
    "SQLITE_IOERR_FSYNC": "DiskIOError",
    "SQLITE_CANTOPEN": "CannotOpenError",
    "SQLITE_INTERRUPT": "QueryInterruptedError",
    "SQLITE_ERROR": "StoreError",
    "SQLITE_CONSTRAINT_UNIQUE": "StoreError",
}


def sqlite_error(message: str, code: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = code  # as SQLite sets it on the errors it raises
    return error


@given(st.sampled_from(sorted(CODES)), st.text(max_size=80))
def test_the_kind_comes_from_the_code_whatever_the_message_says(code, noise):
    for message in (noise, "database or disk is full", "database is locked", "malformed readonly"):
        assert type(classify(sqlite_error(message, code), "g.db")).__name__ == CODES[code]
    assert type(friendly_error(sqlite_error(noise, code), "g.db")).__name__ == CODES[code]
