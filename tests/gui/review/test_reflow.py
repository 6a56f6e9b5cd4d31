"""Reflowed display text keeps a two-way offset map to the canonical text: every canonical
character maps to the displayed one that shows it, display positions go to canonical and back
unchanged, and a span survives the round trip with nothing but whitespace added."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
