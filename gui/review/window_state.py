"""What the window restores on reopening: the letter, the field, the queue's filter, search and
sort, the splitter sizes and the window geometry (Qt's bytes, kept as base64). No Qt here.

Kept in a per-user settings file (JSON, one entry per reviewer and database), not in the
database: window sizes belong to one person on one machine, and a database is copied and merged
between coders. Anything stale or damaged is dropped for its default, never an error: a letter
no longer in the database opens the first letter to review, a field no longer in the letter
leaves the caret where opening put it, an unreadable file is a fresh start.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
from dataclasses import asdict, dataclass
from dataclasses import field as default
from pathlib import Path
from typing import Any

from storage.queue import COLUMNS, STATUS_FILTERS, QueueQuery
from storage.store import StoreError

from .paths import form_paths
from .session import ReviewSession

FORMAT = "imr-window-state/1"


@dataclass
class WindowState:
    letter_id: int | None = None
    field: str | None = None
    status_filter: str = "all"
    search: str = ""
    sort: str = "id"
    descending: bool = False
    splitters: dict[str, list[int]] = default(default_factory=dict)
    geometry: bytes = b""

    def query(self) -> QueueQuery:
        return QueueQuery(self.status_filter, self.search, self.sort, self.descending)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["geometry"] = base64.b64encode(self.geometry).decode("ascii")
        return data

    @classmethod
    def from_json(cls, data: Any) -> WindowState:
        """The state ``data`` holds; each value of the wrong type or no longer valid is left at
        its default."""
        state = cls()
        if not isinstance(data, dict):
            return state
        letter, path = data.get("letter_id"), data.get("field")
        if isinstance(letter, int) and not isinstance(letter, bool) and letter > 0:
            state.letter_id = letter
        if isinstance(path, str):
            state.field = path
        if data.get("status_filter") in STATUS_FILTERS:
            state.status_filter = data["status_filter"]
        if isinstance(data.get("search"), str):
            state.search = data["search"]
        if data.get("sort") in COLUMNS:
            state.sort = data["sort"]
        state.descending = data.get("descending") is True
        splitters = data.get("splitters")
        if isinstance(splitters, dict):
            state.splitters = {
                str(name): sizes
                for name, sizes in splitters.items()
                if isinstance(sizes, list)
                and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
            }
        try:
            state.geometry = base64.b64decode(str(data.get("geometry") or ""), validate=True)
        except (binascii.Error, ValueError):
            state.geometry = b""
        return state


def state_key(session: ReviewSession) -> str:
    """One entry per reviewer and database file."""
    return f"{session.reviewer}@{Path(session.store.path).resolve()}"


def capture(session: ReviewSession, geometry: bytes = b"",
            splitters: dict[str, list[int]] | None = None) -> WindowState:  # fmt: skip
    """The state to keep from a session (and what only the window knows)."""
    query = session.query
    return WindowState(session.letter_id, session.current_path if session.letter else None,
                       query.status, query.search, query.sort, query.descending,
                       dict(splitters or {}), geometry)  # fmt: skip


def restore(session: ReviewSession, state: WindowState) -> str:
    """Bring a session back to a kept state; returns what had to be left out (plain words),
    or "" when everything came back."""
    dropped = []
    session.set_query(state.query())
    if state.letter_id is not None and state.letter_id in session.ids:
        session.open(state.letter_id)
    else:
        try:  # left open outside the queue (another status filtered): it opens as it was
            if state.letter_id is None:
                raise StoreError("no letter was open")
            session.open(state.letter_id)
            dropped.append(f"letter {state.letter_id} is open but not in this queue")
        except StoreError:
            if state.letter_id is not None:
                dropped.append(f"letter {state.letter_id} is no longer in the database")
            session.open_first()
    if state.field is not None and session.record is not None:
        if state.field in form_paths(session.record):
            session.set_current(state.field)
        else:
            dropped.append("the field last open is no longer in this letter")
    return "; ".join(dropped)


def load_state(settings: Path, key: str) -> WindowState:
    """The state kept under ``key`` in a settings file (defaults when absent or unreadable)."""
    try:
        data = json.loads(settings.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return WindowState()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return WindowState()
    states = data.get("states")
    return WindowState.from_json(states.get(key) if isinstance(states, dict) else None)


def save_state(settings: Path, key: str, state: WindowState) -> None:
    """Keep ``state`` under ``key``, leaving other entries; written whole or not at all."""
    try:
        data = json.loads(settings.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        data = {"format": FORMAT, "states": {}}
    if not isinstance(data.get("states"), dict):
        data["states"] = {}
    data["states"][key] = state.to_json()
    settings.parent.mkdir(parents=True, exist_ok=True)
    partial = settings.with_name(settings.name + ".partial")
    # ASCII with escapes: any text a coder typed (even half a surrogate pair) writes and reads back.
    partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(partial, settings)


class StateWriter:
    """Writes window states on a thread of its own, so that a letter switch never waits for the
    disk: reading, writing and renaming the state file took a millisecond or more of every
    switch. It starts writing the moment a state is handed over (a kill a few milliseconds
    after a switch loses it); the newest state for a file and key wins, and `flush` waits until
    everything handed over is on disk. A write that fails, for any reason, is kept
    (`take_failure`) for the window to report, until that file is written again."""

    def __init__(self) -> None:
        self._pending: dict[tuple[Path, str], WindowState] = {}
        self._writing = False
        self._closed = False
        self._failure: tuple[Path, Exception] | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def keep(self, settings: Path, key: str, state: WindowState) -> None:
        with self._changed:
            self._pending[(settings, key)] = state
            if self._thread is None or not self._thread.is_alive():
                self._closed = False
                self._thread = threading.Thread(
                    target=self._write_until_closed, name="window-state", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def flush(self, timeout: float | None = 5.0) -> bool:
        """Wait until every state handed over is written (or failed); False on a timeout."""
        with self._changed:
            return self._changed.wait_for(
                lambda: not self._pending and not self._writing, timeout
            )

    def close(self, timeout: float | None = 60.0) -> bool:
        """Write what is left (as `flush`), then let the thread end."""
        written = self.flush(timeout)
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        return written

    def take_failure(self) -> tuple[Path, Exception] | None:
        """The last write that failed and has not been made good since (the file and the
        error), if any; once taken, it is not given again."""
        with self._changed:
            failure, self._failure = self._failure, None
            return failure

    def _write_until_closed(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._pending) or self._closed)
                if not self._pending:
                    return
                batch, self._pending = self._pending, {}
                self._writing = True
            failure, written = None, set()
            try:
                for (settings, key), state in batch.items():
                    try:
                        save_state(settings, key, state)
                        written.add(settings)
                    except Exception as error:  # any failure is reported, and none stops the writer
                        failure = (settings, error)
            finally:
                with self._changed:
                    if failure is not None:
                        self._failure = failure
                    elif self._failure is not None and self._failure[0] in written:
                        self._failure = None
                    self._writing = False
                    self._changed.notify_all()
