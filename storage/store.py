"""The gold store: one SQLite file (WAL, foreign keys on) behind one function per operation.

Every change a reviewer makes is one write transaction (`BEGIN IMMEDIATE` ... `COMMIT`) that
also writes its audit-log row, so a change and its record of who made it land together or not
at all. Gold rows carry a version number; a write that expected another version is refused
(optimistic locking: two windows on one letter never silently overwrite each other).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from parsing import Letter, LoadedLetter
from parsing.edits import get_value
from parsing.support import without_contradictions

from .history import diff
from .locks import Hold, is_open_here
from .schema import SCHEMA_VERSION, STATUSES, migrations

T = TypeVar("T")
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
_REQUIRED_TABLES = {"letters", "predictions", "gold", "highlights", "audit_log"}


class StoreError(Exception):
    """A database problem, said so that a coder knows what to do."""


class ConflictError(StoreError):
    """The gold record changed since it was read (another window or process wrote it)."""


class FilesChangedError(StoreError):
    """The database or its write-ahead log is no longer the file this store opened."""


# Connections whose write-ahead log was deleted under them. Closing one would let SQLite
# checkpoint a log nobody else reads into the database file, so they stay open until the
# process ends.
_abandoned: list[sqlite3.Connection] = []


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class LetterRow:
    id: int
    sha256: str
    source_path: str
    text: str
    layout: str
    kind: str
    size_bytes: int
    imported_at: str


@dataclass(frozen=True)
class Prepared:
    """A parsed letter ready to store: what the import workers hand to the writer."""

    sha256: str
    source_path: str
    text: str
    kind: str
    size_bytes: int
    layout: str
    parser_version: str
    record_json: str
    case_number: str | None
    n_items: int
    min_confidence: float

    @classmethod
    def of(cls, loaded: LoadedLetter | None, letter: Letter) -> Prepared:
        return cls(
            loaded.sha256 if loaded else "",
            loaded.path if loaded else "",
            loaded.text if loaded else "",
            loaded.kind if loaded else "",
            loaded.size if loaded else 0,
            letter.layout.value,
            letter.parser_version or "unknown",
            json.dumps(letter.to_json_dict(), ensure_ascii=False),
            letter.case_number,
            len(letter.items),
            _min_confidence(letter),
        )


@dataclass(frozen=True)
class GoldRow:
    letter_id: int
    reviewer: str
    record: Letter
    status: str
    note: str
    version: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Highlight:
    id: int
    letter_id: int
    reviewer: str
    start: int
    end: int
    label: str
    field: str
    created_at: str

    def logged(self) -> dict[str, Any]:
        """What the audit log keeps of a highlight."""
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "field": self.field,
        }


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _min_confidence(letter: Letter) -> float:
    return min(letter.confidence.values(), default=0.0)


def _check_existing_file(path: Path) -> None:
    """Refuse anything that is not a SQLite database before SQLite touches it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if is_open_here(path):
        # Already open in this process, so it is a database; reading it with open() and close()
        # would drop the locks the open connection holds (see storage/locks.py).
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise StoreError(f"{path}: permission denied; cannot read the database") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database ({error.strerror or error})") from None
    if not head:
        raise StoreError(
            f"{path} is empty (0 bytes), not an imr-review database; it may have been damaged. "
            "Move it aside or choose another file; it is left as it is."
        )
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a SQLite database (or its header is damaged); it is left as it is. "
            "Restore it from a backup or choose another file."
        )


def _check_not_truncated(conn: sqlite3.Connection, path: Path) -> None:
    """A file shorter than the pages its header counts has lost its end."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    wal = Path(f"{path}-wal")
    if (not wal.exists() or wal.stat().st_size == 0) and path.stat().st_size < page_size * pages:
        raise StoreError(
            f"{path} is damaged: it is {path.stat().st_size:,} bytes but its header counts {pages:,} pages "
            f"of {page_size:,} bytes (the file was cut short). It is left as it is; restore it from a backup."
        )


def _connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Read-only, even where SQLite cannot create the WAL index beside the file (a read-only
    folder or filesystem): then nothing can be writing it either, so it is opened immutable.

    A file this process cannot write, with no -wal beside it, is opened immutable too: nothing
    here can be writing it, and SQLite then creates no -wal or -shm beside it (such leftovers,
    made with the read-only file's mode, would stop a later import)."""
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    if not os.access(path, os.W_OK) and not wal.exists():
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout)
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout)


