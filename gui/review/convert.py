"""The one converter from text to a field value, for what a reviewer types and for words
selected in the letter.

Each kind has one rule (dates as ISO strings, whole numbers, a field's own choices, lists
separated by semicolons: "contusion of face, scalp and neck; cervical sprain" is two diagnoses,
as real letters write them, so a comma inside one never splits it). Selected letter text is
prose around a value, so it is first narrowed to the value it holds: the number in "# 30.00",
the quantity after "#" in "Norco 10/325mg #120" (a strength is passed over), the choice word
in "the denial is overturned", a list's commas and "and" read as separators
("a, b and c"), line breaks as spaces; then the same rules apply.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from parsing.dates import parse_date

from .errors import InputError
from .paths import FieldPath
from .words import field_name

DATE_HINT = "use 2015-07-28, 07/28/2015 or July 28, 2015"
SYNONYMS = {"woman": "female", "lady": "female", "man": "male", "gentleman": "male"}
NUMBER = re.compile(r"\d+(?:\.\d+)?")
WHOLE = re.compile(r"-?\d+(?:\.0*)?")
MARKED = re.compile(r"#\s*(\d+(?:\.\d+)?)")  # the letters write a quantity "#120"
# A strength ("10/325mg", "7.5 mg", "5%"): a number beside it is not the value selected
STRENGTH = re.compile(
    r"\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)+|\d+(?:\.\d+)?\s*(?:%|(?:mg|mcg|ml|gm?|units?|iu)(?![a-z]))",
    re.IGNORECASE,
)
MOST_DIGITS = 15  # every export's reader keeps a whole number this long exactly (JSON in JS too)
PROSE_SEPARATOR = re.compile(r",|\band\b")


def convert(path: FieldPath, text: str) -> Any:
    """The JSON value ``text`` stands for in the field at ``path``; raises InputError."""
    words = text.strip()
    kind = path.kind
    if not words:
        return [] if kind == "list" else None
    if kind == "date":
        day = parse_date(words) or _iso(words)
        if day is None:
            raise InputError(f"“{words}” is not a date: {DATE_HINT}")
        return day.isoformat()
    if kind == "int":
        words = words.removeprefix("#").lstrip()  # "#90", as the letters write a quantity
        if not WHOLE.fullmatch(words):
            raise InputError(f"“{words}” is not a whole number")
        digits = words.split(".")[0]
        if len(digits.lstrip("-")) > MOST_DIGITS:
            raise InputError(f"“{words}” is longer than a number here can be ({MOST_DIGITS} digits)")
        return int(digits)  # exact: no float on the way (23 nines had become 1e23)
    if kind == "choice":
        lowered = SYNONYMS.get(words.lower(), words.lower())
        if lowered not in path.choices:
            raise _not_a_choice(path, words)
        return lowered
    if kind == "list":
        return [p for p in (x.strip() for x in words.split(";")) if p]
    return words


def typed(path: FieldPath, text: str) -> tuple[Any, str | None]:
    """(value, None) for what was typed in a field's box, or (None, what is wrong with it)."""
    try:
        return convert(path, text), None
    except InputError as error:
        return None, str(error)


def from_selection(path: FieldPath, text: str) -> Any:
    """The value selected letter words give the field at ``path``; raises InputError."""
    words = " ".join(text.split())
    if not words:
        raise InputError("select some words in the letter first")
    return convert(path, narrow(path, words))


def narrow(path: FieldPath, words: str) -> str:
    """The part of selected prose that holds the value."""
    kind = path.kind
    if kind == "int":
        marked = MARKED.search(words)
        if marked is not None:
            return marked.group(1).split(".")[0]
        found = NUMBER.search(STRENGTH.sub(" ", words)) or NUMBER.search(words)
        if found is None:
            raise InputError(f"“{words}” holds no number")
        return found.group(0).split(".")[0]
    if kind == "choice":
        lowered = words.lower()
        for word in (*path.choices, *SYNONYMS):
            if SYNONYMS.get(word, word) in path.choices and re.search(rf"\b{word}\b", lowered):
                return word
        raise _not_a_choice(path, words)
    if kind == "list":
        return PROSE_SEPARATOR.sub(";", words)
    return words


def _not_a_choice(path: FieldPath, words: str) -> InputError:
    return InputError(
        f"“{words}” is not one of the choices for {field_name(str(path))}: {', '.join(path.choices)}"
    )


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
