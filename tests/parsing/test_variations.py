"""Every letter variation the parser must read, on synthetic letters with known answers."""

from __future__ import annotations

import datetime as dt

import pytest
from synthetic import (
    DECISIONS_2013,
    DX_PHRASES,
    NORCO_ITEM,
    UR_PHRASES,
    SynthItem,
    SynthLetter,
    format_date,
    item_with,
    render,
    rendered_and_parsed,
)

from parsing import Determination, Layout, Sex, canonical_text, parse_text

RATIONALE = "The guidelines do not support long-term use. Therefore, the request is not medically necessary."


SOMA = NORCO_ITEM | dict(
    treatment="Soma", strength="350 MG", quantity=30, refills=" with No Refill", rationale=RATIONALE,
    ca_guideline="Decision based on MTUS Chronic Pain Treatment Guidelines Carisoprodol Page(s): 29.",
    reviewer_guideline="Decision based on MTUS Chronic Pain Treatment Guidelines Carisoprodol Page(s): 29; 65.",
)  # fmt: skip


def item(**changes) -> SynthItem:
    return item_with(SOMA, **changes)


parse = rendered_and_parsed


def span(text, letter, path):
    start, end = letter.span_of(path)
    return text[start:end]


def test_cover_block():
    letter = SynthLetter(
        items=[item()], case_number="CM15-0148723", cover=True,
        date_of_injury=dt.date(2011, 11, 4), doi_style="mm/dd/yyyy",
        ur_date=dt.date(2015, 7, 14), ur_style="mm/dd/yyyy",
    )  # fmt: skip
    text, parsed = parse(letter)
    assert parsed.case_number == "CM15-0148723"
    assert parsed.confidence["case_number"] >= 0.95
    assert parsed.date_of_injury == dt.date(2011, 11, 4)
    assert span(text, parsed, "date_of_injury") == "11/04/2011"
    assert parsed.ur_date == dt.date(2015, 7, 14)
    assert parsed.date_assigned == dt.date(2015, 7, 31)
    assert parsed.priority == "Standard"


@pytest.mark.parametrize("line_style", ["pdf", "plain", "crlf"])
def test_line_end_styles_and_page_furniture(line_style):
    letter = SynthLetter(
        items=[item(), item(treatment="Percocet", strength="10 MG", quantity=60, determination="Overturned",
                            rationale=" ".join([RATIONALE] * 12))],
        case_number="CM15-0148723", date_of_injury=dt.date(2014, 6, 24), ur_date=dt.date(2015, 7, 28),
        line_style=line_style, footers=True, filler_sentences=40,
    )  # fmt: skip
    raw = render(letter)
    text, parsed = parse(letter)
    assert ("\r" in raw) == (line_style == "crlf") and "\r" not in text
    assert text.count("Page ") >= 2, "the test letter should span pages"
    assert [i.determination for i in parsed.items] == [
        Determination.UPHELD,
        Determination.OVERTURNED,
    ]
    assert parsed.case_number == "CM15-0148723"
    second = parsed.items[1]
    rationale = text[second.rationale.start : second.rationale.end]
    assert " ".join(rationale.split()).endswith("the request is not medically necessary.")
    assert "Page" not in rationale.splitlines()[-1]
    # Footers between paragraphs never leak into the collapsed guideline values.
    assert all("Page " not in (i.reviewer_guideline or "") for i in parsed.items)


def test_footer_in_the_middle_of_a_guideline():
    text = canonical_text(
        "IMR ISSUES, DECISIONS AND RATIONALES\nset forth below:\n\nNorco 10/325mg #120: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain\n\n\nPage 3 of 5\n"
        "Case Number: CM15-0148723\n\nTreatment Guidelines Opioids Page(s): 91.\n"
        "MAXIMUS guideline: Decision based on ODG.\nDecision rationale: Not supported.\n\nPage 4 of 5\n\n"
    )
    parsed = parse_text(text)
    (norco,) = parsed.items
    assert norco.claims_administrator_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 91."
    )
    assert text[norco.rationale.start : norco.rationale.end] == "Not supported."


def test_credentials_in_a_sentence():
    letter = SynthLetter(items=[item()], credential_lines=False, specialties=["Orthopaedic Surgery"],
                         licensure=["California"])  # fmt: skip
    text, parsed = parse(letter)
    assert parsed.reviewer_specialties == ["Orthopaedic Surgery"]
    assert parsed.reviewer_licensure == ["California"]
    assert span(text, parsed, "reviewer_specialties") == "Orthopaedic Surgery"


def test_credentials_in_a_sentence_with_several_states():
    text = (
        "The physician reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain Management "
        "and is licensed to practice in Texas, New York, and California. He/she has been in practice.\n"
        "Soma #30: Upheld\nDecision rationale: No.\n"
    )
    parsed = parse_text(text)
    assert parsed.reviewer_specialties == ["Anesthesiology", "Pain Management"]
    assert parsed.reviewer_licensure == ["Texas", "New York", "California"]


