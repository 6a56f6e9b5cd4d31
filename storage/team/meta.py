"""The `meta` table: which project a database belongs to and what role it plays."""

from __future__ import annotations

import sqlite3

from ..store import Store, StoreError


def meta(store: Store) -> dict[str, str]:
    try:
        return {k: v for k, v in store.conn.execute("SELECT key, value FROM meta")}
    except sqlite3.OperationalError:
        raise StoreError(
            f"{store.path} has no project id (it was written by an older imr-review); "
            "open it once with this version to upgrade it"
        ) from None


def set_meta(conn: sqlite3.Connection, **values: str) -> None:
    for key, value in values.items():
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
