"""A read-only database whose last changes are still in a `-wal` beside it (a crash, or a copy
taken while it was open), read by the commands that only read and by the store's read-only mode.

Nothing may appear beside it (SQLite would create a `-shm` where the folder is writable) and no
byte of it or of its `-wal` may change; yet what the `-wal` holds must be read, not ignored (an
`immutable` open would show the database as it was before those changes)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from faults import read_only_file, remount_read_only
from test_hostile_db import fingerprint

from storage.importer import import_paths
from storage.store import Store

EXE = Path(sys.executable).parent / "imr-review"
NOTE = "only in the write-ahead log"


def crashed_into(folder: Path, samples_dir: Path, work: Path) -> Path:
    """A database in ``folder`` whose last changes (letter 1 flagged, letter 2 done) are only in
    its -wal; no -shm beside it."""
    source = work / "live.db"
    store = Store.open(source)
    import_paths(store, [str(samples_dir)], workers=1)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store.set_status(1, "ann", "flagged", note=NOTE)
    store.set_status(2, "ann", "done")
    db = folder / "g.db"
    shutil.copy(source, db)
    shutil.copy(f"{source}-wal", f"{db}-wal")
    store.close()
    return db


def read_everything(db: Path, tmp_path: Path) -> None:
    """The reading commands and the store's read-only mode, each checking it saw the -wal."""
    check = subprocess.run([str(EXE), "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 0 and "ok:" in check.stdout, check.stderr
    labels = subprocess.run([str(EXE), "labels", "--db", str(db)], capture_output=True, text=True)
    assert labels.returncode == 0, labels.stderr
    out = tmp_path / "out.jsonl"
    export = subprocess.run(
        [str(EXE), "export", "--db", str(db), "--format", "jsonl", "--status", "all",
         "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    statuses = {r["id"]: r["status"] for r in map(json.loads, out.read_text().splitlines())}
    assert statuses == {1: "flagged", 2: "done", 3: "todo"}  # the -wal's changes were read
    copies = set(Path(tempfile.gettempdir()).glob("imr-review-read-*"))
    with Store.open(db, readonly=True) as store:
        gold = store.gold(1, "ann")
        assert gold is not None and gold.note == NOTE
        assert store.letter_count() == 3
    assert set(Path(tempfile.gettempdir()).glob("imr-review-read-*")) == copies  # removed


def test_a_read_only_file_with_a_wal_is_read_whole_and_left_as_it_was(tmp_path, samples_dir):
    folder = tmp_path / "db"
    folder.mkdir()
    db = crashed_into(folder, samples_dir, tmp_path)
    before = fingerprint(db)
    assert set(before) == {"g.db", "g.db-wal"}
    with read_only_file(db):
        read_everything(db, tmp_path)
        assert fingerprint(db) == before  # no -shm beside it, every byte as it was


def test_a_database_with_a_wal_in_a_read_only_folder_is_read_whole(tmp_path, ro_mount, samples_dir):
    db = crashed_into(ro_mount, samples_dir, tmp_path)
    before = fingerprint(db)
    remount_read_only(ro_mount)
    read_everything(db, tmp_path)
    assert fingerprint(db) == before


WRITER = """
import sys
from storage.store import Store
store = Store.open(sys.argv[1])
store.set_status(1, "ann", "flagged", note=sys.argv[2])
print("written", flush=True)
sys.stdin.read()  # stays open, its -wal and -shm in use, until told to stop
store.close()
"""


def test_an_existing_shm_is_used_not_replaced(tmp_path, samples_dir):
    """Where another program has the database open (its -shm is there), a read-only open reads
    through that -shm like any other reader and creates nothing."""
    folder = tmp_path / "db"
    folder.mkdir()
    db = folder / "g.db"
    with Store.open(db) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), NOTE],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "written\n"
        names = set(fingerprint(db))
        assert {"g.db", "g.db-wal", "g.db-shm"} <= names
        with read_only_file(db):
            with Store.open(db, readonly=True) as reader:
                gold = reader.gold(1, "ann")
                assert gold is not None and gold.note == NOTE
            assert set(fingerprint(db)) == names
    finally:
        writer.communicate("", timeout=30)
