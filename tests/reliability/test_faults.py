"""Faults at the edges: full disk, read-only location, locked and damaged databases, a newer
schema, two windows on one database. Each: a clear message, no partial write, nothing lost."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from faults import remount_read_only, run_app
from synthetic import random_letter, render

from storage.export import ExportError, export
from storage.importer import import_paths
from storage.schema import SCHEMA_VERSION
from storage.store import Store, StoreError

EXE = Path(sys.executable).parent / "imr-review"


def write_letters(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    for n in range(count):
        (folder / f"l{n:04d}.txt").write_text(render(random_letter(rng)))


def seeded_db(path: Path, samples_dir: Path) -> Path:
    with Store.open(path) as store:
        import_paths(store, [str(samples_dir)], workers=1)
    return path


# --- full disk -------------------------------------------------------------------------------


def test_import_onto_a_full_disk_fails_cleanly_and_keeps_what_was_committed(tmp_path, small_disk):
    write_letters(tmp_path / "in", 700)  # about 10 MB of database: far more than 3 MB holds
    db = small_disk / "g.db"
    result = subprocess.run(
        [str(EXE), "import", "--db", str(db), str(tmp_path / "in")], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "full" in result.stderr and "Traceback" not in result.stderr, result.stderr
    with Store.open(db, readonly=True) as store:
        assert store.integrity_problems() == []
        kept = store.letter_count()
        assert kept % 256 == 0  # whole batches or nothing: no half-written batch
        for letter_id in store.letter_ids()[:5]:
            assert store.prediction(letter_id).items  # each stored letter is whole


def test_edit_on_a_full_disk_is_refused_and_the_gold_stays(tmp_path, small_disk, samples_dir):
    db = seeded_db(small_disk / "g.db", samples_dir)
    with Store.open(db) as store:
        store.set_status(1, "ann", "in_progress")
        filler = small_disk / "filler"
        with open(filler, "wb") as handle:  # fill the disk
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        big_note = "x" * 200_000
        with pytest.raises(StoreError, match=r"full|could not write"):
            store.set_status(1, "ann", "flagged", note=big_note)
        filler.unlink()
        assert store.gold(1, "ann").status == "in_progress"
        assert store.integrity_problems() == []
        assert [e["action"] for e in store.audit(1)] == [
            "status"
        ]  # the refused change left no audit row


def test_export_onto_a_full_disk_leaves_no_partial_file(tmp_path, small_disk, samples_dir):
    with Store.open(seeded_db(tmp_path / "g.db", samples_dir)) as store:
        with store.write() as conn:  # make the export larger than the disk
            conn.execute("UPDATE letters SET text = text || ? ", ("padding " * 200_000,))
        target = small_disk / "gold.jsonl"
        export(store, "jsonl", target, status="done")  # an earlier, small export (no letter done)
        previous = target.read_bytes()
        with pytest.raises(ExportError, match=r"No space left|nothing was written"):
            export(store, "jsonl", target, status="all")
        assert target.read_bytes() == previous
        assert sorted(p.name for p in small_disk.iterdir()) == [".gold.jsonl.imr-export", "gold.jsonl"]


# --- read-only location ----------------------------------------------------------------------


def test_database_on_a_read_only_filesystem_opens_read_only(tmp_path, ro_mount, samples_dir):
    seeded_db(ro_mount / "g.db", samples_dir)
    remount_read_only(ro_mount)
    with pytest.raises(StoreError, match=r"read-only|readonly"):
        Store.open(ro_mount / "g.db")
    with Store.open(ro_mount / "g.db", readonly=True) as store:
        assert store.letter_count() == 3
        with pytest.raises(StoreError, match="read-only"):
            store.set_status(1, "ann", "done")
    with pytest.raises(StoreError, match=r"read-only|cannot create"):
        Store.open(ro_mount / "new.db")
    # The app opens it to look at, with a banner, instead of failing or creating another file.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IMR_REVIEW_EXIT_AFTER_START": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}  # fmt: skip
    result = subprocess.run(
        [str(EXE), "--db", str(ro_mount / "g.db"), "--reviewer", "ann"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and "first letter shown: 1" in result.stderr, result.stderr
    assert sorted(p.name for p in ro_mount.iterdir()) == ["g.db"]


# --- damaged and newer databases -------------------------------------------------------------


def test_truncated_database_is_refused_and_left_alone(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match=r"damaged.*(cut short|malformed)"):
        Store.open(db)
    assert len(db.read_bytes()) == len(data) // 2


def test_database_with_garbage_pages_is_refused_by_the_app_and_found_by_check(
    tmp_path, samples_dir
):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with Store.open(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    rng = random.Random(3)
    for page in range(2, len(data) // 4096, 2):  # scribble over every other page after the schema
        data[page * 4096 + 8 : page * 4096 + 400] = bytes(rng.randrange(256) for _ in range(392))
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    result = run_app(tmp_path, db)
    assert result.returncode == 1 and "damaged" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    check = subprocess.run([str(EXE), "check", "--db", str(db)], capture_output=True, text=True)
    assert check.returncode == 1 and ("problem:" in check.stdout or "damaged" in check.stderr)
    assert db.read_bytes() == before  # nothing was written over it


def test_database_missing_a_table_is_refused_by_the_app(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE audit_log")
    result = run_app(tmp_path, db)
    assert result.returncode == 1 and "audit_log are missing" in result.stderr


def test_newer_schema_is_refused_by_the_app_with_both_versions(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = run_app(tmp_path, db)
    assert result.returncode == 1
    assert (
        f"schema version {SCHEMA_VERSION + 1}" in result.stderr
        and f"up to {SCHEMA_VERSION}" in result.stderr
    )


# --- privacy ----------------------------------------------------------------------------------


def test_database_journal_and_exports_are_private(tmp_path, samples_dir):
    db = seeded_db(tmp_path / "g.db", samples_dir)
    with Store.open(db) as store:
        store.set_status(1, "ann", "done")
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{db}{suffix}")
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        export(store, "brat", tmp_path / "brat", status="all")
        export(store, "csv", tmp_path / "x.csv")
        export(store, "label-studio", tmp_path / "ls.json")
    assert stat.S_IMODE((tmp_path / "brat").stat().st_mode) == 0o700
    for path in [
        *(tmp_path / "brat").iterdir(),
        tmp_path / "x.csv",
        tmp_path / "ls.json",
        tmp_path / "ls.label-config.xml",
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
