"""Code-point offsets against Qt's UTF-16 positions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gui.qt.letter.offsets import OffsetMap


@given(
    st.text(alphabet=st.sampled_from(["a", " ", "\n", "é", "م", "😀", "𝄞", "✓"]), max_size=60),
    st.data(),
)
def test_offsets_match_utf16_and_round_trip(text, data):
    offsets = OffsetMap(text)
    i = data.draw(st.integers(0, len(text)))
    qt = offsets.to_qt(i)
    assert qt == len(text[:i].encode("utf-16-le")) // 2
    assert offsets.from_qt(qt) == i
    if i < len(text) and ord(text[i]) > 0xFFFF:
        assert offsets.from_qt(qt + 1) == i  # inside the surrogate pair: the character's start
