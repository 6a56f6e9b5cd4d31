"""Reflowed display text keeps a two-way offset map to the canonical text: every canonical
character maps to the displayed one that shows it, display positions go to canonical and back
unchanged, and a span survives the round trip with nothing but whitespace added."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from real_letters import REAL_LETTERS

from gui.review.reflow import Reflow
from parsing import load_file, parse_text

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "resources" / "samples").glob("*.txt"))

words = st.text(alphabet="abcXYZ 019.-/:•", min_size=0, max_size=90)
lines = st.lists(st.tuples(words, st.sampled_from(["\n", " \n\n", "\n\n\n", " \n \n", "\n\t"])),
                 max_size=40)  # fmt: skip
texts = lines.map(lambda parts: "".join(w + sep for w, sep in parts)) | st.text(max_size=200)


def solid(text: str) -> str:
    return "".join(text.split())


@given(texts)
def test_every_canonical_character_maps_to_the_one_showing_it(text):
    flow = Reflow(text)
    assert solid(flow.display) == solid(text)  # no letter text is lost or added
    previous = 0
    for c, char in enumerate(text):
        d = flow.shown_at(c)
        assert d >= previous  # the order of the text is kept
        previous = d
        shown = flow.display[d]
        assert shown == char or (char.isspace() and shown == " ")
        if not char.isspace():
            assert flow.to_canonical(d) == c


@given(texts)
def test_display_positions_go_to_canonical_and_back(text):
    flow = Reflow(text)
    for d in range(len(flow.display) + 1):
        assert flow.to_display(flow.to_canonical(d)) == d
    shows: dict[int, list[int]] = {}
    for c in range(len(text)):
        shows.setdefault(flow.shown_at(c), []).append(c)
    for d in range(len(flow.display)):  # one displayed character: exactly the ones it shows
        start, end = flow.span_to_canonical(d, d + 1)
        assert shows[d] == list(range(start, end))


@given(texts, st.data())
def test_spans_round_trip(text, data):
    flow = Reflow(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    ds, de = flow.span_to_display(start, end)
    assert solid(flow.display[ds:de]) == solid(text[start:end])
    cs, ce = flow.span_to_canonical(ds, de)
    if start == end:  # a caret inside a joined break comes back at the break's start
        assert cs == ce and not text[min(cs, start) : max(cs, start)].strip()
        return
    assert cs <= start and ce >= end
    assert not text[cs:start].strip() and not text[end:ce].strip()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_letters_read_as_paragraphs_with_their_fields_in_place(path):
    text = load_file(path).text
    flow = Reflow(text)
    assert flow.changed and flow.display.count("\n") < text.count("\n") / 2
    assert "HOW THE IMR FINAL DETERMINATION WAS MADE \n" in flow.display  # a heading stays
    record = parse_text(text)
    for name, (start, end) in record.spans.items():
        ds, de = flow.span_to_display(start, end)
        assert " ".join(flow.display[ds:de].split()) == " ".join(text[start:end].split()), name


def test_short_lines_are_left_alone():
    form = "Case: CM1\nDate: 2015\nAge: 52\n"
    assert Reflow(form).display == form


def _maps_by_character(text):
    """The offset maps as first written: three arrays with an entry per character."""
    from gui.review.reflow import _joins

    shown_at, start_of, end_of, at = [], [], [], 0
    for start, end in _joins(text):
        base = len(start_of)
        shown_at += range(base, base + start - at)
        start_of += range(at, start)
        end_of += range(at + 1, start + 1)
        shown_at += [base + start - at] * (end - start)
        start_of.append(start)
        end_of.append(end)
        at = end
    base = len(start_of)
    shown_at += range(base, base + len(text) - at)
    start_of += range(at, len(text))
    end_of += range(at + 1, len(text) + 1)
    return shown_at, start_of, end_of


@given(texts)
def test_maps_kept_per_join_answer_as_the_maps_per_character(text):
    flow = Reflow(text)
    shown_at, start_of, end_of = _maps_by_character(text)
    assert [flow.shown_at(c) for c in range(len(text))] == shown_at
    assert [flow.span_to_canonical(d, d + 1) for d in range(len(flow.display))] == list(
        zip(start_of, end_of, strict=True)
    )
    for c in range(len(text) + 1):
        assert flow.to_display(c) == (shown_at[c] if c < len(text) else len(flow.display))
    for d in range(len(flow.display) + 1):
        assert flow.to_canonical(d) == (start_of[d] if d < len(flow.display) else len(text))


# Shaped like a 2016-17 letter as PDF text: a wrapped line ends with a space before its line
# break, a line the author ended has none. The words are made up.
PDF_LIKE = (
    "The reviewer applied the standards of care that govern this kind of review, including \n"
    "the hierarchy of evidence that applies to every determination in this process.\n"
    "Certification(s)/Specialty: Internal Medicine, Occupational Medicine, Family Practice\n"
    "CLINICAL CASE SUMMARY\n"
    "The reviewer wrote the following summary of the case from the medical records sent in \n"
    "for this review, and from the letters of the treating physician and the employer too.\n"
    "IMR ISSUES, DECISIONS AND RATIONALES\n"
    "The Final Determination was based on decisions for the disputed items set forth below:\n"
    "Six sessions of aquatic therapy for the lower back and both of the knees: Upheld\n"
    "Claims Administrator guideline: The Claims Administrator based its decision on the \n"
    "guidelines for the lower back, which the reviewer also read for this determination.\n"
    "Decision rationale: The guidelines recommend aquatic therapy where land exercise is \n"
    "not possible, which the records do not show for this worker at this time of treatment.\n"
)


def _own_lines(display: str) -> set[str]:
    return {line.strip() for line in display.split("\n")}


def test_headings_and_decision_lines_keep_their_own_lines():
    flow = Reflow(PDF_LIKE)
    own = _own_lines(flow.display)
    for line in ("CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES",
                 "Six sessions of aquatic therapy for the lower back and both of the knees: Upheld"):  # fmt: skip
        assert line in own, line
    assert any(line.startswith("Decision rationale:") for line in own)
    # ... while the wrapped lines of a paragraph are still joined
    assert "summary of the case from the medical records sent in for this review" in flow.display


REAL = REAL_LETTERS


def test_real_letters_keep_their_headings_and_decisions_on_lines_of_their_own():
    import re

    letters = sorted(REAL.glob("*.pdf"))
    if not letters:
        pytest.skip(f"the real letters are not at {REAL} (kept outside the repository)")
    glued: list[str] = []
    joined = 0
    for path in letters:
        text = load_file(path).text
        flow = Reflow(text)
        own = _own_lines(flow.display)
        joined += len(flow._starts)
        for heading in ("CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES"):
            if heading in text and heading not in own:
                glued.append(f"{path.name}: {heading}")
        for found in re.finditer(r"(?m)^[^\n]{3,200}: *(?:Upheld|Overturned) *$", text):
            if not any(line.endswith(found.group().strip()) for line in own):  # may wrap
                glued.append(f"{path.name}: {found.group().strip()}")
        for line in own:
            if "Decision rationale:" in line and not line.startswith("Decision rationale:"):
                glued.append(f"{path.name}: Decision rationale")
    assert glued == [], f"{len(glued)} glued, first: {glued[:3]}"
    assert joined > 20 * len(letters)  # the letters are still read as paragraphs


def test_a_line_that_ends_inside_a_date_or_at_a_comma_goes_on():
    text = PDF_LIKE.replace(
        "CLINICAL CASE SUMMARY\n",
        "The worker reported the injury to the employer and filed the claim on 10/14/\n"
        "2016, and the treating physician asked for therapy in a letter to the insurer, \n"
        "citing the guidelines for the lower back, Treatment in Workers Compensation 2016,\n"
        "Section(s): Low Back, which the reviewer read as well in the guidelines (ODG) PRP.\n"
        "CLINICAL CASE SUMMARY\n",
    )
    display = Reflow(text).display
    assert "on 10/14/ 2016, and" in display
    assert "Compensation 2016, Section(s): Low Back" in display
    assert "\nCLINICAL CASE SUMMARY\n" in display
