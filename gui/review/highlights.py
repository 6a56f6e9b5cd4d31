"""Evidence highlights: labelling selected letter words (linked to the current item), relabelling
and removing them, and which items must have evidence before the letter is done."""

from __future__ import annotations

import re
from typing import Any

from parsing import Span
from parsing.text import trim_span
from storage.store import Highlight

from .commands import AddHighlight, DeleteHighlight, RelabelHighlight, SetNeedsEvidence
from .core import SessionCore
from .errors import CrossesItems, ReviewError
from .paths import item_of

WORD_CHARS = re.compile(r"[\w'’-]")


class Highlights(SessionCore):
    @property
    def labels(self) -> list[dict[str, Any]]:
        if self._labels is None:
            self._labels = self.store.labels()
        return self._labels

    def label_for_key(self, key: str) -> dict[str, Any] | None:
        return next((label for label in self.labels if label["key"] == key), None)

    def snap(self, start: int, end: int) -> Span:
        """Grow a selection to whole words; drop spaces at its ends."""
        assert self.letter is not None
        text = self.letter.text
        start, end = trim_span(text, max(0, start), min(len(text), end))
        while start > 0 and WORD_CHARS.match(text[start - 1]) and WORD_CHARS.match(text[start]):
            start -= 1
        while end < len(text) and WORD_CHARS.match(text[end]) and WORD_CHARS.match(text[end - 1]):
            end += 1
        return Span(start, end)

    def section_of(self, offset: int) -> int | None:
        """The item whose part of the letter holds ``offset``: the one whose request is the last
        before it in the letter (not in the list, which the coder may have reordered); None
        before the first item."""
        if self.record is None:
            return None
        found, latest = None, -1
        for n in range(len(self.record.items)):
            span = self.record.span_of(f"items.{n}.request")
            if span is not None and latest < span.start <= offset:
                found, latest = n, span.start
        return found

    def highlight_link(self, section: int | None = None) -> str:
        """The field a new highlight is linked to: the rationale of the item whose part of the
        letter holds the words (``section``), else of the current item (words of the letter's
        opening, the case summary, are evidence for the item being reviewed; and the words
        anywhere for an item the coder added, whose part of the letter is not known), else ""
        (the letter as a whole, from a letter field)."""
        current = item_of(self.current_path)
        unplaced = (  # an item the coder added: where its part of the letter is, is not known
            current is not None
            and self.record is not None
            and current < len(self.record.items)
            and self.record.span_of(f"items.{current}.request") is None
        )
        index = section if section is not None and not unplaced else current
        if index is None or self.record is None or index >= len(self.record.items):
            return ""
        return f"items.{index}.rationale"

    def add_highlight(self, start: int, end: int, label: str, force: bool = False) -> Highlight:
        """Label the words selected; linked to the item whose part of the letter holds them, or
        to the current item (or the letter as a whole) when they are in the letter's opening."""
        self._require_letter()
        if not any(existing["name"] == label for existing in self.labels):
            raise ReviewError(f"no label {label!r} in this database's label set")
        words = self.snap(start, end)
        if words.end <= words.start:
            raise ReviewError("select some words in the letter first")
        if any((h.start, h.end, h.label) == (words.start, words.end, label) for h in self.highlights):
            raise ReviewError(f"these words are already labelled {label}")
        first, last = self.section_of(words.start), self.section_of(words.end - 1)
        if first != last and not force:
            raise CrossesItems(f"the selection runs from {_where(first)} into {_where(last)}")
        link = self.highlight_link(first if first == last else None)
        command = AddHighlight(words.start, words.end, label, link)
        self.execute(command)
        assert command.after is not None
        return command.after

    def label_selection(self, start: int, end: int, label: str) -> Highlight:
        """Label selected words, as a label key does: a selection running from one item into
        another is refused (CrossesItems), and labelled when the same label is asked for the same
        selection right again."""
        force = self._pending_label == (start, end, label)
        try:
            made = self.add_highlight(start, end, label, force=force)
        except CrossesItems:
            self._pending_label = (start, end, label)
            raise
        self._pending_label = None
        return made

    def click(self, offset: int) -> str | None:
        """Make current what a click in the letter points at: the item of an evidence highlight
        under it first, else the narrowest field whose source is under it. Returns that field."""
        highlight = self.highlight_at(offset)
        if highlight is not None and item_of(highlight.field) is not None:
            path: str | None = highlight.field
        else:
            path = self.field_at(offset)
        if path is not None:
            self.set_current(path)
        return path

    def highlight_near(self, offset: int) -> Highlight | None:
        """The highlight under a caret at ``offset``, or the one the caret has just left (a caret
        resting at a highlight's end)."""
        return self.highlight_at(offset) or (self.highlight_at(offset - 1) if offset > 0 else None)

    def highlight_at(self, offset: int) -> Highlight | None:
        """The narrowest highlight under ``offset`` (the newest when several are as narrow)."""
        covering = [h for h in self.highlights if h.start <= offset < h.end]
        if not covering:
            return None
        return min(covering, key=lambda h: (h.end - h.start, -h.id))

    def delete_highlight(self, highlight: Highlight) -> None:
        self.execute(DeleteHighlight(highlight))

    def relabel_highlight(self, highlight: Highlight, label: str) -> Highlight:
        if label == highlight.label:
            self._require_letter()
            return highlight
        command = RelabelHighlight(highlight, label)
        self.execute(command)
        assert command.after is not None
        return command.after

    def toggle_needs_evidence(self) -> bool:
        """Require (or stop requiring) an evidence highlight for the current item."""
        index = self._require_item()
        assert self.record is not None
        required = not self.record.items[index].needs_evidence
        self.execute(SetNeedsEvidence(index, required))
        return required


def _where(item: int | None) -> str:
    return "the letter's opening" if item is None else f"item {item + 1}"
