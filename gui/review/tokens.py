"""Selections that snap to what a coder means: a drug with its strength and quantity ("Norco
10/325mg #120"), a date ("June 24, 2014", "07/28/2015"), a word with its inner punctuation, a
whole line. Pure functions over the canonical text and a selection (offsets in, offsets out).

`snap_to_token` is the first step from a caret or a rough selection; `grow_selection` is the
next press: word, then the token around it, then the whole line.
"""

from __future__ import annotations

import re

from parsing.dates import DATE_RE

_NAME = r"[A-Z][A-Za-z-]*(?:[ ]?/[A-Za-z][A-Za-z-]*)*"
_STRENGTH = r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)*[ ]?(?i:mg|mcg|µg|g|ml|units?|%)(?![A-Za-z])"
_QUANTITY = r"(?:[ ]?\#[ ]?\d+)?"
# A drug's name may end a printed line, its strength start the next (the reading view joins
# them: "Norco" / "10/325mg #35"); a blank line between ends a paragraph, and the token.
DRUG_RE = re.compile(rf"(?:{_NAME}(?:[ ]+|[ ]*\n[ ]*))?{_STRENGTH}{_QUANTITY}")
_INNER = "/.-'"  # inside a word between letters or digits: 10/325mg, 0.5mg, Hydrocodone-APAP


def snap_to_token(text: str, start: int, end: int) -> tuple[int, int]:
    """The token a coder means by a caret or selection: the drug-with-strength or date that
    holds it, else the whole words it touches."""
    start, end = _clamp(text, start, end)
    word = _words(text, start, end)
    for token in (*_matches(DRUG_RE, text, *word), *_matches(DATE_RE, text, *word)):
        if token[0] <= word[0] and word[1] <= token[1]:
            return token
    return word


def grow_selection(text: str, start: int, end: int) -> tuple[int, int]:
    """The next larger unit around a selection: its words, the token, then the whole line."""
    start, end = _clamp(text, start, end)
    token = snap_to_token(text, start, end)
    if token == (start, end) and start < end:  # a whole token already: the line is next
        return line_span(text, start, end)
    for step in (_words(text, start, end), token):
        if step[0] <= start and end <= step[1] and step != (start, end):
            return step
    return line_span(text, start, end)


def word_end(text: str, at: int) -> int:
    """Where moving a word forward from ``at`` stops: the end of the next word, across line
    ends and blank lines, a strength ("10/325mg") being one word."""
    at = max(0, min(at, len(text)))
    while at < len(text) and not _is_word(text, at):
        at += 1
    while at < len(text) and _is_word(text, at):
        at += 1
    return at


def word_start(text: str, at: int) -> int:
    """Where moving a word back from ``at`` stops: the start of the word before it."""
    at = max(0, min(at, len(text)))
    while at > 0 and not _is_word(text, at - 1):
        at -= 1
    while at > 0 and _is_word(text, at - 1):
        at -= 1
    return at


def line_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The whole line(s) around a selection, without the spaces at their ends."""
    end = start if end is None else end
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", max(end, start))
    last = len(text) if last < 0 else last
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return (first, last) if first <= start and end <= last else (min(first, start), max(last, end))


def _clamp(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    start, end = min(start, end), max(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_word(text: str, at: int) -> bool:
    if not 0 <= at < len(text):
        return False
    char = text[at]
    if char.isalnum():
        return True
    if char not in _INNER or not 0 < at < len(text) - 1:
        return False
    before, after = text[at - 1], text[at + 1]
    if char == ".":  # 0.5mg, U.S., but not the end of a sentence: "2014.In"
        return (before.isdigit() and after.isdigit()) or (before.isalpha() and after.isalpha())
    return before.isalnum() and after.isalnum()


def _words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow to whole words (a caret between words takes the word after it, else before)."""
    if start == end and not _is_word(text, start) and _is_word(text, start - 1):
        start -= 1
        end = start + 1
    while start > 0 and _is_word(text, start - 1) and (start == end or _is_word(text, start)):
        start -= 1
    while end < len(text) and _is_word(text, end) and (end == start or _is_word(text, end - 1)):
        end += 1
    return start, end


def _matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matches of ``pattern`` near a span (searched in the surrounding lines)."""
    window_start = max(0, text.rfind("\n", 0, max(0, start - 200)) + 1)
    window_end = text.find("\n", min(len(text), end + 200))
    window_end = len(text) if window_end < 0 else window_end
    return [m.span() for m in pattern.finditer(text, window_start, window_end)]
