"""Item headers as real letters write them: partial authorisations over several lines, requests
with frequency and duration, supplies and directions, and headers the rules can only guess at."""

from __future__ import annotations

import re

import pytest
from synthetic import (
    DECISIONS_2013,
    NORCO_ITEM,
    SynthItem,
    SynthLetter,
    item_with,
    rendered_and_parsed,
    words_run_together,
)

from parsing import UNSURE_BELOW, Determination, canonical_text, parse_text

RATIONALE = NORCO_ITEM["rationale"]


NORCO = NORCO_ITEM


def item(**changes) -> SynthItem:
    return item_with(NORCO, **changes)


parse = rendered_and_parsed


def collapsed(text: str, span) -> str:
    return " ".join(text[span.start : span.end].split())


PARTIALS = [
    item(partial=("Norco 10/325mg #60", "Norco 10/325mg #25")),
    item(
        treatment="Chiropractic therapy sessions for the cervical spine,",
        strength=None,
        quantity=2,
        partial=(
            "Chiropractic therapy sessions for the cervical spine, #8",
            "Chiropractic therapy sessions for the cervical spine, #6",
        ),
    ),
    item(
        treatment="purchase of a bath/shower chair",
        strength=None,
        quantity=None,
        partial=("Purchase of a bath/shower chair", "a bath/shower chair for 1 month"),
        partial_style="leaving",
        determination="Overturned",
    ),
    item(
        treatment="Acute inpatient rehabilitation physical therapy and occupational therapy "
        "for left foot fracture",
        strength=None,
        quantity=None,
        partial=(
            "Acute inpatient rehabilitation physical therapy and occupational therapy for left "
            "foot fracture",
            "Skilled nursing facility for 7 days with PT/OT once a day for left foot fracture",
        ),
        partial_style="leaving",
    ),
]


@pytest.mark.parametrize("before", [0, 1, 2])
@pytest.mark.parametrize("partial", range(len(PARTIALS)))
def test_partial_authorisation_header_is_read_whole(partial, before):
    """Every line of the header belongs to the item; none ends up in the previous rationale."""
    plain = [
        item(
            treatment="MRI of the lumbar spine",
            strength=None,
            quantity=None,
            determination="Upheld",
        )
        for _ in range(before)
    ]
    target = PARTIALS[partial]
    letter = SynthLetter(
        items=[*plain, target, item(treatment="Soma", strength="350mg", quantity=30)]
    )
    text, parsed = parse(letter)
    assert len(parsed.items) == before + 2
    got = parsed.items[before]
    # The request is the header as written, without the closing "is" of its last sentence.
    assert got.request == " ".join(target.header.split()).removesuffix(" is")
    assert got.treatment == target.treatment.rstrip(",")
    assert got.quantity == target.quantity
    assert got.determination is Determination(target.determination.lower())
    assert parsed.confidence[f"items.{before}.request"] >= UNSURE_BELOW
    if before:
        previous = parsed.items[before - 1]
        assert collapsed(text, previous.rationale) == RATIONALE
    # The span of the request covers the header from its first word.
    start, end = parsed.span_of(f"items.{before}.request")
    assert " ".join(text[start:end].split()) == got.request


def one_item(header: str, determination: str = "Upheld") -> str:
    return (
        "IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the "
        f"disputed items/services set forth below:\n{header}: {determination}\n"
        "Claims Administrator guideline: The Claims Administrator did not cite any medical evidence.\n"
        "MAXIMUS guideline: Decision based on MTUS.\n"
        f"Decision rationale: {RATIONALE}\n"
    )


