"""The three real letters, field by field."""

from __future__ import annotations

import datetime as dt

import pytest

from parsing import Determination, Layout, parse_text


def _span_text(text: str, letter, path: str) -> str:
    start, end = letter.span_of(path)
    return text[start:end]


def test_seed_000_header(seed_text):
    text = seed_text("000")
    letter = parse_text(text)
    assert letter.layout is Layout.IMR_2014
    assert letter.case_number is None
    assert letter.date_of_injury == dt.date(2014, 6, 24)
    assert _span_text(text, letter, "date_of_injury") == "June 24, 2014"
    assert letter.ur_date == dt.date(2015, 7, 28)
    assert _span_text(text, letter, "ur_date") == "July 28, 2015"
    assert letter.patient_age is None and letter.patient_sex is None
    assert letter.reviewer_licensure == ["Texas", "New York", "California"]
    assert letter.reviewer_specialties == ["Preventive Medicine", "Occupational Medicine"]
    assert _span_text(text, letter, "reviewer_licensure.1") == "New York"
    assert letter.diagnoses == []


def test_seed_000_items(seed_text):
    text = seed_text("000")
    letter = parse_text(text)
    assert [i.request for i in letter.items] == [
        "Soma 350 MG #30 with No Refill",
        "Percocet 10 MG #60 with No Refill",
    ]
    soma, percocet = letter.items
    assert (soma.treatment, soma.quantity, soma.strength, soma.refills) == ("Soma", 30, "350 MG", 0)
    assert soma.determination is Determination.UPHELD
    assert soma.generic_name == "carisoprodol"
    assert soma.claims_administrator_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Carisoprodol Page(s): 29."
    )
    assert soma.reviewer_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Carisoprodol (Soma); Carisoprodol "
        "(Soma, Soprodal 350TM, Vanadom, generic available) Page(s): 29; 65."
    )
    assert soma.guideline_pages == ["29", "65"]
    rationale = text[soma.rationale.start : soma.rationale.end]
    assert rationale.startswith(
        "No, the request for Soma (carisoprodol) was not medically necessary"
    )
    assert rationale.endswith("Therefore, \n\nthe request is not medically necessary.")
    assert _span_text(text, letter, "items.0.determination") == "Upheld"
    assert _span_text(text, letter, "items.0.quantity") == "30"
    assert (percocet.treatment, percocet.quantity) == ("Percocet", 60)
    assert text[percocet.rationale.start : percocet.rationale.end].endswith(
        "August 18, 2015. Therefore, the request is not medically necessary."
    )
    # The rationale stops at the next item's header, trailing whitespace excluded.
    assert text[soma.rationale.end :].lstrip().startswith("Percocet 10 MG #60")


def test_seed_001_sentence_credentials_and_diagnosis(seed_text):
    text = seed_text("001")
    letter = parse_text(text)
    assert letter.date_of_injury == dt.date(1999, 8, 2)
    assert _span_text(text, letter, "date_of_injury") == "08/02/1999"
    assert letter.ur_date is None  # this letter never dates the UR decision
    assert letter.reviewer_specialties == ["Physical Medicine and Rehabilitation"]
    assert letter.reviewer_licensure == ["California"]
    assert letter.diagnoses == ["cervical disc displacement"]
    assert [(i.request, i.treatment, i.quantity) for i in letter.items] == [
        ("Soma 350mg # 30", "Soma", 30),
        ("Hydrocodone /APAP 10/325mg # 60", "Hydrocodone /APAP", 60),
        ("Thermacare heatwrap # 90 with 5 refills", "Thermacare heatwrap", 90),
    ]
    assert letter.items[1].generic_name == "hydrocodone/acetaminophen"
    assert letter.items[2].refills == 5
    assert all(
        i.claims_administrator_guideline == "Decision based on MTUS ACOEM." for i in letter.items
    )
    assert letter.items[2].reviewer_guideline == (
        "Decision based on MTUS ACOEM Chapter 3 Initial Approaches to Treatment Page(s): 48."
    )
    last = letter.items[2].rationale
    assert text[last.start : last.end].endswith(
        "The request for ThermaCare heat wrap is not medically necessary."
    )
    assert last.end == len(text.rstrip())


def test_seed_003_misspelt_drug(seed_text):
    text = seed_text("003")
    letter = parse_text(text)
    assert letter.date_of_injury == dt.date(2000, 8, 18)
    assert letter.ur_date == dt.date(2015, 2, 9)
    assert [i.treatment for i in letter.items] == ["Norco", "Soma", "Xanaz"]
    assert [i.quantity for i in letter.items] == [120, 120, 30]
    assert letter.items[2].generic_name == "alprazolam"
    assert letter.confidence["items.2.treatment"] < 0.8
    assert any("Xanaz" in w and "line" in w and "offset" in w for w in letter.warnings)
    assert letter.items[1].claims_administrator_guideline.endswith(
        "Anti Spasmodics Page(s): 64-65."
    )


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_seed_spans_and_confidence(seed_text, prefix):
    text = seed_text(prefix)
    letter = parse_text(text)
    assert letter.confidence["case_number"] == 0.0  # none of the seeds carries its case number
    for path, (start, end) in letter.spans.items():
        assert 0 <= start <= end <= len(text), path
        assert text[start:end].strip() == text[start:end], f"{path} span has untrimmed whitespace"
    for n, item in enumerate(letter.items):
        assert (
            _span_text(text, letter, f"items.{n}.determination")
            == item.determination.value.capitalize()
        )
