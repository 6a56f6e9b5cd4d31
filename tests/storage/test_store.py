"""The store: tables, letters, predictions, gold with its audit log, highlights, search, labels."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from parsing import PARSER_VERSION, Determination, Span, load_file, parse_text
from parsing.edits import add_item, move_item, remove_item, set_span, set_value
from storage.store import ConflictError, Store, StoreError


def test_file_database_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "gold.db"
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = set(store.db.table_names())
        assert {
            "letters",
            "predictions",
            "gold",
            "highlights",
            "audit_log",
            "letters_fts",
            "labels",
        } <= tables
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_letters_are_stored_once_per_sha256(seeded_store, samples_dir):
    assert seeded_store.letter_count() == 3
    loaded = load_file(next(samples_dir.glob("000_*.txt")))
    assert seeded_store.add_letter(loaded, parse_text(loaded.text)) is None
    row = seeded_store.letter(1)
    assert row.sha256 == loaded.sha256 and row.text == loaded.text and row.layout == "imr-2014"


def test_foreign_keys_are_enforced(seeded_store):
    with pytest.raises(StoreError):
        seeded_store.add_highlight(99, "ann", 0, 5, "Other")
    with pytest.raises(sqlite3.IntegrityError), seeded_store.write() as conn:
        conn.execute(
            "INSERT INTO gold (letter_id, reviewer, record, n_items, created_at, updated_at) VALUES (99, 'x', '{}', 0, '', '')"
        )


def test_gold_equals_prediction_until_edited(seeded_store):
    record, version = seeded_store.record(1, "ann")
    assert version == 0 and record == seeded_store.prediction(1)
    assert seeded_store.gold(1, "ann") is None


def test_edit_writes_gold_and_audit_together(seeded_store):
    gold = seeded_store.change_record(
        1,
        "ann",
        lambda r: set_value(r, "items.0.determination", "overturned"),
        field="items.0.determination",
    )
    assert gold.version == 1 and gold.status == "in_progress"
    assert seeded_store.gold(1, "ann").record.items[0].determination is Determination.OVERTURNED
    assert (
        seeded_store.prediction(1).items[0].determination is Determination.UPHELD
    )  # prediction kept
    (entry,) = seeded_store.audit(1)
    assert (entry["reviewer"], entry["field"], entry["old_value"], entry["new_value"]) == (
        "ann",
        "items.0.determination",
        "upheld",
        "overturned",
    )


def test_a_failed_change_leaves_neither_gold_nor_audit(seeded_store):
    with pytest.raises(ValueError):
        seeded_store.change_record(
            1, "ann", lambda r: set_value(r, "ur_date", "not a date"), field="ur_date"
        )
    assert seeded_store.gold(1, "ann") is None
    assert seeded_store.audit(1) == []


def test_stale_version_is_refused(seeded_store):
    seeded_store.change_record(
        1, "ann", lambda r: set_value(r, "case_number", "CM15-0000001"), field="case_number"
    )
    with pytest.raises(ConflictError, match="changed elsewhere"):
        seeded_store.change_record(
            1,
            "ann",
            lambda r: set_value(r, "case_number", "CM15-0000002"),
            field="case_number",
            expected_version=0,
        )
    assert seeded_store.gold(1, "ann").record.case_number == "CM15-0000001"


def test_reviewers_have_separate_gold(seeded_store):
    seeded_store.change_record(
        1, "ann", lambda r: set_value(r, "patient_age", 60), field="patient_age"
    )
    seeded_store.change_record(
        1, "bob", lambda r: set_value(r, "patient_age", 61), field="patient_age"
    )
    assert seeded_store.gold(1, "ann").record.patient_age == 60
    assert seeded_store.gold(1, "bob").record.patient_age == 61


def test_structural_item_edits_are_logged(seeded_store):
    seeded_store.change_record(1, "ann", lambda r: add_item(r), field="items", action="add_item")
    seeded_store.change_record(
        1, "ann", lambda r: move_item(r, 2, 0), field="items", action="move_item"
    )
    gold = seeded_store.change_record(
        1, "ann", lambda r: remove_item(r, 1), field="items", action="remove_item"
    )
    assert [i.request for i in gold.record.items] == ["", "Percocet 10 MG #60 with No Refill"]
    actions = [e["action"] for e in seeded_store.audit(1)]
    assert actions == ["add_item", "move_item", "remove_item"]
    assert len(seeded_store.audit(1)[-1]["old_value"]) == 3


def test_span_edits_are_logged(seeded_store):
    seeded_store.change_record(
        1, "ann", lambda r: set_span(r, "date_of_injury", None), field="spans.date_of_injury"
    )
    (entry,) = seeded_store.audit(1)
    assert entry["old_value"] == [1251, 1264] and entry["new_value"] is None


def test_a_span_that_does_not_support_its_value_is_never_stored(seeded_store):
    text = seeded_store.letter(1).text
    gold = seeded_store.change_record(
        1, "ann", lambda r: set_span(r, "ur_date", Span(1, 4)), field="spans.ur_date"
    )
    assert text[1:4] == "HOW" and "ur_date" not in gold.record.spans
    assert "ur_date" not in seeded_store.gold(1, "ann").record.spans


def test_status_and_note(seeded_store):
    seeded_store.set_status(2, "ann", "flagged", note="page 3 missing")
    gold = seeded_store.gold(2, "ann")
    assert (gold.status, gold.note) == ("flagged", "page 3 missing")
    assert [(e["action"], e["new_value"]) for e in seeded_store.audit(2)] == [
        ("status", "flagged"),
        ("note", "page 3 missing"),
    ]
    with pytest.raises(StoreError, match="unknown status"):
        seeded_store.set_status(2, "ann", "finished")


def test_reparse_adds_prediction_and_never_touches_gold(seeded_store):
    seeded_store.change_record(
        1, "ann", lambda r: set_value(r, "patient_age", 60), field="patient_age"
    )
    newer = parse_text(seeded_store.letter(1).text).model_copy(update={"parser_version": "9.9.9"})
    assert seeded_store.add_prediction(1, newer) is True
    assert seeded_store.add_prediction(1, newer) is False  # same version: nothing new
    assert seeded_store.prediction_versions(1) == [PARSER_VERSION, "9.9.9"]
    assert seeded_store.prediction(1).parser_version == "9.9.9"
    assert seeded_store.gold(1, "ann").record.patient_age == 60


def test_highlights_with_audit(seeded_store):
    text = seeded_store.letter(1).text
    start = text.index("carisoprodol or Soma is not recommended")
    hid = seeded_store.add_highlight(
        1, "ann", start, start + 39, "Guideline criterion", "items.0.rationale"
    )
    other = seeded_store.add_highlight(
        1, "ann", start + 10, start + 50, "Conclusion", "items.0.rationale"
    )
    assert [h.id for h in seeded_store.highlights(1)] == [hid, other]  # overlapping is fine
    seeded_store.update_highlight(hid, "ann", label="Clinical fact")
    removed = seeded_store.delete_highlight(hid, "ann")
    assert [h.id for h in seeded_store.highlights(1)] == [other]
    seeded_store.restore_highlight(removed, "ann")
    assert [h.label for h in seeded_store.highlights(1)] == ["Clinical fact", "Conclusion"]
    actions = [e["action"] for e in seeded_store.audit(1)]
    assert actions == [
        "highlight_add",
        "highlight_add",
        "highlight_change",
        "highlight_delete",
        "highlight_add",
    ]
    with pytest.raises(StoreError, match="outside the letter"):
        seeded_store.add_highlight(1, "ann", 0, len(text) + 1, "Other")


def test_full_text_search(seeded_store):
    assert seeded_store.search("Thermacare") == [2]
    assert set(seeded_store.search("Soma")) == {1, 2, 3}
    assert seeded_store.search("benzodiazepine anxiolytic") == [3]
    assert seeded_store.search('"unbalanced quote AND (') == []  # user input never breaks the query


def test_default_labels_and_replacing_them(store):
    labels = store.labels()
    assert [label["name"] for label in labels] == [
        "Guideline criterion",
        "Missing documentation",
        "Clinical fact",
        "Conclusion",
        "Other",
    ]
    assert [label["key"] for label in labels] == ["1", "2", "3", "4", "5"]
    store.replace_labels([{"name": "Fact", "color": "#112233", "key": "1"}])
    assert [label["name"] for label in store.labels()] == ["Fact"]


def test_read_only_store_refuses_writes(tmp_path, samples_dir):
    path = tmp_path / "g.db"
    with Store.open(path) as store:
        loaded = load_file(next(samples_dir.glob("000_*.txt")))
        store.add_letter(loaded, parse_text(loaded.text))
    with Store.open(path, readonly=True) as store:
        assert store.letter_count() == 1
        with pytest.raises(StoreError, match="read-only"):
            store.set_status(1, "ann", "done")


def test_a_lock_answer_read_elsewhere_takes_lost_locks_back_once(tmp_path):
    """The window reads /proc/locks on another thread and hands the answer back: a 'lost' answer
    reconnects (taking the locks again); the same answer, now about a closed connection, does not."""
    import threading

    from storage.locks import Identity, locks_held

    path = tmp_path / "held.db"
    with Store.open(path) as store:
        identity = Identity.of(path)
        assert identity is not None and locks_held(identity) is True
        with open(path, "rb") as stray:  # any close of the file in this process drops the locks
            stray.read(16)
        probe = store.lock_probe()
        assert probe is not None
        answers = []
        reader = threading.Thread(target=lambda: answers.append(probe()))
        reader.start()
        reader.join()
        assert answers[0].held is False

        store.take_lock_answer(answers[0])
        assert locks_held(identity) is True
        reconnected = store.conn
        store.take_lock_answer(answers[0])  # stale: about the connection closed since
        assert store.conn is reconnected
        assert store.lock_probe()().held is True


def test_the_cheap_lock_reading_agrees_with_proc_locks(tmp_path):
    """The store reads its locks from its own descriptors' fdinfo (a fraction of a millisecond;
    /proc/locks can take 8 ms after a pause, which every edit paid): both readings agree while
    the locks are held, once a stray close dropped them, with a second connection of the same
    process open, and after the store took them back."""
    from storage.locks import Identity, locks_held, locks_held_here

    path = tmp_path / "held.db"
    with Store.open(path) as store:
        identity = Identity.of(path)
        assert identity is not None
        both = lambda: (locks_held_here(identity), locks_held(identity))  # noqa: E731
        assert both() == (True, True)
        assert store._hold is not None and store._hold._held is locks_held_here
        with Store.open(path, readonly=True) as reader:  # a search's connection, say
            reader.letter_count()
            assert both() == (True, True)
        with open(path, "rb") as stray:
            stray.read(16)
        assert both() == (False, False)
        store.check_hold()  # before a write: takes them back
        assert both() == (True, True)


def test_the_cheap_lock_reading_holds_where_the_kernel_prints_another_device(tmp_path, monkeypatch):
    """On btrfs the device number /proc prints for a lock is not the one stat() gives: the
    reading from the store's own descriptors does not depend on it (else every check would
    find the lock lost, and the store would reconnect before every write)."""
    from storage import locks

    path = tmp_path / "held.db"
    with Store.open(path):
        identity = locks.Identity.of(path)
        assert identity is not None
        real = locks._proc_text

        def as_btrfs_prints(where):
            text = real(where)
            return text.replace(identity.proc_locks_key(), f"00:2f:{identity.ino}")

        monkeypatch.setattr(locks, "_proc_text", as_btrfs_prints)
        assert locks.locks_held_here(identity) is True
