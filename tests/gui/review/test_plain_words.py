"""Every message the coder reads names fields as the form does ("Patient age", "Item 2
treatment"), never by their internal paths (``items.1.treatment``, ``patient_age``): walked
over every message-producing operation of a bare session, and the F1 sheet."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from gui.review import ReviewError
from gui.review.actions import ACTIONS, shortcut_sheet
from gui.review.errors import EditConflict
from gui.review.handlers import OnSession
from gui.review.paths import SPECS
from gui.review.words import field_name, plain

INTERNAL = re.compile(
    r"items\.\d|\b(" + "|".join(n for n in SPECS if "_" in n) + r"|needs_evidence)\b"
)


def said(messages: list[str], do: Callable[[], Any]) -> None:
    """Run an operation; keep what it tells the coder (its refusal, or the text it returns)."""
    try:
        result = do()
    except ReviewError as error:
        messages.append(str(error))
        return
    if isinstance(result, str):
        messages.append(result)


def test_field_names_are_the_forms():
    assert field_name("patient_age") == "Patient age"
    assert field_name("items.1.treatment") == "Item 2 treatment"
    assert field_name("items.0.reviewer_guideline") == "Item 1 MAXIMUS guideline"
    assert plain("Filled items.0.treatment from the selection") == (
        "Filled Item 1 treatment from the selection"
    )
    assert not INTERNAL.search(plain("no field 'ur_date' in date_of_injury"))


def test_no_message_names_a_field_by_its_internal_path(session):
    messages: list[str] = []
    bad = {"date": "yesterday", "int": "forty", "choice": "maybe", "list": 5, "text": 7,
           "span": "here"}  # fmt: skip
    for path in ["patient_age", "ur_date", "patient_sex", "diagnoses", "items.0.quantity",
                 "items.1.determination", "items.0.rationale", "items.0.treatment"]:  # fmt: skip
        kind = SPECS[path.rsplit(".", 1)[-1]].kind
        said(messages, lambda p=path, k=kind: session.edit(p, bad[k]))
        said(messages, lambda p=path: session.restore(p))
        said(messages, lambda p=path: session.fill_from_selection(0, 0, p))
        said(messages, lambda p=path: session.fill_from_selection(0, 9, p))
    said(messages, session.undo)
    for step in (
        lambda: session.edit("patient_age", 52),
        lambda: session.edit("items.1.treatment", "Soma"),
        lambda: session.confirm("patient_sex"),
        lambda: session.fill_from_selection(*session.record.spans["date_of_injury"], "ur_date"),
    ):
        step()
        said(messages, session.undo)
        said(messages, session.redo)
    said(messages, lambda: session.restore("ur_date"))
    said(messages, session.undo)
    session.set_current("case_number")
    for step in (session.remove_item, lambda: session.move_item(1), session.toggle_needs_evidence,
                 lambda: session.set_determination("upheld")):  # fmt: skip
        said(messages, step)
    session.set_current("items.1.request")
    said(messages, lambda: session.move_item(1))
    said(messages, lambda: session.add_highlight(0, 0, "Clinical fact"))
    said(messages, lambda: session.add_highlight(0, len(session.letter.text), "Clinical fact"))
    said(messages, lambda: session.add_highlight(0, 9, "no such label"))
    session.toggle_needs_evidence()
    said(messages, session.undo)
    said(messages, session.redo)
    said(messages, lambda: session.done_and_next())
    said(messages, lambda: session.accept_letter())
    session.set_unsaved("items.1.quantity", "thirty")
    said(messages, lambda: session.accept_letter())
    session.set_unsaved("items.1.quantity", None)
    messages.append(str(EditConflict("items.1.quantity", 3, 4)))
    for spec in ACTIONS:  # every session handler: what its reply or refusal says
        if isinstance(spec.handler, OnSession):
            run = spec.handler.run
            said(messages, lambda r=run: r(session).message)
    for path in session.unchecked_paths():
        session.confirm(path)
    said(messages, session.next_unsure)
    session.open(3)
    said(messages, session.next)
    assert len(messages) > 40
    assert [m for m in messages if INTERNAL.search(m)] == []


@pytest.mark.parametrize("menu", [menu for menu, _ in shortcut_sheet()])
def test_the_f1_sheet_is_plain_words(menu):
    rows = dict(shortcut_sheet())[menu]
    for keys, action, what in rows:
        assert not INTERNAL.search(f"{keys} {action} {what}")
        assert what and what[0].isupper(), (action, what)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("patient_age", 480, "Patient age must be 130 or less"),
        ("items.0.quantity", -3, "Item 1 quantity must be 0 or more"),
    ],
)
def test_a_value_out_of_range_is_refused_in_plain_words(session, path, value, expected):
    """The validator's own wording ("Input should be less than or equal to 130") is not the
    form's; the refusal says what the field takes."""
    with pytest.raises(ReviewError) as refused:
        session.edit(path, value)
    assert str(refused.value) == expected


def test_two_lists_that_differ_in_their_commas_never_read_alike():
    """A lead choosing between coders' diagnoses, a field's history and an edit conflict show
    a list as the form does (elements parted by semicolons): one diagnosis with a comma in it
    and the same words as two diagnoses are told apart."""
    from gui.qt.adjudication_panel import _shown as in_the_disputes
    from gui.review.errors import _shown as in_a_conflict
    from gui.review.words import shown_value

    one = ["contusion of face, scalp and neck", "sprain"]
    split = ["contusion of face", "scalp and neck", "sprain"]
    for shown in (shown_value, in_the_disputes, in_a_conflict):
        assert shown(one) != shown(split), shown
