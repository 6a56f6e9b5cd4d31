"""Selection snaps to what a coder means, on the seed letters: a drug with its strength and
quantity in one step, a date, a whole line; and for any text and selection, snapping and growing
only ever enlarge the selection, within the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.review.tokens import grow_selection, line_span, snap_to_token

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "resources" / "samples"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def seed(directory: Path, prefix: str) -> str:
    if not directory.is_dir():
        pytest.skip(f"{directory} is absent (the team's shared seed letters)")
    (path,) = directory.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def snapped(text: str, phrase: str, into: int = 2) -> str:
    """What one snap from a caret ``into`` characters inside ``phrase`` selects."""
    at = text.index(phrase) + into
    start, end = snap_to_token(text, at, at)
    return text[start:end]


def test_a_drug_with_its_strength_and_quantity_in_one_step():
    norco = seed(SHARED_SEEDS, "003")
    assert snapped(norco, "Norco 10/325mg") == "Norco 10/325mg #120"
    assert snapped(norco, "Norco 10/325mg", into=9) == "Norco 10/325mg #120"  # caret in "325"
    assert snapped(norco, "Xanaz 0.5mg") == "Xanaz 0.5mg #30"
    apap = seed(SHARED_SEEDS, "001")
    assert snapped(apap, "APAP 10/325mg") == "Hydrocodone /APAP 10/325mg # 60"


def test_drugs_and_dates_in_the_bundled_seed():
    text = seed(SAMPLES, "000")
    assert snapped(text, "Soma 350 MG") == "Soma 350 MG #30"
    assert snapped(text, "Percocet 10 MG", into=10) == "Percocet 10 MG #60"
    assert snapped(text, "June 24, 2014") == "June 24, 2014"
    assert snapped(text, "July 28, 2015", into=6) == "July 28, 2015"
    at = text.index("applicant")
    assert text[slice(*snap_to_token(text, at + 3, at + 5))] == "applicant"  # a plain word


def test_each_press_grows_word_then_token_then_the_whole_line():
    text = seed(SAMPLES, "000")
    at = text.index("Soma 350 MG") + 1
    steps = []
    selection = (at, at)
    for _ in range(3):
        selection = grow_selection(text, *selection)
        steps.append(text[slice(*selection)])
    line = text[slice(*line_span(text, at))]
    assert steps == ["Soma", "Soma 350 MG #30", line]
    assert line.startswith("Soma 350 MG #30") and "\n" not in line


@given(st.text(alphabet="Norc 10/325mg#.,\nJuly28 ab", max_size=80), st.data())
def test_snapping_only_enlarges_the_selection(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    core = text[start:end].strip()
    for step in (snap_to_token, grow_selection):
        s, e = step(text, start, end)
        assert 0 <= s <= e <= len(text)
        assert core in text[s:e]


def test_a_drug_broken_over_two_printed_lines_is_one_token():
    """The reading view joins "Norco" and "10/325mg #35" on one line; the letter's text has a
    line break there, and Ctrl+T on the strength had stopped at it, leaving the drug out."""
    text = "the request, Norco \n10/325mg #35 is: Upheld"
    at = text.index("10/325")
    start, end = snap_to_token(text, at, at)
    assert text[start:end] == "Norco \n10/325mg #35"
    two = "Norco\n\n10/325mg #35"  # a blank line between: a paragraph ends, no token spans it
    at = two.index("10/325")
    assert two[slice(*snap_to_token(two, at, at))] == "10/325mg #35"
