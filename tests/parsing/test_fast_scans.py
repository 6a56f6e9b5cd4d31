"""The faster scans give the same answers as the plain patterns they replace: cues found
without their leading word boundary (checked by hand), case numbers found by a literal scan, and
control bytes counted by translation."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from parsing import header
from parsing.loading import _looks_binary

PIECES = [
    "UR on 1/2/2016", "xUR on 1/2/2016", "éUR dated 1/2/2016", "_UR of 1/2/2016",
    "Date of Injury: 1/2/2016", "xDate of Injury: 1/2/2016", "UR", "on", " ", "\n", "x", "é",
    "1/2/2016", "CM16-1234567", "xCM16-1234567", "_CM16-1234567", "CM16-12345678", ".",
]  # fmt: skip
WORDS = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@given(WORDS)
def test_cues_match_where_the_word_bounded_patterns_match(text):
    for pattern, _ in header._INJURY_CUES + header._UR_CUES:
        fast = header._FAST.get(pattern)
        if fast is not None:
            assert [m.span() for m in header._at_words(fast, text)] == [
                m.span() for m in pattern.finditer(text)
            ]


@given(WORDS)
def test_case_numbers_found_as_by_the_word_bounded_pattern(text):
    plain = re.compile(r"\b(?P<v>CM\d{2}-\d{4,8})\b")
    _, seen = header.case_number(text)
    assert seen == {m.group("v") for m in plain.finditer(text)}


@given(st.binary(max_size=300))
def test_control_bytes_counted_as_before(data):
    control = sum(1 for b in data if b < 9 or 13 < b < 32)
    assert _looks_binary(data) == (b"\x00" in data or control > len(data) * 0.1)
