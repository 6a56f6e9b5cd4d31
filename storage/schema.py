"""The database schema and its migrations: the one place that creates or changes tables.

Each migration runs in one transaction with the record of it (sqlite-utils `Migrations`) and
sets `PRAGMA user_version` to its number, so a database from a newer app, whose version is
higher than any migration here, is recognised and refused before anything is written.
docs/database.md documents every table.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "imr-review"
migrations = Migrations(MIGRATION_SET)

STATUSES = ("todo", "in_progress", "done", "skipped", "flagged")


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


SCHEMA_VERSION = 2  # the number of migrations above; a test keeps them in step
