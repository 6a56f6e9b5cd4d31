"""Dates as IMR letters write them: 03/01/2006, 3-24-2003, 9-3-15, 7/18/14, June 24, 2014."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# A date as written, without capturing groups, for embedding in cue patterns. Whitespace
# inside a month-name date may be a PDF line break (" \n\n").
DATE = (
    r"(?:(?<![\w/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2}))(?![\w/-])"
    rf"|\b{_MONTH_NAME}\.?\s{{1,8}}\d{{1,2}}(?:st|nd|rd|th)?\s{{0,8}},?\s{{0,8}}\d{{4}}\b)"
)

_NUMERIC = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})")
_NAMED = re.compile(
    rf"({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})", re.IGNORECASE
)
DATE_RE = re.compile(DATE, re.IGNORECASE)

# Two-digit years: letters date from 2013 on; injuries reach back decades.
_PIVOT = 40


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= _PIVOT else 1900
    return year


def parse_date(text: str) -> dt.date | None:
    """The date a string holds in full, or None when it is not exactly one valid date."""
    candidate = text.strip()
    numeric = _NUMERIC.fullmatch(candidate)
    try:
        if numeric:
            month, day = int(numeric.group(1)), int(numeric.group(3))
            return dt.date(_year(numeric.group(4)), month, day)
        named = _NAMED.fullmatch(candidate)
        if named:
            month = _MONTHS[named.group(1)[:3].lower()]
            return dt.date(int(named.group(3)), month, int(named.group(2)))
    except ValueError:
        return None
    return None
