"""Exports read back and checked against their formats: JSON Lines, CSV, brat, spaCy, Label Studio."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import xml.etree.ElementTree as ET

import pytest

from parsing import Span
from parsing.edits import set_span, set_value
from storage import export as export_module
from storage.export import ExportError, assign_splits, export


@pytest.fixture
def reviewed(seeded_store):
    """Letter 1 corrected, highlighted and done; letter 2 done untouched; letter 3 in progress."""
    s = seeded_store
    text = s.letter(1).text
    s.change_record(
        1,
        "ann",
        lambda r: set_value(r, "items.1.determination", "overturned"),
        field="items.1.determination",
    )
    s.change_record(  # a value and the span it is read from (the letter has no case number)
        1, "ann", lambda r: set_value(r, "case_number", "HOW"), field="case_number"
    )
    s.change_record(
        1, "ann", lambda r: set_span(r, "case_number", Span(1, 4)), field="spans.case_number"
    )
    a = text.index("carisoprodol or Soma is not recommended")
    s.add_highlight(1, "ann", a, a + 39, "Guideline criterion", "items.0.rationale")
    b = text.index("was, in fact, using Percocet")
    s.add_highlight(
        1, "ann", b - 20, b + 28, "Clinical fact", "items.0.rationale"
    )  # crosses a line break
    s.add_highlight(1, "ann", a + 13, a + 60, "Conclusion", "")  # overlaps the first
    s.set_status(1, "ann", "done")
    s.set_status(2, "bob", "done")
    s.change_record(3, "ann", lambda r: set_value(r, "patient_age", 50), field="patient_age")
    return s


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_jsonl_records_and_annotations(reviewed, tmp_path):
    out = tmp_path / "gold.jsonl"
    result = export(reviewed, "jsonl", out)
    records = read_jsonl(out)
    assert result.letters == 2 and [r["id"] for r in records] == [1, 2]
    first, second = records
    assert set(first) >= {"id", "source", "sha256", "text", "status", "reviewer", "updated_at", "parser_version",
                          "prediction", "gold", "highlights", "split"}  # fmt: skip
    assert first["format"] == "imr-export/2"
    assert first["status"] == "done" and first["reviewer"] == "ann"
    assert first["gold"]["case_number"] == "HOW" and first["prediction"]["case_number"] is None
    assert first["gold"]["items"][1]["determination"] == "overturned"
    assert first["prediction"]["items"][1]["determination"] == "upheld"
    assert second["gold"] == second["prediction"]  # gold is the prediction until someone edits it
    assert [a["label"] for a in first["highlights"]] == [
        "Guideline criterion",
        "Conclusion",
        "Clinical fact",
    ]
    for record in records:
        for annotation in record["highlights"]:
            assert record["text"][annotation["start"] : annotation["end"]] == annotation["text"]
    assert "\n" in first["highlights"][2]["text"]
    # maps keyed by field path are lists of entries, so every row has the same shape
    assert {"path": "case_number", "start": 1, "end": 4} in first["gold"]["spans"]
    assert all(set(c) == {"path", "value"} for c in first["prediction"]["confidence"])
    assert (
        first["gold"]["review"] == []
        and first["gold"]["warnings"] == first["prediction"]["warnings"]
    )
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_status_all_includes_unfinished_letters(reviewed, tmp_path):
    export(reviewed, "jsonl", tmp_path / "all.jsonl", status="all")
    records = read_jsonl(tmp_path / "all.jsonl")
    assert [(r["id"], r["status"]) for r in records] == [
        (1, "done"),
        (2, "done"),
        (3, "in_progress"),
    ]


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_csv_letters_and_items_with_parser_beside_gold(reviewed, tmp_path):
    result = export(reviewed, "csv", tmp_path / "leads.csv")
    assert result.written == [tmp_path / "leads.csv", tmp_path / "leads.items.csv"]
    letters = read_csv(tmp_path / "leads.csv")
    assert [(r["letter_id"], r["status"], r["reviewer"]) for r in letters] == [
        ("1", "done", "ann"),
        ("2", "done", "bob"),
    ]
    first = letters[0]
    assert first["case_number"] == "HOW" and first["case_number (parser)"] == ""
    assert first["date_of_injury"] == first["date_of_injury (parser)"] == "2014-06-24"
    assert first["source"].endswith(".txt") and "case_number" in first["changed"].split("; ")
    rows = read_csv(tmp_path / "leads.items.csv")
    assert [(r["letter_id"], r["item_index"], r["treatment"]) for r in rows] == [
        ("1", "0", "Soma"), ("1", "1", "Percocet"), ("2", "0", "Soma"), ("2", "1", "Hydrocodone /APAP"),
        ("2", "2", "Thermacare heatwrap"),
    ]  # fmt: skip
    assert (
        rows[1]["determination"] == "overturned" and rows[1]["determination (parser)"] == "upheld"
    )
    assert rows[1]["changed"] == "items.1.determination" and rows[0]["changed"] == ""
    assert rows[1]["case_number"] == "HOW"
    assert (
        rows[0]["rationale"].startswith("No, the request for Soma")
        and "\n" not in rows[0]["rationale"]
        and rows[0]["rationale"] == rows[0]["rationale (parser)"]
    )
    assert rows[0]["quantity"] == "30"


def test_csv_cells_that_look_like_formulas_are_guarded(reviewed, tmp_path):
    for n, text in enumerate(['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"]):
        reviewed.change_record(2, "bob", lambda r, t=text, n=n: set_value(r, f"items.{n % 3}.treatment", t),
                               field=f"items.{n % 3}.treatment")  # fmt: skip
    reviewed.change_record(
        2, "bob", lambda r: set_value(r, "items.0.treatment", "=1+1"), field="items.0.treatment"
    )
    export(reviewed, "csv", tmp_path / "leads.csv")
    rows = [r for r in read_csv(tmp_path / "leads.items.csv") if r["letter_id"] == "2"]
    assert [r["treatment"] for r in rows] == ["'=1+1", "'+1", "'-2+3"]
    assert rows[0]["treatment (parser)"] == "Soma"


def parse_ann(path):
    entities, notes, attributes = {}, {}, []
    for line in path.read_text().splitlines():
        if line.startswith("T"):
            tid, middle, covered = line.split("\t")
            label, offsets = middle.split(" ", 1)
            fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
            entities[tid] = (label, fragments, covered)
        elif line.startswith("#"):
            _, middle, note = line.split("\t")
            notes[middle.split()[1]] = note
        elif line.startswith("A"):
            attributes.append(line.split("\t")[1].split())
    return entities, notes, attributes


def test_brat_standoff_matches_the_text(reviewed, tmp_path):
    out = tmp_path / "brat"
    export(reviewed, "brat", out)
    conf = (out / "annotation.conf").read_text()
    declared = set(re.findall(r"^(\S+)$", conf.split("[relations]")[0], re.MULTILINE)) - {
        "[entities]"
    }
    text = (out / "letter-000001.txt").read_text()
    entities, notes, attributes = parse_ann(out / "letter-000001.ann")
    for label, fragments, covered in entities.values():
        assert label in declared
        assert " ".join(text[a:b] for a, b in fragments) == covered
        assert all("\n" not in text[a:b] for a, b in fragments)
    labels = [e[0] for e in entities.values()]
    assert (
        labels.count("Guideline_criterion") == 1
        and "Clinical_fact" in labels
        and "date_of_injury" in labels
    )
    clinical = next(t for t, e in entities.items() if e[0] == "Clinical_fact")
    assert len(entities[clinical][1]) == 2  # the line break splits it into two fragments
    assert notes[clinical] == "highlight items.0.rationale"
    determinations = {a[1]: a[2] for a in attributes if a[0] == "Determination"}
    # Item 2 was corrected to overturned: the letter's "Upheld" no longer supports it, so it has
    # no source to annotate; item 1 keeps its own.
    assert sorted(determinations.values()) == ["upheld"]
    assert "Determination\tArg:determination, Value:upheld|overturned" in conf
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf
    assert sorted(p.name for p in out.iterdir()) == [
        ".imr-export", "annotation.conf", "letter-000001.ann", "letter-000001.txt", "letter-000002.ann", "letter-000002.txt"
    ]  # fmt: skip


def test_label_studio_tasks(reviewed, tmp_path):
    out = tmp_path / "tasks.json"
    result = export(reviewed, "label-studio", out, status="all")
    tasks = json.loads(out.read_text())
    config = ET.fromstring((tmp_path / "tasks.label-config.xml").read_text())
    label_values = {el.get("value") for el in config.iter("Label")}
    labels_tag = next(config.iter("Labels"))
    text_tag = next(config.iter("Text"))
    area = next(config.iter("TextArea"))
    assert area.get("perRegion") == "true" and area.get("toName") == text_tag.get("name")
    assert result.written == [out, tmp_path / "tasks.label-config.xml"]
    assert text_tag.get("value") == "$text"
    for task in tasks:
        text = task["data"]["text"]
        for block in task["predictions"] + task["annotations"]:
            ids = {r["id"] for r in block["result"] if r["type"] == "labels"}
            for region in block["result"]:
                assert region["to_name"] == text_tag.get("name")
                value = region["value"]
                if region["type"] == "labels":
                    assert region["from_name"] == labels_tag.get("name")
                    assert text[value["start"] : value["end"]] == value["text"]
                    assert set(value["labels"]) <= label_values
                elif region["from_name"] == "unsourced":  # letter-level: values with no source
                    assert region["type"] == "textarea" and "start" not in value
                else:
                    assert region["type"] == "textarea" and region["from_name"] == area.get("name")
                    assert region["id"] in ids  # the value belongs to a labelled region
    first, second, third = tasks
    assert first["predictions"][0]["model_version"].startswith("imr-review parser")
    (annotation,) = first["annotations"]
    assert annotation["completed_by"] == {"email": "ann@imr-review.invalid"}
    annotated = {r["value"]["labels"][0] for r in annotation["result"] if r["type"] == "labels"}
    assert {
        "Guideline criterion",
        "Clinical fact",
        "Conclusion",
        "case_number",
        "determination",
    } <= annotated
    values = {
        v for r in annotation["result"] if r["from_name"] == "value" for v in r["value"]["text"]
    }
    predicted = {
        v
        for r in first["predictions"][0]["result"]
        if r["type"] == "textarea"
        for v in r["value"]["text"]
    }
    unsourced = {
        v for r in annotation["result"] if r["from_name"] == "unsourced" for v in r["value"]["text"]
    }
    # The correction to overturned has no source (the letter says "Upheld" there), so it travels
    # as a letter-level value, never on the "Upheld" text.
    assert "items.1.determination = overturned" in unsourced
    assert "items.1.determination = overturned" not in values
    assert "items.1.determination = upheld" in predicted
    assert annotation["ground_truth"] is True
    assert second["annotations"][0]["completed_by"] == {"email": "bob@imr-review.invalid"}
    # an unfinished letter is work still to do: predictions only
    assert third["annotations"] == [] and third["data"]["status"] == "in_progress"
    assert [p["model_version"] for p in third["predictions"]][
        1
    ] == "imr-review gold in progress (ann)"
    assert first["data"]["reviewer"] == "ann" and first["data"]["status"] == "done"


def test_spacy_docbin_loads_back(reviewed, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    export(reviewed, "spacy", tmp_path / "gold.spacy")
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(tmp_path / "gold.spacy").get_docs(nlp.vocab))
    assert len(docs) == 2
    highlights = docs[0].spans["highlights"]
    assert [s.label_ for s in highlights] == ["Guideline criterion", "Conclusion", "Clinical fact"]
    assert highlights[0].text == "carisoprodol or Soma is not recommended"
    assert docs[0].user_data["imr"]["id"] == 1
    assert "determination" in {s.label_ for s in docs[0].spans["fields"]}


def test_spacy_missing_gives_a_clear_message(reviewed, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(ExportError, match="needs spaCy"):
        export(reviewed, "spacy", tmp_path / "x.spacy")
    assert not (tmp_path / "x.spacy").exists()


def test_split_is_disjoint_complete_and_repeatable():
    ids = list(range(1, 101))
    first = assign_splits(ids, "80,10,10", seed=5)
    assert first == assign_splits(list(reversed(ids)), "80,10,10", seed=5)
    assert first != assign_splits(ids, "80,10,10", seed=6)
    counts = {
        name: sum(1 for v in first.values() if v == name) for name in ("train", "dev", "test")
    }
    assert counts == {"train": 80, "dev": 10, "test": 10} and set(first) == set(ids)


def test_split_in_exports(reviewed, tmp_path):
    export(reviewed, "jsonl", tmp_path / "s.jsonl", status="all", split="50,50", seed=1)
    splits = [r["split"] for r in read_jsonl(tmp_path / "s.jsonl")]
    assert sorted(set(splits)) <= ["test", "train"] and None not in splits
    export(reviewed, "brat", tmp_path / "b", status="all", split="50,50", seed=1)
    assert {p.name for p in (tmp_path / "b").iterdir()} <= {
        ".imr-export",
        "annotation.conf",
        "train",
        "test",
    }


def test_failed_export_leaves_no_file(reviewed, tmp_path, monkeypatch):
    out = tmp_path / "gold.jsonl"
    export(reviewed, "jsonl", out)
    previous = out.read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(export_module.files.os, "fsync", full_disk)
        with pytest.raises(ExportError, match="No space left"):
            export(reviewed, "jsonl", out, status="all")
    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gold.jsonl.imr-export", "gold.jsonl"]
    export(reviewed, "jsonl", out, status="all")  # still recognised as an earlier export
    assert len(read_jsonl(out)) == 3


def test_export_to_a_missing_folder_fails_cleanly(reviewed, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export(reviewed, "csv", tmp_path / "nowhere" / "x.csv")
    with pytest.raises(ExportError, match="unknown format"):
        export(reviewed, "docx", tmp_path / "x.docx")


def test_json_lines_rows_are_exactly_the_typed_records(reviewed, tmp_path):
    """The JSON Lines writer builds rows without models; each equals its ExportRecord's JSON."""
    from storage.export import export_records
    from storage.export.query import export_json_lines

    splits = {1: "train", 2: "test"}
    typed = [
        json.loads(r.model_dump_json(by_alias=True))
        for r in export_records(reviewed, "all", splits=splits)
    ]
    fast = [json.loads(line) for line in export_json_lines(reviewed, "all", splits=splits)]
    assert fast == typed and len(fast) == 3
    assert [list(r) for r in fast] == [list(r) for r in typed]  # the same keys in the same order