@pytest.mark.parametrize(
    ("style", "age", "sex"),
    [("{age}-year-old {sex}", 60, "female"), ("{age} year-old {sex}", 44, "female"),
     ("{age} year old {sex}", 38, "male")],
)  # fmt: skip
def test_age_and_sex(style, age, sex):
    letter = SynthLetter(items=[item()], age=age, sex=sex, age_style=style)
    text, parsed = parse(letter)
    assert parsed.patient_age == age
    assert parsed.patient_sex is Sex(sex)
    assert span(text, parsed, "patient_age") == str(age)
    assert span(text, parsed, "patient_sex") == sex


def test_age_and_sex_absent():
    _, parsed = parse(SynthLetter(items=[item()]))
    assert parsed.patient_age is None and parsed.patient_sex is None
    assert parsed.confidence["patient_age"] < 0.8


@pytest.mark.parametrize(
    ("written", "expected"),
    [("03/01/2006", dt.date(2006, 3, 1)), ("3-24-2003", dt.date(2003, 3, 24)), ("9-3-15", dt.date(2015, 9, 3)),
     ("7/18/14", dt.date(2014, 7, 18)), ("June 24, 2014", dt.date(2014, 6, 24)), ("8-19-2010", dt.date(2010, 8, 19))],
)  # fmt: skip
def test_date_formats(written, expected):
    text = f"The applicant has a date of injury of {written}. Norco #30: Upheld\n"
    parsed = parse_text(text)
    assert parsed.date_of_injury == expected
    assert span(text, parsed, "date_of_injury") == written


@pytest.mark.parametrize(
    ("sentence", "written"),
    [("In a Utilization Review report dated July 28, 2015, the claims administrator failed to approve.",
      "July 28, 2015"),
     ("The Utilization Review dated 9-3-15 denied the request.", "9-3-15"),
     ("The request was denied by utilization review on 7/18/2014.", "7/18/2014")],
)  # fmt: skip
def test_ur_date_phrases(sentence, written):
    text = f"CLINICAL CASE SUMMARY\nInjured on 1/2/2010. {sentence}\nIMR ISSUES, DECISIONS AND RATIONALES\nSoma: Upheld\n"
    parsed = parse_text(text)
    assert span(text, parsed, "ur_date") == written


@pytest.mark.parametrize("phrase", range(len(UR_PHRASES)))
@pytest.mark.parametrize("style", ["mm/dd/yyyy", "m-d-yy", "month d, yyyy"])
def test_ur_date_phrases_wrapped_pdf_style(phrase, style):
    day = dt.date(2015, 9, 3)
    letter = SynthLetter(
        items=[item()], ur_date=day, ur_style=style, ur_phrase=phrase, filler_sentences=3
    )
    text, parsed = parse(letter)
    assert parsed.ur_date == day
    assert span(text, parsed, "ur_date") == format_date(day, style)


@pytest.mark.parametrize("phrase", range(len(DX_PHRASES)))
def test_diagnosis_phrases(phrase):
    expected = ["lumbar facet syndrome", "lumbago", "chronic pain syndrome"]
    letter = SynthLetter(items=[item()], diagnoses=expected, dx_phrase=phrase)
    text, parsed = parse(letter)
    assert parsed.diagnoses == expected
    assert span(text, parsed, "diagnoses.1") == "lumbago"


TREATED_FOR = [
    "Medical record review indicates the injured worker is being treated for {list}.",
    "A review of the medical records indicates that the injured worker is undergoing\n"
    "treatment for {list}.",
    "The injured worker is undergoing treatments for {list}. The injured worker is working.",
    "The injured worker sustained an industrial injury and has been treated for {list}.",
]


@pytest.mark.parametrize("phrase", TREATED_FOR)
def test_diagnoses_stated_as_what_the_worker_is_treated_for(phrase):
    written = (
        "contusion of face, scalp and neck and acute cervical sprain, cervical and lumbar spine "
        "strain, numbness and weakness bilateral upper extremities rule out carpal tunnel syndrome"
    )
    letter = SynthLetter(items=[item()], diagnoses=[])
    text = canonical_text(
        render(letter).replace(
            "IMR ISSUES, DECISIONS", phrase.format(list=written) + "\nIMR ISSUES, DECISIONS", 1
        )
    )
    parsed = parse_text(text)
    assert parsed.diagnoses == [
        "contusion of face, scalp and neck",
        "acute cervical sprain",
        "cervical and lumbar spine strain",
        "numbness and weakness bilateral upper extremities",
        "rule out carpal tunnel syndrome",
    ]
    assert span(text, parsed, "diagnoses.2") == "cervical and lumbar spine strain"
    assert not any("no diagnosis" in w for w in parsed.warnings)


