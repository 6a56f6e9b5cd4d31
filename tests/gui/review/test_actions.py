"""The action registry on a bare session, without Qt: every action has one handler and one
enabled-rule; a rule that says no agrees with the session refusing the action."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from gui.review import ReviewError, ReviewSession
from gui.review.actions import ACTIONS, MENUS, A, enabled_actions, shortcut_sheet
from gui.review.handlers import OnLetterKeys, OnSession, OnWindow, Reply, ReviewWindow

SESSION_ACTIONS = [spec for spec in ACTIONS if isinstance(spec.handler, OnSession)]


def run(session: ReviewSession, action: A) -> Reply:
    spec = next(s for s in ACTIONS if s.id == action)
    assert isinstance(spec.handler, OnSession)
    return spec.handler.run(session)


def test_the_registry_is_complete_and_needs_no_qt():
    assert {spec.id for spec in ACTIONS} == set(A)
    keys = Counter(k for spec in ACTIONS for k in spec.shortcuts)
    assert [k for k, n in keys.items() if n > 1] == []
    assert {spec.menu for spec in ACTIONS} <= set(MENUS)
    window_methods = {name for name in dir(ReviewWindow) if not name.startswith("_")}
    for spec in ACTIONS:
        if isinstance(spec.handler, OnWindow):
            assert spec.handler.method in window_methods, spec.id
        assert isinstance(spec.handler, OnLetterKeys) == (spec.scope == "letter"), spec.id
    assert sum(len(rows) for _, rows in shortcut_sheet()) == len(ACTIONS)
    check = (
        "import sys, gui.review.actions; assert 'PySide6' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", check], check=True)


def test_handlers_run_on_a_bare_session(session, seeded_store):
    assert session.current_path == "case_number"
    assert run(session, A.NEXT_ITEM) == Reply(focus_field=True)
    assert session.current_path == "items.0.request"
    run(session, A.OVERTURNED)
    assert seeded_store.gold(1, "ann").record.items[0].determination == "overturned"
    # Undo brings the form (and the keyboard) to the field changed back; redo finds it there.
    assert run(session, A.UNDO) == Reply("Undone: edit Item 1 determination", focus_field=True)
    assert session.current_path == "items.0.determination"
    assert run(session, A.REDO) == Reply("Redone: edit Item 1 determination")
    assert run(session, A.NEEDS_EVIDENCE).message == "Item 1 needs an evidence highlight."
    run(session, A.MOVE_ITEM_DOWN)  # the caret stays in the field it was in (redo went there)
    assert session.current_path == "items.1.determination"
    assert run(session, A.SKIP) == Reply("Letter skipped.", focus_field=True)
    assert session.letter_id == 2 and seeded_store.gold(1, "ann").status == "skipped"


def test_enabled_rules_follow_the_session(session):
    allowed = enabled_actions(session)
    assert A.UNDO not in allowed and A.REDO not in allowed
    assert A.UPHELD not in allowed and A.REMOVE_ITEM not in allowed  # in a letter field
    assert {A.NEXT_ITEM, A.ADD_ITEM, A.NEXT, A.DONE_NEXT, A.QUIT} <= allowed
    assert A.PREVIOUS not in allowed  # the first letter of the queue
    session.set_current("items.0.request")
    allowed = enabled_actions(session)
    assert {A.UPHELD, A.REMOVE_ITEM, A.MOVE_ITEM_DOWN, A.NEEDS_EVIDENCE} <= allowed
    assert A.MOVE_ITEM_UP not in allowed
    session.edit("items.0.quantity", 31)
    assert A.UNDO in enabled_actions(session)
    session.undo()
    assert {A.REDO} <= enabled_actions(session) and A.UNDO not in enabled_actions(session)
    assert A.DELETE_HIGHLIGHT not in enabled_actions(session)


def test_a_bare_session_with_no_letter_allows_only_what_needs_none(seeded_store):
    fresh = ReviewSession(seeded_store, "ann")
    allowed = enabled_actions(fresh)
    assert A.DONE_NEXT not in allowed and A.ADD_ITEM not in allowed and A.UNDO not in allowed
    assert {A.QUIT, A.SHORTCUTS, A.ZOOM_IN, A.IMPORT_FILES} <= allowed


@pytest.mark.parametrize("where", ["case_number", "items.0.request", "items.1.rationale"])
def test_an_action_its_rule_disables_is_refused_and_changes_nothing(session, seeded_store, where):
    session.set_current(where)
    session.edit("ur_date", "2015-07-29")
    session.undo()  # something to redo, nothing to undo
    for spec in SESSION_ACTIONS:
        if spec.enabled(session):
            continue
        state = (session.letter_id, session.version, session.current_path)
        with pytest.raises(ReviewError):
            run(session, spec.id)
        assert (session.letter_id, session.version, session.current_path) == state, spec.id