@pytest.mark.parametrize(
    ("request_", "treatment", "quantity"),
    [
        # frequency and duration give the quantity and leave the treatment
        ("Physical therapy 3 times a week for 2 weeks", "Physical therapy", 6),
        ("Acupuncture to the low back two times a week times six weeks", "Acupuncture to the low back", 12),
        ("Physical therapy for the cervical spine 2 times a week for 3 weeks",
         "Physical therapy for the cervical spine", 6),
        ("Additional physical therapy, 1 to 2 times per week for 3 weeks, for the neck",
         "Additional physical therapy for the neck", None),
        ("Physical exam 2 times 8", "Physical exam", 16),
        # a count of visits per week is a frequency too
        ("Physical therapy additional 3 visits per week for 2 weeks", "Physical therapy additional", 6),
        ("Chiropractic care 2 sessions a week for 4 weeks", "Chiropractic care", 8),
        ("Follow up office visit times 2", "Follow up office visit", 2),
        ("MRI without dye to lumbar spine times 1", "MRI without dye to lumbar spine", 1),
        ("Chiro with modalities 2 times a week for 6 weeks for neck, back", "Chiro with modalities for neck, back", 12),
        # an explicit count wins over frequency times duration
        ("Physical therapy 6 sessions 2 times a week for 3 weeks to the lumbar spine",
         "Physical therapy to the lumbar spine", 6),
        ("Physical therapy 2 times a week for 6 weeks (12 sessions) to the right elbow",
         "Physical therapy to the right elbow", 12),
        ("Four sessions of physical therapy two times a week times 2 weeks", "physical therapy", 4),
        ("Twelve physical therapy sessions, three times weekly, for the right elbow",
         "physical therapy sessions for the right elbow", 12),
        ("Occupational therapy for six sessions", "Occupational therapy", 6),
        ("Physical therapy to the lumbar spine 2 times a week for 2 weeks (4)", "Physical therapy to the lumbar spine", 4),
        ("Physical therapy, 6 sessions, cervical and thoracic spine", "Physical therapy, cervical and thoracic spine", 6),
        # supplies, directions and dates of service are not the quantity or the treatment
        ("Oxycodone HCL ER 20mg #60 day supply: 30", "Oxycodone HCL ER", 60),
        ("Diazepam (Valium) 5mg take 1 tab orally 1 hour before exam, may repeat dose 1/2 hour after",
         "Diazepam (Valium)", None),
        ("Tramadol (Ultram) 50mg take 1 tab orally every 4-6 hours as needed for pain #30", "Tramadol (Ultram)", 30),
        ("Norco 5/325mg oral tablet, one tablet twice daily 14 days #40", "Norco oral tablet", 40),
        ("Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, DOS: 11/11/2016",
         "Voltaren gel", 60),
        ("Retrospective Cyclobenzaprine 7.5mg #18, per 12/07/2016 order", "Retrospective Cyclobenzaprine", 18),
        ("Retrospective E-stim (DOS 12/29/16)", "Retrospective E-stim", None),
        # strengths of compounds leave no debris behind
        ("Flurbiprofen 20%, Baclofen 5%, Dexamethasone 2%, Menthol 2%, Capsaicin 0.025% in cream base",
         "Flurbiprofen, Baclofen, Dexamethasone, Menthol, Capsaicin in cream base", None),
        ("Synapryn (10mg/1ml oral suspension) 500ml", "Synapryn (oral suspension)", None),
        ("Retrospective Lidopro 4%-27.5%-0.0325% 121gm #1", "Retrospective Lidopro", 1),
        ("Diclofenac/misoprostol 75-0.2mg #60 with 2 refills", "Diclofenac/misoprostol", 60),
        ("Norco 7.5-325mg #112", "Norco", 112),
        ("Compound Ketoprofen 20%, 240 grams", "Compound Ketoprofen", None),
        ("Dextromethorphan 5%/Amitriptyline 5%/Lidocaine/Capsaicin 0.025%, 120grams #1",
         "Dextromethorphan/Amitriptyline/Lidocaine/Capsaicin", 1),
    ],
)  # fmt: skip
def test_request_parts(request_, treatment, quantity):
    text = one_item(request_)
    parsed = parse_text(text)
    (got,) = parsed.items
    assert got.request == request_
    assert (got.treatment, got.quantity) == (treatment, quantity)
    start, end = parsed.span_of("items.0.treatment")
    assert text[start:end].startswith(re.match(r"[\w-]+", treatment).group(0))


