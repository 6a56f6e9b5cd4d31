"""A lead settles three coders' disagreements in the real window, with key presses; the export
then carries the settled record, not any single coder's."""

from __future__ import annotations

import json

import pytest
from keys import CTRL, key
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from teamwork import CODERS, review, shared_letters
from windows import shown

from gui.qt.window.main_window import MainWindow
from storage.export import export
from storage.store import Store
from storage.team.disputes import disputed_letter_ids
from storage.team.merge import merge
from storage.verify import gold_problems

pytestmark = pytest.mark.gui


@pytest.fixture
def merged(main_db, assigned):
    shared = shared_letters(assigned)
    for coder in CODERS:
        review(assigned.files[coder], coder, shared)
    with Store.open(main_db) as store:
        merge(store, [assigned.files[c] for c in CODERS])
    return main_db, shared


@pytest.fixture
def lead_window(qtbot, merged, settings):
    db_path, _ = merged
    store = Store.open(db_path)
    win = shown(qtbot, MainWindow(store, "lee", settings, adjudicate=True))
    yield win
    win.close()
    store.close()


def rows(window) -> list[str]:
    panel = window.adjudication_panel.list
    return [panel.item(n).text() for n in range(panel.count())]


def test_the_queue_holds_the_letters_the_coders_disagree_on(lead_window, merged):
    db_path, shared = merged
    with Store.open(db_path, readonly=True) as store:
        disputed = disputed_letter_ids(store)
        shas = dict(store.conn.execute("SELECT id, sha256 FROM letters"))
    # Shared letters 0-4 (age, determinations, highlights) and 9 (item count) are disputed.
    assert sorted(shared.index(shas[i]) for i in disputed) == [0, 1, 2, 3, 4, 9]
    assert lead_window.session.ids == disputed
    assert lead_window.status_filter.currentData() == "disagreements"


def test_a_lead_settles_a_letter_with_keys_and_the_export_carries_it(
    lead_window, qtbot, merged, tmp_path
):
    db_path, shared = merged
    window = lead_window
    letter_id = window.session.letter_id
    with Store.open(db_path, readonly=True) as store:
        sha = store.letter(letter_id).sha256
        k = shared.index(sha)
    assert k in (0, 1, 2, 3, 4)  # a letter where cy gave age 41
    key(qtbot, Qt.Key.Key_5, CTRL)
    assert focus_name() == "adjudicationList"
    texts = rows(window)
    age_row = next(n for n, t in enumerate(texts) if "Patient age" in t)
    assert (
        "1 ann: 40" in texts[age_row]
        and "3 cy: 41" in texts[age_row]
        and "4 parser:" in texts[age_row]
    )
    window.adjudication_panel.list.setCurrentRow(age_row)
    key(qtbot, Qt.Key.Key_3)  # take cy's value
    assert window.session.record.patient_age == 41
    assert "✓ cy" in rows(window)[age_row]
    highlight_rows = [n for n, t in enumerate(rows(window)) if "Conclusion" in t]
    assert highlight_rows
    window.adjudication_panel.list.setCurrentRow(highlight_rows[0])
    key(qtbot, Qt.Key.Key_Return)  # accept the first coder's highlight
    assert "[accepted]" in rows(window)[highlight_rows[0]]
    assert len(window.session.highlights) == 1
    key(qtbot, Qt.Key.Key_Delete)  # and drop it again
    assert window.session.highlights == []
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, CTRL)  # done; on to the next disputed letter
    with Store.open(db_path) as store:
        settled = store.gold(letter_id, "adjudication:lee")
        assert settled.status == "done" and settled.record.patient_age == 41
        assert [e["action"] for e in store.audit(letter_id) if e["reviewer"] == "adjudication:lee"][:2] == [
            "adjudicate", "adjudicate"]  # fmt: skip
        assert gold_problems(store) == []
        store.set_status(letter_id, "ann", "done", note="looked again")  # a coder's, newer
        export(store, "jsonl", tmp_path / "gold.jsonl")
    records = [json.loads(line) for line in (tmp_path / "gold.jsonl").read_text().splitlines()]
    mine = next(r for r in records if r["sha256"] == sha)
    assert mine["reviewer"] == "adjudication:lee"
    assert mine["gold"]["patient_age"] == 41


def focus_name() -> str:
    return QApplication.focusWidget().objectName()


def open_letter(window, qtbot, shared, db_path, k: int) -> int:
    """Open shared letter k in the lead's window (through the queue, as a click would)."""
    with Store.open(db_path, readonly=True) as store:
        letter_id = next(i for i, sha in store.conn.execute("SELECT id, sha256 FROM letters")
                         if sha == shared[k])  # fmt: skip
    window.session.open(letter_id)
    return letter_id


