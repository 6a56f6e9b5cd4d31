"""Changing a database behind the app's back, the way another program (or a bug) could."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

NOT_IN_THE_SPAN = "Partial Hospitalization day treatment"


def contradict_first_request(path: Path) -> None:
    """Give the (only) gold record's first item a request its source span does not read."""
    db = Database(str(path))
    record = json.loads(db.execute("SELECT record FROM gold").fetchone()[0])
    record["items"][0]["request"] = NOT_IN_THE_SPAN
    db.execute("UPDATE gold SET record = ?", (json.dumps(record),))
    db.conn.commit()
    db.close()


def as_schema_4(path: Path) -> None:
    """Make a database what imr-review wrote before schema 5: without the queue's covering
    indexes (version 5 added nothing else; version 6 only repaired gold, none here)."""
    db = Database(str(path))
    db.execute("DROP INDEX predictions_queue")
    db.execute("DROP INDEX gold_queue")
    db.execute("CREATE INDEX predictions_letter ON predictions(letter_id, id)")
    db.execute(
        "DELETE FROM _sqlite_migrations WHERE name IN ('0005_queue_indexes', '0006_number_sources')"
    )
    db.execute("PRAGMA user_version = 4")
    db.conn.commit()
    db.close()