def test_a_summary_without_diagnoses_is_flagged():
    _, parsed = parse(SynthLetter(items=[item()], diagnoses=[]))
    assert parsed.diagnoses == []
    assert parsed.confidence["diagnoses"] < 0.8
    assert any("no diagnosis was found in the case summary" in w for w in parsed.warnings)


def test_a_treatment_duration_is_no_diagnosis():
    letter = SynthLetter(items=[item()], diagnoses=[])
    text = canonical_text(
        render(letter).replace(
            "IMR ISSUES, DECISIONS",
            "The injured worker has been treated for 6 weeks with medications.\nIMR ISSUES, DECISIONS",
            1,
        )
    )
    assert parse_text(text).diagnoses == []


@pytest.mark.parametrize(
    ("request_", "treatment", "quantity", "written_quantity"),
    [("Soma 350 MG #30 with No Refill", "Soma", 30, "30"),
     ("Opana ER 5mg 30 day supply Qty: 30.00", "Opana ER", 30, "30.00"),
     ("Ambien 10mg, 30 count", "Ambien", 30, "30"),
     ("Urine drug screen", "Urine drug screen", None, None),
     ("Physical therapy x 8 sessions for the lumbar spine", "Physical therapy for the lumbar spine", 8, "8"),
     ("Hydrocodone /APAP 10/325mg # 60", "Hydrocodone /APAP", 60, "60"),
     ("Acupuncture quantity 12", "Acupuncture", 12, "12")],
)  # fmt: skip
@pytest.mark.parametrize("determination", ["Upheld", "Overturned"])
def test_item_headers(request_, treatment, quantity, written_quantity, determination):
    text = (
        "IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed "
        f"items/services set forth below:\n\n{request_}: {determination}\n"
        "Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.\n"
        "MAXIMUS guideline: Decision based on Non-MTUS Citation ODG Low Back Chapter.\n"
        f"Decision rationale: {RATIONALE}\n"
    )
    parsed = parse_text(text)
    (got,) = parsed.items
    assert got.request == request_
    assert got.treatment == treatment
    assert got.quantity == quantity
    assert got.determination is Determination(determination.lower())
    if written_quantity:
        assert span(text, parsed, "items.0.quantity") == written_quantity
    assert got.claims_administrator_guideline.startswith("The Claims Administrator did not cite")
    assert set(got.guideline_sources) == {"Non-MTUS", "ODG"}


def test_header_wrapped_with_determination_alone():
    letter = SynthLetter(items=[item(), item(treatment="Opana ER", strength="5mg", quantity=30, quantity_style="qty",
                                             refills="", determination="Overturned", wrap_header=True)])  # fmt: skip
    text, parsed = parse(letter)
    assert [i.request for i in parsed.items] == [
        "Soma 350 MG #30 with No Refill",
        "Opana ER 5mg Qty: 30.00",
    ]
    assert parsed.items[1].determination is Determination.OVERTURNED
    assert span(text, parsed, "items.1.determination") == "Overturned"


def test_header_wrapped_across_two_lines():
    text = (
        "set forth below:\n\nNorco #60: Upheld\nDecision rationale: Not supported by the guidelines.\n"
        "Physical therapy x 8 sessions for the lumbar\nspine: Overturned\nDecision rationale: Supported.\n"
    )
    parsed = parse_text(text)
    assert [i.request for i in parsed.items] == [
        "Norco #60",
        "Physical therapy x 8 sessions for the lumbar spine",
    ]
    assert parsed.items[1].quantity == 8
    assert (
        text[parsed.items[0].rationale.start : parsed.items[0].rationale.end]
        == "Not supported by the guidelines."
    )


def test_eight_items_each_with_its_own_rationale():
    drugs = ["Norco", "Soma", "Xanax", "Ambien", "Percocet", "Neurontin", "Lidoderm", "Tramadol"]
    items = [item(treatment=d, rationale=f"Rationale for {d} alone.") for d in drugs]
    text, parsed = parse(SynthLetter(items=items))
    assert [i.treatment for i in parsed.items] == drugs
    assert [text[i.rationale.start : i.rationale.end] for i in parsed.items] == [
        f"Rationale for {d} alone." for d in drugs
    ]
    assert not any("disputed items found" in w for w in parsed.warnings)


def test_missing_labels_are_warned_with_position():
    text = "set forth below:\nNorco #60: Upheld\nThe reviewer wrote no labels here.\n"
    parsed = parse_text(text)
    assert parsed.items[0].rationale is None
    assert parsed.confidence["items.0.rationale"] == 0.0
    assert any("Decision rationale" in w and "offset" in w for w in parsed.warnings)


