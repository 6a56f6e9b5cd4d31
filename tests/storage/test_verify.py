"""The gold's own rules over a whole database: spans that support their values, and an audit
log that replays to the gold; the upgrade that repairs databases written before the rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database
from tamper import contradict_first_request

from parsing import load_file, parse_text
from parsing.edits import set_value
from storage.schema import migrations
from storage.store import Store
from storage.verify import gold_problems

CLI = Path(sys.executable).with_name("imr-review")


def check(db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "check", "--db", str(db_path)], capture_output=True, text=True, timeout=120
    )


def reviewed_db(tmp_path, samples_dir) -> Path:
    path = tmp_path / "letters.db"
    with Store.open(path) as store:
        loaded = load_file(sorted(samples_dir.glob("*.txt"))[0])
        store.add_letter(loaded, parse_text(loaded.text))
        store.change_record(1, "ann", lambda r: set_value(r, "items.0.request", "Soma"),
                            field="items.0.request")  # fmt: skip
        store.add_highlight(1, "ann", 3045, 3060, "Conclusion", "items.0.rationale")
        store.set_status(1, "ann", "done")
    return path


def test_a_database_written_by_the_app_checks_clean(tmp_path, samples_dir):
    path = reviewed_db(tmp_path, samples_dir)
    with Store.open(path) as store:
        assert gold_problems(store) == []
    result = check(path)
    assert result.returncode == 0 and "audit log replays" in result.stdout


def test_check_reports_a_span_that_contradicts_its_value(tmp_path, samples_dir):
    path = reviewed_db(tmp_path, samples_dir)
    contradict_first_request(path)  # behind the app's back
    result = check(path)
    assert result.returncode != 0
    assert "letter 1 (ann): the span of items.0.request reads 'Soma 350 MG #30" in result.stdout
    assert "does not replay to the gold record" in result.stdout


def test_check_reports_highlights_the_log_does_not_know(tmp_path, samples_dir):
    path = reviewed_db(tmp_path, samples_dir)
    db = Database(str(path))
    db.execute("UPDATE highlights SET field = 'items.1.rationale'")
    db.conn.commit()
    db.close()
    result = check(path)
    assert result.returncode != 0 and "does not replay to the highlights" in result.stdout


def test_upgrade_repairs_contradicting_gold_and_starts_a_replayable_log(tmp_path, samples_dir):
    path = tmp_path / "old.db"
    db = Database(str(path))
    migrations.apply(db, stop_before="0003_complete_history")
    loaded = load_file(sorted(samples_dir.glob("*.txt"))[0])
    letter = parse_text(loaded.text)
    typed = set_value(letter, "items.0.request", "Partial Hospitalization day treatment")
    db.execute(
        "INSERT INTO letters (sha256, source_path, text, layout, kind, size_bytes, imported_at)"
        " VALUES ('abc', 'x.txt', ?, 'imr-2014', 'txt', 1, '')",
        (loaded.text,),
    )
    for reviewer in (None, "ann"):
        record = json.dumps((letter if reviewer is None else typed).to_json_dict())
        if reviewer is None:
            db.execute("INSERT INTO predictions (letter_id, parser_version, record, n_items,"
                       " min_confidence, created_at) VALUES (1, '1', ?, 2, 0.5, '')", (record,))  # fmt: skip
        else:
            db.execute("INSERT INTO gold (letter_id, reviewer, record, n_items, status, created_at,"
                       " updated_at) VALUES (1, 'ann', ?, 2, 'done', '', '')", (record,))  # fmt: skip
    db.execute('INSERT INTO highlights (letter_id, reviewer, start, "end", label, field, created_at)'
               " VALUES (1, 'bob', 3045, 3060, 'Conclusion', 'items.0.rationale', '')")  # fmt: skip
    db.conn.commit()
    db.close()
    with Store.open(path) as store:
        ann = store.gold(1, "ann")
        assert ann.record.items[0].request == "Partial Hospitalization day treatment"
        assert "items.0.request" not in ann.record.spans  # the contradicting source is gone
        assert ann.status == "done"
        assert store.gold(1, "bob").record.items[0].request == letter.items[0].request
        assert gold_problems(store) == []
        assert [e["action"] for e in store.audit(1)] == ["repair"]
    assert check(path).returncode == 0


def test_every_export_leaves_out_gold_that_contradicts_itself_and_says_so(tmp_path, samples_dir):
    path = reviewed_db(tmp_path, samples_dir)
    contradict_first_request(path)  # behind the app's back
    for fmt, out in (("jsonl", "g.jsonl"), ("brat", "brat"), ("label-studio", "ls.json"),
                     ("csv", "t.csv"), ("spacy", "d.spacy")):  # fmt: skip
        result = subprocess.run(
            [str(CLI), "export", "--db", str(path), "--format", fmt, "--out", str(tmp_path / out)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode != 0, fmt
        assert "left out letter 1 (ann): the span of items.0.request" in result.stderr, fmt
        assert "exported 0 letters" in result.stdout, fmt
