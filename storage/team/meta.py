"""The `meta` table: which project a database belongs to and what role it plays."""

from __future__ import annotations

import sqlite3

from ..store import Store
from ..store.team import write_meta


def meta(store: Store) -> dict[str, str]:
    return store.meta()


def set_meta(conn: sqlite3.Connection, **values: str) -> None:
    write_meta(conn, **values)
