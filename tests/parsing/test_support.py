"""When a span of the letter supports a field's value (the rule that keeps gold consistent)."""

from __future__ import annotations

import pytest

from parsing import Span
from parsing.edits import set_span, set_value
from parsing.support import contradictions, kind_of, supports, without_contradictions


@pytest.mark.parametrize(
    ("kind", "value", "text", "expected"),
    [
        ("text", "Partial Hospitalization day treatment", "is", False),
        ("text", "Soma", "Soma 350 MG #30", True),
        ("text", "Lidocaine patch", "Lidocaine 5% patch", True),  # words between
        ("text", "patch Lidocaine", "Lidocaine 5% patch", False),  # but in order
        ("text", "Soma", "Somma", True),  # a slip of spelling the parser corrected
        ("text", "Norco", "Soma", False),
        ("date", "2015-07-28", "dated July 28, 2015.", True),
        ("date", "2015-07-29", "July 28, 2015", False),
        ("int", 30, "#30", True),
        ("int", 12, "2 times a week for 6 weeks", True),
        ("int", 0, "with No Refill", True),
        ("int", 31, "#30", False),
        ("int", 6, "two times a week for three weeks", True),  # number words, and their product
        ("int", 6, "twice a week for 3 weeks", True),
        ("int", 12, "Twelve", True),
        ("int", 24, "twenty-four", True),
        ("int", 7, "two times a week for three weeks", False),
        ("int", 4, "a session of therapy", False),  # no number word in "a", "session"
        ("choice", "upheld", "Upheld", True),
        ("choice", "overturned", "Upheld", False),
        ("choice", "upheld", "is not medically necessary", True),
        ("choice", "female", "a 52-year-old woman", True),
        ("list", ["Texas", "California"], "Texas, New York, California", True),
        ("list", ["Texas", "Oregon"], "Texas, New York, California", False),
        ("text", None, "anything", False),  # an empty field has no source
        # A number is a fact, not a spelling: a slip of one digit is another value.
        ("text", "CM16-0213088", "CM16-0213037", False),
        ("text", "CM16-0213037", "Case Number: CM16-0213037", True),
        ("text", "Norco 10/325mg #25", "Norco 10/325mg #35", False),
        ("text", "Norco 10/325mg #35", "Norcco 10/325mg #35", True),  # the spelling slip stays
        ("text", "Lidocaine 5% patch", "Lidocain 5 % patch", True),
        ("text", "Norco 10/325mg #10", "Norco 10/325mg #100", False),  # each number counts
        ("text", "Norco 7.5/325mg #5", "Norco 7.5/325mg #35", False),
        ("text", "Gabapentin 1000 mg", "Gabapentin 1,000 mg", True),  # one number, written two ways
        ("text", "Xanax 0.5mg", "Xanax .5mg", True),
        ("text", "MRI 01/05/2015", "MRI 1/5/2015", True),
    ],
)
def test_supports(kind, value, text, expected):
    assert supports(kind, value, text) is expected


def test_kinds_of_paths():
    assert kind_of("items.2.quantity") == "int"
    assert kind_of("diagnoses") == "list" and kind_of("diagnoses.1") == "text"
    assert kind_of("items.0.rationale") == "span"


def test_a_typed_value_over_the_parsers_span_contradicts_it(seed_text):
    from parsing import parse_text

    text = seed_text("000")
    letter = parse_text(text)
    assert list(contradictions(letter, text)) == []
    typed = set_value(letter, "items.0.request", "Partial Hospitalization day treatment")
    # the strength and refills are read again from the new request: their old sources go too
    assert list(contradictions(typed, text)) == [
        "items.0.request", "items.0.strength", "items.0.refills"
    ]
    clean = without_contradictions(typed, text)
    assert "items.0.request" not in clean.spans and "items.0.treatment" in clean.spans
    assert without_contradictions(letter, text) is letter
    moved = set_span(letter, "items.0.rationale", Span(0, 10))  # a rationale's value is its span
    assert "items.0.rationale" in list(contradictions(moved, text))


def test_the_form_fields_take_their_kinds_and_choices_from_the_models():
    """No second list of field types or enum values: the form's fields follow the models."""
    from parsing.edits import HEADER_FIELDS, ITEM_FIELDS
    from parsing.schema import Determination, Sex

    kinds = {f.name: (f.kind, f.choices) for f in (*HEADER_FIELDS, *ITEM_FIELDS)}
    assert kinds["determination"] == ("choice", ("", *(d.value for d in Determination)))
    assert kinds["patient_sex"] == ("choice", ("", *(s.value for s in Sex)))
    assert kinds["patient_age"][0] == kinds["quantity"][0] == "int"
    assert kinds["date_of_injury"][0] == kinds["ur_date"][0] == "date"
    assert {kinds[n][0] for n in ("diagnoses", "reviewer_licensure")} == {"list"}
    assert kinds["rationale"][0] == "span" and kinds["request"][0] == "text"
