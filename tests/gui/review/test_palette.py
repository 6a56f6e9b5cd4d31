"""The colour table meets WCAG AA in both palettes: text on every background it sits on 4.5:1,
marks (focus ring, field marks, box borders, label underlines) 3:1, and the focus ring's hue far
from the changed, unsure and confirmed marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.review.palette import (
    FIELD_MARKS,
    MARKS_ON,
    PALETTES,
    TEXT_ON,
    blend,
    contrast,
    hue_distance,
    label_colours,
)

LABELS = json.loads((Path(__file__).resolve().parents[3] / "resources" / "labels.json")
                    .read_text(encoding="utf-8"))["labels"]  # fmt: skip


def test_the_contrast_ratio_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert blend("#000000", "#ffffff", 0.5) in ("#7f7f7f", "#808080")


@pytest.mark.parametrize("name", PALETTES)
def test_text_and_marks_meet_aa(name):
    palette = PALETTES[name]
    low = [(t, bg, round(contrast(palette[t], palette[bg]), 2))
           for t, bgs in TEXT_ON.items() for bg in bgs
           if contrast(palette[t], palette[bg]) < 4.5]  # fmt: skip
    low += [(m, bg, round(contrast(palette[m], palette[bg]), 2))
            for m, bgs in MARKS_ON.items() for bg in bgs
            if contrast(palette[m], palette[bg]) < 3.0]  # fmt: skip
    assert low == []


@pytest.mark.parametrize("name", PALETTES)
def test_the_focus_ring_is_not_a_field_mark(name):
    palette = PALETTES[name]
    for mark in FIELD_MARKS:
        assert hue_distance(palette["focus"], palette[mark]) >= 60, mark
    assert len({palette[m] for m in (*FIELD_MARKS, "focus")}) == 4


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("label", LABELS, ids=lambda label: label["name"])
def test_label_tints_keep_text_readable_and_underlines_visible(label, dark):
    palette = PALETTES["dark" if dark else "light"]
    colours = label_colours(label["color"], dark)
    assert contrast(palette["text"], colours.tint) >= 4.5
    for background in (palette["base"], palette["rationale"], colours.tint):
        assert contrast(colours.mark, background) >= 3.0, background
