"""The store's errors, one class per kind of trouble, chosen from SQLite's own error code.

`classify` reads `sqlite3.Error.sqlite_errorname` (SQLITE_FULL, SQLITE_BUSY, SQLITE_READONLY_*,
...) and never the message text, so a file name holding the word "full" or "locked" cannot
change what a coder is told. Each class says what happened and what to do.
"""

from __future__ import annotations

import sqlite3


class StoreError(Exception):
    """A database problem, said so that a coder knows what to do."""


class ConflictError(StoreError):
    """The gold record changed since it was read (another window or process wrote it)."""


class FilesChangedError(StoreError):
    """The database or its write-ahead log is no longer the file this store opened."""


class DamagedDatabaseError(StoreError):
    """The file is damaged or is not an imr-review database; it is left as it is."""


class NewerSchemaError(StoreError):
    """The database was written by a newer imr-review."""


class DatabaseBusyError(StoreError):
    """Another program holds the database's lock (SQLITE_BUSY, SQLITE_LOCKED)."""


class ReadOnlyError(StoreError):
    """The database, its folder or this store cannot be written (SQLITE_READONLY*)."""


class NeedsUpgradeError(ReadOnlyError):
    """A read-only open found a database whose schema must first be upgraded."""


class DiskFullError(StoreError):
    """The disk holding the database is full (SQLITE_FULL)."""


class DiskIOError(StoreError):
    """Reading or writing the disk failed (SQLITE_IOERR*)."""


class CannotOpenError(StoreError):
    """The file cannot be opened (SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH)."""


class QueryInterruptedError(StoreError):
    """A query was stopped (SQLITE_INTERRUPT), as a search that ran over its time budget."""


def _code(error: sqlite3.Error) -> str:
    """SQLite's error name, the extended one where it has one (SQLITE_IOERR_WRITE...)."""
    return str(getattr(error, "sqlite_errorname", "") or "")


def classify(error: sqlite3.Error, path: str) -> StoreError:
    """A SQLite error said so that a coder knows what happened and what to do, typed by its code."""
    message = str(error)
    code = _code(error)
    primary = "_".join(code.split("_")[:2])  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
    if primary in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return DamagedDatabaseError(
            f"{path} is damaged ({message}); it is left as it is. Restore it from a backup."
        )
    if primary in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return DatabaseBusyError(
            f"{path} is locked by another program ({message}); try again when it is done."
        )
    if primary == "SQLITE_READONLY":
        return ReadOnlyError(f"{path} is read-only ({message}); nothing was written.")
    if primary == "SQLITE_FULL":
        return DiskFullError(f"the disk holding {path} is full ({message}); nothing was written.")
    if primary == "SQLITE_IOERR":
        return DiskIOError(
            f"could not write to the disk holding {path} ({message}: it may be full or failing); "
            "the change was rolled back."
        )
    if primary in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
        return CannotOpenError(f"cannot open {path} ({message})")
    if primary == "SQLITE_INTERRUPT":
        return QueryInterruptedError(f"{path}: the query was stopped ({message})")
    return StoreError(f"{path}: database error ({message})")


def friendly_error(error: sqlite3.Error, path: str) -> StoreError:
    """A SQLite error said so that a coder knows what happened and what to do."""
    return classify(error, path)
