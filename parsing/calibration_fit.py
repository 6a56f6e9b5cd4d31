"""Fitting the confidence table and measuring it: per field and raw score, how many gold fields
were right; how many wrong fields a table puts below the unsure threshold; k-fold
cross-validation by letter. Pure: `tools/fit_confidence.py` and the tests feed it observations.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from .calibration import Counts, bucket, calibrated
from .evaluation import score_letter
from .loading import load_file
from .parser import parse_text
from .schema import UNSURE_BELOW

# The fields the gold holds (the guideline texts were checked by rule only and are not kept).
CHECKED = (
    "case_number", "date_of_injury", "ur_date", "patient_age", "patient_sex", "reviewer_licensure",
    "reviewer_specialties", "diagnoses", "items.request", "items.treatment", "items.quantity",
    "items.determination", "items.rationale",
)  # fmt: skip
# (field, raw score, right) for every checked field of one letter
Observation = tuple[str, float, bool]


def observe(gold: list[dict[str, Any]], letters: Path) -> list[list[Observation]]:
    """Per gold letter, each checked field's raw score and whether the parser got it right."""
    out = []
    for record in gold:
        text = load_file(letters / record["file"]).text
        predicted = parse_text(text, calibrated=False).to_json_dict()
        outcomes, _, _ = score_letter(predicted, record)
        out.append(
            [
                (o.name, o.confidence, o.ok)
                for o in outcomes
                if o.name in CHECKED and o.confidence is not None
            ]
        )
    return out


def fit(letters: list[list[Observation]]) -> dict[str, dict[str, tuple[int, int]]]:
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for observations in letters:
        for name, raw, ok in observations:
            cell = tally[name][bucket(raw)]
            cell[0] += ok
            cell[1] += 1
    return {
        name: {raw: (c[0], c[1]) for raw, c in sorted(cells.items())}
        for name, cells in sorted(tally.items())
    }


def measure(letters: list[list[Observation]], counts: Counts) -> dict[str, float]:
    wrong = flagged_wrong = flagged = total = 0
    brier = 0.0
    for observations in letters:
        for name, raw, ok in observations:
            p = calibrated(name, raw, counts)
            total += 1
            wrong += not ok
            flagged += p < UNSURE_BELOW
            flagged_wrong += p < UNSURE_BELOW and not ok
            brier += (p - ok) ** 2
    return {
        "fields": total,
        "wrong": wrong,
        "wrong_flagged": flagged_wrong,
        "flagged": flagged,
        "brier": brier / total if total else 0.0,
    }


def cross_validate(letters: list[list[Observation]], k: int) -> dict[str, float]:
    """Fit on k-1 folds, measure on the fold left out; the sums over the k folds."""
    sums: dict[str, float] = defaultdict(float)
    for fold in range(k):
        train = [obs for n, obs in enumerate(letters) if n % k != fold]
        test = [obs for n, obs in enumerate(letters) if n % k == fold]
        for key, value in measure(test, fit(train)).items():
            sums[key] += value * (len(test) if key == "brier" else 1)
    sums["brier"] /= len(letters)
    return dict(sums)