def test_the_form_shows_the_record_being_settled_and_done_waits_for_every_dispute(
    lead_window, qtbot, merged
):
    db_path, shared = merged
    window = lead_window
    open_letter(window, qtbot, shared, db_path, 0)  # age and item 1's determination disputed
    assert window.session.version > 0  # the lead's record exists from the first look
    assert window.form.editor("patient_age").text() == "40"  # ann's, not the parser's
    assert all("[?]" in t for t in rows(window) if "—" in t)  # nothing settled yet
    key(qtbot, Qt.Key.Key_5, CTRL)
    age = next(n for n, t in enumerate(rows(window)) if "Patient age" in t)
    window.adjudication_panel.list.setCurrentRow(age)
    key(qtbot, Qt.Key.Key_1)  # ann's 40
    assert "✓ ann" in rows(window)[age]
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "not settled yet" in window.statusBar().currentMessage()
    assert window.session.status.value != "done"
    key(qtbot, Qt.Key.Key_Z, CTRL)  # undo the pick: open again
    assert "[?]" in rows(window)[age]


def test_a_coders_changed_answer_reopens_a_settled_letter(
    lead_window, qtbot, merged, assigned, tmp_path
):
    from gui.review import ReviewSession
    from storage.queue import QueueQuery

    db_path, shared = merged
    window = lead_window
    letter_id = open_letter(window, qtbot, shared, db_path, 2)  # only the age is disputed
    key(qtbot, Qt.Key.Key_5, CTRL)
    age = next(n for n, t in enumerate(rows(window)) if "Patient age" in t)
    window.adjudication_panel.list.setCurrentRow(age)
    key(qtbot, Qt.Key.Key_3)  # cy's 41
    key(qtbot, Qt.Key.Key_Return, CTRL)
    with Store.open(db_path) as store:
        assert store.gold(letter_id, "adjudication:lee").status == "done"
    with Store.open(assigned.files["cy"]) as work:  # cy changes her mind: 40 after all
        session = ReviewSession(work, "cy")
        session.set_query(QueueQuery())
        mine = next(i for i, sha in work.conn.execute("SELECT id, sha256 FROM letters")
                    if sha == shared[2])  # fmt: skip
        session.open(mine)
        session.edit("patient_age", 40)
        session.done_and_next()
    with Store.open(db_path) as store:
        (result,) = merge(store, [assigned.files["cy"]])
        assert result.reopened == [letter_id] and "open again for the lead" in result.summary()
        settled = store.gold(letter_id, "adjudication:lee")
        assert settled.status == "in_progress" and "patient_age" not in settled.record.review
        assert letter_id in disputed_letter_ids(store)
        assert gold_problems(store) == []  # the reopening is logged and replays
        # Until the lead settles it again, no export passes off a coder's answer as the team's:
        # done-only exports leave the letter out, and `--status all` carries the lead's record.
        export(store, "jsonl", tmp_path / "done.jsonl")
        export(store, "jsonl", tmp_path / "all.jsonl", status="all")
        assert letter_id not in [row[0] for row in store.done_gold()]  # nor does eval score it
    sha = shared[2]
    done = [json.loads(line) for line in (tmp_path / "done.jsonl").read_text().splitlines()]
    assert sha not in [r["sha256"] for r in done]
    every = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    (mine,) = [r for r in every if r["sha256"] == sha]
    assert mine["reviewer"] == "adjudication:lee" and mine["gold"]["patient_age"] == 41
    window.session.open(letter_id)
    age = next(n for n, t in enumerate(rows(window)) if "Patient age" in t)
    assert "[?]" in rows(window)[age]  # the coders agree now, on a value the lead did not keep


def test_a_work_database_opened_under_another_coders_name_says_whose_it_is(
    qtbot, assigned, settings
):
    store = Store.open(assigned.files["ann"])
    window = MainWindow(store, "bob", settings)
    qtbot.addWidget(window)
    try:
        assert window.banner.isVisibleTo(window)
        assert (
            "ann's work database" in window.banner.text()
            and "--reviewer ann" in window.banner.text()
        )
        mine = MainWindow(store, "ann", settings)
        qtbot.addWidget(mine)
        assert not mine.banner.isVisibleTo(mine)
        mine.close()
    finally:
        window.close()
        store.close()


def test_the_lead_gets_a_form_as_wide_as_a_coders(lead_window, qtbot, main_db, settings):
    """The disagreements' summary line had set the middle column's least width to its whole
    text, squeezing the form to a third of its width (three words to a line) at 1280x720."""
    lead_window.resize(1280, 720)
    qtbot.wait(50)
    with Store.open(main_db) as store:
        coder = shown(qtbot, MainWindow(store, "cy", settings))
        coder.resize(1280, 720)
        qtbot.wait(50)
        coders_width = coder.form.width()
        coder.close()
    assert lead_window.form.width() >= 0.9 * coders_width, (lead_window.form.width(), coders_width)
