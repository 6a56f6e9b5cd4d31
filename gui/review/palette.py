"""The colours of the window, light and dark, checked against WCAG AA (no Qt: the widgets read
this table).

Text and the backgrounds it sits on need a contrast ratio of 4.5:1; marks that are not text
(the focus ring, the changed/unsure/confirmed borders, input box borders, a label's underline)
need 3:1 against what is around them. The focus ring has a hue of its own, far from the three
field marks, so a focused field never looks like a changed one.

An evidence label is drawn twice: a light tint behind the words (text stays readable on it) and
an underline in a strong colour that stands out from the page and from the rationale tint, so a
"Clinical fact" inside a rationale does not vanish.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

# Where each colour is seen: text on backgrounds, marks beside or around them.
TEXT_ON = {
    "text": ("base", "window", "alt", "source", "rationale", "find"),
    "muted": ("base", "window"),
    "invalid": ("base", "window"),
    "selected_text": ("selection",),
}
MARKS_ON = {
    "focus": ("base", "window"),
    "changed": ("base", "window"),
    "unsure": ("base", "window"),
    "confirmed": ("base", "window"),
    "border": ("base", "window"),
}
FIELD_MARKS = ("changed", "unsure", "confirmed")

# Each colour in the light and the dark palette, side by side.
_COLOURS = """
    text           #1d1d1f  #e6e6e6
    muted          #5f5f5b  #a9a9b0
    base           #ffffff  #1c1d20
    window         #f4f4f2  #26272b
    alt            #f0f0ee  #2a2b2f
    border         #8a8a85  #7d7e86
    selection      #2f6fd6  #2a5bb0
    selected_text  #ffffff  #ffffff
    invalid        #c5221f  #ff7b70
    focus          #b0179b  #f472d0
    changed        #2f6fd6  #5b9cf0
    unsure         #a86b00  #f0b429
    confirmed      #23804a  #4cc27f
    source         #ffe58a  #5a4b0f
    rationale      #dbe9ff  #213a5e
    find           #ffc39a  #6e3a14
"""
_ROWS = [line.split() for line in _COLOURS.strip().splitlines()]
LIGHT = {name: light for name, light, _ in _ROWS}
DARK = {name: dark for name, _, dark in _ROWS}
PALETTES = {"light": LIGHT, "dark": DARK}


@dataclass(frozen=True)
class LabelColours:
    tint: str  # behind the labelled words
    mark: str  # the underline


def rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def hex_of(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hue_distance(a: str, b: str) -> float:
    """How far apart two colours' hues are, in degrees (0 to 180)."""
    ha = colorsys.rgb_to_hls(*rgb(a))[0] * 360
    hb = colorsys.rgb_to_hls(*rgb(b))[0] * 360
    gap = abs(ha - hb) % 360
    return min(gap, 360 - gap)


def blend(colour: str, under: str, alpha: float) -> str:
    """``colour`` laid over ``under`` at opacity ``alpha``."""
    top, bottom = rgb(colour), rgb(under)
    r, g, b = (alpha * t + (1 - alpha) * u for t, u in zip(top, bottom, strict=True))
    return hex_of(r, g, b)


def label_colours(colour: str, dark: bool) -> LabelColours:
    """A label's tint and underline in a palette, from the label set's colour: the tint is
    faint enough for text, the underline strong enough to see on the page and in a rationale."""
    palette = DARK if dark else LIGHT
    tint = blend(colour, palette["base"], 0.28 if dark else 0.3)
    mark = colour
    h, lightness, s = colorsys.rgb_to_hls(*rgb(colour))
    backgrounds = (palette["base"], palette["rationale"], tint)
    step = 0.02 if dark else -0.02
    while min(contrast(mark, bg) for bg in backgrounds) < 3.0 and 0.0 < lightness < 1.0:
        lightness = max(0.0, min(1.0, lightness + step))
        mark = hex_of(*colorsys.hls_to_rgb(h, lightness, s))
    return LabelColours(tint, mark)
