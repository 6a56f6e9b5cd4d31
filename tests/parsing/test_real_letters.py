"""The error classes of issue 10, on the real letters in ../shared/real-letters.

The letters stay outside the repository: each test reads its PDF and skips when the folder is
absent. Only parsed field values are asserted; no letter text is kept here.
"""

from __future__ import annotations

import functools

import pytest
from real_letters import REAL_LETTERS

from parsing import UNSURE_BELOW, Letter, load_file, parse_text

REAL = REAL_LETTERS


@functools.lru_cache(maxsize=64)
def _parsed(case: str) -> tuple[str, Letter]:
    text = load_file(REAL / f"{case}.pdf").text
    return text, parse_text(text)


def real(case: str) -> tuple[str, Letter]:
    if not (REAL / f"{case}.pdf").is_file():
        pytest.skip(f"the real letters are not at {REAL} (kept outside the repository)")
    return _parsed(case)


# (case, item index, treatment, quantity): partial authorisations, each 3 to 7 lines long.
PARTIAL = [
    ("CM16-0234202", 0, "Norco", 35),
    ("CM16-0234464", 4, "Cyclobenzaprine", 27),
    ("CM16-0247405", 0, "Chiropractic therapy sessions for the cervical spine", 2),
    ("CM17-0007857", 0, "Acupuncture", 2),
    ("CM17-0012582", 0, "Physical therapy", 6),
    ("CM16-0249724", 2, "purchase of a bath/shower chair", None),
    ("CM17-0001749", 0, "Partial Hospitalization day treatment", None),
]


@pytest.mark.parametrize(("case", "n", "treatment", "quantity"), PARTIAL)
def test_partial_authorisation_headers_are_whole(case, n, treatment, quantity):
    text, letter = real(case)
    got = letter.items[n]
    assert "was the original request." in got.request
    assert not got.request.endswith(" is")
    assert (got.treatment, got.quantity) == (treatment, quantity)
    start, end = letter.span_of(f"items.{n}.request")
    assert " ".join(text[start:end].split()) == got.request
    if n:
        # The header's sentences are not left in the previous item's rationale.
        previous = letter.items[n - 1].rationale
        assert "original request" not in text[previous.start : previous.end]
    assert letter.confidence[f"items.{n}.request"] >= UNSURE_BELOW


# (case, item index, treatment, quantity)
REQUEST_PARTS = [
    ("CM16-0239110", 0, "Oxycodone HCL ER", 60),  # "#60 day supply: 30"
    ("CM17-0013077", 1, "Diazepam (Valium)", None),  # "take 1 tab" is no quantity
    (
        "CM16-0235869",
        0,
        "physical therapy",
        4,
    ),  # "Four sessions of ... two times a week times 2 weeks"
    ("CM16-0228949", 0, "Continue physical therapy", 6),
    ("CM17-0005177", 0, "Physical therapy additional", 6),  # "3 visits per week for 2 weeks"
    ("CM17-0009995", 2, "Retrospective Lidopro", 1),
    # hours a day are the service's length, not its name ("Home aide 6 hours per day, ...")
    (
        "CM16-0249735",
        0,
        "Home aide to assist with mobility, transfer, ADL's and safety in the home when wife is working",
        20,
    ),
    (
        "CM17-0011992",
        0,
        "platelet-rich plasma injection to the right knee",
        1,
    ),  # "One ... injection"
]


@pytest.mark.parametrize(("case", "n", "treatment", "quantity"), REQUEST_PARTS)
def test_request_parts(case, n, treatment, quantity):
    _, letter = real(case)
    got = letter.items[n]
    assert (got.treatment, got.quantity) == (treatment, quantity)


@pytest.mark.parametrize(
    ("case", "n", "generic"),
    [("CM16-0245466", 0, "etodolac"), ("CM17-0013625", 4, "cyclobenzaprine")],
)
def test_drugs_are_not_corrected_into_other_drugs(case, n, generic):
    _, letter = real(case)
    assert letter.items[n].generic_name == generic
    assert not any("misspelling" in w for w in letter.warnings)


