"""The export's and the evaluation's queries: each letter with its newest prediction and the gold
an export takes (a reviewer's, or the team's: a lead's adjudication whenever a lead took the
letter up, done or not; otherwise done first, then the newest), the highlights, and the done gold
the parser is scored against.

A letter whose adjudication a merge reopened is the lead's to settle again: a done-only export
leaves it out rather than pass off one coder's answer, which the lead may have rejected."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import StoreBase
from .errors import StoreError

EXPORT_STATUSES = ("done", "all")
_RECORDS_SQL = """
SELECT {columns}
FROM letters l
JOIN predictions p ON p.id = (SELECT max(id) FROM predictions WHERE letter_id = l.id)
LEFT JOIN gold g ON g.id = (
    SELECT id FROM gold WHERE letter_id = l.id {reviewer_filter}
    ORDER BY reviewer LIKE 'adjudication:%' DESC, status = 'done' DESC, updated_at DESC LIMIT 1)
{where}
ORDER BY l.id
"""
_LETTER_COLUMNS = (
    "l.id, l.source_path, l.sha256, l.text, p.parser_version, p.record, "
    "g.reviewer, g.status, g.note, g.updated_at, g.record"
)


def _sql(status: str, reviewer: str | None, columns: str) -> str:
    if status not in EXPORT_STATUSES:
        raise StoreError(f"--status is 'done' or 'all', not {status!r}")
    return _RECORDS_SQL.format(
        columns=columns,
        reviewer_filter="AND reviewer = :reviewer" if reviewer else "",
        where="WHERE g.status = 'done'" if status == "done" else (
            "WHERE g.id IS NOT NULL" if reviewer else ""  # their letters only, done or not
        ),
    )


class ExportsMixin(StoreBase):
    """What exports and evaluations read."""

    def export_ids(self, status: str = "done", reviewer: str | None = None) -> list[int]:
        """The ids of the letters an export will hold."""
        rows = self.conn.execute(_sql(status, reviewer, "l.id"), {"reviewer": reviewer})
        return [letter_id for (letter_id,) in rows]

    def export_gold(
        self, status: str = "done", reviewer: str | None = None
    ) -> Iterator[tuple[int, str | None, str | None, str]]:
        """(letter id, reviewer, gold JSON or None, text) of each letter an export holds."""
        sql = _sql(status, reviewer, "l.id, g.reviewer, g.record, l.text")
        yield from self.conn.execute(sql, {"reviewer": reviewer})

    def export_letters(self, status: str = "done", reviewer: str | None = None) -> Iterator[Any]:
        """(id, source path, sha256, text, parser version, prediction JSON, reviewer, status,
        note, updated at, gold JSON) of each letter an export holds, by id."""
        yield from self.conn.execute(
            _sql(status, reviewer, _LETTER_COLUMNS), {"reviewer": reviewer}
        )

    def all_highlights(self) -> Iterator[tuple[int, int, str, int, int, str, str]]:
        """(id, letter id, reviewer, start, end, label, field) of every highlight, by letter."""
        yield from self.conn.execute(
            'SELECT id, letter_id, reviewer, start, "end", label, field FROM highlights '
            'ORDER BY letter_id, start, "end", id'
        )

    def gold_reviewers(self) -> list[str]:
        """Everyone with a gold record, by name."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT reviewer FROM gold ORDER BY 1")]

    def done_gold(self, reviewer: str | None = None) -> Iterator[tuple[int, str, str]]:
        """(letter id, text, gold JSON) of each letter with done gold: by ``reviewer``, newest
        first within a letter; else the one gold an export takes (a lead's adjudication first)."""
        if reviewer is None:
            yield from self.conn.execute(_sql("done", None, "l.id, l.text, g.record"), {})
            return
        sql = (
            "SELECT l.id, l.text, g.record FROM gold g JOIN letters l ON l.id = g.letter_id "
            "WHERE g.status = 'done'"
            + (" AND g.reviewer = ?" if reviewer else "")
            + " ORDER BY l.id, g.updated_at DESC"
        )
        yield from self.conn.execute(sql, (reviewer,) if reviewer else ())

    def prediction_of_version(self, letter_id: int, version: str) -> str | None:
        """A letter's newest stored prediction by parser ``version`` (JSON), if any."""
        row = self.conn.execute(
            "SELECT record FROM predictions WHERE letter_id = ? AND parser_version = ? "
            "ORDER BY id DESC LIMIT 1",
            (letter_id, version),
        ).fetchone()
        return None if row is None else str(row[0])

    def parser_versions(self) -> list[str]:
        """Parser versions with stored predictions, oldest first."""
        rows = self.conn.execute(
            "SELECT parser_version, min(id) FROM predictions WHERE parser_version IS NOT NULL "
            "GROUP BY parser_version ORDER BY min(id)"
        )
        return [r[0] for r in rows]
