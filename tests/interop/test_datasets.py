"""Hugging Face `datasets` loads the JSON Lines exports whole: several exports together, and one
large export read in small chunks, with the `Features` shipped in docs/ (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

datasets = pytest.importorskip("datasets")

from work_letters import build_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "docs" / "imr-export-2.features.json"


def features():
    return datasets.Features.from_dict(json.loads(FEATURES.read_text()))


def load(files, tmp_path, **kwargs):
    return datasets.load_dataset("json", data_files=[str(f) for f in files], split="train",
                                 features=features(), cache_dir=str(tmp_path / "cache"), **kwargs)  # fmt: skip


def test_done_and_all_exports_load_together(exported, tmp_path):
    done, every = exported("jsonl", "done"), exported("jsonl", "all")
    lines = [json.loads(line) for f in (done, every) for line in f.read_text().splitlines()]
    table = load([done, every], tmp_path)
    assert table.num_rows == len(lines) == 20 + 40
    row = table[0]
    assert row["id"] == lines[0]["id"] and row["text"] == lines[0]["text"]
    assert row["gold"]["patient_age"] == 44 and row["status"] == "done"
    spans = {s["path"]: (s["start"], s["end"]) for s in row["gold"]["spans"]}
    assert "patient_age" not in spans  # the store never kept the span that read "Decision"
    request = row["gold"]["items"][0]["request"]
    assert row["text"][slice(*spans["items.0.request"])].split()[0] == request.split()[0]
    untouched = next(r for r in table if r["reviewer"] is None)
    assert untouched["gold"] == untouched["prediction"] and untouched["highlights"] == []


def test_a_large_export_read_in_small_chunks(tmp_path):
    from storage.export import export

    store = build_store(tmp_path / "big.db", 200, seed=11)
    export(store, "jsonl", tmp_path / "big.jsonl", status="all")
    store.close()
    size = (tmp_path / "big.jsonl").stat().st_size
    chunk = 64 << 10
    assert size > 10 * chunk  # many chunks, each typed on its own without Features
    table = load([tmp_path / "big.jsonl"], tmp_path, chunksize=chunk)
    assert table.num_rows == 200 and sorted(table["id"]) == list(range(1, 201))
    assert {r["status"] for r in table} == {"todo", "in_progress", "done"}


def test_the_shipped_schema_files_match_the_code():
    from storage.export.record import docs_files

    for name, content in docs_files().items():
        assert (ROOT / "docs" / name).read_text() == content, (
            f"regenerate: python -m storage.export docs ({name})"
        )


def test_every_row_is_a_valid_record(exported):
    from storage.export.record import ExportRecord

    for line in exported("jsonl", "all").read_text().splitlines():
        record = ExportRecord.model_validate_json(line)
        assert all(record.text[h.start : h.end] == h.text for h in record.highlights)


def test_a_row_written_before_the_note_existed_is_still_a_valid_record(exported):
    """`note` was added within imr-export/2: the shipped schema and the model take a row
    without it, as earlier exports wrote them."""
    from storage.export.record import ExportRecord

    schema = json.loads((ROOT / "docs" / "imr-export-2.schema.json").read_text())
    assert "note" in schema["properties"] and "note" not in schema["required"]
    row = json.loads(exported("jsonl", "all").read_text().splitlines()[0])
    del row["note"]
    assert ExportRecord.model_validate(row).note is None


def test_the_shipped_schema_takes_a_row_without_the_note(exported):
    jsonschema = pytest.importorskip("jsonschema")  # comes with the Label Studio SDK (make interop)
    schema = json.loads((ROOT / "docs" / "imr-export-2.schema.json").read_text())
    row = json.loads(exported("jsonl", "all").read_text().splitlines()[0])
    del row["note"]
    jsonschema.validate(row, schema)
