"""Confidence as a measured chance of being right: the rules' own scores mapped through a table
fitted on the hand-checked real-letter gold (`tools/fit_confidence.py` writes
`parsing/confidence_table.py`).

Each rule gives a field a raw score (0.92 for a stated count, 0.7 when a number is left unread,
...). Raw scores name the rule's bucket: per field and raw score, the table holds how many gold
fields in that bucket the parser got right. The confidence is that share, smoothed toward the raw
score as a prior worth `PRIOR_WEIGHT` letters (a Beta prior), so a bucket the gold has seen
rarely or never keeps about its raw score and a bucket seen often gets what was measured.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from .confidence_table import COUNTS

PRIOR_WEIGHT = 4.0
# "items.3.treatment" -> "items.treatment"; "diagnoses.2" -> "diagnoses"
_INDEX = re.compile(r"\.\d+(?=\.|$)")

Counts = Mapping[str, Mapping[str, tuple[int, int]]]  # field -> raw score -> (right, total)


def field_of(path: str) -> str:
    """The field name a path is tallied under: item and element indexes dropped."""
    return _INDEX.sub("", path)


def bucket(raw: float) -> str:
    return f"{raw:.3f}"


def smoothed(right: int, total: int, raw: float) -> float:
    return (right + PRIOR_WEIGHT * raw) / (total + PRIOR_WEIGHT)


def calibrated(path: str, raw: float, counts: Counts = COUNTS) -> float:
    """The measured chance that a field with this raw score is right."""
    seen = counts.get(field_of(path), {}).get(bucket(raw))
    if seen is None:
        return raw
    return round(smoothed(seen[0], seen[1], raw), 3)


_MEMO: dict[tuple[str, float], float] = {}  # (path, raw) -> calibrated, with the committed table


def calibrate(
    confidence: Mapping[str, float], unmeasured: Collection[str] = (), counts: Counts = COUNTS
) -> dict[str, float]:
    """Every raw score mapped through the table, but for ``unmeasured`` paths (read by rules the
    gold has no example of, such as the layouts no gold letter has): those keep their raw score."""
    if counts is not COUNTS:
        return {
            path: raw if path in unmeasured else calibrated(path, raw, counts)
            for path, raw in confidence.items()
        }
    out = {}
    for path, raw in confidence.items():
        if path in unmeasured:
            out[path] = raw
            continue
        found = _MEMO.get((path, raw))
        if found is None:
            if len(_MEMO) > 100_000:  # letters with thousands of items: keep the memo small
                _MEMO.clear()
            found = _MEMO[(path, raw)] = calibrated(path, raw)
        out[path] = found
    return out
