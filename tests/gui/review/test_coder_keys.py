"""The keys of a coder's day on a bare session (no Qt): one key accepts a correct letter,
Return confirms a field and goes on, F8 visits every field still to check, and a changed field
can be given back the parser's value."""

from __future__ import annotations

import pytest

from gui.review import EvidenceMissing, ReviewError
from gui.review.actions import ACTIONS, A
from gui.review.handlers import OnSession, Reply
from gui.review.paths import form_paths


def run(session, action: A) -> Reply:
    spec = next(s for s in ACTIONS if s.id == action)
    assert isinstance(spec.handler, OnSession)
    return spec.handler.run(session)


def test_one_key_accepts_a_correct_letter(session, seeded_store):
    paths = form_paths(session.record)
    reply = run(session, A.ACCEPT_LETTER)
    gold = seeded_store.gold(1, "ann")
    assert gold.status == "done"
    assert {p: gold.record.review.get(p) for p in paths} == dict.fromkeys(paths, "confirmed")
    assert [e["action"] for e in seeded_store.audit(1)] == ["confirm_all", "status"]
    assert session.letter_id == 2  # the next letter needing review is open
    assert reply.message.startswith("Letter accepted") and reply.focus_field
    spec = next(s for s in ACTIONS if s.id == A.ACCEPT_LETTER)
    assert spec.shortcuts[0] == "Ctrl+Shift+Return" and spec.scope == "window"


def test_accepting_keeps_edits_and_undoes_in_one_step(session, seeded_store):
    session.edit("ur_date", "2015-07-29")
    session.accept_letter()
    gold = seeded_store.gold(1, "ann")
    assert gold.record.review["ur_date"] == "edited"
    assert gold.record.ur_date.isoformat() == "2015-07-29"
    session.open(1)
    assert session.undo() == "confirm every field of the letter"
    assert seeded_store.gold(1, "ann").record.review == {"ur_date": "edited"}


def test_accepting_is_refused_while_typed_text_cannot_be_saved(session, seeded_store):
    session.set_unsaved("patient_age", "forty")
    with pytest.raises(ReviewError, match="“forty” in Patient age cannot be saved"):
        session.accept_letter()
    assert seeded_store.gold(1, "ann") is None and session.letter_id == 1
    session.set_unsaved("patient_age", None)
    session.accept_letter()
    assert seeded_store.gold(1, "ann").status == "done"


def test_accepting_is_refused_while_evidence_is_missing(session, seeded_store):
    session.set_current("items.0.request")
    session.toggle_needs_evidence()
    before = seeded_store.gold(1, "ann").record
    with pytest.raises(EvidenceMissing):
        session.accept_letter()
    gold = seeded_store.gold(1, "ann")
    assert gold.status != "done" and gold.record == before and session.letter_id == 1


def test_return_confirms_and_moves_to_the_next_field_across_items(session, seeded_store):
    session.set_current("diagnoses")
    assert run(session, A.CONFIRM_NEXT) == Reply(focus_field=True)
    assert session.current_path == "items.0.request"
    assert seeded_store.gold(1, "ann").record.review["diagnoses"] == "confirmed"
    session.set_current("items.0.rationale")
    session.confirm_and_next()
    assert session.current_path == "items.1.request"
    session.edit("items.1.request", "Soma 350 MG #30")
    session.confirm_and_next()  # an edited field stays edited
    assert seeded_store.gold(1, "ann").record.review["items.1.request"] == "edited"
    last = form_paths(session.record)[-1]
    session.set_current(last)
    assert session.confirm_and_next() == last  # the last field stays current


def test_f8_visits_unconfirmed_fields_once_the_unsure_ones_are_checked(session):
    for path in session.unsure_paths():
        session.confirm(path)
    assert session.unsure_paths() == []
    unchecked = session.unchecked_paths()
    assert len(unchecked) > 10  # most fields are still unconfirmed
    session.set_current(unchecked[0])
    seen = []
    for _ in range(3):
        run(session, A.NEXT_UNSURE)
        seen.append(session.current_path)
    assert seen == unchecked[1:4]
    run(session, A.PREVIOUS_UNSURE)
    assert session.current_path == unchecked[2]
    for path in unchecked:
        session.confirm(path)
    with pytest.raises(ReviewError, match="no unsure or unconfirmed fields left"):
        session.next_unsure()


