"""One converter for typed text and selected letter words: same rules, prose narrowed first."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.review.convert import convert, from_selection, typed
from gui.review.errors import InputError
from gui.review.paths import FieldPath
from gui.review.words import list_text

QUANTITY, SEX, DETERMINATION = (
    FieldPath("quantity", 0),
    FieldPath("patient_sex"),
    FieldPath("determination", 0),
)
UR_DATE, DIAGNOSES = FieldPath("ur_date"), FieldPath("diagnoses")


def test_selected_prose_is_narrowed_to_its_value():
    assert from_selection(QUANTITY, "# 30.00") == 30
    assert from_selection(DETERMINATION, "the denial is Overturned.") == "overturned"
    assert from_selection(SEX, "a 52-year-old woman") == "female"
    assert from_selection(SEX, "a 52-year-old female") == "female"
    assert from_selection(DIAGNOSES, "lumbago, sciatica and gout") == [
        "lumbago",
        "sciatica",
        "gout",
    ]
    assert from_selection(UR_DATE, "9-3-15") == "2015-09-03"
    assert from_selection(FieldPath("case_number"), "CM15-\n  0148723") == "CM15- 0148723"


def test_typed_text_follows_the_same_rules():
    assert typed(UR_DATE, "July 28, 2015") == ("2015-07-28", None)
    assert typed(UR_DATE, "2015-07-28") == ("2015-07-28", None)
    assert typed(QUANTITY, " 30 ") == (30, None)
    assert typed(DIAGNOSES, "lumbago; sciatica") == (["lumbago", "sciatica"], None)
    assert typed(DIAGNOSES, "strain of face, scalp and neck") == (
        ["strain of face, scalp and neck"], None)  # fmt: skip
    assert typed(DIAGNOSES, "") == ([], None)
    assert typed(UR_DATE, "  ") == (None, None)


def test_what_does_not_fit_is_refused_with_a_reason():
    assert "not a date" in (typed(UR_DATE, "yesterday")[1] or "")
    assert "whole number" in (typed(QUANTITY, "30 tablets")[1] or "")
    assert "whole number" in (typed(QUANTITY, "30.5")[1] or "")
    with pytest.raises(InputError, match="holds no number"):
        from_selection(QUANTITY, "thirty")
    with pytest.raises(InputError, match="not one of the choices for Item 1 determination"):
        from_selection(DETERMINATION, "a 52-year-old female")  # a choice of another field
    with pytest.raises(InputError, match="select some words"):
        from_selection(UR_DATE, " \n ")


def test_a_long_number_is_kept_exactly_or_refused():
    """A number typed is the number kept: 23 nines had become 99999999999999991611392 (through a
    float), stored as 1e23; a minus sign is a number below 0, not "not a whole number"."""
    assert typed(QUANTITY, "123456789012345") == (123456789012345, None)
    assert typed(QUANTITY, "120.00") == (120, None)
    value, error = typed(QUANTITY, "99999999999999999999999")
    assert value is None and error is not None and "15 digits" in error
    assert typed(QUANTITY, "-3") == (-3, None)  # the field's own rule then refuses it


@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_a_date_reads_the_same_typed_or_selected(day):
    for text in (day.isoformat(), day.strftime("%m/%d/%Y"), day.strftime("%B %d, %Y")):
        assert convert(UR_DATE, text) == from_selection(UR_DATE, text) == day.isoformat()


@given(number=st.integers(0, 10**6))
def test_a_number_reads_the_same_typed_or_selected(number):
    assert convert(QUANTITY, str(number)) == from_selection(QUANTITY, f"#{number}") == number


@given(
    parts=st.lists(
        st.from_regex(r"[A-Za-z][A-Za-z ]{0,12}[A-Za-z]", fullmatch=True), min_size=1, max_size=4
    )
)
def test_a_list_reads_the_same_typed_or_selected(parts):
    parts = [" ".join(p.split()) for p in parts if "and" not in p.lower().split()]
    expected = [p for p in parts if p]
    assert convert(DIAGNOSES, "; ".join(parts)) == from_selection(DIAGNOSES, ", ".join(parts)) == expected


@given(
    values=st.lists(
        st.text(alphabet="ab ,.-/()\u00e9", min_size=1, max_size=20).map(str.strip).filter(bool),
        max_size=4,
    )
)
def test_a_list_shown_in_its_field_reads_back_as_the_same_list(values):
    """Commas are part of a diagnosis ("contusion of face, scalp and neck"): the text a list
    field shows is read back element for element, so confirming it changes nothing."""
    assert convert(DIAGNOSES, list_text(values)) == values


def test_a_quantity_is_the_number_after_the_hash_never_the_strength():
    assert from_selection(QUANTITY, "Norco 10/325mg #120") == 120
    assert from_selection(QUANTITY, "Cyclobenzaprine 7.5mg # 27") == 27
    assert from_selection(QUANTITY, "Lidoderm 5% patches, 30 patches") == 30
    assert from_selection(QUANTITY, "Tramadol 50 mg, 60 tablets") == 60
    assert from_selection(QUANTITY, "12 sessions of physical therapy") == 12
    assert from_selection(QUANTITY, "Norco 10/325mg") == 10  # nothing else: the first number
    assert typed(QUANTITY, "#90") == (90, None)
    assert typed(QUANTITY, "# 90") == (90, None)
    assert "whole number" in (typed(QUANTITY, "#") [1] or "")