@pytest.mark.parametrize(
    ("treatment", "generic"),
    [
        ("Etodolac", "etodolac"),
        ("Tabradol oral suspension", "cyclobenzaprine"),
        ("Xanaz", "alprazolam"),
    ],
)
def test_drug_names_are_not_corrected_to_another_drug(treatment, generic):
    parsed = parse_text(one_item(treatment))
    (got,) = parsed.items
    assert got.generic_name != "ketorolac"
    assert got.generic_name == generic
    corrected = any("misspelling" in w for w in parsed.warnings)
    assert corrected == (treatment == "Xanaz")


def test_wrapped_specialty_line_is_joined():
    specialties = [
        "Preventive Medicine",
        "Occupational Medicine",
        "Public Health & General Preventive Medicine",
    ]
    letter = SynthLetter(items=[item()], specialties=specialties, specialty_break="Public Health &")
    text, parsed = parse(letter)
    assert parsed.reviewer_specialties == specialties
    start, end = parsed.span_of("reviewer_specialties.2")
    assert " ".join(text[start:end].split()) == specialties[2]


def _reads_diagnoses(sentence: str, expected: list[str]) -> None:
    """The sentence in a case summary gives ``expected``, each diagnosis with its own span."""
    text = (
        f"CLINICAL CASE SUMMARY\nThe injured worker is a 40 year old male. {sentence}\n"
        + one_item("Soma #30")
    )
    parsed = parse_text(text)
    assert parsed.diagnoses == expected
    for k, value in enumerate(expected):
        start, end = parsed.span_of(f"diagnoses.{k}")
        assert " ".join(text[start:end].split()) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The current diagnoses are documented as strain in right hip, ankle, and foot.",
         ["strain in right hip, ankle, and foot"]),
        ("The current diagnoses are documented as lumbar, hip, and neck strain.", ["lumbar, hip, and neck strain"]),
        ("The current diagnoses are documented is other specific injury of the muscle, fascia, tendon of the right hip.",
         ["other specific injury of the muscle, fascia, tendon of the right hip"]),
        ("The current diagnoses are documented as pain in left shoulder; cervicalgia, unspecified; and "
         "postconcussion syndrome.", ["pain in left shoulder", "cervicalgia, unspecified", "postconcussion syndrome"]),
        ("The injured worker was diagnosed as having right and left shoulder joint sprain.",
         ["right and left shoulder joint sprain"]),
        ("The diagnoses include dislocation, shoulder and lumbar strain.", ["dislocation, shoulder", "lumbar strain"]),
        ("The current diagnosis is documented cervical spine sprain/strain and low back pain.",
         ["cervical spine sprain/strain", "low back pain"]),
        ('On October 14, 2016, the attending provider gave the applicant a diagnosis of "lumbar pain with '
         'radiculopathy." On a progress note dated November 8, 2016, the applicant reported pain.',
         ["lumbar pain with radiculopathy"]),
        ("The current diagnoses are documented as sprain of ligaments of cervical spine and lumbar spine.",
         ["sprain of ligaments of cervical spine and lumbar spine"]),
    ],
)  # fmt: skip
def test_diagnoses_one_element_per_diagnosis(sentence, expected):
    _reads_diagnoses(sentence, expected)


def test_a_header_whose_start_is_a_guess_is_unsure_and_warned():
    """The previous rationale has no full stop for many lines: where the header starts is a guess."""
    ragged = "\n".join(f"the reviewer notes item {k} without ending" for k in range(8))
    text = (
        one_item("MRI of the lumbar spine")
        + ragged
        + "\nNorco 10/325mg #60: Upheld\nDecision rationale: No.\n"
    )
    parsed = parse_text(text)
    assert len(parsed.items) == 2
    assert parsed.confidence["items.1.request"] < UNSURE_BELOW
    line = text[: text.index("Norco")].count("\n") + 1
    assert any(
        f"line {line - 6}" in w and "item 2" in w and "guess" in w for w in parsed.warnings
    ), parsed.warnings


@pytest.mark.parametrize(
    ("request_", "sure"),
    [("Physical therapy 2-3 times a week for 6 weeks", False),
     ("Acupuncture treatments (unspecified quantity)", False),
     ("MRI of the lumbar spine", True),
     ("Physical therapy 2 times a week for 6 weeks", True)],
)  # fmt: skip
def test_quantity_confidence_says_whether_a_number_was_left_unread(request_, sure):
    # The rule's raw score (the fitted table then says how often such a field was right).
    parsed = parse_text(one_item(request_), calibrated=False)
    assert (parsed.confidence["items.0.quantity"] >= UNSURE_BELOW) is sure


