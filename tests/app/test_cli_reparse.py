"""The improvement loop end to end: `reparse` adds the current parser's predictions beside the
old ones without touching gold, and `eval` / `eval --compare OLD NEW` score each version."""

from __future__ import annotations

import io

from gui.cli import main
from parsing import PARSER_VERSION, load_file, parse_text
from parsing.edits import set_value
from storage.store import Store

OLD = "0.9.0"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _database_with_gold(path, samples_dir) -> None:
    """Three seed letters with an older parser's predictions and two letters of gold:
    letter 1's gold corrects a quantity the old parser missed; letter 2's gold keeps an age
    the old parser read (and the current parser does not); letter 3 is not reviewed."""
    batch = []
    for n, file in enumerate(sorted(samples_dir.glob("*.txt"))):
        loaded = load_file(file)
        old = parse_text(loaded.text).model_copy(update={"parser_version": OLD})
        if n == 0:
            old = set_value(old, "items.0.quantity", None)
        if n == 1:
            old = set_value(old, "patient_age", 77)
        batch.append((loaded, old))
    with Store.open(str(path)) as store:
        store.add_letters(batch)
        truth = parse_text(store.letter(1).text).items[0].quantity
        store.change_record(
            1, "ann", lambda r: set_value(r, "items.0.quantity", truth), field="items.0.quantity"
        )
        store.set_status(1, "ann", "done")
        store.change_record(
            2, "ann", lambda r: set_value(r, "patient_age", 77), field="patient_age"
        )
        store.set_status(2, "ann", "done")


def test_reparse_then_compare(tmp_path, samples_dir):
    db = tmp_path / "gold.db"
    _database_with_gold(db, samples_dir)
    with Store.open(str(db)) as store:
        gold_before = {i: store.gold(i, "ann").record for i in (1, 2)}

    code, out, err = run("reparse", "--db", str(db))
    assert code == 0, err
    assert f"3 new predictions from parser {PARSER_VERSION}" in out
    code, out, _ = run("reparse", "--db", str(db))
    assert code == 0 and "0 new predictions" in out  # the same version twice adds nothing

    with Store.open(str(db)) as store:
        assert store.prediction_versions(3) == [OLD, PARSER_VERSION]
        # The letter nobody reviewed now shows the new prediction; gold is untouched.
        record, version = store.record(3, "ann")
        assert record.parser_version == PARSER_VERSION and version == 0
        assert {i: store.gold(i, "ann").record for i in (1, 2)} == gold_before

    code, report, _ = run("eval", "--db", str(db))
    assert code == 0
    assert f"| {OLD} | 2 |" in report and f"| {PARSER_VERSION} | 2 |" in report
    assert "wrong fields below the unsure threshold" in report.lower()

    code, compared, err = run("eval", "--db", str(db), "--compare", OLD, PARSER_VERSION)
    assert code == 0, err
    better = compared.split("## Better")[1].split("## Worse")[0]
    worse = compared.split("## Worse")[1]
    assert "letter 1: items.0.quantity" in better
    assert "letter 2: patient_age" in worse
    assert "letter 3" not in compared  # not reviewed: nothing to compare against

    code, _, err = run("eval", "--db", str(db), "--compare", OLD, "7.7.7")
    assert code == 1 and "no predictions from parser 7.7.7" in err
