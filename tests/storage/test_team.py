"""A team of coders end to end: assign, review apart, merge, measure agreement; and merge faults.

Thirty letters go to three coders, ten of them to every coder; each coder reviews through a
session on their own work database, with deliberate disagreements on the shared ten; the
figures are checked against values worked out by hand below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tamper import as_schema_4
from teamwork import CODERS, main_database, review, shared_letters

from gui.review import ReviewSession
from storage.importer import import_paths
from storage.queue import QueueQuery
from storage.schema import READABLE_FROM, SCHEMA_VERSION
from storage.store import Store, StoreError
from storage.team.agreement import agreement, cohen_kappa, csv_text, markdown
from storage.team.assign import assign
from storage.team.merge import merge
from storage.verify import gold_problems


def test_assignment_is_deterministic_and_balanced(main_db, assigned, tmp_path):
    counts = {coder: assigned.count(coder) for coder in CODERS}
    assert sum(len(c) == 3 for c in assigned.letters.values()) == 10
    assert sum(len(c) == 1 for c in assigned.letters.values()) == 20
    assert max(counts.values()) - min(counts.values()) <= 1 and sum(counts.values()) == 50
    with Store.open(main_db) as store:
        again = assign(store, CODERS, tmp_path / "again", everyone="10", seed=7)
        other = assign(store, CODERS, tmp_path / "other", everyone="10", seed=8)
    assert again.letters == assigned.letters and other.letters != assigned.letters
    with Store.open(assigned.files["bob"], readonly=True) as work:
        assert work.letter_count() == counts["bob"]
        assert work.conn.execute("SELECT count(*) FROM gold").fetchone()[0] == 0
        assert len(work.labels()) == 5
    with Store.open(main_db) as store, pytest.raises(StoreError, match="already exists"):
        assign(store, CODERS, tmp_path / "work", everyone="10", seed=7)


def test_a_work_file_numbers_its_letters_as_the_main_database_does(main_db, assigned):
    """A coder telling the lead "letter 12 is missing a page" means the lead's letter 12: the
    work file keeps the main database's letter ids (and assignment.csv lists them)."""
    with Store.open(main_db, readonly=True) as store:
        main_ids = store.letter_shas()
    for coder in CODERS:
        with Store.open(assigned.files[coder], readonly=True) as work:
            theirs = work.letter_shas()
        assert theirs and all(main_ids[letter_id] == sha for letter_id, sha in theirs.items())
        assert sorted(theirs) == sorted(i for i, who in assigned.letters.items() if coder in who)


def test_three_coders_merge_and_agreement_matches_the_hand_count(main_db, assigned):
    shared = shared_letters(assigned)
    assert len(shared) == 10
    for coder in CODERS:
        review(assigned.files[coder], coder, shared)
    with Store.open(main_db) as store:
        results = merge(store, [assigned.files[c] for c in CODERS])
        assert [r.error for r in results] == [None, None, None]
        assert [len(r.merged) for r in results] == [assigned.count(c) for c in CODERS]
        again = merge(store, [assigned.files[c] for c in CODERS])  # the same files twice
        assert [len(r.merged) for r in again] == [0, 0, 0]
        assert [r.unchanged for r in again] == [assigned.count(c) for c in CODERS]
        assert gold_problems(store) == []  # every merged log still replays
        result = agreement(store)
        report, table = markdown(result), csv_text(result)

    assert result.letters == 10 and result.coders == CODERS
    age = result.fields["patient_age"]
    assert (age["ann/bob"].agree, age["ann/cy"].agree, age["bob/cy"].agree) == (10, 5, 5)
    assert (age["all"].agree, age["all"].total) == (20, 30)
    count = result.fields["item count"]
    assert (count["ann/bob"].agree, count["ann/cy"].agree, count["all"].agree) == (9, 10, 28)
    # Determinations, one unit per item both coders have:
    # ann/bob: 19 units, all agree: kappa 1. ann/cy: 20 units, 2 differ; ann 15 U 5 O, cy 13 U
    # 7 O: po = 0.9, pe = (15*13 + 5*7)/400 = 0.575, kappa = 0.325/0.425. bob|cy: 19 units,
    # 2 differ; bob 14 U 5 O, cy 12 U 7 O: kappa = (17/19 - 203/361)/(1 - 203/361) = 120/158.
    kappa = result.kappa["determination"]
    assert kappa["ann/bob"] == pytest.approx(1.0)
    assert kappa["ann/cy"] == pytest.approx(0.325 / 0.425)
    assert kappa["bob/cy"] == pytest.approx(120 / 158)
    # Item counts: ann and cy always 2, bob once 1: kappa (0.9 - 0.9)/(1 - 0.9) = 0 for ann/bob;
    # ann/cy agree on one label only: chance agreement is certain, kappa undefined.
    assert result.kappa["item count"]["ann/bob"] == pytest.approx(0.0)
    assert result.kappa["item count"]["ann/cy"] is None
    # Krippendorff's alpha on determinations, by the coincidence matrix: o(U,U) = 40,
    # o(U,O) = o(O,U) = 2, o(O,O) = 15; n = 59, n_U = 42, n_O = 17;
    # alpha = 1 - (4/59) / (2*42*17 / (59*58)).
    assert result.alpha["determination"] == pytest.approx(1 - (4 / 59) / (2 * 42 * 17 / (59 * 58)))
    spans = result.spans["Conclusion"]
    assert spans["ann/bob"].exact == pytest.approx(1.0)
    assert spans["ann/cy"].exact == pytest.approx(0.7) and spans["ann/cy"].overlap == pytest.approx(
        1.0
    )
    assert "| patient_age | 0.667 (20/30) |" in report
    for block in report.split("\n\n"):
        widths = {line.count("|") for line in block.splitlines() if line.startswith("|")}
        assert len(widths) <= 1, f"a Markdown table with rows of different widths:\n{block}"
    assert "exact agreement,patient_age,ann/cy,0.500,5,10" in table