def test_a_diagnosis_mentioned_but_not_read_is_unsure_and_warned():
    text = "CLINICAL CASE SUMMARY\nThe diagnosis remains in question after review.\n" + one_item(
        "Soma #30"
    )
    parsed = parse_text(text)
    assert parsed.diagnoses == []
    assert parsed.confidence["diagnoses"] < UNSURE_BELOW
    assert any("line 2" in w and "diagnosis" in w for w in parsed.warnings)
    # A summary that states no diagnosis at all is flagged too: letters state them.
    silent = parse_text("CLINICAL CASE SUMMARY\nThe worker fell.\n" + one_item("Soma #30"))
    assert silent.confidence["diagnoses"] < UNSURE_BELOW
    assert "no diagnosis was found in the case summary: check it" in silent.warnings


@pytest.mark.parametrize(
    ("request_", "treatment", "quantity"),
    [
        ("Wound care nurse, 1-2 visits to evaluate right hip incision, treat, and demonstrate treatment",
         "Wound care nurse to evaluate right hip incision, treat, and demonstrate treatment", None),
        ("Lorzone 750mg one by mouth three times a day #45", "Lorzone", 45),
        ("Associated surgical service: Cryotherapy unit, seven day use",
         "Associated surgical service: Cryotherapy unit, seven day use", None),
        ("Associated surgical service: Physical Therapy sessions, 12",
         "Associated surgical service: Physical Therapy sessions", 12),
    ],
)  # fmt: skip
def test_request_parts_found_in_the_real_letter_sample(request_, treatment, quantity):
    parsed = parse_text(one_item(request_))
    (got,) = parsed.items
    assert (got.treatment, got.quantity) == (treatment, quantity)


def test_a_decided_portion_starting_with_with_is_the_service_alone():
    original = "Open reduction internal fixation on left distal radius fracture with open carpal tunnel release"
    letter = SynthLetter(items=[item(treatment="with open carpal tunnel release", strength=None, quantity=None,
                                     partial=(original, "Open reduction internal fixation on left distal radius fracture"))])  # fmt: skip
    _, parsed = parse(letter)
    assert parsed.items[0].treatment == "open carpal tunnel release"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The diagnoses include open wound of right thumb, possible right thumb foreign body, status post foreign "
         "body excision right thumb, and right thumb post-operative infection.",
         ["open wound of right thumb", "possible right thumb foreign body",
          "status post foreign body excision right thumb", "right thumb post-operative infection"]),
        ("Diagnoses, and-or impressions, were noted to include: low back injury; lumbosacral pain with fat-sat "
         "trauma; sacroiliac joint sprain.",
         ["low back injury", "lumbosacral pain with fat-sat trauma", "sacroiliac joint sprain"]),
    ],
)  # fmt: skip
def test_diagnoses_found_in_the_real_letter_sample(sentence, expected):
    text = (
        f"CLINICAL CASE SUMMARY\nThe injured worker is a 40 year old male. {sentence}\n"
        + one_item("Soma #30")
    )
    assert parse_text(text).diagnoses == expected


def test_a_number_word_left_in_the_treatment_makes_its_raw_score_unsure():
    parsed = parse_text(one_item("Three phase bone scan to the left foot"), calibrated=False)
    assert parsed.items[0].treatment == "Three phase bone scan to the left foot"
    assert parsed.confidence["items.0.treatment"] < UNSURE_BELOW
    assert parsed.confidence["items.0.quantity"] < UNSURE_BELOW


def test_a_diagnosis_list_ends_at_a_full_stop_glued_to_the_next_sentence():
    text = ("CLINICAL CASE SUMMARY\nThe diagnoses include open wound of right thumb and right thumb infection.The "
            "progress report dated 12-09-2016 indicates a follow-up.\n" + one_item("Soma #30"))  # fmt: skip
    assert parse_text(text).diagnoses == ["open wound of right thumb", "right thumb infection"]