def test_rationale_sentence_ending_in_overturned_is_not_a_header():
    text = (
        "set forth below:\nNorco #60: Upheld\nDecision rationale: The prior denial is therefore\n"
        "Overturned\nin part, as the guidelines allow.\n"
    )
    parsed = parse_text(text)
    assert len(parsed.items) == 1


LETTER_2013 = """INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE

Dated: 11/20/2013
IMR Case Number: CM13-0012345  Date of UR Decision: 7/1/2013
Date of Injury: 3/12/2009

1. MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #120 is not
medically necessary and appropriate.
2. MAXIMUS Federal Services, Inc. has determined the request for physical therapy x 12 sessions is
medically necessary and appropriate.

Medical Qualifications of the Expert Reviewer:
The expert reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain Management and
is licensed to practice in Texas.

Case Summary:
The patient is a 52-year-old male who reported an injury on 3/12/2009. The patient was diagnosed
with lumbar radiculopathy.

""" + DECISIONS_2013


def test_2013_layout():
    text = canonical_text(LETTER_2013)
    parsed = parse_text(text)
    assert parsed.layout is Layout.IMR_2013
    assert parsed.case_number == "CM13-0012345"
    assert parsed.date_of_injury == dt.date(2009, 3, 12)
    assert parsed.ur_date == dt.date(2013, 7, 1)
    assert (parsed.patient_age, parsed.patient_sex) == (52, Sex.MALE)
    assert parsed.reviewer_specialties == ["Anesthesiology", "Pain Management"]
    assert parsed.reviewer_licensure == ["Texas"]
    assert [(i.treatment, i.quantity, i.determination) for i in parsed.items] == [
        ("Norco", 120, Determination.UPHELD),
        ("physical therapy", 12, Determination.OVERTURNED),
    ]
    first, second = parsed.items
    assert text[first.rationale.start : first.rationale.end] == (
        "The records show no functional improvement. The request is not medically necessary."
    )
    assert (
        text[second.rationale.start : second.rationale.end]
        == "A short course of therapy is supported after the flare."
    )
    assert first.claims_administrator_guideline == "MTUS Chronic Pain Guidelines, page 78"
    assert any("2013 layout" in w for w in parsed.warnings)
    assert all(c <= 0.8 for p, c in parsed.confidence.items() if p.endswith("rationale"))


def test_prose_that_is_no_letter():
    parsed = parse_text("Dear friend, thank you for the lovely dinner last week.\n")
    assert parsed.items == []
    assert parsed.layout is Layout.UNKNOWN
    assert any("no IMR letter layout" in w for w in parsed.warnings)


def test_empty_letter():
    parsed = parse_text("")
    assert parsed.items == [] and parsed.warnings == ["the letter is empty"]


def test_five_megabyte_letters_parse_without_error(seed_text):
    one_line = "Soma #30: Upheld " * 300_000  # about 5 MB on a single line
    parsed = parse_text(one_line)
    assert not any("internal parser error" in w for w in parsed.warnings)
    many_items = seed_text("000") * 900  # about 5 MB of real letter text, hundreds of items
    parsed = parse_text(many_items)
    assert len(parsed.items) == 1800
    assert any("usually have at most 8" in w for w in parsed.warnings)


def test_form_feeds_and_no_break_spaces_count_as_spaces():
    text = "set forth below:\n\x0cNorco\u00a010/325mg #120:\u00a0Upheld\x0c\nDecision rationale: No.\x0c\n"
    parsed = parse_text(text)
    assert [(i.treatment, i.quantity, i.determination) for i in parsed.items] == [
        ("Norco", 120, Determination.UPHELD)
    ]


def test_cut_numbers_never_glue_words_together():
    parsed = parse_text("Upheld#30Upheld: Upheld\n")
    (item,) = parsed.items
    assert item.treatment == "Upheld Upheld" and item.quantity == 30
    start, end = parsed.spans["items.0.treatment"]
    assert parsed_text_words(item.treatment) <= parsed_text_words("Upheld#30Upheld"[start:end])


def parsed_text_words(text: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z]+", text))


def test_a_decision_outside_the_mtus_does_not_name_the_mtus_as_its_source():
    """"... recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS
    Citation ODG" gave the sources MTUS and Non-MTUS: 40 of the real letters' 341 items named
    the MTUS that way (newcomer's finding)."""
    from parsing.guidelines import guideline_facts

    outside = (
        "The Claims Administrator did not cite any medical evidence for its decision. The "
        "Claims Administrator based its decision on recommendation(s) outside of the MTUS "
        "Guidelines."
    )
    reviewer = "Decision based on Non-MTUS Citation Official Disability Guidelines, Knee chapter"
    assert guideline_facts(outside, reviewer)[0] == ["ODG", "Non-MTUS"]
    assert guideline_facts("recommendations outside\nthe MTUS", None)[0] == []
    within = "Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 29."
    assert guideline_facts(outside, within)[0] == ["MTUS"]
