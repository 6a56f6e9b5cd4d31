"""The 174 real letters (../shared/real-letters, never committed) through every consumer at once:
20 reviewed with evidence highlights inside their rationales, the rest as the parser left them.
`make interop` runs it; it is skipped where the letters are absent."""

from __future__ import annotations

import json
import shutil

import pytest
from real_letters import REAL_LETTERS
from test_brat import verify

pytestmark = pytest.mark.interop
LETTERS = REAL_LETTERS


@pytest.fixture(scope="module")
def real_exports(tmp_path_factory):
    if not LETTERS.is_dir():
        pytest.skip(f"the real letters are not at {LETTERS}")
    from storage.export import export
    from storage.importer import import_paths
    from storage.store import Store

    folder = tmp_path_factory.mktemp("real")
    store = Store.open(folder / "real.db")
    import_paths(store, [str(LETTERS)], workers=2)
    reviewed = 0
    for letter_id in range(1, store.letter_count() + 1):
        rationale = (store.prediction(letter_id).items or [None])[0]
        if reviewed == 20 or rationale is None or rationale.rationale is None:
            continue
        span = rationale.rationale
        store.add_highlight(letter_id, "ann", span.start, min(span.end, span.start + 60), "Guideline criterion",
                            "items.0.rationale")  # fmt: skip
        store.set_status(letter_id, "ann", "done")
        reviewed += 1
    out = {}
    for fmt, name in [("jsonl", "x.jsonl"), ("brat", "brat"), ("label-studio", "x.json")]:
        for status in ("done", "all"):
            out[fmt, status] = folder / f"{status}-{name}"
            export(store, fmt, out[fmt, status], status=status)
    store.close()
    return out


def test_brat_verifier_reports_nothing_on_the_real_letters(real_exports, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(real_exports["brat", "all"], folder)
    issues, errors = verify(folder, tmp_path)
    print(
        f"\nbrat verifier on {len(list(folder.glob('*.ann')))} real letters: {len(issues)} issues"
    )
    assert issues == [] and errors == ""


def test_datasets_loads_the_real_exports_together(real_exports, tmp_path):
    from test_datasets import load

    files = [real_exports["jsonl", "done"], real_exports["jsonl", "all"]]
    rows = sum(len(f.read_text().splitlines()) for f in files)
    assert load(files, tmp_path).num_rows == rows == 20 + 174


def test_label_studio_sdk_validates_the_real_tasks(real_exports):
    sdk = pytest.importorskip("label_studio_sdk.label_interface")
    path = real_exports["label-studio", "all"]
    interface = sdk.LabelInterface(path.with_name(path.stem + ".label-config.xml").read_text())
    tasks = json.loads(path.read_text())
    assert sum(bool(t["annotations"]) for t in tasks) == 20
    for task in tasks:
        for block in task["predictions"] + task["annotations"]:
            assert interface.validate_prediction(block, return_errors=True) == []
