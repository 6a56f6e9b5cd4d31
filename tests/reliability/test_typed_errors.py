"""Each kind of database trouble, produced for real, arrives as its own `StoreError` subclass,
chosen from SQLite's error code and never from words in the message."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path

import pytest
from faults import read_only_file, remount_read_only

from storage.importer import import_paths
from storage.store import (
    DamagedDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    NewerSchemaError,
    ReadOnlyError,
    Store,
    StoreError,
    friendly_error,
)


def seeded_db(path: Path, samples_dir: Path) -> Path:
    with Store.open(path) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    return path


def fill(folder: Path) -> None:
    """Write a file until the filesystem holding ``folder`` has no space left."""
    handle = open(folder / "filler", "wb")  # noqa: SIM115 (closing may fail too on a full disk)
    with contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    with contextlib.suppress(OSError):
        handle.close()


def test_a_full_disk_is_a_disk_full_error(small_disk, samples_dir):
    db = seeded_db(small_disk / "g.db", samples_dir)
    with Store.open(db) as store:
        store.set_status(1, "ann", "in_progress")
        fill(small_disk)
        with pytest.raises(DiskFullError, match="is full"):
            store.set_status(1, "ann", "flagged", note="x" * 200_000)
        (small_disk / "filler").unlink()
        assert store.gold(1, "ann").status == "in_progress"


def test_a_locked_database_is_a_busy_error(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with Store.open(db, busy_timeout=0.2) as store:
            with pytest.raises(DatabaseBusyError, match="locked by another program"):
                store.set_status(1, "ann", "done")
            assert store.gold(1, "ann") is None
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_writing_a_read_only_database_is_a_read_only_error(tmp_path, ro_mount, samples_dir):
    seeded_db(ro_mount / "g.db", samples_dir)
    remount_read_only(ro_mount)
    with pytest.raises(ReadOnlyError, match="read-only"):
        Store.open(ro_mount / "g.db")
    with Store.open(ro_mount / "g.db", readonly=True) as store:
        with pytest.raises(ReadOnlyError):
            store.set_status(1, "ann", "done")
        # SQLite's own refusal (SQLITE_READONLY), as a reading command's connection gives it.
        with pytest.raises(sqlite3.Error) as raised:
            store.conn.execute("DELETE FROM letters")
        assert isinstance(friendly_error(raised.value, store.path), ReadOnlyError)


def test_a_read_only_file_refuses_writes_with_a_read_only_error(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with read_only_file(db):
        with pytest.raises(ReadOnlyError):
            Store.open(db)
        with Store.open(db, readonly=True) as store, pytest.raises(ReadOnlyError):
            store.add_prediction(1, store.prediction(1))


def test_a_truncated_database_is_a_damaged_database_error(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        Store.open(db)


def test_scribbled_pages_read_later_are_a_damaged_database_error(tmp_path, samples_dir):
    """A damaged page found by a query (SQLITE_CORRUPT), not by the checks on opening."""
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with Store.open(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = store.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'letters'"
        ).fetchone()[0]
    data = bytearray(db.read_bytes())
    at = (root - 1) * 4096  # the letters table's first page: its b-tree header scribbled over
    data[at : at + 4096] = bytes(random.Random(3).randrange(256) for _ in range(4096))
    db.write_bytes(bytes(data))
    with Store.open(db, readonly=True) as store:
        with pytest.raises(sqlite3.DatabaseError) as raised:
            for letter_id in store.letter_ids():
                store.letter(letter_id)
                store.highlights(letter_id)
                store.prediction(letter_id)
        error = friendly_error(raised.value, store.path)
    assert isinstance(error, DamagedDatabaseError), error


def test_a_newer_schema_is_a_newer_schema_error(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(NewerSchemaError, match="newer imr-review"):
        Store.open(db)


def test_words_in_a_message_never_choose_the_kind(tmp_path, samples_dir):
    """An error whose text says "full", "locked" and "read-only" (here a column name in a query)
    is a plain database error: only SQLite's code says a disk is full."""
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with Store.open(db) as store, pytest.raises(sqlite3.Error) as raised:
        store.conn.execute("SELECT full_locked_readonly_malformed FROM letters")
    error = friendly_error(raised.value, str(db))
    assert type(error) is StoreError, type(error)
    assert "database error" in str(error)


def test_a_review_session_keeps_the_kind_of_trouble(tmp_path, samples_dir):
    """The review layer says what happened in the form's words but keeps the store's typed error,
    so the window decides what to show from the kind, never from the words."""
    from gui.review import ReviewSession
    from gui.review.errors import NotSaved

    db = seeded_db(tmp_path / "g.db", samples_dir)
    with Store.open(db, busy_timeout=0.2) as store:
        session = ReviewSession(store, "ann")
        session.set_query(session.query)
        session.open(1)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(NotSaved) as refused:
                session.edit("case_number", "CM17-0000003")
        finally:
            other.rollback()
            other.close()
        assert isinstance(refused.value.cause, DatabaseBusyError)
        assert "items." not in str(refused.value)