@pytest.mark.parametrize(
    ("request_", "treatment", "quantity"),
    [
        ("NCV of the bilateral lower extremities, 2", "NCV of the bilateral lower extremities", 2),
        ("1 knee scooter", "knee scooter", 1),
        ("1 platelet rich plasma injection to left foot", "platelet rich plasma injection to left foot", 1),
        ("Retrospective injection 5cc of lidocaine hcl 1percent and 1cc of dexamethasone 120mg to the right knee",
         "Retrospective injection of lidocaine hcl and of dexamethasone to the right knee", None),
        ("Facet joint injections L4-5, L5-S1", "Facet joint injections L4-5, L5-S1", None),
    ],
)  # fmt: skip
def test_request_parts_found_in_the_held_out_sample(request_, treatment, quantity):
    (got,) = parse_text(one_item(request_)).items
    assert (got.treatment, got.quantity) == (treatment, quantity)


@pytest.mark.parametrize(
    ("request_", "treatment", "quantity"),
    [
        # hours a day say how long each visit lasts: cut from the treatment, never the quantity
        ("Home aide 6 hours per day, 5 times a week for 4 weeks to assist with bathing",
         "Home aide to assist with bathing", 20),
        ("Home health aide 4 hours a day, 3 times a week for 2 weeks", "Home health aide", 6),
        ("In-home care 2-4 hours per day", "In-home care", None),
        # a count word leading the header counts the injections it names
        ("One platelet-rich plasma injection to the right knee",
         "platelet-rich plasma injection to the right knee", 1),
        ("Two epidural steroid injections at L4-5", "epidural steroid injections at L4-5", 2),
        ("Three phase bone scan to the left foot", "Three phase bone scan to the left foot", None),
    ],
)  # fmt: skip
def test_request_parts_of_the_first_sample_fixed_in_1_5(request_, treatment, quantity):
    (got,) = parse_text(one_item(request_)).items
    assert (got.treatment, got.quantity) == (treatment, quantity)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Diagnoses are left shoulder labral tear, possible rotator cuff tear and impingement syndrome; left thumb "
         "non-displaced fracture.",
         ["left shoulder labral tear", "possible rotator cuff tear", "impingement syndrome",
          "left thumb non-displaced fracture"]),
        ("The current diagnoses are documented as a strain of the left hip; a strain of the muscle, fascia, and "
         "tendon of the low back; radiculopathy, cervical region (right arm); carpal tunnel syndrome, left upper "
         "limb; and dorsalgia, unspecified.",
         ["strain of the left hip", "strain of the muscle, fascia, and tendon of the low back",
          "radiculopathy, cervical region (right arm)", "carpal tunnel syndrome, left upper limb",
          "dorsalgia, unspecified"]),
    ],
)  # fmt: skip
def test_diagnoses_found_in_the_held_out_sample(sentence, expected):
    _reads_diagnoses(sentence, expected)


def test_a_second_diagnosis_statement_is_read_too_unsure_and_warned():
    text = ("CLINICAL CASE SUMMARY\nHe was diagnosed with a head contusion and cervical strain.\nLater notes "
            "followed. He was diagnosed with a neck muscle strain and cervical strain.\n" + one_item("Soma #30"))  # fmt: skip
    parsed = parse_text(text)
    assert parsed.diagnoses == ["head contusion", "cervical strain", "neck muscle strain"]
    start, end = parsed.span_of("diagnoses.2")
    assert text[start:end] == "neck muscle strain"
    assert parsed.confidence["diagnoses"] < UNSURE_BELOW
    assert any("line 3" in w and "diagnos" in w for w in parsed.warnings), parsed.warnings


def test_a_quantity_beside_another_unread_count_is_unsure():
    request_ = "two physical therapy sessions for the lumbar spine and eight physical therapy sessions for the left wrist"
    parsed = parse_text(one_item(request_))
    assert parsed.items[0].quantity == 2
    assert parsed.confidence["items.0.quantity"] < UNSURE_BELOW
    assert (
        parse_text(one_item("Physical therapy for 6 sessions")).confidence["items.0.quantity"]
        >= UNSURE_BELOW
    )


