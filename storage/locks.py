"""This process's hold on an open database: the files it opened, and the locks SQLite keeps on them.

SQLite coordinates processes through POSIX advisory locks, and on Linux closing *any* descriptor
of a file drops every such lock the process holds on it, SQLite's included (SQLite's "How To
Corrupt" page, on locks cancelled by close()). Another process closing the database then thinks
it is the last user, checkpoints the write-ahead log and deletes it, and this process goes on
writing into a deleted file that nobody else reads. The store therefore asks, before each write:

- Is the database still the file it opened, and the write-ahead log still the one its connection
  writes? If not, the files were moved, replaced or deleted: writing on would write where no
  other program looks, so the store stops and says so.
- Does the process still hold its lock on the database? If not (and the files are the same), the
  store reconnects, which takes the locks again, before it writes.

Nothing here opens the database files: identities come from stat(), locks from the system's
list of them. That list is read where it is cheap: the "lock:" lines of /proc/self/fdinfo for
this process's own descriptors of the file (a fraction of a millisecond). /proc/locks, every
lock of the machine, can take 6-16 ms to read after a pause on some virtual machines' kernels
(a check before each edit made every edit that much slower), and serves only where fdinfo shows
no locks (kernels before 4.x). A window also asks on a thread of its own (`Hold.read_locks`) and
hands the answer back to the store (`Store.take_lock_answer`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC_LOCKS = Path("/proc/locks")
PROC_FD = Path("/proc/self/fd")
PROC_FDINFO = Path("/proc/self/fdinfo")


def _proc_text(path: Path) -> str:
    """A /proc file's text (the one place this module reads /proc files, for tests to watch)."""
    return path.read_text(encoding="ascii", errors="replace")


@dataclass(frozen=True)
class Identity:
    """Which file a path names: its device and inode."""

    dev: int
    ino: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> Identity | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_dev, st.st_ino)

    def proc_locks_key(self) -> str:
        """How /proc/locks names this file: major:minor (hex, two digits) and the inode."""
        return f"{os.major(self.dev):02x}:{os.minor(self.dev):02x}:{self.ino}"


_fdinfo_lists_locks = False  # found true once a connection's lock showed in its fdinfo

# Databases open in this process, by identity: another open of the same file must not read it
# with open()/close() (that close would drop the locks of the connection already open).
_open_here: dict[Identity, int] = {}


def is_open_here(path: str | os.PathLike[str]) -> bool:
    identity = Identity.of(path)
    return identity is not None and _open_here.get(identity, 0) > 0


def locks_held(identity: Identity, pid: int | None = None) -> bool | None:
    """Whether process `pid` (this one by default) holds any POSIX lock on the file, from
    /proc/locks; None where the system does not say."""
    pid = os.getpid() if pid is None else pid
    key = identity.proc_locks_key()
    try:
        text = _proc_text(PROC_LOCKS)
    except OSError:
        return None
    for line in text.splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  READ 1234 fe:00:5678 0 EOF"; blocked waiters start "1: -> POSIX".
        if len(fields) >= 6 and fields[1] == "POSIX" and fields[4] == str(pid) and fields[5] == key:
            return True
    return False


def locks_held_here(identity: Identity) -> bool | None:
    """Whether this process holds a POSIX lock on the file, from the fdinfo of its own open
    descriptors of it (a lock lives only while one is open, and is listed under the one it was
    taken through); None where the system does not say. Descriptors are matched to the file by
    stat(), never by opening it."""
    try:
        descriptors = os.listdir(PROC_FD)
    except OSError:
        return None
    for fd in descriptors:
        try:
            st = os.stat(PROC_FD / fd)  # the file it names, never opened here
        except OSError:
            continue  # closed since (listdir's own descriptor, say)
        if (st.st_dev, st.st_ino) != (identity.dev, identity.ino):
            continue
        try:
            info = _proc_text(PROC_FDINFO / fd)
        except OSError:
            continue
        for line in info.splitlines():
            # "lock:\t1: POSIX  ADVISORY  READ 1234 fe:00:5678 1073741826 1073742335". Only
            # this process's locks taken through this descriptor are listed, so the pid and the
            # device need no checking (on btrfs the device printed is not the one stat() gives).
            fields = line.split()
            if len(fields) >= 3 and fields[0] == "lock:" and fields[2] == "POSIX":
                return True
    return False


@dataclass(frozen=True, eq=False)
class LockAnswer:
    """What the system said about one hold of a database's locks, on whatever thread read it."""

    hold: Hold
    held: bool | None


class Hold:
    """The identities of an open database and its write-ahead log, taken when it was opened."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.wal_path = Path(f"{path}-wal")
        self.database = Identity.of(self.path)
        self.wal = Identity.of(self.wal_path)
        if self.database is not None:
            _open_here[self.database] = _open_here.get(self.database, 0) + 1
        # The cheap way where this kernel lists locks in fdinfo (the connection holds its lock
        # now, so fdinfo must show it; found out once); /proc/locks where it does not.
        global _fdinfo_lists_locks
        if not _fdinfo_lists_locks and self.database is not None:
            _fdinfo_lists_locks = bool(locks_held_here(self.database))
        self._held: Callable[[Identity], bool | None] = (
            locks_held_here if _fdinfo_lists_locks else locks_held
        )

    def release(self) -> None:
        if self.database is not None and _open_here.get(self.database, 0) > 0:
            _open_here[self.database] -= 1
            if _open_here[self.database] == 0:
                del _open_here[self.database]
        self.database = None

    def files_changed(self) -> str | None:
        """What happened to the files since they were opened, or None when they are the same."""
        if Identity.of(self.path) != self.database:
            return f"the database file {self.path} was moved, replaced or deleted while it was open here"
        if self.wal is not None and Identity.of(self.wal_path) != self.wal:
            return (
                f"the database's write-ahead log ({self.wal_path.name}) was moved, replaced or deleted "
                "by another program while it was open here"
            )
        return None

    def read_locks(self) -> LockAnswer:
        """Whether this process holds its lock on the database, as an answer for the store. Safe
        on any thread: it reads /proc and nothing of the store's."""
        database = self.database
        return LockAnswer(self, None if database is None else self._held(database))

    def locks_lost(self) -> bool:
        """True when the system says this process no longer holds its lock on the database."""
        return self.database is not None and self._held(self.database) is False
