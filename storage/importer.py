"""Importing letter files into the store: parsing spread over the CPU cores, written in batches.

Each batch is one transaction, so killing the import at any moment leaves a sound database;
files already stored (same sha256 of their bytes) are skipped, so a second run finishes the job.
A file that cannot be read is reported with its reason and never stops the batch; so are
folders that cannot be read. A file name that is not valid UTF-8 is stored in a printable form
(backslash escapes) and named in the summary's notes. Source paths are stored absolute (links
resolved). A file in which no IMR letter layout is recognised is imported all the same (a bad
letter is never lost) and named in the notes; so is a folder with no letters in it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext

from parsing import Layout, LoadError, letter_files, load_file, parse_text, printable_path
from parsing.batch import chunk_size, die_with_parent

from .store import Prepared, Store

BATCH = 256
_IN_PROCESS_BELOW = 24  # small imports are not worth starting worker processes for

_known: frozenset[str] = frozenset()
_ODD_NAME = (
    "the file name is not valid UTF-8 or holds control characters; it is stored with those "
    "written as \\xNN"
)
NOT_A_LETTER = "no IMR letter layout recognised: check it is a letter"
NO_LETTERS = "no letters found in this folder"


class ImportStopped(Exception):
    """Raised by a progress callback to stop an import; what was written before stays."""


@dataclass
class ImportSummary:
    imported: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # imported, but worth a word
    seconds: float = 0.0
    stopped: bool = False  # interrupted (Ctrl+C): the files read by then are kept
    files: int = 0  # letter files found
    read: int = 0  # of them, read before the end (all unless stopped)

    @property
    def ok(self) -> bool:
        return not self.failed


# Outcome of one file: ("ok", Prepared) | ("duplicate", path) | ("failed", (path, reason))
Outcome = tuple[str, object]


class _CtrlC:
    """Ctrl+C stops an import between two letters, never in the middle of the bookkeeping of
    one: a batch whose transaction has committed is always counted as imported (raised there,
    it used to be written again at the stop and every letter in it counted as a duplicate).

    Only the main thread's own Ctrl+C handling is taken over, and only for the import; a
    window that handles the signal itself, or an import in another thread, is left alone."""

    def __init__(self) -> None:
        self.active = (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        )
        self._held = False
        self._pressed = False

    def __call__(self, signum: int, frame: object) -> None:
        if self._held:
            self._pressed = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def installed(self) -> Iterator[_CtrlC]:
        if not self.active:
            yield self
            return
        previous = signal.signal(signal.SIGINT, self)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Ctrl+C pressed inside waits for the end of the block, then stops the import."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if self._pressed:
            self._pressed = False
            raise KeyboardInterrupt

    def ignore_from_now(self) -> None:
        """Stopping already: a second Ctrl+C must not cut the last batch's write short."""
        self._held = True


def _init_worker(known: frozenset[str]) -> None:
    global _known
    _known = known


def _init_pool_worker(known: frozenset[str]) -> None:
    """A parsing process: it must not outlive an import that was killed, and Ctrl+C (sent to
    the whole process group) is the parent's to handle: it stops the import in order."""
    _init_worker(known)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def prepare_file(path: str) -> Outcome:
    """Read and parse one file (runs in a worker process). Never raises."""
    try:
        loaded = load_file(path)
    except LoadError as error:
        return ("failed", (printable_path(path), error.reason))
    except Exception as error:  # a bug must not stop a batch of thousands
        return (
            "failed",
            (
                printable_path(path),
                f"internal error while reading: {type(error).__name__}: {error}",
            ),
        )
    if loaded.sha256 in _known:
        return ("duplicate", printable_path(path))
    letter = parse_text(loaded.text)
    return ("ok", Prepared.of(loaded, letter))


def _outcomes(
    paths: list[str], known: frozenset[str], workers: int, mp_context: BaseContext | None
) -> Generator[Outcome, None, None]:
    if workers <= 1 or len(paths) < _IN_PROCESS_BELOW:
        _init_worker(known)
        yield from map(prepare_file, paths)
        return
    with ProcessPoolExecutor(
        workers, mp_context=mp_context, initializer=_init_pool_worker, initargs=(known,)
    ) as pool:
        try:
            yield from pool.map(prepare_file, paths, chunksize=chunk_size(len(paths), workers))
        finally:  # stopped early: the files not started are not read
            pool.shutdown(wait=True, cancel_futures=True)


def import_paths(
    store: Store,
    paths: list[str],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    mp_context: BaseContext | None = None,
) -> ImportSummary:
    """Import files and folders (recursively) of .txt and .pdf letters."""
    started = time.perf_counter()
    summary = ImportSummary()
    problems: list[tuple[str, str]] = []
    paths = [os.path.realpath(path) for path in paths]
    files = letter_files(paths, problems)
    for folder in (path for path in paths if os.path.isdir(path)):
        inside = folder.rstrip(os.sep) + os.sep
        if not any(file.startswith(inside) for file in files):
            summary.notes.append((printable_path(folder), NO_LETTERS))
    for problem in problems:  # unreadable folders lose letters; links not followed do not
        (summary.failed if problem[1].startswith("cannot read") else summary.notes).append(problem)
    summary.notes.extend(
        (printable_path(path), _ODD_NAME) for path in files if printable_path(path) != path
    )
    known = frozenset(store.known_shas())
    pending: list[Prepared] = []
    seen_in_run: set[str] = set()

    def flush() -> None:
        ids = store.add_prepared(pending)
        for prepared, new_id in zip(pending, ids, strict=True):
            if new_id is None:
                summary.duplicates.append(prepared.source_path)
            else:
                summary.imported.append(new_id)
        pending.clear()

    def take(kind: str, value: object) -> None:
        if kind == "ok":
            assert isinstance(value, Prepared)
            if value.sha256 in seen_in_run:
                summary.duplicates.append(value.source_path)
                return
            seen_in_run.add(value.sha256)
            pending.append(value)
            if value.layout == Layout.UNKNOWN.value:
                summary.notes.append((value.source_path, NOT_A_LETTER))
            if len(pending) >= BATCH:
                flush()
        elif kind == "duplicate":
            summary.duplicates.append(str(value))
        else:
            failure: tuple[str, str] = value  # type: ignore[assignment]
            summary.failed.append(failure)

    summary.files = len(files)
    outcomes = _outcomes(files, known, workers or os.cpu_count() or 1, mp_context)
    with _CtrlC().installed() as ctrl_c:
        try:
            for done, (kind, value) in enumerate(outcomes, 1):
                with ctrl_c.held():
                    summary.read = done
                    take(kind, value)
                    if progress:
                        try:
                            progress(done, len(files))
                        except ImportStopped:
                            if pending:
                                flush()
                            raise
            with ctrl_c.held():
                if pending:
                    flush()
        except KeyboardInterrupt:  # Ctrl+C: keep what was read, say how far it got
            ctrl_c.ignore_from_now()
            summary.stopped = True
            outcomes.close()
            if pending:
                flush()
    summary.seconds = time.perf_counter() - started
    return summary
