"""Finding: the queue's status filter and full-text search over all letters, and the find bar
over the open letter (Ctrl+F, F3, Shift+F3).

A search runs in the background (`gui/qt/workers.py`) as soon as typing pauses, or at once on
Return: the window stays responsive, a newer search or Escape stops the one running, and the
queue changes only when the newest search has its answer."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer

from storage.queue import COLUMNS, QueueQuery
from storage.search import MAX_SEARCH_WORDS, MAX_WORD_CHARS, fts_query

from ..queue.queue_model import HEADERS
from ..workers import SearchRunner
from .base import WindowParts

SEARCH_PAUSE_MS = 300  # typing that pauses this long searches without Return


class FindAndFilter(WindowParts):
    """The queue's filter and search box, and the find bar above the letter."""

    _searches: SearchRunner | None = None
    _search_ticket = 0
    _searched: QueueQuery | None = None
    _search_pause: QTimer | None = None
    _data_version: int | None = None

    @property
    def searching(self) -> bool:
        """A search was started and the queue does not show its answer yet."""
        return self._searched is not None

    def _search_typed(self) -> None:
        """Typing in the search box: search once typing pauses."""
        if self._search_pause is None:
            self._search_pause = QTimer(self)
            self._search_pause.setSingleShot(True)
            self._search_pause.setInterval(SEARCH_PAUSE_MS)
            self._search_pause.timeout.connect(self._filter_changed)
        self._search_pause.start()

    def _filter_changed(self) -> None:
        if self._search_pause is not None:
            self._search_pause.stop()
        query = replace(
            self.session.query,
            status=self.status_filter.currentData(),
            search=self.search_box.text(),
        )
        if query == self._searched and self._searches is not None and self._searches.busy:
            return  # this very search is already running
        if not fts_query(query.search)[0] or self.store.readonly:
            # No words to look for (a status filter): one quick read, here and now. A read-only
            # database may be a private copy only this connection reads.
            self._stop_search()
            self._apply_filter(query, None)
            return
        if self._searches is None:
            self._searches = SearchRunner(self.store.path, self)
            self._searches.found.connect(self._search_found)
            self._searches.failed.connect(self._search_failed)
        self._searched = query
        self._search_ticket = self._searches.start(self.session.reviewer, query)
        self._say("Searching the letters… (Escape stops the search)")

    def _stop_search(self) -> bool:
        """Stop a search still running; whether there was one."""
        if self._searches is None or not self._searches.busy:
            return False
        self._search_ticket += 1  # whatever it answers now is not wanted
        self._searches.stop()
        self._searched = None
        return True

    def _search_found(self, ticket: int, ids: list[int]) -> None:
        if ticket != self._search_ticket or self._searched is None:
            return  # a newer search was started, or this one was stopped
        query, self._searched = self._searched, None
        now = self.session.query
        resorted = (now.sort, now.descending) != (query.sort, query.descending)
        if resorted and self._searches is not None:
            # Sorted while it ran: its letters are in the old order; search again in the new.
            self._searched = replace(query, sort=now.sort, descending=now.descending)
            self._search_ticket = self._searches.start(self.session.reviewer, self._searched)
            return
        self._apply_filter(query, ids)

    def _search_failed(self, ticket: int, message: str, stopped: bool) -> None:
        if ticket != self._search_ticket or stopped:
            return
        self._searched = None
        self._say(message, error=True)
        self.show_banner(message)

    def _apply_filter(self, query: QueueQuery, ids: list[int] | None) -> None:
        """Show the queue ``query`` asks for. A new search opens its first letter when the open
        one is not found; a status filter or a sort never switches letters (arrow keys walk
        through the filters, each one applied at once: the open letter stays open, outside the
        queue if it must, until the coder opens another)."""
        same_search = query.search.strip() == self.session.query.search.strip()

        def apply() -> bool:
            if same_search:
                self.session.set_query(query, ids)
            else:
                self.session.filter(query, ids)
            return True

        before = self.session.letter_id
        if self._run(apply) is None:
            return  # said in the status bar and the banner
        if not same_search and self.session.letter_id == before:
            self._mark_search_terms(scroll=True)  # the open letter stays: its marks follow
        if self.banner.isVisible() and not self.store.readonly:
            self.banner.hide()  # an earlier search's (or read's) error is over
        letter = self.session.letter_id
        if same_search and letter is not None and letter not in self.session.ids:
            self._say(f"Letter {letter} stays open but is not in this queue; Alt+Right opens "
                      "the queue's first letter to review.")  # fmt: skip
        elif fts_query(query.search)[1]:
            self._say(
                f"Searched for the first {MAX_SEARCH_WORDS} words only (each up to "
                f"{MAX_WORD_CHARS} characters); the rest were left out."
            )
        elif query.search.strip():
            found = len(self.session.ids)
            self._say(
                f"{found} letter{'' if found == 1 else 's'} hold{'s' if found == 1 else ''} "
                f"every word of “{query.search.strip()[:60]}”, underlined in the letter."
            )

    # --- sorting from the keyboard, and following the database -------------------------------

    def _sort(self, column: str, descending: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(COLUMNS.index(column), order)  # the header shows it, the model sorts
        top = max(0, self.table.rowAt(0))  # the column sorted by comes into view, sideways only
        self.table.scrollTo(self.model.index(top, COLUMNS.index(column)))
        way = "largest or latest first" if descending else "smallest or earliest first"
        self._say(f"Queue sorted by {HEADERS[column]}, {way} (Alt+S: next column, Alt+Shift+S: "
                  "the other way round).")  # fmt: skip

    def sort_next(self) -> None:
        """Alt+S: sort by the next column the queue shows."""
        shown = [c for n, c in enumerate(COLUMNS) if not self.table.isColumnHidden(n)]
        current = self.session.query.sort
        at = shown.index(current) if current in shown else -1
        self._sort(shown[(at + 1) % len(shown)], False)

    def sort_reverse(self) -> None:
        """Alt+Shift+S: the same column, the other way round."""
        self._sort(self.session.query.sort, not self.session.query.descending)

    def _follow_database(self) -> None:
        """Every second: when another program (or this one's import) changed the database, read
        the queue again, keeping the open letter and the selected row."""
        try:
            version = self.store.data_version()
        except (sqlite3.Error, TypeError):
            return
        if self._data_version is None or self.searching:
            self._data_version = version if self._data_version is None else self._data_version
            return
        if version == self._data_version:
            return
        self._data_version = version
        if fts_query(self.session.query.search)[0]:
            self.model.reset()  # a search's letters stay; their rows are read again
            self._select_current_row()
            self._update_progress()
            return
        self._run(lambda: self.session.set_query(self.session.query))
        if self.session.letter is None and self.session.ids:  # the first letters arrived
            self._run(self.session.open_first)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_find(self) -> None:
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _leave_find(self) -> bool:
        """Escape from the find bar closes it and puts the focus in the letter, the found words
        still selected and in view, so a label's number labels them at once. Escape elsewhere
        with the bar open closes it and lets the caller go on back to the form."""
        if not self.find_box.isVisible():
            return False
        from_bar = self.find_box.hasFocus()
        self.find_box.hide()
        if not from_bar:
            return False
        self.letter_view.setFocus()
        if self.letter_view.selection() is not None:
            self._say("The found words are selected: a label's number labels them, Escape "
                      "goes back to the form.")
        return True

    def _find(self, backwards: bool) -> None:
        if not self.find_box.text():
            self.show_find()
            return
        if not self.letter_view.find_text(self.find_box.text(), backwards):
            self._say(f"{self.find_box.text()!r} is not in this letter", error=True)

    def find_next(self) -> None:
        self._find(False)

    def find_previous(self) -> None:
        self._find(True)
