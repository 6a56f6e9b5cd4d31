"""The database's label set: the highlight labels, their colours, keys and order."""

from __future__ import annotations

import sqlite3
from typing import Any

from .base import StoreBase
from .errors import StoreError


def insert_labels(conn: sqlite3.Connection, labels: list[dict[str, Any]]) -> None:
    for position, label in enumerate(labels):
        conn.execute(
            "INSERT OR REPLACE INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
            (label["name"], label["color"], str(label.get("key", "")),
             label.get("description", ""), position),
        )  # fmt: skip


class LabelsMixin(StoreBase):
    """Reading and replacing the label set."""

    def labels(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.query(
                "SELECT name, color, key, description, position FROM labels ORDER BY position, name"
            )
        ]

    def replace_labels(self, labels: list[dict[str, Any]]) -> None:
        """Make ``labels`` this database's label set (highlights keep their label names, so a
        label that highlights still use cannot be left out: the exports would name a label their
        configuration does not declare)."""
        names = {label["name"] for label in labels}

        def work(conn: sqlite3.Connection) -> None:
            used = {
                row[0]: row[1]
                for row in conn.execute("SELECT label, count(*) FROM highlights GROUP BY label")
            }
            missing = sorted(set(used) - names)
            if missing:
                listed = ", ".join(f"{name!r} ({used[name]} highlight(s))" for name in missing)
                raise StoreError(
                    f"the new label set leaves out {listed} that highlights use; keep them in the "
                    "set (with a new colour or key if you like). Nothing was changed."
                )
            conn.execute("DELETE FROM labels")
            insert_labels(conn, labels)

        self._run(work)
