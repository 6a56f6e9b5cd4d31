"""Letter offsets (Python code points, as stored) against Qt positions (UTF-16 code units).

Outside the Basic Multilingual Plane (emoji, some symbols) a character is one code point but two
UTF-16 units, so every position after one differs. The letter view converts at its edge; the
rest of the app only ever sees code-point offsets. `ViewMap` composes this with the reflowed
display text (`gui.review.reflow`) when the letter is shown reflowed.
"""

from __future__ import annotations

import bisect
import re

from ...review.reflow import Reflow

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    def __init__(self, text: str) -> None:
        self.astral = [m.start() for m in _ASTRAL.finditer(text)]  # code-point offsets
        self.qt_astral = [offset + n for n, offset in enumerate(self.astral)]  # their Qt positions

    def to_qt(self, offset: int) -> int:
        if not self.astral:
            return offset
        return offset + bisect.bisect_left(self.astral, offset)

    def from_qt(self, position: int) -> int:
        if not self.astral:
            return position
        before = bisect.bisect_left(self.qt_astral, position)  # astral characters starting before
        if before and position == self.qt_astral[before - 1] + 1:
            return self.astral[before - 1]  # inside a surrogate pair: the character's start
        return position - before


class ViewMap:
    """Letter offsets against the view's Qt positions, through the reflowed display text when
    there is one: canonical -> display (`Reflow`) -> UTF-16 (`OffsetMap`), and back."""

    def __init__(self, text: str, reflow: Reflow | None = None) -> None:
        self.text = text
        self.reflow = reflow if reflow is not None and reflow.changed else None
        self.shown = text if self.reflow is None else self.reflow.display
        self.units = OffsetMap(self.shown)

    def to_qt(self, offset: int) -> int:
        offset = max(0, min(offset, len(self.text)))
        return self.units.to_qt(offset if self.reflow is None else self.reflow.to_display(offset))

    def from_qt(self, position: int) -> int:
        shown = max(0, min(self.units.from_qt(position), len(self.shown)))
        return shown if self.reflow is None else self.reflow.to_canonical(shown)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """A letter span as the view's span that shows all of it."""
        start, end = max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        if self.reflow is not None:
            start, end = self.reflow.span_to_display(start, max(start, end))
        return self.units.to_qt(start), self.units.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A span of the view (a selection) as the letter span whose characters it shows."""
        start = max(0, min(self.units.from_qt(start), len(self.shown)))
        end = max(start, min(self.units.from_qt(end), len(self.shown)))
        if self.reflow is None:
            return start, end
        return self.reflow.span_to_canonical(start, end)
