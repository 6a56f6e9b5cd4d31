"""Letter offsets (Python code points, as stored) against Qt positions (UTF-16 code units).

Outside the Basic Multilingual Plane (emoji, some symbols) a character is one code point but two
UTF-16 units, so every position after one differs. The letter view converts at its edge; the
rest of the app only ever sees code-point offsets.
"""

from __future__ import annotations

import bisect
import re

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
