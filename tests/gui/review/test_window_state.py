"""Window state kept in a per-user settings file comes back on reopening: the letter, the field,
the queue's filter, search and sort, splitters and geometry; stale or damaged values fall back
to their defaults without an error."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.review import ReviewSession
from gui.review.window_state import (
    StateWriter,
    WindowState,
    capture,
    load_state,
    restore,
    save_state,
    state_key,
)
from storage.queue import QueueQuery


def test_reopening_comes_back_to_letter_field_queue_and_geometry(session, seeded_store, tmp_path):
    settings = tmp_path / "config" / "window.json"
    session.set_query(QueueQuery("needs review", "", "case_number", True))
    session.open(2)
    session.set_current("items.0.quantity")
    geometry = bytes(range(256))
    save_state(settings, state_key(session), capture(session, geometry, {"main": [300, 700]}))
    save_state(settings, "bob@elsewhere", WindowState(letter_id=3))  # another entry stays

    again = ReviewSession(seeded_store, "ann")
    state = load_state(settings, state_key(again))
    assert restore(again, state) == ""
    assert again.letter_id == 2 and again.current_path == "items.0.quantity"
    assert again.query == QueueQuery("needs review", "", "case_number", True)
    assert state.geometry == geometry and state.splitters == {"main": [300, 700]}
    assert load_state(settings, "bob@elsewhere").letter_id == 3


def test_a_letter_or_field_no_longer_there_is_left_out(seeded_store):
    session = ReviewSession(seeded_store, "ann")
    said = restore(session, WindowState(letter_id=99, field="items.7.quantity"))
    assert session.letter_id == 1  # the first letter to review
    assert "letter 99 is no longer in the database" in said
    assert "field last open is no longer in this letter" in said
    assert session.current_path == "case_number"


def test_a_letter_open_outside_its_filter_opens_again(session, seeded_store, tmp_path):
    """A letter left open while the queue shows another status (it stays open, outside the
    queue) came back as the queue's first letter, with a message saying it was no longer in the
    queue (newcomer's finding). It opens again, still outside the queue, and says so."""
    settings = tmp_path / "window.json"
    session.open(2)
    session.edit("patient_age", 41)  # in progress
    session.set_query(QueueQuery("done"))  # none is done: the queue is empty
    assert session.letter_id == 2 and session.ids == []
    save_state(settings, state_key(session), capture(session))
    again = ReviewSession(seeded_store, "ann")
    said = restore(again, load_state(settings, state_key(again)))
    assert again.letter_id == 2 and again.query.status == "done"
    assert said == "letter 2 is open but not in this queue"


def test_damaged_files_and_values_give_defaults(tmp_path):
    settings = tmp_path / "window.json"
    assert load_state(settings, "k") == WindowState()  # absent
    settings.write_text("{not json")
    assert load_state(settings, "k") == WindowState()
    save_state(settings, "k", WindowState(letter_id=4))  # a damaged file is replaced
    assert load_state(settings, "k").letter_id == 4
    bad = {"letter_id": "7", "field": 3, "status_filter": "nonsense", "sort": "dropped",
           "splitters": {"main": [-1, 2], "side": [5]}, "geometry": "%%%", "descending": "yes"}  # fmt: skip
    settings.write_text(json.dumps({"format": "imr-window-state/1", "states": {"k": bad}}))
    assert load_state(settings, "k") == WindowState(splitters={"side": [5]})


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12))  # fmt: skip
def test_any_stored_value_reads_without_error(data):
    state = WindowState.from_json(data)
    assert WindowState.from_json(state.to_json()) == state


def test_the_state_writer_keeps_the_newest_state_and_leaves_other_entries(tmp_path):
    settings = tmp_path / "config" / "window.json"
    save_state(settings, "bob@elsewhere", WindowState(letter_id=3))
    writer = StateWriter()
    for letter in range(1, 41):  # handed over faster than written: the last one wins
        writer.keep(settings, "ann@here", WindowState(letter_id=letter, search=f"s{letter}"))
    assert writer.flush()
    assert load_state(settings, "ann@here") == WindowState(letter_id=40, search="s40")
    assert load_state(settings, "bob@elsewhere").letter_id == 3
    assert writer.take_failure() is None


def _failed_write(blocker: Path) -> StateWriter:
    """A writer whose state file could not be written: ``blocker`` is a file where the
    settings folder should be."""
    blocker.write_text("a file where the settings folder should be")
    writer = StateWriter()
    writer.keep(blocker / "window.json", "k", WindowState(letter_id=1))
    assert writer.flush()
    return writer


def test_a_state_that_cannot_be_written_is_reported_once(tmp_path):
    blocker = tmp_path / "not-a-folder"
    writer = _failed_write(blocker)
    failure = writer.take_failure()
    assert failure is not None and failure[0] == blocker / "window.json"
    assert isinstance(failure[1], OSError)
    assert writer.take_failure() is None
    assert blocker.read_text() == "a file where the settings folder should be"


def test_the_state_writer_keeps_writing_after_an_unexpected_error(tmp_path, monkeypatch):
    import gui.review.window_state as window_state

    settings = tmp_path / "window.json"
    real = window_state.save_state
    calls = []

    def broken_once(path, key, state):
        calls.append(key)
        if len(calls) == 1:
            raise RuntimeError("something no one expected")
        real(path, key, state)

    monkeypatch.setattr(window_state, "save_state", broken_once)
    writer = StateWriter()
    writer.keep(settings, "k", WindowState(letter_id=1))
    assert writer.flush(timeout=2)  # not left waiting on a writer that has stopped
    failure = writer.take_failure()
    assert failure is not None and "something no one expected" in str(failure[1])
    writer.keep(settings, "k", WindowState(letter_id=2))
    assert writer.flush(timeout=2)
    assert load_state(settings, "k").letter_id == 2


def test_a_failure_is_forgotten_once_the_file_is_written_again(tmp_path):
    blocker = tmp_path / "config"
    writer = _failed_write(blocker)
    blocker.unlink()  # the coder clears the way; the next switch is kept
    writer.keep(blocker / "window.json", "k", WindowState(letter_id=2))
    assert writer.flush()
    assert writer.take_failure() is None
    assert load_state(blocker / "window.json", "k").letter_id == 2


def test_any_search_text_is_kept_even_half_a_character(tmp_path):
    settings = tmp_path / "window.json"
    save_state(settings, "k", WindowState(search="\ud83d half an emoji"))
    save_state(settings, "other", WindowState(letter_id=3))  # the entry above is written again
    assert load_state(settings, "k").search == "\ud83d half an emoji"
    assert load_state(settings, "other").letter_id == 3
