"""Databases handled carelessly: damaged files with a -wal beside them, read-only files, loose
file modes, and the two durability claims (synchronous = FULL, the version guard) pinned."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from faults import read_only_file, run_app

from storage.importer import import_paths
from storage.store import ConflictError, Store, StoreError

EXE = Path(sys.executable).parent / "imr-review"


def fingerprint(db: Path) -> dict[str, str]:
    """The bytes of the database and of whatever journal files lie beside it."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(db.parent.iterdir())
        if p.name.startswith(db.name)
    }


def crashed_copy(tmp_path: Path, samples_dir: Path) -> Path:
    """A database as a crash leaves it: changes still in its -wal, not yet in the file."""
    source = tmp_path / "live" / "g.db"
    source.parent.mkdir()
    store = Store.open(source)
    import_paths(store, [str(samples_dir)], workers=1)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(3):
        store.set_status(1, "ann", "in_progress", note="x" * 5000 * n)  # unfinished: no checkpoint
    copy = tmp_path / "crashed" / "g.db"
    copy.parent.mkdir()
    shutil.copy(source, copy)
    shutil.copy(f"{source}-wal", f"{copy}-wal")
    store.close()
    return copy


def cut_in_half(db: Path) -> None:
    with open(db, "r+b") as handle:
        handle.truncate(db.stat().st_size // 2)


def test_a_truncated_database_with_a_wal_is_not_checkpointed_into(tmp_path, samples_dir):
    db = crashed_copy(tmp_path, samples_dir)
    cut_in_half(db)
    before = fingerprint(db)
    assert set(before) == {"g.db", "g.db-wal"}
    with pytest.raises(StoreError, match="damaged"):
        Store.open(db)
    assert fingerprint(db).items() >= before.items()  # both files exactly as they were
    result = run_app(tmp_path, db)
    assert result.returncode == 1 and "damaged" in result.stderr, result.stderr
    check = subprocess.run([str(EXE), "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 1
    assert fingerprint(db).items() >= before.items()


def test_a_database_the_quick_check_finds_damaged_is_left_as_it_was(tmp_path, samples_dir):
    db = crashed_copy(tmp_path, samples_dir)
    data = bytearray(db.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages, 2):  # scribble over every other page of the second half
        data[page * 4096 + 8 : page * 4096 + 400] = bytes(range(256)) + bytes(range(136))
    db.write_bytes(bytes(data))
    before = fingerprint(db)
    result = run_app(tmp_path, db)
    assert result.returncode == 1 and "damaged" in result.stderr, result.stderr
    assert fingerprint(db).items() >= before.items()


def test_reading_commands_open_a_read_only_file_and_leave_nothing_beside_it(tmp_path, samples_dir):
    db = tmp_path / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
        store.set_status(1, "ann", "done")
    with read_only_file(db):
        for command in (
            ["check"],
            ["labels"],
            ["export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")],
        ):
            result = subprocess.run(
                [str(EXE), command[0], "--db", str(db), *command[1:]],
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, (command, result.stderr)
            assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("g.db")) == [
                "g.db"
            ], command
        assert (
            "ok:"
            in subprocess.run(
                [str(EXE), "check", "--db", str(db)], capture_output=True, text=True
            ).stdout
        )
        result = run_app(tmp_path, db)  # the window opens it to look at
        assert result.returncode == 0 and "first letter shown: 2" in result.stderr, result.stderr
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("g.db")) == ["g.db"]
    # Once writable again, an import works at once: nothing stale was left behind.
    result = subprocess.run(
        [str(EXE), "import", "--db", str(db), str(samples_dir)], capture_output=True, text=True
    )
    assert result.returncode == 0 and "skipped 3 as duplicates" in result.stdout, result.stderr


def test_the_window_says_a_read_only_file_is_read_only(qtbot, tmp_path, samples_dir, settings):
    from gui.qt.window.main_window import MainWindow

    db = tmp_path / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    with read_only_file(db), Store.open(db, readonly=True) as store:
        window = MainWindow(store, "ann", settings)
        qtbot.addWidget(window)
        window.show()
        assert "read-only" in window.windowTitle()
        assert window.banner.isVisible() and "read-only" in window.banner.text()
        window.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("g.db")) == ["g.db"]


def test_loose_file_modes_are_reported_and_tightened(tmp_path, samples_dir):
    db = tmp_path / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    db.chmod(0o644)
    result = subprocess.run(
        [str(EXE), "import", "--db", str(db), str(samples_dir)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"{db} could be read by other users (mode 0644); now 0600" in result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with Store.open(db) as store:
        store.set_status(1, "ann", "done")
        for suffix in ("-wal", "-shm"):
            assert stat.S_IMODE(os.stat(f"{db}{suffix}").st_mode) == 0o600, suffix
        assert store.notices == []


def test_every_connection_syncs_commits_to_disk(tmp_path, samples_dir):
    """synchronous = FULL: a committed change survives a power cut, not only an app crash."""
    db = tmp_path / "g.db"
    for _ in range(2):  # created, then reopened
        with Store.open(db) as store:
            assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_the_version_guard_refuses_a_write_from_a_stale_window(tmp_path, samples_dir):
    db = tmp_path / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    with Store.open(db) as first, Store.open(db) as second:
        first.set_status(1, "ann", "in_progress")
        seen = first.gold(1, "ann").version
        second.set_status(1, "ann", "flagged", note="the other window", expected_version=seen)
        with pytest.raises(ConflictError, match="changed elsewhere"):
            first.set_status(1, "ann", "done", expected_version=seen)
        with pytest.raises(ConflictError, match="changed elsewhere"):
            first.change_record(
                1, "ann", lambda r: r.model_copy(update={"case_number": "X"}),
                field="case_number", expected_version=seen,
            )  # fmt: skip
        kept = first.gold(1, "ann")
        assert (kept.status, kept.note, kept.version) == ("flagged", "the other window", seen + 1)
        assert kept.record.case_number != "X"
        with pytest.raises(ConflictError, match="changed elsewhere"):  # no gold row yet: expected 0
            second.set_status(2, "ann", "done", expected_version=0)
            first.set_status(2, "ann", "done", expected_version=0)


def test_reading_commands_leave_nothing_beside_a_writable_database(tmp_path, samples_dir):
    db = tmp_path / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    before = fingerprint(db)
    for command in (["check"], ["labels"], ["eval"]):
        result = subprocess.run(
            [str(EXE), command[0], "--db", str(db), *command[1:]], capture_output=True, text=True
        )
        assert result.returncode == 0, (command, result.stderr)
        assert fingerprint(db) == before, command  # the same bytes, nothing beside
    with (
        Store.open(db, readonly=True) as store,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        store.conn.execute("DELETE FROM letters")  # read-only in SQLite too, not only in Store


def test_an_old_read_only_database_is_named_as_needing_an_upgrade_it_cannot_get(tmp_path):
    """A schema-3 file where nothing can be written: neither opened nor upgraded. The message
    says so and what to do (it said the file could be opened read-only, which had just failed)."""
    from sqlite_utils import Database

    from storage.schema import migrations

    db = tmp_path / "v3.db"
    old = Database(str(db))
    migrations.apply(old, stop_before="0004_team")
    old.close()
    db.chmod(0o600)
    with read_only_file(db):
        result = subprocess.run([str(EXE), "check", "--db", str(db)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "needs an upgrade (schema 3 to" in result.stderr
    assert "copy" in result.stderr
    assert "opened read-only to look at" not in result.stderr