def test_restore_gives_back_the_parsers_value_and_source(session, seeded_store):
    predicted = session.parser_value("ur_date")
    assert predicted == "2015-07-28"
    assert not session.can_restore("ur_date")
    session.set_current("ur_date")
    start, end = session.record.spans["date_of_injury"]
    session.fill_from_selection(start, end)
    session.edit("ur_date", "2015-07-29")
    assert session.can_restore() and session.parser_shown("ur_date") == "2015-07-28"
    reply = run(session, A.RESTORE)
    gold = seeded_store.gold(1, "ann")
    assert gold.record.ur_date.isoformat() == predicted
    assert gold.record.spans["ur_date"] == session.prediction.spans["ur_date"]
    assert gold.record.review["ur_date"] == "confirmed"
    assert reply.message == "UR date: the parser's value is back (2015-07-28)."
    assert session.undo() == "restore the parser's UR date"
    assert seeded_store.gold(1, "ann").record.ur_date.isoformat() == "2015-07-29"
    with pytest.raises(ReviewError, match="Patient age has not been changed"):
        session.restore("patient_age")


def test_parser_value_of_an_added_item_is_none(session):
    session.set_current("items.1.request")
    session.add_item()
    assert session.parser_value("items.2.request") is None


def test_a_fields_history_in_plain_words(session, seeded_store):
    from gui.review.field_history import field_history

    session.edit("patient_age", 52)
    session.edit("ur_date", "2015-07-29")
    session.restore("ur_date")
    session.accept_letter()
    age = field_history(seeded_store, 1, "patient_age", "ann")
    assert [(e.reviewer, e.action, e.old, e.new) for e in age] == [
        ("ann", "changed", "empty", "52")
    ]
    ur = field_history(seeded_store, 1, "ur_date")
    assert [(e.action, e.old, e.new) for e in ur] == [
        ("changed", "2015-07-28", "2015-07-29"),
        ("given back the parser's value", "2015-07-29", "2015-07-28"),
    ]
    assert ur[0].at <= ur[1].at
    sex = field_history(seeded_store, 1, "patient_sex", "ann")
    assert [(e.action, e.old, e.new) for e in sex] == [
        ("confirmed with the whole letter", "not checked", "confirmed")
    ]
    assert field_history(seeded_store, 1, "patient_sex", "bob") == []


def test_an_added_item_moved_first_has_no_parser_value_to_restore(session, seeded_store):
    """The parser's values belong to the parser's items wherever they move: an item the coder
    added and moved to the top once showed the parser's first request as 'its' value, and
    Ctrl+Shift+R copied that request (and its source) into the new item (newcomer's finding)."""
    first = session.record.items[0].request
    session.set_current("items.0.request")
    session.add_item()  # after item 1: the new item is items.1
    session.set_current("items.1.request")
    session.edit("items.1.request", "X-ray of the left shoulder")
    session.move_item(-1)  # the new item is now the first
    assert session.record.items[0].request == "X-ray of the left shoulder"
    assert session.parser_value("items.0.request") is None
    assert session.parser_value("items.1.request") == first  # the parser's item, moved down
    with pytest.raises(ReviewError):
        session.restore("items.0.request")
    assert session.record.items[0].request == "X-ray of the left shoulder"


def test_the_hidden_fields_follow_the_fields_they_are_read_from(session, seeded_store):
    """The form does not show an item's generic name, guideline sources and pages, strength
    and refills: the parser works them out from the treatment, the guidelines and the request.
    A treatment corrected from Soma to Norco kept the generic name carisoprodol in the exported
    gold (newcomer's finding); undo gives the parser's back."""
    predicted = session.record.items[0]
    assert predicted.generic_name == "carisoprodol"
    session.edit("items.0.treatment", "Norco")
    session.edit("items.0.reviewer_guideline", "Decision based on ODG, pg. 12")
    session.edit("items.0.claims_administrator_guideline", "")
    session.edit("items.0.request", "Norco 10/325mg #90 with 2 refills")
    gold = seeded_store.gold(1, "ann").record.items[0]
    assert gold.generic_name == "hydrocodone/acetaminophen"
    assert gold.guideline_sources == ["ODG"]
    assert (gold.strength, gold.refills) == ("10/325mg", 2)
    for _ in range(4):
        session.undo()
    back = seeded_store.gold(1, "ann").record.items[0]
    assert back.model_dump() == predicted.model_dump()
