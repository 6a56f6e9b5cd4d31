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
