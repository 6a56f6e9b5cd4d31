"""Property-based tests: the parser never raises, spans stay inside the text, each scalar's span
holds the words it was read from, and synthetic letters come back exactly as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import DATE_STYLES, DX_PHRASES, UR_PHRASES, SynthItem, SynthLetter, render

from parsing import Determination, Layout, Letter, Sex, canonical_text, parse_text
from parsing.dates import parse_date
from parsing.request import quantity_of
from parsing.text import LineIndex, collapse


def check_invariants(text: str, letter: Letter) -> None:
    """What must hold for every parse of every text."""
    assert not any(w.startswith("internal parser error") for w in letter.warnings), letter.warnings
    n = len(text)
    for path, (start, end) in letter.spans.items():
        assert 0 <= start <= end <= n, (path, start, end, n)
    for item in letter.items:
        if item.rationale is not None:
            assert 0 <= item.rationale.start <= item.rationale.end <= n
    assert all(0.0 <= c <= 1.0 for c in letter.confidence.values())
    # Each scalar's span covers the words it was read from.
    if letter.date_of_injury:
        assert parse_date(text[slice(*letter.spans["date_of_injury"])]) == letter.date_of_injury
    if letter.ur_date:
        assert parse_date(text[slice(*letter.spans["ur_date"])]) == letter.ur_date
    if letter.patient_age is not None:
        assert int(text[slice(*letter.spans["patient_age"])]) == letter.patient_age
    if letter.case_number:
        assert text[slice(*letter.spans["case_number"])].upper() == letter.case_number
    for k, item in enumerate(letter.items):
        if item.quantity is not None:
            assert quantity_of(text[slice(*letter.spans[f"items.{k}.quantity"])]) == item.quantity
        if letter.layout is Layout.IMR_2014 and item.determination:
            assert (
                text[slice(*letter.spans[f"items.{k}.determination"])].lower()
                == item.determination.value
            )
        if item.treatment:
            start, end = letter.spans[f"items.{k}.treatment"]
            assert item.treatment.split()[0] in text[start:end]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_never_raises(text):
    text = canonical_text(text)
    check_invariants(text, parse_text(text))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_binary_garbage_never_raises(data):
    text = canonical_text(data.decode("latin-1"))
    check_invariants(text, parse_text(text))


# Text built from the letter's own vocabulary finds the parser's edge cases faster than random text.
VOCAB = st.sampled_from(
    ["Upheld", "Overturned", ": ", ":", "\n", " \n\n", "Page 2 of 5", "Case Number: CM15-0148723", "#30",
     "# 30", "Qty: 30.00", "x 12 sessions", "Soma 350 MG", "Claims Administrator guideline:",
     "MAXIMUS guideline:", "Decision rationale:", "set forth below:", "IMR ISSUES, DECISIONS AND RATIONALES",
     "date of injury of", "June 24, 2014", "9-3-15", "13/45/2015", "Utilization Review dated", "44 year-old female",
     "999-year-old male", "diagnosed with", " and ", ", ", ".", "State(s) of Licensure:", "Board Certified in",
     "licensed to practice in", "MAXIMUS Federal Services, Inc. has determined the request for",
     "is not medically necessary and appropriate", "Rationale for the Decision:", "\r\n", "\t", "é", "\u202e", "😀"]
)  # fmt: skip


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(VOCAB, st.text(max_size=8)), max_size=60))
def test_letter_vocabulary_soup_never_raises(pieces):
    text = canonical_text("".join(pieces))
    check_invariants(text, parse_text(text))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["000", "001", "003"]), st.data())
def test_mutated_seed_letters(prefix, data):
    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    (path,) = samples.glob(f"{prefix}_*.txt")
    text = path.read_text()
    n = len(text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    op = data.draw(st.sampled_from(["cut", "duplicate", "swap", "truncate"]))
    if op == "cut":
        text = text[:a] + text[b:]
    elif op == "duplicate":
        text = text[:b] + text[a:b] + text[b:]
    elif op == "swap":
        text = text[a:b] + text[:a] + text[b:]
    else:
        text = text[:a]
    text = canonical_text(text)
    check_invariants(text, parse_text(text))


# --- synthetic letters round-trip ---------------------------------------------------------

dates = st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2030, 12, 31))
drug = st.sampled_from(["Soma", "Norco", "Percocet", "Xanax", "Ambien", "Opana ER", "Urine drug screen",
                        "Physical therapy", "Lidoderm patches"])  # fmt: skip
items = st.builds(
    SynthItem,
    treatment=drug,
    strength=st.sampled_from([None, "350 MG", "10/325mg", "0.5mg", "5%"]),
    quantity=st.one_of(st.none(), st.integers(1, 999)),
    quantity_style=st.sampled_from(["#", "# ", "qty", "count", "x sessions", "quantity"]),
    refills=st.sampled_from(["", " with No Refill", " with 3 refills"]),
    determination=st.sampled_from(["Upheld", "Overturned"]),
    ca_guideline=st.just(
        "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80."
    ),
    reviewer_guideline=st.just("Decision based on Non-MTUS Citation ODG Pain Chapter."),
    rationale=st.lists(
        st.sampled_from(
            [
                "The request is not supported.",
                "Guidelines allow a short course.",
                "No functional improvement was shown.",
            ]
        ),
        min_size=1,
        max_size=12,
    ).map(" ".join),
    wrap_header=st.booleans(),
)


@st.composite
def letters(draw):
    age_sex = draw(
        st.one_of(st.none(), st.tuples(st.integers(18, 99), st.sampled_from(["female", "male"])))
    )
    return SynthLetter(
        items=draw(st.lists(items, min_size=1, max_size=8)),
        case_number=draw(st.one_of(st.none(), st.from_regex(r"CM1[3-6]-\d{7}", fullmatch=True))),
        cover=draw(st.booleans()),
        date_of_injury=draw(st.one_of(st.none(), dates)),
        doi_style=draw(st.sampled_from(DATE_STYLES)),
        doi_phrase=draw(st.integers(0, 3)),
        ur_date=draw(st.one_of(st.none(), dates)),
        ur_style=draw(st.sampled_from(DATE_STYLES)),
        ur_phrase=draw(st.integers(0, len(UR_PHRASES) - 1)),
        age=age_sex[0] if age_sex else None,
        sex=age_sex[1] if age_sex else None,
        age_style=draw(st.sampled_from(["{age}-year-old {sex}", "{age} year-old {sex}", "{age} year old {sex}"])),
        licensure=draw(st.lists(st.sampled_from(["California", "Texas", "New York", "Ohio"]), min_size=1, max_size=3, unique=True)),
        specialties=draw(st.lists(st.sampled_from(["Orthopaedic Surgery", "Internal Medicine", "Physical Medicine and Rehabilitation"]), min_size=1, max_size=1)),
        credential_lines=draw(st.booleans()),
        diagnoses=draw(st.lists(st.sampled_from(["lumbago", "cervical disc displacement", "chronic pain syndrome"]), max_size=3, unique=True)),
        dx_phrase=draw(st.integers(0, len(DX_PHRASES) - 1)),
        line_style=draw(st.sampled_from(["pdf", "plain", "crlf"])),
        footers=draw(st.booleans()),
        filler_sentences=draw(st.integers(0, 20)),
    )  # fmt: skip


def _two_digit_year_ok(day: dt.date | None, style: str) -> bool:
    return day is None or "yyyy" in style or (1941 <= day.year <= 2040)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters())
def test_synthetic_letters_round_trip(truth):
    text = canonical_text(render(truth))
    got = parse_text(text)
    index = LineIndex(text)
    check_invariants(text, got)
    assert got.layout is Layout.IMR_2014
    assert got.case_number == truth.case_number
    if _two_digit_year_ok(truth.date_of_injury, truth.doi_style):
        assert got.date_of_injury == truth.date_of_injury
    if _two_digit_year_ok(truth.ur_date, truth.ur_style):
        assert got.ur_date == truth.ur_date
    assert got.patient_age == truth.age
    assert got.patient_sex == (Sex(truth.sex) if truth.sex else None)
    assert got.reviewer_licensure == truth.licensure
    assert got.reviewer_specialties == truth.specialties
    assert got.diagnoses == truth.diagnoses
    assert [i.request for i in got.items] == [" ".join(t.request.split()) for t in truth.items]
    assert [i.determination for i in got.items] == [
        Determination(t.determination.lower()) for t in truth.items
    ]
    assert [i.quantity for i in got.items] == [t.quantity for t in truth.items]
    for item, t in zip(got.items, truth.items, strict=True):
        # The span is contiguous, so a page footer inside it stays; its value drops the footer.
        assert collapse(text, item.rationale.start, item.rationale.end, index) == t.rationale
        assert item.claims_administrator_guideline == t.ca_guideline
        assert item.treatment.split()[0] == t.treatment.split()[0]
