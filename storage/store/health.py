"""Looking an existing database file over before anything may write to it.

Read-only inspection: the file is a SQLite database (its header), not cut short, of a schema this
imr-review knows, and (when asked) sound page by page. A damaged file is refused before a
read-write connection could checkpoint its -wal into it. Also here: creating a private file,
tightening loose file modes, and opening read-only where nothing beside the file may be created.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
import weakref
from pathlib import Path

from ..locks import is_open_here
from .errors import (
    DamagedDatabaseError,
    DatabaseBusyError,
    NewerSchemaError,
    StoreError,
    classify,
)
from .schema import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
REQUIRED_TABLES = {"letters", "predictions", "gold", "highlights", "audit_log"}


def check_existing_file(path: Path) -> None:
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
        raise DamagedDatabaseError(
            f"{path} is empty (0 bytes), not an imr-review database; it may have been damaged. "
            "Move it aside or choose another file; it is left as it is."
        )
    if head != SQLITE_MAGIC:
        raise DamagedDatabaseError(
            f"{path} is not a SQLite database (or its header is damaged); it is left as it is. "
            "Restore it from a backup or choose another file."
        )


def check_not_truncated(conn: sqlite3.Connection, path: Path) -> None:
    """A file shorter than the pages its header counts has lost its end."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    wal = Path(f"{path}-wal")
    if (not wal.exists() or wal.stat().st_size == 0) and path.stat().st_size < page_size * pages:
        raise DamagedDatabaseError(
            f"{path} is damaged: it is {path.stat().st_size:,} bytes but its header counts {pages:,} pages "
            f"of {page_size:,} bytes (the file was cut short). It is left as it is; restore it from a backup."
        )


def connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Read-only, creating nothing beside the file and changing none of its bytes.

    Where this process cannot write the file or its folder and no -shm lies beside it, no
    program has the database open (every connection to a WAL database keeps a -shm), and
    SQLite's read-only open would create one. Then: with no -wal (or an empty one) the file is
    all there is, and it is opened ``immutable``; with a -wal holding changes, the two are read
    through a private copy (an ``immutable`` open would ignore those changes)."""
    uri = path.resolve().as_uri()
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if not writable and not shm.exists():
        if _stamp(wal) is not None and wal.stat().st_size > 0:
            return private_copy(path, busy_timeout)
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout)
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout)


class _CopyConnection(sqlite3.Connection):
    """A connection to a private copy of a database; closing it removes the copy."""

    folder = ""

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def private_copy(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection to a copy of the database and its -wal in a private (0700) temporary folder,
    removed when the connection is closed or the process ends. A copy made while another program
    changed either file is made again; after three tries the database is called busy."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    runtime = os.environ.get("XDG_RUNTIME_DIR")  # a user's own tmpfs, where there is one
    parent = runtime if runtime and os.path.isdir(runtime) else None
    for _ in range(3):
        before = (_stamp(path), _stamp(wal))
        folder = tempfile.mkdtemp(prefix="imr-review-read-", dir=parent)
        copy = Path(folder) / "copy.db"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, f"{copy}-wal")
        except OSError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise StoreError(
                f"{path} cannot be read for a read-only look: copying it and its -wal failed "
                f"({error.strerror or error}); nothing was changed"
            ) from None
        if (_stamp(path), _stamp(wal)) == before and not shm.exists():
            conn = sqlite3.connect(copy, timeout=busy_timeout, factory=_CopyConnection)
            conn.folder = folder
            weakref.finalize(conn, shutil.rmtree, folder, True)
            conn.execute("PRAGMA query_only = ON")
            return conn
        shutil.rmtree(folder, ignore_errors=True)
    raise DatabaseBusyError(
        f"{path} is being written by another program; try again when it is done"
    )


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (letters are health records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def tighten_modes(path: Path) -> list[str]:
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


def check_schema(conn: sqlite3.Connection, path: str, new: bool) -> int:
    """The schema version, after refusing a newer, a foreign or a damaged database."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer imr-review (database schema version {version}; "
            f"this imr-review reads versions up to {SCHEMA_VERSION}). Update imr-review to open it; "
            "the database is left as it is."
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables and not new:
        raise DamagedDatabaseError(
            f"{path} is a SQLite database but not an imr-review one; it is left as it is."
        )
    if version > 0 and not tables >= REQUIRED_TABLES:
        missing = ", ".join(sorted(REQUIRED_TABLES - tables))
        raise DamagedDatabaseError(
            f"{path} is damaged: table(s) {missing} are missing. Restore it from a backup."
        )
    return version


def inspect(path: Path, busy_timeout: float, quick_check: bool) -> sqlite3.Connection:
    """Look an existing database over through a read-only connection (returned open), so that
    a damaged file is refused before anything could write to it: a read-write connection, once
    closed, would checkpoint its -wal into the damaged file."""
    try:
        conn = connect_read_only(path, busy_timeout)
    except sqlite3.Error as error:
        raise classify(error, str(path)) from None
    try:
        check_not_truncated(conn, path)
        check_schema(conn, str(path), new=False)
        if quick_check:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            if rows != ["ok"]:
                raise DamagedDatabaseError(
                    f"{path} is damaged ({'; '.join(rows[:3])}). Nothing was changed. Restore it "
                    "from a backup, or recover what can be read with: sqlite3 DB .recover"
                )
    except sqlite3.Error as error:
        conn.close()
        raise classify(error, str(path)) from None
    except StoreError:
        conn.close()
        raise
    return conn
