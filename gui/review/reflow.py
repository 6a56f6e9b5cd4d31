"""Paragraphs reflowed for display, with a two-way offset map to the canonical letter text.

Text taken from a PDF ends every printed line with a hard line break (often followed by an
empty line), so a paragraph reads as ragged lines. For display, the whitespace between two lines
of one paragraph becomes one space; paragraph breaks, headings and list lines stay as they are.
The canonical text is never changed: spans, highlights and the store keep canonical offsets, and
the view converts at its edge with `Reflow`.

A line is a wrapped line of a paragraph when it is long (near the letter's usual line width),
the break after it is no wider than the letter's usual break between wrapped lines, and the
next line does not start a list entry.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field

# The whitespace between two lines: trailing spaces, the line end(s), the next line's indent.
_BREAK = re.compile(r"[ \t\f\v]*\n[ \t\f\v\n]*")
_LIST_ENTRY = re.compile(r"(?:[-•*·]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
LONG_LINE = 0.7  # a line at least this share of the usual width was wrapped, not ended


@dataclass
class Reflow:
    """The display text of ``canonical`` and the offset maps between the two."""

    canonical: str
    display: str = ""
    _shown_at: array[int] = field(default_factory=lambda: array("l"))  # canonical -> display
    _start_of: array[int] = field(default_factory=lambda: array("l"))  # display -> canonical
    _end_of: array[int] = field(default_factory=lambda: array("l"))

    def __post_init__(self) -> None:
        text = self.canonical
        joins = _joins(text)
        parts: list[str] = []
        shown_at, start_of, end_of = array("l"), array("l"), array("l")
        at = 0
        for start, end in joins:
            parts.append(text[at:start])
            base = len(start_of)
            shown_at.extend(range(base, base + start - at))
            start_of.extend(range(at, start))
            end_of.extend(range(at + 1, start + 1))
            parts.append(" ")  # one space shows the whole break
            shown_at.extend([base + start - at] * (end - start))
            start_of.append(start)
            end_of.append(end)
            at = end
        base = len(start_of)
        parts.append(text[at:])
        shown_at.extend(range(base, base + len(text) - at))
        start_of.extend(range(at, len(text)))
        end_of.extend(range(at + 1, len(text) + 1))
        self.display = "".join(parts)
        self._shown_at, self._start_of, self._end_of = shown_at, start_of, end_of

    @property
    def changed(self) -> bool:
        return self.display != self.canonical

    def shown_at(self, offset: int) -> int:
        """The display character that shows canonical character ``offset``."""
        return self._shown_at[offset]

    def to_display(self, offset: int) -> int:
        """A canonical position (between characters, 0..len) as a display position."""
        if offset >= len(self.canonical):
            return len(self.display)
        return self._shown_at[offset]

    def to_canonical(self, offset: int) -> int:
        """A display position (0..len) as a canonical position: where the character shown
        there starts."""
        if offset >= len(self.display):
            return len(self.canonical)
        return self._start_of[offset]

    def span_to_display(self, start: int, end: int) -> tuple[int, int]:
        """A canonical span as the display span that shows all of it."""
        if end <= start:
            at = self.to_display(start)
            return at, at
        return self._shown_at[start], self._shown_at[end - 1] + 1

    def span_to_canonical(self, start: int, end: int) -> tuple[int, int]:
        """A display span (a selection) as the canonical span whose characters it shows."""
        if end <= start:
            at = self.to_canonical(start)
            return at, at
        return self._start_of[start], self._end_of[end - 1]


def _joins(text: str) -> list[tuple[int, int]]:
    """The canonical spans of the breaks inside paragraphs, each shown as one space."""
    breaks = list(_BREAK.finditer(text))
    if not breaks:
        return []
    lengths = sorted(len(line.strip()) for line in text.split("\n") if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    if width < 20:  # short lines throughout: a list or a form, nothing to reflow
        return []
    long_before = []
    line_start = 0
    for found in breaks:
        line = text[line_start : found.start()].strip()
        long_before.append(len(line) >= LONG_LINE * width)
        line_start = found.end()
    usual = Counter(
        found.group().count("\n") for found, long in zip(breaks, long_before, strict=True) if long
    )
    if not usual:
        return []
    gap = usual.most_common(1)[0][0]
    joins = []
    for found, long in zip(breaks, long_before, strict=True):
        following = text[found.end() : found.end() + 5]
        if (
            long
            and found.group().count("\n") <= gap
            and found.end() < len(text)
            and found.start() > 0
            and not _LIST_ENTRY.match(following)
        ):
            joins.append((found.start(), found.end()))
    return joins
