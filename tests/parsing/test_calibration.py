"""Confidence fitted on the real-letter gold: the table maps the rules' raw scores to the measured
chance of being right, and on letters it was not fitted on the unsure marks still point at the
mistakes (k-fold cross-validation). The real-letter tests read ../shared/real-letters and skip
when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_letters import REAL_LETTERS
from test_headers import one_item

from parsing import UNSURE_BELOW, parse_text
from parsing.calibration import PRIOR_WEIGHT, calibrate, calibrated, field_of
from parsing.calibration_fit import cross_validate, fit, measure, observe
from parsing.confidence_table import COUNTS
from parsing.gold import read_gold

GOLD = Path(__file__).resolve().parent / "data" / "real_gold.jsonl"
REAL = REAL_LETTERS


def test_a_bucket_seen_often_gets_its_measured_share_and_an_unseen_one_its_raw_score():
    counts = {"items.quantity": {"0.600": (100, 100), "0.700": (0, 50)}}
    assert calibrated("items.3.quantity", 0.6, counts) == pytest.approx(
        (100 + PRIOR_WEIGHT * 0.6) / (100 + PRIOR_WEIGHT), abs=1e-3
    )
    assert calibrated("items.0.quantity", 0.7, counts) < 0.1
    assert calibrated("items.0.quantity", 0.92, counts) == 0.92  # never seen: the rule's score
    assert calibrated("diagnoses", 0.6, counts) == 0.6  # another field's bucket does not apply
    # a bucket seen once moves only part of the way
    assert 0.6 < calibrated("x", 0.6, {"x": {"0.600": (1, 1)}}) < 0.7


def test_fields_read_by_rules_the_gold_never_saw_keep_their_raw_score():
    counts = {"items.quantity": {"0.600": (100, 100)}}
    out = calibrate({"items.0.quantity": 0.6, "items.1.quantity": 0.6}, {"items.1.quantity"}, counts)
    assert out["items.0.quantity"] > 0.95 and out["items.1.quantity"] == 0.6


def test_field_names_drop_item_and_element_indexes():
    assert field_of("items.12.treatment") == "items.treatment"
    assert field_of("diagnoses.3") == "diagnoses"
    assert field_of("case_number") == "case_number"


def test_cross_validation_measures_on_letters_left_out_of_the_fit():
    # One bucket, wrong on one letter of four: fitted on all four, the table marks the bucket
    # unsure ((3 + 4 * 0.7) / 8); the fold holding the wrong letter is fitted on the other three
    # only, which never saw it go wrong, so there it is measured as sure ((3 + 2.8) / 7).
    letters = [[("items.treatment", 0.7, True)]] * 3 + [[("items.treatment", 0.7, False)]]
    assert measure(letters, fit(letters))["wrong_flagged"] == 1
    folds = cross_validate(letters, 4)
    assert (folds["fields"], folds["wrong"], folds["wrong_flagged"]) == (4, 1, 0)


def test_a_second_count_in_the_header_is_unsure_after_calibration():
    """Two counts of the service in one header (2 sessions for some sites and 8 for others):
    the quantity taken and the treatment are both likely wrong, and the form marks them."""
    request_ = "two physical therapy sessions for the lumbar spine and eight physical therapy sessions for the left wrist"
    parsed = parse_text(one_item(request_))
    assert parsed.confidence["items.0.quantity"] < UNSURE_BELOW
    assert parsed.confidence["items.0.treatment"] < UNSURE_BELOW
    plain = parse_text(one_item("Eight physical therapy sessions for the neck"))
    assert plain.confidence["items.0.quantity"] >= UNSURE_BELOW
    assert plain.confidence["items.0.treatment"] >= UNSURE_BELOW


def test_layouts_no_gold_letter_has_stay_unsure_whatever_the_table_says():
    text = (
        "MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\nCASE SUMMARY:\n"
        "Norco 10/325mg #60: Upheld\nDecision rationale: Not supported.\n"
    )
    parsed = parse_text(text)
    assert all(c < UNSURE_BELOW for p, c in parsed.confidence.items() if p.startswith("items."))


@pytest.fixture(scope="module")
def observations():
    gold = sorted(read_gold(GOLD), key=lambda g: g["sha256"])
    if not all((REAL / g["file"]).is_file() for g in gold):
        pytest.skip(f"the real letters are not at {REAL} (kept outside the repository)")
    return observe(gold, REAL)


def test_the_committed_table_is_the_one_the_gold_gives(observations):
    """Refit with tools/fit_confidence.py after a parser change or a gold change."""
    assert fit(observations) == COUNTS


def test_cross_validated_unsure_marks_point_at_the_mistakes(observations):
    """Fitted on 4/5 of the letters, measured on the fifth: at least 90% of the wrong fields
    below the threshold, at most 15% of all fields."""
    folds = cross_validate(observations, 5)
    assert folds["wrong_flagged"] >= 0.9 * folds["wrong"], folds
    assert folds["flagged"] <= 0.15 * folds["fields"], folds
