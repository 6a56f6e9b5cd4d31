"""The store commands from the command line: import, export, eval, labels; errors as one line."""

from __future__ import annotations

import io
import json

from gui.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_import_export_eval_round_trip(tmp_path, samples_dir):
    db = str(tmp_path / "g.db")
    code, out, _ = run("import", "--db", db, str(samples_dir))
    assert code == 0 and out.startswith("imported 3, skipped 0 as duplicates, failed 0")
    code, out, _ = run(
        "export",
        "--db",
        db,
        "--format",
        "jsonl",
        "--out",
        str(tmp_path / "x.jsonl"),
        "--status",
        "all",
    )
    assert code == 0 and "exported 3 letters as jsonl" in out
    assert len((tmp_path / "x.jsonl").read_text().splitlines()) == 3
    code, out, _ = run("eval", "--db", db, "--out", str(tmp_path / "report.md"))
    assert code == 0 and (tmp_path / "report.md").read_text().startswith("# Parser evaluation")


def test_labels_list_and_import(tmp_path):
    db = str(tmp_path / "g.db")
    code, _, err = run("labels", "--db", db)
    assert code == 1 and "no database at" in err  # listing never creates one
    from storage.store import Store

    Store.open(db).close()
    code, out, _ = run("labels", "--db", db)
    assert code == 0 and out.splitlines()[0].startswith("1  #f2b630  Guideline criterion")
    labels = tmp_path / "mine.json"
    labels.write_text(
        json.dumps(
            {
                "format": "imr-labels/1",
                "labels": [{"name": "Evidence", "color": "#123456", "key": "1"}],
            }
        )
    )
    code, out, _ = run("labels", "--db", db, "--import", str(labels))
    assert code == 0 and out.splitlines()[-1] == "1  #123456  Evidence"
    labels.write_text(
        json.dumps({"format": "imr-labels/1", "labels": [{"name": "A", "color": "red"}]})
    )
    code, _, err = run("labels", "--db", db, "--import", str(labels))
    assert code == 1 and "needs a colour" in err


def test_bad_database_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 50)
    code, _, err = run("labels", "--db", str(bad))
    assert code == 1
    assert (
        err.strip().count("\n") == 0 and "not a SQLite database" in err and "Traceback" not in err
    )


def test_export_errors_are_one_clear_line(tmp_path, samples_dir):
    db = str(tmp_path / "g.db")
    run("import", "--db", db, str(samples_dir))
    code, _, err = run(
        "export", "--db", db, "--format", "csv", "--out", str(tmp_path / "no" / "x.csv")
    )
    assert code == 1 and "does not exist" in err
    code, _, err = run(
        "export", "--db", db, "--format", "csv", "--out", str(tmp_path / "x.csv"), "--split", "a,b"
    )
    assert code == 1 and "--split takes numbers" in err


def test_default_database_is_in_the_user_data_folder(tmp_path, monkeypatch, samples_dir):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, _, _ = run("import", str(samples_dir))
    assert code == 0
    assert (tmp_path / "data" / "imr-review" / "letters.db").exists()


def test_import_shows_a_progress_bar_on_a_terminal(tmp_path, samples_dir):
    from gui.cli import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = _Progress(screen)
    for done in range(1, 4):
        bar(done, 3)
    assert screen.getvalue().endswith("[" + "#" * 30 + "] 3/3 files\n")
    quiet = io.StringIO()
    _Progress(quiet)(1, 3)
    assert quiet.getvalue() == ""  # not a terminal: no bar in logs or pipes
