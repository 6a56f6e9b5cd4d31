"""Careless commands (found by a newcomer): a mistyped --db, a report written over a user's file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("imr-review")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["eval"],
        ["agreement"],
        ["labels"],
        ["export", "--format", "jsonl", "--out", "x.jsonl"],
    ],
)
def test_a_reading_command_never_creates_a_database(tmp_path, command):
    missing = tmp_path / "missing.db"
    result = subprocess.run([str(CLI), *command, "--db", str(missing)], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)  # fmt: skip
    assert result.returncode != 0
    assert f"no database at {missing}" in result.stderr
    assert not missing.exists() and not (tmp_path / "x.jsonl").exists()


def test_a_database_in_a_folder_that_does_not_exist_is_refused(tmp_path, samples_dir):
    """A typo in --db's folder made a new folder and an empty database there, and the import
    went into it; the user's database stayed as it was and they never knew."""
    typo = tmp_path / "lettres" / "letters.db"
    result = run("import", str(samples_dir), "--db", str(typo))
    assert result.returncode != 0
    assert f"there is no folder {typo.parent}" in result.stderr
    assert not typo.parent.exists()


@pytest.mark.parametrize(
    "command", [["eval", "--out"], ["agreement", "--out"], ["agreement", "--csv"]]
)
def test_a_report_never_overwrites_a_users_file(tmp_path, samples_dir, command):
    db = tmp_path / "letters.db"
    assert run("import", str(samples_dir), "--db", str(db)).returncode == 0
    notes = tmp_path / "important.md"
    notes.write_text("my notes", encoding="utf-8")
    result = run(*command, str(notes), "--db", str(db))
    assert result.returncode != 0 and "important.md" in result.stderr
    assert notes.read_text(encoding="utf-8") == "my notes"
    report = tmp_path / "report.out"
    for _ in range(2):  # its own earlier report is replaced, though
        assert run(*command, str(report), "--db", str(db)).returncode == 0
    assert report.stat().st_size > 0


def test_a_label_set_that_leaves_out_a_label_in_use_is_refused(tmp_path, samples_dir):
    import json

    from storage.store import Store

    db = tmp_path / "letters.db"
    assert run("import", str(samples_dir), "--db", str(db)).returncode == 0
    with Store.open(db) as store:
        store.add_highlight(1, "ann", 0, 10, "Clinical fact")
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"format": "imr-labels/1", "labels": [
        {"name": "Conclusion", "color": "#123456", "key": "1"}]}))  # fmt: skip
    result = run("labels", "--db", str(db), "--import", str(labels))
    assert result.returncode == 1 and "'Clinical fact' (1 highlight(s))" in result.stderr
    with Store.open(db) as store:
        assert "Clinical fact" in {label["name"] for label in store.labels()}  # unchanged


def test_export_for_a_reviewer_nobody_is_named_says_so(tmp_path, samples_dir):
    from storage.store import Store

    db = tmp_path / "letters.db"
    assert run("import", str(samples_dir), "--db", str(db)).returncode == 0
    with Store.open(db) as store:
        store.set_status(1, "ann", "done")
    result = run("export", "--db", str(db), "--format", "jsonl", "--out", str(tmp_path / "g.jsonl"),
                 "--reviewer", "anm")  # fmt: skip
    assert result.returncode == 1 and "no gold by a reviewer named 'anm'" in result.stderr
    assert "(reviewers: ann)" in result.stderr and not (tmp_path / "g.jsonl").exists()


def test_eval_with_no_gold_says_there_is_nothing_to_compare(tmp_path, samples_dir):
    db = tmp_path / "letters.db"
    assert run("import", str(samples_dir), "--db", str(db)).returncode == 0
    result = run("eval", "--db", str(db))
    assert result.returncode == 0 and "no gold to compare" in result.stdout
    assert "100.0%" not in result.stdout
    assigned = run("assign", "--db", str(db), "--coders", "", "--out", str(tmp_path / "w"))
    assert assigned.returncode == 1 and "name at least one coder" in assigned.stderr


@pytest.fixture
def imported(tmp_path, samples_dir):
    db = tmp_path / "letters.db"
    assert run("import", str(samples_dir), "--db", str(db)).returncode == 0
    return db


@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "x.csv"), ("csv", "x.xlsx"),
                                           ("jsonl", "x.spacy"), ("spacy", "x.jsonl")])  # fmt: skip
def test_an_export_named_for_another_format_is_refused(tmp_path, imported, fmt, name):
    result = run("export", "--db", str(imported), "--format", fmt, "--out", str(tmp_path / name),
                 "--status", "all")  # fmt: skip
    assert result.returncode != 0 and name in result.stderr and fmt in result.stderr
    assert not (tmp_path / name).exists()


def test_an_export_of_no_letters_says_why(tmp_path, imported):
    result = run("export", "--db", str(imported), "--format", "jsonl",
                 "--out", str(tmp_path / "g.jsonl"))  # fmt: skip
    assert "no letter is marked done" in result.stderr and "--status all" in result.stderr


def test_agreement_checks_both_reports_before_writing_either(tmp_path, imported):
    mine = tmp_path / "my.csv"
    mine.write_text("my numbers", encoding="utf-8")
    report = tmp_path / "my2.md"
    result = run("agreement", "--db", str(imported), "--out", str(report), "--csv", str(mine))
    assert result.returncode != 0 and "my.csv" in result.stderr
    assert not report.exists() and mine.read_text(encoding="utf-8") == "my numbers"


def test_assign_twice_needs_two_coders(tmp_path, imported):
    result = run("assign", "--db", str(imported), "--coders", "ann", "--twice", "20%",
                 "--out", str(tmp_path / "w"))  # fmt: skip
    assert result.returncode != 0 and "two coders" in result.stderr


def test_the_assignment_list_is_private_like_the_databases(tmp_path, imported):
    result = run("assign", "--db", str(imported), "--coders", "ann,bob",
                 "--out", str(tmp_path / "w"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "w" / "assignment.csv").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("what", ["folder", "csv"])
def test_merge_of_something_that_is_not_a_work_file_says_what_it_is(tmp_path, imported, what):
    target = tmp_path / "work"
    target.mkdir()
    if what == "csv":
        target = target / "assignment.csv"
        target.write_text("letter,coder\n1,ann\n", encoding="utf-8")
    result = run("merge", "--db", str(imported), str(target))
    assert result.returncode != 0
    expected = "is a folder" if what == "folder" else "not a database"
    assert expected in result.stderr, result.stderr
    assert "backup" not in result.stderr


def test_the_import_summary_counts_in_plain_english(tmp_path, samples_dir):
    one = tmp_path / "one"
    one.mkdir()
    letter = sorted(samples_dir.glob("*.txt"))[0]
    (one / letter.name).write_bytes(letter.read_bytes())
    result = run("import", str(one), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 0, result.stderr
    assert f"1 letter in {tmp_path / 'x.db'}" in result.stdout
    again = run("import", str(one), "--db", str(tmp_path / "x.db"))  # nothing new: no rate
    assert "imported 0," in again.stdout and "0 letters/s" not in again.stdout
