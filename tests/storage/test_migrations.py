"""Schema versions: an older database upgrades without loss; a newer or foreign one is refused."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database
from tamper import as_schema_4

from parsing import load_file, parse_text
from storage.schema import READABLE_FROM, SCHEMA_VERSION, migrations
from storage.store import Store, StoreError


def test_schema_version_counts_the_migrations():
    assert len(migrations.pending(Database(memory=True))) == SCHEMA_VERSION


def test_version_1_database_upgrades_keeping_its_data(tmp_path, samples_dir):
    path = tmp_path / "old.db"
    db = Database(str(path))
    migrations.apply(db, stop_before="0002_labels")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    db.execute(
        "INSERT INTO letters (sha256, source_path, text, layout, kind, size_bytes, imported_at)"
        " VALUES ('abc', 'x.txt', 'Soma #30: Upheld', 'imr-2014', 'txt', 16, '2015-01-01')"
    )
    db.execute(
        "INSERT INTO gold (letter_id, reviewer, record, n_items, status, created_at, updated_at)"
        " VALUES (1, 'ann', '{\"schema\": \"imr-letter/1\"}', 0, 'done', '', '')"
    )
    db.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.letter_count() == 1
        assert store.gold(1, "ann").status == "done"
        assert len(store.labels()) == 5
        assert store.search("Soma") == [1]


def test_newer_database_is_refused_with_both_versions(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert f"schema version {SCHEMA_VERSION + 3}" in str(caught.value)
    assert f"up to {SCHEMA_VERSION}" in str(caught.value)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match="not an imr-review one"):
        Store.open(path)


@pytest.mark.parametrize(
    ("content", "reason"), [(b"", "empty"), (b"GARBAGE" * 100, "not a SQLite database")]
)
def test_garbage_file_is_refused_and_left_alone(tmp_path, content, reason):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=reason):
        Store.open(path)
    assert path.read_bytes() == content


def test_database_missing_a_table_is_called_damaged(tmp_path, samples_dir):
    path = tmp_path / "g.db"
    with Store.open(path) as store:
        loaded = load_file(next(samples_dir.glob("000_*.txt")))
        store.add_letter(loaded, parse_text(loaded.text))
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE highlights")
    with pytest.raises(StoreError, match=r"damaged: table.*highlights"):
        Store.open(path)


def test_a_version_4_database_is_read_as_it_is_where_it_cannot_be_upgraded(tmp_path, samples_dir):
    """Version 5 only added indexes: a read-only open (a read-only file, a coder's work file
    being merged, `check`, `export`) reads a version-4 database without upgrading it."""
    from storage.importer import import_paths

    path = tmp_path / "v4.db"
    with Store.open(path) as store:
        import_paths(store, [str(samples_dir)], workers=1)
        wanted = store.queue_rows("ann", [1, 2, 3])
    as_schema_4(path)
    assert READABLE_FROM == 4
    with Store.open(path, readonly=True) as store:
        assert store.schema_version == 4
        assert store.queue_rows("ann", [1, 2, 3]) == wanted
        assert store.queue_ids("ann") == [1, 2, 3]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4  # left as it was


def test_an_older_database_is_not_read_read_only(tmp_path):
    path = tmp_path / "v3.db"
    db = Database(str(path))
    migrations.apply(db, stop_before="0004_team")
    db.close()
    with pytest.raises(StoreError, match="needs an upgrade"):
        Store.open(path, readonly=True)


def test_gold_whose_source_misreads_a_number_is_repaired_on_upgrade(tmp_path):
    """Before version 6 a source was kept for a value one digit off ("CM16-0213088" over the
    printed "CM16-0213037"); such gold now contradicts itself (check names it, exports leave
    it out), so the upgrade drops those sources, with a 'repair' row in the audit log."""
    import json
    import random

    from synthetic import random_letter, render

    from storage.importer import import_paths
    from storage.verify import gold_problems

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(render(random_letter(random.Random(3))), encoding="utf-8")
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        import_paths(store, [str(folder)], workers=1)
        store.set_status(1, "ann", "done")
        version = store.gold(1, "ann").version
        printed = store.gold(1, "ann").record.case_number
        assert printed and "case_number" in store.gold(1, "ann").record.spans
    slipped = printed[:-1] + ("1" if printed[-1] != "1" else "2")
    db = Database(str(path))
    record = json.loads(db.execute("SELECT record FROM gold").fetchone()[0])
    record["case_number"] = slipped  # as the old rule saved it: the parser's source kept
    db.execute("UPDATE gold SET record = ?", (json.dumps(record),))
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_number_sources'")
    db.execute("PRAGMA user_version = 5")
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        gold = store.gold(1, "ann").record
        assert gold.case_number == slipped and "case_number" not in gold.spans
        # The version stays: a record merged from a coder's work file is compared by it when
        # the next file comes (a repair that raised it refused every later merge of hers).
        assert store.gold(1, "ann").version == version
        assert gold_problems(store, history=False) == []  # (the tampering left no audit row)
        repair = [e for e in store.audit(1) if e["action"] == "repair"]
        assert len(repair) == 1
