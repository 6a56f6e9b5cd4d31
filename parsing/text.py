"""Canonical letter text and the small text tools every extractor shares.

The canonical text is the decoded file with universal newlines ("\\r\\n" and "\\r" become
"\\n") and nothing else changed; every offset in the project indexes it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Lines that a PDF's page furniture puts in the middle of a paragraph.
_NOISE_LINE = re.compile(
    r"[^\S\n]*(?:"
    r"Page[^\S\n]+\d{1,4}(?:[^\S\n]+of[^\S\n]+\d{1,4})?"
    r"|(?:Final[^\S\n]+Determination[^\S\n]+Letter[^\S\n]+for[^\S\n]+)?(?:IMR[^\S\n]+)?"
    r"Case[^\S\n]*(?:Number|No\.?|#)?[^\S\n]*:?[^\S\n]*CM\d{2}-\d{4,8}(?:[^\S\n]+Page[^\S\n]+\d{1,4}(?:[^\S\n]+of[^\S\n]+\d{1,4})?)?"
    r"|CM\d{2}-\d{4,8}"
    r")[^\S\n]*",
    re.IGNORECASE,
)


def canonical_text(decoded: str) -> str:
    """Universal newlines, nothing else: the text all offsets refer to."""
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


# Letters that match an ASCII letter when case is ignored but do not lower to it (I, i, s, k).
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def keyed_finditer(
    pattern: re.Pattern[str], text: str, keys: re.Pattern[str], before: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a case-blind pattern each match of which starts at most
    ``before`` characters before a place where ``keys`` (lower-case, case-sensitive) matches
    the lowered text: the pattern is only tried there, as a case-blind scan of the whole
    letter in Python's re is slow. Matches must not be empty. Falls back to the plain scan
    when lowering cannot tell (letters above)."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(odd in text for odd in _ODD_FOLDS):
        yield from pattern.finditer(text)
        return
    cursor = 0
    for key in keys.finditer(lowered):
        at = key.start()
        start = max(cursor, at - before)
        while start <= at:
            match = pattern.match(text, start)
            if match is None:
                start += 1
                continue
            yield match
            start = cursor = max(match.end(), start + 1)
        cursor = max(cursor, at + 1)


def is_noise_line(line: str) -> bool:
    """A page footer ("Page 3 of 5") or a repeated case-number page header."""
    return len(line) < 120 and _NOISE_LINE.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # exclusive, before the newline
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class LineIndex:
    """Line boundaries of a text, for offset -> line lookups and line-wise scans."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self._noise: tuple[list[int], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> Line:
        start = self.starts[number]
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return Line(start, end, self.text[start:end])

    def line_number(self, offset: int) -> int:
        """Zero-based number of the line holding ``offset``."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def lines(self, start: int = 0, end: int | None = None) -> Iterator[Line]:
        """The lines that begin in [start, end)."""
        stop = len(self.text) if end is None else end
        first = self.line_number(start)
        if self.starts[first] < start:
            first += 1
        for number in range(first, len(self.starts)):
            if self.starts[number] >= stop:
                break
            yield self.line(number)

    def noise(self) -> tuple[list[int], list[int]]:
        """The starts and ends of the page-furniture lines (`is_noise_line`), found once: only
        the lines holding "page" or "cm" (every such line has one) are tested."""
        if self._noise is None:
            text, lowered = self.text, self.text.lower()
            numbers: set[int] = set()
            if len(lowered) == len(text):  # offsets agree (no letter that lowers to two)
                for key in ("page", "cm"):
                    at = lowered.find(key)
                    while at != -1:
                        numbers.add(self.line_number(at))
                        at = lowered.find(key, at + 1)
            else:
                numbers = set(range(len(self.starts)))
            starts: list[int] = []
            ends: list[int] = []
            for number in sorted(numbers):
                line = self.line(number)
                if is_noise_line(line.text):
                    starts.append(line.start)
                    ends.append(line.end)
            self._noise = (starts, ends)
        return self._noise

    def is_noise(self, line: Line) -> bool:
        """Whether ``line`` (a line of this text) is page furniture."""
        starts = self.noise()[0]
        at = bisect.bisect_left(starts, line.start)
        return at < len(starts) and starts[at] == line.start

    def where(self, offset: int) -> str:
        """A human position: "line 12, offset 345"."""
        return f"line {self.line_number(offset) + 1}, offset {offset}"


def strip_noise(text: str, start: int, end: int, index: LineIndex) -> list[tuple[int, int]]:
    """The pieces of [start, end) that are not page furniture lines."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    starts, ends = index.noise()
    first = bisect.bisect_left(starts, index.starts[index.line_number(start)])
    for number in range(first, len(starts)):
        line_start, line_end = starts[number], ends[number]
        if line_start >= end:
            break
        if line_end <= start:
            continue
        if line_start > cursor:
            pieces.append((cursor, line_start))
        cursor = max(cursor, min(end, line_end))
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def collapse(
    text: str, start: int = 0, end: int | None = None, index: LineIndex | None = None
) -> str:
    """Whitespace collapsed to single spaces, ends trimmed, page furniture dropped."""
    stop = len(text) if end is None else end
    if index is None:
        return " ".join(text[start:stop].split())
    pieces = (" ".join(text[a:b].split()) for a, b in strip_noise(text, start, stop, index))
    return " ".join(piece for piece in pieces if piece)


@dataclass(frozen=True)
class Collapsed:
    """Collapsed text plus, for each of its characters, the offset it came from."""

    text: str
    offsets: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The original range covering collapsed characters [start, end)."""
        if end <= start:
            at = (
                self.offsets[start]
                if start < len(self.offsets)
                else (self.offsets[-1] + 1 if self.offsets else 0)
            )
            return (at, at)
        return (self.offsets[start], self.offsets[end - 1] + 1)


_WS = re.compile(r"\s+")


def collapse_with_map(text: str, start: int, end: int) -> Collapsed:
    """Collapse [start, end) like `collapse`, remembering where each character came from."""
    out: list[str] = []
    offsets: list[int] = []
    cursor = start
    for match in _WS.finditer(text, start, end):
        if match.start() > cursor:
            out.append(text[cursor : match.start()])
            offsets.extend(range(cursor, match.start()))
        if offsets and match.end() < end:
            out.append(" ")
            offsets.append(match.start())
        cursor = match.end()
    if cursor < end:
        out.append(text[cursor:end])
        offsets.extend(range(cursor, end))
    return Collapsed("".join(out), tuple(offsets))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
