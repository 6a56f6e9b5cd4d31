"""The faster scans give the same answers as the plain patterns they replace: cues found
without their leading word boundary (checked by hand), case numbers found by a literal scan,
control bytes counted by translation, page-furniture lines found once per letter, and case-blind
patterns tried only where their key words are."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from parsing import header
from parsing.items import ISSUES_HEADING, issues_heading
from parsing.loading import _looks_binary
from parsing.text import LineIndex, is_noise_line, keyed_finditer, strip_noise

PIECES = [
    "UR on 1/2/2016", "xUR on 1/2/2016", "éUR dated 1/2/2016", "_UR of 1/2/2016",
    "Date of Injury: 1/2/2016", "xDate of Injury: 1/2/2016", "UR", "on", " ", "\n", "x", "é",
    "1/2/2016", "CM16-1234567", "xCM16-1234567", "_CM16-1234567", "CM16-12345678", ".",
    "UR Denial Date: 1/2/2016", "Date of UR: 3/4/2015", "ur decision date : 1/2/16", "DOI 1/2/2016",
    "date of the injury was 1/2/2016", "industrial injury on 1/2/2016", "work-related injuries of",
    "Work related injury dated 1/2/2016", "specific", "ſpecific", "\u212a", "\u0130", "ur", ":",
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
        assert [m.span() for m in header.scan(pattern, text)] == [
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


NOISE_PIECES = [
    "Page 2 of 5", "page 3", "Case Number: CM16-1234567", "CM16-1234567", "IMR Case CM15-12345",
    "Final Determination Letter for IMR Case Number CM16-0219557 Page 1 of 4", "  ", "\t",
    "\n", "\n\n", "Decision rationale: ", "x", "Page", " Page 7 ", "é", "12", "İ", "PAGE 2",
]  # fmt: skip
NOISY = st.lists(st.sampled_from(NOISE_PIECES), max_size=30).map("".join)


def _strip_noise_line_by_line(text, start, end, index):
    """strip_noise as it was: every line of the range tested on its own."""
    pieces, cursor = [], start
    for line in index.lines(index.starts[index.line_number(start)], end):
        if line.end <= start:
            continue
        if is_noise_line(line.text):
            if line.start > cursor:
                pieces.append((cursor, line.start))
            cursor = max(cursor, min(end, line.end))
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


@given(NOISY, st.data())
def test_noise_lines_found_once_are_the_lines_tested_one_by_one(text, data):
    index = LineIndex(text)
    lines = list(index.lines())
    assert [index.is_noise(line) for line in lines] == [is_noise_line(ln.text) for ln in lines]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert strip_noise(text, start, end, index) == _strip_noise_line_by_line(
        text, start, end, index
    )


KEYED_PIECES = [
    "IMR ISSUES, DECISIONS AND RATIONALES", "imr  issues decisions, and rationale", "IMR", "ımr", "ımr issues, decisions and rationales",
    "\u0130MR ISSUES, DECISIONS AND RATIONALES", "ISSUES", "48 year old male", "48-year-old woman",
    "7 yrs man", "52 y/o female", "130 year old man", "Year", "YEAR-OLD", "ſ", "\u212a", "x",
    " ", "\n", "12", "4", "male", "old ", "-",
]  # fmt: skip
KEYED = st.lists(st.sampled_from(KEYED_PIECES), max_size=25).map("".join)


def _age_and_sex_scanning_all(text):
    for match in header._AGE_SEX.finditer(text):
        if int(match.group("age")) <= 120:
            return match.span("age"), match.span("sex")
    return None


@given(KEYED)
def test_keyed_scans_find_what_the_whole_letter_scan_finds(text):
    found = issues_heading(text)
    plain = ISSUES_HEADING.search(text)
    assert (found and found.span()) == (plain and plain.span())
    age, sex = header.age_and_sex(text)
    expected = _age_and_sex_scanning_all(text)
    assert (age and ((age.start, age.end), (sex.start, sex.end))) == expected

    spans = [m.span() for m in keyed_finditer(header._AGE_SEX, text, header._YEARS, 10)]
    assert spans == [m.span() for m in header._AGE_SEX.finditer(text)]
