"""A record stored before `Span` was the one type (tests/storage/data/stored_record_sample0.json:
the first bundled sample's prediction as the app wrote it then) opens with Spans, is edited,
checked and exported as before, and its JSON is written back unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database
from tamper import contradict_first_request

from parsing import Span, load_file, parse_text
from parsing.edits import set_value
from storage.export import export
from storage.store import Store
from storage.verify import gold_problems

STORED = Path(__file__).parent / "data" / "stored_record_sample0.json"


def store_with_the_old_record(path: Path, samples_dir: Path) -> str:
    """A database whose letter 1 has the stored record as its prediction; returns that JSON."""
    stored = STORED.read_text(encoding="utf-8").rstrip("\n")
    with Store.open(path) as store:
        loaded = load_file(sorted(samples_dir.glob("*.txt"))[0])
        store.add_letter(loaded, parse_text(loaded.text))
    db = Database(str(path))
    db.execute("UPDATE predictions SET record = ? WHERE letter_id = 1", (stored,))
    db.conn.commit()
    db.close()
    return stored


def test_an_older_stored_record_is_edited_checked_and_exported(tmp_path, samples_dir):
    path = tmp_path / "letters.db"
    stored = store_with_the_old_record(path, samples_dir)
    old = json.loads(stored)
    with Store.open(path) as store:
        prediction = store.prediction(1)
        assert all(type(s) is Span for s in prediction.spans.values())
        assert type(prediction.items[0].rationale) is Span
        assert json.dumps(prediction.to_json_dict(), ensure_ascii=False) == stored
        store.change_record(
            1, "ann", lambda r: set_value(r, "patient_age", 46), field="patient_age"
        )
        store.set_status(1, "ann", "done")
        gold = store.gold(1, "ann")
        assert gold is not None
        assert gold.record.spans == prediction.spans  # the edit kept every source
        assert gold_problems(store) == []
        out = tmp_path / "gold.jsonl"
        export(store, "jsonl", out)
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    pairs = [{"path": p, "start": a, "end": b} for p, (a, b) in old["spans"].items()]
    assert row["prediction"]["spans"] == pairs == row["gold"]["spans"]
    assert row["gold"]["items"][0]["rationale"] == old["items"][0]["rationale"]
    assert row["gold"]["patient_age"] == 46
    text = row["text"]
    for entry in row["gold"]["spans"]:
        assert 0 <= entry["start"] <= entry["end"] <= len(text)


def test_check_quotes_the_span_of_an_older_record_that_contradicts_its_value(tmp_path, samples_dir):
    path = tmp_path / "letters.db"
    old = json.loads(store_with_the_old_record(path, samples_dir))
    with Store.open(path) as store:
        store.change_record(
            1, "ann", lambda r: set_value(r, "patient_age", 46), field="patient_age"
        )
    contradict_first_request(path)  # behind the app's back
    start, end = old["spans"]["items.0.request"]
    with Store.open(path) as store:
        text = store.letter(1).text
        problems = [str(p) for p in gold_problems(store, history=False)]
    shown = " ".join(text[start:end].split())[:60]
    assert problems == [
        f"letter 1 (ann): the span of items.0.request reads {shown!r}, not its value"
    ]