def _create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (letters are health records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _tighten_modes(path: Path) -> list[str]:
    """Make an existing database and its -wal/-shm owner-only (letters are health records),
    saying what was changed, or why it could not be."""
    notices: list[str] = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except OSError:
            continue
        if not mode & 0o077:
            continue
        try:
            file.chmod(mode & 0o700)
        except OSError as error:
            notices.append(
                f"{file} can be read by other users (mode {mode:04o}) and could not be made "
                f"private ({error.strerror or error}); make it owner-only (chmod 600)"
            )
        else:
            notices.append(
                f"{file} could be read by other users (mode {mode:04o}); now {mode & 0o700:04o}"
            )
    return notices


def _check_schema(conn: sqlite3.Connection, path: str, new: bool) -> int:
    """The schema version, after refusing a newer, a foreign or a damaged database."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer imr-review (database schema version {version}; "
            f"this imr-review reads versions up to {SCHEMA_VERSION}). Update imr-review to open it; "
            "the database is left as it is."
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables and not new:
        raise StoreError(
            f"{path} is a SQLite database but not an imr-review one; it is left as it is."
        )
    if version > 0 and not tables >= _REQUIRED_TABLES:
        missing = ", ".join(sorted(_REQUIRED_TABLES - tables))
        raise StoreError(
            f"{path} is damaged: table(s) {missing} are missing. Restore it from a backup."
        )
    return version


def _inspect(path: Path, busy_timeout: float, quick_check: bool) -> sqlite3.Connection:
    """Look an existing database over through a read-only connection (returned open), so that
    a damaged file is refused before anything could write to it: a read-write connection, once
    closed, would checkpoint its -wal into the damaged file."""
    try:
        conn = _connect_read_only(path, busy_timeout)
    except sqlite3.Error as error:
        raise _friendly(error, str(path)) from None
    try:
        _check_not_truncated(conn, path)
        _check_schema(conn, str(path), new=False)
        if quick_check:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            if rows != ["ok"]:
                raise StoreError(
                    f"{path} is damaged ({'; '.join(rows[:3])}). Nothing was changed. Restore it "
                    "from a backup, or recover what can be read with: sqlite3 DB .recover"
                )
    except sqlite3.Error as error:
        conn.close()
        raise _friendly(error, str(path)) from None
    except StoreError:
        conn.close()
        raise
    return conn


def friendly_error(error: sqlite3.Error, path: str) -> StoreError:
    """A SQLite error said so that a coder knows what happened and what to do."""
    return _friendly(error, path)


def _friendly(error: sqlite3.Error, path: str) -> StoreError:
    message = str(error)
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered or "file is not a database" in lowered:
        return StoreError(
            f"{path} is damaged ({message}); it is left as it is. Restore it from a backup."
        )
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"{path} is locked by another program ({message}); try again when it is done."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path} is read-only ({message}); nothing was written.")
    if "disk is full" in lowered or "full" in lowered:
        return StoreError(f"the disk holding {path} is full ({message}); nothing was written.")
    if "disk i/o error" in lowered:
        return StoreError(
            f"could not write to the disk holding {path} ({message}: it may be full or failing); "
            "the change was rolled back."
        )
    if "unable to open" in lowered:
        return StoreError(f"cannot open {path} ({message})")
    return StoreError(f"{path}: database error ({message})")


class Store:
    """All reads and writes of one imr-review database."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool = False) -> None:
        self.conn = conn
        self.db = Database(conn)
        self.path = path
        self.readonly = readonly
        self.busy_timeout = BUSY_TIMEOUT_S
        self._hold: Hold | None = None
        self._files_changed: str | None = None
        self.notices: list[str] = []  # said once on opening (file modes tightened...)

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
        quick_check: bool = False,
    ) -> Store:
        """Open (and, when allowed, create or upgrade) a database. Raises StoreError.

        An existing file is first looked over read-only (and, with ``quick_check``, page by
        page): a damaged one is refused with every byte of it and its -wal as they were."""
        target = Path(path).expanduser()
        existed = target.exists()
        notices: list[str] = []
        inspected: sqlite3.Connection | None = None
        if existed:
            _check_existing_file(target)
            inspected = _inspect(target, busy_timeout, quick_check)
            notices = _tighten_modes(target)
            if not readonly and not (
                os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
            ):
                inspected.close()
                raise StoreError(
                    f"{target} is in a read-only location (the file or its folder cannot be written); "
                    "it can be opened read-only to look at"
                )
        elif readonly or not create:
            raise StoreError(f"{target} does not exist")
        else:
            try:
                _create_private_file(target)
            except PermissionError:
                raise StoreError(
                    f"cannot create {target}: permission denied (the folder is read-only)"
                ) from None
            except OSError as error:
                raise StoreError(f"cannot create {target} ({error.strerror or error})") from None
        writable = os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
        if readonly and inspected is not None and not writable:
            conn = inspected  # nothing can write it: SQLite leaves nothing beside it either
        else:
            if inspected is not None:
                inspected.close()
            try:
                conn = sqlite3.connect(str(target), timeout=busy_timeout)
                if readonly:  # a sound, writable file: read-only in SQLite too, and on closing
                    conn.execute("PRAGMA query_only = ON")  # its -wal and -shm go as usual
            except sqlite3.Error as error:
                raise _friendly(error, str(target)) from None
        store = cls(conn, str(target), readonly)
        store.busy_timeout = busy_timeout
        store.notices = notices
        try:
            store._prepare(new=not existed)
        except sqlite3.Error as error:
            conn.close()
            raise _friendly(error, str(target)) from None
        except StoreError:
            conn.close()
            raise
        if not readonly:
            store._hold = Hold(target)
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory database (tests)."""
        store = cls(sqlite3.connect(":memory:"), ":memory:")
        store._prepare(new=True)
        return store

    def _prepare(self, new: bool) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        version = _check_schema(conn, self.path, new)
        conn.execute("PRAGMA foreign_keys = ON")
        if self.readonly:
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} needs an upgrade (schema {version} to {SCHEMA_VERSION}), "
                    "which a read-only open cannot do"
                )
            return
        if self.path != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: could not switch to WAL journaling (got {mode})")
        # FULL: a committed change survives power loss, not just an app crash.
        conn.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            migrations.apply(self.db)
            self._fill_default_labels()

    def _fill_default_labels(self) -> None:
        if self.db["labels"].count == 0:
            from .labels import default_labels

            with self.write():
                self._insert_labels(default_labels())

    def close(self) -> None:
        if self._hold is not None:
            self._hold.release()
            self._hold = None
        if self._files_changed is not None:
            _abandoned.append(self.conn)
            return
        with contextlib.suppress(sqlite3.Error):
            if not self.readonly and self.path != ":memory:":
                self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def check_hold(self) -> None:
        """Before a write, and now and then from the window: stop (FilesChangedError) if the files
        were swapped under us; take the locks again if this process lost them (storage/locks.py
        says how that happens)."""
        hold = self._hold
        if hold is None or self.conn.in_transaction:
            return
        problem = self._files_changed or hold.files_changed()
        if problem is not None:
            self._files_changed = problem
            raise FilesChangedError(
                f"{problem}. Nothing more is written to it from this window: close imr-review and "
                "open the database again (every change saved before this message is in it)."
            )
        if hold.locks_lost():
            self._reconnect()

    def _reconnect(self) -> None:
        """A fresh connection to the same file, with its locks; the old one is closed first, while
        its write-ahead log is still the database's own, so closing it is an ordinary close."""
        assert self._hold is not None
        self._hold.release()
        self.conn.close()
        try:
            self.conn = sqlite3.connect(self.path, timeout=self.busy_timeout)
            self.db = Database(self.conn)
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self.conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from None
        self._hold = Hold(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # --- transactions --------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; takes the write lock up front so it cannot deadlock later."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; nothing was written")
        self.check_hold()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from None
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _friendly(error, self.path) from None

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run a write, turning SQLite errors into StoreError (nothing partial is left)."""
        try:
            with self.write() as conn:
                return work(conn)
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from None

    def integrity_problems(self, quick: bool = False, limit: int = 100) -> list[str]:
        """PRAGMA integrity_check's (or the faster quick_check's) findings; empty when sound."""
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = [r[0] for r in self.conn.execute(f"PRAGMA {pragma}({int(limit)})")]
        except sqlite3.DatabaseError as error:
            return [str(error)]
        return [] if rows == ["ok"] else rows

    # --- letters and predictions ---------------------------------------------------------

    def known_shas(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM letters")}

    def add_letters(self, batch: Iterable[tuple[LoadedLetter, Letter]]) -> list[int | None]:
        """Add letters with their predictions in one transaction; a known sha256 gives None."""
        return self.add_prepared([Prepared.of(loaded, letter) for loaded, letter in batch])

    def add_letter(self, loaded: LoadedLetter, letter: Letter) -> int | None:
        return self.add_letters([(loaded, letter)])[0]

    def add_prepared(self, batch: list[Prepared]) -> list[int | None]:
        """Add parsed letters in one transaction; a letter whose sha256 is known gives None."""

        def work(conn: sqlite3.Connection) -> list[int | None]:
            ids: list[int | None] = []
            stamp = now()
            for p in batch:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO letters (sha256, source_path, text, layout, kind, size_bytes, imported_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (p.sha256, p.source_path, p.text, p.layout, p.kind, p.size_bytes, stamp),
                )
                if cursor.rowcount == 0:
                    ids.append(None)
                    continue
                letter_id = int(cursor.lastrowid or 0)
                self._insert_prediction_json(conn, letter_id, p, stamp)
                ids.append(letter_id)
            return ids

        return self._run(work)

    def _insert_prediction_json(
        self, conn: sqlite3.Connection, letter_id: int, p: Prepared, stamp: str
    ) -> int:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO predictions (letter_id, parser_version, record, case_number, n_items,"
            " min_confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                letter_id,
                p.parser_version,
                p.record_json,
                p.case_number,
                p.n_items,
                p.min_confidence,
                stamp,
            ),
        )
        return int(cursor.rowcount)

    def _insert_prediction(
        self, conn: sqlite3.Connection, letter_id: int, letter: Letter, stamp: str
    ) -> int:
        return self._insert_prediction_json(conn, letter_id, Prepared.of(None, letter), stamp)

    def add_prediction(self, letter_id: int, letter: Letter) -> bool:
        """Store a re-parse; False when this parser version already has one. Gold is untouched."""
        return bool(self._run(lambda conn: self._insert_prediction(conn, letter_id, letter, now())))

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
        row = self.conn.execute(
            "SELECT record FROM predictions WHERE letter_id = ? ORDER BY id DESC LIMIT 1",
            (letter_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"letter {letter_id} has no prediction")
        return Letter.model_validate_json(row[0])

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
        from .search import fts_query

        match, _ = fts_query(query)
        if not match:
            return []
        sql = "SELECT rowid FROM letters_fts WHERE letters_fts MATCH ? ORDER BY rank"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, (match,))]

    # --- gold ----------------------------------------------------------------------------

    def gold(self, letter_id: int, reviewer: str) -> GoldRow | None:
        row = self.conn.execute(
            "SELECT letter_id, reviewer, record, status, note, version, created_at, updated_at FROM gold"
            " WHERE letter_id = ? AND reviewer = ?",
            (letter_id, reviewer),
        ).fetchone()
        if row is None:
            return None
        return GoldRow(row[0], row[1], Letter.model_validate_json(row[2]), *row[3:])

    def record(self, letter_id: int, reviewer: str) -> tuple[Letter, int]:
        """The reviewer's current record (gold, or the prediction until they change it) and its version."""
        gold = self.gold(letter_id, reviewer)
        if gold is not None:
            return gold.record, gold.version
        return self.prediction(letter_id), 0

    def _current_gold(
        self, conn: sqlite3.Connection, letter_id: int, reviewer: str
    ) -> tuple[Letter, int, str, str]:
        row = conn.execute(
            "SELECT record, version, status, note FROM gold WHERE letter_id = ? AND reviewer = ?",
            (letter_id, reviewer),
        ).fetchone()
        if row is not None:
            return Letter.model_validate_json(row[0]), int(row[1]), row[2], row[3]
        return self.prediction(letter_id), 0, "todo", ""

    def _text(self, conn: sqlite3.Connection, letter_id: int) -> str:
        row = conn.execute("SELECT text FROM letters WHERE id = ?", (letter_id,)).fetchone()
        if row is None:
            raise StoreError(f"no letter {letter_id} in {self.path}")
        return str(row[0])

    def _relink(
        self,
        conn: sqlite3.Connection,
        letter_id: int,
        reviewer: str,
        highlight_id: int,
        new_field: str,
        stamp: str,
    ) -> None:
        found = self._highlight(conn, highlight_id)
        if found.letter_id != letter_id or found.field == new_field:
            return
        conn.execute("UPDATE highlights SET field = ? WHERE id = ?", (new_field, highlight_id))
        self._audit(conn, letter_id, reviewer, "highlight_change", new_field,
                    {"id": found.id, "label": found.label, "field": found.field},
                    {"id": found.id, "label": found.label, "field": new_field}, stamp)  # fmt: skip

    def _bump_version(
        self, conn: sqlite3.Connection, letter_id: int, reviewer: str, expected: int | None
    ) -> int:
        """Raise the reviewer's gold version for a change of its highlights (which belong to the
        gold as much as its fields do): a window holding an older version is then refused, so
        evidence can never be linked from a stale item list. Returns the new version."""
        record, version, status, note = self._current_gold(conn, letter_id, reviewer)
        if expected is not None and expected != version:
            raise ConflictError(
                f"letter {letter_id} was changed elsewhere (version {version}, this window had "
                f"{expected}); reload it to see the other change"
            )
        if version == 0:
            stamp = now()
            status = self._start_work(conn, letter_id, reviewer, record, 0, status, note, stamp)
            clean = without_contradictions(record, self._text(conn, letter_id))
            if clean is not record:
                patch = diff(record.to_json_dict(), clean.to_json_dict())
                self._audit(conn, letter_id, reviewer, "repair", "spans", None, None, stamp, patch)
            return self._write_gold(conn, letter_id, reviewer, clean, status, note, 0, stamp)
        conn.execute(
            "UPDATE gold SET version = version + 1, updated_at = ? WHERE letter_id = ? AND reviewer = ?",
            (now(), letter_id, reviewer),
        )
        return version + 1

    def _write_gold(
        self,
        conn: sqlite3.Connection,
        letter_id: int,
        reviewer: str,
        record: Letter,
        status: str,
        note: str,
        version: int,
        stamp: str,
    ) -> int:
        """Write the gold row the caller last saw at ``version`` (0: none yet). The guard is in
        the statement itself, so a row another window or process changed is never overwritten."""
        payload = json.dumps(record.to_json_dict(), ensure_ascii=False)
        if version == 0:
            exists = conn.execute(
                "SELECT version FROM gold WHERE letter_id = ? AND reviewer = ?",
                (letter_id, reviewer),
            ).fetchone()
            if exists is not None:
                raise ConflictError(
                    f"letter {letter_id} was changed elsewhere (version {exists[0]}, this window "
                    "had none yet); reload it to see the other change"
                )
            conn.execute(
                "INSERT INTO gold (letter_id, reviewer, record, case_number, n_items, status, note, version,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                (
                    letter_id,
                    reviewer,
                    payload,
                    record.case_number,
                    len(record.items),
                    status,
                    note,
                    stamp,
                    stamp,
                ),
            )
            return 1
        cursor = conn.execute(
            "UPDATE gold SET record = ?, case_number = ?, n_items = ?, status = ?, note = ?, version = version + 1,"
            " updated_at = ? WHERE letter_id = ? AND reviewer = ? AND version = ?",
            (
                payload,
                record.case_number,
                len(record.items),
                status,
                note,
                stamp,
                letter_id,
                reviewer,
                version,
            ),
        )
        if cursor.rowcount != 1:
            raise ConflictError(
                f"letter {letter_id} was changed elsewhere (this window had version {version}); "
                "reload it to see the other change"
            )
        return version + 1

    def _audit(
        self,
        conn: sqlite3.Connection,
        letter_id: int,
        reviewer: str,
        action: str,
        field: str,
        old: Any,
        new: Any,
        stamp: str,
        patch: list[list[Any]] | None = None,
    ) -> None:
        conn.execute(
            "INSERT INTO audit_log (at, reviewer, letter_id, action, field, old_value, new_value, patch)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (stamp, reviewer, letter_id, action, field, _json(old), _json(new), _json(patch)),
        )

    def _log_start(
        self,
        conn: sqlite3.Connection,
        letter_id: int,
        reviewer: str,
        record: Letter,
        stamp: str,
        status: str = "todo",
        note: str = "",
    ) -> None:
        """The record a reviewer's gold starts from (the prediction), so the log replays."""
        start = {"record": record.to_json_dict(), "status": status, "note": note, "highlights": []}
        self._audit(conn, letter_id, reviewer, "start", "", None, start, stamp)

    def _start_work(
        self,
        conn: sqlite3.Connection,
        letter_id: int,
        reviewer: str,
        record: Letter,
        version: int,
        status: str,
        note: str,
        stamp: str,
    ) -> str:
        """Log where a reviewer's gold starts (on its first change) and that work on the letter
        began; the status it now has."""
        if version == 0:
            self._log_start(conn, letter_id, reviewer, record, stamp, status, note)
        # The first change of a letter to do puts it in progress (replay knows this rule).
        return "in_progress" if status == "todo" else status

    def change_record(
        self,
        letter_id: int,
        reviewer: str,
        change: Callable[[Letter], Letter],
        *,
        field: str,
        action: str = "edit",
        expected_version: int | None = None,
        highlight_fields: dict[int, str] | None = None,
    ) -> GoldRow:
        """Apply ``change`` to the reviewer's record, store it as gold and log it, atomically.

        ``highlight_fields`` re-links highlights (id -> field path) in the same transaction, as
        when items move and the evidence must stay with its item.

        ``field`` is the field path the change is about (its old and new values go in the audit
        log) or a description such as ``items`` for structural changes (the item lists are logged).
        Raises ConflictError when ``expected_version`` is given and the stored version differs.
        """
        if not reviewer:
            raise StoreError("a reviewer name is needed to record a change")

        def work(conn: sqlite3.Connection) -> GoldRow:
            record, version, status, note = self._current_gold(conn, letter_id, reviewer)
            if expected_version is not None:
                version = expected_version  # _write_gold's guard refuses it if the row moved on
            # Gold never contradicts itself: a span whose text no longer supports its value goes.
            new_record = without_contradictions(change(record), self._text(conn, letter_id))
            old_value, new_value = _logged_values(record, new_record, field)
            stamp = now()
            status = self._start_work(
                conn, letter_id, reviewer, record, version, status, note, stamp
            )
            new_version = self._write_gold(
                conn, letter_id, reviewer, new_record, status, note, version, stamp
            )
            patch = diff(record.to_json_dict(), new_record.to_json_dict())
            self._audit(
                conn, letter_id, reviewer, action, field, old_value, new_value, stamp, patch
            )
            for highlight_id, new_field in (highlight_fields or {}).items():
                self._relink(conn, letter_id, reviewer, highlight_id, new_field, stamp)
            return GoldRow(letter_id, reviewer, new_record, status, note, new_version, stamp, stamp)

        return self._run(work)

    def set_status(
        self,
        letter_id: int,
        reviewer: str,
        status: str,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> GoldRow:
        """Mark a letter todo / in_progress / done / skipped / flagged (with an optional note)."""
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")

        def work(conn: sqlite3.Connection) -> GoldRow:
            record, version, old_status, old_note = self._current_gold(conn, letter_id, reviewer)
            if expected_version is not None:
                version = expected_version  # _write_gold's guard refuses it if the row moved on
            new_note = old_note if note is None else note
            stamp = now()
            if version == 0:
                self._log_start(conn, letter_id, reviewer, record, stamp, old_status, old_note)
                clean = without_contradictions(record, self._text(conn, letter_id))
                if clean is not record:
                    patch = diff(record.to_json_dict(), clean.to_json_dict())
                    self._audit(
                        conn, letter_id, reviewer, "repair", "spans", None, None, stamp, patch
                    )
                    record = clean
            new_version = self._write_gold(
                conn, letter_id, reviewer, record, status, new_note, version, stamp
            )
            self._audit(conn, letter_id, reviewer, "status", "status", old_status, status, stamp)
            if new_note != old_note:
                self._audit(conn, letter_id, reviewer, "note", "note", old_note, new_note, stamp)
            return GoldRow(letter_id, reviewer, record, status, new_note, new_version, stamp, stamp)

        return self._run(work)

    # --- highlights ----------------------------------------------------------------------

    def add_highlight(
        self,
        letter_id: int,
        reviewer: str,
        start: int,
        end: int,
        label: str,
        field: str = "",
        *,
        expected_version: int | None = None,
    ) -> int:
        """Add a highlight (its id). Like every highlight change it raises the reviewer's gold
        version; with ``expected_version`` it is refused (ConflictError) when that moved on."""
        text_length = self.conn.execute(
            "SELECT length(text) FROM letters WHERE id = ?", (letter_id,)
        ).fetchone()
        if text_length is None:
            raise StoreError(f"no letter {letter_id}")
        if not 0 <= start < end <= text_length[0]:
            raise StoreError(f"highlight {start}-{end} is outside the letter (0-{text_length[0]})")

        def work(conn: sqlite3.Connection) -> int:
            self._bump_version(conn, letter_id, reviewer, expected_version)
            stamp = now()
            cursor = conn.execute(
                'INSERT INTO highlights (letter_id, reviewer, start, "end", label, field, created_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (letter_id, reviewer, start, end, label, field, stamp),
            )
            new_id = int(cursor.lastrowid or 0)
            value = Highlight(new_id, letter_id, reviewer, start, end, label, field, stamp).logged()
            self._audit(conn, letter_id, reviewer, "highlight_add", field, None, value, stamp)
            return new_id

        return self._run(work)

    def delete_highlight(
        self, highlight_id: int, reviewer: str, *, expected_version: int | None = None
    ) -> Highlight:
        def work(conn: sqlite3.Connection) -> Highlight:
            found = self._highlight(conn, highlight_id)
            self._bump_version(conn, found.letter_id, reviewer, expected_version)
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            self._audit(
                conn,
                found.letter_id,
                reviewer,
                "highlight_delete",
                found.field,
                found.logged(),
                None,
                now(),
            )
            return found

        return self._run(work)

    def restore_highlight(
        self, highlight: Highlight, reviewer: str, *, expected_version: int | None = None
    ) -> int:
        """Put a deleted highlight back with its id (undo of a delete)."""

        def work(conn: sqlite3.Connection) -> int:
            self._bump_version(conn, highlight.letter_id, reviewer, expected_version)
            conn.execute(
                'INSERT INTO highlights (id, letter_id, reviewer, start, "end", label, field, created_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    highlight.id,
                    highlight.letter_id,
                    highlight.reviewer,
                    highlight.start,
                    highlight.end,
                    highlight.label,
                    highlight.field,
                    highlight.created_at,
                ),
            )
            self._audit(
                conn,
                highlight.letter_id,
                reviewer,
                "highlight_add",
                highlight.field,
                None,
                highlight.logged(),
                now(),
            )
            return highlight.id

        return self._run(work)

    def update_highlight(
        self,
        highlight_id: int,
        reviewer: str,
        *,
        label: str | None = None,
        field: str | None = None,
        expected_version: int | None = None,
    ) -> Highlight:
        def work(conn: sqlite3.Connection) -> Highlight:
            found = self._highlight(conn, highlight_id)
            self._bump_version(conn, found.letter_id, reviewer, expected_version)
            new_label = found.label if label is None else label
            new_field = found.field if field is None else field
            conn.execute(
                "UPDATE highlights SET label = ?, field = ? WHERE id = ?",
                (new_label, new_field, highlight_id),
            )
            self._audit(
                conn,
                found.letter_id,
                reviewer,
                "highlight_change",
                new_field,
                {"id": found.id, "label": found.label, "field": found.field},
                {"id": found.id, "label": new_label, "field": new_field},
                now(),
            )
            return Highlight(
                found.id,
                found.letter_id,
                found.reviewer,
                found.start,
                found.end,
                new_label,
                new_field,
                found.created_at,
            )

        return self._run(work)

    def _highlight(self, conn: sqlite3.Connection, highlight_id: int) -> Highlight:
        row = conn.execute(
            'SELECT id, letter_id, reviewer, start, "end", label, field, created_at FROM highlights WHERE id = ?',
            (highlight_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no highlight {highlight_id}")
        return Highlight(*row)

    def highlights(self, letter_id: int, reviewer: str | None = None) -> list[Highlight]:
        sql = 'SELECT id, letter_id, reviewer, start, "end", label, field, created_at FROM highlights WHERE letter_id = ?'
        params: list[Any] = [letter_id]
        if reviewer is not None:
            sql += " AND reviewer = ?"
            params.append(reviewer)
        return [
            Highlight(*r) for r in self.conn.execute(sql + ' ORDER BY start, "end", id', params)
        ]

    # --- labels --------------------------------------------------------------------------

    def labels(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.query(
                "SELECT name, color, key, description, position FROM labels ORDER BY position, name"
            )
        ]

    def _insert_labels(self, labels: list[dict[str, Any]]) -> None:
        for position, label in enumerate(labels):
            self.conn.execute(
                "INSERT OR REPLACE INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
                (
                    label["name"],
                    label["color"],
                    str(label.get("key", "")),
                    label.get("description", ""),
                    position,
                ),
            )

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
            self._insert_labels(labels)

        self._run(work)

    # --- audit ---------------------------------------------------------------------------

    def reviewers_of(self, letter_id: int, status: str | None = None) -> list[str]:
        """Who has a gold record of a letter (with that status)."""
        sql = "SELECT reviewer FROM gold WHERE letter_id = ?" + (" AND status = ?" if status else "")
        params: tuple[Any, ...] = (letter_id, status) if status else (letter_id,)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY reviewer", params)]

    def letters_reviewed_by_several(self, status: str = "done") -> list[int]:
        """Letters with two or more gold records of that status (adjudications not counted)."""
        return [r[0] for r in self.conn.execute(
            "SELECT letter_id FROM gold WHERE status = ? AND reviewer NOT LIKE 'adjudication:%'"
            " GROUP BY letter_id HAVING count(*) >= 2 ORDER BY letter_id", (status,))]  # fmt: skip

    def unfinished_adjudications(self) -> list[int]:
        """Letters with a lead's adjudication that is not done."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT letter_id FROM gold WHERE reviewer LIKE 'adjudication:%'"
            " AND status != 'done' ORDER BY letter_id")]  # fmt: skip

    def gold_with_text(self) -> Iterator[tuple[int, str, str, str, str, str]]:
        """(letter id, reviewer, gold record JSON, status, note, letter text) for every gold row."""
        yield from self.conn.execute(
            "SELECT g.letter_id, g.reviewer, g.record, g.status, g.note, l.text"
            " FROM gold AS g JOIN letters AS l ON l.id = g.letter_id ORDER BY g.letter_id, g.reviewer"
        )

    def audit_rows(self, letter_id: int, reviewer: str) -> list[dict[str, Any]]:
        """One reviewer's audit rows of one letter, oldest first, values decoded."""
        rows = []
        for row in self.conn.execute(
            "SELECT id, action, field, old_value, new_value, patch FROM audit_log"
            " WHERE letter_id = ? AND reviewer = ? ORDER BY id",
            (letter_id, reviewer),
        ):
            rows.append({
                "id": row[0], "action": row[1], "field": row[2],
                "old_value": None if row[3] is None else json.loads(row[3]),
                "new_value": None if row[4] is None else json.loads(row[4]),
                "patch": None if row[5] is None else json.loads(row[5]),
            })  # fmt: skip
        return rows

    def audit(self, letter_id: int | None = None, snapshots: bool = False) -> list[dict[str, Any]]:
        """The audit log (of one letter), oldest first: what was done, by whom, when. The rows
        holding whole records for replaying (start, baseline) only with ``snapshots``."""
        sql = (
            "SELECT id, at, reviewer, letter_id, action, field, old_value, new_value FROM audit_log"
            " WHERE (? OR action NOT IN ('start', 'baseline'))"
        )
        params: list[Any] = [snapshots]
        if letter_id is not None:
            sql += " AND letter_id = ?"
            params.append(letter_id)
        rows = []
        for r in self.db.query(sql + " ORDER BY id", params):
            row = dict(r)
            row["old_value"] = None if row["old_value"] is None else json.loads(row["old_value"])
            row["new_value"] = None if row["new_value"] is None else json.loads(row["new_value"])
            rows.append(row)
        return rows


def _logged_values(old: Letter, new: Letter, field: str) -> tuple[Any, Any]:
    """What the audit log keeps for a change: the field's values, or the item lists."""
    if field.startswith("spans."):
        path = field[len("spans.") :]
        return old.spans.get(path), new.spans.get(path)
    try:
        return get_value(old, field), get_value(new, field)
    except (ValueError, KeyError):
        old_json, new_json = old.to_json_dict(), new.to_json_dict()
        return old_json.get(field), new_json.get(field)
