"""Undoable commands: each kind of change logs its own action when done, "undo" and "redo"
after, brings the letter back exactly on undo; the undo stacks are bounded."""

from __future__ import annotations

from gui.review.commands import (
    AddHighlight,
    AddItem,
    Confirm,
    DeleteHighlight,
    EditField,
    FillFromSelection,
    MoveItem,
    RelabelHighlight,
    RemoveItem,
    SetNeedsEvidence,
)
from gui.review.history import UndoHistory
from gui.review.paths import FieldPath
from parsing import Span


def last_action(store) -> str:
    return store.audit(1)[-1]["action"]


def check_round_trip(session, store, command) -> None:
    """Do, undo, redo one command; the log names each; undo restores the letter as it was."""
    before = (session.record, [(h.id, h.label, h.field) for h in session.highlights])
    session.execute(command)
    assert last_action(store) == command.action
    after = (session.record, [(h.id, h.label, h.field) for h in session.highlights])
    assert after != before, command.label
    assert session.undo() == command.label
    if command.path != "highlights":  # the store logs a highlight's return as its own change
        assert last_action(store) == "undo"
    assert (session.record, [(h.id, h.label, h.field) for h in session.highlights]) == before
    assert session.redo() == command.label
    if command.path != "highlights":
        assert last_action(store) == "redo"
    assert (session.record, [(h.id, h.label, h.field) for h in session.highlights]) == after


def test_every_record_command_does_undoes_and_redoes(session, seeded_store):
    text = session.letter.text
    start = text.index("June 24, 2014")
    for command in (
        EditField(FieldPath("ur_date"), "2015-07-29"),
        Confirm(FieldPath("patient_age")),
        FillFromSelection(FieldPath("date_of_injury"), "2014-06-24", Span(start, start + 13)),
        SetNeedsEvidence(1, True),
        AddItem(2, {}),
        MoveItem(0, 1, {}),
        RemoveItem(2, {}),
    ):
        check_round_trip(session, seeded_store, command)
    assert [c.action for c in (AddItem(0, {}), MoveItem(0, 1, {}), RemoveItem(0, {}))] == [
        "add_item", "move_item", "remove_item",
    ]  # fmt: skip


def test_every_highlight_command_does_undoes_and_redoes(session, seeded_store):
    text = session.letter.text
    a = text.index("visible limp")
    add = AddHighlight(a, a + 12, "Clinical fact", "items.0.rationale")
    check_round_trip(session, seeded_store, add)
    assert add.after is not None and add.after.field == "items.0.rationale"
    relabel = RelabelHighlight(add.after, "Other")
    check_round_trip(session, seeded_store, relabel)
    assert relabel.label == "relabel Clinical fact as Other"
    check_round_trip(session, seeded_store, DeleteHighlight(relabel.after))
    actions = [row["action"] for row in seeded_store.audit(1)]
    assert {"highlight_add", "highlight_change", "highlight_delete"} <= set(actions)


def test_typing_merges_only_into_the_same_field(session):
    session.edit("case_number", "CM1")
    session.edit("case_number", "CM15-0148723")
    session.edit("ur_date", "2015-07-29")
    assert session.history.steps(1) == 2
    assert session.undo() == "edit UR date"
    assert session.undo() == "edit Case number"
    assert session.record.case_number is None


def test_undo_stacks_are_bounded_per_letter_and_in_letters():
    history = UndoHistory(depth=3, letters=2)
    commands = [Confirm(FieldPath("ur_date")) for _ in range(5)]
    for command in commands:
        history.push(1, command)
    assert history.steps(1) == 3
    assert history.take(1, backwards=True) is commands[-1]  # the newest steps are kept
    history.push(2, Confirm(FieldPath("ur_date")))
    history.push(1, Confirm(FieldPath("ur_date")))
    history.push(3, Confirm(FieldPath("ur_date")))  # letter 2 was changed longest ago
    assert history.can_undo(1) and history.can_undo(3) and not history.can_undo(2)


def test_the_session_keeps_at_most_the_default_depth(session):
    from gui.review.history import DEPTH

    for n in range(DEPTH + 5):
        session.history.push(
            1, Confirm(FieldPath("ur_date")) if n % 2 else EditField(FieldPath("ur_date"), None)
        )
    assert session.history.steps(1) == DEPTH
