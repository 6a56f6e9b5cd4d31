"""The database schema and its migrations: the one place that creates or changes tables.

Each migration runs in one transaction with the record of it (sqlite-utils `Migrations`) and
sets `PRAGMA user_version` to its number, so a database from a newer app, whose version is
higher than any migration here, is recognised and refused before anything is written.
docs/database.md documents every table.
"""

from __future__ import annotations

from enum import StrEnum

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "imr-review"
migrations = Migrations(MIGRATION_SET)


class Status(StrEnum):
    """A letter's review status (the store's `gold.status`; `todo` when nobody touched it)."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"
    FLAGGED = "flagged"


STATUSES = tuple(status.value for status in Status)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    for sql in (
        """CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            source_path TEXT NOT NULL,
            text TEXT NOT NULL,
            layout TEXT NOT NULL,
            kind TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        )""",
        """CREATE TABLE predictions (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
            parser_version TEXT NOT NULL,
            record TEXT NOT NULL,
            case_number TEXT,
            n_items INTEGER NOT NULL,
            min_confidence REAL NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (letter_id, parser_version)
        )""",
        "CREATE INDEX predictions_letter ON predictions(letter_id, id)",
        f"""CREATE TABLE gold (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            record TEXT NOT NULL,
            case_number TEXT,
            n_items INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ({statuses})),
            note TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (letter_id, reviewer)
        )""",
        "CREATE INDEX gold_reviewer_status ON gold(reviewer, status)",
        """CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" >= start),
            label TEXT NOT NULL,
            field TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX highlights_letter ON highlights(letter_id, reviewer, start)",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            field TEXT NOT NULL DEFAULT '',
            old_value TEXT,
            new_value TEXT
        )""",
        "CREATE INDEX audit_letter ON audit_log(letter_id, id)",
        # Full-text search over letter text, kept in step by triggers (external content).
        """CREATE VIRTUAL TABLE letters_fts USING fts5(
            text, content='letters', content_rowid='id', tokenize='porter unicode61'
        )""",
        """CREATE TRIGGER letters_fts_insert AFTER INSERT ON letters BEGIN
            INSERT INTO letters_fts(rowid, text) VALUES (new.id, new.text);
        END""",
        """CREATE TRIGGER letters_fts_delete AFTER DELETE ON letters BEGIN
            INSERT INTO letters_fts(letters_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
        """CREATE TRIGGER letters_fts_update AFTER UPDATE OF text ON letters BEGIN
            INSERT INTO letters_fts(letters_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO letters_fts(rowid, text) VALUES (new.id, new.text);
        END""",
        "PRAGMA user_version = 1",
    ):
        db.execute(sql)