def test_cohen_kappa_textbook_example():
    # 50 units: both yes 20, both no 15, a yes b no 5, a no b yes 10: po 0.7, pe 0.5, kappa 0.4.
    a = ["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10
    b = ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10
    assert cohen_kappa(a, b) == pytest.approx(0.4)


# --- merge faults ----------------------------------------------------------------------------


@contextmanager
def _in_work_file(assigned, coder: str = "ann") -> Iterator[ReviewSession]:
    """A review session on a coder's work file, its whole queue shown."""
    with Store.open(assigned.files[coder]) as store:
        session = ReviewSession(store, coder)
        session.set_query(QueueQuery())
        yield session


def _reviewed_one(assigned, coder: str = "ann") -> None:
    with _in_work_file(assigned, coder) as session:
        session.open_first()
        session.edit("patient_age", 33)
        session.done_and_next()


def _age_edited_in_the_work_file(assigned, age: int) -> None:
    """Ann changes the first letter's patient age in her work file."""
    with _in_work_file(assigned) as session:
        session.open(1)
        session.edit("patient_age", age)


def _gold_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM gold").fetchone()[0]
    conn.close()
    return int(count)


def test_a_truncated_work_file_is_refused_and_nothing_merged(main_db, assigned):
    _reviewed_one(assigned)
    data = assigned.files["ann"].read_bytes()
    assigned.files["ann"].write_bytes(data[: len(data) // 2])
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["ann"]])
    assert result.error and "damaged" in result.error
    assert _gold_rows(main_db) == 0


@pytest.mark.parametrize(
    ("coder", "version", "said"),
    [("bob", SCHEMA_VERSION + 1, "newer imr-review"), ("cy", READABLE_FROM - 1, "needs an upgrade")],
)
def test_a_work_file_of_another_schema_is_refused_with_what_to_do(
    main_db, assigned, coder, version, said
):
    with sqlite3.connect(assigned.files[coder]) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files[coder]])
    assert result.error and said in result.error
    assert _gold_rows(main_db) == 0


def test_a_letter_changed_since_assignment_refuses_the_whole_file(main_db, assigned):
    _reviewed_one(assigned)
    with sqlite3.connect(assigned.files["ann"]) as conn:
        conn.execute("UPDATE letters SET text = text || ' (edited)' WHERE id = 1")
    conn.close()
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["ann"]])
    assert result.error and "changed since it was assigned" in result.error
    assert _gold_rows(main_db) == 0


def test_a_work_file_of_another_project_is_refused(main_db, assigned, tmp_path, samples_dir):
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        import_paths(store, [str(samples_dir)], workers=1)
        plan = assign(store, ["ann"], tmp_path / "other-work", everyone="0")
    with Store.open(main_db) as store:
        foreign, itself = merge(store, [plan.files["ann"], main_db])
    assert foreign.error and "another project" in foreign.error
    assert itself.error and "the main database itself" in itself.error


def test_a_coders_later_work_merges_over_their_earlier_merge_only(main_db, assigned):
    _reviewed_one(assigned)
    with Store.open(main_db) as store:
        merge(store, [assigned.files["ann"]])
    _age_edited_in_the_work_file(assigned, 34)
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["ann"]])
        assert len(result.merged) == 1
        ((letter_id, _),) = result.merged
        assert store.gold(letter_id, "ann").record.patient_age == 34
        assert gold_problems(store) == []
        # A record of ann's made in the main database itself is never overwritten by a file.
        store.change_record(letter_id, "ann", lambda r: r, field="patient_age")
    _age_edited_in_the_work_file(assigned, 35)
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["ann"]])
        assert result.error and "changed in the main database since" in result.error
        assert store.gold(letter_id, "ann").record.patient_age == 34  # untouched


