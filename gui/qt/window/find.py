"""Finding: the queue's status filter and full-text search over all letters, and the find bar
over the open letter (Ctrl+F, F3, Shift+F3)."""

from __future__ import annotations

from dataclasses import replace

from storage.search import MAX_SEARCH_WORDS, MAX_WORD_CHARS, fts_query

from .base import WindowParts


class FindAndFilter(WindowParts):
    """The queue's filter and search box, and the find bar above the letter."""

    def _filter_changed(self) -> None:
        query = replace(
            self.session.query,
            status=self.status_filter.currentData(),
            search=self.search_box.text(),
        )

        def apply() -> bool:
            self.session.filter(query)
            return True

        if self._run(apply) is None:
            return  # said in the status bar and the banner
        if self.banner.isVisible() and not self.store.readonly:
            self.banner.hide()  # an earlier search's (or read's) error is over
        if fts_query(query.search)[1]:
            self._say(
                f"Searched for the first {MAX_SEARCH_WORDS} words only (each up to "
                f"{MAX_WORD_CHARS} characters); the rest were left out."
            )

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_find(self) -> None:
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

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
