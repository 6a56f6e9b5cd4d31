"""The letter shown reflowed (PDF line ends inside paragraphs joined): what the coder selects
there is stored as the canonical offsets of the same words, and Ctrl+Shift+L shows the lines
as printed."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from keys import CTRL, SHIFT, key
from PySide6.QtCore import Qt
from real_letters import REAL_LETTERS

from gui.qt.letter.offsets import ViewMap
from gui.review.reflow import Reflow


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def check_round_trips(text: str, spans: list[tuple[int, int]]) -> None:
    """Each span of the view (code points of the shown text) is stored as the canonical span of
    the same words, and each canonical span is shown as the same words."""
    view = ViewMap(text, Reflow(text))
    shown = view.shown
    for a, b in spans:
        a, b = sorted((min(a, len(shown)), min(b, len(shown))))
        start, end = view.span_from_qt(utf16(shown, a), utf16(shown, b))
        assert text[start:end].split() == shown[a:b].split(), (a, b)
        c, d = sorted((min(a, len(text)), min(b, len(text))))
        first, last = view.span_to_qt(c, d)
        back = view.units.from_qt(first), view.units.from_qt(last)
        assert shown[back[0] : back[1]].split() == text[c:d].split(), (c, d)


_line = st.lists(
    st.sampled_from(["Norco", "10/325mg", "#120", "the", "applicant's", "😀", "ℕ", "-", "2015."]),
    min_size=1,
    max_size=14,
).map(" ".join)
_letter = st.lists(
    st.tuples(_line, st.sampled_from(["\n", " \n\n", "\n \n", "\n\n\n", "\r\n"])),
    min_size=1,
    max_size=30,
).map(lambda lines: "".join(line + end for line, end in lines))


@given(_letter, st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 2000)), max_size=20))
def test_view_spans_and_letter_spans_hold_the_same_words(text, spans):
    check_round_trips(text, spans)


def test_seed_letters_are_reflowed_and_keep_their_words(seed_text):
    for prefix in ("000", "001", "003"):
        text = seed_text(prefix)
        assert Reflow(text).changed
        rng = random.Random(prefix)
        check_round_trips(text, [(rng.randrange(len(text)), rng.randrange(len(text)))
                                 for _ in range(500)])  # fmt: skip


@pytest.mark.skipif(not REAL_LETTERS.is_dir(), reason=f"no real letters at {REAL_LETTERS}")
def test_real_letters_keep_their_words_through_the_view():
    from parsing import load_file

    paths = sorted(REAL_LETTERS.glob("*.pdf"))[: int(os.environ.get("IMR_REAL_LETTERS", "12"))]
    assert paths, f"no PDF letters in {REAL_LETTERS}"
    for path in paths:
        text = load_file(path).text
        rng = random.Random(path.name)
        check_round_trips(text, [(rng.randrange(len(text) + 1), rng.randrange(len(text) + 1))
                                 for _ in range(300)])  # fmt: skip


@pytest.mark.gui
def test_a_phrase_across_a_pdf_line_end_is_found_and_labelled_on_its_words(window, qtbot, db):
    text = window.session.letter.text
    assert "associated gait \n\nderangement" in text  # a PDF line end inside the phrase
    key(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_box, "with associated gait derangement")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_3)
    (made,) = db.highlights(1)
    assert made.label == "Clinical fact"
    assert (made.start, made.end) == (
        text.index("with associated gait"),
        text.index("gait \n\nderangement") + len("gait \n\nderangement"),
    )
    painted = window.letter_view.highlighter.format_at(made.start + 1)
    assert painted is not None and painted.background().style() != Qt.BrushStyle.NoBrush


@pytest.mark.gui
def test_ctrl_shift_l_shows_the_lines_as_printed_and_back(window, qtbot, db, settings):
    view = window.letter_view
    text = window.session.letter.text
    at = text.index("Soma and Percocet")
    window.session.add_highlight(at, at + 4, "Clinical fact")
    view.setFocus()
    view.put_caret(at)
    key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    assert view.toPlainText() == text
    assert not window.action("reflow").isChecked() and settings.value("reflow") in (False, "false")
    assert view.caret() == at  # the caret stays on the same word
    assert view.highlighter.format_at(at).background().style() != Qt.BrushStyle.NoBrush
    key(qtbot, Qt.Key.Key_T, CTRL)
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    key(qtbot, Qt.Key.Key_2)
    assert [text[h.start : h.end] for h in db.highlights(1)][-1] == "Soma and Percocet"
    key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    assert view.toPlainText() == Reflow(text).display and view.caret() > at
    assert view.highlighter.format_at(at).background().style() != Qt.BrushStyle.NoBrush


@pytest.mark.gui
def test_switching_between_printed_lines_and_paragraphs_keeps_the_caret_in_view(window, qtbot):
    """With the caret in the decisions (far down the letter), Ctrl+Shift+L must leave it on
    screen both ways; the view had jumped back to the case summary."""
    view = window.letter_view
    text = window.session.letter.text
    at = text.index("a short-acting opioid")  # in item 2's rationale
    view.setFocus()
    view.put_caret(at)
    for _ in range(2):
        key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
        qtbot.wait(20)
        assert view.caret() == at
        assert view.viewport().rect().contains(view.cursorRect().center()), (
            view.cursorRect(), view.viewport().rect())  # fmt: skip
