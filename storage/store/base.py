"""Opening a database and holding it: the connection, its schema, its lock, its transactions.

Every change a reviewer makes is one write transaction (`BEGIN IMMEDIATE` ... `COMMIT`) that
also writes its audit-log row, so a change and its record of who made it land together or not
at all. Before each write the store checks that the files are still the ones it opened and that
this process still holds its locks (`storage/locks.py`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self, TypeVar

from sqlite_utils import Database

from ..locks import Hold, LockAnswer
from . import health
from .errors import FilesChangedError, NeedsUpgradeError, ReadOnlyError, StoreError, classify
from .schema import READABLE_FROM, SCHEMA_VERSION, migrations

T = TypeVar("T")
BUSY_TIMEOUT_S = 5.0

# Connections whose write-ahead log was deleted under them. Closing one would let SQLite
# checkpoint a log nobody else reads into the database file, so they stay open until the
# process ends.
_abandoned: list[sqlite3.Connection] = []


def _connect(target: Path, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(target), timeout=busy_timeout)
        if readonly:  # a sound, writable file: read-only in SQLite too, and on closing
            conn.execute("PRAGMA query_only = ON")  # its -wal and -shm go as usual
    except sqlite3.Error as error:
        raise classify(error, str(target)) from None
    return conn


class StoreBase:
    """One open database: its connection, its hold on the files, and its write transactions."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool = False) -> None:
        self.conn = conn
        self.db = Database(conn)
        self.path = path
        self.readonly = readonly
        self.busy_timeout = BUSY_TIMEOUT_S
        self._hold: Hold | None = None
        self._files_changed: str | None = None
        self.notices: list[str] = []  # said once on opening (file modes tightened...)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
        quick_check: bool = False,
        make_folder: bool = False,
    ) -> Self:
        """Open (and, when allowed, create or upgrade) a database. Raises StoreError.

        A new database's folder must exist (a mistyped folder would otherwise get a new, empty
        database), unless ``make_folder`` (the default database, in the user's data folder).

        An existing file is first looked over read-only (and, with ``quick_check``, page by
        page): a damaged one is refused with every byte of it and its -wal as they were."""
        target = Path(path).expanduser()
        existed = target.exists()
        notices: list[str] = []
        inspected: sqlite3.Connection | None = None
        if existed:
            health.check_existing_file(target)
            inspected = health.inspect(target, busy_timeout, quick_check)
            notices = health.tighten_modes(target)
            if not readonly and not (
                os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
            ):
                inspected.close()
                raise ReadOnlyError(
                    f"{target} is in a read-only location (the file or its folder cannot be written); "
                    "it can be opened read-only to look at"
                )
        elif readonly or not create:
            raise StoreError(f"{target} does not exist")
        elif not make_folder and not target.parent.is_dir():
            raise StoreError(
                f"cannot create {target}: there is no folder {target.parent} (check the path, or "
                "create the folder first)"
            )
        else:
            try:
                health.create_private_file(target)
            except PermissionError:
                raise ReadOnlyError(
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
            conn = _connect(target, readonly, busy_timeout)
        store = cls(conn, str(target), readonly)
        store.busy_timeout = busy_timeout
        store.notices = notices
        try:
            store._prepare(new=not existed)
        except sqlite3.Error as error:
            conn.close()
            raise classify(error, str(target)) from None
        except StoreError:
            conn.close()
            raise
        if not readonly:
            store._hold = Hold(target)
        return store

    @classmethod
    def memory(cls) -> Self:
        """A throwaway in-memory database (tests)."""
        store = cls(sqlite3.connect(":memory:"), ":memory:")
        store._prepare(new=True)
        return store

    def _prepare(self, new: bool) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        version = health.check_schema(conn, self.path, new)
        conn.execute("PRAGMA foreign_keys = ON")
        if self.readonly:
            if version < READABLE_FROM:
                raise NeedsUpgradeError(
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
            from ..labels import default_labels
            from .labels import insert_labels

            with self.write() as conn:
                insert_labels(conn, default_labels())

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

    def data_version(self) -> int:
        """A number that moves on when another connection commits a change to the database
        (SQLite's `data_version`): the window reads its queue again when it does."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def check_hold(self) -> None:
        """Before a write: stop (FilesChangedError) if the files were swapped under us; take the
        locks again if this process lost them (storage/locks.py says how that happens)."""
        if self._hold is None or self.conn.in_transaction:
            return
        self.check_files()
        if self._hold.locks_lost():
            self._reconnect()

    def check_files(self) -> None:
        """Stop (FilesChangedError) if the database or its write-ahead log was moved, replaced or
        deleted since it was opened. Cheap (two stat() calls): a window calls it every second."""
        hold = self._hold
        if hold is None:
            return
        problem = self._files_changed or hold.files_changed()
        if problem is not None:
            self._files_changed = problem
            raise FilesChangedError(
                f"{problem}. Nothing more is written to it from this window: close imr-review and "
                "open the database again (every change saved before this message is in it)."
            )

    def lock_probe(self) -> Callable[[], LockAnswer] | None:
        """What another thread may call to learn whether this process still holds its locks on
        the database (reading that can take milliseconds); its answer goes to `take_lock_answer`."""
        return None if self._hold is None else self._hold.read_locks

    def take_lock_answer(self, answer: LockAnswer) -> None:
        """Act on an answer from `lock_probe`: take the locks again if they were lost. An answer
        about an earlier connection (one closed or replaced since it was read) is ignored."""
        if answer.hold is not self._hold or self.conn.in_transaction:
            return
        self.check_files()
        if answer.held is False:
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
            raise classify(error, self.path) from None
        self._hold = Hold(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; takes the write lock up front so it cannot deadlock later."""
        if self.readonly:
            raise ReadOnlyError(f"{self.path} is open read-only; nothing was written")
        self.check_hold()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise classify(error, self.path) from None
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
            raise classify(error, self.path) from None

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run a write, turning SQLite errors into StoreError (nothing partial is left)."""
        try:
            with self.write() as conn:
                return work(conn)
        except sqlite3.Error as error:
            raise classify(error, self.path) from None

    def integrity_problems(self, quick: bool = False, limit: int = 100) -> list[str]:
        """PRAGMA integrity_check's (or the faster quick_check's) findings; empty when sound."""
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = [r[0] for r in self.conn.execute(f"PRAGMA {pragma}({int(limit)})")]
        except sqlite3.DatabaseError as error:
            return [str(error)]
        return [] if rows == ["ok"] else rows