def test_a_record_stored_before_a_field_existed_exports_every_key(reviewed, tmp_path):
    (stored,) = reviewed.conn.execute(
        "SELECT record FROM predictions WHERE letter_id = 2"
    ).fetchone()
    old = json.loads(stored)
    for key in ("review", "date_assigned", "priority"):
        del old[key]
    for item in old["items"]:
        del item["needs_evidence"]
    reviewed.conn.execute(
        "UPDATE predictions SET record = ? WHERE letter_id = 2", (json.dumps(old),)
    )
    export(reviewed, "jsonl", tmp_path / "x.jsonl")
    first, second = read_jsonl(tmp_path / "x.jsonl")
    assert list(second["prediction"]) == list(first["prediction"])
    assert (
        second["prediction"]["review"] == []
        and second["prediction"]["items"][0]["needs_evidence"] is False
    )


def test_the_export_letter_has_every_field_of_the_letter_in_order():
    """A field added to imr-letter/1 must be added to the export record too (same name, place)."""
    from parsing.schema import Letter
    from storage.export.record import ExportLetter

    assert list(ExportLetter.model_fields) == list(Letter.model_fields)


def test_a_flag_note_travels_in_every_export_that_has_room_for_it(reviewed, tmp_path):
    """Why a coder flagged a letter ("the parser merged items 2 and 3") is what the engineer
    reading the export needs; a letter with no note exports null (jsonl) or an empty cell."""
    note = "Items 2 and 3 merged by the parser; page 4 is <b>unreadable</b> — see fax"
    reviewed.set_status(3, "ann", "flagged", note=note)

    export(reviewed, "jsonl", tmp_path / "all.jsonl", status="all")
    assert [(r["id"], r["note"]) for r in read_jsonl(tmp_path / "all.jsonl")] == [
        (1, None), (2, None), (3, note),
    ]  # fmt: skip

    export(reviewed, "csv", tmp_path / "leads.csv", status="all")
    assert [r["note"] for r in read_csv(tmp_path / "leads.csv")] == ["", "", note]

    export(reviewed, "label-studio", tmp_path / "tasks.json", status="all")
    tasks = json.loads((tmp_path / "tasks.json").read_text())
    assert [t["data"]["note"] for t in tasks] == [None, None, note]

    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    export(reviewed, "spacy", tmp_path / "all.spacy", status="all")
    docs = DocBin().from_disk(tmp_path / "all.spacy").get_docs(spacy.blank("en").vocab)
    assert [d.user_data["imr"]["note"] for d in docs] == [None, None, note]