LETTER_2013_AS_EXTRACTED = """Notice of Independent Medical Review Determination
Dated: 11/20/2013
IMR Case Number: CM13-0012345  Date of UR Decision: 7/1/2013
Date of Injury: 3/12/2009
1. MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #120 is notmedically
necessary and appropriate.
2. MAXIMUS Federal Services, Inc. has determined the request for physical therapy x 12 sessions
ismedically necessary and appropriate.
INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
The Independent Medical Review decision for each disputed item is:
1. MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #120 is notmedically
necessary and appropriate.
2. MAXIMUS Federal Services, Inc. has determined the request for physical therapy x 12 sessions
ismedically necessary and appropriate.
Medical Qualifications of the Expert Reviewer:
The expert reviewer is Board Certified in Occupational Medicine and is licensed to practice in California.
Case Summary:
The patient is a 52-year-old male who reported an injury on 3/12/2009.
""" + words_run_together(DECISIONS_2013)


def test_2013_layout_with_glued_words_and_doubled_decisions():
    text = canonical_text(LETTER_2013_AS_EXTRACTED)
    parsed = parse_text(text)
    assert [(i.treatment, i.quantity, i.determination) for i in parsed.items] == [
        ("Norco", 120, Determination.UPHELD),
        ("physical therapy", 12, Determination.OVERTURNED),
    ]
    first, second = parsed.items
    assert text[first.rationale.start : first.rationale.end].startswith("The records show")
    assert text[second.rationale.start : second.rationale.end] == (
        "A short course of therapy is supported after the flare."
    )
    assert parsed.reviewer_specialties == ["Occupational Medicine"]
    assert parsed.reviewer_licensure == ["California"]
    assert (parsed.patient_age, parsed.case_number) == (52, "CM13-0012345")


@pytest.mark.parametrize(
    ("opening", "headings", "name"),
    [("MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n", "DOCUMENTS REVIEWED\nIMR DECISION(S) AND RATIONALE(S)\n",
      "IMR DECISION(S) AND RATIONALE(S)"),
     ("MEDICAL PROFESSIONAL REVIEW\n", "ISSUE AT DISPUTE:\nCASE SUMMARY:\nDOCUMENTS REVIEWED FOR DETERMINATION:\n",
      "MEDICAL PROFESSIONAL REVIEW")],
)  # fmt: skip
def test_other_maximus_layouts_are_recognised_and_read_with_low_confidence(opening, headings, name):
    text = opening + headings + "Norco 10/325mg #60: Upheld\nDecision rationale: Not supported.\n"
    parsed = parse_text(text)
    assert [i.quantity for i in parsed.items] == [60]
    assert any(name in w and "check" in w for w in parsed.warnings), parsed.warnings
    assert all(c < UNSURE_BELOW for p, c in parsed.confidence.items() if p.startswith("items."))


def test_a_missing_date_is_named_as_the_form_names_it():
    """The warning a coder reads (Ctrl+Shift+W) names the field as the form does: "UR date",
    not "ur date"."""
    letter = parse_text("Final Determination Letter for IMR Case Number CM16-0000001\n\nNo more.\n")
    assert "no UR date found" in letter.warnings
    assert "no date of injury found" in letter.warnings


def test_priority_is_not_glued_to_the_next_columns_label():
    """The 2016-17 cover prints "Priority: Standard" beside "Application Received: 11/03/2016";
    the PDF's text runs the two columns together ("Priority: Standard Application" then
    "Received:"), and the parser had read the priority as "Standard Application"."""
    header = (
        "Case Number: CM16-0213037\n"
        "Date Assigned: 11/09/2016 Date of Injury: 10/13/2016\n"
        "Decision Date: 12/09/2016 UR Denial Date: 11/03/2016\n"
        "Priority: Standard Application \n"
        "Received: \n"
        "11/03/2016\n"
    )
    letter = parse_text(header + "\nHOW THE IMR FINAL DETERMINATION WAS MADE\n")
    assert letter.priority == "Standard"
    start, end = letter.span_of("priority")
    assert header[start:end] == "Standard"
    expedited = parse_text(header.replace("Standard", "Expedited"))
    assert expedited.priority == "Expedited"
    assert parse_text("Priority: Standard\n").priority == "Standard"