@pytest.mark.parametrize(
    ("case", "last"),
    [("CM17-0010885", "Public Health & General Preventive Medicine"),
     ("CM17-0008519", "Occupational Medicine")],
)  # fmt: skip
def test_wrapped_specialty_lines_are_joined(case, last):
    text, letter = real(case)
    assert letter.reviewer_specialties[-1] == last
    n = len(letter.reviewer_specialties) - 1
    start, end = letter.span_of(f"reviewer_specialties.{n}")
    assert " ".join(text[start:end].split()) == last


@pytest.mark.parametrize(
    ("case", "count", "first"),
    [("CM16-0238676", 1, "strain in right hip, ankle, and foot"),  # one diagnosis, three sites
     ("CM16-0233904", 7, "cervical strain"),  # "was diagnosed as having"
     ("CM16-0219557", 1, "lumbar pain with radiculopathy"),  # a quoted diagnosis ending the sentence
     ("CM16-0231745", 2, "lumbar spine sprain/strain"),  # "documented as" is no part of it
     ("CM16-0242419", 2, "low back pain"),
     ("CM17-0009840", 5, "head contusion")],  # two statements: "diagnosed with ... He was diagnosed with"
)  # fmt: skip
def test_diagnoses(case, count, first):
    text, letter = real(case)
    assert len(letter.diagnoses) == count
    assert letter.diagnoses[0] == first
    assert not any(d.lower().startswith(("documented", "as ")) for d in letter.diagnoses)
    start, end = letter.span_of("diagnoses.0")
    assert " ".join(text[start:end].split()) == first


@pytest.mark.parametrize(
    ("case", "expected"),
    [("CM16-0224814", ["contusion of face, scalp and neck", "acute cervical sprain"]),  # "being treated for"
     ("CM16-0230548", ["contusion to the head", "neck strain", "right hand contusion"]),  # "undergoing treatment for"
     ("CM16-0231706", ["cervical, thoracic and lumbar myoligamentous injury"]),
     ("CM17-0007857", ["right shoulder impingement",
                       "rule out cervical and lumbar spine herniated nucleus pulposus"]),
     ("CM17-0021791", ["persistent left sided neck and shoulder pain",
                       "persistent bilateral low back pain", "persistent left knee pain"])]
)  # fmt: skip
def test_diagnoses_stated_as_what_the_worker_is_treated_for(case, expected):
    text, letter = real(case)
    assert letter.diagnoses == expected
    for n, value in enumerate(expected):
        start, end = letter.span_of(f"diagnoses.{n}")
        assert " ".join(text[start:end].split()) == value


@pytest.mark.parametrize("case", ["CM16-0234202", "CM16-0241231"])
def test_a_letter_without_a_stated_diagnosis_is_flagged(case):
    # An injury and an X-ray finding; "has filed a claim for knee pain" (a claim, no diagnosis):
    # the coder is asked to look.
    _, letter = real(case)
    assert letter.diagnoses == []
    assert letter.confidence["diagnoses"] < UNSURE_BELOW
    assert any("no diagnosis was found" in w for w in letter.warnings)


@pytest.mark.parametrize(
    ("case", "path", "quantity"),
    [("CM16-0240900", "items.1.quantity", 6),  # "two times a week for three weeks"
     ("CM16-0232182", "items.0.quantity", 6),  # "twice a week for 3 weeks"
     ("CM17-0007886", "items.0.quantity", 12)],  # "Twelve"
)  # fmt: skip
def test_the_store_keeps_the_source_of_a_quantity_written_in_words(case, path, quantity, tmp_path):
    from gui.review import ReviewSession
    from storage.importer import import_paths
    from storage.store import Store

    real(case)
    with Store.open(tmp_path / "letters.db") as store:
        import_paths(store, [str(REAL / f"{case}.pdf")])
        session = ReviewSession(store, "ann")
        session.open(1)
        session.confirm("case_number")  # the first gold write
        gold = store.gold(1, "ann").record
        n = int(path.split(".")[1])
        assert gold.items[n].quantity == quantity
        assert path in gold.spans
        assert [e["action"] for e in store.audit(1) if e["action"] == "repair"] == []
