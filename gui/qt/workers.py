"""Work the window hands to a background thread so that it never freezes: the queue's full-text
search, imports, and the look every second at whether it still holds its database locks.

Each runs on its own connection to the database (SQLite connections belong to one thread), in a
plain Python thread; results come back to the window through Qt signals, which Qt delivers in
the window's thread. A search can be stopped at any moment (`sqlite3.Connection.interrupt`, safe
from another thread); an import stops between files.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from storage.importer import ImportStopped, ImportSummary, import_paths
from storage.locks import LockAnswer
from storage.queue import QueueQuery, queue_ids
from storage.store import Store, StoreError


@dataclass(frozen=True)
class _Search:
    ticket: int
    reviewer: str
    query: QueueQuery


class SearchRunner(QObject):
    """Runs queue searches one at a time, each on a reader connection of its own.

    `start` stops the search running (if any) and queues the new one; only the newest waiting
    search runs. `found(ticket, ids)` or `failed(ticket, message, stopped)` answers each ticket
    that ran (`stopped` when `stop` or a newer search interrupted it)."""

    found = Signal(int, object)
    failed = Signal(int, str, bool)

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._waiting: queue.Queue[_Search | None] = queue.Queue()
        self._lock = threading.Lock()
        self._reader: Store | None = None
        self._running: int | None = None
        self._stopped: set[int] = set()
        self._ticket = 0
        self._thread = threading.Thread(target=self._serve, name="imr-search", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._running is not None or not self._waiting.empty()

    def start(self, reviewer: str, query: QueueQuery) -> int:
        """Queue a search (stopping the one running); returns its ticket."""
        self._ticket += 1
        self.stop()
        self._waiting.put(_Search(self._ticket, reviewer, query))
        return self._ticket

    def stop(self) -> None:
        """Stop the search running now, if any."""
        with self._lock:
            if self._running is not None and self._reader is not None:
                self._stopped.add(self._running)
                self._reader.conn.interrupt()

    def close(self) -> None:
        self.stop()
        self._waiting.put(None)
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while True:
            job = self._waiting.get()
            while job is not None and not self._waiting.empty():
                newer = self._waiting.get()  # only the newest waiting search is worth running
                job = newer
            if job is None:
                break
            with self._lock:
                self._running = job.ticket
            try:
                if self._reader is None:
                    self._reader = Store.open(self._path, create=False, readonly=True)
                ids = queue_ids(self._reader, job.reviewer, job.query)
            except Exception as error:  # reported, never lost (a stopped search too)
                with self._lock:
                    stopped = job.ticket in self._stopped
                message = (
                    str(error) if isinstance(error, StoreError) else (f"the search failed: {error}")
                )
                self.failed.emit(job.ticket, message, stopped)
            else:
                self.found.emit(job.ticket, ids)
            finally:
                with self._lock:
                    self._running = None
                    self._stopped.discard(job.ticket)
                    reader, self._reader = self._reader, None
                # Closed after each search: SQLite counts a file's locks once per process, so
                # while this connection stayed open the window could not take back a lock the
                # process lost (storage/locks.py); opening one costs a few milliseconds.
                if reader is not None:
                    reader.close()


class ImportRunner(QObject):
    """One import in a background thread on a connection of its own.

    `progress(done, total)` as files are read, then `finished(summary)` (None when stopped) or
    `failed(message)`."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, path: str, paths: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = path
        self._paths = paths
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="imr-import", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop after the file being read (letters already read stay imported)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _step(self, done: int, total: int) -> None:
        self.progress.emit(done, total)
        if self._stop.is_set():
            raise ImportStopped

    def _run(self) -> None:
        summary: ImportSummary | None
        try:
            with Store.open(self._db, create=False) as store:
                summary = import_paths(store, self._paths, workers=1, progress=self._step)
        except ImportStopped:
            summary = None
        except StoreError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # any failure is reported, never lost
            self.failed.emit(f"the import failed: {error}")
            return
        self.finished.emit(summary)


class LockReader(QObject):
    """Reads, on a thread of its own, whether this process still holds its database locks (a
    read of /proc that can take milliseconds: 6-16 for /proc/locks on some kernels after a
    pause; storage/locks.py): `ask(probe)` with the store's `lock_probe()`, and
    `answered(answer)` brings the answer back for `take_lock_answer`. One read at a time:
    asking while a read is under way asks nothing more."""

    answered = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._asked: queue.Queue[Callable[[], LockAnswer] | None] = queue.Queue()
        self._reading = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="imr-locks", daemon=True)
        self._thread.start()

    def ask(self, probe: Callable[[], LockAnswer]) -> None:
        if not self._reading.is_set():
            self._reading.set()
            self._asked.put(probe)

    def close(self) -> None:
        self._asked.put(None)
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while (probe := self._asked.get()) is not None:
            try:
                answer = probe()
            except Exception:  # the check before each write reads the locks itself
                answer = None
            finally:
                self._reading.clear()
            if answer is not None:
                self.answered.emit(answer)