def test_a_merge_killed_at_any_moment_leaves_all_of_the_file_or_none(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from parsing.edits import set_value

    main = main_database(tmp_path, letters=300, items=1, seed=9)
    with Store.open(main) as store:
        plan = assign(store, ["ann"], tmp_path / "work", everyone="0")
    with Store.open(plan.files["ann"]) as work:
        for letter_id in work.letter_ids():
            work.change_record(letter_id, "ann", lambda r: set_value(r, "patient_age", 33),
                               field="patient_age")  # fmt: skip
    cli = Path(sys.executable).with_name("imr-review")
    for delay in (0.05, 0.15, 0.3, 0.45, 0.6, 0.8):
        process = subprocess.Popen([str(cli), "merge", str(plan.files["ann"]), "--db", str(main)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        count = _gold_rows(main)
        assert count in (0, 300), f"a merge killed after {delay} s left {count} of 300 records"
        if count == 300:
            break
    with Store.open(main) as store:
        assert store.integrity_problems() == []
        (result,) = merge(store, [plan.files["ann"]])  # and a later merge finishes the job
        assert result.error is None
        assert gold_problems(store) == []
    assert _gold_rows(main) == 300




def test_agreement_with_nothing_to_compare_says_so_in_well_formed_tables(main_db):
    with Store.open(main_db) as store:
        report = markdown(agreement(store))
    assert "0 letter(s) reviewed by more than one" in report
    for block in report.split("\n\n"):
        widths = {line.count("|") for line in block.splitlines() if line.startswith("|")}
        assert len(widths) <= 1, block


def test_a_work_file_copied_while_its_window_is_open_hands_back_every_finished_letter(
    main_db, assigned, tmp_path
):
    """A coder copies (or mails) their work file while the window is still open: the copy has
    only the database file, not its write-ahead log. Every letter they finished is in it."""
    import shutil

    with Store.open(assigned.files["ann"]) as work:  # the window, still open
        session = ReviewSession(work, "ann")
        session.set_query(QueueQuery())
        session.open_first()
        for _ in range(2):
            session.edit("patient_age", 52)
            session.done_and_next()
        session.edit("patient_age", 53)  # the letter in hand: not finished, not handed back
        handed = tmp_path / "mail" / "ann.db"
        handed.parent.mkdir()
        shutil.copyfile(assigned.files["ann"], handed)  # the file alone, as `cp` or e-mail
        assert not handed.with_name("ann.db-wal").exists()
    with Store.open(main_db) as store:
        (result,) = merge(store, [handed])
    assert len(result.merged) == 2, result.summary()


def test_a_work_file_with_nothing_of_its_coder_says_what_to_check(main_db, assigned):
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["bob"]])
    assert "no letter of bob's was finished" in result.summary()


def test_a_work_file_written_before_schema_5_is_merged(main_db, assigned):
    """A coder who reviewed with the previous release hands in a version-4 work file."""
    _reviewed_one(assigned)
    as_schema_4(assigned.files["ann"])
    with Store.open(main_db) as store:
        (result,) = merge(store, [assigned.files["ann"]])
    assert result.error is None
    assert _gold_rows(main_db) == 1


def test_a_work_file_from_before_the_stricter_rule_is_repaired_as_it_is_merged(
    main_db, assigned
):
    """A coder's app older than schema 6 kept the parser's source for a case number one digit
    off; merged as it was, that gold contradicted itself in the main database (check named it,
    exports left it out). The merge drops such sources, with a 'repair' row in the log."""
    import json

    from sqlite_utils import Database

    _reviewed_one(assigned)
    work = Database(str(assigned.files["ann"]))
    record_json = work.execute("SELECT record FROM gold").fetchone()[0]
    record = json.loads(record_json)
    printed = record["case_number"]
    assert printed and "case_number" in record["spans"]
    record["case_number"] = printed[:-1] + ("1" if printed[-1] != "1" else "2")
    work.execute("UPDATE gold SET record = ?", (json.dumps(record),))
    work.conn.commit()
    work.close()
    with Store.open(main_db) as store:
        [result] = merge(store, [assigned.files["ann"]])
        assert result.error is None and len(result.merged) == 1
        main_letter = result.merged[0][0]
        gold = store.gold(main_letter, "ann").record
        assert gold.case_number == record["case_number"] and "case_number" not in gold.spans
        assert gold_problems(store, history=False) == []
        assert [e["action"] for e in store.audit(main_letter)][-1] == "repair"
        again = merge(store, [assigned.files["ann"]])  # the same file again changes nothing
        assert again[0].error is None and again[0].unchanged == 1
