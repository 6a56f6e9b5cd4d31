"""Whether a span of the letter supports a field's value: the rule that keeps gold consistent.

A field's span says "the value comes from here". Gold must never contradict itself, so a span
whose text does not support its value is dropped (a typed correction over the parser's "is"
keeps no source) and every export and `imr-review check` report any record that breaks the rule.

Support is read generously where the parser normalises what it reads, and strictly otherwise:
- text: the value's words appear in the span in order (case, spacing, punctuation and words in
  between aside: "Lidocaine patch" is read from "Lidocaine 5% patch"), or the span reads as the
  same words with a slip of spelling (a misspelt drug the parser corrected) and every number of
  the value is in it (a case number or a count one digit off is another value, not a slip);
- date: a date in the span is the value;
- int: a number in the span is the value, or the product of its numbers is ("2 times a week for
  6 weeks" is 12), numbers written as words too ("Twelve"; "twice a week for three weeks" is 6),
  or the value is 0 and the span says so ("No Refill");
- choice: the span says the choice (a determination's words, a patient's sex);
- list: every element is supported by the span;
- span (the rationale): its value is its own span.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections import Counter
from collections.abc import Iterator
from enum import Enum
from typing import Any

from .dates import DATE_RE, parse_date
from .edits import HEADER_FIELDS, ITEM_FIELDS
from .request import WORD_NUMBERS
from .schema import Letter

KINDS = {f.name: f.kind for f in (*HEADER_FIELDS, *ITEM_FIELDS)} | {
    "date_assigned": "date",
    "priority": "text",
    "strength": "text",
    "generic_name": "text",
    "refills": "int",
}
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")  # 1,000 / 7.5 / .5
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|[A-Za-z]+(?:-[A-Za-z]+)?")
_SPOKEN = {**WORD_NUMBERS, "once": 1, "twice": 2}
_ZERO = re.compile(r"\b(?:no|none|zero|without)\b", re.IGNORECASE)
_CHOICE_WORDS = {
    "upheld": re.compile(
        r"upheld|uphold|not\s*medically\s*necessary|not\s*necessary|non-?certif|denied|not\s*(?:be\s*)?approved",
        re.IGNORECASE,
    ),
    "overturned": re.compile(
        r"overturn|medically\s*necessary|certif|approved|necessary", re.IGNORECASE
    ),
    "female": re.compile(r"\b(?:female|woman|lady|she|her|f)\b", re.IGNORECASE),
    "male": re.compile(r"\b(?:male|man|gentleman|he|him|his|m)\b", re.IGNORECASE),
}
FUZZY_AT_LEAST = 0.8


def kind_of(path: str) -> str:
    """The kind of value at a field path or a list element path (``diagnoses.2`` is text)."""
    parts = path.split(".")
    name = parts[2] if parts[0] == "items" and len(parts) >= 3 else parts[0]
    kind = KINDS.get(name, "text")
    element = len(parts) == (4 if parts[0] == "items" else 2)
    return "text" if element and kind == "list" else kind


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _numbers(text: str) -> Counter[float]:
    """The numbers written in ``text``, each as often as it is written ("1,000" and "1000" are
    one number, ".5" and "0.5" another, "01" and "1" another)."""
    return Counter(float(found.replace(",", "")) for found in _DIGITS.findall(text))


def _text_supported(value: str, text: str) -> bool:
    wanted, found = _words(value), _words(text)
    if not wanted:
        return not value.strip()
    remaining = iter(found)
    if all(word in remaining for word in wanted):  # in order, perhaps with words between
        return True
    if _numbers(value) - _numbers(text):
        return False  # a number is a fact, not a spelling: #25 is not read from "#35"
    joined = " ".join(wanted)
    # The parser corrects misspellings ("Somma" is Soma): a close reading of the same length.
    for start in range(max(1, len(found) - len(wanted) + 1)):
        window = " ".join(found[start : start + len(wanted)])
        if difflib.SequenceMatcher(None, joined, window).ratio() >= FUZZY_AT_LEAST:
            return True
    return False


def _int_supported(value: int, text: str) -> bool:
    numbers = []
    for token in _NUMBER.findall(text):
        if token[0].isdigit():
            numbers.append(float(token.replace(",", "")))
        elif token.lower() in _SPOKEN:
            numbers.append(float(_SPOKEN[token.lower()]))
    if any(n == value for n in numbers):
        return True
    if len(numbers) >= 2 and math.prod(numbers) == value:
        return True
    return value == 0 and bool(_ZERO.search(text))


def _date_supported(value: str, text: str) -> bool:
    for found in DATE_RE.finditer(text):
        day = parse_date(found.group(0))
        if day is not None and day.isoformat() == value:
            return True
    day = parse_date(text.strip())
    return day is not None and day.isoformat() == value


def supports(kind: str, value: Any, text: str) -> bool:
    """Whether letter text ``text`` (a span's) supports ``value`` of a field of ``kind``."""
    if value is None or value == "" or value == []:
        return False  # an empty field has no source
    if kind == "list":
        return all(supports("text", element, text) for element in value)
    if kind == "date":
        return _date_supported(str(value), text)
    if kind == "int":
        return isinstance(value, int) and _int_supported(value, text)
    if kind == "choice":
        pattern = _CHOICE_WORDS.get(str(value))
        return bool(pattern and pattern.search(text)) or _text_supported(str(value), text)
    return _text_supported(str(value), text)


def _field(letter: Letter, parts: list[str]) -> tuple[bool, Any]:
    """The value at a field path's parts, read off the model (no JSON dump)."""
    if parts[0] == "items":
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) >= len(letter.items):
            return False, None
        owner: Any = letter.items[int(parts[1])]
        name = parts[2]
    else:
        if len(parts) != 1:
            return False, None
        owner, name = letter, parts[0]
    if name not in type(owner).model_fields:
        return False, None
    return True, getattr(owner, name)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _span_value(letter: Letter, path: str) -> tuple[bool, Any]:
    """The value a span path speaks for: (False, None) when the path names no value."""
    parts = path.split(".")
    if parts[-1].isdigit() and len(parts) in (2, 4):  # a list element: diagnoses.1
        known, values = _field(letter, parts[:-1])
        index = int(parts[-1])
        if not known or not isinstance(values, list) or index >= len(values):
            return False, None
        return True, _plain(values[index])
    known, value = _field(letter, parts)
    return known, _plain(value)


def contradictions(letter: Letter, text: str) -> Iterator[str]:
    """The span paths of ``letter`` whose text (in the letter ``text``) does not support the value."""
    for path, span in letter.spans.items():
        known, value = _span_value(letter, path)
        if not known:
            yield path
            continue
        if kind_of(path) == "span":
            if value != span:
                yield path
            continue
        if span.end > len(text) or not supports(kind_of(path), value, text[span.start : span.end]):
            yield path


def without_contradictions(letter: Letter, text: str) -> Letter:
    """``letter`` less every span that contradicts its value (the same object when none does)."""
    bad = set(contradictions(letter, text))
    if not bad:
        return letter
    spans = {path: span for path, span in letter.spans.items() if path not in bad}
    return letter.model_copy(update={"spans": spans})
