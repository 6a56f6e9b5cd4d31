"""Paragraphs reflowed for display, with a two-way offset map to the canonical letter text.

Text taken from a PDF ends every printed line with a hard line break (often followed by an
empty line), so a paragraph reads as ragged lines. For display, the whitespace between two lines
of one paragraph becomes one space; paragraph breaks, headings and list lines stay as they are.
The canonical text is never changed: spans, highlights and the store keep canonical offsets, and
the view converts at its edge with `Reflow`.

A line is a wrapped line of a paragraph when it is long (near the letter's usual line width),
the break after it is no wider than the letter's usual break between wrapped lines, it does not
end with a colon (which introduces what follows: "set forth below:"), and the next line starts
no list entry, is no heading (a line in capitals, "CLINICAL CASE SUMMARY") and, after a
sentence's end, starts no label ("Decision rationale: ..."). Where a letter
marks its wrapped lines, as PDF text does with a space before each wrapped line's break, a
break without that mark is one the author made ("...Upheld" after "...below:"), and stays,
unless the line plainly goes on (a word broken at a hyphen, or a sentence going on in lower
case); there a marked line ending in a colon ("Section(s):") is wrapped like any other.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

# The whitespace between two lines: trailing spaces, the line end(s), the next line's indent.
_BREAK = re.compile(r"[ \t\f\v]*\n[ \t\f\v\n]*")
_LIST_ENTRY = re.compile(r"(?:[-•*·]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
# A line that starts with a label ("Decision rationale: ..."), a new field when a sentence ended.
_LABEL = re.compile(r"[A-Z][\w()/' -]{0,40}:(?:\s|$)")
LONG_LINE = 0.7  # a line at least this share of the usual width was wrapped, not ended
MARKED_SHARE = 0.25  # a letter marks its wrapped lines when this share of its long lines do


@dataclass
class Reflow:
    """The display text of ``canonical`` and the offset maps between the two.

    The maps are kept per joined break, not per character: each join's canonical start and
    end, where its one space is shown, and how many characters fewer the display has after it.
    A lookup bisects them (building a map per character took 2-3 ms of every letter shown)."""

    canonical: str
    display: str = ""
    _starts: list[int] = field(default_factory=list)  # each join's canonical start...
    _ends: list[int] = field(default_factory=list)  # ...and end
    _spaces: list[int] = field(default_factory=list)  # the display position of its space
    _fewer: list[int] = field(default_factory=list)  # canonical - display, after the join

    def __post_init__(self) -> None:
        text = self.canonical
        parts: list[str] = []
        at = fewer = 0
        for start, end in _joins(text):
            parts.append(text[at:start])
            parts.append(" ")  # one space shows the whole break
            self._starts.append(start)
            self._ends.append(end)
            self._spaces.append(start - fewer)
            fewer += end - start - 1
            self._fewer.append(fewer)
            at = end
        parts.append(text[at:])
        self.display = "".join(parts)

    @property
    def changed(self) -> bool:
        return self.display != self.canonical

    def shown_at(self, offset: int) -> int:
        """The display character that shows canonical character ``offset``."""
        if not 0 <= offset < len(self.canonical):
            raise IndexError(offset)
        join = bisect.bisect_right(self._starts, offset) - 1
        if join >= 0 and offset < self._ends[join]:
            return self._spaces[join]  # inside a joined break: its space
        return offset - (self._fewer[join] if join >= 0 else 0)

    def _canonical_of(self, offset: int) -> tuple[int, int]:
        """The canonical span shown by display character ``offset``."""
        if not 0 <= offset < len(self.display):
            raise IndexError(offset)
        join = bisect.bisect_right(self._spaces, offset) - 1
        if join >= 0 and offset == self._spaces[join]:
            return self._starts[join], self._ends[join]
        start = offset + (self._fewer[join] if join >= 0 else 0)
        return start, start + 1

    def to_display(self, offset: int) -> int:
        """A canonical position (between characters, 0..len) as a display position."""
        if offset >= len(self.canonical):
            return len(self.display)
        return self.shown_at(offset)

    def to_canonical(self, offset: int) -> int:
        """A display position (0..len) as a canonical position: where the character shown
        there starts."""
        if offset >= len(self.display):
            return len(self.canonical)
        return self._canonical_of(offset)[0]

    def span_to_display(self, start: int, end: int) -> tuple[int, int]:
        """A canonical span as the display span that shows all of it."""
        if end <= start:
            at = self.to_display(start)
            return at, at
        return self.shown_at(start), self.shown_at(end - 1) + 1

    def span_to_canonical(self, start: int, end: int) -> tuple[int, int]:
        """A display span (a selection) as the canonical span whose characters it shows."""
        if end <= start:
            at = self.to_canonical(start)
            return at, at
        return self._canonical_of(start)[0], self._canonical_of(end - 1)[1]


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
    # Does the letter mark its wrapped lines (a space before the break)? Then trust the marks.
    marked = [found.group()[0] in " \t" for found in breaks]
    marks = sum(m for m, long in zip(marked, long_before, strict=True) if long)
    trust_marks = marks >= MARKED_SHARE * sum(long_before)
    joins = []
    for found, long, mark in zip(breaks, long_before, marked, strict=True):
        if not long or found.group().count("\n") > gap:
            continue
        if found.start() == 0 or found.end() >= len(text):
            continue
        end_of_next = text.find("\n", found.end())
        following = text[found.end() : end_of_next if end_of_next >= 0 else len(text)]
        ending = text[max(0, found.start() - 2) : found.start()].rstrip()
        if trust_marks and not mark and not _goes_on(ending, following):
            continue  # a line the author ended
        if (
            _LIST_ENTRY.match(following)
            or _is_heading(following)
            or (ending.endswith(":") and not (trust_marks and mark))
            or (ending.endswith(".") and _LABEL.match(following))
        ):
            continue
        joins.append((found.start(), found.end()))
    return joins


def _goes_on(ending: str, following: str) -> bool:
    """The line plainly goes on in the next: it ends inside a word or a date ("x-" / "rays",
    "10/14/" / "2016") or at a comma ("Treatment 2016," / "Section(s): ..."), or no sentence
    ended and the next line starts in lower case ("a follow" / "up visit")."""
    return ending.endswith(("-", "/", ",")) or (
        following[:1].islower() and ending[-1:] not in ".:;!?"
    )


def _is_heading(line: str) -> bool:
    """A line in capitals ("IMR ISSUES, DECISIONS AND RATIONALES"), not a sentence's end
    ("(ODG) PRP.")."""
    if not line.isupper():  # a lower-case letter, or none cased: no heading (most lines)
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and not line.rstrip().endswith(".")