def test_a_letter_longer_than_spacys_default_limit_exports_to_spacy(seeded_store, tmp_path):
    """spaCy refuses texts over a million characters unless told otherwise; the import takes
    letters up to 10 MiB, so the export must take them too (it had stopped with a traceback)."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from storage.importer import import_paths

    text = seeded_store.letter(1).text + "\nAttached records follow.\n" + "x " * 600_000
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    assert len(import_paths(seeded_store, [str(tmp_path / "long.txt")], workers=1).imported) == 1
    export(seeded_store, "spacy", tmp_path / "all.spacy", status="all")
    docs = list(DocBin().from_disk(tmp_path / "all.spacy").get_docs(spacy.blank("en").vocab))
    assert max(len(d.text) for d in docs) == len(text) > 1_000_000


def test_a_spacy_split_writes_every_part_even_an_empty_one(reviewed, tmp_path):
    """Two letters split 80,10,10 leave a part empty; a training config names all three files,
    as the docs promise, so all three are written (an empty one holds no doc)."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    result = export(reviewed, "spacy", tmp_path / "g.spacy", split="80,10,10", seed=1)
    parts = {p.name: p for p in result.written}
    assert sorted(parts) == ["g.dev.spacy", "g.test.spacy", "g.train.spacy"]
    vocab = spacy.blank("en").vocab
    sizes = [len(list(DocBin().from_disk(p).get_docs(vocab))) for p in parts.values()]
    assert sum(sizes) == result.letters == 2 and 0 in sizes


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "brat", "label-studio"])
def test_one_reviewers_export_of_every_status_holds_only_their_letters(reviewed, tmp_path, fmt):
    """`--reviewer ann --status all`: ann's letters, done or not, and nobody else's. It held
    every letter in the database, the untouched ones with the parser's answer as gold (a
    newcomer's session: 178 letters exported for a coder who had touched 8)."""
    result = export(reviewed, fmt, tmp_path / "ann", status="all", reviewer="ann")
    assert result.letters == 2, result  # letters 1 (done) and 3 (in progress)
    result = export(reviewed, "jsonl", tmp_path / "ann.jsonl", status="all", reviewer="ann")
    rows = read_jsonl(tmp_path / "ann.jsonl")
    assert [(r["id"], r["reviewer"], r["status"]) for r in rows] == [
        (1, "ann", "done"), (3, "ann", "in_progress")]  # fmt: skip
