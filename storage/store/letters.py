"""Letters and their predictions: adding parsed letters, reading a letter, its predictions, and
the full-text search of the letters' text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from parsing import Letter, LoadedLetter

from . import reads
from .base import StoreBase
from .errors import StoreError
from .rows import LetterRow, Prepared, now


def _insert_prediction(conn: sqlite3.Connection, letter_id: int, p: Prepared, stamp: str) -> int:
    cursor = conn.execute(
        "INSERT OR IGNORE INTO predictions (letter_id, parser_version, record, case_number, n_items,"
        " min_confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (letter_id, p.parser_version, p.record_json, p.case_number, p.n_items,
         p.min_confidence, stamp),
    )  # fmt: skip
    return int(cursor.rowcount)


class LettersMixin(StoreBase):
    """The letters and predictions of a store."""

    def known_shas(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM letters")}

    def add_letters(self, batch: Iterable[tuple[LoadedLetter, Letter]]) -> list[int | None]:
        """Add letters with their predictions in one transaction; a known sha256 gives None."""
        return self.add_prepared([Prepared.of(loaded, letter) for loaded, letter in batch])

    def add_letter(self, loaded: LoadedLetter, letter: Letter) -> int | None:
        return self.add_letters([(loaded, letter)])[0]

    def add_prepared(
        self, batch: list[Prepared], ids: list[int] | None = None
    ) -> list[int | None]:
        """Add parsed letters in one transaction; a letter whose sha256 is known gives None.
        With ``ids``, each letter takes the id given (a work database keeps the main one's
        numbers); otherwise the next free one."""
        if ids is not None and len(ids) != len(batch):
            raise StoreError(f"{len(ids)} ids given for {len(batch)} letters")

        def work(conn: sqlite3.Connection) -> list[int | None]:
            added: list[int | None] = []
            stamp = now()
            for n, p in enumerate(batch):
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO letters (id, sha256, source_path, text, layout, kind,"
                    " size_bytes, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (None if ids is None else ids[n], p.sha256, p.source_path, p.text, p.layout,
                     p.kind, p.size_bytes, stamp),
                )  # fmt: skip
                if cursor.rowcount == 0:
                    added.append(None)
                    continue
                letter_id = int(cursor.lastrowid or 0)
                _insert_prediction(conn, letter_id, p, stamp)
                added.append(letter_id)
            return added

        return self._run(work)

    def add_prediction(self, letter_id: int, letter: Letter) -> bool:
        """Store a re-parse; False when this parser version already has one. Gold is untouched."""
        prepared = Prepared.of(None, letter)
        return bool(self._run(lambda conn: _insert_prediction(conn, letter_id, prepared, now())))

    def letter(self, letter_id: int) -> LetterRow:
        row = self.conn.execute(
            "SELECT id, sha256, source_path, text, layout, kind, size_bytes, imported_at FROM letters WHERE id = ?",
            (letter_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no letter {letter_id} in {self.path}")
        return LetterRow(*row)

    def letter_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM letters").fetchone()[0])

    def letter_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM letters ORDER BY id")]

    def prediction(self, letter_id: int) -> Letter:
        """The newest prediction for a letter."""
        return reads.prediction(self.conn, letter_id)

    def prediction_versions(self, letter_id: int) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT parser_version FROM predictions WHERE letter_id = ? ORDER BY id",
                (letter_id,),
            )
        ]

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Letter ids whose text matches every word of ``query`` (FTS5, best match first)."""
        from ..search import fts_query

        match, _ = fts_query(query)
        if not match:
            return []
        sql = "SELECT rowid FROM letters_fts WHERE letters_fts MATCH ? ORDER BY rank"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, (match,))]