@migrations(name="0002_labels")
def _labels(db: Database) -> None:
    """A database may carry its own highlight label set; the shipped set fills it when empty."""
    db.execute(
        """CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            color TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("PRAGMA user_version = 2")


@migrations(name="0003_complete_history")
def _complete_history(db: Database) -> None:
    """The audit log becomes a complete history (a patch on every record change), and gold that
    contradicts itself is repaired.

    Each gold record loses the spans whose text does not support their value (the rule in
    parsing/support.py; a typed correction used to keep the parser's old source). Then every
    reviewer's gold gets a `baseline` row holding the record, status, note and highlights as they
    stand, from which the log replays from now on (the rows before it lack patches). A reviewer
    with highlights but no gold row gets one, started from the newest prediction.
    """
    import json

    from parsing import Letter
    from parsing.support import without_contradictions

    from ..history import diff

    db.execute("ALTER TABLE audit_log ADD COLUMN patch TEXT")
    stamp = db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetchone()[0]
    db.execute(
        """INSERT INTO gold (letter_id, reviewer, record, case_number, n_items, status, note,
               version, created_at, updated_at)
           SELECT h.letter_id, h.reviewer, p.record, p.case_number, p.n_items, 'in_progress', '',
               1, ?, ?
           FROM (SELECT DISTINCT letter_id, reviewer FROM highlights) AS h
           JOIN predictions AS p ON p.id = (
               SELECT max(id) FROM predictions WHERE letter_id = h.letter_id)
           WHERE NOT EXISTS (
               SELECT 1 FROM gold AS g WHERE g.letter_id = h.letter_id AND g.reviewer = h.reviewer)""",
        (stamp, stamp),
    )
    rows = db.execute(
        "SELECT g.id, g.letter_id, g.reviewer, g.record, g.status, g.note, l.text"
        " FROM gold AS g JOIN letters AS l ON l.id = g.letter_id"
    ).fetchall()
    for gold_id, letter_id, reviewer, record_json, status, note, text in rows:
        record = Letter.model_validate_json(record_json)
        clean = without_contradictions(record, text)
        if clean is not record:
            before, after = record.to_json_dict(), clean.to_json_dict()
            db.execute(
                "UPDATE gold SET record = ?, version = version + 1 WHERE id = ?",
                (json.dumps(after, ensure_ascii=False), gold_id),
            )
            db.execute(
                "INSERT INTO audit_log (at, reviewer, letter_id, action, field, patch)"
                " VALUES (?, ?, ?, 'repair', 'spans', ?)",
                (stamp, reviewer, letter_id, json.dumps(diff(before, after), ensure_ascii=False)),
            )
        highlights = [
            {"id": h[0], "start": h[1], "end": h[2], "label": h[3], "field": h[4]}
            for h in db.execute(
                'SELECT id, start, "end", label, field FROM highlights'
                " WHERE letter_id = ? AND reviewer = ? ORDER BY id",
                (letter_id, reviewer),
            ).fetchall()
        ]
        baseline = {
            "record": clean.to_json_dict(),
            "status": status,
            "note": note,
            "highlights": highlights,
        }
        db.execute(
            "INSERT INTO audit_log (at, reviewer, letter_id, action, field, new_value)"
            " VALUES (?, ?, ?, 'baseline', '', ?)",
            (stamp, reviewer, letter_id, json.dumps(baseline, ensure_ascii=False, sort_keys=True)),
        )
    db.execute("PRAGMA user_version = 3")


@migrations(name="0004_team")
def _team(db: Database) -> None:
    """What a team needs: which project a database belongs to (a coder's work database carries
    its main database's project id), and which coder's work was merged from where."""
    import uuid

    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('project_id', ?), ('database_id', ?), ('role', 'main')",
        (uuid.uuid4().hex, uuid.uuid4().hex),
    )
    db.execute(
        """CREATE TABLE merges (
            work_id TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            letter_sha256 TEXT NOT NULL,
            version INTEGER NOT NULL,
            source TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            PRIMARY KEY (work_id, reviewer, letter_sha256)
        )"""
    )
    db.execute("PRAGMA user_version = 4")


@migrations(name="0005_queue_indexes")
def _queue_indexes(db: Database) -> None:
    """Indexes that hold what a page of the queue shows, so drawing one never reads the rows
    themselves: a prediction's and a gold's record (several kilobytes of JSON) come before the
    columns the queue shows, and reading past it walked its overflow pages (a page of 64 rows
    took about 1.1 ms at 50,000 letters; 0.5-0.8 ms with these). The new prediction index
    starts with the columns of the one it replaces."""
    db.execute(
        "CREATE INDEX predictions_queue "
        "ON predictions(letter_id, id, case_number, n_items, min_confidence)"
    )
    db.execute("DROP INDEX predictions_letter")
    db.execute(
        "CREATE INDEX gold_queue "
        "ON gold(letter_id, reviewer, status, case_number, n_items, updated_at)"
    )
    db.execute("PRAGMA user_version = 5")


@migrations(name="0006_number_sources")
def _number_sources(db: Database) -> None:
    """Gold that the stricter rule of parsing/support.py finds contradicting itself is repaired:
    a text value's source must print every number of the value (before, "CM16-0213088" kept
    the printed "CM16-0213037" as a slip of spelling). Each record repaired loses those
    sources, its version kept, with a 'repair' row in the audit log holding the patch (as
    version 3 did). A list element's old source that still reads as its new value ("New York"
    for "York") cannot be told from a right one here, and stays."""
    from .repair import repair_contradictions

    stamp = db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetchone()[0]
    rows = db.execute(
        "SELECT g.letter_id, g.reviewer, l.text"
        " FROM gold AS g JOIN letters AS l ON l.id = g.letter_id"
    ).fetchall()
    for letter_id, reviewer, text in rows:
        # The version stays, as a merge's repair keeps it: a record merged from a coder's work
        # file is compared by its version when her next file comes, and nothing holds it open
        # while the database is being upgraded.
        repair_contradictions(db.conn, letter_id, reviewer, text, stamp, new_version=False)
    db.execute("PRAGMA user_version = 6")


SCHEMA_VERSION = 6  # the number of migrations above; a test keeps them in step
# The oldest schema this version reads as it is, without upgrading: what a read-only open (a
# read-only file, a coder's work file being merged, `check`, `export`) accepts. Versions 5 and 6
# only added indexes and repaired gold in place (a read-only reader reports what is still to
# repair, as `check` does), so a version-4 file is read as it is; an older one must be upgraded.
READABLE_FROM = 4
